"""The command line: a thin face over the services (argparse in, JSON or text out, exit codes)."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import os
import re
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Any, TextIO

from . import __version__
from .domain.audit import format_time
from .domain.case import (
    OPEN_STATUSES,
    Case,
    CaseDraft,
    CaseFilter,
    CaseQuery,
    CaseRow,
    Channel,
    Customer,
    Note,
    Order,
    OrderItem,
    Priority,
    Status,
    Tier,
    parse_enum,
)
from .domain.errors import (
    AuthenticationError,
    EnvironmentFault,
    RCError,
    UsageError,
    ValidationError,
    VerificationFailed,
)
from .domain.ids import MAX_ID, ascii_only, looks_like_number, parse_whole
from .domain.money import Money, check_currency, parse_amount
from .domain.sla import SlaState, sla_state
from .domain.users import check_role, check_username
from .services.audit import TrailEntry
from .services.context import Clock, Config, Context, system_clock
from .services.setup import initialize
from .services.users import open_context
from .storage.db import parse_target, sqlite_url

PROG = "resolution-center"
EXIT_OK = 0
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130
ENV_DATABASE = "RESOLUTION_CENTER_DATABASE"
ENV_USER = "RESOLUTION_CENTER_USER"
ENV_DEBUG = "RESOLUTION_CENTER_DEBUG"


class Access(StrEnum):
    """Who a command acts as."""

    SETUP = "setup"  # init, demo, restore: the built-in actor `system`, no login
    OPTIONAL = "optional"  # verify: the user if one is given, else `system`
    READER = "reader"  # case list/show: a user on SQLite; the URL's own role on PostgreSQL
    USER = "user"  # everything else: a logged-in user


@dataclass
class Output:
    """What a command produced: data for both formatters, plus hints only the text one uses."""

    data: dict[str, Any]
    message: str = ""  # a human summary, printed first in text mode
    brief: bool = False  # text mode shows the message only
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)  # list path -> columns


# ---- the two formatters ---------------------------------------------------------------------


def _json_default(value: Any) -> Any:
    if isinstance(value, Money):
        return value.to_json()
    if isinstance(value, datetime):
        return format_time(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot show {type(value).__name__} as JSON")


def format_json(data: Any) -> str:
    return json.dumps(data, default=_json_default, ensure_ascii=False, indent=2) + "\n"


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Money):
        return value.format()
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)) and all(not isinstance(v, (dict, list)) for v in value):
        return ", ".join(_cell(v) for v in value) or "-"
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, default=_json_default, ensure_ascii=False, separators=(", ", ": "))
    return str(value)


def _label(key: str) -> str:
    return key.replace("_", " ")


def _is_page(data: dict[str, Any]) -> bool:
    return {"items", "total", "limit", "offset"} <= set(data)


def _table(rows: list[dict[str, Any]], columns: Sequence[str] | None, indent: str) -> list[str]:
    if not rows:
        return []
    cols = list(columns or rows[0].keys())
    cells = [[_cell(row.get(c)) for c in cols] for row in rows]
    # Only the last column may span lines (note bodies); the others stay on one line.
    for line in cells:
        for i in range(len(cols) - 1):
            line[i] = line[i].replace("\n", " / ")
    widths = [
        max(len(_label(c).upper()), *(len(line[i]) for line in cells)) for i, c in enumerate(cols)
    ]
    last_start = sum(w + 2 for w in widths[:-1])

    def join(values: list[str]) -> str:
        head = "  ".join(v.ljust(w) for v, w in zip(values[:-1], widths, strict=False))
        first, *more = values[-1].split("\n")
        text = indent + (head + "  " if head else "") + first
        return "\n".join([text.rstrip(), *(indent + " " * last_start + m for m in more)])

    return [join([_label(c).upper() for c in cols]), *(join(line) for line in cells)]


def _text_lines(
    data: dict[str, Any], hints: dict[str, tuple[str, ...]], path: str = "", indent: str = ""
) -> list[str]:
    if _is_page(data):
        items, total, offset = data["items"], data["total"], data["offset"]
        lines = _table(items, hints.get(path + "items"), indent)
        if items:
            of = f"more than {total}" if data.get("total_exact") is False else str(total)
            lines.append(f"{indent}{offset + 1}-{offset + len(items)} of {of}")
        else:
            lines.append(f"{indent}nothing found ({total} in all)")
        return lines
    scalars = [k for k, v in data.items() if not _nested(v)]
    width = max((len(_label(k)) for k in scalars), default=0)
    lines: list[str] = []
    for key, value in data.items():
        if isinstance(value, dict):
            lines.append(f"{indent}{_label(key)}:" if value else f"{indent}{_label(key)}: none")
            lines.extend(_text_lines(value, hints, f"{path}{key}.", indent + "  "))
        elif _nested(value):
            lines.append(
                f"{indent}{_label(key)} ({len(value)}):"
                if value
                else f"{indent}{_label(key)}: none"
            )
            lines.extend(_table(value, hints.get(path + key), indent + "  "))
        else:
            first, *more = _cell(value).split("\n")
            lines.append(f"{indent}{_label(key).ljust(width)}  {first}".rstrip())
            lines.extend(f"{indent}{' ' * (width + 2)}{m}" for m in more)
    return lines


def _nested(value: Any) -> bool:
    """A sub-record or a list of records: shown as a section or a table, not on one line."""
    if isinstance(value, dict):
        return True
    return isinstance(value, list) and any(isinstance(v, dict) for v in value)


def format_text(out: Output) -> str:
    lines = [out.message] if out.message else []
    if not out.brief:
        lines.extend(_text_lines(out.data, out.columns))
    return "\n".join(lines) + "\n" if lines else ""


# ---- the terminal: streams, passwords, progress, errors -------------------------------------


class Terminal:
    """The three streams and the output mode; the only place that writes to them."""

    def __init__(self, stdin: TextIO, stdout: TextIO, stderr: TextIO, json_mode: bool) -> None:
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        self.json = json_mode

    @staticmethod
    def _tty(stream: TextIO) -> bool:
        try:
            return stream.isatty()
        except (AttributeError, ValueError):
            return False

    def stdin_is_tty(self) -> bool:
        return self._tty(self.stdin)

    def show(self, out: Output) -> None:
        self.stdout.write(format_json(out.data) if self.json else format_text(out))
        self.stdout.flush()

    def error(self, exc: RCError) -> None:
        if self.json:
            self.stderr.write(format_json({"error": exc.to_dict()}))
        else:
            usage = exc.details.get("usage") if exc.kind == "usage" else None
            self.stderr.write((f"{usage}\n" if usage else "") + f"error: {exc.message}\n")
        self.stderr.flush()

    def internal_error(self, exc: BaseException) -> None:
        text = f"{type(exc).__name__}: {exc}"
        if os.environ.get(ENV_DEBUG) == "1":
            self.stderr.write(traceback.format_exc())
        if self.json:
            self.stderr.write(format_json({"error": {"kind": "internal", "message": text}}))
        else:
            self.stderr.write(f"internal error: {text}\n")
        self.stderr.flush()

    def progress(self, what: str) -> Progress | None:
        """A progress line on stderr, only for a person watching a terminal."""
        if self.json or not self._tty(self.stderr):
            return None
        return Progress(self.stderr, what)


class Progress:
    def __init__(self, stream: TextIO, what: str) -> None:
        self.stream = stream
        self.what = what
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        of = f" of {total:,}" if total else ""
        self.stream.write(f"\r{self.what}: {done:,}{of}")
        self.stream.flush()
        self.shown = True

    def finish(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()


class Passwords:
    """Passwords in the order a command needs them: from stdin lines, or prompted on a terminal.

    With --password-stdin each password is one line of stdin, in order: the acting user's first
    (when there is one), then a new password (user add, user passwd, init --admin).
    """

    def __init__(self, term: Terminal, from_stdin: bool) -> None:
        self.term = term
        self.from_stdin = from_stdin

    def _line(self) -> str | None:
        line = self.term.stdin.readline()
        if not line:
            return None
        return line[:-1].removesuffix("\r") if line.endswith("\n") else line

    def _prompt(self, prompt: str) -> str:
        try:
            return getpass.getpass(prompt, stream=self.term.stderr)
        except EOFError:
            raise AuthenticationError("no password was entered") from None

    def current(self, username: str) -> str:
        """The acting user's password."""
        if self.from_stdin:
            line = self._line()
            if line is None:
                raise AuthenticationError(
                    f"--password-stdin: no password for {username} on standard input"
                )
            return line
        if self.term.stdin_is_tty():
            return self._prompt(f"password for {username}: ")
        raise AuthenticationError(
            f"a password for {username} is needed: standard input is not a terminal, "
            "so pass it on the first line of standard input with --password-stdin"
        )

    def new(self, whose: str) -> str:
        """A password being set (a new user, a changed password): typed twice on a terminal."""
        if self.from_stdin:
            line = self._line()
            if line is None:
                raise UsageError(
                    f"--password-stdin: the new password for {whose} is missing on standard "
                    "input (one line per password, the acting user's first)"
                )
            return line
        if self.term.stdin_is_tty():
            first = self._prompt(f"new password for {whose}: ")
            if self._prompt(f"new password for {whose} again: ") != first:
                raise ValidationError("the two passwords differ", field="password")
            return first
        raise UsageError(
            f"a new password for {whose} is needed: standard input is not a terminal, "
            "so pass it on standard input with --password-stdin"
        )

    def rest(self) -> str:
        """What is left on stdin after the password lines (a note or description from '-')."""
        return self.term.stdin.read()


