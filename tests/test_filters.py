"""The filters are declared once (``sitrep/filters.py``): the store, the CLI's options,
the API's query parameters (its OpenAPI description) and the web page all agree with
``FILTERS``."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from backends import BACKENDS, backend  # tests/ is on sys.path (tests/conftest.py)
from click.testing import CliRunner
from fastapi.testclient import TestClient

from sitrep.cli import main
from sitrep.filters import BY_NAME, FILTERS, QueryError, for_listing, names, read_value
from sitrep.model import Actor, Article, Event, EventDate, Place
from sitrep.store import EventQuery, SQLiteStore, Store
from sitrep.web import create_app

STATIC = Path(__file__).resolve().parents[1] / "sitrep" / "web" / "static"
#: What an EventQuery holds besides its filters: the order and the page.
PAGING = {"sort", "limit", "cursor"}


@pytest.fixture(scope="module")
def app():
    with SQLiteStore(":memory:") as store:
        yield create_app(store)


def _parameters(spec: dict, path: str) -> dict[str, dict]:
    return {p["name"]: p for p in spec["paths"][path]["get"]["parameters"] if p["in"] == "query"}


def test_every_query_field_is_a_declared_filter():
    fields = {f.name for f in dataclasses.fields(EventQuery)} - PAGING
    assert fields == set(BY_NAME)
    assert len({f.param for f in FILTERS}) == len({f.option for f in FILTERS}) == len(FILTERS)


@pytest.mark.parametrize("path", ["/api/events", "/api/events.geojson", "/api/events.csv", "/api/incidents",
                                  "/api/incidents.geojson", "/api/incidents.csv"])
def test_openapi_lists_each_declared_filter_with_its_type_and_description(app, path):
    parameters = _parameters(app.openapi(), path)
    declared = names(FILTERS)
    assert [name for name in parameters if name not in PAGING | {"columns"}] == declared
    for spec in FILTERS:
        schema = parameters[spec.param]["schema"]
        types = {option.get("type") for option in schema["anyOf"]}
        assert types == {"boolean" if spec.kind == "flag" else "string", "null"}, spec.name
        assert spec.help in parameters[spec.param]["description"]
        assert (schema.get("format") == "date") == (spec.kind == "date")


def test_the_filters_endpoint_is_the_declaration(app):
    reply = TestClient(app).get("/api/filters")
    assert reply.status_code == 200
    filters = reply.json()["filters"]
    assert [f["param"] for f in filters] == names(FILTERS)
    assert filters == [spec.describe() for spec in FILTERS]
    assert [f["name"] for f in filters if f["incidents"]] == names(for_listing("incidents"), "name")


@pytest.mark.parametrize("command, listing", [(["events"], "events"), (["incidents"], "incidents")])
def test_cli_options_are_the_declared_filters(command, listing):
    cmd = main.get_command(None, command[0])  # type: ignore[arg-type]
    options = {p.name: p for p in cmd.params}
    for spec in for_listing(listing):
        option = options[spec.name]
        assert spec.option in option.opts, spec.name
        assert option.help == (spec.help if listing == "events" else spec.incidents_help)
        if spec.kind == "flag":
            assert option.secondary_opts == ["--no-" + spec.option[2:]]
    declared = set(names(for_listing(listing), "name"))
    filter_like = {name for name in options if name in BY_NAME}
    assert filter_like == declared
    assert "incident" not in options or listing == "events"


class _FormFields(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.names: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and attributes.get("id") == "filters":
            self.inside = True
        elif self.inside and tag in ("input", "select") and attributes.get("name"):
            self.names.append(attributes["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def test_the_page_s_filter_fields_are_declared_filters_and_its_script_reads_the_declaration():
    form = _FormFields()
    form.feed((STATIC / "index.html").read_text(encoding="utf-8"))
    assert form.names and set(form.names) <= set(names(FILTERS))
    script = (STATIC / "app.js").read_text(encoding="utf-8")
    assert 'api("/api/filters")' in script
    # No list of the filters' parameters written out in the script: a quoted name
    # followed by another, as in ["since", "until", ...].
    params = "|".join(re.escape(p) for p in names(FILTERS))
    listed = re.findall(rf'"(?:{params})"\s*,\s*"(?:{params})"', script)
    assert not listed, listed


def _store_with_events(path: str | Path = ":memory:", store: Store | None = None) -> Store:
    """Two events of one article: an attack in Kaduna on 5 May, an arrest in Lagos on 1 May (background)."""
    store = store if store is not None else SQLiteStore(path)
    text = "Gunmen attacked a village near Kaduna. Police arrested a man in Lagos."
    article = Article(id="a1", text=text, published=dt.date(2024, 5, 6), title="Raid")
    kaduna = Place(name="Kaduna", country="NGA", admin1="Kaduna", lat=10.5, lon=7.4, precision="town")
    lagos = Place(name="Lagos", country="NGA", admin1="Lagos", lat=6.5, lon=3.4, precision="town")
    attack = Event(article_id="a1", trigger="attacked", trigger_start=7, trigger_end=15, sentence_start=0,
                   sentence_end=38, plover="ASSAULT", acled_event_type="Violence against civilians",
                   acled_sub_event_type="Attack", actor1=Actor(name="Gunmen"), place=kaduna,
                   date=EventDate(start=dt.date(2024, 5, 5), end=dt.date(2024, 5, 5)), rank=0)
    arrest = Event(article_id="a1", trigger="arrested", trigger_start=46, trigger_end=54, sentence_start=39,
                   sentence_end=len(text), plover="COERCE", acled_event_type="Strategic developments",
                   acled_sub_event_type="Arrests", actor1=Actor(name="Police"), place=lagos, background=True,
                   date=EventDate(start=dt.date(2024, 5, 1), end=dt.date(2024, 5, 1)), rank=1)
    store.save_article(article, [attack, arrest])
    return store


def _triggers(records: list[dict]) -> list[str]:
    return sorted(r["trigger"]["text"] for r in records)


@pytest.mark.parametrize("name, value, expected", [
    ("since", dt.date(2024, 5, 3), ["attacked"]),
    ("until", dt.date(2024, 5, 3), ["arrested"]),
    ("country", "nga", ["arrested", "attacked"]),
    ("country", "IRQ", []),
    ("admin1", "LAGOS", ["arrested"]),
    ("acled_type", "attack", ["attacked"]),
    ("plover", "coerce", ["arrested"]),
    ("actor", "gun", ["attacked"]),
    ("text", "village", ["arrested", "attacked"]),
    ("text", "Baghdad", []),
    ("bbox", (7.0, 10.0, 8.0, 11.0), ["attacked"]),
    ("bbox", (170.0, 0.0, -170.0, 20.0), []),
    ("background", True, ["arrested"]),
    ("background", False, ["attacked"]),
    ("incident", "no-such-incident", []),
])
@pytest.mark.parametrize("backend_name", BACKENDS)
def test_each_declared_filter_narrows_the_store_s_events(backend_name, name, value, expected, tmp_path):
    with backend(backend_name, tmp_path) as b, _store_with_events(store=b.open()) as store:
        page = store.query_events(EventQuery(**{name: value}))
        assert _triggers(page.items) == expected
        if BY_NAME[name].incidents == "refused":
            with pytest.raises(QueryError) as refused:
                store.query_incidents(EventQuery(**{name: value}))
            assert refused.value.parameter == BY_NAME[name].param
        else:
            store.query_incidents(EventQuery(**{name: value}))  # the incident SQL runs


def test_read_value_reads_what_the_cli_and_the_api_are_given():
    assert read_value(BY_NAME["since"], "2024-05-06") == dt.date(2024, 5, 6)
    assert read_value(BY_NAME["country"], "Nigeria") == "NGA"
    assert read_value(BY_NAME["country"], "irq") == "IRQ"
    assert read_value(BY_NAME["bbox"], "-10,-10,40,10") == (-10.0, -10.0, 40.0, 10.0)
    assert read_value(BY_NAME["background"], False) is False
    for name, bad in (("since", "2024-5-6"), ("country", "Atlantis"), ("bbox", "west,1,2,3")):
        with pytest.raises(QueryError) as error:
            read_value(BY_NAME[name], bad)
        assert error.value.parameter == BY_NAME[name].param


def test_the_cli_takes_a_country_name_as_the_api_does(tmp_path):
    db = tmp_path / "s.db"
    _store_with_events(db).close()
    runner = CliRunner()
    listed = runner.invoke(main, ["events", "--db", str(db), "--country", "Nigeria", "--format", "jsonl"])
    assert listed.exit_code == 0, listed.output
    assert _triggers([json.loads(line) for line in listed.output.splitlines()]) == ["arrested", "attacked"]
    refused = runner.invoke(main, ["events", "--db", str(db), "--country", "Atlantis"])
    assert refused.exit_code == 2 and "'--country'" in refused.output
    incidents = runner.invoke(main, ["incidents", "--db", str(db), "--no-background", "--format", "jsonl"])
    assert incidents.exit_code == 0, incidents.output
