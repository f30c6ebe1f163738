"""Remedies as tables: a case's remedies, and the sign-off queue across cases."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication

from resolution_center.domain.policy_words import plain_sentence
from resolution_center.domain.remedy_record import QueueItem, Remedy
from resolution_center.services.service_text import localize

from ..formatting import local_time, money_text
from ..remedy_labels import kind_label, state_label
from .rows import Column, RowsModel

translate = QCoreApplication.translate  # a name pyside6-lupdate recognises


def age_text(since: datetime, now: datetime) -> str:
    """'3 d 4 h', '2 h 5 min', '4 min': how long a request has waited."""
    minutes = max(0, int((now - since).total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return translate("RemedyModels", "{d} d {h} h").format(d=days, h=hours)
    if hours:
        return translate("RemedyModels", "{h} h {m} min").format(h=hours, m=mins)
    return translate("RemedyModels", "{m} min").format(m=mins)


def signoffs_text(remedy: Remedy) -> str:
    done = len(remedy.approvers)
    if not remedy.approvals_needed:
        return translate("RemedyModels", "not needed")
    return translate("RemedyModels", "{done} of {needed}").format(
        done=done, needed=remedy.approvals_needed
    )


def remedy_columns() -> list[Column]:
    return [
        Column("reference", lambda: translate("RemedyModels", "Remedy"), lambda r: r.reference),
        Column("kind", lambda: translate("RemedyModels", "Kind"), lambda r: kind_label(r.kind)),
        Column(
            "amount",
            lambda: translate("RemedyModels", "Amount"),
            lambda r: money_text(r.amount),
            numeric=True,
        ),
        Column(
            "state",
            lambda: translate("RemedyModels", "State"),
            lambda r: state_label(r.state),
            tooltip=lambda r: localize(r.explanation),
        ),
        Column(
            "requester", lambda: translate("RemedyModels", "Requested by"), lambda r: r.requester
        ),
        Column(
            "signoffs", lambda: translate("RemedyModels", "Sign-offs"), lambda r: signoffs_text(r)
        ),
        Column(
            "created",
            lambda: translate("RemedyModels", "Requested"),
            lambda r: local_time(r.created_at),
        ),
    ]


class RemediesModel(RowsModel):
    """One case's remedies (Remedy values)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(remedy_columns(), parent)


class QueueModel(RowsModel):
    """Pending remedies across cases (QueueItem values), oldest first, with their age."""

    def __init__(self, parent: Any = None) -> None:
        self.now: datetime | None = None
        super().__init__(
            [
                Column(
                    "case",
                    lambda: translate("RemedyModels", "Case"),
                    lambda q: q.remedy.case_reference,
                ),
                Column(
                    "reference",
                    lambda: translate("RemedyModels", "Remedy"),
                    lambda q: q.remedy.reference,
                ),
                Column(
                    "kind",
                    lambda: translate("RemedyModels", "Kind"),
                    lambda q: kind_label(q.remedy.kind),
                ),
                Column(
                    "amount",
                    lambda: translate("RemedyModels", "Amount"),
                    lambda q: money_text(q.remedy.amount),
                    numeric=True,
                ),
                Column(
                    "requester",
                    lambda: translate("RemedyModels", "Requested by"),
                    lambda q: q.remedy.requester,
                ),
                Column(
                    "age",
                    lambda: translate("RemedyModels", "Waiting"),
                    self._age,
                    numeric=True,
                    tooltip=lambda q: local_time(q.remedy.created_at),
                ),
                Column(
                    "signoffs",
                    lambda: translate("RemedyModels", "Sign-offs"),
                    lambda q: signoffs_text(q.remedy),
                ),
                Column(
                    "explanation",
                    lambda: translate("RemedyModels", "Policy"),
                    # The plain sentence, as the banner below leads with; the rule lines, with
                    # their ids for the record, stay one hover away.
                    lambda q: localize(plain_sentence(q.remedy.decision, you=False)),
                    tooltip=lambda q: localize(q.remedy.explanation),
                ),
            ],
            parent,
        )

    def _age(self, item: QueueItem) -> str:
        return age_text(item.remedy.created_at, self.now) if self.now else ""

    def set_queue(self, items: list[QueueItem], now: datetime) -> None:
        self.now = now
        self.set_rows(items)
