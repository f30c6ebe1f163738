"""One payload for a case's opening, two spellings: the dict a service emits and the text the
bulk import writes must be the same canonical JSON, whatever the values."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from resolution_center.domain import audit
from resolution_center.domain.case_events import CaseOpened

text = st.text(max_size=30)
digest = st.one_of(st.just(""), st.text(alphabet="0123456789abcdef", min_size=64, max_size=64))
stamp = st.just("2026-12-07T08:00:00.000000Z")
scalar = st.one_of(st.none(), st.booleans(), st.integers(-(2**63), 2**63 - 1), text)

opened = st.builds(
    CaseOpened,
    reference=st.just("RC-2026-000042"),
    category=text,
    subcategory=st.one_of(st.none(), text),
    safety_hazard=st.booleans(),
    channel=text,
    priority=text,
    status=text,
    tier=text,
    subject=text,
    description=digest,
    tags=st.lists(text, max_size=4).map(tuple),
    customer_id=st.integers(1, 2**63 - 1),
    customer_name=digest,
    customer_email=digest,
    customer_phone=digest,
    order_number=text,
    currency=st.sampled_from(["EUR", "JPY", "KWD"]),
    total_minor=st.integers(0, 2**63 - 1),
    shipping_minor=st.integers(0, 2**63 - 1),
    items=st.integers(0, 500),
    first_response_due=stamp,
    resolution_due=stamp,
    created_at=st.one_of(st.none(), stamp),
    resolved_at=st.one_of(st.none(), stamp),
    reason=st.one_of(st.none(), text),
    row=st.one_of(st.none(), st.integers(1, 10**9)),
    source=st.one_of(st.none(), st.dictionaries(text, scalar, max_size=4)),
)


@settings(max_examples=300, deadline=None)
@given(opened)
def test_the_import_text_is_the_canonical_json_of_the_service_payload(event: CaseOpened) -> None:
    assert event.text() == audit.canonical_json(event.data())


def test_personal_values_appear_as_their_digests_only() -> None:
    event = CaseOpened(
        "RC-2026-000001",
        "shipping",
        None,
        False,
        "email",
        "normal",
        "new",
        "frontline",
        "Parcel lost",
        "d" * 64,
        ("late",),
        7,
        "a" * 64,
        "b" * 64,
        "",
        "ORD-1",
        "EUR",
        2000,
        450,
        1,
        "2026-12-07T10:00:00.000000Z",
        "2026-12-10T10:00:00.000000Z",
    )
    data = json.loads(event.text())
    assert data["new"]["customer"] == {
        "id": 7,
        "name": {"pii": "a" * 64},
        "email": {"pii": "b" * 64},
        "phone": "",
    }
    assert data["new"]["description"] == {"pii": "d" * 64}
    assert "reason" not in data and "row" not in data and data["version"] == 1
