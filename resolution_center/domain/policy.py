"""Remedy authorization policy: a versioned PolicySet and the pure `evaluate` that explains itself.

Rules checked by `evaluate`. The ids are stable: decisions store them and explanations quote them.

  id  name                what must hold                                           if not
  R1  currency-table      the policy has limits in the request's currency          refused
                          (amounts are never converted between currencies)
  R2  ranked-role         the requester's role is ranked in the policy             refused
  R3  absolute-limit      amount <= requester's limit for the kind (category       sign-off
                          override applied)
  R4  percent-limit       amount <= requester's percent of the order value         sign-off
                          (override applied; no percent set = no such limit)
  R5  approver-available  some ranked role's authority (R3 and R4) covers it       refused
  R6  ceiling             amount <= order value + shipping, except a               refused
                          goodwill-gesture within the goodwill limit
  R7  case-cap            the case's remedies in the rolling window + this         refused
                          <= case cap
  R8  customer-cap        the customer's remedies in the window + this             refused
                          <= customer cap
  R9  dual-signoff        amount <= dual sign-off threshold                        two sign-offs

Remedies counted by R7 and R8 are those authorized, pending sign-off, approved or fulfilled, in
the request's currency, requested in the last `window_days` days (see remedy.COUNTS_TOWARD_CAPS).

Checks made by `can_approve` for one sign-off:

  S1  awaiting-signoff    the decision needs sign-off and still lacks approvals
  S2  not-self            the approver is not the requester, whatever their role
  S3  distinct-approvers  the approver has not already signed off this remedy
  S4  approver-authority  the approver's role authority (R3 and R4 for that role) covers it
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from .case import Role
from .errors import PolicyRefusal, ValidationError
from .money import Money, exponent
from .remedy import COUNTS_TOWARD_CAPS, RemedyKind, RemedyRequest, RemedyState

LimitKey = tuple[str, RemedyKind]  # (role, kind)

REFUSING_RULES = frozenset({"R1", "R2", "R5", "R6", "R7", "R8"})


def _frozen(mapping: Mapping[Any, Any]) -> Mapping[Any, Any]:
    # A policy in force is shared by every evaluation: nobody may change it in place.
    return MappingProxyType(dict(mapping))


def _check_money(value: Money, currency: str, what: str) -> None:
    if not isinstance(value, Money) or value.currency != currency:
        raise ValidationError(f"{what} must be money in {currency}, not {value!r}")
    if value.minor < 0:
        raise ValidationError(f"{what} must not be negative")


def _check_percent(value: object, what: str) -> None:
    if type(value) is not int or value < 0:
        raise ValidationError(f"{what} must be a whole, non-negative percent, not {value!r}")


@dataclass(frozen=True, slots=True)
class CurrencyLimits:
    """One currency's table. A (role, kind) with no entry has no authority: deny by default."""

    currency: str
    limits: Mapping[LimitKey, Money]
    case_cap: Money
    customer_cap: Money
    dual_signoff_above: Money
    goodwill_limit: Money

    def __post_init__(self) -> None:
        exponent(self.currency)
        object.__setattr__(self, "limits", _frozen(self.limits))
        for (role, kind), money in self.limits.items():
            _check_money(money, self.currency, f"{self.currency} limit for {role} {kind}")
        for name in ("case_cap", "customer_cap", "dual_signoff_above", "goodwill_limit"):
            _check_money(getattr(self, name), self.currency, f"{self.currency} {name}")


