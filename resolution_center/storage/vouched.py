"""The tables the audit trail vouches for, and the row images that let it.

Since event format 2 an event that writes rows carries, under its data's "rows" key, an image of
each row as the change left it: `[[table, key, image], ...]`, the image a JSON object of every
column (`None` for a deleted row). Replaying the trail therefore gives, for every vouched row,
the exact state the last event that wrote it promised; `verify` compares that with the tables,
column by column, and names the first row that disagrees.

Personal columns never enter an image in clear: they appear as `"pd:" + sha256(salt US value)`
with a random salt per row kept in `row_salts`. Deleting a row's salt (erasure) makes those
digests meaningless to anyone, and `verify` then skips that row's personal columns.

Columns left out: ones derived from others (search words, the full-text vector), file bytes
(their SHA-256 is in the row and in the evidence event), and login-failure counters (written
by the system on a failed login, vouched by their own events but not state anyone relies on).
"""

from __future__ import annotations

import functools
import hashlib
import operator
import secrets
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..domain import audit

if TYPE_CHECKING:
    from .store import Sql, Store

SEP = "\x1f"
ROWS_KEY = audit.ROWS_KEY  # where an event's data carries its row images
# "pd:<digest>": a plain string, so an image holds scalars only (verify hashes its items as
# they are parsed); not {"pii": ...}, which marks values kept in personal_values.
PERSONAL_PREFIX = "pd:"


@dataclass(frozen=True, slots=True)
class VouchedTable:
    name: str
    key: tuple[str, ...]  # primary key columns; the image key is their values joined by "/"
    personal: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()
    unvouched: tuple[str, ...] = ()  # keys of rows the database itself keeps (not the app)

    @property
    def key_sql(self) -> str:
        """The key as one text expression (both backends)."""
        if len(self.key) == 1:
            return f"CAST({self.key[0]} AS TEXT)"
        return " || '/' || ".join(f"CAST({k} AS TEXT)" for k in self.key)

    @property
    def order_sql(self) -> str:
        return ", ".join(self.key)


VOUCHED: tuple[VouchedTable, ...] = (
    # The schema version moves with migrations and the database id is written once at creation;
    # both belong to the database, not to anything a user did (nor does the benchmark's marker
    # of a synthetic data set).
    VouchedTable(
        "settings", ("key",), unvouched=("schema_version", "database_id", "bench_dataset")
    ),
    VouchedTable("users", ("id",), skip=("failed_logins", "locked_until", "password_hash")),
    VouchedTable("customers", ("id",), personal=("email_norm", "name", "email", "phone")),
    VouchedTable(
        "cases",
        ("id",),
        personal=("customer_name", "customer_email", "customer_phone", "description"),
        skip=("search_words", "search_doc"),
    ),
    VouchedTable("order_items", ("id",)),
    VouchedTable("notes", ("id",), personal=("body",)),
    VouchedTable("counters", ("name",)),
    VouchedTable("policies", ("version",)),
    VouchedTable("policy_authority", ("id",)),
    VouchedTable("policy_caps", ("policy_version", "currency")),
    VouchedTable("remedies", ("id",)),
    VouchedTable("remedy_signoffs", ("id",)),
    VouchedTable("offers", ("id",)),
    VouchedTable("agreements", ("id",)),
    VouchedTable("agreement_exports", ("id",)),
    VouchedTable("attachments", ("id",), personal=("file_name", "description"), skip=("content",)),
    VouchedTable("case_sources", ("case_id",)),
    VouchedTable("sla_calendars", ("team", "version")),
    VouchedTable("case_tasks", ("id",), personal=("note",)),
    VouchedTable("case_links", ("id",)),
    VouchedTable("queue_members", ("tier", "user_id")),
    VouchedTable("queue_routing", ("tier",)),
    # messages to customers, templates, approved answers (schema step 15); search_doc derived
    VouchedTable("message_templates", ("id",)),
    VouchedTable("messages", ("id",), personal=("subject", "body", "sender")),
    VouchedTable("answers", ("id",)),
    VouchedTable("answer_versions", ("id",), skip=("search_doc",)),
    # satisfaction scores and notifications' read state (schema step 18)
    VouchedTable("satisfaction_scores", ("id",), personal=("comment",)),
    VouchedTable("notification_reads", ("user_id", "seq")),
    VouchedTable("notification_marks", ("user_id",)),
    # mail out (schema step 16); a delivery pass's claims (outbox_claims) are bookkeeping
    VouchedTable("outbox", ("id",), personal=("to_name", "to_address", "subject", "last_answer")),
    # mail in (schema step 17): quarantined bytes are vouched by their SHA-256, as evidence is
    VouchedTable("mail_quarantine", ("id",), personal=("sender", "subject"), skip=("content",)),
    VouchedTable("mail_cursors", ("account",)),
    # periodic reviews (schema step 19): the frozen figures are vouched with the row
    VouchedTable("reviews", ("id",)),
    VouchedTable("review_notes", ("id",), personal=("body",)),
    VouchedTable("review_actions", ("id",), personal=("body",)),
)
BY_NAME = {t.name: t for t in VOUCHED}


