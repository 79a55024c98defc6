"""Coding many articles: read, parse, code, store, and keep every failure.

``run_batch`` is the one loop behind ``sitrep code`` and ``sitrep annotate``. Inputs are
``Article`` or ``Failure`` records (from ``sitrep.readers``). Whatever goes wrong with
one record, in spaCy, in a stage or in the store, becomes that record's ``Failure``,
with the step that failed (``stage``), the exception's type and the place it was raised,
and the rest of the batch goes on. spaCy runs in batches (``nlp.pipe``); when a batch
fails, its articles are parsed one at a time so that only the one at fault fails.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import itertools
import sysconfig
import traceback
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .errors import Codes, SitrepError, StageError
from .model import Article, Failure
from .pipeline import Analysis, Pipeline

if TYPE_CHECKING:  # pragma: no cover
    from .store import Store

#: The folder holding the ``sitrep`` package: places are shown relative to it.
_ROOT = Path(__file__).resolve().parent.parent
_PACKAGE = Path(__file__).resolve().parent
T = TypeVar("T")


@dataclass
class BatchStats:
    #: Records handed on: articles coded and records that failed, each counted once.
    records: int = 0
    articles: int = 0
    events: int = 0
    failures: int = 0
    codes: dict[str, int] = field(default_factory=dict)
    #: What the store did with the coded articles: inserted, replaced, unchanged.
    saved: dict[str, int] = field(default_factory=lambda: {"inserted": 0, "replaced": 0, "unchanged": 0})
    #: Worker processes that coded (``sitrep.parallel``); 0 when this process did.
    workers: int = 0

    def add_failure(self, failure: Failure) -> None:
        self.failures += 1
        self.codes[failure.code] = self.codes.get(failure.code, 0) + 1


@functools.cache
def _library_folders() -> tuple[Path, ...]:
    paths = sysconfig.get_paths()
    return tuple({Path(paths[k]).resolve() for k in ("stdlib", "platstdlib", "purelib", "platlib") if k in paths})


def _is_ours(filename: str) -> bool:
    """Is this frame sitrep's own code (or a caller's, such as a stage defined in a
    test), rather than the standard library's or an installed package's?"""
    path = Path(filename).resolve()
    if path.is_relative_to(_PACKAGE):
        return True
    return filename[:1] not in ("<", "") and not any(path.is_relative_to(p) for p in _library_folders())


def where_raised(exc: BaseException) -> str | None:
    """``sitrep/stages/places/persons.py:23 in titled_names``: the innermost frame of sitrep's own
    code (or of a caller's, not of a library) in the exception's traceback, else the
    innermost frame of all."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return None
    own = [f for f in frames if _is_ours(f.filename)]
    frame = (own or frames)[-1]
    path = Path(frame.filename).resolve()
    shown = path.relative_to(_ROOT).as_posix() if path.is_relative_to(_ROOT) else path.name
    return f"{shown}:{frame.lineno} in {frame.name}"


def failure_from(article: Article, exc: BaseException, stage: str) -> Failure:
    """The ``Failure`` that keeps ``article`` when ``exc`` was raised while coding or storing it.

    A ``StageError`` names its stage and carries the stage's exception. A ``SitrepError``
    keeps its own code (a count too large to store, R017; a value the store refuses,
    R018; a database error, S002); any other exception is P004 while coding, P005
    while parsing, S004 while storing. Any exception while assigning a stored article's
    events to incidents (stage ``"incidents"``) is S005.
    """
    if isinstance(exc, StageError):
        stage, cause = exc.stage, exc.__cause__ or exc
    else:
        cause = exc
    if stage == "incidents":
        reason = str(cause) if isinstance(cause, SitrepError) else f"{type(cause).__name__}: {cause}"
        code, message = "S005", Codes.S005.format(reason=reason)
    elif isinstance(cause, SitrepError) and not isinstance(cause, StageError):
        code, message = cause.code, cause.message
    else:
        reason = f"{type(cause).__name__}: {cause}"
        if stage == "parse":
            code, message = "P005", Codes.P005.format(reason=reason)
        elif stage == "store":
            code, message = "S004", Codes.S004.format(reason=reason)
        else:
            code, message = "P004", StageError(stage, cause).message
    return Failure(
        origin=article.origin or article.id, code=code, message=message, article_id=article.id,
        stage=stage, exception=type(cause).__name__, location=where_raised(cause),
        traceback="".join(traceback.format_exception(exc)),
    )


def _parse(pipeline: Pipeline, articles: Sequence[Article], batch_size: int) -> list[Any]:
    """A spaCy doc for each article, or its ``Failure`` when spaCy fails on it."""
    try:
        return list(pipeline.nlp.pipe([a.text for a in articles], batch_size=batch_size))
    except Exception:
        pass  # one text broke the batch: parse each alone, so that only it fails
    docs: list[Any] = []
    for article in articles:
        try:
            docs.append(pipeline.nlp(article.text))
        except Exception as exc:
            docs.append(failure_from(article, exc, "parse"))
    return docs


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last one shorter), read as they are needed."""
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def analyse_stream(
    items: Iterable[Article | Failure], pipeline: Pipeline, batch_size: int = 16
) -> Generator[Analysis | Failure, None, None]:
    """Analyse each article; failures (from reading, parsing or coding) come in order."""
    if batch_size < 1:
        raise ValueError(f"batch_size must be positive, not {batch_size}")
    for chunk in chunks(items, batch_size):
        articles = [a for a in chunk if isinstance(a, Article)]
        docs = iter(_parse(pipeline, articles, batch_size) if articles else ())
        for item in chunk:
            if isinstance(item, Failure):
                yield item
                continue
            doc = next(docs)
            if isinstance(doc, Failure):
                yield doc
                continue
            result: Analysis | Failure
            try:
                result = pipeline.analyse_doc(item, doc)
            except Exception as exc:
                # A bug in a stage, or an input no stage can take, must not sink the batch.
                result = failure_from(item, exc, "code")
            yield result


def save_failure(store: Store, failure: Failure) -> Failure:
    """Store ``failure``; when the store refuses it too, say so in the failure's message."""
    try:
        store.save_failure(failure)
    except Exception as exc:
        note = f" (not stored in the database: {type(exc).__name__}: {exc})"
        return dataclasses.replace(failure, message=failure.message + note)
    return failure


