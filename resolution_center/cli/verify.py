"""The `verify` command: recompute the audit trail's chain and the state it vouches for."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..domain.errors import VerificationFailed
from .app import Access, App, progress_of
from .output import Output
from .parsing import Subcommands, command


def cmd_verify(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    with progress_of(app.term, "verifying the audit trail") as progress:
        report = ctx.audit.verify(checkpoint=args.checkpoint, progress=progress)
    data: dict[str, Any] = {
        "ok": report.ok,
        "events": report.events,
        "head": report.head.to_json(),
        "problems": [str(p) for p in report.problems],
        # Rows that disagree with the trail: table, key, column, expected, found, event_seq.
        "rows": [p.detail for p in report.problems if p.detail is not None],
    }
    if not report.ok:
        first = report.first_problem
        heading = f"the audit trail does NOT verify ({report.events} events checked):"
        app.term.show(Output(data, "\n  ".join([heading, *data["problems"]]), brief=True))
        raise VerificationFailed(
            f"the audit trail does not verify: {first}", problems=data["problems"]
        )
    message = (
        f"the audit trail is intact: {report.events} events, head {report.head.seq} "
        f"{report.head.hash[:16]}..."
    )
    if args.checkpoint:
        message += f"; it extends the checkpoint {args.checkpoint}"
    if args.checkpoint_out:
        ctx.audit.write_checkpoint(args.checkpoint_out, report.head)
        data["checkpoint_written"] = str(args.checkpoint_out)
        message += f"; checkpoint written to {args.checkpoint_out}"
    return Output(data, message, brief=True)


def register(sub: Subcommands) -> None:
    """Add `verify`."""
    p = command(
        sub,
        "verify",
        cmd_verify,
        Access.OPTIONAL,
        "recompute the audit trail's hash chain and name the first broken event",
    )
    p.add_argument(
        "--checkpoint",
        type=Path,
        metavar="FILE",
        help="also prove the chain still extends this earlier checkpoint",
    )
    p.add_argument(
        "--checkpoint-out",
        type=Path,
        metavar="FILE",
        help="after a successful verify, write the current head to FILE",
    )
