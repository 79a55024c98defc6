"""The perpetrators stage: an unnamed perpetrator is coded as ACLED codes it, and marked."""

from __future__ import annotations

import dataclasses

from sitrep.model import Actor, Event, Place
from sitrep.resources import InMemoryGazetteer, Resources
from sitrep.resources.lexicons import Lexicons
from sitrep.stages.perpetrators import code_unnamed_perpetrators

_Res = Resources(gazetteer=InMemoryGazetteer([]), lexicons=Lexicons.load_packaged())


def event(**fields) -> Event:
    base = dict(article_id="t", trigger="attacked", trigger_start=6, trigger_end=14, sentence_start=0,
                sentence_end=30, plover="ASSAULT", acled_event_type="Violence against civilians",
                acled_sub_event_type="Attack", place=Place("Kano", "NGA", precision="city"))
    base.update(fields)
    return Event(**base)


def run(analyse, *events):
    return code_unnamed_perpetrators(analyse("A bus was attacked on Monday.", events=events), _Res)["events"]


def test_an_unnamed_attacker_is_an_unidentified_armed_group_of_the_place(analyse):
    (coded,) = run(analyse, event())
    assert (coded.actor1.name, coded.actor1.country, coded.actor1.acled_inter) == ("Unidentified armed group", "NGA", 3)
    assert coded.rule("actor1") == "unidentified perpetrator"
    assert not any(e.field == "actor1" for e in coded.evidence)  # a default, not words in the text


def test_named_actors_and_peaceful_events_are_left_alone(analyse):
    police = Actor("police", "NGA", "police", 1)
    named, protest = run(analyse, event(actor1=police),
                         event(plover="PROTEST", acled_event_type="Protests", acled_sub_event_type="Peaceful protest"))
    assert named.actor1 == police
    assert protest.actor1 is None


def test_a_crowd_takes_the_code_of_its_events_final_type():
    from sitrep.model import Actor, Event
    from sitrep.stages.perpetrators import with_crowd_code

    base = Event(article_id="t", trigger="marched", trigger_start=0, trigger_end=7, sentence_start=0,
                 sentence_end=20, plover="PROTEST", acled_event_type="Riots",
                 acled_sub_event_type="Violent demonstration",
                 actor1=Actor(name="students", kind="protesters", acled_inter=6))
    assert with_crowd_code(base).actor1.acled_inter == 5
    calm = Event(article_id="t", trigger="marched", trigger_start=0, trigger_end=7, sentence_start=0,
                 sentence_end=20, plover="PROTEST", acled_event_type="Protests", acled_sub_event_type="Peaceful protest",
                 actor1=Actor(name="villagers", kind="civilians", acled_inter=7))
    assert with_crowd_code(calm).actor1.acled_inter == 6
    police = Event(article_id="t", trigger="fired", trigger_start=0, trigger_end=5, sentence_start=0,
                   sentence_end=20, plover="ASSAULT", acled_event_type="Riots", acled_sub_event_type="Mob violence",
                   actor1=Actor(name="police", kind="police", acled_inter=1))
    rioted = with_crowd_code(police)
    assert (rioted.actor1.name, rioted.actor1.acled_inter) == ("Rioters", 5)
    assert rioted.actor2.name == "police" and rioted.rule("actor1") == "crowd of a riot"
    marchers = Event(article_id="t", trigger="marched", trigger_start=0, trigger_end=7, sentence_start=0,
                     sentence_end=20, plover="PROTEST", acled_event_type="Protests",
                     acled_sub_event_type="Peaceful protest",
                     actor1=Actor(name="retired soldiers", kind="military", acled_inter=1))
    assert with_crowd_code(marchers).actor1.acled_inter == 6


def test_an_armed_doer_named_in_the_next_sentence_is_the_perpetrator(analyse):
    text = "A bus was hit by a roadside bomb on Monday. The bomb was planted by rebel fighters, police said."
    start = text.index("hit")
    bombing = event(trigger="hit", trigger_start=start, trigger_end=start + 3, sentence_start=0,
                    sentence_end=text.index(" The bomb"), acled_event_type="Explosions/Remote violence",
                    acled_sub_event_type="Remote explosive/landmine/IED")
    (coded,) = code_unnamed_perpetrators(analyse(text, events=(bombing,)), _Res)["events"]
    assert coded.actor1.name == "rebel fighters" and coded.rule("actor1") == "named elsewhere"
    assert any(e.field == "actor1" and e.text == "rebel fighters" for e in coded.evidence)
    old = dataclasses.replace(bombing, background=True)
    (coded,) = code_unnamed_perpetrators(analyse(text, events=(old,)), _Res)["events"]
    assert coded.rule("actor1") == "unidentified perpetrator"
