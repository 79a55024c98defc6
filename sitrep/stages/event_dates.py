"""Stage ``event_dates``: placeholder until its module is written."""

from __future__ import annotations

from ..pipeline import Analysis, stage


@stage("event_dates", requires=("events",), assigns=("events.date",))
def run_event_dates(analysis: Analysis, resources: object) -> dict:
    return {"events": analysis.events}
