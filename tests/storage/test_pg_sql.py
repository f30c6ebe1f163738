"""The PL/pgSQL files: every one rendered, complete, and with no domain constant typed in."""

from __future__ import annotations

from importlib import resources

import pytest

from resolution_center.domain.actions import Action
from resolution_center.domain.agreement import AgreementState
from resolution_center.domain.remedy import REMEDY_TRANSITIONS, RemedyState
from resolution_center.storage import pg_remedies, pg_security, sql

FILES = sorted(p.name[:-4] for p in resources.files(sql).iterdir() if p.name.endswith(".sql"))


def test_the_installed_sql_has_every_placeholder_filled() -> None:
    # The files an installed package carries (package data): one per pg_*.py, and rc_seal's query.
    assert FILES == [
        "attachments",
        "closing",
        "mail_in",
        "messages",
        "notifications",
        "outbox",
        "queues",
        "remedies",
        "reviews",
        "roles",
        "satisfaction",
        "seal_query",
        "security",
        "sla",
        "vouch",
    ]
    assert "{{" not in pg_security.FUNCTIONS_SQL


def test_a_placeholder_without_a_value_is_refused() -> None:
    with pytest.raises(KeyError, match="state_pending_signoff"):
        sql.render("remedies", {})


@pytest.mark.parametrize("name", ["remedies", "security"])
def test_no_remedy_or_agreement_state_or_action_is_typed_into_the_sql(name: str) -> None:
    """They come from the enums; a literal typed here would drift from the domain unseen."""
    text = "\n".join(
        line for line in sql.source(name).splitlines() if not line.lstrip().startswith("--")
    )
    for value in [*RemedyState, *AgreementState, *Action]:
        assert f"'{value}'" not in text, f"{name}.sql types '{value}': use its placeholder"


def test_the_guards_accept_the_states_the_domain_table_allows() -> None:
    constants = pg_remedies.constants()
    for target, placeholder in [
        (RemedyState.WITHDRAWN, "may_withdraw"),
        (RemedyState.FULFILLED, "may_fulfil"),
        (RemedyState.APPROVED, "may_sign_off"),
        (RemedyState.EXPIRED, "may_expire"),
    ]:
        sources = {s.value for s, onward in REMEDY_TRANSITIONS.items() if target in onward}
        assert constants[placeholder] == ", ".join(f"'{s}'" for s in sorted(sources))
