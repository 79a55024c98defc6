"""The HTTP API against a real ``sitrep serve`` process on a free local port.

One server (SQLite) is started for the module and fed the seed article and three
articles of our own once; the tests then read it. Servers with other settings (no
token, private reads, a config file) are started by the tests that need them.
"""

from __future__ import annotations

import csv
import io
import json
import socket
import urllib.parse

import httpx
import pytest

from live_server import running_server
from server_helpers import AUTH, OWN_ARTICLES, TOKEN, assert_envelope, seed_record
from sitrep.output import ACLED_COLUMNS, CSV_COLUMNS
from sitrep.store import SQLiteStore
from sitrep.web.records import SOURCE_COLUMNS

@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("server")
    config = folder / "sitrep.toml"
    config.write_text('max_articles = 5\ntiles = "https://tiles.example/{z}/{x}/{y}.png"\n'
                      'tiles_attribution = "Example tiles"\n', encoding="utf-8")
    with running_server(folder / "sitrep.db", extra_args=("--config", str(config))) as url:
        yield {"url": url, "db": folder / "sitrep.db"}


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server["url"], timeout=120) as c:
        yield c


@pytest.fixture(scope="module")
def posted(client):
    """The replies to posting the seed article, then our own three in one list."""
    seed = client.post("/api/articles", json=seed_record(), headers=AUTH)
    own = client.post("/api/articles", json=OWN_ARTICLES, headers=AUTH)
    assert seed.status_code == 200, seed.text
    assert own.status_code == 200, own.text
    return seed.json(), own.json()


def event_ids(reply: httpx.Response) -> set[str]:
    assert reply.status_code == 200, reply.text
    return {e["event_id"] for e in reply.json()["items"]}


def all_events(client) -> list[dict]:
    return client.get("/api/events", params={"limit": 1000}).json()["items"]


def matching(client, keep) -> set[str]:
    return {e["event_id"] for e in all_events(client) if keep(e)}


# ----------------------------------------------------------------- service


@pytest.mark.model
def test_health_and_config(client, posted):
    health = client.get("/api/health").json()
    assert health == {"status": "ok", "version": health["version"], "backend": "sqlite",
                      "articles": 4, "events": health["events"],
                      "writes": {"coding": 0, "waiting": 0, "max_waiting": 8}}
    assert health["events"] == len(all_events(client)) >= 8
    assert client.get("/api/config").json() == {
        "tiles": "https://tiles.example/{z}/{x}/{y}.png", "tiles_attribution": "Example tiles",
        "reads_need_token": False,
    }
    spec = client.get("/api/openapi.json").json()
    assert {"/api/events", "/api/events/{event_id}", "/api/articles", "/api/articles/{article_id}",
            "/api/events.geojson", "/api/events.csv", "/api/health", "/api/config"} <= set(spec["paths"])


# ----------------------------------------------------------------- writing


@pytest.mark.model
def test_write_with_token_stores_and_returns_events(client, posted):
    seed, own = posted
    [article] = seed["articles"]
    assert article["id"] == "seed-article" and article["status"] == "stored"
    erbil = [e for e in article["events"] if (e["place"] or {}).get("admin1") == "Erbil"]
    assert erbil and erbil[0]["place"]["country"] == "IRQ"
    assert [a["id"] for a in own["articles"]] == ["kaduna-raid", "paris-march", "kyiv-arrests"]
    assert all(a["status"] == "stored" and a["events"] for a in own["articles"])
    # each event is the JSONL record plus its sentence, quoting the article
    event = article["events"][0]
    assert event["sentence"]["text"] == seed_record()["text"][event["sentence"]["start"]:event["sentence"]["end"]]
    # the same text again is not coded again
    again = client.post("/api/articles", json=seed_record(), headers=AUTH).json()
    assert again["articles"][0]["status"] == "unchanged"
    assert again["articles"][0]["events"] == article["events"]


@pytest.mark.model
def test_write_with_a_missing_or_wrong_token_is_refused(client, posted):
    before = client.get("/api/health").json()
    record = {"id": "intruder", "text": "Rebels seized the town of Goma on Monday.", "published": "2024-01-02"}
    for headers in ({}, {"Authorization": "Bearer wrong-token"}, {"Authorization": "Basic dGVzdDp0ZXN0"}):
        reply = client.post("/api/articles", json=record, headers=headers)
        assert_envelope(reply, 401, "unauthorized")
        assert reply.headers["www-authenticate"] == "Bearer"
    assert client.get("/api/health").json() == before
    assert_envelope(client.get("/api/articles/intruder"), 404, "not_found")


