"""Raw baselines: the same work as the application path, done with the bare driver.

Reads replay the exact statements the services executed (recorded from the store's connection),
so the SQL and the rows are identical by construction; the raw side only runs them and fetches
tuples. Writes (bulk load, an audited change) and verification are written out by hand with the
same SQL, the same rows and the same canonical bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from importlib import resources
from typing import Any
from xml.sax.saxutils import escape

import psycopg2
from reportlab.graphics.barcode.qr import QrCode
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.fonts import addMapping
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from ..domain import audit
from ..domain.actions import Action
from ..domain.agreement import Agreement
from ..domain.trail_text import label as trail_label
from ..export.agreement_pdf import (  # the palette and month names: data, not rendering code
    CARD_FILL,
    HAIRLINE,
    HEAD_FILL,
    HEADING,
    INK,
    MONTHS,
    MUTED,
    NOTE_FILL,
    RULE,
    ZEBRA,
)
from ..services.imports import ImportPlan
from ..storage.db import SQLITE_PRAGMAS, parse_target
from ..storage.repositories import CaseRepository
from ..storage.search_words import with_search_words
from ..storage.store import Store

Statement = tuple[str, tuple[Any, ...]]


@contextlib.contextmanager
def recording(store: Store) -> Iterator[list[Statement]]:
    """Record every statement the store's connection executes (as sent to the driver)."""
    calls: list[Statement] = []
    db = store.db
    original = db.execute_sql

    def spy(sql: str, params: Any = None) -> Any:
        calls.append((sql, tuple(params or ())))
        return original(sql, params)

    # Sql.execute records what it sends to SQLite's driver itself (it bypasses execute_sql);
    # anything else, and everything on PostgreSQL, passes through execute_sql.
    db.execute_sql = spy  # type: ignore[method-assign]  # a spy for the block, deleted after
    store.sql.trace = calls
    try:
        yield calls
    finally:
        del db.execute_sql
        store.sql.trace = None


class RawDB:
    """A bare driver connection configured as the app's (same SQLite pragmas; autocommit)."""

    def __init__(self, url: str) -> None:
        target = parse_target(url)
        self.pg = target.backend == "postgresql"
        if self.pg:
            self.conn: Any = psycopg2.connect(url)
            self.conn.autocommit = True
        else:
            assert target.path is not None
            self.conn = sqlite3.connect(str(target.path), isolation_level=None, timeout=5)
            for name, value in SQLITE_PRAGMAS:
                self.conn.execute(f"PRAGMA {name} = {value}")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> RawDB:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def prepare_like(self, store: Store, statements: Sequence[Statement]) -> None:
        """Prepare here the statements the app ran as prepared ones (EXECUTE name(...)), with
        the app connection's own PREPARE text: both sides then run the same statements."""
        if not self.pg:
            return
        names = {
            sql.split()[1].split("(")[0] for sql, _ in statements if sql.startswith("EXECUTE ")
        }
        cur = self.conn.cursor()
        try:
            for name in sorted(names):
                cur.execute("SELECT 1 FROM pg_prepared_statements WHERE name = %s", (name,))
                if cur.fetchone():
                    continue
                text = store.sql.scalar(
                    "SELECT statement FROM pg_prepared_statements WHERE name = ?", (name,)
                )
                cur.execute(text)
        finally:
            cur.close()

    def replay(self, statements: Sequence[Statement]) -> int:
        """Run recorded statements and fetch every row; returns the number of rows."""
        rows = 0
        cur = self.conn.cursor()
        try:
            for sql, params in statements:
                cur.execute(sql, params)
                rows += len(cur.fetchall())
        finally:
            cur.close()
        return rows


# ---- bulk load -------------------------------------------------------------------------------


def _copy_text(rows: Sequence[Sequence[Any]]) -> io.StringIO:
    def value(v: Any) -> str:
        if v is None:
            return "\\N"
        if v is True or v is False:
            return "t" if v else "f"
        if isinstance(v, str):
            return (
                v.replace("\\", "\\\\")
                .replace("\n", "\\n")
                .replace("\r", "\\r")
                .replace("\t", "\\t")
            )
        return str(v)

    return io.StringIO("".join("\t".join(map(value, row)) + "\n" for row in rows))


EVENT_COLUMNS = (
    "seq",
    "prev_hash",
    "time",
    "actor",
    "role",
    "action",
    "target_type",
    "target_id",
    "data",
    "hash",
    "case_id",
)
CUSTOMER_COLUMNS = ("id", "email_norm", "name", "email", "phone", "created_at")


