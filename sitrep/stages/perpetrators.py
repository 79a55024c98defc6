"""Stage ``perpetrators``: code the perpetrator a report never names.

Needs the merged ``events``; gives an act of armed violence with no actor1 the actor
ACLED codes in that case: an unidentified armed group (inter 3) of the event's country
(``actors.with_unidentified_perpetrator``). It runs after ``merge``, so that any mention
of the event can still name the actor, and records the rule "unidentified perpetrator"
so the default is never mistaken for words in the text.
"""

from __future__ import annotations

from typing import Any

from ..pipeline import Analysis, stage
from .actors import with_unidentified_perpetrator


@stage("perpetrators", requires=("events", "events.merged", "events.actor1"), assigns=("events.actor1",))
def code_unnamed_perpetrators(analysis: Analysis, resources: Any) -> dict[str, Any]:
    return {"events": tuple(with_unidentified_perpetrator(e) for e in analysis.events or ())}
