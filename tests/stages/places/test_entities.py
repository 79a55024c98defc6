"""Stage ``places``: spaCy's entities, demonyms and relabelled entities (``sitrep.stages.places.entities``).

Sentences written for these tests."""

from __future__ import annotations

from places_helpers import in_memory, places_by_text, places_of

from sitrep.resources.gazetteer import GazetteerEntry


def test_demonym_is_not_a_place(analyse, resources):
    found = places_of(analyse, resources, "Iraqi officials met American diplomats in Egypt.")
    assert [p.text for p in found] == ["Egypt"]


def test_packaged_home_town_after_age_or_before_resident_noun(analyse, packaged):
    text = ("A Gainesville woman was charged on Friday. Rebecca Sears, 41, of Grovetown, "
            "was arrested in Georgia.")
    found = {p.text for p in places_of(analyse, packaged, text)}
    assert {"Gainesville", "Grovetown"} <= found


def test_packaged_name_and_gloss_run_into_one_organisation(analyse, packaged):
    text = "On 12 June 2021, nurses protested at the Civil Hospital, Multan (Punjab) over unpaid salaries."
    found = places_by_text(analyse, packaged, text)
    assert (found["Multan"].country, found["Multan"].admin1, found["Multan"].in_organisation) == ("PAK", "Punjab", False)
    assert found["Punjab"].precision == "admin1"


def test_packaged_local_division_word_names_a_division(analyse, packaged):
    found = places_of(analyse, packaged, "On 7 May 2021, gunmen attacked Kagara (Rafi LGA, Niger) and abducted three traders.")
    rafi = [p for p in found if p.text.startswith("Rafi")][0]
    assert (rafi.country, rafi.precision) == ("NGA", "admin2")
    assert [p.country for p in found if p.text == "Niger"] == ["NGA"]  # the state, not the country


def test_packaged_a_long_name_after_in_and_before_its_state(analyse, packaged):
    found = places_of(analyse, packaged, "Around 6 May 2021, in Leon de los Aldama, Guanajuato, a person was found dead.")
    assert [(p.text, p.country, p.precision) for p in found] == [
        ("Leon de los Aldama", "MEX", "city"), ("Guanajuato", "MEX", "admin1"),
    ]


def test_packaged_a_chain_the_model_tags_as_one_place_is_read_as_a_chain(analyse, packaged):
    found = places_of(analyse, packaged, "Pensioners marched in Nis, Serbia, on Sunday.")
    assert [(p.text, p.country, p.precision) for p in found] == [("Nis", "SRB", "city"), ("Serbia", "SRB", "country")]


def test_packaged_a_part_word_between_preposition_and_name(analyse, packaged):
    # the model tags "Larissa" a person; "in central" makes it the city
    found = places_of(analyse, packaged, "Students marched in central Larissa on Friday.")
    assert [(p.text, p.country, p.precision) for p in found] == [("Larissa", "GRC", "city")]


def test_armed_forces_nationality_says_who_acts_not_where(analyse):
    entries = [
        GazetteerEntry("Karma", "JOR", "city", 31.5, 36.0, 90001, admin1="Amman", population=3_000),
        GazetteerEntry("Karma", "IRQ", "city", 33.4, 43.9, 90007, admin1="Anbar", population=5_000),
    ]
    res = in_memory(entries, {"Jordanian": "JOR"})
    found = places_of(analyse, res, "Jordanian jets bombed targets in Karma on Monday.")
    assert [p.country for p in found] == ["IRQ"]  # the larger Karma: the jets say nothing of where
    found = places_of(analyse, res, "Jordanian farmers in Karma protested on Monday.")
    assert [p.country for p in found] == ["JOR"]


def test_packaged_a_gloss_the_model_ran_into_a_name_is_a_place_too(analyse, packaged):
    found = places_by_text(analyse, packaged, "On Friday, in Lota (Biobio), dock workers marched.")
    assert found["Lota"].country == "CHL" and found["Biobio"].precision == "admin1"


def test_packaged_a_big_city_the_model_took_for_an_organisation_after_of(analyse, packaged):
    text = "On Tuesday, at least 10 doctors rallied outside the teaching hospital of Thessaloniki over pay."
    found = places_by_text(analyse, packaged, text)
    assert found["Thessaloniki"].country == "GRC"
    # a car make named like a city is no place
    text = "A 2007 Toyota Corolla driven by a woman of 75 was stopped in the center lane."
    assert "Toyota" not in places_by_text(analyse, packaged, text)
