"""run_stages refuses a stage that changes an event field it does not declare (P007)."""

from __future__ import annotations

import dataclasses

import pytest

from sitrep.errors import PipelineError
from sitrep.model import Actor, Article, Event, Place, TypedBy
from sitrep.pipeline import STAGES, Analysis, Stage, _unchecked_fields, run_stages

EVENT = Event(article_id="a", trigger="attacked", trigger_start=7, trigger_end=15, sentence_start=0,
              sentence_end=40, plover="ASSAULT", acled_event_type="Violence against civilians",
              acled_sub_event_type="Attack")
OTHER = dataclasses.replace(EVENT, trigger="shot", trigger_start=25, trigger_end=29)


def stage(func, *assigns) -> Stage:
    return Stage("test", lambda analysis, resources: {"events": func(analysis.events)}, ("events",), assigns,
                 _unchecked_fields(assigns))


def run(st: Stage, events=(EVENT, OTHER)) -> Analysis:
    return run_stages(Analysis(article=Article(id="a", text="x" * 40), events=events), (st,), None)


def placed(events):
    return tuple(dataclasses.replace(e, place=Place("Quetta"), place_by="fallback").with_rule("place", "a rule")
                 for e in events)


def test_a_stage_may_change_what_it_declares_and_add_rules_and_evidence():
    out = run(stage(placed, "events.place"))
    assert [e.place.name for e in out.events] == ["Quetta", "Quetta"]


def test_a_stage_that_changes_an_undeclared_field_is_refused_naming_it():
    def named(events):
        return tuple(dataclasses.replace(e, actor1=Actor("gunmen")) for e in placed(events))

    with pytest.raises(PipelineError, match=r"P007.*'test' changed actor1 of the event 'attacked' at 7.*events.place"):
        run(stage(named, "events.place"))


def test_a_part_may_stand_for_several_fields():
    def retyped(events):
        return tuple(dataclasses.replace(e, acled_sub_event_type="Armed clash", acled_event_type="Battles",
                                         typed_by=TypedBy("sides")) for e in events)

    assert run(stage(retyped, "events.acled")).events[0].acled_event_type == "Battles"
    with pytest.raises(PipelineError, match="changed acled_event_type, acled_sub_event_type, typed_by"):
        run(stage(retyped, "events.place"))


def test_events_may_be_dropped_and_reordered_but_not_made():
    assert run(stage(lambda events: (events[1],), "events.place")).events == (OTHER,)
    assert run(stage(lambda events: events[::-1], "events.rank")).events == (OTHER, EVENT)
    new = dataclasses.replace(EVENT, trigger_start=30, trigger_end=31)
    with pytest.raises(PipelineError, match=r"changed \(a new event\)"):
        run(stage(lambda events: (*events, new), "events.place"))


def test_two_events_on_one_trigger_are_told_apart_by_their_fields():
    twin = dataclasses.replace(EVENT, plover="THREATEN", acled_event_type=None, acled_sub_event_type=None)
    out = run(stage(lambda events: events[::-1], "events.rank"), (EVENT, twin))
    assert out.events == (twin, EVENT)


def test_a_stage_that_makes_the_events_is_not_checked():
    st = stage(lambda events: (dataclasses.replace(EVENT, trigger_start=1),), "events")
    assert st.kept is None and run(st).events[0].trigger_start == 1


def test_every_registered_stage_checks_its_event_writes():
    from sitrep.pipeline import build

    build()
    for name, st in STAGES.items():
        writes_events = any(a.startswith("events.") for a in st.assigns)
        assert (st.kept is not None) == (writes_events and "events" not in st.assigns), name
