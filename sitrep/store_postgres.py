"""The store on PostgreSQL (psycopg 3): ``sitrep code --db postgresql://user@host/db``.

``PostgresStore`` runs the SQL of ``sitrep.store.SQLStore``, translating its ``?``
placeholders to psycopg's ``%s`` (values are always sent as parameters, never spliced
into the SQL). Full-text search uses a generated ``tsvector`` column over the title
and text (English configuration, so words are stemmed as in SQLite's Porter tokenizer)
with a GIN index. ``MIGRATIONS`` are versioned like SQLite's and run in one
transaction under an advisory lock, so two processes opening a new database at once
do not race; saving an article takes an advisory lock on its id, so two processes
coding the same articles do not race either. A batch (``save_articles``) takes its
articles' locks in one statement, ordered by key, and sends its events with ``COPY``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .errors import StoreError
from .store import (
    _EVENT_COLUMNS,
    SCHEMA_VERSION,
    Connection,
    SQLStore,
    Step,
    T,
    _now,
    add_sentences,
    pending_versions,
    redact,
    run_steps,
)

#: version -> the steps that upgrade a database from ``version - 1`` (the same versions as SQLite's).
MIGRATIONS: dict[int, tuple[Step, ...]] = {
    1: (
        """CREATE TABLE articles (
            id TEXT COLLATE "C" PRIMARY KEY,
            text_hash TEXT NOT NULL,
            text TEXT NOT NULL,
            published TEXT COLLATE "C",
            title TEXT,
            url TEXT,
            source TEXT,
            coded_at TEXT NOT NULL
        )""",
        """CREATE TABLE events (
            event_id TEXT COLLATE "C" PRIMARY KEY,
            article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            rank INTEGER NOT NULL,
            plover TEXT,
            acled_event_type TEXT,
            acled_sub_event_type TEXT,
            date_start TEXT COLLATE "C",
            date_end TEXT COLLATE "C",
            country TEXT,
            admin1 TEXT,
            lat DOUBLE PRECISION,
            lon DOUBLE PRECISION,
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
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            origin TEXT NOT NULL,
            code TEXT NOT NULL,
            message TEXT NOT NULL,
            article_id TEXT,
            raw TEXT,
            created_at TEXT NOT NULL,
            UNIQUE (origin, code, message)
        )""",
    ),
    # Full-text search over titles and texts; the first 500,000 characters of a text are
    # indexed, which keeps every tsvector under PostgreSQL's 1 MB limit.
    2: (
        """ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS (
            to_tsvector('english', coalesce(title, '') || ' ' || left(text, 500000))
        ) STORED""",
        "CREATE INDEX articles_search ON articles USING GIN (search)",
        "CREATE INDEX events_place ON events(lon, lat)",
        add_sentences,
    ),
    # What was repaired in an article's text; where a failure happened; counts as BIGINT,
    # which holds every count the pipeline lets through (an INTEGER stopped at 2^31 - 1).
    3: (
        "ALTER TABLE articles ADD COLUMN repairs TEXT",
        "ALTER TABLE failures ADD COLUMN stage TEXT",
        "ALTER TABLE failures ADD COLUMN exception TEXT",
        "ALTER TABLE failures ADD COLUMN location TEXT",
        "ALTER TABLE events ALTER COLUMN killed_best TYPE BIGINT, ALTER COLUMN injured_best TYPE BIGINT",
    ),
    # Incidents (issue 16), as SQLite's version 4.
    4: (
        "ALTER TABLE events ADD COLUMN incident_id TEXT COLLATE \"C\"",
        "CREATE INDEX events_incident ON events(incident_id)",
        """CREATE TABLE incidents (
            id TEXT COLLATE "C" PRIMARY KEY,
            date_start TEXT COLLATE "C",
            date_end TEXT COLLATE "C",
            country TEXT,
            admin1 TEXT,
            lat DOUBLE PRECISION,
            lon DOUBLE PRECISION,
            plover TEXT,
            acled_event_type TEXT,
            acled_sub_event_type TEXT,
            n_articles INTEGER NOT NULL,
            n_sources INTEGER NOT NULL,
            killed_best BIGINT,
            injured_best BIGINT,
            first_report TEXT COLLATE "C",
            last_report TEXT COLLATE "C",
            json TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        "CREATE INDEX incidents_date ON incidents(date_start, date_end)",
        "CREATE INDEX incidents_country ON incidents(country)",
        """CREATE TABLE incident_members (
            event_id TEXT COLLATE "C" PRIMARY KEY REFERENCES events(event_id) ON DELETE CASCADE,
            incident_id TEXT COLLATE "C" NOT NULL,
            article_id TEXT COLLATE "C" NOT NULL,
            country TEXT,
            window_start TEXT COLLATE "C",
            window_end TEXT COLLATE "C",
            town TEXT,
            background INTEGER NOT NULL,
            anchor INTEGER NOT NULL
        )""",
        "CREATE INDEX incident_members_incident ON incident_members(incident_id)",
        "CREATE INDEX incident_members_article ON incident_members(article_id)",
        "CREATE INDEX incident_members_block ON incident_members(country, window_start)",
        "CREATE INDEX incident_members_town ON incident_members(town)",
        """CREATE TABLE incident_links (
            a TEXT COLLATE "C" NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
            b TEXT COLLATE "C" NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            score DOUBLE PRECISION NOT NULL,
            article_id TEXT,
            anchor TEXT,
            PRIMARY KEY (a, b, kind)
        )""",
        "CREATE INDEX incident_links_b ON incident_links(b)",
    ),
}

