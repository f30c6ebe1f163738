"""The `backup` and `restore` commands."""

from __future__ import annotations

import argparse

from ..services.backup import backup, restore
from .app import Access, App
from .output import Output
from .parsing import Subcommands, command


def cmd_backup(app: App, args: argparse.Namespace) -> Output:
    result = backup(app.ctx, args.path)
    return Output(result, f"backup written to {result.get('path', args.path)}")


def cmd_restore(app: App, args: argparse.Namespace) -> Output:
    result = restore(app.url, args.path, config=app.config)
    return Output(result, f"restored from {args.path}")


def register(sub: Subcommands) -> None:
    """Add `backup` and `restore`."""
    p = command(sub, "backup", cmd_backup, Access.USER, "write a backup of the database")
    p.add_argument("path", metavar="PATH")
    p = command(
        sub,
        "restore",
        cmd_restore,
        Access.SETUP,
        "restore a backup (refused unless its audit trail verifies)",
    )
    p.add_argument("path", metavar="PATH")
