"""Frozen DDL of released schema steps: `<step>.<backend>.sql` beside this module.

A released step's text never changes, so a database migrated today gets exactly the tables the
step made when it was released; nothing here imports today's models.
"""

from __future__ import annotations

from importlib import resources

import peewee


def statements(step: str, backend: str) -> list[str]:
    """The statements of `step` for `backend`, in order (each file ends each with ';\\n')."""
    text = resources.files(__package__).joinpath(f"{step}.{backend}.sql").read_text("utf-8")
    chunks = (s.strip() for s in text.split(";\n"))
    return [s for s in chunks if any(not line.startswith("--") for line in s.splitlines())]


def run(db: peewee.Database, step: str, backend: str) -> None:
    for statement in statements(step, backend):
        db.execute_sql(statement)
