"""Stage ``places``: resolving and keeping readings (``sitrep.stages.places.resolve``).

Sentences written for these tests."""

from __future__ import annotations

from places_helpers import CONTAINER_ENTRIES, in_memory, places_by_text, places_of

from sitrep.resources.gazetteer import GazetteerEntry


def test_same_name_resolves_the_same_way_in_one_article(analyse, resources):
    text = ("Alexandria, Louisiana, lost power on Monday. Crews in Alexandria worked through the night.")
    alex = [p for p in places_of(analyse, resources, text) if p.text == "Alexandria"]
    assert len(alex) == 2 and {p.geonameid for p in alex} == {4314550}


def test_no_places_in_plain_text(analyse, resources):
    assert places_of(analyse, resources, "Nothing happened here today, they said.") == ()


def test_packaged_province_event_gets_a_province_point_never_a_towns(analyse, packaged):
    text = "Militants attacked a checkpoint in Anbar province on Sunday, officials said."
    anbar = [p for p in places_of(analyse, packaged, text) if p.text.startswith("Anbar")][0]
    assert (anbar.precision, anbar.country) == ("admin1", "IRQ")
    assert anbar.lat is not None and 32 < anbar.lat < 35 and 39 < anbar.lon < 45
    towns = [e for e in packaged.gazetteer.candidates("Ramadi") + packaged.gazetteer.candidates("Fallujah")]
    assert all((anbar.lat, anbar.lon) != (t.lat, t.lon) for t in towns)


def test_a_town_unknown_inside_its_province_takes_the_province(analyse, resources):
    # no Alexandria lies in Anbar: the text names a place the gazetteer lacks, inside Anbar
    text = "Gunmen attacked a checkpoint near Alexandria (Anbar) on Monday."
    found = places_by_text(analyse, resources, text)
    assert (found["Alexandria"].name, found["Alexandria"].precision) == ("Anbar", "admin1")
    assert found["Alexandria"].lat is None or found["Alexandria"].lat == found["Anbar"].lat


def test_packaged_unknown_town_before_its_province_takes_the_province(analyse, packaged):
    found = places_of(analyse, packaged, "On 3 March 2021, in Tal Zuhur, Anbar, gunmen killed a farmer.")
    town = [p for p in found if p.text == "Tal Zuhur"][0]
    anbar = [p for p in found if p.text == "Anbar"][0]
    assert (town.country, town.precision) == ("IRQ", "admin1")
    assert (town.lat, town.lon) == (anbar.lat, anbar.lon)  # the province's point, never a guessed town's


def test_packaged_city_written_by_the_words_before_de(analyse, packaged):
    found = places_of(analyse, packaged, "On 3 March 2021, in Acapulco, Guerrero, a trader was found dead near the market.")
    assert [(p.text, p.country, p.precision) for p in found] == [
        ("Acapulco", "MEX", "city"), ("Guerrero", "MEX", "admin1"),
    ]


def test_a_doubtful_container_does_not_replace_a_town_from_another_country(analyse, resources):
    # "Anbar" is sure of itself, so an Alexandria with no reading in Iraq becomes Anbar;
    # a container that is itself a guess would not have that power (see the packaged Uvira test).
    text = "Gunmen attacked a checkpoint near Alexandria (Anbar) on Monday."
    found = places_by_text(analyse, resources, text)
    assert found["Alexandria"].country == "IRQ"


def test_packaged_a_city_named_container_is_its_province(analyse, packaged):
    # no Sokolovka of the gazetteer lies in Luhansk oblast: the village is placed at the
    # province, never at a namesake hundreds of kilometres away
    found = places_of(analyse, packaged, "Shelling hit the outskirts of Sokolovka, Luhansk, late on Monday.")
    assert [(p.text, p.country, p.precision) for p in found] == [
        ("Sokolovka", "UKR", "admin1"), ("Luhansk", "UKR", "admin1"),
    ]
    # Ivanovka is the Russian spelling of Luhansk oblast's Ivanivka, one of GeoNames'
    # other names for it: the town itself
    found = places_of(analyse, packaged, "Shelling hit the outskirts of Ivanovka, Luhansk, late on Monday.")
    assert [(p.text, p.name, p.admin1, p.precision) for p in found][0] == ("Ivanovka", "Ivanivka", "Luhansk", "city")


def test_packaged_a_neighbourhood_is_no_town_abroad(analyse, packaged):
    text = "On 8 May 2021, in Belem, Para, a woman was shot to death in Guama neighborhood by an armed man."
    found = places_of(analyse, packaged, text)
    assert [(p.text, p.country) for p in found] == [("Belem", "BRA"), ("Para", "BRA")]