def bulk_load(raw: RawDB, plan: ImportPlan, datas: Sequence[str], actor: str, role: str) -> int:
    """Write a prepared import in one transaction with the bare driver, hashing the chain here.

    The rows, event data and canonical bytes are the application's; only the writing is raw:
    executemany on SQLite, COPY on PostgreSQL. Returns cases + events written.
    """
    rows = plan.rows
    # SQLite keeps each case's word list beside the full-text index (see search_text).
    case_columns, case_rows = (
        (CaseRepository.CASE_INSERT_COLUMNS, rows.cases)
        if raw.pg
        else with_search_words(CaseRepository.CASE_INSERT_COLUMNS, rows.cases)
    )
    tables: list[tuple[str, Sequence[str], Sequence[Sequence[Any]]]] = [
        ("customers", CUSTOMER_COLUMNS, plan.customers),
        ("cases", case_columns, case_rows),
        ("order_items", CaseRepository.ITEM_INSERT_COLUMNS, rows.items),
        ("notes", CaseRepository.NOTE_INSERT_COLUMNS, rows.notes),
        ("personal_values", ("digest", "salt", "value"), rows.personal),
        ("case_sources", CaseRepository.SOURCE_INSERT_COLUMNS, rows.sources),
    ]
    cur = raw.conn.cursor()
    mark = "%s" if raw.pg else "?"
    time = audit.format_time(datetime.now(UTC))
    try:
        cur.execute("BEGIN" if raw.pg else "BEGIN IMMEDIATE")
        cur.execute(
            f"INSERT INTO counters (name, value) VALUES ({mark}, 0) ON CONFLICT (name) DO NOTHING",
            (plan.counter,),
        )
        cur.execute(
            f"UPDATE counters SET value = value + {mark} WHERE name = {mark} RETURNING value",
            (len(rows.cases), plan.counter),
        )
        cur.fetchall()

        def write(table: str, columns: Sequence[str], data: Sequence[Sequence[Any]]) -> None:
            if not data:
                return
            if raw.pg:
                cur.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", _copy_text(data))
            else:
                marks = ", ".join("?" for _ in columns)
                cur.executemany(
                    f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", data
                )

        for table, columns, data in tables:
            write(table, columns, data)
        if not raw.pg and rows.cases:
            cur.execute(
                "INSERT INTO case_fts (rowid, body) SELECT id, search_words FROM cases "
                "WHERE id BETWEEN ? AND ?",
                (rows.cases[0][0], rows.cases[-1][0]),
            )
        cur.execute(
            "SELECT seq, hash FROM chain_head WHERE id = 1" + (" FOR UPDATE" if raw.pg else "")
        )
        seq, prev = cur.fetchone()
        sha256 = hashlib.sha256
        sep = audit.SEP
        out = []
        for (action, target_type, target_id, case_id, _), data in zip(
            rows.events, datas, strict=True
        ):
            seq += 1
            case_text = "" if case_id is None else str(case_id)
            digest = sha256(
                sep.join(
                    (
                        audit.HASH_FORMAT,
                        str(seq),
                        prev,
                        time,
                        actor,
                        role,
                        action,
                        target_type,
                        target_id,
                        case_text,
                        data,
                    )
                ).encode()
            ).hexdigest()
            out.append(
                (
                    seq,
                    prev,
                    time,
                    actor,
                    role,
                    action,
                    target_type,
                    target_id,
                    data,
                    digest,
                    case_id,
                )
            )
            prev = digest
        write("audit_events", EVENT_COLUMNS, out)
        cur.execute(
            f"UPDATE chain_head SET seq = {mark}, hash = {mark}, time = {mark} WHERE id = 1",
            (seq, prev, time),
        )
        cur.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(Exception):
            cur.execute("ROLLBACK")
        raise
    finally:
        cur.close()
    return len(rows.cases) + len(out)


# ---- one audited change ----------------------------------------------------------------------


class RawChange:
    """Version-checked UPDATE, chain-head lock, INSERT of the event, commit: the bare minimum of
    an audited change, with the SQL the case repository and audit repository use."""

    def __init__(
        self,
        raw: RawDB,
        case_id: int,
        reference: str,
        version: int,
        status: str,
        actor: str,
        role: str,
    ) -> None:
        self.raw, self.case_id, self.reference = raw, case_id, reference
        self.version, self.status, self.actor, self.role = version, status, actor, role

    def __call__(self, new_status: str) -> None:
        raw, pg = self.raw, self.raw.pg
        mark = "%s" if pg else "?"
        time = audit.format_time(datetime.now(UTC))
        data = audit.canonical_json(
            {
                "version": self.version + 1,
                "old": {"status": self.status},
                "new": {"status": new_status},
                "reason": "",
            }
        )
        cur = raw.conn.cursor()
        try:
            cur.execute("BEGIN" if pg else "BEGIN IMMEDIATE")
            cur.execute(
                f"UPDATE cases SET status = {mark}, version = version + 1, updated_at = {mark}, "
                f"updated_by = {mark} WHERE id = {mark} AND version = {mark}",
                (new_status, time, self.actor, self.case_id, self.version),
            )
            if cur.rowcount != 1:
                raise RuntimeError("the raw change lost its version check")
            if pg:  # the server adds the row's image (storage/pg_vouch.py)
                cur.execute(
                    "SELECT * FROM rc_append_event(%s, %s, %s, %s, %s, %s::text[], %s::text[])",
                    (
                        Action.CASE_STATUS_CHANGED,
                        "case",
                        self.reference,
                        self.case_id,
                        data,
                        "{cases}",
                        f"{{{self.case_id}}}",
                    ),
                )
                cur.fetchall()
            else:
                cur.execute("SELECT seq, hash FROM chain_head WHERE id = 1")
                seq, prev = cur.fetchone()
                seq += 1
                digest = hashlib.sha256(
                    audit.canonical_bytes(
                        seq,
                        prev,
                        time,
                        self.actor,
                        self.role,
                        Action.CASE_STATUS_CHANGED,
                        "case",
                        self.reference,
                        self.case_id,
                        data,
                    )
                ).hexdigest()
                cur.execute(
                    f"INSERT INTO audit_events ({', '.join(EVENT_COLUMNS)}) VALUES "
                    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        seq,
                        prev,
                        time,
                        self.actor,
                        self.role,
                        Action.CASE_STATUS_CHANGED,
                        "case",
                        self.reference,
                        data,
                        digest,
                        self.case_id,
                    ),
                )
                cur.execute(
                    "UPDATE chain_head SET seq = ?, hash = ?, time = ? WHERE id = 1",
                    (seq, digest, time),
                )
            cur.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(Exception):
                cur.execute("ROLLBACK")
            raise
        finally:
            cur.close()
        self.version += 1
        self.status = new_status