def personal_digest(salt: str, value: str) -> str:
    return hashlib.sha256(f"{salt}{SEP}{value}".encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class _Plan:
    """How one table's rows, read with one column list, become images."""

    table: VouchedTable
    names: tuple[str, ...]  # the columns an image keeps, in the cursor's order
    pick: Callable[[Sequence[Any]], tuple[Any, ...]]
    personal: tuple[int, ...]  # positions in `names` of the personal columns


@functools.lru_cache(maxsize=128)
def _plan(table: VouchedTable, columns: tuple[str, ...]) -> _Plan:
    """Worked out once per table and column list: a change builds an image per row it wrote,
    an import tens of thousands."""
    kept = [(i, name) for i, name in enumerate(columns) if name not in table.skip]
    at = [i for i, _name in kept]
    pick = operator.itemgetter(*at) if len(at) > 1 else (lambda row: (row[at[0]],))
    names = tuple(name for _i, name in kept)
    personal = tuple(j for j, name in enumerate(names) if name in table.personal)
    return _Plan(table, names, pick, personal)


# Values an image holds otherwise than the driver gives them (or refuses): checked per row
# with one set operation, the common row holding none of them.
_SPECIAL = frozenset({bool, bytes, memoryview, float})


def image_of(
    table: VouchedTable, columns: Sequence[str], row: Sequence[Any], salt: str | None
) -> dict[str, Any]:
    """The image of one row as read from the driver (column names from its cursor)."""
    return _image(_plan(table, tuple(columns)), row, salt)


def _image(plan: _Plan, row: Sequence[Any], salt: str | None) -> dict[str, Any]:
    values = plan.pick(row)
    if not _SPECIAL.isdisjoint(map(type, values)):
        named = zip(plan.names, values, strict=True)
        values = tuple(_plain(plan.table, name, v) for name, v in named)
    if plan.personal:
        changed = list(values)
        for j in plan.personal:
            value = changed[j]
            if value is not None and value != "":
                changed[j] = PERSONAL_PREFIX + personal_digest(salt, str(value)) if salt else None
        values = tuple(changed)
    return dict(zip(plan.names, values, strict=True))


def _plain(table: VouchedTable, name: str, value: Any) -> Any:
    kind = type(value)
    if kind is bool:
        return int(value)  # one image on both backends: SQLite has no booleans
    if kind is bytes or kind is memoryview:
        return bytes(value).hex()
    if kind is float:  # images go into events unchecked (canonical_json_spliced)
        raise ValueError(f"{table.name}.{name} holds a float; money is integer minor units")
    return value


def row_images(
    sql: Sql, table: VouchedTable, keys: Iterable[str], *, create_salts: bool
) -> dict[str, dict[str, Any] | None]:
    """Images of the named rows as stored now (None for a row that is gone)."""
    wanted = list(dict.fromkeys(keys))
    out: dict[str, dict[str, Any] | None] = dict.fromkeys(wanted)
    if len(wanted) > 500:  # bounded IN lists (SQLite's parameter limit, plan sizes)
        for start in range(0, len(wanted), 500):
            out.update(
                row_images(sql, table, wanted[start : start + 500], create_salts=create_salts)
            )
        return out
    if not wanted:
        return out
    marks = ",".join("?" * len(wanted))
    where = (
        f"t.{table.key[0]} IN ({marks})"
        if len(table.key) == 1
        else f"{table.key_sql.replace('CAST(', 'CAST(t.')} IN ({marks})"
    )
    params: list[Any] = [int(k) if table.key == ("id",) else k for k in wanted]
    # The rows and their salts in one statement (a change reads one row, an import thousands).
    salted = ", s.salt AS rc_salt" if table.personal else ""
    join = (
        f" LEFT JOIN row_salts s ON s.tbl = '{table.name}' AND s.row_key = "
        f"{table.key_sql.replace('CAST(', 'CAST(t.')}"
        if table.personal
        else ""
    )
    cursor = sql.execute(f"SELECT t.*{salted} FROM {table.name} t{join} WHERE {where}", params)
    columns = [d[0] for d in cursor.description]
    if table.personal:
        columns.pop()
    key_at = [columns.index(k) for k in table.key]
    single = key_at[0] if len(key_at) == 1 else None
    plan = _plan(table, tuple(columns))
    rows = cursor.fetchall()
    new_salts: list[tuple[str, str, str]] = []
    for row in rows:
        key = str(row[single]) if single is not None else "/".join(str(row[i]) for i in key_at)
        salt = row[-1] if table.personal else None
        if table.personal and salt is None and create_salts:
            salt = secrets.token_hex(8)
            new_salts.append((table.name, key, salt))
        out[key] = _image(plan, row, salt)
    if new_salts:
        sql.executemany("INSERT INTO row_salts (tbl, row_key, salt) VALUES (?, ?, ?)", new_salts)
    return out


class VouchedRows:
    """The vouched tables as `verify` and the upgrade's sealing read them."""

    def __init__(self, store: Store) -> None:
        self.sql = store.sql

    def keys(self, table: VouchedTable) -> list[str]:
        return all_keys(self.sql, table)

    def values(self, table: VouchedTable) -> Iterator[tuple[str, tuple[Any, ...]]]:
        return iter_table_values(self.sql, table)

    def image(self, table: VouchedTable, key: str) -> dict[str, Any] | None:
        return row_images(self.sql, table, [key], create_salts=False)[key]


def all_keys(sql: Sql, table: VouchedTable) -> list[str]:
    """Every vouched row's key, in key order."""
    keys = [
        str(r[0])
        for r in sql.all(f"SELECT {table.key_sql} FROM {table.name} ORDER BY {table.order_sql}")
    ]
    return [k for k in keys if k not in table.unvouched]


def iter_table_values(
    sql: Sql, table: VouchedTable, batch: int = 5000
) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """Every row of a vouched table as (key, values): `image_of`'s values in column-name order
    (`domain.vouch.Values`), without building dicts, for `verify`, which reads every row."""
    cursor = _scan(sql, table)
    columns = [d[0] for d in cursor.description][:-1]
    key_at = [columns.index(k) for k in table.key]
    kept = sorted((name, i) for i, name in enumerate(columns) if name not in table.skip)
    take = [i for _name, i in kept]
    pick = operator.itemgetter(*take)
    personal = [j for j, (name, _i) in enumerate(kept) if name in table.personal]
    salt_at = len(columns)
    converters: list[tuple[int, Any]] | None = None
    digest, prefix = personal_digest, PERSONAL_PREFIX
    single = len(key_at) == 1
    first_key = key_at[0]
    while True:
        rows = cursor.fetchmany(batch)
        if not rows:
            return
        if converters is None:  # booleans (PostgreSQL) and bytes as their images hold them
            head = rows[0]
            converters = [
                (j, int if isinstance(head[i], bool) else lambda v: bytes(v).hex())
                for j, i in enumerate(take)
                if isinstance(head[i], bool | bytes | memoryview)
            ]
        fix = bool(converters or personal)
        for row in rows:
            values = pick(row)
            if fix:
                changed = list(values)
                for j, convert in converters:
                    if changed[j] is not None:
                        changed[j] = convert(changed[j])
                if personal:
                    salt = row[salt_at]
                    for j in personal:
                        v = changed[j]
                        if v is not None and v != "":
                            changed[j] = prefix + digest(salt, str(v)) if salt else None
                values = tuple(changed)
            key = str(row[first_key]) if single else "/".join(str(row[i]) for i in key_at)
            yield key, values


def _scan(sql: Sql, table: VouchedTable) -> Any:
    key = table.key_sql.replace("CAST(", "CAST(t.")
    skip = (
        f" WHERE {key} NOT IN ({', '.join(repr(k) for k in table.unvouched)})"
        if table.unvouched
        else ""
    )
    return sql.execute(
        f"SELECT t.*, s.salt AS rc_salt FROM {table.name} t LEFT JOIN row_salts s "
        f"ON s.tbl = '{table.name}' AND s.row_key = {key}{skip} "
        f"ORDER BY {', '.join('t.' + k for k in table.key)}"
    )


def iter_table_images(
    sql: Sql, table: VouchedTable, batch: int = 5000
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every row of a vouched table with its image, in key order (for verify)."""
    cursor = _scan(sql, table)
    columns = [d[0] for d in cursor.description][:-1]
    key_at = [columns.index(k) for k in table.key]
    while True:
        rows = cursor.fetchmany(batch)
        if not rows:
            return
        for row in rows:
            key = "/".join(str(row[i]) for i in key_at)
            yield key, image_of(table, columns, row[:-1], row[-1])
