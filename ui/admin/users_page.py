"""Users: who may log in and as what; add, change a role, disable, reset a password.

Each button is one call of the same UserService method the command line's `user` commands
call, so the same rules (one active admin stays, an admin never changes their own role) and
the same audit events apply. A refused change keeps what was typed."""

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
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from resolution_center.domain.case import HUMAN_ROLES
from resolution_center.domain.errors import ValidationError
from resolution_center.domain.users import User
from resolution_center.services.session import Session

from ..forms import FormErrors, error_label
from ..labels import role_label
from ..ops import Ops


def role_box() -> QComboBox:
    box = QComboBox()
    for role in HUMAN_ROLES:
        box.addItem(role_label(role.value), role.value)
    return box


class PasswordDialog(QDialog):
    """A new password, typed twice; the services' length rule is checked when it is set."""

    def __init__(self, username: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resetPasswordDialog")
        self.setWindowTitle(self.tr("Reset password of {user}").format(user=username))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("New password"))
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat.setAccessibleName(self.tr("Repeat password"))
        self.error = error_label(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        form = QFormLayout(self)
        form.addRow(self.tr("New password:"), self.password)
        form.addRow(self.tr("Repeat password:"), self.repeat)
        form.addRow(self.error)
        form.addRow(buttons)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)

    def _accept(self) -> None:
        if self.password.text() != self.repeat.text():
            self.error.setText(self.tr("The two passwords differ: type the same password twice."))
            self.error.setVisible(True)
            return
        self.accept()


