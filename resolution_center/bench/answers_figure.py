"""The "answer search" figure: the message editor's search of the approved answers, at 10,000
answers (fewer in a small run: one per case, at least 500), against the engine's own query.

The library is written straight into a scratch database by the set-up actor, as the synthetic
cases are (bench data, no trail of its own): every answer approved and in use, with titles,
bodies and tags drawn from a fixed vocabulary, so one word is common, one is rare and a prefix
matches several words. The app's side is `AnswerService.search` (the words checked and turned
into the engine's query, the join to the answers in use, the records built); the raw side is the
same search written by hand against the text index (FTS5 MATCH / tsvector @@), first 20 rows.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from functools import partial
from typing import Any

from ..domain.answers import AnswerKind
from ..services.context import SYSTEM_ACTOR, Config
from ..services.session import Session
from ..storage.store import Store
from ..storage.values import ts
from . import raw as rawlib
from .figures import Bench, Result, figure
from .timing import paired

FULL_SIZE = 10_000
MIN_SIZE = 500
TARGET_MS = 50.0
LIMIT = 20
COMMON, RARE, PREFIX = "refund", "quixotic", "kett"
_VOCABULARY = [
    "kettle",
    "kettles",
    "delivery",
    "parcel",
    "courier",
    "damaged",
    "broken",
    "cracked",
    "missing",
    "late",
    "warranty",
    "replacement",
    "return",
    "label",
    "voucher",
    "goodwill",
    "invoice",
    "payment",
    "card",
    "bank",
    "transfer",
    "exchange",
    "size",
    "colour",
    "battery",
    "charger",
    "screen",
    "speaker",
    "headphones",
    "blender",
    "toaster",
    "lamp",
    "sofa",
    "chair",
    "mattress",
    "cushion",
    "handle",
    "lid",
    "switch",
    "cable",
    "plug",
    "manual",
    "instructions",
    "tracking",
    "address",
    "customs",
    "duty",
    "seller",
    "marketplace",
    "order",
    "account",
    "password",
    "newsletter",
]
SEARCHES = (
    ("answer_search", "a common word", COMMON),  # the headline: a quarter of the answers match
    ("answer_search_rare", "a rare word", RARE),
    ("answer_search_prefix", "a prefix", PREFIX),
)


def library_size(bench: Bench) -> int:
    return max(MIN_SIZE, min(FULL_SIZE, bench.main.spec.cases))


# Beside the trade's words, 2,000 made-up ones: a library's words are many, each in a few
# percent of its answers (the trade's words in about 5% each, kett- in about 10%).
_FILLER = [f"w{n:04d}x" for n in range(2_000)]


def _text(rng: random.Random, words: int) -> str:
    return " ".join(
        rng.choice(_VOCABULARY) if rng.random() < 0.05 else rng.choice(_FILLER)
        for _ in range(words)
    )


def fill_library(store: Store, count: int, seed: int) -> None:
    """`count` approved answers in use, each with one version, in one transaction."""
    rng = random.Random(seed)
    now = ts(datetime.now(UTC))
    kinds = [k.value for k in AnswerKind]
    answers: list[tuple[Any, ...]] = []
    versions: list[tuple[Any, ...]] = []
    with store.db.atomic():
        answer_ids = store.sql.reserve_ids("answers", count)
        version_ids = store.sql.reserve_ids("answer_versions", count)
    for i, answer_id, version_id in zip(range(1, count + 1), answer_ids, version_ids, strict=True):
        title = _text(rng, 5).capitalize()
        body = _text(rng, 60)
        if i % 4 == 0:
            body += f" {COMMON}"
        if i % 1000 == 500:
            body += f" {RARE}"
        tags = ",".join(sorted({rng.choice(_VOCABULARY) for _ in range(3)}))
        kind = kinds[i % len(kinds)]
        answers.append((answer_id, kind, "bench", now, version_id, i % 7, None, None))
        versions.append(
            (version_id, answer_id, 1, title, body, tags, "", "en", "bench", now, "reviewer", now)
        )
    with store.db.atomic():
        store.sql.bulk_insert(
            "answers",
            (
                "id",
                "kind",
                "created_by",
                "created_at",
                "in_use_version",
                "uses",
                "retired_at",
                "retired_by",
            ),
            answers,
        )
        store.sql.bulk_insert(
            "answer_versions",
            (
                "id",
                "answer_id",
                "version",
                "title",
                "body",
                "tags",
                "category",
                "language",
                "created_by",
                "created_at",
                "approved_by",
                "approved_at",
            ),
            versions,
        )


def settle(raw: rawlib.RawDB) -> None:
    """As autovacuum leaves a library (the data sets are settled the same way): right after the
    load PostgreSQL's GIN index keeps a pending list and the planner has no statistics."""
    cur = raw.conn.cursor()
    try:
        for table in ("answers", "answer_versions"):
            cur.execute(f"VACUUM ANALYZE {table}" if raw.pg else f"ANALYZE {table}")
    finally:
        cur.close()


