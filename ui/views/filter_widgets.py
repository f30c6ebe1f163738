"""Small filter controls: a multi-select drop-down button and an optional date range."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QMenu,
    QToolButton,
    QWidget,
)

from ..formatting import to_date
from ..forms import date_edit


class MultiSelectButton(QToolButton):
    """A drop-down of checkable choices; its text says what is chosen ('Status: Open, New')."""

    selection_changed = Signal()
    """The set of checked values changed (by the user or by `set_selected`)."""

    def __init__(
        self, title: str, choices: Sequence[tuple[str, str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.title = title
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setAccessibleName(title)
        self._menu = QMenu(self)
        self._actions = {}
        for value, label in choices:
            action = self._menu.addAction(label)
            action.setCheckable(True)
            action.setData(value)
            self._actions[value] = action
        self._menu.addSeparator()
        self._clear = self._menu.addAction(self.tr("Any"))
        self.setMenu(self._menu)

        for action in self._actions.values():
            action.toggled.connect(self._changed)
        self._clear.triggered.connect(lambda: self.set_selected(()))
        self._update_text()

    def selected(self) -> tuple[str, ...]:
        return tuple(v for v, a in self._actions.items() if a.isChecked())

    def set_selected(self, values: Iterable[str], *, notify: bool = True) -> None:
        wanted = set(values)
        if wanted == set(self.selected()):
            return
        for value, action in self._actions.items():
            action.blockSignals(True)
            action.setChecked(value in wanted)
            action.blockSignals(False)
        self._update_text()
        if notify:
            self.selection_changed.emit()

    def _changed(self) -> None:
        self._update_text()
        self.selection_changed.emit()

    def _update_text(self) -> None:
        labels = [a.text() for a in self._actions.values() if a.isChecked()]
        if not labels:
            shown = self.tr("any")
        elif len(labels) <= 2:
            shown = ", ".join(labels)
        else:
            shown = self.tr("{count} selected").format(count=len(labels))
        self.setText(f"{self.title}: {shown}")
        self.setToolTip(f"{self.title}: {', '.join(labels) or self.tr('any')}")


class DateRange(QWidget):
    """'Created from [date] to [date]', each end optional; times are the user's local days."""

    range_changed = Signal()
    """Either end was switched on or off or moved."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.from_check = QCheckBox(title)
        self.from_check.setAccessibleName(
            self.tr("{title} from: use a start date").format(title=title)
        )
        self.from_edit = date_edit()
        self.from_edit.setAccessibleName(self.tr("{title} from").format(title=title))
        self.to_check = QCheckBox(self.tr("to"))
        self.to_check.setAccessibleName(self.tr("{title} to: use an end date").format(title=title))
        self.to_edit = date_edit()
        self.to_edit.setAccessibleName(self.tr("{title} to (inclusive)").format(title=title))
        today = QDate.currentDate()
        self.from_edit.setDate(today.addDays(-30))
        self.to_edit.setDate(today)
        self.from_edit.setEnabled(False)
        self.to_edit.setEnabled(False)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.from_check, self.from_edit, self.to_check, self.to_edit):
            layout.addWidget(widget)

        self.from_check.toggled.connect(self.from_edit.setEnabled)
        self.to_check.toggled.connect(self.to_edit.setEnabled)
        for check in (self.from_check, self.to_check):
            check.toggled.connect(self.range_changed)
        for edit in (self.from_edit, self.to_edit):
            edit.dateChanged.connect(self._date_moved)

    def _date_moved(self) -> None:
        if self.from_check.isChecked() or self.to_check.isChecked():
            self.range_changed.emit()

    def bounds(self) -> tuple[datetime | None, datetime | None]:
        """[from, to) in UTC: the start of the first local day to the end of the last."""
        start = (
            _local_midnight(to_date(self.from_edit.date())) if self.from_check.isChecked() else None
        )
        end = (
            _local_midnight(to_date(self.to_edit.date()) + timedelta(days=1))
            if self.to_check.isChecked()
            else None
        )
        return start, end

    def set_bounds(self, start: datetime | None, end: datetime | None) -> None:
        for check, edit, moment, shift in (
            (self.from_check, self.from_edit, start, 0),
            (self.to_check, self.to_edit, end, -1),
        ):
            for widget in (check, edit):
                widget.blockSignals(True)
            check.setChecked(moment is not None)
            edit.setEnabled(moment is not None)
            if moment is not None:
                day = moment.astimezone().date() + timedelta(days=shift)
                edit.setDate(QDate(day.year, day.month, day.day))
            for widget in (check, edit):
                widget.blockSignals(False)


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time()).astimezone().astimezone(UTC)
