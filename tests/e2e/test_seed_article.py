"""End to end on the bundled example: what a careful analyst codes from it.

Runs the real model, gazetteer and lexicons over examples/seed-article.txt.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest

from sitrep.api import analyse
from sitrep.readers import read_inputs

SEED = Path(__file__).resolve().parents[2] / "examples" / "seed-article.txt"
ERBIL_AIR_BASE = (36.24, 43.96)


def km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


@pytest.fixture(scope="module")
def seed():
    (article,) = list(read_inputs([str(SEED)]))
    assert article.published == dt.date(2023, 12, 26)
    return analyse(article)


def test_the_drone_attack_on_erbil_air_base(seed):
    (event,) = [e for e in seed.events if e.actor1 and e.actor1.country == "IRQ" and e.plover == "ASSAULT"]
    assert "Kataib Hezbollah" in event.actor1.name
    assert event.actor2 is not None and event.actor2.country == "USA"
    assert event.date.start == event.date.end == dt.date(2023, 12, 25)
    assert event.injured is not None and event.injured.best == 3
    assert event.place is not None and event.place.country == "IRQ"
    assert km(event.place.lat, event.place.lon, *ERBIL_AIR_BASE) <= 30
    assert event.background is False


def test_the_us_strikes_in_iraq(seed):
    (event,) = [e for e in seed.events if e.actor1 and e.actor1.country == "USA" and e.plover == "ASSAULT"]
    assert dt.date(2023, 12, 25) <= event.date.start <= event.date.end <= dt.date(2023, 12, 26)
    assert event.place is not None and event.place.country == "IRQ"
    assert event.background is False
    # The statement names the target the summary only describes ("Iran-backed forces").
    assert event.actor2 is not None and "Kataib Hezbollah" in event.actor2.name
    assert event.actor2.country == "IRQ"
    assert any(e.field == "actor2" and "Kataib Hezbollah" in e.text for e in event.evidence)


def test_the_background_events(seed):
    october = [e for e in seed.events if e.date.start == dt.date(2023, 10, 7)]
    assert october and all(e.background for e in october)
    (sanction,) = [e for e in seed.events if e.plover == "SANCTION"]
    assert sanction.background is True
    assert sanction.date.start == dt.date(2009, 1, 1) and sanction.date.end == dt.date(2009, 12, 31)


def test_troop_numbers_are_not_casualties(seed):
    for event in seed.events:
        for count in (event.killed, event.injured):
            if count is not None:
                assert {count.low, count.best, count.high}.isdisjoint({900, 2500})


def test_the_main_event_is_current_news(seed):
    main = min(seed.events, key=lambda e: e.rank)
    assert main.background is False and main.plover == "ASSAULT"


def test_every_evidence_span_quotes_the_article(seed):
    text = seed.article.text
    for event in seed.events:
        for ev in event.evidence:
            assert text[ev.start:ev.end] == ev.text, (event.trigger, ev)


def test_the_deaths_in_gaza_claimed_by_its_government(seed):
    (event,) = [e for e in seed.events if e.killed is not None and (e.killed.low or 0) >= 20000]
    assert event.actor1 is not None and event.actor1.country == "ISR"
    assert event.actor2 is not None and event.actor2.name == "Palestinians"
    assert event.claimed_by is not None and "Gaza" in event.claimed_by
    assert event.background
    # A toll counted since the war began on 7 October, up to the report.
    assert (event.date.start, event.date.end, event.date.precision) == (
        dt.date(2023, 10, 7), dt.date(2023, 12, 26), "range")
