"""The application object of one run: terminal, passwords, database, the acting user's context."""

from __future__ import annotations

import contextlib
import getpass
import os
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ..domain.errors import (
    AuthenticationError,
    EnvironmentFault,
    RCError,
    UsageError,
    ValidationError,
)
from ..services.context import Clock, Config, system_clock
from ..services.service_text import language_from_environment, localize
from ..services.session import Session, open_context
from ..services.targets import shared, sqlite_url
from .output import Output, format_json, format_text

if TYPE_CHECKING:
    import argparse

PROG = "resolution-center"
EXIT_OK = 0
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130
ENV_DATABASE = "RESOLUTION_CENTER_DATABASE"
ENV_USER = "RESOLUTION_CENTER_USER"
ENV_DEBUG = "RESOLUTION_CENTER_DEBUG"


class Access(StrEnum):
    """Who a command acts as."""

    SETUP = "setup"  # init, demo, restore: the built-in actor `system`, no login
    OPTIONAL = "optional"  # verify: the user if one is given, else `system`
    READER = "reader"  # case list/show: a user on SQLite; the URL's own role on PostgreSQL
    USER = "user"  # everything else: a logged-in user


class NoContext(RuntimeError):
    """A command registered as Access.SETUP asked for the logged-in context: a wiring bug."""


# ---- the terminal: streams, passwords, progress, errors -------------------------------------


class Terminal:
    """The three streams and the output mode; the only place that writes to them."""

    def __init__(self, stdin: TextIO, stdout: TextIO, stderr: TextIO, json_mode: bool) -> None:
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        self.json = json_mode
        # Error messages in this language (--lang, else the environment); JSON stays English.
        self.language = language_from_environment()

    @staticmethod
    def _tty(stream: TextIO) -> bool:
        try:
            return stream.isatty()
        except (AttributeError, ValueError):
            return False

    def stdin_is_tty(self) -> bool:
        return self._tty(self.stdin)

    def show(self, out: Output) -> None:
        self.stdout.write(format_json(out.data) if self.json else format_text(out))
        self.stdout.flush()

    def error(self, exc: RCError) -> None:
        if self.json:
            self.stderr.write(format_json({"error": exc.to_dict()}))
        else:
            usage = exc.details.get("usage") if exc.kind == "usage" else None
            message = localize(exc.message, self.language)
            self.stderr.write((f"{usage}\n" if usage else "") + f"error: {message}\n")
        self.stderr.flush()

    def internal_error(self, exc: BaseException) -> None:
        text = f"{type(exc).__name__}: {exc}"
        if os.environ.get(ENV_DEBUG) == "1":
            self.stderr.write(traceback.format_exc())
        if self.json:
            self.stderr.write(format_json({"error": {"kind": "internal", "message": text}}))
        else:
            self.stderr.write(f"internal error: {text}\n")
        self.stderr.flush()

    def progress(self, what: str, *, bar: bool = False, force: bool = False) -> Progress | None:
        """A progress line on stderr, only for a person watching a terminal (or when forced:
        `import --progress`)."""
        if not force and (self.json or not self._tty(self.stderr)):
            return None
        return Progress(self.stderr, what, bar)


