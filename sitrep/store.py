"""Keep coded articles, their events and failures in a database.

``Store`` is the interface the CLI, the batch runner and the HTTP API use. ``SQLStore``
holds the SQL both back ends share (saves, filters, keyset pagination), written with
``?`` placeholders and parameterised everywhere; ``SQLiteStore`` runs it on the
standard library's ``sqlite3`` (WAL mode, FTS5 for full-text search) and
``sitrep.store_postgres.PostgresStore`` on PostgreSQL (psycopg 3, tsvector + GIN).
``open_store(db)`` picks one: a ``postgresql://`` URL or a file path.

Saving is idempotent: an article is keyed by its id and the SHA-256 of its text. The
same text again changes nothing; a changed text replaces the article and all its
events in one transaction. Failures are unique on (origin, code, message), so a rerun
over the same bad input does not add duplicates.

``save_articles`` saves a batch of articles as ``save_article`` would one after the
other, with the same rows and results, in one transaction and one statement per step
(``executemany``; PostgreSQL sends the events with ``COPY``), which is how one process
keeps up with what many workers code (``bench/store.py`` measures both).

A store object is not thread-safe: a caller that shares one between threads (the HTTP
server) serialises its calls.
"""

from __future__ import annotations

import abc
import base64
import binascii
import datetime as dt
import enum
import json
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar

from .errors import InputError, StoreError
from .filters import FILTERS, QueryError, RefusedFilter, event_conditions, incident_conditions, like, words
from .model import Article, Event, Failure

if TYPE_CHECKING:  # pragma: no cover
    from .incidents import Settings as IncidentSettings

T = TypeVar("T")

#: The schema version this code writes; ``MIGRATIONS`` brings an older database up to it.
SCHEMA_VERSION = 4


class Connection(Protocol):
    """What a migration step or a write gets: ``execute`` and ``executemany`` with ``?`` placeholders."""

    def execute(self, sql: str, params: Sequence[Any] = ...) -> Any: ...

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> Any: ...


#: A migration step: an SQL statement, or a function run inside the migration's transaction.
Step = str | Callable[[Connection], None]


def add_sentences(conn: Connection) -> None:
    """Migration step: give every stored event record its ``sentence`` (found around the trigger)."""
    from .output import event_record

    rows = conn.execute(
        "SELECT e.event_id, e.json, a.id, a.text FROM events e JOIN articles a ON a.id = e.article_id"
    ).fetchall()
    updates = []
    for event_id, raw, article_id, text in rows:
        record = json.loads(raw)
        if "sentence" not in record:
            record = event_record(record, Article(id=article_id, text=text))
            updates.append((json.dumps(record, ensure_ascii=False), event_id))
    if updates:
        conn.executemany("UPDATE events SET json = ? WHERE event_id = ?", updates)


