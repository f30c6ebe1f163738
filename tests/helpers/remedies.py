"""Remedy test helpers: cases with chosen orders, money, and the passing of days per backend."""

from __future__ import annotations

from datetime import date
from itertools import count
from typing import Any

from resolution_center.domain.case import Case, CaseDraft, Customer, Order, OrderItem
from resolution_center.domain.money import Money, parse_amount
from resolution_center.services.session import Session
from tests.helpers.workspace import Workspace

_numbers = count(1)


def eur(text: str) -> Money:
    return parse_amount(text, "EUR")


def new_case(
    ctx: Session,
    total: str = "400.00",
    *,
    email: str = "zoe@example.com",
    category: str = "return-refund",
    subcategory: str | None = None,
    currency: str = "EUR",
    shipping: str = "5.00",
    items: list[tuple[str, str, int, str]] | None = None,
) -> Case:
    """A case whose order is worth `total` (one item unless `items` = (sku, product, qty,
    unit price) are given)."""
    lines = items or [("SKU-1", "Electric kettle", 1, total)]
    order = Order(
        f"ORD-{next(_numbers)}",
        currency,
        parse_amount(total, currency),
        parse_amount(shipping, currency),
        date(2026, 11, 1),
        tuple(
            OrderItem(sku, product, "Acme Home", qty, parse_amount(price, currency))
            for sku, product, qty, price in lines
        ),
    )
    draft = CaseDraft(
        Customer("Zoë Łukasiewicz-Ørsted", email, ""),
        order,
        category,
        "Kettle leaks",
        subcategory=subcategory,
    )
    return ctx.cases.create(draft)


def pass_days(ws: Workspace, days: float) -> None:
    """Let days go by for remedies.

    SQLite judges windows and expiry by the app's clock, so the fake clock moves. PostgreSQL
    judges them by the server's clock, which tests cannot move: the stored times move back
    instead (as a superuser, around the app), which is the same thing seen from the rows.
    """
    ws.clock.advance(days=days)
    if ws.backend != "postgresql":
        return
    fmt = '\'YYYY-MM-DD"T"HH24:MI:SS.US"Z"\''

    def back(column: str) -> str:
        return f"{column} = to_char({column}::timestamp - interval '{days} days', {fmt})"

    ws.tamper(
        f"UPDATE remedies SET {back('created_at')}, {back('updated_at')}, {back('expires_at')}"
    )


def trail(ctx: Session, reference: str) -> list[Any]:
    """The remedy's events, oldest first."""
    return ctx.audit.target_trail("remedy", reference)
