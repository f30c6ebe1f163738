"""Shared mode, issue 12 findings 3 and 4: no change commits without its event, and no event
says what the server did not store (storage/pg_vouch.py). Each attack logs in as a real user
(scram password, psql) and must be refused; the app's own paths keep working."""

from __future__ import annotations

import ast
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from resolution_center.domain.actions import Action
from resolution_center.domain.answers import AnswerText
from resolution_center.domain.audit import canonical_json
from resolution_center.storage import pg_vouch, vouched
from resolution_center.storage.mail_in import MailRepository
from resolution_center.storage.store import Store
from tests.helpers import mail_fixtures
from tests.helpers.agreements import eur, negotiated
from tests.helpers.cfpb import import_with_source
from tests.helpers.reviews import signed_review
from tests.helpers.sla import save_office_calendar
from tests.helpers.workspace import PASSWORD, Workspace, draft

pytestmark = pytest.mark.postgres

REFUSED_AT_COMMIT = "was changed without its audit event (refused)"


def _psql(ws: Workspace, pg_server: Any, sql: str, user: str = "alice") -> Any:
    return pg_server.psql(sql, ws.url.rsplit("/", 1)[1], user, PASSWORD)


def _refused(result: Any, message: str) -> None:
    assert result.returncode != 0, f"not refused: {result.stdout}"
    assert message in result.stderr, result.stderr


def _case(ws: Workspace, user: str = "alice", **extra: Any) -> Any:
    return ws.login(user).cases.create(draft(**extra))


def _state(ws: Workspace, case_id: int) -> tuple[Any, ...]:
    with Store.open(ws.url) as store:
        return store.sql.one(
            "SELECT order_total_minor, shipping_minor, category, customer_id, version, "
            "(SELECT count(*) FROM order_items i WHERE i.case_id = c.id), "
            "(SELECT max(seq) FROM audit_events) FROM cases c WHERE id = ?",
            (case_id,),
        )  # type: ignore[return-value]


def _append(
    action: str,
    target_type: str,
    target: str,
    case_id: Any,
    data: dict[str, Any],
    tables: str = "{}",
    keys: str = "{}",
) -> str:
    text = canonical_json(data).replace("'", "''")
    return (
        f"SELECT o_seq FROM rc_append_event('{action}', '{target_type}', '{target}', "
        f"{case_id}, '{text}', '{tables}', '{keys}')"
    )


# ---- finding 3: the remedy policy's inputs ------------------------------------------------


@pytest.mark.parametrize(
    "sql, message",
    [
        # the finding's reproduction: a refused 150 EUR refund on a 20 EUR order becomes authorized
        ("UPDATE cases SET order_total_minor = 1000000 WHERE id = {id}", "never change"),
        ("UPDATE cases SET shipping_minor = 99999 WHERE id = {id}", "never change"),
        ("UPDATE cases SET currency = 'USD' WHERE id = {id}", "never change"),
        ("UPDATE cases SET customer_id = customer_id + 1 WHERE id = {id}", "never change"),
        (
            "UPDATE cases SET order_number = 'X-1', order_date = '2020-01-01' WHERE id = {id}",
            "never change",
        ),
        (
            "UPDATE order_items SET unit_price_minor = 1000000 WHERE case_id = {id}",
            "permission denied",
        ),
        ("DELETE FROM order_items WHERE case_id = {id}", "permission denied"),
        (
            "INSERT INTO order_items (case_id, line_no, sku, product, seller, quantity, "
            "unit_price_minor) VALUES ({id}, 9, 'SKU-9', 'Gold kettle', 'Acme', 1, 900000)",
            "order lines are written with their case",
        ),
        (
            "UPDATE customers SET name = 'Someone else' WHERE id = (SELECT customer_id FROM cases "
            "WHERE id = {id})",
            "customers is a record",
        ),
        ("DELETE FROM notes WHERE case_id = {id}", "permission denied"),
        ("UPDATE notes SET body = 'never said' WHERE case_id = {id}", "permission denied"),
        # without an event: refused when the transaction commits
        ("UPDATE cases SET category = 'fraud-suspicion' WHERE id = {id}", REFUSED_AT_COMMIT),
        ("UPDATE counters SET value = value + 1", REFUSED_AT_COMMIT),
        (
            "MERGE INTO cases c USING (SELECT {id} AS id) s ON c.id = s.id "
            "WHEN MATCHED THEN UPDATE SET category = 'fraud-suspicion'",
            REFUSED_AT_COMMIT,
        ),
        (
            "SET CONSTRAINTS ALL IMMEDIATE; UPDATE cases SET category = 'fraud-suspicion' "
            "WHERE id = {id}",
            REFUSED_AT_COMMIT,
        ),
        (
            "BEGIN; SAVEPOINT a; UPDATE cases SET category = 'fraud-suspicion' WHERE id = {id}; "
            "RELEASE SAVEPOINT a; COMMIT",
            REFUSED_AT_COMMIT,
        ),
    ],
)
def test_the_policy_inputs_cannot_move(
    pg_server: Any, pg_workspace: Workspace, sql: str, message: str
) -> None:
    case = _case(pg_workspace, total=2_000)
    pg_workspace.login("alice").cases.add_note(case.reference, "called the customer")
    before = _state(pg_workspace, case.id)
    _refused(_psql(pg_workspace, pg_server, sql.format(id=case.id)), message)
    assert _state(pg_workspace, case.id) == before
    assert pg_workspace.login("root").audit.verify().ok


