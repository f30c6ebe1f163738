"""An upgrade across schema step 11: the specialists, senior specialists and experts an older
database has join their tiers' queues, as events, so `verify` passes and they can still hold
cases (before queues, anyone could)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from resolution_center.domain.case import Tier
from resolution_center.services.context import Config
from resolution_center.services.session import open_context
from resolution_center.services.setup import initialize
from resolution_center.services.users import hasher
from resolution_center.storage.migrations import LATEST
from resolution_center.storage.repositories import UserRepository
from resolution_center.storage.store import Actor, Store
from tests.helpers.upgrade import before_step
from tests.helpers.workspace import PASSWORD, draft


def _users_written_before_step_11(url: str) -> None:
    """Users as an app before step 11 wrote them: no queue to join."""
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    digest = hasher(Config.from_env()).hash(PASSWORD)
    with Store.open(url) as store:
        repo = UserRepository(store)
        for name, role in (
            ("alice", "specialist"),
            ("sam", "senior-specialist"),
            ("maria", "supervisor"),
        ):
            with store.transaction(Actor("root", "admin"), now) as work:
                repo.insert(name, name.title(), role, digest, now)
                work.emit("user.created", "user", name, {"new": {"role": role}})


def test_an_upgrade_across_step_11_puts_people_in_their_roles_queues(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = "sqlite:///" + str(tmp_path / "old.db")
    with before_step(11, url, monkeypatch) as older:
        _users_written_before_step_11(url)

    result = initialize(url)
    assert (result.migrated_from, result.schema_version) == (older, LATEST)
    with open_context(url, "root", PASSWORD) as root:
        queues = {q.tier: [m.username for m in q.members] for q in root.queues.list()}
        assert queues == {Tier.FRONTLINE: ["alice"], Tier.SENIOR: ["sam"], Tier.EXPERT: []}
        joined = [e.event for e in root.audit.target_trail("queue", "frontline")]
        assert [(e.action, e.actor, e.payload()["why"]) for e in joined] == [
            ("queue.member_added", "system", "by role, at the upgrade")
        ]
        assert root.audit.verify().ok
    with open_context(url, "alice", PASSWORD) as alice:
        case = alice.cases.create(draft())
        assert alice.cases.assign(case.id, "alice").assignee == "alice"
        assert alice.cases.escalate(case.id, "needs a senior", to="sam").assignee == "sam"
    initialize(url)  # a second init adds nobody twice
    with open_context(url, "root", PASSWORD) as root:
        assert len(root.audit.target_trail("queue", "frontline")) == 1
        assert root.audit.verify().ok
