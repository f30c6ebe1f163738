"""The `queue` commands: list, add-member, remove-member, routing, on-breach (admins change)."""

from __future__ import annotations

import argparse

from ..domain.errors import UsageError
from ..services.queues import Queue
from .app import Access, App
from .output import Output, page
from .parsing import Subcommands, command, group

QUEUE_COLUMNS = ("queue", "name", "members", "routing")


def _row(queue: Queue) -> dict[str, object]:
    """A queue as one line: members by name (disabled ones marked), the routing in words."""
    members = ", ".join(m.username + (" (disabled)" if m.disabled else "") for m in queue.members)
    rules = queue.routing.categories
    routing = queue.routing.mode.value + (
        " (" + ", ".join(f"{c} -> {u}" for c, u in rules.items()) + ")" if rules else ""
    )
    return {**queue.to_json(), "members": members or "nobody", "routing": routing}


def _queue_output(queue: Queue, text: str) -> Output:
    return Output(queue.to_json(), text, brief=True)


def cmd_queue_list(app: App, args: argparse.Namespace) -> Output:
    queues = app.ctx.queues.list()
    items = [q.to_json() for q in queues]
    return Output(
        page(items, len(items), len(items), 0),
        columns={"items": QUEUE_COLUMNS},
        text={"items": [_row(q) for q in queues]},  # members and routing as one line each
    )


def cmd_queue_add_member(app: App, args: argparse.Namespace) -> Output:
    queue = app.ctx.queues.add_member(args.queue, args.member, args.reason or "")
    return _queue_output(queue, f"{args.member.strip().lower()} joined the {queue.name} queue")


def cmd_queue_remove_member(app: App, args: argparse.Namespace) -> Output:
    queue = app.ctx.queues.remove_member(args.queue, args.member, args.reason or "")
    return _queue_output(queue, f"{args.member.strip().lower()} left the {queue.name} queue")


def _rules(texts: list[str] | None) -> dict[str, str]:
    rules: dict[str, str] = {}
    for text in texts or ():
        category, sep, user = text.partition("=")
        if not sep or not category.strip() or not user.strip():
            raise UsageError(f"--category takes CATEGORY=USER, not {text!r}")
        rules[category.strip()] = user.strip()
    return rules


def cmd_queue_routing(app: App, args: argparse.Namespace) -> Output:
    queue = app.ctx.queues.set_routing(args.queue, args.mode, _rules(args.category))
    return _queue_output(queue, f"the {queue.name} queue routes new cases: {args.mode}")


def cmd_queue_on_breach(app: App, args: argparse.Namespace) -> Output:
    queues = app.ctx.queues
    if args.choice is None:
        choice = queues.breach_choice()
        return Output({"on_breach": choice}, f"the SLA sweep escalates a case on: {choice}")
    choice = queues.set_breach_choice(args.choice)
    return Output({"on_breach": choice}, f"the SLA sweep escalates a case on: {choice}", brief=True)


def register(sub: Subcommands) -> None:
    """Add the `queue` group and its commands."""
    queues = group(sub, "queue", "escalation queues: members per tier and routing (admins)")
    command(queues, "list", cmd_queue_list, Access.READER, "list the queues, members and routing")
    tiers = "frontline, senior or expert"
    for name, handler, what in (
        ("add-member", cmd_queue_add_member, "add a user to a tier's queue"),
        ("remove-member", cmd_queue_remove_member, "take a user out of a tier's queue"),
    ):
        p = command(queues, name, handler, Access.USER, what)
        p.add_argument("queue", metavar="QUEUE", help=tiers)
        # not "user": that is the global --user (who runs the command)
        p.add_argument("member", metavar="USER")
        p.add_argument("--reason", help="why, for the trail")
    p = command(
        queues,
        "routing",
        cmd_queue_routing,
        Access.USER,
        "how a queue gives new cases to its members: off, round-robin or by-category",
    )
    p.add_argument("queue", metavar="QUEUE", help=tiers)
    p.add_argument("mode", metavar="MODE", help="off, round-robin or by-category")
    p.add_argument(
        "--category",
        action="append",
        metavar="CATEGORY=USER",
        help="by-category: new cases of CATEGORY go to USER (repeatable)",
    )
    p = command(
        queues,
        "on-breach",
        cmd_queue_on_breach,
        Access.USER,
        "which SLA breaches the sweep escalates a case on (shown without CHOICE)",
    )
    p.add_argument(
        "choice", metavar="CHOICE", nargs="?", help="off, first-response, resolution or both"
    )
