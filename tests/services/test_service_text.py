"""The messages the services show a user have German entries, and real errors come out German.

The everyday flows of the window (new case, case details, status change, assignment, remedy
form and its policy decision, login, agreements) raise their errors from the modules below.
Every message text written there (an f-string's shape: its words, each filled-in value a
placeholder) must have an entry in resources/translations/service_messages_de.toml, except
the few listed in INTERNAL, which guard the program's own invariants and no input in the
window can reach.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from resolution_center.domain.errors import (
    AuthenticationError,
    PolicyRefusal,
    RCError,
    ValidationError,
)
from resolution_center.domain.money import Money
from resolution_center.domain.policy_words import plain_sentence
from resolution_center.services.service_text import (
    _PLACEHOLDER,
    Catalog,
    catalog_for,
    error_text,
    language_code,
    language_from_environment,
    localize,
)
from resolution_center.services.users import authenticate
from tests.helpers.workspace import Workspace, draft

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "resolution_center"
FLOW_MODULES = [
    "domain/money.py",
    "domain/case.py",
    "domain/case_changes.py",
    "domain/closing.py",
    "domain/remedy.py",
    "domain/users.py",
    "domain/agreement.py",
    "services/cases.py",
    "services/remedies.py",
    "services/users.py",
    "services/guards.py",
    "services/agreements.py",
    "domain/offer.py",
    "services/offers.py",
    "services/follow_ups.py",
    "services/attachments.py",
    "domain/attachment.py",
    "services/messages.py",
    "domain/messages.py",
    "services/case_links.py",
    "domain/queues.py",
    "services/queues.py",
    "storage/db.py",  # the login's "the database is not available"
    "storage/store.py",
]
ERRORS = {
    "RCError",
    "ValidationError",
    "NotFound",
    "PolicyRefusal",
    "PermissionDenied",
    "AuthenticationError",
    "ConflictError",
    "EnvironmentFault",
}
# Shapes ("{}" for a value) of messages that guard the program's own invariants: a wrong call,
# a corrupt record or a query parameter the window never lets a user choose.
INTERNAL = {
    "money must be an integer count of minor units, not '{}'",
    "malformed money value '{}'",
    "unknown sort '{}'; known: {}",
    "limit must be between 1 and 10000",
    "offset must not be negative",
    "remedy number '{}' is out of range (1..999999)",
    "'{}' is not a remedy reference (expected RM-NNNNNN{})",
    "order line numbers must be positive integers",
    "the request time must be an aware UTC datetime",
    "unknown role '{}'",
    "awaiting my sign-off needs the remedies' read model",
    "agreement year '{}' is out of range",
    "agreement counter for {} is exhausted or invalid ('{}')",
    "{} must be text, not {}",
    "{} must be an aware UTC datetime",
    "{} must be in UTC",
    "{} must be a date",
    "unknown party role '{}'",
    "unknown approval action '{}'",
    "unknown agreement state '{}'",
    "audit sequence '{}' is invalid",
    "agreement version '{}' is invalid",
    "case facts are required",
    "the {} must be a Party with role {}",
    "remedies must be AgreedRemedy values",
    "a draft has no issue time or chain head",
    "an {} agreement needs its issue time and the audit chain head at issue",
    "the chain head at issue must be a sequence number and a SHA-256 hex hash",
    "only a superseded agreement names its successor",
    "the superseding version must be a later version",
    "only a voided agreement has a void reason",
    "the audit appendix must stop at the issue event (sequence {}), not run on to {}",
    "a customer copy holds no internal notes or audit lines",
    "audit lines must be AuditLine values",
    "audit lines must be in increasing sequence order",
    "unknown agreement content format '{}'",
    "the stored agreement content is malformed ('{}')",
    "{} address has more than 8 lines",
    "agreement language '{}' is not a two-letter code",
    "offer number '{}' is out of range (1..999999)",
    "{} must be a list",
    "offer terms must be a JSON object",
    "unknown offer terms: {} (known: remedies, obligations, return_conditions)",
    "return_conditions must be text",
    'each offered remedy is "RM-NNNNNN" or {"remedy": ..., "amount": ...}',
    "unknown remedy terms: {}",
    'each obligation is {"party": ..., "text": ..., "deadline": "YYYY-MM-DD"}',
    "the limit must be at least 1 and the offset not negative",
    "'{}' is not a template name: lower-case letters, digits and '-', 2 to 40",
    "'{}': the acknowledgement is {}",
    "unknown choice '{}'; known: {}",
    "{}: {}",  # a driver's own message after the database's name: passed through
}


# Entries whose German is the English word for word (the values in them are translated).
SAME_IN_GERMAN = {"Status {old} → {new}", "PostgreSQL {where}"}


def _shapes(node: ast.expr) -> list[str] | None:
    """Every text an argument can be, values as '{}' (a conditional literal gives each)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _shapes(node.left), _shapes(node.right)
        if left is None or right is None:
            return None
        return [a + b for a in left for b in right]
    if isinstance(node, ast.JoinedStr):
        out = [""]
        for part in node.values:
            if isinstance(part, ast.Constant):
                out = [o + str(part.value) for o in out]
                continue
            assert isinstance(part, ast.FormattedValue)
            value = part.value
            if (
                isinstance(value, ast.IfExp)
                and isinstance(value.body, ast.Constant)
                and isinstance(value.orelse, ast.Constant)
            ):
                out = [o + str(c.value) for o in out for c in (value.body, value.orelse)]
                continue
            hole = "'{}'" if part.conversion == ord("r") else "{}"
            out = [o + hole for o in out]
        return out
    return None


