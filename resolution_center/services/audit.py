"""Verification of the audit chain (and what it protects), checkpoints, and trail reading."""

from __future__ import annotations

import contextlib
import gc
import itertools
import json
import multiprocessing
import os
import pickle
import queue
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..domain import audit, vouch
from ..domain.actions import Action
from ..domain.errors import EnvironmentFault, ValidationError
from ..storage import vouched
from ..storage.attachments import AttachmentRepository
from ..storage.repositories import AuditRepository, CaseRepository
from ..storage.store import Store
from ..storage.vouched import ROWS_KEY
from .attachments import EvidenceTrail
from .context import Context

Progress = Callable[[int, int], None]
# A personal-value marker as canonical JSON writes it; inside a string value its quotes would be
# escaped, so text cannot fake one.
_PII_MARKER = re.compile(r'\{"pii":"([^"\\]*)"\}')
# Below this many events per chunk, splitting the chain costs more than it saves.
MIN_CHUNK_EVENTS = 10_000
PARENT_TAKES_TASKS = True  # the calling process verifies chunks too (tests switch it off)


@dataclass(frozen=True, slots=True)
class TrailEntry:
    """An event as the trail shows it: personal values resolved (or marked erased)."""

    event: audit.AuditEvent
    data: dict[str, Any]


