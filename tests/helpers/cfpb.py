"""The CFPB export's columns and its records through the shipped preset; a case imported with its
source, for the tests of the tables the trail vouches for."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from resolution_center.services.import_files import open_export
from resolution_center.services.import_mapping import load_mapping
from resolution_center.services.imports import ImportRecord, import_cases
from resolution_center.services.session import Session
from tests.helpers.workspace import draft

# The header of the Consumer Complaint Database's CSV export, in its order.
CFPB_COLUMNS = (
    "Date received",
    "Product",
    "Sub-product",
    "Issue",
    "Sub-issue",
    "Consumer complaint narrative",
    "Company public response",
    "Company",
    "State",
    "ZIP code",
    "Tags",
    "Consumer consent provided?",
    "Submitted via",
    "Date sent to company",
    "Company response to consumer",
    "Timely response?",
    "Consumer disputed?",
    "Complaint ID",
)


def cfpb_records(path: str | Path) -> Iterator[ImportRecord]:
    """A CFPB export's records as `import cfpb` reads them (the file is checked whole first)."""
    return open_export(path, load_mapping("cfpb")).records()


def import_with_source(ctx: Session, system: str = "helpdesk", source_id: str = "T-1") -> str:
    """One case imported from another system (it keeps its source: schema step 13); its
    reference."""
    record = ImportRecord(draft("Imported from the help desk"), source=system, source_id=source_id)
    result = import_cases(ctx, [record])
    assert result.first_reference is not None, result.rejected
    return result.first_reference
