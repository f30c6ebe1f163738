"""Reading an export through a mapping: its encoding, its CSV rows, the files joined to it.

`open_export` does everything that can refuse a whole file before the first case is written:
it settles each file's encoding (given, named by the mapping, or detected: UTF-8 when every
byte is, else charset-normalizer's guess) and decodes every byte of every file with it (an
undecodable byte is named with its line), parses every CSV row of the main file (a broken row
is named with its line), checks every column the mapping names against the headers, and loads
the joined rows the selected rows need. Only then does `Export.records()` read the main file a
second time and hand the records to `import_cases`, batch by batch.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Callable, Iterator
from collections.abc import Mapping as AnyMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..domain.errors import PermissionDenied, ValidationError
from .context import Context
from .import_binding import BoundMapping, Headers, Rec
from .import_mapping import Mapping, check_encoding
from .imports import (
    Cancelled,
    ImportRecord,
    ImportResult,
    Progress,
    import_cases,
)

SAMPLE_BYTES = 1 << 20  # what charset-normalizer reads to guess an encoding

Scanned = Callable[[int], None]
"""scanned(rows read so far), while the file is checked before the import."""


@dataclass(frozen=True, slots=True)
class BadByte:
    """The first byte of a file its encoding cannot decode."""

    line: int  # 1-based, counting newline bytes (what an editor shows; a CSV row may span lines)
    offset: int  # 0-based byte offset from the start of the file
    column: int  # 1-based byte position within the line
    data: bytes  # the offending byte(s)


def first_non_utf8(path: str | Path, *, chunk: int = 1 << 20) -> BadByte | None:
    """The first byte of the file that is not UTF-8, or None; read in chunks, never whole."""
    offset = 0  # file offset of data[0]
    line, line_start = 1, 0
    pending = b""  # a character cut by the end of the last chunk
    with open(path, "rb") as fh:
        while True:
            block = fh.read(chunk)
            data = pending + block
            if not data:
                return None
            try:  # final only at the end of the file: a cut character waits for the next chunk
                _, good = codecs.utf_8_decode(data, "strict", not block)
            except UnicodeDecodeError as exc:
                head = data[: exc.start]
                newlines = head.count(b"\n")
                if newlines:
                    line_start = offset + head.rindex(b"\n") + 1
                bad = offset + exc.start
                return BadByte(
                    line + newlines, bad, bad - line_start + 1, data[exc.start : exc.end]
                )
            done = data[:good]
            newlines = done.count(b"\n")
            if newlines:
                line += newlines
                line_start = offset + done.rindex(b"\n") + 1
            offset += good
            pending = data[good:]


def _ascii_compatible(encoding: str) -> bool:
    return "\n a,".encode(encoding, "ignore") == b"\n a,"


def first_undecodable(path: Path, encoding: str) -> BadByte | None:
    """The first byte of the file `encoding` cannot decode, or None."""
    if codecs.lookup(encoding).name == "utf-8":
        return first_non_utf8(path)
    with open(path, "rb") as fh:
        if not _ascii_compatible(encoding):  # UTF-16 and the like: decoded whole
            data = fh.read()
            try:
                data.decode(encoding)
            except UnicodeDecodeError as exc:
                head = data[: exc.start].decode(encoding, "replace")
                line_start = head.rfind("\n")
                return BadByte(
                    head.count("\n") + 1,
                    exc.start,
                    len(head) - line_start,
                    data[exc.start : exc.end],
                )
            return None
        offset = 0
        decoder = codecs.getdecoder(encoding)
        for n, line in enumerate(fh, 1):  # a newline byte is never part of a character here
            try:
                decoder(line)
            except UnicodeDecodeError as exc:
                return BadByte(n, offset + exc.start, exc.start + 1, line[exc.start : exc.end])
            offset += len(line)
    return None


def detect_encoding(path: Path) -> str:
    """UTF-8 when every byte is; else charset-normalizer's best guess from the first MB."""
    if first_non_utf8(path) is None:
        return "utf-8"
    from charset_normalizer import from_bytes

    with open(path, "rb") as fh:
        sample = fh.read(SAMPLE_BYTES)
    results = from_bytes(sample)
    best = results.best()
    if best is None:
        raise ValidationError(
            f"{path}: cannot tell which encoding the file is in; give it with --encoding",
            field="encoding",
        )
    # On a tie charset-normalizer takes the first name in alphabetical order: Western text read
    # alike by cp1250 and cp1252 came out cp1250, which reads 'Ñ' as 'Ń'. Spreadsheets in the
    # West write cp1252, so it wins a tie.
    tied = [r for r in results if (r.chaos, r.coherence) == (best.chaos, best.coherence)]
    best = next((r for r in tied if "cp1252" in r.could_be_from_charset), best)
    return codecs.lookup(best.encoding).name


