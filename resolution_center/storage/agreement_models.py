"""Schema step 3 (migrations/m0003_agreements.py): offers, agreement versions, their exports.

Times are the same fixed-width UTC text as everywhere else.
"""

from __future__ import annotations

import peewee as pw

from .models import BaseModel, Case

OFFER_STATES = ("open", "accepted", "declined", "countered", "withdrawn")
PARTIES = ("customer", "company", "seller")
CHANNELS = ("email", "phone", "chat", "letter", "in-person", "portal")  # schema step 14
AGREEMENT_STATES = ("draft", "issued", "superseded", "voided")


def _in(column: str, values: tuple[str, ...], *, null: bool = False) -> pw.SQL | pw.NodeList:
    check = f"{column} IN ({', '.join(repr(v) for v in values)})"
    return pw.Check(f"{column} IS NULL OR {check}" if null else check)


class Offer(BaseModel):
    reference = pw.CharField(max_length=9, unique=True)  # OF-NNNNNN from the 'offer' counter
    case = pw.ForeignKeyField(Case, backref="offers", on_delete="RESTRICT")
    round = pw.IntegerField(constraints=[pw.Check("round >= 1")])
    parent = pw.ForeignKeyField("self", null=True, backref="counters", on_delete="RESTRICT")
    proposed_by_party = pw.CharField(max_length=8, constraints=[_in("proposed_by_party", PARTIES)])
    recorded_by = pw.CharField(max_length=64)
    terms = pw.TextField()  # OfferTerms.to_json as canonical JSON
    response_due = pw.TextField()  # {"customer": "2026-12-01", ...}: per answering party
    state = pw.CharField(max_length=10, constraints=[_in("state", OFFER_STATES)])
    answered_at = pw.CharField(max_length=27, null=True)
    answered_by_party = pw.CharField(
        max_length=8, null=True, constraints=[_in("answered_by_party", PARTIES, null=True)]
    )
    answer_note = pw.TextField(default="")
    created_at = pw.CharField(max_length=27)
    # Schema step 14: how the answer was given, and who recorded it.
    answered_via = pw.CharField(
        max_length=10, null=True, constraints=[_in("answered_via", CHANNELS, null=True)]
    )
    answer_recorded_by = pw.CharField(max_length=64, null=True)

    class Meta:
        table_name = "offers"
        indexes = ((("case", "round"), False),)


class AgreementVersion(BaseModel):
    """One version of an agreement. `value` is the whole Agreement (agreement_codec) as
    canonical JSON; once issued, PostgreSQL's guard refuses any change to it."""

    number = pw.CharField(max_length=14)  # AG-YYYY-NNNNNN, from the 'agreement-YYYY' counter
    version = pw.IntegerField(constraints=[pw.Check("version >= 1")])
    state = pw.CharField(max_length=10, constraints=[_in("state", AGREEMENT_STATES)])
    case = pw.ForeignKeyField(Case, backref="agreements", on_delete="RESTRICT")
    offer = pw.ForeignKeyField(Offer, backref="agreements", on_delete="RESTRICT")
    value = pw.TextField()
    content_hash = pw.CharField(max_length=64)
    created_at = pw.CharField(max_length=27)
    created_by = pw.CharField(max_length=64)
    issued_at = pw.CharField(max_length=27, null=True)
    issued_by = pw.CharField(max_length=64, null=True)
    chain_seq = pw.BigIntegerField(null=True)  # the 'agreement.issued' event
    chain_hash = pw.CharField(max_length=64, null=True)
    void_reason = pw.TextField(default="")
    superseded_by_version = pw.IntegerField(null=True)

    class Meta:
        table_name = "agreements"
        indexes = (
            (("number", "version"), True),
            (("case", "number"), False),
            (("state", "issued_at"), False),  # batch export by issue date
        )


class AgreementExport(BaseModel):
    """Every file written or page printed: who, which copy, on what paper, the file's SHA-256."""

    agreement = pw.ForeignKeyField(AgreementVersion, backref="exports", on_delete="RESTRICT")
    version = pw.IntegerField()
    copy = pw.CharField(max_length=8, constraints=[_in("copy", ("internal", "customer"))])
    paper = pw.CharField(max_length=6, constraints=[_in("paper", ("a4", "letter"))])
    file_sha256 = pw.CharField(max_length=64, index=True)
    exported_by = pw.CharField(max_length=64)
    at = pw.CharField(max_length=27)
    path = pw.TextField(null=True)  # NULL: printed, not saved

    class Meta:
        table_name = "agreement_exports"


AGREEMENT_MODELS = (Offer, AgreementVersion, AgreementExport)
