"""Stage ``survivors``: people shot and not killed are injured, decided on merged events."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from sitrep.model import Article, Count, Event
from sitrep.pipeline import DEFAULT_STAGES
from sitrep.resources.words import Words
from sitrep.stages.counts import HIT, hit_mentions
from sitrep.stages.survivors import RULE, survivors

pytestmark = pytest.mark.model

WORDS = Words.load_packaged()


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


def test_runs_after_merge() -> None:
    assert DEFAULT_STAGES.index("survivors") > DEFAULT_STAGES.index("merge")


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


def test_shot_at_is_no_hit(analyse) -> None:
    assert hit_mentions(WORDS, analyse("A man shot at two officers on Sunday before fleeing.").doc) == []
    assert hit_mentions(WORDS, analyse("The car was hit by a truck on the highway.").doc) == []
    (m,) = hit_mentions(WORDS, analyse("Two deputies were hit by gunfire on Sunday.").doc)
    assert m.kind == HIT and m.count.best == 2


def event(analysis, word: str, **fields) -> Event:
    start = analysis.article.text.index(word)
    end = start + len(word)
    sent = analysis.doc.char_span(start, end, alignment_mode="expand")[0].sent
    return Event(article_id="t1", trigger=word, trigger_start=start, trigger_end=end,
                 sentence_start=sent.start_char, sentence_end=sent.end_char, plover="ASSAULT", **fields)


def test_the_dead_of_another_event_are_not_survivors(analyse) -> None:
    text = ("Two men were shot in a parking lot on Sunday night.\n\n"
            "Officers arrested a suspect on Monday, and an autopsy showed both men died of their wounds.")
    a = analyse(text)
    shot = event(a, "shot")
    died = Count(2, 2, 2, "both men", kind="killed")
    arrest = event(a, "arrested", killed=died)
    assert figure(survivors(WORDS, a.doc, (shot,), guard=False)[0].injured) == 2
    assert survivors(WORDS, a.doc, (shot, arrest), guard=False)[0].injured is None
    # More hit than the other event's dead: the survivors go with the dead.
    one = dataclasses.replace(arrest, killed=Count(1, 1, 1, "one man", kind="killed"))
    out = survivors(WORDS, a.doc, (shot, one), guard=False)
    assert out[0].injured is None and figure(out[1].injured) == 1
    # A background event's dead are another incident's.
    out = survivors(WORDS, a.doc, (shot, dataclasses.replace(arrest, background=True)), guard=False)
    assert figure(out[0].injured) == 2
    # Alone, the shooting's article tells of deaths it counts on no event: survivors unknown.
    assert survivors(WORDS, a.doc, (shot,))[0].injured is None


def test_a_death_told_without_a_figure_leaves_the_survivors_unknown(pipeline) -> None:
    ev = main_event(pipeline, "A teenager was shot on Maple Drive on Sunday in what police called a fatal incident.")
    assert ev.injured is None