@dataclass
class App:
    """The composition root of one run: where the data is, who acts, clock and configuration."""

    term: Terminal
    passwords: Passwords
    database: str | None
    user: str | None
    config: Config
    clock: Clock = system_clock

    @cached_property
    def url(self) -> str:
        return self.database or default_database_url()

    def open(self, access: Access) -> Context:
        url = self.url
        if not self.user:
            needs_user = access is Access.USER or (
                access is Access.READER and parse_target(url).backend == "sqlite"
            )
            if needs_user:
                raise AuthenticationError(
                    f"this command needs a user: give --user NAME before the command "
                    f"(or set {ENV_USER})"
                )
            return open_context(url, None, None, config=self.config, clock=self.clock)
        password = self.passwords.current(self.user)
        return open_context(url, self.user, password, config=self.config, clock=self.clock)

    def read_text(self, path: str, field_name: str) -> str:
        """A text file named on the command line ('-' is what remains on stdin)."""
        if path == "-":
            return self.passwords.rest()
        try:
            return Path(path).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise ValidationError(f"{path} is not UTF-8 text", field=field_name) from None
        except OSError as exc:
            raise UsageError(f"cannot read {path}: {exc.strerror}", field=field_name) from exc


def default_database_url() -> str:
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("resolution-center", appauthor=False))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise EnvironmentFault(f"cannot create the data folder {folder}: {exc.strerror}") from exc
    return sqlite_url(folder / "resolution-center.db")


