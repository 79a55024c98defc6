"""Stage ``event_places``: where an event happened, from hand-built events and places."""

from __future__ import annotations

import dataclasses

import pytest

from sitrep.model import Actor, Article, Event, Place
from sitrep.pipeline import Analysis
from sitrep.resources import Resources
from sitrep.resources.gazetteer import GazetteerEntry, InMemoryGazetteer
from sitrep.stages.event_places import run_event_places

COUNTRIES = {
    "USA": ("United States", 39.83, -98.58),
    "IRQ": ("Iraq", 33.0, 44.0),
    "SYR": ("Syria", 35.0, 38.0),
    "ISR": ("Israel", 31.5, 34.75),
}
#: name -> (country, admin1, precision, lat, lon)
KNOWN = {
    "US": ("USA", None, "country", 39.83, -98.58),
    "Iraq": ("IRQ", None, "country", 33.0, 44.0),
    "Syria": ("SYR", None, "country", 35.0, 38.0),
    "Israel": ("ISR", None, "country", 31.5, 34.75),
    "Iran": ("IRN", None, "country", 32.0, 53.0),
    "Anbar province": ("IRQ", "Anbar", "admin1", 33.94, 42.18),  # the province's own (derived) point
    "Erbil Air Base": ("IRQ", "Erbil", "site", 36.237, 43.963),
    "Ramadi": ("IRQ", "Anbar", "city", 33.42, 43.30),
    "Fallujah": ("IRQ", "Anbar", "city", 33.35, 43.78),
    "Tikrit": ("IRQ", "Salah ad Din", "city", 34.61, 43.68),
    "Hit": ("IRQ", "Anbar", "city", 33.64, 42.83),
    "Erbil": ("IRQ", "Erbil", "city", 36.19, 44.01),
}


@pytest.fixture(scope="module")
def resources() -> Resources:
    entries = [GazetteerEntry(name, code, "country", lat, lon) for code, (name, lat, lon) in COUNTRIES.items()]
    return Resources(gazetteer=InMemoryGazetteer(entries), lexicons=None)


def mention(text: str, words: str, nth: int = 0) -> Place:
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    country, admin1, precision, lat, lon = KNOWN[words]
    return Place(name=words, country=country, admin1=admin1, lat=lat, lon=lon, precision=precision,
                 text=words, start=start, end=start + len(words))


def event(text: str, trigger: str, sentence: str, **fields) -> Event:
    s = text.index(sentence)
    t = text.index(trigger, s)
    return Event(article_id="t1", trigger=trigger, trigger_start=t, trigger_end=t + len(trigger),
                 sentence_start=s, sentence_end=s + len(sentence), **fields)


def run(analyse, resources, text, events, places):
    out = run_event_places(analyse(text, events=tuple(events), places=tuple(places)), resources)
    return out["events"]


def test_actor_country_is_not_the_event_place(analyse, resources):
    text = "US forces attacked three sites in Iraq on Monday."
    ev = event(text, "attacked", text)
    (placed,) = run(analyse, resources, text, [ev], [mention(text, "US"), mention(text, "Iraq")])
    assert placed.place.country == "IRQ" and placed.place.precision == "country"
    evidence = [e for e in placed.evidence if e.field == "place"]
    assert evidence and text[evidence[0].start:evidence[0].end] == "Iraq"


def test_actor_span_is_not_the_place_even_without_a_preposition(analyse, resources):
    text = "Iraq's army shelled positions held by the militants, the US said."
    actor = Actor(name="Iraq's army", country="IRQ", kind="military", start=0, end=11)
    ev = event(text, "shelled", text, actor1=actor)
    (placed,) = run(analyse, resources, text, [ev], [mention(text, "Iraq"), mention(text, "US")])
    # Neither the actor's country nor the speaker's country is where it happened.
    assert placed.place is None or placed.place.country not in ("USA",)


def test_air_base_keeps_site_precision(analyse, resources):
    text = "A drone attack on Erbil Air Base injured three US servicemen."
    ev = event(text, "attack", text)
    (placed,) = run(analyse, resources, text, [ev], [mention(text, "Erbil Air Base"), mention(text, "US")])
    p = placed.place
    assert (p.name, p.country, p.admin1, p.precision) == ("Erbil Air Base", "IRQ", "Erbil", "site")
    assert abs(p.lat - 36.24) < 0.27 and abs(p.lon - 43.96) < 0.33


