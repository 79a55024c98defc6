"""The crowds stage: a note with ACLED's crowd-size tag reports a demonstration."""

from __future__ import annotations

import dataclasses

from sitrep.model import Actor, Event
from sitrep.resources.lexicons import Lexicons
from sitrep.resources.words import Words
from sitrep.stages.crowds import SIZE_TAG, code_crowds, demonstration_first


class _Res:
    lexicons = Lexicons.load_packaged()
    words = Words.load_packaged()


def event(trigger: str, rank: int, event_type: str, sub_type: str, **fields) -> Event:
    base = Event(article_id="t1", trigger=trigger, trigger_start=rank * 10, trigger_end=rank * 10 + len(trigger),
                 sentence_start=0, sentence_end=80, rank=rank, acled_event_type=event_type,
                 acled_sub_event_type=sub_type, plover="ASSAULT")
    return dataclasses.replace(base, **fields)


def test_the_tag_is_recognised_in_its_forms():
    assert SIZE_TAG.search("Residents marched to the town hall. [size=no report]")
    assert SIZE_TAG.search("Workers rallied. [Size=around 200]")
    assert not SIZE_TAG.search("Workers rallied in a square of some size.")


def test_violence_by_a_crowd_is_mob_violence_by_rioters():
    beating = event("beat", 0, "Violence against civilians", "Attack",
                    actor1=Actor(name="villagers", kind="civilians", acled_inter=7))
    (main,) = demonstration_first((beating,))
    assert (main.acled_event_type, main.acled_sub_event_type) == ("Riots", "Mob violence")
    assert main.actor1.acled_inter == 5 and main.actor1.name == "villagers"
    assert main.rule("acled") == "crowd-size tag:Mob violence"


def test_state_forces_keep_their_code_in_a_riot():
    shooting = event("fired", 0, "Battles", "Armed clash",
                     actor1=Actor(name="police", kind="police", acled_inter=1))
    (main,) = demonstration_first((shooting,))
    assert main.acled_event_type == "Riots" and main.actor1.acled_inter == 1


def test_the_protest_becomes_the_main_event_and_an_arrest_is_an_intervention():
    arrest = event("arrested", 0, "Strategic developments", "Arrests", plover="COERCE")
    protest = event("protested", 1, "Protests", "Peaceful protest", plover="PROTEST")
    ranked = sorted(demonstration_first((arrest, protest)), key=lambda e: e.rank)
    assert ranked[0].trigger == "protested"
    assert ranked[0].acled_sub_event_type == "Protest with intervention"
    assert [e.rank for e in ranked] == [0, 1]


def test_a_trained_models_decision_is_left_alone():
    typed = event("attacked", 0, "Violence against civilians", "Attack", coder="my-model")
    assert demonstration_first((typed,)) == (typed,)


def test_notes_without_the_tag_are_unchanged(analyse):
    attack = event("attacked", 0, "Violence against civilians", "Attack")
    analysis = analyse("Gunmen attacked a bus on the highway.", events=(attack,))
    assert code_crowds(analysis, _Res)["events"] == (attack,)
    tagged = analyse("Villagers attacked a bus on the highway. [size=no report]", events=(attack,))
    assert code_crowds(tagged, _Res)["events"][0].acled_event_type == "Riots"


def test_violence_by_the_crowd_makes_the_protest_a_riot_by_rioters():
    protest = event("marched", 1, "Protests", "Peaceful protest", plover="PROTEST",
                    actor1=Actor(name="students", kind="protesters", acled_inter=6))
    stoning = event("stoned", 0, "Violence against civilians", "Attack",
                    actor1=Actor(name="the marchers", kind="civilians", acled_inter=7))
    ranked = sorted(demonstration_first((stoning, protest)), key=lambda e: e.rank)
    assert (ranked[0].acled_event_type, ranked[0].acled_sub_event_type) == ("Riots", "Violent demonstration")
    assert ranked[0].actor1.acled_inter == 5


def test_violence_by_an_unnamed_perpetrator_does_not_make_a_riot():
    protest = event("marched", 1, "Protests", "Peaceful protest", plover="PROTEST")
    shooting = event("shot", 0, "Violence against civilians", "Attack",
                     actor1=Actor(name="Unidentified armed group", kind="armed group", acled_inter=3),
                     actor1_guess="unidentified perpetrator")
    ranked = sorted(demonstration_first((shooting, protest)), key=lambda e: e.rank)
    assert ranked[0].acled_sub_event_type == "Peaceful protest"


def test_a_tagged_note_with_no_protest_word_is_still_a_demonstration(analyse):
    text = "Residents blocked the main road with burning tyres over water cuts. [size=dozens]"
    start = text.index("blocked")
    blocking = Event(article_id="t1", trigger="blocked", trigger_start=start, trigger_end=start + 7,
                     sentence_start=0, sentence_end=text.index(" [size"), plover="COERCE",
                     acled_event_type="Strategic developments", acled_sub_event_type="Change to group/activity")
    (main,) = code_crowds(analyse(text, events=(blocking,)), _Res)["events"]
    assert (main.acled_event_type, main.acled_sub_event_type) == ("Riots", "Violent demonstration")
    calm = text.replace(" with burning tyres", "")
    blocking = dataclasses.replace(blocking, sentence_end=calm.index(" [size"))
    (main,) = code_crowds(analyse(calm, events=(blocking,)), _Res)["events"]
    assert (main.acled_event_type, main.acled_sub_event_type) == ("Protests", "Peaceful protest")
    assert main.plover == "PROTEST" and main.actor1.acled_inter == 6


