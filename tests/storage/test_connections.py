"""Connections: each thread's own, named after it on PostgreSQL, and handed from one thread to
another without opening a new one (the window logs in on a worker and reads on its own)."""

from __future__ import annotations

import threading
from typing import Any

from resolution_center.storage.store import Store


def _on_a_worker(fn: Any) -> Any:
    out: list[Any] = []
    worker = threading.Thread(target=lambda: out.append(fn()))
    worker.start()
    worker.join()
    return out[0]


def test_a_handed_connection_becomes_the_other_threads_own(db_url: str) -> None:
    with Store.open(db_url, create=True) as store:
        store.close()  # the opening thread's; this one stands for the window's GUI thread
        pg = store.backend == "postgresql"
        who = "pg_backend_pid(), current_setting('application_name')" if pg else "1, ''"

        def log_in() -> Any:
            found = store.sql.one(f"SELECT {who}")
            store.hand_over_connection(to="gui")
            assert store.db.is_closed()  # on this thread: nothing is left open here
            return found

        worker_pid, worker_name = _on_a_worker(log_in)
        store.adopt_connection()
        if pg:
            assert worker_name == "resolution-center:worker-1"
            assert not store.db.is_closed()  # adopted, not opened
            assert store.sql.one(f"SELECT {who}") == (worker_pid, "resolution-center:gui")
            # The next worker opens its own, named after it.
            assert _on_a_worker(lambda: store.sql.one(f"SELECT {who}")[1]).endswith(":worker-2")
        else:  # a SQLite connection stays on its thread: the worker closed it
            assert store.db.is_closed()
            assert store.sql.scalar("SELECT 1") == 1
        store.adopt_connection()  # nothing handed: nothing changes
        assert store.sql.scalar("SELECT 1") == 1
