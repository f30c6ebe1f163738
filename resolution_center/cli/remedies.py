"""The `remedy` and `policy` commands: thin handlers over the remedy and policy services.

The services hand back JSON-ready data (money as {"minor", "currency"}, times as ISO 8601 UTC
with 'Z'); `_output` turns it into the CLI's Output. Approve and reject ask for the acting user's
password again through the CLI's own reader (the prompt, or the next line of --password-stdin;
never an environment variable).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..domain.errors import ValidationError
from ..domain.money import Money, check_currency, parse_amount
from ..domain.remedy import RemedyAction, RemedyKind
from ..domain.remedy_record import REPLACEMENT_KINDS, Remedy, parse_lines
from .app import Access, App, Handler
from .output import Output
from .parsing import MAX_PAGE, Subcommands, case_argument, command, group, whole_number

Data = dict[str, Any] | list[Any]

LIST_COLUMNS = (
    "reference",
    "case",
    "state",
    "kind",
    "amount",
    "requester",
    "created_at",
    "expires_at",
    "explanation",
)


# ---- shaping ---------------------------------------------------------------------------------


def remedy_row(remedy: Remedy) -> dict[str, Any]:
    """One line of a list: what a person scans for, the explanation last."""
    full = remedy.to_json()
    return {key: full[key] for key in LIST_COLUMNS}


def _amount(text: str | None, currency: str, given: str | None) -> Money | None:
    """A plain decimal with a dot, in the order's currency ('1,5' and '10.001' EUR refused)."""
    if given:
        code = check_currency(given)
        if code != currency:
            raise ValidationError(
                f"the order is in {currency}: a remedy is paid in the order's currency, not "
                f"{code} (amounts are never converted)",
                field="currency",
            )
    return None if text is None else parse_amount(text, currency)


# ---- handlers --------------------------------------------------------------------------------


