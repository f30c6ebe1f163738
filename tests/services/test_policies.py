"""Policy versions in the database: the default at set-up, loading new ones (admins only, all or
nothing), and the flattened authority the PostgreSQL guard checks against."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from resolution_center.domain.errors import PermissionDenied, ValidationError
from resolution_center.domain.money import Money
from resolution_center.domain.policy import authority_of
from resolution_center.domain.remedy import RemedyKind, RemedyRequest
from resolution_center.services.context import resource_path
from tests.helpers.remedies import eur
from tests.helpers.workspace import Workspace

DEFAULT = resource_path("policy", "default.toml")
T0 = datetime(2026, 11, 23, tzinfo=UTC)


def policy_text(
    version: int, *, specialist_partial: str | None = None, case_cap: str | None = None
) -> str:
    """The default policy as a new version, with the EUR numbers tests want changed."""
    text = DEFAULT.read_text(encoding="utf-8").replace("version = 1\n", f"version = {version}\n", 1)
    if specialist_partial:  # the first partial-refund limit is the EUR specialist's
        text = text.replace(
            'partial-refund = "100.00"', f'partial-refund = "{specialist_partial}"', 1
        )
    if case_cap:
        text = text.replace('case_cap = "2500.00"', f'case_cap = "{case_cap}"', 1)
    return text


def test_the_default_policy_is_version_1_loaded_by_system_at_set_up(workspace: Workspace) -> None:
    root = workspace.login("root")
    assert root.policies.current().version == 1
    [info] = root.policies.list()
    digest = hashlib.sha256(DEFAULT.read_bytes()).hexdigest()
    assert (info.version, info.sha256, info.loaded_by) == (1, digest, "system")
    [event] = root.audit.target_trail("policy", "1")
    assert (event.event.actor, event.event.action) == ("system", "policy.loaded")
    assert event.data["sha256"] == digest and event.data["version"] == 1


def test_an_admin_loads_a_newer_version(workspace: Workspace, tmp_path: Path) -> None:
    root = workspace.login("root")
    path = tmp_path / "policy-v2.toml"
    path.write_text(policy_text(2, specialist_partial="80.00"), encoding="utf-8")
    loaded = root.policies.load(path)
    assert loaded.version == 2 and root.policies.current().version == 2
    [event] = root.audit.target_trail("policy", "2")
    assert (event.event.actor, event.event.action) == ("root", "policy.loaded")
    assert event.data["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert event.data["previous_version"] == 1 and event.data["source"] == "policy-v2.toml"
    assert (
        root.policies.show()["policy"]["currency"]["EUR"]["limit"]["specialist"]["partial-refund"]
        == "80.00"
    )
    assert root.policies.show(1)["version"] == 1
    with pytest.raises(ValidationError, match="version 2 is not newer than the policy in force"):
        root.policies.load(path)
    with pytest.raises(PermissionDenied, match="only an admin"):
        workspace.login("maria").policies.load(policy_text(3))


def test_a_malformed_file_names_its_line_and_the_old_policy_stays(
    workspace: Workspace, tmp_path: Path
) -> None:
    root = workspace.login("root")
    head = root.audit.head().seq
    text = policy_text(2).replace("coupon = 20\n", "coupon = 20.5\n", 1)
    line = text.splitlines().index("coupon = 20.5") + 1
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError, match=rf"bad.toml, line {line}: .*floating-point"):
        root.policies.load(path)
    broken = policy_text(2).replace("[currency.EUR]", "[currency.EUR", 1)
    with pytest.raises(ValidationError, match=r"line \d+: malformed TOML"):
        root.policies.load(broken)
    unknown_role = policy_text(2).replace("[percent.expert]", "[percent.boss]", 1)
    with pytest.raises(ValidationError, match=r"line \d+: unknown role 'boss'"):
        root.policies.load(unknown_role)
    assert root.policies.current().version == 1
    assert [p.version for p in root.policies.list()] == [1]
    assert root.audit.head().seq == head  # nothing was recorded either


def test_the_flattened_authority_is_the_domains(workspace: Workspace) -> None:
    """What PostgreSQL checks must be exactly what the domain computes, overrides included."""
    root = workspace.login("root")
    policy = root.policies.current()
    rows = root.store.sql.all(
        "SELECT role, kind, currency, scope, limit_minor, percent FROM policy_authority "
        "WHERE policy_version = 1"
    )
    scopes = {"*", *policy.overrides}
    assert len(rows) == len(policy.roles) * len(RemedyKind) * len(policy.currencies) * len(scopes)
    table = {(r[0], r[1], r[2], r[3]): (r[4], r[5]) for r in rows}
    for category, sub, scope in (
        ("return-refund", None, "*"),
        ("product-defect", None, "product-defect"),
        ("shipping-problem", "lost", "shipping-problem/lost"),
        ("shipping-problem", "delay", "*"),
    ):
        for role in policy.roles:
            for kind in RemedyKind:
                request = RemedyRequest(
                    kind,
                    eur("1.00"),
                    "alice",
                    "specialist",
                    category,
                    sub,
                    eur("400.00"),
                    eur("5.00"),
                    "c",
                    "k",
                    (),
                    T0,
                )
                domain = authority_of(policy, role, request)
                assert domain is not None
                assert table[(role, kind.value, "EUR", scope)] == (
                    domain.absolute.minor,
                    domain.percent,
                )
    caps = root.store.sql.all(
        "SELECT currency, case_cap_minor, customer_cap_minor, dual_above_minor, goodwill_minor, "
        "window_days, pending_expiry_days FROM policy_caps WHERE policy_version = 1"
    )
    assert {c[0]: c[1:] for c in caps}["EUR"] == (250_000, 500_000, 100_000, 5_000, 90, 7)
    assert Money(250_000, "EUR") == policy.currencies["EUR"].case_cap