# ---- verification ----------------------------------------------------------------------------


CASE_ROW = (
    "c.id, c.reference, c.subject, c.customer_name, c.order_number, c.category, c.priority, "
    "c.status, c.tier, c.channel, u.username, c.created_at, c.updated_at, c.resolution_due, "
    "c.first_response_due, c.first_responded_at"
)  # a line of the list, written out by hand


def canonical_list(
    raw: RawDB, statuses: Sequence[str], categories: Sequence[str], limit: int
) -> tuple[list[tuple[Any, ...]], int]:
    """The list's first page and its total as one would write them from the rule (cases of
    these statuses and categories, the last updated first): one ORDER BY ... LIMIT and one
    count(*), tuples as the driver gives them."""
    mark = "%s" if raw.pg else "?"
    where = (
        f"c.status IN ({', '.join(mark for _ in statuses)}) "
        f"AND c.category IN ({', '.join(mark for _ in categories)})"
    )
    params = [*statuses, *categories]
    cur = raw.conn.cursor()
    try:
        cur.execute(
            f"SELECT {CASE_ROW} FROM cases c LEFT JOIN users u ON u.id = c.assignee_id "
            f"WHERE {where} ORDER BY c.updated_at DESC, c.id DESC LIMIT {int(limit)}",
            params,
        )
        rows = cur.fetchall()
        cur.execute(f"SELECT count(*) FROM cases c WHERE {where}", params)
        total = int(cur.fetchone()[0])
    finally:
        cur.close()
    return rows, total


def canonical_search(raw: RawDB, word: str, limit: int) -> list[tuple[Any, ...]]:
    """A word search's first page (every case whose text has a word starting with `word`,
    the last updated first) as one would write it with the engine's text index: SQLite's FTS5
    table joined by rowid, PostgreSQL's tsvector column matched with a prefix query."""
    if raw.pg:
        match = "c.search_doc @@ to_tsquery('public.rc_search', %s)"
        source, param = "cases c", f"{word}:*"
    else:
        match = "case_fts MATCH ?"
        source, param = "case_fts JOIN cases c ON c.id = case_fts.rowid", f'"{word}"*'
    cur = raw.conn.cursor()
    try:
        cur.execute(
            f"SELECT {CASE_ROW} FROM {source} LEFT JOIN users u ON u.id = c.assignee_id "
            f"WHERE {match} ORDER BY c.updated_at DESC, c.id DESC LIMIT {int(limit)}",
            (param,),
        )
        return list(cur.fetchall())
    finally:
        cur.close()


def canonical_counts(raw: RawDB, now: str, soon: str) -> dict[str, dict[str, int]]:
    """Counts per status and per SLA state as one would write them without the app: one pass
    over the cases, grouped by both, summed here. `now` and `soon` (now + the due-soon window)
    are stored-time texts. A resolved or closed case is missed if a target's breach is
    recorded, else met; an open case is overdue once a breach is recorded or its nearest due
    time (the first response's while none was sent, else the resolution's) has passed, paused
    while it waits on someone else, due soon once its warning time has passed (without one,
    within the window before the due time)."""
    mark = "%s" if raw.pg else "?"
    sql = (
        "SELECT status, CASE "
        "WHEN status IN ('resolved', 'closed') THEN CASE WHEN resolution_breached_at IS NOT NULL "
        "OR first_response_breached_at IS NOT NULL THEN 'missed' ELSE 'met' END "
        "WHEN resolution_breached_at IS NOT NULL OR (first_responded_at IS NULL "
        "AND first_response_breached_at IS NOT NULL) THEN 'overdue' "
        "WHEN status IN ('waiting-on-customer', 'waiting-on-third-party') THEN 'paused' "
        f"WHEN resolution_due <= {mark} OR (first_responded_at IS NULL "
        f"AND first_response_due <= {mark}) THEN 'overdue' "
        f"WHEN coalesce(resolution_warn_at <= {mark}, resolution_due <= {mark}) "
        "OR (first_responded_at IS NULL AND "
        f"coalesce(first_response_warn_at <= {mark}, first_response_due <= {mark})) "
        "THEN 'due-soon' ELSE 'on-time' END, count(*) FROM cases GROUP BY 1, 2"
    )
    cur = raw.conn.cursor()
    try:
        cur.execute(sql, (now, now, now, soon, now, soon))
        rows = cur.fetchall()
    finally:
        cur.close()
    status: dict[str, int] = {}
    sla: dict[str, int] = {}
    for state, bucket, n in rows:
        status[state] = status.get(state, 0) + int(n)
        sla[bucket] = sla.get(bucket, 0) + int(n)
    return {"status": status, "sla": sla}


