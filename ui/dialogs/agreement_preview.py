"""An agreement's pages on screen, and printing them through Qt's print dialog."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..pdf_pages import render_pages


def paint_pages(printer: QPrinter, pdf: bytes) -> int:
    """Rasterize at the printer's resolution and paint page after page; returns pages printed."""
    images = render_pages(pdf, dpi=float(printer.resolution()))
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        for number, image in enumerate(images):
            if number:
                printer.newPage()
            area = painter.viewport()
            size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.setViewport(QRect(area.x(), area.y(), size.width(), size.height()))
            painter.setWindow(image.rect())
            painter.drawImage(0, 0, image)
            painter.setViewport(area)
    finally:
        painter.end()
    return len(images)


class AgreementPreview(QDialog):
    """The rendered pages in a scroll area, with the page count; Print… prints these bytes."""

    def __init__(
        self,
        title: str,
        pdf: bytes,
        pages: list[QImage],
        on_print: Callable[[QPrinter], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("agreementPreview")
        self.setWindowTitle(title)
        self.pdf = pdf
        self.on_print = on_print
        self.page_count = QLabel(self.tr("%n page(s)", "", len(pages)))
        self.page_count.setObjectName("pageCount")
        self.pages: list[QLabel] = []
        content = QWidget()
        column = QVBoxLayout(content)
        column.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        for number, image in enumerate(pages, start=1):
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setAccessibleName(
                self.tr("Page {n} of {total}").format(n=number, total=len(pages))
            )
            label.setFrameShape(QLabel.Shape.Box)
            column.addWidget(label)
            self.pages.append(label)
        self.page_area = QScrollArea()
        self.page_area.setObjectName("previewPages")
        self.page_area.setWidget(content)
        self.page_area.setWidgetResizable(True)
        self.page_area.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.print_button = self.buttons.addButton(
            self.tr("&Print…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.print_button.setEnabled(on_print is not None)
        self.print_button.clicked.connect(self.print_dialog)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.page_count)
        layout.addWidget(self.page_area, 1)
        layout.addWidget(self.buttons)
        width = pages[0].width() if pages else 600
        self.resize(width + 80, int(width * 1.3))

    def print_dialog(self) -> QPrintDialog:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowTitle(self.tr("Print {title}").format(title=self.windowTitle()))
        dialog.accepted.connect(lambda: self.on_print and self.on_print(printer))
        dialog.open()  # type: ignore[call-arg]  # QDialog.open(): the stub has only (receiver, member)
        return dialog
