"""Stage ``home_country``: an event the article places nowhere is put in its actors' country.

Needs the merged ``events`` with their actors. When neither the event's sentences nor the
rest of the article name a place the gazetteer knows (``event_places`` found none), the
country of the event's actors is the best evidence of where it happened: "Turkish
authorities began enforcing a curfew in 24 provinces", "GNA and LNA forces clashed in
Wadi al-Rabi". Only actors that act at home by nature count: a government, police,
protesters, rioters, civilians, and state or armed groups the text gives a country; when
two actors give different countries, the event stays unplaced. With no such actor, the
one country of the known organisations the article names anywhere serves ("the OSCE SMM
observed 12 explosions near X": the mission works only in Ukraine). The place has
country precision, no coordinates finer than the country's, its evidence is the words
that gave the country, and the rule (``place: actor's country`` or ``place: country of
the actors named``) says how it was found.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Any, Callable

from ..model import Actor, Event, Evidence, Place
from ..nlp import sentences_of
from ..pipeline import Analysis, stage

#: External forces (ACLED inter 8) and transnational actors say nothing of where they act.
_ABROAD = {8}


def _home(actor: Actor | None) -> str | None:
    if actor is None or not actor.country or actor.acled_inter in _ABROAD or actor.kind in ("organisation", "person"):
        return None
    return actor.country


def _named_country(analysis: Analysis | None, resources: Any) -> tuple[str, int, int, str] | None:
    """The one country of the known organisations the article names, with the words that name
    the first of them ("the OSCE SMM observed ..." works only in Ukraine)."""
    if analysis is None or analysis.doc is None or resources is None:
        return None
    found: dict[str, tuple[int, int, str]] = {}
    for sent in sentences_of(analysis.doc):
        words = list(sent)
        match = resources.lexicons.known_actor([t.text for t in words])
        # Only organisations: an armed group or a state's forces may act abroad.
        if match is not None and match[0].country and match[0].kind == "organisation":
            first, last = words[match[1]], words[match[2] - 1]
            start, end = first.idx, last.idx + len(last)
            found.setdefault(match[0].country, (start, end, analysis.article.text[start:end]))
    if len(found) != 1:
        return None
    code, (start, end, words) = next(iter(found.items()))
    return code, start, end, words


def place_at_home(
    event: Event, resources: Any, named_country: Callable[[], tuple[str, int, int, str] | None] | None = None
) -> Event:
    """``event`` placed in its home actors' country, or in ``named_country()`` (the one
    country of the organisations the article names) when no actor gives one."""
    if event.place is not None:
        return event
    homes = [(a, _home(a)) for a in (event.actor1, event.actor2)]
    codes = {code for _, code in homes if code}
    if len(codes) != 1:
        named = named_country() if named_country is not None and not codes else None
        if named is None:
            return event
        code, start, end, words = named
        return _placed(event, code, resources, start, end, words, "country of the actors named")
    code = codes.pop()
    actor = next(a for a, c in homes if c == code)
    return _placed(event, code, resources, actor.start, actor.end, actor.name, "actor's country")


def _placed(event: Event, code: str, resources: Any, start: int | None, end: int | None, words: str,
            rule: str) -> Event:
    entry = resources.gazetteer.country(code) if resources is not None else None
    place = Place(
        name=entry.name if entry else code, country=code, precision="country",
        lat=entry.lat if entry else None, lon=entry.lon if entry else None,
        geonameid=entry.geonameid if entry else None,
        text=words if start is not None else None, start=start, end=end,
    )
    event = dataclasses.replace(event, place=place).with_rule("place", rule)
    if start is not None and end is not None:
        event = event.with_evidence(Evidence("place", start, end, words))
    return event


@stage("home_country", requires=("events", "events.merged", "events.actor1", "events.place"), assigns=("events.place",))
def run_home_country(analysis: Analysis, resources: Any) -> dict[str, Any]:
    events = analysis.events or ()
    if all(e.place is not None for e in events):
        return {"events": events}
    named = functools.cache(lambda: _named_country(analysis, resources))  # looked up once, if ever
    return {"events": tuple(place_at_home(e, resources, named) for e in events)}
