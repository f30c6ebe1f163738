"""The set-up commands: `init` (create or migrate) and `demo` (fill with demo data)."""

from __future__ import annotations

import argparse

from ..services.setup import initialize
from .app import Access, App, progress_of
from .output import Output
from .parsing import Subcommands, command


def cmd_init(app: App, args: argparse.Namespace) -> Output:
    password = app.passwords.new(args.admin) if args.admin else None
    result = initialize(
        app.url, admin=args.admin, admin_password=password, config=app.config, clock=app.clock
    )
    if result.created:
        message = f"created {result.database} (schema version {result.schema_version})"
    elif result.migrated_from < result.schema_version:
        message = (
            f"migrated {result.database} from schema version {result.migrated_from} "
            f"to {result.schema_version}"
        )
    else:
        message = f"{result.database} is up to date (schema version {result.schema_version})"
    if result.admin_created:
        message += f"; admin {result.admin_created} created"
    elif args.admin:
        message += f"; admin {args.admin} already exists, unchanged"
    data = {
        "database": result.database,
        "created": result.created,
        "migrated_from": result.migrated_from,
        "schema_version": result.schema_version,
        "admin_created": result.admin_created,
    }
    return Output(data, message, brief=True)


def cmd_demo(app: App, args: argparse.Namespace) -> Output:
    from ..services.demo import fill_demo  # its demo content loads only for this command

    with progress_of(app.term, "building the demo") as progress:
        result = fill_demo(app.url, force=args.force, config=app.config, progress=progress)
    users = [{"username": u, "role": r, "password": p} for u, r, p in result.users]
    data = {
        "cases": result.cases,
        "remedies": result.remedies,
        "agreements": result.agreements,
        "events": result.events,
        "users": users,
    }
    message = (
        f"demo data added: {result.cases} cases, {result.remedies} remedies, "
        f"{result.agreements} negotiated cases, {result.events} audit events. "
        "These demo passwords are published: never use this database for real work."
    )
    return Output(data, message)


def register(sub: Subcommands) -> None:
    """Add `init` and `demo`."""
    p = command(
        sub, "init", cmd_init, Access.SETUP, "create or migrate the database (safe to repeat)"
    )
    p.add_argument("--admin", metavar="NAME", help="create this first admin if missing")
    p = command(sub, "demo", cmd_demo, Access.SETUP, "fill a new database with demo data")
    p.add_argument("--force", action="store_true", help="also into a database already in use")
