"""PDF pages as QImages through pypdfium2 (QtPdf is not part of PySide6-Essentials)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QImage

if TYPE_CHECKING:
    import pypdfium2

# pypdfium2 loads its native library on import: only a preview or a print pays for it.

POINTS_PER_INCH = 72.0


def page_count(pdf: bytes) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def render_pages(pdf: bytes, dpi: float = 96.0) -> list[QImage]:
    """Every page rasterized at `dpi`; the images own their pixels (copied off pdfium's)."""
    import pypdfium2

    scale = dpi / POINTS_PER_INCH
    document = pypdfium2.PdfDocument(pdf)
    images: list[QImage] = []
    try:
        for index in range(len(document)):
            page = document[index]
            bitmap = page.render(scale=scale, rev_byteorder=True)
            try:
                images.append(_image(bitmap))
            finally:
                bitmap.close()
                page.close()
    finally:
        document.close()
    return images


def _image(bitmap: pypdfium2.PdfBitmap) -> QImage:
    formats = {
        "RGB": QImage.Format.Format_RGB888,
        "RGBA": QImage.Format.Format_RGBA8888,
        "RGBX": QImage.Format.Format_RGBX8888,
        "BGR": QImage.Format.Format_BGR888,
        "BGRA": QImage.Format.Format_ARGB32,  # little-endian ARGB32 is B, G, R, A in memory
        "BGRX": QImage.Format.Format_RGB32,
        "L": QImage.Format.Format_Grayscale8,
    }
    image = QImage(
        bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride, formats[bitmap.mode]
    )
    return image.copy()
