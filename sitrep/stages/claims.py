"""Stage ``claims``: placeholder until its module is written."""

from __future__ import annotations

from ..pipeline import Analysis, stage


@stage("claims", requires=("events",), assigns=("events.claimed_by",))
def run_claims(analysis: Analysis, resources: object) -> dict:
    return {"events": analysis.events}
