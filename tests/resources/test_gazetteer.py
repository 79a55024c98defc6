"""The gazetteer: countries, the in-memory gazetteer and the packaged GeoNames one."""

from __future__ import annotations

import time

import pytest

from sitrep.resources.countries import (
    alpha2_to_alpha3, alpha3_to_alpha2, alpha3_to_name, demonym_to_alpha3, name_to_alpha3,
)
from sitrep.resources.gazetteer import GazetteerEntry, InMemoryGazetteer, normalise


@pytest.mark.parametrize(("name", "code"), [
    ("Iraq", "IRQ"), ("the United States", "USA"), ("United States of America", "USA"),
    ("U.S.", "USA"), ("US", "USA"), ("USA", "USA"), ("UK", "GBR"), ("Britain", "GBR"),
    ("DRC", "COD"), ("Democratic Republic of the Congo", "COD"), ("Ivory Coast", "CIV"),
    ("Côte d'Ivoire", "CIV"), ("Burma", "MMR"), ("Syria", "SYR"), ("Iran", "IRN"),
    ("Russia", "RUS"), ("Turkey", "TUR"), ("South Korea", "KOR"), ("North Korea", "PRK"),
    ("Palestine", "PSE"), ("Kosovo", "XKX"), ("IRQ", "IRQ"), ("IQ", "IRQ"),
])
def test_name_to_alpha3(name, code):
    assert name_to_alpha3(name) == code


@pytest.mark.parametrize("name", ["us", "Atlantis", "", None, "Gaza City", "car"])
def test_name_to_alpha3_unknown(name):
    assert name_to_alpha3(name) is None


def test_codes_and_names():
    assert alpha2_to_alpha3("iq") == "IRQ" and alpha3_to_alpha2("IRQ") == "IQ"
    assert alpha2_to_alpha3("XK") == "XKX"
    assert alpha2_to_alpha3("ZZ") is None and alpha2_to_alpha3(None) is None
    assert alpha3_to_name("IRN") == "Iran" and alpha3_to_name("USA") == "United States"


@pytest.mark.parametrize(("word", "code"), [
    ("Iraqi", "IRQ"), ("Israeli", "ISR"), ("American", "USA"), ("Americans", "USA"),
    ("Iranian", "IRN"), ("Palestinian", "PSE"), ("British", "GBR"),
])
def test_demonyms(word, code):
    assert demonym_to_alpha3(word) == code


def test_normalise():
    assert normalise("  Arbīl ") == normalise("arbil") == "arbil"
    assert normalise("U.S.") == "us"
    assert normalise("Côte d’Ivoire") == "cote d'ivoire"


def test_in_memory_gazetteer():
    gaz = InMemoryGazetteer(
        [GazetteerEntry("Iraq", "IRQ", "country", 33.0, 44.0),
         GazetteerEntry("Erbil", "IRQ", "city", 36.19, 44.01, population=1_600_000, aliases=("Arbil", "Hawler")),
         GazetteerEntry("Erbil", "USA", "city", 40.0, -80.0, population=100)],
        demonyms={"Iraqi": "IRQ"},
    )
    assert [e.country for e in gaz.candidates("erbil")] == ["IRQ", "USA"]
    assert gaz.candidates("Hawler")[0].name == "Erbil"
    assert gaz.country("IQ").name == "Iraq" and gaz.country("IRQ").name == "Iraq"
    assert gaz.demonym("Iraqi") == "IRQ" and gaz.demonym("Iraq") is None
    assert gaz.candidates("Nowhere") == ()


# -- the packaged gazetteer (loads once for this module, about two seconds) -------------

@pytest.fixture(scope="module")
def geonames():
    from sitrep.resources.geonames import GeoNamesGazetteer

    start = time.perf_counter()
    gaz = GeoNamesGazetteer.shared()
    elapsed = time.perf_counter() - start
    assert elapsed < 20, f"gazetteer took {elapsed:.1f}s to load"
    return gaz


def test_shared_instance_loads_once(geonames):
    from sitrep.resources.geonames import GeoNamesGazetteer

    assert GeoNamesGazetteer.shared() is geonames
    assert len(geonames) > 200_000


def test_us_is_the_united_states_never_the_french_village(geonames):
    for name in ("US", "U.S.", "USA"):
        found = geonames.candidates(name)
        assert found and all(e.country == "USA" and e.feature == "country" for e in found)


def test_countries_have_alpha3_points_and_geonames_ids(geonames):
    iraq = geonames.country("IQ")
    assert iraq.country == "IRQ" and iraq.feature == "country" and iraq.geonameid == 99237
    assert abs(iraq.lat - 33) < 1 and abs(iraq.lon - 44) < 1
    assert geonames.country("USA").precision == "country"


def test_city_before_its_namesake_province(geonames):
    found = geonames.candidates("Baghdad")
    assert found[0].feature == "city" and found[0].country == "IRQ"
    assert any(e.feature == "admin1" for e in found)


def test_admin1_names_are_english_and_have_no_invented_point(geonames):
    erbil_province = [e for e in geonames.candidates("Erbil") if e.feature == "admin1"][0]
    assert erbil_province.name == "Erbil" and erbil_province.country == "IRQ"
    assert erbil_province.lat is None and erbil_province.lon is None
    city = [e for e in geonames.candidates("Erbil") if e.feature == "city"][0]
    assert city.admin1 == "Erbil" and city.geonameid == 95446


def test_alexandria_candidates_span_countries(geonames):
    found = geonames.candidates("Alexandria")
    countries = {e.country for e in found}
    assert {"EGY", "USA"} <= countries
    assert found[0].country == "EGY"
    assert any(e.admin1 == "Louisiana" for e in found)


def test_regions_facilities_and_aliases(geonames):
    base = geonames.candidates("Erbil Air Base")[0]
    assert (base.feature, base.precision, base.country, base.admin1) == ("site", "site", "IRQ", "Erbil")
    north = geonames.candidates("northern Iraq")[0]
    assert (north.precision, north.country) == ("region", "IRQ") and north.lat is not None
    assert geonames.candidates("Gaza Strip")[0].country == "PSE"
    assert geonames.candidates("West Bank")[0].country == "PSE"
    assert geonames.candidates("Kiev")[0].name == "Kyiv"
    assert geonames.candidates("W.Va.")[0].name == "West Virginia"


def test_demonym_is_no_place_name(geonames):
    assert geonames.demonym("Iraqi") == "IRQ"
    assert geonames.demonym("Baghdad") is None
