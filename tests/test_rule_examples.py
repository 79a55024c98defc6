"""Each registry rule's example sentence, run through the whole pipeline, fires the rule
(sitrep/data/rules.yaml); and every label the stages give on those examples and on the
fixtures has a registry entry."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from sitrep.model import Article, Event
from sitrep.pipeline import DEFAULT_STAGES, Analysis, Pipeline, run_stages
from sitrep.resources import InMemoryClassifier, Resources
from sitrep.rules import registry, rules_for
from sitrep.stages.classify import with_classify

pytestmark = pytest.mark.model

RULES = registry()


@pytest.fixture(scope="module")
def pipelines():
    from sitrep.nlp import load_model

    nlp = load_model()
    resources = Resources.default()
    classifier = InMemoryClassifier({"drone": ("Explosions/Remote violence", "Air/drone strike")}, name="keywords")
    return {
        "default": Pipeline(resources=resources, nlp=nlp),
        "classify": Pipeline(with_classify(DEFAULT_STAGES), resources.with_classifier(classifier), nlp=nlp),
    }


def coded(pipelines, text: str, published: str | None, stage: str = "default") -> list[Event]:
    """Every event after every stage: a rule that fires may be overruled by a later one
    (a back-reference's ``mention`` rule is gone once it is merged)."""
    pub = dt.date.fromisoformat(published) if published else None
    pipeline = pipelines["classify" if stage == "classify" else "default"]
    analysis = Analysis(article=Article(id="example", text=text, published=pub), doc=pipeline.nlp(text))
    seen: list[Event] = []
    for st in pipeline.stages:
        analysis = run_stages(analysis, (st,), pipeline.resources)
        seen.extend(analysis.events or ())
    return seen


def fired(events: list[Event]) -> list[tuple[str, str]]:
    return list(dict.fromkeys(pair for event in events for pair in event.rules))


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_the_example_fires_its_rule(pipelines, rule):
    events = coded(pipelines, rule.example, rule.published, rule.stage)
    labels = fired(events)
    assert any(rule.matches(field, label) for field, label in labels), labels


def test_every_label_on_the_examples_and_fixtures_has_an_entry(pipelines):
    texts = [(r.example, r.published, r.stage) for r in RULES]
    with (Path(__file__).parent / "fixtures" / "gold" / "mini.jsonl").open(encoding="utf-8") as lines:
        texts += [(json.loads(line)["text"], "2024-03-11", "default") for line in lines if line.strip()]
    assert len(texts) > len(RULES)
    missing = set()
    for text, published, stage in texts:
        for field, label in fired(coded(pipelines, text, published, stage)):
            if not rules_for(field, label):
                missing.add((field, label))
    assert not missing
