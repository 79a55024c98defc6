"""How clustering reports into incidents scales with the size of the store.

    python bench/incidents.py CORPUS.jsonl [--limit N] [--sizes 1,4,16] [--coded FILE] [--json]

CORPUS.jsonl holds one article a line (``id``, ``text``, ``published``; a gold file such as
the gva-news development file will do). The corpus is coded once with ``Pipeline()``,
timed (seconds per article: what ``sitrep code`` spends before it stores). Then, for each
size k, k copies of the coded corpus are made (article and event ids changed, every date
shifted by a whole number of the corpus's own date span plus the clustering's reach, so
copies never overlap in time nor meet as follow-ups) and clustered with
``incidents.Clusterer``, one article at a time as ``sitrep code`` adds them. Each line
gives the time per article at that size, its growth against the first size (it must stay
under 1.5x from 1x to 16x: the blocking keeps comparisons within a few days and one
country), the candidates the index offered per article (the work done,
which a loaded machine does not change), and clustering's share of coding time.

``--coded FILE`` keeps the coded corpus (JSONL of articles with their event records) so a
second run skips coding; it is rewritten when missing.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import sys
import time
from pathlib import Path
from collections.abc import Iterator
from typing import Any


def code_corpus(path: str, limit: int | None) -> tuple[list[dict[str, Any]], float]:
    """Each article's record and its events' output records; seconds of coding per article."""
    from sitrep.batch import chunks
    from sitrep.evaluate import analyse_batch, article_of, read_gold
    from sitrep.output import event_record
    from sitrep.pipeline import Pipeline

    pipeline = Pipeline()
    coded: list[dict[str, Any]] = []
    started = time.perf_counter()
    for batch in chunks(read_gold(path, limit), 32):
        articles = [article_of(r) for r in batch]
        for article, result in zip(articles, analyse_batch(pipeline, articles)):
            events = list(getattr(result, "events", None) or ())  # (a Failure has none)
            coded.append({"article": article.to_dict(), "events": [event_record(e, article) for e in events]})
    seconds = time.perf_counter() - started
    return coded, seconds / max(1, len(coded))


def _shift(value: str | None, days: int) -> str | None:
    if not value:
        return value
    return (dt.date.fromisoformat(value[:10]) + dt.timedelta(days=days)).isoformat()


def _days(record: dict[str, Any]) -> Iterator[dt.date]:
    """The days clustering reads in a coded article: its publication and its reports'
    windows (a past incident an article recalls can be years before it)."""
    from sitrep.incidents import Report

    if record["article"].get("published"):
        yield dt.date.fromisoformat(record["article"]["published"][:10])
    for e in record["events"]:
        window = Report.from_record(e, record["article"]).window
        if window is not None:
            yield from window


def copies(coded: list[dict[str, Any]], k: int) -> list[dict[str, Any]]:
    """``k`` copies of the coded corpus, the i-th with ids suffixed ``#i`` and every date
    moved by i spans of the corpus's dates (its articles' and their reports' windows) plus the clustering's reach (``followup_days``, and a
    margin), so no two copies overlap in time nor meet in a follow-up: each copy's
    incidents are the first copy's, and the growth measured is the index's alone."""
    from sitrep.incidents import MAX_WINDOW_DAYS, default_settings

    reach = default_settings().followup_days + 2 * MAX_WINDOW_DAYS + 60
    days = [d for r in coded for d in _days(r)]
    span = ((max(days) - min(days)).days + reach) if days else 3650 + reach
    out = []
    for i in range(k):
        for record in coded:
            r = copy.deepcopy(record)
            if i:
                shift = i * span
                r["article"]["id"] = f"{r['article']['id']}#{i}"
                r["article"]["published"] = _shift(r["article"].get("published"), shift)
                for e in r["events"]:
                    e["article_id"] = r["article"]["id"]
                    e["event_id"] = f"{e['event_id']}#{i}"
                    date = e.get("date") or {}
                    date["start"], date["end"] = _shift(date.get("start"), shift), _shift(date.get("end"), shift)
            out.append(r)
    return out


def cluster(records: list[dict[str, Any]]) -> tuple[float, int, float]:
    """Seconds per article to cluster the records one article at a time; the incidents
    made; the candidates the index offered per article (the work, whatever the machine)."""
    from sitrep.incidents import Clusterer, Report

    reports = [[Report.from_record(e, r["article"]) for e in r["events"]] for r in records]
    clusterer = Clusterer()
    offered = 0
    candidates = clusterer.index.candidates

    def counted(report: Any) -> list[Any]:
        nonlocal offered
        found = candidates(report)
        offered += len(found)
        return found

    clusterer.index.candidates = counted  # type: ignore[method-assign]
    started = time.perf_counter()
    for article_reports in reports:
        clusterer.add_article(article_reports)
    n = len(clusterer.groups())
    return (time.perf_counter() - started) / max(1, len(records)), n, offered / max(1, len(records))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--sizes", default="1,4,16")
    parser.add_argument("--coded", help="where to keep the coded corpus between runs")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]

    coded_path = Path(args.coded) if args.coded else None
    code_s: float | None = None
    if coded_path is not None and coded_path.exists():
        coded = [json.loads(line) for line in coded_path.open(encoding="utf-8")]
        if args.limit:
            coded = coded[: args.limit]
    else:
        coded, code_s = code_corpus(args.corpus, args.limit)
        if coded_path is not None:
            with coded_path.open("w", encoding="utf-8") as fh:
                for r in coded:
                    fh.write(json.dumps(r, ensure_ascii=False) + "\n")

    cluster(coded[:200])  # warm-up: word frequencies, hash permutations, the settings
    rows = []
    for k in sizes:
        per_article, n_incidents, offered = cluster(copies(coded, k))
        rows.append({"size": k, "articles": k * len(coded), "incidents": n_incidents,
                     "candidates_per_article": offered, "cluster_ms_per_article": per_article * 1000})
    base = rows[0]["cluster_ms_per_article"]
    for row in rows:
        row["growth"] = row["cluster_ms_per_article"] / base if base else None
        row["share_of_coding"] = (row["cluster_ms_per_article"] / 1000 / code_s) if code_s else None
    if args.json:
        print(json.dumps({"coding_s_per_article": code_s, "rows": rows}, indent=2))
        return 0
    if code_s is not None:
        print(f"coding: {code_s * 1000:.1f} ms per article ({len(coded):,} articles)")
    print(f"{'size':>5} {'articles':>9} {'incidents':>9} {'candidates':>10} {'ms/article':>11} {'growth':>7} {'of coding':>10}")
    for row in rows:
        share = f"{row['share_of_coding']:.1%}" if row["share_of_coding"] is not None else "-"
        print(f"{row['size']:>4}x {row['articles']:>9,} {row['incidents']:>9,} {row['candidates_per_article']:>10.1f}"
              f" {row['cluster_ms_per_article']:>11.2f}"
              f" {row['growth']:>6.2f}x {share:>10}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
