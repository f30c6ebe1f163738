"""`review open|list|show|refresh|note|sign|export` and `review action add|done|list`: the recorded
periodic review on the command line."""

from __future__ import annotations

import argparse
from typing import Any

from ..domain.errors import UsageError
from ..domain.patterns import SECTION_TITLES, Section
from ..domain.review import Review, ReviewAction
from .app import Access, App
from .output import Output
from .parsing import Subcommands, command, group, parse_date, whole_number

ACTION_COLUMNS = ("id", "review", "due_on", "owner", "state", "body")
LIST_COLUMNS = ("id", "from", "to", "state", "opened_by", "signed_by", "open_actions")


def action_data(a: ReviewAction) -> dict[str, Any]:
    return {
        "id": a.id,
        "review": a.review_id,
        "period": f"{a.period_from} to {a.period_to}" if a.period_from else None,
        "body": a.body,
        "owner": a.owner,
        "due_on": a.due_on,
        "state": a.state.value,
        "created_by": a.created_by,
        "created_at": a.created_at,
        "done_by": a.done_by,
        "done_at": a.done_at,
    }


def review_data(r: Review, *, frozen: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": r.id,
        "from": r.period_from,
        "to": r.period_to,
        "state": r.state.value,
        "opened_by": r.opened_by,
        "opened_at": r.opened_at,
        "frozen_by": r.frozen_by,
        "frozen_at": r.frozen_at,
        "refreshes": r.refreshes,
        "signed_by": r.signed_by,
        "signed_at": r.signed_at,
        "sign_note": r.sign_note,
        "version": r.version,
        "notes": [
            {
                "id": n.id,
                "finding": n.finding,
                "body": n.body,
                "by": n.created_by,
                "at": n.created_at,
            }
            for n in r.notes
        ],
        "actions": [action_data(a) for a in r.actions],
    }
    if frozen:
        data["kpis"] = r.kpis
        data["patterns"] = r.patterns
    return data


def _findings_text(r: Review) -> str:
    lines = []
    sections = r.patterns.get("sections", {})
    for section in Section:
        found = sections.get(section.value, {}).get("findings", [])
        if found:
            lines.append(f"{SECTION_TITLES[section]}:")
            lines.extend(f"  {f['id']}  {f['label']}: {f['cases']} cases" for f in found)
    return "\n".join(lines) or "no findings"


def _shown(app: App, r: Review, message: str = "") -> Output:
    # JSON carries the frozen report and findings whole; text shows the findings' lines.
    data = review_data(r, frozen=app.term.json)
    text = f"{r.title} ({r.state.value})"
    if message:
        text = f"{message}\n{text}"
    return Output(
        data,
        text,
        columns={"notes": ("id", "finding", "by", "body"), "actions": ACTION_COLUMNS},
        text={"findings": _findings_text(r)},
    )


def cmd_open(app: App, args: argparse.Namespace) -> Output:
    start, end = parse_date(args.date_from, "from"), parse_date(args.date_to, "to")
    assert start is not None and end is not None  # required options
    review = app.ctx.reviews.open(start, end)
    return _shown(app, review, f"review {review.id} opened; figures and findings frozen")


def cmd_list(app: App, args: argparse.Namespace) -> Output:
    rows = [
        {
            "id": i,
            "from": a,
            "to": b,
            "state": s.value,
            "opened_by": o,
            "signed_by": g,
            "open_actions": n,
        }
        for i, a, b, s, o, g, n in app.ctx.reviews.list()
    ]
    return Output({"items": rows}, columns={"items": LIST_COLUMNS})


def cmd_show(app: App, args: argparse.Namespace) -> Output:
    return _shown(app, app.ctx.reviews.get(args.id))


def cmd_refresh(app: App, args: argparse.Namespace) -> Output:
    review = app.ctx.reviews.refresh(args.id)
    return _shown(app, review, f"review {review.id}: figures and findings frozen again")


def cmd_note(app: App, args: argparse.Namespace) -> Output:
    review = app.ctx.reviews.note(args.id, args.text, args.finding)
    return _shown(app, review, f"note added to review {review.id}")


