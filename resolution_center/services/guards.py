"""Guards and resolvers every service shares: who may act at all, and which case a reference
or id names. One copy of each, so a rule or a message changes in one place."""

from __future__ import annotations

from ..domain.case import Case
from ..domain.errors import NotFound, PermissionDenied
from ..domain.ids import CaseId, check_id, looks_like_number, parse_case_reference, parse_whole
from ..storage.repositories import CaseRepository
from ..storage.store import Actor, Store


def require_person(actor: Actor, work: str) -> None:
    """Changes are made by a person: the system actor (no --user) only reads and sets up."""
    if actor.role == "system":
        raise PermissionDenied(f"log in as a user to {work} (--user NAME)")


class CaseLookup:
    """A case named by its reference (RC-2026-000123) or its id, as a user types either."""

    def __init__(self, store: Store) -> None:
        self.repo = CaseRepository(store)

    def resolve(self, ref_or_id: str | int) -> CaseId:
        if isinstance(ref_or_id, int):
            return CaseId(check_id(ref_or_id, "case id", field="reference"))
        text = str(ref_or_id).strip()
        if looks_like_number(text):  # an id: ASCII digits within 64 bits, else refused
            return CaseId(parse_whole(text, "case id", field="reference"))
        ref = parse_case_reference(text)
        case_id = self.repo.id_for_reference(ref)
        if case_id is None:
            raise NotFound(f"no case {ref}", field="reference")
        return case_id

    def get(self, ref_or_id: str | int) -> Case:
        case_id = self.resolve(ref_or_id)
        case = self.repo.get(case_id)
        if case is None:
            raise NotFound(f"no case with id {case_id}", field="reference")
        return case
