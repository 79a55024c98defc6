"""Throughput of sitrep against a bare spaCy pass over the same texts.

    python bench/throughput.py CORPUS.jsonl [--limit N] [--batch-size B] [--repeat R] [--json]

CORPUS.jsonl holds one JSON object a line with a ``text`` field (``id`` and
``published`` are used when present). Each pass runs in its own child process, so the
peak memory (RSS) of one never mixes with the other:

spacy   ``sitrep.nlp.load_model(fast_rules=False, paragraphs=False)``, the pipeline as spaCy publishes it
        (sitrep runs exact, faster stand-ins for two of its rule components:
        sitrep/token_rules.py), then ``nlp.pipe(texts)``: the reference.
sitrep  ``Pipeline()`` (model, gazetteer, lexicons: start-up counts in sitrep's time)
        then each record read as the readers read it (``article_from_record``: checked
        and repaired), ``nlp.pipe`` batches + ``analyse_doc`` and each event's
        ``to_dict()``, which is what ``sitrep code`` does short of writing output.

The passes alternate (spacy, sitrep, spacy, sitrep, ...) ``--repeat`` times and the
median of each figure is reported (peak RSS: the largest). Throughput is over wall time
including start-up; ``steady`` figures leave start-up out.

Before the passes, the gazetteer's on-disk cache (``sitrep/resources/geonames.py``) is
made warm: a child process loads the gazetteer, which builds and writes the cache when
there is none. Then the gazetteer alone is loaded ``--repeat`` times each way, in child
processes: cold (``SITREP_NO_CACHE=1``: built from its sources) and warm (read from the
cache). The report gives their median times and the peak RSS each adds, and how many of
the sitrep passes read the gazetteer from the cache.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any


def read_corpus(path: str, limit: int | None) -> list[dict[str, Any]]:
    """The first ``limit`` records of a JSONL corpus that have a text."""
    records: list[dict[str, Any]] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if limit is not None and len(records) >= limit:
                break
            if not line.strip():
                continue
            rec = json.loads(line)
            if isinstance(rec, dict) and isinstance(rec.get("text"), str):
                records.append(rec)
    return records


def peak_rss_mb() -> float:
    """This process's peak resident set size in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_spacy(records: list[dict[str, Any]], batch_size: int, t0: float) -> dict[str, Any]:
    from sitrep.nlp import load_model

    nlp = load_model(fast_rules=False, paragraphs=False)  # the pipeline as spaCy publishes it
    t1 = time.perf_counter()
    tokens = 0
    for doc in nlp.pipe((r["text"] for r in records), batch_size=batch_size):
        tokens += len(doc)
    t2 = time.perf_counter()
    return {"startup_s": t1 - t0, "process_s": t2 - t1, "tokens": tokens, "failed": 0}


def child_sitrep(records: list[dict[str, Any]], batch_size: int, t0: float) -> dict[str, Any]:
    from sitrep.errors import InputError
    from sitrep.pipeline import Pipeline
    from sitrep.readers import article_from_record

    pipeline = Pipeline()
    t1 = time.perf_counter()
    articles = []
    tokens = failed = events = 0
    for i, r in enumerate(records):
        # As `sitrep code` reads a record: fields checked, text repaired (sitrep/repair.py).
        try:
            articles.append(article_from_record({**r, "id": str(r.get("id", i))}, default_id=str(i)))
        except InputError:
            failed += 1
    pairs = ((a.text, a) for a in articles)
    for doc, article in pipeline.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        tokens += len(doc)
        try:
            analysis = pipeline.analyse_doc(article, doc)
            out = [e.to_dict() for e in analysis.events or ()]
            events += len(out)
        except Exception:  # noqa: BLE001 - a failing article is counted, like `sitrep code` does
            failed += 1
    t2 = time.perf_counter()
    # (None: a gazetteer that has no cache)
    cached = getattr(pipeline.resources.gazetteer, "loaded_from_cache", None)
    return {"startup_s": t1 - t0, "process_s": t2 - t1, "tokens": tokens, "failed": failed, "events": events,
            "gazetteer_cached": cached}


def child_gazetteer() -> dict[str, Any]:
    """The packaged gazetteer alone: its load time (imports left out) and the peak RSS it adds."""
    from sitrep.resources.geonames import GeoNamesGazetteer, cache_path

    before = peak_rss_mb()
    t0 = time.perf_counter()
    gaz = GeoNamesGazetteer.shared()
    t1 = time.perf_counter()
    path = cache_path()
    return {
        "load_s": t1 - t0, "rss_mb": peak_rss_mb() - before, "loaded_from_cache": gaz.loaded_from_cache,
        "cache_path": str(path) if path else None,
        "cache_mb": path.stat().st_size / 1e6 if path and path.is_file() else None,
    }


