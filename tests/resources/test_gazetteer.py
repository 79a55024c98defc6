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
    # letters without a decomposition, and the marks for 'ayn and hamza
    assert normalise("Diyarbakır") == "diyarbakir" and normalise("Łódź") == "lodz"
    assert normalise("Ta‘izz") == normalise("Ta'izz") == "ta'izz"


def test_normalise_writes_out_the_words_names_shorten():
    assert normalise("St. Paul") == normalise("St Paul") == normalise("Saint Paul") == "saint paul"
    assert normalise("Ft. Myers") == "fort myers" and normalise("Mt. Vernon") == "mount vernon"
    assert normalise("Port St. Lucie") == "port saint lucie" and normalise("Ste. Genevieve") == "sainte genevieve"
    assert normalise("Main St.") == "main st"  # a last "St" is a street, not a saint


def test_a_name_is_found_however_its_short_words_are_written():
    paul = GazetteerEntry("Saint Paul", "USA", "city", 44.94, -93.09, admin1="Minnesota", population=303_000)
    louis = GazetteerEntry("St. Louis", "USA", "city", 38.63, -90.2, admin1="Missouri", population=300_000)
    gaz = InMemoryGazetteer([paul, louis])
    assert gaz.candidates("St. Paul") == gaz.candidates("Saint Paul") == (paul,)
    assert gaz.candidates("Saint Louis") == (louis,)


def test_packaged_saint_and_st_name_one_town():
    from sitrep.resources.geonames import GeoNamesGazetteer

    gaz = GeoNamesGazetteer.shared()
    assert (gaz.candidates("St. Paul")[0].name, gaz.candidates("St. Paul")[0].admin1) == ("Saint Paul", "Minnesota")
    assert gaz.candidates("Saint Louis")[0].admin1 == "Missouri"
    assert gaz.candidates("Ft. Myers")[0].name == "Fort Myers"


def test_in_memory_other_names_are_apart_from_candidates():
    patra = GazetteerEntry("Pátra", "GRC", "city", 38.2, 21.7, population=168_000)
    gaz = InMemoryGazetteer([patra], other_names={"Patras": [patra]})
    assert gaz.candidates("Patras") == ()
    found = gaz.other_names("patras")
    assert [e.name for e in found] == ["Pátra"] and found[0].by_alias
    assert found[0] == patra  # the flag says how it was found, not which place it is


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


def test_admin1_names_are_english_and_have_a_derived_point_not_a_towns(geonames):
    erbil_province = [e for e in geonames.candidates("Erbil") if e.feature == "admin1"][0]
    assert erbil_province.name == "Erbil" and erbil_province.country == "IRQ"
    city = [e for e in geonames.candidates("Erbil") if e.feature == "city"][0]
    assert city.admin1 == "Erbil" and city.geonameid == 95446
    # the province's point is the mean of its towns: inside the province, not the city's point
    assert 35.5 < erbil_province.lat < 37.2 and 43.3 < erbil_province.lon < 45.1
    assert (erbil_province.lat, erbil_province.lon) != (city.lat, city.lon)
    assert erbil_province.population > city.population


def _km(a, b):
    import math

    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def test_admin2_has_a_point_and_population_that_rank_namesakes(geonames):
    harris = [e for e in geonames.candidates("Harris County") if e.country == "USA"]
    assert harris[0].admin1 == "Texas"  # the populous namesake first
    texas = [e for e in geonames.candidates("Texas") if e.feature == "admin1"][0]
    assert 26 < texas.lat < 36 and -106 < texas.lon < -93
    houston = [e for e in geonames.candidates("Houston") if e.admin1 == "Texas"][0]
    assert _km(harris[0], houston) < 40


def test_division_across_the_antimeridian_keeps_a_point_inside_it(geonames):
    chukotka = [e for e in geonames.candidates("Chukotka") if e.feature == "admin1"][0]
    # towns on both sides of 180 degrees: a plain mean of longitudes would land near 0
    assert chukotka.lat > 60 and abs(chukotka.lon) > 160


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


def test_subdivision_names_without_their_generic_or_inverted_words(geonames):
    # "Dagestan, Respublika" and its alias "Dagestan Republic" are found as "Dagestan"
    dagestan = [e for e in geonames.candidates("Dagestan") if e.feature == "admin1"]
    assert dagestan and dagestan[0].country == "RUS" and dagestan[0].name == "Dagestan"
    # a bare directional stem ("Central Province" -> "Central") is never added as a name
    from sitrep.resources.geonames import _alias_stems

    assert _alias_stems(["Central Province", "Erbil Governorate", "Kharkiv Oblast"]) == ["Erbil", "Kharkiv"]


def test_names_with_an_apostrophe_are_found_without_it(geonames):
    found = geonames.candidates("Tskhinvali")
    assert found and found[0].country == "GEO" and found[0].feature == "city"


def test_spelling_variants_are_one_vowel_or_one_doubled_letter_apart():
    from sitrep.resources.gazetteer import spelling_variants

    assert "idlib" in spelling_variants("idleb")
    assert "shabeelle" in spelling_variants("shabelle")
    assert "wanlaweyn" in spelling_variants("wanla weyn")
    assert "deir ez-zor" in spelling_variants("deir-ez-zor")
    assert "idleb" not in spelling_variants("idleb")
    assert spelling_variants("hit") == []  # too short: too many names are one letter apart