def test_the_findings_refund_stays_refused(pg_server: Any, pg_workspace: Workspace) -> None:
    """Finding 3 end to end: 150 EUR on a 20 EUR order is refused before and after the attempt
    to raise the order total (set back afterwards: nothing would have noticed before)."""
    case = _case(pg_workspace, total=2_000)
    alice = pg_workspace.login("alice")
    propose = lambda: alice.remedies.propose(  # noqa: E731
        case.reference, "partial-refund", eur(15_000), reason="the kettle leaks"
    )
    with pytest.raises(Exception, match=r"R6|refused"):
        propose()
    _refused(
        _psql(
            pg_workspace,
            pg_server,
            f"UPDATE cases SET order_total_minor = 1000000 WHERE id = {case.id}",
        ),
        "never change",
    )
    with pytest.raises(Exception, match=r"R6|refused"):
        propose()


def test_a_change_goes_in_with_its_event_and_the_real_image(
    pg_server: Any, pg_workspace: Workspace
) -> None:
    """category is editable: changed with a case.updated naming the row, it commits, and the
    event carries the image the server read (whatever the data claims)."""
    case = _case(pg_workspace)
    result = _psql(
        pg_workspace,
        pg_server,
        f"UPDATE cases SET category = 'fraud-suspicion' WHERE id = {case.id}; "
        + _append(
            "case.updated",
            "case",
            case.reference,
            case.id,
            {"changes": {"category": {"new": "billing-dispute"}}},
            "{cases}",
            f"{{{case.id}}}",
        ),
    )
    assert result.returncode == 0, result.stderr
    seq = int(result.stdout.strip())
    event = pg_workspace.login("root").audit.repo.for_target("case", case.reference)[-1]
    assert event.seq == seq
    rows = json.loads(event.data)["rows"]
    assert [r[:2] for r in rows] == [["cases", str(case.id)]]
    assert rows[0][2]["category"] == "fraud-suspicion"
    assert rows[0][2]["customer_email"].startswith("pd:")  # personal: only a salted digest
    assert event.data == canonical_json(json.loads(event.data))  # canonical, rows included
    assert pg_workspace.login("root").audit.verify().ok


def test_a_change_after_its_event_is_refused(pg_server: Any, pg_workspace: Workspace) -> None:
    case = _case(pg_workspace)
    sql = (
        f"UPDATE cases SET subject = 'Kettle leaks' WHERE id = {case.id}; "
        + _append(
            "case.updated",
            "case",
            case.reference,
            case.id,
            {"changes": {}},
            "{cases}",
            f"{{{case.id}}}",
        )
        + f"; UPDATE cases SET subject = 'Kettle is fine' WHERE id = {case.id}"
    )
    _refused(_psql(pg_workspace, pg_server, sql), REFUSED_AT_COMMIT)
    assert pg_workspace.login("alice").cases.get(case.id).subject == "Kettle leaks"  # as made


# ---- finding 4: what an event may say -------------------------------------------------------


