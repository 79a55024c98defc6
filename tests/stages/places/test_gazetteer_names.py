"""Place names the model misses, found by the gazetteer (``gazetteer_names``), and the
event places they give; sentences written for these tests, read with the packaged
GeoNames gazetteer."""

from __future__ import annotations

import pytest

import sitrep
from sitrep.resources.gazetteer import GazetteerEntry, InMemoryGazetteer
from sitrep.resources.words import Words
from sitrep.stages.places.gazetteer_names import untagged_names
from sitrep.stages.places.weights import Weights

pytestmark = pytest.mark.model

WORDS = Words.load_packaged()


def coded(text: str):
    analysis = sitrep.analyse(text, published="2023-01-01")
    return analysis, analysis.events[0] if analysis.events else None


def test_a_city_the_model_does_not_tag_is_found_and_places_the_event():
    analysis, event = coded("Residents of Patiala protested against the power cuts on Monday.")
    assert [(p.text, p.country, p.admin1) for p in analysis.places] == [("Patiala", "IND", "Punjab")]
    assert event.place.text == "Patiala" and event.place.precision == "city" and event.rule("place") == "the event's own sentence"


def test_a_village_in_a_chain_is_placed_by_the_division_that_holds_it():
    analysis, event = coded(
        "Two men were hurt when rival groups clashed at Rampura village in Manirampur upazila of "
        "Jessore district on Friday.")
    assert "Jessore" in [p.text for p in analysis.places]
    assert event.place.country == "BGD" and event.place.admin1 == "Khulna"


def test_common_words_that_are_also_towns_are_not_places():
    analysis, _ = coded("Police said the March rally ended peacefully. Union members marched with Hope.")
    assert analysis.places == ()


def test_a_place_in_an_organisation_name_places_an_event_the_article_places_nowhere_else():
    analysis, event = coded("Students protested at Lucknow University on Monday against the fee rise.")
    assert [p.in_organisation for p in analysis.places] == [True]
    assert event.place.name == "Lucknow" and event.place.precision == "city"
    assert event.rule("place") == "named in an organisation's name"


def test_a_dateline_places_an_event_its_sentence_does_not():
    _, event = coded("MANSFIELD — A man was shot and killed early Sunday, police said.")
    assert event.place.text == "MANSFIELD" and event.rule("place") == "the article's dateline"


def test_an_article_in_lower_case_is_read_from_its_dateline_and_cues():
    analysis, event = coded("kolkata: police fired tear gas at protesters on monday, injuring 12.")
    assert [(p.text, p.country) for p in analysis.places] == [("kolkata", "IND")]
    assert event.place.name == "Kolkata"


GAZ = InMemoryGazetteer([
    GazetteerEntry("Tarvo", "FIN", "city", 60.0, 25.0, population=1_500_000),
    GazetteerEntry("Hope", "USA", "city", 33.67, -93.59, population=10_000),
    GazetteerEntry("Kelda", "NOR", "city", 60.0, 10.0, population=2_000),
])


@pytest.mark.parametrize(("text", "found"), [
    ("Farmers rallied in Kelda on Monday.", ["Kelda"]),  # a small town after "in"
    ("Kelda farmers rallied on Monday.", []),  # a small town opening a sentence, no cue
    ("Farmers of the town rallied near Tarvo.", ["Tarvo"]),
    ("The mayor met Tarvo officials.", ["Tarvo"]),  # a large town, mid-sentence
    ("They lived in Hope for years.", []),  # a common word, even after "in"
    ("Officials of Kelda district met on Monday.", ["Kelda"]),  # a division word after it
    ("Kelda officials met on Monday.", []),  # a small town opening a sentence
])
def test_the_evidence_around_a_name_decides(nlp, text, found):
    doc = nlp(text)
    doc.ents = []  # as if the model had tagged none of them
    spans = untagged_names(doc, text, GAZ, WORDS, {}, [])
    assert [text[a:b] for a, b in spans] == found


def test_a_higher_threshold_keeps_fewer_names(nlp):
    text = "The mayor met Tarvo officials."
    doc = nlp(text)
    doc.ents = []
    assert untagged_names(doc, text, GAZ, WORDS, {}, []) != []
    assert untagged_names(doc, text, GAZ, WORDS, {}, [], Weights(untagged_threshold=9.0)) == []


@pytest.mark.parametrize("text", [
    "The officer traced the car to the Kelda Street address.",  # a street's name
    "Shots were fired from the Tarvo as it drove past.",  # "the" before it
])
def test_names_of_streets_and_things_are_not_places(nlp, text):
    doc = nlp(text)
    doc.ents = []
    assert untagged_names(doc, text, GAZ, WORDS, {}, []) == []


EXAMPLES = InMemoryGazetteer([
    GazetteerEntry("Durango", "MEX", "city", 24.02, -104.65, population=600_000),
    GazetteerEntry("Gillis", "USA", "city", 30.0, -93.0, population=2_000),
    GazetteerEntry("Mendhar", "IND", "city", 33.6, 74.1, population=9_000),
    GazetteerEntry("Kalna", "IND", "city", 23.2, 88.4, population=56_000),
    GazetteerEntry("Patiala", "IND", "city", 30.34, 76.39, population=446_246),
    GazetteerEntry("Nawalpur", "NPL", "city", 27.0, 85.5, population=3_000),
    GazetteerEntry("Sarlahi", "NPL", "admin2", 27.0, 85.6, population=770_000),
    GazetteerEntry("Kolkata", "IND", "city", 22.57, 88.36, population=4_600_000),
    GazetteerEntry("Imphal", "IND", "city", 24.8, 93.9, population=250_000),
    GazetteerEntry("Dera Ghazi Khan", "PAK", "city", 30.05, 70.63, population=400_000),
    GazetteerEntry("Dera", "ETH", "city", 8.33, 39.32, population=5_000),
])


@pytest.mark.parametrize(("text", "found"), [
    ("The boys were seen in Mendhar tehsil on Friday.", ["Mendhar"]),
    ("Farmers blocked a road near Kalna town.", ["Kalna"]),
    ("Hundreds of Patiala residents marched to the office.", ["Patiala"]),
    ("A rally was held at Nawalpur of Sarlahi district.", ["Nawalpur", "Sarlahi"]),
    ("kolkata: police said the crowd had left by noon, and no one was hurt.", ["kolkata"]),
    ("a mob attacked a police station in imphal last midnight and burned two jeeps.", ["imphal"]),
    ("Traders shut their shops in Dera Ghazi Khan on Friday.", ["Dera Ghazi Khan"]),  # the longest name
    ("Witnesses said shots fired from the Durango hit a fence.", []),
    ("Officers traced the plates to the Gillis Street address.", []),
])
def test_the_quoted_examples(nlp, text, found):
    doc = nlp(text)
    doc.ents = []
    spans = untagged_names(doc, text, EXAMPLES, WORDS, {}, [])
    assert [text[a:b] for a, b in spans] == found


def test_a_dateline_in_lower_case_opens_an_article_that_has_capitals_elsewhere():
    analysis, event = coded("kolkata: police fired tear gas at protesters on Monday. Trinamool Congress "
                            "workers blocked roads in the city.")
    assert [(p.text, p.country) for p in analysis.places] == [("kolkata", "IND")]
    assert event.place.name == "Kolkata"
