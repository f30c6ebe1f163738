"""Where a database is: the connection addresses the window and the command line let a user
type, parsed and built by storage (the window never imports storage itself)."""

from __future__ import annotations

from ..storage.db import DatabaseTarget, parse_target, sqlite_url, with_credentials

__all__ = ["DatabaseTarget", "parse_target", "sqlite_url", "with_credentials"]