# ---- shaping domain values for output --------------------------------------------------------


def case_sla(
    status: Status,
    now: datetime,
    resolution_due: datetime,
    first_response_due: datetime,
    first_responded_at: datetime | None,
) -> str:
    closed = status not in OPEN_STATUSES
    return sla_state(now, resolution_due, first_response_due, first_responded_at, closed).value


def case_data(case: Case, ctx: Context) -> dict[str, Any]:
    order = case.order
    return {
        "reference": case.reference,
        "subject": case.subject,
        "status": case.status,
        "priority": case.priority,
        "tier": case.tier,
        "sla": case_sla(
            case.status,
            ctx.now(),
            case.resolution_due,
            case.first_response_due,
            case.first_responded_at,
        ),
        "assignee": case.assignee,
        "category": case.category,
        "subcategory": case.subcategory,
        "category_label": ctx.taxonomy.label(case.category, case.subcategory),
        "channel": case.channel,
        "safety_hazard": case.safety_hazard,
        "tags": list(case.tags),
        "version": case.version,
        "created_at": case.created_at,
        "updated_at": case.updated_at,
        "updated_by": case.updated_by,
        "first_response_due": case.first_response_due,
        "resolution_due": case.resolution_due,
        "first_responded_at": case.first_responded_at,
        "resolved_at": case.resolved_at,
        "id": case.id,
        "description": case.description,
        "customer": {
            "id": case.customer.id,
            "name": case.customer.name,
            "email": case.customer.email,
            "phone": case.customer.phone,
        },
        "order": {
            "number": order.number,
            "currency": order.currency,
            "total": order.total,
            "shipping": order.shipping,
            "placed_on": order.placed_on,
            "items": [
                {
                    "line_no": item.line_no,
                    "sku": item.sku,
                    "product": item.product,
                    "seller": item.seller,
                    "quantity": item.quantity,
                    "unit_price": item.unit_price,
                    "total": item.total,
                }
                for item in order.items
            ],
        },
    }


def row_data(row: CaseRow, now: datetime) -> dict[str, Any]:
    return {
        "reference": row.reference,
        "status": row.status,
        "priority": row.priority,
        "tier": row.tier,
        "sla": case_sla(
            row.status, now, row.resolution_due, row.first_response_due, row.first_responded_at
        ),
        "assignee": row.assignee,
        "category": row.category,
        "channel": row.channel,
        "subject": row.subject,
        "customer_name": row.customer_name,
        "order_number": row.order_number,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
        "first_response_due": row.first_response_due,
        "resolution_due": row.resolution_due,
        "first_responded_at": row.first_responded_at,
        "id": row.id,
    }


def note_data(note: Note) -> dict[str, Any]:
    return {
        "id": note.id,
        "created_at": note.created_at,
        "author": note.author,
        "to_customer": not note.internal,
        "body": note.body,
    }


def trail_data(entry: TrailEntry) -> dict[str, Any]:
    event = entry.event
    return {
        "seq": event.seq,
        "time": event.moment,
        "actor": event.actor,
        "role": event.role,
        "action": event.action,
        "data": entry.data,
    }


