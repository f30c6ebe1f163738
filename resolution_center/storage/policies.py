"""Stored policy versions: the TOML text as loaded plus the flattened tables PostgreSQL checks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..domain.remedy_record import PolicyInfo
from .store import Sql, Store
from .values import bulk_insert, dt, ts

AUTHORITY_COLUMNS = (
    "policy_version",
    "role",
    "kind",
    "currency",
    "scope",
    "limit_minor",
    "percent",
)
CAPS_COLUMNS = (
    "policy_version",
    "currency",
    "case_cap_minor",
    "customer_cap_minor",
    "dual_above_minor",
    "goodwill_minor",
    "window_days",
    "pending_expiry_days",
)


class PolicyRepository:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.sql: Sql = store.sql

    def current_version(self) -> int | None:
        value = self.sql.scalar("SELECT max(version) FROM policies")
        return int(value) if value is not None else None

    def source(self, version: int) -> str | None:
        return self.sql.scalar("SELECT source FROM policies WHERE version = ?", (version,))

    @staticmethod
    def _info(r: tuple[Any, ...]) -> PolicyInfo:
        return PolicyInfo(int(r[0]), r[1], r[2], dt(r[3]), r[4])  # type: ignore[arg-type]  # NOT NULL

    def info(self, version: int) -> PolicyInfo | None:
        row = self.sql.one(
            "SELECT version, name, sha256, loaded_at, loaded_by FROM policies WHERE version = ?",
            (version,),
        )
        return self._info(row) if row else None

    def list(self) -> list[PolicyInfo]:
        return [
            self._info(r)
            for r in self.sql.all(
                "SELECT version, name, sha256, loaded_at, loaded_by FROM policies "
                "ORDER BY version DESC"
            )
        ]

    def insert(
        self,
        info: PolicyInfo,
        source: str,
        authority: Sequence[Sequence[Any]],
        caps: Sequence[Sequence[Any]],
    ) -> None:
        """One version with its flattened rows, in the caller's transaction (all or nothing)."""
        self.sql.execute(
            "INSERT INTO policies (version, name, source, sha256, loaded_at, loaded_by) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (info.version, info.name, source, info.sha256, ts(info.loaded_at), info.loaded_by),
        )
        bulk_insert(self.sql, "policy_authority", AUTHORITY_COLUMNS, authority)
        bulk_insert(self.sql, "policy_caps", CAPS_COLUMNS, caps)
        self.store.touch("policies", info.version)
        for (row_id,) in self.sql.all(
            "SELECT id FROM policy_authority WHERE policy_version = ? ORDER BY id", (info.version,)
        ):
            self.store.touch("policy_authority", row_id)
        for (currency,) in self.sql.all(
            "SELECT currency FROM policy_caps WHERE policy_version = ? ORDER BY currency",
            (info.version,),
        ):
            self.store.touch("policy_caps", f"{info.version}/{currency}")