def test_a_grievance_makes_crowd_violence_a_violent_demonstration():
    text = "Traders stoned the market office, demanding lower fees. [size=no report]"
    stoning = event("stoned", 0, "Violence against civilians", "Attack", sentence_end=text.index(" [size"))
    (main,) = demonstration_first((stoning,), text)
    assert main.acled_sub_event_type == "Violent demonstration"


def _untagged(text: str, *events: Event) -> tuple[Event, ...]:
    from sitrep.stages.crowds import crowd_violence

    return crowd_violence(_Res.words, events, text, _Res.lexicons)


def test_a_clash_between_party_workers_and_police_is_a_riot_without_the_tag():
    text = "Party workers clashed with police outside the district office on Monday."
    clash = event("clashed", 0, "Battles", "Armed clash", sentence_end=len(text),
                  actor1=Actor(name="Party workers", kind="armed group", acled_inter=3),
                  actor2=Actor(name="police", kind="police", acled_inter=1))
    (riot,) = _untagged(text, clash)
    assert (riot.acled_event_type, riot.acled_sub_event_type) == ("Riots", "Mob violence")
    assert riot.actor1.acled_inter == 5 and riot.actor2.name == "police"
    assert riot.rule("acled") == "crowd violence:Mob violence"


def test_the_crowd_side_of_a_clash_becomes_the_rioters():
    text = "Police clashed with students who were demanding a new hostel."
    clash = event("clashed", 0, "Battles", "Armed clash", sentence_end=len(text),
                  actor1=Actor(name="Police", kind="police", acled_inter=1),
                  actor2=Actor(name="students", kind="protesters", acled_inter=6))
    (riot,) = _untagged(text, clash)
    assert (riot.acled_event_type, riot.acled_sub_event_type) == ("Riots", "Violent demonstration")
    assert riot.actor1.name == "students" and riot.actor2.name == "Police"


def test_arson_by_an_unnamed_perpetrator_during_a_shutdown_is_a_riot():
    text = "Unknown people torched two buses during the dawn-to-dusk hartal."
    arson = event("torched", 0, "Strategic developments", "Looting/property destruction", sentence_end=len(text),
                  actor1=Actor(name="Unidentified armed group", kind="armed group", acled_inter=3),
                  actor1_guess="unidentified perpetrator")
    (riot,) = _untagged(text, arson)
    assert (riot.acled_event_type, riot.acled_sub_event_type) == ("Riots", "Violent demonstration")
    assert riot.actor1.name == "Rioters"
    calm = "Unknown people torched two buses near the depot."
    arson = dataclasses.replace(arson, sentence_end=len(calm))
    assert _untagged(calm, arson) == (arson,)


def test_a_gunfight_or_an_armed_group_stays_a_battle():
    text = "Two activists were wounded in a gunfight with police near the market."
    fight = event("gunfight", 0, "Battles", "Armed clash", sentence_end=len(text),
                  actor1=Actor(name="activists", kind="protesters", acled_inter=6),
                  actor2=Actor(name="police", kind="police", acled_inter=1))
    assert _untagged(text, fight) == (fight,)
    text = "Members of the brigade clashed with rival fighters near the river."
    clash = event("clashed", 0, "Battles", "Armed clash", sentence_end=len(text),
                  actor1=Actor(name="Members of the brigade", kind="armed group", acled_inter=3))
    assert _untagged(text, clash) == (clash,)


def test_a_clash_in_a_sentence_about_villagers_and_police_is_a_riot():
    text = "Several people were hurt when villagers and police clashed over a land survey."
    clash = event("clashed", 0, "Battles", "Armed clash", sentence_end=len(text),
                  made_by="trigger", trigger_key="clash", actor1_guess="unidentified perpetrator",
                  actor1=Actor(name="Unidentified armed group", kind="armed group", acled_inter=3))
    (riot,) = _untagged(text, clash)
    assert riot.acled_event_type == "Riots" and riot.actor1.acled_inter == 5
    text = "Several people were hurt when villagers and militants clashed over a land survey."
    clash = dataclasses.replace(clash, sentence_end=len(text))
    assert _untagged(text, clash) == (clash,)


def test_in_a_tagged_note_the_protest_is_the_riot_when_the_crowd_fought(analyse):
    text = "Students marched to the governor's office and clashed with police. [size=around 300]"
    end = text.index(" [size")
    clash = event("clashed", 0, "Battles", "Armed clash", sentence_end=end,
                  trigger_start=text.index("clashed"), trigger_end=text.index("clashed") + 7,
                  made_by="trigger", trigger_key="clash",
                  actor1=Actor(name="Students", kind="protesters", acled_inter=6),
                  actor2=Actor(name="police", kind="police", acled_inter=1))
    march = event("marched", 1, "Protests", "Protest with intervention", plover="PROTEST", sentence_end=end,
                  trigger_start=text.index("marched"), trigger_end=text.index("marched") + 7,
                  actor1=Actor(name="Students", kind="protesters", acled_inter=6))
    ranked = sorted(code_crowds(analyse(text, events=(clash, march)), _Res)["events"], key=lambda e: e.rank)
    assert ranked[0].trigger == "marched"
    assert (ranked[0].acled_event_type, ranked[0].acled_sub_event_type) == ("Riots", "Violent demonstration")
    assert ranked[1].acled_event_type == "Riots"