@dataclass(frozen=True, slots=True)
class CategoryOverride:
    """Changes authority limits for one category or 'category/subcategory'.

    Replaced entries are taken as written; every other absolute and percent limit is multiplied
    by `multiplier_percent` (150 = x1.5), rounded down. Caps, ceiling and thresholds are untouched.
    """

    scope: str
    multiplier_percent: int = 100
    limits: Mapping[tuple[str, str, RemedyKind], Money] = field(default_factory=dict)
    percents: Mapping[LimitKey, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _check_percent(self.multiplier_percent, f"multiplier for {self.scope}")
        object.__setattr__(self, "limits", _frozen(self.limits))
        object.__setattr__(self, "percents", _frozen(self.percents))
        for (currency, role, kind), money in self.limits.items():
            _check_money(money, currency, f"{self.scope} {currency} limit for {role} {kind}")
        for (role, kind), pct in self.percents.items():
            _check_percent(pct, f"{self.scope} percent for {role} {kind}")


@dataclass(frozen=True, slots=True)
class PolicySet:
    version: int
    name: str
    roles: tuple[str, ...]  # ranked, lowest first
    currencies: Mapping[str, CurrencyLimits]
    percents: Mapping[LimitKey, int]  # percent of order value: a ratio, the same in every currency
    overrides: Mapping[str, CategoryOverride] = field(default_factory=dict)
    window_days: int = 90
    pending_expiry_days: int = 7

    def __post_init__(self) -> None:
        if type(self.version) is not int or self.version < 1:
            raise ValidationError(
                f"policy version must be a positive integer, not {self.version!r}"
            )
        object.__setattr__(self, "roles", tuple(self.roles))
        if len(set(self.roles)) != len(self.roles):
            raise ValidationError("a role may be ranked only once")
        for role in self.roles:
            if role not in {r.value for r in Role} or role == Role.SYSTEM:
                raise ValidationError(f"{role!r} cannot be ranked in a policy")
        for name in ("currencies", "percents", "overrides"):
            object.__setattr__(self, name, _frozen(getattr(self, name)))
        for code, table in self.currencies.items():
            if table.currency != code:
                raise ValidationError(f"the {code} table holds {table.currency} limits")
        for (role, kind), pct in self.percents.items():
            _check_percent(pct, f"percent for {role} {kind}")
        for days in (self.window_days, self.pending_expiry_days):
            if type(days) is not int or days < 1:
                raise ValidationError(f"a number of days must be a positive integer, not {days!r}")

    def rank(self, role: str) -> int | None:
        return self.roles.index(role) if role in self.roles else None

    def override_for(self, category: str, subcategory: str | None) -> CategoryOverride | None:
        """The most specific override: 'category/subcategory' before 'category'."""
        if subcategory and f"{category}/{subcategory}" in self.overrides:
            return self.overrides[f"{category}/{subcategory}"]
        return self.overrides.get(category)


@dataclass(frozen=True, slots=True)
class PastRemedy:
    amount: Money
    state: RemedyState
    customer_key: str
    case_key: str
    at: datetime  # when it was requested (not approved): that fixes its place in the window


@dataclass(frozen=True, slots=True)
class History:
    """The earlier remedies of the request's case and customer; others are ignored."""

    remedies: tuple[PastRemedy, ...] = ()

    def counted(
        self,
        currency: str,
        since: datetime,
        *,
        case_key: str | None = None,
        customer_key: str | None = None,
    ) -> tuple[int, Money]:
        """How many remedies, and how much, count against a cap since `since`.

        Remedies requested after `since`, later ones included: a clock skew must not hide money.
        """
        total, count = 0, 0
        for past in self.remedies:
            if (
                past.state in COUNTS_TOWARD_CAPS
                and past.amount.currency == currency
                and past.at > since
                and (case_key is None or past.case_key == case_key)
                and (customer_key is None or past.customer_key == customer_key)
            ):
                total += past.amount.minor
                count += 1
        return count, Money(total, currency)


@dataclass(frozen=True, slots=True)
class Authority:
    """What one role may authorize for one request, after any category override."""

    role: str
    kind: RemedyKind
    absolute: Money
    percent: int | None  # None: no percent-of-order limit
    of_order: Money | None  # `percent` of the order value
    absolute_note: str = ""  # how an override changed the absolute limit
    percent_note: str = ""

    @property
    def limit(self) -> Money:
        if self.of_order is None:
            return self.absolute
        return min(self.absolute, self.of_order, key=lambda m: m.minor)

    def covers(self, amount: Money) -> bool:
        return amount <= self.limit

    def describe(self) -> str:
        parts = [f"limit {self.absolute.format()}{self.absolute_note}"]
        if self.of_order is not None:
            parts.append(
                f"{self.percent}% of order value = {self.of_order.format()}{self.percent_note}"
            )
        return f"{self.role} authority {self.limit.format()} for {self.kind} ({'; '.join(parts)})"


def authority_of(policy: PolicySet, role: str, request: RemedyRequest) -> Authority | None:
    """A role's authority for this request, or None when the policy has no such currency."""
    table = policy.currencies.get(request.currency)
    return None if table is None else _authority(policy, table, role, request)


def _authority(
    policy: PolicySet, table: CurrencyLimits, role: str, request: RemedyRequest
) -> Authority:
    kind, zero = request.kind, Money.zero(table.currency)
    if role not in policy.roles:
        return Authority(role, kind, zero, None, None)
    absolute = table.limits.get((role, kind), zero)
    percent = policy.percents.get((role, kind))
    abs_note = pct_note = ""
    override = policy.override_for(request.category, request.subcategory)
    if override is not None:
        scope, mult = override.scope, override.multiplier_percent
        replaced = override.limits.get((table.currency, role, kind))
        if replaced is not None:
            abs_note, absolute = f", set for {scope}", replaced
        elif mult != 100:
            abs_note = f", {absolute.format()} × {mult}% for {scope}"
            absolute = absolute.percent(mult)
        if (role, kind) in override.percents:
            pct_note, percent = f", set for {scope}", override.percents[(role, kind)]
        elif percent is not None and mult != 100:
            pct_note, percent = f", {percent}% × {mult}% for {scope}", percent * mult // 100
    of_order = None if percent is None else request.order_value.percent(percent)
    return Authority(role, kind, absolute, percent, of_order, abs_note, pct_note)


class Outcome(StrEnum):
    AUTHORIZED = "authorized"
    NEEDS_SIGNOFF = "needs-signoff"
    NEEDS_DUAL_SIGNOFF = "needs-dual-signoff"
    REFUSED = "refused"


@dataclass(frozen=True, slots=True)
class RuleResult:
    rule_id: str
    name: str
    passed: bool
    explanation: str

    def to_json(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "name": self.name,
            "passed": self.passed,
            "explanation": self.explanation,
        }


@dataclass(frozen=True, slots=True)
class Decision:
    outcome: Outcome
    policy_version: int
    required_role: str | None  # the lowest-ranked role with enough authority, when sign-off is due
    results: tuple[RuleResult, ...]
    kind: RemedyKind
    amount: Money
    approvals_needed: int = 0
    expires_at: datetime | None = None  # when a pending sign-off lapses

    def failed(self) -> tuple[RuleResult, ...]:
        return tuple(r for r in self.results if not r.passed)

    def result(self, rule_id: str) -> RuleResult:
        for r in self.results:
            if r.rule_id == rule_id:
                return r
        raise KeyError(rule_id)

    def expired(self, now: datetime) -> bool:
        return self.expires_at is not None and now >= self.expires_at

    def summary(self) -> str:
        if self.outcome is Outcome.AUTHORIZED:
            return (
                f"authorized: {self.amount.format()} {self.kind}, all {len(self.results)} "
                f"rules passed (policy v{self.policy_version})"
            )
        if self.outcome is Outcome.REFUSED:
            refusing = [r for r in self.failed() if r.rule_id in REFUSING_RULES]
            more = f"; and {len(refusing) - 1} more refusing rule(s)" if len(refusing) > 1 else ""
            return refusing[0].explanation + more
        deciding = "R9" if self.outcome is Outcome.NEEDS_DUAL_SIGNOFF else self.failed()[0].rule_id
        return self.result(deciding).explanation

    def to_json(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome.value,
            "policy_version": self.policy_version,
            "required_role": self.required_role,
            "kind": self.kind.value,
            "amount": self.amount.to_json(),
            "approvals_needed": self.approvals_needed,
            "expires_at": self.expires_at.isoformat() if self.expires_at else None,
            "summary": self.summary(),
            "results": [r.to_json() for r in self.results],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Decision:
        expires = data.get("expires_at")
        return cls(
            Outcome(data["outcome"]),
            int(data["policy_version"]),
            data["required_role"],
            tuple(
                RuleResult(r["rule_id"], r["name"], bool(r["passed"]), r["explanation"])
                for r in data["results"]
            ),
            RemedyKind(data["kind"]),
            Money.from_json(data["amount"]),
            int(data["approvals_needed"]),
            datetime.fromisoformat(expires) if expires else None,
        )


# ---- evaluation ------------------------------------------------------------------------------

RULE_NAMES = {
    "R1": "currency-table",
    "R2": "ranked-role",
    "R3": "absolute-limit",
    "R4": "percent-limit",
    "R5": "approver-available",
    "R6": "ceiling",
    "R7": "case-cap",
    "R8": "customer-cap",
    "R9": "dual-signoff",
    "S1": "awaiting-signoff",
    "S2": "not-self",
    "S3": "distinct-approvers",
    "S4": "approver-authority",
}  # a table reads better as one


def _check(rule_id: str, passed: bool, ok: str, not_ok: str, policy: PolicySet) -> RuleResult:
    """One rule's result, its explanation chosen by the outcome and tagged with rule and policy."""
    text = ok if passed else not_ok
    return RuleResult(
        rule_id, RULE_NAMES[rule_id], passed, f"{text} (rule {rule_id}, policy v{policy.version})"
    )


def evaluate(request: RemedyRequest, policy: PolicySet, history: History) -> Decision:
    """Decide a remedy request. Pure: same request, policy and history, same decision."""
    cur = request.currency
    table = policy.currencies.get(cur)
    have = ", ".join(sorted(policy.currencies)) or "none"
    r1 = _check(
        "R1",
        table is not None,
        f"the policy has limits for {cur}",
        f"refused: policy v{policy.version} has no limits for {cur} (it has {have}); "
        f"amounts are never converted between currencies",
        policy,
    )
    if table is None:  # without a table no other rule has numbers to check
        return Decision(Outcome.REFUSED, policy.version, None, (r1,), request.kind, request.amount)
    able = [
        a
        for a in (_authority(policy, table, r, request) for r in policy.roles)
        if a.covers(request.amount)
    ]
    required = able[0].role if able else None
    results = (
        r1,
        _ranked_role(request, policy),
        *_own_limits(request, policy, table, required),
        _approver_available(request, policy, table, able),
        _ceiling(request, table, policy),
        *_caps(request, policy, table, history),
        _dual_signoff(request, policy, table, required),
    )
    return _decide(results, policy, request, required)


def _ranked_role(request: RemedyRequest, policy: PolicySet) -> RuleResult:
    role, rank = request.requester_role, policy.rank(request.requester_role)
    ranked = f"{role} is ranked {(rank or 0) + 1} of {len(policy.roles)}"
    return _check(
        "R2",
        rank is not None,
        ranked,
        f"refused: {role} is not ranked in this policy (ranked, lowest first: "
        f"{', '.join(policy.roles)}) and may not request remedies",
        policy,
    )


def _own_limits(
    request: RemedyRequest, policy: PolicySet, table: CurrencyLimits, required: str | None
) -> tuple[RuleResult, RuleResult]:
    """R3 and R4: the requester's own authority; failing either means someone must sign off."""
    role, kind, a = request.requester_role, request.kind, request.amount.format()
    own = _authority(policy, table, role, request)
    needs = f"needs {required}" if required else "beyond every role's authority"
    limit = f"{role} limit {own.absolute.format()} for {kind}{own.absolute_note}"
    r3 = _check(
        "R3", request.amount <= own.absolute, f"{a} <= {limit}", f"{needs}: {a} > {limit}", policy
    )
    if own.of_order is None:
        return r3, _check("R4", True, f"no percent-of-order limit for {role} {kind}", "", policy)
    pct = (
        f"{role} limit {own.percent}% of order value {request.order_value.format()} = "
        f"{own.of_order.format()} for {kind}{own.percent_note}"
    )
    return r3, _check(
        "R4", request.amount <= own.of_order, f"{a} <= {pct}", f"{needs}: {a} > {pct}", policy
    )


def _approver_available(
    request: RemedyRequest, policy: PolicySet, table: CurrencyLimits, able: list[Authority]
) -> RuleResult:
    a = f"{request.amount.format()} {request.kind}"
    if able:
        return _check(
            "R5",
            True,
            f"lowest role with authority for {a}: {able[0].role} "
            f"(authority {able[0].limit.format()})",
            "",
            policy,
        )
    every = [_authority(policy, table, r, request) for r in policy.roles]
    best = max(every, key=lambda x: x.limit.minor, default=None)
    most = f"{best.limit.format()} ({best.role})" if best else "nothing (no ranked roles)"
    return _check(
        "R5",
        False,
        "",
        f"refused: no role may authorize {a}; the most any role may authorize here is {most}",
        policy,
    )


def _ceiling(request: RemedyRequest, table: CurrencyLimits, policy: PolicySet) -> RuleResult:
    """R6: never more than the customer paid, except a small goodwill gesture."""
    amount, goodwill = request.amount, table.goodwill_limit
    ceiling = request.order_value + request.shipping
    a, g = amount.format(), goodwill.format()
    base = (
        f"order value {request.order_value.format()} + shipping "
        f"{request.shipping.format()} = {ceiling.format()}"
    )
    if amount <= ceiling:
        return _check("R6", True, f"{a} <= {base}", "", policy)
    if request.kind is RemedyKind.GOODWILL_GESTURE:
        return _check(
            "R6",
            amount <= goodwill,
            f"{a} > {base}, allowed: a goodwill-gesture within the goodwill limit {g}",
            f"refused: {a} > {base} and > the goodwill limit {g}",
            policy,
        )
    return _check(
        "R6",
        False,
        "",
        f"refused: {a} > {base}; only a goodwill-gesture (up to {g}) may exceed it",
        policy,
    )


def _caps(
    request: RemedyRequest, policy: PolicySet, table: CurrencyLimits, history: History
) -> tuple[RuleResult, RuleResult]:
    """R7 and R8: what the case and the customer got in the window, plus this request."""
    since = request.at - timedelta(days=policy.window_days)
    out = []
    for rule_id, label, cap, keys in (
        ("R7", "case", table.case_cap, {"case_key": request.case_key}),
        ("R8", "customer", table.customer_cap, {"customer_key": request.customer_key}),
    ):
        count, before = history.counted(request.currency, since, **keys)
        total = before + request.amount
        sums = (
            f"{label} remedies in the last {policy.window_days} days {before.format()} "
            f"({count} counted) + this {request.amount.format()} = {total.format()}"
        )
        out.append(
            _check(
                rule_id,
                total <= cap,
                f"{sums} <= {label} cap {cap.format()}",
                f"refused: {sums} > {label} cap {cap.format()}",
                policy,
            )
        )
    return out[0], out[1]


def _dual_signoff(
    request: RemedyRequest, policy: PolicySet, table: CurrencyLimits, required: str | None
) -> RuleResult:
    a, dual = request.amount.format(), table.dual_signoff_above.format()
    who = f" with {required} authority" if required else ""
    return _check(
        "R9",
        request.amount <= table.dual_signoff_above,
        f"{a} <= dual sign-off threshold {dual}",
        f"needs two distinct approvers{who}: {a} > dual sign-off threshold {dual}",
        policy,
    )


def _decide(
    results: tuple[RuleResult, ...], policy: PolicySet, request: RemedyRequest, required: str | None
) -> Decision:
    failed = {r.rule_id for r in results if not r.passed}
    if failed & REFUSING_RULES:
        outcome, needed = Outcome.REFUSED, 0
    elif "R9" in failed:  # above the threshold two people sign, even within one's own limit
        outcome, needed = Outcome.NEEDS_DUAL_SIGNOFF, 2
    elif failed & {"R3", "R4"}:
        outcome, needed = Outcome.NEEDS_SIGNOFF, 1
    else:
        outcome, needed = Outcome.AUTHORIZED, 0
    expires = request.at + timedelta(days=policy.pending_expiry_days) if needed else None
    return Decision(
        outcome,
        policy.version,
        required if needed else None,
        results,
        request.kind,
        request.amount,
        needed,
        expires,
    )


# ---- sign-off --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SignoffVerdict:
    """Whether one approver may sign off now; like a RuleResult, with every check behind it."""

    approver: str
    passed: bool
    checks: tuple[RuleResult, ...]

    @property
    def explanation(self) -> str:
        if self.passed:
            return f"{self.approver} may sign off: {self.checks[-1].explanation}"
        return "; ".join(c.explanation for c in self.checks if not c.passed)

    @property
    def refused_by(self) -> tuple[str, ...]:
        return tuple(c.rule_id for c in self.checks if not c.passed)

    def raise_if_refused(self) -> None:
        if not self.passed:
            raise PolicyRefusal(self.explanation, rules=list(self.refused_by))

    def to_json(self) -> dict[str, Any]:
        return {
            "approver": self.approver,
            "passed": self.passed,
            "explanation": self.explanation,
            "checks": [c.to_json() for c in self.checks],
        }


def signs_off(policy: PolicySet, role: str) -> bool:
    """Whether `role` signs off remedies at all under `policy`: a ranked role does, within its
    authority; an unranked one (and the system) never does."""
    return policy.rank(role) is not None


def _user(name: str) -> str:
    return (name or "").strip().casefold()


def can_approve(
    policy: PolicySet,
    approver_username: str,
    approver_role: str,
    request: RemedyRequest,
    decision: Decision,
    prior_approvers: Iterable[str],
) -> SignoffVerdict:
    """May this person sign off this decision now? Separation of duties plus money authority.

    Authority is judged under `policy` (normally the one in force when signing), the number of
    sign-offs under the decision.
    """
    if decision.amount != request.amount or decision.kind != request.kind:
        raise ValidationError("the decision belongs to a different remedy request")
    who, approver = approver_username, _user(approver_username)
    if not approver:
        raise ValidationError("the approver is required", field="approver")
    prior = {_user(p) for p in prior_approvers}
    have, need = len(prior), decision.approvals_needed
    if decision.outcome in (Outcome.NEEDS_SIGNOFF, Outcome.NEEDS_DUAL_SIGNOFF):
        s1 = _check(
            "S1",
            have < need,
            f"awaiting {have} of {need} sign-off(s)",
            f"refused: already complete with {have} of {need} sign-off(s)",
            policy,
        )
    else:
        s1 = _check(
            "S1",
            False,
            "",
            f"refused: the decision is {decision.outcome}; there is nothing to sign off",
            policy,
        )
    s2 = _check(
        "S2",
        approver != _user(request.requester),
        f"{who} is not the requester ({request.requester})",
        f"refused: {who} requested this remedy and may not approve it, whatever their role",
        policy,
    )
    s3 = _check(
        "S3",
        approver not in prior,
        f"{who} has not signed off before",
        f"refused: {who} has already signed off; another approver must sign",
        policy,
    )
    table = policy.currencies.get(request.currency)
    if table is None:
        s4 = _check(
            "S4",
            False,
            "",
            f"refused: policy v{policy.version} has no limits for {request.currency}",
            policy,
        )
    else:
        auth, a = _authority(policy, table, approver_role, request), request.amount.format()
        s4 = _check(
            "S4",
            auth.covers(request.amount),
            f"{a} <= {auth.describe()}",
            f"refused: {a} > {auth.describe()}",
            policy,
        )
    checks = (s1, s2, s3, s4)
    return SignoffVerdict(who, all(c.passed for c in checks), checks)
