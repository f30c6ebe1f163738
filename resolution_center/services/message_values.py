"""What a template's placeholders hold for one case, read in one go (and a demo case's, for
previews without one).

Every text value is one line (names and subjects never span lines); money is formatted from
integer minor units in the order's currency; due times are read from the case, as the SLA set
them, never worked out here.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ..domain.agreement import AgreementState
from ..domain.case import Case
from ..domain.messages import one_line
from ..domain.money import Money
from ..domain.remedy import RemedyState
from ..domain.trail_text import kind_text, state_text
from ..export import agreement_words
from ..export.agreement_words import GERMAN
from ..storage.agreements import AgreementRepository
from ..storage.remedies import RemedyRepository
from ..storage.store import Store
from ..storage.users import UserRepository

# Remedies the customer is told about: decided in their favour (or already provided).
AGREED = frozenset({RemedyState.AUTHORIZED, RemedyState.APPROVED, RemedyState.FULFILLED})
UNSET_COMPANY = "our company"


# The words a German message fills in where an English one says these.
_GERMAN = {
    "our company": "unser Unternehmen",
    "our team": "unser Team",
    "new": "neu",
    "open": "offen",
    "waiting-on-customer": "wartet auf Ihre Rückmeldung",
    "waiting-on-third-party": "wartet auf Dritte",
    "escalated": "eskaliert",
    "resolved": "gelöst",
    "closed": "abgeschlossen",
}


def when(moment: datetime | None, language: str = "en") -> str:
    if moment is None:
        return ""
    if language == GERMAN:
        return agreement_words.moment(moment, GERMAN)
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _display(store: Store, username: str | None) -> str:
    if not username:
        return ""
    found = UserRepository(store).get(username)
    return found[0].display_name if found else username


def case_values(
    store: Store, case: Case, agent: str, taxonomy_label: str, language: str = "en"
) -> dict[str, Any]:
    """The case's values, written for a message in `language` (statuses, dates, money)."""
    german = language == GERMAN

    def word(english: str, code: str | None = None) -> str:
        return _GERMAN.get(code or english, english) if german else english

    def money(m: Money) -> str:
        return agreement_words.money(m, language) if german else m.format()

    remedies, _total = RemedyRepository(store).list(
        pending=False, case_id=case.id, limit=200, offset=0
    )
    agreed = sorted((r for r in remedies if r.state in AGREED), key=lambda r: r.id)
    total = Money(sum(r.amount.minor for r in agreed), case.order.currency)
    issued = AgreementRepository(store).list(case.id, AgreementState.ISSUED.value)
    values: dict[str, Any] = {
        "reference": case.reference,
        "customer_name": case.customer.name,
        "order_number": case.order.number,
        "case_subject": case.subject,
        "category": taxonomy_label,
        "status": word(state_text(case.status.value), case.status.value),
        "assignee": _display(store, case.assignee) or word("our team"),
        "agent": _display(store, agent) or agent,
        "company": AgreementRepository(store).settings("company.").get("company.name")
        or word(UNSET_COMPANY),
        "first_response_due": when(case.first_response_due, language),
        "resolution_due": when(case.resolution_due, language),
        "remedies_total": money(total),
        "agreement_number": issued[-1].number if issued else "",
        "currency": case.order.currency,
    }
    values = {k: one_line(v) for k, v in values.items()}
    values["remedies"] = [
        {
            "kind": (agreement_words.code_label(r.kind.value, language) or kind_text(r.kind.value)),
            "amount": money(r.amount),
            "reference": r.reference,
        }
        for r in agreed
    ]
    return values


def demo_values() -> dict[str, Any]:
    """A demo case's values: what `template preview` and the tests fill shipped templates with."""
    return {
        "reference": "RC-2026-000123",
        "customer_name": "Zoë Łukasiewicz-Ørsted",
        "order_number": "ORD-1001",
        "case_subject": "Kettle leaks at the base",
        "category": "Product defect",
        "status": "Open",
        "assignee": "Sam Senior",
        "agent": "Alice Specialist",
        "company": "Example Shop GmbH",
        "first_response_due": "2026-11-24 09:00 UTC",
        "resolution_due": "2026-11-30 17:00 UTC",
        "remedies": [
            {"kind": "Partial refund", "amount": "30.00 EUR", "reference": "RM-2026-000001"},
            {"kind": "Goodwill gesture", "amount": "1,250.00 EUR", "reference": "RM-2026-000002"},
        ],
        "remedies_total": "1,280.00 EUR",
        "agreement_number": "AG-2026-000001",
        "currency": "EUR",
    }
