"""The web page at ``/``, driven in headless Chromium against a real ``sitrep serve``.

Uses Debian's ``/usr/bin/chromium`` (or ``$SITREP_CHROMIUM``) through Playwright
(``executable_path``); nothing downloads a browser. Without chromium or playwright the tests skip, unless
``SITREP_REQUIRE_SERVICES=1`` (CI), where they fail.

    .venv/bin/python -m pytest tests/browser --screenshot /tmp/page.png
"""

from __future__ import annotations

import json
import os
import shutil
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from live_server import running_server  # tests/ is on sys.path (tests/conftest.py)

from sitrep.readers import parse_text_article

TESTS = Path(__file__).resolve().parents[1]
ROOT = TESTS.parent
SEED = ROOT / "examples" / "seed-article.txt"
TOKEN = "browser-test-token"
# SITREP_CHROMIUM names another chromium executable; by default Debian's.
CHROMIUM = os.environ.get("SITREP_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# Chromium on this kind of machine: no sandbox (root), no GPU, and no background
# connections of its own (they would be refused by the closed network anyway).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Iraq, roughly: every marker of an event placed in Iraq lies inside.
IRAQ_LAT = (29.0, 38.0)
IRAQ_LON = (38.0, 49.0)
TILE_HOST = "tiles.sitrep-test.invalid"
# A 1x1 transparent PNG served for every tile request in the tiles test.
PNG_1x1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def _unavailable(reason: str) -> None:
    if os.environ.get("SITREP_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{reason}, and SITREP_REQUIRE_SERVICES=1 requires the browser test to run")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        _unavailable(f"no chromium executable at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _get(base: str, path: str, **params) -> dict:
    url = f"{base}{path}"
    if params:
        url += "?" + urllib.parse.urlencode(params)
    with urllib.request.urlopen(url, timeout=60) as res:
        return json.load(res)


def _post_seed(base: str) -> dict:
    article = parse_text_article(SEED.read_text(encoding="utf-8"), "seed-article")
    body = json.dumps({"id": article.id, "text": article.text, "published": article.published.isoformat()})
    req = urllib.request.Request(
        f"{base}/api/articles",
        data=body.encode("utf-8"),
        method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"},
    )
    with urllib.request.urlopen(req, timeout=300) as res:
        return json.load(res)


def _all_events(base: str, **params) -> list[dict]:
    items, cursor = [], None
    while True:
        page = _get(base, "/api/events", limit=1000, **params, **({"cursor": cursor} if cursor else {}))
        items.extend(page["items"])
        cursor = page["next_cursor"]
        if not cursor:
            return items


@pytest.fixture(scope="module")
def seeded(browser, tmp_path_factory):
    """A running server whose store holds the coded seed article; yields its base URL."""
    db = tmp_path_factory.mktemp("browser") / "sitrep.db"
    with running_server(str(db), token=TOKEN) as base:
        posted = _post_seed(base)
        assert [a["status"] for a in posted["articles"]] and posted["articles"][0]["events"]
        yield base


#: Records what the server's Content-Security-Policy blocks (it must block nothing the page does).
WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__csp.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


def _csp_violations(page) -> list[str]:
    return page.evaluate("window.__csp")


def _open_page(browser, base: str, fragment: str = "mode=events", path: str = "/", **options):
    """The page in a new context (``options`` for the context: viewport, colour scheme);
    by default showing events (``#mode=events``: the page opens on incidents when there
    are any, tests/browser/test_analyst.py). Returns (context, page, requests, errors)."""
    context = browser.new_context(**{"viewport": {"width": 1440, "height": 900}, **options})
    page = context.new_page()
    page.add_init_script(WATCH_CSP)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{base}{path}#{fragment}" if fragment else f"{base}{path}")
    page.wait_for_selector("body[data-state=ready]")
    return context, page, requests, errors


def _pins(page) -> list[dict]:
    return page.eval_on_selector_all(".sitrep-pin", "els => els.map(e => ({...e.dataset}))")


def _listed(page) -> list[dict]:
    return page.eval_on_selector_all(".event-item", "els => els.map(e => ({...e.dataset}))")


@pytest.mark.model
def test_map_timeline_list_and_evidence(browser, seeded, screenshot_path):
    from playwright.sync_api import expect

    events = _all_events(seeded)
    current = [e for e in events if not e["background"]]
    iraq_now = {e["event_id"] for e in current if e["place"] and e["place"]["country"] == "IRQ"}
    erbil = [e for e in events if e["place"] and "Erbil" in (e["place"]["name"] or "")]
    assert len(iraq_now) >= 2 and len(erbil) == 1, "the seed article codes the Erbil attack and the US strikes"
    erbil_id = erbil[0]["event_id"]

    context, page, requests, errors = _open_page(browser, seeded)
    try:
        # By default the page shows current events only: a marker for each of them.
        expect(page.locator(".event-item")).to_have_count(len(current))
        expect(page.locator(".sitrep-pin")).to_have_count(len(current))
        pins = _pins(page)
        assert {p["eventId"] for p in pins} == {e["event_id"] for e in current}
        iraq_pins = [p for p in pins if p["country"] == "IRQ"]
        assert {p["eventId"] for p in iraq_pins} == iraq_now
        for p in iraq_pins:
            assert IRAQ_LAT[0] <= float(p["lat"]) <= IRAQ_LAT[1], p
            assert IRAQ_LON[0] <= float(p["lon"]) <= IRAQ_LON[1], p
            assert p["background"] == "false"
        for p in iraq_pins:  # drawn on the map, not only present in the DOM
            expect(page.locator(f'.sitrep-pin[data-event-id="{p["eventId"]}"]')).to_be_visible()

        # Background events too, from September 2023: the 7 October attack joins the
        # Iraq events of 25 December; the 2009 sanction stays out.
        page.check("#f-background")
        page.fill("#f-since", "2023-09-01")
        since = _all_events(seeded, since="2023-09-01")
        expect(page.locator(".event-item")).to_have_count(len(since))
        dates = {d["date"] for d in _listed(page)}
        assert {"2023-10-07", "2023-12-25"} <= dates
        assert "2009-01-01" not in dates

        # Brush the timeline across 25 December only: the list and the map keep that day.
        bar = page.locator('#timeline-svg g.day[data-day="2023-12-25"]')
        box = bar.bounding_box()
        y = box["y"] + box["height"] / 2
        page.mouse.move(box["x"] + 1, y)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] / 2, y, steps=4)
        page.mouse.move(box["x"] + box["width"] - 1, y, steps=4)
        page.mouse.up()
        expect(page.locator("body")).to_have_attribute("data-brush", "2023-12-25/2023-12-25")
        dec25 = [e for e in since if e["date"]["start"] <= "2023-12-25" <= e["date"]["end"]]
        expect(page.locator(".event-item")).to_have_count(len(dec25))
        # The events whose window covers that day: 25 December's, and the Gaza toll that
        # runs from 7 October to publication (listed by its first day).
        assert {d["date"] for d in _listed(page)} == {e["date"]["start"] for e in dec25}
        assert "2023-12-25" in {d["date"] for d in _listed(page)}
        expect(page.locator('#timeline-svg g.day[data-day="2023-10-07"]')).to_have_class("day outside")
        expect(page.locator(".sitrep-pin")).to_have_count(len(dec25))
        assert {p["eventId"] for p in _pins(page)} == {e["event_id"] for e in dec25}
        assert iraq_now <= {p["eventId"] for p in _pins(page)}

        # Open the Erbil event: its article, with the evidence highlighted.
        page.click(f'.event-item[data-event-id="{erbil_id}"]')
        expect(page.locator("#panel")).to_have_attribute("data-state", "ready")
        expect(page.locator("#panel-title")).to_contain_text("Erbil")
        place_mark = page.locator('#panel-article mark[data-field~="place"]')
        expect(place_mark).to_have_text("Erbil Air Base")
        sentence = page.locator("#panel-article .evidence-sentence", has_text="Erbil Air Base")
        expect(sentence).to_have_count(1)
        expect(sentence).to_be_visible()
        # The evidence is highlighted: a coloured background, not the page's.
        colour = place_mark.evaluate("m => getComputedStyle(m).backgroundColor")
        assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
        # Every evidence span of the event is marked, with its exact text.
        marks = page.eval_on_selector_all(
            "#panel-article mark", "ms => ms.map(m => [m.dataset.span, m.textContent])"
        )
        for i, ev in enumerate(erbil[0]["evidence"]):
            pieces = "".join(text for spans, text in marks if str(i) in spans.split())
            assert pieces == ev["text"], (ev, pieces)
        # The place field's link scrolls its evidence into view in the article box.
        page.click('#panel-fields dd[data-field="place"] .show-evidence')
        expect(place_mark).to_have_class("ev active")
        article_box = page.locator("#panel-article").bounding_box()
        mark_box = place_mark.bounding_box()
        assert article_box["y"] <= mark_box["y"] and mark_box["y"] + mark_box["height"] <= article_box["y"] + article_box["height"]
        expect(page.locator('.sitrep-pin.selected')).to_have_attribute("data-event-id", erbil_id)

        page.screenshot(path=str(screenshot_path))
        assert screenshot_path.stat().st_size > 10_000

        # The page asked nothing of any host but this server.
        hosts = {urllib.parse.urlsplit(u).hostname for u in requests if not u.startswith("data:")}
        assert hosts == {"127.0.0.1"}, requests
        assert errors == []
        assert _csp_violations(page) == []

        # The view is in the URL: opening it again restores filters, range and event.
        shared = page.url
        assert "#" in shared and f"event={erbil_id}" in shared
        again = context.new_page()
        again.goto(shared)
        expect(again.locator("#panel")).to_have_attribute("data-state", "ready")
        expect(again.locator("#panel")).to_have_attribute("data-event-id", erbil_id)
        expect(again.locator("body")).to_have_attribute("data-brush", "2023-12-25/2023-12-25")
        expect(again.locator("#f-since")).to_have_value("2023-09-01")
        expect(again.locator("#f-background")).to_be_checked()
        expect(again.locator(".event-item")).to_have_count(len(dec25))
    finally:
        context.close()


