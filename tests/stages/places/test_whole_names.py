"""Stage ``places``: names the model cut short, read whole (``sitrep.stages.places.whole_names``).

Sentences written for these tests."""

from __future__ import annotations

from places_helpers import CONTAINER_ENTRIES, places_by_text, places_of

from sitrep.resources.gazetteer import GazetteerEntry, InMemoryGazetteer
from sitrep.resources.words import Words

WORDS = Words.load_packaged()


def test_part_of_a_longer_unknown_name_is_no_place_of_its_own(analyse, containers):
    # the model tags only "Alexandria" of "Alexandria do Norte", which the gazetteer lacks:
    # that is no Alexandria, and its province stands for the whole name
    text = "On 5 May, in Alexandria do Norte, Anbar, a man was shot to death."
    found = places_by_text(analyse, containers, text)
    place = found["Alexandria do Norte"]
    assert (place.name, place.precision) == ("Anbar", "admin1")


def test_packaged_names_the_model_cut_short_are_read_whole(analyse, packaged):
    text = "On Sunday, in Foz do Iguacu, Parana, and in Tijuana, Baja California, shops reopened."
    found = places_by_text(analyse, packaged, text)
    assert found["Foz do Iguacu"].country == "BRA" and found["Foz do Iguacu"].precision == "city"
    assert found["Tijuana"].country == "MEX" and found["Baja California"].precision == "admin1"


def test_a_name_cut_short_runs_on_into_the_known_name():
    from sitrep.stages.places.whole_names import known_run_on, whole_names

    gaz = InMemoryGazetteer(CONTAINER_ENTRIES + [
        GazetteerEntry("Kafr Karma", "SYR", "city", 36.0, 36.6, 90005, admin1="Aleppo", population=9_000),
    ])
    text = "Troops entered the town of Kafr Karma on Monday."
    start = text.index("Kafr")
    assert known_run_on(text, (start, start + 4), gaz, WORDS) == (start, start + len("Kafr Karma"))
    spans = {(start, start + 4): "GPE"}
    whole_names(text, spans, gaz, WORDS)
    assert spans == {(start, start + len("Kafr Karma")): "GPE"}
    # next words that make no known name leave the span alone
    text = "Police in Karma Heights said the road was open."
    spans = {(10, 15): "GPE"}
    whole_names(text, spans, gaz, WORDS)
    assert spans == {(10, 15): "GPE"} and text[10:15] == "Karma"


def test_packaged_port_of_spain_is_one_name(analyse, packaged):
    found = places_of(analyse, packaged, "On Monday, in Port of Spain city, a shop was robbed.")
    assert [(p.text, p.country) for p in found] == [("Port of Spain", "TTO")]


def test_a_name_whose_last_word_alone_was_tagged_runs_back_into_the_known_name():
    from sitrep.stages.places.whole_names import whole_names

    gaz = InMemoryGazetteer(CONTAINER_ENTRIES + [
        GazetteerEntry("Wadi wa al Nahr", "IRQ", "admin2", 33.1, 42.9, 90016, admin1="Anbar"),
    ])
    text = "Jets struck Wadi wa al Nahr district (Anbar) on Monday."
    start = text.index("Nahr")
    spans = {(start, start + 4): "GPE"}
    whole_names(text, spans, gaz, WORDS)
    begin = text.index("Wadi")
    assert spans == {(begin, start + 4): "GPE"}
    # capitalised words before a name that make no known name with it are left alone
    text = "Jets struck Big Camp Karma on Monday."
    start = text.index("Karma")
    spans = {(start, start + 5): "GPE"}
    whole_names(text, spans, gaz, WORDS)
    assert spans == {(start, start + 5): "GPE"}
