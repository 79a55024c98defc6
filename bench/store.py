"""How many rows a second the store takes: articles, events (and their evidence spans),
one article at a time against batches, into SQLite and PostgreSQL.

    .venv/bin/python bench/store.py INPUT [--limit N] [--copies K] [--batch B]
                                          [--postgres URL] [--repeat R] [--json]

INPUT is any file or folder ``sitrep code`` reads. Its first N articles are coded once
(the pipeline's time is not counted), then stored K times over, each copy under new
ids, so that the store sees N x K articles. Each back end gets a fresh database per pass:

* ``one``: ``Store.save_article`` per article, one transaction each (as ``run_batch``
  saves for now);
* ``batched``: ``Store.save_articles`` over B articles at a time, one transaction each;
* ``rerun``: the batched pass again over the same articles (nothing changes: every
  article is found unchanged), the cost of coding an input twice.

Both passes must leave the same rows (a digest of every article's and event's row is
compared, and printed, so that the runs of two versions can be compared too). Evidence spans are stored inside each event's JSON record, so they are
counted as part of the event rows, and reported apart. Rows a second = (articles +
events) / seconds. With an older sitrep that has no ``save_articles``, only ``one`` runs.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sitrep.model import Article, Event
from sitrep.store import SQLiteStore, Store

Item = tuple[Article, list[Event]]


def code(path: str, limit: int) -> list[Item]:
    """The first ``limit`` articles of ``path``, coded, with their events by rank."""
    import itertools

    from sitrep.batch import analyse_stream
    from sitrep.model import Failure
    from sitrep.pipeline import Pipeline
    from sitrep.readers import read_inputs

    articles = itertools.islice((a for a in read_inputs([path]) if not isinstance(a, Failure)), limit)
    coded: list[Item] = []
    for result in analyse_stream(articles, Pipeline(), batch_size=32):
        if not isinstance(result, Failure):
            coded.append((result.article, sorted(result.events or (), key=lambda e: e.rank)))
    return coded


def copies(coded: Sequence[Item], count: int) -> list[Item]:
    """``count`` copies of every article under new ids (``id#2``...), events moved along."""
    out: list[Item] = []
    for n in range(count):
        for article, events in coded:
            new_id = article.id if n == 0 else f"{article.id}#{n + 1}"
            out.append((dataclasses.replace(article, id=new_id),
                        [dataclasses.replace(e, article_id=new_id) for e in events]))
    return out


def save_one_by_one(store: Store, items: Sequence[Item], batch: int) -> None:
    for article, events in items:
        store.save_article(article, events)


def save_batched(store: Store, items: Sequence[Item], batch: int) -> None:
    for start in range(0, len(items), batch):
        results = store.save_articles(items[start : start + batch])
        bad = [r for r in results if isinstance(r, Exception)]
        if bad:
            raise RuntimeError(f"{len(bad)} articles were not saved, the first: {bad[0]}")


def digest(store: Store) -> str:
    """A hash of every stored article's and event's row (timestamps left out)."""
    h = hashlib.sha256()
    for sql in ("SELECT id, text_hash, text, published, title, url, source, repairs FROM articles ORDER BY id",
                "SELECT event_id, article_id, rank, json FROM events ORDER BY event_id"):
        for row in store._query("digest", sql):  # type: ignore[attr-defined]
            h.update(json.dumps([row[k] for k in row.keys()], ensure_ascii=False).encode("utf-8"))
    return h.hexdigest()


@contextmanager
def sqlite_store(folder: Path) -> Iterator[Store]:
    path = folder / f"bench-{uuid.uuid4().hex[:8]}.db"
    store = SQLiteStore(path)
    try:
        yield store
    finally:
        store.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def postgres_store(url: str) -> Callable[[Path], Any]:
    @contextmanager
    def open_store(folder: Path) -> Iterator[Store]:
        import psycopg
        from psycopg import sql

        from sitrep.store_postgres import PostgresStore

        schema = f"sitrep_bench_{uuid.uuid4().hex[:12]}"
        store = PostgresStore(url, schema=schema)
        try:
            yield store
        finally:
            store.close()
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))

    return open_store