def test_packaged_other_name_in_the_articles_country_beats_a_foreign_namesake(analyse, packaged):
    # Russia has a Kalinovo; Ukraine's Kalynove is called Kalinovo too. In an article
    # about Ukraine the name is the Ukrainian village's.
    text = "Shelling was reported near Kalinovo on Monday. Ukraine's army said two houses burned in Kharkiv."
    found = places_by_text(analyse, packaged, text)
    assert found["Kalinovo"].country == "UKR" and found["Kalinovo"].name == "Kalynove"


def test_packaged_an_unrelated_other_name_is_no_place_without_a_container(analyse, packaged):
    # GeoNames lists "Passover" among a Tennessee town's other names: a holiday, not a
    # place, in an article that is otherwise about the United States
    text = "Shoppers in Memphis, Tennessee, stocked up on matzo before Passover began on Friday."
    assert "Passover" not in {p.text for p in places_of(analyse, packaged, text)}


def test_a_village_glossed_with_a_town_abroad_lies_by_that_town(analyse, containers):
    # Turkey's Harran is a namesake: the gloss puts the village by Syria's Dabiq
    text = "Militants attacked the village of Harran (Dabiq, Aleppo) at dawn."
    found = places_by_text(analyse, containers, text)
    assert (found["Harran"].name, found["Harran"].country) == ("Dabiq", "SYR")


def test_a_quarter_stands_only_in_the_division_the_article_names(analyse):
    entries = CONTAINER_ENTRIES + [
        GazetteerEntry("Colonia Verde", "USA", "city", 37.0, -79.0, 90006, admin1="Virginia", population=900),
        GazetteerEntry("Virginia", "USA", "admin1", 37.5, -78.8, 6254928, admin1="Virginia", population=8_000_000),
    ]
    res = in_memory(entries)
    text = "In Alexandria, Louisiana, a man was shot in Colonia Verde on Friday."
    assert "Colonia Verde" not in {p.text for p in places_of(analyse, res, text)}
    text = "In Alexandria, Virginia, a man was shot in Colonia Verde on Friday."
    assert "Colonia Verde" in {p.text for p in places_of(analyse, res, text)}


def test_a_big_city_abroad_named_in_a_gloss_chain_is_an_unknown_village(analyse, containers):
    # the only Mandra the gazetteer knows is a large town in India; the text puts this one
    # by Syria's Dabiq, and nothing else in it is about India
    res = in_memory(CONTAINER_ENTRIES + [
        GazetteerEntry("Mandra", "IND", "city", 28.7, 77.3, 90010, admin1="Delhi", population=150_000),
    ])
    text = "Militants attacked the police station in Mandra (Dabiq, Aleppo) at dawn."
    found = places_by_text(analyse, res, text)
    assert (found["Mandra"].name, found["Mandra"].country) == ("Dabiq", "SYR")


def test_a_pair_of_hamlets_does_not_outweigh_a_capital_that_names_the_container(analyse):
    # "Alto Verde, La Cruz": the gazetteer lacks the Alto Verde of the large La Cruz, and a
    # hamlet of that name in a small district called La Cruz is no likelier reading
    entries = [
        GazetteerEntry("Alto Verde", "ARG", "city", -28.3, -65.4, 90011, admin1="Catamarca", population=0),
        GazetteerEntry("Alto Verde", "PER", "city", -5.2, -80.1, 90015, admin1="Piura", population=900),
        GazetteerEntry("La Cruz", "ARG", "admin2", -28.3, -65.4, 90012, admin1="Catamarca"),
        GazetteerEntry("La Cruz", "BOL", "city", -16.5, -68.1, 90013, admin1="La Cruz", population=2_000_000),
        GazetteerEntry("La Cruz", "BOL", "admin1", -15.0, -68.0, 90014, admin1="La Cruz", population=2_300_000),
    ]
    text = "Hundreds of residents protested in Alto Verde, La Cruz on Friday."
    found = places_by_text(analyse, in_memory(entries), text)
    assert found["La Cruz"].country == "BOL" and found["La Cruz"].precision == "admin1"
    assert found["Alto Verde"].country == "BOL"


def test_packaged_a_common_word_that_nothing_locates_is_no_foreign_town(analyse, packaged):
    # "Metro" reads as a town in Indonesia; here it only qualifies nouns, beside US towns
    text = ("Metro detectives said a man was shot on Fremont Street in Las Vegas on Sunday. "
            "Metro officers arrested a suspect in Henderson on Monday.")
    found = places_of(analyse, packaged, text)
    assert "Metro" not in {p.text for p in found}
    assert {p.text for p in found} >= {"Las Vegas", "Henderson"}


