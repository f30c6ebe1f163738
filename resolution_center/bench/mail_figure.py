"""The "import mail" figure: 1,000 mails from a local .mbox imported through mail in, against the
raw driver parsing the same mails and writing one row each.

The mbox is written from the synthetic cases: a third are complaints (each opens a case through
intake, with its acknowledgement drafted), the rest replies naming one of those cases in the
subject; one in ten carries a small attachment (evidence), one in a hundred has no sender
(quarantine). The app's side is `MailInService.import_files` as the bench user into an empty
database: one transaction per mail with its events. The raw side reads the same mbox with the
standard library, parses each mail (policy.default, its body) and INSERTs one row per mail in one
transaction. Target: at least 50 mails a second (the issue's), whatever the raw side does.
"""

from __future__ import annotations

import email
import email.policy
import mailbox
import statistics
import tempfile
from datetime import UTC, datetime
from email.message import EmailMessage
from functools import partial
from pathlib import Path

from ..domain.mail_in import Outcome
from ..services.context import Config
from ..services.session import Session
from ..storage.repositories import UserRepository
from ..storage.store import Actor, Store
from . import raw as rawlib
from . import synthetic
from .datasets import BENCH_ROLE, BENCH_USER
from .figures import Bench, Result, figure
from .timing import once

MAILS = 1_000
TARGET_PER_S = 50.0
COMPLAINT_EVERY = 3  # every third mail opens a case; the others reply to one


def write_mbox(path: Path, spec: synthetic.Spec, count: int, year: int) -> None:
    box = mailbox.mbox(str(path))
    box.lock()
    try:
        opened = 0
        for i, record in enumerate(synthetic.records(spec, 0, count, big_allowed=False)):
            d = record.draft
            msg = EmailMessage()
            if i % 100 != 99:  # one in a hundred has no sender: it goes to quarantine
                msg["From"] = f"{d.customer.name} <{d.customer.email}>"
            msg["To"] = "help@shop.example"
            msg["Date"] = "Mon, 07 Dec 2026 10:15:00 +0100"
            msg["Message-ID"] = f"<bench-{i}@mail.example>"
            if i % COMPLAINT_EVERY == 0 or opened == 0:
                opened += 1
                msg["Subject"] = d.subject
            else:
                reference = f"RC-{year}-{(i % opened) + 1:06d}"
                msg["Subject"] = f"Re: [{reference}] {d.subject}"
            msg.set_content(d.description or d.subject)
            if i % 10 == 5:
                msg.add_attachment(
                    f"receipt {i}\n".encode() * 200,
                    maintype="application",
                    subtype="octet-stream",
                    filename=f"receipt-{i}.txt",
                )
            box.add(msg.as_bytes(policy=email.policy.SMTP))
        box.flush()
    finally:
        box.unlock()
        box.close()


def _raw_import(raw: rawlib.RawDB, path: Path) -> int:
    """The raw side: the mbox read, each mail parsed for its body, one row per mail written."""
    rows = []
    box = mailbox.mbox(str(path), create=False)
    try:
        for key in box.iterkeys():
            msg = email.message_from_bytes(box.get_bytes(key), policy=email.policy.default)
            body = msg.get_body(preferencelist=("plain", "html"))
            text = body.get_content() if body is not None else ""
            rows.append((str(msg["Message-ID"]), str(msg["From"]), str(msg["Subject"]), text))
    finally:
        box.close()
    cur = raw.conn.cursor()
    try:
        if raw.pg:
            cur.execute("BEGIN")
            cur.executemany("INSERT INTO bench_raw_mail VALUES (%s, %s, %s, %s)", rows)
            cur.execute("COMMIT")
        else:
            cur.execute("BEGIN")
            cur.executemany("INSERT INTO bench_raw_mail VALUES (?, ?, ?, ?)", rows)
            cur.execute("COMMIT")
    finally:
        cur.close()
    return len(rows)


@figure("import_mail", "import mail, 1,000 mails from an .mbox (mail import)", unit="mails/s")
def import_mail(bench: Bench) -> list[Result]:
    spec = bench.main.spec
    n = min(MAILS, spec.cases)
    year = datetime.now(UTC).year
    app_rates: list[float] = []
    raw_rates: list[float] = []
    outcomes: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="rc-bench-mail-") as folder:
        path = Path(folder) / "inbox.mbox"
        write_mbox(path, spec, n, year)
        size = path.stat().st_size
        for _ in range(max(1, bench.options.repeat)):
            app_url = bench.scratch("mail_app")
            with Store.open(app_url) as store:
                user = UserRepository(store).get(BENCH_USER)
                assert user is not None  # the scratch database has the bench user
                ctx = Session(
                    store,
                    Actor(BENCH_USER, BENCH_ROLE, "Benchmark"),
                    user_id=user[0].id,
                    config=Config(),
                )
                seconds, results = once(partial(ctx.mail_in.import_files, [path]))
                if len(results) != n:
                    raise RuntimeError(f"the import read {len(results)} of {n} mails")
                outcomes = {o.value: sum(r.outcome is o for r in results) for o in Outcome}
                if outcomes["duplicate"] or not outcomes["joined"]:
                    raise RuntimeError(f"unexpected outcomes: {outcomes}")
            app_rates.append(n / seconds)
            bench.drop(app_url)
            raw_url = bench.scratch("mail_raw")
            with rawlib.RawDB(raw_url) as raw:
                cur = raw.conn.cursor()
                cur.execute(
                    "CREATE TABLE bench_raw_mail (identity TEXT, sender TEXT, subject TEXT, "
                    "body TEXT)"
                )
                cur.close()
                raw_seconds, written = once(partial(_raw_import, raw, path))
            if written != n:
                raise RuntimeError(f"the raw import wrote {written} of {n} mails")
            raw_rates.append(n / raw_seconds)
            bench.drop(raw_url)
    app, raw_rate = statistics.median(app_rates), statistics.median(raw_rates)
    return [
        Result(
            "import_mail",
            f"import mail, {n:,} mails from an .mbox (mail import)",
            "mails/s",
            app,
            raw_rate,
            app / raw_rate,
            f">= {TARGET_PER_S:g} mails/s",
            app >= TARGET_PER_S,
            details={
                "mails": n,
                "file_bytes": size,
                "outcomes": outcomes,
                "runs_app_mails_per_s": [round(x, 1) for x in app_rates],
                "runs_raw_mails_per_s": [round(x, 1) for x in raw_rates],
                "raw": "mailbox + email (policy.default) parse and body of each mail, then one "
                "INSERT per mail in one transaction (executemany)",
            },
        )
    ]