def flow_messages() -> Iterator[tuple[str, str]]:
    for module in FLOW_MODULES:
        path = CORE / module
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ERRORS
                and node.args
            ):
                for shape in _shapes(node.args[0]) or ():
                    yield f"{module}:{node.lineno}", shape


def _shape_of_key(key: str) -> str:
    return _PLACEHOLDER.sub("{}", key)


@pytest.fixture(scope="module")
def german() -> Catalog:
    found = catalog_for("de")
    assert found is not None
    return found


def test_every_message_of_the_everyday_flows_has_a_german_entry(german: Catalog) -> None:
    keys = {_shape_of_key(k) for k in german.messages}
    seen = list(flow_messages())
    assert len(seen) > 150  # the scan read the modules
    missing = [f"{where}: {shape!r}" for where, shape in seen if shape not in keys | INTERNAL]
    assert not missing, "no German entry in service_messages_de.toml:\n" + "\n".join(missing)


def test_every_entry_is_german_and_keeps_its_placeholders(german: Catalog) -> None:
    wrong = []
    for english, translation in german.messages.items():
        if sorted(_PLACEHOLDER.findall(english)) != sorted(set(_PLACEHOLDER.findall(english))):
            pass  # a value named twice is filled twice; the translation needs it at least once
        if set(_PLACEHOLDER.findall(english)) != set(_PLACEHOLDER.findall(translation)):
            wrong.append(f"placeholders differ: {english!r} -> {translation!r}")
        if (
            translation == english
            and _PLACEHOLDER.sub("", english).strip(" (),")
            and english not in SAME_IN_GERMAN
        ):
            wrong.append(f"not translated: {english!r}")
    assert not wrong, "\n".join(wrong)


def test_the_internal_list_names_only_messages_that_exist() -> None:
    shapes = {shape for _, shape in flow_messages()}
    assert shapes >= INTERNAL, sorted(INTERNAL - shapes)


