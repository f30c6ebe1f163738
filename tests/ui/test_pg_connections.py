"""Shared mode: one named connection per thread, the GUI thread opens none after login, and
the workers' connections are kept for the next worker.

The login runs on a worker, which hands its connection to the GUI thread: opening another
there would cost the window a round trip and a password check. Counted from the server's
pg_stat_activity, by the name each connection gives (`resolution-center:gui`, `:worker-N`).
"""

from __future__ import annotations

import threading
from typing import Any

import psycopg2
import pytest

from resolution_center.storage.db import PARKED_CONNECTIONS, NamedPostgresqlDatabase
from tests.helpers.workspace import PASSWORD, Workspace
from ui.app import AppController
from ui.chain_state import ChainStatus

pytestmark = pytest.mark.postgres


def _alices_connections(workspace: Workspace) -> list[tuple[int, str]]:
    conn = psycopg2.connect(workspace.url)
    try:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT pid, application_name FROM pg_stat_activity "
                "WHERE datname = current_database() AND usename = 'alice' ORDER BY pid"
            )
            return list(cur.fetchall())
    finally:
        conn.close()


def test_the_window_reads_on_the_connection_its_login_opened(  # type: ignore[no-untyped-def]
    qtbot, pg_workspace: Workspace, settings, monkeypatch
) -> None:
    from ui import credentials

    monkeypatch.setattr(credentials, "save_password", lambda *args: None)
    opened_on: list[tuple[str, bool]] = []  # (name, on the GUI thread) of every connection
    connect = NamedPostgresqlDatabase._open

    def recording(db: NamedPostgresqlDatabase) -> Any:
        on_gui = threading.current_thread() is threading.main_thread()
        opened_on.append((db.connection_name(), on_gui))
        return connect(db)

    monkeypatch.setattr(NamedPostgresqlDatabase, "_open", recording)
    ws = pg_workspace
    controller = AppController(
        settings, ws.url, config=ws.config, clock=ws.clock, quit_app=lambda: None
    )
    controller.start()
    login = controller.login
    assert login is not None
    login.username.setText("alice")
    login.password.setText(PASSWORD)
    with qtbot.waitSignal(controller.window_shown, timeout=15_000) as shown:
        login.log_in()
    window = shown.args[0]
    try:
        # Logged in, the window started (its first loads may be running on workers): the
        # login's connection is now the GUI thread's, under the GUI's name.
        now = _alices_connections(ws)
        (gui,) = [c for c in now if c[1] == "resolution-center:gui"]
        assert all(name.startswith("resolution-center:worker-") for _, name in now if _ != gui[0])
        assert not [name for name, on_gui in opened_on if on_gui], opened_on
        # The first page, its counts and the chain check (after the list loaded) all done.
        done = (ChainStatus.VERIFIED, ChainStatus.BROKEN)
        qtbot.waitUntil(lambda: window.chain.status in done, timeout=30_000)
        # Workers gave their connections back, kept open for the next worker (at most two, the
        # tasks the window runs at a time); the GUI thread's is the same one.
        kept = [c for c in _alices_connections(ws) if c != gui]
        assert gui in _alices_connections(ws) and len(kept) <= PARKED_CONNECTIONS
        assert not [name for name, on_gui in opened_on if on_gui], opened_on
        assert all(name.startswith("resolution-center:worker-") for name, _ in opened_on)
        # The next tasks run on the kept connections: no new one is opened for them.
        opened = len(opened_on)
        for _ in range(3):
            with qtbot.waitSignal(window.case_list.counts_shown, timeout=10_000):
                window.case_list.refresh_counts()
        assert len(opened_on) == opened, opened_on[opened:]
        assert {pid for pid, _ in _alices_connections(ws)} <= {gui[0]} | {p for p, _ in kept}
    finally:
        window.close()
    qtbot.waitUntil(lambda: _alices_connections(ws) == [], timeout=10_000)
