"""Backups and restores on both backends; a restore is only accepted once the chain verifies.

SQLite databases are copied with SQLite's online backup API (a consistent snapshot while others
work). PostgreSQL databases are written as a portable logical backup (gzip JSON lines, one table
after another), which restores into an empty database of either backend.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import gzip
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC
from pathlib import Path
from typing import Any

from ..domain.actions import Action
from ..domain.errors import (
    EnvironmentFault,
    PermissionDenied,
    ValidationError,
    VerificationFailed,
)
from ..storage import backup_tables, schema
from ..storage.db import parse_target, translate_errors
from ..storage.dialect import dialect_class
from ..storage.repositories import UserRepository
from ..storage.store import Store
from .context import SYSTEM_ACTOR, Clock, Config, system_clock
from .session import Session

LOGICAL_FORMAT = "rc-backup/1"
SQLITE_MAGIC = b"SQLite format 3\x00"
GZIP_MAGIC = b"\x1f\x8b"
# Derived from the models (storage/schema.py): parents before children, the trail last.
TABLES = schema.app_tables()
SERIAL_TABLES = schema.serial_tables()
Progress = Callable[[int, int], None]
BYTES_KEY = "$base64"  # a binary value (evidence files) in the logical backup's JSON


def _to_json_value(value: Any) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        return {BYTES_KEY: base64.b64encode(bytes(value)).decode("ascii")}
    return value


def _from_json_value(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {BYTES_KEY}:
        return base64.b64decode(value[BYTES_KEY], validate=True)
    return value


def backup(
    ctx: Session, path: str | os.PathLike[str], progress: Progress | None = None
) -> dict[str, Any]:
    """Write a backup to a new file; `progress(done, total)` as it goes (pages or tables)."""
    if ctx.actor.role not in ("admin", "system"):
        raise PermissionDenied("only an admin may back up the database")
    dest = Path(path)
    if dest.exists():
        raise ValidationError(f"{dest} already exists; choose a new file name", field="path")
    store = ctx.store
    head = ctx.audit.head()
    kind = store.dialect.backup_format
    if kind == "sqlite":
        store.backup_sqlite(dest, progress)
    else:
        _write_logical(store, dest, progress)
    return {
        "path": str(dest),
        "format": kind,
        "events": head.seq,
        "head_hash": head.hash,
        "size_bytes": dest.stat().st_size,
    }


def _write_logical(store: Store, dest: Path, progress: Progress | None = None) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".rc-backup-", dir=str(dest.parent))
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:

            def line(obj: Any) -> None:
                gz.write(json.dumps(obj, ensure_ascii=False).encode() + b"\n")

            with store.reading():
                line(
                    {
                        "format": LOGICAL_FORMAT,
                        "schema_version": store.schema_version(),
                        "database_id": store.database_id(),
                    }
                )
                for done, table in enumerate(TABLES):
                    if progress is not None:
                        progress(done, len(TABLES))
                    cols = backup_tables.columns(store, table)
                    line({"table": table, "columns": cols})
                    for row in backup_tables.rows(store, table, cols):
                        line([_to_json_value(v) for v in row])
        os.replace(tmp, dest)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise EnvironmentFault(f"cannot write the backup to {dest}: {exc.strerror}") from exc


def _read_logical(path: Path) -> Iterator[tuple[str, list[str], list[list[Any]]]]:
    try:
        with gzip.open(path, "rb") as gz:
            header = json.loads(gz.readline())
            if not isinstance(header, dict) or header.get("format") != LOGICAL_FORMAT:
                raise ValidationError(f"{path} is not a Resolution Center backup")
            table: str | None = None
            cols: list[str] = []
            rows: list[list[Any]] = []
            for raw in gz:
                item = json.loads(raw)
                if isinstance(item, dict):
                    if table is not None:
                        yield table, cols, rows
                    table, cols, rows = item["table"], item["columns"], []
                else:
                    rows.append([_from_json_value(v) for v in item])
            if table is not None:
                yield table, cols, rows
    except (OSError, EOFError, json.JSONDecodeError, KeyError, binascii.Error) as exc:
        raise ValidationError(
            f"{path} is damaged or not a Resolution Center backup: {exc}"
        ) from exc


def backup_kind(path: str | os.PathLike[str]) -> str:
    """ "sqlite" (a copy of a SQLite database) or "logical" (a shared database's gzip JSON
    lines); ValidationError for a file that is neither, or cannot be read."""
    return _sniff(Path(path))


def _sniff(path: Path) -> str:
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise ValidationError(f"cannot read {path}: {exc.strerror}", field="path") from exc
    if head == SQLITE_MAGIC:
        return "sqlite"
    if head.startswith(GZIP_MAGIC):
        return "logical"
    raise ValidationError(f"{path} is not a Resolution Center backup", field="path")


def _verify(
    url: str, config: Config | None, clock: Clock, what: str, progress: Progress | None = None
) -> int:
    with Store.open(url) as store:
        report = Session(store, SYSTEM_ACTOR, clock=clock, config=config).audit.verify(
            progress=progress
        )
    if not report.ok:
        raise VerificationFailed(
            f"{what} does not verify: {report.first_problem}",
            problems=[str(p) for p in report.problems],
        )
    return report.events


def restore(
    url: str,
    path: str | os.PathLike[str],
    *,
    config: Config | None = None,
    clock: Clock = system_clock,
    progress: Progress | None = None,
    step: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Restore a backup, refusing one whose chain is broken. The current file is kept aside.

    `step` names each stage as it starts (check-backup, copy, check-restored, record) and
    `progress(done, total)` reports within the stage, for a window's progress dialog."""
    say = step or (lambda _stage: None)
    source = Path(path)
    kind = _sniff(source)
    target = parse_target(url)
    if kind == "sqlite":
        say("check-backup")
        _verify(
            "sqlite:///" + str(source.absolute()),
            config,
            clock,
            f"the backup {source}",
            progress,
        )
    say("copy")
    kept_aside = None
    if kind == "sqlite" and dialect_class(url).backup_format == "sqlite":
        assert target.path is not None
        if target.path.exists():
            stamp = clock().astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
            kept_aside = target.path.with_name(f"{target.path.name}.before-restore-{stamp}.bak")
            with Store.open(url) as current:
                current.backup_sqlite(kept_aside)
        backup_tables.copy_sqlite_file(source, target.path)
    else:
        rows = backup_tables.read_sqlite_file(source) if kind == "sqlite" else _read_logical(source)
        _load_into_empty(url, rows)
    say("check-restored")
    events = _verify(url, config, clock, "the restored database", progress)
    say("record")
    with Store.open(url) as store:
        with store.transaction(SYSTEM_ACTOR, clock()) as work:
            work.emit(
                Action.DATABASE_RESTORED,
                "database",
                store.database_id(),
                {"source": source.name, "format": kind, "events": events},
            )
        needing = _users_needing_password(store)
    return {
        "restored_from": str(source),
        "format": kind,
        "events_verified": events,
        "previous_database_kept_at": str(kept_aside) if kept_aside else None,
        "users_needing_password": needing,
    }


def _users_needing_password(store: Store) -> list[str]:
    """Users who cannot log in to the restored copy until `user passwd NAME` gives a password.

    SQLite: users that came from a PostgreSQL backup (that server authenticated them).
    PostgreSQL: users with no login role on this server; those with one join this database.
    """
    with translate_errors(store.target), store.db.atomic():
        return UserRepository(store).without_login()


def _load_into_empty(url: str, tables: Iterator[tuple[str, list[str], list[list[Any]]]]) -> None:
    store = Store.open(url, create=True, migrate=True)
    try:
        if store.opened_version != 0:
            raise ValidationError(
                f"{store.target.display} is not empty: restore a logical "
                "backup into a new, empty database"
            )
        with translate_errors(store.target), store.db.atomic():
            for table, cols, rows in tables:
                backup_tables.load(store, table, cols, rows)
            store.dialect.after_load(SERIAL_TABLES)
    finally:
        store.close()
