"""The payload of a case's opening event, declared once: `case.created` (a user opened it) and
`case.imported` (the bulk import wrote it) carry the same fields, the import's with where the
record came from.

`data()` is the payload as the unit of work emits it. `text()` is `audit.canonical_json` of that
payload, written out directly: the bulk import writes millions of these, and building a dict per
event and encoding it cost more than the database took to store them. A property test holds the
two equal (tests/domain/test_case_events.py), so there is one payload and two ways to spell it,
not two payloads kept equal by hand.

Personal values are given as the digests that stand for them in the trail (`{"pii": digest}`
once written), or "" for an empty optional value.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

_text = json.encoder.encode_basestring  # a str as canonical_json writes it (ensure_ascii off)
_canonical = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
).encode
_BOOL = {True: "true", False: "false"}


def raised_reason(priority: str) -> str:
    """Why an opened case's priority is above the one asked for."""
    return f"priority raised to {priority} by category rules"


def _pii(digest: str) -> dict[str, str] | str:
    return {"pii": digest} if digest else ""


def _pii_text(digest: str) -> str:
    return f'{{"pii":"{digest}"}}' if digest else '""'


@dataclass(frozen=True, slots=True)
class CaseOpened:
    reference: str
    category: str
    subcategory: str | None
    safety_hazard: bool
    channel: str
    priority: str
    status: str
    tier: str
    subject: str
    description: str  # digest, or "" when there is none
    tags: tuple[str, ...]
    customer_id: int
    customer_name: str  # digest
    customer_email: str  # digest
    customer_phone: str  # digest, or ""
    order_number: str
    currency: str
    total_minor: int
    shipping_minor: int
    items: int
    first_response_due: str
    resolution_due: str
    created_at: str | None = None  # imported: when the source says it was received
    resolved_at: str | None = None  # imported: a record that arrives resolved
    reason: str | None = None  # why the priority is above the one asked for
    row: int | None = None  # imported: the source row
    source: dict[str, Any] | None = None  # imported: the source's own section

    def data(self) -> dict[str, Any]:
        new: dict[str, Any] = {
            "reference": self.reference,
            "category": self.category,
            "subcategory": self.subcategory,
            "safety_hazard": self.safety_hazard,
            "channel": self.channel,
            "priority": self.priority,
            "status": self.status,
            "tier": self.tier,
            "subject": self.subject,
            "description": _pii(self.description),
            "tags": list(self.tags),
            "customer": {
                "id": self.customer_id,
                "name": _pii(self.customer_name),
                "email": _pii(self.customer_email),
                "phone": _pii(self.customer_phone),
            },
            "order": {
                "number": self.order_number,
                "currency": self.currency,
                "total_minor": self.total_minor,
                "shipping_minor": self.shipping_minor,
                "items": self.items,
            },
            "first_response_due": self.first_response_due,
            "resolution_due": self.resolution_due,
        }
        if self.created_at is not None:
            new["created_at"] = self.created_at
        if self.resolved_at is not None:
            new["resolved_at"] = self.resolved_at
        out: dict[str, Any] = {"version": 1, "new": new}
        if self.reason is not None:
            out["reason"] = self.reason
        if self.row is not None:
            out["row"] = self.row
        if self.source:
            out["source"] = self.source
        return out

    def text(self) -> str:
        """canonical_json(self.data()), keys in sorted order, without building the dict."""
        enc = _text
        sub = "null" if self.subcategory is None else enc(self.subcategory)
        created = f'"created_at":"{self.created_at}",' if self.created_at is not None else ""
        resolved = f'"resolved_at":"{self.resolved_at}",' if self.resolved_at is not None else ""
        reason = f'"reason":{enc(self.reason)},' if self.reason is not None else ""
        row = f'"row":{self.row},' if self.row is not None else ""
        source = f'"source":{_canonical(self.source)},' if self.source else ""
        return (
            f'{{"new":{{"category":{enc(self.category)},"channel":{enc(self.channel)},'
            f'{created}"customer":{{"email":{_pii_text(self.customer_email)},'
            f'"id":{self.customer_id},"name":{_pii_text(self.customer_name)},'
            f'"phone":{_pii_text(self.customer_phone)}}},'
            f'"description":{_pii_text(self.description)},'
            f'"first_response_due":"{self.first_response_due}",'
            f'"order":{{"currency":{enc(self.currency)},"items":{self.items},'
            f'"number":{enc(self.order_number)},"shipping_minor":{self.shipping_minor},'
            f'"total_minor":{self.total_minor}}},"priority":{enc(self.priority)},'
            f'"reference":{enc(self.reference)},"resolution_due":"{self.resolution_due}",'
            f'{resolved}"safety_hazard":{_BOOL[self.safety_hazard]},'
            f'"status":{enc(self.status)},"subcategory":{sub},"subject":{enc(self.subject)},'
            f'"tags":[{",".join(map(enc, self.tags))}],"tier":{enc(self.tier)}}},'
            f'{reason}{row}{source}"version":1}}'
        )
