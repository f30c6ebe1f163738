"""The whole Agreement value as JSON and back: what the database stores for each version.

`Agreement.content()` covers only what was agreed; this covers everything the PDF shows (notes,
audit appendix, issue time, chain head), so a stored version re-renders byte for byte forever.
State, successor and void reason are stored too, but the row's columns are what count: they
move over the agreement's life while the stored value of an issued version never changes.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from .agreement import (
    Acceptance,
    AgreedRemedy,
    Agreement,
    AgreementState,
    Approval,
    AuditLine,
    CaseFacts,
    Obligation,
    Party,
)
from .audit import ChainHead, canonical_json, format_time, parse_time
from .case import Order, OrderItem
from .errors import ValidationError
from .money import Money

VALUE_FORMAT = "rc-agreement-value/1"


def _line(line: AuditLine) -> dict[str, Any]:
    return {
        "seq": line.seq,
        "time": format_time(line.at),
        "actor": line.actor,
        "role": line.role,
        "action": line.action,
        "summary": line.summary,
    }


def agreement_to_json(a: Agreement) -> dict[str, Any]:
    """Everything of the value (a customer copy is refused: store the full agreement)."""
    if a.redacted:
        raise ValidationError("store the full agreement, not a customer copy", field="agreement")
    head = a.chain_head
    return {
        "format": VALUE_FORMAT,
        "content": a.content(),
        "state": a.state.value,
        "internal_notes": list(a.internal_notes),
        "audit_lines": [_line(x) for x in a.audit_lines],
        "issued_at": format_time(a.issued_at) if a.issued_at else None,
        "chain_head": None if head is None else head.to_json(),
        "superseded_by": a.superseded_by,
        "void_reason": a.void_reason,
    }


def dumps(a: Agreement) -> str:
    return canonical_json(agreement_to_json(a))


def loads(text: str) -> Agreement:
    try:
        data = json.loads(text)
    except ValueError as e:
        raise ValidationError(f"the stored agreement is not JSON: {e}", field="agreement") from e
    return agreement_from_json(data)


def _money(d: dict[str, Any]) -> Money:
    return Money.from_json(d)


def _party(d: dict[str, Any] | None) -> Party | None:
    if d is None:
        return None
    return Party(d["role"], d["name"], tuple(d["address"]), d["email"], d["reference"])


def _case(d: dict[str, Any]) -> CaseFacts:
    o = d["order"]
    items = tuple(
        OrderItem(i["sku"], i["product"], i["seller"], i["quantity"], _money(i["unit_price"]), n)
        for n, i in enumerate(o["items"], start=1)
    )
    placed = date.fromisoformat(o["date"]) if o["date"] else None
    order = Order(
        o["number"], o["currency"], _money(o["total"]), _money(o["shipping"]), placed, items
    )
    return CaseFacts(d["reference"], d["subject"], d["summary"], d["category"], order)


def agreement_from_json(data: Any) -> Agreement:
    if not isinstance(data, dict) or data.get("format") != VALUE_FORMAT:
        raise ValidationError("the stored agreement has an unknown format", field="agreement")
    try:
        c = data["content"]
        parties = c["parties"]
        acc = c["acceptance"]
        head = data["chain_head"]
        company, customer = _party(parties["company"]), _party(parties["customer"])
        assert company is not None and customer is not None
        return Agreement(
            number=c["number"],
            version=c["version"],
            state=AgreementState(data["state"]),
            company=company,
            customer=customer,
            seller=_party(parties["seller"]),
            case=_case(c["case"]),
            remedies=tuple(
                AgreedRemedy(r["remedy_id"], r["kind"], r["description"], _money(r["amount"]))
                for r in c["remedies"]
            ),
            obligations=tuple(
                Obligation(o["party"], o["text"], date.fromisoformat(o["deadline"]))
                for o in c["obligations"]
            ),
            terms=tuple(c["terms"]["paragraphs"]),
            terms_version=c["terms"]["version"],
            approvals=tuple(
                Approval(x["name"], x["role"], x["action"], parse_time(x["time"]))
                for x in c["approvals"]
            ),
            acceptance=None
            if acc is None
            else Acceptance(
                acc["channel"], parse_time(acc["time"]), acc["reference"], acc.get("offer", "")
            ),
            internal_notes=tuple(data["internal_notes"]),
            audit_lines=tuple(
                AuditLine(
                    x["seq"],
                    parse_time(x["time"]),
                    x["actor"],
                    x["role"],
                    x["action"],
                    x["summary"],
                )
                for x in data["audit_lines"]
            ),
            issued_at=parse_time(data["issued_at"]) if data["issued_at"] else None,
            chain_head=None
            if head is None
            else ChainHead(head["seq"], head["hash"], head.get("time", "")),
            superseded_by=data["superseded_by"],
            void_reason=data["void_reason"],
            language=c.get("language", "en"),
        )
    except (KeyError, TypeError, ValueError, AssertionError) as e:
        raise ValidationError(
            f"the stored agreement is malformed ({type(e).__name__}: {e})", field="agreement"
        ) from e
