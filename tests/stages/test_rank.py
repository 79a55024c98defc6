"""The rank stage: the lead's current event first, background events last."""

from __future__ import annotations

from sitrep.model import Count, Event
from sitrep.stages.rank import rank_events


def at(text: str, trigger: str, **fields) -> Event:
    start = text.index(trigger)
    sentence_start = text.rfind(". ", 0, start) + 2 if ". " in text[:start] else 0
    typed = dict(plover="ASSAULT", acled_event_type="Violence against civilians", acled_sub_event_type="Attack")
    typed.update(fields)
    return Event(article_id="t", trigger=trigger, trigger_start=start, trigger_end=start + len(trigger),
                 sentence_start=sentence_start, sentence_end=len(text), **typed)


def ranks(analyse, text, events):
    out = rank_events(analyse(text, events=tuple(events)), None)["events"]
    return {e.trigger: e.rank for e in out}


def test_the_lead_event_ranks_first(analyse):
    text = "Gunmen attacked a bus on Monday. Separately, soldiers raided a farm in the east."
    assert ranks(analyse, text, [at(text, "raided"), at(text, "attacked")]) == {"attacked": 0, "raided": 1}


def test_background_ranks_after_current_events(analyse):
    text = "Militants ambushed a convoy in 2015, killing 40. Police raided a house on Friday."
    events = [at(text, "ambushed", background=True, killed=Count(40, 40, 40, "40")), at(text, "raided")]
    assert ranks(analyse, text, events) == {"raided": 0, "ambushed": 1}


def test_an_event_that_is_only_the_occasion_of_another_ranks_after_it(analyse):
    text = "The ministry blamed the rebels for the bombing of the bridge."
    blame = at(text, "blamed", plover="ACCUSE", acled_event_type=None, acled_sub_event_type=None)
    bombing = at(text, "bombing", acled_event_type="Explosions/Remote violence",
                 acled_sub_event_type="Remote explosive/landmine/IED")
    assert ranks(analyse, text, [bombing, blame]) == {"blamed": 0, "bombing": 1}
    text = "Rebels attacked the bridge with bombs after the talks."
    assert ranks(analyse, text, [at(text, "attacked"), at(text, "talks", plover="CONSULT", acled_event_type=None,
                                                           acled_sub_event_type=None)])["attacked"] == 0


def test_a_battle_that_is_only_the_background_of_a_ceasefire_ranks_after_it(analyse):
    text = "The movement declared a ceasefire on Monday after two weeks of fighting with the army."
    ceasefire = at(text, "ceasefire", plover="AGREE", acled_event_type="Strategic developments",
                   acled_sub_event_type="Agreement")
    fighting = at(text, "fighting", acled_event_type="Battles", acled_sub_event_type="Armed clash")
    assert ranks(analyse, text, [fighting, ceasefire]) == {"ceasefire": 0, "fighting": 1}


def test_an_agreement_an_event_happened_since_ranks_after_it(analyse):
    text = "Half of the fighters have been disarmed since the peace accord between the two parties."
    accord = at(text, "accord", plover="AGREE", acled_event_type="Strategic developments",
                acled_sub_event_type="Agreement")
    disarmed = at(text, "disarmed", plover="RETREAT", acled_event_type=None, acled_sub_event_type=None)
    assert ranks(analyse, text, [accord, disarmed]) == {"disarmed": 0, "accord": 1}
