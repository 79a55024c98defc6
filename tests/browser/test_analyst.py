"""The web page as an analyst works in it (issue 18), in headless Chromium against a real
``sitrep serve``: incidents with their reports and sources, totals, markers sized by
the dead, precision, the country filter by name, the export of what the filters show,
the timeline on data with outliers, the sortable paged table, Reset, the phone layout
and the dark theme. Every page load checks that nothing was asked of another host.

Two databases: ``coded`` holds the seed article and the hand-written reports of
tests/fixtures/web/reports.jsonl, posted to the server and coded by sitrep (three
reports of one attack in Kajuru from three outlets, with 5, 7 and 8 dead; a protest in
Khartoum in 2019, far before the rest); ``many`` holds 450 events written by hand (no
spaCy model), for paging and sorting beyond 500 list items' worth of pages.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from live_server import running_server
from test_page import (  # noqa: F401 (browser: the fixture)
    TOKEN, WATCH_CSP, _all_events, _csp_violations, _get, _open_page, _post_seed, browser,
)

from sitrep.model import Article, Count, Event, EventDate, Place
from sitrep.store import SQLiteStore

ROOT = Path(__file__).resolve().parents[2]
REPORTS = ROOT / "tests" / "fixtures" / "web" / "reports.jsonl"
KAJURU_OUTLETS = {"Northern Courier", "Lagos Ledger", "sahel-wire.test"}


def _post(base: str, records: list[dict]) -> dict:
    req = urllib.request.Request(
        f"{base}/api/articles", data=json.dumps(records).encode("utf-8"), method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"},
    )
    with urllib.request.urlopen(req, timeout=300) as res:
        return json.load(res)


def _text(base: str, path: str) -> str:
    with urllib.request.urlopen(f"{base}{path}", timeout=60) as res:
        return res.read().decode("utf-8")


@pytest.fixture(scope="module")
def coded(browser, tmp_path_factory):
    db = tmp_path_factory.mktemp("analyst") / "sitrep.db"
    with running_server(str(db), token=TOKEN) as base:
        _post_seed(base)
        records = [json.loads(line) for line in REPORTS.read_text(encoding="utf-8").splitlines() if line.strip()]
        posted = _post(base, records)
        assert all(a["status"] == "stored" for a in posted["articles"]), posted
        yield base


def _open(browser, base: str, fragment: str = "", **options):
    """The page as it opens (on incidents), or with ``fragment``."""
    return _open_page(browser, base, fragment, **options)


def _only_this_server(page, requests, errors) -> None:
    hosts = {urllib.parse.urlsplit(u).hostname for u in requests if not u.startswith(("data:", "blob:"))}
    assert hosts == {"127.0.0.1"}, requests
    assert errors == []
    assert _csp_violations(page) == []


def _kajuru(base: str) -> dict:
    incidents = _get(base, "/api/incidents", limit=1000)["items"]
    [kajuru] = [i for i in incidents if (i["place"] or {}).get("name") == "Kajuru" and i["n_articles"] == 3]
    return kajuru


@pytest.mark.model
def test_incidents_first_with_their_reports_and_sources(browser, coded):
    from playwright.sync_api import expect

    kajuru = _kajuru(coded)
    assert kajuru["n_sources"] == 3
    ctx, page, requests, errors = _open(browser, coded)
    try:
        # The page opens on incidents: one list item and one marker per incident.
        expect(page.locator("body")).to_have_attribute("data-mode", "incidents")
        item = page.locator(f'.event-item[data-incident-id="{kajuru["id"]}"]')
        expect(item).to_have_attribute("data-reports", "3")
        expect(item).to_have_attribute("data-outlets", "3")
        expect(item.locator(".item-reports")).to_have_text("3 reports, 3 outlets")
        expect(page.locator(f'.sitrep-pin[data-incident-id="{kajuru["id"]}"]')).to_have_attribute("data-reports", "3")
        # Opening it lists its reports, each with its outlet, title, figures and evidence.
        item.click()
        panel = page.locator("#panel")
        expect(panel).to_have_attribute("data-state", "ready")
        expect(panel).to_have_attribute("data-incident-id", kajuru["id"])
        expect(page.locator("#panel-title")).to_contain_text("3 reports, 3 outlets")
        members = _get(coded, f"/api/incidents/{kajuru['id']}")["events"]
        cards = page.locator("#panel-article .report")
        expect(cards).to_have_count(len(members))
        assert {c["outlet"] for c in cards.evaluate_all("cs => cs.map(c => ({...c.dataset}))")} == KAJURU_OUTLETS
        courier = page.locator('.report[data-outlet="Northern Courier"]').first
        link = courier.locator("a.source-link")
        expect(link).to_have_text("Gunmen kill five villagers in Kajuru")
        expect(link).to_have_attribute("href", "https://northern-courier.test/2024/05/06/kajuru")
        expect(link).to_have_attribute("target", "_blank")
        expect(link).to_have_attribute("rel", "noopener noreferrer")
        expect(page.locator('.report[data-outlet="Lagos Ledger"] .report-figures').first).to_contain_text("killed 7")
        marked = courier.locator("mark[data-field~=killed]").all_text_contents()
        assert "".join(marked) == "killed five", marked  # the figure's evidence, marked in the sentence
        # Where they disagree: the dead, 5, 7 and 8, each with its outlet.
        disagree = page.locator('#panel-fields dd.disagree[data-kind="killed"]')
        for figure in ("5 by Northern Courier", "7 by Lagos Ledger", "8 by sahel-wire.test"):
            expect(disagree).to_contain_text(figure)
        # Each report's event is one click away, and the way back.
        page.locator('.report[data-outlet="Lagos Ledger"] .open-report').first.click()
        expect(panel).to_have_attribute("data-kind", "event")
        expect(panel).to_have_attribute("data-state", "ready")
        source = page.locator('#panel-fields a.source-link')
        expect(source).to_have_attribute("href", "https://lagos-ledger.test/news/kaduna-village-raid")
        expect(page.locator("#panel-article-meta")).to_contain_text("Lagos Ledger")
        page.click("#panel-back")
        expect(panel).to_have_attribute("data-incident-id", kajuru["id"])
        expect(panel).to_have_attribute("data-state", "ready")
        # The selected pin is on the map, not under the panel or past its edge.
        pin = page.locator(".sitrep-pin.selected").bounding_box()
        box = page.locator("#map").bounding_box()
        assert box["x"] <= pin["x"] and pin["x"] + pin["width"] <= box["x"] + box["width"], (pin, box)
        assert box["y"] <= pin["y"] and pin["y"] + pin["height"] <= box["y"] + box["height"], (pin, box)
        _only_this_server(page, requests, errors)
    finally:
        ctx.close()


@pytest.mark.model
def test_totals_markers_precision_and_the_country_filter_by_name(browser, coded):
    from playwright.sync_api import expect

    events = _all_events(coded, background="false")
    incidents = {i["id"]: i for i in _get(coded, "/api/incidents", limit=1000)["items"]}
    # killed: each incident's best figure once, however many reports it has
    killed = sum((incidents[i]["killed"] or {}).get("best") or 0 for i in {e["incident_id"] for e in events})
    ctx, page, requests, errors = _open(browser, coded, "mode=events")
    try:
        summary = page.locator("#summary")
        expect(summary).to_have_attribute("data-events", str(len(events)))
        expect(summary).to_have_attribute("data-incidents", str(len({e["incident_id"] for e in events})))
        expect(summary).to_have_attribute("data-killed", str(killed))
        assert killed == 8 + 12 + 9 + 0  # Kajuru (reports of 5, 7, 8), Mogadishu, Sagaing
        expect(page.locator("#top-countries .top-item").first).to_have_attribute("data-key", "NGA")
        # Markers grow with the dead; a country-level place is a hollow marker that says so.
        pins = {p["eventId"]: p for p in page.eval_on_selector_all(
            ".sitrep-pin", "els => els.map(e => ({...e.dataset, w: e.getBoundingClientRect().width}))")}
        by_place = {e["place"]["name"]: e["event_id"] for e in events if e["place"]}
        mogadishu, paris, pakistan = (pins[by_place[n]] for n in ("Mogadishu", "Paris", "Pakistan"))
        assert mogadishu["killed"] == "12" and mogadishu["w"] > paris["w"] + 8
        assert pakistan["precision"] == "country"
        expect(page.locator(f'.sitrep-pin[data-event-id="{by_place["Pakistan"]}"]')).to_have_class(
            "sitrep-pin approx")
        # A country by its name, as the suggestions offer it.
        names = page.eval_on_selector_all("#country-names option", "os => os.map(o => o.value)")
        assert names[0] == "Nigeria" and "Somalia" in names
        page.fill("#f-country", "nigeria")
        nigeria = [e for e in events if e["place"] and e["place"]["country"] == "NGA"]
        expect(page.locator(".event-item")).to_have_count(len(nigeria))
        assert {d["country"] for d in page.eval_on_selector_all(".event-item", "els => els.map(e => ({...e.dataset}))")} == {"NGA"}
        # A name that is no country's says so and filters nothing.
        page.fill("#f-country", "Atlantis")
        expect(page.locator("#status")).to_contain_text("no country is called “Atlantis”")
        expect(page.locator(".event-item")).to_have_count(len(events))
        _only_this_server(page, requests, errors)
    finally:
        ctx.close()


@pytest.mark.model
def test_export_is_exactly_what_the_filters_show(browser, coded):
    from playwright.sync_api import expect

    ctx, page, requests, errors = _open(browser, coded, "mode=events&background=1")
    try:
        page.fill("#f-country", "Nigeria")
        page.select_option("#f-acled", "Violence against civilians")
        expect(page.locator("#status")).to_contain_text("match the filters")
        shown = {d["eventId"] for d in page.eval_on_selector_all(".event-item", "els => els.map(e => ({...e.dataset}))")}
        api = {e["event_id"] for e in _all_events(coded, country="NGA", acled_type="Violence against civilians")}
        assert shown == api and len(shown) == 3
        with page.expect_download() as download:
            page.click('button.export[data-format="csv"]')
        rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
        assert {r["event_id"] for r in rows} == shown
        assert {r["source_outlet"] for r in rows} == KAJURU_OUTLETS
        # the same bytes as the API gives for those filters
        url = page.locator("body").get_attribute("data-export-url")
        assert "country=NGA" in url and "acled_type=Violence+against+civilians" in url
        api_rows = list(csv.DictReader(io.StringIO(_text(coded, url))))
        assert rows == api_rows
        with page.expect_download() as download:
            page.click('button.export[data-format="acled"]')
        acled = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
        assert sorted(r["source"] for r in acled) == sorted(KAJURU_OUTLETS)
        with page.expect_download() as download:
            page.click('button.export[data-format="geojson"]')
        features = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))["features"]
        assert {f["id"] for f in features} == shown
        # A brushed range narrows the export as it narrows the list.
        page.fill("#f-country", "")
        page.select_option("#f-acled", "")
        expect(page.locator(".event-item")).to_have_count(len(_all_events(coded)))
        page.click('#timeline-svg g.day[data-day="2024-05-05"]')
        expect(page.locator("body")).to_have_attribute("data-brush", "2024-05-05/2024-05-05")
        brushed = {d["eventId"] for d in page.eval_on_selector_all(".event-item", "els => els.map(e => ({...e.dataset}))")}
        with page.expect_download() as download:
            page.click('button.export[data-format="csv"]')
        rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
        assert {r["event_id"] for r in rows} == brushed and len(brushed) >= 3
        _only_this_server(page, requests, errors)
    finally:
        ctx.close()


@pytest.mark.model
def test_showing_incidents_the_export_is_one_row_per_incident(browser, coded):
    from playwright.sync_api import expect

    ctx, page, requests, errors = _open(browser, coded)
    try:
        page.fill("#f-country", "Nigeria")
        api = json.loads(_text(coded, "/api/incidents?country=NGA&background=false&limit=100"))["items"]
        expect(page.locator(".incident-item")).to_have_count(len(api))
        shown = {d["incidentId"] for d in page.eval_on_selector_all(".incident-item", "els => els.map(e => ({...e.dataset}))")}
        assert shown == {i["id"] for i in api}
        with page.expect_download() as download:
            page.click('button.export[data-format="csv"]')
        assert download.value.suggested_filename == "incidents.csv"
        rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
        assert {r["incident_id"] for r in rows} == shown and len(rows) == len(shown)
        url = page.locator("body").get_attribute("data-export-url")
        assert url.startswith("/api/incidents.csv?") and "country=NGA" in url and "background=false" in url
        assert rows == list(csv.DictReader(io.StringIO(_text(coded, url))))
        with page.expect_download() as download:
            page.click('button.export[data-format="acled"]')
        acled = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
        # the Kajuru attack's three reports are one row, with its three outlets
        assert any(set(r["source"].split("; ")) == KAJURU_OUTLETS for r in acled)
        with page.expect_download() as download:
            page.click('button.export[data-format="geojson"]')
        features = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))["features"]
        assert {f["id"] for f in features} <= shown
        _only_this_server(page, requests, errors)
    finally:
        ctx.close()


@pytest.mark.model
def test_timeline_fits_the_dense_range_zooms_bins_and_counts_the_dead(browser, coded):
    from playwright.sync_api import expect

    events = _all_events(coded, background="false")
    old = [e for e in events if e["date"]["start"] < "2020-01-01"]
    assert old and all(e["date"]["start"].startswith("2019-05") for e in old)
    ctx, page, requests, errors = _open(browser, coded, "mode=events")
    try:
        svg = page.locator("#timeline-svg")
        # The axis covers the dense range (25 December 2023 to 5 May 2024), not 2019.
        expect(svg).to_have_attribute("data-start", "2023-12-25")
        assert svg.get_attribute("data-end") >= "2024-05-05"
        note = page.locator("#timeline-note")
        expect(note).to_have_attribute("data-outside", str(len(old)))
        expect(note).to_contain_text(f"{len(old)} events before 2023-12-25")
        # "Show all" takes them in.
        page.click("#tl-all")
        expect(svg).to_have_attribute("data-start", min(e["date"]["start"] for e in events))
        expect(note).to_have_attribute("data-outside", "0")
        page.click("#tl-unzoom")
        expect(svg).to_have_attribute("data-start", "2023-12-25")
        # Brush April, then zoom to it: the axis is April.
        first = page.locator('#timeline-svg g.day[data-day="2024-04-10"]').bounding_box()
        last = page.locator('#timeline-svg g.day[data-day="2024-04-29"]').bounding_box()
        y = first["y"] + first["height"] / 2
        page.mouse.move(first["x"] + 0.5, y)
        page.mouse.down()
        page.mouse.move(last["x"] + last["width"] - 0.5, y, steps=5)
        page.mouse.up()
        expect(page.locator("body")).to_have_attribute("data-brush", "2024-04-10/2024-04-29")
        page.click("#brush-zoom")
        expect(svg).to_have_attribute("data-start", "2024-04-10")
        expect(svg).to_have_attribute("data-end", "2024-04-29")
        april = [e for e in events if "2024-04-10" <= e["date"]["start"] <= "2024-04-29"]
        assert int(page.locator("#summary").get_attribute("data-events")) == len(april)
        # The dead in the range: Mogadishu's 12 and Sagaing's 9.
        expect(page.locator("#timeline-svg .dead-series")).to_have_attribute("data-total", "21")
        page.click("#tl-unzoom")
        page.click("#brush-clear")
        # Weeks: each bar starts on a Monday and counts that week's events.
        page.select_option("#tl-bin", "week")
        expect(svg).to_have_attribute("data-bin", "week")
        weeks = page.eval_on_selector_all("#timeline-svg g.day", "gs => gs.map(g => [g.dataset.day, +g.dataset.count])")
        assert weeks and all(dt.date.fromisoformat(d).weekday() == 0 for d, _ in weeks)
        dated = [e for e in events if e["date"]["start"] >= "2023-12-25"]
        assert sum(n for _, n in weeks) == len(dated)
        page.select_option("#tl-bin", "month")
        months = page.eval_on_selector_all("#timeline-svg g.day", "gs => gs.map(g => g.dataset.day)")
        assert months and all(d.endswith("-01") for d in months)
        expect(page.locator("#timeline-heading")).to_have_text("Events per month")
        _only_this_server(page, requests, errors)
    finally:
        ctx.close()


@pytest.mark.model
def test_reset_closes_the_panel_and_clears_the_range(browser, coded):
    from playwright.sync_api import expect

    ctx, page, requests, errors = _open(browser, coded, "mode=events")
    try:
        page.click('#timeline-svg g.day[data-day="2024-05-05"]')
        page.locator(".event-item").first.click()
        expect(page.locator("#panel")).to_have_attribute("data-state", "ready")
        page.click("#f-reset")
        expect(page.locator("#panel")).to_be_hidden()
        expect(page.locator("body")).to_have_attribute("data-brush", "")
        assert "event=" not in page.url
        _only_this_server(page, requests, errors)
    finally:
        ctx.close()


@pytest.mark.model
def test_phone_the_panel_opens_over_the_map(browser, coded):
    """390 px wide: a tapped event opens in a panel on screen, over the map, which is
    scrolled to the top with the event's pin above the panel (it used to open 3,800 px
    below, under the whole list)."""
    from playwright.sync_api import expect

    ctx, page, requests, errors = _open(browser, coded, "mode=events", viewport={"width": 390, "height": 844},
                                       is_mobile=True, has_touch=True)
    try:
        items = page.locator(".event-item")
        target = items.nth(items.count() - 3)
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        target.scroll_into_view_if_needed()
        before = page.locator("#map").bounding_box()
        assert before["y"] < -300, "the list is below the map: scrolled to it, the map is (mostly) off screen"
        event_id = target.get_attribute("data-event-id")
        target.tap()
        panel = page.locator("#panel")
        expect(panel).to_have_attribute("data-state", "ready")
        box = panel.bounding_box()
        assert 0 < box["y"] < 844 * 0.5 and box["y"] + box["height"] <= 844 + 1, box
        assert box["width"] == pytest.approx(390, abs=1)
        # the panel scrolls itself; its first field is on screen
        first = page.locator("#panel-fields dd").first.bounding_box()
        assert box["y"] <= first["y"] < 844
        # the map is at the top of the screen, the pin in the part above the panel
        the_map = page.locator("#map").bounding_box()
        assert abs(the_map["y"]) < 2, the_map
        pin = page.locator(f'.sitrep-pin[data-event-id="{event_id}"]')
        expect(pin).to_have_count(1)
        p = pin.bounding_box()
        assert 0 <= p["y"] and p["y"] + p["height"] <= box["y"], (p, box)
        assert 0 <= p["x"] and p["x"] + p["width"] <= 390, p
        page.tap("#panel-close")
        expect(panel).to_be_hidden()
        _only_this_server(page, requests, errors)
    finally:
        ctx.close()


@pytest.mark.model
def test_colours_follow_the_system_s_dark_or_light_preference(browser, coded):
    def background(scheme: str) -> tuple[int, ...]:
        ctx, page, requests, errors = _open(browser, coded, "mode=events", color_scheme=scheme)
        try:
            colours = page.evaluate("""() => [document.body, document.querySelector('.listcol')]
                .map(e => getComputedStyle(e).backgroundColor)""")
            _only_this_server(page, requests, errors)
        finally:
            ctx.close()
        return tuple(sum(int(v) for v in c[c.index("(") + 1:c.index(")")].split(",")[:3]) for c in colours)

    assert all(v < 150 for v in background("dark"))
    assert all(v > 600 for v in background("light"))


@pytest.mark.model
def test_offline_map_past_zoom_6_has_province_lines_and_labels(browser, coded):
    """Without tiles: Natural Earth's province lines and GeoNames' labels appear as the map
    zooms in, and it zooms no further than they can show."""
    from playwright.sync_api import expect

    assert _get(coded, "/api/config")["tiles"] is None
    ctx, page, requests, errors = _open(browser, coded, "mode=events")
    try:
        the_map = page.locator("#map")
        expect(the_map).to_have_attribute("data-tiles", "off")
        expect(the_map).to_have_attribute("data-max-zoom", "10")
        page.evaluate("() => window.__sitrepMap.setView([20, 10], 2, { animate: false })")
        assert page.locator("path.province-line").count() == 0  # not at world scale
        # Kaduna State, Nigeria, at zoom 7: province lines, province names, towns.
        page.evaluate("() => window.__sitrepMap.setView([10.4, 7.6], 7, { animate: false })")
        expect(the_map).to_have_attribute("data-provinces", "on")
        expect(page.locator("path.province-line")).to_have_count(1)
        assert len(page.locator("path.province-line").get_attribute("d")) > 1000  # many lines in one path
        expect(page.locator(".map-label.province span").first).to_be_visible()

        def labels(kind: str) -> set[str]:
            return set(page.locator(f".map-label.{kind} span").all_text_contents())

        # (labels never overlap, so which of two close ones is drawn depends on the view)
        states = {"Kaduna", "Plateau", "Niger", "Nasarawa", "Kano", "Bauchi", "Katsina", "Zamfara"}
        assert len(labels("province") & states) >= 3, labels("province")
        assert len(labels("town") & {"Kaduna", "Abuja", "Zaria", "Kano", "Jos", "Minna"}) >= 3, labels("town")
        # The province lines are drawn inside the map, in its view.
        line = page.locator("path.province-line").bounding_box()
        box = the_map.bounding_box()
        assert line["width"] > 0.5 * box["width"] and line["height"] > 0.5 * box["height"], (line, box)
        # Country names at country scale.
        page.evaluate("() => window.__sitrepMap.setView([9, 8], 4, { animate: false })")
        expect(page.locator(".map-label.country", has_text="Nigeria")).to_have_count(1)
        # No further than the offline layers can show.
        page.evaluate("() => window.__sitrepMap.setView([10.4, 7.6], 14, { animate: false })")
        assert page.evaluate("() => window.__sitrepMap.getZoom()") == 10
        expect(page.locator(".leaflet-control-zoom-in")).to_have_class(re.compile("leaflet-disabled"))
        _only_this_server(page, requests, errors)
    finally:
        ctx.close()


@pytest.mark.model
def test_api_docs_from_vendored_files(browser, coded):
    """``/api/docs``: Swagger UI over the server's OpenAPI description, every file from this server."""
    from playwright.sync_api import expect

    ctx, page, requests, errors = _open_page(browser, coded, "", path="/api/docs")
    try:
        expect(page.locator(".swagger-ui .info .title")).to_contain_text("sitrep")
        for path in ("/api/events", "/api/incidents/{incident_id}", "/api/countries", "/api/articles"):
            expect(page.locator(f'.opblock-summary-path[data-path="{path}"]').first).to_be_visible()
        assert any(u.endswith("/api/openapi.json") for u in requests)
        _only_this_server(page, requests, errors)
    finally:
        ctx.close()