def test_writes_are_refused_when_no_token_is_configured(tmp_path):
    with running_server(tmp_path / "open.db", token=None) as url:
        reply = httpx.post(f"{url}/api/articles", json=OWN_ARTICLES[0], headers=AUTH)
        error = assert_envelope(reply, 403, "writes_disabled")
        assert "SITREP_TOKEN" in error["message"]
        assert httpx.get(f"{url}/api/health").json()["articles"] == 0
        assert httpx.get(f"{url}/api/events").status_code == 200  # reads stay open


@pytest.mark.model
def test_a_list_with_bad_records_gets_207_and_the_good_ones_are_stored(client, server, posted):
    records = [
        {"id": "goma", "text": "M23 rebels seized the town of Rubaya in North Kivu on Tuesday, residents said.",
         "published": "2024-05-01"},
        {"id": "empty", "text": "   "},
        {"id": "bad-date", "text": "Troops fired on protesters.", "published": "2024-02-30"},
        {"id": "no-text"},
        "not an object",
    ]
    reply = client.post("/api/articles", json=records, headers=AUTH)
    assert reply.status_code == 207, reply.text
    details = {d["index"]: d for d in reply.json()["articles"]}
    assert sorted(details) == [0, 1, 2, 3, 4]
    assert details[0]["status"] == "stored" and details[0]["id"] == "goma"
    assert [details[i]["code"] for i in (1, 2, 3, 4)] == ["R005", "R004", "R003", "R008"]
    assert [details[i]["id"] for i in (1, 2, 3, 4)] == ["empty", "bad-date", "no-text", None]
    assert all(details[i]["status"] == "failed" and details[i]["reason"] for i in (1, 2, 3, 4))
    assert "2024-02-30" in details[2]["reason"]
    assert all(details[i]["stage"] == "read" and details[i]["failure_stored"] for i in (1, 2, 3, 4))
    assert client.get("/api/articles/goma").status_code == 200
    # one bad article alone is answered as itself: 422, the envelope naming its failure
    alone = assert_envelope(client.post("/api/articles", json=records[2], headers=AUTH), 422, "invalid_records")
    assert "R004" in alone["message"] and [d["code"] for d in alone["details"]] == ["R004"]
    # the failures are kept in the store, as the batch keeps them
    with SQLiteStore(server["db"]) as store:
        codes = {(f["article_id"], f["code"]) for f in store.failures()}
    assert {("empty", "R005"), ("bad-date", "R004"), ("no-text", "R003"), (None, "R008")} <= codes


@pytest.mark.model
def test_bodies_that_are_not_articles(client, posted):
    assert_envelope(client.post("/api/articles", content=b"{not json", headers=AUTH), 422, "invalid_json")
    assert_envelope(client.post("/api/articles", content=b"\xff\xfe", headers=AUTH), 422, "invalid_json")
    deep = b"[" * 100_000 + b"]" * 100_000
    assert_envelope(client.post("/api/articles", content=deep, headers=AUTH), 422, "invalid_json")
    assert_envelope(client.post("/api/articles", json=[], headers=AUTH), 422, "no_articles")
    too_many = [{"id": f"n{i}", "text": "Troops clashed."} for i in range(6)]  # max_articles = 5 in the config
    error = assert_envelope(client.post("/api/articles", json=too_many, headers=AUTH), 413, "too_many_articles")
    assert "5" in error["message"]
    assert_envelope(client.get("/api/articles/n0"), 404)


