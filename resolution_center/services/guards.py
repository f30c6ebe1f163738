"""Guards and resolvers every service shares: who may act at all, and which case a reference
or id names. One copy of each, so a rule or a message changes in one place."""

from __future__ import annotations

from collections.abc import Callable

from ..domain.case import Case
from ..domain.errors import NotFound, PermissionDenied
from ..domain.ids import CaseId, check_id, looks_like_number, parse_case_reference, parse_whole
from ..storage.repositories import CaseRepository
from ..storage.store import Actor, Store


def require_person(actor: Actor, work: str) -> None:
    """Changes are made by a person: the system actor (no --user) only reads and sets up."""
    if actor.role == "system":
        raise PermissionDenied(f"log in as a user to {work} (--user NAME)")


def resolve_reference(
    ref_or_id: str | int,
    what: str,
    parse: Callable[[str], str],
    find: Callable[[str], int | None],
) -> int:
    """The id a user named by reference (`parse` checks its form, `find` looks it up) or by
    id (ASCII digits within 64 bits), as they typed either; NotFound or ValidationError on the
    reference field otherwise."""
    if isinstance(ref_or_id, int):
        return check_id(ref_or_id, f"{what} id", field="reference")
    text = str(ref_or_id).strip()
    if looks_like_number(text):
        return parse_whole(text, f"{what} id", field="reference")
    ref = parse(text)
    found = find(ref)
    if found is None:
        raise NotFound(f"no {what} {ref}", field="reference")
    return found


class CaseLookup:
    """A case named by its reference (RC-2026-000123) or its id, as a user types either."""

    def __init__(self, store: Store) -> None:
        self.repo = CaseRepository(store)

    def resolve(self, ref_or_id: str | int) -> CaseId:
        return CaseId(
            resolve_reference(ref_or_id, "case", parse_case_reference, self.repo.id_for_reference)
        )

    def get(self, ref_or_id: str | int) -> Case:
        case_id = self.resolve(ref_or_id)
        case = self.repo.get(case_id)
        if case is None:
            raise NotFound(f"no case with id {case_id}", field="reference")
        return case
