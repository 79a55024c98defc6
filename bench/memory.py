"""Peak memory of `sitrep code --no-db` at 1x and 10x the same input: it must not grow with the input.

    python bench/memory.py INPUT.jsonl [--copies 10] [--workers 2] [--batch-size 16] [--json]

INPUT.jsonl (any file `sitrep code` reads) is copied 1 and ``--copies`` times over into a
temporary file, and `sitrep code COPY --no-db -j W --batch-size B -o /dev/null` runs on
each, in that order, each as a child process. While a run goes, its process tree (the
command and its workers) is sampled from /proc every quarter second (bench/procmem.py):
the peak of the tree's summed PSS is its peak memory, pages shared by the parent and its
forked workers counted once. The largest RSS of any one process of the tree
(``getrusage(RUSAGE_CHILDREN)``, as the kernel keeps it) is reported beside it.

The ratio of the 10x peak to the 1x peak is the figure: 1.0 when memory depends on the
batch size and the workers only (target: at most 1.1).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from procmem import run_sampled  # noqa: E402


def copies(source: Path, times: int, target: Path) -> Path:
    """``source`` written ``times`` times over into ``target``, streamed (never held whole)."""
    with target.open("wb") as out:
        for _ in range(times):
            with source.open("rb") as src:
                shutil.copyfileobj(src, out, 1 << 20)
            out.write(b"\n")  # the source's last line may lack its newline
    return target


def measure(path: Path, workers: int, batch_size: int, scratch: Path) -> dict:
    cmd = [sys.executable, "-m", "sitrep", "code", str(path), "--no-db", "-j", str(workers),
           "--batch-size", str(batch_size), "--format", "jsonl", "-o", os.devnull,
           "--failures", str(scratch / "failures.jsonl")]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    began = time.perf_counter()
    proc, sampler = run_sampled(cmd)
    seconds = time.perf_counter() - began
    if proc.returncode not in (0, 1):  # 1: some records failed, which is no failure of the run
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"sitrep code failed (exit {proc.returncode})")
    maxrss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "input_mb": round(path.stat().st_size / 1e6, 1), "seconds": round(seconds, 1),
        "peak_pss_mb": round(sampler.peak_pss_kb / 1024, 1),
        # the kernel keeps the largest RSS of any descendant so far; grows only if this run's is larger
        "max_rss_one_process_mb": round(maxrss / 1024, 1) if maxrss > before else None,
        "processes": len(sampler.peaks), "samples": sampler.samples,
        "summary": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "",
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input", type=Path, help="a file sitrep code reads (JSONL, CSV, ...)")
    ap.add_argument("--copies", type=int, default=10, help="the larger input: this many copies (default 10)")
    ap.add_argument("--workers", type=int, default=2, help="sitrep code -j (default 2)")
    ap.add_argument("--batch-size", type=int, default=16, help="sitrep code --batch-size (default 16)")
    ap.add_argument("--json", action="store_true", help="print JSON instead of lines of text")
    args = ap.parse_args(argv)

    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    with tempfile.TemporaryDirectory(prefix="sitrep-memory-") as where:
        scratch = Path(where)
        suffix = args.input.suffix or ".jsonl"
        runs = {}
        for times in (1, args.copies):
            path = copies(args.input, times, scratch / f"x{times}{suffix}")
            runs[f"x{times}"] = measure(path, args.workers, args.batch_size, scratch)
            path.unlink()
    small, large = runs["x1"], runs[f"x{args.copies}"]
    result = {"input": str(args.input), "workers": args.workers, "batch_size": args.batch_size, **runs,
              "ratio": round(large["peak_pss_mb"] / small["peak_pss_mb"], 3), "load_before": load_before,
              "load_after": " ".join(f"{x:.2f}" for x in os.getloadavg())}
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"input: {args.input}  -j {args.workers}  --batch-size {args.batch_size}  load before: {load_before}")
    for name, run in runs.items():
        print(f"{name:>4}: {run['input_mb']:>8} MB in, {run['seconds']:>7} s, peak PSS of the tree "
              f"{run['peak_pss_mb']} MB ({run['processes']} processes, {run['samples']} samples); "
              f"largest one-process RSS {run['max_rss_one_process_mb']} MB")
        print(f"      {run['summary']}")
    print(f"peak memory x{args.copies} / x1: {result['ratio']}   load after: {result['load_after']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