def verify(raw: RawDB, batch: int = 20_000) -> tuple[int, int]:
    """Bare fetch + the same canonical bytes + hashlib in one loop (which also gathers the cases
    the trail created), and the same cross-checks (cases against creation events, personal
    values against digests) as AuditService.verify.

    Returns (events, problems).
    """
    mark = "%s" if raw.pg else "?"
    cur = raw.conn.cursor()
    problems = 0
    count = 0
    try:
        cur.execute("BEGIN" if raw.pg else "BEGIN DEFERRED")
        cur.execute("SELECT seq, hash, time FROM chain_head WHERE id = 1")
        head_seq, head_hash, _ = cur.fetchone()
        sha256 = hashlib.sha256
        join = audit.SEP.join
        fmt = audit.HASH_FORMAT
        expected, prev, last = 1, audit.GENESIS_HASH, 0
        created: set[int] = set()
        created_actions = (Action.CASE_CREATED, Action.CASE_IMPORTED)
        while True:
            cur.execute(
                "SELECT seq, prev_hash, time, actor, role, action, target_type, target_id, "
                f"case_id, data, hash FROM audit_events WHERE seq > {mark} ORDER BY seq "
                f"LIMIT {mark}",
                (last, batch),
            )
            rows = cur.fetchall()
            if not rows:
                break
            for seq, prv, time, actor, role, action, ttype, tid, case_id, data, digest in rows:
                count += 1
                if action in created_actions and case_id is not None:
                    created.add(case_id)
                if seq != expected or prv != prev:
                    problems += 1
                text = join(
                    (
                        fmt,
                        str(seq),
                        prv,
                        time,
                        actor,
                        role,
                        action,
                        ttype,
                        tid,
                        "" if case_id is None else str(case_id),
                        data,
                    )
                )
                if sha256(text.encode("utf-8")).hexdigest() != digest:
                    problems += 1
                expected, prev = seq + 1, digest
            last = rows[-1][0]
        if head_seq != expected - 1 or head_hash != prev:
            problems += 1
        cur.execute("SELECT id FROM cases")
        cases = {r[0] for r in cur.fetchall()}
        problems += len(cases ^ created)
        cur.execute("SELECT digest, salt, value FROM personal_values")
        for digest, salt, value in cur.fetchall():
            if sha256(f"{salt}{audit.SEP}{value}".encode()).hexdigest() != digest:
                problems += 1
        cur.execute("COMMIT")
    finally:
        cur.close()
    return count, problems


# ---- agreement PDF ---------------------------------------------------------------------------
#
# The same document as export/agreement_pdf.py, written out by hand with bare reportlab Platypus:
# the same text, paragraph styles, tables and column widths, the DejaVu TTFs registered (under
# names of its own, so it embeds and subsets its own copies), the QR code of the same proof,
# page header and footer with "page X of Y" (reportlab's numbered-canvas recipe), the outline,
# the metadata, invariant mode and page compression. What it leaves out is what only a general
# renderer needs: checking the text is printable, measuring cards and tables to choose a layout
# (this one knows its agreement fits side by side and which rows to keep together), and the
# content hash and proof, which it is handed.

RAW_SANS, RAW_BOLD, RAW_MONO = "RawDejaVuSans", "RawDejaVuSans-Bold", "RawDejaVuSansMono"
_RAW_FONT_FILES = {
    RAW_SANS: "DejaVuSans.ttf",
    RAW_BOLD: "DejaVuSans-Bold.ttf",
    RAW_MONO: "DejaVuSansMono.ttf",
}
_PDF: dict[str, Any] = {}


def _pdf_setup() -> dict[str, Any]:
    """Fonts registered and paragraph styles made once per process, as a script would."""
    if _PDF:
        return _PDF
    folder = resources.files("resources.fonts")
    for name, filename in _RAW_FONT_FILES.items():
        with resources.as_file(folder.joinpath(filename)) as path:
            pdfmetrics.registerFont(TTFont(name, str(path)))
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(RAW_SANS, bold, italic, RAW_BOLD if bold else RAW_SANS)
            addMapping(RAW_MONO, bold, italic, RAW_MONO)
    body = ParagraphStyle(
        "body",
        fontName=RAW_SANS,
        fontSize=9.5,
        leading=13.5,
        textColor=INK,
        spaceAfter=5,
        splitLongWords=1,
    )

    def s(name: str, parent: ParagraphStyle = body, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=parent, **kw)

    cell = s("cell", fontSize=8.5, leading=11, spaceAfter=0)
    head = s("head", fontName=RAW_BOLD, fontSize=7.5, leading=9.5, spaceAfter=0)
    _PDF.update(
        body=body,
        small=s("small", fontSize=8, leading=11),
        muted=s("muted", fontSize=8.5, leading=12, textColor=MUTED),
        title=s(
            "title", fontName=RAW_BOLD, fontSize=21, leading=26, textColor=HEADING, spaceAfter=2
        ),
        subtitle=s("subtitle", fontSize=11.5, leading=15, spaceAfter=2),
        status=s("status", fontSize=9, leading=12, textColor=MUTED, spaceAfter=10),
        h1=s(
            "h1",
            fontName=RAW_BOLD,
            fontSize=11.5,
            leading=15,
            textColor=HEADING,
            spaceBefore=13,
            spaceAfter=6,
            keepWithNext=1,
        ),
        label=s(
            "label", fontName=RAW_BOLD, fontSize=6.5, leading=8.5, textColor=MUTED, spaceAfter=1
        ),
        value=s("value", fontSize=9, leading=11.5, spaceAfter=0),
        cell=cell,
        cell_bold=s("cell_bold", parent=cell, fontName=RAW_BOLD),
        cell_right=s("cell_right", parent=cell, alignment=TA_RIGHT),
        cell_right_bold=s("cell_right_bold", parent=cell, fontName=RAW_BOLD, alignment=TA_RIGHT),
        head=head,
        head_right=s("head_right", parent=head, alignment=TA_RIGHT),
        audit=s("audit", fontSize=7.2, leading=9, spaceAfter=0),
        audit_head=s("audit_head", parent=head, fontSize=7, leading=9),
        mono=s("mono", fontName=RAW_MONO, fontSize=7.5, leading=10, spaceAfter=0),
        term=s("term", fontSize=9, leading=13, leftIndent=22, firstLineIndent=-22, spaceAfter=6),
        party_name=s("party_name", fontName=RAW_BOLD, fontSize=10, leading=13, spaceAfter=1),
        lead=s("lead", keepWithNext=1),
    )
    return _PDF


