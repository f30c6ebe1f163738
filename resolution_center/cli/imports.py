"""The `import` command: bulk intake from another system's export, as an admin (or `system`).

`resolution-center import cfpb FILE.csv [--limit N] [--dry-run] [--batch N]` reads a CFPB
Consumer Complaint Database export with services.imports.read_cfpb_csv and hands the records to
import_cases: one transaction per batch, bad rows reported by row number and skipped.
"""

from __future__ import annotations

import argparse
import itertools
from pathlib import Path
from typing import Any

from ..domain.errors import UsageError
from ..services.imports import MAX_BATCH, import_cases, read_cfpb_csv
from .app import Access, App, progress_of
from .output import Output
from .parsing import Subcommands, command, whole_number

REJECTED_COLUMNS = ("row", "source_id", "message", "field")


def cmd_import_cfpb(app: App, args: argparse.Namespace) -> Output:
    path = Path(args.file)
    if not path.is_file():
        raise UsageError(f"cannot read {path}: no such file", field="file")
    records = read_cfpb_csv(path)
    if args.limit is not None:
        records = itertools.islice(records, args.limit)
    with progress_of(app.term, "checking" if args.dry_run else "importing") as progress:
        result = import_cases(
            app.ctx,
            records,
            batch=args.batch,
            dry_run=args.dry_run,
            progress=(lambda read, _imported: progress(read, 0)) if progress else None,
        )
    data: dict[str, Any] = {
        "source": "cfpb",
        "file": str(path),
        "dry_run": args.dry_run,
        **result.to_json(),
    }
    rejected = len(result.rejected)
    if args.dry_run:
        message = (
            f"dry run: {result.imported} of {result.read} complaints would be imported, "
            f"{rejected} rejected; nothing was written"
        )
    else:
        message = f"imported {result.imported} of {result.read} complaints"
        if result.imported:
            message += (
                f" as {result.first_reference} to {result.last_reference} "
                f"({result.events} audit events)"
            )
        message += f", {rejected} rejected" if rejected else ""
    return Output(data, message, columns={"rejected": REJECTED_COLUMNS})


def register(sub: Subcommands) -> None:
    """Add `import cfpb ...` to the CLI's sub-command parser."""
    group = sub.add_parser(
        "import", help="import cases from another system's export (admins)", allow_abbrev=False
    )
    sources = group.add_subparsers(dest="import_source", metavar="SOURCE", required=True)
    p = command(
        sources,
        "cfpb",
        cmd_import_cfpb,
        Access.OPTIONAL,
        "import a CFPB Consumer Complaint Database CSV export (bad rows are listed and skipped)",
    )
    p.add_argument("file", metavar="FILE.csv")
    p.add_argument(
        "--limit", type=whole_number("--limit"), metavar="N", help="only the first N complaints"
    )
    p.add_argument(
        "--dry-run", action="store_true", help="read and check every complaint, write nothing"
    )
    p.add_argument(
        "--batch",
        type=whole_number("--batch", 1, MAX_BATCH),
        default=5000,
        metavar="N",
        help="complaints per transaction (default 5000)",
    )
