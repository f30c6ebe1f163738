"""Company details: who the company is on every agreement and offer (name, address,
registration, contact), set through AgreementService.set_company like `agreement company`,
one `settings.company_changed` event per save."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from resolution_center.domain.agreement import Party
from resolution_center.services.agreement_values import UNSET_COMPANY

from ..forms import FormErrors, error_label
from ..ops import Ops


class CompanyPage(QWidget):
    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setObjectName("adminCompany")
        intro = QLabel(
            self.tr(
                "Printed at the top of every agreement and offer. An agreement keeps the "
                "details it was drafted with; drafts made after a change print the new ones."
            )
        )
        intro.setWordWrap(True)
        self.name = QLineEdit()
        self.name.setObjectName("companyName")
        self.address = QPlainTextEdit()
        self.address.setObjectName("companyAddress")
        self.address.setTabChangesFocus(True)
        self.address.setPlaceholderText(
            self.tr("One line each: street, postcode and city, country")
        )
        self.address.setFixedHeight(self.fontMetrics().lineSpacing() * 6)
        self.reference = QLineEdit()
        self.reference.setObjectName("companyReference")
        self.reference.setPlaceholderText(self.tr("e.g. HRB 12345, Amtsgericht Berlin"))
        self.email = QLineEdit()
        self.email.setObjectName("companyEmail")
        self.email.setPlaceholderText(self.tr("e.g. disputes@example.com"))
        self.save_button = QPushButton(self.tr("&Save company details"))
        self.save_button.setObjectName("companySave")
        self.revert_button = QPushButton(self.tr("&Revert"))
        self.error = error_label(self)
        self.error.setObjectName("companyError")
        self.errors = FormErrors(self.error)
        self.done_label = QLabel()
        self.done_label.setObjectName("companyDone")

        form = QFormLayout()
        for caption, widget, fields in (
            (self.tr("Company &name:"), self.name, ("company name", "name")),
            (self.tr("&Address:"), self.address, ("company address", "address")),
            (self.tr("&Registration:"), self.reference, ("company reference", "reference")),
            (self.tr("&Contact e-mail:"), self.email, ("company email", "email")),
        ):
            label = QLabel(caption)
            label.setBuddy(widget)
            widget.setAccessibleName(caption.replace("&", "").rstrip(":"))
            form.addRow(label, widget)
            self.errors.add(widget, self.error, *fields)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        layout.addWidget(self.done_label)
        layout.addStretch(1)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        company = self.ops.run(lambda ctx: ctx.agreements.company(), parent=self)
        if company is not None:
            self.show_company(company)

    def show_company(self, company: Party) -> None:
        self.errors.clear()
        unset = company.name == UNSET_COMPANY
        self.name.setText("" if unset else company.name)
        self.name.setPlaceholderText(
            self.tr("Not set yet: agreements print “Company name not set”")
        )
        self.address.setPlainText("\n".join(company.address))
        self.reference.setText(company.reference)
        self.email.setText(company.email)

    def save(self) -> None:
        self.done_label.clear()
        name = self.name.text()
        address = [line for line in self.address.toPlainText().splitlines() if line.strip()]
        email, reference = self.email.text().strip(), self.reference.text().strip()
        saved = self.ops.run(
            lambda ctx: ctx.agreements.set_company(name, address, email, reference),
            parent=self,
            form=self.errors,
        )
        if saved is not None:
            self.show_company(saved)
            self.done_label.setText(
                self.tr("✔ Saved: agreements drafted from now on print these details.")
            )
