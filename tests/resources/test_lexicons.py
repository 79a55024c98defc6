"""The packaged lexicons load and validate; bad entries are errors that name the entry."""

from __future__ import annotations

import pytest

from sitrep.errors import ResourceError
from sitrep.model import ACLED_TYPES, PLOVER_TYPES
from sitrep.resources.lexicons import Lexicons, read_data_file


def test_packaged_lexicons_validate():
    lex = Lexicons.load_packaged()
    assert lex.triggers and lex.cues and lex.agents and lex.actors
    for trig in lex.triggers.values():
        assert trig.plover in PLOVER_TYPES
        if trig.acled:
            assert trig.acled[1] in ACLED_TYPES[trig.acled[0]]


def test_every_plover_type_has_a_trigger():
    lex = Lexicons.load_packaged()
    assert {t.plover for t in lex.triggers.values()} == set(PLOVER_TYPES)


def test_known_actor_aliases_and_acronyms():
    lex = Lexicons.load_packaged()
    actor, first, last = lex.known_actor("fighters of the Hezbollah Brigades".split())
    assert actor.name == "Kataib Hezbollah" and actor.country == "IRQ" and actor.kind == "militia"
    assert (first, last) == (3, 5)
    assert lex.known_actor("Gunmen said it is over".split()) is None  # "is" is not the Islamic State
    assert lex.known_actor("claimed by IS".split())[0].name == "Islamic State"


def test_aliases_are_unique_across_actors():
    data = read_data_file("actors.yaml")
    seen: dict[str, str] = {}
    for entry in data["actors"]:
        for alias in (entry["name"], *entry.get("aliases", [])):
            key = alias.casefold()
            assert key not in seen, f"{alias!r} names both {seen[key]} and {entry['name']}"
            seen[key] = entry["name"]


@pytest.mark.parametrize(
    ("triggers", "message"),
    [
        ({"triggers": [{"lemmas": ["x"], "pos": ["VERB"], "plover": "BOMB", "acled": None}]}, "unknown PLOVER"),
        ({"triggers": [{"lemmas": ["x"], "pos": ["VERB"], "plover": "ASSAULT", "acled": ["Battles", "Grenade"]}]},
         "not a sub-type"),
        ({"triggers": [{"lemmas": ["x", "x"], "pos": ["VERB"], "plover": "ASSAULT", "acled": None}]}, "twice"),
        ({"triggers": [{"lemmas": ["x"], "pos": ["ADJ"], "plover": "ASSAULT", "acled": None}]}, "part of speech"),
    ],
)
def test_bad_trigger_entries_are_named(triggers, message):
    with pytest.raises(ResourceError, match=message) as err:
        Lexicons.from_data(triggers, {}, {}, source="mine")
    assert "mine/triggers.yaml: triggers[0]" in str(err.value)


def test_bad_actor_entries_are_named():
    with pytest.raises(ResourceError, match="alpha-3"):
        Lexicons.from_data({}, {}, {"actors": [{"name": "X", "country": "Iraq", "kind": "militia", "inter": 3}]})
    with pytest.raises(ResourceError, match="inter code"):
        Lexicons.from_data({}, {}, {"actors": [{"name": "X", "country": "IRQ", "kind": "militia", "inter": 9}]})
    with pytest.raises(ResourceError, match="actor kind"):
        Lexicons.from_data({}, {"agents": {"gunman": {"kind": "bandits", "inter": 3}}}, {})


def test_cues_keep_heavy_machine_guns_apart_from_small_arms():
    lex = Lexicons.load_packaged()
    found = {(a, b, cue.acled[1]) for a, b, cue in lex.cue_matches("fired heavy machine gun rounds".split())}
    assert (1, 4, "Shelling/artillery/missile attack") in found  # the longer, heavy-weapon cue matches too


def test_state_forces_and_rebels_have_acled_inter_codes():
    lex = Lexicons.load_packaged()
    assert lex.known_actor("shelled by NAF units".split())[0].inter == 2
    assert lex.known_actor("clashes with QSD members".split())[0].name == "Syrian Democratic Forces"
    assert lex.agents["rebel"].inter == 2 and lex.agents["gang"].inter == 3 and lex.agents["clan"].inter == 4


def test_known_actors_finds_every_actor_in_order():
    from sitrep.resources.lexicons import Lexicons

    lex = Lexicons.load_packaged()
    found = lex.known_actors("Boko Haram fighters and Hezbollah members met the OSCE SMM team".split())
    assert [(a.name, i, j) for a, i, j in found] == [
        ("Boko Haram", 0, 2), ("Hezbollah", 4, 5), ("OSCE Special Monitoring Mission to Ukraine", 8, 10),
    ]


def test_singular_makes_plural_agent_words_singular():
    from sitrep.resources.lexicons import singular

    assert [singular(w) for w in ("gunmen", "soldiers", "witness", "police")] == ["gunman", "soldier", "witness", "police"]


def test_packaged_body_roles_code_parties_by_what_they_did():
    lex = Lexicons.load_packaged()
    assert lex.body_role("party", "protest").inter == 6
    assert lex.body_role("party", "riot").inter == 5
    assert lex.body_role("party", "armed").inter == 3
    assert lex.body_role("party wing", "attacked").inter == 7
    assert lex.body_role("security force", "armed").inter == 1
    assert lex.body_role("currency", "riot") is None  # a currency is no body


@pytest.mark.parametrize("roles, message, entry", [
    ({"parti": {"riot": {"kind": "rioters", "inter": 5}}}, "unknown body kind 'parti'", "body_roles['parti']"),
    ({"party": {"looting": {"kind": "rioters", "inter": 5}}}, "unknown role 'looting'", "body_roles['party']['looting']"),
    ({"party": {"riot": {"kind": "rioters", "inter": 12}}}, "inter code must be 0-8", "body_roles['party']['riot']"),
    ({"party": {"riot": {"kind": "mob", "inter": 5}}}, "unknown actor kind 'mob'", "body_roles['party']['riot']"),
    ({"party": "rioters"}, "expected a mapping of roles", "body_roles['party']"),
])
def test_bad_body_roles_name_the_file_and_the_entry(roles, message, entry):
    with pytest.raises(ResourceError, match=message) as err:
        Lexicons.from_data({}, {}, {"actors": [], "body_roles": roles}, source="mine")
    assert f"mine/actors.yaml: {entry}" in str(err.value)


def test_trigger_words_hold_every_word_of_every_key():
    from sitrep.resources.lexicons import Lexicons

    lex = Lexicons.load_packaged()
    for key, _ in lex.triggers:
        assert set(key.split(" ")) <= lex.trigger_words, key
    assert "sit" in lex.trigger_words and "fire" in lex.trigger_words
    assert "table" not in lex.trigger_words