@pytest.mark.model
def test_country_outlines_without_tiles(browser, seeded):
    from playwright.sync_api import expect

    assert _get(seeded, "/api/config")["tiles"] is None
    context, page, _, errors = _open_page(browser, seeded)
    try:
        expect(page.locator("#map")).to_have_attribute("data-tiles", "off")
        assert page.locator("img.leaflet-tile").count() == 0
        # Natural Earth 1:110m has 177 countries: a path each, drawn on the map.
        assert page.locator("path.country-outline").count() > 150
        expect(page.locator("path.country-outline").first).to_be_attached()
        assert errors == []
        assert _csp_violations(page) == []
    finally:
        context.close()


@pytest.mark.model
def test_the_content_security_policy_blocks_injected_script(browser, seeded):
    """What the policy is for: a script that got into the page does not run, and nothing
    is loaded from elsewhere. (That no site may frame the page is the headers' part:
    tests/server/test_server_limits.py.)"""
    context, page, _, errors = _open_page(browser, seeded)
    try:
        assert _csp_violations(page) == []
        page.evaluate("""() => {
            const s = document.createElement("script");
            s.textContent = "window.__ran = 1";
            document.body.append(s);
            const img = document.createElement("img");
            img.src = "https://elsewhere.invalid/pixel.png";
            document.body.append(img);
        }""")
        page.wait_for_function("window.__csp.length >= 2")
        assert page.evaluate("window.__ran") is None
        blocked = " ".join(_csp_violations(page))
        assert "script-src" in blocked and "img-src https://elsewhere.invalid/pixel.png" in blocked
        assert errors == []
    finally:
        context.close()


