"""The SLA calendar editor (Tools → SLA calendar…): time zone, opening hours per weekday, public
holidays by country and region, the team's own closed days, targets per priority (and per
category) in working time, and the warning share. Saving makes a new version (admins only);
others see the calendar in force, read-only. A refused save keeps everything as typed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from zoneinfo import available_timezones

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from resolution_center.domain.business_time import WEEKDAYS, Hours, hours_text, parse_hours
from resolution_center.domain.case import Priority
from resolution_center.domain.errors import ValidationError
from resolution_center.domain.sla import SlaTargets
from resolution_center.domain.sla_calendar import (
    CalendarVersion,
    duration_spelling,
    parse_duration,
    parse_target,
)
from resolution_center.services.session import Session

from ..forms import FormErrors, error_label
from ..labels import priority_label
from ..ops import Ops

PRIORITIES = (Priority.CRITICAL, Priority.HIGH, Priority.NORMAL, Priority.LOW)


class SlaCalendarDialog(QDialog):
    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setObjectName("slaCalendarDialog")
        self.setWindowTitle(self.tr("SLA calendar"))
        self.may_edit = ops.ctx.actor.role in ("admin", "system")
        self.general = error_label(self)
        # An error line makes the dialog grow to fit it, never shrink under what was typed.
        self.errors = FormErrors(
            self.general,
            lambda: self.resize(self.width(), max(self.height(), self.sizeHint().height())),
        )

        self.version = QLabel()
        self.zone = QComboBox()
        self.zone.setEditable(True)
        self.zone.addItems(sorted(available_timezones()))
        self.zone.setObjectName("slaZone")

        hours_box = QGroupBox(self.tr("Opening hours, local time (08:00-17:00, or closed)"))
        hours_grid = QGridLayout(hours_box)
        self.hours: list[QLineEdit] = []
        names = (
            self.tr("Monday"),
            self.tr("Tuesday"),
            self.tr("Wednesday"),
            self.tr("Thursday"),
            self.tr("Friday"),
            self.tr("Saturday"),
            self.tr("Sunday"),
        )
        for i, name in enumerate(names):
            edit = QLineEdit()
            edit.setObjectName(f"slaHours-{WEEKDAYS[i]}")
            edit.setPlaceholderText("08:00-17:00")
            edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance("00:00-24:00") + 24)
            label = QLabel(name)
            label.setBuddy(edit)
            hours_grid.addWidget(label, i % 4, (i // 4) * 2)
            hours_grid.addWidget(edit, i % 4, (i // 4) * 2 + 1)
            self.hours.append(edit)
        self.hours_error = error_label(self)

        holidays = QGroupBox(self.tr("Closed days"))
        hform = QFormLayout(holidays)
        self.country = QLineEdit()
        self.country.setPlaceholderText(self.tr("e.g. DE, or empty"))
        self.country.setMaxLength(8)
        self.region = QLineEdit()
        self.region.setPlaceholderText(self.tr("e.g. BY (optional)"))
        self.region.setMaxLength(16)
        self.own_days = QPlainTextEdit()
        self.own_days.setTabChangesFocus(True)
        self.own_days.setPlaceholderText(self.tr("One date a line: 2026-12-24"))
        self.own_days.setFixedHeight(60)
        self.holiday_error = error_label(self)
        country_row = QHBoxLayout()
        country_row.addWidget(self.country)
        country_row.addWidget(QLabel(self.tr("Region:")))
        country_row.addWidget(self.region)
        hform.addRow(self.tr("Public holidays of:"), country_row)
        hform.addRow(self.tr("The team's own days:"), self.own_days)
        hform.addRow(self.holiday_error)

        targets = QGroupBox(self.tr("Targets in working time (first response / resolution)"))
        tgrid = QGridLayout(targets)
        self.targets: dict[Priority, tuple[QLineEdit, QLineEdit]] = {}
        tgrid.addWidget(QLabel(self.tr("First response")), 0, 1)
        tgrid.addWidget(QLabel(self.tr("Resolution")), 0, 2)
        for row, priority in enumerate(PRIORITIES):
            first, resolution = QLineEdit(), QLineEdit()
            first.setObjectName(f"slaFirst-{priority.value}")
            resolution.setObjectName(f"slaResolution-{priority.value}")
            for edit in (first, resolution):
                edit.setPlaceholderText("4h, 30m, 1h30m")
            tgrid.addWidget(QLabel(priority_label(priority)), row + 1, 0)
            tgrid.addWidget(first, row + 1, 1)
            tgrid.addWidget(resolution, row + 1, 2)
            self.targets[priority] = (first, resolution)
        self.by_category = QPlainTextEdit()
        self.by_category.setTabChangesFocus(True)
        self.by_category.setFixedHeight(48)
        self.by_category.setPlaceholderText(
            self.tr("Per category, one a line: fraud-suspicion:critical=30m/8h")
        )
        tgrid.addWidget(QLabel(self.tr("Per category:")), len(PRIORITIES) + 1, 0)
        tgrid.addWidget(self.by_category, len(PRIORITIES) + 1, 1, 1, 2)
        self.targets_error = error_label(self)
        tgrid.addWidget(self.targets_error, len(PRIORITIES) + 2, 0, 1, 3)

        self.warn = QSpinBox()
        self.warn.setRange(1, 99)
        self.warn.setSuffix(" %")
        self.warn.setObjectName("slaWarnPercent")
        self.zone_error = error_label(self)
        self.warn_error = error_label(self)

        top = QFormLayout()
        top.addRow(self.tr("Version:"), self.version)
        top.addRow(self.tr("&Time zone:"), self.zone)
        top.addRow(self.zone_error)
        top.addRow(self.tr("&Warn at:"), self.warn)
        top.addRow(self.warn_error)

        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(
            self.tr("&Save as new version"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.save_button.setEnabled(self.may_edit)
        if not self.may_edit:
            self.save_button.setToolTip(self.tr("Only an admin may change the SLA calendar"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addLayout(top)
        left.addWidget(hours_box)
        left.addWidget(self.hours_error)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(holidays)
        right.addWidget(targets)
        right.addStretch(1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        note = QLabel(
            self.tr(
                "Cases opened after a save follow the new version; cases opened before keep "
                "the version they started with. Every version is kept."
            )
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addLayout(columns)
        layout.addWidget(self.general)
        layout.addWidget(self.buttons)

        self.errors.add(self.zone, self.zone_error, "time_zone")
        self.errors.add(self.hours[0], self.hours_error, "hours")
        for day, edit in zip(WEEKDAYS, self.hours, strict=True):
            self.errors.add(edit, self.hours_error, f"hours-{day}")
        self.errors.add(self.country, self.holiday_error, "holiday_country", "holiday_region")
        self.errors.add(self.own_days, self.holiday_error, "own_days")
        self.errors.add(self.targets[Priority.CRITICAL][0], self.targets_error, "targets")
        self.errors.add(self.by_category, self.targets_error, "category", "priority")
        self.errors.add(self.warn, self.warn_error, "warn_percent")
        for widget in (self.zone, self.country, self.region, self.own_days, self.by_category):
            widget.setEnabled(self.may_edit)
        for edit in self.hours:
            edit.setReadOnly(not self.may_edit)
        for pair in self.targets.values():
            for edit in pair:
                edit.setReadOnly(not self.may_edit)
        self.warn.setEnabled(self.may_edit)

        current = ops.run(lambda ctx: ctx.sla.current(), parent=self)
        if current is not None:
            self.show_calendar(current)
        # Wide enough for every field's placeholder; fits a 1024x700 window.
        hint = self.sizeHint()
        self.resize(max(hint.width(), 920), hint.height())

    def show_calendar(self, cal: CalendarVersion) -> None:
        p = cal.policy
        self.version.setText(
            self.tr("{n}, saved {when} by {who}").format(
                n=cal.version, when=f"{cal.saved_at:%Y-%m-%d %H:%M} UTC", who=cal.saved_by
            )
            if cal.saved_at
            else self.tr("built in: always open, no calendar saved yet")
        )
        self.zone.setCurrentText(p.calendar.zone)
        for edit, hours in zip(self.hours, p.calendar.hours, strict=True):
            edit.setText(hours_text(hours))
        self.country.setText(cal.holiday_country or "")
        self.region.setText(cal.holiday_region or "")
        self.own_days.setPlainText("\n".join(sorted(d.isoformat() for d in cal.own_days)))
        for priority, (first, resolution) in self.targets.items():
            t = p.targets[priority]
            first.setText(duration_spelling(t.first_response))
            resolution.setText(duration_spelling(t.resolution))
        self.by_category.setPlainText(
            "\n".join(
                f"{category}:{priority.value}={duration_spelling(t.first_response)}/"
                f"{duration_spelling(t.resolution)}"
                for category, by in sorted(p.category_targets.items())
                for priority, t in sorted(by.items())
            )
        )
        self.warn.setValue(p.warn_percent)

    def _read(self) -> Callable[[Session], CalendarVersion]:
        """The save as typed, or the first input error (the service checks the rest)."""
        hours: list[Hours] = []
        for edit, day in zip(self.hours, WEEKDAYS, strict=True):
            try:
                hours.append(parse_hours(edit.text(), day))
            except ValidationError as error:  # shown at the day it is about
                raise ValidationError(error.message, field=f"hours-{day}") from None
        own: set[date] = set()
        for line in self.own_days.toPlainText().split():
            try:
                own.add(date.fromisoformat(line.strip()))
            except ValueError:
                raise ValidationError(
                    self.tr("{text!r} is not a date like 2026-12-24").format(text=line),
                    field="own_days",
                ) from None
        targets: dict[Priority, SlaTargets] = {}
        for priority, (first, resolution) in self.targets.items():
            targets[priority] = SlaTargets(
                parse_duration(first.text(), priority.value),
                parse_duration(resolution.text(), priority.value),
            )
        by_category: dict[str, dict[Priority, SlaTargets]] = {}
        for line in self.by_category.toPlainText().splitlines():
            if line.strip():
                category, priority, value = parse_target(line)
                if category is None:
                    raise ValidationError(
                        self.tr("{line!r}: name the category, as category:priority=…").format(
                            line=line
                        ),
                        field="targets",
                    )
                by_category.setdefault(category, {})[priority] = value
        zone, country, region, warn = (
            self.zone.currentText(),
            self.country.text(),
            self.region.text(),
            self.warn.value(),
        )

        def perform(ctx: Session) -> CalendarVersion:
            return ctx.sla.save(
                time_zone=zone,
                hours=tuple(hours),
                holiday_country=country,
                holiday_region=region,
                own_days=frozenset(own),
                targets=targets,
                category_targets=by_category,
                warn_percent=warn,
            )

        return perform

    def save(self) -> None:
        self.errors.clear()
        try:
            perform = self._read()
        except ValidationError as error:
            self.errors.show_error(error)
            return
        saved = self.ops.run(perform, parent=self, form=self.errors)
        if saved is not None:
            self.show_calendar(saved)
            self.general.setText(self.tr("Saved as version {n}.").format(n=saved.version))
            self.general.setStyleSheet("")
            self.general.setVisible(True)
            self.general.setAlignment(Qt.AlignmentFlag.AlignLeft)