def page(items: list[dict[str, Any]], total: int, limit: int, offset: int) -> dict[str, Any]:
    return {"items": items, "total": total, "limit": limit, "offset": offset}


LIST_COLUMNS = (
    "reference",
    "status",
    "priority",
    "tier",
    "sla",
    "assignee",
    "updated_at",
    "subject",
)
EVIDENCE_COLUMNS = (
    "id", "file_name", "media_type", "size", "added_by", "added_at", "withdrawn", "description",
)  # fmt: skip
SHOW_COLUMNS = {
    "order.items": ("line_no", "sku", "product", "seller", "quantity", "unit_price", "total"),
    "notes": ("id", "created_at", "author", "to_customer", "body"),
    "evidence": EVIDENCE_COLUMNS,
    "trail": ("seq", "time", "actor", "role", "action", "data"),
}


# ---- argument conversion (typing only; the services validate) -------------------------------


def multi(values: list[str] | None) -> list[str]:
    """Repeatable options that also take comma-separated values: --status new,open --status x."""
    return [v.strip() for raw in values or () for v in raw.split(",") if v.strip()]


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
_QTY = re.compile(r"^\d{1,9}$", re.ASCII)
MAX_PAGE = 10_000  # the most rows one list command returns (--limit)


def whole_number(what: str, low: int = 1, high: int = MAX_ID) -> Callable[[str], int]:
    """The argparse type of every id, limit, offset and version typed on the command line.

    ASCII digits 0-9 within low..high (ids: 1 to 2**63-1, what a 64-bit column holds), through
    domain.ids.parse_whole, the parser the services use for ids given as text. A number out of
    range or written in other digits ('١٢٣') is exit 3 with the range; a word is a usage error.
    """

    def convert(text: str) -> int:
        if not looks_like_number(text):
            raise argparse.ArgumentTypeError(
                f"invalid int value: {text!r} (give a whole number from {low} to {high})"
            )
        return parse_whole(text, what, low=low, high=high, field=what.lstrip("-"))

    return convert


def parse_date(text: str | None, field_name: str) -> date | None:
    if not text:
        return None
    try:
        if not _DATE.match(text.strip()):
            raise ValueError
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(f"{text!r} is not a date (YYYY-MM-DD)", field=field_name) from None


def parse_item(raw: str, currency: str) -> OrderItem:
    parts = raw.split("|")
    if len(parts) != 5:
        raise ValidationError(
            f"--item {raw!r}: expected 'SKU|Product|Seller|QTY|PRICE'", field="items"
        )
    sku, product, seller, qty, price = parts
    if not _QTY.match(qty.strip()):
        raise ValidationError(
            f"--item {raw!r}: {qty!r} is not a quantity{ascii_only(qty)}", field="items"
        )
    return OrderItem(sku, product, seller, int(qty.strip()), parse_amount(price, currency))


# ---- commands ---------------------------------------------------------------------------------

Handler = Callable[[App, Context | None, argparse.Namespace], Output]


def cmd_init(app: App, _ctx: Context | None, args: argparse.Namespace) -> Output:
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


def cmd_demo(app: App, _ctx: Context | None, args: argparse.Namespace) -> Output:
    from .services.demo import fill_demo

    progress = app.term.progress("building the demo")
    try:
        result = fill_demo(app.url, force=args.force, config=app.config, progress=progress)
    finally:
        if progress:
            progress.finish()
    users = [{"username": u, "role": r, "password": p} for u, r, p in result.users]
    data = {"cases": result.cases, "remedies": result.remedies,
            "agreements": result.agreements, "events": result.events, "users": users}  # fmt: skip
    message = (
        f"demo data added: {result.cases} cases, {result.remedies} remedies, "
        f"{result.agreements} negotiated cases, {result.events} audit events. "
        "These demo passwords are published: never use this database for real work."
    )
    return Output(data, message)


def cmd_verify(app: App, ctx: Context | None, args: argparse.Namespace) -> Output:
    assert ctx is not None
    progress = app.term.progress("verifying the audit trail")
    try:
        report = ctx.audit.verify(checkpoint=args.checkpoint, progress=progress)
    finally:
        if progress:
            progress.finish()
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


def cmd_backup(app: App, ctx: Context | None, args: argparse.Namespace) -> Output:
    from .services.backup import backup

    assert ctx is not None
    result = backup(ctx, args.path)
    return Output(result, f"backup written to {result.get('path', args.path)}")


def cmd_restore(app: App, _ctx: Context | None, args: argparse.Namespace) -> Output:
    from .services.backup import restore

    result = restore(app.url, args.path, config=app.config)
    return Output(result, f"restored from {args.path}")


# case ---------------------------------------------------------------------------------------