def test_tiles_from_config(browser, tmp_path):
    """With ``--tiles`` the map loads tiles from that template (answered here by the test)."""
    from playwright.sync_api import expect

    template = f"https://{TILE_HOST}/{{z}}/{{x}}/{{y}}.png"
    with running_server(
        str(tmp_path / "tiles.db"), token=TOKEN, extra_args=("--tiles", template, "--tiles-attribution", "Test tiles")
    ) as base:
        config = _get(base, "/api/config")
        assert config["tiles"] == template and config["tiles_attribution"] == "Test tiles"
        context = browser.new_context(viewport={"width": 1000, "height": 700})
        page = context.new_page()
        tile_requests: list[str] = []

        def answer_tile(route):
            tile_requests.append(route.request.url)
            route.fulfill(status=200, content_type="image/png", body=PNG_1x1)

        page.route(f"https://{TILE_HOST}/**", answer_tile)
        page.add_init_script(WATCH_CSP)
        try:
            page.goto(f"{base}/")
            page.wait_for_selector("body[data-state=ready]")
            expect(page.locator("#map")).to_have_attribute("data-tiles", "on")
            expect(page.locator("img.leaflet-tile").first).to_be_attached()
            assert tile_requests and all(u.endswith(".png") for u in tile_requests)
            expect(page.locator(".leaflet-control-attribution")).to_contain_text("Test tiles")
            # The outlines are an overlay to switch on; with tiles they start off.
            assert page.locator("path.country-outline").count() == 0
            # The tiles' origin is allowed by the server's Content-Security-Policy.
            expect(page.locator("img.leaflet-tile-loaded").first).to_be_attached()
            assert _csp_violations(page) == []
        finally:
            context.close()