def test_in_memory_similar_finds_divisions_and_towns_under_another_spelling():
    gaz = InMemoryGazetteer([
        GazetteerEntry("Idlib", "SYR", "admin1", population=1_500_000),
        GazetteerEntry("Syria", "SYR", "country", population=17_000_000),
        GazetteerEntry("Sirya", "XXX", "country"),
    ])
    assert [e.feature for e in gaz.similar("Idleb")] == ["admin1"]
    assert gaz.similar("Syrie") == ()  # countries are spelled in the data files, not guessed
    assert gaz.similar("Idlib") == ()  # the name itself is a lookup, not a variant


@pytest.mark.parametrize(("name", "aliases", "english"), [
    ("Arbīl", ["Erbil Governorate", "Hewlêr"], "Erbil"),
    ("Odeska oblast", ["Odesa", "Odesa Oblast", "Odesa region"], "Odesa"),
    ("Attikí", ["Attica", "Αττική"], "Attica"),
    ("Bayrūt", ["Beirut"], "Beirut"),
    ("Ash Shimāl", ["North Lebanon"], "Ash Shimal"),  # no alias spelled close: the name itself
    ("Nordrhein-Westfalen", ["North Rhine-Westphalia"], "Nordrhein-Westfalen"),
])
def test_english_name_of_a_subdivision(name, aliases, english):
    from sitrep.resources.geonames import _english_name

    assert _english_name(name, aliases) == english


def test_spelling_variants_add_or_drop_a_final_h():
    from sitrep.resources.gazetteer import spelling_variants

    assert "diwaniyah" in spelling_variants("diwaniya")
    assert "hasaka" in spelling_variants("hasakah")


@pytest.mark.model
def test_packaged_town_found_without_its_arabic_article():
    from sitrep.resources.geonames import GeoNamesGazetteer

    gaz = GeoNamesGazetteer.shared()
    assert any(e.country == "IRQ" and e.feature == "city" for e in gaz.candidates("Fallujah"))
    assert any(e.country == "IRQ" for e in gaz.similar("Diwaniya"))


def test_towns_are_found_by_geonames_other_names(geonames):
    # cities500 names the town "Pátra"; English writes "Patras"
    assert geonames.candidates("Patras") == ()
    found = geonames.other_names("Patras")
    assert found and found[0].name == "Pátra" and found[0].country == "GRC" and found[0].by_alias
    # largest first
    pops = [e.population for e in geonames.other_names("Kalinovo")]
    assert pops == sorted(pops, reverse=True)
    assert geonames.other_names("Nowhereville") == ()


def test_city_alias_file_is_valid():
    """Every line of the packaged table: a GeoNames id, a tab, and distinct lookup keys."""
    import gzip
    from importlib import resources as importlib_resources

    path = importlib_resources.files("sitrep") / "data" / "city_aliases.tsv.gz"
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as f:
        lines = f.read().splitlines()
    assert len(lines) > 100_000
    ids = set()
    for n, line in enumerate(lines, start=1):
        gid, tab, keys = line.partition("\t")
        assert tab and gid.isdigit() and gid not in ids, f"line {n}: {line[:60]!r}"
        ids.add(gid)
        names = keys.split("|")
        assert all(k and normalise(k) == k for k in names), f"line {n}: keys must be normalised"
        assert len(set(names)) == len(names), f"line {n}: repeated key"


def test_a_province_named_after_its_capital_goes_by_the_capitals_name(geonames):
    # GeoNames calls Libya's province "Ţarābulus" and Thailand's "Krung Thep Maha Nakhon"
    for name, country in [("Tripoli", "LBY"), ("Bangkok", "THA"), ("Moscow", "RUS")]:
        provinces = [e for e in geonames.candidates(name) if e.feature == "admin1" and e.country == country]
        assert provinces and provinces[0].name == name
        # and its towns say so
        towns = [e for e in geonames.candidates(name) if e.feature == "city" and e.country == country]
        assert towns and towns[0].admin1 == name
    # a province that is not named after its capital keeps its own name
    cantabria = [e for e in geonames.candidates("Cantabria") if e.feature == "admin1"]
    assert cantabria and cantabria[0].name == "Cantabria"


def test_subdivision_names_are_in_plain_letters(geonames):
    provinces = [e for e in geonames.candidates("Adiyaman") if e.feature == "admin1"]
    assert [e.name for e in provinces] == ["Adiyaman"]


def test_a_town_listed_only_under_a_district_lies_in_its_first_level_division(geonames):
    # cities500 lists Niš under Nišava district (RS.SE.20) only; the code's first part is
    # Central Serbia (RS.SE)
    nis = [e for e in geonames.candidates("Nis") if e.country == "SRB"]
    assert nis and nis[0].admin1 == "Central Serbia"


def test_index_keys_and_lookups_fold_alike():
    from sitrep.resources.geonames import _fast_key

    for name in ["Dar`a", "Erbil", "St. Louis", "Ta‘izz", "Diyarbakır", "  Two  Spaces "]:
        assert _fast_key(name) == normalise(name)