def _assign(store: Store, article: Article, stats: BatchStats, on_failure: Callable[[Failure], None]) -> None:
    """Assign a stored article's events to incidents; a failure is reported, not raised."""
    try:
        store.assign_incidents(article.id)
    except Exception as exc:
        failure = save_failure(store, failure_from(article, exc, "incidents"))
        stats.add_failure(failure)
        on_failure(failure)


def run_batch(
    items: Iterable[Article | Failure],
    pipeline: Pipeline,
    on_analysis: Callable[[Analysis], None],
    on_failure: Callable[[Failure], None],
    batch_size: int = 16,
    progress: Callable[[BatchStats], None] | None = None,
    store: Store | None = None,
    incidents: bool = False,
    workers: int = 1,
) -> BatchStats:
    """Analyse every article, store it when ``store`` is given, and hand each result or
    failure to the callbacks (``on_analysis`` only once the article is stored). The store
    takes the coded articles ``batch_size`` at a time (``Store.save_articles``, one
    transaction each); incidents are assigned, and callbacks called, one article at a
    time, in input order.

    An exception while storing one article makes it a failure (stage ``"store"``); failures
    are stored too. With ``incidents``, each stored article's events are then assigned to
    incidents (``Store.assign_incidents``); an exception there does not lose the article,
    which stays stored and is handed to ``on_analysis`` without incident ids, but is
    reported as a failure too (S005, stage ``"incidents"``). Exceptions raised by the
    callbacks themselves (writing the output) are not the record's fault and end the batch.

    With ``workers`` > 1, spaCy and the stages run in that many worker processes
    (``sitrep.parallel``); everything else, the store and incidents included, stays in
    this process and sees the records in input order, as with one.
    """
    stats = BatchStats()
    if workers > 1:
        from .parallel import analyse_parallel

        def started(count: int) -> None:
            stats.workers = count

        results = analyse_parallel(items, pipeline, batch_size, workers, started)
    else:
        results = analyse_stream(items, pipeline, batch_size)
    with contextlib.closing(results):  # the workers stop with the loop, however it ends
        for chunk in chunks(results, batch_size if store is not None else 1):
            for result, saved in zip(chunk, _save(store, chunk)):
                _hand_on(result, saved, stats, on_analysis, on_failure, store, incidents)
                if progress is not None:
                    progress(stats)
    return stats


def _save(store: Store | None, chunk: list[Analysis | Failure]) -> list[Any]:
    """Each coded article of ``chunk`` stored, in one batch (``Store.save_articles``): its
    ``SaveResult`` or the exception that kept it out; None for failures and without a store."""
    if store is None:
        return [None] * len(chunk)
    coded = [(i, r) for i, r in enumerate(chunk) if isinstance(r, Analysis)]
    out: list[Any] = [None] * len(chunk)
    if coded:
        try:
            saved = store.save_articles([(r.article, sorted(r.events or (), key=lambda e: e.rank)) for _, r in coded])
        except Exception as exc:  # the store itself failed: every article of the batch fails with it
            saved = [exc] * len(coded)
        for (i, _), result in zip(coded, saved):
            out[i] = result
    return out


def _hand_on(result: Analysis | Failure, saved: Any, stats: BatchStats, on_analysis: Callable[[Analysis], None],
             on_failure: Callable[[Failure], None], store: Store | None, incidents: bool) -> None:
    """Count one stored result (``saved``: its ``SaveResult``, or the exception that kept
    it out of the store), assign its incidents and hand it to its callback."""
    stats.records += 1
    if isinstance(result, Analysis) and store is not None:
        if isinstance(saved, Exception):
            result = failure_from(result.article, saved, "store")
        else:
            stats.saved[saved.value] += 1
            if incidents:
                _assign(store, result.article, stats, on_failure)
    if isinstance(result, Failure):
        if store is not None:
            result = save_failure(store, result)
        stats.add_failure(result)
        on_failure(result)
    else:
        stats.articles += 1
        stats.events += len(result.events or ())
        on_analysis(result)