def _refuse_bad_byte(path: Path, encoding: str, bad: BadByte) -> ValidationError:
    label = "UTF-8" if encoding == "utf-8" else encoding
    return ValidationError(
        f"{path} is not {label} text: the byte 0x{bad.data[0]:02X} on line {bad.line} (byte "
        f"{bad.column} of that line), at byte offset {bad.offset} of the file (counting from "
        "0). Nothing was imported: save the file in one encoding (or fix that byte), or give "
        "its encoding with --encoding, and import it again",
        field="path",
        line=bad.line,
        offset=bad.offset,
    )


def settle_encoding(path: Path, given: str | None) -> str:
    """The encoding the whole file decodes with, or a refusal naming the first bad byte."""
    try:
        encoding = check_encoding(given) if given else detect_encoding(path)
        bad = first_undecodable(path, encoding)
    except OSError as exc:
        raise ValidationError(f"cannot read {path}: {exc.strerror}", field="path") from exc
    if bad is not None:
        raise _refuse_bad_byte(path, encoding, bad)
    return encoding


def _open_text(path: Path, encoding: str) -> Any:
    # utf-8-sig: a byte-order mark some spreadsheets write is not part of the first column
    name = "utf-8-sig" if encoding == "utf-8" else encoding
    return open(path, encoding=name, newline="")