MARKUP_ARTICLE = {
    "id": "markup",
    "published": "2024-03-11",
    "text": 'Hundreds of protesters <img src=x onerror="window.__xss=1"> rallied in Baghdad on Monday '
    "against <b>power cuts</b>, police said.",
}


@pytest.mark.model
def test_private_reads_and_markup_shown_as_text(browser, tmp_path):
    """Reads that need the token make the page ask for it; article markup stays text."""
    from playwright.sync_api import expect

    with running_server(str(tmp_path / "private.db"), token=TOKEN, extra_args=("--private-reads",)) as base:
        req = urllib.request.Request(
            f"{base}/api/articles",
            data=json.dumps(MARKUP_ARTICLE).encode("utf-8"),
            method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"},
        )
        with urllib.request.urlopen(req, timeout=300) as res:
            events = json.load(res)["articles"][0]["events"]
        assert events, "the protest in Baghdad is coded"

        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.add_init_script(WATCH_CSP)
        try:
            page.goto(f"{base}/#mode=events")
            expect(page.locator("#token-label")).to_be_visible()
            expect(page.locator("body")).to_have_attribute("data-state", "error")
            page.fill("#f-token", TOKEN)
            page.press("#f-token", "Enter")
            expect(page.locator("body")).to_have_attribute("data-state", "ready")
            expect(page.locator(".event-item")).to_have_count(len(events))
            page.click(".event-item")
            expect(page.locator("#panel")).to_have_attribute("data-state", "ready")
            article = page.locator("#panel-article")
            expect(article).to_contain_text('<img src=x onerror="window.__xss=1">')
            expect(article).to_contain_text("<b>power cuts</b>")
            # nothing from the article or its event became an element
            assert page.locator("#panel img, #panel b, .event-list img, .event-list b").count() == 0
            assert page.evaluate("window.__xss") is None
            assert errors == []
            assert _csp_violations(page) == []
        finally:
            context.close()