@pytest.mark.parametrize(
    ("english", "german"),
    [
        ("the case is already resolved", "Der Fall ist bereits gelöst"),
        ("subject is required", "Betreff ist erforderlich"),
        (
            "customer name is too long: 1,234 characters, at most 200",
            "Kundenname ist zu lang: 1.234 Zeichen, höchstens 200",
        ),
        (
            "RC-2026-000001 cannot close while remedies are still open: "
            "RM-000003 (authorized, 1,250.00 EUR), RM-000004 (pending-signoff, 5.00 EUR). "
            "Fulfil or withdraw them first, or a supervisor may close it with an override reason",
            "RC-2026-000001 kann nicht geschlossen werden, solange Abhilfen offen sind: "
            "RM-000003 (bewilligt, 1.250,00 EUR), RM-000004 (wartet auf Freigabe, 5,00 EUR). "
            "Erfüllen oder ziehen Sie diese zuerst zurück, oder ein Teamleiter schließt den Fall "
            "mit einer Begründung der Übersteuerung",
        ),
        (
            "needs supervisor: 1,500.00 EUR > specialist limit 250.00 EUR for "
            "full-refund, set for electronics (rule R3, policy v2)",
            "braucht Teamleiter: 1.500,00 EUR > Grenze Sachbearbeiter "
            "250,00 EUR für volle Erstattung, festgelegt für electronics (Regel R3, "
            "Richtlinie v2)",
        ),
        ("no remedy RM-000009", "Abhilfe RM-000009 nicht gefunden"),
        ("a message nobody wrote an entry for", "a message nobody wrote an entry for"),
    ],
)
def test_a_message_is_translated_with_its_values(english: str, german: str) -> None:
    assert localize(english, "de") == german
    assert localize(english, "en") == english


@pytest.mark.parametrize(
    ("name", "code"),
    [("de_DE.UTF-8", "de"), ("de-AT", "de"), ("C", "en"), ("POSIX", "en"), ("", "en")],
)
def test_language_codes_from_locale_names(name: str, code: str) -> None:
    assert language_code(name) == code


def test_the_environment_chooses_as_posix_orders_it() -> None:
    env = {"LANG": "en_US.UTF-8", "LC_ALL": "de_DE.UTF-8"}
    assert language_from_environment(env) == "de"
    assert language_from_environment({**env, "RESOLUTION_CENTER_LANG": "en"}) == "en"
    assert language_from_environment({}) == "en"


# ---- real errors of the everyday flows, raised by the services, shown in German ------------


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    workspace = Workspace.create("sqlite:///" + str(tmp_path / "rc.db"))
    yield workspace
    workspace.close()


def _german(error: RCError) -> str:
    text = error_text(error, "de")
    assert text != error.message, f"no German for {error.message!r}"
    return text


def test_a_wrong_password_is_refused_in_german(ws: Workspace) -> None:
    with pytest.raises(AuthenticationError) as caught:
        authenticate(ws.login(None).store, "alice", "not-the-password", ws.config, ws.clock)
    assert _german(caught.value) == "Benutzername oder Passwort falsch"


def test_new_case_status_and_remedy_errors_come_out_german(ws: Workspace) -> None:
    alice = ws.login("alice")
    with pytest.raises(ValidationError) as no_subject:
        alice.cases.create(draft(subject="  "))
    assert _german(no_subject.value) == "Betreff ist erforderlich"

    case = alice.cases.create(draft())
    with pytest.raises(RCError) as same:
        alice.cases.change_status(case.reference, case.status.value)
    assert _german(same.value).startswith("Der Fall ist bereits")

    with pytest.raises(ValidationError) as zero:
        alice.remedies.propose(case.reference, "partial-refund", Money(0, "EUR"), reason="x")
    assert _german(zero.value) == "Der Betrag einer Abhilfe muss größer als null sein"

    with pytest.raises(ValidationError) as currency:
        alice.remedies.propose(case.reference, "partial-refund", Money(500, "USD"), reason="x")
    assert "Beträge werden nie umgerechnet" in _german(currency.value)


