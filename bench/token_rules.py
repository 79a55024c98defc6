"""The fast attribute ruler and lemmatizer against spaCy's: same tokens, less time.

    python bench/token_rules.py CORPUS.jsonl [--limit N] [--repeat R]

CORPUS.jsonl holds one JSON object a line with a ``text`` field. Both pipelines are
loaded in this process (``sitrep.nlp.load_model()`` and ``load_model(fast_rules=False)``,
spaCy's small English pipeline as published, both with sitrep's paragraph breaks). Every text goes through both, and every
token's TAG, POS, MORPH, LEMMA, DEP, HEAD and entity tags are compared: the script
exits 1 when any document differs. Time: each component is timed over all texts
(``pipe`` in batches of 16), the two pipelines alternating ``--repeat`` times; the
first pass of each warms the memos and is reported apart (``--repeat 0``: compare only).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from typing import Any


def _texts(path: str, limit: int | None) -> list[str]:
    out = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            text = json.loads(line).get("text") or ""
            out.append(text)
            if limit is not None and len(out) >= limit:
                break
    return out


def _timed(nlp: Any, texts: list[str]) -> dict[str, float]:
    docs = [nlp.make_doc(t) for t in texts]
    out = {}
    for name, component in nlp.pipeline:
        t0 = time.perf_counter()
        docs = list(component.pipe(docs, batch_size=16))
        out[name] = time.perf_counter() - t0
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, TAG

    from sitrep.nlp import load_model

    fast, stock = load_model(), load_model(fast_rules=False)
    texts = _texts(args.corpus, args.limit)
    attrs = [TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE]
    differing = tokens = 0
    for a, b in zip(fast.pipe(texts, batch_size=16), stock.pipe(texts, batch_size=16)):
        tokens += len(a)
        if not (a.to_array(attrs) == b.to_array(attrs)).all():
            differing += 1
    print(f"{len(texts):,} texts, {tokens:,} tokens: {differing} documents differ")

    if args.repeat < 1:
        return 1 if differing else 0
    runs: dict[str, list[dict[str, float]]] = {"fast": [], "stock": []}
    for _ in range(args.repeat + 1):
        runs["fast"].append(_timed(fast, texts))
        runs["stock"].append(_timed(stock, texts))
    for label in ("fast", "stock"):
        first, rest = runs[label][0], runs[label][1:]
        medians = {name: statistics.median(r[name] for r in rest) for name in rest[0]}
        print(f"{label:<6} first pass {sum(first.values()):6.2f} s; then (median) " +
              ", ".join(f"{name} {value:.2f}" for name, value in medians.items()) +
              f"; total {sum(medians.values()):.2f} s")
    total = {label: statistics.median(sum(r.values()) for r in runs[label][1:]) for label in runs}
    print(f"stock / fast pipeline time: {total['stock'] / total['fast']:.3f}")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
