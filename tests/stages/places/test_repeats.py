"""Stage ``places``: a place's name wherever it recurs (``sitrep.stages.places.repeats``).

Sentences written for these tests."""

from __future__ import annotations

from places_helpers import places_of


def test_packaged_a_place_name_is_a_place_wherever_it_recurs(analyse, packaged):
    text = "Officials in Ocala said the water main broke on Monday. Ocala's mayor thanked the crews who worked overnight."
    found = places_of(analyse, packaged, text)
    assert [(p.text, p.start, p.admin1) for p in found] == [
        ("Ocala", 13, "Florida"), ("Ocala", text.index("Ocala's"), "Florida"),
    ]


def test_packaged_a_surname_is_not_repeated_as_a_place(analyse, packaged):
    text = "Crews from Ocala fixed the main. Later Jim Ocala, a neighbour, thanked them."
    found = places_of(analyse, packaged, text)
    assert [p.start for p in found] == [11]
