"""The place data files are well formed: valid codes, points on the globe, no clashes."""

from __future__ import annotations

from importlib import resources as importlib_resources

import re

import pycountry
import pytest
import yaml

from sitrep.resources.countries import alpha3_to_name, country_table, name_to_alpha3
from sitrep.resources.gazetteer import normalise, place_phrases


def load(name: str):
    return yaml.safe_load((importlib_resources.files("sitrep") / "data" / name).read_text(encoding="utf-8"))


def valid_point(lat, lon) -> bool:
    return isinstance(lat, (int, float)) and isinstance(lon, (int, float)) and -90 <= lat <= 90 and -180 <= lon <= 180


def test_countries_yaml():
    data = load("countries.yaml")["countries"]
    seen_demonyms: dict[str, str] = {}
    for code, spec in data.items():
        assert alpha3_to_name(code), f"{code} is not a known alpha-3 code"
        assert set(spec) <= {"names", "abbreviations", "demonyms", "point"}, code
        for name in spec.get("names") or ():
            assert name_to_alpha3(name) == code, name
        for abbr in spec.get("abbreviations") or ():
            first = abbr.split()[0]
            assert first == first.upper(), f"abbreviation {abbr!r} must start upper-case"
        for word in spec.get("demonyms") or ():
            key = normalise(word)
            assert seen_demonyms.setdefault(key, code) == code, f"demonym {word} names two countries"
            assert name_to_alpha3(word) is None, f"demonym {word} is also a country name"
        if "point" in spec:
            assert valid_point(*spec["point"]), code


def test_every_country_has_a_name_and_the_table_is_consistent():
    table = country_table()
    assert len(table.a3_name) >= 249
    for a2, a3 in table.a2_to_a3.items():
        assert len(a2) == 2 and len(a3) == 3 and table.a3_to_a2[a3] == a2


def test_facilities_yaml():
    facilities = load("facilities.yaml")["facilities"]
    names = set()
    for spec in facilities:
        assert set(spec) <= {"name", "aliases", "country", "admin1", "lat", "lon"}, spec["name"]
        assert alpha3_to_name(spec["country"]), spec["name"]
        assert valid_point(spec["lat"], spec["lon"]), spec["name"]
        for name in (spec["name"], *(spec.get("aliases") or ())):
            assert normalise(name) not in names, f"{name} listed twice"
            names.add(normalise(name))


def test_facility_points_lie_in_their_country():
    # Coarse boxes (lat, lon ranges) for the countries facilities.yaml uses: a typo in a
    # coordinate would put a base in the wrong country.
    boxes = {
        "IRQ": (29, 38, 38.5, 49), "SYR": (32, 37.5, 35.5, 42.5), "JOR": (29, 33.5, 34.8, 39.5),
        "QAT": (24.4, 26.3, 50.7, 51.7), "TUR": (35.8, 42.2, 25.6, 44.9), "DJI": (10.9, 12.8, 41.7, 43.5),
        "AFG": (29.3, 38.5, 60.4, 75), "UKR": (44.3, 52.4, 22, 40.3), "PSE": (31.2, 32.6, 34.2, 35.6),
        "ISR": (29.4, 33.4, 34.2, 35.9),
    }
    for spec in load("facilities.yaml")["facilities"]:
        lat0, lat1, lon0, lon1 = boxes[spec["country"]]
        assert lat0 <= spec["lat"] <= lat1 and lon0 <= spec["lon"] <= lon1, spec["name"]


def test_place_aliases_yaml():
    data = load("place_aliases.yaml")
    assert set(data) == {"regions", "aliases", "state_abbreviations", "postal_codes"}
    for spec in data["regions"]:
        assert set(spec) <= {"name", "aliases", "country", "admin1", "lat", "lon", "weight"}, spec["name"]
        assert spec["country"] is None or alpha3_to_name(spec["country"]), spec["name"]
        assert valid_point(spec["lat"], spec["lon"]), spec["name"]
    for alias, target in data["aliases"].items():
        assert set(target) <= {"name", "country", "feature"} and alpha3_to_name(target["country"]), alias
    for abbr, state in data["state_abbreviations"].items():
        assert abbr.endswith(".") and state[0].isupper(), abbr
    # the USPS codes are ISO 3166-2's US codes: each names the state ISO names
    assert len(data["postal_codes"]) == 51
    for code, state in data["postal_codes"].items():
        assert re.fullmatch("[A-Z]{2}", code), code
        iso = pycountry.subdivisions.get(code=f"US-{code}")
        assert iso is not None and iso.name == state, code


def test_the_required_regions_are_there():
    names = {normalise(n) for spec in load("place_aliases.yaml")["regions"]
             for n in (spec["name"], *(spec.get("aliases") or ()))}
    for needed in ("northern Iraq", "Kurdistan", "the Sahel", "Gaza Strip", "Gaza", "West Bank"):
        assert normalise(needed) in names, needed


def test_phrases_index_is_keyed_by_first_word():
    phrases = place_phrases()
    assert any(p.text == "US" and p.exact_case for p in phrases["us"])
    assert any(p.text.casefold() == "northern iraq" for p in phrases["northern"])
    for key, options in phrases.items():
        lengths = [len(p.text) for p in options]
        assert lengths == sorted(lengths, reverse=True), key


@pytest.mark.parametrize("word", ["us", "Us"])
def test_pronoun_forms_are_not_abbreviations(word):
    assert word not in country_table().abbreviations
