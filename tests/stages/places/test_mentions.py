"""Stage ``places``: mentions assembled from the finders (``sitrep.stages.places.mentions``).

Sentences written for these tests."""

from __future__ import annotations

from places_helpers import ENTRIES, in_memory, places_by_text, places_of

from sitrep.resources.gazetteer import GazetteerEntry


def test_pronoun_us_is_never_a_place(analyse, resources):
    found = places_of(analyse, resources, "They told us to leave. Us? We stayed in Iraq all winter.")
    assert [p.text for p in found] == ["Iraq"]
    assert not any(p.country == "FRA" for p in found)


def test_packaged_us_never_the_french_village(analyse, packaged):
    text = "Let us be clear, the US will respond, an official in Washington, D.C. told us."
    found = places_of(analyse, packaged, text)
    assert not any(p.country == "FRA" for p in found)
    us = [p for p in found if p.text == "US"]
    assert us and us[0].country == "USA"


def test_packaged_part_of_a_place_names_the_place(analyse, packaged):
    text = "Heavy rain fell across Northeast Georgia and in South Philadelphia on Tuesday."
    found = places_by_text(analyse, packaged, text)
    assert found["Georgia"].precision == "admin1" and found["Georgia"].country == "USA"
    assert found["Philadelphia"].country == "USA"
    # a street is no part of a town
    assert "Street" not in {p.text for p in places_of(analyse, packaged, "He lived on North Street in Dayton.")}


def test_packaged_a_direction_named_division_in_a_gloss(analyse, packaged):
    found = places_of(analyse, packaged, "On 2 May 2021, party members beat two monitors in Dowa (Central).")
    assert [(p.text, p.country) for p in found] == [("Dowa", "MWI"), ("Central", "MWI")]
    assert found[1].precision == "admin1"


def test_a_saints_name_with_a_possessive_is_no_place_unless_a_city(analyse):
    # "St. Luke's" is a hospital named after the saint, not Dominica's parish; "St.
    # Petersburg's mayor" is the city's
    entries = ENTRIES + [
        GazetteerEntry("St. Luke", "DMA", "admin1", 15.25, -61.35, 3576026, admin1="St. Luke", population=1_500),
        GazetteerEntry("St. Petersburg", "USA", "city", 27.77, -82.68, 4171563, admin1="Florida", population=257_000),
    ]
    text = "The boy was taken to St. Luke's hospital. St. Petersburg's mayor spoke on Friday."
    found = [p.text for p in places_of(analyse, in_memory(entries), text)]
    assert "St. Luke" not in found and "St. Petersburg" in found
