"""Stage ``places``: a name's readings under its variants and other names (``sitrep.stages.places.lookup``).

Sentences written for these tests."""

from __future__ import annotations

from places_helpers import places_of


def test_packaged_province_spelled_another_way(analyse, packaged):
    found = places_of(analyse, packaged, "Regime forces shelled two villages in the countryside of Idleb on Tuesday.")
    assert [(p.text, p.country) for p in found] == [("Idleb", "SYR")]
    assert found[0].admin1 == "Idlib"


def test_packaged_a_town_by_its_english_name(analyse, packaged):
    # GeoNames calls it Pátra; the text's "Patras" is one of its other names
    found = places_of(analyse, packaged, "Teachers rallied in Patras on Monday to demand higher pay.")
    assert [(p.text, p.name, p.country, p.precision) for p in found] == [("Patras", "Pátra", "GRC", "city")]
