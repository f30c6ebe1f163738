"""Parsing the command line: the parser, command registration and argument types."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, NoReturn

from ..domain.case import OrderItem
from ..domain.errors import UsageError, ValidationError
from ..domain.ids import MAX_ID, ascii_only, looks_like_number, parse_whole
from ..domain.money import parse_amount
from .app import Access, Handler

MAX_PAGE = 10_000  # the most rows one list command returns (--limit)

Subcommands = Any  # argparse's _SubParsersAction, which it does not export


class ParserExit(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so main() decides what to print and return."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message, usage=self.format_usage().strip())

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            sys.stderr.write(message)
        raise ParserExit(status)


def command(
    sub: Subcommands, name: str, handler: Handler, access: Access, help_text: str, **kwargs: Any
) -> argparse.ArgumentParser:
    """Register one command: its parser, the handler that runs it and who it acts as."""
    parser: argparse.ArgumentParser = sub.add_parser(
        name, help=help_text, description=help_text, allow_abbrev=False, **kwargs
    )
    parser.set_defaults(handler=handler, access=access)
    return parser


def group(sub: Subcommands, name: str, help_text: str) -> Subcommands:
    """A command group (`case`, `user`, ...): the sub-command list its commands go into."""
    parser = sub.add_parser(name, help=help_text, allow_abbrev=False)
    return parser.add_subparsers(dest=f"{name}_command", metavar="COMMAND", required=True)


def subcommands_of(sub: Subcommands, name: str) -> Subcommands:
    """An existing group's sub-command list, for commands another module adds to it."""
    parser = sub.choices[name]
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))


def version_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--version",
        type=whole_number("--version"),
        metavar="N",
        help="the case version you last saw (refused if it changed since); default: the "
        "version read when the command starts",
    )


def case_argument(parser: argparse.ArgumentParser, *, required: bool) -> None:
    """The case a command lists for: `CASE`, as every case command takes it, or `--case CASE`.

    Both fill `args.case`. Each defaults to SUPPRESS so the one not given does not overwrite
    the other; a command that needs a case checks with `given_case`.
    """
    parser.set_defaults(case=None)
    parser.add_argument(
        "case",
        metavar="CASE",
        nargs="?",
        default=argparse.SUPPRESS,
        help="case reference (RC-YYYY-NNNNNN) or id" + ("" if required else "; default: all"),
    )
    parser.add_argument(
        "--case",
        dest="case",
        metavar="CASE",
        default=argparse.SUPPRESS,
        help="the same as CASE (an older form, still accepted)",
    )


def given_case(args: argparse.Namespace, command_name: str) -> str:
    """The case `case_argument` read, refused as a usage error when neither form gave one."""
    if not args.case:
        raise UsageError(f"{command_name} needs a case: {command_name} CASE")
    return str(args.case)


def sort_values(argv: list[str]) -> list[str]:
    """Let '--sort -created' mean '--sort=-created' (argparse takes '-created' for an option)."""
    out: list[str] = []
    for token in argv:
        if out and out[-1] == "--sort" and token.startswith("-") and token[1:2].isalpha():
            out[-1] = f"--sort={token}"
        else:
            out.append(token)
    return out


def global_flag(argv: Sequence[str], *flags: str) -> bool:
    """Whether a global option is given, before parsing (errors met while parsing need it)."""
    head = argv[: list(argv).index("--")] if "--" in argv else argv
    return any(flag in head for flag in flags)


def global_value(argv: Sequence[str], option: str) -> str | None:
    """A global option's value before parsing (`--lang de` or `--lang=de`), or None."""
    head = list(argv[: list(argv).index("--")] if "--" in argv else argv)
    for i, word in enumerate(head):
        if word == option and i + 1 < len(head):
            return head[i + 1]
        if word.startswith(option + "="):
            return word.split("=", 1)[1]
    return None


# ---- argument conversion (typing only; the services validate) -------------------------------


def multi(values: list[str] | None) -> list[str]:
    """Repeatable options that also take comma-separated values: --status new,open --status x."""
    return [v.strip() for raw in values or () for v in raw.split(",") if v.strip()]


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
_QTY = re.compile(r"^\d{1,9}$", re.ASCII)


def whole_number(what: str, low: int = 1, high: int = MAX_ID) -> Callable[[str], int]:
    """The argparse type of every id, limit, offset and version typed on the command line.

    ASCII digits 0-9 within low..high (ids: 1 to 2**63-1, what a 64-bit column holds), through
    domain.ids.parse_whole, the parser the services use for ids given as text. A number out of
    range or written in other digits ('١٢٣') is exit 3 with the range; a word is a usage error.
    """

    def convert(text: str) -> int:
        if not looks_like_number(text):
            raise argparse.ArgumentTypeError(
                f"invalid int value: {text!r} (give a whole number from {low} to {high})"
            )
        return parse_whole(text, what, low=low, high=high, field=what.lstrip("-"))

    return convert


def parse_date(text: str | None, field_name: str) -> date | None:
    if not text:
        return None
    try:
        if not _DATE.match(text.strip()):
            raise ValueError
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(f"{text!r} is not a date (YYYY-MM-DD)", field=field_name) from None


def parse_item(raw: str, currency: str) -> OrderItem:
    parts = raw.split("|")
    if len(parts) != 5:
        raise ValidationError(
            f"--item {raw!r}: expected 'SKU|Product|Seller|QTY|PRICE'", field="items"
        )
    sku, product, seller, qty, price = parts
    if not _QTY.match(qty.strip()):
        raise ValidationError(
            f"--item {raw!r}: {qty!r} is not a quantity{ascii_only(qty)}", field="items"
        )
    return OrderItem(sku, product, seller, int(qty.strip()), parse_amount(price, currency))