def test_packaged_a_common_word_the_text_locates_stays_a_place(analyse, packaged):
    found = places_by_text(analyse, packaged, "Gunmen shot two traders in Metro, Lampung, on Sunday.")
    assert found["Metro"].country == "IDN"


def test_packaged_a_famous_places_name_is_no_plain_word(analyse, packaged):
    # English writes "Paris" often, but it is a place's name, not a word
    text = "Paris police said a man was shot on Main Street on Friday. Officers from Dallas helped."
    assert "Paris" in {p.text for p in places_of(analyse, packaged, text)}


def test_packaged_a_dateline_that_names_its_town_alone_names_the_big_one(analyse, packaged):
    # the small Texan namesake of "Liberty City" must not pull Miami to Texas
    text = "MIAMI — Two women were shot dead over the weekend in Liberty City, police said."
    found = places_by_text(analyse, packaged, text)
    assert (found["MIAMI"].name, found["MIAMI"].admin1) == ("Miami", "Florida")


PLAIN_WORD_ENTRIES = [
    GazetteerEntry("Metro", "IDN", "city", -5.11, 105.3, 91001, admin1="Lampung", population=20_000),
    GazetteerEntry("Lampung", "IDN", "admin1", None, None, 91002, admin1="Lampung", population=8_000_000),
    GazetteerEntry("Springfield", "USA", "city", 39.8, -89.6, 91003, admin1="Illinois", population=116_000),
    GazetteerEntry("Springfield", "IDN", "city", -5.2, 105.2, 91004, admin1="Lampung", population=3_000),
    GazetteerEntry("Indonesia", "IDN", "country", -5.0, 120.0, 91005, population=270_000_000),
    GazetteerEntry("United States", "USA", "country", 39.83, -98.58, 91006, population=327_000_000),
]


def test_a_plain_word_says_nothing_of_where_the_article_is(analyse):
    # "Metro" here is no town; its Indonesian reading must not pull Springfield there
    text = "Springfield police said a man was shot on Friday. Metro detectives arrested a suspect. Metro officers searched a house."
    found = places_of(analyse, in_memory(PLAIN_WORD_ENTRIES), text)
    assert [(p.text, p.country) for p in found] == [("Springfield", "USA")]


def test_packaged_a_county_takes_the_state_its_neighbours_lie_in(analyse, packaged):
    text = ("The boy was booked into the Augusta youth detention centre after the shooting, "
            "the Richmond County Sheriff's Office said.")
    found = places_by_text(analyse, packaged, text)
    assert (found["Richmond County"].admin1, found["Augusta"].admin1) == ("Georgia", "Georgia")


def _mention(text, words, entry, source="GPE"):
    from sitrep.stages.places.mentions import Mention

    start = text.index(words)
    return Mention(start, start + len(words), words, source, key=words.casefold(), candidates=(entry,), resolved=entry)


def test_a_direction_read_as_a_foreign_province_is_a_plain_word():
    from sitrep.resources.words import Words
    from sitrep.stages.places.resolve import _plain_words

    south = GazetteerEntry("South", "LBN", "admin1", 33.27, 35.2, 92001, admin1="South", population=400_000)
    chicago = GazetteerEntry("Chicago", "USA", "city", 41.85, -87.65, 92002, admin1="Illinois", population=2_700_000)
    tyre = GazetteerEntry("Tyre", "LBN", "city", 33.27, 35.2, 92004, admin1="South", population=120_000)
    text = "A boy was shot on the South Side, Chicago police said."
    assert _plain_words([_mention(text, "South", south), _mention(text, "Chicago", chicago)], text, Words.load_packaged()) == {"south"}
    # in an article about Lebanon the South is the province
    text = "Shelling hit Tyre and villages across the South, officials said."
    assert _plain_words([_mention(text, "Tyre", tyre), _mention(text, "South", south)], text, Words.load_packaged()) == frozenset()


