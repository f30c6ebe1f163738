"""The Reviews view: the periodic reviews (open one, refresh, note findings, set actions, sign
off, export) beside the selected review's frozen findings, notes and actions; and "My review
actions", the open actions the user owns (a review action belongs to no case, so it is listed
here rather than in a case's Follow-up tab)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from resolution_center.domain.changes import REVIEW, USER, Changes
from resolution_center.domain.review import (
    Review,
    ReviewAction,
    ReviewState,
    ReviewStep,
    steps_allowed,
)
from resolution_center.services.session import Session

from ..ops import Ops
from ..widgets import FlowLayout, text_label
from .patterns_view import FindingsTree

IdRole = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True, slots=True)
class ReviewsData:
    rows: list[Any]  # ReviewService.list rows
    mine: list[ReviewAction]
    users: list[str]
    may_review: bool


def load_reviews(ctx: Session) -> ReviewsData:
    return ReviewsData(
        ctx.reviews.list(),
        ctx.reviews.open_actions(),
        [u.username for u in ctx.users.list() if not u.disabled and u.role != "system"],
        ctx.reviews.may_review(),
    )


def _tree(name: str, accessible: str, headers: list[str]) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setObjectName(name)
    tree.setAccessibleName(accessible)
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    tree.setHeaderLabels(headers)
    tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    tree.header().setStretchLastSection(True)
    return tree


class ReviewsView(QWidget):
    open_cases = Signal(object, str)

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewsView")
        self.ops = ops
        self.data: ReviewsData | None = None
        self.review: Review | None = None
        self._loaded = False

        self.list = _tree(
            "reviewList",
            self.tr("Periodic reviews"),
            [
                self.tr("#"),
                self.tr("Period"),
                self.tr("State"),
                self.tr("Opened by"),
                self.tr("Signed by"),
                self.tr("Open actions"),
            ],
        )
        self.mine = _tree(
            "myReviewActions",
            self.tr("My review actions"),
            [self.tr("Due"), self.tr("Review"), self.tr("Action")],
        )
        self.done_button = QPushButton(self.tr("Mark &done"))
        self.done_button.setObjectName("reviewActionDone")
        mine_box = QGroupBox(self.tr("My review actions"))
        mine_layout = QVBoxLayout(mine_box)
        mine_layout.addWidget(self.mine)
        mine_row = QHBoxLayout()
        mine_row.addStretch(1)
        mine_row.addWidget(self.done_button)
        mine_layout.addLayout(mine_row)

        self.open_button = QPushButton(self.tr("&New review…"))
        self.open_button.setObjectName("openReview")
        self.refresh_button = QPushButton(self.tr("&Refresh figures"))
        self.note_button = QPushButton(self.tr("Add &note…"))
        self.action_button = QPushButton(self.tr("Add &action…"))
        self.sign_button = QPushButton(self.tr("&Sign off…"))
        self.sign_button.setObjectName("signReview")
        self.pdf_button = QPushButton(self.tr("Export &PDF…"))
        self.csv_button = QPushButton(self.tr("Export &CSV…"))
        self.cases_button = QPushButton(self.tr("Open &cases"))
        self.cases_button.setToolTip(self.tr("Show the selected finding's cases in the case list"))

        self.title = QLabel()
        self.title.setObjectName("reviewTitle")
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.status = text_label("reviewStatus")
        # Where the last export went: kept when the export's own event reloads the view.
        self.exported = text_label("reviewExported")
        self.findings = FindingsTree()
        self.notes = _tree(
            "reviewNotes", self.tr("Notes"), [self.tr("Finding"), self.tr("By"), self.tr("Note")]
        )
        self.action_tree = _tree(
            "reviewActions",
            self.tr("Actions"),
            [self.tr("Owner"), self.tr("Due"), self.tr("State"), self.tr("Action")],
        )

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        left_layout.addWidget(self.list, 2)
        left_layout.addWidget(mine_box, 1)

        # Wraps rather than widen the window (1024 pixels hold them on one line).
        buttons = FlowLayout()
        for b in (
            self.refresh_button,
            self.note_button,
            self.action_button,
            self.sign_button,
            self.pdf_button,
            self.csv_button,
        ):
            buttons.addWidget(b)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self._boxed(self.tr("Notes"), self.notes))
        lower.addWidget(self._boxed(self.tr("Actions"), self.action_tree))
        findings_row = QHBoxLayout()
        findings_row.addWidget(QLabel(self.tr("Frozen findings")))
        findings_row.addStretch(1)
        findings_row.addWidget(self.cases_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.title)
        right_layout.addWidget(self.status)
        right_layout.addLayout(buttons)
        right_layout.addWidget(self.exported)
        right_layout.addLayout(findings_row)
        detail = QSplitter(Qt.Orientation.Vertical)
        detail.addWidget(self.findings)
        detail.addWidget(lower)
        detail.setStretchFactor(0, 3)
        detail.setStretchFactor(1, 2)
        right_layout.addWidget(detail, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        # The list's period and state columns readable at 1024 pixels wide.
        char = self.fontMetrics().averageCharWidth()
        splitter.setSizes([char * 44, char * 100])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._connect()
        self._enable()

    def _boxed(self, title: str, widget: QWidget) -> QGroupBox:
        box = QGroupBox(title)
        QVBoxLayout(box).addWidget(widget)
        return box

    def _connect(self) -> None:
        self.list.currentItemChanged.connect(lambda item, _old: self._select(item))
        self.open_button.clicked.connect(self.new_review)
        self.refresh_button.clicked.connect(self.refresh_figures)
        self.note_button.clicked.connect(self.add_note)
        self.action_button.clicked.connect(self.add_action)
        self.sign_button.clicked.connect(self.sign_off)
        self.pdf_button.clicked.connect(self.export_pdf)
        self.csv_button.clicked.connect(self.export_csv)
        self.done_button.clicked.connect(self.finish_mine)
        self.mine.currentItemChanged.connect(lambda *_: self._enable())
        self.cases_button.clicked.connect(self.findings.open_current)
        self.findings.open_cases.connect(self.open_cases)
        self.ops.changed.connect(self._changed)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.reload()

    def _changed(self, changes: Changes) -> None:
        # Reviews change by their own events only; a user (owner list) rarely.
        if self._loaded and changes.touches(REVIEW, USER):
            self.reload()

    # ---- loading ------------------------------------------------------------------------------
    def reload(self) -> None:
        keep = self.review.id if self.review else None
        data = self.ops.run(load_reviews, parent=self)
        if data is None:
            return
        self.data = data
        # Rebuilt without signals, then the kept (or first) review shown once: clearing the
        # list would show "no review" between, and forget what the last export said.
        current: QTreeWidgetItem | None = None
        self.list.blockSignals(True)
        try:
            self.list.clear()
            for rid, start, end, state, opened_by, signed_by, open_actions in data.rows:
                item = QTreeWidgetItem(
                    [
                        str(rid),
                        f"{start} – {end}",
                        self.tr("signed") if state is ReviewState.SIGNED else self.tr("open"),
                        opened_by,
                        signed_by or "",
                        str(open_actions),
                    ]
                )
                item.setData(0, IdRole, rid)
                self.list.addTopLevelItem(item)
                if rid == keep or current is None:
                    current = item
            if current is not None:
                self.list.setCurrentItem(current)
        finally:
            self.list.blockSignals(False)
        self._select(current)
        self.mine.clear()
        for a in data.mine:
            item = QTreeWidgetItem([str(a.due_on), f"#{a.review_id}", a.body])
            item.setData(0, IdRole, a.id)
            self.mine.addTopLevelItem(item)
        self._enable()

    def _select(self, item: QTreeWidgetItem | None) -> None:
        if item is None:
            self._show(None)
            return
        rid = int(item.data(0, IdRole))
        review = self.ops.run(lambda ctx: ctx.reviews.get(rid), parent=self)
        self._show(review)

    def _show(self, review: Review | None) -> None:
        if review is None or self.review is None or review.id != self.review.id:
            self.exported.clear()
        self.review = review
        self.notes.clear()
        self.action_tree.clear()
        if review is None:
            self.title.setText(self.tr("No review selected"))
            self.status.setText(
                self.tr("Open a review for a period to freeze its figures and findings.")
            )
            self.findings.clear()
            self._enable()
            return
        self.title.setText(
            self.tr("Review #{id}: {start} – {end}").format(
                id=review.id, start=review.period_from, end=review.period_to
            )
        )
        frozen = self.tr("Opened by {who}; figures frozen {when} by {by} ({n} refreshes).").format(
            who=review.opened_by,
            when=f"{review.frozen_at:%Y-%m-%d %H:%M} UTC",
            by=review.frozen_by,
            n=review.refreshes,
        )
        if review.state is ReviewState.SIGNED and review.signed_at is not None:
            frozen += "\n" + self.tr("Signed off by {who} on {when}: read-only.").format(
                who=review.signed_by, when=f"{review.signed_at:%Y-%m-%d %H:%M} UTC"
            )
        self.status.setText(frozen)
        self.findings.show_report(review.patterns)
        labels = self._finding_labels(review)
        for n in review.notes:
            item = QTreeWidgetItem(
                [labels.get(n.finding, n.finding) or self.tr("(review)"), n.created_by, n.body]
            )
            self.notes.addTopLevelItem(item)
        for a in review.actions:
            state = self.tr("done") if a.state.value == "done" else self.tr("open")
            self.action_tree.addTopLevelItem(
                QTreeWidgetItem([a.owner, str(a.due_on), state, a.body])
            )
        self._enable()

    @staticmethod
    def _finding_labels(review: Review) -> dict[str, str]:
        return {
            f["id"]: f["label"]
            for s in review.patterns.get("sections", {}).values()
            for f in s.get("findings", [])
        }

    def _enable(self) -> None:
        role = self.ops.ctx.actor.role
        may = steps_allowed(self.review, role) if self.review else frozenset()
        self.open_button.setEnabled(ReviewStep.OPEN in steps_allowed(None, role))
        self.refresh_button.setEnabled(ReviewStep.REFRESH in may)
        self.note_button.setEnabled(ReviewStep.NOTE in may)
        self.action_button.setEnabled(ReviewStep.ADD_ACTION in may)
        self.sign_button.setEnabled(ReviewStep.SIGN in may)
        self.pdf_button.setEnabled(self.review is not None)
        self.csv_button.setEnabled(self.review is not None)
        self.cases_button.setEnabled(self.review is not None)
        self.done_button.setEnabled(self.mine.currentItem() is not None)
        if not steps_allowed(None, role):
            self.open_button.setToolTip(self.tr("Supervisors and admins open reviews."))

    # ---- steps --------------------------------------------------------------------------------
    def _after(self, result: Any) -> None:
        """The change's own event reloads the view (ops.changed); the new review is shown."""
        if isinstance(result, Review):
            self.review = result

    def new_review(self) -> None:
        from ..dialogs.review_dialogs import OpenReviewDialog

        self._open(OpenReviewDialog(self.ops, self))

    def refresh_figures(self) -> None:
        review = self.review
        if review is None:
            return
        self.ops.run(
            lambda ctx: ctx.reviews.refresh(review.id, review.version),
            parent=self,
            on_done=self._after,
        )

    def add_note(self) -> None:
        from ..dialogs.review_dialogs import NoteDialog

        if self.review is not None:
            labels = sorted(self._finding_labels(self.review).items())
            current = self.findings.current_finding()
            self._open(NoteDialog(self.ops, self.review, labels, current, self))

    def add_action(self) -> None:
        from ..dialogs.review_dialogs import ActionItemDialog

        if self.review is not None and self.data is not None:
            self._open(ActionItemDialog(self.ops, self.review, self.data.users, self))

    def sign_off(self) -> None:
        from ..dialogs.review_dialogs import SignReviewDialog

        if self.review is not None:
            self._open(SignReviewDialog(self.ops, self.review, self))

    def _open(self, dialog: Any) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.succeeded.connect(self._after)
        dialog.open()

    def finish_mine(self) -> None:
        item = self.mine.currentItem()
        if item is not None:
            action_id = int(item.data(0, IdRole))
            self.ops.run(
                lambda ctx: ctx.reviews.finish_action(action_id), parent=self, on_done=self._after
            )

    def export_pdf(self, path: str | None = None) -> None:
        review = self.review
        if review is None:
            return
        target = (
            path
            or QFileDialog.getSaveFileName(
                self,
                self.tr("Export review #{id} as PDF").format(id=review.id),
                f"review-{review.id}.pdf",
                self.tr("PDF files (*.pdf)"),
            )[0]
        )
        if target:
            self.ops.run_in_background(
                lambda ctx, _p: ctx.reviews.export_pdf(review.id, target),
                parent=self,
                on_done=lambda _sha: self.exported.setText(
                    self.tr("PDF written to {path}").format(path=target)
                ),
            )

    def export_csv(self, folder: str | None = None) -> None:
        review = self.review
        if review is None:
            return
        target = folder or QFileDialog.getExistingDirectory(
            self, self.tr("Folder for review #{id}'s CSV files").format(id=review.id)
        )
        if target:
            files = self.ops.run(lambda ctx: ctx.reviews.export_csv(review.id, target), parent=self)
            if files is not None:
                self.exported.setText(
                    self.tr("{n} CSV files written to {path}").format(
                        n=len(files), path=str(Path(target))
                    )
                )
