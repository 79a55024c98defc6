"""Stage ``places``: mentions assembled from the finders (``sitrep.stages.places.mentions``).

Sentences written for these tests."""

from __future__ import annotations

from places_helpers import places_by_text, places_of


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