def agreement_pdf(a: Agreement, content_hash: str, proof: str) -> bytes:
    """The internal record of an issued agreement, A4, with bare Platypus. Returns the bytes."""
    st = _pdf_setup()
    sans, bold, mono = RAW_SANS, RAW_BOLD, RAW_MONO
    # the bench renders one issued agreement: it has a seller, an acceptance and a chain head
    seller, acc, head, issued = a.seller, a.acceptance, a.chain_head, a.issued_at
    assert seller is not None and acc is not None and head is not None and issued is not None
    offer = f"offer {escape(acc.offer)}" if acc.offer else "the offer"
    page_w, page_h = A4
    margin = 20 * mm
    width = page_w - 2 * margin

    def day(d: Any) -> str:
        return f"{d.day} {MONTHS[d.month - 1]} {d.year}"

    def moment(t: Any) -> str:
        return f"{day(t.date())}, {t:%H:%M} UTC"

    def label(slug: str) -> str:
        text = slug.replace("-", " ").replace("_", " ")
        return text[:1].upper() + text[1:]

    def t(text: str, style: str = "body") -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), st[style])

    def p(markup: str, style: str = "body") -> Paragraph:
        return Paragraph(markup, st[style])

    def fit(texts: list[str], font: str, size: float, pad: float = 10) -> float:
        return max(stringWidth(x, font, size) for x in texts) + pad

    def style(*cmds: tuple[Any, ...]) -> TableStyle:
        return TableStyle([("FONT", (0, 0), (-1, -1), sans, 8.5), *cmds])

    def grid(*extra: tuple[Any, ...], zebra: bool = True, totals: int = 0) -> TableStyle:
        cmds: list[tuple[Any, ...]] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
            ("LINEBELOW", (0, 0), (-1, -1 - totals), 0.25, HAIRLINE),
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
            ("LINEBELOW", (0, 0), (-1, 0), 0.75, MUTED),
            ("TOPPADDING", (0, 0), (-1, 0), 4),
            ("BOTTOMPADDING", (0, 0), (-1, 0), 4),
        ]
        if zebra:
            cmds.append(("ROWBACKGROUNDS", (0, 1), (-1, -1 - totals), [colors.white, ZEBRA]))
        if totals:
            cmds += [
                ("LINEABOVE", (0, -totals), (-1, -totals), 0.75, MUTED),
                ("LINEBELOW", (0, -1), (-1, -1), 0.75, MUTED),
            ]
        return style(*cmds, *extra)

    section = [0]

    def heading(title: str, numbered: bool = True) -> Paragraph:
        if numbered:
            section[0] += 1
            return p(f"{section[0]}&nbsp;&nbsp;&nbsp;{escape(title)}", "h1")
        return p(escape(title), "h1")

    def money(m: Any) -> str:
        return str(m.format())

    story: list[Any] = []
    # title block
    o = a.case.order
    story += [
        p("Resolution Agreement", "title"),
        t(a.case.subject, "subtitle"),
        p(f"Issued {escape(moment(a.issued_at))}.", "status"),
    ]
    facts = [
        ("Agreement", a.number),
        ("Version", str(a.version)),
        ("Issued", day(a.issued_at)),
        ("Case", a.case.reference),
        ("Order", o.number),
        ("Order date", day(o.placed_on)),
        ("Category", a.case.category),
        ("Currency", o.currency),
    ]
    cells = [[t(k.upper(), "label"), t(v, "value")] for k, v in facts]
    story.append(
        Table(
            [cells[:4], cells[4:]],
            hAlign="LEFT",
            colWidths=[width * f / 4.2 for f in (1, 0.8, 1.1, 1.3)],
            style=style(
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ("LINEBELOW", (0, 0), (-1, 0), 0.25, HAIRLINE),
                ("BACKGROUND", (0, 0), (-1, -1), CARD_FILL),
                ("LEFTPADDING", (0, 0), (-1, -1), 7),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ),
        )
    )
    # parties, side by side
    party_label = {"company": "Company", "customer": "Customer", "seller": "Marketplace seller"}
    row: list[Any] = []
    cmds: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 7),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
    ]
    for i, party in enumerate((a.company, a.customer, seller)):
        if i:
            row.append("")
        cmds += [
            ("BOX", (2 * i, 0), (2 * i, 0), 0.6, RULE),
            ("LINEABOVE", (2 * i, 0), (2 * i, 0), 2, HEADING),
        ]
        row.append(
            [
                t(party_label[party.role.value].upper(), "label"),
                t(party.name, "party_name"),
                *(t(x, "value") for x in party.address),
                t(party.email, "value"),
                t(party.reference, "muted"),
            ]
        )
    card = (width - 12) / 3
    story += [
        heading("Parties"),
        t(
            "This agreement is made between the following parties, with the marketplace "
            "seller named as a party to the obligations that concern it."
        ),
        Table([row], colWidths=[card, 6, card, 6, card], hAlign="LEFT", style=style(*cmds)),
    ]
    # the complaint
    story += [
        heading("The complaint"),
        p(
            f"<b>{escape(a.case.subject)}</b> <font color='#52606D'>· case "
            f"{escape(a.case.reference)} · {escape(a.case.category)}</font>"
        ),
    ]
    story += [t(x.strip()) for x in re.split(r"\n\s*\n", a.case.summary)]
    # the order, kept together
    rows: list[list[Any]] = [
        [p(x, "head") for x in ("#", "SKU", "Product", "Seller")]
        + [p(x, "head_right") for x in ("Qty", "Unit price", "Amount")]
    ]
    for i, item in enumerate(o.items, start=1):
        rows.append(
            [
                t(str(i), "cell"),
                t(item.sku, "cell"),
                t(item.product, "cell"),
                t(item.seller, "cell"),
                t(str(item.quantity), "cell_right"),
                t(money(item.unit_price), "cell_right"),
                t(money(item.total), "cell_right"),
            ]
        )
    totals = [
        ("Items", a.case.items_total, "cell_right"),
        ("Shipping", o.shipping, "cell_right"),
        ("Order total", o.total, "cell_right_bold"),
    ]
    rows += [["", "", "", t(x, s), "", "", t(money(m), s)] for x, m, s in totals]
    no_w = fit([str(len(o.items)), "#"], sans, 8.5)
    qty_w = fit(["Qty", *(str(i.quantity) for i in o.items)], bold, 8.5)
    unit_w = fit(["Unit price", *(money(i.unit_price) for i in o.items)], sans, 8.5)
    amount_w = fit(
        ["Amount", *(money(i.total) for i in o.items), *(money(m) for _, m, _ in totals)], bold, 8.5
    )
    rest = width - no_w - qty_w - unit_w - amount_w
    spans = [("SPAN", (3, r), (5, r)) for r in range(len(rows) - 3, len(rows))]
    story.append(
        KeepTogether(
            [
                heading("The order"),
                t(
                    f"Order {o.number} placed on {day(o.placed_on)}: {len(o.items)} items, "
                    "amounts in "
                    f"{o.currency}."
                ),
                Table(
                    rows,
                    colWidths=[no_w, rest * 0.25, rest * 0.5, rest * 0.25, qty_w, unit_w, amount_w],
                    repeatRows=1,
                    hAlign="LEFT",
                    style=grid(*spans, ("NOSPLIT", (0, 1), (-1, -1)), totals=3),
                ),
            ]
        )
    )
    # remedies
    rows = [
        [
            p("Reference", "head"),
            p("Remedy", "head"),
            p("Description", "head"),
            p("Amount", "head_right"),
        ]
    ]
    rows += [
        [
            t(r.remedy_id, "cell"),
            t(r.kind, "cell_bold"),
            t(r.description, "cell"),
            t(money(r.amount), "cell_right"),
        ]
        for r in a.remedies
    ]
    rows.append(
        [
            "",
            "",
            t("Total agreed", "cell_right_bold"),
            t(money(a.remedies_total), "cell_right_bold"),
        ]
    )
    amount_w = fit(
        ["Amount", *(money(r.amount) for r in a.remedies), money(a.remedies_total)], bold, 8.5
    )
    ref_w = fit(["Reference", *(r.remedy_id for r in a.remedies)], bold, 8.5)
    rest = width - amount_w - ref_w
    story += [
        heading("Agreed remedies"),
        Table(
            rows,
            colWidths=[ref_w, rest * 0.25, rest * 0.75, amount_w],
            repeatRows=1,
            hAlign="LEFT",
            style=grid(("NOSPLIT", (0, len(rows) - 2), (-1, -1)), totals=1),
        ),
    ]
    # obligations: company, seller, customer
    rows = [[p("Party", "head"), p("Obligation", "head"), p("Deadline", "head_right")]]
    for party in (a.company, seller, a.customer):
        mine = [ob for ob in a.obligations if ob.party is party.role]
        who = p(
            f"<b>{escape(party.name)}</b><br/><font color='#52606D'>"
            f"{party_label[party.role.value]}</font>",
            "cell",
        )
        if not mine:
            rows.append(
                [who, t("No obligation under this agreement.", "muted"), t("—", "cell_right")]
            )
        for k, ob in enumerate(mine):
            rows.append(
                [who if k == 0 else "", t(ob.text, "cell"), t(day(ob.deadline), "cell_right")]
            )
    deadline_w = fit(["Deadline", *(day(ob.deadline) for ob in a.obligations)], sans, 8.5)
    names = [a.company.name, a.customer.name, seller.name]
    party_w = max(width * 0.2, min(width * 0.3, fit(names, bold, 8.5)))
    story += [
        heading("Obligations"),
        t("Each party does what is listed against it by the date shown.", "lead"),
        Table(
            rows,
            colWidths=[party_w, width - party_w - deadline_w, deadline_w],
            repeatRows=1,
            hAlign="LEFT",
            style=grid(zebra=False),
        ),
    ]
    # terms
    story.append(heading("Terms"))
    terms = []
    for i, para in enumerate(a.terms, start=1):
        m = re.match(r"^([A-Z][\w ,'’-]{0,40}\.)\s+(.*)$", para, re.S)
        body = f"<b>{escape(m.group(1))}</b> {escape(m.group(2))}" if m else escape(para)
        terms.append(p(f"{section[0]}.{i}&nbsp;&nbsp;{body}", "term"))
    note = p(f"Terms version {escape(a.terms_version)}.", "muted")
    story += [*terms[:-1], KeepTogether([terms[-1], note])]
    # approval and acceptance
    rows = [
        [
            p("Name", "head"),
            p("Role", "head"),
            p("Action", "head"),
            p("Date and time (UTC)", "head"),
        ]
    ]
    rows += [
        [
            t(ap.name, "cell_bold"),
            t(label(ap.role), "cell"),
            t(label(ap.action.value), "cell"),
            t(moment(ap.at), "cell"),
        ]
        for ap in a.approvals
    ]
    story.append(
        KeepTogether(
            [
                heading("Approval and acceptance"),
                Table(
                    rows,
                    colWidths=[width * f / 100 for f in (31, 20, 16, 33)],
                    repeatRows=1,
                    hAlign="LEFT",
                    style=grid(),
                ),
                Spacer(1, 6),
                p(
                    f"<b>{escape(a.customer.name)}</b> accepted {offer}, on which this agreement "
                    "is based, "
                    f"by {escape(acc.channel)} on {escape(moment(acc.at))} (reference "
                    f"{escape(acc.reference)}). This agreement, issued on "
                    f"{escape(moment(issued))}, "
                    "records its terms."
                ),
            ]
        )
    )
    # signatures: room to sign above a rule, then who signs, in the role they signed in
    proposer, approver = a.approvals[0], a.approvals[-1]
    signers = [
        ("For the company", proposer.name, label(proposer.role)),
        ("For the company", approver.name, label(approver.role)),
        ("Marketplace seller", seller.name, ""),
        ("Customer", a.customer.name, ""),
    ]
    sign_w = (width - 30) / 4
    sig_cells: list[Any] = []
    for i, (role, name, capacity) in enumerate(signers):
        if i:
            sig_cells.append("")
        sig_cells.append(
            [
                p(escape(role).upper(), "label"),
                t(name, "value"),
                p(escape(capacity) or "&nbsp;", "muted"),
                Spacer(1, 4),
                p("Date: ____________________", "muted"),
            ]
        )
    story.append(
        KeepTogether(
            [
                heading("Signatures"),
                t(
                    f"Signed for the company by the {label(proposer.role).lower()} who "
                    f"{proposer.action.value} it and the {label(approver.role).lower()} who "
                    f"{approver.action.value} it, by the marketplace seller, and by the customer."
                ),
                Spacer(1, 2),
                Table(
                    [["", "", "", "", "", "", ""], sig_cells],
                    colWidths=[sign_w, 10, sign_w, 10, sign_w, 10, sign_w],
                    rowHeights=[16 * mm, None],
                    hAlign="LEFT",
                    style=style(
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                        ("TOPPADDING", (0, 0), (-1, -1), 0),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                        *(("LINEBELOW", (c, 0), (c, 0), 0.8, INK) for c in (0, 2, 4, 6)),
                    ),
                ),
            ]
        )
    )
    # verification: the QR code of the proof beside the hash, the chain position and the proof
    size = 38 * mm
    text = Table(
        [
            [t("CONTENT HASH (SHA-256)", "label")],
            [t(content_hash, "mono")],
            [t("AUDIT CHAIN AT ISSUE", "label")],
            [t(f"event {head.seq}  ·  {head.hash}", "mono")],
            [t("PROOF", "label")],
            [t(proof, "mono")],
            [
                t(
                    "This file renders the stored agreement exactly. To check a copy, verify "
                    "the file in Resolution Center: it rebuilds the file from the stored record "
                    "and compares the two byte for byte, so a copy with any name, amount or "
                    "date changed fails.",
                    "muted",
                )
            ],
        ],
        colWidths=[width - size - 18 * mm],
        hAlign="LEFT",
        style=style(
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ("TOPPADDING", (0, 2), (0, 2), 5),
            ("TOPPADDING", (0, 4), (0, 4), 5),
            ("TOPPADDING", (0, 6), (0, 6), 6),
        ),
    )
    qr = QrCode(proof, width=size, height=size, qrLevel="M", qrBorder=4)
    story.append(
        KeepTogether(
            [
                heading("Verification"),
                Table(
                    [[qr, text]],
                    colWidths=[size + 6 * mm, width - size - 6 * mm],
                    hAlign="LEFT",
                    style=style(
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                        ("LEFTPADDING", (0, 0), (0, 0), 2),
                        ("RIGHTPADDING", (0, 0), (0, 0), 4),
                        ("TOPPADDING", (0, 0), (0, 0), 2),
                        ("BOTTOMPADDING", (0, 0), (0, 0), 2),
                        ("LEFTPADDING", (1, 0), (1, 0), 4),
                        ("RIGHTPADDING", (1, 0), (1, 0), 8),
                        ("TOPPADDING", (1, 0), (1, 0), 8),
                        ("BOTTOMPADDING", (1, 0), (1, 0), 8),
                    ),
                ),
            ]
        )
    )
    # internal notes and the case history, on a fresh page
    rows = [[p("NOT PART OF THE CUSTOMER COPY", "label")]]
    rows += [
        [t(x.strip(), "small")] for note in a.internal_notes for x in re.split(r"\n\s*\n", note)
    ]
    story += [
        PageBreak(),
        heading("Internal notes", False),
        Table(
            rows,
            colWidths=[width],
            hAlign="LEFT",
            style=style(
                ("BACKGROUND", (0, 0), (-1, -1), NOTE_FILL),
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 9),
                ("RIGHTPADDING", (0, 0), (-1, -1), 9),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, 0), 7),
            ),
        ),
        Spacer(1, 4),
    ]
    lines = a.audit_lines
    first, last = lines[0].at, lines[-1].at
    rows = [
        [p(x, "audit_head") for x in ("Seq", "Time (UTC)", "Actor", "Role", "Action", "Summary")]
    ]
    rows += [
        [
            t(str(x.seq), "audit"),
            p(f"{x.at:%Y-%m-%d<br/>%H:%M:%S}", "audit"),
            t(x.actor, "audit"),
            t(label(x.role), "audit"),
            t(trail_label(x.action), "audit"),
            t(x.summary, "audit"),
        ]
        for x in lines
    ]
    size = st["audit"].fontSize
    seq_w = fit(["Seq", *(str(x.seq) for x in lines)], bold, size, 9)
    time_w = fit(["Time (UTC)", "2026-11-23"], bold, size, 9)
    role_w = min(width * 0.14, fit(["Role", *(label(x.role) for x in lines)], sans, size, 9))
    action_w = min(
        width * 0.2, fit(["Action", *(trail_label(x.action) for x in lines)], sans, size, 9)
    )
    rest = width - seq_w - time_w - role_w - action_w
    story += [
        CondPageBreak(60 * mm),
        heading("Appendix A: case history", False),
        t(
            f"The case's audit trail as recorded: {len(lines)} events from {moment(first)} "
            f"to {moment(last)}, ending with the issue of this agreement (event {head.seq}). "
            "The audit chain, not this printout, is the record; summaries longer than 700 "
            "characters are shortened here.",
            "muted",
        ),
        Table(
            rows,
            colWidths=[seq_w, time_w, rest * 0.27, role_w, action_w, rest * 0.73],
            repeatRows=1,
            hAlign="LEFT",
            style=grid(
                ("TOPPADDING", (0, 1), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 1), (-1, -1), 2.5),
                ("NOSPLIT", (0, len(rows) - 3), (-1, -1)),
            ),
        ),
    ]

    company, number, version = a.company.name, a.number, a.version

    class NumberedCanvas(Canvas):
        """reportlab's recipe for "page X of Y": keep each page, draw the furniture at save."""

        def __init__(self, *args: Any, **kw: Any) -> None:
            super().__init__(*args, **kw)
            self.pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self.pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # private, as in reportlab's recipe

        def save(self) -> None:
            for n, state in enumerate(self.pages, start=1):
                self.__dict__.update(state)
                self.furniture(n, len(self.pages))
                super().showPage()
            super().save()

        def furniture(self, page: int, total: int) -> None:
            x0, x1, top, base = margin, page_w - margin, page_h - 13 * mm, 13 * mm
            self.saveState()
            self.setFillColor(HEADING)
            self.setFont(bold, 9)
            self.drawString(x0, top, company)
            self.drawRightString(x1, top, f"{number}  ·  Version {version}")
            self.setFillColor(MUTED)
            self.setFont(sans, 7.5)
            self.drawString(x0, top - 10.5, "Resolution agreement")
            self.setFont(bold, 7)
            self.drawRightString(x1, top - 10.5, "INTERNAL RECORD", charSpace=0.8)
            self.setStrokeColor(RULE)
            self.setLineWidth(0.6)
            self.line(x0, top - 16, x1, top - 16)
            self.line(x0, base + 10, x1, base + 10)
            self.setFont(sans, 7)
            self.drawString(x0, base, f"{number}  ·  Version {version}  ·  Internal record")
            self.drawString(x0, base - 9, "Content SHA-256")
            self.setFont(mono, 6.3)
            self.drawString(x0 + stringWidth("Content SHA-256 ", sans, 7), base - 9, content_hash)
            self.setFont(bold, 7.5)
            self.setFillColor(INK)
            self.drawRightString(x1, base, f"Page {page} of {total}")
            self.restoreState()

    class Doc(SimpleDocTemplate):
        def afterFlowable(self, flowable: Any) -> None:  # the outline, from the headings
            if isinstance(flowable, Paragraph) and flowable.style in (st["h1"], st["title"]):
                key = f"h{len(outline)}"
                outline.append(key)
                self.canv.bookmarkPage(key)
                self.canv.addOutlineEntry(flowable.getPlainText().replace("\xa0", " "), key)

    outline: list[str] = []
    buf = io.BytesIO()
    pad = 6  # SimpleDocTemplate's frame pads by 6 pt: the same text area as the app's
    doc = Doc(
        buf,
        pagesize=A4,
        leftMargin=margin - pad,
        rightMargin=margin - pad,
        topMargin=27 * mm - pad,
        bottomMargin=22 * mm - pad,
        title=f"Resolution agreement {number} version {version}",
        author=company,
        subject=f"Case {a.case.reference}: {a.case.subject}",
        creator="bench raw baseline",
        keywords=proof,  # type: ignore[arg-type]  # a str is fine: the stubs say list
        invariant=1,
        pageCompression=1,
        lang="en",
        initialFontName=sans,
        initialFontSize=9.5,
        displayDocTitle=1,
    )
    doc.build(story, canvasmaker=NumberedCanvas)
    return buf.getvalue()