def _rows(path: Path, encoding: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(line, fields) of every row after the header; a CSV error refuses the file by line."""
    with _open_text(path, encoding) as fh:
        reader = csv.reader(fh, delimiter=delimiter, strict=True)
        try:
            for fields in reader:
                yield reader.line_num, fields
        except csv.Error as exc:
            raise ValidationError(
                f"{path}, line {reader.line_num}: not readable as CSV ({exc}). Nothing was "
                "imported",
                field="path",
                line=reader.line_num,
            ) from exc
        except UnicodeDecodeError as exc:  # the file changed after it was checked
            raise ValidationError(
                f"{path}, line {reader.line_num + 1}: not {encoding} text ({exc.reason}). "
                "Nothing was imported",
                field="path",
                line=reader.line_num + 1,
            ) from exc


def _header(path: Path, rows: Iterator[tuple[int, list[str]]]) -> list[str]:
    first = next(rows, None)
    if first is None or not any(c.strip() for c in first[1]):
        raise ValidationError(f"{path} is empty: the first row must name the columns", field="path")
    header = [c.strip() for c in first[1]]
    seen: set[str] = set()
    for name in header:
        if name in seen and name:
            raise ValidationError(f"{path}: the column {name!r} appears twice", field="path")
        seen.add(name)
    return header


@dataclass
class JoinedFile:
    name: str
    path: Path
    encoding: str
    rows: int = 0  # rows kept (those some selected row needs)


@dataclass
class Export:
    """A main file, its joined files and the mapping bound to their columns: checked whole."""

    path: Path
    mapping: Mapping
    bound: BoundMapping
    encoding: str
    rows: int  # data rows of the main file
    selected: int  # rows the mapping's filter keeps (all without one)
    limit: int | None
    joined: dict[str, JoinedFile] = field(default_factory=dict)
    one: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    many: dict[str, dict[str, list[list[str]]]] = field(default_factory=dict)
    skipped: int = 0  # rows the filter left out, counted by records()

    @property
    def total(self) -> int:
        """How many records records() yields (for a progress bar)."""
        return min(self.selected, self.limit) if self.limit is not None else self.selected

    def _rec(self, fields: list[str]) -> Rec:
        rec = Rec(fields)
        for name, one in self.one.items():
            rec.one[name] = one.get(self.bound.join_on[name](rec).strip(), [])
        for name, many in self.many.items():
            rec.many[name] = many.get(self.bound.join_on[name](rec).strip(), [])
        return rec

    def records(self) -> Iterator[ImportRecord]:
        """The selected rows as import records (row 1 = the first row after the header)."""
        rows = _rows(self.path, self.encoding, self.mapping.delimiter)
        width = len(_header(self.path, rows))
        given = 0
        self.skipped = 0
        for n, (line, fields) in enumerate(rows, 1):
            if self.limit is not None and given >= self.limit:
                break
            rec = self._rec(fields)
            if not self.bound.selected(rec):
                self.skipped += 1
                continue
            given += 1
            record = self.bound.record(rec, n)
            if len(fields) != width and record.problem is None:
                record = _with_problem(
                    record,
                    f"line {line}: the row has {len(fields)} fields, the header {width}",
                )
            yield record

    def preview(self, count: int = 5) -> list[ImportRecord]:
        """The first `count` selected rows as they would be imported."""
        out: list[ImportRecord] = []
        for record in self.records():
            out.append(record)
            if len(out) >= count:
                break
        return out


def _with_problem(record: ImportRecord, problem: str) -> ImportRecord:
    from dataclasses import replace

    return replace(record, problem=problem)


def open_export(
    path: str | Path,
    mapping: Mapping,
    *,
    encoding: str | None = None,
    joins: AnyMapping[str, str | Path] | None = None,
    limit: int | None = None,
    scanned: Scanned | None = None,
) -> Export:
    """Check a file, and the files the mapping joins to it, whole (see the module docstring)."""
    path = Path(path)
    if not path.is_file():
        raise ValidationError(f"cannot read {path}: no such file", field="path")
    chosen = encoding or mapping.encoding
    enc = settle_encoding(path, chosen)
    join_paths: dict[str, Path] = {}
    given = dict(joins or {})
    for j in mapping.joins:
        where = given.pop(j.name, None)
        if where is None:
            if not j.file:
                raise ValidationError(
                    f"the mapping joins a file {j.name!r}: give it with --join {j.name}=PATH",
                    field="join",
                )
            where = path.parent / j.file
        join_paths[j.name] = Path(where)
        if not join_paths[j.name].is_file():
            raise ValidationError(
                f"cannot read {join_paths[j.name]} (joined as {j.name}): no such file; give it "
                f"with --join {j.name}=PATH",
                field="join",
            )
    if given:
        names = ", ".join(j.name for j in mapping.joins) or "none"
        raise ValidationError(
            f"the mapping joins no file named {next(iter(given))!r} (it joins: {names})",
            field="join",
        )
    join_enc = {name: settle_encoding(p, chosen) for name, p in join_paths.items()}
    join_headers: dict[str, list[str]] = {}
    for name, p in join_paths.items():
        join_headers[name] = _header(p, _rows(p, join_enc[name], mapping.delimiter))
    rows = _rows(path, enc, mapping.delimiter)
    header = _header(path, rows)
    headers = Headers(
        header, dict(join_headers), path.name, {n: p.name for n, p in join_paths.items()}
    )
    bound = BoundMapping(mapping, headers)
    # The whole main file is parsed before anything is written; the join keys it needs noted.
    keys: dict[str, set[str]] = {j.name: set() for j in mapping.joins}
    count = selected = 0
    for _, fields in rows:
        count += 1
        rec = Rec(fields)
        if scanned and count % 5000 == 0:
            scanned(count)
        if bound.selected(rec):
            selected += 1
            for name, get in bound.join_on.items():
                keys[name].add(get(rec).strip())
    export = Export(path, mapping, bound, enc, count, selected, limit)
    for j in mapping.joins:
        p = join_paths[j.name]
        key_at = bound.join_key[j.name]
        wanted = keys[j.name]
        kept = 0
        if j.many:
            many: dict[str, list[list[str]]] = {}
            for _, fields in _skip_header(_rows(p, join_enc[j.name], mapping.delimiter)):
                key = fields[key_at].strip() if key_at < len(fields) else ""
                if key in wanted:
                    many.setdefault(key, []).append(fields)
                    kept += 1
            export.many[j.name] = many
        else:
            one: dict[str, list[str]] = {}
            for _, fields in _skip_header(_rows(p, join_enc[j.name], mapping.delimiter)):
                key = fields[key_at].strip() if key_at < len(fields) else ""
                if key in wanted and key not in one:
                    one[key] = fields
                    kept += 1
            export.one[j.name] = one
        export.joined[j.name] = JoinedFile(j.name, p, join_enc[j.name], kept)
    if scanned:
        scanned(count)
    return export


def _skip_header(rows: Iterator[tuple[int, list[str]]]) -> Iterator[tuple[int, list[str]]]:
    next(rows, None)
    return rows


def import_export(
    ctx: Context,
    path: str | Path,
    mapping: Mapping,
    *,
    encoding: str | None = None,
    joins: AnyMapping[str, str | Path] | None = None,
    limit: int | None = None,
    batch: int = 5000,
    dry_run: bool = False,
    report: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> tuple[Export, ImportResult]:
    """Import a file through a mapping: checked whole first (open_export), then imported in
    batches by import_cases; a re-run adds only the rows no case has yet. `progress` is told
    (rows read, rows the import will read in all) after each batch."""
    if ctx.actor.role not in ("admin", "system"):
        raise PermissionDenied("only an admin may import cases")
    mapping.check_values(ctx.taxonomy)
    export = open_export(path, mapping, encoding=encoding, joins=joins, limit=limit)
    total = export.total
    if progress:
        progress(0, total)
    result = import_cases(
        ctx,
        export.records(),
        batch=batch,
        dry_run=dry_run,
        report=report,
        progress=(lambda read, _imported: progress(read, total)) if progress else None,
        cancelled=cancelled,
    )
    return export, result


def preview_export(
    ctx: Context,
    path: str | Path,
    mapping: Mapping,
    *,
    encoding: str | None = None,
    joins: AnyMapping[str, str | Path] | None = None,
    count: int = 20,
) -> tuple[Export, list[ImportRecord]]:
    """The file checked whole (as an import checks it) and its first `count` selected rows as
    they would be imported; writes nothing."""
    if ctx.actor.role not in ("admin", "system"):
        raise PermissionDenied("only an admin may import cases")
    mapping.check_values(ctx.taxonomy)
    export = open_export(path, mapping, encoding=encoding, joins=joins)
    return export, export.preview(count)
