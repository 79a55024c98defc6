"""Stage ``places``: placeholder until its module is written."""

from __future__ import annotations

from ..pipeline import Analysis, stage


@stage("places", requires=("doc",), assigns=("places",))
def find_places(analysis: Analysis, resources: object) -> dict:
    return {"places": ()}
