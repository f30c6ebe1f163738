"""Service messages in the user's language, without Qt: a message table keyed by the English text.

The services raise errors in English, with the values filled in ("RM-000012 is approved: there
is nothing to sign off"). A catalog (resources/translations/service_messages_<lang>.toml) holds,
for each such message, its English shape with named placeholders and the translation using the
same names. Translating a message finds the shape it was made from, takes the values out of it
and puts them into the translation; a value that is itself a code (a status, a role, a field
name) or another known message is translated too. A message without an entry stays English:
a missing translation shows the original, never nothing.

The language is chosen once per process (the window from its setting or the system, the
command line from --lang or the environment) and read wherever a message is shown; the
services themselves keep raising English, which is also what the log and JSON output carry.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from ..domain.errors import RCError
from .context import resource_path

ENV_LANGUAGE = "RESOLUTION_CENTER_LANG"
ENGLISH = "en"
CATALOG_FORMAT = 1
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
# What a placeholder may match, by the first word of its name; any other name matches any text
# (shortest first). Typed ones keep "12.00 EUR full-refund" apart as {amount} {kind}.
_TYPED = {
    "amount": r"-?[0-9][0-9,]*(?:\.[0-9]+)? [A-Z]{3}",
    "kind": r"[a-z][a-z-]*",
    "role": r"[a-z][a-z-]*",
    "state": r"[a-z][a-z-]*",
    "n": r"[0-9][0-9,]*",
    "count": r"[0-9][0-9,]*",
    "length": r"[0-9][0-9,]*",
    "days": r"[0-9]+",
    "version": r"[0-9]+",
    "rule": r"[A-Z][0-9]+",
    "ref": r"[A-Z]{2,3}-[0-9][0-9-]*",
}
_COUNTS = frozenset({"n", "count", "length"})
_MONEY = re.compile(r"(-?)([0-9][0-9,]*)(?:\.([0-9]+))? ([A-Z]{3})")
_MAX_DEPTH = 3  # a message quoting a message quoting a message; enough for every one we have

_language = ENGLISH


def language_code(name: str | None) -> str:
    """'de_DE.UTF-8', 'de-AT', 'German' -> 'de'; 'C', 'POSIX', '' -> 'en'."""
    text = (name or "").strip().lower()
    if not text or text in {"c", "posix"} or text.startswith(("c.", "posix.")):
        return ENGLISH
    code = re.split(r"[_.@\-]", text, maxsplit=1)[0]
    return {"german": "de", "deutsch": "de", "english": "en"}.get(code, code)


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The language the environment asks for, as POSIX orders it (LC_ALL, LC_MESSAGES, LANG),
    with this program's own variable first."""
    env = os.environ if environ is None else environ
    for name in (ENV_LANGUAGE, "LC_ALL", "LC_MESSAGES", "LANG"):
        if env.get(name):
            return language_code(env[name])
    return ENGLISH


def set_language(code: str | None) -> str:
    """Messages are shown in this language from now on (English when there is no catalog)."""
    global _language
    wanted = language_code(code)
    _language = wanted if wanted == ENGLISH or catalog_for(wanted) is not None else ENGLISH
    return _language


def current_language() -> str:
    return _language


def available_languages() -> list[str]:
    found = sorted(
        p.stem.removeprefix("service_messages_")
        for p in resource_path("translations").glob("service_messages_*.toml")
    )
    return [ENGLISH, *found]


@dataclass(frozen=True)
class _Entry:
    pattern: re.Pattern[str]
    translation: str


