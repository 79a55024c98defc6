"""How coding time and memory grow with an article's length: one article, several sizes.

    python bench/long_articles.py [CORPUS.jsonl | ARTICLE.txt] [--sizes 25000,50000,100000,200000] [--json]

An article of each size is built by joining the corpus's texts (default: the bundled
``examples/seed-article.txt``) with blank lines until it is long enough, then cut at
the size. Each size is coded in its own child process, which reports:

* spaCy's parse time (``nlp(text)``), the floor;
* each stage's time (the stages run one by one, as ``Pipeline.analyse_doc`` runs them);
* the ratio of sitrep's whole time (parse + stages) to spaCy's;
* the process's peak RSS.

A stage whose time grows faster than the text (doubling the size more than doubles it)
is quadratic somewhere; the ``growth`` column gives, for each size after the first, the
stages' time over the previous size's, against the size's own growth.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "examples" / "seed-article.txt"


def read_texts(path: str) -> tuple[list[str], dt.date | None]:
    """The texts of a JSONL corpus (``text`` fields) or of one text article."""
    from sitrep.readers import read_inputs

    texts, published = [], None
    for item in read_inputs([path]):
        if hasattr(item, "text"):
            texts.append(item.text)
            published = published or item.published
    if not texts:
        raise SystemExit(f"no article in {path}")
    return texts, published


def build(texts: list[str], size: int) -> str:
    parts, length, i = [], 0, 0
    while length < size:
        parts.append(texts[i % len(texts)])
        length += len(parts[-1]) + 2
        i += 1
    return "\n\n".join(parts)[:size]


def child(path: str, size: int) -> dict[str, Any]:
    from sitrep.api import default_pipeline
    from sitrep.model import Article
    from sitrep.nlp import forget_views
    from sitrep.pipeline import Analysis

    texts, published = read_texts(path)
    text = build(texts, size)
    pipeline = default_pipeline()
    pipeline.nlp("Warm up.")
    began = time.perf_counter()
    doc = pipeline.nlp(text)
    parse = time.perf_counter() - began
    analysis = Analysis(article=Article(id="long", text=text, published=published or dt.date(2024, 1, 1)), doc=doc)
    stages: dict[str, float] = {}
    for st in pipeline.stages:
        began = time.perf_counter()
        analysis = dataclasses.replace(analysis, **st.func(analysis, pipeline.resources))
        stages[st.name] = time.perf_counter() - began
    forget_views(doc)
    return {
        "chars": len(text), "tokens": len(doc), "events": len(analysis.events or ()),
        "spacy_s": parse, "stages_s": sum(stages.values()), "stages": stages,
        "ratio": (parse + sum(stages.values())) / parse,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(DEFAULT), help="JSONL corpus or text article (default: the example)")
    ap.add_argument("--sizes", default="25000,50000,100000,200000", help="article sizes in characters, comma-separated")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child is not None:
        print(json.dumps(child(args.corpus, args.child)))
        return
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        out = subprocess.run([sys.executable, __file__, args.corpus, "--child", str(size)],
                             capture_output=True, text=True, check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        if not args.json:
            row, prev = rows[-1], rows[-2] if len(rows) > 1 else None
            growth = (f"x{row['stages_s'] / prev['stages_s']:.1f} for x{row['chars'] / prev['chars']:.1f}"
                      if prev and prev["stages_s"] else "-")
            slowest = ", ".join(f"{k} {v:.1f}" for k, v in sorted(row["stages"].items(), key=lambda kv: -kv[1])[:4])
            print(f"{row['chars']:>9,} chars  spaCy {row['spacy_s']:6.1f} s  stages {row['stages_s']:6.1f} s"
                  f"  ratio {row['ratio']:4.2f}  growth {growth:<14}  peak {row['peak_rss_mb']:6.0f} MB  ({slowest})",
                  flush=True)
    if args.json:
        print(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
