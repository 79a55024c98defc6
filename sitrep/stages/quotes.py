"""Stage ``quotes``: placeholder until its module is written."""

from __future__ import annotations

from ..pipeline import Analysis, stage


@stage("quotes", requires=("doc",), assigns=("quotes",))
def find_quotes(analysis: Analysis, resources: object) -> dict:
    return {"quotes": ()}
