"""What a finished operation changed, so each view refreshes only what it shows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

# Kinds of records a change can touch. Views test with `touches(...)`; new features add kinds
# (remedies, agreements) here rather than inventing strings at the call site.
CASE = "case"
NOTE = "note"
AUDIT = "audit"
USER = "user"
REMEDY = "remedy"
AGREEMENT = "agreement"
EVIDENCE = "evidence"
MESSAGE = "message"  # messages to the customer
ANSWER = "answer"  # the approved-answers library
REVIEW = "review"  # periodic reviews and their actions
KINDS = frozenset({CASE, NOTE, AUDIT, USER, REMEDY, AGREEMENT, EVIDENCE, MESSAGE, ANSWER})

# An event's action prefix -> the kinds of records it changes. A note can stop the first-response
# clock (the case row moves); an agreement's issue or void binds or frees remedies; a remedy's
# decision moves the case's sign-off state.
_KINDS_OF: dict[str, tuple[str, ...]] = {
    "case": (CASE,),
    "customer": (CASE,),
    "task": (CASE,),  # a follow-up shows in its case and in the views' counts
    "note": (NOTE, CASE),
    "remedy": (REMEDY, CASE),
    "offer": (AGREEMENT,),
    "agreement": (AGREEMENT, REMEDY),
    "evidence": (EVIDENCE,),
    "message": (MESSAGE, CASE),  # sending stops the first-response clock
    "outbox": (MESSAGE,),  # a mail's delivery attempt or retry
    "mail": (MESSAGE, CASE),  # a received mail (a new case, a reply) or the mail quarantine
    "answer": (ANSWER,),
    "review": (REVIEW,),
    "user": (USER,),
    "policy": (REMEDY,),  # authority moves: who may sign off what
    "settings": (AGREEMENT,),  # the company agreements print
}


@dataclass(frozen=True, slots=True)
class Changes:
    """Kinds of records changed and the cases they belong to.

    `every_case` means the change is not limited to the listed ids (a refresh, an import): a
    view showing any case of a touched kind reloads it.
    """

    kinds: frozenset[str] = field(default_factory=frozenset)
    case_ids: frozenset[int] = field(default_factory=frozenset)
    every_case: bool = False

    @classmethod
    def of(cls, *kinds: str, case_ids: Iterable[int] = ()) -> Changes:
        return cls(frozenset(kinds), frozenset(int(i) for i in case_ids))

    @classmethod
    def case(cls, case_id: int, *extra_kinds: str) -> Changes:
        """A change to one case: its row and the audit event written with it."""
        return cls(frozenset({CASE, AUDIT, *extra_kinds}), frozenset({int(case_id)}))

    @classmethod
    def note(cls, case_id: int) -> Changes:
        # A message to the customer can stop the first-response clock, so the case row may move.
        return cls(frozenset({NOTE, CASE, AUDIT}), frozenset({int(case_id)}))

    @classmethod
    def everything(cls) -> Changes:
        return cls(KINDS, frozenset(), every_case=True)

    @classmethod
    def from_events(cls, events: Iterable[tuple[str, int | None]]) -> Changes:
        """What a run of audit events (action, case id) changed: every write has its event, so
        the trail, not the caller, says what to refresh."""
        kinds: set[str] = set()
        cases: set[int] = set()
        every = False
        for action, case_id in events:
            kinds.add(AUDIT)
            kinds.update(_KINDS_OF.get(action.split(".", 1)[0], ()))
            if case_id is not None:
                cases.add(int(case_id))
            if action.startswith(("import.", "database.")):
                every = True  # many cases at once, or all of them
        if every:
            return cls.everything()
        return cls(frozenset(kinds), frozenset(cases))

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.kinds | other.kinds,
            self.case_ids | other.case_ids,
            self.every_case or other.every_case,
        )

    def __bool__(self) -> bool:
        return bool(self.kinds)

    def touches(self, *kinds: str) -> bool:
        return any(k in self.kinds for k in kinds)

    def touches_case(self, case_id: int | None, *kinds: str) -> bool:
        """Whether a view showing this case (and these kinds, default any) must reload."""
        if case_id is None or (kinds and not self.touches(*kinds)):
            return False
        return bool(self.kinds) and (self.every_case or int(case_id) in self.case_ids)