def test_a_town_is_finer_than_its_container_when_smaller_abroad_or_of_another_province():
    from collections import Counter

    from sitrep.stages.places.resolve import _finer

    bankass = GazetteerEntry("Bankass", "MLI", "city", 14.08, -3.52, 93001, admin1="Mopti", population=12_000)
    outer = _mention("Tieba (Bankass, Mopti)", "Bankass", bankass)
    # a province is finer than a country, a town than a province; a province is not finer than a town
    mopti = GazetteerEntry("Mopti", "MLI", "admin1", 14.5, -4.2, 93002, admin1="Mopti", population=2_000_000)
    assert _finer(bankass, mopti, outer, [outer], Counter())
    assert not _finer(mopti, bankass, outer, [outer], Counter())
    # "Tieba (Bankass, Mopti)": China's Tieba is a namesake, smaller than Bankass and abroad
    tieba = GazetteerEntry("Tieba", "CHN", "city", 30.0, 110.0, 93003, admin1="Hubei", population=5_000)
    assert _finer(tieba, bankass, outer, [outer], Counter({"CHN": 1}))
    # a larger town abroad stands only when nothing else in the article names its country
    big = GazetteerEntry("Tieba", "CHN", "city", 30.0, 110.0, 93004, admin1="Hubei", population=50_000)
    assert _finer(big, bankass, outer, [outer], Counter())
    assert not _finer(big, bankass, outer, [outer], Counter({"CHN": 2}))
    # a small town of Mali in another province is finer only when the chain names a province
    bamba = GazetteerEntry("Bamba", "MLI", "city", 17.0, -1.4, 93005, admin1="Gao", population=4_000)
    assert not _finer(bamba, bankass, outer, [outer], Counter())
    province = _mention("Bamba (Koro, Mopti)", "Mopti", mopti)
    koro = GazetteerEntry("Koro", "MLI", "city", 14.07, -3.08, 93006, admin1="Mopti", population=12_000)
    inner = _mention("Bamba (Koro, Mopti)", "Koro", koro)
    inner.within = 1
    assert _finer(bamba, koro, inner, [inner, province], Counter())


def test_a_common_word_stays_a_place_name_when_a_reading_is_a_country_a_province_or_a_famous_town():
    from sitrep.stages.places.resolve import _common_word

    text = "Metro detectives said a man was shot in Las Vegas."
    metro = GazetteerEntry("Metro", "IDN", "city", -5.11, 105.3, 94001, admin1="Lampung", population=150_000)
    # a trusted town, but in a country none of the article's other names is read in
    assert _common_word(_mention(text, "Metro", metro), {"USA"})
    assert not _common_word(_mention(text, "Metro", metro), {"IDN"})
    # with no other country named, only its size counts
    assert not _common_word(_mention(text, "Metro", metro), set())
    small = GazetteerEntry("Metro", "IDN", "city", -5.11, 105.3, 94002, admin1="Lampung", population=5_000)
    assert _common_word(_mention(text, "Metro", small), set())
    # "Paris": a famous town among its readings, wherever the article is
    paris = GazetteerEntry("Paris", "FRA", "city", 48.85, 2.35, 94003, admin1="Île-de-France", population=2_100_000)
    texas = GazetteerEntry("Paris", "USA", "city", 33.66, -95.56, 94004, admin1="Texas", population=25_000)
    mention = _mention("Police in Paris said.", "Paris", texas)
    mention.candidates = (texas, paris)
    assert not _common_word(mention, {"IDN"})


def test_a_division_abroad_makes_no_home_town_a_namesake():
    from collections import Counter

    from sitrep.stages.places.context import article_context
    from sitrep.stages.places.resolve import _namesake_elsewhere

    # a small town is a namesake when the article's sure names lie in other divisions of
    # its own country; a parish of Dominica ("St. Luke") is none of them
    twin_falls = GazetteerEntry("Twin Falls", "USA", "city", 42.56, -114.46, 5610810, admin1="Idaho", population=47_000)
    parish = GazetteerEntry("Saint Luke", "DMA", "admin1", 15.25, -61.35, 3576026, admin1="Saint Luke", population=1_500)
    boise = GazetteerEntry("Boise", "USA", "city", 43.61, -116.2, 5586437, admin1="Idaho", population=225_000)
    denver = GazetteerEntry("Denver", "USA", "city", 39.74, -104.98, 5419384, admin1="Colorado", population=700_000)
    town = _mention("A boy was shot in Twin Falls.", "Twin Falls", twin_falls)
    town.resolved = twin_falls
    abroad = _mention("He was taken to St. Luke.", "St. Luke", parish)
    context = article_context([town, abroad], Counter({"USA": 2}), None)
    assert not _namesake_elsewhere(town, context)
    # but a sure name in another US state makes it one, and one in its own state does not
    elsewhere = _mention("Police in Denver said.", "Denver", denver)
    assert _namesake_elsewhere(town, article_context([town, elsewhere], Counter(), None))
    home = _mention("Police in Boise said.", "Boise", boise)
    assert not _namesake_elsewhere(town, article_context([town, elsewhere, home], Counter(), None))