def run_child(kind: str, corpus: str, limit: int | None, batch_size: int,
              env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run one pass in a fresh interpreter (with ``env``, else this one's environment) and
    return what it measured."""
    cmd = [sys.executable, str(Path(__file__).resolve()), corpus, "--child", kind, "--batch-size", str(batch_size)]
    if limit is not None:
        cmd += ["--limit", str(limit)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, env=env)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"{kind} pass failed (exit {proc.returncode})")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def summarise(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Median times and rates over repeats; the largest peak RSS."""
    med = lambda key: statistics.median(r[key] for r in runs)  # noqa: E731
    n, tokens = runs[0]["articles"], runs[0]["tokens"]
    startup, process = med("startup_s"), med("process_s")
    wall = startup + process
    return {
        "articles": n,
        "tokens": tokens,
        "failed": max(r["failed"] for r in runs),
        "startup_s": round(startup, 3),
        "process_s": round(process, 3),
        "wall_s": round(wall, 3),
        "articles_per_s": round(n / wall, 2) if wall else None,
        "words_per_s": round(tokens / wall, 1) if wall else None,
        "steady_articles_per_s": round(n / process, 2) if process else None,
        "steady_words_per_s": round(tokens / process, 1) if process else None,
        "peak_rss_mb": round(max(r["peak_rss_mb"] for r in runs), 1),
        "repeats": len(runs),
    }


def gazetteer_figures(corpus: str, repeat: int) -> dict[str, Any]:
    """Warm the gazetteer's cache, then time the gazetteer alone, cold and warm (medians)."""
    warmup = run_child("gazetteer", corpus, None, 1)
    cold_env = {**os.environ, "SITREP_NO_CACHE": "1"}
    cold = [run_child("gazetteer", corpus, None, 1, env=cold_env) for _ in range(repeat)]
    warm = [run_child("gazetteer", corpus, None, 1) for _ in range(repeat)]
    med = lambda runs, key: statistics.median(r[key] for r in runs)  # noqa: E731
    return {
        "cache_path": warmup["cache_path"],  # None: the cache is off (SITREP_NO_CACHE, empty SITREP_CACHE_DIR)
        "cache_mb": warmup["cache_mb"] and round(warmup["cache_mb"], 1),
        "built_at_warmup": not warmup["loaded_from_cache"],
        "cold_load_s": round(med(cold, "load_s"), 3),
        "cold_rss_mb": round(med(cold, "rss_mb"), 1),
        "warm_load_s": round(med(warm, "load_s"), 3),
        "warm_rss_mb": round(med(warm, "rss_mb"), 1),
        "warm_from_cache": sum(bool(r["loaded_from_cache"]) for r in warm),
        "repeats": repeat,
    }


def format_table(result: dict[str, Any]) -> str:
    rows = [
        ("articles", "articles", "{:,}"), ("spaCy tokens", "tokens", "{:,}"), ("failed", "failed", "{:,}"),
        ("start-up s", "startup_s", "{:.2f}"), ("processing s", "process_s", "{:.2f}"),
        ("wall s", "wall_s", "{:.2f}"), ("articles/s", "articles_per_s", "{:.2f}"),
        ("words/s", "words_per_s", "{:,.0f}"), ("steady articles/s", "steady_articles_per_s", "{:.2f}"),
        ("steady words/s", "steady_words_per_s", "{:,.0f}"), ("peak RSS MB", "peak_rss_mb", "{:,.1f}"),
    ]
    sp, si = result["spacy"], result["sitrep"]
    lines = [f"corpus: {result['corpus']}  batch size: {result['batch_size']}  repeats: {sp['repeats']}",
             f"{'':<20}{'spaCy':>14}{'sitrep':>14}"]
    for label, key, fmt in rows:
        show = lambda v: "-" if v is None else fmt.format(v)  # noqa: E731
        lines.append(f"{label:<20}{show(sp[key]):>14}{show(si[key]):>14}")
    gz = result["gazetteer"]
    lines.append(f"gazetteer alone: cold build {gz['cold_load_s']:.2f} s (+{gz['cold_rss_mb']:.0f} MB peak RSS), "
                 f"warm load {gz['warm_load_s']:.2f} s (+{gz['warm_rss_mb']:.0f} MB), "
                 f"{gz['warm_from_cache']} of {gz['repeats']} warm loads from the cache")
    where = f"{gz['cache_path']} ({gz['cache_mb']} MB)" if gz["cache_path"] else "off"
    lines.append(f"gazetteer cache: {where}; sitrep passes that read it: {si['gazetteer_cached']} of {si['repeats']}")
    lines.append(f"sitrep/spaCy throughput: {result['ratio']:.3f} (steady: {result['steady_ratio']:.3f})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", help="JSON Lines file with a 'text' field per record")
    ap.add_argument("--limit", type=int, default=None, help="first N records only")
    ap.add_argument("--batch-size", type=int, default=16, help="texts per nlp.pipe batch (default 16)")
    ap.add_argument("--repeat", type=int, default=1, help="alternate the two passes R times, report medians")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ap.add_argument("--child", choices=("spacy", "sitrep", "gazetteer"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.child == "gazetteer":
        print(json.dumps(child_gazetteer()))
        return 0
    if args.child:
        records = read_corpus(args.corpus, args.limit)
        run = child_spacy if args.child == "spacy" else child_sitrep
        # Start-up is timed from here: imports of spaCy and sitrep, model and resources.
        out = run(records, args.batch_size, time.perf_counter())
        out.update(articles=len(records), peak_rss_mb=peak_rss_mb())
        print(json.dumps(out))
        return 0

    # the cache warm first, so that every sitrep pass reads it; cold and warm loads timed
    gazetteer = gazetteer_figures(args.corpus, max(1, args.repeat))
    runs: dict[str, list[dict[str, Any]]] = {"spacy": [], "sitrep": []}
    for _ in range(max(1, args.repeat)):
        for kind in ("spacy", "sitrep"):
            runs[kind].append(run_child(kind, args.corpus, args.limit, args.batch_size))
    sp, si = summarise(runs["spacy"]), summarise(runs["sitrep"])
    si["gazetteer_cached"] = sum(bool(r["gazetteer_cached"]) for r in runs["sitrep"])
    result = {
        "corpus": args.corpus,
        "batch_size": args.batch_size,
        "spacy": sp,
        "sitrep": si,
        "ratio": round(si["articles_per_s"] / sp["articles_per_s"], 3),
        "steady_ratio": round(si["steady_articles_per_s"] / sp["steady_articles_per_s"], 3),
        "gazetteer": gazetteer,
    }
    print(json.dumps(result, indent=2) if args.json else format_table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
