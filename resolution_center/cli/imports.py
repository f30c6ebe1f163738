"""The `import` command: bulk intake from another system's export, as an admin (or `system`).

`resolution-center import csv FILE --mapping MAPPING [--dry-run] [--encoding ENC] [--join
NAME=PATH]` reads a CSV export through a mapping (a shipped preset's name, or a .toml file; see
services/import_mapping.py) and hands the records to import_cases: the file is checked whole
first, then written one transaction per batch; a row a case already has (by source system and
id) is reported as already present, a bad row as refused. `import cfpb FILE` is `import csv
FILE --mapping cfpb`.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..domain.errors import UsageError
from ..services.import_files import import_export
from ..services.import_mapping import load_mapping, preset_names
from ..services.imports import MAX_BATCH
from .app import Access, App, progress_of
from .output import Output
from .parsing import Subcommands, command, whole_number

REJECTED_COLUMNS = ("row", "source_id", "message", "field")
PRESENT_COLUMNS = ("row", "source_id", "reference", "first_row")
ROW_COLUMNS = ("row", "source_id", "outcome", "detail")


def _joins(values: list[str] | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for value in values or ():
        name, sep, path = value.partition("=")
        if not sep or not name or not path:
            raise UsageError(f"--join {value!r}: write it as NAME=PATH", field="join")
        out[name.strip()] = path
    return out


def _run(app: App, args: argparse.Namespace, mapping_name: str, noun: str) -> Output:
    path = Path(args.file)
    if not path.is_file():
        raise UsageError(f"cannot read {path}: no such file", field="file")
    mapping = load_mapping(mapping_name)
    what = "checking" if args.dry_run else "importing"
    with progress_of(app.term, what, bar=True, force=args.progress) as progress:
        export, result = import_export(
            app.ctx,
            path,
            mapping,
            encoding=args.encoding,
            joins=_joins(getattr(args, "join", None)),
            limit=args.limit,
            batch=args.batch,
            dry_run=args.dry_run,
            report=args.dry_run,
            progress=progress,
        )
    data: dict[str, Any] = {
        "source": mapping.system,
        "mapping": mapping.name,
        "file": str(path),
        "encoding": export.encoding,
        "dry_run": args.dry_run,
        "skipped": export.skipped,
        **result.to_json(),
    }
    rejected, present = len(result.rejected), len(result.present)
    if args.dry_run:
        message = (
            f"dry run: {result.imported} of {result.read} {noun} would be imported, "
            f"{present} already present, {rejected} refused; nothing was written"
        )
    else:
        message = f"imported {result.imported} of {result.read} {noun}"
        if result.imported:
            message += (
                f" as {result.first_reference} to {result.last_reference} "
                f"({result.events} audit events)"
            )
        if present:
            message += f", {present} already present"
        message += f", {rejected} refused" if rejected else ""
    if export.skipped and mapping.filter is not None:
        message += f"; {export.skipped} rows skipped (kept: {mapping.filter.describe()})"
    return Output(
        data,
        message,
        columns={
            "rejected": REJECTED_COLUMNS,
            "already_present": PRESENT_COLUMNS,
            "rows": ROW_COLUMNS,
        },
    )


def cmd_import_csv(app: App, args: argparse.Namespace) -> Output:
    return _run(app, args, args.mapping, "rows")


def cmd_import_cfpb(app: App, args: argparse.Namespace) -> Output:
    return _run(app, args, "cfpb", "complaints")


def _common(p: argparse.ArgumentParser, noun: str) -> None:
    p.add_argument("file", metavar="FILE.csv")
    p.add_argument(
        "--limit", type=whole_number("--limit"), metavar="N", help=f"only the first N {noun}"
    )
    p.add_argument(
        "--dry-run",
        action="store_true",
        help="read and check every row, report row by row what would be created, write nothing",
    )
    p.add_argument(
        "--encoding",
        metavar="ENC",
        help="the file's encoding (default: the mapping's, else detected)",
    )
    p.add_argument(
        "--batch",
        type=whole_number("--batch", 1, MAX_BATCH),
        default=5000,
        metavar="N",
        help=f"{noun} per transaction (default 5000)",
    )
    p.add_argument(
        "--progress",
        action="store_true",
        help="draw the progress bar on standard error even when it is not a terminal",
    )


def register(sub: Subcommands) -> None:
    """Add `import csv ...` and `import cfpb ...` to the CLI's sub-command parser."""
    group = sub.add_parser(
        "import", help="import cases from another system's export (admins)", allow_abbrev=False
    )
    sources = group.add_subparsers(dest="import_source", metavar="SOURCE", required=True)
    p = command(
        sources,
        "csv",
        cmd_import_csv,
        Access.OPTIONAL,
        "import a CSV export through a mapping (rows already imported are reported, not added)",
    )
    _common(p, "rows")
    p.add_argument(
        "--mapping",
        required=True,
        metavar="MAPPING",
        help=f"a mapping file (.toml) or a shipped preset: {', '.join(preset_names())}",
    )
    p.add_argument(
        "--join",
        action="append",
        metavar="NAME=PATH",
        help="where a file the mapping joins is (default: the mapping's name for it, beside FILE)",
    )
    p = command(
        sources,
        "cfpb",
        cmd_import_cfpb,
        Access.OPTIONAL,
        "import a CFPB Consumer Complaint Database CSV export (import csv --mapping cfpb)",
    )
    _common(p, "complaints")
