"""Stage ``times``: placeholder until its module is written."""

from __future__ import annotations

from ..pipeline import Analysis, stage


@stage("times", requires=("doc",), assigns=("times",))
def find_times(analysis: Analysis, resources: object) -> dict:
    return {"times": ()}
