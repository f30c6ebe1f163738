"""Search folds accents alike on both backends: SQLite's index (unicode61 remove_diacritics) and
PostgreSQL's `rc_search` configuration (unaccent, then simple; schema step 7)."""

from __future__ import annotations

import pytest

from resolution_center.domain.case import CaseFilter, CaseQuery
from resolution_center.services import setup as setup_service
from resolution_center.services.session import Session
from resolution_center.services.setup import initialize
from resolution_center.storage import store as store_module
from resolution_center.storage.migrations import LATEST, MIGRATIONS
from tests.helpers.workspace import PASSWORD, Workspace, draft

# (customer name, subject, description): accented and plain spellings of the same words, in
# every field a search reads, upper and lower case.
CASES = (
    ("Jürgen Müller", "Crème brûlée torch broken", "Ordered by señor García for the café."),
    ("Jurgen Muller", "Creme pot chipped", "Cafe order, Garcia paid."),
    ("Hélène Dubois", "ÉCOLE supplies: Zoë's order", "Ångström meter reads wrong."),
    ("Anna Nowak", "Kettle", "Nothing accented here at all."),
)
# What each search finds, as indexes into CASES: the same sets on both backends.
SEARCHES = {
    "Muller": {0, 1},
    "MÜLLER": {0, 1},
    "müll": {0, 1},
    "jurgen muller": {0, 1},
    "creme": {0, 1},
    "Crème": {0, 1},
    "CREME BRULEE": {0},
    "brûlée": {0},
    "cafe": {0, 1},
    "café": {0, 1},
    "garcia": {0, 1},
    "senor": {0},
    "helene": {2},
    "Hélène": {2},
    "ecole": {2},
    "école": {2},
    "zoe": {2},
    "angstrom": {2},
    "ÅNGSTRÖM": {2},
    "nowak": {3},
    "accent": {3},
    "muller accent": set(),
}


@pytest.fixture
def made(workspace: Workspace) -> tuple[Session, list[int]]:
    alice = workspace.login("alice")
    ids = [
        int(alice.cases.create(
            draft(subject, name=name, description=text, email=f"customer{n}@example.com")
        ).id)
        for n, (name, subject, text) in enumerate(CASES)
    ]  # fmt: skip
    return alice, ids


@pytest.mark.parametrize("text", sorted(SEARCHES))
def test_accented_and_plain_spellings_find_the_same_cases(
    made: tuple[Session, list[int]], text: str
) -> None:
    ctx, ids = made
    expected = {ids[i] for i in SEARCHES[text]}
    query = CaseQuery(CaseFilter(search=text), limit=10)
    # Both plans: the page checks each case's own words, `ids` asks the text index.
    assert {int(r.id) for r in ctx.cases.list(query).items} == expected
    assert {int(i) for i in ctx.cases.ids(query)} == expected
    with_filter = CaseQuery(CaseFilter(search=text, open_only=True), limit=10)
    assert {int(r.id) for r in ctx.cases.list(with_filter).items} == expected


def test_a_database_from_before_step_7_folds_accents_after_init(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as old:
        # What an app that knows schema steps 1-6 makes: PostgreSQL's words kept their accents.
        old.setattr(store_module, "MIGRATIONS", MIGRATIONS[:6])
        old.setattr(store_module, "LATEST", 6)
        old.setattr(setup_service, "LATEST", 6)
        workspace = Workspace.create(db_url)
        made = workspace.login("alice").cases.create(draft("Crème pot", name="Jürgen Müller"))
        workspace.close()
    result = initialize(db_url, admin="root", admin_password=PASSWORD)
    assert (result.migrated_from, result.schema_version) == (6, LATEST)
    workspace = Workspace(db_url, workspace.clock, workspace.config)
    try:
        alice = workspace.login("alice")
        for text in ("muller creme", "Müller Crème"):
            query = CaseQuery(CaseFilter(search=text), limit=5)
            assert [r.reference for r in alice.cases.list(query).items] == [made.reference]
            assert alice.cases.ids(query) == [made.id]
        report = workspace.login("root").audit.verify()
        assert report.ok, report.problems
    finally:
        workspace.close()
