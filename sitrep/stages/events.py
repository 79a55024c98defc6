"""Stage ``events``: placeholder until its module is written."""

from __future__ import annotations

from ..pipeline import Analysis, stage


@stage("events", requires=("doc",), assigns=("events",))
def find_events(analysis: Analysis, resources: object) -> dict:
    return {"events": ()}