def test_province_level_event_keeps_admin1_precision(analyse, resources):
    text = "Militants attacked a checkpoint in Anbar province, officials said."
    ev = event(text, "attacked", text)
    (placed,) = run(analyse, resources, text, [ev], [mention(text, "Anbar province")])
    p = placed.place
    assert p.precision == "admin1" and p.admin1 == "Anbar"
    assert (p.lat, p.lon) == (33.94, 42.18)  # the province's point, not a city's


def test_province_event_with_a_town_elsewhere_keeps_the_province_point(analyse, resources):
    text = "Officials in Ramadi said militants attacked a checkpoint in Anbar province."
    ev = event(text, "attacked", text)
    (placed,) = run(analyse, resources, text, [ev], [mention(text, "Ramadi"), mention(text, "Anbar province")])
    p = placed.place
    assert p.precision == "admin1" and (p.lat, p.lon) != KNOWN["Ramadi"][3:]


def test_finer_place_wins_when_both_are_locative(analyse, resources):
    text = "A car bomb exploded in Ramadi in Anbar province on Friday."
    ev = event(text, "exploded", text)
    (placed,) = run(analyse, resources, text, [ev], [mention(text, "Ramadi"), mention(text, "Anbar province")])
    assert placed.place.name == "Ramadi" and placed.place.precision == "city"


def test_falls_back_on_the_article_main_country(analyse, resources):
    text = ("Fighting continued in Syria this week. "
            "Rebels said they shot down a drone.")
    sentence = "Rebels said they shot down a drone."
    ev = event(text, "shot", sentence)
    (placed,) = run(analyse, resources, text, [ev], [mention(text, "Syria")])
    assert placed.place.country == "SYR" and placed.place.precision == "country"
    assert placed.place.lat == 35.0  # the country's point from the gazetteer


def test_no_places_leaves_the_event_alone(analyse, resources):
    text = "Rebels said they shot down a drone."
    ev = event(text, "shot", text)
    (placed,) = run(analyse, resources, text, [ev], [])
    assert placed.place is None and not placed.evidence


def test_seed_like_article_places_both_events(analyse, resources):
    text = ("US forces launched attacks on three locations in Iraq on Iran-backed forces. "
            "The strikes answered an attack on Erbil Air Base earlier today.")
    first = text[: text.index(". ") + 1]
    second = text[text.index("The strikes"):]
    e1 = event(text, "attacks", first)
    e2 = event(text, "attack", second)
    places = [mention(text, "US"), mention(text, "Iraq"), mention(text, "Iran"), mention(text, "Erbil Air Base")]
    strikes, drone = run(analyse, resources, text, [e1, e2], places)
    assert strikes.place.country == "IRQ" and strikes.place.name == "Iraq"
    assert drone.place.name == "Erbil Air Base" and drone.place.precision == "site"


def test_no_events(analyse, resources):
    assert run(analyse, resources, "Quiet day.", [], []) == ()


def test_a_place_inside_an_organisation_name_serves_only_when_the_article_names_no_other(analyse, resources):
    text = "The Iraq Health Ministry reported that rockets hit Ramadi overnight."
    ev = event(text, "hit", text)
    inside = dataclasses.replace(mention(text, "Iraq"), in_organisation=True)
    (placed,) = run(analyse, resources, text, [ev], [inside, mention(text, "Ramadi")])
    assert placed.place.name == "Ramadi" and placed.rule("place") == "the event's own sentence"
    (alone,) = run(analyse, resources, text, [ev], [inside])
    assert alone.place.name == "Iraq" and not alone.place.in_organisation
    assert alone.rule("place") == "named in an organisation's name"


def test_a_town_named_in_an_organisation_name_places_the_event_at_that_town(analyse, resources):
    text = "Students protested at Erbil University on Monday."
    ev = event(text, "protested", text)
    inside = dataclasses.replace(mention(text, "Erbil"), in_organisation=True)
    (placed,) = run(analyse, resources, text, [ev], [inside])
    assert placed.place.name == "Erbil" and placed.place.precision in ("city", "admin1")
    assert placed.rule("place") == "named in an organisation's name"
    assert placed.evidence[-1].text == "Erbil"


def test_an_event_whose_sentence_names_no_place_takes_the_next_sentence_that_says_where(analyse, resources):
    text = "Two men were shot dead on Sunday. The shooting happened in Ramadi after dark."
    ev = event(text, "shot", "Two men were shot dead on Sunday.")
    (placed,) = run(analyse, resources, text, [ev], [mention(text, "Ramadi")])
    assert placed.place.name == "Ramadi" and placed.rule("place") == "a later sentence"


