"""Stage ``places``: lists before division words, datelines, party homes, routes (``sitrep.stages.places.forced``).

Sentences written for these tests."""

from __future__ import annotations

from places_helpers import places_by_text, places_of


def test_packaged_all_capitals_dateline_is_a_place(analyse, packaged):
    text = "Council votes on budget. MANSFIELD — The city council in Ohio voted on Monday to refinance its debt."
    found = places_of(analyse, packaged, text)
    dateline = [p for p in found if p.text == "MANSFIELD"]
    assert dateline and dateline[0].name == "Mansfield"


def test_packaged_names_listed_before_counties_are_counties(analyse, packaged):
    text = "Schools in Jackson and Barrow counties in Georgia closed early on Friday."
    found = places_by_text(analyse, packaged, text)
    assert found["Jackson"].precision == "admin2" and found["Jackson"].admin1 == "Georgia"
    assert found["Barrow"].precision == "admin2" and found["Barrow"].lat is not None


def test_packaged_a_politicians_home_after_party_letter_is_a_place(analyse, packaged):
    text = "Sen. Maria Olsen, D-N.D., and Rep. Carl Weiss, R-Beachwood, voted against the bill."
    found = places_by_text(analyse, packaged, text)
    assert found["N.D."].name == "North Dakota" and found["N.D."].precision == "admin1"
    assert found["Beachwood"].country == "USA"
    # only a home that closes the name's aside: "D-Day" is no politician's home
    assert "Day" not in {p.text for p in places_of(analyse, packaged, "Veterans, D-Day landings were remembered.")}


def test_packaged_an_all_capitals_dateline_before_a_colon(analyse, packaged):
    text = "Graves vandalised. BEIRUT: Unknown people broke the doors of eight cemeteries overnight."
    found = places_by_text(analyse, packaged, text)
    assert found["BEIRUT"].country == "LBN"


def test_packaged_a_common_word_before_a_colon_is_a_label_not_a_dateline(analyse, packaged):
    text = "DATE: April 13, 2015\n\nHOUSTON — A man was shot dead at a gas station on Sunday, police said."
    found = places_by_text(analyse, packaged, text)
    assert "DATE" not in found and found["HOUSTON"].admin1 == "Texas"


def test_packaged_a_route_named_by_its_two_ends_names_both_places(analyse, packaged):
    text = "On Monday, gunmen ambushed a convoy on the Damboa - Maiduguri road and burned two trucks."
    found = places_by_text(analyse, packaged, text)
    assert found["Damboa"].country == found["Maiduguri"].country == "NGA"
    text = "Drivers blocked the Sidon-Tyre highway with burning tyres on Tuesday."
    found = places_by_text(analyse, packaged, text)
    assert found["Sidon"].country == found["Tyre"].country == "LBN"


def test_packaged_the_town_before_a_postal_code_whatever_the_model_read(analyse, packaged):
    # the model reads "ho - WBRC FOX6 News - Birmingham" as a person
    text = ("Police arrest 2 in case of teen shot while walking ho - WBRC FOX6 News - Birmingham, AL\n\n"
            "Police have arrested two people.")
    found = places_of(analyse, packaged, text)
    assert [(p.text, p.admin1) for p in found] == [("Birmingham", "Alabama"), ("AL", "Alabama")]
    # a run of capitals before the comma: the longest part with a reading in the state
    found = places_of(analyse, packaged, "A boy was hurt on Monday, said Channel Five Savannah, GA.")
    assert ("Savannah", "Georgia") in [(p.text, p.admin1) for p in found]
    found = places_of(analyse, packaged, "A girl was shot in Port St. Lucie, FL on Wednesday night.")
    assert [(p.name, p.admin1) for p in found][0] == ("Port Saint Lucie", "Florida")
