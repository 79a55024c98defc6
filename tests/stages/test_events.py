"""The events stage on sentences written for these tests: detection, modality, typing."""

from __future__ import annotations

import pytest

from sitrep.resources.lexicons import Lexicons
from sitrep.stages.events import find_events


class _Res:
    lexicons = Lexicons.load_packaged()


def events_of(analyse, text: str):
    return find_events(analyse(text), _Res)["events"]


def test_a_plain_attack_is_an_event(analyse):
    (event,) = events_of(analyse, "Gunmen stormed a police post in the north on Sunday.")
    assert event.plover == "ASSAULT"
    assert event.trigger == "stormed"
    assert event.acled_event_type == "Violence against civilians"


@pytest.mark.parametrize(
    "text",
    [
        "The army denied attacking the village.",  # denial
        "Rebels plan to attack the town next week.",  # plan
        "Police did not arrest anyone at the rally.",  # negation
        "No one was hurt.",  # negated subject
        "If the talks collapse, the militia would attack the port.",  # hypothetical
        "Attacks on aid workers have increased this year.",  # trend, not an event
    ],
)
def test_modality_keeps_non_events_out(analyse, text):
    assert [e for e in events_of(analyse, text) if e.plover in ("ASSAULT", "COERCE")] == []


def test_a_threat_is_a_threaten_not_an_assault(analyse):
    events = events_of(analyse, "Militants threatened to strike the air base.")
    assert [e.plover for e in events] == ["THREATEN"]


def test_passive_voice_is_detected(analyse):
    (event,) = events_of(analyse, "The convoy was ambushed by gunmen near the border.")
    assert event.plover == "ASSAULT" and event.trigger == "ambushed"


def test_coordinated_actions_are_one_event(analyse):
    events = events_of(analyse, "Soldiers shelled and stormed the rebel camp.")
    assert len([e for e in events if e.plover == "ASSAULT"]) == 1


def test_cue_words_refine_the_sub_type(analyse):
    (drone,) = events_of(analyse, "A drone attack hit the airport on Monday.")
    assert drone.acled_sub_event_type == "Air/drone strike"
    assert drone.rule("acled") == "cue:drone"
    (ied,) = events_of(analyse, "Two soldiers were killed when a roadside bomb exploded near their patrol.")
    assert ied.acled_sub_event_type == "Remote explosive/landmine/IED"
    (gas,) = events_of(analyse, "Police fired tear gas to disperse students who protested outside the ministry.")
    assert gas.plover == "PROTEST" and gas.acled_sub_event_type == "Protest with intervention"


def test_a_cue_near_another_trigger_is_not_borrowed(analyse):
    events = events_of(analyse, "Soldiers attacked the camp in retaliation for a drone strike on their base.")
    attack = next(e for e in events if e.trigger == "attacked")
    assert attack.acled_sub_event_type != "Air/drone strike"


def test_a_casualty_clause_belongs_to_its_event(analyse):
    events = events_of(analyse, "A bomb attack that killed four people shook the market.")
    assert len(events) == 1 and events[0].trigger == "attack"


def test_evidence_points_at_the_trigger(analyse):
    text = "Protesters marched through the capital on Friday."
    (event,) = events_of(analyse, text)
    (trigger,) = [e for e in event.evidence if e.field == "trigger"]
    assert text[trigger.start:trigger.end] == trigger.text == "marched"
    assert event.plover == "PROTEST" and event.acled_sub_event_type == "Peaceful protest"


def test_definite_mentions_are_marked(analyse):
    events = events_of(analyse, "Jets bombed the depot. The strikes destroyed fuel stores.")
    assert [e.rule("mention") for e in events] == [None, "definite"]


def test_a_body_found_is_an_event(analyse):
    (event,) = events_of(analyse, "Two men were found dead near the highway.")
    assert event.plover == "ASSAULT" and event.acled_sub_event_type == "Attack"


def test_a_hyphenated_sit_in_is_a_protest(analyse):
    (event,) = events_of(analyse, "Residents staged a sit-in outside the town hall on Monday.")
    assert event.plover == "PROTEST" and event.trigger == "sit-in"
