"""Where mail in comes from (administrators): the IMAP server, connection security, login, folder,
a CA file to trust and how often the window fetches. The password goes to the system keyring,
never the database; left empty it stays as it is. Errors show beside their fields and the typed
values stay."""

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

from resolution_center.services.mail_fetch import ImapSettings
from resolution_center.services.session import Session

from ..forms import FormErrors, error_label, field_rows
from ..ops import Ops

DEFAULT_PORTS = {"tls": 993, "starttls": 143, "plain": 143}


class ImapSettingsDialog(QDialog):
    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setObjectName("imapSettings")
        self.setWindowTitle(self.tr("Mail in (IMAP)"))
        current: ImapSettings = ops.ctx.mail_fetch.settings()
        has_password = ops.ctx.mail_fetch.has_password()
        self.host = QLineEdit(current.host)
        self.host.setObjectName("imapHost")
        self.host.setPlaceholderText(self.tr("imap.example.com"))
        self.security = QComboBox()
        self.security.setObjectName("imapSecurity")
        for mode, text in (
            ("tls", self.tr("TLS from the start (usually port 993)")),
            ("starttls", self.tr("STARTTLS (usually port 143)")),
            ("plain", self.tr("None: only to this machine (127.0.0.1)")),
        ):
            self.security.addItem(text, mode)
        self.security.setCurrentIndex(max(0, self.security.findData(current.security)))
        self.port = QSpinBox()
        self.port.setObjectName("imapPort")
        self.port.setRange(1, 65535)
        self.port.setValue(current.port)
        self.username = QLineEdit(current.username)
        self.username.setObjectName("imapUsername")
        self.password = QLineEdit()
        self.password.setObjectName("imapPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(
            self.tr("Kept in the system keyring; empty: unchanged")
            if has_password
            else self.tr("Kept in the system keyring, not in the database")
        )
        self.folder = QLineEdit(current.folder)
        self.folder.setObjectName("imapFolder")
        self.cafile = QLineEdit(current.cafile)
        self.cafile.setObjectName("imapCafile")
        self.cafile.setPlaceholderText(self.tr("Only for a server with its own certificate"))
        self.interval = QSpinBox()
        self.interval.setObjectName("imapInterval")
        self.interval.setRange(0, 1440)
        self.interval.setSuffix(self.tr(" min"))
        self.interval.setSpecialValueText(self.tr("Only on demand"))
        self.interval.setValue(current.interval)
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
                (self.tr("&Folder:"), self.folder, ("folder",)),
                (self.tr("CA &file:"), self.cafile, ("cafile",)),
                (self.tr("Fetch &every:"), self.interval, ("interval",)),
            ),
        )
        note = QLabel(
            self.tr(
                "New mail in this folder is imported: a reply joins the case it names, other "
                "mail opens a case for its sender. The folder is only read; nothing is deleted "
                "or marked on the server."
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
        self.resize(540, 480)

    def _default_port(self) -> None:
        """A port still at another mode's default follows the mode; a typed one stays."""
        if self.port.value() in DEFAULT_PORTS.values():
            self.port.setValue(DEFAULT_PORTS[str(self.security.currentData())])

    def submit(self) -> None:
        values = {
            "host": self.host.text(),
            "port": self.port.value(),
            "security": str(self.security.currentData()),
            "username": self.username.text(),
            "folder": self.folder.text(),
            "cafile": self.cafile.text(),
            "interval": self.interval.value(),
        }
        password = self.password.text()

        def perform(ctx: Session) -> ImapSettings:
            saved = ctx.mail_fetch.set_settings(**values)
            if password:
                ctx.mail_fetch.remember_password(password)
            return saved

        self.ops.run(perform, parent=self, form=self.errors, on_done=lambda _s: self.accept())
