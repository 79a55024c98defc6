"""Measure the supervised coder on a gold file: split, train, score. docs/training.md.

    .venv/bin/python scripts/eval_supervised.py GOLD.jsonl [--compare] [--end-to-end] [--model-dir DIR]

GOLD.jsonl is a "gold v1" file with ACLED-style events (``text``, ``events[0].event_type``,
``events[0].sub_event_type``, ``events[0].event_date``), such as an ACLED sample. Records
are split in two halves by a hash of their id (sha256, even: train, odd: test), so the
split is the same on every run and machine. The script

1. trains ``sitrep.train.fit`` on the train half (timed) and saves the model to
   ``--model-dir`` (default: a temporary folder, deleted at the end);
2. loads it back and scores type accuracy, sub-type accuracy, sub-type weighted and
   macro F1 on the test half, classifying each whole text;
3. with ``--compare``, scores the other methods considered, by 5-fold cross-validation
   on the train half (used to choose) and on the test half;
4. with ``--end-to-end``, runs ``sitrep evaluate`` on the test half twice, with the
   lexicon coder and with the model, and prints the ``events`` sections side by side.

Never save a model trained on data whose licence forbids redistributing it into the
project (ACLED's does): keep ``--model-dir`` outside the repository.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitrep.train import CodedData, Settings, fit, parse_date, save  # noqa: E402


def half(record_id: str) -> int:
    """0 (train) or 1 (test): the parity of the id's sha256."""
    return int(hashlib.sha256(record_id.encode("utf-8")).hexdigest(), 16) % 2


def read_split(path: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    train: list[dict[str, Any]] = []
    test: list[dict[str, Any]] = []
    with open(path, encoding="utf-8") as stream:
        for line in stream:
            if not line.strip():
                continue
            record = json.loads(line)
            events = record.get("events") or []
            if not events or not events[0].get("event_type") or not record.get("text"):
                continue
            (train if half(str(record["id"])) == 0 else test).append(record)
    return train, test


def coded(records: Sequence[dict[str, Any]], source: str) -> CodedData:
    dates = [parse_date(r["events"][0].get("event_date") or "") for r in records]
    return CodedData(
        texts=tuple(r["text"] for r in records),
        labels=tuple(r["events"][0]["event_type"] for r in records),
        subtypes=tuple(r["events"][0].get("sub_event_type") or None for r in records),
        dates=tuple(d for d in dates if d is not None),
        source=source,
        columns={"text": "text", "label": "events[0].event_type", "subtype": "events[0].sub_event_type",
                 "date": "events[0].event_date"},
    )


def scores(gold_types: Sequence[str], gold_subs: Sequence[str], types: Sequence[str], subs: Sequence[str]) -> dict:
    from sklearn.metrics import accuracy_score, f1_score

    return {
        "type_acc": accuracy_score(gold_types, types),
        "sub_acc": accuracy_score(gold_subs, subs),
        "sub_f1_weighted": f1_score(gold_subs, subs, average="weighted", zero_division=0),
        "sub_f1_macro": f1_score(gold_subs, subs, average="macro", zero_division=0),
    }


def show(label: str, s: dict[str, float], extra: str = "") -> None:
    print(f"  {label:<44} type acc {s['type_acc']:.4f}  sub acc {s['sub_acc']:.4f}  "
          f"sub F1 weighted {s['sub_f1_weighted']:.4f}  macro {s['sub_f1_macro']:.4f}{extra}")


# --------------------------------------------------------------------------- methods compared

Method = Callable[[CodedData, Sequence[str]], tuple[list[str], list[str]]]


def _sitrep(settings: Settings) -> Method:
    def run(data: CodedData, texts: Sequence[str]) -> tuple[list[str], list[str]]:
        predictions = fit(data, settings=settings).predict(texts)
        return [p.event_type for p in predictions], [p.sub_event_type or "" for p in predictions]

    return run


def _flat(features: str, estimator: str, balanced: bool) -> Method:
    """One model over sub-types; the type is the sub-type's parent (as seen in training)."""

    def run(data: CodedData, texts: Sequence[str]) -> tuple[list[str], list[str]]:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline, make_union
        from sklearn.svm import LinearSVC

        word = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
        vec = word if features == "word" else make_union(
            word, TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True))
        weight = "balanced" if balanced else None
        clf = (LinearSVC(C=1.0, class_weight=weight, random_state=0) if estimator == "svm"
               else LogisticRegression(C=30.0, max_iter=3000, class_weight=weight))
        parent = dict(zip(data.subtypes or (), data.labels))
        model = make_pipeline(vec, clf).fit(list(data.texts), list(data.subtypes or ()))
        subs = [str(s) for s in model.predict(list(texts))]
        return [parent[s] for s in subs], subs

    return run


