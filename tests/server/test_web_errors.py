"""The 500 envelope, in process: a store that fails gets the one error shape, naming no internals."""

from __future__ import annotations

import asyncio

import httpx

from server_helpers import assert_envelope
from sitrep.errors import StoreError
from sitrep.store import SQLiteStore
from sitrep.web import Settings, create_app


class BrokenStore(SQLiteStore):
    def counts(self):
        raise RuntimeError("secret internals /etc/passwd")

    def query_events(self, query):
        raise StoreError("S002", path="/srv/secret.db", operation="querying events", reason="disk I/O error")


def get(app, path: str) -> httpx.Response:
    async def run() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://sitrep.test") as client:
            return await client.get(path)

    return asyncio.run(run())


def test_unexpected_errors_get_the_500_envelope(tmp_path):
    with BrokenStore(tmp_path / "x.db") as store:
        app = create_app(store, Settings())
        error = assert_envelope(get(app, "/api/health"), 500, "internal_error")
        assert "secret" not in error["message"]
        error = assert_envelope(get(app, "/api/events"), 500, "store_error")
        assert "S002" in error["message"] and "secret" not in error["message"]
