"""Stage ``counts``: placeholder until its module is written."""

from __future__ import annotations

from ..pipeline import Analysis, stage


@stage("counts", requires=("events",), assigns=("events.killed",))
def run_counts(analysis: Analysis, resources: object) -> dict:
    return {"events": analysis.events}
