"""What the sources on every event cost the API: a page of events read from the store
with and without their articles' title, outlet, URL and date (``with_sources``, one
more query a page), in one run, as a ratio.

    .venv/bin/python bench/web_sources.py [--events N] [--page P] [--repeat R] [--postgres URL] [--json]

N one-event articles written by hand (no spaCy model), each with a title, an outlet and
a URL, are stored in a fresh SQLite file (and a fresh PostgreSQL schema with
``--postgres``); then every page of P events (``query_events`` by date, keyset
pagination as the web page reads them) is read R times, plain and with sources,
alternating so that the machine's load falls on both alike. Reported: the median
seconds per pass, events a second, and with / plain.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sitrep.model import Article, Count, Event, EventDate, Place
from sitrep.store import EventQuery, SQLiteStore, Store
from sitrep.web.records import with_sources


def articles(n: int) -> list[tuple[Article, list[Event]]]:
    place = Place("Kajuru", "NGA", "Kaduna", 10.32, 7.69, 2335953, "city")
    out = []
    for i in range(n):
        text = f"Gunmen attacked village number {i} and killed people, police said."
        day = dt.date(2024, 1, 1) + dt.timedelta(days=i % 365)
        article = Article(f"a{i:06d}", text, day, title=f"Attack on village {i}", source=f"Outlet {i % 50}",
                          url=f"https://outlet-{i % 50}.test/{i}")
        start = text.index("attacked")
        out.append((article, [Event(
            article_id=article.id, trigger="attacked", trigger_start=start, trigger_end=start + 8,
            sentence_start=0, sentence_end=len(text), plover="ASSAULT", acled_event_type="Violence against civilians",
            rank=0, date=EventDate(day, day, "day"), place=place, background=False,
            killed=Count(i % 9, i % 9, i % 9, str(i % 9)))]))
    return out


def read_all(store: Store, page: int, sources: bool) -> int:
    query, seen = EventQuery(limit=page, sort="-date"), 0
    while True:
        result = store.query_events(query)
        items = with_sources(store, result.items) if sources else result.items
        seen += len(items)
        if result.next_cursor is None:
            return seen
        query = dataclasses.replace(query, cursor=result.next_cursor)


def measure(store: Store, n: int, page: int, repeat: int) -> dict[str, float]:
    times: dict[bool, list[float]] = {False: [], True: []}
    for i in range(repeat):
        for sources in ((False, True) if i % 2 == 0 else (True, False)):  # either first, in turn
            start = time.perf_counter()
            assert read_all(store, page, sources) == n
            times[sources].append(time.perf_counter() - start)
    plain, with_ = statistics.median(times[False]), statistics.median(times[True])
    return {"plain_s": round(plain, 4), "with_sources_s": round(with_, 4),
            "plain_events_per_s": round(n / plain), "with_sources_events_per_s": round(n / with_),
            "ratio_with_over_plain": round(with_ / plain, 3)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--page", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--postgres", help="also a fresh schema on this postgresql:// server")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    items = articles(args.events)
    results = {}
    with tempfile.TemporaryDirectory() as tmp, SQLiteStore(Path(tmp) / "bench.db") as store:
        store.save_articles(items)
        results["sqlite"] = measure(store, args.events, args.page, args.repeat)
    if args.postgres:
        import psycopg

        from sitrep.store_postgres import PostgresStore

        schema = f"bench_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(args.postgres, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        try:
            with PostgresStore(args.postgres, schema=schema) as store:
                store.save_articles(items)
                results["postgresql"] = measure(store, args.events, args.page, args.repeat)
        finally:
            with psycopg.connect(args.postgres, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA {schema} CASCADE")
    if args.json:
        print(json.dumps(results))
    else:
        for backend, r in results.items():
            print(f"{backend}: {args.events} events in pages of {args.page}: plain {r['plain_s']} s "
                  f"({r['plain_events_per_s']}/s), with sources {r['with_sources_s']} s "
                  f"({r['with_sources_events_per_s']}/s), with / plain {r['ratio_with_over_plain']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
