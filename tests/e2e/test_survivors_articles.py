"""Stage ``survivors`` on whole articles through the real pipeline: people shot and not
killed are injured, decided on merged events (the rule's unit tests: tests/stages/test_survivors.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.model import Article
from sitrep.stages.survivors import RULE


@pytest.fixture(scope="module")
def pipeline():
    from sitrep.pipeline import Pipeline

    return Pipeline()


def main_event(pipeline, text):
    analysis = pipeline.analyse(Article(id="t", text=text, published=dt.date(2024, 3, 11)))
    events = [e for e in analysis.events if e.plover == "ASSAULT" and not e.background]
    assert events, text
    return events[0]


def figure(count):
    return None if count is None else count.best


def test_a_person_shot_and_taken_to_hospital_is_injured(pipeline) -> None:
    ev = main_event(pipeline, "A woman was shot in the arm on Pine Road on Sunday evening and driven to a hospital.")
    assert figure(ev.injured) == 1
    assert ev.killed is None
    assert ev.rule("injured") == RULE
    assert any(e.field == "injured" for e in ev.evidence)


def test_the_dead_are_not_injured_once_the_mentions_are_merged(pipeline) -> None:
    text = ("A teenager was shot on Cedar Lane on Sunday evening, police said.\n\n"
            "The teenager died at a hospital a few hours later.")
    ev = main_event(pipeline, text)
    assert figure(ev.killed) == 1
    assert ev.injured is None


def test_people_hit_less_people_killed(pipeline) -> None:
    text = ("Four men were shot outside a store on Birch Avenue on Sunday night.\n\n"
            "One of the men died at the scene, officers said.")
    ev = main_event(pipeline, text)
    assert figure(ev.killed) == 1
    assert figure(ev.injured) == 3


def test_one_fatally(pipeline) -> None:
    ev = main_event(pipeline, "Three people were shot, one fatally, near a gas station on Sunday night.")
    assert figure(ev.injured) == 2


def test_shot_and_killed_is_no_injury(pipeline) -> None:
    ev = main_event(pipeline, "A gunman shot and killed a cashier at a corner shop on Sunday, police said.")
    assert figure(ev.killed) == 1
    assert ev.injured is None


def test_a_stated_injured_figure_stays(pipeline) -> None:
    ev = main_event(pipeline, "Five people were shot at a block party on Sunday; two were wounded, police said.")
    assert figure(ev.injured) == 2


def test_struck_by_gunfire(pipeline) -> None:
    ev = main_event(pipeline, "A 12-year-old girl was struck by gunfire while riding her bike on Sunday, police said.")
    assert figure(ev.injured) == 1


def test_plural_without_a_number_stays_unknown(pipeline) -> None:
    ev = main_event(pipeline, "Police said people were shot during a fight at a nightclub on Sunday.")
    assert ev.injured is None


def test_a_death_told_without_a_figure_leaves_the_survivors_unknown(pipeline) -> None:
    ev = main_event(pipeline, "A teenager was shot on Maple Drive on Sunday in what police called a fatal incident.")
    assert ev.injured is None
