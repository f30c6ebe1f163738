"""How an offer's answer was given and who recorded it (frozen DDL: 0014_offer_answers.*.sql).

An acceptance heard on the phone and one read in an email weigh differently, and the agreement
drafted from an accepted offer states the channel; the offer keeps it beside its answer.
"""

from __future__ import annotations

import peewee

from . import ddl


def up(db: peewee.Database, backend: str) -> None:
    ddl.run(db, "0014_offer_answers", backend)
