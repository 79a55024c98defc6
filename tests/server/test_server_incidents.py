"""The incident endpoints against a real ``sitrep serve``: GET /api/incidents (filters,
pagination), /api/incidents.geojson and .csv, /api/incidents/{id} with its member events and their
evidence, and /api/events?incident=ID. The database is filled with the hand-written
articles of tests/test_store_incidents.py (no spaCy model) before the server starts."""

from __future__ import annotations

import sys
from pathlib import Path

import httpx
import pytest

from live_server import running_server
from server_helpers import assert_envelope
from sitrep.store import SQLiteStore

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from test_store_incidents import corpus  # noqa: E402


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = tmp_path_factory.mktemp("incidents") / "sitrep.db"
    with SQLiteStore(db) as store:
        for article, events in corpus():
            store.save_article(article, events)
            store.assign_incidents(article.id)
    with running_server(db) as url, httpx.Client(base_url=url, timeout=60) as c:
        yield c


def test_incidents_are_listed_one_per_incident_and_filtered(client):
    reply = client.get("/api/incidents", params={"limit": 100})
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert body["total"] == 3 and body["next_cursor"] is None
    tavern = max(body["items"], key=lambda i: i["n_articles"])
    assert tavern["articles"] == ["a1", "a2", "a3", "a6", "a7"] and tavern["n_sources"] == 4
    assert client.get("/api/incidents", params={"country": "CAN"}).json()["total"] == 1
    assert client.get("/api/incidents", params={"q": "basketball"}).json()["total"] == 1
    assert client.get("/api/incidents", params={"since": "2025-01-01"}).json()["total"] == 0


def test_incidents_page_with_a_cursor(client):
    seen, params = [], {"limit": 1, "sort": "-date"}
    while True:
        page = client.get("/api/incidents", params=params).json()
        seen += [i["id"] for i in page["items"]]
        if page["next_cursor"] is None:
            break
        params["cursor"] = page["next_cursor"]
    assert len(seen) == len(set(seen)) == 3


def test_an_incident_comes_with_its_member_events_and_their_evidence(client):
    [tavern] = [i for i in client.get("/api/incidents").json()["items"] if i["n_articles"] == 5]
    reply = client.get(f"/api/incidents/{tavern['id']}")
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert body["incident"] == tavern
    assert sorted(e["event_id"] for e in body["events"]) == sorted(tavern["events"])
    assert all(e["incident_id"] == tavern["id"] and "evidence" in e for e in body["events"])
    events = client.get("/api/events", params={"incident": tavern["id"], "limit": 100}).json()
    assert sorted(e["event_id"] for e in events["items"]) == sorted(tavern["events"])
    assert_envelope(client.get("/api/incidents/inc-0000000000000000"), 404, "not_found")


def test_incidents_as_geojson(client):
    reply = client.get("/api/incidents.geojson")
    assert reply.status_code == 200 and reply.headers["content-type"].startswith("application/geo+json")
    features = reply.json()["features"]
    assert len(features) == 3 and all(f["id"].startswith("inc-") for f in features)
    assert all(f["geometry"]["type"] == "Point" for f in features)


def test_incidents_as_csv_one_row_each_and_as_acled_with_every_outlet(client):
    import csv
    import io

    listed = {i["id"]: i for i in client.get("/api/incidents", params={"limit": 100}).json()["items"]}
    reply = client.get("/api/incidents.csv")
    assert reply.status_code == 200 and reply.headers["content-type"].startswith("text/csv")
    assert 'filename="incidents.csv"' in reply.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(reply.text)))
    assert sorted(r["incident_id"] for r in rows) == sorted(listed)
    tavern = next(i for i in listed.values() if i["n_articles"] == 5)
    [row] = [r for r in rows if r["incident_id"] == tavern["id"]]
    assert int(row["n_articles"]) == 5 and int(row["n_sources"]) == 4
    # the filters narrow it as they narrow the listing
    canada = list(csv.DictReader(io.StringIO(client.get("/api/incidents.csv", params={"country": "CAN"}).text)))
    assert len(canada) == 1
    acled = list(csv.DictReader(io.StringIO(client.get("/api/incidents.csv", params={"columns": "acled"}).text)))
    [tavern_row] = [r for r in acled if r["notes"].startswith("5 report(s) from 4 source(s)")]
    assert len(tavern_row["source"].split("; ")) == 4
    assert len(client.get("/api/incidents.csv", params={"background": "false"}).text.splitlines()) == len(rows) + 1


def test_background_keeps_or_leaves_out_incidents_known_only_so_and_rank_does_not_apply(client):
    assert client.get("/api/incidents", params={"background": "true"}).json()["total"] == 0
    assert client.get("/api/incidents", params={"background": "false"}).json()["total"] == 3
    assert_envelope(client.get("/api/incidents", params={"sort": "rank"}), 422, "invalid_parameter")
