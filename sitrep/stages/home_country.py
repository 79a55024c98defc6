"""Stage ``home_country``: an event the article places nowhere is put in its actors' country.

Needs the merged ``events`` with their actors. When neither the event's sentences nor the
rest of the article name a place the gazetteer knows (``event_places`` found none), the
country of the event's actors is the best evidence of where it happened: "Turkish
authorities began enforcing a curfew in 24 provinces", "GNA and LNA forces clashed in
Wadi al-Rabi". Only actors that act at home by nature count: a government, police,
protesters, rioters, civilians, and state or armed groups the text gives a country; when
two actors give different countries, the event stays unplaced. The place has country
precision, no coordinates finer than the country's, its evidence is the actor's words,
and the rule ``place: actor's country`` says how it was found.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ..model import Actor, Event, Evidence, Place
from ..pipeline import Analysis, stage

#: External forces (ACLED inter 8) and transnational actors say nothing of where they act.
_ABROAD = {8}


def _home(actor: Actor | None) -> str | None:
    if actor is None or not actor.country or actor.acled_inter in _ABROAD or actor.kind in ("organisation", "person"):
        return None
    return actor.country


def place_at_home(event: Event, resources: Any) -> Event:
    if event.place is not None:
        return event
    homes = [(a, _home(a)) for a in (event.actor1, event.actor2)]
    codes = {code for _, code in homes if code}
    if len(codes) != 1:
        return event
    code = codes.pop()
    actor = next(a for a, c in homes if c == code)
    entry = resources.gazetteer.country(code) if resources is not None else None
    place = Place(
        name=entry.name if entry else code, country=code, precision="country",
        lat=entry.lat if entry else None, lon=entry.lon if entry else None,
        geonameid=entry.geonameid if entry else None,
        text=actor.name if actor.start is not None else None, start=actor.start, end=actor.end,
    )
    event = dataclasses.replace(event, place=place).with_rule("place", "actor's country")
    if actor.start is not None and actor.end is not None:
        event = event.with_evidence(Evidence("place", actor.start, actor.end, actor.name))
    return event


@stage("home_country", requires=("events", "events.merged", "events.actor1", "events.place"), assigns=("events.place",))
def run_home_country(analysis: Analysis, resources: Any) -> dict[str, Any]:
    return {"events": tuple(place_at_home(e, resources) for e in analysis.events or ())}