# ----------------------------------------------------------------- many events, no model

BASE_DAY = dt.date(2024, 1, 1)


def _many_events(n: int = 450) -> list[tuple[Article, list[Event]]]:
    """``n`` one-event articles over 90 days, event i killing i % 17, in three countries."""
    places = [Place("Kajuru", "NGA", "Kaduna", 10.32, 7.69, 2335953, "city"),
              Place("Mogadishu", "SOM", "Banaadir", 2.04, 45.34, 53654, "city"),
              Place("Dhaka", "BGD", "Dhaka", 23.71, 90.41, 1185241, "city")]
    out = []
    for i in range(n):
        text = f"Gunmen attacked village number {i} and killed people, police said."
        day = BASE_DAY + dt.timedelta(days=i % 90)
        article = Article(f"a{i:03d}", text, day + dt.timedelta(days=1), source=f"Outlet {i % 7}")
        k = i % 17
        start = text.index("attacked")
        out.append((article, [Event(
            article_id=article.id, trigger="attacked", trigger_start=start, trigger_end=start + 8,
            sentence_start=0, sentence_end=len(text), plover="ASSAULT", acled_event_type="Violence against civilians",
            rank=0, date=EventDate(day, day, "day"), place=places[i % 3], background=False,
            killed=Count(k, k, k, str(k)) if k else None)]))
    return out


