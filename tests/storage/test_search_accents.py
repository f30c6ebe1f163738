"""Search folds accents alike on both backends: SQLite's index holds the word lists the app folds
(search_text.fold, schema step 8), PostgreSQL folds with its `rc_search` configuration (unaccent,
then simple; schema step 7), and a test holds the app's folding to the server's."""

from __future__ import annotations

import unicodedata

import psycopg2
import pytest

from resolution_center.domain import search_text
from resolution_center.domain.case import CaseFilter, CaseQuery
from resolution_center.services.session import Session
from resolution_center.services.setup import initialize
from resolution_center.storage.migrations import LATEST
from tests.helpers.release import made_by_release, workspace_after
from tests.helpers.workspace import PASSWORD, Workspace, draft

# (customer name, subject, description): accented and plain spellings of the same words, in
# every field a search reads, upper and lower case.
CASES = (
    ("Jürgen Müller", "Crème brûlée torch broken", "Ordered by señor García for the café."),
    ("Jurgen Muller", "Creme pot chipped", "Cafe order, Garcia paid."),
    ("Hélène Dubois", "ÉCOLE supplies: Zoë's order", "Ångström meter reads wrong."),
    ("Anna Nowak", "Kettle", "Nothing accented here at all."),
    # Letters with no accent mark to take off, which unaccent folds all the same.
    ("Łucja Ørsted-Æbelø", "Straße closed: Ελλάδα parcel", "Ёлка ornament (ﬁne glass) broken."),
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
    "lucja": {4},
    "ŁUCJA": {4},
    "orsted aebelo": {4},
    "Ørsted-Æbelø": {4},
    "strasse": {4},
    "straße": {4},
    "ελλαδα": {4},
    "Ελλάδα": {4},
    "елка": {4},
    "ёлка": {4},
    "fine": {4},
}


@pytest.fixture
def made(workspace: Workspace) -> tuple[Session, list[int]]:
    alice = workspace.login("alice")
    ids = [
        int(
            alice.cases.create(
                draft(subject, name=name, description=text, email=f"customer{n}@example.com")
            ).id
        )
        for n, (name, subject, text) in enumerate(CASES)
    ]
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


def test_a_database_from_before_steps_7_and_8_folds_accents_after_init(db_url: str) -> None:
    # The release at schema step 6 writes the case: PostgreSQL's words kept their accents,
    # SQLite's index kept ł.
    made = made_by_release(
        6,
        db_url,
        "c = ws.login('alice').cases.create(draft('Crème pot', name='Łucja Müller'))\n"
        "out = [c.id, c.reference]",
    )
    result = initialize(db_url, admin="root", admin_password=PASSWORD)
    assert (result.migrated_from, result.schema_version) == (6, LATEST)
    workspace = workspace_after(db_url)
    try:
        alice = workspace.login("alice")
        for text in ("lucja muller creme", "Łucja Müller Crème"):
            query = CaseQuery(CaseFilter(search=text), limit=5)
            assert [r.reference for r in alice.cases.list(query).items] == [made[1]]
            assert alice.cases.ids(query) == [made[0]]
        report = workspace.login("root").audit.verify()
        assert report.ok, report.problems
    finally:
        workspace.close()


# Letters the app and unaccent fold differently, all rare: a letter whose accent the app takes
# off before folding the rest (ǣ -> æ -> ae; unaccent has no rule for ǣ), and letters the
# server's rules do not name, or name in another form (ŉ, ẛ, the Greek numeral sign the app
# reads as its canonical twin).
KNOWN_DIFFERENT = frozenset("ŉƦǢǣǶǼǽǾǿȠɩẛ\u0374")
LETTER_BLOCKS = (
    (0x00C0, 0x0250),
    (0x0370, 0x0400),
    (0x0400, 0x0530),
    (0x1E00, 0x1F00),
    (0x2C60, 0x2C80),
    (0xFB00, 0xFB07),
    (0xFF21, 0xFF5B),
)


@pytest.mark.postgres
def test_the_app_folds_letters_as_the_server_does(pg_workspace: Workspace) -> None:
    letters = [
        cp
        for start, end in LETTER_BLOCKS
        for cp in range(start, end)
        if unicodedata.category(chr(cp)).startswith("L") and chr(cp) not in KNOWN_DIFFERENT
    ]
    conn = psycopg2.connect(pg_workspace.url)
    try:
        with conn.cursor() as cur:
            # Inside a word, so the server's parser and the app split it alike.
            cur.execute(
                "SELECT cp, array(SELECT lexeme FROM unnest(to_tsvector('public.rc_search', "
                "'a' || chr(cp) || 'b'))) FROM unnest(%s::int[]) cp",
                (letters,),
            )
            server = dict(cur.fetchall())
    finally:
        conn.close()
    app = {cp: search_text.word_list(f"a{chr(cp)}b").split() for cp in letters}
    differ = [
        f"{chr(cp)} app {app[cp]} server {server[cp]}" for cp in letters if app[cp] != server[cp]
    ]
    assert not differ, differ
    assert len(letters) > 900
