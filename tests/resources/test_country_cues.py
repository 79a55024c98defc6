"""The country cue table (sitrep/data/country_cues.yaml) and its matcher."""

from __future__ import annotations

import pytest
from wordfreq import zipf_frequency

from sitrep.errors import ResourceError
from sitrep.resources.countries import country_table
from sitrep.resources.country_cues import KINDS, CountryCues, is_capitals, match_key
from sitrep.resources.lexicons import read_data_file

#: A single word matched in any case must be rarer than this in English (wordfreq's Zipf
#: scale: 3.5 is about three times in a million words); a commoner one ("yen", "rand",
#: "Democrats") must be listed under ``exact``, so that only the form written there matches.
MAX_ZIPF = 3.5
#: A single lower-case word under ``exact`` matches only in lower case ("yen", not the name
#: "Yen"); it may be commoner, but not a word of everyday English ("real" is no currency cue).
MAX_ZIPF_EXACT_LOWER = 4.0


def table(*cues: dict) -> CountryCues:
    return CountryCues.from_data({"version": 1, "cues": list(cues)})


# -- the packaged file ---------------------------------------------------------------
def test_the_packaged_table_loads_and_covers_many_countries():
    cues = CountryCues.load_packaged()
    countries = {c for cue in cues.cues for c in cue.countries}
    assert len(cues) > 300 and len(countries) > 120
    assert {cue.kind for cue in cues.cues} <= set(KINDS)


def test_every_entry_is_well_formed():
    data = read_data_file("country_cues.yaml")
    known = country_table().a3_name
    for entry in data["cues"]:
        codes = entry["country"] if isinstance(entry["country"], list) else [entry["country"]]
        assert codes and all(c in known for c in codes), entry["name"]
        assert entry["kind"] in KINDS, entry["name"]
        for alias in (entry["name"], *(entry.get("aliases") or ()), *(entry.get("exact") or ())):
            assert isinstance(alias, str) and alias.strip() == alias and alias, entry["name"]


def test_no_alias_names_two_entries():
    data = read_data_file("country_cues.yaml")
    owner: dict[str, str] = {}
    for entry in data["cues"]:
        exact = set(entry.get("exact") or ())
        for alias in (entry["name"], *(entry.get("aliases") or ()), *exact):
            key = match_key(alias, alias in exact)
            assert owner.setdefault(key, entry["name"]) == entry["name"], (alias, owner[key], entry["name"])


def test_no_common_english_word_matches_in_any_case():
    common = []
    for cue in CountryCues.load_packaged().cues:
        for alias in (cue.name, *cue.aliases):
            if " " in alias.replace("-", " ") or is_capitals(alias) or alias in cue.exact:
                continue  # phrases are specific; capitals and exact aliases match only as written
            if zipf_frequency(alias.lower(), "en") >= MAX_ZIPF:
                common.append(alias)
        for alias in cue.exact:
            if alias.islower() and " " not in alias and zipf_frequency(alias, "en") >= MAX_ZIPF_EXACT_LOWER:
                common.append(alias)
    assert common == []


# -- validation ------------------------------------------------------------------------
@pytest.mark.parametrize("entry, reason", [
    ({"name": "X Party", "country": "XXX", "kind": "party"}, "ISO alpha-3"),
    ({"name": "X Party", "country": ["IND", "PAK", "IND"], "kind": "party"}, "ISO alpha-3"),
    ({"name": "X Party", "country": "IND", "kind": "club"}, "unknown kind"),
    ({"name": "X Party", "country": "IND", "kind": "party", "aliases": [""]}, "non-empty"),
    ({"name": "", "country": "IND", "kind": "party"}, "needs a name"),
    ({"name": "X Party", "country": "IND", "kind": "party", "colour": "red"}, "unknown fields"),
])
def test_a_bad_entry_is_an_error_naming_it(entry, reason):
    with pytest.raises(ResourceError) as info:
        table(entry)
    assert info.value.code == "L001" and reason in str(info.value)


def test_an_alias_of_two_countries_must_be_one_entry():
    with pytest.raises(ResourceError, match="list both countries"):
        table({"name": "Orange Party", "aliases": ["OP"], "country": "NLD", "kind": "party"},
              {"name": "Olive Party", "aliases": ["OP"], "country": "ITA", "kind": "party"})
    shared = table({"name": "OP", "country": ["NLD", "ITA"], "kind": "party"})
    assert shared.find("OP members marched.")[0].countries == ("NLD", "ITA")


# -- matching ----------------------------------------------------------------------------
CUES = table(
    {"name": "Orange Party", "aliases": ["OPX", "Orange-Youth Front"], "country": "NLD", "kind": "party"},
    {"name": "Orange Party Youth Wing", "country": "NLD", "kind": "party wing"},
    {"name": "florin", "aliases": ["florins"], "exact": ["Fl"], "country": "ABW", "kind": "currency"},
    {"name": "Harbour Guard", "exact": ["Guard"], "country": "MLT", "kind": "security force"},
)


def test_names_match_in_any_case_on_whole_words_with_their_offsets():
    text = "Members of the orange party and an ORANGE PARTY councillor paid 40 florins."
    hits = CUES.find(text)
    assert [(h.cue, text[h.start:h.end], h.text, h.countries, h.kind) for h in hits] == [
        ("Orange Party", "orange party", "orange party", ("NLD",), "party"),
        ("Orange Party", "ORANGE PARTY", "ORANGE PARTY", ("NLD",), "party"),
        ("florin", "florins", "florins", ("ABW",), "currency"),
    ]
    assert CUES.find("The Orange Partyline show") == ()  # no match inside a word


def test_capitals_and_exact_aliases_match_only_as_written():
    assert [h.text for h in CUES.find("OPX supporters; opx; Opx")] == ["OPX"]
    assert [h.text for h in CUES.find("Fl 200, fl 200")] == ["Fl"]
    assert [h.text for h in CUES.find("a guard at the gate; the Guard")] == ["Guard"]


def test_the_longest_cue_wins_and_hyphens_and_spaces_are_one():
    hits = CUES.find("The Orange Party Youth Wing and the Orange Youth Front met.")
    assert [(h.cue, h.text) for h in hits] == [
        ("Orange Party Youth Wing", "Orange Party Youth Wing"), ("Orange Party", "Orange Youth Front"),
    ]


def test_offsets_survive_characters_whose_lower_case_is_longer():
    text = "İİ said the Orange Party won."
    (hit,) = CUES.find(text)
    assert text[hit.start:hit.end] == "Orange Party"


def test_every_first_level_division_is_one_the_gazetteer_holds_in_that_country():
    from sitrep.resources.gazetteer import load_default_gazetteer

    gaz = load_default_gazetteer()
    cues = CountryCues.load_packaged().cues
    regional = [c for c in cues if c.admin1]
    assert len(regional) >= 30
    for cue in regional:
        assert len(cue.countries) == 1, cue.name
        assert any(e.country == cue.countries[0] and e.feature == "admin1" and e.name == cue.admin1
                   for e in gaz.candidates(cue.admin1)), (cue.name, cue.admin1)


def test_a_division_needs_a_cue_of_one_country():
    with pytest.raises(ResourceError, match="admin1 must be"):
        CountryCues.from_data({"version": 1, "cues": [
            {"name": "Twin Party", "country": ["IND", "PAK"], "kind": "party", "admin1": "Punjab"}]})