def cmd_case_list(app: App, ctx: Context | None, args: argparse.Namespace) -> Output:
    assert ctx is not None
    # An unknown category is a typo, not an empty result: say so and list the known ones.
    categories = tuple(ctx.taxonomy.check(slug, None)[0] for slug in multi(args.category))
    assignee = args.assignee
    if assignee is not None and assignee.strip().lower() == "none":
        assignee = ""
    query = CaseQuery(
        CaseFilter(
            statuses=tuple(parse_enum(Status, s, "status") for s in multi(args.status)),
            categories=categories,
            priorities=tuple(parse_enum(Priority, p, "priority") for p in multi(args.priority)),
            tiers=tuple(parse_enum(Tier, t, "tier") for t in multi(args.tier)),
            channels=tuple(parse_enum(Channel, c, "channel") for c in multi(args.channel)),
            assignee=assignee.strip().lower() if assignee else assignee,
            sla_states=tuple(parse_enum(SlaState, s, "sla").value for s in multi(args.sla)),
            search=args.search or "",
            open_only=args.open,
        ),
        sort=args.sort,
        limit=args.limit,
        offset=args.offset,
    )
    result = ctx.cases.list(query)
    now = ctx.now()
    data = page([row_data(r, now) for r in result.items], result.total, result.limit, result.offset)
    # A word in most cases is not counted (it grows with the database): `total` is "more than".
    data["total_exact"] = result.total_exact
    return Output(data, columns={"items": LIST_COLUMNS})


def cmd_case_show(app: App, ctx: Context | None, args: argparse.Namespace) -> Output:
    assert ctx is not None
    case = ctx.cases.get(args.ref)
    data = case_data(case, ctx)
    data["notes"] = [note_data(n) for n in ctx.cases.notes(case.id)]
    data["evidence"] = [a.to_json() for a in ctx.attachments.list(case.id)]
    data["trail"] = [trail_data(t) for t in ctx.audit.case_trail(case.id)]
    return Output(data, columns=SHOW_COLUMNS)


def _description(app: App, args: argparse.Namespace) -> str | None:
    if args.description_file is not None:
        return app.read_text(args.description_file, "description")
    return args.description


def cmd_case_new(app: App, ctx: Context | None, args: argparse.Namespace) -> Output:
    assert ctx is not None
    currency = check_currency(args.currency)
    order = Order(
        args.order_number,
        currency,
        parse_amount(args.order_total, currency),
        parse_amount(args.shipping, currency),
        parse_date(args.order_date, "order_date"),
        tuple(parse_item(raw, currency) for raw in args.item or ()),
    )
    draft = CaseDraft(
        customer=Customer(args.customer_name, args.customer_email, args.customer_phone or ""),
        order=order,
        category=args.category,
        subject=args.subject,
        description=_description(app, args) or "",
        subcategory=args.subcategory,
        channel=parse_enum(Channel, args.channel, "channel"),
        priority=parse_enum(Priority, args.priority, "priority"),
        safety_hazard=args.safety_hazard,
        tags=tuple(multi(args.tag)),
    )
    case = ctx.cases.create(draft)
    return _case_output(
        case,
        ctx,
        f"created {case.reference}: {case.status}, "
        f"priority {case.priority} (version {case.version})",
    )


def _case_output(case: Case, ctx: Context, message: str) -> Output:
    return Output(case_data(case, ctx), message, brief=True)


def cmd_case_update(app: App, ctx: Context | None, args: argparse.Namespace) -> Output:
    assert ctx is not None
    changes: dict[str, Any] = {}
    for name in (
        "subject",
        "category",
        "subcategory",
        "priority",
        "channel",
        "tags",
        "safety_hazard",
    ):
        value = getattr(args, name)
        if value is not None:
            changes[name] = value
    description = _description(app, args)
    if description is not None:
        changes["description"] = description
    if not changes:
        raise UsageError("nothing to update: give at least one field option (see --help)")
    case = ctx.cases.update(args.ref, args.version, changes)
    return _case_output(
        case, ctx, f"updated {case.reference}: {', '.join(changes)} (version {case.version})"
    )


def cmd_case_status(app: App, ctx: Context | None, args: argparse.Namespace) -> Output:
    assert ctx is not None
    case = ctx.cases.change_status(args.ref, args.status, args.version, args.reason)
    return _case_output(
        case, ctx, f"{case.reference} is now {case.status} (version {case.version})"
    )


def cmd_case_assign(app: App, ctx: Context | None, args: argparse.Namespace) -> Output:
    assert ctx is not None
    user = None if args.assignee.strip().lower() == "none" else args.assignee
    case = ctx.cases.assign(args.ref, user, args.version)
    who = case.assignee or "nobody"
    return _case_output(
        case,
        ctx,
        f"{case.reference} assigned to {who}, status {case.status} (version {case.version})",
    )


