"""Stage ``attributions``: placeholder until its module is written."""

from __future__ import annotations

from ..pipeline import Analysis, stage


@stage("attributions", requires=("doc",), assigns=("attributions",))
def find_attributions(analysis: Analysis, resources: object) -> dict:
    return {"attributions": ()}
