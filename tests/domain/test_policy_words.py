"""A decision in one plain sentence, read from the rule lines `evaluate` writes."""

from __future__ import annotations

from resolution_center.domain.policy import evaluate
from resolution_center.domain.policy_words import plain_sentence
from tests.domain.test_policy import NO_HISTORY, POLICY, K, req


def sentence(amount: str, *, you: bool = True, **kw: object) -> str:
    return plain_sentence(evaluate(req(amount, **kw), POLICY, NO_HISTORY), you=you)  # type: ignore[arg-type]


def test_above_the_own_limit_names_who_signs_and_both_numbers() -> None:
    assert sentence("150.00", order="1000.00") == (
        "Needs a supervisor's sign-off: 150.00 EUR is above your 100.00 EUR limit for "
        "partial refunds."
    )
    assert sentence("150.00", order="1000.00", you=False) == (
        "Needs a supervisor's sign-off: 150.00 EUR is above the specialist's 100.00 EUR limit "
        "for partial refunds."
    )


def test_a_percent_of_order_limit_reads_as_a_share_of_the_order() -> None:
    # 50% of 120.00 EUR = 60.00 EUR, below the 100.00 EUR absolute limit.
    assert sentence("80.00", order="120.00") == (
        "Needs a supervisor's sign-off: 80.00 EUR is above your limit of 50% of the order "
        "value (60.00 EUR) for partial refunds."
    )


def test_within_authority_dual_signoff_and_refusal() -> None:
    assert sentence("80.00") == (
        "Within your authority: 80.00 EUR is within your 100.00 EUR limit for partial refunds."
    )
    dual = sentence("1200.00", order="3000.00", role="supervisor")
    assert dual.startswith("Needs two sign-offs") and "1,000.00 EUR threshold" in dual
    refused = sentence("900.00", order="300.00", role="supervisor")
    assert refused.startswith("Refused: no role may authorize 900.00 EUR partial refund")
    assert "(rule" not in refused
    assert sentence("10.00", kind=K.GOODWILL_GESTURE).endswith("for goodwill gestures.")
