"""Spark ``local[N]`` against ``sitrep code`` on the same articles, as a ratio of rates.

    .venv/bin/python bench/spark.py CORPUS.jsonl [--limit 2000] [--workers 2] [--repeat 1] [--json]

CORPUS.jsonl is any JSON Lines file with ``text`` (``id`` and ``published`` used when
present). Its first ``--limit`` records are written to a temporary file, and each pass
runs the command a user would, in its own process, timed from start to end (start-up
included: the JVM and each worker's pipeline for Spark, the pipeline for sitrep code):

* ``spark``: ``sitrep spark INPUT OUT --master local[N]``
* ``code -j N``: ``sitrep code INPUT --no-db -j N`` when this sitrep has ``-j``;
  otherwise ``code -j 1`` (``sitrep code`` in one process) and the bare spaCy pass on N
  cores (``nlp.pipe(texts, n_process=N)``), which bounds what ``-j N`` could reach.

The passes alternate ``--repeat`` times; the report gives each pass's median time, its
rate in articles a second, the ratio of Spark's rate to each other pass's, the events each
wrote (which must agree), and the machine's load average before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SPACY_PASS = """
import json, sys
from sitrep.nlp import load_model
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
nlp = load_model(fast_rules=False, paragraphs=False)
for _ in nlp.pipe(texts, batch_size=16, n_process=int(sys.argv[2])):
    pass
"""


def load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def has_workers_option() -> bool:
    shown = subprocess.run([sys.executable, "-m", "sitrep", "code", "--help"], capture_output=True, text=True).stdout
    return "--workers" in shown


def timed(command: list[str]) -> float:
    began = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - began
    if done.returncode not in (0, 1):  # 1: some records failed, which the report shows
        sys.exit(f"failed: {' '.join(command)}\n{done.stderr[-3000:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("--limit", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="sitrep-bench-spark-"))
    source = work / "articles.jsonl"
    with open(args.corpus, encoding="utf-8") as given, source.open("w", encoding="utf-8") as out:
        count = 0
        for line in given:
            if count == args.limit:
                break
            if line.strip():
                out.write(line)
                count += 1
    sitrep = [sys.executable, "-m", "sitrep"]
    n = args.workers
    spark_out, code_out = work / "spark-events", work / "code.jsonl"
    passes = {"spark": sitrep + ["spark", str(source), str(spark_out), "--master", f"local[{n}]",
                                 "--failures", str(work / "spark-failures.jsonl")]}
    base = sitrep + ["code", str(source), "--no-db", "--format", "jsonl", "-o", str(code_out),
                     "--failures", str(work / "code-failures.jsonl")]
    if has_workers_option():
        passes[f"code -j {n}"] = base + ["-j", str(n)]
    else:
        passes["code -j 1"] = base
        spacy = work / "spacy_pass.py"
        spacy.write_text(SPACY_PASS, encoding="utf-8")
        passes[f"spaCy n_process={n}"] = [sys.executable, str(spacy), str(source), str(n)]
    load_before = load()
    times: dict[str, list[float]] = {name: [] for name in passes}
    for _ in range(args.repeat):
        for name, command in passes.items():
            times[name].append(timed(command))
    load_after = load()

    import pyarrow.parquet as pq

    spark_events = pq.read_table(spark_out).num_rows
    code_events = sum(1 for _ in code_out.open(encoding="utf-8"))
    medians = {name: statistics.median(values) for name, values in times.items()}
    rates = {name: count / seconds for name, seconds in medians.items()}
    report = {
        "articles": count, "workers": n, "repeat": args.repeat, "load_before": load_before, "load_after": load_after,
        "seconds": medians, "articles_per_second": rates,
        "spark_over": {name: rates["spark"] / rate for name, rate in rates.items() if name != "spark"},
        "events": {"spark": spark_events, "code": code_events},
    }
    shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"{count} articles from {args.corpus}; load {load_before} before, {load_after} after")
    for name in passes:
        print(f"{name:>20}: {medians[name]:7.1f} s  {rates[name]:6.1f} articles/s")
    for name, ratio in report["spark_over"].items():
        print(f"spark local[{n}] / {name}: {ratio:.2f}")
    print(f"events: spark {spark_events}, sitrep code {code_events}")


if __name__ == "__main__":
    main()