@pytest.mark.parametrize(
    "sql, message",
    [
        # the finding's reproduction, in its old form and in the new one
        (
            "SELECT * FROM rc_append_event('case.created','case','RC-2099-999999',999999,"
            "'{\"version\":1}')",
            "does not exist",
        ),
        (
            "SELECT * FROM rc_append_event('case.created','case','RC-2099-999999',999999,"
            "'{\"version\":1}', '{}', '{}')",
            "which this transaction did not create",
        ),
        (
            "SELECT * FROM rc_append_events('{case.created}', '{case}', '{RC-2099-999999}', "
            "'{999999}', ARRAY['{\"version\":1}'], '{}', '{}', '{}')",
            "which this transaction did not change or create",
        ),
        # forged decisions and evidence
        (
            "SELECT * FROM rc_append_event('remedy.approved', 'remedy', 'RM-000001', {id}, "
            "'{\"new\":{\"state\":\"approved\"}}', '{}', '{}')",
            "written only by the function",
        ),
        (
            "SELECT * FROM rc_append_events('{remedy.approved}', '{remedy}', '{RM-000001}', "
            "'{{id}}', ARRAY['{}'], '{}', '{}', '{}')",
            "written only by the function",
        ),
        (
            "SELECT * FROM rc_append_event('user.created', 'user', 'mallory', NULL, "
            "'{\"new\":{\"role\":\"admin\"}}', '{}', '{}')",
            "written only by the function",
        ),
        (
            "SELECT * FROM rc_append_event('case.imported', 'case', 'RC-2026-000009', {id}, '{}', "
            "'{}', '{}')",
            "written by admins",
        ),
        (
            "SELECT * FROM rc_append_event('evidence.added', 'case', 'RC', {id}, "
            "'{\"attachment_id\":1,\"sha256\":\"00\"}', '{}', '{}')",
            "names the rows",
        ),
        # an event about a row this transaction did not change
        (
            "SELECT * FROM rc_append_event('case.updated', 'case', 'RC', {id}, '{}', '{cases}', "
            "'{{id}}')",
            "which this transaction did not change",
        ),
        (
            "SELECT * FROM rc_append_event('case.status_changed', 'case', 'RC', {id}, '{}', '{}', "
            "'{}')",
            "names the rows its change wrote",
        ),
        (
            "UPDATE cases SET subject = 'x' WHERE id = {id}; "
            "SELECT * FROM rc_append_event('case.updated', 'case', 'RC', {id}, '{}', "
            "'{cases,notes}', '{{id},1}')",
            "notes 1, which this transaction did not change",
        ),
        (
            "UPDATE cases SET subject = 'x' WHERE id = {id}; "
            "SELECT * FROM rc_append_event('case.updated', 'case', 'RC', {id} + 1, '{}', "
            "'{cases}', "
            "'{{id}}')",
            "which this transaction did not change",
        ),
        # the images are the server's
        (
            "UPDATE cases SET subject = 'x' WHERE id = {id}; "
            "SELECT * FROM rc_append_event('case.updated', 'case', 'RC', {id}, "
            "'{\"rows\":[[\"cases\",\"{id}\",{}]]}', '{cases}', '{{id}}')",
            "not sent",
        ),
        (
            "SELECT * FROM rc_append_event('case.updated', 'case', 'RC', {id}, '{}', "
            "'{audit_events}', "
            "'{1}')",
            "not a table the audit trail vouches for",
        ),
        # the seals, salts and change log are the server's own
        (
            "INSERT INTO row_seals (tbl, row_key, seq, row_ctid, xid) VALUES ('cases', '{id}', 1, "
            "'(0,1)', pg_current_xact_id())",
            "permission denied",
        ),
        ("UPDATE row_salts SET salt = 'aaaa'", "permission denied"),
        ("DELETE FROM row_salts", "permission denied"),
        (
            "INSERT INTO row_changes VALUES (pg_current_xact_id(), 'cases', '{id}', 'U')",
            "permission denied",
        ),
        ("DELETE FROM row_marks", "permission denied"),
        (
            "SELECT * FROM rc_chain_append('maria', 'supervisor', 'remedy.approved', 'remedy', "
            "'RM-000001', {id}, '{}')",
            "permission denied",
        ),
        ("SELECT * FROM rc_seal('{cases}', '{{id}}', '{1}', 1, false)", "permission denied"),
    ],
)
def test_a_user_cannot_append_what_did_not_happen(
    pg_server: Any, pg_workspace: Workspace, sql: str, message: str
) -> None:
    case = _case(pg_workspace)
    before = _state(pg_workspace, case.id)
    _refused(_psql(pg_workspace, pg_server, sql.replace("{id}", str(case.id))), message)
    assert _state(pg_workspace, case.id) == before
    assert pg_workspace.login("root").audit.verify().ok


