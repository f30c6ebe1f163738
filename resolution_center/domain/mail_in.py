"""Mail in: what becomes of a received mail, and where it goes.

A mail joins the case its headers or subject name (domain/mail_ids.py reads them); other mail
opens a case for its sender. A mail that cannot be read is held in quarantine, with the reason,
until someone imports it again or discards it; its bytes are kept either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class QuarantineState(StrEnum):
    HELD = "held"  # on the list, waiting for someone
    IMPORTED = "imported"  # imported after all (its message named)
    DISCARDED = "discarded"  # nobody will import it; the bytes stay


class Outcome(StrEnum):
    """What one mail's import did."""

    JOINED = "joined"  # recorded on the case it named
    OPENED = "opened"  # opened a new case for its sender
    DUPLICATE = "duplicate"  # imported before (same Message-ID)
    QUARANTINED = "quarantined"
    ALREADY_QUARANTINED = "already-quarantined"


class Route(StrEnum):
    """How a mail found its case (recorded in its event)."""

    HEADERS = "headers"  # In-Reply-To / References carry one of our Message-IDs
    SUBJECT = "subject"  # the subject's [RC-YYYY-NNNNNN] tag
    CHOSEN = "chosen"  # the user named the case (mail import --case, a drop on a case)
    NEW_CASE = "new-case"


@dataclass(frozen=True, slots=True)
class QuarantinedMail:
    """A mail in quarantine (or taken off it), without its bytes."""

    id: int
    identity: str
    state: str
    reason: str
    sender: str
    subject: str
    mail_date: datetime | None
    source: str
    size: int
    sha256: str
    held_by: str
    held_at: datetime
    resolved_by: str | None
    resolved_at: datetime | None
    message_id: int | None
