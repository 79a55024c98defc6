"""Coding on every core: worker processes forked from a parent that loaded the pipeline.

``analyse_parallel(items, pipeline, batch_size, workers)`` yields what
``batch.analyse_stream`` yields, in the same order and with the same records; it is what
``run_batch(..., workers=N)`` runs for N > 1. Only spaCy and the stages run in the
workers: the parent reads the input, and ``run_batch`` stores, assigns incidents and
writes the output there, in input order.

* **Memory.** The parent loads the pipeline (spaCy's model, the gazetteer from its
  on-disk cache, the lexicons) and codes one short article, which builds what the stages
  build on their first article. It then moves its objects out of the garbage
  collector's reach (``gc.freeze``) and forks the workers ('fork' start method), so that
  they share its pages copy-on-write: a worker copies only the pages it writes to.
* **Bounded work.** The input is read in chunks of ``batch_size`` records. A chunk's
  articles are one job, sent to the worker with the fewest jobs, at most ``DEPTH`` jobs
  a worker; the parent reads on only while fewer than ``AHEAD`` chunks a worker are
  waiting to be handed on. So memory depends on the batch size and the workers, never
  on the size of the input.
* **Order.** Jobs come back in any order and are handed on in input order; an
  ``Analysis`` comes back without its spaCy ``doc``, which never leaves the worker.
* **Crashes.** An exception while coding an article is that article's ``Failure`` in the
  worker, as in one process. A worker that dies (killed, out of memory, a library that
  exits) is replaced by a new fork. The job it was coding is tried once more; when that
  kills a worker too, each of its articles is tried alone, and an article that kills a
  worker alone is that article's ``Failure`` (P006, with the exit code or signal). The
  jobs queued behind it go to the other workers unchanged. Nothing is lost, and nothing
  is handed on twice.

An input that fits in one chunk is coded in this process: forking would cost more than
it saves. Platforms without ``fork`` (Windows; macOS, where forking a process that has
loaded native libraries is unsafe) code in one process too.
"""

from __future__ import annotations

import dataclasses
import gc
import itertools
import os
import queue
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing import connection, get_context
from typing import Any

from .errors import Codes
from .model import Article, Failure
from .pipeline import Analysis, Pipeline

#: Jobs a worker may hold at once: the one it codes and the next, so it never waits.
DEPTH = 2
#: Chunks a worker may have read ahead of the one handed on next.
AHEAD = 3
#: Tries a job gets before its articles are tried alone.
TRIES = 2
#: Workers that die in a row with no job are a broken set-up, not a bad article.
MAX_IDLE_DEATHS = 3
#: A short article coded in the parent before forking, so that what the stages build on
#: their first article (indexes, automata, caches) is built once and shared.
WARM_UP = "Gunmen killed three villagers in Kaduna, Nigeria, on Monday, police said."


def default_workers() -> int:
    """The cores this process may run on (its CPU affinity, where the platform says)."""
    count = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if count is not None:
        return max(1, count() or 1)
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    """Whether workers can be forked from this process (Linux and the other Unixes but macOS)."""
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"


def analyse_parallel(
    items: Iterable[Article | Failure], pipeline: Pipeline, batch_size: int = 16, workers: int = 2,
    started: Callable[[int], None] | None = None,
) -> Generator[Analysis | Failure, None, None]:
    """``batch.analyse_stream`` on ``workers`` processes: the same records in the same order.

    ``started`` is told how many worker processes were forked (none when the input fits
    in one chunk), once they are.
    """
    from .batch import analyse_stream

    if batch_size < 1:
        raise ValueError(f"batch_size must be positive, not {batch_size}")
    if workers < 1:
        raise ValueError(f"workers must be positive, not {workers}")
    iterator = iter(items)
    head = list(itertools.islice(iterator, batch_size + 1))
    if workers == 1 or len(head) <= batch_size or not can_fork():
        yield from analyse_stream(itertools.chain(head, iterator), pipeline, batch_size)
        return
    pool = _Pool(pipeline, batch_size, workers)
    if started is not None:
        started(workers)
    try:
        yield from pool.run(itertools.chain(head, iterator))
    except BaseException:  # the caller stopped (an error, Ctrl-C, a closed generator): stop the workers now
        pool.close(wait=0)
        raise
    pool.close()


# ----------------------------------------------------------------- the worker process