def test_a_5_mb_body_is_refused_before_it_is_read(client, server):
    big = json.dumps({"id": "big", "text": "x" * (5 * 1024 * 1024)}).encode()
    reply = client.post("/api/articles", content=big, headers={**AUTH, "Content-Type": "application/json"})
    error = assert_envelope(reply, 413, "body_too_large")
    assert error["details"] == [{"limit_bytes": 2_000_000}]

    def chunks():  # no Content-Length: the server counts what arrives
        for _ in range(50):
            yield b"x" * 100_000

    assert_envelope(client.post("/api/articles", content=chunks(), headers=AUTH), 413, "body_too_large")
    # the Content-Length alone is enough: the reply comes before any of the body is sent
    host, port = urllib.parse.urlsplit(server["url"]).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(f"POST /api/articles HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {TOKEN}\r\n"
                     f"Content-Type: application/json\r\nContent-Length: {5 * 1024 * 1024}\r\n\r\n".encode())
        head = sock.recv(65536).decode("latin-1")
    assert head.startswith("HTTP/1.1 413")
    assert_envelope(client.get("/api/articles/big"), 404)


# ----------------------------------------------------------------- reading


@pytest.mark.model
def test_filters(client, posted):
    def q(**params) -> set[str]:
        return event_ids(client.get("/api/events", params={"limit": 1000, **params}))

    assert q(country="IRQ") == matching(client, lambda e: (e["place"] or {}).get("country") == "IRQ") != set()
    # a country by its name, in any case, or its alpha-2 code
    assert q(country="Iraq") == q(country="IRAQ") == q(country="irq") == q(country="IQ") == q(country="IRQ")
    assert q(country="France") == matching(client, lambda e: (e["place"] or {}).get("country") == "FRA") != set()
    assert q(country="IRQ", background="false") == matching(
        client, lambda e: (e["place"] or {}).get("country") == "IRQ" and not e["background"])
    assert q(background="true") == matching(client, lambda e: e["background"]) != set()
    assert q(admin1="erbil") == matching(client, lambda e: (e["place"] or {}).get("admin1") == "Erbil") != set()
    assert q(acled_type="Protests") == matching(client, lambda e: e["acled_event_type"] == "Protests") != set()
    assert q(acled_type="arrests") == matching(client, lambda e: e["acled_sub_event_type"] == "Arrests") != set()
    assert q(plover="coerce") == matching(client, lambda e: e["plover"] == "COERCE") != set()
    assert q(actor="GUNMEN") == matching(client, lambda e: "gunmen" in ((e["actor1"] or {}).get("name") or "").lower())
    assert q(actor="gunmen") != set()
    assert q(since="2024-03-01", until="2024-03-31") == matching(client, lambda e: e["article_id"] == "paris-march")
    assert q(until="2023-12-31", country="IRQ") == matching(
        client, lambda e: e["article_id"] == "seed-article" and (e["place"] or {}).get("country") == "IRQ")
    # full-text search over the article text: every event of the matching articles
    assert q(q="pension reform") == matching(client, lambda e: e["article_id"] == "paris-march") != set()
    assert q(q="Kataib Hezbollah") == matching(client, lambda e: e["article_id"] == "seed-article")
    assert q(q="houses") == matching(client, lambda e: e["article_id"] == "kaduna-raid")
    assert q(q="pension Hezbollah") == set()
    # around Erbil (lon 43.96, lat 36.24)
    assert q(bbox="43.5,35.8,44.5,36.6") == matching(
        client, lambda e: (e["place"] or {}).get("lat") is not None
        and 35.8 <= e["place"]["lat"] <= 36.6 and 43.5 <= e["place"]["lon"] <= 44.5) != set()
    assert q(bbox="-10,40,10,55") == matching(client, lambda e: (e["place"] or {}).get("country") == "FRA")


@pytest.mark.model
def test_bad_parameters_get_a_422_naming_them(client, posted):
    for params, name in [
        ({"since": "2024-02-30"}, "since"),
        ({"until": "last week"}, "until"),
        ({"since": "1700000000"}, "since"),
        ({"since": "2024-03-01", "until": "2024-02-01"}, "until"),
        ({"limit": "0"}, "limit"),
        ({"limit": "1001"}, "limit"),
        ({"sort": "size"}, "sort"),
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "a,b,c,d"}, "bbox"),
        ({"background": "maybe"}, "background"),
        ({"cursor": "%%%"}, "cursor"),
        ({"country": "Atlantis"}, "country"),
        ({"country": "X"}, "country"),
        ({"q": "?!"}, "q"),
    ]:
        error = assert_envelope(client.get("/api/events", params=params), 422, "invalid_parameter")
        assert [d["parameter"] for d in error["details"]] == [name], (params, error)
        assert error["message"].startswith(name)


