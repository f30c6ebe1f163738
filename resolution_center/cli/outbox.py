"""Mail out: `outbox list|show|retry|deliver|smtp` and `message export-eml`.

`outbox deliver` is one delivery pass, for cron: without --user it acts as `system`. `outbox
smtp` shows or (admins) sets the team's mail server; its password goes to the system keyring,
typed at a prompt, read from standard input (--password-stdin) or from an environment variable
(--password-env NAME), never given on the command line.
"""

from __future__ import annotations

import argparse
from typing import Any

from ..domain.errors import ValidationError
from ..domain.outbox import OutboxEntry, OutboxState, SmtpSecurity
from ..services.outbox import DeliveryReport
from .app import Access, App
from .output import Output
from .parsing import Subcommands, command, group, whole_number

COLUMNS = ("id", "state", "reference", "message_id", "attempts", "next_attempt_at", "last_answer")


def entry_data(e: OutboxEntry) -> dict[str, Any]:
    return {
        "id": e.id,
        "state": e.state.value,
        "reference": e.reference,
        "message_id": e.message_id,
        "mail_id": e.mail_id,
        "to": e.to_address,
        "subject": e.subject,
        "attachments": list(e.attachments),
        "attempts": e.attempts,
        "next_attempt_at": e.next_attempt_at if e.state is OutboxState.QUEUED else None,
        "last_answer": e.last_answer,
        "queued_by": e.queued_by,
        "queued_at": e.queued_at,
        "delivered_at": e.delivered_at,
    }


def report_data(r: DeliveryReport) -> dict[str, Any]:
    return {
        "delivered": r.delivered,
        "deferred": r.deferred,
        "failed": r.failed,
        "attempted": r.attempted,
        "reason": r.reason or None,
    }


def _report_text(r: DeliveryReport) -> str:
    if r.reason:
        return r.reason
    return (
        f"{len(r.delivered)} delivered, {len(r.deferred)} to be tried again, "
        f"{len(r.failed)} failed (waiting for a retry)"
    )


def cmd_outbox_list(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    items = [entry_data(e) for e in ctx.outbox.list(args.state, args.limit)]
    return Output(
        {"items": items, "total": len(items), "counts": ctx.outbox.counts()},
        columns={"items": COLUMNS},
    )


def cmd_outbox_show(app: App, args: argparse.Namespace) -> Output:
    return Output(entry_data(app.ctx.outbox.get(args.id)))


def cmd_outbox_retry(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    if args.all and args.ids:
        raise ValidationError("give mail ids or --all, not both", field="outbox")
    retried = ctx.outbox.retry(args.ids, every=args.all)
    data: dict[str, Any] = {"retried": retried}
    message = f"{len(retried)} mail(s) due again"
    if retried and not args.no_deliver and ctx.outbox.may_deliver():
        report = ctx.outbox.deliver(only=retried)
        data["delivery"] = report_data(report)
        message += f"; {_report_text(report)}"
    return Output(data, message, brief=True)


def cmd_outbox_deliver(app: App, args: argparse.Namespace) -> Output:
    report = app.ctx.outbox.deliver(args.limit)
    return Output(report_data(report), _report_text(report), brief=True)


def _settings_data(app: App) -> dict[str, Any]:
    s = app.ctx.outbox.settings()
    return {
        "host": s.host or None,
        "port": s.port,
        "security": s.security.value,
        "username": s.username or None,
        "from_address": s.from_address or None,
        "from_name": s.from_name or None,
        "configured": s.configured,
        "password_in_keyring": app.ctx.outbox.has_password(),
    }


def cmd_outbox_smtp(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    given = [
        args.host,
        args.port,
        args.security,
        args.username,
        args.from_address,
        args.from_name,
    ]
    if all(v is None for v in given) and not args.set_password and not args.password_env:
        return Output(_settings_data(app))
    old = ctx.outbox.settings()
    host = args.host if args.host is not None else old.host
    username = args.username if args.username is not None else old.username
    password = app.passwords.server_secret(
        args.password_env, args.set_password, f"{username}@{host}"
    )
    ctx.outbox.configure(
        host=host,
        port=args.port if args.port is not None else (None if args.security else old.port),
        security=args.security or old.security.value,
        username=username,
        from_address=args.from_address if args.from_address is not None else old.from_address,
        from_name=args.from_name if args.from_name is not None else old.from_name,
        password=password,
    )
    return Output(_settings_data(app), "mail server settings saved", brief=False)


def cmd_message_export_eml(app: App, args: argparse.Namespace) -> Output:
    out = args.out or f"message-{args.id}.eml"
    result = app.ctx.outbox.save_eml(args.id, out, overwrite=args.force)
    return Output(result, f"message {args.id} written to {result['path']}", brief=True)


def register_export(messages: Any) -> None:
    """`message export-eml`, in the message group (cli/messages.py)."""
    p = command(
        messages,
        "export-eml",
        cmd_message_export_eml,
        Access.READER,
        "write a message as a standard .eml file (the mail as queued, with its attachments)",
    )
    p.add_argument("id", metavar="ID", type=whole_number("message id"))
    p.add_argument("--out", metavar="FILE", help="where to write it (default message-ID.eml)")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")


def register(sub: Subcommands) -> None:
    outbox = group(sub, "outbox", "mail to customers: list, retry, deliver, the mail server")
    p = command(outbox, "list", cmd_outbox_list, Access.READER, "mail in the outbox, newest first")
    p.add_argument("--state", choices=[s.value for s in OutboxState])
    p.add_argument("--limit", type=whole_number("--limit", 1, 10_000), default=500)
    p = command(outbox, "show", cmd_outbox_show, Access.READER, "one mail and its delivery")
    p.add_argument("id", metavar="ID", type=whole_number("outbox id"))
    p = command(
        outbox,
        "retry",
        cmd_outbox_retry,
        Access.USER,
        "make waiting mail due now (and, for an administrator, deliver it at once)",
    )
    p.add_argument("ids", metavar="ID", nargs="*", type=whole_number("outbox id"))
    p.add_argument("--all", action="store_true", help="every queued or failed mail")
    p.add_argument("--no-deliver", action="store_true", help="only make it due")
    p = command(
        outbox,
        "deliver",
        cmd_outbox_deliver,
        Access.OPTIONAL,
        "one delivery pass (for cron; as `system` without --user)",
    )
    p.add_argument("--limit", type=whole_number("--limit", 1, 10_000), default=50)
    p = command(
        outbox,
        "smtp",
        cmd_outbox_smtp,
        Access.USER,
        "show or (admins) set the team's mail server; the password goes to the system keyring",
    )
    p.add_argument("--host", metavar="HOST")
    p.add_argument("--port", type=whole_number("--port", 1, 65535), metavar="N")
    p.add_argument("--security", choices=[s.value for s in SmtpSecurity])
    p.add_argument("--username", metavar="NAME", help="the login ('' for a relay without one)")
    p.add_argument("--from-address", metavar="ADDRESS", help="the team's address mail is from")
    p.add_argument("--from-name", metavar="NAME", help="the name shown with it")
    p.add_argument(
        "--set-password",
        action="store_true",
        help="ask for the login's password (or read it with --password-stdin)",
    )
    p.add_argument("--password-env", metavar="VAR", help="read the password from $VAR")
