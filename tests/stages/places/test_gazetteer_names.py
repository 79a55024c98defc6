"""Place names the model misses, found by the gazetteer (``gazetteer_names``), and the
event places they give; sentences written for these tests, read with the packaged
GeoNames gazetteer."""

from __future__ import annotations

import pytest

from sitrep.resources.gazetteer import GazetteerEntry, InMemoryGazetteer
from sitrep.resources.words import Words
from sitrep.stages.places.gazetteer_names import untagged_names
from sitrep.stages.places.weights import Weights

WORDS = Words.load_packaged()


GAZ = InMemoryGazetteer([
    GazetteerEntry("Tarvo", "FIN", "city", 60.0, 25.0, population=1_500_000),
    GazetteerEntry("Hope", "USA", "city", 33.67, -93.59, population=10_000),
    GazetteerEntry("Kelda", "NOR", "city", 60.0, 10.0, population=2_000),
])


@pytest.mark.parametrize(("text", "found"), [
    ("Farmers rallied in Kelda on Monday.", ["Kelda"]),  # a small town after "in"
    ("Kelda farmers rallied on Monday.", []),  # a small town opening a sentence, no cue
    ("Farmers of the town rallied near Tarvo.", ["Tarvo"]),
    ("The mayor met Tarvo officials.", ["Tarvo"]),  # a large town, mid-sentence
    ("They lived in Hope for years.", []),  # a common word, even after "in"
    ("Officials of Kelda district met on Monday.", ["Kelda"]),  # a division word after it
    ("Kelda officials met on Monday.", []),  # a small town opening a sentence
])
def test_the_evidence_around_a_name_decides(nlp, text, found):
    doc = nlp(text)
    doc.ents = []  # as if the model had tagged none of them
    spans = untagged_names(doc, text, GAZ, WORDS, {}, [])
    assert [text[a:b] for a, b in spans] == found


def test_a_higher_threshold_keeps_fewer_names(nlp):
    text = "The mayor met Tarvo officials."
    doc = nlp(text)
    doc.ents = []
    assert untagged_names(doc, text, GAZ, WORDS, {}, []) != []
    assert untagged_names(doc, text, GAZ, WORDS, {}, [], Weights(untagged_threshold=9.0)) == []


@pytest.mark.parametrize("text", [
    "The officer traced the car to the Kelda Street address.",  # a street's name
    "Shots were fired from the Tarvo as it drove past.",  # "the" before it
])
def test_names_of_streets_and_things_are_not_places(nlp, text):
    doc = nlp(text)
    doc.ents = []
    assert untagged_names(doc, text, GAZ, WORDS, {}, []) == []


EXAMPLES = InMemoryGazetteer([
    GazetteerEntry("Durango", "MEX", "city", 24.02, -104.65, population=600_000),
    GazetteerEntry("Gillis", "USA", "city", 30.0, -93.0, population=2_000),
    GazetteerEntry("Mendhar", "IND", "city", 33.6, 74.1, population=9_000),
    GazetteerEntry("Kalna", "IND", "city", 23.2, 88.4, population=56_000),
    GazetteerEntry("Patiala", "IND", "city", 30.34, 76.39, population=446_246),
    GazetteerEntry("Nawalpur", "NPL", "city", 27.0, 85.5, population=3_000),
    GazetteerEntry("Sarlahi", "NPL", "admin2", 27.0, 85.6, population=770_000),
    GazetteerEntry("Kolkata", "IND", "city", 22.57, 88.36, population=4_600_000),
    GazetteerEntry("Imphal", "IND", "city", 24.8, 93.9, population=250_000),
    GazetteerEntry("Dera Ghazi Khan", "PAK", "city", 30.05, 70.63, population=400_000),
    GazetteerEntry("Dera", "ETH", "city", 8.33, 39.32, population=5_000),
])


@pytest.mark.parametrize(("text", "found"), [
    ("The boys were seen in Mendhar tehsil on Friday.", ["Mendhar"]),
    ("Farmers blocked a road near Kalna town.", ["Kalna"]),
    ("Hundreds of Patiala residents marched to the office.", ["Patiala"]),
    ("A rally was held at Nawalpur of Sarlahi district.", ["Nawalpur", "Sarlahi"]),
    ("kolkata: police said the crowd had left by noon, and no one was hurt.", ["kolkata"]),
    ("a mob attacked a police station in imphal last midnight and burned two jeeps.", ["imphal"]),
    ("Traders shut their shops in Dera Ghazi Khan on Friday.", ["Dera Ghazi Khan"]),  # the longest name
    ("Witnesses said shots fired from the Durango hit a fence.", []),
    ("Officers traced the plates to the Gillis Street address.", []),
])
def test_the_quoted_examples(nlp, text, found):
    doc = nlp(text)
    doc.ents = []
    spans = untagged_names(doc, text, EXAMPLES, WORDS, {}, [])
    assert [text[a:b] for a, b in spans] == found
