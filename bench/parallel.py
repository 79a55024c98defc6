"""All cores: sitrep code -j 1 and -j 2 against spaCy alone on two processes, same texts.

    python bench/parallel.py CORPUS.jsonl [--limit N] [--batch-size B] [--repeat R] [--store] [--json]

CORPUS.jsonl holds one JSON object a line with a ``text`` field. Each pass runs in a
child process of its own, and the passes alternate ``--repeat`` times (medians reported):

j1      ``Pipeline()``, then ``run_batch(read_inputs([CORPUS]), workers=1)`` writing each
        event's JSONL record to /dev/null: ``sitrep code CORPUS --no-db -j 1`` short of
        the command line.
j2      the same with ``workers=2``: two worker processes forked after the pipeline is
        loaded (sitrep/parallel.py).
spacy2  ``sitrep.nlp.load_model(fast_rules=False, paragraphs=False)``, the pipeline as spaCy publishes it
        (sitrep runs exact, faster stand-ins for two of its rule components:
        sitrep/token_rules.py), then ``nlp.pipe(texts, n_process=2)`` over the same
        texts, read the same way: the reference on two cores.

Throughput is records a second over the processing time (start-up, the same for every
pass, is reported apart). With ``--store``, the sitrep passes also store into a new
SQLite file and assign incidents, in the parent process, as ``sitrep code`` does
without ``--no-db``.

CPU time: the user + system seconds of each pass and its workers (``getrusage`` of
reaped children). On a machine other work shares, the wall-clock ratios shrink with the
cores the passes get; the CPU time of -j 2 over -j 1 says what running on two processes
costs whatever the load, and the cores -j 2 used on average how much of the machine it got.

Memory: the harness samples each pass's process tree from /proc every quarter second
(bench/procmem.py): the peak of its summed PSS, and each process's peak PSS and USS.
"What the second worker costs" is the -j 2 tree's peak PSS less the -j 1 process's peak
PSS: the memory that the second core's work adds (the parent that reads and writes, and
the two workers, against one process that does everything), as a share of the first.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from procmem import run_sampled  # noqa: E402


def _items(corpus: str, limit: int | None) -> Any:
    from sitrep.readers import read_inputs

    return itertools.islice(read_inputs([corpus]), limit)


def child_sitrep(corpus: str, limit: int | None, batch_size: int, workers: int, store: bool, t0: float) -> dict:
    from sitrep.batch import run_batch
    from sitrep.output import event_record
    from sitrep.pipeline import Pipeline

    pipeline = Pipeline()
    t1 = time.perf_counter()
    sink = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - closed below

    def on_analysis(analysis: Any) -> None:
        for event in sorted(analysis.events or (), key=lambda e: e.rank):
            sink.write(json.dumps(event_record(event, analysis.article), ensure_ascii=False) + "\n")

    with tempfile.TemporaryDirectory(prefix="sitrep-bench-") as where:
        db = None
        if store:
            from sitrep.store import SQLiteStore

            db = SQLiteStore(Path(where) / "bench.db")
        stats = run_batch(_items(corpus, limit), pipeline, on_analysis, lambda failure: None, batch_size,
                          store=db, incidents=store, workers=workers)
        if db is not None:
            db.close()
    t2 = time.perf_counter()
    sink.close()
    return {"startup_s": t1 - t0, "process_s": t2 - t1, "records": stats.records, "failed": stats.failures,
            "events": stats.events, "workers": stats.workers}


def child_spacy(corpus: str, limit: int | None, batch_size: int, workers: int, t0: float) -> dict:
    from sitrep.model import Article
    from sitrep.nlp import load_model

    nlp = load_model(fast_rules=False, paragraphs=False)  # the pipeline as spaCy publishes it
    t1 = time.perf_counter()
    records = tokens = 0
    texts = (item.text for item in _items(corpus, limit) if isinstance(item, Article))
    for doc in nlp.pipe(texts, batch_size=batch_size, n_process=workers):
        records += 1
        tokens += len(doc)
    t2 = time.perf_counter()
    return {"startup_s": t1 - t0, "process_s": t2 - t1, "records": records, "tokens": tokens, "workers": workers}


PASSES = {"j1": ("sitrep", 1), "j2": ("sitrep", 2), "spacy2": ("spacy", 2)}


def run_pass(name: str, args: argparse.Namespace) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), args.corpus, "--child", name,
           "--batch-size", str(args.batch_size)]
    if args.limit is not None:
        cmd += ["--limit", str(args.limit)]
    if args.store:
        cmd.append("--store")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc, sampler = run_sampled(cmd)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the pass and its workers, all reaped by now
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"pass {name} failed (exit {proc.returncode})")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    root = sampler.peaks.get(sampler.pid, {"pss": 0, "uss": 0})
    out["cpu_s"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    out.update(peak_pss_mb=sampler.peak_pss_kb / 1024, parent_pss_mb=root["pss"] / 1024,
               workers_mem=[{"pss_mb": w["pss"] / 1024, "uss_mb": w["uss"] / 1024} for w in sampler.workers()])
    return out


def summarise(runs: list[dict]) -> dict:
    med = lambda key: statistics.median(r[key] for r in runs)  # noqa: E731
    process = med("process_s")
    first = runs[0]
    return {
        "records": first["records"], "failed": first.get("failed", 0), "startup_s": round(med("startup_s"), 2),
        "process_s": round(process, 2), "articles_per_s": round(first["records"] / process, 2),
        "cpu_s": round(med("cpu_s"), 1),
        "peak_pss_mb": round(max(r["peak_pss_mb"] for r in runs), 1),
        "parent_pss_mb": round(max(r["parent_pss_mb"] for r in runs), 1),
        "workers_mem": runs[-1]["workers_mem"], "repeats": len(runs),
    }


def format_report(result: dict) -> str:
    j1, j2, sp = result["j1"], result["j2"], result["spacy2"]
    lines = [f"corpus: {result['corpus']}  records: {j1['records']}  batch size: {result['batch_size']}  "
             f"repeats: {j1['repeats']}  store: {'SQLite + incidents' if result['store'] else 'none'}  "
             f"load before: {result['load_before']}"]
    lines.append(f"{'':<26}{'start-up s':>12}{'process s':>12}{'articles/s':>12}{'CPU s':>9}{'peak PSS MB':>13}")
    for label, row in (("sitrep -j 1", j1), ("sitrep -j 2", j2), ("spaCy n_process=2", sp)):
        lines.append(f"{label:<26}{row['startup_s']:>12.2f}{row['process_s']:>12.2f}{row['articles_per_s']:>12.2f}"
                     f"{row['cpu_s']:>9.1f}{row['peak_pss_mb']:>13.1f}")
    lines.append("-j 2 processes (peak PSS / USS MB): parent " + f"{j2['parent_pss_mb']:.0f}; " + "; ".join(
        f"worker {i + 1} {w['pss_mb']:.0f} / {w['uss_mb']:.0f}" for i, w in enumerate(j2["workers_mem"])))
    lines.append(f"-j 2 / -j 1: {result['j2_over_j1']:.3f}   -j 2 / spaCy on 2 processes: "
                 f"{result['j2_over_spacy2']:.3f}   second worker's memory / first: {result['second_worker']:.3f}"
                 f" (a worker's own pages, USS / -j 1: {result['worker_uss_share']:.3f})")
    lines.append(f"CPU time -j 2 / -j 1: {result['cpu_j2_over_j1']:.3f} (the work that running on two processes adds); "
                 f"-j 2 used {result['j2_cores']:.2f} cores on average")
    lines.append(f"articles a day on this machine at the -j 2 rate: {result['per_day']:,.0f}")
    lines.append(f"load after: {result['load_after']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", help="JSON Lines file with a 'text' field per record")
    ap.add_argument("--limit", type=int, default=None, help="first N records only")
    ap.add_argument("--batch-size", type=int, default=16, help="articles per batch (default 16)")
    ap.add_argument("--repeat", type=int, default=1, help="alternate the passes R times, report medians")
    ap.add_argument("--store", action="store_true", help="sitrep passes store into SQLite and assign incidents")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ap.add_argument("--child", choices=sorted(PASSES), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.child:
        t0 = time.perf_counter()
        kind, workers = PASSES[args.child]
        if kind == "sitrep":
            out = child_sitrep(args.corpus, args.limit, args.batch_size, workers, args.store, t0)
        else:
            out = child_spacy(args.corpus, args.limit, args.batch_size, workers, t0)
        print(json.dumps(out))
        return 0

    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    runs: dict[str, list[dict]] = {name: [] for name in PASSES}
    for _ in range(max(1, args.repeat)):
        for name in PASSES:
            runs[name].append(run_pass(name, args))
    result: dict[str, Any] = {"corpus": args.corpus, "batch_size": args.batch_size, "store": args.store,
                              "load_before": load_before}
    for name in PASSES:
        result[name] = summarise(runs[name])
    j1, j2, sp = result["j1"], result["j2"], result["spacy2"]
    result["j2_over_j1"] = round(j2["articles_per_s"] / j1["articles_per_s"], 3)
    result["j2_over_spacy2"] = round(j2["articles_per_s"] / sp["articles_per_s"], 3)
    result["second_worker"] = round((j2["peak_pss_mb"] - j1["peak_pss_mb"]) / j1["peak_pss_mb"], 3)
    worker_uss = max((w["uss_mb"] for w in j2["workers_mem"]), default=0.0)
    result["worker_uss_share"] = round(worker_uss / j1["peak_pss_mb"], 3)
    result["cpu_j2_over_j1"] = round(j2["cpu_s"] / j1["cpu_s"], 3)
    result["j2_cores"] = round(j2["cpu_s"] / (j2["startup_s"] + j2["process_s"]), 2)
    result["per_day"] = round(j2["articles_per_s"] * 86_400)
    result["load_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(json.dumps(result, indent=2) if args.json else format_report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
