"""The home_country stage: an event placed nowhere takes its home actors' country."""

from __future__ import annotations

import dataclasses

from sitrep.model import Actor, Event, Place
from sitrep.resources import CountryCues, InMemoryGazetteer, Resources
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


# -- the article's country cues (parties, forces, currencies), the last fallback ----------
CUES = CountryCues.from_data({"version": 1, "cues": [
    {"name": "Saffron Union", "aliases": ["SFU"], "country": "TUR", "kind": "party"},
    {"name": "Teal League", "country": "GRC", "kind": "party"},
    {"name": "lirette", "aliases": ["lirettes"], "exact": ["Lt"], "country": "TUR", "kind": "currency"},
    {"name": "drachmette", "aliases": ["drachmettes"], "country": "GRC", "kind": "currency"},
    {"name": "Harbour Watch", "exact": ["Watch"], "country": "TUR", "kind": "security force"},
    {"name": "PX", "country": ["TUR", "GRC"], "kind": "party"},
    {"name": "pennette", "aliases": ["pennettes"], "country": ["GRC", "TUR"], "kind": "currency"},
]})
CUE_RES = dataclasses.replace(RES, country_cues=CUES)


def unplaced(text: str, trigger: str) -> Event:
    start = text.index(trigger)
    end = text.index(".", start) + 1
    sentence_start = text.rfind(". ", 0, start) + 2 if ". " in text[:start] else 0
    return Event(article_id="t", trigger=trigger, trigger_start=start, trigger_end=start + len(trigger),
                 sentence_start=sentence_start, sentence_end=end, plover="PROTEST",
                 acled_event_type="Protests", acled_sub_event_type="Peaceful protest")


def placed_by_cues(analyse, text: str, trigger: str) -> Event:
    (event,) = run_home_country(analyse(text, events=(unplaced(text, trigger),)), CUE_RES)["events"]
    return event


def test_an_event_nothing_places_takes_the_country_of_the_party_named(analyse):
    event = placed_by_cues(analyse, "Hundreds of Saffron Union supporters marched in the capital.", "marched")
    assert (event.place.country, event.place.precision, event.place.lat) == ("TUR", "country", 39.0)
    assert event.rule("place") == "country of the cues named"
    assert [e.text for e in event.evidence if e.field == "place"] == ["Saffron Union"]


def test_cues_of_two_countries_leave_the_event_unplaced(analyse):
    text = "Saffron Union and Teal League activists marched together."
    assert placed_by_cues(analyse, text, "marched").place is None


def test_the_events_own_sentence_decides_before_the_rest_of_the_article(analyse):
    text = "Teal League members met on Monday. Saffron Union supporters marched on Tuesday."
    event = placed_by_cues(analyse, text, "marched")
    assert event.place.country == "TUR"


def test_a_shared_abbreviation_narrows_the_other_cues_down(analyse):
    event = placed_by_cues(analyse, "PX members marched downtown. They were paid 50 drachmettes.", "marched")
    assert (event.place.country, event.rule("place")) == ("GRC", "country of the cues named")


def test_a_shared_abbreviation_alone_gives_the_likeliest_of_its_countries(analyse):
    # the table lists a shared cue's countries likeliest first: PX is TUR's before GRC's
    event = placed_by_cues(analyse, "PX members marched downtown.", "marched")
    assert (event.place.country, event.place.precision) == ("TUR", "country")
    assert event.rule("place") == "likeliest country of the cues named"
    assert [e.text for e in event.evidence if e.field == "place"] == ["PX"]


def test_a_weak_cue_of_several_countries_alone_places_nothing(analyse):
    assert placed_by_cues(analyse, "Traders marched over a fine of 500 pennettes.", "marched").place is None


def test_a_common_word_that_is_an_exact_alias_does_not_trigger_but_capitals_do(analyse):
    assert placed_by_cues(analyse, "A night watch was kept while residents marched.", "marched").place is None
    assert placed_by_cues(analyse, "Residents marched past the sfu office.", "marched").place is None
    event = placed_by_cues(analyse, "Residents marched past the SFU office.", "marched")
    assert (event.place.country, event.rule("place")) == ("TUR", "country of the cues named")


