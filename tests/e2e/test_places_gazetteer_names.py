"""Names the model did not tag, through the whole pipeline (``sitrep.analyse``): found in
the gazetteer, they place the article's events (unit tests:
tests/stages/places/test_gazetteer_names.py)."""

from __future__ import annotations

import sitrep


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


def test_a_dateline_in_lower_case_opens_an_article_that_has_capitals_elsewhere():
    analysis, event = coded("kolkata: police fired tear gas at protesters on Monday. Trinamool Congress "
                            "workers blocked roads in the city.")
    assert [(p.text, p.country) for p in analysis.places] == [("kolkata", "IND")]
    assert event.place.name == "Kolkata"
