"""The batch loop: a failing article becomes a Failure with its reason; the rest go on."""

from __future__ import annotations

from sitrep.batch import run_batch
from sitrep.model import Article, Failure
from sitrep.pipeline import Pipeline, Stage


def test_a_stage_error_is_kept_as_a_failure_and_the_batch_goes_on(nlp):
    pipeline = Pipeline(stages=("times",), nlp=nlp, resources=object())

    def fragile(analysis, resources):
        if "boom" in analysis.article.text:
            raise ValueError("cannot read this one")
        return {"events": ()}

    pipeline.stages = (*pipeline.stages, Stage("fragile", fragile, requires=("doc",), assigns=("events",)))
    done, failed = [], []
    items = [
        Article(id="a", text="Calm day in the capital."),
        Failure(origin="in.jsonl:2", code="R002", message="broken JSON"),
        Article(id="b", text="boom", origin="in.jsonl:3"),
        Article(id="c", text="Another calm day."),
    ]
    stats = run_batch(items, pipeline, done.append, failed.append, batch_size=2)
    assert [a.article.id for a in done] == ["a", "c"]
    assert [(f.code, f.origin) for f in failed] == [("R002", "in.jsonl:2"), ("P004", "in.jsonl:3")]
    assert "ValueError: cannot read this one" in failed[1].message
    assert (stats.articles, stats.failures) == (2, 2)
