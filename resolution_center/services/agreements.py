"""Agreements: drafted from an accepted offer, issued into the audit chain, revised, voided.

Each version's whole value is stored as canonical JSON when it is drafted and replaced once, at
issue, by the issued value (issue time, chain head, audit appendix); from then on it never
changes (PostgreSQL's trigger refuses it even for the owner), so an issued version re-renders
byte for byte for as long as the renderer is the same. Files: see agreement_files.py.
"""

from __future__ import annotations

import builtins  # a class here has a list() method, which annotations would name
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..domain import agreement_codec
from ..domain.actions import Action
from ..domain.agreement import (
    LIVE_STATES,
    Acceptance,
    Agreement,
    AgreementAction,
    AgreementState,
    Party,
    PartyRole,
    agreement_actions,
    agreement_number,
    agreement_refusal,
    check_agreement_action,
    parse_agreement_number,
)
from ..domain.audit import format_time
from ..domain.case import clean_text
from ..domain.errors import NotFound, PermissionDenied, ValidationError
from ..domain.money import Money
from ..domain.offer import Offer, OfferState
from ..export.agreement_words import ENGLISH
from ..export.agreement_words import LANGUAGES as AGREEMENT_LANGUAGES
from ..export.terms import load_terms_template
from ..storage.agreements import AgreementRecord, AgreementRepository, OfferRepository
from ..storage.repositories import CaseRepository
from .agreement_build import Facts, build, check_remedies, issued
from .agreement_values import company_party, standing, stored_value
from .context import Context
from .guards import CaseLookup, require_person
from .messages import LANGUAGE_SETTING
from .offers import OfferService


@dataclass(frozen=True, slots=True)
class AgreementInfo:
    """One agreement version as lists show it."""

    number: str
    version: int
    state: str  # the row's state: what counts now
    case: str
    offer: str
    content_hash: str
    total: Money
    created_at: datetime
    created_by: str
    issued_at: datetime | None
    issued_by: str | None
    superseded_by: int | None
    void_reason: str

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "version": self.version,
            "state": self.state,
            "case": self.case,
            "offer": self.offer,
            "content_hash": self.content_hash,
            "total": self.total.to_json(),
            "created_at": format_time(self.created_at),
            "created_by": self.created_by,
            "issued_at": format_time(self.issued_at) if self.issued_at else None,
            "issued_by": self.issued_by,
            "superseded_by": self.superseded_by,
            "void_reason": self.void_reason,
        }


