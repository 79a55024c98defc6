"""Stage ``event_places``: placeholder until its module is written."""

from __future__ import annotations

from ..pipeline import Analysis, stage


@stage("event_places", requires=("events",), assigns=("events.place",))
def run_event_places(analysis: Analysis, resources: object) -> dict:
    return {"events": analysis.events}