def test_the_people_of_a_place_say_where(analyse, resources):
    text = "Ramadi residents protested against power cuts."
    ev = event(text, "protested", text)
    (placed,) = run(analyse, resources, text, [ev], [mention(text, "Ramadi")])
    assert placed.place.name == "Ramadi" and placed.rule("place") == "the event's own sentence"


def test_a_name_after_in_is_a_location_even_when_parsed_as_a_subject(analyse, resources):
    text = "In Ramadi, two policemen were shot dead by gunmen on Monday."
    ev = event(text, "shot", text)
    (placed,) = run(analyse, resources, text, [ev], [mention(text, "Ramadi")])
    assert placed.place is not None and placed.place.name == "Ramadi"


def test_an_event_with_no_place_in_its_sentence_takes_the_earlier_sentences(analyse, resources):
    text = "On Monday, in Ramadi, police raided a house. A gunfight broke out and two men were killed."
    second = "A gunfight broke out and two men were killed."
    ev = event(text, "killed", second)
    (placed,) = run(analyse, resources, text, [ev], [mention(text, "Ramadi")])
    assert (placed.place.name, placed.place.precision) == ("Ramadi", "city")


def test_the_place_named_inside_another_is_the_event_place(analyse, resources):
    text = "Regime forces shelled Ramadi in Anbar province on Monday."
    ev = event(text, "shelled", text)
    (placed,) = run(analyse, resources, text, [ev], [mention(text, "Ramadi"), mention(text, "Anbar province")])
    assert placed.place.name == "Ramadi"


def test_a_finer_place_in_a_gloss_after_the_country_is_the_event_place(analyse, resources):
    text = "Artillery shelled villages in western Iraq (Anbar province) on Monday."
    ev = event(text, "shelled", text)
    (placed,) = run(analyse, resources, text, [ev], [mention(text, "Iraq"), mention(text, "Anbar province")])
    assert (placed.place.name, placed.place.precision) == ("Anbar province", "admin1")


def test_a_town_that_names_a_site_in_it_is_where_the_event_was(analyse, resources):
    # "Ramadi's main square", "the Ramadi city centre": the town qualifies a site in it, not an actor
    for text, words in (("Hundreds of teachers protested in Ramadi's main square on Sunday.", "Ramadi"),
                        ("Families held a sit-in outside the council building in Fallujah city centre.", "Fallujah")):
        ev = event(text, "protested" if "protested" in text else "sit-in", text)
        (placed,) = run(analyse, resources, text, [ev], [mention(text, words)])
        assert placed.place is not None and placed.place.name == words, text


def test_a_site_named_after_a_town_does_not_outrank_the_town_the_text_puts_it_in(analyse, resources):
    text = "Students protested near the Tikrit mall in Ramadi on Sunday."
    ev = event(text, "protested", text)
    (placed,) = run(analyse, resources, text, [ev], [mention(text, "Tikrit"), mention(text, "Ramadi")])
    assert placed.place.name == "Ramadi"


def test_residents_of_a_town_acted_there(analyse, resources):
    text = "Angry residents of Hit blocked the main road with burning tyres."
    actor = Actor(name="residents of Hit", kind="civilians", start=6, end=22)
    ev = event(text, "blocked", text, actor1=actor)
    (placed,) = run(analyse, resources, text, [ev], [mention(text, "Hit")])
    assert placed.place is not None and placed.place.name == "Hit"


def test_a_later_event_takes_a_place_the_earlier_sentence_names_without_a_preposition(analyse, resources):
    # "Gunmen stormed Hit": no preposition governs Hit, but it is where the next event happened
    text = "Gunmen stormed Hit on Monday. Two policemen were killed."
    ev = event(text, "killed", "Two policemen were killed.")
    (placed,) = run(analyse, resources, text, [ev], [mention(text, "Hit")])
    assert placed.place is not None and (placed.place.name, placed.place.precision) == ("Hit", "city")


def test_a_later_event_never_takes_an_earlier_actor_or_speaker(analyse, resources):
    text = "US forces said on Monday that they would stay. A rocket killed two guards."
    ev = event(text, "killed", "A rocket killed two guards.")
    (placed,) = run(analyse, resources, text, [ev], [mention(text, "US")])
    assert placed.place is None