@pytest.mark.model
@pytest.mark.parametrize("sort", ["date", "-date", "rank", "-rank"])
def test_cursor_pagination_walks_every_event_once(client, posted, sort):
    everything = client.get("/api/events", params={"sort": sort, "limit": 1000}).json()
    seen, cursor, pages = [], None, 0
    while True:
        params = {"sort": sort, "limit": 3, **({"cursor": cursor} if cursor else {})}
        reply = client.get("/api/events", params=params).json()
        assert reply["total"] == everything["total"]
        assert len(reply["items"]) <= 3
        seen += [e["event_id"] for e in reply["items"]]
        pages += 1
        cursor = reply["next_cursor"]
        if cursor is None:
            break
    assert seen == [e["event_id"] for e in everything["items"]]
    assert len(seen) == len(set(seen)) == everything["total"]
    assert pages == -(-everything["total"] // 3)
    dates = [e["date"]["start"] for e in everything["items"] if e["date"]["start"]]
    if sort == "date":
        assert dates == sorted(dates)
    elif sort == "-date":
        assert dates == sorted(dates, reverse=True)


@pytest.mark.model
def test_one_event_with_its_article(client, posted):
    erbil = next(e for e in all_events(client) if (e["place"] or {}).get("admin1") == "Erbil")
    reply = client.get(f"/api/events/{erbil['event_id']}").json()
    assert reply["event"] == erbil
    assert reply["article"] == {"id": "seed-article", "published": "2023-12-26", "text": seed_record()["text"]}
    assert erbil["evidence"]
    assert_envelope(client.get("/api/events/0000000000000000"), 404, "not_found")


@pytest.mark.model
def test_article_spans_quote_the_text(client, posted):
    article = client.get("/api/articles/seed-article").json()
    assert set(article) == {"id", "published", "text", "spans"}
    text = article["text"]
    events = {e["event_id"]: e for e in all_events(client) if e["article_id"] == "seed-article"}
    assert {s["event_id"] for s in article["spans"]} == set(events)
    assert [s["start"] for s in article["spans"]] == sorted(s["start"] for s in article["spans"])
    for span in article["spans"]:
        event = events[span["event_id"]]
        if span["field"] == "sentence":
            assert text[span["start"]:span["end"]] == event["sentence"]["text"]
        else:
            quoted = [ev["text"] for ev in event["evidence"]
                      if (ev["field"], ev["start"], ev["end"]) == (span["field"], span["start"], span["end"])]
            assert quoted == [text[span["start"]:span["end"]]]
    expected = sum(len(e["evidence"]) + 1 for e in events.values())
    assert len(article["spans"]) == expected
    erbil = next(e for e in events.values() if (e["place"] or {}).get("admin1") == "Erbil")
    place = [s for s in article["spans"] if s["event_id"] == erbil["event_id"] and s["field"] == "place"]
    assert [text[s["start"]:s["end"]] for s in place] == ["Erbil Air Base"]


@pytest.mark.model
def test_geojson_export(client, posted):
    reply = client.get("/api/events.geojson", params={"country": "IRQ"})
    assert reply.status_code == 200
    assert reply.headers["content-type"].startswith("application/geo+json")
    collection = reply.json()
    assert collection["type"] == "FeatureCollection"
    expected = matching(client, lambda e: (e["place"] or {}).get("country") == "IRQ"
                        and e["place"].get("lat") is not None)
    assert {f["id"] for f in collection["features"]} == expected != set()
    for item in collection["features"]:
        assert item["type"] == "Feature" and item["geometry"]["type"] == "Point"
        lon, lat = item["geometry"]["coordinates"]
        assert (lon, lat) == (item["properties"]["place"]["lon"], item["properties"]["place"]["lat"])
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert "evidence" not in item["properties"] and "sentence" in item["properties"]
    everything = client.get("/api/events.geojson").json()
    assert len(everything["features"]) == len(matching(client, lambda e: (e["place"] or {}).get("lat") is not None))


@pytest.mark.model
def test_csv_exports_in_both_column_sets(client, posted):
    events = all_events(client)
    sitrep_csv = client.get("/api/events.csv")
    assert sitrep_csv.status_code == 200 and sitrep_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(sitrep_csv.text)))
    assert tuple(rows[0]) == CSV_COLUMNS + SOURCE_COLUMNS  # where each event was reported, last
    assert len(rows) - 1 == len(events)
    acled = list(csv.reader(io.StringIO(client.get("/api/events.csv", params={"columns": "acled"}).text)))
    assert tuple(acled[0]) == ACLED_COLUMNS
    assert len(acled) - 1 == sum(1 for e in events if e["acled_event_type"])
    notes = [dict(zip(acled[0], row))["notes"] for row in acled[1:]]
    assert all(notes)  # the sentence of each event
    only = list(csv.DictReader(io.StringIO(client.get("/api/events.csv", params={"country": "FRA"}).text)))
    assert {r["place_country"] for r in only} == {"FRA"}
    assert_envelope(client.get("/api/events.csv", params={"columns": "excel"}), 422, "invalid_parameter")