def cmd_sign(app: App, args: argparse.Namespace) -> Output:
    reviews = app.ctx.reviews
    reviews.get(args.id)  # a missing review is said before the password prompt
    review = reviews.sign(args.id, app.confirm_password(), args.note)
    return _shown(app, review, f"review {review.id} signed off; it is read-only now")


def cmd_export(app: App, args: argparse.Namespace) -> Output:
    if not args.pdf and not args.csv:
        raise UsageError("say where: --pdf FILE and/or --csv DIR", field="pdf")
    reviews = app.ctx.reviews
    data: dict[str, Any] = {"review": args.id}
    lines = []
    if args.pdf:
        data["pdf"] = {"path": args.pdf, "sha256": reviews.export_pdf(args.id, args.pdf)}
        lines.append(f"PDF written to {args.pdf}")
    if args.csv:
        files = [str(p) for p in reviews.export_csv(args.id, args.csv)]
        data["csv"] = files
        lines.append(f"{len(files)} CSV files written to {args.csv}")
    return Output(data, "\n".join(lines), brief=True)


def cmd_action_add(app: App, args: argparse.Namespace) -> Output:
    action = app.ctx.reviews.add_action(args.id, args.text, args.owner, parse_date(args.due, "due"))
    return Output(
        action_data(action),
        f"action {action.id} of review {action.review_id} for {action.owner}, due {action.due_on}",
        brief=True,
    )


def cmd_action_done(app: App, args: argparse.Namespace) -> Output:
    action = app.ctx.reviews.finish_action(args.action)
    return Output(action_data(action), f"review action {action.id} done", brief=True)


def cmd_action_list(app: App, args: argparse.Namespace) -> Output:
    actions = app.ctx.reviews.open_actions(mine=not args.everyone)
    return Output({"items": [action_data(a) for a in actions]}, columns={"items": ACTION_COLUMNS})


def register(sub: Subcommands) -> None:
    g = group(sub, "review", "recorded periodic reviews: figures, findings, actions, sign-off")
    number = whole_number("ID")

    p = command(g, "open", cmd_open, Access.USER, "open a review for a period (supervisors)")
    p.add_argument("--from", dest="date_from", required=True, metavar="DATE")
    p.add_argument("--to", dest="date_to", required=True, metavar="DATE")

    command(g, "list", cmd_list, Access.USER, "the reviews, newest period first")

    p = command(g, "show", cmd_show, Access.USER, "a review: findings, notes, actions, sign-off")
    p.add_argument("id", type=number, metavar="ID")

    p = command(g, "refresh", cmd_refresh, Access.USER, "freeze an open review's figures again")
    p.add_argument("id", type=number, metavar="ID")

    p = command(g, "note", cmd_note, Access.USER, "note a finding (or the review) in words")
    p.add_argument("id", type=number, metavar="ID")
    p.add_argument("text", metavar="TEXT")
    p.add_argument("--finding", metavar="FINDING", help="the finding's id (see review show)")

    p = command(g, "sign", cmd_sign, Access.USER, "sign a review off (asks for your password)")
    p.add_argument("id", type=number, metavar="ID")
    p.add_argument("--note", metavar="TEXT", default="")

    p = command(g, "export", cmd_export, Access.USER, "the review as a PDF report and CSV files")
    p.add_argument("id", type=number, metavar="ID")
    p.add_argument("--pdf", metavar="FILE")
    p.add_argument("--csv", metavar="DIR")

    actions = group(g, "action", "a review's actions: add, done, list")
    p = command(actions, "add", cmd_action_add, Access.USER, "an action with an owner and due date")
    p.add_argument("id", type=number, metavar="ID")
    p.add_argument("text", metavar="TEXT")
    p.add_argument("--owner", required=True, metavar="USER")
    p.add_argument("--due", required=True, metavar="DATE")
    p = command(actions, "done", cmd_action_done, Access.USER, "mark a review action done")
    p.add_argument("action", type=number, metavar="ACTION")
    p = command(actions, "list", cmd_action_list, Access.USER, "open review actions (yours)")
    p.add_argument("--everyone", action="store_true", help="everyone's open actions")