#: SQLite: version -> the steps that upgrade a database from ``version - 1``.
MIGRATIONS: dict[int, tuple[Step, ...]] = {
    1: (
        """CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            text_hash TEXT NOT NULL,
            text TEXT NOT NULL,
            published TEXT,
            title TEXT,
            url TEXT,
            source TEXT,
            coded_at TEXT NOT NULL
        )""",
        """CREATE TABLE events (
            event_id TEXT PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            rank INTEGER NOT NULL,
            plover TEXT,
            acled_event_type TEXT,
            acled_sub_event_type TEXT,
            date_start TEXT,
            date_end TEXT,
            country TEXT,
            admin1 TEXT,
            lat REAL,
            lon REAL,
            background INTEGER NOT NULL,
            killed_best INTEGER,
            injured_best INTEGER,
            actor1_name TEXT,
            actor2_name TEXT,
            trigger TEXT NOT NULL,
            json TEXT NOT NULL
        )""",
        "CREATE INDEX events_article ON events(article_id)",
        "CREATE INDEX events_date ON events(date_start, date_end)",
        "CREATE INDEX events_country ON events(country)",
        """CREATE TABLE failures (
            id INTEGER PRIMARY KEY,
            origin TEXT NOT NULL,
            code TEXT NOT NULL,
            message TEXT NOT NULL,
            article_id TEXT,
            raw TEXT,
            created_at TEXT NOT NULL,
            UNIQUE (origin, code, message)
        )""",
    ),
    # Full-text search over article titles and texts (FTS5, Porter stemming), kept in
    # step with ``articles`` by triggers; event records gain their ``sentence``.
    2: (
        """CREATE VIRTUAL TABLE articles_fts USING fts5(
            article_id UNINDEXED, title, text, tokenize = 'porter unicode61'
        )""",
        """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts (article_id, title, text) VALUES (new.id, new.title, new.text);
        END""",
        """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            DELETE FROM articles_fts WHERE article_id = old.id;
        END""",
        """CREATE TRIGGER articles_fts_update AFTER UPDATE ON articles BEGIN
            DELETE FROM articles_fts WHERE article_id = old.id;
            INSERT INTO articles_fts (article_id, title, text) VALUES (new.id, new.title, new.text);
        END""",
        "INSERT INTO articles_fts (article_id, title, text) SELECT id, title, text FROM articles",
        "CREATE INDEX events_place ON events(lon, lat)",
        add_sentences,
    ),
    # What was repaired in an article's text (a JSON list); where a failure happened.
    3: (
        "ALTER TABLE articles ADD COLUMN repairs TEXT",
        "ALTER TABLE failures ADD COLUMN stage TEXT",
        "ALTER TABLE failures ADD COLUMN exception TEXT",
        "ALTER TABLE failures ADD COLUMN location TEXT",
    ),
    # Incidents (issue 16): each event's incident, the incidents, each member's blocking
    # columns (what the candidate queries read) and the links ``incidents.resolve`` reads.
    4: (
        "ALTER TABLE events ADD COLUMN incident_id TEXT",
        "CREATE INDEX events_incident ON events(incident_id)",
        """CREATE TABLE incidents (
            id TEXT PRIMARY KEY,
            date_start TEXT,
            date_end TEXT,
            country TEXT,
            admin1 TEXT,
            lat REAL,
            lon REAL,
            plover TEXT,
            acled_event_type TEXT,
            acled_sub_event_type TEXT,
            n_articles INTEGER NOT NULL,
            n_sources INTEGER NOT NULL,
            killed_best INTEGER,
            injured_best INTEGER,
            first_report TEXT,
            last_report TEXT,
            json TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        "CREATE INDEX incidents_date ON incidents(date_start, date_end)",
        "CREATE INDEX incidents_country ON incidents(country)",
        """CREATE TABLE incident_members (
            event_id TEXT PRIMARY KEY REFERENCES events(event_id) ON DELETE CASCADE,
            incident_id TEXT NOT NULL,
            article_id TEXT NOT NULL,
            country TEXT,
            window_start TEXT,
            window_end TEXT,
            town TEXT,
            background INTEGER NOT NULL,
            anchor INTEGER NOT NULL
        )""",
        "CREATE INDEX incident_members_incident ON incident_members(incident_id)",
        "CREATE INDEX incident_members_article ON incident_members(article_id)",
        "CREATE INDEX incident_members_block ON incident_members(country, window_start)",
        "CREATE INDEX incident_members_town ON incident_members(town)",
        """CREATE TABLE incident_links (
            a TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
            b TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            score REAL NOT NULL,
            article_id TEXT,
            anchor TEXT,
            PRIMARY KEY (a, b, kind)
        )""",
        "CREATE INDEX incident_links_b ON incident_links(b)",
    ),
}

_EVENT_COLUMNS = (
    "event_id", "article_id", "rank", "plover", "acled_event_type", "acled_sub_event_type",
    "date_start", "date_end", "country", "admin1", "lat", "lon", "background",
    "killed_best", "injured_best", "actor1_name", "actor2_name", "trigger", "json",
)
_INSERT_EVENT = (
    f"INSERT INTO events ({', '.join(_EVENT_COLUMNS)}) VALUES ({', '.join('?' for _ in _EVENT_COLUMNS)})"
)
_UPSERT_ARTICLE = """
    INSERT INTO articles (id, text_hash, text, published, title, url, source, repairs, coded_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET
        text_hash = excluded.text_hash, text = excluded.text, published = excluded.published,
        title = excluded.title, url = excluded.url, source = excluded.source, repairs = excluded.repairs,
        coded_at = excluded.coded_at
"""
_FAILURE_COLUMNS = ("origin", "code", "message", "article_id", "raw", "stage", "exception", "location")
_FROM = " FROM events e JOIN articles a ON a.id = e.article_id"


class SaveResult(str, enum.Enum):
    """What ``Store.save_article`` did."""

    INSERTED = "inserted"
    REPLACED = "replaced"
    UNCHANGED = "unchanged"


# ----------------------------------------------------------------- queries

#: ``EventQuery.sort`` values: by event date or by rank, ``-`` for descending.
SORTS = ("date", "-date", "rank", "-rank")
#: The most events one page may hold.
MAX_LIMIT = 1000


@dataclass(frozen=True)
class EventQuery:
    """Filters, order and page of an event listing (``Store.query_events``).

    ``since``/``until`` keep events whose date window overlaps them (undated events are
    left out); ``country`` is the place's ISO alpha-3 code; ``admin1`` the place's
    first-level division (ignoring case); ``acled_type`` an ACLED event type or
    sub-type; ``plover`` a PLOVER type (both ignoring case); ``actor`` a substring of
    actor1's or actor2's name, ignoring case; ``text`` words that must all occur in
    the article's title or text (full-text search, stemmed); ``bbox`` is
    ``(min_lon, min_lat, max_lon, max_lat)`` (``min_lon > max_lon`` crosses the
    antimeridian); ``background`` None keeps both. ``sort`` is one of ``SORTS``, with
    ties broken by event id; undated events come last either way. ``cursor`` is the
    ``next_cursor`` of the page before. Invalid values raise ``QueryError``.
    """

    since: dt.date | None = None
    until: dt.date | None = None
    country: str | None = None
    admin1: str | None = None
    acled_type: str | None = None
    plover: str | None = None
    actor: str | None = None
    text: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    background: bool | None = None
    sort: str = "date"
    limit: int = 100
    cursor: str | None = None
    #: Only the events of this incident (``incidents.incident_id``).
    incident: str | None = None

    def __post_init__(self) -> None:
        if self.sort not in SORTS:
            raise QueryError("sort", f"sort must be one of {', '.join(SORTS)}, not {self.sort!r}")
        if not 1 <= self.limit <= MAX_LIMIT:
            raise QueryError("limit", f"limit must be between 1 and {MAX_LIMIT}, not {self.limit}")
        if self.since and self.until and self.since > self.until:
            raise QueryError("until", f"until ({self.until}) is before since ({self.since})")
        if self.text is not None and not words(self.text):
            raise QueryError("q", f"the search {self.text!r} has no words in it")
        if self.bbox is not None:
            _check_bbox(self.bbox)
        for spec in FILTERS:
            value = getattr(self, spec.name)
            if spec.kind == "text" and value is not None:
                _check_text(spec.param, value)
        if self.cursor is not None:
            self.after()  # fails early on a cursor that cannot be read

    def after(self) -> tuple[Any, str] | None:
        """The (sort key, event id) the cursor points after, or None on the first page.

        A cursor is read as untrusted input: anything but what ``_cursor`` writes for
        this ``sort`` (a date key for the date orders, a rank for the rank orders, an
        event id) is a ``QueryError``, so a forged one never reaches the database.
        """
        if self.cursor is None:
            return None
        forged = QueryError("cursor", "cursor is not one this server gave out")
        if len(self.cursor) > _MAX_CURSOR:
            raise forged
        try:
            padded = self.cursor + "=" * (-len(self.cursor) % 4)
            decoded = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8"))
        except (ValueError, TypeError, binascii.Error, UnicodeError, RecursionError) as exc:
            raise forged from exc
        if not isinstance(decoded, list) or len(decoded) != 3:
            raise forged
        sort, key, event_id = decoded
        if sort != self.sort:
            if isinstance(sort, str) and sort in SORTS:
                raise QueryError("cursor", f"cursor belongs to sort={sort!r}, not sort={self.sort!r}")
            raise forged
        if self.sort.endswith("date"):
            good_key = isinstance(key, str) and _DATE_KEY.fullmatch(key) is not None
        else:
            good_key = isinstance(key, int) and not isinstance(key, bool) and 0 <= key <= _MAX_RANK
        if not good_key or not isinstance(event_id, str) or not 0 < len(event_id) <= _MAX_EVENT_ID:
            raise forged
        try:
            _check_text("cursor", event_id)
        except QueryError:
            raise forged from None
        return key, event_id


@dataclass(frozen=True)
class EventPage:
    """One page of events: records, the cursor of the next page (None on the last), how many match."""

    items: list[dict[str, Any]]
    next_cursor: str | None
    total: int


#: What a cursor may hold (``EventQuery.after``): a date sort's key (a ``date_start``,
#: or the sentinel that puts undated events last), a rank within SQL's INTEGER, an id.
_DATE_KEY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_MAX_RANK = 2**31 - 1
_MAX_EVENT_ID = 200
#: The longest cursor read at all; the ones ``_cursor`` writes are under 100 characters.
_MAX_CURSOR = 1000


def unstorable(text: str) -> str | None:
    """Why no database can hold ``text``, or None when every one can: NUL (PostgreSQL's
    text refuses it, and SQLite's tools cut text there) or a lone surrogate (not
    encodable as UTF-8: JSON's ``\\ud800`` escapes and the CLI's arguments can carry one)."""
    if "\x00" in text:
        return "it holds a NUL character"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "it holds a lone surrogate, which is not Unicode text"
    return None


def storable(text: str) -> bool:
    """Whether every database can hold ``text`` (see ``unstorable``)."""
    return unstorable(text) is None


def _check_bbox(bbox: tuple[float, ...]) -> None:
    """A ``QueryError`` for a box that is not four numbers within the globe, south to north."""
    if len(bbox) != 4:
        raise QueryError("bbox", "bbox must be four numbers: min_lon,min_lat,max_lon,max_lat")
    min_lon, min_lat, max_lon, max_lat = bbox
    if not all(-180 <= v <= 180 for v in (min_lon, max_lon)) or not all(-90 <= v <= 90 for v in (min_lat, max_lat)):
        raise QueryError("bbox", "bbox longitudes must be within -180..180 and latitudes within -90..90")
    if min_lat > max_lat:
        raise QueryError("bbox", f"bbox min_lat ({min_lat}) is above max_lat ({max_lat})")


def _check_text(parameter: str, value: str) -> None:
    """A ``QueryError`` for text no database can take (``unstorable``)."""
    reason = unstorable(value)
    if reason is not None:
        raise QueryError(parameter, f"{parameter} cannot be searched for: {reason}")


def _cursor(sort: str, key: Any, event_id: str) -> str:
    raw = json.dumps([sort, key, event_id], separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


#: sort -> (key expression, direction). Undated events sort last both ways.
_SORT_KEYS = {
    "date": ("COALESCE(e.date_start, '9999-12-31')", "ASC"),
    "-date": ("COALESCE(e.date_start, '0000-01-01')", "DESC"),
    "rank": ("e.rank", "ASC"),
    "-rank": ("e.rank", "DESC"),
}


# ----------------------------------------------------------------- the interface


class Store(abc.ABC):
    """Where coded articles, events and failures are kept. Use as a context manager."""

    #: "sqlite" or "postgresql".
    backend: ClassVar[str]

    @abc.abstractmethod
    def has_article(self, article_id: str, text_hash: str) -> bool:
        """True when the article is stored with this exact text (so it need not be coded again)."""

    @abc.abstractmethod
    def save_article(self, article: Article, events: Sequence[Event], *, force: bool = False) -> SaveResult:
        """Store an article and its events atomically.

        The same id and text: nothing changes (``UNCHANGED``), unless ``force`` (then
        the events are replaced, e.g. after the lexicons changed). A changed text
        replaces the article and all its old events (``REPLACED``).
        """

    def save_articles(
        self, items: Sequence[tuple[Article, Sequence[Event]]], *, force: bool = False
    ) -> list[SaveResult | Exception]:
        """Store many articles with their events, as ``save_article`` would one after the
        other (the same rows, an id repeated in ``items`` saved in its turn), and give, in
        order, each one's ``SaveResult`` or the exception that kept it out. One bad article
        never keeps the others out. (``SQLStore`` writes them in one transaction.)
        """
        results: list[SaveResult | Exception] = []
        for article, events in items:
            try:
                results.append(self.save_article(article, events, force=force))
            except Exception as exc:  # the caller makes it this article's failure
                results.append(exc)
        return results

    @abc.abstractmethod
    def save_failure(self, failure: Failure) -> bool:
        """Store a failure; False when the same origin, code and message is already stored."""

    @abc.abstractmethod
    def article(self, article_id: str) -> Article | None:
        """The stored article, or None."""

    @abc.abstractmethod
    def event(self, event_id: str) -> dict[str, Any] | None:
        """One stored event record (``sitrep.output.event_record``), or None."""

    def article_sources(self, article_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Each stored article's ``{"title", "source", "url", "published"}`` (no text), by
        id; ids not stored are left out. (``SQLStore`` reads them in a few queries.)"""
        out: dict[str, dict[str, Any]] = {}
        for article_id in dict.fromkeys(article_ids):
            article = self.article(article_id)
            if article is not None:
                out[article_id] = {"title": article.title, "source": article.source, "url": article.url,
                                   "published": article.published.isoformat() if article.published else None}
        return out

    @abc.abstractmethod
    def article_events(self, article_id: str) -> list[dict[str, Any]]:
        """The stored event records of one article, by rank."""

    @abc.abstractmethod
    def events(
        self,
        *,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        country: str | None = None,
        type: str | None = None,  # noqa: A002 - the CLI's option name
        text: str | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Stored event records, oldest event date first. (``sitrep events`` and the
        HTTP API list events with ``query_events``.)

        ``since``/``until`` keep events whose date window overlaps them (events with
        no date are left out); ``country`` is the place's ISO alpha-3 code; ``type``
        matches the ACLED type, sub-type or PLOVER type, ignoring case; ``text`` is a
        substring of an actor's name, the trigger, or the article's text or title.
        """

    @abc.abstractmethod
    def query_events(self, query: EventQuery) -> EventPage:
        """One page of the events that match ``query`` (the HTTP API's listing)."""

    @abc.abstractmethod
    def assign_incidents(self, article_id: str) -> dict[str, str]:
        """Assign a stored article's events to incidents (event id -> incident id)."""

    @abc.abstractmethod
    def rebuild_incidents(self) -> int:
        """Cluster every stored event into incidents again; how many incidents there are."""

    @abc.abstractmethod
    def incident_ids(self, article_id: str) -> dict[str, str | None]:
        """event id -> incident id (None when not assigned) of one article's events."""

    @abc.abstractmethod
    def incident(self, incident_id: str) -> dict[str, Any] | None:
        """One stored incident (``Incident.to_dict()``), or None."""

    @abc.abstractmethod
    def incident_events(self, incident_id: str) -> list[dict[str, Any]]:
        """The event records of an incident's members."""

    @abc.abstractmethod
    def query_incidents(self, query: EventQuery) -> EventPage:
        """One page of the incidents that match ``query`` (``sitrep incidents``, GET /api/incidents)."""

    @abc.abstractmethod
    def failures(self) -> list[dict[str, Any]]:
        """Stored failures (``Failure.to_dict()`` plus ``created_at``), oldest first."""

    @abc.abstractmethod
    def counts(self) -> dict[str, int]:
        """How many articles, events and failures are stored."""

    @property
    @abc.abstractmethod
    def schema_version(self) -> int:
        """The version of the database's schema (``SCHEMA_VERSION`` once opened)."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release the connection; closing twice is harmless."""

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def open_store(db: str | os.PathLike[str]) -> Store:
    """The store ``db`` names: a ``postgresql://`` (or ``postgres://``) URL, or an SQLite file path."""
    name = os.fspath(db)
    if is_postgres_url(name):
        from .store_postgres import PostgresStore

        return PostgresStore(name)
    return SQLiteStore(name)


def is_postgres_url(db: str) -> bool:
    return db.startswith(("postgresql://", "postgres://"))


def redact(db: str) -> str:
    """``db`` for messages: a URL's password replaced by ``***``."""
    return re.sub(r"(://[^:/@]*):[^@]*@", r"\1:***@", db)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _iso(value: dt.date | str | None, name: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError as exc:
        raise ValueError(f"{name} must be a date YYYY-MM-DD, not {value!r}") from exc


#: The integers both back ends store (SQLite's INTEGER, PostgreSQL's BIGINT).
_INT64 = range(-(2**63), 2**63)


def _check_storable(article: Article, row: Sequence[Any], columns: Sequence[str]) -> None:
    """Refuse (R018) a value no database can hold: NUL (PostgreSQL's text cannot, and
    SQLite's tools cut text there), a lone surrogate (not encodable as UTF-8), or an
    integer beyond 64 bits."""
    for name, value in zip(columns, row):
        reason = None
        if isinstance(value, str):
            reason = unstorable(value)
        elif isinstance(value, int) and not isinstance(value, bool) and value not in _INT64:
            reason = f"{value:,} does not fit in a 64-bit integer"
        if reason:
            field = f"the {name} of article {_printable(article.id)!r}"
            raise InputError("R018", origin=_printable(article.origin), field=field, reason=reason)


def _printable(value: Any) -> Any:
    """A failure's text made storable as it is reported: NUL shown as ``\\x00`` and lone
    surrogates as ``\\udxxx`` (a failure's raw line may hold anything)."""
    if not isinstance(value, str) or storable(value):
        return value
    return value.replace("\x00", "\\x00").encode("utf-8", "backslashreplace").decode("utf-8")


def _record(row: Mapping[str, Any]) -> dict[str, Any]:
    """A stored event record with its current ``incident_id`` (from the column: an
    incident's id changes when a member with a smaller event id joins it)."""
    from .output import with_incident

    return with_incident(json.loads(row["json"]), row["incident_id"])


def event_row(event: Event, article: Article | None = None) -> tuple[Any, ...]:
    """The ``events`` table row for an event, in ``_EVENT_COLUMNS`` order."""
    from .output import event_record

    place = event.place
    return (
        event.event_id,
        event.article_id,
        event.rank,
        event.plover,
        event.acled_event_type,
        event.acled_sub_event_type,
        event.date.start.isoformat() if event.date.start else None,
        event.date.end.isoformat() if event.date.end else None,
        place.country if place else None,
        place.admin1 if place else None,
        place.lat if place else None,
        place.lon if place else None,
        int(event.background),
        event.killed.best if event.killed else None,
        event.injured.best if event.injured else None,
        event.actor1.name if event.actor1 else None,
        event.actor2.name if event.actor2 else None,
        event.trigger,
        json.dumps(event_record(event, article), ensure_ascii=False),
    )


@dataclass(frozen=True)
class _Prepared:
    """An article checked and turned into rows, ready to be saved."""

    article: Article
    events: Sequence[Event]
    values: tuple[Any, ...]
    rows: list[tuple[Any, ...]]
    text_hash: str


_ARTICLE_FIELDS = ("id", "text", "published", "title", "url", "source", "repairs")
#: How many ids one ``IN (...)`` lookup takes (SQLite allows 32,766 parameters).
_IN_CHUNK = 500


def _prepare(article: Article, events: Sequence[Event]) -> _Prepared:
    """The article's and its events' rows, after refusing (R018) any value no database
    can hold and any event that names another article (``ValueError``)."""
    strays = sorted({e.article_id for e in events if e.article_id != article.id})
    if strays:
        raise ValueError(f"events of article {article.id!r} name other articles: {strays}")
    values = (
        article.id, article.text, article.published.isoformat() if article.published else None,
        article.title, article.url, article.source, json.dumps(list(article.repairs)) if article.repairs else None,
    )
    _check_storable(article, values, _ARTICLE_FIELDS)
    rows = [event_row(e, article) for e in events]
    for row in rows:
        _check_storable(article, row, _EVENT_COLUMNS)
    return _Prepared(article, events, values, rows, article.text_hash)


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# ----------------------------------------------------------------- the shared SQL


class SQLStore(Store):
    """The SQL both back ends run. Subclasses supply the plumbing and the full-text clause.

    Statements use ``?`` placeholders; a back end with another style translates them.
    """

    #: Where the store is, for error messages (a path, or a URL without its password).
    location: str

    @abc.abstractmethod
    def _write(self, operation: str, work: Callable[[Connection], T]) -> T:
        """Run ``work`` in one transaction; every write goes through here."""

    @abc.abstractmethod
    def _query(self, operation: str, sql: str, params: Sequence[Any] = ()) -> list[Mapping[str, Any]]:
        """Rows of a read, as mappings by column name."""

    @abc.abstractmethod
    def _search(self, words: list[str]) -> tuple[str, list[Any]]:
        """The condition (on ``a``, the articles table) that its title or text holds all ``words``."""

    # -- writes

    def save_article(self, article: Article, events: Sequence[Event], *, force: bool = False) -> SaveResult:
        """(See ``Store.save_article``.) A value no database can hold (a NUL character, a
        lone surrogate, a count beyond 64 bits) is refused with ``InputError`` R018, before
        anything is written."""
        item = _prepare(article, events)
        return self._write(f"saving article {article.id!r}", lambda conn: self._save_many(conn, [item], force)[0])

    def save_articles(
        self, items: Sequence[tuple[Article, Sequence[Event]]], *, force: bool = False
    ) -> list[SaveResult | Exception]:
        """(See ``Store.save_articles``.) The articles go in one transaction, with one
        statement for each step over all of them (``executemany``), so that one process
        stores what many workers code. An article the checks refuse (R018, events of
        another article) gets its exception and the rest are saved; when the database
        refuses the batch, each article is saved alone, so that only the one at fault fails.
        """
        results: list[SaveResult | Exception | None] = [None] * len(items)
        prepared: list[tuple[int, _Prepared]] = []
        for index, (article, events) in enumerate(items):
            try:
                prepared.append((index, _prepare(article, events)))
            except (InputError, ValueError) as exc:
                results[index] = exc
        if prepared:
            batch = [item for _, item in prepared]
            try:
                saved: list[SaveResult | Exception] = list(
                    self._write(f"saving {len(batch)} articles", lambda conn: self._save_many(conn, batch, force)))
            except Exception:
                # Something in the batch broke it: save each alone, so that only it fails.
                saved = Store.save_articles(self, [(item.article, item.events) for item in batch], force=force)
            for (index, _), outcome in zip(prepared, saved):
                results[index] = outcome
        return [r for r in results if r is not None]

    def _save_many(self, conn: Connection, items: Sequence[_Prepared], force: bool) -> list[SaveResult]:
        """Save prepared articles inside the caller's transaction, in order; an id that
        comes again starts a new round, so it is saved after its first, as in a loop."""
        results: list[SaveResult] = []
        start = 0
        while start < len(items):
            seen: set[str] = set()
            end = start
            while end < len(items) and items[end].article.id not in seen:
                seen.add(items[end].article.id)
                end += 1
            results.extend(self._save_round(conn, items[start:end], force))
            start = end
        return results

    def _save_round(self, conn: Connection, items: Sequence[_Prepared], force: bool) -> list[SaveResult]:
        """Save articles with distinct ids: one lookup of the stored hashes, then one
        statement each to delete old events, upsert articles and insert events."""
        ids = [item.article.id for item in items]
        self._lock_articles(conn, ids)
        stored: dict[str, str] = {}
        for chunk in _chunks(ids, _IN_CHUNK):
            marks = ", ".join("?" for _ in chunk)
            stored.update(conn.execute(f"SELECT id, text_hash FROM articles WHERE id IN ({marks})", chunk).fetchall())
        results: list[SaveResult] = []
        writes: list[_Prepared] = []
        for item in items:
            old = stored.get(item.article.id)
            if old is not None and old == item.text_hash and not force:
                results.append(SaveResult.UNCHANGED)
                continue
            results.append(SaveResult.INSERTED if old is None else SaveResult.REPLACED)
            writes.append(item)
        replaced = [item.article.id for item in writes if item.article.id in stored]
        for article_id in replaced:
            self._detach_article(conn, article_id)
        if replaced:
            conn.executemany("DELETE FROM events WHERE article_id = ?", [(article_id,) for article_id in replaced])
        if writes:
            now = _now()
            conn.executemany(_UPSERT_ARTICLE, [(item.article.id, item.text_hash, *item.values[1:], now) for item in writes])
            rows = [row for item in writes for row in item.rows]
            if rows:
                self._insert_events(conn, rows)
        return results

    def _insert_events(self, conn: Connection, rows: Sequence[tuple[Any, ...]]) -> None:
        """Insert event rows (``_EVENT_COLUMNS`` order); a back end with a faster bulk path overrides it."""
        conn.executemany(_INSERT_EVENT, rows)

    def _lock_articles(self, conn: Connection, article_ids: Sequence[str]) -> None:
        """Hold off other writers of these articles until this transaction ends."""
        for article_id in sorted(article_ids):
            self._lock_article(conn, article_id)

    def _lock_article(self, conn: Connection, article_id: str) -> None:
        """Hold off other writers of the same article until this transaction ends (the
        back ends whose transactions do not already serialise writers override it)."""

    def _lock_incidents(self, conn: Connection) -> None:
        """Hold off other writers of incidents until this transaction ends (an incident
        spans articles, so this is one lock for the store; the back ends whose
        transactions do not already serialise writers override it)."""

    # -- incidents (``sitrep.store_incidents`` holds the SQL and the bookkeeping)

    #: The clustering settings; None: the packaged ones (``incidents.default_settings``).
    incident_settings: IncidentSettings | None = None

    def _settings(self) -> IncidentSettings:
        from .incidents import default_settings

        return self.incident_settings or default_settings()

    def _detach_article(self, conn: Connection, article_id: str) -> None:
        """Before an article's events are replaced: take them out of their incidents and
        resolve the incidents they were in again without them."""
        from . import store_incidents

        old = [r[0] for r in conn.execute(
            "SELECT event_id FROM incident_members WHERE article_id = ?", (article_id,)).fetchall()]
        if not old:
            return
        self._lock_incidents(conn)
        seeds, dirty = store_incidents.detach(conn, old)
        store_incidents.recluster(conn, seeds, set(), dirty, self._settings(), _now())

    def assign_incidents(self, article_id: str) -> dict[str, str]:
        """Give a stored article's events their incidents, joining incidents already
        stored or starting new ones (``sitrep.store_incidents.assign``), in one
        transaction; returns event id -> incident id. An article already assigned is left
        as it is."""
        from . import store_incidents

        def work(conn: Connection) -> dict[str, str]:
            self._lock_incidents(conn)
            return store_incidents.assign(conn, article_id, self._settings(), _now())

        return self._write(f"assigning the incidents of article {article_id!r}", work)

    def rebuild_incidents(self) -> int:
        """Cluster every stored event into incidents again, from scratch; returns how many incidents there are."""
        from . import store_incidents

        def work(conn: Connection) -> int:
            self._lock_incidents(conn)
            return store_incidents.rebuild(conn, self._settings(), _now())

        return self._write("rebuilding incidents", work)

    def incident_ids(self, article_id: str) -> dict[str, str | None]:
        """event id -> incident id (None when not assigned) of one article's events."""
        rows = self._query("reading incident ids", "SELECT event_id, incident_id FROM events WHERE article_id = ?",
                           (article_id,))
        return {row["event_id"]: row["incident_id"] for row in rows}

    def incident(self, incident_id: str) -> dict[str, Any] | None:
        """One stored incident (``Incident.to_dict()``), or None."""
        rows = self._query("reading an incident", "SELECT json FROM incidents WHERE id = ?", (incident_id,))
        return json.loads(rows[0]["json"]) if rows else None

    def incident_events(self, incident_id: str) -> list[dict[str, Any]]:
        """The event records of an incident's members, by publication date, article and rank."""
        rows = self._query(
            "reading an incident's events",
            "SELECT e.json, e.incident_id" + _FROM + " WHERE e.incident_id = ?"
            " ORDER BY a.published IS NULL, a.published, e.article_id, e.rank, e.event_id",
            (incident_id,),
        )
        return [_record(row) for row in rows]

    def _incident_filters(self, query: EventQuery) -> tuple[list[str], list[Any]]:
        """``query``'s filters on incidents (``sitrep.filters``: the incident's own fields
        for the date window, place, type and ``background`` (False: incidents with a
        report of their own, not only background mentions; True: incidents known only
        from background mentions), its member events for ``actor`` and ``text``);
        ``incident`` does not apply to incidents."""
        try:
            condition, params = incident_conditions(query, self._search, _FROM)
        except RefusedFilter as exc:
            raise QueryError(exc.filter.param, str(exc)) from None
        if query.sort.endswith("rank"):
            raise QueryError("sort", f"incidents sort by date or -date, not {query.sort!r}")
        return ([condition] if condition else []), params

    def query_incidents(self, query: EventQuery) -> EventPage:
        """One page of the incidents that match ``query`` (``_incident_filters``), by the
        incident's date (``date`` or ``-date``), ties by id; undated incidents last."""
        where, params = self._incident_filters(query)
        condition = " WHERE " + " AND ".join(where) if where else ""
        total = int(self._query("counting incidents", "SELECT COUNT(*) AS n FROM incidents i" + condition,
                                params)[0]["n"])
        key, direction = _SORT_KEYS[query.sort]
        key = key.replace("e.", "i.")
        page_where, page_params = list(where), list(params)
        after = query.after()
        if after is not None:
            page_where.append(f"({key}, i.id) {'>' if direction == 'ASC' else '<'} (?, ?)")
            page_params.extend(after)
        sql = f"SELECT {key} AS sort_key, i.id, i.json FROM incidents i"
        if page_where:
            sql += " WHERE " + " AND ".join(page_where)
        sql += f" ORDER BY sort_key {direction}, i.id {direction} LIMIT ?"
        rows = self._query("querying incidents", sql, [*page_params, query.limit + 1])
        more = len(rows) > query.limit
        rows = rows[: query.limit]
        next_cursor = _cursor(query.sort, rows[-1]["sort_key"], rows[-1]["id"]) if more else None
        return EventPage([json.loads(row["json"]) for row in rows], next_cursor, total)

    def save_failure(self, failure: Failure) -> bool:
        values = tuple(_printable(getattr(failure, name)) for name in _FAILURE_COLUMNS)

        def save(conn: Connection) -> bool:
            cursor = conn.execute(
                f"""INSERT INTO failures ({', '.join(_FAILURE_COLUMNS)}, created_at)
                   VALUES ({', '.join('?' for _ in _FAILURE_COLUMNS)}, ?)
                   ON CONFLICT (origin, code, message) DO NOTHING""",
                (*values, _now()),
            )
            return bool(cursor.rowcount == 1)

        return self._write(f"saving failure at {_printable(failure.origin)}", save)

    # -- reads

    @property
    def schema_version(self) -> int:
        return int(self._query("read schema version", "SELECT MAX(version) AS v FROM schema_migrations")[0]["v"])

    def has_article(self, article_id: str, text_hash: str) -> bool:
        rows = self._query(
            "looking up an article", "SELECT 1 AS found FROM articles WHERE id = ? AND text_hash = ?",
            (article_id, text_hash),
        )
        return bool(rows)

    def article(self, article_id: str) -> Article | None:
        rows = self._query(
            "reading an article",
            "SELECT id, text, published, title, url, source, repairs FROM articles WHERE id = ?",
            (article_id,),
        )
        if not rows:
            return None
        row = rows[0]
        published = dt.date.fromisoformat(row["published"]) if row["published"] else None
        return Article(
            id=row["id"], text=row["text"], published=published,
            title=row["title"], url=row["url"], source=row["source"],
            repairs=tuple(json.loads(row["repairs"])) if row["repairs"] else (),
        )

    def article_sources(self, article_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for chunk in _chunks(list(dict.fromkeys(article_ids)), _IN_CHUNK):
            rows = self._query(
                "reading articles' sources",
                f"SELECT id, title, source, url, published FROM articles WHERE id IN ({', '.join('?' for _ in chunk)})",
                list(chunk),
            )
            for row in rows:
                out[row["id"]] = {"title": row["title"], "source": row["source"], "url": row["url"],
                                  "published": row["published"]}
        return out

    def event(self, event_id: str) -> dict[str, Any] | None:
        rows = self._query("reading an event", "SELECT json, incident_id FROM events WHERE event_id = ?", (event_id,))
        return _record(rows[0]) if rows else None

    def article_events(self, article_id: str) -> list[dict[str, Any]]:
        rows = self._query(
            "reading an article's events",
            "SELECT json, incident_id FROM events WHERE article_id = ? ORDER BY rank, event_id",
            (article_id,),
        )
        return [_record(row) for row in rows]

    def events(
        self,
        *,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        country: str | None = None,
        type: str | None = None,  # noqa: A002
        text: str | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        where: list[str] = []
        params: list[Any] = []
        self._date_window(where, params, _iso(since, "since"), _iso(until, "until"))
        if country:
            where.append("e.country = ?")
            params.append(country.strip().upper())
        if type:
            where.append(
                "(lower(e.acled_event_type) = ? OR lower(e.acled_sub_event_type) = ? OR lower(e.plover) = ?)"
            )
            params.extend([type.strip().lower()] * 3)
        if text:
            columns = ("e.actor1_name", "e.actor2_name", "e.trigger", "a.text", "a.title")
            where.append("(" + " OR ".join(f"lower({c}) LIKE ? ESCAPE '\\'" for c in columns) + ")")
            params.extend([like(text)] * len(columns))
        sql = "SELECT e.json, e.incident_id" + _FROM
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY e.date_start IS NULL, e.date_start, e.article_id, e.rank, e.event_id"
        if limit is not None:
            if limit < 0:
                raise ValueError(f"limit must not be negative, not {limit}")
            sql += " LIMIT ?"
            params.append(limit)
        return [_record(row) for row in self._query("querying events", sql, params)]

    @staticmethod
    def _date_window(where: list[str], params: list[Any], since: str | None, until: str | None) -> None:
        if since:
            where.append("COALESCE(e.date_end, e.date_start) >= ?")
            params.append(since)
        if until:
            where.append("COALESCE(e.date_start, e.date_end) <= ?")
            params.append(until)

    def _filters(self, query: EventQuery) -> tuple[list[str], list[Any]]:
        """``query``'s filters on events (``sitrep.filters``)."""
        condition, params = event_conditions(query, self._search)
        return ([condition] if condition else []), params

    def query_events(self, query: EventQuery) -> EventPage:
        where, params = self._filters(query)
        condition = " WHERE " + " AND ".join(where) if where else ""
        total = int(self._query("counting events", "SELECT COUNT(*) AS n" + _FROM + condition, params)[0]["n"])
        key, direction = _SORT_KEYS[query.sort]
        page_where, page_params = list(where), list(params)
        after = query.after()
        if after is not None:
            page_where.append(f"({key}, e.event_id) {'>' if direction == 'ASC' else '<'} (?, ?)")
            page_params.extend(after)
        sql = f"SELECT {key} AS sort_key, e.event_id, e.json, e.incident_id" + _FROM
        if page_where:
            sql += " WHERE " + " AND ".join(page_where)
        sql += f" ORDER BY sort_key {direction}, e.event_id {direction} LIMIT ?"
        rows = self._query("querying events", sql, [*page_params, query.limit + 1])
        more = len(rows) > query.limit
        rows = rows[: query.limit]
        next_cursor = _cursor(query.sort, rows[-1]["sort_key"], rows[-1]["event_id"]) if more else None
        return EventPage([_record(row) for row in rows], next_cursor, total)

    def failures(self) -> list[dict[str, Any]]:
        rows = self._query(
            "reading failures",
            f"SELECT {', '.join(_FAILURE_COLUMNS)}, created_at FROM failures ORDER BY id",
        )
        return [dict(row) for row in rows]

    def counts(self) -> dict[str, int]:
        rows = self._query(
            "counting",
            "SELECT (SELECT COUNT(*) FROM articles) AS articles, (SELECT COUNT(*) FROM events) AS events,"
            " (SELECT COUNT(*) FROM failures) AS failures",
        )
        return {key: int(value) for key, value in dict(rows[0]).items()}


# ----------------------------------------------------------------- SQLite


class SQLiteStore(SQLStore):
    """A ``Store`` in one SQLite file (or ``":memory:"``)."""

    backend = "sqlite"

    def __init__(self, path: str | os.PathLike[str], *, timeout: float = 30.0) -> None:
        self.path = self.location = os.fspath(path)
        self._conn: sqlite3.Connection | None = None
        if self.path != ":memory:" and os.path.isdir(self.path):
            raise StoreError("S001", path=self.path, reason="it is a folder")
        try:
            # Callers serialise their use of one store (see the module's docstring), so
            # the connection may move between the threads of a server's pool.
            self._conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None, check_same_thread=False)
            _retry_busy(lambda: self._conn.execute("PRAGMA journal_mode=WAL"), timeout)  # type: ignore[union-attr]
            self._conn.execute("PRAGMA foreign_keys=ON")
            self._conn.execute("PRAGMA synchronous=NORMAL")
            # SQLite's own lower() and upper() only know ASCII; Python's know Unicode, as
            # PostgreSQL's do, so "SÉCURITÉ" finds "sécurité" on both back ends.
            self._conn.create_function("lower", 1, _unicode(str.lower), deterministic=True)
            self._conn.create_function("upper", 1, _unicode(str.upper), deterministic=True)
            self._migrate()
        except sqlite3.Error as exc:
            self.close()
            raise StoreError("S001", path=self.path, reason=str(exc)) from exc
        except StoreError:
            self.close()
            raise

    # -- plumbing: one path for writes, one for reads

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError("S002", path=self.path, operation="access", reason="the store is closed")
        return self._conn

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _write(self, operation: str, work: Callable[[Connection], T]) -> T:
        try:
            with self._transaction() as conn:
                return work(conn)
        except sqlite3.Error as exc:
            raise StoreError("S002", path=self.path, operation=operation, reason=str(exc)) from exc

    def _query(self, operation: str, sql: str, params: Sequence[Any] = ()) -> list[Mapping[str, Any]]:
        try:
            cursor = self.conn.execute(sql, tuple(params))
            cursor.row_factory = sqlite3.Row
            return cursor.fetchall()
        except sqlite3.Error as exc:
            raise StoreError("S002", path=self.path, operation=operation, reason=str(exc)) from exc

    def _search(self, words: list[str]) -> tuple[str, list[Any]]:
        # Each word becomes an FTS5 string, so no user input is read as FTS5 syntax.
        match = " ".join('"' + word.replace('"', '""') + '"' for word in words)
        return "a.id IN (SELECT article_id FROM articles_fts WHERE articles_fts MATCH ?)", [match]

    def _migrate(self) -> None:
        # Each step reads the version under the write lock (BEGIN IMMEDIATE), so that of
        # several processes opening one new file at once, one migrates and the others
        # wait, then find nothing left to do.
        while True:
            with self._transaction() as tx:
                pending = pending_versions(tx, self.path)
                if not pending:
                    return
                run_steps(tx, MIGRATIONS[pending[0]])
                tx.execute("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)", (pending[0], _now()))

    def close(self) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            conn.close()


def _retry_busy(work: Callable[[], Any], timeout: float) -> Any:
    """Run ``work``, trying again while the database is locked, for up to ``timeout`` seconds.

    SQLite answers ``PRAGMA journal_mode=WAL`` with "database is locked" at once, without
    calling its busy handler, while another connection is switching the same new file to
    WAL; several processes opening one new database at once meet exactly that.
    """
    deadline = time.monotonic() + timeout
    delay = 0.005
    while True:
        try:
            return work()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.1)


def _unicode(method: Callable[[str], str]) -> Callable[[Any], Any]:
    def apply(value: Any) -> Any:
        return method(value) if isinstance(value, str) else value

    return apply


def pending_versions(conn: Connection, location: str) -> range:
    """The schema versions a store still lacks, after making sure its migration table
    exists; S001 when the store was written by a newer sitrep. (Plain SQL, the same on
    both back ends.)"""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    current = conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()[0]
    if current > SCHEMA_VERSION:
        reason = f"its schema version {current} is newer than this sitrep's ({SCHEMA_VERSION})"
        raise StoreError("S001", path=location, reason=reason)
    return range(current + 1, SCHEMA_VERSION + 1)


def run_steps(conn: Connection, steps: Sequence[Step]) -> None:
    """Run a migration's steps in order: SQL statements, or functions of the connection."""
    for step in steps:
        if isinstance(step, str):
            conn.execute(step)
        else:
            step(conn)


__all__ = [
    "MAX_LIMIT", "MIGRATIONS", "SCHEMA_VERSION", "SORTS", "EventPage", "EventQuery", "QueryError",
    "SQLStore", "SQLiteStore", "SaveResult", "Store", "event_row", "is_postgres_url", "open_store", "redact",
    "storable", "unstorable",
]
