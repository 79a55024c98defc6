"""Places through the whole pipeline (``sitrep.analyse``): a namesake abroad or in another
state gives way to the article's country or state, and a country cue decides which
country a name is read in (unit tests: tests/stages/places/)."""

from __future__ import annotations


def test_a_small_namesake_abroad_is_no_place_when_the_article_points_at_another_country():
    import sitrep

    text = ("Twenty people were injured in a clash at Singra on Sunday. The Awami League blamed "
            "the BNP for the violence.")
    analysis = sitrep.analyse(text, published="2023-01-01")
    assert analysis.places == ()  # not Spain's hamlet of Singra
    assert analysis.events[0].place.country == "BGD"
    # with nothing pointing elsewhere, the only reading stands
    alone = sitrep.analyse("Twenty people were injured in a clash at Singra on Sunday.", published="2023-01-01")
    assert [p.country for p in alone.places] == ["ESP"]



def test_a_small_town_outside_the_state_the_article_names_is_a_namesake():
    import sitrep

    text = "A man was shot in Felton on Saturday, the Minnesota state patrol said."
    analysis = sitrep.analyse(text, published="2023-01-01")
    assert "Felton" not in {p.text for p in analysis.places}  # not California's Felton
    assert analysis.events[0].place.admin1 == "Minnesota"



def test_a_name_whose_only_reading_is_in_another_state_is_a_namesake_of_a_local_place():
    import sitrep

    # Park Hill's only reading is Oklahoma's town; its own reading does not count as the
    # article's division, Denver's does
    analysis = sitrep.analyse("Police in Denver said two men were shot at a house in Park Hill on Friday.",
                              published="2016-01-01")
    assert [(p.text, p.admin1) for p in analysis.places] == [("Denver", "Colorado")]
    assert analysis.events[0].place.admin1 == "Colorado"


def test_a_country_cue_decides_which_country_a_name_is_read_in():
    import sitrep

    analysis = sitrep.analyse("Members of the Punjab Teachers Union went on strike, backed by the "
                              "Bharatiya Janata Party.", published="2023-01-01")
    assert [(p.text, p.country) for p in analysis.places] == [("Punjab", "IND")]