class AgreementService:
    def __init__(self, ctx: Context, offers: OfferService) -> None:
        self.ctx = ctx
        self.repo = AgreementRepository(ctx.store)
        self.offer_repo = OfferRepository(ctx.store)
        self.case_repo = CaseRepository(ctx.store)
        self.cases = CaseLookup(ctx.store)
        self.offers = offers

    def _require_person(self) -> None:
        require_person(self.ctx.actor, "work on agreements")

    # ---- the company, as agreements print it ----------------------------------------------
    def company(self) -> Party:
        return company_party(self.repo)

    def set_company(
        self, name: str, address: Sequence[str] = (), email: str = "", reference: str = ""
    ) -> Party:
        """Admins set who the company is; agreements drafted afterwards print it."""
        if self.ctx.actor.role != "admin":
            raise PermissionDenied("only an admin may set the company's details")
        party = Party(PartyRole.COMPANY, name, tuple(address), email, reference)
        old = self.company()
        values = {
            "name": party.name,
            "address": "\n".join(party.address),
            "email": party.email,
            "reference": party.reference,
        }
        with self.ctx.store.transaction(self.ctx.actor, self.ctx.now()) as work:
            for key, value in values.items():
                self.ctx.store.put_setting(f"company.{key}", value)
            work.emit(
                Action.SETTINGS_COMPANY_CHANGED,
                "settings",
                "company",
                {"old": old.to_json(), "new": party.to_json()},
            )
        return self.company()

    # ---- reads ------------------------------------------------------------------------------
    def _record(self, number: str, version: int | None = None) -> AgreementRecord:
        ref = parse_agreement_number(number)
        record = self.repo.get(ref, version)
        if record is None:
            what = ref if version is None else f"{ref} version {version}"
            raise NotFound(f"no agreement {what}", field="number")
        return record

    def get(self, number: str, version: int | None = None) -> Agreement:
        """The agreement as stored (the latest version unless one is named)."""
        return stored_value(self._record(number, version))

    def record(self, number: str, version: int | None = None) -> AgreementRecord:
        return self._record(number, version)

    @staticmethod
    def _info(record: AgreementRecord) -> AgreementInfo:
        value = agreement_codec.loads(record.value)
        return AgreementInfo(
            record.number,
            record.version,
            record.state,
            record.case_reference,
            record.offer_reference,
            record.content_hash,
            value.remedies_total,
            record.created_at,
            record.created_by,
            record.issued_at,
            record.issued_by,
            record.superseded_by_version,
            record.void_reason,
        )

    def list(
        self,
        case_ref: str | int | None = None,
        state: str | None = None,
        all_versions: bool = False,
    ) -> list[AgreementInfo]:
        case_id = self.cases.resolve(case_ref) if case_ref not in (None, "") else None
        if state is not None:
            try:
                state = AgreementState(state.strip().lower()).value
            except ValueError:
                raise ValidationError(
                    f"unknown state {state!r}: use draft, issued, superseded or voided",
                    field="state",
                ) from None
        records = self.repo.list(case_id, state, latest_only=not all_versions)
        return [self._info(r) for r in records]

    def for_case_with_actions(
        self, case_ref: str | int
    ) -> builtins.list[tuple[AgreementInfo, frozenset[AgreementAction]]]:
        """The case's agreements (latest versions) with what the acting user may do with each
        now (domain.agreement.agreement_actions): one query, however many."""
        case_id = self.cases.resolve(case_ref)
        role = self.ctx.actor.role
        return [
            (self._info(r), agreement_actions(standing(r, latest=True), role))
            for r in self.repo.list(case_id, None, latest_only=True)
        ]

    def for_case_with_refusals(
        self, case_ref: str | int
    ) -> builtins.list[tuple[AgreementInfo, dict[AgreementAction, str]]]:
        """The case's agreements (latest versions), each with why the acting user may not
        take each refused action now (domain.agreement.agreement_refusal): the window's
        disabled buttons say it in their tooltips."""
        case_id = self.cases.resolve(case_ref)
        role = self.ctx.actor.role
        out: list[tuple[AgreementInfo, dict[AgreementAction, str]]] = []
        for r in self.repo.list(case_id, None, latest_only=True):
            state = standing(r, latest=True)
            refusals = {
                action: str(refusal.message)
                for action in AgreementAction
                if (refusal := agreement_refusal(action, state, role)) is not None
            }
            out.append((self._info(r), refusals))
        return out

    def versions(self, number: str) -> builtins.list[AgreementInfo]:
        self._record(number)
        return [self._info(r) for r in self.repo.versions(parse_agreement_number(number))]

    # ---- drafting ---------------------------------------------------------------------------
    def _accepted(self, offer_ref: str, case_id: int) -> Offer:
        offer = self.offers.get(offer_ref)
        if offer.case_id != case_id:
            raise ValidationError(
                f"{offer.reference} belongs to {offer.case_reference}", field="offer"
            )
        if offer.state is not OfferState.ACCEPTED:
            raise ValidationError(
                f"{offer.reference} is {offer.state.value}: an agreement is drafted only from "
                "an accepted offer",
                field="offer",
            )
        return offer

    def _facts(
        self, number: str, version: int, offer: Offer, acceptance: Acceptance, language: str
    ) -> Facts:
        case = self.cases.get(offer.case_id)
        remedies = self.repo.remedies(case.id, offer.terms.remedy_refs)
        check_remedies(offer, remedies, number)
        people = sorted(
            {r.requester for r in remedies.values()}
            | {a[0] for r in remedies.values() for a in r.approvals}
        )
        return Facts(
            number,
            version,
            case,
            offer,
            self.offers.chain(offer),
            remedies,
            self.company(),
            self.repo.display_names(people),
            self.ctx.taxonomy,
            load_terms_template(language),
            acceptance,
            language,
        )

    def _store_draft(
        self,
        number: str | None,
        version: int,
        offer: Offer,
        acceptance: Acceptance,
        action: str,
        extra: dict[str, Any],
        language: str = "en",
    ) -> Agreement:
        """Build and store a draft; a new agreement takes its number inside the same
        transaction, so a refused draft never uses one up."""
        # Here, not at the top: reportlab takes ~0.3 s to import, and listing agreements (a
        # case viewer tab, on a worker thread beside the scrolling list) never needs it.
        from ..export.agreement_pdf import check_printable

        with self.ctx.store.transaction(self.ctx.actor, self.ctx.now()) as work:
            self.repo.lock_case(offer.case_id)
            if number is None:
                self._check_no_live(offer)
                year = work.now.year
                number = agreement_number(year, self.case_repo.next_counter(f"agreement-{year}"))
            facts = self._facts(number, version, offer, acceptance, language)
            value = build(facts)
            check_printable(value)
            self.repo.insert(
                value.number,
                value.version,
                facts.case.id,
                facts.offer.id,
                agreement_codec.dumps(value),
                value.content_hash(),
                work.now,
                self.ctx.actor.username,
            )
            work.emit(
                action,
                "agreement",
                value.number,
                {
                    "case": facts.case.reference,
                    "offer": facts.offer.reference,
                    "version": value.version,
                    "content_hash": value.content_hash(),
                    "remedies": [r.remedy_id for r in value.remedies],
                    "total": value.remedies_total.to_json(),
                    **({"language": value.language} if value.language != "en" else {}),
                    **extra,
                },
                case_id=facts.case.id,
            )
        return self.get(value.number, value.version)

    def _draft_refusal(self, offer: Offer) -> ValidationError | None:
        """Why no new agreement may be drafted from this accepted offer now (None: it may)."""
        for record in self.repo.for_offer(offer.id):
            return ValidationError(
                f"{offer.reference} is already the basis of {record.number}", field="offer"
            )
        live = [r for r in self.repo.list(offer.case_id) if r.state in LIVE_STATES]
        if live:
            return ValidationError(
                f"{offer.case_reference} already has agreement {live[0].number} "
                f"({live[0].state}): revise it, or void it first",
                field="case",
            )
        return None

    def _check_no_live(self, offer: Offer) -> None:
        refusal = self._draft_refusal(offer)
        if refusal is not None:
            raise refusal

    def offers_to_draft(self, case_ref: str | int) -> tuple[builtins.list[Offer], str]:
        """The case's accepted offers a new agreement may be drafted from now, and, when there
        is none, why (what `create` would say): the window's "Draft from offer…" asks this."""
        case_id = self.cases.resolve(case_ref)
        accepted = [o for o in self.offers.list(case_id) if o.state is OfferState.ACCEPTED]
        if not accepted:
            return [], "the case has no accepted offer"
        refusals = [(o, self._draft_refusal(o)) for o in accepted]
        usable = [o for o, refusal in refusals if refusal is None]
        if usable:
            return usable, ""
        return [], "; ".join(dict.fromkeys(str(r.message) for _o, r in refusals if r))

    def create(
        self,
        case_ref: str | int,
        offer_ref: str,
        acceptance_channel: str,
        acceptance_at: datetime | None = None,
        acceptance_reference: str = "",
        language: str | None = None,
    ) -> Agreement:
        """A draft (version 1) from an accepted offer whose remedies are all authorized or
        approved, in `language` (default: the language the company writes to customers in,
        the messages' setting; English where agreements have no wording in it)."""
        self._require_person()
        language = self._language(language)
        case = self.cases.get(case_ref)
        offer = self._accepted(offer_ref, case.id)
        self._check_no_live(offer)
        at = acceptance_at or offer.answered_at
        acceptance = Acceptance(
            acceptance_channel,
            at,  # type: ignore[arg-type]  # an accepted offer has its answer time
            acceptance_reference,
            offer.reference,
        )
        return self._store_draft(None, 1, offer, acceptance, Action.AGREEMENT_DRAFTED, {}, language)

    def _language(self, wanted: str | None) -> str:
        if wanted is None:
            setting = self.ctx.store.setting(LANGUAGE_SETTING) or ENGLISH
            return setting if setting in AGREEMENT_LANGUAGES else ENGLISH
        code = wanted.strip().lower()
        if code not in AGREEMENT_LANGUAGES:
            raise ValidationError(
                f"agreements are written in {', '.join(AGREEMENT_LANGUAGES)}, not {wanted!r}",
                field="language",
            )
        return code

    def revise(
        self,
        number: str,
        offer_ref: str | None = None,
        reason: str = "",
        acceptance_channel: str | None = None,
        acceptance_at: datetime | None = None,
    ) -> Agreement:
        """Version N+1 as a draft, from the same offer (or a newer accepted one) and the
        remedies as they are now; issuing it supersedes version N."""
        self._require_person()
        why = clean_text(reason, "reason", multiline=True)
        current = self._record(number)  # the latest version
        check_agreement_action(AgreementAction.REVISE, standing(current, True), self.ctx.actor.role)
        previous = stored_value(current)
        assert previous.acceptance is not None  # every drafted version has one
        if offer_ref is None or offer_ref.strip().upper() == current.offer_reference:
            offer = self.offers.get(current.offer_reference)
            acceptance = Acceptance(
                acceptance_channel or previous.acceptance.channel,
                acceptance_at or previous.acceptance.at,
                previous.acceptance.reference,
                offer.reference,
            )
        else:
            offer = self._accepted(offer_ref, current.case_id)
            acceptance = Acceptance(
                acceptance_channel or previous.acceptance.channel,
                acceptance_at or offer.answered_at,  # type: ignore[arg-type]  # accepted: answered
                offer=offer.reference,
            )
        if offer.id != current.offer_id and self.repo.for_offer(offer.id):
            raise ValidationError(
                f"{offer.reference} is already the basis of an agreement", field="offer"
            )
        return self._store_draft(
            current.number,
            current.version + 1,
            offer,
            acceptance,
            Action.AGREEMENT_REVISED,
            {"previous_version": current.version, "reason": why},
            previous.language,  # a new version keeps the language the agreement is in
        )

    # ---- issuing ----------------------------------------------------------------------------
    def issue(self, number: str) -> Agreement:
        """Draft -> issued: the issue event anchors it in the chain; its remedies are frozen;
        the version it replaces is superseded."""
        self._require_person()
        ref = parse_agreement_number(number)
        actor = self.ctx.actor
        with self.ctx.store.transaction(actor, self.ctx.now()) as work:
            self.repo.lock(ref)
            versions = self.repo.versions(ref)
            if not versions:
                raise NotFound(f"no agreement {ref}", field="number")
            record = versions[-1]
            check_agreement_action(AgreementAction.ISSUE, standing(record, True), actor.role)
            draft = agreement_codec.loads(record.value)
            offer = self.offer_repo.by_id(record.offer_id)
            assert offer is not None  # a foreign key
            refs = offer.terms.remedy_refs
            case = self.cases.get(record.case_id)
            assert case.customer.id is not None  # a stored case's customer has an id
            self.repo.lock_customer(case.customer.id)  # the remedy service's lock order
            remedies = self.repo.remedies(case.id, refs)
            check_remedies(offer, remedies, ref)
            agreed = {r.remedy_id: r.amount for r in draft.remedies}
            if set(agreed) != set(refs):
                raise ValidationError(f"{ref}: the draft and its offer name different remedies")
            earlier = [v for v in versions[:-1] if v.state == AgreementState.ISSUED]
            for old in earlier:
                self.repo.supersede(old.id, record.version)
                work.emit(
                    Action.AGREEMENT_SUPERSEDED,
                    "agreement",
                    ref,
                    {
                        "version": old.version,
                        "by_version": record.version,
                        "old": {"state": "issued"},
                        "new": {"state": "superseded"},
                    },
                    case_id=case.id,
                )
            self.repo.freeze_remedies(
                work,
                ref,
                [remedies[x].id for x in refs],
                [
                    (x, {"reference": x, "case": case.reference, "agreement": ref})
                    for x in refs
                    if remedies[x].frozen_by is None
                ],
                case.id,
            )
            content_hash = draft.content_hash()
            work.emit(
                Action.AGREEMENT_ISSUED,
                "agreement",
                ref,
                {
                    "case": case.reference,
                    "offer": offer.reference,
                    "version": record.version,
                    "content_hash": content_hash,
                    "remedies": list(refs),
                    "total": draft.remedies_total.to_json(),
                    "supersedes": earlier[-1].version if earlier else None,
                },
                case_id=case.id,
            )
            work.flush()  # the issue event now has its place in the chain
            event = work.appended[-1]
            final = issued(
                draft, event, self.repo.case_events(case.id, event.seq), self.ctx.taxonomy
            )
            if final.content_hash() != content_hash or content_hash != record.content_hash:
                raise ValidationError(f"{ref}: the stored draft does not match its content hash")
            assert final.chain_head is not None
            self.repo.mark_issued(
                record.id,
                agreement_codec.dumps(final),
                content_hash,
                event.time,
                actor.username,
                final.chain_head,
            )
            # The issued row names its own issue event, so only a later event can carry its
            # image: this one vouches for the record as stored (event format 2).
            work.emit(
                Action.AGREEMENT_RECORDED,
                "agreement",
                ref,
                {"version": record.version, "issue_event": event.seq},
                case_id=case.id,
            )
        return self.get(ref)

    def void(self, number: str, reason: str, version: int | None = None) -> Agreement:
        """Withdraw an issued version without replacement (supervisors), or discard a draft."""
        self._require_person()
        why = clean_text(reason, "reason", multiline=True, required=True)
        ref = parse_agreement_number(number)
        with self.ctx.store.transaction(self.ctx.actor, self.ctx.now()) as work:
            self.repo.lock(ref)
            record = self._record(ref, version)
            # Whether it is the latest version does not matter to voiding.
            check_agreement_action(
                AgreementAction.VOID, standing(record, True), self.ctx.actor.role
            )
            self.repo.void(record.id, why)
            work.emit(
                Action.AGREEMENT_VOIDED,
                "agreement",
                ref,
                {
                    "version": record.version,
                    "reason": why,
                    "old": {"state": record.state},
                    "new": {"state": "voided"},
                },
                case_id=record.case_id,
            )
        return self.get(ref, record.version)

    def exports(self, number: str) -> builtins.list[dict[str, Any]]:
        return [
            {
                "version": e.version,
                "copy": e.copy,
                "paper": e.paper,
                "file_sha256": e.file_sha256,
                "exported_by": e.exported_by,
                "at": format_time(e.at),
                "path": e.path,
            }
            for e in self.repo.exports(parse_agreement_number(number))
        ]
