"""Policy files: the default loads; every malformed file is refused naming the file and line."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from resolution_center.domain import policy as policy_module
from resolution_center.domain.errors import ValidationError
from resolution_center.domain.money import Money
from resolution_center.domain.remedy import RemedyKind
from resolution_center.domain.taxonomy import Taxonomy
from resolution_center.policy.loader import (
    load_policy_file,
    load_policy_text,
    policy_from_dict,
    policy_to_dict,
)

RESOURCES = Path(__file__).parents[2] / "resources"
DEFAULT = RESOURCES / "policy" / "default.toml"

# A small valid policy; tests break one line of it at a time.
MINIMAL = """\
version = 2
name = "minimal"
roles = [
  "specialist",
  "supervisor",
]
window_days = 90
pending_expiry_days = 7

[percent.specialist]
partial-refund = 50

[currency.EUR]
dual_signoff_above = "1000.00"
case_cap = "2500.00"
customer_cap = "5000.00"
goodwill_limit = "50.00"

[currency.EUR.limit.specialist]
partial-refund = "100.00"

[currency.EUR.limit.supervisor]
partial-refund = "2000.00"

[override."product-defect"]
multiplier_percent = 150
"""


def taxonomy() -> Taxonomy:
    with open(RESOURCES / "taxonomy.toml", "rb") as fh:
        return Taxonomy.from_dict(tomllib.load(fh))


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def refused(text: str, source: str = "site.toml") -> ValidationError:
    with pytest.raises(ValidationError) as info:
        load_policy_text(text, source, taxonomy=taxonomy())
    return info.value


def assert_names_line(error: ValidationError, line: int, source: str = "site.toml") -> None:
    assert error.message.startswith(f"{source}, line {line}: "), error.message
    assert error.details["line"] == line


# ---- the default policy ----------------------------------------------------------------------


def test_default_policy_loads() -> None:
    policy = load_policy_file(DEFAULT, taxonomy=taxonomy())
    assert policy.version == 1
    assert policy.roles == ("admin", "specialist", "senior-specialist", "expert", "supervisor")
    assert sorted(policy.currencies) == ["EUR", "GBP", "JPY", "USD"]
    eur = policy.currencies["EUR"]
    assert eur.limits[("specialist", RemedyKind.PARTIAL_REFUND)] == Money(10000, "EUR")
    assert eur.limits[("supervisor", RemedyKind.PARTIAL_REFUND)] == Money(200000, "EUR")
    assert eur.dual_signoff_above == Money(100000, "EUR")
    assert eur.case_cap == Money(250000, "EUR") and eur.customer_cap == Money(500000, "EUR")
    assert eur.goodwill_limit == Money(5000, "EUR")
    assert policy.percents[("specialist", RemedyKind.PARTIAL_REFUND)] == 50
    assert policy.currencies["JPY"].limits[("specialist", RemedyKind.PARTIAL_REFUND)] == Money(
        15000, "JPY"
    )
    assert policy.window_days == 90 and policy.pending_expiry_days == 7
    assert {k: o.multiplier_percent for k, o in policy.overrides.items()} == {
        "product-defect": 150,
        "shipping-problem/lost": 150,
        "fraud-suspicion": 50,
    }
    # The admin is ranked but holds no money authority in any currency.
    for table in policy.currencies.values():
        assert not [key for key in table.limits if key[0] == "admin"]
    assert not [key for key in policy.percents if key[0] == "admin"]


def test_every_currency_table_covers_every_role_and_kind() -> None:
    policy = load_policy_file(DEFAULT)
    for table in policy.currencies.values():
        for role in ("specialist", "senior-specialist", "expert", "supervisor"):
            for kind in RemedyKind:
                assert (role, kind) in table.limits, (table.currency, role, kind)


def test_rule_ids_are_documented_in_the_file_and_the_module() -> None:
    documented = set(re.findall(r"^#\s+(R\d)\s", DEFAULT.read_text(encoding="utf-8"), re.M))
    in_docstring = set(re.findall(r"^\s+(R\d)\s", policy_module.__doc__ or "", re.M))
    assert documented == in_docstring == {f"R{n}" for n in range(1, 10)}
    signoff_doc = set(re.findall(r"^\s+(S\d)\s", policy_module.__doc__ or "", re.M))
    signoff_file = set(re.findall(r"^#\s+(S\d)\s", DEFAULT.read_text(encoding="utf-8"), re.M))
    assert signoff_doc == signoff_file == {"S1", "S2", "S3", "S4"}


def test_policy_to_dict_round_trips() -> None:
    policy = load_policy_file(DEFAULT)
    data = policy_to_dict(policy)
    assert data["currency"]["EUR"]["limit"]["specialist"]["partial-refund"] == "100.00"
    assert data["currency"]["JPY"]["case_cap"] == "375000"
    assert policy_from_dict(data) == policy


def test_minimal_policy_loads_and_replacements_are_read() -> None:
    text = MINIMAL + (
        '[override."product-defect".limit.EUR.specialist]\n'
        'partial-refund = "120.00"\n'
        '[override."product-defect".percent.specialist]\n'
        "partial-refund = 60\n"
    )
    policy = load_policy_text(text, "site.toml", taxonomy=taxonomy())
    override = policy.overrides["product-defect"]
    assert override.limits[("EUR", "specialist", RemedyKind.PARTIAL_REFUND)] == Money(12000, "EUR")
    assert override.percents[("specialist", RemedyKind.PARTIAL_REFUND)] == 60


# ---- malformed files: file and line named ------------------------------------------------------


def test_malformed_toml_names_the_line() -> None:
    text = MINIMAL.replace('case_cap = "2500.00"', 'case_cap = "2500.00" oops')
    error = refused(text)
    assert_names_line(error, line_of(text, "oops"))
    assert "malformed TOML" in error.message


def test_toml_error_at_end_of_document_names_the_last_line() -> None:
    text = MINIMAL + "name_without_value ="
    error = refused(text)
    assert_names_line(error, len(text.splitlines()))


def test_float_amount_is_refused_naming_the_line() -> None:
    text = MINIMAL.replace('partial-refund = "2000.00"', "partial-refund = 2000.5")
    error = refused(text)
    assert_names_line(error, line_of(text, "2000.5"))
    assert "2000.5 is a floating-point number" in error.message


def test_float_anywhere_is_refused() -> None:
    text = MINIMAL.replace("multiplier_percent = 150", "multiplier_percent = 1.5")
    assert_names_line(refused(text), line_of(text, "1.5"))


def test_integer_amount_is_refused_asking_for_text() -> None:
    text = MINIMAL.replace('goodwill_limit = "50.00"', "goodwill_limit = 50")
    error = refused(text)
    assert_names_line(error, line_of(text, "goodwill_limit"))
    assert 'write amounts as text with a dot, such as "100.00"' in error.message


def test_unknown_role_in_ranking_is_refused_naming_its_line() -> None:
    text = MINIMAL.replace('  "supervisor",', '  "manager",')
    error = refused(text)
    assert_names_line(error, line_of(text, '"manager"'))
    assert "unknown role 'manager' in roles" in error.message


def test_system_role_may_not_be_ranked() -> None:
    text = MINIMAL.replace('  "supervisor",', '  "system",')
    assert "unknown role 'system'" in refused(text).message


def test_limit_for_unranked_role_is_refused() -> None:
    text = MINIMAL.replace("[currency.EUR.limit.supervisor]", "[currency.EUR.limit.manager]")
    error = refused(text)
    assert_names_line(error, line_of(text, "limit.manager"))
    assert "unknown role 'manager': the ranked roles are specialist, supervisor" in error.message


def test_unknown_kind_is_refused() -> None:
    text = MINIMAL.replace("[percent.specialist]\npartial-refund", "[percent.specialist]\nrefundz")
    error = refused(text)
    assert_names_line(error, line_of(text, "refundz"))
    assert "unknown remedy kind 'refundz'" in error.message


def test_unknown_currency_is_refused() -> None:
    text = MINIMAL.replace("currency.EUR", "currency.EUX")
    error = refused(text)
    assert_names_line(error, line_of(text, "[currency.EUX]"))
    assert "unknown currency 'EUX'" in error.message


def test_negative_limit_is_refused() -> None:
    text = MINIMAL.replace('partial-refund = "100.00"', 'partial-refund = "-100.00"')
    error = refused(text)
    assert_names_line(error, line_of(text, "-100.00"))
    assert "must not be negative" in error.message


def test_too_many_decimals_for_the_currency_are_refused() -> None:
    text = MINIMAL.replace('partial-refund = "100.00"', 'partial-refund = "100.005"')
    error = refused(text)
    assert_names_line(error, line_of(text, "100.005"))
    assert "more decimal places than EUR allows" in error.message


def test_unknown_setting_is_refused_not_ignored() -> None:
    text = MINIMAL.replace("customer_cap =", "customer_capp =")
    error = refused(text)
    assert_names_line(error, line_of(text, "customer_capp"))
    assert "unknown setting 'customer_capp' in [currency.EUR]" in error.message


def test_missing_setting_names_its_table() -> None:
    text = MINIMAL.replace('case_cap = "2500.00"\n', "")
    error = refused(text)
    assert_names_line(error, line_of(text, "[currency.EUR]"))
    assert "[currency.EUR] is missing 'case_cap'" in error.message


def test_override_of_unknown_category_is_refused_with_a_taxonomy() -> None:
    text = MINIMAL.replace('override."product-defect"', 'override."product-defects"')
    error = refused(text)
    assert_names_line(error, line_of(text, "product-defects"))
    assert "unknown category 'product-defects'" in error.message


def test_override_limit_in_a_currency_without_table_is_refused() -> None:
    text = MINIMAL + '[override."product-defect".limit.USD.specialist]\npartial-refund = "1.00"\n'
    error = refused(text)
    assert_names_line(error, line_of(text, "limit.USD"))


def test_bad_version_is_refused() -> None:
    text = MINIMAL.replace("version = 2", "version = 0")
    assert_names_line(refused(text), 1)


def test_unreadable_file_names_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    with pytest.raises(ValidationError, match=r"nope\.toml: cannot read the policy file"):
        load_policy_file(missing)
    binary = tmp_path / "bin.toml"
    binary.write_bytes(b"\xff\xfe")
    with pytest.raises(ValidationError, match=r"bin\.toml: not UTF-8"):
        load_policy_file(binary)


def test_file_errors_carry_the_path(tmp_path: Path) -> None:
    path = tmp_path / "site.toml"
    path.write_text(MINIMAL.replace("version = 2", "version = 2.0"), encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        load_policy_file(path)
    assert info.value.message.startswith(f"{path}, line 1: ")
