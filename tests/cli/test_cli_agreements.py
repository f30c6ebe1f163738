"""`offer` and `agreement` commands end to end through main(): negotiation, files, verify."""

from __future__ import annotations

import io
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from resolution_center.domain.money import Money
from resolution_center.export.agreement_pdf import render_agreement
from resolution_center.export.pdf_proof import file_sha256
from resolution_center.services.session import open_context
from tests.helpers.agreements import multiplied
from tests.services.test_agreements import forge_amount

from .conftest import PASSWORDS, Cli, case_args

SUPERVISOR_PASSWORD = "maria-pass-1"


def later(days: int) -> str:
    return (datetime.now(UTC).date() + timedelta(days=days)).isoformat()


@pytest.fixture
def negotiable(ready: Cli) -> tuple[Cli, str, str, str]:
    """A case with two remedies alice authorized, a supervisor, and the company set."""
    ready.ok(
        "user",
        "add",
        "maria",
        "--role",
        "supervisor",
        "--display-name",
        "Дмитрий Иванов",
        user="root",
        stdin=SUPERVISOR_PASSWORD,
    )
    ready.ok(
        "agreement",
        "company",
        "--name",
        "Nordlicht Home & Living GmbH",
        "--address",
        "Speicherstraße 12",
        "--address",
        "20457 Hamburg",
        user="root",
    )
    case = ready.ok(*case_args(), user="alice")["reference"]
    with open_context(ready.url, "alice", PASSWORDS["alice"]) as ctx:
        small = ctx.remedies.propose(case, "partial-refund", Money(2_000, "EUR"), reason="Leak")
        large = ctx.remedies.propose(case, "partial-refund", Money(5_000, "EUR"), reason="More")
    assert small.state.value == large.state.value == "authorized"
    return ready, case, small.reference, large.reference


