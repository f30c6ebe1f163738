"""A policy decision in one plain sentence: who must sign off and why, with the numbers.

The rule lines (domain/policy.py) stay the record, ids and all; this reads the deciding rule's
line back into words a new specialist understands: "Needs a supervisor's sign-off: 150.00 EUR
is above your 100.00 EUR limit for partial refunds." It parses only what policy.py writes; a
test evaluates real decisions so the two cannot drift apart unnoticed. A line it does not
recognise falls back to that line, trimmed of its rule tag, never to nothing.
"""

from __future__ import annotations

import re

from .policy import Decision, Outcome, RuleResult
from .remedy import RemedyKind

_TAG = re.compile(r"\s*\(rule [A-Z]\d+, policy v\d+\)$")
_MONEY = r"-?[\d,]+(?:\.\d+)? [A-Z]{3}"
# R3 / R4 failed: "needs ROLE: A > ROLE limit LIMIT for KIND[, note]"
_OVER_LIMIT = re.compile(
    rf"^(?:needs (?P<needed>[\w-]+)|beyond every role's authority): (?P<amount>{_MONEY}) > "
    rf"(?P<role>[\w-]+) limit (?P<limit>.+?) for (?P<kind>[\w-]+)(?P<note>, .*)?$"
)
# R3 / R4 passed: "A <= ROLE limit LIMIT for KIND[, note]"
_WITHIN = re.compile(
    rf"^(?P<amount>{_MONEY}) <= (?P<role>[\w-]+) limit (?P<limit>.+?) for (?P<kind>[\w-]+)"
)
# R4's limit: "75% of order value 49.98 EUR = 37.48 EUR"
_PERCENT = re.compile(rf"^(?P<pct>\d+)% of order value (?P<value>{_MONEY}) = (?P<limit>{_MONEY})$")
# R9 failed: "needs two distinct approvers[ with ROLE authority]: A > dual sign-off threshold T"
_DUAL = re.compile(
    rf"^needs two distinct approvers(?: with (?P<role>[\w-]+) authority)?: "
    rf"(?P<amount>{_MONEY}) > dual sign-off threshold (?P<threshold>{_MONEY})$"
)

_ROLE_WORDS = {"senior-specialist": "senior specialist", "admin": "administrator"}


def role_words(role: str) -> str:
    return _ROLE_WORDS.get(role, role.replace("-", " "))


def _a(noun: str) -> str:
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


def kind_plural(kind: str) -> str:
    """'partial-refund' -> 'partial refunds', 'goodwill-gesture' -> 'goodwill gestures'."""
    words = kind.replace("-", " ")
    return words if words.endswith(("s", "credit")) else words + "s"


def trimmed(result: RuleResult) -> str:
    """A rule line without its '(rule R3, policy v1)' tag and 'refused: ' prefix."""
    return _TAG.sub("", result.explanation).removeprefix("refused: ")


def _kinds_as_words(text: str) -> str:
    for kind in RemedyKind:
        text = text.replace(f" {kind.value}", " " + kind.value.replace("-", " "))
    return text


def _limit_words(limit: str) -> str:
    pct = _PERCENT.match(limit)
    if pct:
        return f"limit of {pct['pct']}% of the order value ({pct['limit']})"
    return f"{limit} limit"


def _whose(role: str, you: bool) -> str:
    return "your" if you else f"the {role_words(role)}'s"


def plain_sentence(decision: Decision, *, you: bool = True) -> str:
    """The decision as one sentence. `you` speaks to the requester ("your limit"); otherwise
    the sentence names the requester's role ("the specialist's limit")."""
    if decision.outcome is Outcome.REFUSED:
        refusing = [r for r in decision.results if not r.passed and "refused" in r.explanation]
        first = (
            refusing[0] if refusing else next((r for r in decision.results if not r.passed), None)
        )
        why = trimmed(first).replace(" > ", " is above ") if first else decision.summary()
        return f"Refused: {_kinds_as_words(why)}."
    if decision.outcome is Outcome.NEEDS_DUAL_SIGNOFF:
        r9 = next((r for r in decision.results if r.rule_id == "R9"), None)
        m = _DUAL.match(trimmed(r9)) if r9 else None
        if m:
            who = f" from {role_words(m['role'])}s or above" if m["role"] else ""
            return (
                f"Needs two sign-offs{who}: {m['amount']} is above the {m['threshold']} "
                f"threshold for two approvers."
            )
        return f"Needs two sign-offs: {trimmed(r9)}." if r9 else "Needs two sign-offs."
    if decision.outcome is Outcome.NEEDS_SIGNOFF:
        for result in decision.results:
            if result.rule_id in ("R3", "R4") and not result.passed:
                m = _OVER_LIMIT.match(trimmed(result))
                if m:
                    role = role_words(m["needed"] or decision.required_role or "supervisor")
                    return (
                        f"Needs {_a(role)}'s sign-off: {m['amount']} is above "
                        f"{_whose(m['role'], you)} {_limit_words(m['limit'])} for "
                        f"{kind_plural(m['kind'])}."
                    )
                return f"Needs a sign-off: {trimmed(result)}."
        return "Needs a sign-off."
    r3 = next((r for r in decision.results if r.rule_id == "R3"), None)
    m = _WITHIN.match(trimmed(r3)) if r3 else None
    if m:
        return (
            f"Within {'your' if you else 'the requester’s'} authority: {m['amount']} is within "
            f"{_whose(m['role'], you)} {_limit_words(m['limit'])} for {kind_plural(m['kind'])}."
        )
    return "Within the requester's authority."