def canonical_answer_search(raw: rawlib.RawDB, word: str) -> list[tuple[Any, ...]]:
    """The first 20 answers in use whose text has a word starting with `word`, best first, as
    one would write it against the engine's text index."""
    if raw.pg:
        sql = (
            "SELECT v.id, v.title, v.body FROM answer_versions v "
            "JOIN answers a ON a.id = v.answer_id AND a.in_use_version = v.id "
            "AND a.retired_at IS NULL "
            "WHERE v.search_doc @@ to_tsquery('public.rc_search', %s) "
            "ORDER BY ts_rank(v.search_doc, to_tsquery('public.rc_search', %s)) DESC, v.id "
            f"LIMIT {LIMIT}"
        )
        params: tuple[Any, ...] = (f"{word}:*", f"{word}:*")
    else:
        sql = (
            "SELECT v.id, v.title, v.body FROM answer_fts f "
            "CROSS JOIN answer_versions v ON v.id = f.rowid "
            "JOIN answers a ON a.id = v.answer_id AND a.in_use_version = v.id "
            "AND a.retired_at IS NULL WHERE answer_fts MATCH ? ORDER BY f.rank, v.id "
            f"LIMIT {LIMIT}"
        )
        params = (f'"{word}"*',)
    cur = raw.conn.cursor()
    try:
        cur.execute(sql, params)
        return list(cur.fetchall())
    finally:
        cur.close()


@figure("answer_search", "approved-answer search (message editor)", unit="ms")
def answer_search(bench: Bench) -> list[Result]:
    count = library_size(bench)
    url = bench.scratch("answers")
    out: list[Result] = []
    try:
        with Store.open(url) as store:
            fill_library(store, count, bench.options.seed)
            ctx = Session(store, SYSTEM_ACTOR, config=Config())
            with rawlib.RawDB(url) as raw:
                settle(raw)
                for key, what, word in SEARCHES:
                    found = ctx.answers.search(word)
                    got = canonical_answer_search(raw, word)
                    if [a.id for a in found] != [r[0] for r in got]:
                        raise RuntimeError(f"the canonical answer search for {word!r} differs")
                    pair = paired(
                        partial(ctx.answers.search, word),
                        partial(canonical_answer_search, raw, word),
                        bench.options.repeat,
                    )
                    app_ms = pair.app * 1000
                    out.append(
                        Result(
                            key,
                            f"approved-answer search, {what} ({word!r}), {count:,} answers",
                            "ms",
                            app_ms,
                            pair.raw * 1000,
                            pair.app / pair.raw,
                            f"<= {TARGET_MS:g} ms",
                            app_ms <= TARGET_MS,
                            details={
                                **pair.details(),
                                "answers": count,
                                "found": len(found),
                                "raw": "canonical: the text index joined to the answers in "
                                "use, best match first, LIMIT 20",
                            },
                        )
                    )
    finally:
        bench.drop(url)
    return out
