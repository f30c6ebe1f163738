"""A database as an older release made it: initialised with the schema steps before one, so a
test can write what that release wrote and then upgrade it with today's `init`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from resolution_center.services import cases as cases_service
from resolution_center.services import users as users_service
from resolution_center.services.setup import initialize
from resolution_center.storage import store as store_module
from resolution_center.storage.migrations import MIGRATIONS
from tests.helpers.workspace import PASSWORD


def app_before_queues(mp: pytest.MonkeyPatch) -> None:
    """What an app before schema step 11 did: new users joined no queue and intake routed no
    case (today's services would write queue tables such a database does not have)."""
    mp.setattr(users_service, "join_role_queue", lambda *args, **kwargs: None)
    mp.setattr(
        cases_service, "routed_for", lambda store, tier, categories: [None] * len(categories)
    )


@contextmanager
def before_step(step: int, url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """Inside: `url` initialised (admin root) at the last step before `step`, whose number it
    yields; today's migrations come back on leaving."""
    older = tuple(m for m in MIGRATIONS if m[0] < step)
    with monkeypatch.context() as old:
        old.setattr(store_module, "MIGRATIONS", older)
        old.setattr(store_module, "LATEST", older[-1][0])
        if step <= 11:
            app_before_queues(old)
        initialize(url, admin="root", admin_password=PASSWORD)
        yield older[-1][0]
