"""Stage ``places``: people's names that are also places' names (``sitrep.stages.places.persons``).

Sentences written for these tests."""

from __future__ import annotations

import pytest
from places_helpers import ENTRIES, in_memory, places_by_text, places_of

from sitrep.resources.gazetteer import GazetteerEntry


def test_a_name_with_a_persons_title_is_no_place(analyse):
    entries = ENTRIES + [GazetteerEntry("Ripley", "USA", "city", 38.8, -81.7, 4812305, admin1="Ohio", population=3_200)]
    res = in_memory(entries)
    text = "Ripley's team won again. 'We were ready,' said coach Ripley after the meet in Alexandria, Louisiana."
    found = [p.text for p in places_of(analyse, res, text)]
    assert "Ripley" not in found and "Alexandria" in found
    # the text can still place the name: "in Ripley"
    found = [p.text for p in places_of(analyse, res, "Coach Ripley moved to a farm in Ripley last year.")]
    assert found == ["Ripley"]


def test_a_surname_after_in_and_before_a_possessive_is_the_persons(analyse):
    # "in Lorenzo's honor": the preposition governs "honor"; the name is Michael Lorenzo's
    entries = ENTRIES + [GazetteerEntry("Lorenzo", "USA", "city", 33.67, -101.54, 5525455, admin1="Texas", population=1_100)]
    res = in_memory(entries)
    text = ("Police said Michael Lorenzo died at the scene in Alexandria. "
            "His father started a fund in Lorenzo's honor on Sunday.")
    found = [p.text for p in places_of(analyse, res, text)]
    assert "Lorenzo" not in found and "Alexandria" in found


def test_packaged_a_surname_of_someone_named_in_full_is_no_place_alone(analyse, packaged):
    text = ("A jury heard from Dr. Karen Fairfield on Monday. Fairfield said the wounds were old. "
            "The trial in Fairfield, Ohio, resumes on Tuesday.")
    found = places_of(analyse, packaged, text)
    assert [p.start for p in found if p.text == "Fairfield"] == [text.index("Fairfield, Ohio")]


@pytest.mark.parametrize(
    "text",
    [
        "Police said D'Andre O'Neal was shot on Tuesday near Alexandria.",
        "The victim, D’Andre O’Neal, 19, died in Alexandria.",
    ],
)
def test_a_person_named_without_a_plain_alphabetic_word_is_read(analyse, resources, text):
    # The model reads both words as a PERSON, neither of them purely alphabetic: the
    # surname is still the last word, and the place after it is still found.
    found = places_by_text(analyse, resources, text)
    assert "Alexandria" in found
    assert "O'Neal" not in found and "O’Neal" not in found


def test_a_person_entity_of_punctuation_alone_names_nobody(resources):
    from spacy.tokens import Span

    from sitrep.nlp import blank_model, entities_of
    from sitrep.stages.places.persons import titled_names

    doc = blank_model()("Witnesses said “ ” and left.")
    doc.ents = [Span(doc, 2, 4, label="PERSON")]  # as the model reads damaged quotes now and then
    assert [e.text for e in entities_of(doc)] == ["“ ”"]
    assert titled_names(doc, resources.gazetteer, resources.words) == set()
