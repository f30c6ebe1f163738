"""Propose a remedy: kind, amount, lines covered, reason, and a live policy banner."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QWidget,
)

from resolution_center.domain.case import Case
from resolution_center.domain.errors import PolicyRefusal, RCError
from resolution_center.domain.money import Money
from resolution_center.domain.policy import Decision
from resolution_center.domain.remedy import RemedyKind, RemedyState
from resolution_center.domain.remedy_record import REPLACEMENT_KINDS, Remedy
from resolution_center.services.service_text import error_text, localize
from resolution_center.services.session import Session

from ..formatting import local_amount_text, money_text, parse_local_amount
from ..forms import FormErrors
from ..ops import Ops
from ..policy_banner import PolicyBanner
from ..remedy_labels import kind_label
from ..widgets import grow_to_fit
from .action_dialog import CaseActionDialog

PREVIEW_DELAY_MS = 200


class _BannerOrFields:
    """Routes a refusal to the banner and input errors to their fields."""

    def __init__(self, errors: FormErrors, banner: PolicyBanner, *, live: bool) -> None:
        self.errors, self.banner, self.live = errors, banner, live

    def clear(self) -> None:
        self.errors.clear()

    def show_error(self, error: RCError) -> None:
        if isinstance(error, PolicyRefusal):
            lines = error.details.get("explanation")
            self.banner.show_refusal(
                error_text(error), [localize(line) for line in lines] if lines else None
            )
            return
        self.errors.show_error(error, focus=not self.live)
        if self.live:
            self.banner.clear(
                QCoreApplication.translate("PolicyBanner", "Waiting for valid input.")
            )


class RemedyForm(CaseActionDialog):
    def __init__(self, ops: Ops, case: Case, parent: QWidget | None = None) -> None:
        super().__init__(
            ops, case, self.tr("Propose a remedy for {ref}").format(ref=case.reference), parent
        )
        self.setObjectName("remedyForm")
        self.proposed: Remedy | None = None
        currency = case.order.currency
        self.set_intro(
            self.tr("Amounts are in the order's currency, {currency}.").format(currency=currency)
        )

        self.kind = QComboBox()
        for kind in RemedyKind:
            self.kind.addItem(kind_label(kind), kind.value)
        self.kind.setCurrentIndex(self.kind.findData(RemedyKind.PARTIAL_REFUND.value))
        self.add_field(self.tr("&Kind:"), self.kind, "kind")

        self.amount = QLineEdit()
        self.amount.setPlaceholderText(
            self.tr("e.g. {example}").format(
                example=local_amount_text(Money(2550, currency)) if currency else "25.50"
            )
        )
        self.add_field(
            self.tr("&Amount ({currency}):").format(currency=currency),
            self.amount,
            "amount",
            "currency",
        )

        self.lines = QListWidget()
        for item in case.order.items:
            row = QListWidgetItem(
                self.tr("#{line} {product} – {total}").format(
                    line=item.line_no, product=item.product, total=money_text(item.total)
                )
            )
            row.setData(Qt.ItemDataRole.UserRole, item.line_no)
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            row.setCheckState(Qt.CheckState.Unchecked)
            self.lines.addItem(row)
        rows = max(1, min(len(case.order.items), 5))
        self.lines.setMaximumHeight(self.lines.sizeHintForRow(0) * rows + 8 if rows else 40)
        self.lines.setToolTip(self.tr("None checked means the whole order."))
        self.add_field(self.tr("Order &lines covered:"), self.lines, "lines")

        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText(self.tr("Why is this remedy right for the customer?"))
        self.reason.setMaximumHeight(self.fontMetrics().height() * 5)
        self.add_field(self.tr("&Reason (required):"), self.reason, "reason")

        self.banner = PolicyBanner(you=True)
        self.form.addRow(self.banner)
        self.outcome = QLabel()
        self.outcome.setObjectName("remedyOutcome")
        self.outcome.setWordWrap(True)
        self.outcome.setVisible(False)
        self.column.insertWidget(self.column.count() - 1, self.outcome)
        self.ok_button.setText(self.tr("&Propose"))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 90)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.preview)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.amount.textEdited.connect(lambda _t: self._timer.start())
        self.lines.itemChanged.connect(lambda _i: self._lines_changed())
        self.banner.folded.connect(lambda _f: grow_to_fit(self))
        self._kind_changed()

    # ---- input -------------------------------------------------------------------------------
    def chosen_kind(self) -> RemedyKind:
        return RemedyKind(self.kind.currentData())

    def chosen_lines(self) -> list[int]:
        return [
            int(self.lines.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.lines.count())
            if self.lines.item(i).checkState() == Qt.CheckState.Checked
        ]

    def _replacement(self) -> bool:
        return self.chosen_kind() in REPLACEMENT_KINDS

    def _kind_changed(self) -> None:
        follows = self._replacement()
        self.amount.setReadOnly(follows)
        self.amount.setToolTip(
            self.tr("A replacement is valued at the covered items' price.") if follows else ""
        )
        self._follow_items()
        self._timer.start()

    def _lines_changed(self) -> None:
        self._follow_items()
        self._timer.start()

    def _follow_items(self) -> None:
        if not self._replacement():
            return
        chosen = set(self.chosen_lines())
        items = [i for i in self.case.order.items if not chosen or i.line_no in chosen]
        if items:
            total = Money(sum(i.total.minor for i in items), self.case.order.currency)
            self.amount.setText(local_amount_text(total))
        else:
            self.amount.clear()

    def _amount(self) -> Money | None:
        if self._replacement():
            return None  # the service values it at the items' price
        return parse_local_amount(self.amount.text(), self.case.order.currency)

    # ---- the live check ----------------------------------------------------------------------
    def preview(self) -> Decision | None:
        self._timer.stop()
        if not self._replacement() and not self.amount.text().strip():
            self.errors.clear()
            self.banner.clear()
            return None
        case_ref, kind, lines = self.case.id, self.chosen_kind(), self.chosen_lines()
        decision = self.ops.run(
            lambda ctx: ctx.remedies.preview(case_ref, kind, self._amount(), lines),
            parent=self,
            form=_BannerOrFields(self.errors, self.banner, live=True),
        )
        if decision is not None:
            self.banner.show_decision(decision)
            grow_to_fit(self)  # every rule line of the banner stays visible
        return decision

    # ---- submitting --------------------------------------------------------------------------
    def perform(self, ctx: Session) -> Any:
        return ctx.remedies.propose(
            self.case.id,
            self.chosen_kind(),
            self._amount(),
            self.chosen_lines(),
            self.reason.toPlainText(),
        )

    def submit(self) -> None:
        if self.proposed is not None:
            return
        self._timer.stop()
        self.ops.run(
            self.perform,
            parent=self,
            form=_BannerOrFields(self.errors, self.banner, live=False),
            on_done=self._done,
        )

    def _done(self, result: Any) -> None:
        """Say what happened and keep the dialog open on it; Close dismisses it."""
        self.proposed = result
        self.banner.show_decision(result.decision)
        if result.state is RemedyState.AUTHORIZED:
            text = self.tr("{ref} is authorized: it was within your authority.")
        else:
            text = self.tr("{ref} was sent for sign-off; it shows in the sign-off queue.")
        self.outcome.setText(text.format(ref=result.reference))
        self.outcome.setVisible(True)
        grow_to_fit(self)  # the outcome line appeared under the banner: nothing is cut off
        for widget in (self.kind, self.amount, self.lines, self.reason):
            widget.setEnabled(False)
        self.ok_button.setEnabled(False)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        close.setText(self.tr("&Close"))
        close.setFocus()
        self.succeeded.emit(result)
