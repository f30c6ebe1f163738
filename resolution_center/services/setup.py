"""Set-up: create or migrate a database (idempotent), and its first admin. Acts as `system`."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.errors import ValidationError
from ..storage.migrations import LATEST
from ..storage.repositories import UserRepository
from ..storage.store import Store
from .context import SYSTEM_ACTOR, Clock, Config, Context, system_clock


@dataclass(frozen=True, slots=True)
class InitResult:
    created: bool
    migrated_from: int
    schema_version: int
    admin_created: str | None
    database: str


def initialize(
    url: str,
    *,
    admin: str | None = None,
    admin_password: str | None = None,
    config: Config | None = None,
    clock: Clock = system_clock,
) -> InitResult:
    store = Store.open(url, create=True, migrate=True)
    before = store.opened_version
    ctx = Context(store, SYSTEM_ACTOR, clock=clock, config=config)
    try:
        ctx.users.ensure_system_user()
        if before == 0:
            with store.transaction(SYSTEM_ACTOR, ctx.now()) as work:
                work.emit(
                    "database.initialized",
                    "database",
                    store.database_id(),
                    {"schema_version": LATEST, "backend": store.backend},
                )
        elif before < LATEST:
            with store.transaction(SYSTEM_ACTOR, ctx.now()) as work:
                work.emit(
                    "database.migrated",
                    "database",
                    store.database_id(),
                    {"old": {"schema_version": before}, "new": {"schema_version": LATEST}},
                )
        else:
            store.refresh_security()
        # After the init/migrate event: the shipped policy becomes version 1 when none is stored.
        ctx.policies.ensure_default()
        created_admin = None
        if admin:
            if UserRepository(store).get(admin.strip().lower()):
                if before == 0:
                    raise ValidationError(f"user {admin!r} already exists", field="admin")
            else:
                if admin_password is None:
                    raise ValidationError("the first admin needs a password", field="password")
                created_admin = ctx.users.add(admin, admin, "admin", admin_password).username
        return InitResult(before == 0, before, LATEST, created_admin, store.target.display)
    finally:
        store.close()