def parsed(nlp, words, spaces, heads, deps, pos):
    """A doc with the parse given (as the small model sometimes gets it), for ``Analysis.doc``."""
    from spacy.tokens import Doc

    starts = [True] + [False] * (len(words) - 1)
    return Doc(nlp.vocab, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos, sent_starts=starts)


def test_a_bracketed_gloss_says_where_however_it_is_parsed(nlp, resources):
    # "Gunmen attacked Karmaville (Hit, Anbar province), killed two men." with the gloss
    # parsed as the subject of "killed": the brackets still only say where
    words = ["Gunmen", "attacked", "Karmaville", "(", "Hit", ",", "Anbar", "province", ")", ",", "killed",
             "two", "men", "."]
    spaces = [True, True, True, False, False, True, True, False, False, True, True, True, False, False]
    heads = [1, 1, 1, 4, 10, 4, 7, 4, 4, 10, 1, 12, 10, 1]
    deps = ["nsubj", "ROOT", "dobj", "punct", "nsubj", "punct", "compound", "appos", "punct", "punct", "conj",
            "nummod", "dobj", "punct"]
    pos = ["NOUN", "VERB", "PROPN", "PUNCT", "PROPN", "PUNCT", "PROPN", "NOUN", "PUNCT", "PUNCT", "VERB",
           "NUM", "NOUN", "PUNCT"]
    doc = parsed(nlp, words, spaces, heads, deps, pos)
    text = doc.text
    ev = event(text, "attacked", text)
    analysis = Analysis(article=Article(id="t1", text=text), doc=doc, events=(ev,),
                        places=(mention(text, "Hit"), mention(text, "Anbar province")))
    (placed,) = run_event_places(analysis, resources)["events"]
    assert placed.place is not None and placed.place.name == "Hit"


def test_a_town_after_in_is_no_qualifier_of_the_verb(nlp, resources):
    # "In Fallujah, gunmen opened fire." with "Fallujah" parsed as a noun phrase modifying "opened"
    words = ["In", "Fallujah", ",", "gunmen", "opened", "fire", "."]
    spaces = [True, False, True, True, True, False, False]
    heads = [4, 4, 4, 4, 4, 4, 4]
    deps = ["prep", "npadvmod", "punct", "nsubj", "ROOT", "dobj", "punct"]
    pos = ["ADP", "PROPN", "PUNCT", "NOUN", "VERB", "NOUN", "PUNCT"]
    doc = parsed(nlp, words, spaces, heads, deps, pos)
    text = doc.text
    ev = event(text, "opened", text)
    analysis = Analysis(article=Article(id="t1", text=text), doc=doc, events=(ev,),
                        places=(mention(text, "Fallujah"),))
    (placed,) = run_event_places(analysis, resources)["events"]
    assert placed.place is not None and placed.place.name == "Fallujah"


def test_a_gloss_after_another_mention_of_the_same_place_is_finer():
    from sitrep.stages.event_places import _innermost

    # "Hawija area in western Iraq (Anbar province)": the unknown Hawija took Iraq's entry,
    # and the gloss after "Iraq" says where in it
    text = "Gunmen fired shells at villages in Hawija area in western Iraq (Anbar province), and machine guns."
    start = text.index("Hawija")
    iraq = dataclasses.replace(mention(text, "Iraq"), geonameid=99237)
    unknown = dataclasses.replace(iraq, text="Hawija", start=start, end=start + 6)
    anbar = mention(text, "Anbar province")
    best = _innermost(text, unknown, [(unknown, 9.0), (iraq, 8.0), (anbar, 2.0)])
    assert best is anbar


def test_a_lone_reading_abroad_among_names_of_one_country_is_a_namesake(analyse, resources):
    # the gazetteer read "Hit" as a foreign hamlet; the article's other names agree on Iraq
    text = ("Forces of the militia located at Hit fired with unspecified weapons on the positions of the army "
            "assumed to be located near Ramadi, Anbar province.")
    ev = event(text, "fired", text)
    start = text.index("Hit")
    abroad = Place(name="Hit", country="USA", admin1="Texas", precision="city", text="Hit", start=start, end=start + 3)
    (placed,) = run(analyse, resources, text, [ev], [abroad, mention(text, "Ramadi"), mention(text, "Anbar province")])
    assert placed.place.country == "IRQ"
    # with no names agreeing on another country, a lone reading stands
    (alone,) = run(analyse, resources, text, [ev], [abroad])
    assert alone.place.country == "USA"


