"""Status colours that read on light and dark palettes, as icons and chips always beside text."""

from __future__ import annotations

import sys
from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontInfo,
    QIcon,
    QPainter,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from resolution_center.domain.case import Priority
from resolution_center.domain.sla import SlaState

# Mid-saturation fills with their own text colour: a chip carries its contrast with it, so it
# reads the same on a white or a near-black window. Nothing is ever told by colour alone: the
# chip and the icon always sit beside the words.
DANGER = ("#c62828", "#ffffff")
WARNING = ("#f9a825", "#000000")
SUCCESS = ("#2e7d32", "#ffffff")
INFO = ("#1565c0", "#ffffff")
NEUTRAL = ("#757575", "#ffffff")

PRIORITY_COLOURS = {
    Priority.CRITICAL: DANGER,
    Priority.HIGH: WARNING,
    Priority.NORMAL: INFO,
    Priority.LOW: NEUTRAL,
}
SLA_COLOURS = {
    SlaState.OVERDUE: DANGER,
    SlaState.DUE_SOON: WARNING,
    SlaState.ON_TIME: SUCCESS,
    SlaState.PAUSED: INFO,
    SlaState.MET: NEUTRAL,
    SlaState.MISSED: DANGER,
}


@cache
def dot_icon(fill: str) -> QIcon:
    """A filled circle with a thin outline, drawn at several sizes so it stays sharp on HiDPI."""
    icon = QIcon()
    for size in (16, 24, 32, 48, 64):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QColor(fill).darker(140)
        painter.setPen(pen)
        painter.setBrush(QColor(fill))
        margin = size * 0.2
        painter.drawEllipse(QRectF(margin, margin, size - 2 * margin, size - 2 * margin))
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def chip_style(colours: tuple[str, str]) -> str:
    fill, text = colours
    # Padding in em so the chip grows with the font on high-DPI screens and large fonts.
    return (
        f"QLabel {{ background-color: {fill}; color: {text}; border-radius: 0.5em;"
        " padding: 0.1em 0.6em; }"
    )


class Chip(QLabel):
    """A small coloured label with words in it: priority, status, SLA, chain state."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.set_colours(NEUTRAL)

    def set_colours(self, colours: tuple[str, str]) -> None:
        self.setStyleSheet(chip_style(colours))

    def show_text(self, text: str, colours: tuple[str, str], tooltip: str = "") -> None:
        self.setText(text)
        self.set_colours(colours)
        self.setToolTip(tooltip)
        self.setAccessibleName(text)


def scaled_font(widget: QWidget, factor: float, *, bold: bool = False) -> QFont:
    """The widget's font scaled in points, never pixels, so it follows the user's DPI and size."""
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    return font


def is_dark(widget: QWidget) -> bool:
    return widget.palette().color(QPalette.ColorRole.Window).lightness() < 128


def error_colour(widget: QWidget) -> str:
    """Red text for inline errors, picked per palette so it keeps its contrast in dark mode."""
    return "#ff8a80" if is_dark(widget) else "#b71c1c"


def error_text_style(widget: QWidget) -> str:
    return f"color: {error_colour(widget)};"


# Outline fonts with every CJK script in one weight, in order of preference. Without them
# fontconfig picks a fallback per script and language: on many Linux desktops a Chinese name
# got WenQuanYi Zen Hei, whose embedded 1-bit bitmaps at list sizes look bold (most of all as
# light text on the dark palette), beside Japanese names in an antialiased outline font.
CJK_FAMILIES = (
    "Noto Sans CJK JP",
    "Noto Sans CJK SC",
    "Noto Sans CJK TC",
    "Noto Sans CJK KR",
    "Source Han Sans",
    "Yu Gothic UI",
    "Microsoft YaHei UI",
    "Malgun Gothic",
    "Hiragino Sans",
    "PingFang SC",
    "Apple SD Gothic Neo",
)


def prefer_outline_cjk_fonts(app: QApplication) -> list[str]:
    """Put the installed CJK outline families right after the UI font, so every CJK name
    is drawn in one antialiased font and weight; returns the families now in use."""
    font = QFont(app.font())
    base = QFontInfo(font).family()  # "Sans Serif" is an alias, not a family to list
    if sys.platform.startswith("linux"):
        # fontconfig's usual slight hinting places glyphs at fractional x: a CJK glyph after
        # a Latin space ("山田 太郎") then spreads each 1-pixel stroke over two, and reads as
        # bold beside names without a space ("李伟"), most of all light on dark. Full hinting
        # puts every glyph on whole pixels. (Windows and macOS render on their own terms.)
        font.setHintingPreference(QFont.HintingPreference.PreferFullHinting)
    installed = set(QFontDatabase.families())
    cjk = [family for family in CJK_FAMILIES if family in installed]
    if cjk:
        font.setFamilies([base, *cjk])
    app.setFont(font)
    return font.families() or [font.family()]
