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

    def _margin(self, option: QStyleOptionViewItem) -> int:
        return option.fontMetrics.height() // 2

    def _heading_font(self, option: QStyleOptionViewItem) -> QFont:
        font = QFont(option.font)
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

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        if isinstance(widget, QAbstractScrollArea):
            opt.rect = QRect(0, 0, widget.viewport().width(), 0)
        _heading, body, _h, _b = self._layout(opt, index)
        return QSize(opt.rect.width(), body.bottom() - opt.rect.top() + self._margin(opt) + 1)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
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
