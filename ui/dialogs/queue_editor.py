"""The escalation queues (Tools → Queues…): who is in each tier's queue, how each routes new
cases, and which SLA breaches escalate a case. Admins change them, everyone else reads."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from resolution_center.domain.case import TIER_ORDER, Tier
from resolution_center.domain.errors import ValidationError
from resolution_center.domain.queues import RoutingMode
from resolution_center.domain.users import User
from resolution_center.services.queues import Queue

from ..formatting import local_time
from ..forms import FormErrors, error_label
from ..labels import taxonomy_text
from ..ops import Ops

NOBODY = ""


class QueueEditorDialog(QDialog):
    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setObjectName("queueEditorDialog")
        self.setWindowTitle(self.tr("Escalation queues"))
        self.may_edit = ops.ctx.actor.role in ("admin", "system")
        self.general = error_label(self)
        self.errors = FormErrors(self.general)
        self.queues: list[Queue] = []
        self.users: list[User] = []

        self.list = QListWidget()
        self.list.setObjectName("queueList")
        self.list.setAccessibleName(self.tr("Queues"))
        # wide enough for "Resolution-center experts (12)"
        self.list.setFixedWidth(
            self.fontMetrics().horizontalAdvance("Resolution-center experts (000)") + 24
        )

        self.members = QTableWidget(0, 4)
        self.members.setObjectName("queueMembers")
        self.members.setAccessibleName(self.tr("Members"))
        self.members.setHorizontalHeaderLabels(
            [self.tr("Member"), self.tr("Role"), self.tr("Added"), self.tr("By")]
        )
        self.members.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.members.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.members.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.members.verticalHeader().setVisible(False)
        header = self.members.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

        self.candidate = QComboBox()
        self.candidate.setObjectName("queueCandidate")
        self.candidate.setAccessibleName(self.tr("User to add"))
        self.reason = QLineEdit()
        self.reason.setObjectName("queueReason")
        self.reason.setPlaceholderText(self.tr("Why (kept in the trail, optional)"))
        self.add_button = QPushButton(self.tr("&Add to queue"))
        self.add_button.setObjectName("queueAdd")
        self.remove_button = QPushButton(self.tr("&Remove selected"))
        self.remove_button.setObjectName("queueRemove")
        self.member_error = error_label(self)
        add_row = QHBoxLayout()
        add_row.addWidget(self.candidate, 1)
        add_row.addWidget(self.add_button)
        add_row.addWidget(self.remove_button)
        members_box = QGroupBox(self.tr("Members: who may hold the queue's cases"))
        members_layout = QVBoxLayout(members_box)
        members_layout.addWidget(self.members, 1)
        members_layout.addLayout(add_row)
        members_layout.addWidget(self.reason)
        members_layout.addWidget(self.member_error)

        self.mode = QComboBox()
        self.mode.setObjectName("queueRoutingMode")
        self.mode.addItem(self.tr("Off: new cases wait in the queue"), RoutingMode.OFF.value)
        self.mode.addItem(
            self.tr("Round-robin: each member in turn"), RoutingMode.ROUND_ROBIN.value
        )
        self.mode.addItem(
            self.tr("By category: a member per category"), RoutingMode.BY_CATEGORY.value
        )
        self.rules = QTableWidget(0, 2)
        self.rules.setObjectName("queueCategoryRules")
        self.rules.setAccessibleName(self.tr("Category rules"))
        self.rules.setHorizontalHeaderLabels([self.tr("Category"), self.tr("Goes to")])
        self.rules.verticalHeader().setVisible(False)
        self.rules.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.rules.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.routing_error = error_label(self)
        self.save_routing = QPushButton(self.tr("Save &routing"))
        self.save_routing.setObjectName("queueSaveRouting")
        routing_box = QGroupBox(
            self.tr(
                "Routing of cases arriving in the queue (new cases at the frontline, "
                "escalations that name nobody)"
            )
        )
        routing_layout = QVBoxLayout(routing_box)
        mode_row = QHBoxLayout()
        mode_row.addWidget(self.mode, 1)
        mode_row.addWidget(self.save_routing)
        routing_layout.addLayout(mode_row)
        routing_layout.addWidget(self.rules, 1)
        routing_layout.addWidget(self.routing_error)
        routing_layout.addStretch()  # the mode stays on top while the rules are hidden

        self.breach = QComboBox()
        self.breach.setObjectName("queueOnBreach")
        for value, text in (
            ("off", self.tr("never")),
            ("first-response", self.tr("on a first-response breach")),
            ("resolution", self.tr("on a resolution breach")),
            ("both", self.tr("on either breach")),
        ):
            self.breach.addItem(text, value)
        self.save_breach = QPushButton(self.tr("Sa&ve"))
        self.save_breach.setObjectName("queueSaveOnBreach")
        self.breach_error = error_label(self)
        breach_row = QHBoxLayout()
        breach_row.addWidget(self.breach, 1)
        breach_row.addWidget(self.save_breach)
        breach_form = QFormLayout()
        breach_form.addRow(self.tr("The SLA sweep escalates a case:"), breach_row)
        breach_form.addRow(self.breach_error)

        self.errors.add(self.candidate, self.member_error, "username", "reason", "queue")
        self.errors.add(self.rules, self.routing_error, "mode", "categories")
        self.errors.add(self.breach, self.breach_error, "on_breach")

        right = QVBoxLayout()
        right.addWidget(members_box, 3)
        right.addWidget(routing_box, 2)
        body = QHBoxLayout()
        body.addWidget(self.list)
        body.addLayout(right, 1)
        self.read_only = QLabel(self.tr("Only an admin may change queues; you can read them."))
        self.read_only.setVisible(not self.may_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.read_only)
        layout.addLayout(body, 1)
        layout.addLayout(breach_form)
        layout.addWidget(self.general)
        layout.addWidget(buttons)

        for widget in (
            self.candidate,
            self.reason,
            self.add_button,
            self.remove_button,
            self.mode,
            self.rules,
            self.save_routing,
            self.breach,
            self.save_breach,
        ):
            widget.setEnabled(self.may_edit)
            if not self.may_edit:
                widget.setToolTip(self.tr("Only an admin may change queues"))

        self.list.currentRowChanged.connect(lambda _row: self._show_queue())
        self.mode.currentIndexChanged.connect(lambda _i: self._mode_changed())
        self.add_button.clicked.connect(self.add_member)
        self.remove_button.clicked.connect(self.remove_member)
        self.save_routing.clicked.connect(self.apply_routing)
        self.save_breach.clicked.connect(self.apply_breach)
        # about 900 x 620 at the usual font: inside a 1024 x 700 screen
        self.resize(self.fontMetrics().averageCharWidth() * 130, self.fontMetrics().height() * 40)
        self.reload()

    # ---- reading -------------------------------------------------------------------------
    def reload(self) -> None:
        loaded = self.ops.run(
            lambda ctx: (ctx.queues.list(), ctx.users.list(), ctx.queues.breach_choice()),
            parent=self,
        )
        if loaded is None:
            return
        self.queues, self.users, breach = loaded
        row = max(0, self.list.currentRow())
        self.list.blockSignals(True)
        self.list.clear()
        for queue in self.queues:
            item = QListWidgetItem(
                self.tr("{name} ({count})").format(
                    name=queue.name[:1].upper() + queue.name[1:], count=len(queue.members)
                )
            )
            item.setData(Qt.ItemDataRole.UserRole, queue.tier.value)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.list.setCurrentRow(row)
        self.breach.setCurrentIndex(max(0, self.breach.findData(breach)))
        self._show_queue()

    def current(self) -> Queue:
        return self.queues[max(0, self.list.currentRow())]

    def _show_queue(self) -> None:
        if not self.queues:
            return
        queue = self.current()
        self.members.setRowCount(len(queue.members))
        for row, m in enumerate(queue.members):
            name = f"{m.display_name} ({m.username})" + (
                self.tr(" — disabled") if m.disabled else ""
            )
            cells = (name, m.role, local_time(m.added_at), m.added_by)
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, m.username)
                self.members.setItem(row, column, cell)
        inside = {m.username for m in queue.members}
        self.candidate.clear()
        for user in self.users:
            if user.username not in inside and not user.disabled and user.role != "system":
                self.candidate.addItem(
                    f"{user.display_name} ({user.username}, {user.role})", user.username
                )
        self.mode.blockSignals(True)
        self.mode.setCurrentIndex(max(0, self.mode.findData(queue.routing.mode.value)))
        self.mode.blockSignals(False)
        self._fill_rules(queue)

    def _fill_rules(self, queue: Queue) -> None:
        """One row per category of the taxonomy, each with its member (or nobody)."""
        taxonomy = self.ops.ctx.taxonomy
        active = [m.username for m in queue.members if not m.disabled]
        self.rules.setRowCount(len(taxonomy.categories))
        for row, category in enumerate(taxonomy.categories):
            label = QTableWidgetItem(taxonomy_text(category.label))
            label.setData(Qt.ItemDataRole.UserRole, category.slug)
            label.setFlags(label.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.rules.setItem(row, 0, label)
            who = QComboBox()
            who.addItem(self.tr("nobody (waits in the queue)"), NOBODY)
            for name in active:
                who.addItem(name, name)
            who.setCurrentIndex(
                max(0, who.findData(queue.routing.categories.get(category.slug, NOBODY)))
            )
            who.setEnabled(self.may_edit)
            self.rules.setCellWidget(row, 1, who)
        self._mode_changed()

    def _mode_changed(self) -> None:
        self.rules.setVisible(self.mode.currentData() == RoutingMode.BY_CATEGORY.value)

    def category_rules(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for row in range(self.rules.rowCount()):
            item = self.rules.item(row, 0)
            slug = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
            who = self.rules.cellWidget(row, 1)
            if slug and isinstance(who, QComboBox) and who.currentData():
                out[slug] = who.currentData()
        return out

    # ---- changes -------------------------------------------------------------------------
    def _tier(self) -> Tier:
        return TIER_ORDER[max(0, self.list.currentRow())]

    def add_member(self) -> None:
        tier, who, why = self._tier(), self.candidate.currentData(), self.reason.text()
        if self.ops.run(
            lambda ctx: ctx.queues.add_member(tier, who or "", why), parent=self, form=self.errors
        ):
            self.reason.clear()
            self.reload()

    def remove_member(self) -> None:
        row = self.members.currentRow()
        if row < 0:
            self.errors.show_error(
                ValidationError(self.tr("Choose the member to remove in the table first")),
                field="username",
            )
            return
        tier, why = self._tier(), self.reason.text()
        cell = self.members.item(row, 0)
        who = cell.data(Qt.ItemDataRole.UserRole) if cell is not None else ""
        if self.ops.run(
            lambda ctx: ctx.queues.remove_member(tier, who, why), parent=self, form=self.errors
        ):
            self.reason.clear()
            self.reload()

    def apply_routing(self) -> None:
        tier, mode = self._tier(), self.mode.currentData()
        rules = self.category_rules() if mode == RoutingMode.BY_CATEGORY.value else {}
        if self.ops.run(
            lambda ctx: ctx.queues.set_routing(tier, mode, rules), parent=self, form=self.errors
        ):
            self.reload()

    def apply_breach(self) -> None:
        choice = self.breach.currentData()
        if self.ops.run(
            lambda ctx: ctx.queues.set_breach_choice(choice), parent=self, form=self.errors
        ):
            self.reload()
