"""Fit the weights and thresholds of ``sitrep/data/incidents.yaml`` on gold incidents.

    python scripts/fit_incidents.py GOLD.jsonl --coded CODED.jsonl [--tune A] [--write]

GOLD.jsonl is a gold file whose events carry ``cluster`` (the articles of one incident
share it: the gva-news development file). It is coded once with ``Pipeline()`` and kept in
CODED.jsonl (each article's record, its events' output records and its gold event), so a
second run only fits. Records are split into halves by a hash of their id
(``scripts/split_halves.py``); everything is fitted on the ``--tune`` half:

1. the candidate pairs: every two reports of different articles that ``BlockIndex``
   offers and ``compatible`` allows, labelled by whether their articles share a cluster;
2. a logistic regression over ``pair_features`` (scikit-learn): its coefficients are the
   weights, its intercept the bias;
3. ``threshold`` and ``followup_threshold``: each value of a grid (the two equal, then
   ``followup_threshold`` alone) is scored by clustering the tune half
   (``IncidentScorer``), and the one with the best mean of the six figures the incidents
   are judged by (``OBJECTIVE``: B-cubed and pairwise F1 over articles, and the incidents'
   killed, injured, date within a day and state) is kept.

Every line printed gives both halves, so a choice that only helps the tune half shows.
``--write`` rewrites the weights, bias and thresholds in ``sitrep/data/incidents.yaml``
(its other settings and comments stay).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from split_halves import half_of  # noqa: E402

GRID = (0.0, 0.5, 1.0, 1.5, 2.0, 2.5)
#: The figures whose mean on the tune half chooses the thresholds: how well articles are
#: grouped, and how right the incidents built from the groups are.
OBJECTIVE = ("bcubed_f1", "pairwise_f1", "incident_killed_exact", "incident_injured_exact",
             "incident_date_within_1day", "incident_admin1")


def code(gold_path: str, coded_path: Path) -> None:
    """Code the gold file's articles into ``coded_path``."""
    from sitrep.batch import chunks
    from sitrep.evaluate import analyse_batch, article_of, read_gold
    from sitrep.output import event_record
    from sitrep.pipeline import Pipeline

    pipeline = Pipeline()
    with coded_path.open("w", encoding="utf-8") as out:
        for batch in chunks(read_gold(gold_path), 32):
            articles = [article_of(r) for r in batch]
            for record, article, result in zip(batch, articles, analyse_batch(pipeline, articles)):
                events = list(getattr(result, "events", None) or ())  # (a Failure has none)
                gold = record["events"][0] if record.get("events") else None
                out.write(json.dumps({"article": article.to_dict(), "gold": gold,
                                      "events": [event_record(e, article) for e in events]}) + "\n")


def load(coded_path: Path) -> dict[str, list[dict[str, Any]]]:
    """The coded records by half; records without a gold cluster are left out."""
    halves: dict[str, list[dict[str, Any]]] = {"A": [], "B": []}
    with coded_path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record.get("gold") and record["gold"].get("cluster") is not None:
                halves[half_of(record["article"]["id"])].append(record)
    return halves


def pairs(records: list[dict[str, Any]], settings: Any) -> tuple[list[list[float]], list[int]]:
    """Features and labels of the half's candidate pairs."""
    from sitrep.incidents import FEATURES, BlockIndex, Report, TextSketches, compatible, pair_features

    cluster = {r["article"]["id"]: str(r["gold"]["cluster"]) for r in records}
    reports = [Report.from_record(e, r["article"]) for r in records for e in r["events"]]
    index, sketches = BlockIndex(settings), TextSketches(settings.num_perm)
    for report in reports:
        index.add(report)
    seen: set[tuple[str, str]] = set()
    x, y = [], []
    for report in reports:
        for other in index.candidates(report):
            key = tuple(sorted((report.event_id, other.event_id)))
            if key in seen or compatible(report, other, settings) is None:
                continue
            seen.add(key)  # type: ignore[arg-type]
            features = pair_features(report, other, settings, sketches)
            x.append([float(features[f]) for f in FEATURES])
            y.append(int(cluster[report.article_id] == cluster[other.article_id]))
    return x, y