# ----------------------------------------------------------------- the envelope


@pytest.mark.model
def test_every_error_has_the_one_envelope(client, posted):
    assert_envelope(client.get("/api/nothing-here"), 404, "not_found")
    assert_envelope(client.get("/api/articles/no-such-article"), 404, "not_found")
    assert_envelope(client.delete("/api/events"), 405, "method_not_allowed")
    assert_envelope(client.get("/api/events", params={"limit": "ten"}), 422, "invalid_parameter")
    assert_envelope(client.post("/api/articles", json={"text": "x"}), 401, "unauthorized")
    assert_envelope(client.post("/api/articles", content=b"x" * 2_000_001, headers=AUTH), 413, "body_too_large")
    assert_envelope(client.get("/static/no-such-file.js"), 404, "not_found")


def test_the_content_security_policy_allows_the_configured_tiles(client):
    for path in ("/", "/api/config"):
        csp = client.get(path).headers["content-security-policy"]
        assert "img-src 'self' data: https://tiles.example;" in csp, path


@pytest.mark.model
def test_cors_is_off_by_default(client, posted):
    reply = client.get("/api/events", headers={"Origin": "https://elsewhere.example"})
    assert reply.status_code == 200
    assert "access-control-allow-origin" not in reply.headers
    preflight = client.options("/api/articles", headers={
        "Origin": "https://elsewhere.example", "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in preflight.headers


def test_private_reads_and_cors_from_the_config(tmp_path):
    config = tmp_path / "sitrep.toml"
    config.write_text('token = "from-config"\npublic_reads = false\ncors_origins = ["https://analyst.example"]\n',
                      encoding="utf-8")
    with running_server(tmp_path / "private.db", token=None, extra_args=("--config", str(config))) as url:
        assert_envelope(httpx.get(f"{url}/api/events"), 401, "unauthorized")
        assert_envelope(httpx.get(f"{url}/api/events", headers=AUTH), 401, "unauthorized")  # not this token
        assert httpx.get(f"{url}/api/events", headers={"Authorization": "Bearer from-config"}).status_code == 200
        assert httpx.get(f"{url}/api/health").status_code == 200
        assert httpx.get(f"{url}/api/config").json()["reads_need_token"] is True
        reply = httpx.get(f"{url}/api/health", headers={"Origin": "https://analyst.example"})
        assert reply.headers["access-control-allow-origin"] == "https://analyst.example"
        other = httpx.get(f"{url}/api/health", headers={"Origin": "https://elsewhere.example"})
        assert "access-control-allow-origin" not in other.headers
        too_big = httpx.post(f"{url}/api/articles", content=b"x" * 3_000_000,
                             headers={"Origin": "https://analyst.example", "Authorization": "Bearer from-config"})
        assert_envelope(too_big, 413, "body_too_large")  # and the page can read why:
        assert too_big.headers["access-control-allow-origin"] == "https://analyst.example"


def test_a_bad_config_stops_the_server(tmp_path):
    from live_server import ServerDied

    config = tmp_path / "sitrep.toml"
    config.write_text("tokn = 'typo'\n", encoding="utf-8")
    with pytest.raises(ServerDied, match="unknown setting 'tokn'"):
        with running_server(tmp_path / "x.db", extra_args=("--config", str(config))):
            pass
