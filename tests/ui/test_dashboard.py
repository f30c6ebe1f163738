"""The dashboard: built only when its tab opens (start and login never import matplotlib), the
figures of the known cases with their definitions as tooltips, the charts drawn, filters and
the per-person tables for supervisors only."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QDate

from resolution_center.domain.kpis import DEFINITIONS
from tests.helpers.workspace import Workspace
from tests.services.test_kpis import known_cases
from ui.kpi_labels import kpi_text
from ui.mainwindow import MainWindow
from ui.views.dashboard import HEADLINE, Dashboard

ROOT = Path(__file__).resolve().parents[2]

START_AND_LOGIN = """
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from resolution_center.services.session import open_context
from ui.errors import ErrorPresenter
from ui.mainwindow import MainWindow
from ui.ops import Ops
from ui.screenshots import settle
from ui.settings import Settings
from PySide6.QtCore import QSettings
ctx = open_context(sys.argv[1], "maria", sys.argv[2])
ops = Ops(ctx, ErrorPresenter())
window = MainWindow(ops, Settings(QSettings(sys.argv[3], QSettings.Format.IniFormat)))
window.show()
window.start()
settle(500)
print("matplotlib" in sys.modules)
ops.shutdown()
"""


def test_start_and_login_do_not_import_matplotlib(tmp_path: Path, ws: Workspace) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", START_AND_LOGIN, ws.url, "correct-horse-1", str(tmp_path / "u.ini")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "False"


def test_the_tooltips_are_the_definitions() -> None:
    assert all(kpi_text(d.key) == (d.label, d.definition) for d in DEFINITIONS)


@pytest.fixture
def open_window(qtbot, make_ops, settings):  # type: ignore[no-untyped-def]
    def open_(ctx):  # type: ignore[no-untyped-def]
        window = MainWindow(make_ops(ctx), settings)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.start()
        return window

    return open_


def _open(qtbot, open_window, ctx) -> Dashboard:  # type: ignore[no-untyped-def]
    window: MainWindow = open_window(ctx)
    window.places.setCurrentWidget(window.dashboard)
    dashboard = window.dashboard.dashboard
    assert dashboard is not None
    qtbot.waitUntil(lambda: dashboard.report is not None, timeout=20_000)
    return dashboard


def test_figures_charts_and_filters(qtbot, ws, open_window) -> None:  # type: ignore[no-untyped-def]
    known_cases(ws)
    dashboard = _open(qtbot, open_window, ws.login("maria"))
    dashboard.from_edit.setDate(QDate(2026, 11, 1))
    dashboard.to_edit.setDate(QDate(2026, 11, 30))
    with qtbot.waitSignal(dashboard.loaded, timeout=20_000):
        dashboard.reload()
    values = dashboard.values
    assert values["volume"].text() == "3"
    assert values["reopen_rate"].text() == "33.3% (1 of 3)"
    assert values["first_response_time"].text() == "2.0 h median · 30.0 h p90"
    for key in HEADLINE:
        assert values[key].toolTip() == kpi_text(key)[1]
    assert set(dashboard.canvases) == {
        "volume_over_time",
        "resolution_distribution",
        "sla_over_time",
        "remedy_cost_by_kind",
        "top_products",
    }
    qtbot.waitUntil(lambda: all(c.isVisible() for c in dashboard.canvases.values()))
    assert all(c.figure.axes for c in dashboard.canvases.values())
    # No business calendar: elapsed hours, and the chart says so (not "working hours").
    title = dashboard.canvases["resolution_distribution"].figure.axes[0].get_title(loc="left")
    assert title == "Time to resolution (hours)"
    assert dashboard.tables["per_tier"].isVisible()
    assert dashboard.tables["per_tier"].rowCount() == 2

    dashboard.filters.categories.set_selected(["shipping-problem"])
    with qtbot.waitSignal(dashboard.loaded, timeout=20_000):
        dashboard.filters.filter_changed.emit()
    assert values["volume"].text() == "1"


def test_specialists_see_no_per_person_tables(qtbot, ws, open_window) -> None:  # type: ignore[no-untyped-def]
    known_cases(ws)
    dashboard = _open(qtbot, open_window, ws.login("alice"))
    assert dashboard.report is not None and dashboard.report.per_assignee is None
    assert not dashboard.tables["per_assignee"].isVisible()
    assert not dashboard.tables["per_tier"].isVisible()


def test_dates_read_as_the_app_writes_them(qtbot, ws, open_window) -> None:  # type: ignore[no-untyped-def]
    """The period's fields show 2026-11-01, not the locale's short form ("1 11 2026" under the C
    locale, which reads as either day or month first)."""
    dashboard = _open(qtbot, open_window, ws.login("maria"))
    dashboard.from_edit.setDate(QDate(2026, 11, 1))
    assert dashboard.from_edit.text() == "2026-11-01"
    assert dashboard.filters.created.from_edit.text().count("-") == 2