def score(records: list[dict[str, Any]], settings: Any) -> dict[str, float]:
    """The half's clustering and incident figures (``IncidentScorer``)."""
    from sitrep.evaluate import IncidentScorer
    from sitrep.incidents import Report

    scorer = IncidentScorer(settings)
    for r in records:
        article_id = r["article"]["id"]
        cluster = str(r["gold"]["cluster"])
        scorer.gold[article_id] = cluster
        scorer.gold_events.setdefault(cluster, r["gold"])
        main = [e for e in r["events"] if e["rank"] == 0]
        scorer.main[article_id] = main[0]["event_id"] if main else None
        scorer.reports.extend(Report.from_record(e, r["article"]) for e in r["events"])
    return {k: m.value for k, m in scorer.metrics().items() if isinstance(m.value, float)}


def write(path: Path, settings: Any) -> None:
    """Rewrite the fitted values in the settings file, keeping its other lines."""
    fitted = {"bias": settings.bias, "threshold": settings.threshold, "followup_threshold": settings.followup_threshold}
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        key = line.split(":", 1)[0].strip()
        if not line.startswith(" ") and key in fitted:
            line = f"{key}: {fitted[key]}"
        elif line.startswith("  ") and key in settings.weights:
            line = f"  {key}: {settings.weights[key]}"
        out.append(line)
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold")
    parser.add_argument("--coded", required=True, help="where the coded articles are kept between runs")
    parser.add_argument("--tune", choices=("A", "B"), default="A", help="the half fitted on")
    parser.add_argument("--write", action="store_true", help="rewrite sitrep/data/incidents.yaml")
    args = parser.parse_args(argv)

    from sklearn.linear_model import LogisticRegression

    from sitrep.incidents import DATA_FILE, FEATURES, default_settings

    coded = Path(args.coded)
    if not coded.exists():
        print(f"coding {args.gold} into {coded} ...", file=sys.stderr)
        code(args.gold, coded)
    halves = load(coded)
    tune, other = args.tune, "B" if args.tune == "A" else "A"
    base = default_settings()
    x, y = pairs(halves[tune], base)
    print(f"half {tune}: {len(halves[tune]):,} articles, {len(y):,} candidate pairs, {sum(y):,} in one incident")
    model = LogisticRegression(C=1.0, max_iter=2000).fit(x, y)
    weights = {f: round(float(w), 3) for f, w in zip(FEATURES, model.coef_[0])}
    fitted = dataclasses.replace(base, weights=weights, bias=round(float(model.intercept_[0]), 3))

    def show(label: str, settings: Any) -> float:
        a, b = score(halves[tune], settings), score(halves[other], settings)
        print(f"{label:<34}" + "  ".join(f"{k.replace('incident_', '')} {a[k]:.3f}/{b[k]:.3f}" for k in OBJECTIVE))
        return sum(a[k] for k in OBJECTIVE) / len(OBJECTIVE)

    print(f"figures as {tune}/{other}")
    show("packaged settings", base)
    # One threshold at a time: ``threshold`` (with followup_threshold equal), then
    # ``followup_threshold`` with the chosen threshold.
    best, best_value = fitted, float("-inf")
    for threshold in GRID:
        candidate = dataclasses.replace(fitted, threshold=threshold, followup_threshold=threshold)
        value = show(f"fitted, thresholds {threshold} / {threshold}", candidate)
        if value > best_value:
            best, best_value = candidate, value
    for followup in GRID:
        if followup == best.threshold:
            continue
        candidate = dataclasses.replace(best, followup_threshold=followup)
        value = show(f"fitted, thresholds {best.threshold} / {followup}", candidate)
        if value > best_value:
            best, best_value = candidate, value
    print(f"chosen on {tune}: threshold {best.threshold}, followup_threshold {best.followup_threshold}, "
          f"bias {best.bias}")
    print("weights: " + ", ".join(f"{k} {v}" for k, v in best.weights.items()))
    if args.write:
        write(DATA_FILE, best)
        print(f"wrote {DATA_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
