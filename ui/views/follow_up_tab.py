"""The Follow-up tab: the case's follow-up tasks (set one, mark done, cancel) and the cases
linked with it (link another, merge this one into another). A merged case says where its work
went on, at the top."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QDateTime, Qt, QTime
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from resolution_center.domain.case import Case
from resolution_center.domain.closing import Task, TaskState
from resolution_center.services.case_links import CaseLink
from resolution_center.services.session import Session

from ..formatting import local_time
from ..forms import FormErrors, error_label
from ..labels import status_label
from ..style import error_colour, scaled_font
from .case_tab import CaseTab, TabEnv

TaskIdRole = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True, slots=True)
class FollowUpData:
    tasks: list[Task]
    links: list[CaseLink]
    users: list[tuple[str, str]]  # (username, "Name (username)") of who may take a follow-up
    now: datetime


class FollowUpTab(CaseTab):
    key = "follow_up"

    def __init__(self, env: TabEnv, parent: QWidget | None = None) -> None:
        super().__init__(env, parent)
        self.data: FollowUpData | None = None
        # case id -> (due, note, other case, why) typed there and not yet saved
        self._drafts: dict[int, tuple[QDateTime, str, str, str]] = {}
        self.merged = QLabel()
        self.merged.setObjectName("mergedNotice")
        self.merged.setWordWrap(True)
        self.merged.setFont(scaled_font(self, 1.0, bold=True))
        self.merged.setVisible(False)

        # ---- tasks ----
        self.tasks = QTreeWidget()
        self.tasks.setObjectName("taskList")
        self.tasks.setAccessibleName(self.tr("Follow-up tasks"))
        self.tasks.setRootIsDecorated(False)
        self.tasks.setAlternatingRowColors(True)
        self.tasks.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tasks.setHeaderLabels(
            [self.tr("Due"), self.tr("For"), self.tr("State"), self.tr("Follow-up")]
        )
        header = self.tasks.header()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.no_tasks = QLabel(self.tr("No follow-ups on this case. Set one below."))
        self.no_tasks.setWordWrap(True)
        self.done_button = QPushButton(self.tr("Mark &done"))
        self.done_button.setObjectName("taskDone")
        self.cancel_button = QPushButton(self.tr("Ca&ncel follow-up"))
        self.cancel_button.setObjectName("taskCancel")

        self.due = QDateTimeEdit()
        self.due.setObjectName("taskDue")
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.assignee = QComboBox()
        self.assignee.setObjectName("taskAssignee")
        self.note = QLineEdit()
        self.note.setObjectName("taskNote")
        self.note.setPlaceholderText(self.tr("What to follow up, e.g. call the carrier back"))
        self.add_button = QPushButton(self.tr("&Set follow-up"))
        self.add_button.setObjectName("taskAdd")
        self.task_error = error_label(self)
        self.task_errors = FormErrors(self.task_error)
        # One row of inputs under the list, the list's buttons beside it: at 1024x700 the tab
        # has room for about six lines, and the list must keep three of them.
        add_rows = QFormLayout()
        add_rows.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        when = QHBoxLayout()
        when.addWidget(self.due)
        for_label = QLabel(self.tr("F&or:"))
        for_label.setBuddy(self.assignee)
        when.addWidget(for_label)
        when.addWidget(self.assignee, 1)
        what = QHBoxLayout()
        what.addWidget(self.note, 1)
        what.addWidget(self.add_button)
        due_label, note_label = QLabel(self.tr("D&ue:")), QLabel(self.tr("No&te:"))
        due_label.setBuddy(self.due)
        note_label.setBuddy(self.note)
        add_rows.addRow(due_label, when)
        add_rows.addRow(note_label, what)
        for widget, name, caption in (
            (self.due, "due", self.tr("Due")),
            (self.assignee, "assignee", self.tr("For")),
            (self.note, "note", self.tr("Note")),
        ):
            widget.setAccessibleName(caption)
            self.task_errors.add(widget, self.task_error, name)

        task_box = QGroupBox(self.tr("Tasks"))
        task_box.setObjectName("tasksSection")
        task_layout = QVBoxLayout(task_box)
        list_row = QHBoxLayout()
        list_column = QVBoxLayout()
        list_column.addWidget(self.no_tasks)
        list_column.addWidget(self.tasks, 1)
        list_row.addLayout(list_column, 1)
        task_buttons = QVBoxLayout()
        task_buttons.addWidget(self.done_button)
        task_buttons.addWidget(self.cancel_button)
        task_buttons.addStretch(1)
        list_row.addLayout(task_buttons)
        task_layout.addLayout(list_row, 1)
        task_layout.addLayout(add_rows)
        task_layout.addWidget(self.task_error)

        # ---- links ----
        self.links = QTreeWidget()
        self.links.setObjectName("linkList")
        self.links.setAccessibleName(self.tr("Linked cases"))
        self.links.setRootIsDecorated(False)
        self.links.setHeaderLabels([self.tr("Link"), self.tr("Status"), self.tr("Subject")])
        links_header = self.links.header()
        for column in range(2):
            links_header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.no_links = QLabel(self.tr("Not linked with any other case."))
        self.no_links.setWordWrap(True)
        self.other = QLineEdit()
        self.other.setObjectName("linkOther")
        self.other.setPlaceholderText(self.tr("RC-2026-000123"))
        self.link_reason = QLineEdit()
        self.link_reason.setObjectName("linkReason")
        self.link_reason.setPlaceholderText(self.tr("Why (required to merge)"))
        self.link_button = QPushButton(self.tr("&Link"))
        self.link_button.setObjectName("linkCase")
        self.merge_button = QPushButton(self.tr("&Merge this case into it"))
        self.merge_button.setObjectName("mergeCase")
        self.merge_button.setToolTip(
            self.tr(
                "This case closes as a duplicate pointing at the other one; its notes, "
                "evidence and trail stay here."
            )
        )
        self.link_error = error_label(self)
        self.link_errors = FormErrors(self.link_error)
        link_row = QHBoxLayout()
        for caption, widget, names in (
            (self.tr("Other &case:"), self.other, ("other",)),
            (self.tr("&Why:"), self.link_reason, ("reason",)),
        ):
            label = QLabel(caption)
            label.setBuddy(widget)
            widget.setAccessibleName(caption.replace("&", "").rstrip(":"))
            link_row.addWidget(label)
            link_row.addWidget(widget, 1)
            self.link_errors.add(widget, self.link_error, *names)
        link_box = QGroupBox(self.tr("Linked cases"))
        link_box.setObjectName("linksSection")
        link_layout = QVBoxLayout(link_box)
        link_layout.addWidget(self.no_links)
        link_layout.addWidget(self.links, 1)
        link_layout.addLayout(link_row)
        link_buttons = QHBoxLayout()
        link_buttons.addStretch(1)
        link_buttons.addWidget(self.link_button)
        link_buttons.addWidget(self.merge_button)
        link_layout.addLayout(link_buttons)
        link_layout.addWidget(self.link_error)

        sections = QHBoxLayout()
        sections.addWidget(task_box, 3)
        sections.addWidget(link_box, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.merged)
        layout.addLayout(sections, 1)

        self.add_button.clicked.connect(self.add_task)
        self.note.returnPressed.connect(self.add_task)
        self.done_button.clicked.connect(lambda: self.finish(TaskState.DONE))
        self.cancel_button.clicked.connect(lambda: self.finish(TaskState.CANCELLED))
        self.tasks.itemSelectionChanged.connect(self._update_buttons)
        self.link_button.clicked.connect(self.link)
        self.merge_button.clicked.connect(self.merge)
        self._update_buttons()

    def title(self) -> str:
        return self.tr("&Follow-up")

    @staticmethod
    def load(ctx: Session, case: Case) -> FollowUpData:
        users = [
            (u.username, f"{u.display_name} ({u.username})")
            for u in ctx.users.list()
            if not u.disabled and u.role not in ("admin", "system")
        ]
        return FollowUpData(
            ctx.follow_ups.for_case(case.id), ctx.case_links.links(case.id), users, ctx.now()
        )

    def show_case(self, case: Case, data: Any) -> None:
        previous = self.case
        super().show_case(case, data)
        self.data = data if isinstance(data, FollowUpData) else None
        if self.data is None:
            return
        now = self.data.now
        self.merged.setVisible(bool(case.merged_into))
        self.merged.setText(
            self.tr("Merged into {ref}: this case is closed; work goes on there.").format(
                ref=case.merged_into
            )
        )
        self.tasks.clear()
        for task in self.data.tasks:
            state = {
                TaskState.OPEN: self.tr("due") if task.is_due(now) else self.tr("open"),
                TaskState.DONE: self.tr("done"),
                TaskState.CANCELLED: self.tr("cancelled"),
            }[task.state]
            item = QTreeWidgetItem(
                [local_time(task.due_at), task.assignee or "—", state, task.note]
            )
            item.setData(0, TaskIdRole, task.id)
            item.setToolTip(3, task.note)
            if task.is_due(now):  # its time has come: said in words and in red
                item.setFont(2, scaled_font(self, 1.0, bold=True))
                item.setForeground(2, QBrush(QColor(error_colour(self))))
            elif task.state is not TaskState.OPEN:
                item.setForeground(3, self.palette().placeholderText())
            self.tasks.addTopLevelItem(item)
        self.no_tasks.setVisible(not self.data.tasks)
        self.tasks.setVisible(bool(self.data.tasks))
        self.links.clear()
        for link in self.data.links:
            item = QTreeWidgetItem([link.text, status_label(link.other_status), link.other_subject])
            item.setToolTip(0, link.reason or "")
            self.links.addTopLevelItem(item)
        self.no_links.setVisible(not self.data.links)
        self.links.setVisible(bool(self.data.links))
        keep = self.assignee.currentData()
        self.assignee.clear()
        for username, label in self.data.users:
            self.assignee.addItem(label, username)
        wanted = keep if previous is not None and previous.id == case.id else None
        wanted = wanted or case.assignee or self.ops.ctx.actor.username
        self.assignee.setCurrentIndex(max(0, self.assignee.findData(wanted)))
        if previous is None or previous.id != case.id:
            self._switch_draft(previous, case, now)
        self._update_buttons()

    def _switch_draft(self, old: Case | None, new: Case | None, now: datetime) -> None:
        """What was typed stays with the case it was typed for (as the Notes tab's draft does);
        a case without one starts empty, due tomorrow morning."""
        if old is not None:
            typed = (self.note.text(), self.other.text(), self.link_reason.text())
            if any(t.strip() for t in typed):
                self._drafts[old.id] = (self.due.dateTime(), *typed)
            else:
                self._drafts.pop(old.id, None)
        tomorrow = QDateTime.fromSecsSinceEpoch(int((now + timedelta(days=1)).timestamp()))
        tomorrow.setTime(QTime(9, 0))
        due, note, other, reason = (
            self._drafts.pop(new.id, (tomorrow, "", "", "")) if new else (tomorrow, "", "", "")
        )
        self.due.setDateTime(due)
        self.note.setText(note)
        self.other.setText(other)
        self.link_reason.setText(reason)
        self.task_errors.clear()
        self.link_errors.clear()

    def clear(self) -> None:
        self._switch_draft(self.case, None, self.ops.ctx.now())
        super().clear()
        self.tasks.clear()
        self.links.clear()
        self.data = None
        self._update_buttons()

    def has_unsaved_input(self) -> bool:
        typed = (self.note.text(), self.other.text(), self.link_reason.text())
        return any(t.strip() for t in typed) or bool(self._drafts)

    def _selected_task(self) -> Task | None:
        items = self.tasks.selectedItems()
        if not items or self.data is None:
            return None
        task_id = items[0].data(0, TaskIdRole)
        return next((t for t in self.data.tasks if t.id == task_id), None)

    def _update_buttons(self) -> None:
        task = self._selected_task()
        is_open = task is not None and task.state is TaskState.OPEN
        self.done_button.setEnabled(is_open)
        self.cancel_button.setEnabled(is_open)
        present = self.case is not None
        for button in (self.add_button, self.link_button):
            button.setEnabled(present)
        self.merge_button.setEnabled(present and not (self.case and self.case.merged_into))

    # ---- actions ----------------------------------------------------------------------------
    def due_at(self) -> datetime:
        return datetime.fromtimestamp(self.due.dateTime().toSecsSinceEpoch(), UTC)

    def add_task(self) -> None:
        if self.case is None:
            return
        case_id, due, note = self.case.id, self.due_at(), self.note.text()
        assignee = self.assignee.currentData()
        self.ops.run(
            lambda ctx: ctx.follow_ups.add(case_id, due, note, assignee),
            parent=self,
            form=self.task_errors,
            on_done=lambda _task: self.note.clear(),
        )

    def finish(self, state: TaskState) -> None:
        task = self._selected_task()
        if task is None:
            return
        task_id = task.id
        if state is TaskState.DONE:
            self.ops.run(
                lambda ctx: ctx.follow_ups.done(task_id), parent=self, form=self.task_errors
            )
        else:
            self.ops.run(
                lambda ctx: ctx.follow_ups.cancel(task_id), parent=self, form=self.task_errors
            )

    def link(self) -> None:
        if self.case is None:
            return
        case_id, other, why = self.case.id, self.other.text().strip(), self.link_reason.text()
        self.ops.run(
            lambda ctx: ctx.case_links.link(case_id, other, why),
            parent=self,
            form=self.link_errors,
            on_done=lambda _link: self._clear_link_inputs(),
        )

    def merge(self) -> None:
        if self.case is None:
            return
        case_id, version = self.case.id, self.case.version
        other, why = self.other.text().strip(), self.link_reason.text()
        self.ops.run(
            lambda ctx: ctx.case_links.merge(case_id, other, why, expected_version=version),
            parent=self,
            form=self.link_errors,
            on_done=lambda _case: self._clear_link_inputs(),
        )

    def _clear_link_inputs(self) -> None:
        self.other.clear()
        self.link_reason.clear()