@pytest.fixture(scope="module")
def many(browser, tmp_path_factory):
    db = tmp_path_factory.mktemp("many") / "sitrep.db"
    with SQLiteStore(db) as store:
        store.save_articles(_many_events())
    with running_server(str(db)) as base:
        yield base


def test_the_table_sorts_and_pages_beyond_500(browser, many):
    from playwright.sync_api import expect

    ctx, page, requests, errors = _open(browser, many, "mode=events")
    try:
        expect(page.locator("#list-heading")).to_have_text("Events: 450")
        # The list pages 200 at a time: every event is reachable.
        expect(page.locator(".event-item")).to_have_count(200)
        expect(page.locator("#pager")).to_have_attribute("data-pages", "3")
        seen = set()
        for _ in range(3):
            seen |= {d["eventId"] for d in page.eval_on_selector_all(".event-item", "els => els.map(e => ({...e.dataset}))")}
            if not page.locator("#page-next").is_disabled():
                page.click("#page-next")
        assert len(seen) == 450
        expect(page.locator(".event-item")).to_have_count(50)
        # The table, sorted by the dead (most first, then fewest), with the same pages.
        page.click("#view-table")
        expect(page.locator("#event-table")).to_be_visible()
        page.click('#event-table th button[data-sort="killed"]')
        killed = page.eval_on_selector_all("#event-table tbody tr", "rs => rs.map(r => +r.dataset.killed)")
        assert len(killed) == 200 and killed == sorted(killed, reverse=True) and killed[0] == 16
        expect(page.locator('#event-table th[aria-sort="descending"]')).to_have_text("Killed ▼")
        page.click('#event-table th button[data-sort="killed"]')
        killed = page.eval_on_selector_all("#event-table tbody tr", "rs => rs.map(r => +r.dataset.killed)")
        # ascending; events with no figure come last either way
        assert killed == sorted(killed) and killed[0] == 1
        page.click('#event-table th button[data-sort="country"]')
        countries = page.eval_on_selector_all('#event-table td[data-col="country"]', "ts => ts.map(t => t.textContent)")
        assert countries == sorted(countries) and countries[0] == "Bangladesh"
        page.click("#page-next")
        page.click("#page-next")
        expect(page.locator("#event-table tbody tr")).to_have_count(50)
        assert page.eval_on_selector_all('#event-table td[data-col="country"]', "ts => ts.map(t => t.textContent)")[-1] == "Somalia"
        # a row opens its event
        page.locator("#event-table tbody tr").first.click()
        expect(page.locator("#panel")).to_have_attribute("data-state", "ready")
        expect(page.locator("#panel-fields")).to_contain_text("Outlet")
        _only_this_server(page, requests, errors)
    finally:
        ctx.close()