def cmd_case_escalate(app: App, ctx: Context | None, args: argparse.Namespace) -> Output:
    assert ctx is not None
    case = ctx.cases.escalate(args.ref, args.reason, args.version)
    return _case_output(
        case,
        ctx,
        f"{case.reference} escalated to tier {case.tier}, status "
        f"{case.status} (version {case.version})",
    )


def cmd_case_note(app: App, ctx: Context | None, args: argparse.Namespace) -> Output:
    assert ctx is not None
    body = app.read_text(args.file, "note") if args.file is not None else args.text
    note = ctx.cases.add_note(args.ref, body, to_customer=args.to_customer)
    case = ctx.cases.get(note.case_id)
    data = {"case": case.reference, **note_data(note)}
    kind = "message to the customer" if args.to_customer else "internal note"
    return Output(data, f"{kind} {note.id} added to {case.reference}", brief=True)


# user ---------------------------------------------------------------------------------------

USER_COLUMNS = ("username", "display_name", "role", "disabled")


def cmd_user_add(app: App, ctx: Context | None, args: argparse.Namespace) -> Output:
    assert ctx is not None
    check_username(args.name)  # refuse a bad name or role before asking for a password
    check_role(args.role)
    password = app.passwords.new(args.name)
    user = ctx.users.add(args.name, args.display_name or "", args.role, password)
    return Output(user.to_json(), f"created user {user.username} ({user.role})", brief=True)


def cmd_user_list(app: App, ctx: Context | None, args: argparse.Namespace) -> Output:
    assert ctx is not None
    users = [u.to_json() for u in ctx.users.list()]
    return Output(page(users, len(users), len(users), 0), columns={"items": USER_COLUMNS})


def cmd_user_disable(app: App, ctx: Context | None, args: argparse.Namespace) -> Output:
    assert ctx is not None
    user = ctx.users.disable(args.name, args.reason or "")
    return Output(user.to_json(), f"disabled user {user.username}", brief=True)


def cmd_user_role(app: App, ctx: Context | None, args: argparse.Namespace) -> Output:
    assert ctx is not None
    user = ctx.users.change_role(args.name, args.role)
    return Output(user.to_json(), f"{user.username} is now {user.role}", brief=True)


def cmd_user_passwd(app: App, ctx: Context | None, args: argparse.Namespace) -> Output:
    assert ctx is not None
    username = ctx.users.get(args.name).username
    ctx.users.change_password(username, app.passwords.new(username))
    return Output(
        {"username": username, "password_changed": True},
        f"password changed for {username}",
        brief=True,
    )


# ---- the parser -------------------------------------------------------------------------------


GLOBAL_OPTIONS = ("--database", "--user", "--password-stdin", "--json")


