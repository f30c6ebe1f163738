"""Set-up: create or migrate a database (idempotent), and its first admin. Acts as `system`."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.actions import Action
from ..domain.errors import EnvironmentFault, ValidationError
from ..storage import vouched
from ..storage.migrations import LATEST
from ..storage.repositories import UserRepository
from ..storage.store import Store
from .context import SYSTEM_ACTOR, Clock, Config, system_clock
from .queues import seed_role_queues
from .session import Session

ROW_IMAGES_SINCE = 6  # the schema step whose events carry row images (event format 2)
QUEUES_SINCE = 11  # the schema step that made escalation queues
SEAL_BATCH = 2_000


# Schema steps that add columns to a vouched table: the images older events hold of its rows
# lack them, so an upgrade across the step seals the table's rows as they stand afterwards.
COLUMNS_ADDED: dict[int, tuple[str, ...]] = {
    10: ("cases",),
    12: ("cases",),
    14: ("offers",),
    17: ("messages",),
}


def seal_existing_rows(store: Store, ctx: Session, tables: tuple[str, ...] | None = None) -> int:
    """Vouch for the rows an older database holds, as they stand at the upgrade: events from
    before format 2 carry no row images, so `verify` compares those rows with these seals (and
    `tables`, when given: only those). Returns the number of rows sealed."""
    sealed = 0
    for table in vouched.VOUCHED:
        if tables is not None and table.name not in tables:
            continue
        keys = vouched.VouchedRows(store).keys(table)
        for start in range(0, len(keys), SEAL_BATCH):
            chunk = keys[start : start + SEAL_BATCH]
            with store.transaction(SYSTEM_ACTOR, ctx.now()) as work:
                for key in chunk:
                    work.touch(table.name, key)
                work.emit(
                    Action.STATE_SEALED,
                    "database",
                    store.database_id(),
                    {
                        "table": table.name,
                        "count": len(chunk),
                        "why": "rows written before event format 2, as they stood at the upgrade",
                    },
                )
            sealed += len(chunk)
    return sealed


@dataclass(frozen=True, slots=True)
class InitResult:
    created: bool
    migrated_from: int
    schema_version: int
    admin_created: str | None
    database: str


@dataclass(frozen=True, slots=True)
class DatabaseState:
    """What `initialize` would do to a database: create it, upgrade it, or nothing."""

    database: str
    schema_version: int  # 0: empty
    latest: int = LATEST

    @property
    def step(self) -> str:
        """ "create", "upgrade" or "current" (the set-up assistant words each)."""
        if self.schema_version == 0:
            return "create"
        return "upgrade" if self.schema_version < self.latest else "current"


def inspect(url: str) -> DatabaseState:
    """Connect and read the schema version, changing nothing; raises what is wrong, in words
    (unreachable server, wrong password, a database that is not ours or newer than this app)."""
    version, display = Store.probe_version(url)
    if version == -1:
        raise EnvironmentFault(
            f"{display} holds tables that are not a Resolution Center database; choose an "
            "empty database or one of ours"
        )
    if version > LATEST:
        raise EnvironmentFault(
            f"{display} has schema version {version}, newer than this app understands "
            f"({LATEST}): update Resolution Center first"
        )
    return DatabaseState(display, version)


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
    ctx = Session(store, SYSTEM_ACTOR, clock=clock, config=config)
    try:
        ctx.users.ensure_system_user()
        if before == 0:
            with store.transaction(SYSTEM_ACTOR, ctx.now()) as work:
                work.emit(
                    Action.DATABASE_INITIALIZED,
                    "database",
                    store.database_id(),
                    {"schema_version": LATEST, "backend": store.backend},
                )
        elif before < LATEST:
            with store.transaction(SYSTEM_ACTOR, ctx.now()) as work:
                work.emit(
                    Action.DATABASE_MIGRATED,
                    "database",
                    store.database_id(),
                    {"old": {"schema_version": before}, "new": {"schema_version": LATEST}},
                )
            if before < ROW_IMAGES_SINCE:
                seal_existing_rows(store, ctx)
            else:
                widened = {t for step, ts in COLUMNS_ADDED.items() if step > before for t in ts}
                if widened:
                    seal_existing_rows(store, ctx, tuple(sorted(widened)))
            if before < QUEUES_SINCE:
                seed_role_queues(store, ctx.now())
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
