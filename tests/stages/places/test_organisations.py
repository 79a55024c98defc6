"""Stage ``places``: places inside organisations' and facilities' names (``sitrep.stages.places.organisations``).

Sentences written for these tests."""

from __future__ import annotations

from places_helpers import places_by_text, places_of


def test_place_inside_an_organisation_name_is_no_place_of_its_own(analyse, resources):
    # found or not, a place inside the name is marked as the organisation's
    text = "The Rapides Parish Fire District said the blaze was out."
    found = places_of(analyse, resources, text)
    assert all(p.in_organisation for p in found if p.start >= 4 and p.end <= 32), found


def test_place_opening_an_organisation_name_is_listed_and_marked(analyse, resources):
    text = "A spokesman for the Louisiana Department of Health said the clinic would reopen."
    found = places_of(analyse, resources, text)
    assert [(p.text, p.precision, p.in_organisation) for p in found] == [("Louisiana", "admin1", True)]


def test_packaged_a_part_word_opening_an_organisation_name(analyse, packaged):
    found = places_of(analyse, packaged, "Students at Northern Illinois University volunteered on Saturday.")
    assert [(p.text, p.precision, p.in_organisation) for p in found] == [("Illinois", "admin1", True)]


def test_packaged_a_facility_named_after_a_town_names_the_town(analyse, packaged):
    text = "The traveller waited ten hours at Vancouver International Airport before he was stopped."
    found = places_by_text(analyse, packaged, text)
    place = found["Vancouver"]
    assert (place.country, place.in_organisation) == ("CAN", True)
    # a street or a park named after a town is not that town
    text = "The council voted to rename a section of Wichita Street and to mow Griffith Park."
    assert "Wichita" not in places_by_text(analyse, packaged, text)
