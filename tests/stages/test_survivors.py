"""Stage ``survivors``: people shot and not killed are injured, decided on merged events."""

from __future__ import annotations

import dataclasses

from sitrep.model import Count, Event
from sitrep.pipeline import DEFAULT_STAGES
from sitrep.resources.words import Words
from sitrep.stages.counts import HIT, hit_mentions
from sitrep.stages.survivors import survivors

WORDS = Words.load_packaged()


def figure(count):
    return None if count is None else count.best


def test_runs_after_merge() -> None:
    assert DEFAULT_STAGES.index("survivors") > DEFAULT_STAGES.index("merge")


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
