"""The `user` commands: add, list, disable, role, passwd (admins)."""

from __future__ import annotations

import argparse

from ..domain.users import check_role, check_username
from .app import Access, App
from .output import Output, page
from .parsing import Subcommands, command, group

USER_COLUMNS = ("username", "display_name", "role", "disabled")


def cmd_user_add(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    check_username(args.name)  # refuse a bad name or role before asking for a password
    check_role(args.role)
    password = app.passwords.new(args.name)
    user = ctx.users.add(args.name, args.display_name or "", args.role, password)
    return Output(user.to_json(), f"created user {user.username} ({user.role})", brief=True)


def cmd_user_list(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    users = [u.to_json() for u in ctx.users.list()]
    return Output(page(users, len(users), len(users), 0), columns={"items": USER_COLUMNS})


def cmd_user_disable(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    user = ctx.users.disable(args.name, args.reason or "")
    return Output(user.to_json(), f"disabled user {user.username}", brief=True)


def cmd_user_role(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    user = ctx.users.change_role(args.name, args.role)
    return Output(user.to_json(), f"{user.username} is now {user.role}", brief=True)


def cmd_user_passwd(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    username = ctx.users.get(args.name).username
    ctx.users.change_password(username, app.passwords.new(username))
    return Output(
        {"username": username, "password_changed": True},
        f"password changed for {username}",
        brief=True,
    )


def register(sub: Subcommands) -> None:
    """Add the `user` group and its commands."""
    users = group(sub, "user", "manage users (admins)")
    p = command(
        users,
        "add",
        cmd_user_add,
        Access.USER,
        "add a user; their password is prompted, or the second line of stdin",
    )
    p.add_argument("name", metavar="NAME")
    p.add_argument(
        "--role", required=True, help="specialist, senior-specialist, expert, supervisor or admin"
    )
    p.add_argument("--display-name")
    command(users, "list", cmd_user_list, Access.USER, "list users")
    p = command(users, "disable", cmd_user_disable, Access.USER, "disable a user")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--reason")
    p = command(
        users, "role", cmd_user_role, Access.USER, "give a user another role (not your own)"
    )
    p.add_argument("name", metavar="NAME")
    p.add_argument(
        "role", metavar="ROLE", help="specialist, senior-specialist, expert, supervisor or admin"
    )
    p = command(
        users,
        "passwd",
        cmd_user_passwd,
        Access.USER,
        "set a password; the new one is prompted, or the second line of stdin",
    )
    p.add_argument("name", metavar="NAME")
