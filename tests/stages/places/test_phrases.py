"""Stage ``places``: known place phrases: abbreviations, regions, sites (``sitrep.stages.places.phrases``).

Sentences written for these tests."""

from __future__ import annotations

from places_helpers import places_by_text, places_of


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


def test_packaged_a_postal_code_after_a_town_names_its_state(analyse, packaged):
    found = places_by_text(analyse, packaged, "Teen shot - WBRC FOX6 News - Birmingham, AL\n\nA teen was shot in Birmingham.")
    assert (found["Birmingham"].country, found["Birmingham"].admin1) == ("USA", "Alabama")
    assert found["AL"].precision == "admin1" and found["AL"].name == "Alabama"
    found = places_by_text(analyse, packaged, "PRESTON, ID - Police found four people shot in a Preston home.")
    assert found["Preston"].admin1 == "Idaho"
    found = places_by_text(analyse, packaged, "He was shot in Dallas, TX on Friday.")
    assert found["Dallas"].admin1 == "Texas"
    # a dateline that gives its day in brackets
    found = places_by_text(analyse, packaged, "Shooting\n\nSAVANNAH, GA (August 2, 2015): Five people were hurt.")
    assert (found["SAVANNAH"].name, found["SAVANNAH"].admin1) == ("Savannah", "Georgia")
    # a code after a name with no reading in that state is some other code ("TN": Tamil Nadu)
    assert not any(p.admin1 == "Tennessee" for p in places_of(analyse, packaged, "Workers marched in Chennai, TN on Monday."))


def test_packaged_two_capitals_are_no_state_in_running_capitals(analyse, packaged):
    # "OR" here is the conjunction: a capitalised word follows it
    found = places_of(analyse, packaged, "THE GUNMAN FIRED IN DALLAS, OR FORT WORTH, POLICE SAID.")
    assert not any(p.admin1 == "Oregon" for p in found)
    found = places_of(analyse, packaged, "A man named Al, a cook, was hurt.")
    assert not any(p.name == "Alabama" for p in found)