class UsersPage(QWidget):
    COLUMNS = 4

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setObjectName("adminUsers")
        self.users: list[User] = []

        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setObjectName("usersTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("User name"), self.tr("Name"), self.tr("Role"), self.tr("Status")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

        self.selected_role = role_box()
        self.selected_role.setAccessibleName(self.tr("New role"))
        self.change_role_button = QPushButton(self.tr("Change &role"))
        self.disable_button = QPushButton(self.tr("&Disable…"))
        self.reset_button = QPushButton(self.tr("Reset &password…"))
        selected_row = QHBoxLayout()
        selected_row.addWidget(QLabel(self.tr("Selected user:")))
        selected_row.addWidget(self.selected_role)
        selected_row.addWidget(self.change_role_button)
        selected_row.addWidget(self.disable_button)
        selected_row.addWidget(self.reset_button)
        selected_row.addStretch(1)

        add_box = QGroupBox(self.tr("Add a user"))
        self.new_name = QLineEdit()
        self.new_name.setObjectName("newUserName")
        self.new_display = QLineEdit()
        self.new_role = role_box()
        self.new_password = QLineEdit()
        self.new_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_repeat = QLineEdit()
        self.new_repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.add_button = QPushButton(self.tr("&Add user"))
        self.add_button.setObjectName("addUser")
        add_form = QFormLayout(add_box)
        name_row = QHBoxLayout()
        name_row.addWidget(self.new_name)
        name_row.addWidget(QLabel(self.tr("Name:")))
        name_row.addWidget(self.new_display, 1)
        name_row.addWidget(QLabel(self.tr("Role:")))
        name_row.addWidget(self.new_role)
        password_row = QHBoxLayout()
        password_row.addWidget(self.new_password)
        password_row.addWidget(QLabel(self.tr("Repeat:")))
        password_row.addWidget(self.new_repeat)
        password_row.addWidget(self.add_button)
        add_form.addRow(self.tr("User name:"), name_row)
        add_form.addRow(self.tr("Password:"), password_row)
        for widget, name in (
            (self.new_name, self.tr("User name")),
            (self.new_display, self.tr("Name")),
            (self.new_role, self.tr("Role")),
            (self.new_password, self.tr("Password")),
            (self.new_repeat, self.tr("Repeat password")),
        ):
            widget.setAccessibleName(name)

        self.error = error_label(self)
        self.error.setObjectName("usersError")
        self.errors = FormErrors(self.error)
        self.errors.add(self.new_name, self.error, "username")
        self.errors.add(self.new_password, self.error, "password")
        self.errors.add(self.selected_role, self.error, "role")
        self.done_label = QLabel()
        self.done_label.setObjectName("usersDone")

        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(selected_row)
        layout.addWidget(add_box)
        layout.addWidget(self.error)
        layout.addWidget(self.done_label)

        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.change_role_button.clicked.connect(self.change_role)
        self.disable_button.clicked.connect(lambda: self.disable())
        self.reset_button.clicked.connect(lambda: self.reset_password())
        self.add_button.clicked.connect(self.add)
        self.reload()

    # ---- reading -----------------------------------------------------------------------------
    def reload(self, select: str | None = None) -> None:
        users = self.ops.run(lambda ctx: ctx.users.list(), parent=self)
        if users is None:
            return
        self.users = users
        self.table.setRowCount(len(users))
        for row, user in enumerate(users):
            status = self.tr("Disabled") if user.disabled else self.tr("Active")
            for column, text in enumerate(
                (user.username, user.display_name, role_label(user.role), status)
            ):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, user.username)
                self.table.setItem(row, column, item)
            if user.username == select:
                self.table.selectRow(row)
        self._selection_changed()

    def selected(self) -> User | None:
        rows = self.table.selectionModel().selectedRows()
        return self.users[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        user = self.selected()
        for widget in (self.change_role_button, self.disable_button, self.reset_button):
            widget.setEnabled(user is not None)
        self.selected_role.setEnabled(user is not None)
        if user is not None:
            self.selected_role.setCurrentIndex(max(0, self.selected_role.findData(user.role)))
            self.disable_button.setEnabled(not user.disabled)

    def _done(self, text: str, select: str | None) -> None:
        self.errors.clear()
        self.done_label.setText("✔ " + text)
        self.reload(select)

    # ---- changing ----------------------------------------------------------------------------
    def add(self) -> None:
        self.done_label.clear()
        if self.new_password.text() != self.new_repeat.text():
            self.errors.show_error(
                ValidationError(
                    self.tr("The two passwords differ: type the same password twice."),
                    field="password",
                )
            )
            return
        name, display = self.new_name.text(), self.new_display.text()
        role, password = str(self.new_role.currentData()), self.new_password.text()
        made = self.ops.run(
            lambda ctx: ctx.users.add(name, display, role, password), parent=self, form=self.errors
        )
        if made is not None:
            for line in (self.new_name, self.new_display, self.new_password, self.new_repeat):
                line.clear()
            self._done(self.tr("{user} added.").format(user=made.username), made.username)

    def change_role(self) -> None:
        user = self.selected()
        if user is None:
            return
        self.done_label.clear()
        role = str(self.selected_role.currentData())
        changed = self.ops.run(
            lambda ctx: ctx.users.change_role(user.username, role), parent=self, form=self.errors
        )
        if changed is not None:
            self._done(
                self.tr("{user} is now {role}.").format(
                    user=changed.username, role=role_label(changed.role)
                ),
                changed.username,
            )

    def disable(self, reason: str | None = None) -> None:
        """Disable the selected user; asks why unless `reason` is given."""
        user = self.selected()
        if user is None:
            return
        self.done_label.clear()
        if reason is None:
            reason = self._ask_reason(user.username)
            if reason is None:
                return
        why = reason
        changed = self.ops.run(
            lambda ctx: ctx.users.disable(user.username, why), parent=self, form=self.errors
        )
        if changed is not None:
            self._done(self.tr("{user} is disabled.").format(user=changed.username), user.username)

    def _ask_reason(self, username: str) -> str | None:
        reason, ok = QInputDialog.getText(
            self,
            self.tr("Disable {user}").format(user=username),
            self.tr("Why is {user} disabled? (kept in the audit trail)").format(user=username),
        )
        return reason if ok else None

    def reset_password(self, password: str | None = None) -> None:
        """Give the selected user a new password; asks for it (twice) unless given."""
        user = self.selected()
        if user is None:
            return
        self.done_label.clear()
        if password is None:
            dialog = PasswordDialog(user.username, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            password = dialog.password.text()
        new = password

        def reset(ctx: Session) -> bool:
            ctx.users.change_password(user.username, new)
            return True

        result = self.ops.run(
            reset,
            parent=self,
            form=self.errors,
        )
        if result:
            self._done(
                self.tr("The password of {user} was reset.").format(user=user.username),
                user.username,
            )
