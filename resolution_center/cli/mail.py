"""Mail in: `mail fetch`, `mail import FILE...`, `mail quarantine list|show|retry|discard` and
`mail settings`.

`mail settings` shows or (admins) sets the IMAP server; its password goes to the system keyring,
typed at a prompt or read from an environment variable (--password-env NAME), never given on
the command line. A mail that cannot be read is not an error of the command: it is kept in
quarantine with its reason, and the report counts it.
"""

from __future__ import annotations

import argparse
import os
from collections import Counter
from collections.abc import Sequence
from typing import Any

from ..domain.errors import ValidationError
from ..domain.mail_in import Outcome
from ..services.mail_fetch import SECURITY, load_password, save_password
from ..services.mail_in import MailResult, quarantine_json
from ..services.mail_parse import peek
from .app import Access, App
from .output import Output
from .parsing import Subcommands, command, group, whole_number

RESULT_COLUMNS = ("outcome", "source", "case", "message_id", "quarantine_id", "subject")
QUARANTINE_COLUMNS = ("id", "state", "date", "sender", "subject", "reason")


def _summary(results: Sequence[MailResult]) -> str:
    found = Counter(r.outcome for r in results)
    parts = [
        f"{found[Outcome.OPENED]} opened a case",
        f"{found[Outcome.JOINED]} joined their case",
        f"{found[Outcome.DUPLICATE]} already imported",
        f"{found[Outcome.QUARANTINED] + found[Outcome.ALREADY_QUARANTINED]} in quarantine",
    ]
    lines = [f"{len(results)} mail(s): " + ", ".join(parts)]
    for r in results:
        if r.reason:
            lines.append(f"  {r.source}: quarantined ({r.reason})")
        for refused in r.refused:
            lines.append(
                f"  {r.source}: {refused['file_name']} not kept as evidence ({refused['reason']})"
            )
    return "\n".join(lines)


def _counts(results: Sequence[MailResult]) -> dict[str, int]:
    found = Counter(r.outcome.value for r in results)
    return {o.value: found.get(o.value, 0) for o in Outcome}


def cmd_mail_fetch(app: App, args: argparse.Namespace) -> Output:
    report = app.ctx.mail_fetch.fetch()
    data = report.to_json()
    data["items"] = data.pop("mails")
    message = f"{report.folder} on {report.account.split('@', 1)[1]}: {_summary(report.results)}"
    if report.delivery is not None:
        sent = len(report.delivery.delivered)
        message += f"; {sent} queued mail delivered" + (
            f" ({report.delivery.reason})" if report.delivery.reason else ""
        )
    return Output(data, message, brief=True, columns={"items": RESULT_COLUMNS})


def cmd_mail_import(app: App, args: argparse.Namespace) -> Output:
    results = app.ctx.mail_in.import_files(args.files, case=args.case)
    data = {
        "items": [r.to_json() for r in results],
        "counts": _counts(results),
    }
    return Output(data, _summary(results), brief=True, columns={"items": RESULT_COLUMNS})


def cmd_quarantine_list(app: App, args: argparse.Namespace) -> Output:
    items = [quarantine_json(q) for q in app.ctx.mail_in.quarantine(everything=args.all)]
    return Output({"items": items, "total": len(items)}, columns={"items": QUARANTINE_COLUMNS})


