"""Stage ``places``: containment chains and comma lists (``sitrep.stages.places.chains``).

Sentences written for these tests."""

from __future__ import annotations

from places_helpers import places_by_text, places_of


def test_alexandria_louisiana_by_containment(analyse, resources):
    found = places_of(analyse, resources, "The fire started in a house in Alexandria, Louisiana, on Saturday night.")
    alex = [p for p in found if p.text == "Alexandria"][0]
    assert (alex.country, alex.admin1, alex.geonameid) == ("USA", "Louisiana", 4314550)


def test_bracketed_gloss_is_the_container(analyse, resources):
    text = "Gunmen attacked a checkpoint in Alexandria (Rapides Parish, Louisiana) on Monday."
    found = places_by_text(analyse, resources, text)
    assert (found["Alexandria"].country, found["Alexandria"].admin1) == ("USA", "Louisiana")


def test_a_comma_list_is_not_a_containment_chain(analyse, resources):
    found = places_by_text(analyse, resources, "Protests spread to Erbil, Anbar and Alexandria on Friday.")
    assert (found["Erbil"].name, found["Erbil"].precision) == ("Erbil", "city")


def test_a_place_in_the_countryside_of_a_province_lies_in_it(analyse, containers):
    text = "Gunmen shelled Karma village in the western countryside of Anbar on Monday."
    found = places_by_text(analyse, containers, text)
    assert (found["Karma"].name, found["Karma"].country, found["Karma"].precision) == ("Anbar", "IRQ", "admin1")


def test_a_small_town_in_a_province_lies_in_it_but_a_state_is_not_moved(analyse, containers):
    found = places_by_text(analyse, containers, "Fighting broke out in Karma in Anbar on Monday.")
    assert (found["Karma"].name, found["Karma"].country) == ("Anbar", "IRQ")
    # a bare "in" after a place the article is otherwise about does not move it
    text = "Soldiers from Louisiana in Iraq returned to Alexandria, Louisiana on Friday."
    found = places_by_text(analyse, containers, text)
    assert found["Louisiana"].country == "USA"


def test_a_gloss_whose_first_part_is_unknown_still_names_the_container(analyse, containers):
    text = "Residents protested in Karma (rural district, Anbar) on Friday."
    found = places_by_text(analyse, containers, text)
    assert (found["Karma"].name, found["Karma"].country) == ("Anbar", "IRQ")


def test_a_site_glossed_with_its_container_lies_in_it(analyse, containers):
    # "Karma checkpoint (rural district, Anbar)": the site word between name and gloss
    # does not break the chain, so Jordan's Karma is no candidate
    text = "Gunmen opened fire at Karma checkpoint (rural district, Anbar) on Friday."
    found = places_by_text(analyse, containers, text)
    assert (found["Karma"].name, found["Karma"].country) == ("Anbar", "IRQ")
