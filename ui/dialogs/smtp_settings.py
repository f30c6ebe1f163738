"""The team's mail server (administrators): host, port, connection security, login, the address
and name mail is sent from. The password goes to the system keyring, never the database; left
empty it stays as it is. Errors show beside their fields and the typed values stay."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from resolution_center.domain.outbox import DEFAULT_PORTS, SmtpSecurity, SmtpSettings
from resolution_center.services.session import Session

from ..forms import FormErrors, error_label, field_rows
from ..ops import Ops


class SmtpSettingsDialog(QDialog):
    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setObjectName("smtpSettings")
        self.setWindowTitle(self.tr("Mail server"))
        current: SmtpSettings = ops.ctx.outbox.settings()
        has_password = ops.ctx.outbox.has_password()
        self.host = QLineEdit(current.host)
        self.host.setObjectName("smtpHost")
        self.host.setPlaceholderText(self.tr("smtp.example.com"))
        self.security = QComboBox()
        self.security.setObjectName("smtpSecurity")
        for mode, text in (
            (SmtpSecurity.STARTTLS, self.tr("STARTTLS (usually port 587)")),
            (SmtpSecurity.TLS, self.tr("TLS from the start (usually port 465)")),
            (SmtpSecurity.NONE, self.tr("None: a relay on this network, no login")),
        ):
            self.security.addItem(text, mode.value)
        self.security.setCurrentIndex(self.security.findData(current.security.value))
        self.port = QSpinBox()
        self.port.setObjectName("smtpPort")
        self.port.setRange(1, 65535)
        self.port.setValue(current.port)
        self.username = QLineEdit(current.username)
        self.username.setObjectName("smtpUsername")
        self.password = QLineEdit()
        self.password.setObjectName("smtpPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(
            self.tr("Kept in the system keyring; empty: unchanged")
            if has_password
            else self.tr("Kept in the system keyring, not in the database")
        )
        self.from_address = QLineEdit(current.from_address)
        self.from_address.setObjectName("smtpFromAddress")
        self.from_address.setPlaceholderText(self.tr("support@example.com"))
        self.from_name = QLineEdit(current.from_name)
        self.from_name.setObjectName("smtpFromName")
        self.general_error = error_label(self)
        self.errors = FormErrors(self.general_error)
        form = field_rows(
            self,
            self.errors,
            (
                (self.tr("&Server:"), self.host, ("host",)),
                (self.tr("&Connection:"), self.security, ("security",)),
                (self.tr("&Port:"), self.port, ("port",)),
                (self.tr("&User name:"), self.username, ("username",)),
                (self.tr("Pass&word:"), self.password, ("password",)),
                (self.tr("&From address:"), self.from_address, ("from_address",)),
                (self.tr("From &name:"), self.from_name, ("from_name",)),
            ),
        )
        note = QLabel(
            self.tr(
                "Mail to customers waits in the outbox until this server accepts it; "
                "without a server it stays there and can be exported as .eml."
            )
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form, 1)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        self.security.currentIndexChanged.connect(self._default_port)
        self.resize(520, 420)

    def _default_port(self) -> None:
        """A port still at another mode's default follows the mode; a typed one stays."""
        if self.port.value() in DEFAULT_PORTS.values():
            self.port.setValue(DEFAULT_PORTS[SmtpSecurity(self.security.currentData())])

    def submit(self) -> None:
        host, port, username = self.host.text(), self.port.value(), self.username.text()
        security = str(self.security.currentData())
        from_address, from_name = self.from_address.text(), self.from_name.text()
        password = self.password.text() or None

        def perform(ctx: Session) -> SmtpSettings:
            return ctx.outbox.configure(
                host=host,
                port=port,
                security=security,
                username=username,
                from_address=from_address,
                from_name=from_name,
                password=password,
            )

        self.ops.run(perform, parent=self, form=self.errors, on_done=lambda _s: self.accept())