class _ParserExit(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so main() decides what to print and return."""

    def error(self, message: str) -> None:  # type: ignore[override]
        if message.startswith("unrecognized arguments") and any(
            opt in message for opt in GLOBAL_OPTIONS
        ):
            message += f"; the options {', '.join(GLOBAL_OPTIONS)} go before the command"
        raise UsageError(message, usage=self.format_usage().strip())

    def exit(self, status: int = 0, message: str | None = None) -> None:  # type: ignore[override]
        if message:
            sys.stderr.write(message)
        raise _ParserExit(status)


def _command(
    sub: Any, name: str, handler: Handler, access: Access, help_text: str, **kwargs: Any
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        name, help=help_text, description=help_text, allow_abbrev=False, **kwargs
    )
    parser.set_defaults(handler=handler, access=access)
    return parser


def _version_option(parser: argparse.ArgumentParser, *, required: bool = False) -> None:
    parser.add_argument(
        "--version",
        type=whole_number("--version"),
        metavar="N",
        required=required,
        help="the case version you last saw (refused if it changed since)",
    )


def _case_commands(sub: Any) -> None:
    case = sub.add_parser("case", help="work on cases", allow_abbrev=False)
    cases = case.add_subparsers(dest="case_command", metavar="COMMAND", required=True)

    p = _command(cases, "list", cmd_case_list, Access.READER, "list cases, filtered and sorted")
    multi_help = " (repeatable, or comma-separated)"
    p.add_argument("--status", action="append", help="status" + multi_help)
    p.add_argument("--category", action="append", help="category slug" + multi_help)
    p.add_argument("--priority", action="append", help="priority" + multi_help)
    p.add_argument("--tier", action="append", help="tier" + multi_help)
    p.add_argument("--channel", action="append", help="channel" + multi_help)
    p.add_argument("--assignee", metavar="USER|none", help="assigned to USER, or to nobody")
    p.add_argument(
        "--sla", action="append", metavar="on-time|due-soon|overdue", help="SLA state" + multi_help
    )
    p.add_argument("--open", action="store_true", help="only cases not resolved or closed")
    p.add_argument("--search", metavar="TEXT", help="words in reference, customer, order, text")
    p.add_argument(
        "--sort",
        default="-updated",
        metavar="KEY|-KEY",
        help="updated, created, priority, due, reference or status; "
        "a minus for descending: -created (default -updated)",
    )
    p.add_argument("--limit", type=whole_number("--limit", 1, MAX_PAGE), default=50,
                   help=f"at most N cases, 1 to {MAX_PAGE} (default 50)")  # fmt: skip
    p.add_argument("--offset", type=whole_number("--offset", 0), default=0,
                   help="skip the first N cases")  # fmt: skip

    p = _command(
        cases,
        "show",
        cmd_case_show,
        Access.READER,
        "show a case: all fields, order items, notes and its audit trail",
    )
    p.add_argument("ref", metavar="REF", help="case reference (RC-YYYY-NNNNNN) or id")

    p = _command(cases, "new", cmd_case_new, Access.USER, "open a new case")
    p.add_argument("--customer-name", required=True)
    p.add_argument("--customer-email", required=True)
    p.add_argument("--customer-phone")
    p.add_argument("--order-number", required=True)
    p.add_argument("--currency", required=True, help="ISO 4217 code, such as EUR")
    p.add_argument("--order-total", required=True, metavar="AMOUNT", help="plain decimal: 12.50")
    p.add_argument("--shipping", default="0", metavar="AMOUNT", help="plain decimal: 4.99")
    p.add_argument("--order-date", metavar="YYYY-MM-DD")
    p.add_argument(
        "--item",
        action="append",
        metavar="'SKU|Product|Seller|QTY|PRICE'",
        help="an order line (repeatable)",
    )
    p.add_argument("--category", required=True)
    p.add_argument("--subcategory")
    p.add_argument("--channel", default=Channel.EMAIL.value)
    p.add_argument("--priority", default=Priority.NORMAL.value)
    p.add_argument("--safety-hazard", action="store_true")
    p.add_argument("--subject", required=True)
    group = p.add_mutually_exclusive_group()
    group.add_argument("--description", metavar="TEXT")
    group.add_argument("--description-file", metavar="FILE", help="UTF-8 text; '-' for stdin")
    p.add_argument("--tag", action="append", help="a tag (repeatable, or comma-separated)")

    p = _command(cases, "update", cmd_case_update, Access.USER, "edit a case's details")
    p.add_argument("ref", metavar="REF")
    _version_option(p, required=True)
    p.add_argument("--subject")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--description", metavar="TEXT")
    group.add_argument("--description-file", metavar="FILE", help="UTF-8 text; '-' for stdin")
    p.add_argument("--category")
    p.add_argument("--subcategory")
    p.add_argument("--priority")
    p.add_argument("--channel")
    p.add_argument("--tags", metavar="a,b", help="the new tags, comma-separated ('' for none)")
    p.add_argument("--safety-hazard", action=argparse.BooleanOptionalAction, default=None)

    p = _command(cases, "status", cmd_case_status, Access.USER, "change a case's status")
    p.add_argument("ref", metavar="REF")
    p.add_argument("status", metavar="NEW", help=", ".join(s.value for s in Status))
    p.add_argument("--reason", help="why (needed to reopen a resolved or closed case)")
    _version_option(p)

    p = _command(cases, "assign", cmd_case_assign, Access.USER, "assign a case")
    p.add_argument("ref", metavar="REF")
    p.add_argument("assignee", metavar="USER|none")
    _version_option(p)

    p = _command(cases, "note", cmd_case_note, Access.USER, "add a note to a case")
    p.add_argument("ref", metavar="REF")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--text", metavar="TEXT")
    group.add_argument("--file", metavar="FILE", help="UTF-8 text; '-' for stdin")
    p.add_argument(
        "--to-customer",
        action="store_true",
        help="a message to the customer (the first one is the SLA's first response)",
    )

    p = _command(
        cases, "escalate", cmd_case_escalate, Access.USER, "escalate a case to the next tier"
    )
    p.add_argument("ref", metavar="REF")
    p.add_argument("--reason", required=True)
    _version_option(p)


def _user_commands(sub: Any) -> None:
    user = sub.add_parser("user", help="manage users (admins)", allow_abbrev=False)
    users = user.add_subparsers(dest="user_command", metavar="COMMAND", required=True)
    p = _command(
        users,
        "add",
        cmd_user_add,
        Access.USER,
        "add a user; their password is prompted, or the second line of stdin",
    )
    p.add_argument("name", metavar="NAME")
    p.add_argument(
        "--role", required=True, help="specialist, senior-specialist, expert, supervisor or admin"
    )
    p.add_argument("--display-name")
    _command(users, "list", cmd_user_list, Access.USER, "list users")
    p = _command(users, "disable", cmd_user_disable, Access.USER, "disable a user")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--reason")
    p = _command(
        users, "role", cmd_user_role, Access.USER, "give a user another role (not your own)"
    )
    p.add_argument("name", metavar="NAME")
    p.add_argument(
        "role", metavar="ROLE", help="specialist, senior-specialist, expert, supervisor or admin"
    )
    p = _command(
        users,
        "passwd",
        cmd_user_passwd,
        Access.USER,
        "set a password; the new one is prompted, or the second line of stdin",
    )
    p.add_argument("name", metavar="NAME")


def build_parser() -> Parser:
    parser = Parser(
        prog=PROG,
        description="Resolution Center: e-commerce complaints and disputes from the command line.",
        allow_abbrev=False,
    )
    parser.add_argument(
        "--database",
        metavar="URL",
        default=os.environ.get(ENV_DATABASE),
        help="sqlite:////abs/path.db or postgresql://user@host/db "
        f"(default: ${ENV_DATABASE}, else a file in the user data folder)",
    )
    parser.add_argument(
        "--user",
        metavar="NAME",
        default=os.environ.get(ENV_USER),
        help=f"who acts (default: ${ENV_USER})",
    )
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read passwords from stdin, one per line, the acting user's first",
    )
    parser.add_argument("--json", action="store_true", help="JSON output; errors as JSON")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = _command(
        sub, "init", cmd_init, Access.SETUP, "create or migrate the database (safe to repeat)"
    )
    p.add_argument("--admin", metavar="NAME", help="create this first admin if missing")
    p = _command(sub, "demo", cmd_demo, Access.SETUP, "fill a new database with demo data")
    p.add_argument("--force", action="store_true", help="also into a database already in use")
    _case_commands(sub)
    p = _command(
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
    p = _command(sub, "backup", cmd_backup, Access.USER, "write a backup of the database")
    p.add_argument("path", metavar="PATH")
    p = _command(
        sub,
        "restore",
        cmd_restore,
        Access.SETUP,
        "restore a backup (refused unless its audit trail verifies)",
    )
    p.add_argument("path", metavar="PATH")
    _user_commands(sub)
    # Imported here: both modules import this one for its helpers.
    from .cli_agreements import add_agreement_commands
    from .cli_attachments import add_attachment_commands
    from .cli_bench import add_bench_command
    from .cli_import import add_import_commands
    from .cli_remedies import add_parsers as add_remedy_commands

    add_remedy_commands(sub)
    add_agreement_commands(sub)
    add_attachment_commands(sub)
    add_import_commands(sub)
    add_bench_command(sub)
    return parser


# ---- main -------------------------------------------------------------------------------------


def _sort_values(argv: list[str]) -> list[str]:
    """Let '--sort -created' mean '--sort=-created' (argparse takes '-created' for an option)."""
    out: list[str] = []
    for token in argv:
        if out and out[-1] == "--sort" and token.startswith("-") and token[1:2].isalpha():
            out[-1] = f"--sort={token}"
        else:
            out.append(token)
    return out


def _wants_json(argv: Sequence[str]) -> bool:
    """Whether errors met while parsing should already be JSON."""
    head = argv[: list(argv).index("--")] if "--" in argv else argv
    return "--json" in head


@contextlib.contextmanager
def _argparse_streams(term: Terminal) -> Iterator[None]:
    # argparse prints --help and --version to sys.stdout; send them where main() was told.
    with contextlib.redirect_stdout(term.stdout), contextlib.redirect_stderr(term.stderr):
        yield


def run(app: App, args: argparse.Namespace) -> Output:
    handler: Handler = args.handler
    if args.access is Access.SETUP:
        return handler(app, None, args)
    with app.open(args.access) as ctx:
        return handler(app, ctx, args)


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run one command; returns the exit code (the console script passes it to sys.exit)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    term = Terminal(
        sys.stdin if stdin is None else stdin,
        sys.stdout if stdout is None else stdout,
        sys.stderr if stderr is None else stderr,
        _wants_json(argv),
    )
    try:
        with _argparse_streams(term):
            args = build_parser().parse_args(_sort_values(argv))
        term.json = args.json
        app = App(
            term,
            Passwords(term, args.password_stdin),
            args.database,
            args.user,
            Config.from_env(),
            system_clock,
        )
        term.show(run(app, args))
        return EXIT_OK
    except _ParserExit as done:
        return done.status
    except RCError as exc:
        term.error(exc)
        return exc.exit_code
    except KeyboardInterrupt:
        term.stderr.write("interrupted\n")
        return EXIT_INTERRUPTED
    except Exception as exc:
        term.internal_error(exc)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
