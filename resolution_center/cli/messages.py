"""Talking to the customer: `message draft|send|list|show|discard`, `template
list|show|preview|add|edit`, `answer list|search|show|add|edit|approve|retire`.

"Send" records the message on the case as sent; nothing leaves the application yet.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..domain.answers import Answer, AnswerText, AnswerVersion
from ..domain.errors import ValidationError
from ..domain.messages import BODY_LIMIT, Message, MessageTemplate
from ..services.message_render import PLACEHOLDERS
from .app import Access, App
from .outbox import register_export
from .output import Output
from .parsing import Subcommands, command, group, whole_number

MESSAGE_COLUMNS = (
    "id",
    "direction",
    "state",
    "template",
    "language",
    "subject",
    "drafted_by",
    "sent_at",
)
TEMPLATE_COLUMNS = ("name", "language", "version", "source", "subject")
ANSWER_COLUMNS = ("id", "kind", "state", "title", "language", "version", "in_use", "uses")


# ---- shapes -----------------------------------------------------------------------------------


def message_data(m: Message) -> dict[str, Any]:
    return {
        "id": m.id,
        "state": m.state.value,
        "template": m.template_ref or None,
        "template_sha256": m.template_sha256,
        "language": m.language,
        "subject": m.subject,
        "body": m.body,
        "answer_versions": list(m.answer_versions),
        "drafted_by": m.drafted_by,
        "drafted_at": m.drafted_at,
        "sent_by": m.sent_by,
        "sent_at": m.sent_at,
        "direction": m.direction.value,
        "from": m.sender,
        "mail_id": m.rfc_message_id,
        "mail_date": m.mail_date,
    }


def template_data(t: MessageTemplate, *, text: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": t.name,
        "language": t.language,
        "version": t.version,
        "source": "shipped" if t.shipped else f"saved by {t.created_by}",
        "sha256": t.sha256,
        "subject": t.subject,
    }
    if text:
        out["body"] = t.body
    return out


def version_data(v: AnswerVersion) -> dict[str, Any]:
    return {
        "id": v.id,
        "version": v.version,
        "title": v.text.title,
        "body": v.text.body,
        "tags": list(v.text.tags),
        "category": v.text.category,
        "language": v.text.language,
        "created_by": v.created_by,
        "created_at": v.created_at,
        "approved_by": v.approved_by,
        "approved_at": v.approved_at,
    }


def answer_data(a: Answer, *, full: bool = False) -> dict[str, Any]:
    shown = a.in_use or a.latest
    out: dict[str, Any] = {
        "id": a.id,
        "kind": a.kind.value,
        "state": a.state.value,
        "title": shown.text.title,
        "language": shown.text.language,
        "version": a.latest.version,
        "in_use": a.in_use.version if a.in_use else None,
        "in_use_version_id": a.in_use.id if a.in_use else None,
        "awaiting_approval": a.pending.version if a.pending else None,
        "uses": a.uses,
    }
    if full:
        out["latest"] = version_data(a.latest)
        out["in_use_text"] = version_data(a.in_use) if a.in_use else None
        out["retired_at"] = a.retired_at
        out["retired_by"] = a.retired_by
    return out


def _text_arg(value: str | None, path: str | None, what: str) -> str | None:
    """A text given inline or as a file (checked for size before it is read)."""
    if value is not None and path is not None:
        raise ValidationError(f"give --{what} or --{what}-file, not both", field=what)
    if path is None:
        return value
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > BODY_LIMIT * 4:
            raise ValidationError(
                f"{path} is {size:,} bytes: a {what} is at most {BODY_LIMIT:,} characters",
                field=what,
            )
        return file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(f"cannot read {path}: {exc}", field=what) from None


def _answer_ids(values: list[int] | None) -> list[int]:
    return list(values or [])


# ---- message ----------------------------------------------------------------------------------


def cmd_message_draft(app: App, args: argparse.Namespace) -> Output:
    return _new_message(app, args, send=False)


def _new_message(app: App, args: argparse.Namespace, *, send: bool) -> Output:
    ctx = app.ctx
    message = ctx.messages.draft(
        args.ref,
        template=args.template,
        language=args.language,
        subject=args.subject,
        body=_text_arg(args.body, args.body_file, "body"),
        answers=_answer_ids(args.answer),
        send=send,
        attachments=getattr(args, "attach", None) or (),  # `message send` only
    )
    verb = "recorded as sent" if send else "drafted"
    return Output(
        message_data(message), f"message {message.id} {verb}: {message.subject}", brief=True
    )


def cmd_message_send(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    if args.id is not None:
        if args.ref or args.template or args.subject or args.body or args.body_file:
            raise ValidationError(
                "--id sends an existing draft; give either --id or a new message", field="id"
            )
        message = ctx.messages.send(args.id, attachments=args.attach or [])
        return Output(
            message_data(message),
            f"message {message.id} recorded as sent: {message.subject}",
            brief=True,
        )
    if not args.ref:
        raise ValidationError("name the case (REF) or the draft (--id)", field="reference")
    return _new_message(app, args, send=True)


def cmd_message_list(app: App, args: argparse.Namespace) -> Output:
    items = [
        {**message_data(m), "template": m.template_ref or "-"}
        for m in app.ctx.messages.list(args.ref)
    ]
    for item in items:
        del item["body"]
    return Output({"items": items, "total": len(items)}, columns={"items": MESSAGE_COLUMNS})


def cmd_message_show(app: App, args: argparse.Namespace) -> Output:
    return Output(message_data(app.ctx.messages.get(args.id)))


def cmd_message_discard(app: App, args: argparse.Namespace) -> Output:
    message = app.ctx.messages.discard(args.id)
    return Output(message_data(message), f"message {message.id} discarded", brief=True)


def cmd_message_acknowledge(app: App, args: argparse.Namespace) -> Output:
    made = app.ctx.messages.acknowledge_cases(args.refs)
    items = [{**message_data(m), "case_id": m.case_id} for m in made]
    for item in items:
        del item["body"]
    return Output(
        {"items": items, "total": len(items)},
        f"{len(items)} acknowledgement(s) written; cases that had one were left alone",
        columns={"items": MESSAGE_COLUMNS},
    )


def cmd_message_settings(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    if args.acknowledge is not None or args.language is not None:
        mode = args.acknowledge or ctx.messages.ack_mode().value
        ctx.messages.set_ack_mode(mode, args.language)
    return Output(
        {
            "acknowledge": ctx.messages.ack_mode().value,
            "language": ctx.store.setting("messages.language") or "en",
        }
    )


# ---- template ---------------------------------------------------------------------------------


def cmd_template_list(app: App, args: argparse.Namespace) -> Output:
    items = [template_data(t, text=False) for t in app.ctx.templates.list()]
    return Output({"items": items, "total": len(items)}, columns={"items": TEMPLATE_COLUMNS})


def cmd_template_show(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    template = ctx.templates.get(args.name, args.language, args.version)
    versions = [template_data(t, text=False) for t in ctx.templates.versions(args.name)]
    return Output(
        {**template_data(template), "versions": versions, "placeholders": PLACEHOLDERS},
        columns={"versions": TEMPLATE_COLUMNS},
    )


def cmd_template_preview(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    if args.case:
        preview = ctx.messages.preview(args.case, args.name, args.language)
        subject, body, used = preview.subject, preview.body, preview.template
    else:
        rendered = ctx.templates.preview(args.name, args.language)
        subject, body, used = rendered.subject, rendered.body, rendered.template
    return Output(
        {
            "template": used.ref if used else None,
            "case": args.case or "(demo case)",
            "subject": subject,
            "body": body,
        }
    )


def cmd_template_save(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    body = _text_arg(args.body, args.body_file, "body")
    subject = args.subject
    if subject is None or body is None:
        current = ctx.templates.get(args.name, args.language)
        subject = current.subject if subject is None else subject
        body = current.body if body is None else body
    saved = ctx.templates.save(args.name, args.language, subject, body)
    return Output(
        template_data(saved),
        f"template {saved.ref} saved; messages drafted from now on use it",
        brief=True,
    )


# ---- answer -----------------------------------------------------------------------------------


def cmd_answer_list(app: App, args: argparse.Namespace) -> Output:
    found = app.ctx.answers.list(include_retired=args.all, limit=args.limit)
    items = [answer_data(a) for a in found]
    return Output({"items": items, "total": len(items)}, columns={"items": ANSWER_COLUMNS})


def cmd_answer_search(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    found = ctx.answers.search(args.text, args.language, args.limit)
    items = [answer_data(a) for a in found]
    return Output(
        {"items": items, "total": len(items), "ms": round(ctx.answers.last_search_ms, 2)},
        columns={"items": ANSWER_COLUMNS},
    )


def cmd_answer_show(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    answer = ctx.answers.get(args.id)
    data = answer_data(answer, full=True)
    data["versions"] = [
        {k: v for k, v in version_data(x).items() if k != "body"}
        for x in ctx.answers.versions(answer.id)
    ]
    if args.case and answer.in_use is not None:
        data["filled"] = ctx.messages.fill(args.case, answer.in_use.text.body)
    return Output(data, columns={"versions": ("version", "title", "created_by", "approved_by")})


def _answer_text(args: argparse.Namespace, base: AnswerText | None = None) -> AnswerText:
    body = _text_arg(args.body, args.body_file, "body")
    tags = None if args.tags is None else tuple(t for t in args.tags.split(",") if t.strip())
    return AnswerText(
        title=args.title if args.title is not None else (base.title if base else ""),
        body=body if body is not None else (base.body if base else ""),
        tags=tags if tags is not None else (base.tags if base else ()),
        category=args.category if args.category is not None else (base.category if base else ""),
        language=args.language if args.language is not None else (base.language if base else "en"),
    )


def cmd_answer_add(app: App, args: argparse.Namespace) -> Output:
    answer = app.ctx.answers.add(args.kind, _answer_text(args))
    return Output(
        answer_data(answer, full=True),
        f"answer {answer.id} drafted; a senior specialist or above approves it before use",
        brief=True,
    )


def cmd_answer_edit(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    current = ctx.answers.get(args.id)
    answer = ctx.answers.edit(current.id, _answer_text(args, current.latest.text))
    return Output(
        answer_data(answer, full=True),
        f"answer {answer.id} version {answer.latest.version} written; it awaits approval",
        brief=True,
    )


def cmd_answer_approve(app: App, args: argparse.Namespace) -> Output:
    answer = app.ctx.answers.approve(args.id, args.version)
    assert answer.in_use is not None  # just approved
    return Output(
        answer_data(answer, full=True),
        f"answer {answer.id} version {answer.in_use.version} approved and in use",
        brief=True,
    )


def cmd_answer_retire(app: App, args: argparse.Namespace) -> Output:
    answer = app.ctx.answers.retire(args.id, args.reason or "")
    return Output(answer_data(answer, full=True), f"answer {answer.id} retired", brief=True)


# ---- registration -----------------------------------------------------------------------------


def _message_text_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--template", metavar="NAME", help="fill this template from the case")
    p.add_argument("--language", metavar="LANG", help="en, de...; default: the customer's language")
    p.add_argument("--subject", metavar="TEXT", help="the subject (one line)")
    p.add_argument("--body", metavar="TEXT", help="the message text")
    p.add_argument("--body-file", metavar="FILE", help="read the message text from FILE")
    p.add_argument(
        "--answer",
        metavar="VERSION_ID",
        type=whole_number("--answer"),
        action="append",
        help="an approved answer's version id the text uses (its use is counted); repeatable",
    )


def _answer_text_options(p: argparse.ArgumentParser, *, required: bool) -> None:
    p.add_argument("--title", required=required, metavar="TEXT")
    p.add_argument("--body", metavar="TEXT", help="the text; may name placeholders")
    p.add_argument("--body-file", metavar="FILE", help="read the text from FILE")
    p.add_argument("--tags", metavar="A,B", help="comma-separated tags")
    p.add_argument("--category", metavar="SLUG")
    p.add_argument("--language", metavar="LANG", help="en, de... (default en)")


def register(sub: Subcommands) -> None:
    messages = group(sub, "message", "messages to the customer: draft, send (record), list, show")
    p = command(messages, "draft", cmd_message_draft, Access.USER, "draft a message on a case")
    p.add_argument("ref", metavar="REF", help="case reference (RC-YYYY-NNNNNN) or id")
    _message_text_options(p)

    p = command(
        messages,
        "send",
        cmd_message_send,
        Access.USER,
        "record a message as sent to the customer: a draft (--id) or a new one (REF)",
    )
    p.add_argument("ref", metavar="REF", nargs="?", help="case reference, for a new message")
    p.add_argument("--id", type=whole_number("--id"), help="the draft to send")
    p.add_argument(
        "--attach",
        metavar="EVIDENCE_ID",
        type=whole_number("--attach"),
        action="append",
        help="mail the case's evidence with it (an id from `evidence list`); repeatable",
    )
    _message_text_options(p)

    p = command(messages, "list", cmd_message_list, Access.READER, "a case's messages")
    p.add_argument("ref", metavar="REF")
    p = command(messages, "show", cmd_message_show, Access.READER, "one message, in full")
    p.add_argument("id", metavar="ID", type=whole_number("message id"))
    register_export(messages)
    p = command(messages, "discard", cmd_message_discard, Access.USER, "discard a draft")
    p.add_argument("id", metavar="ID", type=whole_number("message id"))
    p = command(
        messages,
        "acknowledge",
        cmd_message_acknowledge,
        Access.USER,
        "write the acknowledgement of cases that have none (imports leave it out)",
    )
    p.add_argument("refs", metavar="REF", nargs="+", help="case references or ids")
    p = command(
        messages,
        "settings",
        cmd_message_settings,
        Access.USER,
        "show or (admins) set what intake does with the acknowledgement, and the language",
    )
    p.add_argument("--acknowledge", choices=("draft", "send", "off"))
    p.add_argument("--language", metavar="LANG")

    templates = group(sub, "template", "message templates: list, show, preview, add, edit")
    command(templates, "list", cmd_template_list, Access.READER, "the current templates")
    p = command(templates, "show", cmd_template_show, Access.READER, "a template and versions")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--language", default="en", metavar="LANG")
    p.add_argument("--version", type=whole_number("--version"), metavar="N")
    p = command(
        templates,
        "preview",
        cmd_template_preview,
        Access.READER,
        "a template filled from a case (or a demo case); unknown placeholders are refused",
    )
    p.add_argument("name", metavar="NAME")
    p.add_argument("--language", default="en", metavar="LANG")
    p.add_argument("--case", metavar="REF", help="fill from this case (default: a demo case)")
    for name, help_text in (
        ("add", "add a template (admins): its first version in a language"),
        ("edit", "save a new version of a template (admins); every version is kept"),
    ):
        p = command(templates, name, cmd_template_save, Access.USER, help_text)
        p.add_argument("name", metavar="NAME")
        p.add_argument("--language", default="en", metavar="LANG")
        p.add_argument("--subject", required=name == "add", metavar="TEXT")
        p.add_argument("--body", metavar="TEXT")
        p.add_argument("--body-file", metavar="FILE")

    answers = group(sub, "answer", "approved answers: list, search, show, add, edit, approve")
    p = command(answers, "list", cmd_answer_list, Access.READER, "the library, newest first")
    p.add_argument("--all", action="store_true", help="retired answers too")
    p.add_argument("--limit", type=whole_number("--limit", 1, 10_000), default=500)
    p = command(
        answers, "search", cmd_answer_search, Access.READER, "approved answers in use, best first"
    )
    p.add_argument("text", metavar="WORDS")
    p.add_argument("--language", metavar="LANG")
    p.add_argument("--limit", type=whole_number("--limit", 1, 100), default=20)
    p = command(answers, "show", cmd_answer_show, Access.READER, "an answer and its versions")
    p.add_argument("id", metavar="ID", type=whole_number("answer id"))
    p.add_argument("--case", metavar="REF", help="also show the text filled from this case")
    p = command(answers, "add", cmd_answer_add, Access.USER, "draft a new answer")
    p.add_argument("--kind", required=True, choices=("reply", "faq", "troubleshooting", "policy"))
    _answer_text_options(p, required=True)
    p = command(answers, "edit", cmd_answer_edit, Access.USER, "write a new version")
    p.add_argument("id", metavar="ID", type=whole_number("answer id"))
    _answer_text_options(p, required=False)
    p = command(
        answers,
        "approve",
        cmd_answer_approve,
        Access.USER,
        "approve the latest version (senior specialist or above, not its author)",
    )
    p.add_argument("id", metavar="ID", type=whole_number("answer id"))
    p.add_argument("--version", type=whole_number("--version"), metavar="N")
    p = command(answers, "retire", cmd_answer_retire, Access.USER, "retire an answer")
    p.add_argument("id", metavar="ID", type=whole_number("answer id"))
    p.add_argument("--reason", metavar="TEXT")
