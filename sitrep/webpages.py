"""Web pages and WARC archives as input: an HTML page's article text and metadata.

``extract_page`` gives a page's main text, title, date, outlet and URL through
trafilatura, from the page as a string: nothing is ever fetched. ``decode_page`` turns
a page's bytes into that string when its charset is missing or wrong. ``warc_pages``
walks a WARC archive (``.warc`` or ``.warc.gz``) record by record, never holding more
than one record in memory, and yields each HTML response with where it is, or the
place where the archive turned out truncated or corrupt. ``sitrep.readers`` builds
articles from both.

A page with no article text raises ``InputError`` R020; a broken archive gives an
``ArchiveBreak`` (R021) after the pages before it.
"""

from __future__ import annotations

import codecs
import dataclasses
import datetime as dt
import logging
import os
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from .errors import InputError

#: What a ``Content-Type`` must contain for a WARC response to be read as a page.
HTML_TYPES = ("text/html", "application/xhtml+xml")
#: htmldate's search, made independent of the clock: only the page's markup (meta tags,
#: JSON-LD, ``<time>``, the URL), never dates guessed from the text; no upper bound
#: taken from today's date ("Time is an input").
_DATE_PARAMS = {
    "extensive_search": False,
    "original_date": True,
    "outputformat": "%Y-%m-%d",
    "max_date": "9999-12-31",
}
#: A charset declared in the first bytes of a page: ``<meta charset="...">`` or
#: ``<meta http-equiv="Content-Type" content="text/html; charset=...">``.
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
#: Charsets that browsers read as Windows-1252 (and UTF-8, tried first anyway).
_WINDOWS_1252_LABELS = frozenset({"utf-8", "ascii", "latin-1", "iso8859-1", "cp1252"})
#: How far into a page its ``<meta charset>`` is looked for (HTML puts it in the first 1,024 bytes).
_SNIFF_BYTES = 4096


@dataclass(frozen=True)
class Page:
    """What a page gives an article: its main text and, when the page says, the rest."""

    text: str
    title: str | None = None
    published: dt.date | None = None
    source: str | None = None
    url: str | None = None


def declared_charset(data: bytes, content_type: str | None = None) -> str | None:
    """The charset a ``Content-Type`` header or the page's own ``<meta>`` declares, when
    Python knows it; the header wins, as in browsers."""
    candidates = []
    if content_type and (match := _HEADER_CHARSET.search(content_type)):
        candidates.append(match.group(1))
    if meta := _META_CHARSET.search(data[:_SNIFF_BYTES]):
        candidates.append(meta.group(1).decode("ascii", errors="replace"))
    for name in candidates:
        try:
            return codecs.lookup(name).name
        except LookupError:
            continue
    return None


def decode_page(data: bytes, content_type: str | None = None) -> str:
    """A page's bytes as text, whatever its charset says.

    UTF-8 when the bytes are UTF-8 (a page labelled ``iso-8859-1`` that holds UTF-8 is
    common, while text in other encodings almost never happens to be valid UTF-8); else
    the charset that ``content_type`` or the page declares, when the bytes decode in it;
    else Windows-1252, the default of unlabelled pages in browsers (with any of its five
    undefined bytes replaced). As in browsers, a page labelled ``iso-8859-1`` or
    ``ascii`` is read as Windows-1252. Mojibake left over is ``sitrep.repair``'s to fix.
    """
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data, content_type)
    if declared is not None and declared not in _WINDOWS_1252_LABELS:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass
    return data.decode("cp1252", errors="replace")


def extract_page(html: str, url: str | None = None, origin: str | None = None) -> Page:
    """The article in ``html``: its main text (without navigation, teasers of other
    stories, footers or comments), title, date, outlet and URL, as trafilatura finds
    them. The text opens with the body, not the headline (the title has its own field).

    ``url`` is where the page came from, if known (it helps trafilatura; the page's own
    canonical URL wins). Raises ``InputError`` R020 when the page holds no article text.
    """
    import trafilatura

    # trafilatura logs every page it finds nothing in; the R020 failure says so already.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    try:
        document = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            # Precision over recall: a section front of teasers and links is no article.
            favor_precision=True,
            date_extraction_params=_DATE_PARAMS,
        )
    except (ValueError, TypeError, AttributeError, RecursionError) as exc:
        # lxml and trafilatura raise these on markup they cannot walk (no body at all, a
        # tree nested beyond lxml's limits); the page is then as good as empty.
        raise InputError("R020", origin=origin, detail=f" ({type(exc).__name__}: {exc})") from exc
    text = _field(document, "text")
    if text is None:
        raise InputError("R020", origin=origin, detail="")
    title = _field(document, "title")
    text = _without_headline(text, title)
    if not text.strip():
        raise InputError("R020", origin=origin, detail=" (only its headline)")
    return Page(
        text=text,
        title=title,
        published=_date(_field(document, "date")),
        source=_field(document, "sitename"),
        url=_field(document, "url") or url,
    )


