"""Mail in: received messages on `messages`, the mail quarantine and the IMAP cursors (frozen
DDL: 0017_mail_in.<backend>.sql)."""

from __future__ import annotations

import peewee

from . import ddl


def up(db: peewee.Database, backend: str) -> None:
    ddl.run(db, "0017_mail_in", backend)
