"""Notifications on the command line: `notification list [--unread]`, `notification read
ID...|--all`. The same list as the window's: sign-offs you may give, cases given to you,
escalations into your queues, SLA alerts and customer replies on your cases."""

from __future__ import annotations

import argparse

from ..domain.errors import UsageError
from ..domain.notifications import Notification
from ..domain.trail_text import label
from .app import Access, App
from .output import Output
from .parsing import Subcommands, command, group, whole_number

COLUMNS = ("id", "read", "kind", "case", "what", "actor", "time")


def _data(n: Notification) -> dict[str, object]:
    return {**n.to_dict(), "what": label(n.action), "time": n.time}


def cmd_list(app: App, args: argparse.Namespace) -> Output:
    found = app.ctx.notifications.list(unread=args.unread)
    unread = sum(1 for n in found if not n.read)
    return Output(
        {"items": [_data(n) for n in found], "unread": unread},
        columns={"items": COLUMNS},
    )


def cmd_read(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    if args.all == bool(args.ids):
        raise UsageError("name notification ids, or --all", field="id")
    if args.all:
        count = ctx.notifications.mark_all_read()
        return Output({"marked": count}, f"{count} notification(s) marked read", brief=True)
    marked = ctx.notifications.mark_read(args.ids)
    return Output({"marked": marked}, f"{len(marked)} notification(s) marked read", brief=True)


def register(sub: Subcommands) -> None:
    notes = group(sub, "notification", "your notifications: list, mark read")
    p = command(notes, "list", cmd_list, Access.USER, "your notifications, newest first")
    p.add_argument("--unread", action="store_true", help="only those not yet read")
    p = command(notes, "read", cmd_read, Access.USER, "mark notifications read")
    p.add_argument("ids", nargs="*", type=whole_number("id"), metavar="ID")
    p.add_argument("--all", action="store_true", help="every notification shown now")
