"""The `remedy` and `policy` commands: thin handlers over the remedy and policy services.

Handlers take (ctx, args) and return JSON-ready data: money as {"minor", "currency"}, times as
ISO 8601 UTC with 'Z'. `add_parsers(sub)` registers them on resolution_center.cli's
sub-command parser, with an adapter that turns the data into the CLI's Output and hands
approve/reject the CLI's own password reader (the prompt, or the next line of --password-stdin;
never an environment variable).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .domain.errors import AuthenticationError, ValidationError
from .domain.money import Money, check_currency, parse_amount
from .domain.remedy import RemedyKind
from .domain.remedy_record import REPLACEMENT_KINDS, Remedy, parse_lines
from .services.context import Context

Data = dict[str, Any] | list[Any]
Handler = Callable[[Context, argparse.Namespace], Data]

LIST_COLUMNS = ("reference", "case", "state", "kind", "amount", "requester", "created_at",
                "expires_at", "explanation")  # fmt: skip


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
                f"{code} (amounts are never converted)", field="currency")  # fmt: skip
    return None if text is None else parse_amount(text, currency)


def _password(args: argparse.Namespace) -> str:
    """The password again: the CLI's reader when wired, else a prompt on a terminal."""
    reader = getattr(args, "confirm_password", None)
    if reader is not None:
        return str(reader())
    if sys.stdin.isatty():
        return getpass.getpass("password again to sign off: ")
    raise AuthenticationError(
        "signing off needs your password again: run it on a terminal "
        "or pass it on standard input with --password-stdin"
    )


# ---- handlers --------------------------------------------------------------------------------


def cmd_propose(ctx: Context, args: argparse.Namespace) -> Data:
    case = ctx.cases.get(args.case)
    amount = _amount(args.amount, case.order.currency, args.currency)
    if amount is None and args.kind not in {k.value for k in REPLACEMENT_KINDS}:
        raise ValidationError(
            "--amount is needed (only a replacement is valued from its order lines)", field="amount"
        )
    remedy = ctx.remedies.propose(
        case.reference, args.kind, amount, parse_lines(args.lines), args.reason
    )
    return remedy.to_json()


def cmd_preview(ctx: Context, args: argparse.Namespace) -> Data:
    case = ctx.cases.get(args.case)
    amount = _amount(args.amount, case.order.currency, args.currency)
    return ctx.remedies.preview(
        case.reference, args.kind, amount, parse_lines(args.lines)
    ).to_json()


def cmd_show(ctx: Context, args: argparse.Namespace) -> Data:
    return ctx.remedies.show(args.ref).to_json()


def cmd_list(ctx: Context, args: argparse.Namespace) -> Data:
    found = ctx.remedies.list(
        pending=args.pending, case_ref=args.case, limit=args.limit, offset=args.offset
    )
    return {"items": [remedy_row(r) for r in found.items], "total": found.total,
            "limit": found.limit, "offset": found.offset}  # fmt: skip


def cmd_queue(ctx: Context, args: argparse.Namespace) -> Data:
    return [item.to_json() for item in ctx.remedies.queue()]


def cmd_approve(ctx: Context, args: argparse.Namespace) -> Data:
    ctx.remedies.show(args.ref)  # an unknown reference fails before asking for a password
    return ctx.remedies.approve(args.ref, _password(args), args.note).to_json()


def cmd_reject(ctx: Context, args: argparse.Namespace) -> Data:
    ctx.remedies.show(args.ref)
    return ctx.remedies.reject(args.ref, _password(args), args.reason).to_json()


def cmd_withdraw(ctx: Context, args: argparse.Namespace) -> Data:
    return ctx.remedies.withdraw(args.ref, args.reason).to_json()


def cmd_fulfil(ctx: Context, args: argparse.Namespace) -> Data:
    return ctx.remedies.fulfil(args.ref).to_json()


def cmd_edit(ctx: Context, args: argparse.Namespace) -> Data:
    current = ctx.remedies.show(args.ref)
    amount = _amount(args.amount, current.amount.currency, None)
    lines = parse_lines(args.lines) if args.lines is not None else None
    return ctx.remedies.edit(
        args.ref, args.version, amount=amount, kind=args.kind, reason=args.reason, lines=lines
    ).to_json()


def cmd_policy_show(ctx: Context, args: argparse.Namespace) -> Data:
    return ctx.policies.show(args.version)


def cmd_policy_list(ctx: Context, args: argparse.Namespace) -> Data:
    return [info.to_json() for info in ctx.policies.list()]


def cmd_policy_load(ctx: Context, args: argparse.Namespace) -> Data:
    policy = ctx.policies.load(Path(args.file))
    return ctx.policies.info(policy.version).to_json()


def _message(name: str, data: Data) -> str:
    """The one line a person reads first in text mode."""
    if not isinstance(data, dict) or "reference" not in data or "state" not in data:
        return ""
    ref, state = data["reference"], data["state"]
    if name in ("approve", "reject"):
        signed = len(data["approvals"])
        return (f"{ref} {'signed off' if name == 'approve' else 'rejected'}: now {state} "
                f"({signed} of {data['approvals_needed']} sign-off(s))")  # fmt: skip
    words = {"propose": "proposed", "withdraw": "withdrawn", "fulfil": "fulfilled",
             "edit": "edited"}  # fmt: skip
    if name not in words:
        return ""
    return f"{ref} {words[name]}: now {state}. {data['explanation']}"


