"""Words and colours for remedies: kinds, states and policy outcomes, always text beside colour."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from resolution_center.domain.policy import Decision, Outcome
from resolution_center.domain.remedy import RemedyKind, RemedyState
from resolution_center.services.service_text import localize

from .labels import role_label
from .style import DANGER, INFO, NEUTRAL, SUCCESS, WARNING

translate = QCoreApplication.translate  # a name pyside6-lupdate recognises


def kind_label(kind: RemedyKind | str) -> str:
    labels: dict[str, str] = {
        RemedyKind.FULL_REFUND: translate("RemedyLabels", "Full refund"),
        RemedyKind.PARTIAL_REFUND: translate("RemedyLabels", "Partial refund"),
        RemedyKind.REPLACEMENT: translate("RemedyLabels", "Replacement"),
        RemedyKind.EXPEDITED_REPLACEMENT: translate("RemedyLabels", "Expedited replacement"),
        RemedyKind.RETURN_FOR_REFUND: translate("RemedyLabels", "Return for refund"),
        RemedyKind.COUPON: translate("RemedyLabels", "Coupon"),
        RemedyKind.STORE_CREDIT: translate("RemedyLabels", "Store credit"),
        RemedyKind.SERVICE_CREDIT: translate("RemedyLabels", "Service credit"),
        RemedyKind.GOODWILL_GESTURE: translate("RemedyLabels", "Goodwill gesture"),
    }
    return labels.get(str(kind), str(kind))


def state_label(state: RemedyState | str) -> str:
    labels: dict[str, str] = {
        RemedyState.PROPOSED: translate("RemedyLabels", "Proposed"),
        RemedyState.AUTHORIZED: translate("RemedyLabels", "Authorized"),
        RemedyState.PENDING_SIGNOFF: translate("RemedyLabels", "Pending sign-off"),
        RemedyState.APPROVED: translate("RemedyLabels", "Approved"),
        RemedyState.REJECTED: translate("RemedyLabels", "Rejected"),
        RemedyState.FULFILLED: translate("RemedyLabels", "Fulfilled"),
        RemedyState.WITHDRAWN: translate("RemedyLabels", "Withdrawn"),
        RemedyState.EXPIRED: translate("RemedyLabels", "Expired"),
    }
    return labels.get(state, str(state))


STATE_COLOURS = {
    RemedyState.AUTHORIZED: SUCCESS,
    RemedyState.APPROVED: SUCCESS,
    RemedyState.FULFILLED: NEUTRAL,
    RemedyState.PENDING_SIGNOFF: WARNING,
    RemedyState.REJECTED: DANGER,
    RemedyState.WITHDRAWN: NEUTRAL,
    RemedyState.EXPIRED: NEUTRAL,
    RemedyState.PROPOSED: INFO,
}


def outcome_text(decision: Decision) -> str:
    """The banner's headline: what the policy decided, in words."""
    if decision.outcome is Outcome.AUTHORIZED:
        return translate("RemedyLabels", "Within your authority")
    if decision.outcome is Outcome.NEEDS_SIGNOFF:
        role = decision.required_role
        if role:
            # The role as its own phrase: "by a/an {role}" cannot be translated or agreed.
            return translate("RemedyLabels", "Needs sign-off: {role} or above").format(
                role=role_label(role)
            )
        return translate("RemedyLabels", "Needs sign-off")
    if decision.outcome is Outcome.NEEDS_DUAL_SIGNOFF:
        return translate("RemedyLabels", "Needs two sign-offs")
    return translate("RemedyLabels", "Refused: {why}").format(why=localize(decision.summary()))


OUTCOME_COLOURS = {
    Outcome.AUTHORIZED: SUCCESS,
    Outcome.NEEDS_SIGNOFF: WARNING,
    Outcome.NEEDS_DUAL_SIGNOFF: WARNING,
    Outcome.REFUSED: DANGER,
}
