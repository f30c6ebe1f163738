"""Closing the loop on the command line: `case task add|done|cancel|list`, `case link`,
`case merge`, `case customer`. They join the `case` group, so `register` runs after
cases.register. (Resolving with `--code/--summary` and closing with `--override` are options of
`case status`; the likely-duplicate warning is printed by `case new`.)"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import Any

from ..domain.closing import Task
from ..domain.errors import ValidationError
from ..services.case_links import CaseLink
from .app import Access, App
from .output import Output, case_data
from .parsing import Subcommands, command, group, subcommands_of, version_option, whole_number
from .reviews import ACTION_COLUMNS as REVIEW_ACTION_COLUMNS
from .reviews import action_data as review_action_data

TASK_COLUMNS = ("id", "case", "due_at", "assignee", "state", "note")
LINK_COLUMNS = ("kind", "case", "status", "subject", "created_by", "reason")


def parse_due(text: str) -> datetime:
    """'2026-12-08 14:00' or '2026-12-08T14:00+01:00'; without an offset, UTC; a date alone is
    the start of that day (UTC)."""
    try:
        value = datetime.fromisoformat((text or "").strip())
    except ValueError:
        raise ValidationError(
            f"{text!r} is not a date and time: write YYYY-MM-DD HH:MM (UTC) or add an offset "
            "such as +01:00",
            field="due",
        ) from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def task_data(task: Task) -> dict[str, Any]:
    return {
        "id": task.id,
        "case": task.case_reference,
        "due_at": task.due_at,
        "assignee": task.assignee,
        "state": task.state.value,
        "note": task.note,
        "created_by": task.created_by,
        "created_at": task.created_at,
        "closed_at": task.closed_at,
        "closed_by": task.closed_by,
    }


def link_data(link: CaseLink) -> dict[str, Any]:
    return {
        "id": link.id,
        "kind": link.text,
        "case": link.other_reference,
        "status": link.other_status.value,
        "subject": link.other_subject,
        "created_by": link.created_by,
        "created_at": link.created_at,
        "reason": link.reason,
    }


def cmd_task_add(app: App, args: argparse.Namespace) -> Output:
    task = app.ctx.follow_ups.add(args.ref, parse_due(args.due), args.note, args.assignee)
    return Output(
        task_data(task),
        f"follow-up {task.id} on {task.case_reference} for {task.assignee}, due "
        f"{task.due_at:%Y-%m-%d %H:%M} UTC",
        brief=True,
    )


def cmd_task_done(app: App, args: argparse.Namespace) -> Output:
    task = app.ctx.follow_ups.done(args.id)
    return Output(task_data(task), f"follow-up {task.id} on {task.case_reference} done", brief=True)


def cmd_task_cancel(app: App, args: argparse.Namespace) -> Output:
    task = app.ctx.follow_ups.cancel(args.id, args.reason or "")
    return Output(
        task_data(task), f"follow-up {task.id} on {task.case_reference} cancelled", brief=True
    )


def cmd_task_list(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    if args.ref:
        tasks = ctx.follow_ups.for_case(args.ref)
    elif args.due:
        tasks = ctx.follow_ups.due_for_me()
    else:
        tasks = ctx.follow_ups.open_tasks(mine=not args.everyone)
        # A periodic review's actions belong to no case: listed beside the follow-ups.
        actions = ctx.reviews.open_actions(mine=not args.everyone)
        return Output(
            {
                "items": [task_data(t) for t in tasks],
                "review_actions": [review_action_data(a) for a in actions],
            },
            columns={"items": TASK_COLUMNS, "review_actions": REVIEW_ACTION_COLUMNS},
        )
    return Output({"items": [task_data(t) for t in tasks]}, columns={"items": TASK_COLUMNS})


def cmd_case_link(app: App, args: argparse.Namespace) -> Output:
    link = app.ctx.case_links.link(args.ref, args.other, args.reason or "")
    return Output(link_data(link), f"{args.ref} {link.text}", brief=True)


def cmd_case_merge(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    case = ctx.case_links.merge(
        args.ref, args.into, args.reason, expected_version=args.version, override=args.override
    )
    return Output(
        case_data(case, ctx),
        f"{case.reference} merged into {case.merged_into} and closed (version {case.version}); "
        "its notes and evidence stay on it",
        brief=True,
    )


def cmd_case_customer(app: App, args: argparse.Namespace) -> Output:
    page = app.ctx.case_links.customer_page(args.ref)
    data = page.to_dict()
    marker = " (repeat claimant)" if page.repeat_claimant else ""
    totals = ", ".join(m.format() for m in page.window_totals) or "none"
    lines = [
        f"{page.name} <{page.email}>{marker}",
        f"{len(page.cases)} case(s); remedies counted in the last {page.window_days} days "
        f"(policy version {page.policy_version}): {totals}",
        "satisfaction scores: "
        + (", ".join(f"{s.case_reference} {s.score}/{s.scale}" for s in page.scores) or "none yet"),
    ]
    return Output(
        data,
        "\n".join(lines),
        columns={
            "cases": ("reference", "status", "order_number", "resolution_code", "subject"),
            "window_remedies": ("reference", "case", "kind", "state", "amount", "currency"),
        },
    )


def cmd_resolution_codes(app: App, args: argparse.Namespace) -> Output:
    codes = app.ctx.taxonomy.resolution_codes
    return Output(
        {"items": [{"code": code, "label": label} for code, label in codes]},
        columns={"items": ("code", "label")},
    )


def register(sub: Subcommands) -> None:
    """Add the follow-up, link, merge and customer commands to the `case` group."""
    cases = subcommands_of(sub, "case")
    tasks = group(cases, "task", "follow-up tasks on cases: add, done, cancel, list")

    p = command(tasks, "add", cmd_task_add, Access.USER, "set a follow-up on a case")
    p.add_argument("ref", metavar="REF")
    p.add_argument(
        "--due", required=True, metavar="WHEN", help="YYYY-MM-DD HH:MM (UTC unless +HH:MM given)"
    )
    p.add_argument("--note", required=True, help="what to follow up")
    p.add_argument(
        "--assignee", metavar="USER", help="who follows up (default: the case's assignee, or you)"
    )

    p = command(tasks, "done", cmd_task_done, Access.USER, "mark a follow-up done")
    p.add_argument("id", type=whole_number("id"), metavar="ID")

    p = command(tasks, "cancel", cmd_task_cancel, Access.USER, "cancel a follow-up")
    p.add_argument("id", type=whole_number("id"), metavar="ID")
    p.add_argument("--reason")

    p = command(tasks, "list", cmd_task_list, Access.READER, "list follow-ups")
    p.add_argument("ref", nargs="?", metavar="REF", help="one case's follow-ups, done ones too")
    p.add_argument("--due", action="store_true", help="only yours whose due time has come")
    p.add_argument("--everyone", action="store_true", help="open follow-ups of every user")

    p = command(cases, "link", cmd_case_link, Access.USER, "link two cases (shown on both)")
    p.add_argument("ref", metavar="REF")
    p.add_argument("other", metavar="OTHER")
    p.add_argument("--reason")

    p = command(
        cases,
        "merge",
        cmd_case_merge,
        Access.USER,
        "merge a case into another: it closes with a pointer, its notes and evidence stay",
    )
    p.add_argument("ref", metavar="REF", help="the case that closes")
    p.add_argument("--into", required=True, metavar="OTHER", help="the case work goes on in")
    p.add_argument("--reason", required=True)
    p.add_argument(
        "--override", metavar="REASON", help="supervisors: merge even though remedies are open"
    )
    version_option(p)

    p = command(
        cases,
        "customer",
        cmd_case_customer,
        Access.READER,
        "the customer of a case: their cases, remedies in the policy window, scores",
    )
    p.add_argument("ref", metavar="REF")

    command(
        cases,
        "resolution-codes",
        cmd_resolution_codes,
        Access.READER,
        "the resolution codes `case status REF resolved --code` accepts",
    )
