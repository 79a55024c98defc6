"""Stage ``places``: the article's context: countries, divisions, dateline, support (``sitrep.stages.places.context``).

Sentences written for these tests."""

from __future__ import annotations

from places_helpers import in_memory, places_by_text, places_of

from sitrep.resources.gazetteer import GazetteerEntry


def test_alexandria_louisiana_by_article_context(analyse, resources):
    text = ("Deputies from Rapides Parish arrested a man on Tuesday. "
            "He lives in Alexandria, where the fire broke out last week.")
    alex = [p for p in places_of(analyse, resources, text) if p.text == "Alexandria"][0]
    assert alex.admin1 == "Louisiana"


def test_demonym_gives_country_context(analyse, resources):
    # With an American demonym and no Egyptian context, the bigger Egyptian city still needs
    # to lose to a US one only when the text says so; the demonym alone adds a small vote.
    found = places_of(analyse, resources, "American firefighters in Alexandria, Virginia, were praised.")
    alex = [p for p in found if p.text == "Alexandria"][0]
    assert alex.admin1 == "Virginia"


def test_packaged_context_picks_the_us_alexandria(analyse, packaged):
    text = ("A Louisiana man was arrested on Monday. Police said the fire in Alexandria "
            "destroyed two homes near Pineville.")
    alex = [p for p in places_of(analyse, packaged, text) if p.text == "Alexandria"][0]
    assert (alex.country, alex.admin1) == ("USA", "Louisiana")


def test_packaged_dateline_and_air_base(analyse, packaged):
    text = "BAGHDAD (Reuters) - Rockets hit Ain al-Asad Air Base in western Iraq on Tuesday, officials said."
    found = places_by_text(analyse, packaged, text)
    base = found["Ain al-Asad Air Base"]
    assert (base.precision, base.country) == ("site", "IRQ")
    assert found["western Iraq"].precision == "region"


def test_packaged_names_that_share_a_state_resolve_together(analyse, packaged):
    text = "Police in Dublin said a man from Franklin County was arrested after a chase that began near Columbus."
    found = places_of(analyse, packaged, text)
    assert [(p.text, p.country, p.admin1) for p in found] == [
        ("Dublin", "USA", "Ohio"), ("Franklin County", "USA", "Ohio"), ("Columbus", "USA", "Ohio"),
    ]


def test_packaged_a_lone_dublin_is_the_irish_capital(analyse, packaged):
    found = places_of(analyse, packaged, "The band played two nights in Dublin last week.")
    assert [(p.text, p.country) for p in found] == [("Dublin", "IRL")]


def test_a_home_group_named_in_the_article_is_country_context(analyse):
    from sitrep.resources.lexicons import Lexicons

    entries = [
        GazetteerEntry("Karma", "JOR", "city", 31.5, 36.0, 90001, admin1="Amman", population=30_000),
        GazetteerEntry("Karma", "NGA", "city", 12.0, 13.0, 90008, admin1="Borno", population=3_000),
    ]
    res = in_memory(entries, None, Lexicons.load_packaged())
    # Boko Haram fights in Nigeria: its name makes Nigeria's Karma the likelier
    assert [p.country for p in places_of(analyse, res, "Boko Haram fighters raided a market in Karma on Monday.")] == ["NGA"]
    assert [p.country for p in places_of(analyse, res, "Farmers gathered in Karma on Monday.")] == ["JOR"]


def test_a_name_found_in_many_divisions_supports_each_of_them_less():
    from sitrep.stages.places.context import division_support
    from sitrep.stages.places.mentions import Mention
    from sitrep.stages.places.weights import WEIGHTS

    def towns(name, states):
        return tuple(GazetteerEntry(name, "USA", "city", 35.0, -90.0, 91000 + i, admin1=s, population=5_000)
                     for i, s in enumerate(states))

    states = [f"State {i}" for i in range(2 * WEIGHTS.support_spread)]
    everywhere = Mention(0, 10, "Washington", "GPE", key="washington", candidates=towns("Washington", states))
    twice = Mention(20, 26, "Athens", "GPE", key="athens", candidates=towns("Athens", states[:2]))
    by_admin1, _ = division_support([everywhere, twice])
    # "Athens" (two states) counts whole; "Washington" (twenty) counts half in each
    assert by_admin1[("USA", "state 0")] == 1.5
    assert by_admin1[("USA", "state 5")] == 0.5


def test_a_part_of_a_town_supports_no_division():
    from sitrep.stages.places.context import division_support
    from sitrep.stages.places.mentions import Mention

    # "the Mechanicsville neighborhood" of Knoxville is no town in Iowa, whatever the
    # gazetteer has of its name: it says nothing of the state Knoxville lies in
    iowa = GazetteerEntry("Mechanicsville", "USA", "city", 41.9, -91.25, 4867720, admin1="Iowa", population=1_100)
    quarter = Mention(40, 54, "Mechanicsville", "GPE", hint="quarter", key="mechanicsville", candidates=(iowa,))
    town = Mention(60, 74, "Mechanicsville", "GPE", key="mechanicsville", candidates=(iowa,))
    assert division_support([quarter])[0][("USA", "iowa")] == 0
    assert division_support([town])[0][("USA", "iowa")] == 1


def test_a_country_cue_votes_for_its_country_and_a_shared_one_for_none():
    from sitrep.resources.country_cues import CountryCues
    from sitrep.stages.places.context import cue_votes

    cues = CountryCues.load_packaged()
    assert cue_votes("Supporters of the Awami League marched on Sunday.", cues) == {"BGD": 1}
    assert cue_votes("A march with no party named.", cues) == {}
    assert cue_votes("Supporters of the Awami League marched.", None) == {}
