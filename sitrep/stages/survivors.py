"""Stage ``survivors``: people shot who are not said to have died were hurt.

Needs the merged ``events`` (``merge``), their ``killed`` and ``injured`` counts, and
``times``; fills ``Event.injured`` where the article gives no injured figure itself.

Local news seldom says "injured" of a shooting's survivors: "A man was shot in the leg
Saturday and taken to a hospital", "Two people were shot, one fatally". Someone hit by a
shot (``hit_words`` of ``casualty_words.yaml``: "was shot", "shot two men", "struck by
gunfire"; never "shot at") who is not among the dead was injured: an event's injured
count is the people hit less the people killed, when that leaves one or more.

This is decided on the merged event, once all of an article's mentions of its incident
are joined: "A man was shot Friday ... The man died at the hospital" is one killed and
nobody injured. The people hit are counted like any casualty (``counts.find_mentions``:
a number, "a man", a named person; a plural without a number, "people were shot", stays
unknown) and placed like one (``counts.assign``), on the mention of the event they stand
with; an event takes the largest figure of people hit among its mentions. The dead are
the event's killed count, or the share the hit verb itself says died ("Two people were
shot, one fatally": one injured), or the largest killed count of the article's other
events that are neither background nor page furniture (a death the article tells apart
from the shooting, "the medical examiner said all four died", is no survivor), whichever
is largest; when that other event counts more dead than the hit event itself, the people
the merge left apart are taken for one incident and the injured figure goes to the event
that counts the dead. When the article tells of a death (a word of a death of
``outcomes.killed``, not negated, or "fatal") but counts nobody dead, who survived is
unknown: no injured figure is derived. "Shot and killed" and "shot dead" hit one and
kill one: nobody injured. A statistic ("12 people
were shot in the city this year") is nobody's count. The figure's rule ``injured`` is
``hit less killed``, its evidence the words that count the people hit.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ..model import Count, Event, Evidence
from ..nlp import text_of
from ..numbers import parse_count
from ..pipeline import Analysis, stage
from ..resources.words import Words, words_of
from .counts import assign, cues, hit_mentions, incident_mentions
from .furniture import is_furniture

#: The rule recorded on an injured count derived from the people hit.
RULE = "hit less killed"


def _figure(count: Count | None) -> int | None:
    if count is None:
        return None
    return next((v for v in (count.best, count.low, count.high) if v is not None), None)


def _mentions(doc: Any, events: tuple[Event, ...]) -> tuple[list[Event], list[int]]:
    """Each merged event's mentions (its own trigger and those ``merge`` joined to it,
    kept as ``mention`` evidence) as events of their own, with the index of their event."""
    out: list[Event] = []
    owner: list[int] = []
    for n, ev in enumerate(events):
        out.append(ev)
        owner.append(n)
        for e in ev.evidence:
            if e.field != "mention" or e.start is None or e.end is None:
                continue
            span = doc.char_span(e.start, e.end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            out.append(dataclasses.replace(ev, trigger_start=e.start, trigger_end=e.end, trigger=e.text,
                                           sentence_start=span.sent.start_char, sentence_end=span.sent.end_char))
            owner.append(n)
    return out, owner


def _fatal_share(cue: Any) -> int:
    """How many of the people a hit verb counts it says died: "Two people were shot, one
    fatally", "three were shot, two of them fatally"."""
    words = cues()
    for c in cue.children:
        if c.dep_ in ("npadvmod", "appos", "conj", "advcl") and any(
                g.dep_ == "advmod" and g.lower_ in words.fatal_adverbs for g in c.children):
            reading = parse_count(c.text)
            if reading is not None and reading.best is not None:
                return reading.best
    return 0


def _told_death(tables: Words, doc: Any) -> bool:
    """Whether the article says anyone died, in words of a death that are not negated
    ("died", "was killed", "a fatal shooting"; not "no one was killed")."""
    words = cues()
    deaths = {w for w, kind in (*words.verbs.items(), *words.intransitive.items(), *words.adjectives.items())
              if kind == "killed"} | ({w for w, kind in words.nouns.items() if kind == "killed"} - tables["not_deaths"])
    fatal = words.fatal_adverbs | words.fatal_adjectives
    for tok in doc:
        lemma = tok.lemma_.lower()
        if (lemma in deaths or tok.lower_ in deaths or tok.lower_ in fatal) and not any(
                c.dep_ == "neg" or c.lower_ in ("no", "none") for c in (*tok.children, *tok.head.children)):
            return True
    return False