def test_forged_evidence_must_state_the_stored_facts(
    pg_server: Any, pg_workspace: Workspace
) -> None:
    """A real new attachment, but its evidence.added claims other bytes: refused."""
    case = _case(pg_workspace)
    sql = (
        "INSERT INTO attachments (case_id, file_name, media_type, size_bytes, sha256, "
        "description, content, added_by, added_at, withdraw_reason) VALUES "
        f"({case.id}, 'mail.txt', 'text/plain', 3, repeat('1', 64), '', 'abc'::bytea, "
        "'alice', '2026-11-23T09:00:00.000000Z', ''); "
        "SELECT o_seq FROM rc_append_event('evidence.added', 'case', "
        f"'{case.reference}', {case.id}, json_build_object('attachment_id', "
        "currval('attachments_id_seq'), 'sha256', repeat('2', 64), 'size', 3, 'media_type', "
        "'text/plain', 'description', '')::text, '{attachments}', "
        "ARRAY[currval('attachments_id_seq')::text])"
    )
    _refused(_psql(pg_workspace, pg_server, sql), "does not state what was stored")
    assert pg_workspace.login("alice").attachments.list(case.reference) == []


def test_an_admin_kind_needs_an_admin(pg_server: Any, pg_workspace: Workspace) -> None:
    pg_workspace.login("root").users.add("ada", "Ada", "admin", PASSWORD)
    sql = (
        "INSERT INTO settings (key, value) VALUES ('company.name', 'Nordlicht') ON CONFLICT "
        "(key) DO UPDATE SET value = excluded.value; "
        + _append(
            "settings.company_changed",
            "settings",
            "company",
            "NULL",
            {},
            "{settings}",
            "{company.name}",
        )
    )
    _refused(_psql(pg_workspace, pg_server, sql, user="alice"), "permission denied")
    result = _psql(pg_workspace, pg_server, sql, user="ada")
    assert result.returncode == 0, result.stderr
    assert pg_workspace.login("root").audit.verify().ok


# ---- the server's images are Python's -----------------------------------------------------


def test_the_servers_row_images_are_pythons(pg_workspace: Workspace, tmp_path: Path) -> None:
    """Every row of every vouched table, as `rc_images` renders it, is the text
    `audit.canonical_json` makes of `vouched.image_of`'s image (salts made by the server)."""
    n = negotiated(pg_workspace)
    agreement = n.sofia.agreements.create(
        n.case_ref, n.offer.reference, "email", acceptance_reference="MSG-1"
    )
    n.sofia.agreements.issue(agreement.number)
    n.sofia.agreement_files.export(agreement.number, path=tmp_path / "agreement.pdf")
    alice = pg_workspace.login("alice")
    case = alice.cases.create(draft(description=""))
    alice.cases.add_note(case.reference, 'Ünïcødé "quotes" \\ and\ttabs\n', to_customer=True)
    alice.attachments.add(case.reference, "photo ü.txt", b"\x00\x01bytes", 'a "photo"')
    alice.cases.update(case.reference, 1, {"subject": "Kettle leaks (again)"})
    # Follow-ups and links (schema step 12): a task set and done, two cases linked.
    task = alice.follow_ups.add(
        case.reference, pg_workspace.clock.now + timedelta(days=1), "Call the carrier"
    )
    alice.follow_ups.done(task.id)
    alice.case_links.link(case.reference, alice.cases.create(draft("Toaster")).reference)
    # Messages, templates, approved answers (schema step 15); intake drafted an acknowledgement.
    pg_workspace.login("root").templates.save("status-update", "en", "On {{ reference }}", "Hi.")
    answer = alice.answers.add("faq", AnswerText("Refund timing", "Within 5 days."))
    in_use = pg_workspace.login("sam").answers.approve(answer.id).in_use
    assert in_use is not None
    alice.messages.draft(case.reference, template="status-update", answers=[in_use.id], send=True)
    # Escalation queues (schema step 11): members come with the users; a routing row.
    pg_workspace.login("root").queues.set_routing("frontline", "round-robin")
    import_with_source(pg_workspace.login("root"))  # a case's source (schema step 13)
    # Satisfaction and notifications (schema step 18): two cases given to alice, one of her
    # notifications read and then all; one case resolved and scored low (with its follow-up).
    bob = pg_workspace.login("bob")
    given = [bob.cases.create(draft()).reference for _ in range(2)]
    for ref in given:  # round-robin routing may have given it to her already
        if bob.cases.get(ref).assignee != "alice":
            bob.cases.assign(ref, "alice")
    alice.notifications.mark_read([alice.notifications.list()[-1].seq])
    alice.notifications.mark_all_read()
    alice.cases.change_status(given[0], "resolved", code="refunded", summary="Refunded")
    alice.satisfaction.record(given[0], 2, "phone", "Slow")
    signed_review(pg_workspace)  # a periodic review, its note and action (schema step 19)
    save_office_calendar(pg_workspace.login("root"))  # an SLA calendar version (step 10)
    # Mail in (schema step 17): a received mail with an attachment, one in quarantine, and
    # where a folder's fetch left off (written as the fetch writes it).
    alice.mail_in.import_bytes(mail_fixtures.inline_image("images1"), "images1.eml")
    alice.mail_in.import_bytes(mail_fixtures.no_sender("images2"), "images2.eml")
    with alice.store.transaction(alice.actor, alice.now()) as work:
        MailRepository(alice.store).put_cursor("support@h:993/INBOX", 7, 3, "alice", work.now)
        work.emit(Action.MAIL_FETCHED, "mail", "support@h:993/INBOX", {"last_uid": 3})
    seen: dict[str, int] = {}
    with Store.open(pg_workspace.url) as store, store.db.atomic() as txn:
        for table in vouched.VOUCHED:
            keys = [k for k, _ in vouched.iter_table_images(store.sql, table)]
            server = dict(
                store.sql.all(
                    "SELECT o_key, o_img FROM rc_images(?, ?::text[])",
                    (table.name, "{" + ",".join(f'"{k}"' for k in keys) + "}"),
                )
            )
            python = {
                k: canonical_json(img) for k, img in vouched.iter_table_images(store.sql, table)
            }
            assert server == python, table.name
            seen[table.name] = len(python)
        txn.rollback()
    empty = {name for name, count in seen.items() if count == 0}
    assert empty <= {"settings"}, empty  # every other table is exercised