def test_negotiate_issue_export_verify(
    negotiable: tuple[Cli, str, str, str], tmp_path: Path
) -> None:
    cli, case, small, large = negotiable
    offer = cli.ok(
        "offer",
        "add",
        case,
        "--by",
        "company",
        "--remedy",
        small,
        "--remedy",
        f"{large}=40.00",
        "--obligation",
        f"company|{later(14)}|Refund to the original payment method.",
        "--return-conditions",
        "Return the kettle with the prepaid label.",
        "--deadline",
        later(7),
        user="alice",
    )
    assert offer["round"] == 1 and offer["state"] == "open"
    assert offer["terms"]["remedies"][1]["amount"] == {"minor": 4_000, "currency": "EUR"}
    assert offer["response_due"] == {"customer": later(7)}  # the seller is not involved

    counter = cli.ok(
        "offer",
        "answer",
        offer["reference"],
        "counter",
        "--by",
        "customer",
        "--note",
        "Full 50 please.",
        "--terms-json",
        f'{{"remedies": ["{small}", "{large}"]}}',
        user="alice",
    )
    assert counter["parent"] == offer["reference"] and counter["proposed_by"] == "customer"
    accepted = cli.ok("offer", "answer", counter["reference"], "accept", user="bob")
    assert accepted["state"] == "accepted" and accepted["answered_by"] == "company"
    listed = cli.ok("offer", "list", case, user="bob")["offers"]
    assert [o["state"] for o in listed] == ["countered", "accepted"]
    as_text = cli("offer", "list", case, user="bob", json_mode=False).out
    assert f"customer {later(7)}" in as_text and "{" not in as_text and " UTC" in as_text
    added_text = cli("offer", "show", offer["reference"], user="bob", json_mode=False).out
    assert "40.00 EUR" in added_text and "minor" not in added_text and "{" not in added_text
    # `--case CASE`, as remedy and agreement list took it, names the same case.
    assert cli.ok("offer", "list", "--case", case, user="bob")["offers"] == listed
    nameless = cli("offer", "list", user="bob")
    assert nameless.code == 2 and "offer list CASE" in nameless.error["message"]

    draft = cli.ok(
        "agreement",
        "create",
        case,
        "--offer",
        counter["reference"],
        "--channel",
        "phone",
        "--acceptance-ref",
        "CALL-7781",
        user="alice",
    )
    number = draft["number"]
    assert draft["state"] == "draft" and draft["total"] == {"minor": 7_000, "currency": "EUR"}
    issued = cli.ok("agreement", "issue", number, user="bob")
    assert issued["state"] == "issued" and issued["issued_by"] == "bob"

    shown = cli.ok("agreement", "show", number, user="alice")
    assert f"Content hash: {issued['content_hash']}" in shown["paper"]
    assert "Zoë Łukasiewicz-Ørsted" in shown["paper"] and "70.00 EUR" in shown["paper"]
    text = cli("agreement", "show", number, user="alice", json_mode=False)
    assert text.code == 0 and "Chain head at issue: event" in text.out

    pdf = tmp_path / "agreement.pdf"
    out = cli.ok("agreement", "export", number, "-o", str(pdf), user="alice")
    assert out["path"] == str(pdf) and pdf.exists()
    verified = cli.ok("agreement", "verify", str(pdf), user="bob")
    assert verified["kind"] == "genuine" and verified["ok"] is True
    assert verified["file_sha256"] == out["file_sha256"]
    customer = tmp_path / "customer.pdf"
    cli.ok(
        "agreement",
        "export",
        number,
        "-o",
        str(customer),
        "--customer-copy",
        "--paper",
        "letter",
        user="alice",
    )
    assert cli.ok("agreement", "verify", str(customer), user="bob")["copy"] == "customer"

    # A forged amount, random bytes: exit 1 with the kind, never a traceback.
    (tmp_path / "forged.pdf").write_bytes(forge_amount(pdf.read_bytes(), "50.00", "90.00"))
    (tmp_path / "noise.pdf").write_bytes(bytes(range(256)) * 64)
    for name, kind in (("forged.pdf", "altered"), ("noise.pdf", "not-a-pdf")):
        result = cli("agreement", "verify", str(tmp_path / name), user="bob")
        assert result.code == 1, result.err
        assert result.data["kind"] == kind and result.error["kind"] == "verification_failed"
        assert "Traceback" not in result.err
        plain = cli("agreement", "verify", str(tmp_path / name), user="bob", json_mode=False)
        assert plain.code == 1 and plain.out.startswith(f"{kind}: ")

    batch = cli.ok(
        "agreement",
        "export",
        "--issued-between",
        later(-1),
        later(0),
        "--to",
        str(tmp_path / "batch"),
        user="alice",
    )
    assert batch["count"] == 1 and Path(batch["files"][0]["path"]).exists()

    void = cli("agreement", "void", number, "--reason", "Wrong order.", user="alice")
    assert void.code == 6 and void.error["kind"] == "permission"
    voided = cli.ok(
        "agreement",
        "void",
        number,
        "--reason",
        "Wrong order.",
        user="maria",
        password=SUPERVISOR_PASSWORD,
    )
    assert voided["state"] == "voided" and voided["void_reason"] == "Wrong order."
    result = cli("agreement", "verify", str(pdf), user="bob")
    assert result.code == 1 and result.data["kind"] == "voided"
    listed = cli.ok("agreement", "list", "--case", case, user="bob")["items"]
    assert [(a["number"], a["state"]) for a in listed] == [(number, "voided")]
    assert cli.ok("agreement", "list", case, user="bob")["items"] == listed
    assert set(listed[0]["total"]) == {"minor", "currency"}
    table = cli("agreement", "list", "--case", case, user="bob", json_mode=False)
    assert table.code == 0 and "{" not in table.out and " EUR" in table.out
    exports = cli.ok("agreement", "show", number, user="bob")["exports"]
    assert len(exports) == 3 and {e["exported_by"] for e in exports} == {"alice"}
    assert cli.ok("verify")["ok"] is True


