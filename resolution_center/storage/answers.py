"""The library of approved answers: answers, their versions, and the full-text search over them.

SQLite searches its FTS5 index `answer_fts` (a trigger adds each version as it is written);
PostgreSQL its generated `search_doc` column with a GIN index (PgAnswerRepository). Either way
the search looks only at the version in use of answers that are not retired, best match first.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import peewee

from ..domain import search_text
from ..domain.answers import Answer, AnswerKind, AnswerText, AnswerVersion
from .dialect import PostgresDialect, Repository
from .messages import reraise
from .values import dt, time_of, ts

_VERSION_COLUMNS = (
    "v.id, v.answer_id, v.version, v.title, v.body, v.tags, v.category, v.language, "
    "v.created_by, v.created_at, v.approved_by, v.approved_at"
)
_ANSWER_COLUMNS = "a.id, a.kind, a.created_by, a.created_at, a.uses, a.retired_at, a.retired_by"
SEARCH_LIMIT = 20


def _version(row: Sequence[Any]) -> AnswerVersion:
    return AnswerVersion(
        id=int(row[0]),
        answer_id=int(row[1]),
        version=int(row[2]),
        text=AnswerText(
            title=row[3],
            body=row[4],
            tags=tuple(t for t in row[5].split(",") if t),
            category=row[6],
            language=row[7],
        ),
        created_by=row[8],
        created_at=time_of(row[9]),
        approved_by=row[10],
        approved_at=dt(row[11]),
    )


def _answer(row: Sequence[Any], latest: AnswerVersion, in_use: AnswerVersion | None) -> Answer:
    return Answer(
        id=int(row[0]),
        kind=AnswerKind(row[1]),
        created_by=row[2],
        created_at=time_of(row[3]),
        uses=int(row[4]),
        retired_at=dt(row[5]),
        retired_by=row[6],
        latest=latest,
        in_use=in_use,
    )


class AnswerRepository(Repository):
    # ---- writes -----------------------------------------------------------------------------
    def insert(self, kind: AnswerKind, actor: str, now: datetime) -> int:
        try:
            row = self.sql.one(
                "INSERT INTO answers (kind, created_by, created_at, uses) VALUES (?, ?, ?, 0) "
                "RETURNING id",
                (kind.value, actor, ts(now)),
            )
        except peewee.DatabaseError as exc:
            reraise(exc)
        assert row is not None  # RETURNING gives the row or the insert raised
        self.store.touch("answers", row[0])
        return int(row[0])

    def insert_version(
        self, answer_id: int, version: int, text: AnswerText, actor: str, now: datetime
    ) -> int:
        try:
            row = self.sql.one(
                "INSERT INTO answer_versions (answer_id, version, title, body, tags, category, "
                "language, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "RETURNING id",
                (
                    answer_id,
                    version,
                    text.title,
                    text.body,
                    ",".join(text.tags),
                    text.category,
                    text.language,
                    actor,
                    ts(now),
                ),
            )
        except peewee.DatabaseError as exc:
            reraise(exc)
        assert row is not None  # RETURNING gives the row or the insert raised
        self.store.touch("answer_versions", row[0])
        return int(row[0])

    def approve(self, version: AnswerVersion, actor: str, now: datetime) -> None:
        """The version approved and, being the newest approved one, put in use."""
        try:
            self.sql.execute(
                "UPDATE answer_versions SET approved_by = ?, approved_at = ? "
                "WHERE id = ? AND approved_by IS NULL",
                (actor, ts(now), version.id),
            )
            self.sql.execute(
                "UPDATE answers SET in_use_version = ? WHERE id = ?",
                (version.id, version.answer_id),
            )
        except peewee.DatabaseError as exc:
            reraise(exc)
        self.store.touch("answer_versions", version.id)
        self.store.touch("answers", version.answer_id)

    def retire(self, answer_id: int, actor: str, now: datetime) -> None:
        try:
            self.sql.execute(
                "UPDATE answers SET retired_at = ?, retired_by = ? "
                "WHERE id = ? AND retired_at IS NULL",
                (ts(now), actor, answer_id),
            )
        except peewee.DatabaseError as exc:
            reraise(exc)
        self.store.touch("answers", answer_id)

    def count_uses(self, answer_ids: Sequence[int]) -> None:
        for answer_id in sorted(set(answer_ids)):
            try:
                self.sql.execute("UPDATE answers SET uses = uses + 1 WHERE id = ?", (answer_id,))
            except peewee.DatabaseError as exc:
                reraise(exc)
            self.store.touch("answers", answer_id)

    # ---- reads ------------------------------------------------------------------------------
    def version(self, version_id: int) -> AnswerVersion | None:
        row = self.sql.one(
            f"SELECT {_VERSION_COLUMNS} FROM answer_versions v WHERE v.id = ?", (version_id,)
        )
        return _version(row) if row else None

    def versions(self, answer_id: int) -> list[AnswerVersion]:
        return [
            _version(r)
            for r in self.sql.all(
                f"SELECT {_VERSION_COLUMNS} FROM answer_versions v WHERE v.answer_id = ? "
                "ORDER BY v.version",
                (answer_id,),
            )
        ]

    def get(self, answer_id: int) -> Answer | None:
        row = self.sql.one(
            f"SELECT {_ANSWER_COLUMNS}, a.in_use_version FROM answers a WHERE a.id = ?",
            (answer_id,),
        )
        if row is None:
            return None
        versions = self.versions(answer_id)
        in_use = next((v for v in versions if v.id == row[7]), None)
        return _answer(row, versions[-1], in_use)

    def library(self, *, include_retired: bool = False, limit: int = 500) -> list[Answer]:
        """Answers newest first, each with its latest version and the version in use."""
        where = "" if include_retired else "WHERE a.retired_at IS NULL "
        rows = self.sql.all(
            f"SELECT {_ANSWER_COLUMNS}, {_VERSION_COLUMNS}, a.in_use_version FROM answers a "
            "JOIN answer_versions v ON v.answer_id = a.id AND v.version = "
            "(SELECT max(x.version) FROM answer_versions x WHERE x.answer_id = a.id) "
            f"{where}ORDER BY a.id DESC LIMIT ?",
            (limit,),
        )
        in_use_ids = [int(r[-1]) for r in rows if r[-1] is not None]
        in_use = self._versions_by_id(in_use_ids)
        out = []
        for r in rows:
            latest = _version(r[7:19])
            out.append(_answer(r, latest, in_use.get(r[-1]) if r[-1] is not None else None))
        return out

    def _versions_by_id(self, ids: Sequence[int]) -> dict[int, AnswerVersion]:
        out: dict[int, AnswerVersion] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            for r in self.sql.all(
                f"SELECT {_VERSION_COLUMNS} FROM answer_versions v WHERE v.id IN ({marks})",
                chunk,
            ):
                out[int(r[0])] = _version(r)
        return out

    def search(self, text: str, language: str | None, limit: int = SEARCH_LIMIT) -> list[Answer]:
        """Usable answers whose version in use matches every word (each as a prefix)."""
        terms = search_text.terms(text)
        if not terms:
            return []
        query = " AND ".join('"' + t.replace('"', "") + '"*' for t in terms)
        lang, params = self._language(language)
        rows = self.sql.all(
            # The index drives (CROSS JOIN keeps it the outer loop) and each match finds its
            # answer by key: joined on in_use_version alone, SQLite scanned the answers once
            # per match (3 s for a common word at 10,000 answers, 10 ms now).
            f"SELECT {_ANSWER_COLUMNS}, {_VERSION_COLUMNS} FROM answer_fts f "
            "CROSS JOIN answer_versions v ON v.id = f.rowid "
            "JOIN answers a ON a.id = v.answer_id AND a.in_use_version = v.id "
            f"AND a.retired_at IS NULL WHERE answer_fts MATCH ?{lang} ORDER BY f.rank, v.id "
            "LIMIT ?",
            (query, *params, limit),
        )
        return self._found(rows)

    @staticmethod
    def _language(language: str | None) -> tuple[str, tuple[Any, ...]]:
        return ("", ()) if not language else (" AND v.language = ?", (language,))

    @staticmethod
    def _found(rows: Sequence[Sequence[Any]]) -> list[Answer]:
        out = []
        for r in rows:
            version = _version(r[7:19])
            out.append(_answer(r, version, version))
        return out

    def count(self) -> int:
        return int(self.sql.scalar("SELECT count(*) FROM answers"))


@PostgresDialect.variant
class PgAnswerRepository(AnswerRepository):
    """PostgreSQL searches the generated `search_doc` (accent-folding `rc_search`)."""

    def search(self, text: str, language: str | None, limit: int = SEARCH_LIMIT) -> list[Answer]:
        terms = search_text.terms(text)
        if not terms:
            return []
        config = PostgresDialect.TEXT_CONFIG
        query = " & ".join(f"{t}:*" for t in terms)
        lang, params = self._language(language)
        rows = self.sql.all(
            f"SELECT {_ANSWER_COLUMNS}, {_VERSION_COLUMNS} FROM answer_versions v "
            "JOIN answers a ON a.id = v.answer_id AND a.in_use_version = v.id "
            f"AND a.retired_at IS NULL WHERE v.search_doc @@ to_tsquery('{config}', ?){lang} "
            f"ORDER BY ts_rank(v.search_doc, to_tsquery('{config}', ?)) DESC, v.id LIMIT ?",
            (query, *params, query, limit),
        )
        return self._found(rows)
