"""The pipeline core: stage order is checked when it is built, and stages keep their contracts."""

from __future__ import annotations

import pytest

from sitrep.errors import PipelineError
from sitrep.model import Article
from sitrep.pipeline import DEFAULT_STAGES, STAGES, Analysis, Stage, build, run_stages


def test_default_order_builds():
    assert [s.name for s in build()] == list(DEFAULT_STAGES)


def test_a_stage_before_its_inputs_is_refused_at_build_time():
    with pytest.raises(PipelineError, match=r"\[P002\].*'actors' needs 'events'"):
        build(["actors", "events"])


def test_an_unknown_stage_is_named():
    with pytest.raises(PipelineError, match=r"\[P001\] no stage named 'sentiment'"):
        build(["times", "sentiment"])


def test_a_stage_returning_undeclared_fields_is_an_error():
    rogue = Stage("rogue", lambda a, r: {"places": ()}, requires=("doc",), assigns=("times",))
    with pytest.raises(PipelineError, match="P003"):
        run_stages(Analysis(article=Article(id="a", text="x")), [rogue], resources=None)


def test_every_stage_declares_what_it_needs_and_adds():
    build()
    for stage in STAGES.values():
        assert stage.assigns, stage.name
        for field in stage.returns:
            assert field in Analysis.__dataclass_fields__, (stage.name, field)
