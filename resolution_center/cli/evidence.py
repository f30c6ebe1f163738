"""Evidence on a case: `case attach`, `case evidence`, `case evidence-save`, `evidence-withdraw`.

They join the `case` group, so `register` runs after cases.register.
"""

from __future__ import annotations

import argparse
from typing import Any

from ..domain.attachment import Attachment, size_text
from .app import Access, App
from .output import EVIDENCE_COLUMNS, Output, page
from .parsing import MAX_PAGE, Subcommands, command, subcommands_of, whole_number


def _row(attachment: Attachment) -> dict[str, Any]:
    return attachment.to_json()


def cmd_case_attach(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    stored = ctx.attachments.add_file(args.ref, args.file, args.description or "")
    reference = ctx.cases.get(stored.case_id).reference
    return Output(
        {"case": reference, **_row(stored)},
        f"attached {stored.file_name} ({stored.media_type}, {size_text(stored.size)}) to "
        f"{reference} as evidence {stored.id}",
        brief=True,
    )


def cmd_case_evidence(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    items = [_row(a) for a in ctx.attachments.list(args.ref, args.limit, args.offset)]
    total = ctx.attachments.count(args.ref)
    return Output(page(items, total, args.limit, args.offset), columns={"items": EVIDENCE_COLUMNS})


def cmd_case_evidence_save(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    result = ctx.attachments.save(args.id, args.path, case=args.ref, overwrite=args.force)
    return Output(
        result, f"saved evidence {result['id']} to {result['path']} (SHA-256 verified)", brief=True
    )


def cmd_case_evidence_withdraw(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    done = ctx.attachments.withdraw(args.id, args.reason, case=args.ref)
    return Output(
        _row(done),
        f"withdrew evidence {done.id} ({done.file_name}); it stays on record",
        brief=True,
    )


def register(sub: Subcommands) -> None:
    """Add the evidence commands to the `case` group."""
    cases = subcommands_of(sub, "case")
    p = command(
        cases,
        "attach",
        cmd_case_attach,
        Access.USER,
        "attach a file to a case as evidence (at most 25 MB)",
    )
    p.add_argument("ref", metavar="REF", help="case reference (RC-YYYY-NNNNNN) or id")
    p.add_argument("file", metavar="FILE", help="the photo, label, mail or document")
    p.add_argument("--description", metavar="TEXT", help="what it shows")

    p = command(
        cases,
        "evidence",
        cmd_case_evidence,
        Access.READER,
        "list a case's evidence (without the files' bytes)",
    )
    p.add_argument("ref", metavar="REF")
    p.add_argument(
        "--limit",
        type=whole_number("--limit", 1, MAX_PAGE),
        default=100,
        help=f"at most N files, 1 to {MAX_PAGE} (default 100)",
    )
    p.add_argument(
        "--offset", type=whole_number("--offset", 0), default=0, help="skip the first N files"
    )

    p = command(
        cases,
        "evidence-save",
        cmd_case_evidence_save,
        Access.READER,
        "write a piece of evidence to a file, checked against its recorded SHA-256",
    )
    p.add_argument("ref", metavar="REF")
    p.add_argument(
        "id",
        metavar="ID",
        type=whole_number("evidence id"),
        help="the evidence id (see 'case evidence')",
    )
    p.add_argument("path", metavar="PATH", help="the file to write")
    p.add_argument("--force", action="store_true", help="replace PATH if it exists")

    p = command(
        cases,
        "evidence-withdraw",
        cmd_case_evidence_withdraw,
        Access.USER,
        "withdraw evidence (added by mistake); it stays on record with the reason",
    )
    p.add_argument("ref", metavar="REF")
    p.add_argument("id", metavar="ID", type=whole_number("evidence id"))
    p.add_argument("--reason", required=True)