def _images(ws: Workspace, rows: list[list[Any]]) -> list[list[Any]]:
    with Store.open(ws.url) as store:
        return [
            [t, k, dict(vouched.iter_table_images(store.sql, vouched.BY_NAME[t])).get(k)]
            for t, k, _ in rows
        ]


def test_the_event_carries_the_same_images(pg_workspace: Workspace) -> None:
    """What a change's event carries is each row as stored after it, salts made on the way
    included (the app's own paths: a new case and customer, then an audited change)."""
    alice = pg_workspace.login("alice")
    case = alice.cases.create(draft(email="new.customer@example.com"))
    *_intake, created, acknowledged = alice.audit.repo.for_case(case.id)
    assert created.action == "customer.created"
    rows = json.loads(created.data)["rows"]
    assert {t for t, _, _ in rows} == {"cases", "customers", "order_items", "counters"}
    assert rows == _images(pg_workspace, rows)
    # The acknowledgement intake drafts carries its message alone.
    assert acknowledged.action == "message.drafted"
    ack_rows = json.loads(acknowledged.data)["rows"]
    assert [r[0] for r in ack_rows] == ["messages"] and ack_rows == _images(pg_workspace, ack_rows)
    alice.cases.change_status(case.reference, "open")
    rows = json.loads(alice.audit.repo.for_case(case.id)[-1].data)["rows"]
    assert [r[:2] for r in rows] == [["cases", str(case.id)]]
    assert rows == _images(pg_workspace, rows)


# ---- the allow-list follows the services -------------------------------------------------


def _emitted_actions() -> set[str]:
    """Action names the code passes to work.emit / PendingEvent / append events."""
    root = Path(__file__).resolve().parents[2] / "resolution_center"
    found: set[str] = set()
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value
                if (
                    text.count(".") == 1
                    and text.split(".")[1]
                    and text.split(".")[0]
                    in {
                        "case",
                        "customer",
                        "note",
                        "offer",
                        "agreement",
                        "evidence",
                        "remedy",
                        "user",
                        "policy",
                        "import",
                        "settings",
                        "database",
                        "state",
                    }
                    and text.replace(".", "").replace("_", "").isalpha()
                ):
                    found.add(text)
    return found


def test_every_emitted_kind_is_classified() -> None:
    offer_answers = {"offer.accepted", "offer.declined", "offer.countered"}  # f"offer.{state}"
    for action in _emitted_actions() | offer_answers:
        if action in pg_vouch.APPENDABLE:
            continue
        assert action.startswith((*pg_vouch.FUNCTION_ONLY_PREFIXES, "state.")) or action in {
            "case.note",
            "offer.sent",  # the benchmark's agreement text, not events
        }, f"{action}: add it to pg_vouch.APPENDABLE or write it in a guard function"