def measure(open_store: Callable[[Path], Any], folder: Path, items: Sequence[Item], batch: int,
            modes: Sequence[str]) -> dict[str, Any]:
    """Seconds of each mode (fresh database each), and the rows' digest after each."""
    out: dict[str, Any] = {}
    for mode in modes:
        with open_store(folder) as store:
            save = save_one_by_one if mode == "one" else save_batched
            start = time.perf_counter()
            save(store, items, batch)
            out[mode] = time.perf_counter() - start
            if mode == "batched":
                start = time.perf_counter()
                save_batched(store, items, batch)
                out["rerun"] = time.perf_counter() - start
            out[f"{mode}_digest"] = digest(store)
            out["counts"] = store.counts()
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="a file or folder sitrep code reads")
    parser.add_argument("--limit", type=int, default=500, help="articles coded from INPUT (default 500)")
    parser.add_argument("--copies", type=int, default=10, help="times the coded articles are stored (default 10)")
    parser.add_argument("--batch", type=int, default=256, help="articles per save_articles call (default 256)")
    parser.add_argument("--postgres", metavar="URL", help="also measure PostgreSQL at this postgresql:// URL")
    parser.add_argument("--repeat", type=int, default=3, help="passes of each mode; medians are reported (default 3)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of lines")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    coded = code(args.input, args.limit)
    coding = time.perf_counter() - start
    items = copies(coded, args.copies)
    n_articles = len(items)
    n_events = sum(len(events) for _, events in items)
    n_evidence = sum(len(e.evidence) for _, events in items for e in events)
    rows = n_articles + n_events
    modes = ["one", "batched"] if hasattr(Store, "save_articles") else ["one"]
    backends: dict[str, Callable[[Path], Any]] = {"sqlite": sqlite_store}
    if args.postgres:
        backends["postgresql"] = postgres_store(args.postgres)

    report: dict[str, Any] = {
        "input": args.input, "coded": len(coded), "coding_s": round(coding, 2), "articles": n_articles,
        "events": n_events, "evidence": n_evidence, "batch": args.batch, "repeat": args.repeat,
        "load": os.getloadavg(), "backends": {},
    }
    with tempfile.TemporaryDirectory(prefix="sitrep-bench-store-") as tmp:
        for name, open_store in backends.items():
            runs = [measure(open_store, Path(tmp), items, args.batch, modes) for _ in range(args.repeat)]
            result: dict[str, Any] = {}
            for mode in [*modes, "rerun"] if "batched" in modes else modes:
                seconds = statistics.median(r[mode] for r in runs)
                result[mode] = {"seconds": round(seconds, 3), "rows_per_s": round(rows / seconds),
                                "evidence_per_s": round(n_evidence / seconds)}
            digests = {r[f"{m}_digest"] for r in runs for m in modes}
            result["same_rows"] = len(digests) == 1
            result["digest"] = sorted(digests)[0][:12]
            result["counts"] = runs[0]["counts"]
            if "batched" in modes:
                result["batched_over_one"] = round(result["one"]["seconds"] / result["batched"]["seconds"], 2)
            report["backends"][name] = result

    if args.json:
        json.dump(report, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    print(f"{report['coded']} articles coded in {coding:.1f} s, stored x{args.copies}: {n_articles:,} articles, "
          f"{n_events:,} events ({n_evidence:,} evidence spans), {rows:,} rows; batches of {args.batch}; "
          f"median of {args.repeat}; load {' '.join(f'{x:.2f}' for x in report['load'])}")
    for name, result in report["backends"].items():
        parts = [f"{mode} {result[mode]['rows_per_s']:,} rows/s ({result[mode]['seconds']:.2f} s)"
                 for mode in ("one", "batched", "rerun") if mode in result]
        ratio = f"; batched/one {result['batched_over_one']}x" if "batched_over_one" in result else ""
        same = f"same rows (digest {result['digest']})" if result["same_rows"] else "ROWS DIFFER"
        print(f"{name}: " + ", ".join(parts) + ratio + f"; {same}")
    return 0 if all(r["same_rows"] for r in report["backends"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
