"""The Python API: an article in, events out. The CLI and batch runner use the same calls.

    >>> import sitrep
    >>> events = sitrep.code("Gunmen killed three villagers in Kaduna on Monday.", published="2024-03-05")
    >>> events[0].plover
    'ASSAULT'
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from pathlib import Path
from typing import Any

from .model import Article, Event
from .pipeline import DEFAULT_STAGES, Analysis, Pipeline


@functools.lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    """The default pipeline (spaCy model, gazetteer, lexicons), built once per process."""
    return Pipeline()


def model_pipeline(model: str | Path) -> Pipeline:
    """The default pipeline with a model trained by ``sitrep train`` typing the events.

    A classifier (``sitrep train``) runs as the ``classify`` stage after ``typing``; a
    typing model (``sitrep train --typing``) takes the shipped model's place. Errors
    loading either are ``ResourceError`` L004.
    """
    from .resources import Resources, load_classifier
    from .resources.classifier import META_FILE
    from .resources.typing_model import FORMAT as TYPING_FORMAT
    from .resources.typing_model import read_model
    from .stages.classify import with_classify

    if _format_of(Path(model) / META_FILE) == TYPING_FORMAT:  # `sitrep train --typing`: replaces the shipped model
        return Pipeline(resources=dataclasses.replace(Resources.default(), typing_model=read_model(model)))
    classifier = load_classifier(model)
    return Pipeline(stages=with_classify(DEFAULT_STAGES), resources=Resources.default().with_classifier(classifier))


def _format_of(meta: Path) -> str | None:
    import json

    try:
        return json.loads(meta.read_text(encoding="utf-8")).get("format")
    except (OSError, ValueError, AttributeError):
        return None  # load_classifier says what is wrong


def _article(text: str | Article, published: str | dt.date | None, article_id: str | None) -> Article:
    """The article for a text: repaired as the readers repair it (``sitrep.repair``), with
    the hash of the repaired text as its id when none is given. An ``Article`` built by
    hand is repaired too when it needs it (spaCy refuses a lone surrogate), and is
    otherwise returned as it is."""
    from .readers import check_id, parse_date
    from .repair import repair

    if isinstance(text, Article):
        fixed = repair(text.text)
        if fixed.text == text.text:
            return text
        repairs = text.repairs + tuple(r for r in fixed.repairs if r not in text.repairs)
        return dataclasses.replace(text, text=fixed.text, repairs=repairs)
    if isinstance(published, str):
        published = parse_date(published, origin="published")
    fixed = repair(text)
    if article_id:
        check_id(article_id, origin="id")
    return Article(
        id=article_id or Article(id="", text=fixed.text).text_hash[:12],
        text=fixed.text,
        published=published,
        repairs=fixed.repairs,
    )


def analyse(
    text: str | Article, published: str | dt.date | None = None, id: str | None = None, pipeline: Pipeline | None = None
) -> Analysis:
    """Everything the pipeline reads in one article (places, times, quotes, events...)."""
    return (pipeline or default_pipeline()).analyse(_article(text, published, id))


def code(
    text: str | Article, published: str | dt.date | None = None, id: str | None = None, pipeline: Pipeline | None = None
) -> list[Event]:
    """The events of one article, rank 0 (the main event) first."""
    events = analyse(text, published, id, pipeline).events or ()
    return sorted(events, key=lambda e: e.rank)


def annotation(analysis: Analysis, explain: bool = False) -> dict[str, Any]:
    """The ``sitrep annotate`` record of one analysed article (docs/output.md)."""
    article = analysis.article
    record: dict[str, Any] = {
        "article_id": article.id,
        "published": article.published.isoformat() if article.published else None,
        "repairs": list(article.repairs),
        "places": [
            {"text": p.text, "start": p.start, "end": p.end, **p.to_dict(), "in_organisation": p.in_organisation}
            for p in analysis.places or ()
        ],
        "times": [
            {"text": t.text, "start": t.start, "end": t.end, "type": t.type, "value": t.value}
            for t in analysis.times or ()
        ],
        "quotes": [q.to_dict() for q in analysis.quotes or ()],
        "attributions": [a.to_dict() for a in analysis.attributions or ()],
        "notes": list(analysis.notes),
    }
    if explain:
        record["events"] = [
            {
                "event_id": e.event_id, "rank": e.rank, "trigger": e.trigger, "plover": e.plover,
                "acled_sub_event_type": e.acled_sub_event_type, "coder": e.coder, "rules": dict(e.rules),
            }
            for e in sorted(analysis.events or (), key=lambda e: e.rank)
        ]
    return record
