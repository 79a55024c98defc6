"""Where each event was reported, in the API and its exports: every event record read
from the API carries ``source`` (its article's title, outlet, URL and date), the CSV
export has ``source_title``, ``source_outlet`` and ``source_url``, the ACLED export's
``source`` names the outlet, and the GeoJSON features carry it in their properties.
The database is filled with the hand-written articles of tests/test_store_incidents.py
(no spaCy model), plus one article known only by its URL."""

from __future__ import annotations

import csv
import dataclasses
import io
import sys
from pathlib import Path

import httpx
import pytest

from live_server import running_server
from sitrep.model import Article
from sitrep.store import SQLiteStore

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from test_store_incidents import BROOKVILLE, D, DRIVE_BY, corpus, event  # noqa: E402

URL_ONLY = Article("by-url", DRIVE_BY.replace("Dayton", "Brookville"), D, url="https://www.example-news.test/2024/03/x")


def articles() -> list[tuple[Article, list]]:
    items = corpus()
    first, events = items[0]
    items[0] = (dataclasses.replace(first, url="https://courier.test/tavern"), [dataclasses.replace(e) for e in events])
    return [*items, (URL_ONLY, [event(URL_ONLY, "killed", place=BROOKVILLE, killed=1)])]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = tmp_path_factory.mktemp("sources") / "sitrep.db"
    with SQLiteStore(db) as store:
        for article, events in articles():
            store.save_article(article, events)
            store.assign_incidents(article.id)
    with running_server(db) as url, httpx.Client(base_url=url, timeout=60) as c:
        yield c


def expected_source(article: Article) -> dict:
    outlet = article.source or ("example-news.test" if article.url else None)
    return {"title": article.title, "outlet": outlet, "url": article.url, "published": article.published.isoformat()}


def test_every_event_read_from_the_api_names_its_source(client):
    by_id = {article.id: article for article, _ in articles()}
    items = client.get("/api/events", params={"limit": 1000}).json()["items"]
    assert len(items) == sum(len(events) for _, events in articles())
    for item in items:
        assert item["source"] == expected_source(by_id[item["article_id"]]), item["article_id"]
    tavern = next(i for i in items if i["article_id"] == "a1")
    assert tavern["source"] == {"title": "Two shot at tavern", "outlet": "Brookville Courier",
                                "url": "https://courier.test/tavern", "published": "2024-03-08"}
    assert list(tavern)[:2] == ["article_id", "source"]
    # the outlet of an article without a source is its URL's host, without www.
    assert next(i for i in items if i["article_id"] == "by-url")["source"]["outlet"] == "example-news.test"
    one = client.get(f"/api/events/{tavern['event_id']}").json()
    assert one["event"]["source"] == tavern["source"]
    incident = client.get(f"/api/incidents/{tavern['incident_id']}").json()
    assert {e["source"]["outlet"] for e in incident["events"]} >= {"Brookville Courier", "Ohio Wire"}


def test_the_exports_carry_the_sources(client):
    items = {i["event_id"]: i for i in client.get("/api/events", params={"limit": 1000}).json()["items"]}
    rows = list(csv.DictReader(io.StringIO(client.get("/api/events.csv").text)))
    assert {r["event_id"] for r in rows} == set(items)
    for row in rows:
        source = items[row["event_id"]]["source"]
        assert (row["source_title"] or None, row["source_outlet"] or None, row["source_url"] or None) == (
            source["title"], source["outlet"], source["url"])
    acled = list(csv.DictReader(io.StringIO(client.get("/api/events.csv", params={"columns": "acled"}).text)))
    assert acled and {r["source"] for r in acled} == {
        i["source"]["outlet"] for i in items.values() if i["acled_event_type"]}
    features = client.get("/api/events.geojson").json()["features"]
    assert {f["id"]: f["properties"]["source"] for f in features} == {
        k: v["source"] for k, v in items.items() if v["place"] and v["place"]["lat"] is not None}
    # a filter narrows the export as it narrows the listing (a country by its name too)
    canada = list(csv.DictReader(io.StringIO(client.get("/api/events.csv", params={"country": "Canada"}).text)))
    assert [r["source_outlet"] for r in canada] == ["Windsor Star"]


def test_countries_for_the_page_s_suggestions(client):
    countries = client.get("/api/countries").json()["countries"]
    by_code = {c["code"]: c["name"] for c in countries}
    assert by_code["NGA"] == "Nigeria" and by_code["CAN"] == "Canada" and len(countries) > 240
    assert [c["name"].casefold() for c in countries] == sorted(c["name"].casefold() for c in countries)
