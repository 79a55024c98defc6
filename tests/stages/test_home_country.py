"""The home_country stage: an event placed nowhere takes its home actors' country."""

from __future__ import annotations

import dataclasses

from sitrep.model import Actor, Event, Place
from sitrep.resources import InMemoryGazetteer, Resources
from sitrep.resources.gazetteer import GazetteerEntry
from sitrep.resources.lexicons import Lexicons
from sitrep.stages.home_country import place_at_home, run_home_country

RES = Resources(
    gazetteer=InMemoryGazetteer([GazetteerEntry(name="Turkey", country="TUR", feature="country", lat=39.0, lon=35.0)]),
    lexicons=Lexicons.load_packaged(),
)


def curfew(**fields) -> Event:
    base = Event(article_id="t", trigger="curfew", trigger_start=40, trigger_end=46, sentence_start=0,
                 sentence_end=60, plover="COERCE", acled_event_type="Strategic developments",
                 acled_sub_event_type="Change to group/activity",
                 actor1=Actor(name="Turkish authorities", country="TUR", kind="government", acled_inter=1, start=0,
                              end=19))
    return dataclasses.replace(base, **fields)


def test_an_unplaced_event_takes_its_home_actors_country():
    event = place_at_home(curfew(), RES)
    assert (event.place.country, event.place.precision, event.place.lat) == ("TUR", "country", 39.0)
    assert event.rule("place") == "actor's country"
    assert any(e.field == "place" and e.text == "Turkish authorities" for e in event.evidence)


def test_a_placed_event_and_actors_abroad_or_at_odds_are_left_alone():
    placed = curfew(place=Place(name="Ankara", country="TUR", precision="city"))
    assert place_at_home(placed, RES) is placed
    abroad = curfew(actor1=Actor(name="Turkish forces", country="TUR", kind="military", acled_inter=8))
    assert place_at_home(abroad, RES).place is None
    at_odds = curfew(actor2=Actor(name="Greek police", country="GRC", kind="police", acled_inter=1))
    assert place_at_home(at_odds, RES).place is None


def test_an_organisation_that_works_in_one_country_places_what_it_reports(analyse):
    text = "The OSCE SMM observed 12 explosions near a village."
    start = text.index("explosions")
    shelling = Event(article_id="t", trigger="explosions", trigger_start=start, trigger_end=start + 10,
                     sentence_start=0, sentence_end=len(text), plover="ASSAULT",
                     acled_event_type="Explosions/Remote violence",
                     acled_sub_event_type="Shelling/artillery/missile attack")
    (event,) = run_home_country(analyse(text, events=(shelling,)), RES)["events"]
    assert (event.place.country, event.place.precision) == ("UKR", "country")
    assert event.rule("place") == "country of the actors named"
    assert any(e.field == "place" and e.text == "OSCE SMM" for e in event.evidence)
