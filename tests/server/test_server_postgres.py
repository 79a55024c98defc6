"""The HTTP API on PostgreSQL: ``sitrep serve --db postgresql://...`` against a real server process.

Runs when ``SITREP_TEST_POSTGRES`` names a PostgreSQL server (``.ci/run`` starts one);
skips otherwise, or fails under ``SITREP_REQUIRE_SERVICES=1``. The store's own tests
(tests/test_store.py) cover the back end in depth; this checks the server end to end.
"""

from __future__ import annotations

import urllib.parse

import httpx
import pytest

from backends import postgres_schema, with_search_path
from live_server import running_server
from server_helpers import AUTH, OWN_ARTICLES, assert_envelope, seed_record
from sitrep.store_postgres import PostgresStore


@pytest.fixture(scope="module")
def pg_server():
    with postgres_schema() as (url, schema):
        with running_server(with_search_path(url, schema)) as base:
            yield base, url, schema


@pytest.mark.model
def test_the_api_on_postgresql(pg_server):
    base, url, schema = pg_server
    with httpx.Client(base_url=base, timeout=120) as client:
        assert client.get("/api/health").json()["backend"] == "postgresql"
        stored = client.post("/api/articles", json=[seed_record(), *OWN_ARTICLES[:2]], headers=AUTH)
        assert stored.status_code == 200, stored.text
        assert [a["status"] for a in stored.json()["articles"]] == ["stored", "stored", "stored"]
        events = client.get("/api/events", params={"limit": 1000}).json()
        assert events["total"] == sum(len(a["events"]) for a in stored.json()["articles"])

        current_iraq = client.get("/api/events", params={"country": "IRQ", "background": "false"}).json()["items"]
        assert current_iraq and all(e["place"]["country"] == "IRQ" and not e["background"] for e in current_iraq)
        searched = client.get("/api/events", params={"q": "pension reforms"}).json()["items"]
        assert {e["article_id"] for e in searched} == {"paris-march"}

        seen, cursor = [], None
        while True:
            page = client.get("/api/events", params={"limit": 2, "sort": "-date", **({"cursor": cursor} if cursor else {})}).json()
            seen += [e["event_id"] for e in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert seen == [e["event_id"] for e in client.get("/api/events", params={"limit": 1000, "sort": "-date"}).json()["items"]]
        assert len(set(seen)) == events["total"]

        article = client.get("/api/articles/seed-article").json()
        assert all(article["text"][s["start"]:s["end"]] for s in article["spans"])
        bad = client.post("/api/articles", json=[{"id": "empty", "text": ""}], headers=AUTH)
        assert bad.status_code == 207 and bad.json()["articles"][0]["code"] == "R005"
    with PostgresStore(url, schema=schema) as store:
        assert store.counts()["articles"] == 3
        assert [(f["article_id"], f["code"]) for f in store.failures()] == [("empty", "R005")]


@pytest.mark.model
def test_code_and_events_take_a_postgresql_url(tmp_path):
    import json

    from click.testing import CliRunner

    from server_helpers import ROOT
    from sitrep.cli import main

    with postgres_schema() as (url, schema):
        db = with_search_path(url, schema)
        runner = CliRunner(mix_stderr=False)
        coded = runner.invoke(main, ["code", str(ROOT / "examples" / "seed-article.txt"), "--db", db,
                                     "--format", "jsonl", "--failures", str(tmp_path / "failures.jsonl")])
        assert coded.exit_code == 0, coded.stderr
        assert "1 new" in coded.stderr
        password = urllib.parse.urlsplit(url).password
        if password:
            assert f":{password}@" not in coded.stderr and ":***@" in coded.stderr  # shown without its password
        listed = runner.invoke(main, ["events", "--db", db, "--country", "IRQ", "--format", "jsonl"])
        assert listed.exit_code == 0, listed.stderr
        events = [json.loads(line) for line in listed.stdout.splitlines()]
        assert events and all(e["place"]["country"] == "IRQ" for e in events)
        with PostgresStore(url, schema=schema) as store:
            assert store.counts()["articles"] == 1
