"""Stage ``rank``: order events by salience; rank 0 is what the article is about.

Needs the merged ``events``; sets each event's ``rank``. The score favours, in order of
weight: news over background (background events always rank after current ones); the
lead (first sentences, where news style puts the main event); the main clause of its
sentence; events the article returns to (merged mentions); violent and contentious
events inside ACLED's scope; events with casualties, actors the text names, and a place. An event found only in page
furniture (a teaser of another story, stage ``furniture``) ranks after every other.
An event noun that is only the occasion of another event of its sentence ("blamed Israel
for the bombing", "surrendered following an offensive", "declared a ceasefire after
days of battles") ranks after it. Ties go to the
earlier mention.
"""

from __future__ import annotations

import dataclasses
import itertools
from typing import Any

from ..model import Event
from ..nlp import sentences_of
from ..pipeline import Analysis, stage
from ..resources.words import Words, words_of
from .furniture import is_furniture

_CORE_TYPES = {"ASSAULT", "PROTEST", "COERCE"}


def occasion_of_another(tables: Words, root: Any, others: set[int]) -> bool:
    """Whether an event noun is only the occasion of a main-clause event in its sentence."""
    # "after 12 days of battles": the event noun inside the phrase of occasion.
    hops = 0
    while root is not None and root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.pos_ == "NOUN" \
            and hops < 3:
        root, hops = root.head.head, hops + 1
    if root is None or root.pos_ != "NOUN" or root.dep_ != "pobj" or root.head.lower_ not in tables["occasion_preps"]:
        return False
    node = root.head.head
    # The other event is the verb the phrase hangs on, one above it, or that verb's object
    # ("declared a ceasefire after days of battles").
    objects = (c for c in node.children if c.dep_ in ("dobj", "nsubjpass") and c.i != root.i)
    return any(n.i in others for n in itertools.chain(
        itertools.islice(itertools.chain((node,), node.ancestors), 4), objects))


def salience(event: Event, sentence_index: int, main_clause: bool, occasion: bool = False) -> float:
    score = 0.0
    score -= 3 if occasion else 0
    score += max(0, 3 - sentence_index)
    score += 1 if main_clause else 0
    score += min(3, sum(1 for e in event.evidence if e.field == "mention"))
    score += 2 if event.plover in _CORE_TYPES and event.acled_event_type else 0
    score += 1 if (event.killed and (event.killed.best or event.killed.low)) or (event.injured and (event.injured.best or event.injured.low)) else 0
    named_actor1 = event.actor1 is not None and event.actor1_guess != "unidentified perpetrator"
    score += 0.5 * sum((named_actor1, event.actor2 is not None, event.place is not None))
    score -= 10 if event.background else 0
    score -= 10 if is_furniture(event) else 0  # another story's teaser: after even past context
    return score


@stage("rank", requires=("events", "events.merged", "events.furniture"), assigns=("events.rank",))
def rank_events(analysis: Analysis, resources: Any) -> dict[str, Any]:
    tables = words_of(resources)
    events = analysis.events or ()
    if not events:
        return {"events": ()}
    doc = analysis.doc
    starts = [s.start_char for s in sentences_of(doc)]
    scored = []
    roots = {}
    for event in events:
        span = doc.char_span(event.trigger_start, event.trigger_end, alignment_mode="expand")
        roots[id(event)] = span.root if span is not None and len(span) else None
    heads = {r.i for r in roots.values() if r is not None}
    for event in events:
        index = sum(1 for s in starts if s <= event.sentence_start) - 1
        root = roots[id(event)]
        main = root is not None and (root.dep_ == "ROOT" or root.head.dep_ == "ROOT")
        occasion = occasion_of_another(tables, root, heads - {root.i} if root is not None else heads)
        scored.append((-salience(event, index, main, occasion), event.trigger_start, event))
    scored.sort(key=lambda t: (t[0], t[1]))
    return {"events": tuple(dataclasses.replace(e, rank=i) for i, (_, _, e) in enumerate(scored))}
