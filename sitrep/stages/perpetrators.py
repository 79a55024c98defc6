"""Stage ``perpetrators``: code the perpetrator a report never names.

Needs the merged ``events``; gives an act of armed violence with no actor1 the armed
actor the article names as a doer elsewhere (``actors.with_perpetrator_named_elsewhere``),
and failing that the actor ACLED codes when none is named: an unidentified armed group (inter 3) of the event's country
(``actors.with_unidentified_perpetrator``). It runs after ``merge``, so that any mention
of the event can still name the actor, and records the rule "unidentified perpetrator"
so the default is never mistaken for words in the text. Actor1 of a protest or a riot is
its crowd once merging has settled the type (``with_crowd_code``); the ``crowds`` stage
applies the same rule after it retypes an event.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ..model import Actor, Event
from ..pipeline import Analysis, stage
from .actors import with_perpetrator_named_elsewhere, with_unidentified_perpetrator


def with_crowd_code(event: Event) -> Event:
    """Actor1 of a protest or a riot is its crowd, as ACLED codes it, once merging has settled
    the type: at a protest, whoever protests is a protester (6), even soldiers or police on
    a march; in a riot, the crowd are rioters (5), and state or armed forces the report puts
    first ("police fired at the crowd") become actor2, the side the riot faced."""
    a1 = event.actor1
    if a1 is None or event.acled_event_type not in ("Protests", "Riots"):
        return event
    if event.acled_event_type == "Protests":
        if a1.acled_inter == 6:
            return event
        return dataclasses.replace(event, actor1=dataclasses.replace(a1, kind="protesters", acled_inter=6))
    if a1.acled_inter == 5:
        return event
    if a1.acled_inter in (6, 7, None):
        return dataclasses.replace(event, actor1=dataclasses.replace(a1, kind="rioters", acled_inter=5))
    country = event.place.country if event.place else a1.country
    rioters = Actor(name="Rioters", country=country, kind="rioters", acled_inter=5)
    return dataclasses.replace(event, actor1=rioters, actor2=event.actor2 or a1, actor1_guess=None).with_rule(
        "actor1", "crowd of a riot")


@stage("perpetrators", requires=("events", "events.merged", "events.actor1"), assigns=("events.actor1", "events.actor2"))
def code_unnamed_perpetrators(analysis: Analysis, resources: Any) -> dict[str, Any]:
    events = (with_perpetrator_named_elsewhere(e, analysis, resources) for e in analysis.events or ())
    return {"events": tuple(with_crowd_code(with_unidentified_perpetrator(e)) for e in events)}
