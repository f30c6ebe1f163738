"""Where a database is: the connection addresses the window and the command line let a user
type, parsed and built by storage (the window never imports storage itself)."""

from __future__ import annotations

from ..storage.db import DatabaseTarget, parse_target, sqlite_url, with_credentials
from ..storage.dialect import dialect_class

__all__ = ["DatabaseTarget", "parse_target", "shared", "sqlite_url", "with_credentials"]


def shared(url: str) -> bool:
    """A shared database on a server, which checks each user's password itself (each user
    connects as their own login role); otherwise a local file the app guards alone."""
    return dialect_class(url).server_logins
