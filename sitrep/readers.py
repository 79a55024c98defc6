"""Read articles from text files, JSONL, JSON, CSV, folders and stdin.

``read_inputs`` is the one entry point: it yields an ``Article`` for every record it
can read and a ``Failure`` for every one it cannot, so a batch never stops at a bad
record. Each failure names where the problem is (``file:line``), an ``R``-code from
``sitrep.errors`` and, when there is one, the offending line (truncated).

Formats, chosen by file name:

* ``.jsonl`` / ``.ndjson``: one JSON object per line, read line by line (memory stays
  flat; an undecodable byte spoils only its own line).
* ``.json``: a JSON array of objects or one object; a file that does not parse as a
  whole is read as JSONL.
* ``.csv``: a header row naming the columns.
* ``.html`` / ``.htm``: one web page; its article text, title, date, outlet and URL
  are extracted with trafilatura (``sitrep.webpages``), and a page with no article
  text is a failure (R020).
* ``.warc`` / ``.warc.gz``: a WARC archive, read record by record; each HTML response
  is one page, as above (id from WARC-Record-ID, URL from WARC-Target-URI, date from
  the page or else WARC-Date). A truncated or corrupt archive is a failure (R021) at
  the byte offset of its first broken record, after the pages before it.
* ``.parquet``: an Arrow table with the same columns as a JSONL record (``id``, ``text``,
  ``published``...), read one record batch at a time; rows are numbered from 1.
* anything else: one article of plain UTF-8 text, with an optional first line
  ``date YYYY-MM-DD`` (the rest of that line, if any, starts the article).
* a folder: every non-hidden file below it, recursively, in sorted order.
* ``-``: JSONL on standard input.

Records have ``text`` and optionally ``id``, ``published`` (or ``date``), ``title``,
``url`` and ``source``; a record without ``text`` may have ``html``, a web page read
as an ``.html`` file is, with the record's own fields winning over the page's. A record without an id gets ``<file stem>:<line>``; a text file
gets its path relative to the folder given (without the suffix), or its stem. A file
name that is not UTF-8 is shown, and used in ids, with its odd bytes written ``\xe9``.

Every article is built in ``article_from_record`` or ``parse_text_article``, which
repair its text, title, source and url (``sitrep.repair``: mojibake, Windows-1252 bytes,
lone surrogates, control characters) and list what they repaired in
``Article.repairs``. The length limit applies to the text as read (it bounds the work),
the emptiness check to the repaired text (control characters alone are no article).
An id holding control characters or lone surrogates is refused (R019).

CSV is read with strict quoting: a quote must close its field before a comma or the
end of the line, and before the end of the file. A row that breaks that rule (an
unterminated quote would otherwise swallow the rows after it) is one failure naming its
first line; reading goes on at the first later line that holds a whole row with as many
fields as the header, so the rows it swallowed are read after all. A quoted field over
many lines is no error.
"""

from __future__ import annotations

import codecs
import collections
import csv
import dataclasses
import datetime as dt
import json
import os
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .errors import InputError
from .model import Article, Failure
from .repair import Repaired, repair

if TYPE_CHECKING:  # pragma: no cover
    from .webpages import WarcPage

