"""What the services read from stored agreement rows: the value with its current state, the
standing the action rules judge, and the company as agreements print it."""

from __future__ import annotations

from dataclasses import replace

from ..domain import agreement_codec
from ..domain.agreement import Agreement, AgreementStanding, AgreementState, Party, PartyRole
from ..storage.agreements import AgreementRecord, AgreementRepository

UNSET_COMPANY = "Company name not set"  # printed until an admin sets it: visible on purpose


def standing(record: AgreementRecord, latest: bool) -> AgreementStanding:
    """What the action rules read about a stored version (domain.agreement)."""
    return AgreementStanding(
        record.number,
        record.version,
        AgreementState(record.state),
        record.issued_at is not None,
        latest,
    )


def stored_value(record: AgreementRecord) -> Agreement:
    """The stored value with the row's current state (which moves while the value does not).

    A draft discarded by voiding it was never issued: it stays the draft it was."""
    value = agreement_codec.loads(record.value)
    if record.issued_at is None:
        return value
    return replace(
        value,
        state=AgreementState(record.state),
        superseded_by=record.superseded_by_version,
        void_reason=record.void_reason if record.state == AgreementState.VOIDED else "",
    )


def company_party(repo: AgreementRepository) -> Party:
    """Who the company is, from the settings an admin keeps (agreements and offers print it)."""
    stored = repo.settings("company.")
    address = stored.get("company.address", "")
    return Party(
        PartyRole.COMPANY,
        stored.get("company.name") or UNSET_COMPANY,
        tuple(line for line in address.split("\n") if line.strip()),
        stored.get("company.email", ""),
        stored.get("company.reference", ""),
    )
