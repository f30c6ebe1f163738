"""Who may manage users, the same on both backends: roles, disabling, and the last admin."""

from __future__ import annotations

import pytest

from resolution_center.domain.errors import NotFound, PermissionDenied, ValidationError
from resolution_center.storage.repositories import AuditRepository
from tests.helpers.workspace import Workspace


def test_an_admin_changes_a_users_role_with_an_event(workspace: Workspace) -> None:
    root = workspace.login("root")
    changed = root.users.change_role("alice", "senior-specialist")
    assert changed.role == "senior-specialist"
    assert workspace.login("alice").actor.role == "senior-specialist"
    events = AuditRepository(workspace.login(None).store).for_target("user", "alice")
    last = events[-1]
    assert (last.action, last.actor, last.role) == ("user.role_changed", "root", "admin")
    payload = last.payload()
    assert (payload["old"], payload["new"]) == (
        {"role": "specialist"},
        {"role": "senior-specialist"},
    )


def test_an_admin_cannot_change_their_own_role(workspace: Workspace) -> None:
    with pytest.raises(ValidationError, match="an admin cannot change their own role"):
        workspace.login("root").users.change_role("root", "supervisor")
    assert workspace.login("root").actor.role == "admin"


def test_only_admins_change_roles(workspace: Workspace) -> None:
    for name in ("maria", "alice"):
        with pytest.raises(PermissionDenied, match="only an admin may manage users"):
            workspace.login(name).users.change_role(name, "admin")
    assert workspace.login("maria").actor.role == "supervisor"


def test_a_role_change_names_a_real_user_and_role(workspace: Workspace) -> None:
    root = workspace.login("root")
    with pytest.raises(NotFound):
        root.users.change_role("ghost", "expert")
    with pytest.raises(ValidationError) as bad:
        root.users.change_role("alice", "boss")
    assert bad.value.field == "role"
    with pytest.raises(ValidationError, match="the system role cannot be given"):
        root.users.change_role("alice", "system")
    with pytest.raises(ValidationError, match="alice is already specialist"):
        root.users.change_role("alice", "specialist")


def test_the_last_active_admin_stays(workspace: Workspace) -> None:
    system = workspace.login(None)  # the set-up actor may manage users, not break the rule
    with pytest.raises(ValidationError, match="the last active admin cannot be disabled"):
        system.users.disable("root")
    with pytest.raises(ValidationError, match="the last active admin cannot lose the admin role"):
        system.users.change_role("root", "supervisor")
    root = workspace.login("root")
    root.users.change_role("maria", "admin")
    maria = workspace.login("maria")
    maria.users.disable("root", reason="handover")  # two admins: one may go
    with pytest.raises(ValidationError, match="you cannot disable your own account"):
        maria.users.disable("maria")
    with pytest.raises(ValidationError, match="the last active admin"):
        workspace.login(None).users.change_role("maria", "expert")


def test_a_promoted_admin_manages_users_and_a_demoted_one_no_more(workspace: Workspace) -> None:
    root = workspace.login("root")
    root.users.change_role("olu", "admin")
    workspace.login("olu").users.change_role("bob", "expert")
    assert workspace.login("bob").actor.role == "expert"
    root.users.change_role("olu", "supervisor")
    with pytest.raises(PermissionDenied):
        workspace.login("olu").users.change_role("bob", "specialist")
