"""The composition root's product: the open store, the acting user, the clock and configuration."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from importlib import resources
from pathlib import Path

from ..domain.taxonomy import Taxonomy
from ..storage.store import Actor, Store

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


def resource_path(*parts: str) -> Path:
    return Path(str(resources.files("resources").joinpath(*parts)))


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    try:
        return int(raw) if raw else default
    except ValueError:
        return default


@dataclass(frozen=True)
class Config:
    """Settings that are not business data. Argon2 cost comes from here (cheap in tests)."""

    # argon2id, 64 MiB, one pass, two lanes. One pass at 64 MiB is above OWASP's first
    # configuration (46 MiB, one pass). RFC 9106's 64 MiB option adds two more passes: about
    # 50 ms more on every login here, while memory is what a guessing rig pays for. Two lanes
    # cost the same per guess, but a login's check uses two cores. Hashes made with other
    # settings are redone at the next login.
    argon2_time_cost: int = 1
    argon2_memory_kib: int = 65_536
    argon2_parallelism: int = 2
    lockout_failures: int = 5
    lockout_minutes: int = 15
    taxonomy_file: Path = field(default_factory=lambda: resource_path("taxonomy.toml"))

    @classmethod
    def from_env(cls) -> Config:
        return cls(
            argon2_time_cost=_env_int("RESOLUTION_CENTER_ARGON2_TIME_COST", cls.argon2_time_cost),
            argon2_memory_kib=_env_int(
                "RESOLUTION_CENTER_ARGON2_MEMORY_KIB", cls.argon2_memory_kib
            ),
            argon2_parallelism=_env_int(
                "RESOLUTION_CENTER_ARGON2_PARALLELISM", cls.argon2_parallelism
            ),
            lockout_failures=_env_int("RESOLUTION_CENTER_LOCKOUT_FAILURES", cls.lockout_failures),
            lockout_minutes=_env_int("RESOLUTION_CENTER_LOCKOUT_MINUTES", cls.lockout_minutes),
        )

    @cached_property
    def taxonomy(self) -> Taxonomy:
        import tomllib  # read once a window or command needs it, not at every start

        with open(self.taxonomy_file, "rb") as fh:
            return Taxonomy.from_dict(tomllib.load(fh))


SYSTEM_ACTOR = Actor("system", "system", "System")


class Context:
    """What every service is handed: the store, who acts, the clock and the configuration.

    Nothing else: a service that needs another is given it by the composition root
    (session.py), so no service reaches another through here."""

    def __init__(
        self,
        store: Store,
        actor: Actor,
        *,
        user_id: int | None = None,
        clock: Clock = system_clock,
        config: Config | None = None,
    ) -> None:
        self.store = store
        self.actor = actor
        self.user_id = user_id
        self.clock = clock
        self.config = config or Config.from_env()

    @property
    def taxonomy(self) -> Taxonomy:
        return self.config.taxonomy

    def now(self) -> datetime:
        return self.clock()

    def close(self) -> None:
        self.store.close_released()
        self.store.close()

    def __enter__(self) -> Context:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
