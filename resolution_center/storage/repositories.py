"""Repositories: the only code that writes SQL. Domain values in, domain values out.

One module per aggregate: cases (storage/cases.py, with case_writes.py and case_search.py), the
audit chain (audit_chain.py), users (users.py), remedies, agreements and attachments; stored
values in values.py. This module keeps the names other code has always imported from here.
"""

from __future__ import annotations

from .audit_chain import AuditRepository
from .case_search import CLOSED
from .cases import CaseRecord, CaseRepository
from .users import UserRepository, lock_expiry
from .values import _enum, bulk_insert, dt, enum_reader, time_of, ts

__all__ = [
    "CLOSED",
    "AuditRepository",
    "CaseRecord",
    "CaseRepository",
    "UserRepository",
    "_enum",
    "bulk_insert",
    "dt",
    "enum_reader",
    "lock_expiry",
    "time_of",
    "ts",
]
