"""PostgreSQL's functions and triggers as `.sql` files, rendered with the Python values they use.

Each `<subject>.sql` here holds the PL/pgSQL of one `storage/pg_<subject>.py`, which loads it
with `render`. Where the SQL needs a constant the Python code also knows (remedy states, roles,
the vouched tables), the file names it as a `{{placeholder}}` and the module fills it in from
the enum or table that defines it, so a rule is written once and the database follows it on the
next `init`. Rendered placeholders rather than a lookup table: the rules are code, so the
functions stay self-contained (no table an owner could edit beside the trail, no extra query in
every guard, no schema step), and a test (tests/storage/test_pg_verdicts.py) holds the domain and
the database to the same verdicts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from enum import StrEnum
from importlib import resources

from ...domain.actions import Action

_PLACEHOLDER = re.compile(r"\{\{([a-z_][a-z0-9_]*)\}\}")


def source(name: str) -> str:
    """The text of `name`.sql, as stored in the package (an installed wheel carries them)."""
    return resources.files(__name__).joinpath(f"{name}.sql").read_text(encoding="utf-8")


def render(name: str, values: Mapping[str, str] | None = None) -> str:
    """`name`.sql with each `{{key}}` replaced by `values[key]`.

    A placeholder without a value is a bug (the SQL names a constant its module does not
    render), so it fails here rather than as a syntax error at `init`. Values no placeholder
    uses are fine: a module renders whole enums (every state), not only what the SQL needs.
    """
    values = {**members("action", Action), **(values or {})}  # any file may write an event
    text = source(name)
    missing = set(_PLACEHOLDER.findall(text)) - values.keys()
    if missing:
        raise KeyError(f"{name}.sql: no value for {sorted(missing)}")
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], text)


def literal(value: str | None) -> str:
    """A SQL string literal (or NULL)."""
    return "NULL" if value is None else "'" + value.replace("'", "''") + "'"


def literals(values: Iterable[str]) -> str:
    """A comma-separated list of SQL string literals, for `IN (...)`; sorted, so the rendered
    text (and the bench's schema fingerprint) does not depend on a set's order."""
    return ", ".join(literal(v) for v in sorted(values))


def members(prefix: str, enum: Iterable[StrEnum]) -> dict[str, str]:
    """`{{prefix_member}}` for each member of `enum`: `{{state_pending_signoff}}` is
    'pending-signoff', `{{action_remedy_approved}}` is 'remedy.approved'."""
    return {f"{prefix}_{m.name.lower()}": literal(m.value) for m in enum}
