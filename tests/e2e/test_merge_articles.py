"""The merge stage on whole articles through the real pipeline: one shooting told four
times is one event; distinct events stay apart (unit tests: tests/stages/test_merge.py)."""

from __future__ import annotations

import datetime as dt

import pytest


@pytest.fixture(scope="module")
def pipeline():
    from sitrep.pipeline import Pipeline

    return Pipeline()


def violence(pipeline, text):
    from sitrep.model import Article

    analysis = pipeline.analyse(Article(id="t", text=text, published=dt.date(2024, 3, 11)))
    return [e for e in analysis.events if e.plover == "ASSAULT" and not e.background], analysis.events


ONE_SHOOTING = """Two wounded in Friday shooting in Springfield

SPRINGFIELD, Ill. -- Two men were wounded in a shooting on the east side of Springfield, police said.

The men were shot at about 11 p.m. Friday outside a bar on Grand Avenue, police said. One of them was in critical condition.

A third man later walked into a hospital with a gunshot wound, and three men were wounded in all.

No arrests have been made in the shooting.
"""


def test_an_article_telling_one_shooting_four_times_gives_one_event(pipeline):
    shootings, _ = violence(pipeline, ONE_SHOOTING)
    (event,) = shootings
    assert event.date.start == event.date.end == dt.date(2024, 3, 8)  # "Friday", not the reporting window
    assert event.date.precision == "day"
    assert event.place.name == "Springfield" and event.injured.best == 3
    assert len([e for e in event.evidence if e.field == "mention"]) >= 3


def test_a_shooting_and_the_arrest_days_later_are_two_events(pipeline):
    text = """Man shot dead in Peoria

PEORIA, Ill. -- A man was shot and killed Saturday night outside a home on Main Street in Peoria, police said.

On Monday, police arrested a 24-year-old man in connection with the killing.
"""
    shootings, events = violence(pipeline, text)
    arrests = [e for e in events if e.acled_sub_event_type == "Arrests"]
    assert len(arrests) == 1
    shooting = min(shootings, key=lambda e: e.rank)
    assert shooting.killed.best == 1 and shooting.date.start == dt.date(2024, 3, 9)
    assert shooting.rank < arrests[0].rank


def test_shootings_in_two_towns_are_two_events(pipeline):
    text = """Weekend violence in central Illinois

A man was shot and wounded late Saturday in Peoria, police said.

In Decatur, a woman was shot and killed early Sunday, according to the Macon County coroner.
"""
    shootings, _ = violence(pipeline, text)
    assert sorted(e.place.name for e in shootings) == ["Decatur", "Peoria"]
