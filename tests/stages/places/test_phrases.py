"""Stage ``places``: known place phrases: abbreviations, regions, sites (``sitrep.stages.places.phrases``).

Sentences written for these tests."""

from __future__ import annotations

import pytest
from places_helpers import places_by_text, places_of


pytestmark = pytest.mark.model


def test_us_and_u_s_are_the_united_states(analyse, resources):
    text = "The U.S. sent more troops. Officials in the US said the plan would go ahead."
    found = places_of(analyse, resources, text)
    assert [p.text for p in found] == ["U.S.", "US"]
    assert all(p.country == "USA" and p.precision == "country" for p in found)
    assert all(text[p.start:p.end] == p.text for p in found)


def test_northern_iraq_is_a_region(analyse, resources):
    found = places_of(analyse, resources, "Three soldiers were wounded in northern Iraq on Monday.")
    assert len(found) == 1
    place = found[0]
    assert (place.text, place.name, place.country, place.precision) == ("northern Iraq", "Northern Iraq", "IRQ", "region")


def test_air_base_is_a_site_not_the_city(analyse, resources):
    found = places_of(analyse, resources, "A drone struck Erbil Air Base late on Sunday.")
    assert [(p.text, p.precision, p.admin1) for p in found] == [("Erbil Air Base", "site", "Erbil")]
    assert abs(found[0].lat - 36.24) < 0.1 and abs(found[0].lon - 43.96) < 0.1


def test_packaged_continent_is_a_region(analyse, packaged):
    found = places_by_text(analyse, packaged, "Prices rose across Europe and North America.")
    assert found["Europe"].precision == "region" and found["Europe"].country is None
    assert found["North America"].lat is not None


def test_packaged_disputed_regions_are_regions(analyse, packaged):
    found = places_by_text(analyse, packaged, "Talks on South Ossetia and Nagorno-Karabakh stalled.")
    assert (found["South Ossetia"].country, found["South Ossetia"].precision) == ("GEO", "region")
    assert (found["Nagorno-Karabakh"].country, found["Nagorno-Karabakh"].precision) == ("AZE", "region")