def test_a_place_that_qualifies_nouns_far_from_the_trigger_is_not_the_events(analyse, resources):
    text = "People in Ramadi took part in a demonstration in support of the declaration of autonomy in Syria."
    ev = event(text, "demonstration", text)
    (placed,) = run(analyse, resources, text, [ev], [mention(text, "Ramadi"), mention(text, "Syria")])
    assert placed.place.name == "Ramadi"



def test_a_town_that_qualifies_a_noun_places_an_event_the_article_places_nowhere_else(analyse, resources):
    text = "A mob attacked Ramadi police officers on Friday."
    ev = event(text, "attacked", text)
    (placed,) = run(analyse, resources, text, [ev], [mention(text, "Ramadi")])
    assert placed.place.name == "Ramadi" and placed.rule("place") == "a place that qualifies a noun"


def test_a_place_that_qualifies_armed_forces_never_places_the_event(analyse, resources):
    text = "Anbar province forces were attacked on Friday."
    ev = event(text, "attacked", text)
    (unplaced,) = run(analyse, resources, text, [ev], [mention(text, "Anbar province")])
    assert unplaced.place is None


def test_an_unplaced_event_takes_the_place_the_other_events_share(analyse, resources):
    text = "Gunmen attacked a checkpoint in Ramadi. Two soldiers died. Police arrested a man in Ramadi."
    first = event(text, "attacked", "Gunmen attacked a checkpoint in Ramadi.")
    second = event(text, "died", "Two soldiers died.")
    third = event(text, "arrested", "Police arrested a man in Ramadi.")
    places = [mention(text, "Ramadi"), mention(text, "Ramadi", nth=1)]
    a, b, c = run(analyse, resources, text, [first, second, third], places)
    assert a.place.name == c.place.name == "Ramadi" and a.rule("place") == "the event's own sentence"
    # the earlier sentence comes first; here it names Ramadi too
    assert b.place.name == "Ramadi" and b.rule("place") == "an earlier sentence"


def test_with_no_earlier_place_the_shared_place_comes_before_a_later_sentence(analyse, resources):
    text = "Two soldiers died on Monday. Gunmen attacked a checkpoint in Ramadi. Police arrested a man in Ramadi. Fallujah was calm."
    died = event(text, "died", "Two soldiers died on Monday.")
    attacked = event(text, "attacked", "Gunmen attacked a checkpoint in Ramadi.")
    arrested = event(text, "arrested", "Police arrested a man in Ramadi.")
    places = [mention(text, "Ramadi"), mention(text, "Ramadi", nth=1), mention(text, "Fallujah")]
    placed, _, _ = run(analyse, resources, text, [died, attacked, arrested], places)
    assert placed.place.name == "Ramadi" and placed.rule("place") == "the place the article's other events share"


def test_an_event_placed_in_a_province_takes_the_town_the_other_sentences_name_in_it(analyse, resources):
    text = "Militants attacked a checkpoint in Anbar province. Police in Ramadi said two men were held in Ramadi."
    ev = event(text, "attacked", "Militants attacked a checkpoint in Anbar province.")
    places = [mention(text, "Anbar province"), mention(text, "Ramadi"), mention(text, "Ramadi", nth=1)]
    (placed,) = run(analyse, resources, text, [ev], places)
    assert placed.place.name == "Ramadi" and placed.place.precision == "city"
    assert placed.rule("place") == "a town the article names in that division"


def test_the_town_a_province_event_takes_is_cited_where_another_sentence_names_it(analyse, resources):
    text = "Officials in Ramadi said militants attacked a checkpoint in Anbar province. Two men were held in Ramadi."
    ev = event(text, "attacked", "Officials in Ramadi said militants attacked a checkpoint in Anbar province.")
    places = [mention(text, "Ramadi"), mention(text, "Anbar province"), mention(text, "Ramadi", nth=1)]
    (placed,) = run(analyse, resources, text, [ev], places)
    assert placed.place.name == "Ramadi" and placed.rule("place") == "a town the article names in that division"
    assert placed.place.start == text.index("Ramadi", text.index("held"))  # not the own sentence's Ramadi