METHODS: list[tuple[str, Method]] = [
    ("word 1-2g, LogReg C=30, flat", _flat("word", "logreg", False)),
    ("word 1-2g, LinearSVC C=1, flat", _flat("word", "svm", False)),
    ("word+char, LogReg C=30, flat", _flat("both", "logreg", False)),
    ("word+char, LinearSVC C=1, flat", _flat("both", "svm", False)),
    ("word+char, LinearSVC C=1 balanced, flat", _flat("both", "svm", True)),
    ("word+char, LinearSVC C=1, type then sub-type", _sitrep(Settings(class_weight=None))),
    ("word+char, LinearSVC C=0.5 balanced, type>sub", _sitrep(Settings(C=0.5))),
    ("word+char, LinearSVC C=2 balanced, type>sub", _sitrep(Settings(C=2.0))),
    ("SHIPPED: word+char, LinearSVC C=1 balanced, type>sub", _sitrep(Settings())),
]


def subset(data: CodedData, rows: Sequence[int]) -> CodedData:
    return CodedData(
        texts=tuple(data.texts[i] for i in rows), labels=tuple(data.labels[i] for i in rows),
        subtypes=tuple(data.subtypes[i] for i in rows) if data.subtypes else None, source=data.source,
    )


def compare(train: CodedData, test: CodedData) -> None:
    from sklearn.model_selection import KFold

    print("\nMethods compared (5-fold CV on the train half | the test half):")
    for label, method in METHODS:
        began = time.perf_counter()
        cv_types = [""] * len(train.texts)
        cv_subs = [""] * len(train.texts)
        for fit_rows, held in KFold(5, shuffle=True, random_state=0).split(train.texts):
            types, subs = method(subset(train, fit_rows), [train.texts[i] for i in held])
            for j, i in enumerate(held):
                cv_types[i], cv_subs[i] = types[j], subs[j]
        types, subs = method(train, test.texts)
        cv = scores(train.labels, train.subtypes or (), cv_types, cv_subs)
        held_out = scores(test.labels, test.subtypes or (), types, subs)
        print(f"  {label}\n      CV   ", end="")
        show("", cv)
        print("      test ", end="")
        show("", held_out, f"  ({time.perf_counter() - began:.0f} s for CV + fit)")


# --------------------------------------------------------------------------- end to end


def end_to_end(test_records: Sequence[dict[str, Any]], model_dir: Path, work: Path) -> None:
    from sitrep.api import model_pipeline
    from sitrep.evaluate import evaluate
    from sitrep.pipeline import Pipeline

    gold = work / "test-half.jsonl"
    with open(gold, "w", encoding="utf-8") as stream:
        for record in test_records:
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    reports = {}
    for label, pipeline in (("lexicon", Pipeline()), ("model", model_pipeline(model_dir))):
        reports[label] = evaluate(gold, pipeline)
    print(f"\nEnd to end, `sitrep evaluate` on the test half ({len(test_records)} records):")
    print(f"  {'events metric':<28} {'lexicon':>10} {'--model':>10}")
    names = list(reports["lexicon"].sections.get("events", {}))
    for name in names:
        row = [reports[k].sections["events"][name].shown() for k in ("lexicon", "model")]
        print(f"  {name:<28} {row[0]:>10} {row[1]:>10}")
    print(f"  {'seconds':<28} {reports['lexicon'].seconds:>10.1f} {reports['model'].seconds:>10.1f}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", help="gold v1 JSONL with ACLED-style events")
    parser.add_argument("--model-dir", help="keep the trained model here (outside the repository)")
    parser.add_argument("--compare", action="store_true", help="also score the other methods considered")
    parser.add_argument("--end-to-end", action="store_true", help="also run `sitrep evaluate` on the test half")
    args = parser.parse_args(argv)

    train_records, test_records = read_split(args.gold)
    train, test = coded(train_records, Path(args.gold).name), coded(test_records, Path(args.gold).name)
    print(f"{args.gold}: {len(train.texts)} records to train on, {len(test.texts)} to test on")

    with tempfile.TemporaryDirectory() as tmp:
        model_dir = Path(args.model_dir) if args.model_dir else Path(tmp) / "model"
        began = time.perf_counter()
        model = fit(train, name=model_dir.name)
        seconds = time.perf_counter() - began
        save(model, model_dir)
        size = sum(f.stat().st_size for f in model_dir.iterdir())
        from sitrep.resources.classifier import load_classifier

        loaded = load_classifier(model_dir)
        began = time.perf_counter()
        predictions = loaded.predict(test.texts)
        predict_seconds = time.perf_counter() - began
        print(f"trained in {seconds:.1f} s; model {size / 1e6:.1f} MB in {model_dir}; "
              f"{len(test.texts) / predict_seconds:,.0f} texts/s predicting")
        result = scores(test.labels, test.subtypes or (), [p.event_type for p in predictions],
                        [p.sub_event_type or "" for p in predictions])
        print("Test half, whole texts:")
        show("sitrep train (shipped method)", result)
        if args.compare:
            compare(train, test)
        if args.end_to_end:
            end_to_end(test_records, model_dir, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
