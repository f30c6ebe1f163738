"""The SLA calendar editor and the case header's working-time countdown, with real widgets."""

from __future__ import annotations

from datetime import timedelta

from resolution_center.domain.case import Priority
from tests.helpers.workspace import draft
from ui.chain_state import ChainState
from ui.dialogs.sla_calendar import SlaCalendarDialog
from ui.sla_sweeper import SlaSweeper
from ui.views.case_viewer import CaseViewer


def test_an_admin_saves_a_new_version_from_the_editor(qtbot, ws, make_ops) -> None:  # type: ignore[no-untyped-def]
    dialog = SlaCalendarDialog(make_ops(ws.login("root")))
    qtbot.addWidget(dialog)
    assert dialog.save_button.isEnabled()
    dialog.zone.setCurrentText("Europe/Berlin")
    for edit in dialog.hours[5:]:
        edit.setText("closed")
    dialog.country.setText("de")
    dialog.region.setText("by")
    dialog.own_days.setPlainText("2026-12-24\n2026-12-31")
    dialog.targets[Priority.HIGH][0].setText("2h")
    dialog.by_category.setPlainText("fraud-suspicion:critical=30m/8h")
    dialog.warn.setValue(75)
    dialog.save()
    current = ws.login("alice").sla.current()
    assert (current.version, current.policy.calendar.zone) == (1, "Europe/Berlin")
    assert current.policy.calendar.hours[5] is None and current.holiday_region == "BY"
    assert current.policy.targets[Priority.HIGH].first_response == timedelta(hours=2)
    assert current.policy.warn_percent == 75
    assert "version 1" in dialog.general.text()


def test_a_mistake_is_shown_at_its_day_and_everything_typed_stays(qtbot, ws, make_ops) -> None:  # type: ignore[no-untyped-def]
    dialog = SlaCalendarDialog(make_ops(ws.login("root")))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.hours[2].setText("9-5")
    dialog.country.setText("DE")
    dialog.save()
    assert "wednesday" in dialog.hours_error.text()
    assert dialog.focusWidget() is dialog.hours[2]
    assert (dialog.hours[2].text(), dialog.country.text()) == ("9-5", "DE")
    dialog.hours[2].setText("08:00-17:00")
    dialog.region.setText("ZZ")  # no such region of Germany: the service's refusal
    dialog.save()
    assert "ZZ" in dialog.holiday_error.text()
    assert dialog.region.text() == "ZZ"
    assert ws.login("alice").sla.versions() == []


def test_others_see_the_calendar_read_only(qtbot, ws, make_ops) -> None:  # type: ignore[no-untyped-def]
    dialog = SlaCalendarDialog(make_ops(ws.login("alice")))
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled()
    assert dialog.hours[0].isReadOnly() and not dialog.zone.isEnabled()
    assert "always open" in dialog.version.text()


def test_the_header_counts_working_time_and_stands_still_while_paused(
    qtbot, ws, make_ops, settings
) -> None:  # type: ignore[no-untyped-def]
    root = ws.login("root")
    root.sla.save(
        time_zone="Europe/Berlin",
        hours=((480, 1020),) * 5 + (None, None),
        holiday_country=None,
        holiday_region=None,
        own_days=frozenset(),
        targets=dict(root.sla.current().policy.targets),
        category_targets={},
        warn_percent=80,
    )
    alice = ws.login("alice")
    case = alice.cases.create(draft(priority=Priority.HIGH))  # Monday 10:00 Berlin, 4 h
    ops = make_ops(alice)
    viewer = CaseViewer(ops, settings, ChainState(ops))
    qtbot.addWidget(viewer)
    viewer.resize(1024, 700)
    viewer.show()
    with qtbot.waitSignal(viewer.case_loaded):
        viewer.show_case(case.id)
    assert "first response 4 h 0 min left (working time)" in viewer.header.sla.text()
    alice.cases.change_status(case.id, "waiting-on-customer", reason="photos")
    ws.clock.advance(days=2)
    with qtbot.waitSignal(viewer.case_loaded):
        viewer.show_case(case.id, force=True)
    assert "paused" in viewer.header.sla.text().lower()
    assert "4 h 0 min left" in viewer.header.sla.text()  # frozen where the clock stopped


def test_the_running_client_sweeps(qtbot, ws, make_ops) -> None:  # type: ignore[no-untyped-def]
    alice = ws.login("alice")
    case = alice.cases.create(draft(priority=Priority.CRITICAL))
    ws.clock.advance(hours=2)
    ops = make_ops(alice)
    seen: list[object] = []
    ops.changed.connect(seen.append)
    sweeper = SlaSweeper(ops, interval_ms=60_000)
    sweeper.sweep()
    qtbot.waitUntil(lambda: not sweeper.running, timeout=10_000)
    assert sweeper.recorded == 1 and seen
    assert alice.cases.get(case.id).first_response_breached_at is not None


def test_a_stopped_sweeper_records_nothing_its_first_sweep_included(  # type: ignore[no-untyped-def]
    qtbot, ws, make_ops
) -> None:
    alice = ws.login("alice")
    case = alice.cases.create(draft(priority=Priority.CRITICAL))
    ws.clock.advance(hours=2)
    sweeper = SlaSweeper(make_ops(alice), interval_ms=60_000)
    sweeper.start(first_ms=10)
    sweeper.stop()  # as the bench's timed window does, before the first sweep is due
    qtbot.wait(100)
    assert not sweeper.running and sweeper.recorded == 0
    assert alice.cases.get(case.id).first_response_breached_at is None
