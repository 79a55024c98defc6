"""The store back ends the tests run on: SQLite always, PostgreSQL when it is there.

PostgreSQL tests read a server URL from ``SITREP_TEST_POSTGRES``
(``postgresql://user:password@127.0.0.1:5432/db``); each test gets a fresh schema,
dropped afterwards. Without the variable they skip, unless
``SITREP_REQUIRE_SERVICES=1`` (CI, set by ``.ci/run``): then a missing service fails.
"""

from __future__ import annotations

import contextlib
import os
import urllib.parse
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from sitrep.store import SQLiteStore, Store

POSTGRES_ENV = "SITREP_TEST_POSTGRES"
REQUIRE_ENV = "SITREP_REQUIRE_SERVICES"
BACKENDS = ("sqlite", "postgresql")


def services_required() -> bool:
    return os.environ.get(REQUIRE_ENV, "") == "1"


def missing_service(reason: str) -> None:
    """Skip, or fail when services are required (CI)."""
    if services_required():
        pytest.fail(f"{reason}, and {REQUIRE_ENV}=1 says it must be there")
    pytest.skip(reason)


def postgres_url() -> str:
    url = os.environ.get(POSTGRES_ENV, "")
    if not url:
        missing_service(f"no PostgreSQL: set {POSTGRES_ENV} to a postgresql:// URL to run these tests")
    return url


def with_search_path(url: str, schema: str) -> str:
    """The URL with libpq's ``options=-c search_path=SCHEMA`` (how ``sitrep serve --db`` picks a schema)."""
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qsl(parts.query)
    query.append(("options", f"-c search_path={schema}"))
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query, quote_via=urllib.parse.quote)))


@contextlib.contextmanager
def postgres_schema() -> Iterator[tuple[str, str]]:
    """A fresh schema on the test server: yields (server URL, schema name); dropped afterwards."""
    import psycopg
    from psycopg import sql

    url = postgres_url()
    schema = f"sitrep_test_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(url, autocommit=True, connect_timeout=10) as conn:
            conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    except psycopg.OperationalError as exc:
        missing_service(f"cannot reach PostgreSQL at {POSTGRES_ENV}: {exc}".strip())
    try:
        yield url, schema
    finally:
        with psycopg.connect(url, autocommit=True, connect_timeout=10) as conn:
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


@dataclass(frozen=True)
class Backend:
    """One database on one back end; ``open()`` connects to it (again)."""

    name: str
    target: str  # a file path, or a server URL
    schema: str | None = None

    def open(self) -> Store:
        if self.name == "sqlite":
            return SQLiteStore(self.target)
        from sitrep.store_postgres import PostgresStore

        return PostgresStore(self.target, schema=self.schema)

    @property
    def db(self) -> str:
        """What ``--db`` takes to reach this database."""
        return self.target if self.schema is None else with_search_path(self.target, self.schema)


@contextlib.contextmanager
def backend(name: str, folder: Path) -> Iterator[Backend]:
    if name == "sqlite":
        yield Backend("sqlite", str(folder / "sitrep.db"))
        return
    with postgres_schema() as (url, schema):
        yield Backend("postgresql", url, schema)
