"""Inline error labels for forms: a ValidationError shows next to the field its .field names."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateEdit, QFormLayout, QLabel, QVBoxLayout, QWidget

from resolution_center.domain.errors import RCError
from resolution_center.services.service_text import error_text

from .style import error_text_style


def date_edit(day: QDate | None = None) -> QDateEdit:
    """A date field with its calendar, showing dates as the app writes them everywhere
    (2026-12-08): the locale's short format is ambiguous ("9 12 2025" under the C locale)."""
    edit = QDateEdit(day) if day is not None else QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def error_label(parent: QWidget) -> QLabel:
    """An initially hidden, word-wrapping label for one field's (or the form's) error."""
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setVisible(False)
    return label


class FormErrors:
    """Maps the service's field names to a form's widgets and their error labels.

    Errors naming no known field go to the form's general label, so nothing is ever dropped.
    """

    def __init__(self, general: QLabel, on_shown: Callable[[], None] | None = None) -> None:
        """`on_shown` runs after an error appears (a dialog grows to fit the new line)."""
        self.general = general
        self.on_shown = on_shown
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}

    def add(self, widget: QWidget, label: QLabel, *names: str) -> None:
        for name in names:
            self._fields[name] = (widget, label)

    def clear(self) -> None:
        for widget, label in {*self._fields.values(), (None, self.general)}:
            label.clear()
            label.setVisible(False)
            if widget is not None:
                widget.setAccessibleDescription("")

    def show_error(self, error: RCError, *, focus: bool = True, field: str | None = None) -> None:
        """Show the message at its field and move the focus there; the input stays as typed.

        A live check while the user types passes `focus=False`: the cursor stays put. `field`
        is where an error that names no field of its own goes (else the general label)."""
        self.clear()
        name = getattr(error, "field", None) or field
        widget, label = self._fields.get(name or "", (None, self.general))
        label.setStyleSheet(error_text_style(label))
        label.setText(error_text(error))
        label.setVisible(True)
        if widget is not None:
            # Screen readers announce the description when the field gets focus.
            widget.setAccessibleDescription(error_text(error))
            if focus:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.on_shown is not None:
            self.on_shown()

    def message_for(self, name: str) -> str:
        widget_label = self._fields.get(name)
        label = widget_label[1] if widget_label else self.general
        return "" if label.isHidden() else label.text()


def field_rows(
    parent: QWidget,
    errors: FormErrors,
    rows: Iterable[tuple[str, QWidget, tuple[str, ...]]],
) -> QFormLayout:
    """A form of (caption, widget, the service's field names) rows: each caption the widget's
    buddy, each widget with its own error line below it."""
    form = QFormLayout()
    for caption, widget, names in rows:
        err = error_label(parent)
        cell = QVBoxLayout()
        cell.addWidget(widget)
        cell.addWidget(err)
        label = QLabel(caption)
        label.setBuddy(widget)
        form.addRow(label, cell)
        errors.add(widget, err, *names)
    return form
