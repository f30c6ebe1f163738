"""The `offer` and `agreement` commands: thin handlers over the offer and agreement services."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from ..domain.errors import NotFound, UsageError, ValidationError, VerificationFailed
from ..domain.offer import Offer, OfferChannel
from ..services.session import Session
from .app import Access, App, progress_of
from .output import Output, page
from .parsing import (
    Subcommands,
    case_argument,
    command,
    given_case,
    group,
    multi,
    parse_date,
    whole_number,
)

OFFER_COLUMNS = (
    "reference",
    "round",
    "parent",
    "proposed_by",
    "state",
    "answered_by",
    "answered_via",
    "created_at",
    "response_due",
)
AGREEMENT_COLUMNS = (
    "number",
    "version",
    "state",
    "case",
    "offer",
    "total",
    "issued_at",
    "content_hash",
)
SHOW_COLUMNS = {
    "versions": ("version", "state", "issued_at", "issued_by", "content_hash"),
    "exports": ("version", "copy", "paper", "exported_by", "at", "file_sha256", "path"),
}


# ---- argument conversion ------------------------------------------------------------------


def _terms(args: argparse.Namespace) -> dict[str, Any] | None:
    """Offer terms from --terms-json, or built from --remedy/--obligation/--return-conditions."""
    built = args.remedy or args.obligation or args.return_conditions
    if args.terms_json is not None:
        if built:
            raise UsageError(
                "give the terms either as --terms-json or with --remedy/"
                "--obligation/--return-conditions, not both"
            )
        try:
            terms = json.loads(args.terms_json)
        except ValueError as e:
            raise ValidationError(f"--terms-json is not JSON: {e}", field="terms") from None
        if not isinstance(terms, dict):
            raise ValidationError("--terms-json must be a JSON object", field="terms")
        return terms
    if not built:
        return None
    remedies: list[dict[str, Any]] = []
    for raw in multi(args.remedy):
        ref, _, amount = raw.partition("=")
        remedies.append({"remedy": ref.strip(), **({"amount": amount.strip()} if amount else {})})
    obligations = []
    for raw in args.obligation or ():
        parts = raw.split("|", 2)
        if len(parts) != 3:
            raise ValidationError(
                f"--obligation {raw!r}: expected 'PARTY|YYYY-MM-DD|TEXT'", field="obligations"
            )
        party, deadline, text = parts
        obligations.append({"party": party.strip(), "deadline": deadline.strip(), "text": text})
    return {
        "remedies": remedies,
        "obligations": obligations,
        "return_conditions": args.return_conditions or "",
    }


def _deadline(values: list[str] | None) -> date | dict[str, date] | None:
    """--deadline DATE (every answering party) or --deadline PARTY=DATE (repeatable)."""
    if not values:
        return None
    if len(values) == 1 and "=" not in values[0]:
        return parse_date(values[0], "response_due")
    out: dict[str, date] = {}
    for raw in values:
        party, sep, day = raw.partition("=")
        if not sep:
            raise ValidationError(
                f"--deadline {raw!r}: with several deadlines write PARTY=YYYY-MM-DD",
                field="response_due",
            )
        when = parse_date(day, "response_due")
        if when is None:
            raise ValidationError(
                f"--deadline {raw!r}: the date after {party.strip()}= is missing",
                field="response_due",
            )
        out[party.strip()] = when
    return out


def _moment(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValidationError(
            f"{text!r} is not a time (2026-11-22T14:03:00Z)", field="accepted_at"
        ) from None
    if moment.tzinfo is None:
        raise ValidationError(
            "give the time with its zone, such as 2026-11-22T14:03:00Z", field="accepted_at"
        )
    return moment.astimezone(UTC)


def _offer_row(offer: Offer) -> dict[str, Any]:
    data = offer.to_json()
    return {k: data[k] for k in OFFER_COLUMNS}


def _agreement_data(ctx: Session, number: str, version: int | None = None) -> dict[str, Any]:
    versions = ctx.agreements.versions(number)
    found = [i for i in versions if version is None or i.version == version]
    if not found:
        raise NotFound(f"{number} has no version {version}", field="version")
    return found[-1].to_json()


# ---- offer ----------------------------------------------------------------------------------


def cmd_offer_add(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    terms = _terms(args)
    if terms is None:
        raise UsageError("an offer needs terms: --remedy RM-NNNNNN (repeatable) or --terms-json")
    offer = ctx.offers.add(
        args.case,
        args.by,
        terms,
        _deadline(args.deadline),
        args.parent,
        args.note or "",
        to=args.to,
        via=args.via,
    )
    return Output(offer.to_json(), f"offer {offer.reference} recorded (round {offer.round})")


def cmd_offer_answer(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    terms = _terms(args)
    offer = ctx.offers.answer(
        args.offer,
        args.answer,
        args.note or "",
        terms,
        by=args.by,
        response_due=_deadline(args.deadline),
        to=args.to,
        via=args.via,
    )
    if offer.reference != args.offer.strip().upper():
        message = f"{args.offer.strip().upper()} countered by {offer.reference}"
    else:
        message = f"{offer.reference} {offer.state.value}"
    return Output(offer.to_json(), message)


def cmd_offer_withdraw(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    offer = ctx.offers.withdraw(args.offer, args.note or "", via=args.via)
    return Output(offer.to_json(), f"{offer.reference} withdrawn", brief=True)


def cmd_offer_list(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    rows = [_offer_row(o) for o in ctx.offers.list(given_case(args, "offer list"))]
    return Output({"offers": rows}, columns={"offers": OFFER_COLUMNS})


def cmd_offer_show(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    return Output(ctx.offers.get(args.offer).to_json())


# ---- agreement ------------------------------------------------------------------------------


def cmd_agreement_create(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    a = ctx.agreements.create(
        args.case,
        args.offer,
        args.channel,
        _moment(args.accepted_at),
        args.acceptance_ref or "",
        language=args.language,
    )
    return Output(
        _agreement_data(ctx, a.number, a.version),
        f"drafted {a.number} version {a.version}; issue it with 'agreement issue'",
    )


def cmd_agreement_issue(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    a = ctx.agreements.issue(args.number)
    head = a.chain_head
    assert head is not None
    return Output(
        _agreement_data(ctx, a.number, a.version),
        f"issued {a.number} version {a.version} (audit event {head.seq})",
    )


def cmd_agreement_revise(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    a = ctx.agreements.revise(args.number, args.offer, args.reason or "")
    return Output(
        _agreement_data(ctx, a.number, a.version),
        f"drafted {a.number} version {a.version}; issuing it supersedes the last",
    )


def cmd_agreement_void(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    a = ctx.agreements.void(args.number, args.reason, args.version)
    return Output(
        _agreement_data(ctx, a.number, a.version),
        f"voided {a.number} version {a.version}",
        brief=True,
    )


def cmd_agreement_list(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    items = ctx.agreements.list(args.case, args.state, all_versions=args.all_versions)
    # Money stays Money here: the text table prints "257.59 EUR", JSON prints minor + currency.
    rows = [{k: getattr(i, k) for k in AGREEMENT_COLUMNS} for i in items]
    return Output(page(rows, len(rows), len(rows), 0), columns={"items": AGREEMENT_COLUMNS})


def cmd_agreement_show(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    svc = ctx.agreements
    paper = ctx.agreement_files.paper_text(args.number, args.version)
    data = _agreement_data(ctx, args.number, args.version)
    data["paper"] = paper
    data["versions"] = [i.to_json() for i in svc.versions(args.number)]
    data["exports"] = svc.exports(args.number)
    return Output(data, paper, columns=SHOW_COLUMNS)


def cmd_agreement_export(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    copy = "customer" if args.customer_copy else "internal"
    if args.issued_between:
        if args.number or args.output or args.version:
            raise UsageError(
                "--issued-between exports many files: give --to DIR, not a number, --version or -o"
            )
        if not args.to:
            raise UsageError("--issued-between needs --to DIR")
        first, last = (parse_date(x, "issued_between") for x in args.issued_between)
        if first is None or last is None:
            raise UsageError("--issued-between needs two dates (YYYY-MM-DD)")
        with progress_of(app.term, "exporting agreements") as progress:
            result = ctx.agreement_files.export_batch(
                (first, last), args.to, progress, copy, args.paper
            )
        return Output(
            result,
            f"exported {result['count']} agreement file(s) to {args.to}",
            columns={"files": ("number", "version", "state", "path")},
        )
    if not args.number or not args.output:
        raise UsageError("give NUMBER and -o FILE.pdf (or --issued-between A B --to DIR)")
    if args.to:
        raise UsageError("--to is for --issued-between; write one file with -o FILE.pdf")
    result = ctx.agreement_files.export(args.number, args.version, copy, args.paper, args.output)
    return Output(result, f"wrote {result['path']} (SHA-256 {result['file_sha256']})", brief=True)


def cmd_agreement_verify(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    result = ctx.agreement_files.verify_file(args.file)
    data = result.to_json()
    if not result.ok:
        app.term.show(Output(data, f"{result.kind}: {result.message}", brief=True))
        raise VerificationFailed(
            f"{args.file} is not a valid agreement: {result.kind}", kind=result.kind
        )
    return Output(data, f"genuine: {result.message}", brief=True)


def cmd_agreement_company(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    svc = ctx.agreements
    if args.name is None:
        if args.address or args.email or args.reference:
            raise UsageError("setting the company's details needs --name as well")
        return Output(svc.company().to_json())
    party = svc.set_company(args.name, args.address or (), args.email or "", args.reference or "")
    return Output(party.to_json(), f"company set to {party.name}")


# ---- registration -----------------------------------------------------------------------------


def _terms_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--terms-json",
        metavar="JSON",
        help='the whole terms: {"remedies": [...], "obligations": [...], '
        '"return_conditions": "..."}',
    )
    p.add_argument(
        "--remedy",
        action="append",
        metavar="RM-NNNNNN[=AMOUNT]",
        help="a remedy offered, its own amount unless one is given (repeatable)",
    )
    p.add_argument(
        "--obligation",
        action="append",
        metavar="'PARTY|YYYY-MM-DD|TEXT'",
        help="what a party does by when (repeatable)",
    )
    p.add_argument("--return-conditions", metavar="TEXT")
    p.add_argument(
        "--deadline",
        action="append",
        metavar="YYYY-MM-DD|PARTY=YYYY-MM-DD",
        help="when the answer is due (default: in 7 days); PARTY=DATE makes it to that party",
    )
    p.add_argument(
        "--to",
        action="append",
        metavar="PARTY",
        help="a party the offer is made to, who may answer it (repeatable; default: the "
        "customer and the company, the seller when its terms name it; a counter-offer: "
        "everyone in the round it answers)",
    )


def _via_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--via",
        choices=[c.value for c in OfferChannel],
        help="how the party said it",
    )


def _offer_commands(sub: Subcommands) -> None:
    offers = group(sub, "offer", "negotiate: offers and their answers")
    p = command(offers, "add", cmd_offer_add, Access.USER, "record an offer on a case")
    p.add_argument("case", metavar="CASE")
    p.add_argument("--by", required=True, metavar="customer|company|seller")
    p.add_argument("--parent", metavar="OF-NNNNNN", help="the open offer this one counters")
    p.add_argument("--note")
    _terms_options(p)
    _via_option(p)
    p = command(
        offers, "answer", cmd_offer_answer, Access.USER, "accept, decline or counter an open offer"
    )
    p.add_argument("offer", metavar="OFFER")
    p.add_argument("answer", choices=("accept", "decline", "counter"))
    p.add_argument(
        "--by",
        metavar="PARTY",
        help="who answers: any party the offer is made to (default: the other side)",
    )
    p.add_argument("--note")
    _terms_options(p)
    _via_option(p)
    p = command(offers, "withdraw", cmd_offer_withdraw, Access.USER, "withdraw an open offer")
    p.add_argument("offer", metavar="OFFER")
    p.add_argument("--note")
    _via_option(p)
    p = command(offers, "list", cmd_offer_list, Access.READER, "a case's offers, in order")
    case_argument(p, required=True)
    p = command(offers, "show", cmd_offer_show, Access.READER, "one offer and its terms")
    p.add_argument("offer", metavar="OFFER")


def _agreement_commands(sub: Subcommands) -> None:
    cmds = group(sub, "agreement", "agreements: draft, issue, export, verify")
    p = command(
        cmds,
        "create",
        cmd_agreement_create,
        Access.USER,
        "draft an agreement from an accepted offer",
    )
    p.add_argument("case", metavar="CASE")
    p.add_argument("--offer", required=True, metavar="OF-NNNNNN")
    p.add_argument("--channel", default="email", help="how the customer accepted (email)")
    p.add_argument("--accepted-at", metavar="ISO-TIME", help="default: when the offer was accepted")
    p.add_argument("--acceptance-ref", metavar="TEXT", help="message or call id")
    p.add_argument(
        "--language",
        choices=("en", "de"),
        help="what the agreement is written in (default: the customers' language setting)",
    )
    p = command(cmds, "issue", cmd_agreement_issue, Access.USER, "issue the draft")
    p.add_argument("number", metavar="NUMBER")
    p = command(
        cmds,
        "revise",
        cmd_agreement_revise,
        Access.USER,
        "draft the next version of an issued agreement",
    )
    p.add_argument("number", metavar="NUMBER")
    p.add_argument("--offer", metavar="OF-NNNNNN", help="a newer accepted offer")
    p.add_argument("--reason")
    p = command(
        cmds,
        "void",
        cmd_agreement_void,
        Access.USER,
        "void an issued agreement (supervisors) or discard a draft",
    )
    p.add_argument("number", metavar="NUMBER")
    p.add_argument("--reason", required=True)
    p.add_argument(
        "--version", type=whole_number("--version"), metavar="N", help="default: the latest"
    )
    p = command(cmds, "list", cmd_agreement_list, Access.READER, "list agreements")
    case_argument(p, required=False)
    p.add_argument("--state", metavar="draft|issued|superseded|voided")
    p.add_argument("--all-versions", action="store_true")
    p = command(
        cmds,
        "show",
        cmd_agreement_show,
        Access.READER,
        "what the printed agreement says, its versions and exports",
    )
    p.add_argument("number", metavar="NUMBER")
    p.add_argument("--version", type=whole_number("--version"), metavar="N")
    p = command(
        cmds,
        "export",
        cmd_agreement_export,
        Access.USER,
        "write the agreement as PDF, or every one issued in a period",
    )
    p.add_argument("number", metavar="NUMBER", nargs="?")
    p.add_argument(
        "--version", type=whole_number("--version"), metavar="N", help="default: the latest"
    )
    p.add_argument("-o", "--output", type=Path, metavar="FILE.pdf")
    p.add_argument("--customer-copy", action="store_true", help="without internal notes")
    p.add_argument("--paper", default="a4", choices=("a4", "letter"))
    p.add_argument(
        "--issued-between",
        nargs=2,
        metavar=("FIRST", "LAST"),
        help="dates YYYY-MM-DD, both included (UTC)",
    )
    p.add_argument("--to", type=Path, metavar="DIR", help="the folder for --issued-between")
    p = command(
        cmds,
        "verify",
        cmd_agreement_verify,
        Access.READER,
        "check an agreement PDF against the audit trail (exit 0: genuine)",
    )
    p.add_argument("file", type=Path, metavar="FILE.pdf")
    p = command(
        cmds,
        "company",
        cmd_agreement_company,
        Access.USER,
        "show the company agreements name, or set it (admins)",
    )
    p.add_argument("--name")
    p.add_argument("--address", action="append", metavar="LINE", help="one line (repeatable)")
    p.add_argument("--email")
    p.add_argument("--reference", metavar="TEXT", help="registration or VAT number")


def register(sub: Subcommands) -> None:
    """Add the `offer` and `agreement` groups."""
    _offer_commands(sub)
    _agreement_commands(sub)