# ---- wiring into resolution_center.cli --------------------------------------------------------


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


def _adapt(name: str, handler: Handler) -> Callable[..., Any]:
    def run(app: Any, ctx: Context | None, args: argparse.Namespace) -> Any:
        from .cli import Output  # here, not at import: cli.py imports this module

        assert ctx is not None
        if name in ("approve", "reject"):
            args.confirm_password = lambda: app.passwords.current(ctx.actor.username)
        data = _money_for_text(handler(ctx, args))
        if isinstance(data, list):
            data = {"items": data, "total": len(data), "limit": max(len(data), 1), "offset": 0}
        columns = {"items": LIST_COLUMNS} if name in ("list", "queue") else {}
        return Output(data, _message(name, data), columns=columns)

    return run


def add_parsers(sub: Any) -> None:
    """Add `remedy ...` and `policy ...` to the CLI's sub-command parser."""
    from .cli import MAX_PAGE, Access, whole_number  # here: cli.py imports this module

    def command(
        group: Any, name: str, handler: Handler, access: Any, help_text: str
    ) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = group.add_parser(
            name, help=help_text, description=help_text, allow_abbrev=False
        )
        parser.set_defaults(handler=_adapt(name, handler), access=access)
        return parser

    kinds = ", ".join(k.value for k in RemedyKind)
    remedy = sub.add_parser("remedy", help="propose and sign off remedies", allow_abbrev=False)
    group = remedy.add_subparsers(dest="remedy_command", metavar="COMMAND", required=True)
    for name, handler, help_text in (
        ("propose", cmd_propose, "propose a remedy; authorized at once or queued for sign-off"),
        ("preview", cmd_preview, "what the policy would decide now, without storing anything"),
    ):
        p = command(group, name, handler, Access.USER, help_text)
        p.add_argument("case", metavar="CASE")
        p.add_argument("--kind", required=True, metavar="SLUG", help=kinds)
        p.add_argument("--amount", metavar="AMOUNT",
                       help="a plain decimal with a dot, in the order's currency (12.50); a "
                            "replacement is valued from its lines")  # fmt: skip
        p.add_argument(
            "--currency",
            metavar="CODE",
            help="optional check: refused unless it is the order's currency",
        )
        p.add_argument("--lines", metavar="N,N", help="order line numbers it covers (1,3)")
        if name == "propose":
            p.add_argument("--reason", required=True, help="why the customer gets it")
    p = command(group, "show", cmd_show, Access.READER, "show a remedy, its decision, sign-offs")
    p.add_argument("ref", metavar="ID")
    p = command(group, "list", cmd_list, Access.READER, "list remedies, newest first")
    p.add_argument(
        "--pending", action="store_true", help="only those awaiting sign-off, oldest first"
    )
    p.add_argument("--case", metavar="REF", help="only this case's")
    p.add_argument(
        "--limit",
        type=whole_number("--limit", 1, MAX_PAGE),
        default=50,
        metavar="N",
        help=f"at most N remedies, 1 to {MAX_PAGE} (default 50)",
    )
    p.add_argument("--offset", type=whole_number("--offset", 0), default=0, metavar="N")
    command(
        group,
        "queue",
        cmd_queue,
        Access.READER,
        "the sign-off queue: pending remedies with their case's history",
    )
    p = command(
        group,
        "approve",
        cmd_approve,
        Access.USER,
        "sign off a remedy (asks for your password again)",
    )
    p.add_argument("ref", metavar="ID")
    p.add_argument("--note", help="a note kept with the sign-off")
    p = command(
        group, "reject", cmd_reject, Access.USER, "reject a remedy (asks for your password again)"
    )
    p.add_argument("ref", metavar="ID")
    p.add_argument("--reason", required=True, help="why (required)")
    p = command(group, "withdraw", cmd_withdraw, Access.USER, "withdraw a remedy")
    p.add_argument("ref", metavar="ID")
    p.add_argument("--reason")
    p = command(
        group, "fulfil", cmd_fulfil, Access.USER, "mark an authorized or approved remedy fulfilled"
    )
    p.add_argument("ref", metavar="ID")
    p = command(
        group,
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

    policy = sub.add_parser("policy", help="the remedy authorization policy", allow_abbrev=False)
    group = policy.add_subparsers(dest="policy_command", metavar="COMMAND", required=True)
    p = command(
        group, "show", cmd_policy_show, Access.READER, "show the policy in force (or --version N)"
    )
    p.add_argument("--version", type=whole_number("--version"), metavar="N")
    command(group, "list", cmd_policy_list, Access.READER, "list the loaded policy versions")
    p = command(
        group,
        "load",
        cmd_policy_load,
        Access.USER,
        "load a new policy version from a TOML file (admins)",
    )
    p.add_argument("file", metavar="FILE")