def test_refusals_and_usage(negotiable: tuple[Cli, str, str, str], tmp_path: Path) -> None:
    cli, case, small, _ = negotiable
    missing = cli("offer", "add", case, "--by", "company", user="alice")
    assert missing.code == 2 and "needs terms" in missing.error["message"]
    both = cli(
        "offer",
        "add",
        case,
        "--by",
        "company",
        "--remedy",
        small,
        "--terms-json",
        "{}",
        user="alice",
    )
    assert both.code == 2
    offer = cli.ok("offer", "add", case, "--by", "company", "--remedy", small, user="alice")
    early = cli("agreement", "create", case, "--offer", offer["reference"], user="alice")
    assert early.code == 3 and "only from an accepted offer" in early.error["message"]
    cli.ok("offer", "answer", offer["reference"], "accept", user="alice")
    number = cli.ok("agreement", "create", case, "--offer", offer["reference"], user="alice")[
        "number"
    ]
    cli.ok("agreement", "issue", number, user="alice")
    nowhere = cli("agreement", "export", number, "-o", str(tmp_path / "no" / "a.pdf"), user="alice")
    assert nowhere.code == 5 and "does not exist" in nowhere.error["message"]
    assert not (tmp_path / "no").exists()
    usage = cli("agreement", "export", number, user="alice")
    assert usage.code == 2 and "-o FILE.pdf" in usage.error["message"]
    gone = cli("agreement", "verify", str(tmp_path / "nothing.pdf"), user="alice")
    assert gone.code == 5 and "cannot read" in gone.error["message"]
    unknown = cli("agreement", "show", "AG-2026-999999", user="alice")
    assert unknown.code == 3 and unknown.error["kind"] == "not_found"
    company = cli("agreement", "company", "--name", "Other GmbH", user="alice")
    assert company.code == 6


def test_batch_progress_goes_to_a_terminal_only(
    negotiable: tuple[Cli, str, str, str], tmp_path: Path
) -> None:
    cli, case, small, _ = negotiable
    offer = cli.ok("offer", "add", case, "--by", "company", "--remedy", small, user="alice")
    cli.ok("offer", "answer", offer["reference"], "accept", user="alice")
    number = cli.ok("agreement", "create", case, "--offer", offer["reference"], user="alice")[
        "number"
    ]
    cli.ok("agreement", "issue", number, user="alice")

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    from resolution_center.cli import main

    err = Tty()
    code = main(
        [
            "--database",
            cli.url,
            "--user",
            "alice",
            "--password-stdin",
            "agreement",
            "export",
            "--issued-between",
            later(-1),
            later(1),
            "--to",
            str(tmp_path / "out"),
        ],
        stdin=io.StringIO(PASSWORDS["alice"] + "\n"),
        stdout=io.StringIO(),
        stderr=err,
    )
    assert code == 0
    assert "exporting agreements: 1 of 1" in err.getvalue()


