"""The audit action names: one enum, the same strings in Python and in the database's SQL."""

from __future__ import annotations

import ast
import json
import re
from datetime import UTC, datetime
from pathlib import Path

from resolution_center.domain import audit
from resolution_center.domain.actions import Action
from resolution_center.storage import pg_security

ROOT = Path(__file__).resolve().parents[2]
STORAGE = ROOT / "resolution_center" / "storage"
# A quoted 'word.word' in SQL is an action name, unless it names a schema object.
SQL_ACTION = re.compile(r"'([a-z_]+\.[a-z_]+)'")
SCHEMAS = ("public.", "pg_catalog.", "information_schema.")
FAMILIES = {a.value.split(".")[0] for a in Action}
# Literals that look like actions but are text, not events (the benchmark's sample agreement;
# a test mail domain).
NOT_EVENTS = {"case.note", "offer.sent", "mail.example"}


def _sql_texts() -> dict[str, str]:
    """The PL/pgSQL, wherever it lives: in storage/pg_*.py strings or in .sql files, and as the
    database gets it (the .sql files render most action names from Action itself)."""
    texts = {p.name: p.read_text() for p in STORAGE.glob("pg_*.py")}
    texts |= {str(p.relative_to(STORAGE)): p.read_text() for p in STORAGE.rglob("*.sql")}
    texts["pg_security.FUNCTIONS_SQL"] = pg_security.FUNCTIONS_SQL
    return texts


def test_action_values_are_unique() -> None:
    values = [a.value for a in Action]
    assert len(values) == len(set(values))
    assert all(re.fullmatch(r"[a-z_]+\.[a-z_]+", v) for v in values)


def test_every_action_the_database_writes_is_a_member() -> None:
    found: dict[str, set[str]] = {}
    for name, text in _sql_texts().items():
        for value in SQL_ACTION.findall(text):
            if not value.startswith(SCHEMAS):
                found.setdefault(value, set()).add(name)
    assert found, "no action names found in the SQL: has the PL/pgSQL moved?"
    unknown = {v: sorted(where) for v, where in found.items() if v not in set(Action)}
    assert not unknown, f"action names in SQL but not in domain.actions.Action: {unknown}"


def test_every_action_literal_in_python_is_a_member() -> None:
    """A bare action string left in the code (or the allow-list of pg_vouch) must still be one
    the enum knows, so a typo cannot write an event kind nothing else recognises."""
    unknown: dict[str, str] = {}
    known = set(Action) | NOT_EVENTS
    for top in ("resolution_center", "ui"):
        for path in (ROOT / top).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                    continue
                text = node.value
                looks_like_one = re.fullmatch(r"[a-z]+\.[a-z_]+", text) is not None
                if looks_like_one and text.split(".")[0] in FAMILIES and text not in known:
                    unknown[text] = str(path.relative_to(ROOT))
    # Names of files and modules share the pattern; they are not events.
    files = (".py", ".db", ".pdf", ".ini", ".toml", ".txt")
    unknown = {k: v for k, v in unknown.items() if not k.endswith(files)}
    assert not unknown, f"action-like strings not in Action: {unknown}"


def test_an_action_member_hashes_and_serialises_as_its_plain_string() -> None:
    """Events written before the enum existed must verify unchanged."""
    moment = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    data = {"action": Action.CASE_CREATED}
    assert audit.canonical_json(data) == audit.canonical_json({"action": "case.created"})
    assert json.dumps(Action.NOTE_ADDED) == '"note.added"'
    assert f"{Action.NOTE_ADDED}" == str(Action.NOTE_ADDED) == "note.added"
    sealed = [
        audit.seal(
            1,
            audit.GENESIS_HASH,
            moment,
            "ana",
            "specialist",
            audit.PendingEvent(action, "case", "CS-000001", {"n": 1}, 1),
        )
        for action in (Action.CASE_CREATED, "case.created")
    ]
    assert sealed[0].hash == sealed[1].hash
    assert sealed[0].canonical_bytes() == sealed[1].canonical_bytes()