#: The first key of the advisory locks that serialise writers of one article (the second
#: is the hash of its id). Two-key locks never collide with the one-key migration lock.
ARTICLE_LOCK = 0x5175
#: The first key of the advisory lock that serialises writers of incidents.
INCIDENT_LOCK = 0x5176
#: From how many event rows on a save sends them with COPY rather than INSERTs.
COPY_FROM = 32

assert max(MIGRATIONS) == SCHEMA_VERSION, "PostgreSQL and SQLite schemas share their versions"


def _placeholders(sql: str) -> str:
    return sql.replace("?", "%s")


class _Translating:
    """A psycopg connection seen through ``Connection``: ``?`` placeholders."""

    def __init__(self, conn: Any) -> None:
        self._conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self._conn.execute(_placeholders(sql), tuple(params))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> Any:
        # psycopg sends the statements in pipeline mode: one round trip for all the rows.
        with self._conn.cursor() as cursor:
            cursor.executemany(_placeholders(sql), [tuple(r) for r in rows])
        return None

    def copy_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """``COPY table (columns) FROM STDIN``: rows streamed in PostgreSQL's copy format,
        each value adapted by psycopg as it adapts parameters."""
        from psycopg import sql

        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(c) for c in columns))
        with self._conn.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)


class PostgresStore(SQLStore):
    """A ``Store`` in a PostgreSQL database. ``schema`` (created if missing) holds its tables;
    default: the connection's search path (normally ``public``)."""

    backend = "postgresql"

    def __init__(self, url: str, *, schema: str | None = None, connect_timeout: int = 10) -> None:
        from .extras import require

        require("postgres", "a PostgreSQL store (postgresql://...)")
        import psycopg

        self._psycopg = psycopg
        self.url = url
        self.schema = schema
        self.location = redact(url)
        self.connect_timeout = connect_timeout
        self._conn: Any = None
        self._closed = False
        try:
            self._connect()
            self._migrate()
        except psycopg.Error as exc:
            self.close()
            raise StoreError("S001", path=self.location, reason=str(exc).strip()) from exc
        except StoreError:
            self.close()
            raise

    def _connect(self) -> None:
        from psycopg import sql

        self._conn = self._psycopg.connect(self.url, autocommit=True, connect_timeout=self.connect_timeout)
        if self.schema is not None:
            self._conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(self.schema)))
            self._conn.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(self.schema)))

    @property
    def conn(self) -> Any:
        if self._closed or self._conn is None:
            raise StoreError("S002", path=self.location, operation="access", reason="the store is closed")
        return self._conn

    def _retry(self, operation: str, work: Callable[[], T]) -> T:
        """Run ``work``; when the connection turns out broken (the server restarted, a
        network cut), connect again and run it once more. Both writes are idempotent."""
        try:
            try:
                return work()
            except self._psycopg.OperationalError:
                if not self.conn.broken:
                    raise
                self._conn.close()
                self._connect()
                return work()
        except self._psycopg.Error as exc:
            raise StoreError("S002", path=self.location, operation=operation, reason=str(exc).strip()) from exc

    def _write(self, operation: str, work: Callable[[Connection], T]) -> T:
        def run() -> T:
            with self.conn.transaction():
                return work(_Translating(self.conn))

        return self._retry(operation, run)

    def _query(self, operation: str, sql: str, params: Sequence[Any] = ()) -> list[Mapping[str, Any]]:
        from psycopg.rows import dict_row

        def run() -> list[Mapping[str, Any]]:
            with self.conn.cursor(row_factory=dict_row) as cursor:
                cursor.execute(_placeholders(sql), tuple(params))
                return list(cursor.fetchall())

        return self._retry(operation, run)

    def _search(self, words: list[str]) -> tuple[str, list[Any]]:
        return "a.search @@ plainto_tsquery('english', ?)", [" ".join(words)]

    def _lock_article(self, conn: Connection, article_id: str) -> None:
        # Under READ COMMITTED, two writers of one new article both see no row, then both
        # insert its events: one dies on a duplicate key. This lock, held to the end of
        # the transaction, makes the second wait and then see the first one's row.
        conn.execute("SELECT pg_advisory_xact_lock(?, hashtext(?))", (ARTICLE_LOCK, article_id))

    def _lock_articles(self, conn: Connection, article_ids: Sequence[str]) -> None:
        # One statement for a batch's articles, taken in the order of their keys, so that
        # two writers of overlapping batches never each hold a lock the other waits for.
        if len(article_ids) == 1:
            self._lock_article(conn, article_ids[0])
            return
        conn.execute(
            "SELECT pg_advisory_xact_lock(?, h) FROM (SELECT DISTINCT hashtext(i) AS h FROM unnest(?::text[]) AS i) k"
            " ORDER BY h",
            (ARTICLE_LOCK, list(article_ids)),
        )

    def _insert_events(self, conn: Connection, rows: Sequence[tuple[Any, ...]]) -> None:
        # COPY: the rows stream to the server in one command, without a statement per row;
        # for the few rows of one article, a pipelined INSERT costs less than its set-up.
        assert isinstance(conn, _Translating)
        if len(rows) < COPY_FROM:
            super()._insert_events(conn, rows)
        else:
            conn.copy_rows("events", _EVENT_COLUMNS, rows)

    def _lock_incidents(self, conn: Connection) -> None:
        # An incident spans articles: two writers assigning incidents at once would each
        # resolve a component without the other's links. One lock for the store, held
        # to the end of the transaction, puts them one after the other.
        conn.execute("SELECT pg_advisory_xact_lock(?, 0)", (INCIDENT_LOCK,))

    def _migrate(self) -> None:
        conn = self.conn
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(hashtext('sitrep schema migrations'))")
            tx = _Translating(conn)
            for version in pending_versions(conn, self.location):
                run_steps(tx, MIGRATIONS[version])
                tx.execute("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)", (version, _now()))

    def close(self) -> None:
        self._closed = True
        if self._conn is not None:
            conn, self._conn = self._conn, None
            conn.close()
