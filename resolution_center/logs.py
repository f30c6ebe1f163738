"""Logging, configured in this one place: a rotating file in the user's log folder, -v on stderr.

Every module logs to its own named logger (`logging.getLogger(__name__)`), so a line says which
subsystem wrote it: resolution_center.storage.*, .services.*, .cli.*, and ui.* for the window.
What goes in the file is what a user who reports a problem can send: driver errors, slow
transactions, migrations, logins (names only: never a password or a customer's details), and
unexpected exceptions with their traceback.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path
from typing import TextIO

ENV_LOG_DIR = "RESOLUTION_CENTER_LOG_DIR"
LOG_FILE = "resolution-center.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
# A transaction or window operation slower than this is logged with its duration: slowness a
# user reports is then in the file, with what was slow.
SLOW_SECONDS = 1.0
# The loggers configured here: ours only. peewee logs each query with its parameters at DEBUG,
# and those carry customers' details, so third-party loggers are left alone.
ROOTS = ("resolution_center", "ui")

FILE_FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(process)d] %(message)s"
CONSOLE_FORMAT = "%(levelname)s %(name)s: %(message)s"


def log_dir() -> Path:
    """The folder of the log file: $RESOLUTION_CENTER_LOG_DIR, else the user's log folder."""
    given = os.environ.get(ENV_LOG_DIR)
    if given:
        return Path(given).expanduser()
    from platformdirs import user_log_dir

    return Path(user_log_dir("resolution-center", appauthor=False))


def log_path() -> Path:
    """The current log file (older ones beside it end in .1 to .5)."""
    return log_dir() / LOG_FILE


class _FileHandler(logging.handlers.RotatingFileHandler):
    """A log file that never breaks the program: a full disk or a file another process is
    rotating loses a line, not the command."""

    def handleError(self, record: logging.LogRecord) -> None:
        pass


class _ConsoleHandler(logging.StreamHandler[TextIO]):
    def handleError(self, record: logging.LogRecord) -> None:
        pass


_OWNED = "_resolution_center_owned"  # marks the handlers configure() installed


def configure(
    *,
    verbose: bool = False,
    console: TextIO | None = None,
    max_bytes: int = MAX_BYTES,
    backups: int = BACKUPS,
) -> Path | None:
    """(Re)configure our loggers: the rotating file, and with `verbose` DEBUG on `console`.

    Safe to call again (each CLI run in one process does): the handlers of the last call are
    closed and replaced. Returns the log file, or None when its folder cannot be written (the
    program runs on without a file).
    """
    level = logging.DEBUG if verbose else logging.INFO
    handlers: list[logging.Handler] = []
    file = log_path()
    path: Path | None = file
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        file_handler = _FileHandler(
            file, maxBytes=max_bytes, backupCount=backups, encoding="utf-8", delay=True
        )
    except OSError:
        path = None
    else:
        file_handler.setFormatter(logging.Formatter(FILE_FORMAT))
        handlers.append(file_handler)
    if verbose and console is not None:
        console_handler = _ConsoleHandler(console)
        console_handler.setFormatter(logging.Formatter(CONSOLE_FORMAT))
        handlers.append(console_handler)
    if not handlers:
        # Without a handler of ours Python's last resort would print warnings on stderr.
        handlers.append(logging.NullHandler())
    for handler in handlers:
        handler.setLevel(level)
        setattr(handler, _OWNED, True)
    for name in ROOTS:
        logger = logging.getLogger(name)
        _remove_owned(logger)
        logger.setLevel(level)
        for handler in handlers:
            logger.addHandler(handler)
    return path


def detach_console() -> None:
    """Stop writing to the console stream (it may be closed or reused after a CLI run)."""
    for name in ROOTS:
        logger = logging.getLogger(name)
        for handler in list(logger.handlers):
            if getattr(handler, _OWNED, False) and isinstance(handler, _ConsoleHandler):
                logger.removeHandler(handler)


def reset() -> None:
    """Remove and close every handler configure() installed (tests; a host that embeds us)."""
    for name in ROOTS:
        _remove_owned(logging.getLogger(name))
        logging.getLogger(name).setLevel(logging.NOTSET)


def _remove_owned(logger: logging.Logger) -> None:
    for handler in list(logger.handlers):
        if getattr(handler, _OWNED, False):
            logger.removeHandler(handler)
            # The same file handler serves every root: closing twice is harmless.
            handler.close()


def tail(path: Path | None = None, max_bytes: int = 256_000) -> str:
    """The end of the log file as text (whole lines), or '' when there is none yet."""
    path = path or log_path()
    try:
        with path.open("rb") as file:
            size = file.seek(0, os.SEEK_END)
            file.seek(max(0, size - max_bytes))
            data = file.read()
    except OSError:
        return ""
    text = data.decode("utf-8", errors="replace")
    if size > max_bytes:
        text = text.partition("\n")[2]  # the first line was cut
    return text
