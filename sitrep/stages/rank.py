"""Stage ``rank``: placeholder until its module is written."""

from __future__ import annotations

from ..pipeline import Analysis, stage


@stage("rank", requires=("events",), assigns=("events.rank",))
def rank_events(analysis: Analysis, resources: object) -> dict:
    return {"events": analysis.events}
