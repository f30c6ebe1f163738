"""Logins redo a password hash made with older argon2 settings, once, with its own audit event."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from resolution_center.domain.errors import AuthenticationError
from resolution_center.services.context import Config
from resolution_center.services.users import confirm_password, hash_parameters
from resolution_center.storage.repositories import AuditRepository, UserRepository
from tests.helpers.workspace import PASSWORD, Workspace


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    workspace = Workspace.create("sqlite:///" + str(tmp_path / "rc.db"))
    yield workspace  # type: ignore[misc]
    workspace.close()


def add_with_one_lane(ws: Workspace, name: str) -> None:
    """A user whose hash was made before the default became two lanes."""
    old = ws.login("root")
    old.config = replace(ws.config, argon2_parallelism=1)
    old.users.add(name, name.title(), "specialist", PASSWORD)


def stored_hash(ws: Workspace, name: str) -> str:
    found = UserRepository(ws.login(None).store).get(name)
    assert found is not None and found[1]
    return found[1]


def rehash_events(ws: Workspace, name: str) -> list[dict[str, object]]:
    events = AuditRepository(ws.login(None).store).for_target("user", name)
    return [e.payload() for e in events if e.action == "user.password_rehashed"]


def test_the_default_is_one_pass_over_64_mib_on_two_lanes() -> None:
    config = Config()
    assert (config.argon2_parallelism, config.argon2_time_cost) == (2, 1)
    assert config.argon2_memory_kib == 64 * 1024


def test_every_argon2_setting_can_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("RESOLUTION_CENTER_ARGON2_TIME_COST", "4")
    monkeypatch.setenv("RESOLUTION_CENTER_ARGON2_MEMORY_KIB", "2048")
    monkeypatch.setenv("RESOLUTION_CENTER_ARGON2_PARALLELISM", "3")
    config = Config.from_env()
    assert (config.argon2_time_cost, config.argon2_memory_kib, config.argon2_parallelism) == (
        4,
        2048,
        3,
    )
    monkeypatch.delenv("RESOLUTION_CENTER_ARGON2_PARALLELISM")
    assert Config.from_env().argon2_parallelism == Config().argon2_parallelism


def test_a_login_redoes_an_old_hash_once_with_one_event(ws: Workspace) -> None:
    add_with_one_lane(ws, "olga")
    old_hash = stored_hash(ws, "olga")
    assert hash_parameters(old_hash)["parallelism"] == 1

    assert ws.login("olga").actor.username == "olga"
    new_hash = stored_hash(ws, "olga")
    assert new_hash != old_hash
    assert hash_parameters(new_hash) == {
        "time_cost": ws.config.argon2_time_cost,
        "memory_kib": ws.config.argon2_memory_kib,
        "parallelism": 2,
    }
    events = rehash_events(ws, "olga")
    assert events == [{"old": hash_parameters(old_hash), "new": hash_parameters(new_hash)}]
    assert "$argon2" not in str(events)  # the settings only: no salt, no hash

    ws.login("olga")  # the hash is current now: nothing more is written
    assert stored_hash(ws, "olga") == new_hash
    assert len(rehash_events(ws, "olga")) == 1


def test_the_rehash_is_audited_by_the_system_in_the_chain(ws: Workspace) -> None:
    add_with_one_lane(ws, "olga")
    ws.login("olga")
    root = ws.login("root")
    event = next(e for e in root.audit.repo.recent(5) if e.action == "user.password_rehashed")
    assert (event.actor, event.target_type, event.target_id) == ("system", "user", "olga")
    assert root.audit.verify().ok


def test_a_wrong_password_does_not_rehash(ws: Workspace) -> None:
    add_with_one_lane(ws, "olga")
    old_hash = stored_hash(ws, "olga")
    with pytest.raises(AuthenticationError, match="wrong user name or password"):
        ws.login("olga", "not-her-password")
    assert stored_hash(ws, "olga") == old_hash
    assert rehash_events(ws, "olga") == []


def test_a_current_hash_is_left_alone(ws: Workspace) -> None:
    before = stored_hash(ws, "alice")
    ws.login("alice")
    assert stored_hash(ws, "alice") == before
    assert rehash_events(ws, "alice") == []


def test_confirming_the_password_also_rehashes(ws: Workspace) -> None:
    add_with_one_lane(ws, "olga")
    olga = ws.login("olga")
    assert len(rehash_events(ws, "olga")) == 1
    confirm_password(olga, PASSWORD)
    assert len(rehash_events(ws, "olga")) == 1


def test_a_password_changed_meanwhile_is_not_overwritten(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An admin sets a new password while the login hashes the old one again: the new stays."""
    add_with_one_lane(ws, "olga")
    root = ws.login("root")
    real_hash = PasswordHasher.hash
    changed: list[bool] = []

    def hash_after_a_change(self: PasswordHasher, password: str, **kwargs: object) -> str:
        if not changed:  # the login's rehash: the admin's change lands first
            changed.append(True)
            root.users.change_password("olga", "a-new-password-2")
        return real_hash(self, password, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(PasswordHasher, "hash", hash_after_a_change)
    ws.login("olga")
    assert changed
    assert rehash_events(ws, "olga") == []
    with pytest.raises(AuthenticationError):
        ws.login("olga")
    assert ws.login("olga", "a-new-password-2").actor.username == "olga"
