"""Every schema step that adds a column to a vouched table is in setup.COLUMNS_ADDED, so an
upgrade across it seals that table's rows (the images older events hold lack the column, and
`verify` would accuse every such row)."""

from __future__ import annotations

import re
from pathlib import Path

from resolution_center.services.setup import COLUMNS_ADDED
from resolution_center.storage import migrations
from resolution_center.storage.vouched import BY_NAME

ADD_COLUMN = re.compile(r'ALTER TABLE "?(\w+)"? ADD COLUMN "?(\w+)', re.IGNORECASE)
CREATE_TABLE = re.compile(r'CREATE TABLE (?:IF NOT EXISTS )?"?(\w+)', re.IGNORECASE)


def widened_by_ddl() -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for ddl in Path(migrations.__file__).parent.glob("*.sql"):
        step, text = int(ddl.name[:4]), ddl.read_text()
        created = set(CREATE_TABLE.findall(text))  # a table new in the step has no old rows
        tables = {
            t
            for t, column in ADD_COLUMN.findall(text)
            if t in BY_NAME and t not in created and column not in BY_NAME[t].skip
        }
        if tables and step > 6:  # before step 6 events carried no images: all rows are sealed
            found.setdefault(step, set()).update(tables)
    return found


def test_every_step_that_widens_a_vouched_table_seals_it_on_upgrade() -> None:
    widened = widened_by_ddl()
    assert widened, "no step adds a column to a vouched table: the check has nothing to hold"
    assert {step: set(tables) for step, tables in COLUMNS_ADDED.items()} == widened
