"""Bad input through main(): numbers beyond 64 bits, non-ASCII digits, evidence-save targets.

Each refusal is exit 3 with a message saying what is wrong, and nothing is written.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from .conftest import Cli, case_args

HUGE = "99999999999999999999"  # 20 digits: more than a 64-bit integer holds
MAX_ID = str(2**63 - 1)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))


@pytest.fixture
def evidence(ready: Cli, tmp_path: Path) -> tuple[Cli, str, str]:
    """A case with one piece of evidence: (cli, case reference, evidence id)."""
    ref = ready.ok(*case_args(), user="alice")["reference"]
    photo = tmp_path / "crack.png"
    photo.write_bytes(PNG)
    added = ready.ok("case", "attach", ref, str(photo), user="alice")
    return ready, ref, str(added["id"])


# ---- 8: ids, limits, offsets and versions beyond 64 bits --------------------------------------


@pytest.mark.parametrize(
    "argv, span",
    [
        (["case", "show", HUGE], f"from 1 to {MAX_ID}"),
        (["remedy", "show", HUGE], f"from 1 to {MAX_ID}"),
        (["case", "evidence", "{ref}", "--limit", HUGE], "from 1 to 10000"),
        (["case", "evidence", "{ref}", "--offset", HUGE], f"from 0 to {MAX_ID}"),
        (["case", "list", "--limit", HUGE], "from 1 to 10000"),
        (["case", "list", "--offset", HUGE], f"from 0 to {MAX_ID}"),
        (["remedy", "list", "--limit", HUGE], "from 1 to 10000"),
        (["remedy", "list", "--case", HUGE], f"from 1 to {MAX_ID}"),
        (["policy", "show", "--version", HUGE], f"from 1 to {MAX_ID}"),
        (["case", "update", "{ref}", "--version", HUGE, "--subject", "x"], f"from 1 to {MAX_ID}"),
        (["case", "note", HUGE, "--text", "hello"], f"from 1 to {MAX_ID}"),
        (["import", "cfpb", "x.csv", "--limit", HUGE], f"from 1 to {MAX_ID}"),
    ],
)
def test_numbers_beyond_64_bits_are_refused_with_the_range(
    evidence: tuple[Cli, str, str], argv: list[str], span: str
) -> None:
    cli, ref, _ = evidence
    user = "root" if argv[0] == "import" else "alice"
    result = cli(*[a.replace("{ref}", ref) for a in argv], user=user)
    assert result.code == 3, result.err
    assert "out of range" in result.error["message"] and span in result.error["message"]
    assert cli.ok("case", "list", user="alice")["total"] == 1  # nothing written


def test_evidence_save_with_a_huge_id_writes_nothing(
    evidence: tuple[Cli, str, str], tmp_path: Path
) -> None:
    cli, ref, _ = evidence
    out = tmp_path / "out.png"
    result = cli("case", "evidence-save", ref, HUGE, str(out), user="alice")
    assert result.code == 3 and f"from 1 to {MAX_ID}" in result.error["message"]
    assert not out.exists()
    withdrawn = cli("case", "evidence-withdraw", ref, HUGE, "--reason", "x", user="alice")
    assert withdrawn.code == 3 and "out of range" in withdrawn.error["message"]


def test_the_largest_id_is_simply_not_found(evidence: tuple[Cli, str, str]) -> None:
    cli, _, _ = evidence
    result = cli("case", "show", MAX_ID, user="alice")
    assert result.code == 3 and result.error["kind"] == "not_found"


def test_a_word_where_a_number_belongs_stays_a_usage_error(evidence: tuple[Cli, str, str]) -> None:
    cli, ref, _ = evidence
    result = cli("case", "evidence", ref, "--limit", "many", user="alice")
    assert result.code == 2 and "from 1 to 10000" in result.error["message"]


# ---- 10: digits other than ASCII 0-9 ------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["case", "show", "١"],  # ARABIC-INDIC DIGIT ONE: was case 1
        ["case", "show", "１"],  # FULLWIDTH DIGIT ONE
        ["case", "show", "RC-٢٠٢٦-٠٠٠٠٠١"],
        ["case", "list", "--limit", "٥"],
        ["case", "evidence", "{ref}", "--offset", "٠"],
        ["remedy", "show", "RM-٠٠٠٠٠١"],
    ],
)
def test_non_ascii_digits_are_refused_as_numbers(
    evidence: tuple[Cli, str, str], argv: list[str]
) -> None:
    cli, ref, _ = evidence
    result = cli(*[a.replace("{ref}", ref) for a in argv], user="alice")
    assert result.code == 3, result.out
    assert "ASCII digits 0-9" in result.error["message"]


def test_non_ascii_digits_in_a_new_case_write_nothing(ready: Cli) -> None:
    for argv in (
        case_args(order_total="١٢٠"),  # was 120.00 EUR
        case_args(shipping="４.９９"),
        case_args(item=["SKU-1|Electric kettle|Acme Home|٢|60.00"]),  # a quantity of 2
    ):
        result = ready(*argv, user="alice")
        assert result.code == 3, result.out
        assert "ASCII digits 0-9" in result.error["message"]
    assert ready.ok("case", "list", user="alice")["total"] == 0


# ---- 9: evidence-save never writes through a link or over a special file ----------------------


def _refused(result, path: Path) -> None:  # type: ignore[no-untyped-def]
    assert result.code == 3, (result.code, result.out, result.err)
    assert str(path) in result.error["message"]


def test_evidence_save_refuses_a_dangling_symlink(
    evidence: tuple[Cli, str, str], tmp_path: Path
) -> None:
    cli, ref, att = evidence
    target = tmp_path / "elsewhere.png"
    link = tmp_path / "link.png"
    link.symlink_to(target)
    for force in ((), ("--force",)):
        result = cli("case", "evidence-save", ref, att, str(link), *force, user="alice")
        _refused(result, link)
        assert "symbolic link" in result.error["message"]
        assert link.is_symlink() and os.readlink(link) == str(target)
        assert not target.exists()


def test_evidence_save_never_follows_a_symlink_to_a_file(
    evidence: tuple[Cli, str, str], tmp_path: Path
) -> None:
    cli, ref, att = evidence
    target = tmp_path / "precious.txt"
    target.write_text("keep me", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    result = cli("case", "evidence-save", ref, att, str(link), "--force", user="alice")
    _refused(result, link)
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "keep me"


def test_evidence_save_refuses_a_fifo_even_with_force(
    evidence: tuple[Cli, str, str], tmp_path: Path
) -> None:
    cli, ref, att = evidence
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = cli("case", "evidence-save", ref, att, str(fifo), "--force", user="alice")
    _refused(result, fifo)
    assert "not a regular file" in result.error["message"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_evidence_save_refuses_a_folder_and_leaves_no_temporary_files(
    evidence: tuple[Cli, str, str], tmp_path: Path
) -> None:
    cli, ref, att = evidence
    folder = tmp_path / "out"
    folder.mkdir()
    result = cli("case", "evidence-save", ref, att, str(folder), "--force", user="alice")
    _refused(result, folder)
    saved = folder / "copy.png"
    cli.ok("case", "evidence-save", ref, att, str(saved), user="alice")
    existing = cli("case", "evidence-save", ref, att, str(saved), user="alice")
    _refused(existing, saved)
    assert "--force" in existing.error["message"]
    saved.write_bytes(b"old")
    cli.ok("case", "evidence-save", ref, att, str(saved), "--force", user="alice")
    assert saved.read_bytes() == PNG
    assert sorted(p.name for p in folder.iterdir()) == ["copy.png"]
