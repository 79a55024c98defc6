"""``resources/names.py``: every gazetteer name in a text, by set lookups of its runs of words."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sitrep.resources.gazetteer import GazetteerEntry, InMemoryGazetteer, normalise
from sitrep.resources.names import NameSet, folded

GAZ = InMemoryGazetteer([
    GazetteerEntry("Patiala", "IND", "city", 30.34, 76.39, population=446_246),
    GazetteerEntry("São Paulo", "BRA", "city", -23.55, -46.63, population=12_000_000),
    GazetteerEntry("St. Louis", "USA", "city", 38.63, -90.2, population=300_000),
    GazetteerEntry("Dera Ghazi Khan", "PAK", "city", 30.05, 70.63, population=400_000),
    GazetteerEntry("Dera", "ETH", "city", 8.33, 39.32, population=5_000),
    GazetteerEntry("Kivu", "COD", "region", -2.0, 28.5),
])


def spans(text: str) -> list[str]:
    return [text[a:b] for a, b in GAZ.names_in(text)]


def test_names_are_found_whatever_their_case_accents_and_full_stops():
    text = "From PATIALA to Sao Paulo, then St Louis and st. louis."
    assert spans(text) == ["PATIALA", "Sao Paulo", "St Louis", "st. louis"]


def test_a_name_the_gazetteer_writes_out_is_found_shortened_in_a_text():
    gaz = InMemoryGazetteer([GazetteerEntry("Saint Cloud", "USA", "city", 45.56, -94.16, population=68_000)])
    text = "Police in St. Cloud, St Cloud and Saint Cloud said so; Main St. was closed."
    assert [text[a:b] for a, b in gaz.names_in(text)] == ["St. Cloud", "St Cloud", "Saint Cloud"]


def test_overlapping_names_are_all_given_for_the_caller_to_choose():
    assert spans("Rallies in Dera Ghazi Khan.") == ["Dera", "Dera Ghazi Khan"]


def test_only_whole_words_count():
    assert spans("Kivuville and Sud-Kivu, Patialan food.") == []


def test_a_name_with_other_characters_between_its_words_is_found_where_the_text_has_them_too():
    names = NameSet(["loma (alta)", "upper/lower dera"])
    text = "Loma Alta, Loma (Alta) and Upper / Lower Dera, Upper/Lower Dera."
    assert [text[a:b] for a, b in names.find(text)] == ["Loma (Alta)", "Upper/Lower Dera"]


def test_a_run_of_words_that_only_opens_a_name_is_no_name():
    names = NameSet(["dera ghazi khan"])
    assert names.find("Dera Ghazi and Dera Ghazi Khan") == [(15, 30)]


def test_an_empty_gazetteer_finds_nothing():
    assert NameSet([]).find("Patiala") == []


@given(st.text(max_size=200))
def test_folded_maps_every_character_back_into_the_text(text):
    form, where = folded(text)
    assert len(where) == len(form) + 1
    assert all(0 <= i <= len(text) for i in where)
    assert where == sorted(where)


@given(st.text(alphabet=st.characters(codec="utf-8", categories=("L", "Zs", "Pd", "Po")), max_size=60))
def test_a_found_span_normalises_to_a_key(text):
    names = NameSet(["patiala", "sao paulo"])
    for a, b in names.find(f"x {text} Patiala {text}"):
        assert normalise(f"x {text} Patiala {text}"[a:b]) in ("patiala", "sao paulo")
