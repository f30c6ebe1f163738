"""`user` commands: the two-line stdin rule, admin-only management, password changes."""

from __future__ import annotations

from .conftest import PASSWORDS, Cli


def test_user_add_reads_the_admins_then_the_new_password(ready: Cli) -> None:
    added = ready.ok(
        "user",
        "add",
        "carol",
        "--role",
        "supervisor",
        "--display-name",
        "Carol Q",
        user="root",
        stdin="carol-pass-1\n",
    )
    assert added == {
        "username": "carol",
        "display_name": "Carol Q",
        "role": "supervisor",
        "disabled": False,
    }
    assert ready.ok("case", "list", user="carol", password="carol-pass-1")["total"] == 0


def test_user_add_without_the_second_line_is_usage(ready: Cli) -> None:
    result = ready("user", "add", "carol", "--role", "specialist", user="root")
    assert result.code == 2
    assert "new password for carol is missing" in result.error["message"]
    names = [u["username"] for u in ready.ok("user", "list", user="root")["items"]]
    assert "carol" not in names


def test_user_add_checks_name_and_role_before_asking(ready: Cli) -> None:
    bad_role = ready("user", "add", "carol", "--role", "boss", user="root")
    assert bad_role.code == 3 and bad_role.error["field"] == "role"
    bad_name = ready("user", "add", "Carol Smith", "--role", "specialist", user="root")
    assert bad_name.code == 3 and bad_name.error["field"] == "username"
    system = ready("user", "add", "system", "--role", "admin", user="root")
    assert system.code == 3


def test_user_add_refuses_short_passwords_and_duplicates(ready: Cli) -> None:
    short = ready("user", "add", "carol", "--role", "specialist", user="root", stdin="short\n")
    assert short.code == 3 and short.error["field"] == "password"
    dup = ready("user", "add", "alice", "--role", "specialist", user="root", stdin="x" * 12)
    assert dup.code == 3 and "already exists" in dup.error["message"]


def test_only_admins_manage_users(ready: Cli) -> None:
    result = ready("user", "add", "carol", "--role", "admin", user="alice", stdin="carol-pass-1")
    assert result.code == 6
    assert result.error["kind"] == "permission"


def test_user_list(ready: Cli) -> None:
    page = ready.ok("user", "list", user="root")
    assert page["total"] == 3 and page["offset"] == 0
    assert [u["username"] for u in page["items"]] == ["alice", "bob", "root"]
    assert page["items"][0] == {
        "username": "alice",
        "display_name": "alice",
        "role": "specialist",
        "disabled": False,
    }
    text = ready("user", "list", user="root", json_mode=False)
    assert text.out.splitlines()[0].split() == ["USERNAME", "DISPLAY", "NAME", "ROLE", "DISABLED"]


def test_user_disable(ready: Cli) -> None:
    done = ready.ok("user", "disable", "bob", "--reason", "left the team", user="root")
    assert done["username"] == "bob" and done["disabled"] is True
    login = ready("case", "list", user="bob")
    assert login.code == 6 and "disabled" in login.error["message"]
    again = ready("user", "disable", "bob", user="root")
    assert again.code == 3
    self_disable = ready("user", "disable", "root", user="root")
    assert self_disable.code == 3
    ghost = ready("user", "disable", "ghost", user="root")
    assert ghost.code == 3 and ghost.error["kind"] == "not_found"


def test_user_passwd_by_admin_and_by_oneself(ready: Cli) -> None:
    done = ready.ok("user", "passwd", "alice", user="root", stdin="alice-new-pass\n")
    assert done == {"username": "alice", "password_changed": True}
    assert ready("case", "list", user="alice").code == 6  # the old password
    assert ready("case", "list", user="alice", password="alice-new-pass").code == 0
    own = ready.ok("user", "passwd", "bob", user="bob", stdin="bob-new-pass-1\n")
    assert own["password_changed"] is True
    assert ready("case", "list", user="bob", password="bob-new-pass-1").code == 0
    other = ready(
        "user", "passwd", "alice", user="bob", password="bob-new-pass-1", stdin="hijacked-pass\n"
    )
    assert other.code == 6
    assert ready("case", "list", user="alice", password="alice-new-pass").code == 0


def test_lockout_after_repeated_failures(ready: Cli) -> None:
    for _ in range(5):
        assert ready("case", "list", user="bob", password="wrong-pass-1").code == 6
    locked = ready("case", "list", user="bob", password=PASSWORDS["bob"])
    assert locked.code == 6
    assert "locked" in locked.error["message"]


def test_user_role(ready: Cli) -> None:
    done = ready.ok("user", "role", "bob", "supervisor", user="root")
    assert done == {
        "username": "bob",
        "display_name": "bob",
        "role": "supervisor",
        "disabled": False,
    }
    assert ready("user", "role", "bob", "supervisor", user="root", json_mode=False).code == 3
    text = ready("user", "role", "alice", "expert", user="root", json_mode=False)
    assert text.code == 0 and "alice is now expert" in text.out
    own = ready("user", "role", "root", "supervisor", user="root")
    assert own.code == 3 and "cannot change their own role" in own.error["message"]
    by_user = ready("user", "role", "alice", "admin", user="bob")
    assert by_user.code == 6 and by_user.error["kind"] == "permission"
    bad = ready("user", "role", "alice", "boss", user="root")
    assert bad.code == 3 and bad.error["field"] == "role"
