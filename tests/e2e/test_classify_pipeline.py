"""The classify stage in the real pipeline, with a hand-made classifier (unit tests:
tests/stages/test_classify.py)."""

from __future__ import annotations

from sitrep.pipeline import DEFAULT_STAGES
from sitrep.resources import InMemoryClassifier
from sitrep.stages.classify import with_classify

#: The hand-made classifier: a keyword and the ACLED type and sub-type it gives.
RULES = {"drone": ("Explosions/Remote violence", "Air/drone strike")}


def test_the_pipeline_uses_the_classifier_end_to_end(nlp):
    from sitrep.api import code
    from sitrep.pipeline import Pipeline
    from sitrep.resources import Resources

    fake = InMemoryClassifier(RULES, name="fake-model")
    pipeline = Pipeline(with_classify(DEFAULT_STAGES), Resources.default().with_classifier(fake), nlp)
    events = code("Gunmen attacked a market in Kaduna on Monday; a drone was heard overhead.",
                  published="2024-03-05", pipeline=pipeline)
    assert events and events[0].coder == "fake-model"
    assert events[0].acled_sub_event_type == "Air/drone strike" and events[0].rule("acled") == "model:fake-model"