def _worker_main(jobs: connection.Connection, results: connection.Connection, pipeline: Pipeline,
                 batch_size: int, inherited: list[connection.Connection]) -> None:
    """Code each job the parent sends, send back its results, until it sends None.

    A thread reads the jobs as they come, so that the parent never waits to send one
    while this process waits to send its results.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    for conn in inherited:  # the parent's ends of the pipes, copied by the fork
        conn.close()
    gc.enable()
    inbox: queue.SimpleQueue[Any] = queue.SimpleQueue()

    def receive() -> None:
        try:
            while True:
                inbox.put(jobs.recv())
        except (EOFError, OSError):
            inbox.put(None)

    threading.Thread(target=receive, name="sitrep-jobs", daemon=True).start()
    while (job := inbox.get()) is not None:
        job_id, articles = job
        results.send_bytes(_payload(job_id, articles, pipeline, batch_size))


def _payload(job_id: int, articles: list[Article], pipeline: Pipeline, batch_size: int) -> bytes:
    """The job's results, pickled: one per article, an ``Analysis`` without its doc. A
    result that cannot be pickled (a stage that put something odd into a record) is
    that article's failure."""
    import pickle

    from .batch import analyse_stream, failure_from

    out: list[Analysis | Failure] = [
        dataclasses.replace(r, doc=None) if isinstance(r, Analysis) else r
        for r in analyse_stream(articles, pipeline, batch_size)
    ]
    try:
        return pickle.dumps((job_id, out), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - found below, article by article
        pass
    for i, (article, result) in enumerate(zip(articles, out, strict=True)):
        try:
            pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # noqa: BLE001
            out[i] = failure_from(article, exc, "code")
    return pickle.dumps((job_id, out), protocol=pickle.HIGHEST_PROTOCOL)


# ----------------------------------------------------------------- the parent


@dataclass
class _Job:
    id: int
    chunk: int
    #: Where each article sits in its chunk.
    slots: list[int]
    articles: list[Article]
    tries: int = TRIES


@dataclass
class _Chunk:
    items: list[Any]
    waiting: int


@dataclass
class _Worker:
    process: Any
    jobs_out: connection.Connection  # the parent sends jobs on it
    results_in: connection.Connection  # the parent reads results from it
    held: deque[_Job] = field(default_factory=deque)


class _Pool:
    """The workers, the jobs each holds, and the chunks waiting to be handed on."""

    def __init__(self, pipeline: Pipeline, batch_size: int, workers: int) -> None:
        self.pipeline = pipeline
        self.batch_size = batch_size
        self.size = workers
        self.context = get_context("fork")
        self.workers: list[_Worker] = []
        self.ready: deque[_Job] = deque()
        self.chunks: dict[int, _Chunk] = {}
        self.job_ids = itertools.count()
        self.idle_deaths = 0
        #: Worker processes started, replacements included.
        self.started = 0
        _warm_up(pipeline)
        for _ in range(workers):
            self.workers.append(self._start())

    def _start(self) -> _Worker:
        jobs_in, jobs_out = self.context.Pipe(duplex=False)
        results_in, results_out = self.context.Pipe(duplex=False)
        # The parent's ends of every pipe, its own included: a worker holding them would
        # never see the end of its jobs when the parent is gone.
        inherited = [c for w in self.workers for c in (w.jobs_out, w.results_in)] + [jobs_out, results_in]
        process = self.context.Process(
            target=_worker_main, name=f"sitrep-worker-{self.started + 1}",
            args=(jobs_in, results_out, self.pipeline, self.batch_size, inherited), daemon=True,
        )
        gc.freeze()  # the parent's objects stay out of the children's collections: their pages stay shared
        process.start()
        jobs_in.close()
        results_out.close()
        self.started += 1
        return _Worker(process, jobs_out, results_in)

    def run(self, items: Iterator[Any]) -> Iterator[Analysis | Failure]:
        from .batch import chunks

        pending = chunks(items, self.batch_size)
        read = handed = 0
        exhausted = False
        while True:
            while not exhausted and read - handed < AHEAD * self.size and len(self.ready) < self.size:
                chunk = next(pending, None)
                if chunk is None:
                    exhausted = True
                    break
                self._add_chunk(read, chunk)
                read += 1
            self._dispatch()
            while handed in self.chunks and not self.chunks[handed].waiting:
                yield from self.chunks.pop(handed).items
                handed += 1
            if exhausted and handed == read:
                return
            if read - handed >= AHEAD * self.size or exhausted or self.ready:
                self._wait()

    def _add_chunk(self, number: int, chunk: list[Any]) -> None:
        slots = [i for i, item in enumerate(chunk) if isinstance(item, Article)]
        self.chunks[number] = _Chunk(chunk, len(slots))
        if slots:
            self.ready.append(_Job(next(self.job_ids), number, slots, [chunk[i] for i in slots]))

    def _dispatch(self) -> None:
        while self.ready:
            worker = min(self.workers, key=lambda w: len(w.held))
            if len(worker.held) >= DEPTH:
                return
            job = self.ready.popleft()
            try:
                worker.jobs_out.send((job.id, job.articles))
            except OSError:  # the worker is gone: its death is handled when it is seen
                self.ready.appendleft(job)
                self._replace(worker)
                continue
            worker.held.append(job)

    def _wait(self) -> None:
        """Wait for a result or a worker's death, and take in what came."""
        waitables: list[Any] = [w.results_in for w in self.workers] + [w.process.sentinel for w in self.workers]
        ready = set(connection.wait(waitables))
        for worker in list(self.workers):
            if worker.results_in in ready or worker.process.sentinel in ready:
                self._collect(worker)

    def _collect(self, worker: _Worker) -> None:
        try:
            while worker.results_in.poll():
                job_id, results = worker.results_in.recv()
                job = worker.held.popleft()
                assert job.id == job_id, (job.id, job_id)
                self._fill(job, results)
                self.idle_deaths = 0
        except (EOFError, OSError):
            self._replace(worker)
            return
        if not worker.process.is_alive():
            self._replace(worker)

    def _fill(self, job: _Job, results: list[Analysis | Failure]) -> None:
        chunk = self.chunks[job.chunk]
        for slot, result in zip(job.slots, results, strict=True):
            chunk.items[slot] = result
        chunk.waiting -= len(job.slots)

    def _replace(self, worker: _Worker) -> None:
        """A worker died: start another, and deal out the jobs it held."""
        if worker.process.is_alive():  # its pipe broke while it lives on: it is of no use
            worker.process.kill()
        worker.process.join()
        reason = _death(worker.process.exitcode)
        worker.jobs_out.close()
        worker.results_in.close()
        self.workers[self.workers.index(worker)] = self._start()  # it takes jobs on the next dispatch
        if not worker.held:
            self.idle_deaths += 1
            if self.idle_deaths > MAX_IDLE_DEATHS:
                raise RuntimeError(f"sitrep's worker processes die before coding anything ({reason})")
            return
        culprit, *innocent = worker.held
        self.ready.extendleft(reversed(innocent))  # the jobs behind it go out again as they were
        culprit.tries -= 1
        if culprit.tries > 0:
            self.ready.appendleft(culprit)
        elif len(culprit.articles) > 1:  # find the one at fault: each alone, one try each
            alone = [_Job(next(self.job_ids), culprit.chunk, [s], [a], tries=1)
                     for s, a in zip(culprit.slots, culprit.articles)]
            self.ready.extendleft(reversed(alone))
        else:
            self._fill(culprit, [_worker_failure(culprit.articles[0], reason)])

    def close(self, wait: float = 5.0) -> None:
        """Stop the workers: each takes no more jobs; any still running after ``wait``
        seconds is killed."""
        for worker in self.workers:
            try:
                worker.jobs_out.send(None)
            except OSError:
                pass
        for worker in self.workers:
            worker.process.join(timeout=wait)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.jobs_out.close()
            worker.results_in.close()
        self.workers.clear()
        gc.unfreeze()


def _warm_up(pipeline: Pipeline) -> None:
    """Code one short article, so that what the stages build lazily is built before the
    fork; and load English word frequencies (28 MB, read by ``wordfreq`` on its first
    call, which that article need not make)."""
    from .stages.places.words import zipf

    zipf("village")
    try:
        pipeline.analyse(Article(id="sitrep-warm-up", text=WARM_UP))
    except Exception:  # noqa: BLE001 - a pipeline that fails on it fails on real articles, where it is reported
        pass


def _death(exitcode: int | None) -> str:
    """How a worker ended, in words."""
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"the worker process was killed by {name}"
    return f"the worker process exited with status {exitcode}"


def _worker_failure(article: Article, reason: str) -> Failure:
    return Failure(
        origin=article.origin or article.id, code="P006", message=Codes.P006.format(reason=reason),
        article_id=article.id, stage="worker",
    )
