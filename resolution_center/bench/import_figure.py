"""The "import csv" figure: a CSV export of up to 100,000 rows imported through a mapping, against
the raw driver parsing the same file and writing the same rows.

The export is written from the synthetic cases (one row per case: customer, order with decimal
amounts, category, channel, priority, status, subject, narrative, tags, times; no notes), read by
a mapping of the kind an admin writes (BENCH_MAPPING). The app's side is `import_export` into an
empty database: the encoding check, two passes over the file, the mapping, the checks, the
batches and their audit events. The raw side parses the file once with the csv module and writes
the rows the import wrote (the same plan, built outside the timing, as the bulk-load figure's
baseline) with executemany / COPY.
"""

from __future__ import annotations

import csv
import json
import tempfile
from collections.abc import Iterable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from ..domain import audit
from ..domain.case import Channel, Priority, Status
from ..services.context import SYSTEM_ACTOR, Config
from ..services.import_files import import_export, open_export
from ..services.import_mapping import Mapping, parse_mapping
from ..services.imports import ImportPlan, plan_import
from ..services.session import Session
from ..storage.repositories import UserRepository
from ..storage.store import Store
from . import raw as rawlib
from . import synthetic
from .figures import Bench, Result, figure, rate_result
from .timing import once

ROWS = 100_000
COLUMNS = (
    "ticket_id",
    "name",
    "email",
    "phone",
    "order",
    "placed",
    "currency",
    "total",
    "shipping",
    "category",
    "channel",
    "priority",
    "status",
    "subject",
    "description",
    "tags",
    "received",
)


def bench_mapping(categories: list[str]) -> Mapping:
    """The export's mapping; `categories`: every "category" or "category/subcategory" it holds."""

    def same(values: Iterable[str]) -> str:  # each source value names itself
        return "{ " + ", ".join(f'"{v}" = "{v}"' for v in values) + " }"

    return parse_mapping(
        f"""
[source]
system = "helpdesk-export"
id = "ticket_id"
encoding = "utf-8"

[fields]
customer_name = "name"
customer_email = "email"
customer_phone = "phone"
order_number = "order"
order_placed = {{ column = "placed", formats = ["%Y-%m-%d"] }}
currency = "currency"
order_total = "total"
shipping = "shipping"
subject = "subject"
description = "description"
received_at = {{ column = "received", formats = ["%Y-%m-%d %H:%M:%S"] }}
category = {{ column = "category", values = {same(categories)} }}
channel = {{ column = "channel", values = {same(c.value for c in Channel)} }}
priority = {{ column = "priority", values = {same(p.value for p in Priority)} }}
status = {{ column = "status", values = {same(s.value for s in Status)}, default = "new" }}
tags = {{ split = ["tags"] }}
""",
        "bench",
    )


def write_export(path: Path, spec: synthetic.Spec, rows: int) -> list[str]:
    """Write the export; returns the category values it holds."""
    seen: set[str] = set()
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(COLUMNS)
        for record in synthetic.records(spec, 0, rows, big_allowed=False):
            d = record.draft
            category = d.category + (f"/{d.subcategory}" if d.subcategory else "")
            seen.add(category)
            received = record.received_at
            out.writerow(
                (
                    record.source_id,
                    d.customer.name,
                    d.customer.email,
                    d.customer.phone,
                    d.order.number,
                    d.order.placed_on.isoformat() if d.order.placed_on else "",
                    d.order.currency,
                    d.order.total.as_decimal_text(),
                    d.order.shipping.as_decimal_text(),
                    category,
                    d.channel.value,
                    d.priority.value,
                    str(record.status),
                    d.subject,
                    d.description,
                    ",".join(d.tags),
                    received.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S") if received else "",
                )
            )
    return sorted(seen)


def _parse(path: Path) -> int:
    """What the raw side reads: every row of the file, once, with the csv module."""
    with open(path, encoding="utf-8", newline="") as fh:
        return sum(1 for _ in csv.reader(fh)) - 1


def _raw_import(
    raw: rawlib.RawDB, path: Path, plan: ImportPlan, datas: list[str]
) -> tuple[int, int]:
    """The raw side: the file parsed once, then the import's rows written (rows read, written)."""
    return _parse(path), rawlib.bulk_load(raw, plan, datas, "system", "system")


@figure("import_csv", "import csv, 100,000 rows through a mapping (import_export)", unit="rows/s")
def import_csv(bench: Bench) -> list[Result]:
    spec = bench.main.spec
    n = min(ROWS, spec.cases)
    app_rates: list[float] = []
    raw_rates: list[float] = []
    with tempfile.TemporaryDirectory(prefix="rc-bench-import-") as folder:
        path = Path(folder) / "export.csv"
        mapping = bench_mapping(write_export(path, spec, n))
        size = path.stat().st_size
        for r in range(max(1, bench.options.repeat)):
            app_url = bench.scratch("import_app")
            with Store.open(app_url) as store:
                ctx = Session(store, SYSTEM_ACTOR, config=Config())
                seconds, (_, result) = once(partial(import_export, ctx, path, mapping))
                if result.imported != n:
                    raise RuntimeError(f"the import wrote {result.imported} of {n} rows")
                if r == 0:
                    report = ctx.audit.verify(state=True)
                    if not report.ok:
                        raise RuntimeError(f"import scratch does not verify: {report.problems[:3]}")
            app_rates.append(n / seconds)
            bench.drop(app_url)
            raw_url = bench.scratch("import_raw")
            with Store.open(raw_url) as store:
                ctx = Session(store, SYSTEM_ACTOR, config=Config())
                found = UserRepository(store).get("system")
                assert found is not None
                records = open_export(path, mapping).records()
                plan = plan_import(ctx, records, now=datetime.now(UTC), author_id=found[0].id)
            datas = [audit.canonical_json(json.loads(e[4])) for e in plan.rows.events]
            with rawlib.RawDB(raw_url) as raw:
                raw_seconds, (parsed, written) = once(partial(_raw_import, raw, path, plan, datas))
            if parsed != n or written != result.rows:
                raise RuntimeError(f"raw import read {parsed} rows and wrote {written}")
            raw_rates.append(n / raw_seconds)
            bench.drop(raw_url)
    return [
        rate_result(
            "import_csv",
            f"import csv, {n:,} rows through a mapping (import_export)",
            app_rates,
            raw_rates,
            rows=n,
            file_bytes=size,
            raw="csv.reader over the file once, then the import's rows in one transaction: "
            "executemany (SQLite) / COPY (PostgreSQL), chain hashed in Python",
        )
    ]