class Catalog:
    """One language's messages and values (codes shown inside messages)."""

    def __init__(
        self,
        messages: Mapping[str, str],
        values: Mapping[str, str],
        separators: tuple[str, str] = (".", ","),
    ) -> None:
        self.values = dict(values)
        self.decimal, self.group = separators
        self.messages = dict(messages)
        # The most literal text first: "the case is already {state}" must win over "{what}".
        ordered = sorted(messages.items(), key=lambda kv: -len(_PLACEHOLDER.sub("", kv[0])))
        self._entries = [_Entry(_compile(english), german) for english, german in ordered]

    @classmethod
    def from_toml(cls, text: str) -> Catalog:
        data = tomllib.loads(text)
        if data.get("format") != CATALOG_FORMAT:
            raise ValueError(f"service message catalog format {data.get('format')!r} is unknown")
        numbers = data.get("numbers", {})
        separators = (numbers.get("decimal", "."), numbers.get("group", ","))
        return cls(data.get("messages", {}), data.get("values", {}), separators)

    def translate(self, text: str, depth: int = 0) -> str:
        if text in self.values:
            return self.values[text]
        if depth > _MAX_DEPTH:
            return text
        for entry in self._entries:
            match = entry.pattern.fullmatch(text)
            if match is not None:
                found = {k: self._filled(k, v, depth) for k, v in match.groupdict().items()}
                return entry.translation.format_map(found)
        return text

    def has(self, text: str) -> bool:
        """Whether a message (not a lone value) has a translation here."""
        return any(e.pattern.fullmatch(text) for e in self._entries)

    def _filled(self, name: str, value: str, depth: int) -> str:
        kind = _kind(name)
        if kind == "verbatim":  # what someone typed (a note, a subject): never translated
            return value
        if kind == "amount":
            return self._money(value)
        if kind in _COUNTS:
            return value.replace(",", self.group)
        return self._value(value, depth)

    def _money(self, text: str) -> str:
        """'1,234.56 EUR' with this language's separators ('1.234,56 EUR')."""
        match = _MONEY.fullmatch(text)
        if match is None:
            return text
        sign, whole, frac, code = match.groups()
        whole = whole.replace(",", self.group)
        return f"{sign}{whole}{self.decimal + frac if frac else ''} {code}"

    def _value(self, value: str, depth: int) -> str:
        if not value:
            return value
        if value in self.values:
            return self.values[value]
        whole = self.translate(value, depth + 1)
        if whole != value:
            return whole
        parts = _list_items(value)
        if len(parts) > 1:
            return ", ".join(self._value(p, depth + 1) for p in parts)
        return value


def _compile(english: str) -> re.Pattern[str]:
    pattern: list[str] = []
    seen: set[str] = set()
    last = 0
    for match in _PLACEHOLDER.finditer(english):
        pattern.append(re.escape(english[last : match.start()]))
        name = match.group(1)
        shape = _TYPED.get(_kind(name), ".*?")
        pattern.append(f"(?P={name})" if name in seen else f"(?P<{name}>{shape})")
        seen.add(name)
        last = match.end()
    pattern.append(re.escape(english[last:]))
    return re.compile("".join(pattern), re.DOTALL)


def _list_items(text: str) -> list[str]:
    """'a, b (c, d), e' -> ['a', 'b (c, d)', 'e']: a list a message joined, not its parts'."""
    items, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif depth == 0 and text.startswith(", ", i):
            items.append(text[start:i])
            start = i + 2
    items.append(text[start:])
    return items


def _kind(name: str) -> str:
    return re.split(r"[_0-9]", name, maxsplit=1)[0]


@cache
def catalog_for(language: str) -> Catalog | None:
    path = resource_path("translations") / f"service_messages_{language}.toml"
    if not path.is_file():
        return None
    return Catalog.from_toml(path.read_text(encoding="utf-8"))


def localize(text: str, language: str | None = None) -> str:
    """A service's English message in `language` (default: the process's language)."""
    code = language_code(language) if language is not None else _language
    if code == ENGLISH:
        return text
    found = catalog_for(code)
    return found.translate(text) if found is not None else text


def localize_message(text: str, language: str | None = None) -> str | None:
    """`text` translated only if it is a known message (not a lone value), else None: for
    pieces of a longer text, where a word on its own may be someone's typing."""
    code = language_code(language) if language is not None else _language
    found = catalog_for(code) if code != ENGLISH else None
    if found is None or not found.has(text):
        return None
    return found.translate(text)


def error_text(error: RCError, language: str | None = None) -> str:
    """What to show the user for a service error."""
    return localize(error.message, language)
