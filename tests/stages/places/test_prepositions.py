"""Stage ``places``: untagged names after a preposition, comma or bracket (``sitrep.stages.places.prepositions``).

Sentences written for these tests."""

from __future__ import annotations

from places_helpers import places_of


def test_untagged_names_after_a_preposition_or_comma_are_looked_up():
    import spacy
    from spacy.tokens import Doc

    from sitrep.resources.words import Words
    from sitrep.stages.places.prepositions import untagged_after_preposition

    words = ["Teachers", "marched", "near", "Kolon", "Dieba", ",", "Sikasso", "on", "Monday", "from", "Amadou", "."]
    pos = ["NOUN", "VERB", "ADP", "PROPN", "PROPN", "PUNCT", "PROPN", "ADP", "PROPN", "ADP", "PROPN", "PUNCT"]
    doc = Doc(spacy.blank("en").vocab, words=words, pos=pos, ents=["O"] * 8 + ["B-DATE"] + ["O"] * 3)
    spans = [doc.text[a:b] for a, b in untagged_after_preposition(doc, Words.load_packaged())]
    # Candidates only: the gazetteer decides later whether "Amadou" is a place.
    assert spans == ["Kolon Dieba", "Sikasso", "Amadou"]


def test_packaged_a_hyphenated_province_after_a_comma_is_one_name(analyse, packaged):
    found = places_of(analyse, packaged, "On 8 May 2021, residents blocked the road in Uvira (Uvira, Sud-Kivu) for hours.")
    assert [p.text for p in found][-1] == "Sud-Kivu"
    assert all(p.country == "COD" for p in found)
