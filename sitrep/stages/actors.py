"""Stage ``actors``: placeholder until its module is written."""

from __future__ import annotations

from ..pipeline import Analysis, stage


@stage("actors", requires=("events",), assigns=("events.actor1",))
def run_actors(analysis: Analysis, resources: object) -> dict:
    return {"events": analysis.events}
