"""The whole command line: global options, every group's commands, and main()."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
import time
from collections.abc import Iterator, Sequence
from typing import Any, TextIO

from .. import __version__, logs
from ..domain.errors import RCError
from ..services.context import Config, system_clock
from ..services.service_text import language_code
from . import (
    agreements,
    backup,
    bench,
    cases,
    evidence,
    follow_ups,
    imports,
    kpis,
    mail,
    messages,
    notifications,
    outbox,
    patterns,
    queues,
    remedies,
    reviews,
    satisfaction,
    setup,
    sla,
    users,
    verify,
)
from .app import (
    ENV_DATABASE,
    ENV_USER,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    PROG,
    App,
    Handler,
    Passwords,
    Terminal,
)
from .output import Output
from .parsing import Parser, ParserExit, global_flag, global_value, sort_values

log = logging.getLogger(__name__)

# Each module adds its commands; the order is the order `--help` lists them in. A new group is
# one module with a `register(sub)` and one line here.
GROUPS = (
    setup,
    cases,
    evidence,
    follow_ups,
    verify,
    backup,
    users,
    queues,
    remedies,
    agreements,
    messages,
    satisfaction,
    notifications,
    outbox,
    mail,
    imports,
    sla,
    kpis,
    patterns,
    reviews,
    bench,
)


def build_parser() -> Parser:
    parser = Parser(
        prog=PROG,
        description="Resolution Center: e-commerce complaints and disputes from the command line.",
        allow_abbrev=False,
    )
    add_global_options(parser)
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for group in GROUPS:
        group.register(sub)
    _accept_global_options_after(sub)
    return parser


def add_global_options(parser: argparse.ArgumentParser, *, after: bool = False) -> None:
    """The options every command shares; `after` adds them to a command's own parser.

    After the command they default to SUPPRESS, so an option not given there leaves the value
    the main parser set (given before the command, or from the environment) in place.
    """
    defaults: dict[str, object] = {
        "database": os.environ.get(ENV_DATABASE),
        "user": os.environ.get(ENV_USER),
        "password_stdin": False,
        "json": False,
        "verbose": False,
        "lang": None,
    }
    if after:
        defaults = dict.fromkeys(defaults, argparse.SUPPRESS)
        target: argparse._ActionsContainer = parser.add_argument_group(
            "global options (also accepted before the command)"
        )
    else:
        target = parser
    taken = parser._option_string_actions  # a command's own option of the same name wins

    def add(*flags: str, **kwargs: Any) -> None:
        if not any(flag in taken for flag in flags):
            target.add_argument(*flags, **kwargs)

    add(
        "--database",
        metavar="URL",
        default=defaults["database"],
        help="sqlite:////abs/path.db or postgresql://user@host/db "
        f"(default: ${ENV_DATABASE}, else a file in the user data folder)",
    )
    add(
        "--user",
        metavar="NAME",
        default=defaults["user"],
        help=f"who acts (default: ${ENV_USER})",
    )
    add(
        "--password-stdin",
        action="store_true",
        default=defaults["password_stdin"],
        help="read passwords from stdin, one per line, the acting user's first",
    )
    add("--json", action="store_true", default=defaults["json"], help="JSON output; errors as JSON")
    add(
        "--lang",
        metavar="CODE",
        default=defaults["lang"],
        help="language of error messages, e.g. de (default: $RESOLUTION_CENTER_LANG, else "
        "LC_ALL, LC_MESSAGES or LANG; JSON output stays English)",
    )
    add(
        "-v",
        "--verbose",
        action="store_true",
        default=defaults["verbose"],
        help=f"diagnostics on stderr (the log file, {logs.log_path()}, always has the rest)",
    )


def _accept_global_options_after(sub: Any) -> None:
    """Give every group and command parser the global options, as git and gh accept them
    before or after the command. A parser that hands its words on untouched (`bench`, whose
    prefix is '+') keeps them all for itself."""
    for parser in sub.choices.values():
        if "-" not in parser.prefix_chars:
            continue
        add_global_options(parser, after=True)
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                _accept_global_options_after(action)


@contextlib.contextmanager
def _argparse_streams(term: Terminal) -> Iterator[None]:
    # argparse prints --help and --version to sys.stdout; send them where main() was told.
    with contextlib.redirect_stdout(term.stdout), contextlib.redirect_stderr(term.stderr):
        yield


def _name(args: argparse.Namespace) -> str:
    """`case list`, `user add`...: the command as typed, for the log."""
    words = [args.command]
    words += [v for k, v in vars(args).items() if k.endswith(("_command", "_source")) and v]
    return " ".join(words)


def run(app: App, args: argparse.Namespace) -> Output:
    handler: Handler = args.handler
    with app.session(args.access):
        return handler(app, args)


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run one command; returns the exit code (the console script passes it to sys.exit)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    term = Terminal(
        sys.stdin if stdin is None else stdin,
        sys.stdout if stdout is None else stdout,
        sys.stderr if stderr is None else stderr,
        global_flag(argv, "--json"),
    )
    early_lang = global_value(argv, "--lang")  # usage errors come before the parse ends
    if early_lang:
        term.language = language_code(early_lang)
    logs.configure()  # the file only, until the options say whether to be verbose
    started = time.perf_counter()
    name = "?"
    try:
        with _argparse_streams(term):
            args = build_parser().parse_args(sort_values(argv))
        term.json = args.json
        if args.lang:
            term.language = language_code(args.lang)
        if args.verbose:
            logs.configure(verbose=True, console=term.stderr)
        name = _name(args)
        log.debug("%s: %s as %s", name, args.access.value, args.user or "system")
        app = App(
            term,
            Passwords(term, args.password_stdin),
            args.database,
            args.user,
            Config.from_env(),
            system_clock,
        )
        term.show(run(app, args))
        code = EXIT_OK
    except ParserExit as done:
        code = done.status
    except RCError as exc:
        log.info("%s: %s (exit %d)", name, exc.kind, exc.exit_code)
        term.error(exc)
        code = exc.exit_code
    except KeyboardInterrupt:
        log.info("%s: interrupted", name)
        term.stderr.write("interrupted\n")
        code = EXIT_INTERRUPTED
    except Exception as exc:
        log.exception("%s: internal error", name)
        term.internal_error(exc)
        code = EXIT_INTERNAL
    log.debug("%s: exit %d after %.3f s", name, code, time.perf_counter() - started)
    logs.detach_console()
    return code
