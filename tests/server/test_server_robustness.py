"""Careless and hostile input against a real ``sitrep serve`` process (issue 13).

On SQLite and on PostgreSQL (``tests/backends.py``): forged cursors and text filters no
database can take are 422s on every listing and export; a posted list in which one
record cannot be stored says which records were stored and which failed. On SQLite:
article ids with slashes, and exports whose store fails before or after the reply
has started.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import json
import sqlite3
import urllib.parse

import httpx
import pytest

from backends import BACKENDS, backend
from live_server import running_server
from server_helpers import AUTH, OWN_ARTICLES, assert_envelope
from sitrep.model import Event, EventDate, Place
from sitrep.readers import article_from_record
from sitrep.store import SQLiteStore

LISTINGS = ("/api/events", "/api/events.geojson", "/api/events.csv")

#: A count no database column takes (over 2^63; over PostgreSQL's INTEGER too).
HUGE = {"id": "huge-count", "published": "2024-05-06",
        "text": "Gunmen killed 90,000,000,000,000,000,000 villagers in Kaduna State, Nigeria, on Sunday, "
                "officials said."}


def forge(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode("utf-8")).decode("ascii").rstrip("=")


@pytest.fixture(scope="module", params=BACKENDS)
def served(request, tmp_path_factory):
    with backend(request.param, tmp_path_factory.mktemp(request.param)) as b:
        with running_server(b.db) as url, httpx.Client(base_url=url, timeout=300) as client:
            stored = client.post("/api/articles", json=OWN_ARTICLES[:2], headers=AUTH)
            assert stored.status_code == 200, stored.text
            yield client, b


FORGED = {
    "rank over 2^63": ("rank", forge(["rank", 2**64, "0123456789abcdef"])),
    "string key for a rank sort": ("-rank", forge(["-rank", "2024-01-01", "0123456789abcdef"])),
    "integer key for a date sort": ("date", forge(["date", 20240101, "0123456789abcdef"])),
    "lone surrogate": ("-date", forge(["-date", "\ud800", "0123456789abcdef"])),
    "5,000-deep nesting": ("date", base64.urlsafe_b64encode(b"[" * 5000 + b"]" * 5000).decode("ascii")),
}


@pytest.mark.model
@pytest.mark.parametrize("path", LISTINGS)
def test_forged_cursors_are_422(served, path):
    client, _ = served
    for why, (sort, cursor) in FORGED.items():
        error = assert_envelope(client.get(path, params={"sort": sort, "cursor": cursor}), 422, "invalid_parameter")
        assert [d["parameter"] for d in error["details"]] == ["cursor"], why


@pytest.mark.model
@pytest.mark.parametrize("path", LISTINGS)
@pytest.mark.parametrize("parameter", ["actor", "admin1", "acled_type", "plover", "q", "country"])
def test_a_nul_in_a_text_filter_is_422(served, path, parameter):
    client, _ = served
    value = "\x00ab" if parameter == "country" else "Kaduna\x00"
    reply = client.get(path, params={parameter: value})
    error = assert_envelope(reply, 422, "invalid_parameter")
    assert [d["parameter"] for d in error["details"]] == [parameter]
    assert client.get(path, params={"actor": "gunmen"}).status_code == 200  # the server is fine


@pytest.mark.model
def test_a_record_that_cannot_be_stored_fails_alone(served):
    client, b = served
    records = [OWN_ARTICLES[2], HUGE, {"id": "no-text"}]
    reply = client.post("/api/articles", json=records, headers=AUTH)
    assert reply.status_code == 207, reply.text
    outcomes = reply.json()["articles"]
    assert [o["index"] for o in outcomes] == [0, 1, 2]
    assert outcomes[0]["status"] == "stored" and outcomes[0]["events"]
    huge = outcomes[1]
    # a count too large for any store is refused as bad input once coded, before the store is asked
    assert (huge["status"], huge["id"], huge["code"], huge["stage"]) == ("failed", "huge-count", "R017", "code")
    assert huge["failure_stored"] is True
    assert "/" not in huge["reason"] or huge["code"].startswith("R")  # no database path in the reply
    assert outcomes[2]["code"] == "R003"
    assert client.get("/api/articles/kyiv-arrests").status_code == 200
    assert_envelope(client.get("/api/articles/huge-count"), 404, "not_found")
    with b.open() as store:
        failures = {(f["article_id"], f["code"]) for f in store.failures()}
    assert ("huge-count", huge["code"]) in failures and ("no-text", "R003") in failures
    # posted alone, the record is answered with its own status and the envelope
    alone = client.post("/api/articles", json=HUGE, headers=AUTH)
    status, code = (422, "invalid_records") if huge["code"].startswith("R") else (500, "store_error")
    error = assert_envelope(alone, status, code)
    assert huge["code"] in error["message"]
    assert [(d["index"], d["status"], d["code"]) for d in error["details"]] == [(0, "failed", huge["code"])]


@pytest.mark.model
def test_csv_exports_never_start_a_formula(served):
    client, _ = served
    record = {"id": "=formula", "published": "2024-05-06",
              "text": '=HYPERLINK("http://evil.example","x") Gunmen killed five villagers in Kaduna State, Nigeria, '
                      "on Sunday, officials said."}
    assert client.post("/api/articles", json=record, headers=AUTH).status_code == 200
    sitrep_rows = list(csv.DictReader(io.StringIO(client.get("/api/events.csv", params={"q": "hyperlink"}).text)))
    assert sitrep_rows and {r["article_id"] for r in sitrep_rows} == {"'=formula"}
    acled_rows = list(csv.DictReader(io.StringIO(
        client.get("/api/events.csv", params={"q": "hyperlink", "columns": "acled"}).text)))
    assert acled_rows and all(r["notes"].startswith("'=HYPERLINK") for r in acled_rows)
    for row in sitrep_rows + acled_rows:
        assert not any(cell.startswith(("=", "+", "@")) for cell in row.values()), row


# ----------------------------------------------------------------- SQLite only


@pytest.mark.model
def test_article_ids_with_slashes(tmp_path):
    record = {"id": "sub/article-1", "published": "2024-05-06", "text": OWN_ARTICLES[0]["text"]}
    with running_server(tmp_path / "sitrep.db") as url, httpx.Client(base_url=url, timeout=300) as client:
        [stored] = client.post("/api/articles", json=record, headers=AUTH).json()["articles"]
        assert stored["id"] == "sub/article-1" and stored["events"]
        for path in ("/api/articles/sub/article-1", "/api/articles/sub%2Farticle-1"):
            reply = client.get(path)
            assert reply.status_code == 200, (path, reply.text)
            assert reply.json()["id"] == "sub/article-1"
        event_id = stored["events"][0]["event_id"]
        # the web page builds this URL with encodeURIComponent
        reply = client.get(f"/api/events/{urllib.parse.quote(event_id, safe='')}")
        assert reply.json()["article"]["id"] == "sub/article-1"
        assert_envelope(client.get("/api/articles/sub/article-2"), 404, "not_found")
        assert_envelope(client.get("/api/articles/sub%00x"), 404, "not_found")


def _many_events(db, count: int) -> list[str]:
    """``count`` dated, placed events in ``db``, stored the usual way; their ids, oldest first."""
    text = " ".join(["clashed"] * count)
    article = article_from_record({"id": "many", "text": text, "published": "2024-12-31"}, default_id="")
    events = []
    for i in range(count):
        start = dt.date(2020, 1, 1) + dt.timedelta(days=i)
        day = EventDate(start, start, "day")
        events.append(Event(article_id="many", trigger="clashed", trigger_start=8 * i, trigger_end=8 * i + 7,
                            sentence_start=8 * i, sentence_end=8 * i + 7, date=day, plover="ASSAULT",
                            acled_event_type="Battles", acled_sub_event_type="Armed clash",
                            place=Place(name="Mosul", country="IRQ", lat=36.3, lon=43.1, precision="city")))
    with SQLiteStore(db) as store:
        store.save_article(article, events)
    return [e.event_id for e in sorted(events, key=lambda e: (e.date.start, e.event_id))]


def _corrupt(db, event_id: str) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE events SET json = '{broken' WHERE event_id = ?", (event_id,))


@pytest.mark.parametrize("path", ["/api/events.csv", "/api/events.geojson"])
def test_an_export_whose_store_fails_never_looks_complete(tmp_path, path):
    db = tmp_path / "sitrep.db"
    ids = _many_events(db, 1001)  # exports read pages of 1,000: the last event is on the second page
    with running_server(db) as url, httpx.Client(base_url=url, timeout=300) as client:
        assert client.get(path).status_code == 200  # every event is readable
        _corrupt(db, ids[-1])
        received = b""
        with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
            with client.stream("GET", path) as reply:
                assert reply.status_code == 200
                for chunk in reply.iter_raw():
                    received += chunk
        assert received  # the first page was sent: the reply was cut off, not completed
        # a failure on the first page, before anything was sent, is the usual error reply
        _corrupt(db, ids[0])
        assert_envelope(client.get(path), 500, "internal_error")
        assert client.get("/api/health").status_code == 200
