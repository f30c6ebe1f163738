"""The `case` commands: list, show, new, update, status, assign, note, escalate, deescalate."""

from __future__ import annotations

import argparse
from typing import Any

from ..domain.case import (
    Case,
    CaseDraft,
    CaseFilter,
    CaseQuery,
    Channel,
    Customer,
    Order,
    Priority,
    Status,
    Tier,
    parse_enum,
)
from ..domain.errors import UsageError
from ..domain.money import check_currency, parse_amount
from ..domain.sla import SlaState
from ..domain.trail_text import TrailText
from ..services.session import Session
from .app import Access, App
from .follow_ups import LINK_COLUMNS, TASK_COLUMNS, link_data, task_data
from .output import (
    EVIDENCE_COLUMNS,
    TRAIL_COLUMNS,
    Output,
    case_data,
    note_data,
    page,
    row_data,
    trail_data,
    trail_lines,
)
from .parsing import (
    MAX_PAGE,
    Subcommands,
    command,
    group,
    multi,
    parse_date,
    parse_item,
    version_option,
    whole_number,
)

LIST_COLUMNS = (
    "reference",
    "status",
    "priority",
    "tier",
    "sla",
    "assignee",
    "updated_at",
    "subject",
)
SHOW_COLUMNS = {
    "order.items": ("line_no", "sku", "product", "seller", "quantity", "unit_price", "total"),
    "notes": ("id", "created_at", "author", "to_customer", "body"),
    "evidence": EVIDENCE_COLUMNS,
    "tasks": TASK_COLUMNS,
    "links": LINK_COLUMNS,
    "trail": TRAIL_COLUMNS,
}


def case_filter(ctx: Session, args: argparse.Namespace) -> CaseFilter:
    """The case list's filters as typed (`add_filter_arguments`); the KPI report takes them too."""
    # An unknown category is a typo, not an empty result: say so and list the known ones.
    categories = tuple(ctx.taxonomy.check(slug, None)[0] for slug in multi(args.category))
    assignee = args.assignee
    if assignee is not None and assignee.strip().lower() == "none":
        assignee = ""
    return CaseFilter(
        statuses=tuple(parse_enum(Status, s, "status") for s in multi(args.status)),
        categories=categories,
        priorities=tuple(parse_enum(Priority, p, "priority") for p in multi(args.priority)),
        tiers=tuple(parse_enum(Tier, t, "tier") for t in multi(args.tier)),
        channels=tuple(parse_enum(Channel, c, "channel") for c in multi(args.channel)),
        assignee=assignee.strip().lower() if assignee else assignee,
        sla_states=tuple(parse_enum(SlaState, s, "sla").value for s in multi(args.sla)),
        search=args.search or "",
        open_only=args.open,
    )


def add_filter_arguments(p: argparse.ArgumentParser) -> None:
    multi_help = " (repeatable, or comma-separated)"
    p.add_argument("--status", action="append", help="status" + multi_help)
    p.add_argument("--category", action="append", help="category slug" + multi_help)
    p.add_argument("--priority", action="append", help="priority" + multi_help)
    p.add_argument("--tier", action="append", help="tier" + multi_help)
    p.add_argument("--channel", action="append", help="channel" + multi_help)
    p.add_argument("--assignee", metavar="USER|none", help="assigned to USER, or to nobody")
    p.add_argument(
        "--sla",
        action="append",
        metavar="on-time|due-soon|overdue|paused|met|missed",
        help="SLA state" + multi_help,
    )
    p.add_argument("--open", action="store_true", help="only cases not resolved or closed")
    p.add_argument("--search", metavar="TEXT", help="words in reference, customer, order, text")


