"""Keep coded articles, their events and failures in a database.

``Store`` is the interface the CLI and the batch runner use; ``SQLiteStore`` implements
it with the standard library's ``sqlite3`` (WAL mode, parameterised SQL). Another
backend (PostgreSQL) can implement the same methods later.

Saving is idempotent: an article is keyed by its id and the SHA-256 of its text. The
same text again changes nothing; a changed text replaces the article and all its
events in one transaction. Failures are unique on (origin, code, message), so a rerun
over the same bad input does not add duplicates.
"""

from __future__ import annotations

import abc
import datetime as dt
import enum
import json
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from types import TracebackType
from typing import Any, TypeVar

from .errors import StoreError
from .model import Article, Event, Failure

T = TypeVar("T")

#: The schema version this code writes; ``MIGRATIONS`` brings an older database up to it.
SCHEMA_VERSION = 1

#: version -> the statements that upgrade a database from ``version - 1``.
MIGRATIONS: dict[int, tuple[str, ...]] = {
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
    INSERT INTO articles (id, text_hash, text, published, title, url, source, coded_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET
        text_hash = excluded.text_hash, text = excluded.text, published = excluded.published,
        title = excluded.title, url = excluded.url, source = excluded.source, coded_at = excluded.coded_at
"""


class SaveResult(str, enum.Enum):
    """What ``Store.save_article`` did."""

    INSERTED = "inserted"
    REPLACED = "replaced"
    UNCHANGED = "unchanged"


class Store(abc.ABC):
    """Where coded articles, events and failures are kept. Use as a context manager."""

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

    @abc.abstractmethod
    def save_failure(self, failure: Failure) -> bool:
        """Store a failure; False when the same origin, code and message is already stored."""

    @abc.abstractmethod
    def article(self, article_id: str) -> Article | None:
        """The stored article, or None."""

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
        """Stored events as ``Event.to_dict()`` records, oldest event date first.

        ``since``/``until`` keep events whose date window overlaps them (events with
        no date are left out); ``country`` is the place's ISO alpha-3 code; ``type``
        matches the ACLED type, sub-type or PLOVER type, ignoring case; ``text`` is a
        substring of an actor's name, the trigger, or the article's text or title.
        """

    @abc.abstractmethod
    def failures(self) -> list[dict[str, Any]]:
        """Stored failures (``Failure.to_dict()`` plus ``created_at``), oldest first."""

    @abc.abstractmethod
    def counts(self) -> dict[str, int]:
        """How many articles, events and failures are stored."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release the connection; closing twice is harmless."""

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


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


def _like(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, with its wildcards escaped."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def event_row(event: Event) -> tuple[Any, ...]:
    """The ``events`` table row for an event, in ``_EVENT_COLUMNS`` order."""
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
        json.dumps(event.to_dict(), ensure_ascii=False),
    )


class SQLiteStore(Store):
    """A ``Store`` in one SQLite file (or ``":memory:"``)."""

    def __init__(self, path: str | os.PathLike[str], *, timeout: float = 30.0) -> None:
        self.path = os.fspath(path)
        self._conn: sqlite3.Connection | None = None
        if self.path != ":memory:" and os.path.isdir(self.path):
            raise StoreError("S001", path=self.path, reason="it is a folder")
        try:
            self._conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA foreign_keys=ON")
            self._conn.execute("PRAGMA synchronous=NORMAL")
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

    def _write(self, operation: str, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``work`` in one transaction; every write goes through here."""
        try:
            with self._transaction() as conn:
                return work(conn)
        except sqlite3.Error as exc:
            raise StoreError("S002", path=self.path, operation=operation, reason=str(exc)) from exc

    def _query(self, operation: str, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        try:
            cursor = self.conn.execute(sql, tuple(params))
            cursor.row_factory = sqlite3.Row
            return cursor.fetchall()
        except sqlite3.Error as exc:
            raise StoreError("S002", path=self.path, operation=operation, reason=str(exc)) from exc

    def _migrate(self) -> None:
        conn = self.conn
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        current = conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()[0]
        if current > SCHEMA_VERSION:
            reason = f"its schema version {current} is newer than this sitrep's ({SCHEMA_VERSION})"
            raise StoreError("S001", path=self.path, reason=reason)
        for version in range(current + 1, SCHEMA_VERSION + 1):
            with self._transaction() as tx:
                for statement in MIGRATIONS[version]:
                    tx.execute(statement)
                tx.execute("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)", (version, _now()))

    @property
    def schema_version(self) -> int:
        return int(self._query("read schema version", "SELECT MAX(version) FROM schema_migrations")[0][0])

    # -- writes

    def save_article(self, article: Article, events: Sequence[Event], *, force: bool = False) -> SaveResult:
        strays = sorted({e.article_id for e in events if e.article_id != article.id})
        if strays:
            raise ValueError(f"events of article {article.id!r} name other articles: {strays}")
        text_hash = article.text_hash

        def save(conn: sqlite3.Connection) -> SaveResult:
            row = conn.execute("SELECT text_hash FROM articles WHERE id = ?", (article.id,)).fetchone()
            if row is not None and row[0] == text_hash and not force:
                return SaveResult.UNCHANGED
            conn.execute("DELETE FROM events WHERE article_id = ?", (article.id,))
            conn.execute(
                _UPSERT_ARTICLE,
                (
                    article.id, text_hash, article.text,
                    article.published.isoformat() if article.published else None,
                    article.title, article.url, article.source, _now(),
                ),
            )
            conn.executemany(_INSERT_EVENT, [event_row(e) for e in events])
            return SaveResult.INSERTED if row is None else SaveResult.REPLACED

        return self._write(f"saving article {article.id!r}", save)

    def save_failure(self, failure: Failure) -> bool:
        def save(conn: sqlite3.Connection) -> bool:
            cursor = conn.execute(
                """INSERT INTO failures (origin, code, message, article_id, raw, created_at)
                   VALUES (?, ?, ?, ?, ?, ?)
                   ON CONFLICT (origin, code, message) DO NOTHING""",
                (failure.origin, failure.code, failure.message, failure.article_id, failure.raw, _now()),
            )
            return cursor.rowcount == 1

        return self._write(f"saving failure at {failure.origin}", save)

    # -- reads

    def has_article(self, article_id: str, text_hash: str) -> bool:
        rows = self._query(
            "looking up an article", "SELECT 1 FROM articles WHERE id = ? AND text_hash = ?", (article_id, text_hash)
        )
        return bool(rows)

    def article(self, article_id: str) -> Article | None:
        rows = self._query(
            "reading an article",
            "SELECT id, text, published, title, url, source FROM articles WHERE id = ?",
            (article_id,),
        )
        if not rows:
            return None
        row = rows[0]
        published = dt.date.fromisoformat(row["published"]) if row["published"] else None
        return Article(
            id=row["id"], text=row["text"], published=published,
            title=row["title"], url=row["url"], source=row["source"],
        )

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
        since_iso, until_iso = _iso(since, "since"), _iso(until, "until")
        if since_iso:
            where.append("COALESCE(e.date_end, e.date_start) >= ?")
            params.append(since_iso)
        if until_iso:
            where.append("COALESCE(e.date_start, e.date_end) <= ?")
            params.append(until_iso)
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
            where.append("(" + " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in columns) + ")")
            params.extend([_like(text)] * len(columns))
        sql = "SELECT e.json FROM events e JOIN articles a ON a.id = e.article_id"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY e.date_start IS NULL, e.date_start, e.article_id, e.rank, e.event_id"
        if limit is not None:
            if limit < 0:
                raise ValueError(f"limit must not be negative, not {limit}")
            sql += " LIMIT ?"
            params.append(limit)
        return [json.loads(row["json"]) for row in self._query("querying events", sql, params)]

    def failures(self) -> list[dict[str, Any]]:
        rows = self._query(
            "reading failures",
            "SELECT origin, code, message, article_id, raw, created_at FROM failures ORDER BY id",
        )
        return [dict(row) for row in rows]

    def counts(self) -> dict[str, int]:
        rows = self._query(
            "counting",
            "SELECT (SELECT COUNT(*) FROM articles) AS articles, (SELECT COUNT(*) FROM events) AS events,"
            " (SELECT COUNT(*) FROM failures) AS failures",
        )
        return dict(rows[0])

    def close(self) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            conn.close()