def test_a_policy_refusal_on_the_remedy_form_comes_out_german(ws: Workspace) -> None:
    alice = ws.login("alice")
    case = alice.cases.create(draft(total=12_000))
    with pytest.raises(PolicyRefusal) as refused:
        # far above what the order and shipping add up to: rule R6 refuses
        alice.remedies.propose(case.reference, "partial-refund", Money(900_000, "EUR"), reason="x")
    text = _german(refused.value)
    assert "abgelehnt" in text and "9.000,00 EUR" in text and "Richtlinie" in text
    lines = [localize(line, "de") for line in refused.value.details["explanation"]]
    assert all(re.match(r"[A-Z]\d+ (nicht )?erfüllt: ", line) for line in lines), lines
    english_words = re.compile(r"\b(refused|limit|for|order value|shipping|needs|cap)\b")
    assert not [line for line in lines if english_words.search(line)], lines


def test_the_remedy_forms_plain_sentence_comes_out_german(ws: Workspace) -> None:
    alice = ws.login("alice")
    case = alice.cases.create(draft(total=12_000))
    within = alice.remedies.propose(
        case.reference, "partial-refund", Money(1_000, "EUR"), reason="x"
    )
    above = alice.remedies.propose(
        case.reference, "goodwill-gesture", Money(5_000, "EUR"), reason="x"
    )
    for remedy, start in (
        (within, "In Ihrer Befugnis: 10,00 EUR"),
        (above, "Braucht die Freigabe"),
    ):
        decision = remedy.decision
        assert decision is not None
        assert localize(plain_sentence(decision, you=True), "de").startswith(start)
        for line in decision.results:
            assert "(Regel " in localize(line.explanation, "de")


def test_the_command_line_shows_errors_in_the_language_asked_for(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from io import StringIO

    from resolution_center.cli.program import main

    monkeypatch.delenv("RESOLUTION_CENTER_LANG", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")

    def run(*argv: str) -> str:
        err = StringIO()
        code = main(
            ["--database", ws.url, "--user", "alice", "--password-stdin", *argv],
            stdin=StringIO("not-the-password\n"),
            stdout=StringIO(),
            stderr=err,
        )
        assert code != 0
        return err.getvalue().strip()

    assert run("case", "list") == "error: wrong user name or password"
    assert run("--lang", "de", "case", "list") == "error: Benutzername oder Passwort falsch"
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert run("case", "list") == "error: Benutzername oder Passwort falsch"
    # JSON is for programs: it keeps the English message
    assert "wrong user name or password" in run("--json", "case", "list")


def test_every_taxonomy_label_has_a_german_word(german: Catalog) -> None:
    """Categories, subcategories and resolution codes are shown in the window's language."""
    from resolution_center.services.context import Config

    taxonomy = Config().taxonomy
    labels = [c.label for c in taxonomy.categories]
    labels += [label for c in taxonomy.categories for _, label in c.subcategories]
    labels += [label for _, label in taxonomy.resolution_codes]
    assert len(labels) > 20
    missing = [label for label in labels if label not in german.values]
    assert not missing, missing


def test_every_audit_event_label_has_a_german_word(german: Catalog) -> None:
    """The audit tab names each event; the window's own labels cover a few, the table the rest."""
    from resolution_center.domain.actions import Action
    from resolution_center.domain.trail_text import label

    named_by_the_window = {  # ui/labels.action_label translates these itself (Qt)
        "Case created",
        "Details edited",
        "Status changed",
        "Assigned",
        "Escalated",
        "Note added",
        "Evidence added",
        "Evidence withdrawn",
        "Customer created",
        "User created",
        "User disabled",
        "Account locked",
        "Failed login",
        "Login counter reset",
        "Password changed",
        "Password hash renewed",
        "Role changed",
        "Database created",
        "Database migrated",
    }
    missing = [
        label(a.value)
        for a in Action
        if label(a.value) not in named_by_the_window and label(a.value) not in german.values
    ]
    assert not missing, missing
