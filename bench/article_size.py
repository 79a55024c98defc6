"""What one long article costs the server to code: wall time and peak memory by size.

    python bench/article_size.py 25000 50000 100000 [--json]

Each size runs in its own child process, which builds the pipeline, codes a short
article first (so the model and gazetteer loads are not counted), then posts one
article of exactly that many characters through ``sitrep.web.records.ingest`` into a
fresh SQLite store: reading, coding and storing, as ``POST /api/articles`` does. The
text is the seed article (``examples/seed-article.txt``) repeated, a blank line
between copies, cut to the size. It reports the seconds that one ingest took, the child's
peak RSS, and its RSS before the long article (the pipeline alone). docs/api.md
explains how the server's ``max_chars`` default was chosen from these figures.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def peak_rss_mb() -> float:
    """This process's peak resident set size in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    """This process's resident set size now, in MB."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / 1e6


def long_text(size: int) -> str:
    """The seed article's text repeated, a blank line between, cut to ``size`` characters."""
    from sitrep.readers import read_inputs

    [seed] = list(read_inputs([ROOT / "examples" / "seed-article.txt"]))
    parts: list[str] = []
    total = 0
    while total < size:
        parts.append(seed.text)
        total += len(seed.text) + 2
    return "\n\n".join(parts)[:size]


def child(size: int) -> dict[str, Any]:
    from sitrep.api import default_pipeline
    from sitrep.store import SQLiteStore
    from sitrep.web.records import ingest

    pipeline = default_pipeline()
    text = long_text(size)
    with tempfile.TemporaryDirectory() as folder, SQLiteStore(Path(folder) / "bench.db") as store:
        warm = ingest([{"id": "warm-up", "text": "Police arrested 12 protesters in Kyiv on Tuesday."}], store,
                      lambda: pipeline, max_chars=size)
        assert not warm[0].failed, warm
        before = rss_mb()
        t0 = time.perf_counter()
        [outcome] = ingest([{"id": "long", "text": text, "published": "2023-12-26"}], store,
                           lambda: pipeline, max_chars=size)
        seconds = time.perf_counter() - t0
    if outcome.failed:
        raise SystemExit(f"the {size:,}-character article failed: {outcome.code} {outcome.reason}")
    return {"chars": len(text), "seconds": round(seconds, 2), "events": len(outcome.events),
            "rss_before_mb": round(before), "peak_rss_mb": round(peak_rss_mb())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="+", type=int, help="article sizes in characters")
    parser.add_argument("--json", action="store_true", help="one JSON object per size")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        print(json.dumps(child(args.child)))
        return 0
    if not args.json:
        print(f"{'characters':>12}{'seconds':>10}{'events':>8}{'RSS before MB':>15}{'peak RSS MB':>13}")
    for size in args.sizes:
        proc = subprocess.run([sys.executable, __file__, "0", "--child", str(size)],
                              capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            sys.stderr.write(proc.stderr)
            return proc.returncode
        row = json.loads(proc.stdout.strip().splitlines()[-1])
        if args.json:
            print(json.dumps(row))
        else:
            print(f"{row['chars']:>12,}{row['seconds']:>10.2f}{row['events']:>8,}"
                  f"{row['rss_before_mb']:>15,}{row['peak_rss_mb']:>13,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