def cmd_case_list(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    query = CaseQuery(case_filter(ctx, args), sort=args.sort, limit=args.limit, offset=args.offset)
    result = ctx.cases.list(query)
    now = ctx.now()
    data = page([row_data(r, now) for r in result.items], result.total, result.limit, result.offset)
    # A word in most cases is not counted (it grows with the database): `total` is "more than".
    data["total_exact"] = result.total_exact
    return Output(data, columns={"items": LIST_COLUMNS})


def cmd_case_show(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    case = ctx.cases.get(args.ref)
    data = case_data(case, ctx)
    data["notes"] = [note_data(n) for n in ctx.cases.notes(case.id)]
    data["evidence"] = [a.to_json() for a in ctx.attachments.list(case.id)]
    data["tasks"] = [task_data(t) for t in ctx.follow_ups.for_case(case.id)]
    data["links"] = [link_data(link) for link in ctx.case_links.links(case.id)]
    trail = ctx.audit.case_trail(case.id)
    data["trail"] = [trail_data(t) for t in trail]
    text = {"trail": trail_lines(trail, TrailText(ctx.taxonomy))}
    return Output(data, columns=SHOW_COLUMNS, text=text)


def _description(app: App, args: argparse.Namespace) -> str | None:
    if args.description_file is not None:
        return app.read_text(args.description_file, "description")
    return args.description


def cmd_case_new(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    currency = check_currency(args.currency)
    order = Order(
        args.order_number,
        currency,
        parse_amount(args.order_total, currency),
        parse_amount(args.shipping, currency),
        parse_date(args.order_date, "order_date"),
        tuple(parse_item(raw, currency) for raw in args.item or ()),
    )
    draft = CaseDraft(
        customer=Customer(args.customer_name, args.customer_email, args.customer_phone or ""),
        order=order,
        category=args.category,
        subject=args.subject,
        description=_description(app, args) or "",
        subcategory=args.subcategory,
        channel=parse_enum(Channel, args.channel, "channel"),
        priority=parse_enum(Priority, args.priority, "priority"),
        safety_hazard=args.safety_hazard,
        tags=tuple(multi(args.tag)),
    )
    # A second complaint about one order is real, so a likely duplicate is a warning, not a
    # refusal: it is printed with the new case and kept in the JSON (`likely_duplicates`).
    duplicates = ctx.case_links.likely_duplicates(draft.customer.email, draft.order.number)
    case = ctx.cases.create(draft)
    output = _case_output(
        case,
        ctx,
        f"created {case.reference}: {case.status}, "
        f"priority {case.priority} (version {case.version})"
        + (f"\nwarning: {duplicates.warning}" if duplicates.warning else ""),
    )
    output.data["likely_duplicates"] = [d.reference for d in duplicates.found]
    return output


def _case_output(case: Case, ctx: Session, message: str) -> Output:
    return Output(case_data(case, ctx), message, brief=True)


def cmd_case_update(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    changes: dict[str, Any] = {}
    for name in (
        "subject",
        "category",
        "subcategory",
        "priority",
        "channel",
        "tags",
        "safety_hazard",
    ):
        value = getattr(args, name)
        if value is not None:
            changes[name] = value
    description = _description(app, args)
    if description is not None:
        changes["description"] = description
    if not changes:
        raise UsageError("nothing to update: give at least one field option (see --help)")
    case = ctx.cases.update(args.ref, args.version, changes)
    return _case_output(
        case, ctx, f"updated {case.reference}: {', '.join(changes)} (version {case.version})"
    )


def cmd_case_status(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    case = ctx.cases.change_status(
        args.ref,
        args.status,
        args.version,
        args.reason,
        code=args.code,
        summary=args.summary,
        override=args.override,
    )
    return _case_output(
        case, ctx, f"{case.reference} is now {case.status} (version {case.version})"
    )


def cmd_case_assign(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    user = None if args.assignee.strip().lower() == "none" else args.assignee
    case = ctx.cases.assign(args.ref, user, args.version)
    who = case.assignee or "nobody"
    return _case_output(
        case,
        ctx,
        f"{case.reference} assigned to {who}, status {case.status} (version {case.version})",
    )


def cmd_case_escalate(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    case = ctx.cases.escalate(args.ref, args.reason, args.version, to=args.to)
    return _case_output(case, ctx, _moved_text(case, "escalated"))


def cmd_case_deescalate(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    case = ctx.cases.deescalate(args.ref, args.reason, args.version, to=args.to)
    return _case_output(case, ctx, _moved_text(case, "de-escalated"))


def _moved_text(case: Case, verb: str) -> str:
    held = f"assigned to {case.assignee}" if case.assignee else "waiting in its queue"
    return (
        f"{case.reference} {verb} to tier {case.tier}, {held}, status {case.status} "
        f"(version {case.version})"
    )


def cmd_case_note(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    body = app.read_text(args.file, "note") if args.file is not None else args.text
    note = ctx.cases.add_note(args.ref, body, to_customer=args.to_customer)
    case = ctx.cases.get(note.case_id)
    data = {"case": case.reference, **note_data(note)}
    kind = "message to the customer" if args.to_customer else "internal note"
    return Output(data, f"{kind} {note.id} added to {case.reference}", brief=True)


def register(sub: Subcommands) -> None:
    """Add the `case` group and its commands."""
    cases = group(sub, "case", "work on cases")

    p = command(cases, "list", cmd_case_list, Access.READER, "list cases, filtered and sorted")
    add_filter_arguments(p)
    p.add_argument(
        "--sort",
        default="-updated",
        metavar="KEY|-KEY",
        help="updated, created, priority, due, reference or status; "
        "a minus for descending: -created (default -updated)",
    )
    p.add_argument(
        "--limit",
        type=whole_number("--limit", 1, MAX_PAGE),
        default=50,
        help=f"at most N cases, 1 to {MAX_PAGE} (default 50)",
    )
    p.add_argument(
        "--offset", type=whole_number("--offset", 0), default=0, help="skip the first N cases"
    )

    p = command(
        cases,
        "show",
        cmd_case_show,
        Access.READER,
        "show a case: all fields, order items, notes and its audit trail",
    )
    p.add_argument("ref", metavar="REF", help="case reference (RC-YYYY-NNNNNN) or id")

    p = command(cases, "new", cmd_case_new, Access.USER, "open a new case")
    p.add_argument("--customer-name", required=True)
    p.add_argument("--customer-email", required=True)
    p.add_argument("--customer-phone")
    p.add_argument("--order-number", required=True)
    p.add_argument("--currency", required=True, help="ISO 4217 code, such as EUR")
    p.add_argument("--order-total", required=True, metavar="AMOUNT", help="plain decimal: 12.50")
    p.add_argument("--shipping", default="0", metavar="AMOUNT", help="plain decimal: 4.99")
    p.add_argument("--order-date", metavar="YYYY-MM-DD")
    p.add_argument(
        "--item",
        action="append",
        metavar="'SKU|Product|Seller|QTY|PRICE'",
        help="an order line (repeatable)",
    )
    p.add_argument("--category", required=True)
    p.add_argument("--subcategory")
    p.add_argument("--channel", default=Channel.EMAIL.value)
    p.add_argument("--priority", default=Priority.NORMAL.value)
    p.add_argument("--safety-hazard", action="store_true")
    p.add_argument("--subject", required=True)
    one_of = p.add_mutually_exclusive_group()
    one_of.add_argument("--description", metavar="TEXT")
    one_of.add_argument("--description-file", metavar="FILE", help="UTF-8 text; '-' for stdin")
    p.add_argument("--tag", action="append", help="a tag (repeatable, or comma-separated)")

    p = command(cases, "update", cmd_case_update, Access.USER, "edit a case's details")
    p.add_argument("ref", metavar="REF")
    version_option(p)
    p.add_argument("--subject")
    one_of = p.add_mutually_exclusive_group()
    one_of.add_argument("--description", metavar="TEXT")
    one_of.add_argument("--description-file", metavar="FILE", help="UTF-8 text; '-' for stdin")
    p.add_argument("--category")
    p.add_argument("--subcategory")
    p.add_argument("--priority")
    p.add_argument("--channel")
    p.add_argument("--tags", metavar="a,b", help="the new tags, comma-separated ('' for none)")
    p.add_argument("--safety-hazard", action=argparse.BooleanOptionalAction, default=None)

    p = command(cases, "status", cmd_case_status, Access.USER, "change a case's status")
    p.add_argument("ref", metavar="REF")
    p.add_argument("status", metavar="NEW", help=", ".join(s.value for s in Status))
    p.add_argument("--reason", help="why (needed to reopen a resolved or closed case)")
    p.add_argument("--code", help="resolving: the resolution code (see `case resolution-codes`)")
    p.add_argument("--summary", help="resolving: what was done, in a sentence or two")
    p.add_argument(
        "--override",
        metavar="REASON",
        help="supervisors: close although remedies are authorized or approved and not carried out",
    )
    version_option(p)

    p = command(cases, "assign", cmd_case_assign, Access.USER, "assign a case")
    p.add_argument("ref", metavar="REF")
    p.add_argument("assignee", metavar="USER|none")
    version_option(p)

    p = command(cases, "note", cmd_case_note, Access.USER, "add a note to a case")
    p.add_argument("ref", metavar="REF")
    one_of = p.add_mutually_exclusive_group(required=True)
    one_of.add_argument("--text", metavar="TEXT")
    one_of.add_argument("--file", metavar="FILE", help="UTF-8 text; '-' for stdin")
    p.add_argument(
        "--to-customer",
        action="store_true",
        help="a message to the customer (the first one is the SLA's first response)",
    )

    for name, handler, what in (
        ("escalate", cmd_case_escalate, "escalate a case to the next tier's queue"),
        ("deescalate", cmd_case_deescalate, "hand a case back to the tier below's queue"),
    ):
        p = command(cases, name, handler, Access.USER, what)
        p.add_argument("ref", metavar="REF")
        p.add_argument("--reason", required=True)
        p.add_argument(
            "--to", metavar="USER", help="a member of that tier's queue (default: nobody yet)"
        )
        version_option(p)
