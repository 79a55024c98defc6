"""Stage ``claims``: who says an event happened, and who gives its numbers.

Needs ``events``, ``attributions`` and ``quotes``; sets ``Event.claimed_by`` and the
``claimed_by`` of the event's ``killed``/``injured`` counts, with
``Evidence("claimed_by", ...)`` on the source's words.

* An event whose trigger lies inside an attributed claim is claimed by its source
  ("The ministry said an airstrike hit the camp"); inside a direct quote, by the
  speaker. The innermost claim wins when claims nest.
* A count that lies inside a claim or a quote is claimed by its source, and so is its
  event when nothing claims the trigger ("Police said three people died in the attack").
* Conflicting figures from different sources stay separate: the ``counts`` stage never
  adds them up, and each count in ``Event.counts`` keeps the source of its own words.
  ``killed``/``injured``/... hold the figure the article asserts in its own voice when
  it gives one ("Officials said three were killed. Four people died in the shelling"
  codes 4, and lists both); when only sources give figures, the first one chosen.
* An ACLED coded figure ("Fatalities coded as 0 (X reported 3)") is the coder's own
  conservative reading, not a claim: it keeps ``claimed_by`` empty and the reported
  figure as its ``high``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import COUNT_KINDS, Count, Event, Evidence
from ..pipeline import Analysis, stage
from .counts import is_coded


@dataclass(frozen=True)
class _Source:
    name: str
    start: int
    end: int
    name_start: int | None
    name_end: int | None


def _sources(analysis: Analysis) -> list[_Source]:
    """Attributed claims and attributed quotes as (source, span) records."""
    out = [
        _Source(a.source, a.start, a.end, a.source_start, a.source_end)
        for a in analysis.attributions or ()
    ]
    out.extend(
        _Source(q.speaker, q.start, q.end, q.speaker_start, q.speaker_end)
        for q in analysis.quotes or ()
        if q.speaker
    )
    return out


def _innermost(sources: Sequence[_Source], start: int | None, end: int | None) -> _Source | None:
    """The smallest claim that holds [start, end), if any."""
    if start is None or end is None:
        return None
    holding = [s for s in sources if s.start <= start and end <= s.end]
    return min(holding, key=lambda s: s.end - s.start) if holding else None


def _evidence(source: _Source, text: str) -> Evidence:
    if source.name_start is not None and source.name_end is not None:
        return Evidence("claimed_by", source.name_start, source.name_end, text[source.name_start:source.name_end])
    return Evidence("claimed_by", source.start, source.end, text[source.start:source.end])


def _claim_count(count: Count | None, sources: Sequence[_Source]) -> tuple[Count | None, _Source | None]:
    if count is None or count.claimed_by is not None or is_coded(count):
        return count, None
    source = _innermost(sources, count.start, count.end)
    if source is None:
        return count, None
    return dataclasses.replace(count, claimed_by=source.name), source


def asserted(chosen: Count, counts: Sequence[Count]) -> Count:
    """The figure a record codes for ``chosen``'s kind: ``chosen`` unless only a source
    claims it and the article gives a figure of the same kind in its own voice."""
    if chosen.claimed_by is None:
        return chosen
    own = next((c for c in counts if c.kind == chosen.kind and c.claimed_by is None and not is_coded(c)), None)
    return own if own is not None else chosen


def _same(a: Count, b: Count) -> bool:
    return a.kind == b.kind and a.start == b.start and a.end == b.end


def claim_event(event: Event, sources: Sequence[_Source], text: str) -> Event:
    """The event with ``claimed_by`` set from the claims that hold its trigger or counts.

    Every count in ``Event.counts`` gets the source of its own words; a kind's coded
    figure is then the article's own (unclaimed) figure when it gives one and the
    first-chosen figure is only a source's claim.
    """
    listed: list[Count] = []
    by_count: dict[tuple[str | None, int | None], _Source] = {}
    for c in event.counts:
        counted, src = _claim_count(c, sources)
        assert counted is not None  # (a count in, a count out)
        listed.append(counted)
        if src is not None:
            by_count[(c.kind, c.start)] = src
    changes: dict[str, object] = {"counts": tuple(listed)}
    moved: list[Evidence] = []
    by_kind: _Source | None = None
    for kind in COUNT_KINDS:
        chosen = getattr(event, kind)
        if chosen is None:
            continue
        match = next((c for c in listed if c is not None and _same(c, chosen)), None)
        if match is not None:
            src = by_count.get((chosen.kind, chosen.start))
            chosen = match
        else:
            chosen, src = _claim_count(chosen, sources)
        own = asserted(chosen, listed)
        if own is not chosen and own.start is not None and own.end is not None:
            chosen, src = own, None
            moved.append(Evidence(kind, own.start, own.end, text[own.start:own.end]))
        changes[kind] = chosen
        if kind in ("killed", "injured") and by_kind is None:
            by_kind = src
    around = _innermost(sources, event.trigger_start, event.trigger_end)
    event = dataclasses.replace(event, **changes).with_evidence(*moved)  # type: ignore[arg-type]
    for evidence in moved:
        event = event.with_rule(evidence.field, OWN_VOICE)
    return _claimed(event, around, by_kind, text)


def _claimed(event: Event, around: _Source | None, by_kind: _Source | None, text: str) -> Event:
    """``event`` claimed by the source ``around`` its trigger, else by the source of its
    casualty figure (``by_kind``), unless it has a claimant already; with the source's words
    as evidence."""
    source = around or by_kind
    if source is None:
        return event
    if event.claimed_by is None:
        event = dataclasses.replace(event, claimed_by=source.name).with_rule(
            "claimed_by", CLAIM_AROUND if around is not None else CLAIM_OF_FIGURE)
    return event.with_evidence(_evidence(source, text))


#: The ``rules`` trace of the claims stage: who claims an event, and a figure it took
#: in the article's own voice instead of a source's.
CLAIM_AROUND = "claims:source around the trigger"
CLAIM_OF_FIGURE = "claims:source of its casualty figure"
OWN_VOICE = "claims:the article's own figure"


@stage("claims", requires=("events", "events.counts", "attributions", "quotes"),
       assigns=("events.claimed_by", "events.counts", "events.killed", "events.injured", "events.arrested",
                "events.abducted", "events.displaced"))
def run_claims(analysis: Analysis, resources: object) -> dict:
    """``claimed_by`` on events and their counts; see the module docstring."""
    events = analysis.events or ()
    sources = _sources(analysis)
    if not events or not sources:
        return {"events": events}
    text = analysis.article.text
    return {"events": tuple(claim_event(ev, sources, text) for ev in events)}
