"""A file checked against the stored agreement it claims to be: its proof read back, then the
agreement rendered again with the proof's settings and the bytes compared.

Apart from pdf_proof.py because it renders (agreement_pdf.py), which itself writes proofs.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from resolution_center.domain.agreement import Agreement, AgreementState

from .agreement_pdf import CREATOR, PRODUCER, render_agreement
from .pdf_proof import Proof, file_sha256, read_proof


@dataclass(frozen=True, slots=True)
class ExportCheck:
    proof: Proof
    file_sha256: str
    rendered_sha256: str  # what the stored agreement renders to with the proof's settings
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def check_against(data: bytes, agreement: Agreement) -> ExportCheck:
    """Compare a file with the stored agreement it claims to be (the full agreement, not a copy).

    Raises what `read_proof` raises for files that carry no readable proof. The caller also
    compares `file_sha256` with the export record's file hash and reports the agreement's
    current state (a genuine issued copy of a since-voided agreement still matches here).
    """
    proof = read_proof(data)
    problems: list[str] = []
    if (proof.number, proof.version) != (agreement.number, agreement.version):
        problems.append(
            f"the file is {proof.number} version {proof.version}, not "
            f"{agreement.number} version {agreement.version}"
        )
    stored_hash = agreement.content_hash()
    if proof.content_hash != stored_hash:
        problems.append("the file's content hash is not the stored agreement's content hash")
    head = agreement.chain_head
    if (proof.chain_seq, proof.chain_hash) != (
        head.seq if head else None,
        head.hash if head else None,
    ):
        problems.append("the file's audit-chain position differs from the stored one")
    rendered = ""
    if not problems:
        as_then = replace(
            agreement,
            state=AgreementState(proof.state),
            superseded_by=agreement.superseded_by
            if proof.state == AgreementState.SUPERSEDED
            else None,
            void_reason=agreement.void_reason if proof.state == AgreementState.VOIDED else "",
        )
        rendered = file_sha256(render_agreement(as_then, copy=proof.copy, paper=proof.paper))
        if rendered != file_sha256(data):
            if (proof.creator, proof.producer) != (CREATOR, PRODUCER):
                problems.append(
                    "the file differs from what this version renders, and another version made "
                    f"it ({proof.creator or 'unknown'}, {proof.producer or 'unknown'}; this is "
                    f"{CREATOR}, {PRODUCER}): compare it with the export record's file hash"
                )
            else:
                problems.append(
                    "the file's content differs from the stored agreement: something it shows "
                    "was changed"
                )
    return ExportCheck(proof, file_sha256(data), rendered, tuple(problems))