def cmd_quarantine_show(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    held = ctx.mail_in.quarantined(args.id)
    data = quarantine_json(held)
    if args.save:
        raw = ctx.mail_in.quarantined_bytes(held.id)
        if os.path.exists(args.save) and not args.force:
            raise ValidationError(f"{args.save} exists (--force overwrites it)", field="file")
        with open(args.save, "wb") as fh:
            fh.write(raw)
        data["saved_to"] = args.save
    else:
        sender, subject, _date = peek(ctx.mail_in.quarantined_bytes(held.id))
        data["headers"] = {"from": sender, "subject": subject}
    return Output(data)


def cmd_quarantine_retry(app: App, args: argparse.Namespace) -> Output:
    result = app.ctx.mail_in.retry(args.id, case=args.case)
    if result.outcome is Outcome.ALREADY_QUARANTINED:
        message = f"mail {args.id} still cannot be imported: {result.reason}"
    else:
        message = f"mail {args.id} imported into {result.case} as message {result.message_id}"
    return Output(result.to_json(), message, brief=True)


def cmd_quarantine_discard(app: App, args: argparse.Namespace) -> Output:
    done = app.ctx.mail_in.discard(args.id, args.reason)
    return Output(
        quarantine_json(done), f"mail {done.id} discarded; its bytes stay on record", brief=True
    )


def _settings_data(app: App) -> dict[str, Any]:
    s = app.ctx.mail_fetch.settings()
    return {
        **s.to_json(),
        "configured": s.configured,
        "password_known": bool(s.configured and load_password(s)),
        **app.ctx.mail_in.intake(),
    }


def cmd_mail_settings(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    given = {
        "host": args.host,
        "port": args.port,
        "security": args.security,
        "username": args.username,
        "folder": args.folder,
        "cafile": args.cafile,
        "interval": args.interval,
    }
    intake = (args.category, args.currency)
    if (
        all(v is None for v in (*given.values(), *intake))
        and not args.set_password
        and not args.password_env
    ):
        return Output(_settings_data(app))
    if any(v is not None for v in intake):
        ctx.mail_in.set_intake(category=args.category, currency=args.currency)
    saved = ctx.mail_fetch.set_settings(**given)
    message = "mail settings saved"
    password = app.passwords.server_secret(
        args.password_env, args.set_password, f"{saved.username}@{saved.host}"
    )
    if password is not None:
        if save_password(saved, password):
            message += "; the password is in the system keyring"
        else:
            message += "; no system keyring here: set RC_IMAP_PASSWORD where mail is fetched"
    return Output(_settings_data(app), message)


def register(sub: Subcommands) -> None:
    mail = group(sub, "mail", "mail in: fetch from IMAP, import files, the quarantine")
    command(mail, "fetch", cmd_mail_fetch, Access.USER, "fetch new mail from the IMAP folder now")
    p = command(
        mail,
        "import",
        cmd_mail_import,
        Access.USER,
        "import .eml, .msg and .mbox files (each mail once; unreadable ones to quarantine)",
    )
    p.add_argument("files", metavar="FILE", nargs="+")
    p.add_argument("--case", metavar="REF", help="put every mail on this case")

    quarantine = group(mail, "quarantine", "mail that could not be imported, with the reason")
    p = command(quarantine, "list", cmd_quarantine_list, Access.READER, "the held mails")
    p.add_argument("--all", action="store_true", help="imported and discarded ones too")
    p = command(quarantine, "show", cmd_quarantine_show, Access.READER, "one held mail")
    p.add_argument("id", metavar="ID", type=whole_number("quarantine id"))
    p.add_argument("--save", metavar="FILE", help="write the mail as it came (.eml)")
    p.add_argument("--force", action="store_true", help="overwrite FILE")
    p = command(
        quarantine,
        "retry",
        cmd_quarantine_retry,
        Access.USER,
        "import a held mail again (with --case: into that case, even without a sender)",
    )
    p.add_argument("id", metavar="ID", type=whole_number("quarantine id"))
    p.add_argument("--case", metavar="REF")
    p = command(
        quarantine,
        "discard",
        cmd_quarantine_discard,
        Access.USER,
        "take a held mail off the list (spam, a bounce); its bytes are kept",
    )
    p.add_argument("id", metavar="ID", type=whole_number("quarantine id"))
    p.add_argument("--reason", metavar="TEXT", required=True)

    p = command(
        mail,
        "settings",
        cmd_mail_settings,
        Access.USER,
        "show or (admins) set the IMAP server; the password goes to the system keyring",
    )
    p.add_argument("--host", metavar="HOST")
    p.add_argument("--port", type=whole_number("--port", 1, 65535), metavar="N")
    p.add_argument("--security", choices=SECURITY)
    p.add_argument("--username", metavar="NAME")
    p.add_argument("--folder", metavar="NAME", help="default INBOX")
    p.add_argument(
        "--cafile", metavar="FILE", help="a CA certificate to trust besides the system's"
    )
    p.add_argument(
        "--interval",
        type=whole_number("--interval", 0, 1440),
        metavar="MIN",
        help="minutes between the window's fetches (0: only on demand)",
    )
    p.add_argument("--category", metavar="SLUG", help="the category of cases mail opens")
    p.add_argument("--currency", metavar="CODE", help="their order currency (default EUR)")
    p.add_argument("--set-password", action="store_true", help="ask for the login's password")
    p.add_argument("--password-env", metavar="VAR", help="read the password from $VAR")