#: The path that means "JSONL on standard input".
STDIN = "-"
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
JSON_SUFFIXES = frozenset({".json"})
CSV_SUFFIXES = frozenset({".csv"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
#: WARC archives, by the end of the file name (``.warc.gz`` has two suffixes).
WARC_ENDINGS = (".warc", ".warc.gz")
#: How much of an offending line a ``Failure`` keeps, in characters.
RAW_LIMIT = 4096
#: Default limit on an article's length, in characters.
MAX_CHARS = 1_000_000
#: Bytes a line may hold beyond ``4 * max_chars`` (JSON syntax, other fields).
_LINE_SLACK = 65_536

_HEADER = re.compile(r"\A[ \t]*date[ \t]*:?[ \t]+(?P<value>[^\s]+)[ \t]*(?P<rest>[^\r\n]*)", re.IGNORECASE)
_OPTIONAL_FIELDS = ("title", "url", "source")
#: What an id may not hold: C0 and C1 control characters and lone surrogates.
_ID_DAMAGE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


@dataclass(frozen=True)
class _Options:
    published: dt.date | None
    max_chars: int
    #: Told each file read and each stream opened (``sitrep.progress.InputMeter``), if any.
    meter: Any = None

    @property
    def line_limit(self) -> int:
        """The longest line worth reading: no UTF-8 character takes more than 4 bytes."""
        return 4 * self.max_chars + _LINE_SLACK


def read_inputs(
    paths: Sequence[str | os.PathLike[str]],
    published: dt.date | str | None = None,
    max_chars: int = MAX_CHARS,
    stdin: IO[Any] | None = None,
    meter: Any = None,
) -> Iterator[Article | Failure]:
    """Yield an ``Article`` or a ``Failure`` for every record in ``paths``, in order.

    ``published`` is the date used for records that give none (a ``date`` or an ISO
    string). ``stdin`` is the stream ``-`` reads (default ``sys.stdin``); binary or
    text streams both work. ``meter`` (``sitrep.progress.InputMeter``) is told each file
    as reading starts it, and the stream of each JSONL and CSV file, for a progress bar.
    Nothing is read ahead: records come as the caller asks. Nothing is raised for bad input; an invalid
    ``published`` argument raises ``InputError`` at once, before anything is read.
    """
    if max_chars < 1:
        raise ValueError(f"max_chars must be positive, not {max_chars}")
    fallback = parse_date(published, origin="published")
    return _read_all(paths, _Options(fallback, max_chars, meter), stdin)


def _read_all(
    paths: Sequence[str | os.PathLike[str]], opts: _Options, stdin: IO[Any] | None
) -> Iterator[Article | Failure]:
    for given in paths:
        name = os.fspath(given)
        if isinstance(name, bytes):
            name = os.fsdecode(name)
        if name == STDIN:
            stream = stdin if stdin is not None else sys.stdin
            yield from _read_jsonl_stream(getattr(stream, "buffer", stream), "<stdin>", "stdin", opts)
            continue
        path = Path(name)
        if path.is_dir():
            yield from _read_folder(path, shown_name(name), opts)
        elif path.exists():
            yield from _read_file(path, shown_name(name), shown_name(path.stem), opts)
        else:
            yield _failure(InputError("R007", origin=shown_name(name)))


def shown_name(name: str) -> str:
    """A file name as sitrep shows it and uses it in ids: bytes that are not UTF-8 (which
    Python carries as lone surrogates) are written as ``\\xe9``, control characters as
    ``\\n`` or ``\\x00``, so an id made from it is a valid id."""
    if not _ID_DAMAGE.search(name):
        return name
    decoded = os.fsencode(name).decode("utf-8", errors="backslashreplace")
    return _ID_DAMAGE.sub(lambda m: ascii(m.group())[1:-1], decoded)


# ----------------------------------------------------------------- dates and records


def parse_date(value: object, origin: str | None = None) -> dt.date | None:
    """An ISO date or datetime (string, ``date`` or ``datetime``) -> its date; None for empty.

    A datetime keeps the calendar date as written, without converting its time zone.
    Anything else ("yesterday", "2023-02-30", a number) raises ``InputError`` R004.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        reason = f"expected an ISO date string, not {type(value).__name__}"
        raise InputError("R004", origin=origin, value=value, reason=reason)
    text = value.strip()
    if not text:
        return None
    try:
        if len(text) <= 10:
            return dt.date.fromisoformat(text)
        return dt.datetime.fromisoformat(text).date()
    except ValueError as exc:
        reason = str(exc)
        if reason.startswith("Invalid isoformat string"):
            reason = "not an ISO date (YYYY-MM-DD) or datetime"
        raise InputError("R004", origin=origin, value=value, reason=reason) from exc


def record_id(record: Mapping[str, Any], default: str, origin: str | None = None) -> str:
    """The record's ``id`` as a string, or ``default`` when it has none.

    ``InputError`` R013 when it is neither a string nor an integer, R019 when it holds a
    control character or a lone surrogate (nothing could store, print or look it up).
    """
    value = record.get("id")
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise InputError("R013", origin=origin, name="id", kind=type(value).__name__)
    return check_id(str(value).strip(), origin)


def check_id(value: str, origin: str | None = None) -> str:
    """``value`` when it can be an article id; ``InputError`` R019 when it holds a control
    character or a lone surrogate."""
    bad = _ID_DAMAGE.search(value)
    if bad is None:
        return value
    char = bad.group()
    kind = "a lone surrogate" if "\ud800" <= char <= "\udfff" else "a control character"
    shown = ascii(value) if len(value) <= 80 else ascii(value[:80]) + "…"
    raise InputError("R019", origin=origin, value=shown, what=f"{kind} (U+{ord(char):04X})")


def article_from_record(
    record: Mapping[str, Any],
    *,
    default_id: str,
    origin: str | None = None,
    published: dt.date | None = None,
    max_chars: int = MAX_CHARS,
) -> Article:
    """Build an ``Article`` from a JSON object or CSV row; raises ``InputError``.

    Empty strings count as missing. ``published`` (or ``date``) wins over the
    ``published`` argument, which is only the fallback. The text, title, source and url
    are repaired (``sitrep.repair``); ``Article.repairs`` says what the text needed.
    """
    article_id = record_id(record, default_id, origin)
    text = record.get("text")
    if text is None and record.get("html") is not None:
        record = with_page(record, origin)
        text = record["text"]
    if text is None:
        raise InputError("R003", origin=origin)
    if not isinstance(text, str):
        raise InputError("R011", origin=origin, kind=type(text).__name__)
    fixed = _repaired_text(text, origin, max_chars)
    date_value = record.get("published")
    if date_value is None or date_value == "":
        date_value = record.get("date")
    extra: dict[str, str | None] = {}
    for name in _OPTIONAL_FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise InputError("R013", origin=origin, name=name, kind=type(value).__name__)
        extra[name] = (repair(value).text.strip() or None) if isinstance(value, str) else None
    return Article(
        id=article_id,
        text=fixed.text,
        published=parse_date(date_value, origin) or published,
        origin=origin,
        repairs=fixed.repairs,
        **extra,
    )


def _repaired_text(text: str, origin: str | None, max_chars: int) -> Repaired:
    """The text repaired; R006 when it is over the limit as read, R005 when nothing is
    left of it once repaired."""
    if len(text) > max_chars:
        raise InputError("R006", origin=origin, size=len(text), limit=max_chars)
    fixed = repair(text)
    if not fixed.text.strip():
        raise InputError("R005", origin=origin)
    return fixed


def _failure(err: InputError, article_id: str | None = None, raw: str | bytes | None = None) -> Failure:
    return Failure(
        origin=err.origin or "",
        code=err.code,
        message=err.message,
        article_id=article_id,
        raw=_truncate(raw),
        stage="read",
    )


def _truncate(raw: str | bytes | None) -> str | None:
    """The offending input as a failure keeps it: at most ``RAW_LIMIT`` characters, odd
    bytes and lone surrogates written as escapes, so the failure log can always hold it."""
    if raw is None:
        return None
    if isinstance(raw, bytes):
        raw = raw[: RAW_LIMIT * 4].decode("utf-8", errors="backslashreplace")
    raw = raw.rstrip("\r\n")
    raw = raw if len(raw) <= RAW_LIMIT else raw[:RAW_LIMIT] + "…"
    return raw.encode("utf-8", errors="backslashreplace").decode("utf-8")


# ----------------------------------------------------------------- files and folders


def list_files(folder: str | os.PathLike[str]) -> list[Path]:
    """Every non-hidden file below ``folder``, sorted by relative path; hidden folders are skipped."""
    return list(iter_files(folder))


def iter_files(folder: str | os.PathLike[str]) -> Iterator[Path]:
    """``list_files``, one file at a time: a folder's names are listed only when the walk
    gets to it, so a tree of a million files is never listed at once. Folders that
    cannot be listed are left out (``_read_folder`` reports them)."""
    return (item for item in _walk(Path(folder)) if isinstance(item, Path))


def _walk(folder: Path) -> Iterator[Path | OSError]:
    """The files below ``folder`` in sorted order of their relative paths, depth first, and
    in their place the error of each folder that cannot be listed.

    Only the names of the folders on the way down are held, one listing each. Hidden files
    and folders are skipped; a link to a folder is not followed (as ``os.walk`` does not).
    Sorting each folder's names and going down into a folder where its name sorts gives
    the order of sorting every relative path as a tuple of its parts.
    """
    stack = [_listing(folder)]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
        elif isinstance(entry, OSError):
            yield entry
        elif entry[1]:
            stack.append(_listing(entry[0]))
        else:
            yield entry[0]


def _listing(folder: Path) -> Iterator[tuple[Path, bool] | OSError]:
    """A folder's non-hidden entries in sorted order, each with whether to go down into
    it (a folder, not a link to one); or the error that stopped listing it."""
    names: list[str] = []
    down: set[str] = set()
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                if is_dir and entry.is_symlink():
                    continue  # not followed, and not a file either
                names.append(entry.name)
                if is_dir:
                    down.add(entry.name)
    except OSError as exc:
        yield exc
        return
    names.sort()
    for name in names:
        yield folder / name, name in down


def _read_folder(folder: Path, display: str, opts: _Options) -> Iterator[Article | Failure]:
    for path in _walk(folder):
        if isinstance(path, OSError):
            origin = shown_name(path.filename) if isinstance(path.filename, str) else display
            yield _failure(InputError("R010", origin=origin, reason=path.strerror or str(path)))
            continue
        rel = path.relative_to(folder)
        stem = rel.with_suffix("").as_posix() if rel.suffix else rel.as_posix()
        yield from _read_file(path, os.path.join(display, shown_name(str(rel))), shown_name(stem), opts)


def _read_file(path: Path, display: str, stem: str, opts: _Options) -> Iterator[Article | Failure]:
    """Dispatch on the suffix; ``stem`` is the article id (text) or the id prefix (records)."""
    if opts.meter is not None:
        opts.meter.file(path)
    suffix = path.suffix.lower()
    if path.name.lower().endswith(WARC_ENDINGS):
        yield from _read_warc_file(path, display, stem.removesuffix(".warc"), opts)
    elif suffix in HTML_SUFFIXES:
        yield _read_html_file(path, display, stem, opts)
    elif suffix in JSONL_SUFFIXES:
        yield from _read_jsonl_file(path, display, stem, opts)
    elif suffix in JSON_SUFFIXES:
        yield from _read_json_file(path, display, stem, opts)
    elif suffix in CSV_SUFFIXES:
        yield from _read_csv_file(path, display, stem, opts)
    elif suffix == PARQUET_SUFFIX:
        yield from _read_parquet_file(path, display, stem, opts)
    else:
        yield _read_text_file(path, display, stem, opts)


def _read_bytes(path: Path, display: str, opts: _Options) -> bytes | Failure:
    """The whole file, unless it is certainly over the limit or cannot be read."""
    try:
        size = path.stat().st_size
        if size > opts.line_limit:
            err = InputError("R012", origin=display, limit=opts.max_chars, detail=f"the file is {size:,} bytes")
            return _failure(err)
        return path.read_bytes()
    except OSError as exc:
        return _failure(InputError("R010", origin=display, reason=exc.strerror or str(exc)))


def _decode_whole(data: bytes, display: str, article_id: str | None) -> str | Failure:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line_no = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line_end = data.find(b"\n", exc.start)
        line = data[line_start : line_end if line_end >= 0 else len(data)]
        err = InputError("R001", origin=f"{display}:{line_no}", position=exc.start, reason=exc.reason)
        return _failure(err, article_id, line)


def _read_text_file(path: Path, display: str, article_id: str, opts: _Options) -> Article | Failure:
    data = _read_bytes(path, display, opts)
    if isinstance(data, Failure):
        return dataclasses.replace(data, article_id=article_id)
    text = _decode_whole(data, display, article_id)
    if isinstance(text, Failure):
        return text
    return parse_text_article(text, article_id, display, opts.published, opts.max_chars)


def parse_text_article(
    text: str,
    article_id: str,
    origin: str | None = None,
    published: dt.date | None = None,
    max_chars: int = MAX_CHARS,
) -> Article | Failure:
    """A plain-text article with an optional ``date YYYY-MM-DD`` first line.

    The header counts when the word after ``date`` contains a digit or is alone on
    its line, so an article that opens with "Date palms ..." is left alone. The text
    is what follows the date, repaired (``sitrep.repair``) and stripped of surrounding
    white space.
    """
    text = text.removeprefix("\ufeff")
    date = published
    body = text
    match = _HEADER.match(text)
    if match and (any(c.isdigit() for c in match["value"]) or not match["rest"].strip()):
        header_line = text[: match.end()]
        try:
            date = parse_date(match["value"], f"{origin}:1") or published
        except InputError as err:
            return _failure(err, article_id, header_line)
        body = text[match.start("rest") :]
    body = body.strip()
    try:
        fixed = _repaired_text(body, origin, max_chars)
    except InputError as err:
        return _failure(err, article_id, body[:RAW_LIMIT] if body else None)
    return Article(id=article_id, text=fixed.text.strip(), published=date, origin=origin, repairs=fixed.repairs)


# ----------------------------------------------------------------- JSONL and JSON


def _open(path: Path, display: str) -> IO[bytes] | Failure:
    """The file opened for reading bytes, or a Failure (R010) that names it."""
    try:
        return path.open("rb")
    except OSError as exc:
        return _failure(InputError("R010", origin=display, reason=exc.strerror or str(exc)))


def _read_jsonl_file(path: Path, display: str, stem: str, opts: _Options) -> Iterator[Article | Failure]:
    stream = _open(path, display)
    if isinstance(stream, Failure):
        yield stream
        return
    if opts.meter is not None:
        opts.meter.stream(stream)
    with stream:
        yield from _read_jsonl_stream(stream, display, stem, opts)


def _read_jsonl_stream(stream: IO[Any], display: str, stem: str, opts: _Options) -> Iterator[Article | Failure]:
    """One record per line; binary lines are decoded one at a time so a bad byte spoils one line."""
    offset = 0
    line_no = 0
    limit = opts.line_limit
    while True:
        try:
            line = stream.readline(limit)
        except (OSError, ValueError) as exc:
            yield _failure(InputError("R010", origin=f"{display}:{line_no + 1}", reason=str(exc)))
            return
        if not line:
            return
        line_no += 1
        origin = f"{display}:{line_no}"
        default_id = f"{stem}:{line_no}"
        start_offset = offset
        offset += len(line)
        if len(line) >= limit and not _ends_line(line):
            skipped = _skip_rest_of_line(stream, limit)
            offset += skipped
            unit = "bytes" if isinstance(line, bytes) else "characters"
            detail = f"the line is {len(line) + skipped:,} {unit}"
            yield _failure(InputError("R012", origin=origin, limit=opts.max_chars, detail=detail), None, line)
            continue
        if isinstance(line, bytes):
            if line_no == 1 and line.startswith(codecs.BOM_UTF8):
                line = line[len(codecs.BOM_UTF8) :]
                start_offset += len(codecs.BOM_UTF8)
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError as exc:
                err = InputError("R001", origin=origin, position=start_offset + exc.start, reason=exc.reason)
                yield _failure(err, None, line)
                continue
        else:
            text = line.removeprefix("\ufeff") if line_no == 1 else line
        if not text.strip():
            continue
        yield _parse_json_record(text, origin, default_id, opts)


def _ends_line(line: str | bytes) -> bool:
    return line.endswith(b"\n") if isinstance(line, bytes) else line.endswith("\n")


def _skip_rest_of_line(stream: IO[Any], limit: int) -> int:
    """Read and drop the rest of an over-long line; return how much was dropped."""
    skipped = 0
    while True:
        chunk = stream.readline(limit)
        skipped += len(chunk)
        if not chunk or _ends_line(chunk):
            return skipped


def _parse_json_record(text: str, origin: str, default_id: str, opts: _Options) -> Article | Failure:
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        err = InputError("R002", origin=origin, reason=f"{exc.msg} (column {exc.colno})")
        return _failure(err, None, text)
    except RecursionError:
        return _failure(InputError("R002", origin=origin, reason="nested too deeply"), None, text)
    except ValueError as exc:  # a number Python will not read, e.g. an integer of over 4,300 digits
        return _failure(InputError("R002", origin=origin, reason=str(exc)), None, text)
    return _record_item(record, origin, default_id, opts, text)


def _record_item(record: Any, origin: str, default_id: str, opts: _Options, raw: str | None) -> Article | Failure:
    if not isinstance(record, dict):
        return _failure(InputError("R008", origin=origin), None, raw)
    try:
        article_id = record_id(record, default_id, origin)
    except InputError as err:
        return _failure(err, None, raw)
    try:
        return article_from_record(
            record, default_id=default_id, origin=origin, published=opts.published, max_chars=opts.max_chars
        )
    except InputError as err:
        return _failure(err, article_id, raw)


def _read_json_file(path: Path, display: str, stem: str, opts: _Options) -> Iterator[Article | Failure]:
    """A JSON array of records or one record; a file that is not one JSON value is read as JSONL."""
    data = _read_bytes(path, display, opts)
    if isinstance(data, Failure):
        yield data
        return
    text = _decode_whole(data, display, None)
    if isinstance(text, Failure):
        yield text
        return
    if not text.strip():
        return
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        yield from _read_jsonl_file(path, display, stem, opts)
        return
    except RecursionError:
        yield _failure(InputError("R002", origin=display, reason="nested too deeply"), None, data)
        return
    except ValueError as exc:  # a number Python will not read, e.g. an integer of over 4,300 digits
        yield _failure(InputError("R002", origin=display, reason=str(exc)), None, data)
        return
    records = value if isinstance(value, list) else [value]
    for index, record in enumerate(records):
        origin = f"{display}[{index}]" if isinstance(value, list) else display
        yield _record_item(record, origin, f"{stem}:{index + 1}", opts, _json_raw(record))


def _json_raw(record: Any) -> str | None:
    """A record written back as JSON for a failure to show (its start only)."""
    try:
        return json.dumps(record, ensure_ascii=False)[: RAW_LIMIT + 1]
    except (RecursionError, ValueError):
        return None


# ----------------------------------------------------------------- CSV


class _Lines:
    """A binary file's lines, decoded one at a time and numbered from 1, with lines read
    once and handed back (``unread``) to be parsed again after a broken row.

    An undecodable line is decoded with replacement characters and remembered in ``bad``
    (line number -> byte position in the file, reason) and ``raw``.
    """

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.line_no = 0
        self.offset = 0
        self.bad: dict[int, tuple[int, str]] = {}
        self.raw: dict[int, bytes] = {}
        self.pending: collections.deque[tuple[int, str]] = collections.deque()

    def next(self) -> tuple[int, str] | None:
        """The next line and its number, or None at the end of the file."""
        if self.pending:
            return self.pending.popleft()
        line = self.stream.readline()
        if not line:
            return None
        self.line_no += 1
        start = self.offset
        self.offset += len(line)
        if self.line_no == 1 and line.startswith(codecs.BOM_UTF8):
            line = line[len(codecs.BOM_UTF8) :]
            start += len(codecs.BOM_UTF8)
        try:
            return self.line_no, line.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.bad[self.line_no] = (start + exc.start, exc.reason)
            self.raw[self.line_no] = line
            return self.line_no, line.decode("utf-8", errors="replace")

    def unread(self, lines: Sequence[tuple[int, str]]) -> None:
        """Hand ``lines`` back: ``next`` gives them again, in order, before reading on."""
        self.pending.extendleft(reversed(lines))


@dataclass
class _Row:
    """One CSV row as parsed, the lines it took, and the parse error if it broke."""

    cells: list[str] | None
    lines: list[tuple[int, str]]
    error: csv.Error | None = None

    @property
    def first(self) -> int:
        return self.lines[0][0]


def _parse_row(lines: _Lines) -> _Row:
    """The next row, parsed with strict quoting: a quote must close its field before a
    comma or a line end, and before the end of the file. ``cells`` is None at the end."""
    used: list[tuple[int, str]] = []

    def feed() -> Iterator[str]:
        while (item := lines.next()) is not None:
            used.append(item)
            yield item[1]

    reader = csv.reader(feed(), strict=True)
    try:
        cells = next(reader, None)
    except csv.Error as exc:
        return _Row(None, used, exc)
    return _Row(cells, used)


def _read_csv_file(path: Path, display: str, stem: str, opts: _Options) -> Iterator[Article | Failure]:
    stream = _open(path, display)
    if isinstance(stream, Failure):
        yield stream
        return
    # csv refuses fields over its limit (128 KiB by default); allow an article's worth.
    csv.field_size_limit(max(csv.field_size_limit(), opts.max_chars + 1))
    if opts.meter is not None:
        opts.meter.stream(stream)
    with stream:
        yield from _read_csv_rows(_Lines(stream), display, stem, opts)


def _read_csv_rows(lines: _Lines, display: str, stem: str, opts: _Options) -> Iterator[Article | Failure]:
    header = _parse_row(lines)
    if header.error is not None:
        yield _failure(InputError("R010", origin=f"{display}:1", reason=str(header.error)))
        return
    if header.cells is None:
        return
    columns = [c.strip().lower() for c in header.cells]
    if "text" not in columns:
        yield _failure(InputError("R009", origin=f"{display}:1", columns=", ".join(columns) or "none"))
        return
    while True:
        row = _parse_row(lines)
        if row.error is not None:
            yield _broken_row(row, lines, len(columns), display, opts)
            continue
        if row.cells is None:
            return
        if not any(cell.strip() for cell in row.cells):
            continue
        yield _csv_item(row, columns, lines, display, f"{stem}:{row.first}", opts)


#: What ``csv`` says, in strict mode, about a quote that breaks its row.
_QUOTING_ERRORS = ("expected after", "unexpected end of data")


def _broken_row(row: _Row, lines: _Lines, width: int, display: str, opts: _Options) -> Failure:
    """The failure for a row whose quoting is broken, after finding where rows go on.

    Its lines after the first are read again: reading goes on at the first of them (or
    of the lines after) that holds a whole row with ``width`` fields. So the rows that an
    unterminated quote swallowed are read after all, while the lines of the broken
    row's own text are skipped with it. The row that goes on is handed back unread.
    """
    first, last = row.first, row.lines[-1][0]
    lines.unread(row.lines[1:])
    resume: int | None = None
    while True:
        probe = _parse_row(lines)
        if probe.error is None and probe.cells is None:
            break  # the end of the file
        if probe.error is None and len(probe.cells or ()) == width:
            lines.unread(probe.lines)
            resume = probe.first
            break
        lines.unread(probe.lines[1:])  # not a whole row: skip its first line and try the next
    if "field larger than field limit" in str(row.error):
        err = InputError("R012", origin=f"{display}:{first}", limit=opts.max_chars, detail="a CSV field is too large")
        return _failure(err, None, row.lines[0][1])
    where = f"line {first}" if last == first else f"lines {first}-{last}"
    quoting = any(sign in str(row.error) for sign in _QUOTING_ERRORS)
    what = "broken quoting (a quote left open, or one inside a quoted field not doubled)" if quoting else "a broken row"
    goes_on = f"rows go on at line {resume}" if resume is not None else "no whole row follows it"
    reason = f"{what} at {where}: {row.error}; {goes_on}"
    return _failure(InputError("R010", origin=f"{display}:{first}", reason=reason), None, row.lines[0][1])


def _csv_item(
    row: _Row, columns: list[str], lines: _Lines, display: str, default_id: str, opts: _Options
) -> Article | Failure:
    cells = row.cells or []
    origin = f"{display}:{row.first}"
    raw = ",".join(cells)
    bad = next((n for n, _ in row.lines if n in lines.bad), None)
    if bad is not None:
        position, reason = lines.bad.pop(bad)
        err = InputError("R001", origin=f"{display}:{bad}", position=position, reason=reason)
        return _failure(err, None, lines.raw.pop(bad))
    if len(cells) > len(columns):
        reason = f"row has {len(cells)} fields but the header has {len(columns)}"
        return _failure(InputError("R010", origin=origin, reason=reason), None, raw)
    record = {name: value for name, value in zip(columns, cells)}
    return _record_item(record, origin, default_id, opts, raw)


# ----------------------------------------------------------------- web pages and WARC


def with_page(record: Mapping[str, Any], origin: str | None = None) -> dict[str, Any]:
    """``record`` with the ``text`` of the web page in its ``html`` field, and the page's
    title, URL, outlet (``source``) and date (``published``) where the record gives none.

    ``InputError`` R013 when ``html`` is not a string, R020 when the page holds no
    article text.
    """
    from .webpages import extract_page

    html = record.get("html")
    if not isinstance(html, str):
        raise InputError("R013", origin=origin, name="html", kind=type(html).__name__)
    url = record.get("url")
    page = extract_page(html, url=url if isinstance(url, str) and url.strip() else None, origin=origin)
    merged = dict(record)
    merged["text"] = page.text
    for name, value in (("title", page.title), ("url", page.url), ("source", page.source)):
        if merged.get(name) in (None, ""):
            merged[name] = value
    if all(merged.get(name) in (None, "") for name in ("published", "date")):
        merged["published"] = page.published
    return merged


def _read_html_file(path: Path, display: str, article_id: str, opts: _Options) -> Article | Failure:
    """One web page: its bytes decoded whatever its charset says (``webpages.decode_page``)."""
    from .webpages import decode_page

    data = _read_bytes(path, display, opts)
    if isinstance(data, Failure):
        return dataclasses.replace(data, article_id=article_id)
    record = {"id": article_id, "html": decode_page(data)}
    return _record_item(record, display, article_id, opts, None)


def _read_warc_file(path: Path, display: str, stem: str, opts: _Options) -> Iterator[Article | Failure]:
    """Each HTML response of a WARC archive, streamed record by record (``webpages.warc_pages``)."""
    from .webpages import ArchiveBreak, TooLarge, warc_pages

    stream = _open(path, display)
    if isinstance(stream, Failure):
        yield stream
        return
    with stream:
        for item in warc_pages(stream, opts.line_limit):
            origin = f"{display}@{item.offset}"
            if isinstance(item, ArchiveBreak):
                yield _failure(InputError("R021", origin=origin, offset=item.offset, reason=item.reason))
            elif isinstance(item, TooLarge):
                err = InputError("R012", origin=origin, limit=opts.max_chars, detail=f"the page is {item.size:,}+ bytes")
                yield _failure(err, item.record_id)
            else:
                yield _warc_article(item, origin, f"{stem}@{item.offset}", opts)


def _warc_article(item: WarcPage, origin: str, default_id: str, opts: _Options) -> Article | Failure:
    """A WARC response as an article: id from WARC-Record-ID (else the target URI), URL
    from WARC-Target-URI, date from the page's metadata, else WARC-Date."""
    from .webpages import decode_page, extract_page

    try:
        page = extract_page(decode_page(item.content, item.content_type), url=item.target_uri, origin=origin)
    except InputError as err:
        return _failure(err, item.record_id or item.target_uri)
    record = {
        "id": item.record_id or item.target_uri,
        "text": page.text,
        "title": page.title,
        "url": item.target_uri or page.url,
        "source": page.source,
        "published": page.published or _warc_date(item.warc_date),
    }
    return _record_item(record, origin, default_id, opts, None)


def _warc_date(value: str | None) -> dt.date | None:
    """The date of a ``WARC-Date`` (``2023-03-14T10:00:00Z``); None when it is none."""
    try:
        return parse_date(value)
    except InputError:
        return None


# ----------------------------------------------------------------- Parquet

PARQUET_SUFFIX = ".parquet"
#: Rows per record batch read from a Parquet file: memory stays bounded by it, not the file.
PARQUET_BATCH_ROWS = 256


def _read_parquet_file(path: Path, display: str, stem: str, opts: _Options) -> Iterator[Article | Failure]:
    """A Parquet file's rows as records (``id``, ``text``, ``published``... columns, as
    in JSONL), streamed in record batches; a file that is not Parquet, or has no
    ``text`` column, is one failure naming it."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .arrow import ARTICLE_COLUMNS

    try:
        parquet = pq.ParquetFile(path)
    except (OSError, pa.ArrowException) as exc:
        yield _failure(InputError("R010", origin=display, reason=f"not a Parquet file ({exc})"))
        return
    names = parquet.schema_arrow.names
    if "text" not in names:
        reason = f"the Parquet file has no 'text' column (columns: {', '.join(names) or 'none'})"
        yield _failure(InputError("R010", origin=display, reason=reason))
        return
    row = 0
    try:
        for batch in parquet.iter_batches(batch_size=PARQUET_BATCH_ROWS, columns=[c for c in ARTICLE_COLUMNS if c in names]):
            for record in batch.to_pylist():
                row += 1
                yield record_item(record, f"{display}:{row}", f"{stem}:{row}", opts.published, opts.max_chars)
    except (OSError, pa.ArrowException) as exc:
        yield _failure(InputError("R010", origin=f"{display}:{row + 1}", reason=f"broken Parquet data ({exc})"))


def record_item(
    record: Mapping[str, Any], origin: str, default_id: str, published: dt.date | None = None,
    max_chars: int = MAX_CHARS,
) -> Article | Failure:
    """One record (a dict, as a JSONL line or a table's row holds it) as an ``Article``,
    or the ``Failure`` that says why it cannot be one: what ``sitrep.spark`` reads each
    row of a DataFrame with."""
    item = _record_item(dict(record), origin, default_id, _Options(published, max_chars), None)
    if isinstance(item, Failure):
        item = dataclasses.replace(item, raw=_truncate(json.dumps(dict(record), ensure_ascii=False, default=str)))
    return item