def cmd_propose(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    case = ctx.cases.get(args.case)
    amount = _amount(args.amount, case.order.currency, args.currency)
    if amount is None and args.kind not in {k.value for k in REPLACEMENT_KINDS}:
        raise ValidationError(
            "--amount is needed (only a replacement is valued from its order lines)", field="amount"
        )
    remedy = ctx.remedies.propose(
        case.reference, args.kind, amount, parse_lines(args.lines), args.reason
    )
    return _output(remedy.to_json(), "proposed")


def cmd_preview(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    case = ctx.cases.get(args.case)
    amount = _amount(args.amount, case.order.currency, args.currency)
    preview = ctx.remedies.preview(case.reference, args.kind, amount, parse_lines(args.lines))
    return _output(preview.to_json())


def cmd_show(app: App, args: argparse.Namespace) -> Output:
    remedies = app.ctx.remedies
    shown = remedies.show(args.ref).to_json()
    shown["actions"] = sorted(remedies.actions(args.ref))  # what you may do with it now
    return _output(shown)


def cmd_list(app: App, args: argparse.Namespace) -> Output:
    found = app.ctx.remedies.list(
        pending=args.pending, case_ref=args.case, limit=args.limit, offset=args.offset
    )
    return _output(
        {
            "items": [remedy_row(r) for r in found.items],
            "total": found.total,
            "limit": found.limit,
            "offset": found.offset,
        },
        columns=LIST_COLUMNS,
    )


def cmd_queue(app: App, args: argparse.Namespace) -> Output:
    return _output([item.to_json() for item in app.ctx.remedies.queue()], columns=LIST_COLUMNS)


def cmd_approve(app: App, args: argparse.Namespace) -> Output:
    remedies = app.ctx.remedies
    # An unknown reference, or a sign-off the rules refuse, fails before asking for a password.
    remedies.check(args.ref, RemedyAction.APPROVE)
    return _output(
        remedies.approve(args.ref, app.confirm_password(), args.note).to_json(), "signed off"
    )


def cmd_reject(app: App, args: argparse.Namespace) -> Output:
    remedies = app.ctx.remedies
    remedies.check(args.ref, RemedyAction.REJECT)
    return _output(
        remedies.reject(args.ref, app.confirm_password(), args.reason).to_json(), "rejected"
    )


def cmd_withdraw(app: App, args: argparse.Namespace) -> Output:
    return _output(app.ctx.remedies.withdraw(args.ref, args.reason).to_json(), "withdrawn")


def cmd_fulfil(app: App, args: argparse.Namespace) -> Output:
    return _output(app.ctx.remedies.fulfil(args.ref).to_json(), "fulfilled")


def cmd_edit(app: App, args: argparse.Namespace) -> Output:
    remedies = app.ctx.remedies
    current = remedies.show(args.ref)
    amount = _amount(args.amount, current.amount.currency, None)
    lines = parse_lines(args.lines) if args.lines is not None else None
    edited = remedies.edit(
        args.ref, args.version, amount=amount, kind=args.kind, reason=args.reason, lines=lines
    )
    return _output(edited.to_json(), "edited")


def cmd_policy_show(app: App, args: argparse.Namespace) -> Output:
    return _output(app.ctx.policies.show(args.version))


def cmd_policy_list(app: App, args: argparse.Namespace) -> Output:
    return _output([info.to_json() for info in app.ctx.policies.list()])


def cmd_policy_load(app: App, args: argparse.Namespace) -> Output:
    policies = app.ctx.policies
    policy = policies.load(Path(args.file))
    return _output(policies.info(policy.version).to_json())


def cmd_policy_preview(app: App, args: argparse.Namespace) -> Output:
    rows = app.ctx.remedies.preview_policy(Path(args.file))
    changed = [r for r in rows if r.changed]
    lines = [
        f"{r.remedy.reference}: {r.current.outcome.value} -> {r.edited.outcome.value}"
        for r in changed
    ]
    message = f"{len(changed)} of {len(rows)} pending remedies would change" + (
        ":\n" + "\n".join(lines) if lines else ""
    )
    data = {"pending": len(rows), "changed": len(changed), "remedies": [r.to_json() for r in rows]}
    return Output(data, message, brief=True)


# ---- shaping the services' data for the CLI's Output ------------------------------------------


def _message(data: Data, done: str) -> str:
    """The one line a person reads first in text mode: what was done to which remedy."""
    if not done or not isinstance(data, dict) or "reference" not in data or "state" not in data:
        return ""
    ref, state = data["reference"], data["state"]
    if done in ("signed off", "rejected"):
        signed = len(data["approvals"])
        return f"{ref} {done}: now {state} ({signed} of {data['approvals_needed']} sign-off(s))"
    return f"{ref} {done}: now {state}. {data['explanation']}"


def _money_for_text(value: Any) -> Any:
    """{"minor", "currency"} back to Money for the text formatter ('12.50 EUR'); JSON keeps
    the dict (the CLI's JSON encoder writes Money as exactly that)."""
    if isinstance(value, dict):
        if set(value) == {"minor", "currency"}:
            return Money(value["minor"], value["currency"])
        return {k: _money_for_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_money_for_text(v) for v in value]
    return value


def _output(data: Data, done: str = "", columns: tuple[str, ...] = ()) -> Output:
    shown = _money_for_text(data)
    if isinstance(shown, list):
        shown = {"items": shown, "total": len(shown), "limit": max(len(shown), 1), "offset": 0}
    return Output(shown, _message(shown, done), columns={"items": columns} if columns else {})


def register(sub: Subcommands) -> None:
    """Add the `remedy` and `policy` groups."""
    kinds = ", ".join(k.value for k in RemedyKind)
    remedies = group(sub, "remedy", "propose and sign off remedies")
    handler: Handler
    for name, handler, help_text in (
        ("propose", cmd_propose, "propose a remedy; authorized at once or queued for sign-off"),
        ("preview", cmd_preview, "what the policy would decide now, without storing anything"),
    ):
        p = command(remedies, name, handler, Access.USER, help_text)
        p.add_argument("case", metavar="CASE")
        p.add_argument("--kind", required=True, metavar="SLUG", help=kinds)
        p.add_argument(
            "--amount",
            metavar="AMOUNT",
            help="a plain decimal with a dot, in the order's currency (12.50); a "
            "replacement is valued from its lines",
        )
        p.add_argument(
            "--currency",
            metavar="CODE",
            help="optional check: refused unless it is the order's currency",
        )
        p.add_argument("--lines", metavar="N,N", help="order line numbers it covers (1,3)")
        if name == "propose":
            p.add_argument("--reason", required=True, help="why the customer gets it")
    p = command(remedies, "show", cmd_show, Access.READER, "show a remedy, its decision, sign-offs")
    p.add_argument("ref", metavar="ID")
    p = command(remedies, "list", cmd_list, Access.READER, "list remedies, newest first")
    p.add_argument(
        "--pending", action="store_true", help="only those awaiting sign-off, oldest first"
    )
    case_argument(p, required=False)
    p.add_argument(
        "--limit",
        type=whole_number("--limit", 1, MAX_PAGE),
        default=50,
        metavar="N",
        help=f"at most N remedies, 1 to {MAX_PAGE} (default 50)",
    )
    p.add_argument("--offset", type=whole_number("--offset", 0), default=0, metavar="N")
    command(
        remedies,
        "queue",
        cmd_queue,
        Access.READER,
        "the sign-off queue: pending remedies with their case's history",
    )
    p = command(
        remedies,
        "approve",
        cmd_approve,
        Access.USER,
        "sign off a remedy (asks for your password again)",
    )
    p.add_argument("ref", metavar="ID")
    p.add_argument("--note", help="a note kept with the sign-off")
    p = command(
        remedies,
        "reject",
        cmd_reject,
        Access.USER,
        "reject a remedy (asks for your password again)",
    )
    p.add_argument("ref", metavar="ID")
    p.add_argument("--reason", required=True, help="why (required)")
    p = command(remedies, "withdraw", cmd_withdraw, Access.USER, "withdraw a remedy")
    p.add_argument("ref", metavar="ID")
    p.add_argument("--reason")
    p = command(
        remedies,
        "fulfil",
        cmd_fulfil,
        Access.USER,
        "mark an authorized or approved remedy fulfilled",
    )
    p.add_argument("ref", metavar="ID")
    p = command(
        remedies,
        "edit",
        cmd_edit,
        Access.USER,
        "change a remedy's terms; it is decided again and earlier sign-offs lapse",
    )
    p.add_argument("ref", metavar="ID")
    p.add_argument(
        "--version",
        type=whole_number("--version"),
        required=True,
        metavar="N",
        help="the remedy version you last saw (refused if it changed since)",
    )
    p.add_argument("--kind", metavar="SLUG")
    p.add_argument("--amount", metavar="AMOUNT")
    p.add_argument("--lines", metavar="N,N")
    p.add_argument("--reason")

    policies = group(sub, "policy", "the remedy authorization policy")
    p = command(
        policies,
        "show",
        cmd_policy_show,
        Access.READER,
        "show the policy in force (or --version N)",
    )
    p.add_argument("--version", type=whole_number("--version"), metavar="N")
    command(policies, "list", cmd_policy_list, Access.READER, "list the loaded policy versions")
    p = command(
        policies,
        "load",
        cmd_policy_load,
        Access.USER,
        "load a new policy version from a TOML file (admins)",
    )
    p.add_argument("file", metavar="FILE")
    p = command(
        policies,
        "preview",
        cmd_policy_preview,
        Access.USER,
        "what a policy file would change for the pending remedies, without loading it (admins)",
    )
    p.add_argument("file", metavar="FILE")