@dataclasses.dataclass(frozen=True)
class _Elsewhere:
    """The article's current events (neither background nor furniture), the one of them
    that counts the most dead, and its dead (0 when the other events do not count)."""

    current: frozenset[int]
    most_dead: int | None
    dead: int

    @classmethod
    def of(cls, events: tuple[Event, ...], others: bool) -> _Elsewhere:
        current = [n for n, ev in enumerate(events) if not ev.background and not is_furniture(ev)]
        most_dead = max(current, key=lambda n: (_figure(events[n].killed) or 0, -n), default=None)
        dead = (_figure(events[most_dead].killed) or 0) if others and most_dead is not None else 0
        return cls(frozenset(current), most_dead, dead)

    def target(self, n: int, own: int) -> int:
        """The event that takes event ``n``'s survivors: the one that counts more dead
        than its ``own``, when ``n`` is current."""
        if n in self.current and self.dead > own and self.most_dead is not None:
            return self.most_dead  # the dead are told on another of the article's events: its survivors go with them
        return n


def _hits(tables: Words, doc: Any, events: tuple[Event, ...], times: tuple[Any, ...]) -> dict[int, list] | None:
    """The mentions of people hit placed on each event (by its index); None when the
    article has none."""
    found = hit_mentions(tables, doc, times)
    if not found:
        return None
    mentioned, owner = _mentions(doc, events)
    found = incident_mentions(tables, doc, mentioned, found, times)
    hits: dict[int, list] = {}
    for i, slot in assign(doc, mentioned, found).items():
        for m in slot.values():
            hits.setdefault(owner[i], []).append(m)
    return hits


def _derived(tables: Words, doc: Any, events: tuple[Event, ...], hits: dict[int, list], elsewhere: _Elsewhere,
             guard: bool) -> dict[int, tuple[int, Any]]:
    """Event index -> (its survivors, the mention of people hit that counts them)."""
    derived: dict[int, tuple[int, Any]] = {}
    for n, ev in enumerate(events):
        mentions = [m for m in hits.get(n, ()) if _figure(m.count) is not None]
        if ev.injured is not None or not mentions:
            continue
        m = max(mentions, key=lambda m: (_figure(m.count), -m.cue))
        own = max(_figure(ev.killed) or 0, _fatal_share(doc[m.cue]))
        target = elsewhere.target(n, own)
        dead = max(own, elsewhere.dead)
        if events[target].injured is not None:
            continue
        if guard and dead == 0 and _told_death(tables, doc):
            continue  # someone died, but the article counts nobody dead: who survived is unknown
        hurt = (_figure(m.count) or 0) - dead
        if hurt >= 1 and hurt > derived.get(target, (0, None))[0]:
            derived[target] = (hurt, m)
    return derived


def _with_injured(doc: Any, ev: Event, hurt: int, m: Any) -> Event:
    """``ev`` with ``hurt`` injured, counted by the mention of people hit ``m``."""
    injured = Count(hurt, hurt, hurt, m.count.text, m.count.start, m.count.end, kind="injured",
                    victims=m.count.victims)
    s, e = m.evidence
    return (dataclasses.replace(ev, injured=injured).with_evidence(Evidence("injured", s, e, text_of(doc)[s:e]))
            .with_rule("injured", RULE))


def survivors(tables: Words, doc: Any, events: tuple[Event, ...], times: tuple[Any, ...] = (), others: bool = True,
              guard: bool = True) -> tuple[Event, ...]:
    """``events`` with ``injured`` set from the people hit less the people killed, where
    no injured figure is given (see the module doc). ``others`` counts the dead of the
    article's other current events against the people hit; ``guard`` leaves the survivors
    unknown where the article tells of a death it does not count."""
    if not any(ev.injured is None for ev in events):
        return events
    elsewhere = _Elsewhere.of(events, others)
    hits = _hits(tables, doc, events, times)
    if hits is None:
        return events
    derived = _derived(tables, doc, events, hits, elsewhere, guard)
    return tuple(_with_injured(doc, ev, *derived[n]) if n in derived else ev for n, ev in enumerate(events))


@stage("survivors", requires=("events", "events.merged", "events.killed", "events.injured", "times"),
       assigns=("events.injured",))
def run_survivors(analysis: Analysis, resources: object) -> dict:
    """Injured counts from the people hit; see the module docstring for the rules."""
    tables = words_of(resources)
    events = analysis.events or ()
    if not events or analysis.doc is None:
        return {"events": events}
    return {"events": survivors(tables, analysis.doc, tuple(events), tuple(analysis.times or ()))}
