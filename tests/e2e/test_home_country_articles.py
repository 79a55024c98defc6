"""Stage ``home_country`` through the whole pipeline (``sitrep.analyse``) with the packaged
cue table: a regional party places an event in its division (unit tests:
tests/stages/test_home_country.py)."""

from __future__ import annotations


def test_a_regional_party_places_the_event_in_its_first_level_division():
    import sitrep

    analysis = sitrep.analyse("Supporters of the Shiromani Akali Dal blocked a highway on Monday.",
                              published="2016-01-01")
    place = analysis.events[0].place
    assert (place.country, place.admin1, place.precision) == ("IND", "Punjab", "admin1")
    assert analysis.events[0].rule("place") == "first-level division of the cues named"
    # a national party alone gives the country only
    national = sitrep.analyse("Supporters of the Bharatiya Janata Party blocked a highway on Monday.",
                              published="2016-01-01").events[0].place
    assert (national.country, national.precision) == ("IND", "country")
    # regional cues of two divisions give the country only
    two = sitrep.analyse("Shiv Sena and DMK workers blocked a highway on Monday.", published="2016-01-01")
    assert (two.events[0].place.country, two.events[0].place.precision) == ("IND", "country")
