"""Coding many articles: read, analyse, store, write, and keep every failure.

``run_batch`` is the one loop behind ``sitrep code`` and ``sitrep annotate``. Inputs are
``Article`` or ``Failure`` records (from ``sitrep.readers``); failed records are passed
on to ``on_failure`` with their reason and the rest of the batch goes on. spaCy runs in
batches (``nlp.pipe``); an article whose coding fails becomes a ``Failure`` (code P004).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from .errors import PipelineError
from .model import Article, Failure
from .pipeline import Analysis, Pipeline


@dataclass
class BatchStats:
    articles: int = 0
    events: int = 0
    failures: int = 0
    codes: dict[str, int] = field(default_factory=dict)

    def add_failure(self, failure: Failure) -> None:
        self.failures += 1
        self.codes[failure.code] = self.codes.get(failure.code, 0) + 1


def analyse_stream(
    items: Iterable[Article | Failure], pipeline: Pipeline, batch_size: int = 16
) -> Iterator[Analysis | Failure]:
    """Analyse each article; failures (from reading or coding) pass through in order."""
    iterator = iter(items)
    while True:
        chunk = list(itertools.islice(iterator, batch_size))
        if not chunk:
            return
        articles = [a for a in chunk if isinstance(a, Article)]
        docs = iter(pipeline.nlp.pipe([a.text for a in articles], batch_size=batch_size))
        for item in chunk:
            if isinstance(item, Failure):
                yield item
                continue
            doc = next(docs)
            try:
                yield pipeline.analyse_doc(item, doc)
            except (PipelineError, ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
                # A bug in a stage must not sink the batch: keep the article with its reason.
                yield Failure(
                    origin=item.origin or item.id, code="P004",
                    message=PipelineError("P004", reason=f"{type(exc).__name__}: {exc}").message,
                    article_id=item.id,
                )


def run_batch(
    items: Iterable[Article | Failure],
    pipeline: Pipeline,
    on_analysis: Callable[[Analysis], None],
    on_failure: Callable[[Failure], None],
    batch_size: int = 16,
    progress: Callable[[BatchStats], None] | None = None,
) -> BatchStats:
    """Analyse every article, handing each result or failure to the callbacks."""
    stats = BatchStats()
    for result in analyse_stream(items, pipeline, batch_size):
        if isinstance(result, Failure):
            stats.add_failure(result)
            on_failure(result)
        else:
            stats.articles += 1
            stats.events += len(result.events or ())
            on_analysis(result)
        if progress is not None:
            progress(stats)
    return stats