class AuditService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.repo = AuditRepository(ctx.store)

    # ---- reading ----------------------------------------------------------------------------
    def _resolve(self, events: list[audit.AuditEvent]) -> list[TrailEntry]:
        # Markers are found and swapped for their values in the canonical texts, before one
        # plain decode: walking every decoded payload (twice) cost more than fetching the rows
        # when a case has thousands of events.
        texts = [e.data for e in events]
        digests = {d: None for t in texts if '"pii"' in t for d in _PII_MARKER.findall(t)}
        known = self.repo.resolve_personal(list(digests))
        quote = json.encoder.encode_basestring  # dumps(value, ensure_ascii=False) without dispatch
        as_json = {d: quote(v) for d, v in known.items()}

        def swap(m: re.Match[str]) -> str:
            return as_json.get(m.group(1), '"[erased]"')

        sub, loads = _PII_MARKER.sub, json.loads
        entries = [
            TrailEntry(e, loads(sub(swap, t) if '"pii"' in t else t))
            for e, t in zip(events, texts, strict=True)
        ]
        # Row images (event format 2) vouch for the state; they are evidence for `verify`, not
        # something a reader of the trail needs, and their personal columns are only digests.
        for entry in entries:
            entry.data.pop(ROWS_KEY, None)
        return entries

    def case_trail(
        self, case_id: int, after: int = 0, limit: int | None = None
    ) -> list[TrailEntry]:
        """A case's trail in sequence order; `after` and `limit` read it a page at a time."""
        return self._resolve(self.repo.for_case(case_id, after, limit))

    def target_trail(self, target_type: str, target_id: str) -> list[TrailEntry]:
        return self._resolve(self.repo.for_target(target_type, target_id))

    def head(self) -> audit.ChainHead:
        return self.repo.head() or audit.ChainHead(0, audit.GENESIS_HASH)

    # ---- verification -----------------------------------------------------------------------
    def verify(
        self,
        checkpoint: Path | None = None,
        progress: Progress | None = None,
        workers: int = 1,
        offload: bool = False,
        state: bool = True,
    ) -> audit.VerifyReport:
        """Recompute the whole chain, then check what the chain vouches for.

        Beyond the links themselves: the stored head (catches deleting the newest events),
        every case has its creation event and every created case still exists (catches a case
        deleted with its events), personal values still match their digests, every evidence
        file's stored bytes still hash to the SHA-256 its `evidence.added` event recorded, and
        an exported checkpoint is still a prefix of this chain (catches truncation and
        rewriting).

        `workers` > 1 (0 = one per core) splits the chain into sequence ranges, and the personal
        values into digest ranges, checked by separate processes each with its own connection;
        the findings and messages are the same as with one worker. `offload` leaves the whole
        check (the walk, the cross-checks and the comparison of every vouched table) to one
        spawned process at a lower priority, as one walk (`workers` is not used), so a window
        verifying in the background keeps its interpreter, and its memory, for the user; a
        chain too short to be worth a process is checked here.

        `state` (the default) also replays the row images the events carry into the state they
        vouch for and compares every vouched table with it (domain/vouch.py); False checks the
        chain and its cross-checks only (the benchmark's baseline for that cost).
        """
        if offload and self._worth_a_process():
            return _verify_elsewhere(self.ctx, checkpoint, progress, state)
        with collector_paused():
            return self._verify(checkpoint, progress, workers, state)

    def _worth_a_process(self) -> bool:
        with self.ctx.store.reading():
            head = self.repo.head()
        return head is not None and head.seq >= 2 * MIN_CHUNK_EVENTS

    def _verify(
        self,
        checkpoint: Path | None,
        progress: Progress | None,
        workers: int,
        state: bool,
    ) -> audit.VerifyReport:
        cp: tuple[str, audit.ChainHead] | None = None
        if checkpoint is not None:
            cp = audit.parse_checkpoint(self._read_json(checkpoint))
        if workers <= 0:
            workers = os.cpu_count() or 1
        if workers > 1:
            parallel = self._verify_parallel(cp, progress, workers, state)
            if parallel is not None:
                return parallel
        store = self.ctx.store
        with store.reading(snapshot=True):
            stored_head = self.repo.head()
            total = stored_head.seq if stored_head else 0
            checker = audit.ChainChecker()
            if cp:
                checker.remember([cp[1].seq])
            created: set[int] = set()
            evidence = EvidenceTrail()
            expected = vouch.ExpectedState()
            feed = expected.feed
            for rows in self.repo.iter_rows():
                checker.feed(rows)
                evidence.feed(rows)
                if state:
                    for r in rows:
                        feed(r[0], r[9])
                # The cases the trail created, gathered from rows read anyway (a separate query
                # would read the whole trail a second time).
                created.update(r[8] for r in rows if r[5] in CREATION_ACTIONS and r[8] is not None)
                if progress:
                    progress(checker.count, total)
            report = checker.finish(stored_head)
            problems = list(report.problems)
            problems.extend(self._cross_checks(created))
            problems.extend(self._evidence_problems(evidence))
            if state:
                problems.extend(self._state_problems(expected))
        if cp:
            problems.extend(self._check_checkpoint(cp, checker, report))
        return audit.VerifyReport(report.events, report.head, tuple(problems))

    def _verify_parallel(
        self,
        cp: tuple[str, audit.ChainHead] | None,
        progress: Progress | None,
        workers: int,
        state: bool = True,
    ) -> audit.VerifyReport | None:
        """Chunks of the chain, each starting from the stored hash of the event before it.

        Chunk boundaries are existing events, and a one-worker walk is, after any event, in
        exactly the state (next expected sequence, the event's stored hash) a chunk starts from:
        so every chunk reports what the single walk would report there, and the merge in
        sequence order equals the single walk. The last chunk has no upper bound and reads the
        chain head in its own snapshot, so events appended meanwhile are judged consistently.
        None when the chain is too short to split.
        """
        store = self.ctx.store
        remember = (cp[1].seq,) if cp else ()
        with store.reading():
            stored_head = self.repo.head()
            total = stored_head.seq if stored_head else 0
            starts: list[tuple[int, str]] = [(0, audit.GENESIS_HASH)]
            chunks = min(workers * 4, total // MIN_CHUNK_EVENTS)
            if chunks < 2:  # too short a chain to be worth starting processes for
                return None
            for i in range(1, chunks):
                found = self.repo.last_at_or_before(total * i // chunks)
                if found and found[0] > starts[-1][0]:
                    starts.append(found)
            personal_slices: list[tuple[int | None, int | None]] = [(None, None)]
            bounds = self.repo.personal_rowid_bounds()
            if bounds:
                low, high = bounds
                cuts: list[int | None] = [
                    low - 1 + (high - low + 1) * i // workers for i in range(workers + 1)
                ]
                cuts[0], cuts[-1] = None, None  # the ends open: nothing outside is left out
                personal_slices = list(itertools.pairwise(cuts))
        tasks: list[tuple[Any, ...]] = []
        for i, (after, after_hash) in enumerate(starts):
            upto = starts[i + 1][0] if i + 1 < len(starts) else None
            tasks.append(("chain", store.target.url, after, after_hash, upto, remember, state))
        # Personal values: whole-table order is rowid order on SQLite, so rowid slices keep
        # both the sequential read and the single walk's order; PostgreSQL reads them in one go.
        for first_row, last_row in personal_slices:
            tasks.append(("personal", store.target.url, first_row, last_row))
        with store.reading():  # here, meanwhile: cases against their creation events
            results = _run_tasks(tasks, workers, takes_tasks=PARENT_TAKES_TASKS)
            cases = CaseRepository(store).all_ids()
        chain_parts: list[dict[str, Any]] = []
        personal: list[audit.Problem] = []
        done = 0
        for task, result in zip(tasks, results, strict=True):
            if task[0] == "chain":
                chain_parts.append(result)
                done += result["count"]
                if progress:
                    progress(done, total)
            else:
                personal.extend(audit.Problem(None, what) for what in result["problems"])
        merged = audit.ChainChecker()
        created: set[int] = set()
        evidence = EvidenceTrail()
        expected = vouch.ExpectedState(stable=True)
        for part in chain_parts:
            evidence.merge(part["evidence"])
            expected.merge(part["state"])
            merged.count += part["count"]
            for seq, what in part["problems"]:
                if len(merged.problems) < merged.max_problems:
                    merged.problems.append(audit.Problem(seq, what))
            merged.hashes.update(part["hashes"])
            created.update(part["created"])
            if part["count"]:
                merged.last_time = part["last_time"]
        last = chain_parts[-1]
        merged.expected_seq, merged.prev_hash = last["expected_seq"], last["prev_hash"]
        head = audit.ChainHead(*last["head"]) if last["head"] else None
        report = merged.finish(head)
        problems = list(report.problems)
        problems.extend(self._case_problems(cases, created))
        problems.extend(personal)
        with store.reading(snapshot=True):
            problems.extend(self._evidence_problems(evidence))
            # Tables are read in this later snapshot: first take in the events appended since
            # the chunks read the chain, so a change made meanwhile is not taken for tampering.
            if state:
                for rows in self.repo.iter_rows(after=head.seq if head else 0):
                    for r in rows:
                        expected.feed(r[0], r[9])
                problems.extend(self._state_problems(expected))
        if cp:
            problems.extend(self._check_checkpoint(cp, merged, report))
        return audit.VerifyReport(report.events, report.head, tuple(problems))

    @staticmethod
    def _case_problems(cases: set[int], created: set[int]) -> list[audit.Problem]:
        problems: list[audit.Problem] = []
        for case_id in sorted(created - cases):
            problems.append(
                audit.Problem(
                    None,
                    f"case id {case_id} was created (per the trail) "
                    "but no longer exists: it was deleted",
                )
            )
        for case_id in sorted(cases - created):
            problems.append(
                audit.Problem(
                    None, f"case id {case_id} has no creation event: it was written outside the app"
                )
            )
        return problems

    def _cross_checks(self, created: set[int]) -> list[audit.Problem]:
        problems: list[audit.Problem] = []
        cases = CaseRepository(self.ctx.store).all_ids()
        problems.extend(self._case_problems(cases, created))
        problems.extend(
            audit.Problem(None, what) for what in _personal_problems(self.repo.personal_values())
        )
        return problems

    def _state_problems(self, state: vouch.ExpectedState) -> list[audit.Problem]:
        """Every vouched table against the state the trail's row images promise."""
        rows = vouched.VouchedRows(self.ctx.store)
        tables = ((t.name, rows.values(t)) for t in vouched.VOUCHED)
        problems: list[audit.Problem] = []

        def keys_of(table: str) -> list[str]:
            return rows.keys(vouched.BY_NAME[table])

        for table, key, seq, exists in vouch.compare(state, tables, keys_of):
            stored = rows.image(vouched.BY_NAME[table], key) if exists else None
            data = self.repo.event_data(seq) if seq is not None else None
            promised = vouch.promised_image(data, table, key) if data else None
            finding = vouch.explain(table, key, seq, stored, promised)
            problems.append(audit.Problem(seq, finding.describe(), finding.to_json()))
        return problems

    def _evidence_problems(self, evidence: EvidenceTrail) -> list[audit.Problem]:
        stored = AttachmentRepository(self.ctx.store).integrity()
        return [audit.Problem(None, what) for what in evidence.problems(stored)]

    def _check_checkpoint(
        self,
        cp: tuple[str, audit.ChainHead],
        checker: audit.ChainChecker,
        report: audit.VerifyReport,
    ) -> list[audit.Problem]:
        database_id, head = cp
        if database_id != self.ctx.store.database_id():
            return [audit.Problem(None, "the checkpoint belongs to another database")]
        if head.seq > report.head.seq:
            return [
                audit.Problem(
                    head.seq,
                    f"the checkpoint covers {head.seq} events but the "
                    f"chain now ends at {report.head.seq}: it was "
                    "truncated",
                )
            ]
        if head.seq and checker.hashes.get(head.seq) != head.hash:
            return [
                audit.Problem(
                    head.seq,
                    "differs from the checkpoint: the chain up to the checkpoint was rewritten",
                )
            ]
        return []

    def write_checkpoint(self, path: Path, head: audit.ChainHead) -> dict[str, Any]:
        doc = audit.checkpoint_document(self.ctx.store.database_id(), head)
        text = json.dumps(doc, indent=2, sort_keys=True) + "\n"
        try:
            Path(path).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise EnvironmentFault(
                f"cannot write the checkpoint to {path}: {exc.strerror}"
            ) from exc
        return doc

    @staticmethod
    def _read_json(path: Path) -> Any:
        try:
            return json.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise ValidationError(
                f"cannot read the checkpoint {path}: {exc.strerror}", field="checkpoint"
            ) from exc
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise ValidationError(
                f"{path} is not a checkpoint file (not JSON)", field="checkpoint"
            ) from None


# ---- parallel verification: what each worker process runs ------------------------------------

CREATION_ACTIONS = frozenset({Action.CASE_CREATED, Action.CASE_IMPORTED})


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Verifying makes millions of short-lived objects that form no cycles (rows, digests,
    tuples); the cyclic collector would walk the growing heap over and over for nothing: about
    a sixth of a 100,000-case verify (SQLite, 1 worker: 20.7 -> 17.3 s with state, 7.8 -> 6.4 s
    chain only). Process-wide, so a second verify running meanwhile may switch it back on
    early: that costs time, never correctness."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _personal_problems(rows: Iterable[tuple[str, str, str]]) -> list[str]:
    return [
        f"personal value {digest[:12]}... no longer matches its digest: it was edited"
        for digest, salt, value in rows
        if audit.pii_digest(salt, value) != digest
    ]


def _claim(counter: Any, total: int) -> int | None:
    with counter.get_lock():
        index = counter.value
        if index >= total:
            return None
        counter.value = index + 1
        return int(index)


def _worker(tasks: list[tuple[Any, ...]], counter: Any, done: Any) -> None:
    """A spawned process: claim tasks until none are left, send each result back."""
    while (index := _claim(counter, len(tasks))) is not None:
        try:
            done.put((index, _verify_task(tasks[index]), None))
        except BaseException as exc:  # reported to the parent, which raises it there
            done.put((index, None, f"{type(exc).__name__}: {exc}"))
            return


def _run_tasks(
    tasks: list[tuple[Any, ...]], workers: int, takes_tasks: bool = True
) -> list[dict[str, Any]]:
    """Run the tasks on `workers` cores: this process and workers - 1 spawned ones claim them
    from one shared counter. This process starts at once; a worker joins when it has started up
    (importing the app takes it ~0.5 s), so a short chain is not slowed down by waiting for it.
    When this process does not take tasks, `workers` processes are spawned to do them all."""
    context = multiprocessing.get_context("spawn")
    counter = context.Value("l", 0)
    done = context.Queue()
    procs = [
        context.Process(target=_worker, args=(tasks, counter, done), daemon=True)
        for _ in range(workers - 1 if takes_tasks else max(1, workers))
    ]
    for proc in procs:
        proc.start()
    results: dict[int, dict[str, Any]] = {}
    try:
        while takes_tasks and (index := _claim(counter, len(tasks))) is not None:
            results[index] = _verify_task(tasks[index])
        while len(results) < len(tasks):
            index, result, error = _receive(
                done,
                procs,
                "a verification worker stopped unexpectedly; run verify again with one worker",
            )
            if error is not None:
                raise EnvironmentFault(f"a verification worker failed: {error}")
            results[index] = result
    finally:
        # Every task is done (or one failed): a worker still starting up would find the shared
        # counter and queue gone once this returns, and die printing a traceback.
        _stop(procs)
    return [results[i] for i in range(len(tasks))]


# How long the caller waits for its processes' next message before asking whether any is still
# alive (the window's check reports every percent of its walk, but says nothing for seconds
# while it compares the tables after it).
_POLL_SECONDS = 1.0


def _receive(messages: Any, procs: list[Any], stopped: str) -> Any:
    """The next message from the spawned processes; EnvironmentFault(`stopped`) when none is
    left alive to send one."""
    while True:
        try:
            return messages.get(timeout=_POLL_SECONDS)
        except queue.Empty:
            if not any(p.is_alive() for p in procs) and messages.empty():
                raise EnvironmentFault(stopped) from None


def _stop(procs: list[Any]) -> None:
    """Nothing is left for them to report to: end the processes still running, reap all."""
    for proc in procs:
        if proc.is_alive():
            proc.terminate()
        proc.join()


def _verify_task(task: tuple[Any, ...]) -> dict[str, Any]:
    """One chunk, in a worker process with its own connection (spawned: nothing is inherited)."""
    kind, url = task[0], task[1]
    with collector_paused(), Store.open(url) as store:
        repo = AuditRepository(store)
        if kind == "personal":
            with store.reading():
                return {"problems": _personal_problems(repo.personal_values(task[2], task[3]))}
        after, after_hash, upto, remember, with_state = task[2:]
        with store.reading(snapshot=True):  # one snapshot for the head and the rows
            head = repo.head() if upto is None else None
            checker = audit.ChainChecker(start_seq=after + 1, start_hash=after_hash)
            checker.remember(remember)
            created: set[int] = set()
            evidence = EvidenceTrail()
            state = vouch.ExpectedState(stable=True)
            for rows in repo.iter_rows(after=after, upto=upto):
                checker.feed(rows)
                evidence.feed(rows)
                if with_state:
                    for r in rows:
                        state.feed(r[0], r[9])
                created.update(r[8] for r in rows if r[5] in CREATION_ACTIONS and r[8] is not None)
    return {
        "count": checker.count,
        "problems": [(p.seq, p.what) for p in checker.problems],
        "hashes": checker.hashes,
        "created": created,
        "evidence": evidence,
        "state": state.tables,
        "expected_seq": checker.expected_seq,
        "prev_hash": checker.prev_hash,
        "last_time": checker.last_time,
        "head": (head.seq, head.hash, head.time) if head else None,
    }


def _verify_elsewhere(
    ctx: Context, checkpoint: Path | None, progress: Progress | None, state: bool
) -> audit.VerifyReport:
    """The whole verification in one spawned process: this one only waits (the interpreter lock
    released) and passes the progress on. In the window's own process the comparison of every
    vouched table held the lock for seconds at 100,000 cases (page fetches of 115 ms while
    scrolling) and its state of 1.3 million rows raised the window's peak by about 90 MB."""
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    args = (ctx.store.target.url, ctx.actor, checkpoint, state, out, os.getpid())
    proc = context.Process(target=_verify_process, args=args, daemon=True)
    proc.start()
    try:
        while True:
            kind, payload = _receive(
                out, [proc], "the verification process stopped unexpectedly; run verify again"
            )
            if kind == "progress":
                if progress:
                    progress(*payload)
            elif kind == "done":
                report: audit.VerifyReport = payload
                return report
            else:
                raise payload
    finally:
        _stop([proc])  # after an error here (or in `progress`) it has nobody to report to


def _verify_process(
    url: str,
    actor: Any,
    checkpoint: Path | None,
    state: bool,
    out: Any,
    parent: int,
) -> None:
    """A spawned process (`_verify_elsewhere`): verify as one walk, send progress and the
    report back, or the error (as itself when it can travel, else as an EnvironmentFault)."""
    _yield_the_cores()
    said = -1

    def progress(done: int, total: int) -> None:
        nonlocal said
        if os.getppid() != parent:  # the window is gone: nobody waits for the result
            raise SystemExit(0)
        percent = done * 100 // max(total, 1)
        if percent != said:
            said = percent
            out.put(("progress", (done, total)))

    try:
        with Store.open(url) as store:
            report = AuditService(Context(store, actor)).verify(checkpoint, progress, state=state)
        out.put(("done", report))
    except SystemExit:
        return
    except BaseException as exc:  # reported to the caller, which raises it there
        out.put(("error", _portable(exc)))


def _yield_the_cores() -> None:
    """The window's own check: on a two-core laptop it would otherwise take the cores the
    window needs to scroll (a 64 ms page fetch was seen beside it)."""
    if hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(10)


def _portable(exc: BaseException) -> BaseException:
    """The exception if it survives pickling whole (the app's own errors do), else its text."""
    try:
        copy = pickle.loads(pickle.dumps(exc))
    except Exception:
        return EnvironmentFault(f"{type(exc).__name__}: {exc}")
    return copy if isinstance(copy, BaseException) else EnvironmentFault(str(exc))
