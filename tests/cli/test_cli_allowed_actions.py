"""The command line asks the domain what a user may do: `remedy show` lists it, and a sign-off
the rules refuse fails before the password is asked for."""

from __future__ import annotations

from tests.cli.conftest import Cli, case_args, propose


def test_show_lists_what_the_user_may_do_now(ready: Cli) -> None:
    case = ready.ok(*case_args(), user="alice")["reference"]
    ref = propose(ready, case, "20.00", "arrived late")["reference"]
    assert ready.ok("remedy", "show", ref, user="alice")["actions"] == [
        "edit",
        "fulfil",
        "withdraw",
    ]
    assert ready.ok("remedy", "show", ref, user="bob")["actions"] == ["fulfil"]


def test_a_refused_sign_off_fails_before_the_password_is_asked(ready: Cli) -> None:
    case = ready.ok(*case_args(), user="alice")["reference"]
    ref = propose(ready, case, "80.00", "x")["reference"]
    result = ready("remedy", "approve", ref, user="alice")  # no password for the sign-off
    assert result.code == 3 and result.error["kind"] == "policy"
    assert "alice requested this remedy and may not approve it" in result.error["message"]
