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
  adds them up, and each count keeps the source of its own words.
* An ACLED coded figure ("Fatalities coded as 0 (X reported 3)") is the coder's own
  conservative reading, not a claim: it keeps ``claimed_by`` empty and the reported
  figure as its ``high``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Count, Event, Evidence
from ..pipeline import Analysis, stage


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
    if count is None or count.claimed_by is not None:
        return count, None
    source = _innermost(sources, count.start, count.end)
    if source is None:
        return count, None
    return dataclasses.replace(count, claimed_by=source.name), source


def claim_event(event: Event, sources: Sequence[_Source], text: str) -> Event:
    """The event with ``claimed_by`` set from the claims that hold its trigger or counts."""
    killed, by_killed = _claim_count(event.killed, sources)
    injured, by_injured = _claim_count(event.injured, sources)
    source = _innermost(sources, event.trigger_start, event.trigger_end) or by_killed or by_injured
    if source is None:
        return event
    claimed = dataclasses.replace(
        event, killed=killed, injured=injured, claimed_by=event.claimed_by or source.name
    )
    return claimed.with_evidence(_evidence(source, text))


@stage("claims", requires=("events", "attributions", "quotes"), assigns=("events.claimed_by",))
def run_claims(analysis: Analysis, resources: object) -> dict:
    """``claimed_by`` on events and their counts; see the module docstring."""
    events = analysis.events or ()
    sources = _sources(analysis)
    if not events or not sources:
        return {"events": events}
    text = analysis.article.text
    return {"events": tuple(claim_event(ev, sources, text) for ev in events)}
