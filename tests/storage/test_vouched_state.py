"""The trail vouches for every row: any edit, deletion or insertion around the app is named.

A record holding every kind of row (cases, customers, items, notes, evidence, remedies and
sign-offs, offers, agreements and their exports, users, policies, counters, settings, SLA
calendars, queues, follow-ups and case links, case sources, messages, templates and answers) is
built once per backend through the services. Each example then changes one random row the way
someone with write access to the storage could (the SQLite file's owner; a PostgreSQL superuser
with triggers switched off) and `verify` must fail naming that table and key.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resolution_center.domain.actions import Action
from resolution_center.domain.answers import AnswerText
from resolution_center.services.setup import initialize
from resolution_center.storage import vouched
from resolution_center.storage.mail_in import MailRepository
from resolution_center.storage.migrations import LATEST
from tests.helpers import mail_fixtures
from tests.helpers.agreements import espresso_case, negotiated
from tests.helpers.cfpb import import_with_source
from tests.helpers.pg_server import require_server
from tests.helpers.release import made_by_release, workspace_after
from tests.helpers.reviews import signed_review
from tests.helpers.sla import save_office_calendar
from tests.helpers.workspace import PASSWORD, Workspace, drop_pg_database

# 2,000 in all, every CI run; an example costs ~5x as much on PostgreSQL (a superuser
# connection with triggers disabled per change), where the same code paths need fewer.
EXAMPLES = {"sqlite": 1600, "postgresql": 400}


def build_record(ws: Workspace, tmp: Path) -> None:
    n = negotiated(ws)
    sofia = n.sofia
    draft = sofia.agreements.create(
        n.case_ref, n.offer.reference, "email", acceptance_reference="MSG-20261122-88412"
    )
    sofia.agreements.issue(draft.number)
    sofia.agreement_files.export(draft.number, path=tmp / "agreement.pdf")
    sofia.cases.add_note(n.case_ref, "Called the customer back.")
    sofia.cases.add_note(n.case_ref, "We will refund the tray.", to_customer=True)
    sofia.cases.update(
        n.case_ref,
        sofia.cases.get(n.case_ref).version,
        {"subject": "Espresso machine: cracked drip tray"},
    )
    sofia.attachments.add(n.case_ref, "tray.txt", b"a photo, described\n", "the tray")
    # Messages, templates and approved answers (schema step 15): the intake drafted an
    # acknowledgement; a template version, an approved answer and a message that used it.
    ws.login("root").templates.save("status-update", "en", "News: {{ reference }}", "Hi.")
    answer = ws.login("alice").answers.add("reply", AnswerText("Refund", "Within 5 days."))
    in_use = ws.login("sam").answers.approve(answer.id).in_use
    assert in_use is not None
    sofia.messages.draft(n.case_ref, template="status-update", answers=[in_use.id], send=True)
    # Escalation queues (schema step 11): members from the users' creation; a routing rule.
    ws.login("root").queues.set_routing("frontline", "round-robin")
    save_office_calendar(ws.login("root"))  # an SLA calendar version (schema step 10)
    # Follow-ups and links (schema step 12): one task done, one still open; two cases linked.
    first = sofia.follow_ups.add(n.case_ref, ws.clock.now + timedelta(days=1), "Call back")
    sofia.follow_ups.done(first.id)
    sofia.follow_ups.add(n.case_ref, ws.clock.now + timedelta(days=3), "Check the refund")
    other = sofia.cases.create(espresso_case()).reference
    sofia.case_links.link(n.case_ref, other, "same order")
    # Imports (schema step 13): a case imported from another system keeps its source.
    import_with_source(ws.login("root"))
    # Satisfaction and notifications (schema step 18): two cases given to alice, one of her
    # notifications read and then all; one case resolved and scored low (with its follow-up).
    bob, alice = ws.login("bob"), ws.login("alice")
    given = [bob.cases.create(espresso_case()).reference for _ in range(2)]
    for ref in given:  # round-robin routing may have given it to her already
        if bob.cases.get(ref).assignee != "alice":
            bob.cases.assign(ref, "alice")
    alice.notifications.mark_read([alice.notifications.list()[-1].seq])
    alice.notifications.mark_all_read()
    alice.cases.change_status(given[0], "resolved", code="refunded", summary="Refunded")
    alice.satisfaction.record(given[0], 2, "phone", "Slow")
    signed_review(ws)  # a periodic review, its note and action (schema step 19)
    # Mail in (schema step 17): a received mail with an attachment, one in quarantine, and
    # where a folder's fetch left off (written as the fetch writes it).
    alice.mail_in.import_bytes(mail_fixtures.inline_image("vouched1"), "vouched1.eml")
    alice.mail_in.import_bytes(mail_fixtures.no_sender("vouched2"), "vouched2.eml")
    with alice.store.transaction(alice.actor, alice.now()) as work:
        MailRepository(alice.store).put_cursor("support@h:993/INBOX", 7, 3, "alice", work.now)
        work.emit(Action.MAIL_FETCHED, "mail", "support@h:993/INBOX", {"last_uid": 3})


@dataclass
class Target:
    table: str
    key: str
    columns: list[str]


def targets(conn: Any, pg: bool) -> list[Target]:
    out: list[Target] = []
    for table in vouched.VOUCHED:
        cur = conn.cursor()
        cur.execute(f"SELECT {table.key_sql} AS k, t.* FROM {table.name} t")
        names = [d[0] for d in cur.description][1:]
        editable = [c for c in names if c not in table.skip and c not in table.key]
        for row in cur.fetchall():
            if str(row[0]) in table.unvouched:
                continue
            values = dict(zip(names, row[1:], strict=True))
            cols = [c for c in editable if values[c] is not None]
            out.append(Target(table.name, str(row[0]), cols))
    assert {t.table for t in out} == {t.name for t in vouched.VOUCHED}, "a table has no rows"
    return out


def _where(table: vouched.VouchedTable, ph: str) -> str:
    return f"{table.key_sql} = {ph}"


def tamper(conn: Any, target: Target, how: str, column: str, pg: bool) -> tuple[str, str]:
    """Change one row; returns the (table, key) verify must name."""
    ph = "%s" if pg else "?"
    table = vouched.BY_NAME[target.table]
    cur = conn.cursor()
    if how == "delete":
        cur.execute(f"DELETE FROM {table.name} WHERE {_where(table, ph)}", (target.key,))
        return table.name, target.key
    if how == "insert":
        if table.key != ("id",):
            how = "update"  # text and composite keys: a copy would need a new natural key
        else:
            cur.execute(f"SELECT max(id) + 1000 FROM {table.name}")
            new_id = int(cur.fetchone()[0])
            cur.execute(f"SELECT * FROM {table.name} WHERE id = {ph}", (int(target.key),))
            names = [d[0] for d in cur.description]
            row = list(cur.fetchone())
            values = {n: v for n, v in zip(names, row, strict=True)}
            values["id"] = new_id
            values.pop("search_doc", None)  # generated
            cols = ", ".join(values)
            marks = ", ".join(ph for _ in values)
            cur.execute("SAVEPOINT copy")
            try:
                cur.execute(
                    f"INSERT INTO {table.name} ({cols}) VALUES ({marks})", list(values.values())
                )
            except (sqlite3.IntegrityError, psycopg2.IntegrityError):
                # A unique natural key (a reference, a policy's scope): a copy cannot exist,
                # so change the row instead.
                cur.execute("ROLLBACK TO SAVEPOINT copy")
                how = "update"
            else:
                cur.execute("RELEASE SAVEPOINT copy")
                return table.name, str(new_id)
            if not column:
                return tamper(conn, target, "delete", column, pg)
    cur.execute(f"SELECT {column} FROM {table.name} WHERE {_where(table, ph)}", (target.key,))
    (value,) = cur.fetchone()
    # Another value of the same type and length (columns have types and widths on PostgreSQL);
    # where a constraint refuses it (a unique line number, a state list), the other direction,
    # and failing that the row goes.
    for new in _other_values(value):
        cur.execute("SAVEPOINT edit")
        try:
            cur.execute(
                f"UPDATE {table.name} SET {column} = {ph} WHERE {_where(table, ph)}",
                (new, target.key),
            )
        except (sqlite3.DatabaseError, psycopg2.DatabaseError):
            cur.execute("ROLLBACK TO SAVEPOINT edit")
            continue
        cur.execute("RELEASE SAVEPOINT edit")
        return table.name, target.key
    return tamper(conn, target, "delete", column, pg)


def _other_values(value: Any) -> list[Any]:
    if isinstance(value, bool):
        return [not value]
    if isinstance(value, int):
        return [value + 1, value - 1, value + 7919]
    if isinstance(value, bytes | memoryview):
        raw = bytes(value)
        return [raw[:-1] + (b"x" if raw[-1:] != b"x" else b"y")] if raw else [b"x"]
    text = str(value)
    if not text:
        return ["x"]
    return [text[:-1] + ("x" if text[-1] != "x" else "y"), text[:-1] + "0", text + "x"]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def record(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Workspace, Path]]:
    tmp = tmp_path_factory.mktemp("record")
    if request.param == "sqlite":
        url = f"sqlite:///{tmp / 'record.db'}"
    else:
        server = require_server()
        name = server.create_database("rc_vouched")
        url = server.url(name)
    ws = Workspace.create(url)
    build_record(ws, tmp)
    assert ws.login("root").audit.verify().ok
    ws.close()
    yield request.param, ws, tmp
    ws.close()
    if request.param == "postgresql":
        drop_pg_database(require_server(), name)


Record = tuple[str, Workspace, Path]


def test_the_record_holds_every_kind_of_row_and_verifies(record: Record) -> None:
    _backend, ws, _tmp = record
    report = ws.login("root").audit.verify()
    ws.close()
    assert report.ok, report.problems


def test_any_change_around_the_app_is_named_by_verify(record: Record) -> None:
    backend, ws, tmp = record
    pg = backend == "postgresql"
    if pg:
        conn = psycopg2.connect(ws.url)
        conn.autocommit = False
        with conn.cursor() as cur:
            cur.execute("SET session_replication_role = replica")
        conn.commit()
        rows = targets(conn, pg)
    else:
        conn = sqlite3.connect(str(tmp / "record.db"))
        rows = targets(conn, pg)
        conn.close()

    @settings(
        max_examples=EXAMPLES[backend],
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        st.sampled_from(rows), st.sampled_from(["update", "update", "delete", "insert"]), st.data()
    )
    def check(target: Target, how: str, data: st.DataObject) -> None:
        if how == "update" and not target.columns:
            how = "delete"
        column = data.draw(st.sampled_from(target.columns)) if target.columns else ""
        if pg:
            try:
                named = tamper(conn, target, how, column, pg)
                conn.commit()
                report = verify_url(ws.url)
            finally:
                undo_pg(conn)
        else:
            for old in tmp.glob("tampered.db*"):
                old.unlink()
            copy = tmp / "tampered.db"
            shutil.copyfile(tmp / "record.db", copy)
            c = sqlite3.connect(str(copy), isolation_level=None)
            try:
                c.execute("BEGIN")
                named = tamper(c, target, how, column, pg)
                c.execute("COMMIT")
            finally:
                c.close()
            report = verify_url(f"sqlite:///{copy}")
        assert not report.ok, (target, how, column)
        seen = [(p.detail["table"], p.detail["key"]) for p in report.problems if p.detail]
        assert named in seen, (target, how, column, report.problems)

    if pg:
        snapshot_pg(conn)
    try:
        check()
    finally:
        conn.close()


# Python hashes an int as itself modulo 2**61 - 1 (and -1 as -2): a verify comparing Python
# hashes of the values would take these amounts, both still within 64 bits, for the ones written.
HASH_TWINS = [("cases", "order_total_minor", 2**61 - 1), ("remedies", "amount_minor", 2**61 - 1)]


@pytest.mark.parametrize("table, column, add", HASH_TWINS)
def test_an_amount_raised_by_the_hash_modulus_is_named(
    record: Record, table: str, column: str, add: int
) -> None:
    backend, ws, tmp = record
    pg = backend == "postgresql"
    if pg:
        conn = psycopg2.connect(ws.url)
        snapshot_pg(conn)
        url = ws.url
    else:
        copy = tmp / "twins.db"
        shutil.copyfile(tmp / "record.db", copy)
        conn = sqlite3.connect(str(copy))
        url = f"sqlite:///{copy}"
    try:
        cur = conn.cursor()
        if pg:
            cur.execute("SET session_replication_role = replica")
        cur.execute(f"SELECT id, {column} FROM {table} ORDER BY id LIMIT 1")
        key, value = cur.fetchone()
        cur.execute(f"UPDATE {table} SET {column} = {column} + {add} WHERE id = {key}")
        conn.commit()
        report = verify_url(url)
    finally:
        if pg:
            undo_pg(conn)
        conn.close()
    named = [
        {k: d[k] for k in ("table", "key", "column", "expected", "found")}
        for d in (p.detail for p in report.problems)
        if d
    ]
    want = {"table": table, "key": str(key), "column": column}
    assert {**want, "expected": value, "found": value + add} in named, report.problems


# ---- PostgreSQL: each example is undone by restoring the tables from a snapshot -------------
def snapshot_pg(conn: Any) -> None:
    with conn.cursor() as cur:
        cur.execute("CREATE SCHEMA IF NOT EXISTS rc_snapshot")
        for t in vouched.VOUCHED:
            cur.execute(f"DROP TABLE IF EXISTS rc_snapshot.{t.name}")
            cur.execute(f"CREATE TABLE rc_snapshot.{t.name} AS TABLE public.{t.name}")
    conn.commit()


def undo_pg(conn: Any) -> None:
    conn.rollback()
    with conn.cursor() as cur:
        cur.execute("SET session_replication_role = replica")
        for t in vouched.VOUCHED:
            cols = [c for c in _columns(cur, t.name) if c != "search_doc"]
            names = ", ".join(cols)
            cur.execute(f"DELETE FROM public.{t.name}")
            cur.execute(
                f"INSERT INTO public.{t.name} ({names}) SELECT {names} FROM rc_snapshot.{t.name}"
            )
    conn.commit()


def _columns(cur: Any, table: str) -> list[str]:
    cur.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = "
        "'public' AND table_name = %s ORDER BY ordinal_position",
        (table,),
    )
    return [r[0] for r in cur.fetchall()]


def verify_url(url: str) -> Any:
    from resolution_center.services.session import open_context

    ctx = open_context(url, None, None)
    try:
        return ctx.audit.verify()
    finally:
        ctx.close()


def test_an_older_database_is_sealed_at_the_upgrade(tmp_path: Path) -> None:
    """Rows written before event format 2 have no images: init seals them as they stand, and
    from then on an edit of such a row is named like any other."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    # The release at schema step 5 writes a case and a note: its events carry no row images.
    made_by_release(
        5,
        url,
        "from tests.helpers.agreements import espresso_case\n"
        "alice = ws.login('alice')\n"
        "case = alice.cases.create(espresso_case())\n"
        "alice.cases.add_note(case.reference, 'written by an old version')",
    )
    result = initialize(url, admin="root", admin_password=PASSWORD)
    assert (result.migrated_from, result.schema_version) == (5, LATEST)
    report = verify_url(url)
    assert report.ok, report.problems
    ws = workspace_after(url)
    root = ws.login("root")
    actions = [e.action for e in root.audit.repo.for_target("database", root.store.database_id())]
    assert "state.sealed" in actions
    ws.close()
    ws.tamper("UPDATE notes SET body = 'changed later' WHERE body = 'written by an old version'")
    report = verify_url(ws.url)
    assert any(
        p.detail and p.detail["table"] == "notes" and p.detail["column"] == "body"
        for p in report.problems
    ), report.problems