def _field(document: Any, name: str) -> str | None:
    value = getattr(document, name, None) if document is not None else None
    return value.strip() or None if isinstance(value, str) else None


def _without_headline(text: str, title: str | None) -> str:
    """The text without a first line that repeats the title (trafilatura keeps the
    page's ``<h1>`` as the text's first line)."""
    if title is None:
        return text
    first, _, rest = text.partition("\n")
    return rest.lstrip("\n") if first.strip() == title.strip() else text


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


# ----------------------------------------------------------------- WARC


@dataclass(frozen=True)
class WarcPage:
    """One HTML response of a WARC archive: its bytes and what the archive says of it."""

    offset: int
    record_id: str | None
    target_uri: str | None
    warc_date: str | None
    content_type: str | None
    content: bytes


@dataclass(frozen=True)
class ArchiveBreak:
    """Where a WARC archive stops making sense (truncated or corrupt); nothing after it is read."""

    offset: int
    reason: str


@dataclass(frozen=True)
class TooLarge:
    """An HTML response over the size limit, skipped (the records after it are read)."""

    offset: int
    record_id: str | None
    size: int


#: What the decompressors and reads raise on a broken archive.
_BROKEN = (zlib.error, EOFError, OSError, ValueError)
#: What warcio's parser raises on headers cut short or mangled, besides its own
#: ``ArchiveLoadFailed`` (it reads a missing header as None and carries on with it).
_UNPARSED = (*_BROKEN, AttributeError, IndexError, KeyError, TypeError)


def warc_pages(stream: IO[bytes], limit: int) -> Iterator[WarcPage | TooLarge | ArchiveBreak]:
    """Each ``response`` record of a WARC archive with an HTML content type and a 2xx
    status, in order, with its byte offset (in the compressed file for ``.warc.gz``, as
    CDX indexes give it). Other records (requests, metadata, redirects, images) are
    skipped. A response whose content is over ``limit`` bytes is a ``TooLarge``.

    A truncated or corrupt archive ends with an ``ArchiveBreak`` at the offset of the
    first record that could not be read whole; the pages before it are yielded first.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    size = _size(stream)
    records = ArchiveIterator(stream)
    end = 0
    while True:
        start = end
        try:
            record = next(records, None)
        except (ArchiveLoadFailed, *_UNPARSED) as exc:
            yield _break(start, exc)
            return
        if record is None:
            break
        declared = (record.rec_headers.get_header("Content-Length") or "").strip()
        if record.rec_type is None or not declared.isdigit():
            # warcio hands over a record whose headers the file cuts short as it is.
            yield ArchiveBreak(start, "the record's headers are cut short (no WARC-Type or Content-Length)")
            return
        try:
            page = _page(record, limit)
            # The record's offset and length, read to its end. warcio takes an archive
            # that ends inside a record's first line for a complete one, and hands a
            # record whose content is cut over as it is: both are checked here.
            start = records.get_record_offset()
            records.get_record_length()
        except (ArchiveLoadFailed, *_BROKEN) as exc:
            yield _break(start, exc)
            return
        end = records.offset  # where the next record starts, past the blank lines between
        missing = getattr(record.raw_stream, "limit", 0)
        if missing:
            yield ArchiveBreak(start, f"the record is cut short: {missing:,} bytes of its content are missing")
            return
        if page is not None:
            yield dataclasses.replace(page, offset=start)
    end = max(end, records.offset)
    if size is not None and end < size:
        yield ArchiveBreak(end, f"{size - end:,} bytes at the end are no whole record (a truncated archive?)")


def _break(offset: int, exc: Exception) -> ArchiveBreak:
    return ArchiveBreak(offset, f"{type(exc).__name__}: {str(exc).strip() or 'unreadable'}")


def _page(record: Any, limit: int) -> WarcPage | TooLarge | None:
    """The page a record holds (its offset left for the caller to fill in), if any."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    status = record.http_headers.get_statuscode() or ""
    content_type = record.http_headers.get_header("Content-Type")
    if not status.startswith("2") or not content_type or not any(t in content_type.lower() for t in HTML_TYPES):
        return None
    record_id = _record_id(record.rec_headers.get_header("WARC-Record-ID"))
    content = record.content_stream().read(limit + 1)
    if len(content) > limit:
        return TooLarge(-1, record_id, len(content))
    return WarcPage(
        offset=-1,
        record_id=record_id,
        target_uri=record.rec_headers.get_header("WARC-Target-URI"),
        warc_date=record.rec_headers.get_header("WARC-Date"),
        content_type=content_type,
        content=content,
    )


def _record_id(value: str | None) -> str | None:
    """``<urn:uuid:...>`` -> ``urn:uuid:...``."""
    if not value:
        return None
    return value.strip().removeprefix("<").removesuffix(">") or None


def _size(stream: IO[bytes]) -> int | None:
    try:
        return os.fstat(stream.fileno()).st_size
    except (OSError, AttributeError, ValueError):
        return None