class Progress:
    WIDTH = 30

    def __init__(self, stream: TextIO, what: str, bar: bool = False) -> None:
        self.stream = stream
        self.what = what
        self.bar = bar
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        of = f" of {total:,}" if total else ""
        if self.bar and total:
            filled = min(self.WIDTH, self.WIDTH * done // total)
            drawn = "#" * filled + "." * (self.WIDTH - filled)
            self.stream.write(f"\r{self.what}: [{drawn}] {100 * done // total:3d}% {done:,}{of}")
        else:
            self.stream.write(f"\r{self.what}: {done:,}{of}")
        self.stream.flush()
        self.shown = True

    def finish(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()


@contextlib.contextmanager
def progress_of(
    term: Terminal, what: str, *, bar: bool = False, force: bool = False
) -> Iterator[Progress | None]:
    """A progress line for the length of the block, ended on its own line however it ends."""
    progress = term.progress(what, bar=bar, force=force)
    try:
        yield progress
    finally:
        if progress:
            progress.finish()


class Passwords:
    """Passwords in the order a command needs them: from stdin lines, or prompted on a terminal.

    With --password-stdin each password is one line of stdin, in order: the acting user's first
    (when there is one), then a new password (user add, user passwd, init --admin).
    """

    def __init__(self, term: Terminal, from_stdin: bool) -> None:
        self.term = term
        self.from_stdin = from_stdin

    def _line(self) -> str | None:
        line = self.term.stdin.readline()
        if not line:
            return None
        return line[:-1].removesuffix("\r") if line.endswith("\n") else line

    def _prompt(self, prompt: str) -> str:
        try:
            return getpass.getpass(prompt, stream=self.term.stderr)
        except EOFError:
            raise AuthenticationError("no password was entered") from None

    def current(self, username: str) -> str:
        """The acting user's password."""
        if self.from_stdin:
            line = self._line()
            if line is None:
                raise AuthenticationError(
                    f"--password-stdin: no password for {username} on standard input"
                )
            return line
        if self.term.stdin_is_tty():
            return self._prompt(f"password for {username}: ")
        raise AuthenticationError(
            f"a password for {username} is needed: standard input is not a terminal, "
            "so pass it on the first line of standard input with --password-stdin"
        )

    def new(self, whose: str) -> str:
        """A password being set (a new user, a changed password): typed twice on a terminal."""
        if self.from_stdin:
            line = self._line()
            if line is None:
                raise UsageError(
                    f"--password-stdin: the new password for {whose} is missing on standard "
                    "input (one line per password, the acting user's first)"
                )
            return line
        if self.term.stdin_is_tty():
            first = self._prompt(f"new password for {whose}: ")
            if self._prompt(f"new password for {whose} again: ") != first:
                raise ValidationError("the two passwords differ", field="password")
            return first
        raise UsageError(
            f"a new password for {whose} is needed: standard input is not a terminal, "
            "so pass it on standard input with --password-stdin"
        )

    def rest(self) -> str:
        """What is left on stdin after the password lines (a note or description from '-')."""
        return self.term.stdin.read()

    def server_secret(self, env: str | None, ask: bool, whose: str) -> str | None:
        """A mail server's password for `--password-env VAR` (read from $VAR) or
        `--set-password` (typed twice, or a line of stdin); None when neither was given."""
        if env:
            value = os.environ.get(env)
            if not value:
                raise ValidationError(
                    f"the environment variable {env} is not set", field="password"
                )
            return value
        return self.new(whose) if ask else None


@dataclass
class App:
    """The composition root of one run: where the data is, who acts, clock and configuration.

    Handlers receive the App and their arguments; those that act as someone read `app.ctx`,
    which `run` opens (per the command's Access) before the handler runs and closes after.
    """

    term: Terminal
    passwords: Passwords
    database: str | None
    user: str | None
    config: Config
    clock: Clock = system_clock
    _ctx: Session | None = field(default=None, init=False, repr=False)

    @cached_property
    def url(self) -> str:
        return self.database or default_database_url()

    @property
    def ctx(self) -> Session:
        """The context the command acts in: the logged-in user, or `system`."""
        if self._ctx is None:
            raise NoContext(
                "this command was registered with Access.SETUP, so it has no logged-in "
                "context; register it with Access.USER, READER or OPTIONAL to use app.ctx"
            )
        return self._ctx

    def open(self, access: Access) -> Session:
        url = self.url
        if not self.user:
            needs_user = access is Access.USER or (access is Access.READER and not shared(url))
            if needs_user:
                raise AuthenticationError(
                    f"this command needs a user: give --user NAME (or set {ENV_USER})"
                )
            return open_context(url, None, None, config=self.config, clock=self.clock)
        password = self.passwords.current(self.user)
        return open_context(url, self.user, password, config=self.config, clock=self.clock)

    @contextlib.contextmanager
    def session(self, access: Access) -> Iterator[None]:
        """`app.ctx` for the length of the block (none for set-up commands, which log in
        nowhere: they create, fill or replace the database)."""
        if access is Access.SETUP:
            yield
            return
        with self.open(access) as ctx:
            self._ctx = ctx
            try:
                yield
            finally:
                self._ctx = None

    def confirm_password(self) -> str:
        """The acting user's password again (sign-off): the prompt or the next stdin line."""
        return self.passwords.current(self.ctx.actor.username)

    def read_text(self, path: str, field_name: str) -> str:
        """A text file named on the command line ('-' is what remains on stdin)."""
        if path == "-":
            return self.passwords.rest()
        try:
            return Path(path).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise ValidationError(f"{path} is not UTF-8 text", field=field_name) from None
        except OSError as exc:
            raise UsageError(f"cannot read {path}: {exc.strerror}", field=field_name) from exc


Handler = Callable[[App, "argparse.Namespace"], Output]
"""Every command: the run's App and the parsed arguments in, what to show out."""


def default_database_url() -> str:
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("resolution-center", appauthor=False))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise EnvironmentFault(f"cannot create the data folder {folder}: {exc.strerror}") from exc
    return sqlite_url(folder / "resolution-center.db")