def test_an_unplaced_event_takes_the_town_the_article_names_most(analyse, resources):
    text = "A Hit teenager was wounded on Friday, Hit police said. He was taken to a hospital in Fallujah. He was shot in the leg."
    ev = event(text, "shot", "He was shot in the leg.")
    places = [mention(text, "Hit"), mention(text, "Hit", nth=1), mention(text, "Fallujah")]
    (placed,) = run(analyse, resources, text, [ev], places)
    assert placed.place.name == "Hit" and placed.rule("place") == "the town the article names most"


def test_a_town_named_as_often_as_the_earlier_sentences_does_not_displace_it(analyse, resources):
    text = "A Hit teenager was wounded on Friday. He was taken to a hospital in Fallujah. He was shot in the leg."
    ev = event(text, "shot", "He was shot in the leg.")
    places = [mention(text, "Hit"), mention(text, "Fallujah")]
    (placed,) = run(analyse, resources, text, [ev], places)
    assert placed.place.name == "Fallujah" and placed.rule("place") == "an earlier sentence"


def test_a_province_event_takes_the_town_the_article_names_most_in_it(analyse, resources):
    text = "A Hit teenager was shot in Anbar province on Friday. Hit police are investigating."
    ev = event(text, "shot", "A Hit teenager was shot in Anbar province on Friday.")
    places = [mention(text, "Hit"), mention(text, "Anbar province"), mention(text, "Hit", nth=1)]
    (placed,) = run(analyse, resources, text, [ev], places)
    assert placed.place.name == "Hit" and placed.rule("place") == "the town the article names most in that division"


def test_a_place_in_the_publishers_name_after_the_title_is_not_where_the_event_was(analyse, resources):
    text = "Police say two men were shot on Monday - KXYZ News 4 Ramadi\n\nThe victims were taken to a hospital in Fallujah."
    ev = event(text, "shot", "Police say two men were shot on Monday - KXYZ News 4 Ramadi")
    (placed,) = run(analyse, resources, text, [ev], [mention(text, "Ramadi"), mention(text, "Fallujah")])
    assert placed.place.name == "Fallujah" and placed.rule("place") == "a later sentence"


def test_a_masthead_is_a_short_publishers_name_after_a_title():
    from sitrep.stages.event_places import _in_masthead

    def at(text, words, nth=0):
        start = -1
        for _ in range(nth + 1):
            start = text.index(words, start + 1)
        return Place(name=words, text=words, start=start, end=start + len(words))

    for text in ("Two men shot - KXYZ News 4 Ramadi\nMore.", "Two men shot | WXYZ Ramadi"):
        assert _in_masthead(text, at(text, "Ramadi")), text
    for text in ("RAMADI - Ramadi police said two men were shot.", "Two men were shot in Ramadi on Monday."):
        assert not _in_masthead(text, at(text, "Ramadi")), text


def test_a_place_its_sentence_does_not_locate_gives_way_to_the_town_the_article_names_most(analyse, resources):
    text = "Hit police said the gunman who shot a man on Friday had fled Fallujah. Hit officers are searching for him."
    sentence = "Hit police said the gunman who shot a man on Friday had fled Fallujah."
    ev = event(text, "shot", sentence)
    places = [mention(text, "Hit"), mention(text, "Fallujah"), mention(text, "Hit", nth=1)]
    (placed,) = run(analyse, resources, text, [ev], places)
    assert placed.place.name == "Hit" and placed.rule("place") == "the town the article names most"
    # "in Fallujah" locates it: the sentence's place stands
    located = text.replace("had fled Fallujah", "in Fallujah")
    ev = event(located, "shot", sentence.replace("had fled Fallujah", "in Fallujah"))
    places = [mention(located, "Hit"), mention(located, "Fallujah"), mention(located, "Hit", nth=1)]
    (placed,) = run(analyse, resources, located, [ev], places)
    assert placed.place.name == "Fallujah" and placed.rule("place") == "the event's own sentence"


def test_a_town_named_in_an_organisation_name_counts_half_towards_the_town_named_most(analyse, resources):
    text = "A Hit teenager was taken to a hospital in Fallujah. He was shot in the leg, the Hit Police Department said."
    ev = event(text, "shot", "He was shot in the leg, the Hit Police Department said.")
    in_name = dataclasses.replace(mention(text, "Hit", nth=1), in_organisation=True)
    places = [mention(text, "Hit"), mention(text, "Fallujah"), in_name]
    (placed,) = run(analyse, resources, text, [ev], places)
    assert placed.place.name == "Hit" and placed.rule("place") == "the town the article names most"
    assert not placed.place.in_organisation and placed.place.start == text.index("Hit")
