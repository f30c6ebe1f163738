"""Remedy policy versions: the one in force, loading a new one (admins), the default at set-up."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..domain.actions import Action
from ..domain.errors import EnvironmentFault, NotFound, PermissionDenied, ValidationError
from ..domain.money import Money
from ..domain.policy import PolicySet, authority_of
from ..domain.remedy import RemedyKind, RemedyRequest
from ..domain.remedy_record import PolicyInfo
from ..policy.loader import load_policy_text, policy_to_dict
from ..storage.policies import PolicyRepository
from ..storage.store import Actor
from .context import Context, resource_path

DEFAULT_POLICY = ("policy", "default.toml")
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def flatten(policy: PolicySet) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The policy as rows PostgreSQL can check: authority per (role, kind, currency, scope)
    computed by the domain itself (overrides applied), and the caps per currency."""
    authority: list[tuple[Any, ...]] = []
    scopes = ["*", *policy.overrides]
    for currency in policy.currencies:
        zero = Money(0, currency)
        for scope in scopes:
            # '*' matches no override (scopes are slugs), so it yields the base authority.
            category, _, sub = scope.partition("/")
            for role in policy.roles:
                for kind in RemedyKind:
                    probe = RemedyRequest(
                        kind,
                        Money(1, currency),
                        "policy",
                        role,
                        category,
                        sub or None,
                        zero,
                        zero,
                        "-",
                        "-",
                        (),
                        _EPOCH,
                    )
                    a = authority_of(policy, role, probe)
                    assert a is not None  # the currency has a table: we iterate over them
                    authority.append(
                        (
                            policy.version,
                            role,
                            kind.value,
                            currency,
                            scope,
                            a.absolute.minor,
                            a.percent,
                        )
                    )
    caps = [
        (
            policy.version,
            code,
            t.case_cap.minor,
            t.customer_cap.minor,
            t.dual_signoff_above.minor,
            t.goodwill_limit.minor,
            policy.window_days,
            policy.pending_expiry_days,
        )
        for code, t in policy.currencies.items()
    ]
    return authority, caps


def _read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            f"{path}: not UTF-8 text (byte {exc.start})", field="policy", source=str(path)
        ) from None
    except OSError as exc:
        raise ValidationError(
            f"{path}: cannot read the policy file: {exc.strerror}", field="policy", source=str(path)
        ) from None


class PolicyService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.repo = PolicyRepository(ctx.store)
        self._parsed: dict[int, PolicySet] = {}  # versions never change once stored

    def current(self) -> PolicySet:
        version = self.repo.current_version()
        if version is None:
            raise EnvironmentFault(
                "no remedy policy is loaded: run 'resolution-center init' to load the default"
            )
        return self.get(version)

    def get(self, version: int) -> PolicySet:
        if version not in self._parsed:
            text = self.repo.source(version)
            if text is None:
                raise NotFound(f"no policy version {version}", field="version")
            self._parsed[version] = load_policy_text(text, f"policy v{version}")
        return self._parsed[version]

    def info(self, version: int | None = None) -> PolicyInfo:
        number = version if version is not None else self.current().version
        found = self.repo.info(number)
        if found is None:
            raise NotFound(f"no policy version {number}", field="version")
        return found

    def list(self) -> list[PolicyInfo]:
        return self.repo.list()

    def show(self, version: int | None = None) -> dict[str, Any]:
        policy = self.get(version) if version is not None else self.current()
        return {**self.info(policy.version).to_json(), "policy": policy_to_dict(policy)}

    def check(self, source: Path | str) -> PolicySet:
        """Parse and validate a policy without storing it (the window's editor checks as the
        admin types): the loader's ValidationError names the line, and a version that is not
        newer than the one in force is refused as `load` would refuse it."""
        if self.ctx.actor.role not in ("admin", "system"):
            raise PermissionDenied("only an admin may load a remedy policy")
        text, name = (
            (_read_text(source), str(source))
            if isinstance(source, Path)
            else (
                source,
                "policy text",
            )
        )
        policy = load_policy_text(text, name, taxonomy=self.ctx.taxonomy)
        current = self.repo.current_version()
        if current is not None and policy.version <= current:
            raise ValidationError(
                f"{name}: version {policy.version} is not newer than the policy in force "
                f"(v{current}); raise `version` in the file to load it",
                field="version",
            )
        return policy

    def source(self, version: int | None = None) -> str:
        """The TOML text a version was loaded from (the one in force unless named)."""
        number = version if version is not None else self.current().version
        text = self.repo.source(number)
        if text is None:
            raise NotFound(f"no policy version {number}", field="version")
        return text

    def load(self, source: Path | str) -> PolicySet:
        """Load a new version: a Path is read as a file, a str is the TOML text itself.

        All or nothing: a file with any mistake raises the loader's ValidationError naming the
        line, and the version in force stays in force.
        """
        if self.ctx.actor.role not in ("admin", "system"):
            raise PermissionDenied("only an admin may load a remedy policy")
        if isinstance(source, Path):
            text, name = _read_text(source), str(source)
        else:
            text, name = source, "policy text"
        policy = load_policy_text(text, name, taxonomy=self.ctx.taxonomy)
        return self._store(policy, text, name, self.ctx.actor)

    def _store(self, policy: PolicySet, text: str, name: str, actor: Actor) -> PolicySet:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        authority, caps = flatten(policy)
        now = self.ctx.now()
        with self.ctx.store.transaction(actor, now) as work:
            current = self.repo.current_version()  # under the write lock: two loads queue here
            if current is not None and policy.version <= current:
                raise ValidationError(
                    f"{name}: version {policy.version} is not newer than the policy in force "
                    f"(v{current}); raise `version` in the file to load it",
                    field="version",
                )
            info = PolicyInfo(policy.version, policy.name, digest, now, actor.username)
            self.repo.insert(info, text, authority, caps)
            work.emit(
                Action.POLICY_LOADED,
                "policy",
                str(policy.version),
                {
                    "version": policy.version,
                    "name": policy.name,
                    "sha256": digest,
                    "source": Path(name).name if name != "policy text" else name,
                    "previous_version": current,
                },
            )
        self._parsed[policy.version] = policy
        return policy

    def ensure_default(self) -> PolicySet | None:
        """At set-up: the shipped policy becomes version 1 when no policy is stored yet."""
        if self.repo.current_version() is not None:
            return None
        path = resource_path(*DEFAULT_POLICY)
        text = _read_text(path)
        policy = load_policy_text(text, str(path), taxonomy=self.ctx.taxonomy)
        return self._store(policy, text, str(path), self.ctx.actor)
