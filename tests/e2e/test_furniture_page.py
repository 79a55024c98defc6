"""The furniture stage on a whole news page through the real pipeline: a teaser's event
never ranks first (unit tests: tests/stages/test_furniture.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sitrep.model import Article
from sitrep.pipeline import Pipeline
from sitrep.stages.furniture import is_furniture

#: The furniture unit tests' news page (tests/stages/test_furniture.py).
PAGE = (Path(__file__).parents[1] / "fixtures" / "pages" / "rockford-teasers.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline()


def test_a_teasers_event_is_not_the_main_event(pipeline):
    analysis = pipeline.analyse(Article(id="page", text=PAGE, published=dt.date(2024, 3, 11)))
    main = min(analysis.events, key=lambda e: e.rank)
    assert main.place is not None and main.place.name == "Rockford"
    assert main.date.start == dt.date(2024, 3, 10)
    teaser = next(e for e in analysis.events if e.trigger_start > PAGE.index("Related:") and e.plover == "ASSAULT")
    assert is_furniture(teaser) and teaser.rank > main.rank
    assert main.killed is None  # the teaser's three dead are another story's