def test_a_forged_stored_amount(negotiable: tuple[Cli, str, str, str], tmp_path: Path) -> None:
    """The SQLite file's owner multiplies the amounts inside agreements.value of an issued
    agreement: export refuses it (exit 1, as every integrity failure), the file exported before
    still verifies by the trail, and a PDF rendered from the forged row does not."""
    cli, case, small, large = negotiable
    offer = cli.ok(
        "offer", "add", case, "--by", "company", "--remedy", small, "--remedy", large, user="alice"
    )
    cli.ok("offer", "answer", offer["reference"], "accept", user="alice")
    number = cli.ok("agreement", "create", case, "--offer", offer["reference"], user="alice")[
        "number"
    ]
    issued = cli.ok("agreement", "issue", number, user="alice")
    genuine = tmp_path / "genuine.pdf"
    out = cli.ok("agreement", "export", number, "-o", str(genuine), user="alice")

    db = sqlite3.connect(cli.path)
    try:
        (value,) = db.execute("SELECT value FROM agreements WHERE number = ?", (number,)).fetchone()
        db.execute("UPDATE agreements SET value = ? WHERE number = ?", (multiplied(value), number))
        db.commit()
    finally:
        db.close()
    shown = cli.ok("agreement", "show", number, user="bob")
    assert "700.00 EUR" in shown["paper"]  # the row reads ten times the money now

    refused = cli("agreement", "export", number, "-o", str(tmp_path / "after.pdf"), user="alice")
    assert refused.code == 1 and refused.error["kind"] == "verification_failed", refused.err
    message = refused.error["message"]
    assert message.startswith(
        f"{number} version 1 is not rendered, exported or printed: its stored record was altered"
    )
    assert "its value no longer hashes to the issued content hash" in message
    assert not (tmp_path / "after.pdf").exists()
    assert len(cli.ok("agreement", "show", number, user="bob")["exports"]) == 1

    verified = cli.ok("agreement", "verify", str(genuine), user="bob")
    assert verified["kind"] == "genuine" and verified["file_sha256"] == out["file_sha256"]
    assert verified["issued_content_hash"] == issued["content_hash"] and verified["warnings"]
    plain = cli("agreement", "verify", str(genuine), user="bob", json_mode=False)
    assert plain.code == 0 and plain.out.startswith("genuine: ")
    assert f"file SHA-256 {out['file_sha256']}" in plain.out and "WARNING" in plain.out

    with open_context(cli.url, "bob", PASSWORDS["bob"]) as ctx:
        forged = ctx.agreements.get(number)
    hand = tmp_path / "hand.pdf"
    hand.write_bytes(render_agreement(forged))
    digest = file_sha256(hand.read_bytes())
    result = cli("agreement", "verify", str(hand), user="bob")
    assert result.code == 1 and result.error["kind"] == "verification_failed"
    assert result.data["kind"] == "altered" and result.data["file_sha256"] == digest
    plain = cli("agreement", "verify", str(hand), user="bob", json_mode=False)
    head = f"altered: NOT a genuine copy of {number} version 1 (file SHA-256 {digest})"
    assert plain.code == 1 and plain.out.startswith(head)
    assert (
        f"is not the one the trail recorded when {number} version 1 was issued "
        f"({issued['content_hash']}"
    ) in plain.out
    assert "no agreement.exported event records this file's SHA-256" in plain.out


def test_offers_to_named_parties_answered_by_any_of_them(
    negotiable: tuple[Cli, str, str, str],
) -> None:
    cli, case, small, large = negotiable
    first = cli.ok(
        "offer",
        "add",
        case,
        "--by",
        "company",
        "--remedy",
        small,
        "--to",
        "customer",
        "--deadline",
        later(5),
        user="alice",
    )
    assert first["response_due"] == {"customer": later(5)}

    refused = cli("offer", "answer", first["reference"], "accept", "--by", "company", user="alice")
    assert refused.code != 0
    assert "the company does not answer" in refused.error["message"]
    assert refused.error["field"] == "by"

    counter = cli.ok(
        "offer",
        "answer",
        first["reference"],
        "counter",
        "--by",
        "customer",
        "--via",
        "chat",
        "--remedy",
        large,
        "--note",
        "Wants the larger one.",
        user="alice",
    )
    assert counter["round"] == 2 and counter["proposed_by"] == "customer"
    assert list(counter["response_due"]) == ["company"]
    countered = cli.ok("offer", "show", first["reference"], user="alice")
    assert (countered["state"], countered["answered_via"]) == ("countered", "chat")

    accepted = cli.ok(
        "offer",
        "answer",
        counter["reference"],
        "accept",
        "--by",
        "company",
        "--via",
        "phone",
        user="alice",
    )
    assert accepted["state"] == "accepted" and accepted["answered_by"] == "company"
    assert accepted["answered_via"] == "phone" and accepted["answer_recorded_by"] == "alice"

    listed = cli.ok("offer", "list", "--case", case, user="alice")["offers"]
    assert [o["answered_via"] for o in listed] == ["chat", "phone"]
    bad = cli("offer", "withdraw", counter["reference"], "--via", "pigeon", user="alice")
    assert bad.code != 0
