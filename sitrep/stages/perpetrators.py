"""Stage ``perpetrators``: code the perpetrator a report never names.

Needs the merged ``events``; gives an act of armed violence with no actor1 the armed
actor the article names as a doer elsewhere (``actors.with_perpetrator_named_elsewhere``),
and failing that the actor ACLED codes when none is named: an unidentified armed group (inter 3) of the event's country
(``actors.with_unidentified_perpetrator``). It runs after ``merge``, so that any mention
of the event can still name the actor, and records the rule "unidentified perpetrator"
so the default is never mistaken for words in the text. A crowd also takes the code of
the event it is in once merging has settled the type: protesters in a riot are rioters.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ..model import Event
from ..pipeline import Analysis, stage
from .actors import with_perpetrator_named_elsewhere, with_unidentified_perpetrator


def with_crowd_code(event: Event) -> Event:
    """A crowd takes the code of the event it is in, once merging has settled the type: in a
    riot, protesters and civilians are rioters (ACLED inter 5); at a protest, civilians and
    rioters are protesters (6)."""
    a1 = event.actor1
    if a1 is None:
        return event
    if event.acled_event_type == "Riots" and a1.acled_inter in (6, 7):
        return dataclasses.replace(event, actor1=dataclasses.replace(a1, kind="rioters", acled_inter=5))
    if event.acled_event_type == "Protests" and a1.acled_inter in (5, 7):
        return dataclasses.replace(event, actor1=dataclasses.replace(a1, kind="protesters", acled_inter=6))
    return event


@stage("perpetrators", requires=("events", "events.merged", "events.actor1"), assigns=("events.actor1",))
def code_unnamed_perpetrators(analysis: Analysis, resources: Any) -> dict[str, Any]:
    events = (with_perpetrator_named_elsewhere(e, analysis, resources) for e in analysis.events or ())
    return {"events": tuple(with_crowd_code(with_unidentified_perpetrator(e)) for e in events)}
