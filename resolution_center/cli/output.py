"""What a command produced and how it is shown: Output, the JSON and text formatters, shapes."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from ..domain.audit import format_time
from ..domain.case import Case, CaseRow, Note
from ..domain.money import Money
from ..domain.sla import SlaFacts, sla_state
from ..domain.trail_text import TrailText, is_money, money_text, time_text
from ..services.audit import TrailEntry
from ..services.session import Session


@dataclass
class Output:
    """What a command produced: data for both formatters, plus hints only the text one uses."""

    data: dict[str, Any]
    message: str = ""  # a human summary, printed first in text mode
    brief: bool = False  # text mode shows the message only
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)  # list path -> columns
    # Top-level keys text mode shows differently (the trail as lines of words); JSON never.
    text: dict[str, Any] = field(default_factory=dict)


# ---- the two formatters ---------------------------------------------------------------------


def _json_default(value: Any) -> Any:
    if isinstance(value, Money):
        return value.to_json()
    if isinstance(value, datetime):
        return format_time(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot show {type(value).__name__} as JSON")


def format_json(data: Any) -> str:
    return json.dumps(data, default=_json_default, ensure_ascii=False, indent=2) + "\n"


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Money) or is_money(value):
        return money_text(value)  # a service's JSON-ready {"minor", "currency"} too
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        # JSON-ready times ('2026-12-03T18:17:12.000000Z') read like case list's.
        return time_text(value) if value else value
    if isinstance(value, dict) and value and all(not _nested(v) for v in value.values()):
        return ", ".join(f"{_label(k)} {_cell(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)) and all(not isinstance(v, (dict, list)) for v in value):
        return ", ".join(_cell(v) for v in value) or "-"
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, default=_json_default, ensure_ascii=False, separators=(", ", ": "))
    return str(value)


def _label(key: str) -> str:
    return key.replace("_", " ")


def _is_page(data: dict[str, Any]) -> bool:
    return {"items", "total", "limit", "offset"} <= set(data)


def _table(rows: list[dict[str, Any]], columns: Sequence[str] | None, indent: str) -> list[str]:
    if not rows:
        return []
    cols = list(columns or rows[0].keys())
    cells = [[_cell(row.get(c)) for c in cols] for row in rows]
    # Only the last column may span lines (note bodies); the others stay on one line.
    for line in cells:
        for i in range(len(cols) - 1):
            line[i] = line[i].replace("\n", " / ")
    widths = [
        max(len(_label(c).upper()), *(len(line[i]) for line in cells)) for i, c in enumerate(cols)
    ]
    last_start = sum(w + 2 for w in widths[:-1])

    def join(values: list[str]) -> str:
        head = "  ".join(v.ljust(w) for v, w in zip(values[:-1], widths, strict=False))
        first, *more = values[-1].split("\n")
        text = indent + (head + "  " if head else "") + first
        return "\n".join([text.rstrip(), *(indent + " " * last_start + m for m in more)])

    return [join([_label(c).upper() for c in cols]), *(join(line) for line in cells)]


def _text_lines(
    data: dict[str, Any], hints: dict[str, tuple[str, ...]], path: str = "", indent: str = ""
) -> list[str]:
    if _is_page(data):
        items, total, offset = data["items"], data["total"], data["offset"]
        page = _table(items, hints.get(path + "items"), indent)
        if items:
            of = f"more than {total}" if data.get("total_exact") is False else str(total)
            page.append(f"{indent}{offset + 1}-{offset + len(items)} of {of}")
        else:
            page.append(f"{indent}nothing found ({total} in all)")
        return page
    scalars = [k for k, v in data.items() if not _nested(v)]
    width = max((len(_label(k)) for k in scalars), default=0)
    lines: list[str] = []
    for key, value in data.items():
        if isinstance(value, dict):
            lines.append(f"{indent}{_label(key)}:" if value else f"{indent}{_label(key)}: none")
            lines.extend(_text_lines(value, hints, f"{path}{key}.", indent + "  "))
        elif _nested(value):
            lines.append(
                f"{indent}{_label(key)} ({len(value)}):"
                if value
                else f"{indent}{_label(key)}: none"
            )
            lines.extend(_table(value, hints.get(path + key), indent + "  "))
        else:
            first, *more = _cell(value).split("\n")
            lines.append(f"{indent}{_label(key).ljust(width)}  {first}".rstrip())
            lines.extend(f"{indent}{' ' * (width + 2)}{m}" for m in more)
    return lines


def _nested(value: Any) -> bool:
    """A sub-record or a list of records: shown as a section or a table, not on one line."""
    if isinstance(value, dict):
        return not is_money(value)
    return isinstance(value, list) and any(isinstance(v, dict) for v in value)


def format_text(out: Output) -> str:
    lines = [out.message] if out.message else []
    if not out.brief:
        lines.extend(_text_lines({**out.data, **out.text}, out.columns))
    return "\n".join(lines) + "\n" if lines else ""


# ---- shaping domain values for output --------------------------------------------------------


def case_sla(facts: SlaFacts, now: datetime) -> str:
    return sla_state(facts, now).value


def case_data(case: Case, ctx: Session) -> dict[str, Any]:
    order = case.order
    return {
        "reference": case.reference,
        "subject": case.subject,
        "status": case.status,
        "priority": case.priority,
        "tier": case.tier,
        "sla": case_sla(case, ctx.now()),
        "assignee": case.assignee,
        "category": case.category,
        "subcategory": case.subcategory,
        "category_label": ctx.taxonomy.label(case.category, case.subcategory),
        "channel": case.channel,
        "safety_hazard": case.safety_hazard,
        "tags": list(case.tags),
        "version": case.version,
        "created_at": case.created_at,
        "updated_at": case.updated_at,
        "updated_by": case.updated_by,
        "first_response_due": case.first_response_due,
        "resolution_due": case.resolution_due,
        "first_responded_at": case.first_responded_at,
        "resolved_at": case.resolved_at,
        "resolution_code": case.resolution_code,
        "resolution_summary": case.resolution_summary,
        "merged_into": case.merged_into,
        "id": case.id,
        "description": case.description,
        "customer": {
            "id": case.customer.id,
            "name": case.customer.name,
            "email": case.customer.email,
            "phone": case.customer.phone,
        },
        "order": {
            "number": order.number,
            "currency": order.currency,
            "total": order.total,
            "shipping": order.shipping,
            "placed_on": order.placed_on,
            "items": [
                {
                    "line_no": item.line_no,
                    "sku": item.sku,
                    "product": item.product,
                    "seller": item.seller,
                    "quantity": item.quantity,
                    "unit_price": item.unit_price,
                    "total": item.total,
                }
                for item in order.items
            ],
        },
    }


def row_data(row: CaseRow, now: datetime) -> dict[str, Any]:
    return {
        "reference": row.reference,
        "status": row.status,
        "priority": row.priority,
        "tier": row.tier,
        "sla": case_sla(row, now),
        "assignee": row.assignee,
        "category": row.category,
        "channel": row.channel,
        "subject": row.subject,
        "customer_name": row.customer_name,
        "order_number": row.order_number,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
        "first_response_due": row.first_response_due,
        "resolution_due": row.resolution_due,
        "first_responded_at": row.first_responded_at,
        "id": row.id,
    }


def note_data(note: Note) -> dict[str, Any]:
    return {
        "id": note.id,
        "created_at": note.created_at,
        "author": note.author,
        "to_customer": not note.internal,
        "body": note.body,
    }


def trail_data(entry: TrailEntry) -> dict[str, Any]:
    event = entry.event
    return {
        "seq": event.seq,
        "time": event.moment,
        "actor": event.actor,
        "role": event.role,
        "action": event.action,
        "data": entry.data,
    }


def trail_lines(entries: Sequence[TrailEntry], text: TrailText) -> list[dict[str, Any]]:
    """The trail for people (text mode): each event's label, summary and reason in words."""
    return [
        {
            "seq": e.event.seq,
            "time": e.event.moment,
            "actor": e.event.actor,
            "event": text.label(e.event.action),
            # The last column may span lines: the reason goes under the summary it explains.
            "summary": text.summary(e) + (f"\nReason: {why}" if (why := text.reason(e)) else ""),
        }
        for e in entries
    ]


TRAIL_COLUMNS = ("seq", "time", "actor", "event", "summary")


def page(items: list[dict[str, Any]], total: int, limit: int, offset: int) -> dict[str, Any]:
    return {"items": items, "total": total, "limit": limit, "offset": offset}


# `case show` and `case evidence` list evidence alike.
EVIDENCE_COLUMNS = (
    "id",
    "file_name",
    "media_type",
    "size",
    "added_by",
    "added_at",
    "withdrawn",
    "description",
)
