"""The typed settings module, and the Changes value the ops runner broadcasts."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

from resolution_center.domain.changes import AGREEMENT, AUDIT, CASE, NOTE, REMEDY, Changes
from ui.settings import MAX_RECENT, Settings, strip_password


def test_settings_round_trip_through_an_ini_file(tmp_path) -> None:
    path = str(tmp_path / "ui.ini")
    first = Settings(QSettings(path, QSettings.Format.IniFormat))
    first.recent_databases = ["sqlite:////tmp/one.db"]  # one element: INI would flatten it
    first.remember_password = False
    first.case_columns = QByteArray(b"\x00\x01state")
    first.last_username = "alice"
    first.sync()

    again = Settings(QSettings(path, QSettings.Format.IniFormat))
    assert again.recent_databases == ["sqlite:////tmp/one.db"]
    assert again.remember_password is False
    assert bytes(again.case_columns.data()) == b"\x00\x01state"
    assert again.last_username == "alice"
    assert again.saved_view == "my-open"  # a default


def test_recent_databases_never_hold_a_password(tmp_path) -> None:
    settings = Settings(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    settings.add_recent_database("postgresql://alice:s3cret@db.example:5432/rc")
    for n in range(MAX_RECENT + 2):
        settings.add_recent_database(f"sqlite:////tmp/{n}.db")
    settings.add_recent_database("postgresql://alice@db.example:5432/rc")
    recent = settings.recent_databases
    assert recent[0] == "postgresql://alice@db.example:5432/rc"
    assert len(recent) == MAX_RECENT
    assert not any("s3cret" in url for url in recent)
    assert strip_password("postgresql://bob:pw@[::1]:5/x") == "postgresql://bob@[::1]:5/x"


def test_changes_say_what_to_refresh() -> None:
    one = Changes.case(7)
    assert one.touches(CASE) and one.touches(AUDIT) and not one.touches(NOTE)
    assert one.touches_case(7) and not one.touches_case(8)
    assert not one.touches_case(7, NOTE)
    both = one | Changes.note(9)
    assert both.case_ids == frozenset({7, 9}) and both.touches(NOTE)
    everything = Changes.everything()
    assert everything.touches_case(12345) and everything.touches_case(1, NOTE)
    assert not Changes() and not Changes().touches_case(7)


def test_the_trail_says_what_an_operation_changed(ws, make_ops, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Nobody declares side effects: the ops runner reads them from the events written."""
    from tests.ui.conftest import cases

    ctx = ws.login("alice")
    first, second = cases(ctx, ["Parcel late", "Wrong colour"])
    ops = make_ops(ctx)
    with qtbot.waitSignal(ops.changed) as sent:
        ops.run(lambda c: c.cases.add_note(first.reference, "Called back."), parent=None)
    what = sent.args[0]
    assert what.touches_case(first.id, NOTE) and what.touches_case(first.id, CASE)
    assert not what.touches_case(second.id)
    with qtbot.assertNotEmitted(ops.changed):
        ops.run(lambda c: c.cases.get(second.reference), parent=None)  # a read changes nothing


def test_events_name_the_kinds_they_change() -> None:
    what = Changes.from_events([("remedy.approved", 4), ("agreement.issued", 4)])
    assert what.touches_case(4, REMEDY) and what.touches_case(4, AGREEMENT)
    assert not what.touches_case(5)
    assert Changes.from_events([("import.batch_written", None)]).touches_case(99, CASE)
    assert not Changes.from_events([])