def test_a_currency_alone_serves_only_when_nothing_contradicts_it(analyse):
    event = placed_by_cues(analyse, "Traders marched over a fine of Lt 500.", "marched")
    assert (event.place.country, event.rule("place")) == ("TUR", "country of the cues named")
    text = "Traders marched over a fine of Lt 500. Teal League members backed them."
    assert placed_by_cues(analyse, text, "marched").place is None


def test_actors_and_named_organisations_come_before_the_cues(analyse):
    text = "Greek police marched with Saffron Union supporters."
    police = Actor(name="Greek police", country="GRC", kind="police", acled_inter=1, start=0, end=12)
    event = dataclasses.replace(unplaced(text, "marched"), actor1=police)
    (event,) = run_home_country(analyse(text, events=(event,)), CUE_RES)["events"]
    assert (event.place.country, event.rule("place")) == ("GRC", "actor's country")


def test_without_a_cue_table_the_fallback_is_off(analyse):
    text = "Saffron Union supporters marched."
    (event,) = run_home_country(analyse(text, events=(unplaced(text, "marched"),)), RES)["events"]
    assert event.place is None


def test_the_packaged_table_places_a_party_of_bangladesh(analyse):
    text = "Lawyers who back the BNP formed a human chain in front of the court."
    cues = dataclasses.replace(RES, country_cues=CountryCues.load_packaged())
    (event,) = run_home_country(analyse(text, events=(unplaced(text, "formed"),)), cues)["events"]
    assert (event.place.country, event.rule("place")) == ("BGD", "country of the cues named")
    # the gazetteer here knows only Turkey: the place has no point, only its country
    assert (event.place.name, event.place.lat) == ("BGD", None)


# -- "in the capital": the capital of the event's country -----------------------------------
CAPITAL_RES = dataclasses.replace(CUE_RES, gazetteer=InMemoryGazetteer([
    GazetteerEntry(name="Turkey", country="TUR", feature="country", lat=39.0, lon=35.0),
    GazetteerEntry(name="Ankara", country="TUR", feature="city", lat=39.93, lon=32.86, admin1="Ankara",
                   population=3_500_000),
    GazetteerEntry(name="Ankara", country="USA", feature="city", lat=40.0, lon=-90.0, population=900),
]))


def test_an_event_in_the_capital_is_placed_in_its_countrys_capital(analyse):
    text = "Saffron Union supporters marched in the capital on Monday."
    (event,) = run_home_country(analyse(text, events=(unplaced(text, "marched"),)), CAPITAL_RES)["events"]
    assert (event.place.name, event.place.country, event.place.precision) == ("Ankara", "TUR", "city")
    assert event.place.admin1 == "Ankara" and event.place.text == "the capital"
    assert event.rule("place") == "the capital of the event's country"
    # the words that gave the country stay evidence, beside "the capital"
    assert [e.text for e in event.evidence if e.field == "place"] == ["Saffron Union", "the capital"]


def test_a_state_capital_or_a_capital_elsewhere_in_the_article_is_not_the_countrys(analyse):
    text = "Saffron Union supporters marched to the state capital on Monday."
    (event,) = run_home_country(analyse(text, events=(unplaced(text, "marched"),)), CAPITAL_RES)["events"]
    assert (event.place.country, event.place.precision) == ("TUR", "country")
    text = "Saffron Union supporters marched on Monday. Others met in the capital."
    (event,) = run_home_country(analyse(text, events=(unplaced(text, "marched"),)), CAPITAL_RES)["events"]
    assert event.place.precision == "country"


def test_a_country_without_its_capital_in_the_gazetteer_stays_a_country(analyse):
    text = "Teal League members marched in the capital on Monday."
    (event,) = run_home_country(analyse(text, events=(unplaced(text, "marched"),)), CAPITAL_RES)["events"]
    # (the gazetteer here knows no town of Greece: its capital cannot be found)
    assert (event.place.country, event.place.precision) == ("GRC", "country")
    assert event.rule("place") == "country of the cues named"
