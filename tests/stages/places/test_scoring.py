"""Stage ``places``: a reading's score: prior, hint, a chain's last place (``sitrep.stages.places.scoring``).

Sentences written for these tests."""

from __future__ import annotations

from places_helpers import places_by_text, places_of


def test_alexandria_defaults_to_egypt_by_population(analyse, resources):
    found = places_of(analyse, resources, "Protesters gathered in Alexandria and in Cairo on Friday.")
    alex = [p for p in found if p.text == "Alexandria"]
    assert alex and alex[0].country == "EGY"


def test_province_hint_picks_the_division(analyse, resources):
    found = places_of(analyse, resources, "Clashes spread across Erbil province overnight.")
    erbil = [p for p in found if p.text.startswith("Erbil")][0]
    assert erbil.precision == "admin1" and erbil.lat is None


def test_bare_city_name_means_the_city(analyse, resources):
    found = places_of(analyse, resources, "A car bomb exploded in Erbil on Tuesday.")
    erbil = [p for p in found if p.text == "Erbil"][0]
    assert erbil.precision == "city" and erbil.geonameid == 95446


def test_packaged_a_chains_last_place_is_likelier_a_province(analyse, packaged):
    # Samar is a Ukrainian city and a Philippine province: at the end of a chain, the province
    found = places_by_text(analyse, packaged, "Rebels clashed with troops in Barangay Malinao, Basey, Samar on Monday.")
    assert (found["Samar"].country, found["Samar"].precision) == ("PHL", "admin2")
    assert found["Basey"].country == "PHL"
