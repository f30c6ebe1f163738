"""A worker thread's SQLite connection keeps a smaller page cache than the main thread's.

A worker's connection serves one task and is closed after it; with 32 MB each, the window's
thread and two workers took the client to 339 MB at 100,000 cases (304 MB with 8 MB for the
workers; the target is under 300 MB).
"""

from __future__ import annotations

import threading
from pathlib import Path

from resolution_center.storage.db import SQLITE_PRAGMAS, WORKER_CACHE_KIB
from resolution_center.storage.store import Store
from tests.helpers.workspace import Workspace


def _cache_size(store: Store) -> int:
    with store.reading(snapshot=False):
        return int(store.sql.scalar("PRAGMA cache_size"))


def test_worker_connections_keep_a_smaller_cache(tmp_path: Path) -> None:
    url = "sqlite:///" + str(tmp_path / "rc.db")
    Workspace.create(url).close()
    with Store.open(url) as store:
        found: dict[str, int] = {}

        def worker() -> None:
            found["worker"] = _cache_size(store)
            store.db.close()  # as a finished task gives its connection back

        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
        main = _cache_size(store)
    assert main == dict(SQLITE_PRAGMAS)["cache_size"] == -32_000
    assert found["worker"] == WORKER_CACHE_KIB == -8_000
