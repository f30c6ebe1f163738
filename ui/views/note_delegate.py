"""Paints a note as a card: a bold heading line (kind, author, time) above the wrapped body."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from ..models.notes import NoteRole, note_heading

Index = QModelIndex | QPersistentModelIndex
FLAGS = int(Qt.TextFlag.TextWordWrap)


class NoteDelegate(QStyledItemDelegate):
    """Heights follow the text and the view's width, so long notes are never cut off."""

    def __init__(self, parent: QAbstractScrollArea | None = None) -> None:
        super().__init__(parent)
        self._bold: dict[str, QFont] = {}

    def _margin(self, option: QStyleOptionViewItem) -> int:
        return option.fontMetrics.height() // 2

    def _heading_font(self, option: QStyleOptionViewItem) -> QFont:
        key = option.font.key()
        font = self._bold.get(key)
        if font is None:  # once per font: see the note above sizeHint on QFont's setters
            font = self._bold[key] = QFont(option.font)
            font.setBold(True)
        return font

    def _layout(self, option: QStyleOptionViewItem, index: Index) -> tuple[QRect, QRect, str, str]:
        note = index.data(NoteRole)
        heading = note_heading(note) if note else ""
        body = note.body if note else ""
        margin = self._margin(option)
        width = max(option.rect.width() - 2 * margin, 10)
        heading_metrics = QFontMetrics(self._heading_font(option))
        heading_rect = heading_metrics.boundingRect(QRect(0, 0, width, 10_000), FLAGS, heading)
        body_rect = option.fontMetrics.boundingRect(QRect(0, 0, width, 100_000), FLAGS, body)
        top = option.rect.top() + margin
        left = option.rect.left() + margin
        heading_rect = QRect(left, top, width, heading_rect.height())
        body_rect = QRect(left, heading_rect.bottom() + margin // 2, width, body_rect.height())
        return heading_rect, body_rect, heading, body

    # No initStyleOption, no option.widget and no QFont setter per note: with PySide6 6.12 on
    # Python 3.11 each such call from Python takes one reference from None that it never gives
    # back; sizing a case's 5,000 notes then freed None and killed the window ("deallocating
    # None"). The view's own option has all this reads (font, rect, state, palette); the view
    # is this delegate's parent.
    def _view(self) -> QAbstractScrollArea | None:
        view = self.parent()
        return view if isinstance(view, QAbstractScrollArea) else None

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        opt = QStyleOptionViewItem(option)
        view = self._view()
        if view is not None:
            opt.rect = QRect(0, 0, view.viewport().width(), 0)
        _heading, body, _h, _b = self._layout(opt, index)
        return QSize(opt.rect.width(), body.bottom() - opt.rect.top() + self._margin(opt) + 1)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        view = self._view()
        style = view.style() if view is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, view)
        heading_rect, body_rect, heading, body = self._layout(opt, index)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setPen(opt.palette.color(role))
        painter.setFont(self._heading_font(opt))
        painter.drawText(heading_rect, FLAGS, heading)
        painter.setFont(opt.font)
        painter.drawText(body_rect, FLAGS, body)
        painter.restore()
