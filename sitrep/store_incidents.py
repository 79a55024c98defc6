"""Incidents in the store: each stored event's incident, kept up to date one article at a
time, and rebuilt from the stored events on demand.

The clustering itself is ``sitrep.incidents``; this module keeps its state in four
places of the store (schema version 4, both back ends):

* ``incident_members``: one row per assigned event, with what the candidate queries
  read (``block``): the country and the block window (``Report.window``, as
  ``BlockIndex`` files a report by day), the town of a precise place (``BlockIndex._town``)
  and the background flag; and whether the event is its article's ``anchor_of``;
* ``incident_links``: the ``incidents.Link``s, from which ``incidents.resolve`` gives
  the partition again, exactly;
* ``incidents``: one row per incident, with ``Incident.to_dict()`` as JSON;
* ``events.incident_id``.

``assign`` adds one article's events: its reports (``Report.from_record`` over the
stored records), the candidates the SQL of ``candidate_ids`` finds (the same ones
``BlockIndex.candidates`` finds in memory), their links (``article_links``); then the
component of the new events (every event reachable over links and articles) is
resolved again and the incidents whose members changed are written. ``detach`` takes an
article's old events out before it is replaced. ``rebuild`` runs ``incidents.Clusterer``
over every stored event and writes it all. The three give the same partition, whatever
order articles come in. Every function runs inside the caller's transaction
(``SQLStore._write``), on ``?`` placeholders (``store.Connection``).
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import functools
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from .incidents import (
    MAX_BLOCK_DAYS,
    BlockIndex,
    Clusterer,
    Incident,
    Link,
    Report,
    Settings,
    TextSketches,
    _block_keys,
    anchor_of,
    article_links,
    build_incident,
    incident_id,
    resolve,
)
from .model import EventDate
from .timex import add_days_within

#: Ids per ``IN (...)`` list (well under SQLite's and PostgreSQL's parameter limits).
CHUNK = 500

_REPORT_SELECT = (
    "SELECT e.event_id, e.json, a.published, a.source, a.url, a.title, substr(a.text, 1, 600) AS lead"
    " FROM events e JOIN articles a ON a.id = e.article_id"
)
_INCIDENT_COLUMNS = (
    "id", "date_start", "date_end", "country", "admin1", "lat", "lon", "plover", "acled_event_type",
    "acled_sub_event_type", "n_articles", "n_sources", "killed_best", "injured_best", "first_report",
    "last_report", "json", "updated_at",
)
_UPSERT_INCIDENT = (
    f"INSERT INTO incidents ({', '.join(_INCIDENT_COLUMNS)}) VALUES ({', '.join('?' for _ in _INCIDENT_COLUMNS)})"
    " ON CONFLICT (id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _INCIDENT_COLUMNS if c != "id")
)
_INSERT_MEMBER = (
    "INSERT INTO incident_members (event_id, incident_id, article_id, country, window_start, window_end, town,"
    " background, anchor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_LINK = (
    "INSERT INTO incident_links (a, b, kind, score, article_id, anchor) VALUES (?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (a, b, kind) DO NOTHING"
)


def _chunks(items: Iterable[str]) -> Iterator[list[str]]:
    ordered = sorted(set(items))
    for i in range(0, len(ordered), CHUNK):
        yield ordered[i:i + CHUNK]


def _marks(items: Sequence[Any]) -> str:
    return ", ".join("?" for _ in items)


def _rows(conn: Any, sql: str, ids: Iterable[str], params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """``sql`` with ``{ids}`` run over ``ids`` a chunk at a time; ``params`` come first."""
    out: list[tuple[Any, ...]] = []
    for chunk in _chunks(ids):
        out.extend(conn.execute(sql.format(ids=_marks(chunk)), (*params, *chunk)).fetchall())
    return out


# --------------------------------------------------------------------------- blocks


def block(report: Report, settings: Settings) -> tuple[str | None, str | None, str | None, str | None]:
    """(country, window start, window end, town) as ``BlockIndex`` files the report: the
    window is the span of its (country, day) cells, None when it has none; the town is
    ``country:geonameid`` of a precise place."""
    days = [day for _, day in _block_keys(report, settings)]
    country = report.place.country if report.place is not None else None
    town = BlockIndex._town(report)
    return (
        country if days else None,
        min(days).isoformat() if days else None,
        max(days).isoformat() if days else None,
        f"{town[0]}:{town[1]}" if town is not None else None,
    )


def candidate_ids(conn: Any, report: Report, settings: Settings) -> set[str]:
    """The assigned events ``BlockIndex.candidates`` would give for ``report``: same country
    and block windows within ``window_days``; for a background mention every report of its
    town within ``followup_days``, and for any report the background mentions of its town
    within ``followup_days``."""
    found: set[str] = set()
    country, start, end, town = block(report, settings)
    if country is not None and start is not None and end is not None:
        w = dt.timedelta(days=settings.window_days)
        first = dt.date.fromisoformat(start) - w
        # A block window spans at most MAX_BLOCK_DAYS, so the index on (country,
        # window_start) is read over a bounded range, not over every earlier report.
        rows = conn.execute(
            "SELECT event_id FROM incident_members WHERE country = ? AND window_start BETWEEN ? AND ?"
            " AND window_end >= ?",
            (country, add_days_within(first, -MAX_BLOCK_DAYS).isoformat(),
             (dt.date.fromisoformat(end) + w).isoformat(), first.isoformat()),
        ).fetchall()
        found.update(r[0] for r in rows)
    if town is not None and start is not None and end is not None:
        # Only reports within followup_days can be a follow-up's (``compatible``).
        reach = settings.followup_days
        sql = "SELECT event_id FROM incident_members WHERE town = ? AND window_start <= ? AND window_end >= ?"
        bounds = (town, add_days_within(dt.date.fromisoformat(end), reach).isoformat(),
                  add_days_within(dt.date.fromisoformat(start), -reach).isoformat())
        rows = conn.execute(sql if report.background else sql + " AND background = 1", bounds).fetchall()
        found.update(r[0] for r in rows)
    found.discard(report.event_id)
    return found


# --------------------------------------------------------------------------- reports


def _report(row: Sequence[Any]) -> Report:
    return _report_of(tuple(row))


@functools.lru_cache(maxsize=8192)
def _report_of(row: tuple[Any, ...]) -> Report:
    """A stored row as a ``Report``, kept for the rows read last: each article's
    assignment reads its candidates again, and most were read for the articles before it
    (a ``Report`` is immutable, and a changed row is another key)."""
    event_id, raw, published, source, url, title, lead = row
    article = {"published": published, "source": source, "url": url, "title": title, "text": lead or ""}
    return in_calendar(Report.from_record(json.loads(raw), article))


#: Days a report's window must stay from the calendar's ends (years 1 and 9999): the
#: blocking adds and subtracts up to ``MAX_WINDOW_DAYS`` and ``window_days`` around it.
_EDGE = dt.timedelta(days=400)


def in_calendar(report: Report) -> Report:
    """The report, or, when its dates lie at the calendar's ends (a publication date of
    0001-01-01 or 9999-12-31, which a feed can carry), the report without dates: the
    date arithmetic of the blocking would leave the calendar (``OverflowError``), so such
    a report is compared with no other and makes an incident of its own."""
    try:
        window = report.window
        fits = window is None or (window[0] - dt.date.min > _EDGE and dt.date.max - window[1] > _EDGE)
    except OverflowError:
        fits = False
    if fits:
        return report
    return dataclasses.replace(report, published=None, date=EventDate())


def reports_of(conn: Any, event_ids: Iterable[str]) -> list[Report]:
    """The stored events as ``Report``s (the article's lead is all of its text they read)."""
    rows = _rows(conn, _REPORT_SELECT + " WHERE e.event_id IN ({ids})", event_ids)
    return sorted((_report(r) for r in rows), key=lambda r: r.event_id)


def article_reports(conn: Any, article_id: str) -> list[Report]:
    rows = conn.execute(_REPORT_SELECT + " WHERE e.article_id = ? ORDER BY e.event_id", (article_id,)).fetchall()
    return [_report(r) for r in rows]


# --------------------------------------------------------------------------- incremental


def assign(conn: Any, article_id: str, settings: Settings, now: str) -> dict[str, str]:
    """Give the stored article's events their incidents (event id -> incident id).

    An article whose events are all assigned already is left as it is (a rerun); one
    with some events assigned (it was re-coded under the same ids) has them detached
    first."""
    reports = article_reports(conn, article_id)
    if not reports:
        return {}
    own = {r.event_id for r in reports}
    existing = dict(conn.execute(
        "SELECT event_id, incident_id FROM incident_members WHERE article_id = ?", (article_id,)).fetchall())
    if set(existing) == own:
        return existing
    seeds, dirty = detach(conn, existing) if existing else (set(), set())
    sketches = TextSketches(settings.num_perm)
    wanted: set[str] = set()
    for report in reports:
        wanted |= candidate_ids(conn, report, settings)
    candidates = reports_of(conn, wanted - own)
    links = article_links(reports, candidates, settings, sketches)
    anchor = anchor_of(reports)
    _insert_members(conn, reports, {anchor.event_id} if anchor is not None else set(), settings)
    _insert_links(conn, links)
    recluster(conn, seeds | own, own, dirty, settings, now, sketches)
    return dict(conn.execute(
        "SELECT event_id, incident_id FROM incident_members WHERE article_id = ?", (article_id,)).fetchall())


def _insert_members(conn: Any, reports: Sequence[Report], anchors: set[str], settings: Settings) -> None:
    rows = [(r.event_id, "", r.article_id, *block(r, settings), int(r.background), int(r.event_id in anchors))
            for r in reports]
    if rows:
        conn.executemany(_INSERT_MEMBER, rows)


def _insert_links(conn: Any, links: Sequence[Link]) -> None:
    rows = [(k.a, k.b, k.kind, float(k.score), k.article_id, k.anchor) for k in links]
    if rows:
        conn.executemany(_INSERT_LINK, rows)


def detach(conn: Any, event_ids: Iterable[str]) -> tuple[set[str], set[str]]:
    """Take events out of their incidents (their article is replaced, or coded again):
    their links and memberships go, their incident id is cleared. Returns the events
    whose incidents must be resolved again (the other members of those incidents and
    the events linked with these) and the incidents that must be rewritten."""
    ids = set(event_ids)
    if not ids:
        return set(), set()
    dirty = {r[0] for r in _rows(conn, "SELECT DISTINCT incident_id FROM incident_members WHERE event_id IN ({ids})", ids)}
    seeds = {r[0] for r in _rows(conn, "SELECT event_id FROM incident_members WHERE incident_id IN ({ids})", dirty)}
    for a, b in _rows(conn, "SELECT a, b FROM incident_links WHERE a IN ({ids})", ids) + _rows(
            conn, "SELECT a, b FROM incident_links WHERE b IN ({ids})", ids):
        seeds.update((a, b))
    for chunk in _chunks(ids):
        marks = _marks(chunk)
        conn.execute(f"DELETE FROM incident_links WHERE a IN ({marks})", chunk)
        conn.execute(f"DELETE FROM incident_links WHERE b IN ({marks})", chunk)
        conn.execute(f"DELETE FROM incident_members WHERE event_id IN ({marks})", chunk)
        conn.execute(f"UPDATE events SET incident_id = NULL WHERE event_id IN ({marks})", chunk)
    return seeds - ids, dirty - {""}


def component(conn: Any, seeds: Iterable[str]) -> set[str]:
    """Every assigned event reachable from ``seeds`` over links and over articles (an
    article's anchor joins its follow-up mentions in ``resolve`` without a link)."""
    seen: set[str] = set()
    frontier = set(seeds)
    while frontier:
        seen |= frontier
        found: set[str] = set()
        for a, b in _rows(conn, "SELECT a, b FROM incident_links WHERE a IN ({ids})", frontier) + _rows(
                conn, "SELECT a, b FROM incident_links WHERE b IN ({ids})", frontier):
            found.update((a, b))
        found.update(r[0] for r in _rows(
            conn, "SELECT m2.event_id FROM incident_members m1 JOIN incident_members m2"
                  " ON m2.article_id = m1.article_id WHERE m1.event_id IN ({ids})", frontier))
        frontier = found - seen
    return {r[0] for r in _rows(conn, "SELECT event_id FROM incident_members WHERE event_id IN ({ids})", seen)}


def recluster(conn: Any, seeds: Iterable[str], fresh: set[str], dirty: set[str], settings: Settings, now: str,
              sketches: TextSketches | None = None) -> None:
    """Resolve the component of ``seeds`` again and write the incidents that changed:
    those holding a ``fresh`` event, those in ``dirty``, and those whose members moved.
    Incidents no longer there are deleted."""
    events = component(conn, seeds)
    members = _rows(conn, "SELECT event_id, incident_id, article_id, anchor FROM incident_members"
                          " WHERE event_id IN ({ids})", events)
    links = [Link(a, b, kind, score, art, anc) for a, b, kind, score, art, anc in _rows(
        conn, "SELECT a, b, kind, score, article_id, anchor FROM incident_links WHERE a IN ({ids})", events)]
    anchors = {article: event for event, _, article, anchor in members if anchor}
    final = resolve(sorted(events), links, anchors)
    new: dict[str, set[str]] = collections.defaultdict(set)
    for event, root in final.items():
        new[incident_id(root)].add(event)
    old: dict[str, set[str]] = collections.defaultdict(set)
    for event, incident, _, _ in members:
        old[incident].add(event)
    gone = (set(old) | dirty) - set(new) - {""}
    for chunk in _chunks(gone):
        conn.execute(f"DELETE FROM incidents WHERE id IN ({_marks(chunk)})", chunk)
    changed = {iid: group for iid, group in new.items() if group & fresh or iid in dirty or old.get(iid) != group}
    write_incidents(conn, changed, settings, now, sketches)


def write_incidents(conn: Any, groups: Mapping[str, set[str]], settings: Settings, now: str,
                    sketches: TextSketches | None = None) -> None:
    """Build and store the incidents of ``groups`` (incident id -> member event ids)."""
    if not groups:
        return
    sketches = sketches or TextSketches(settings.num_perm)
    reports = {r.event_id: r for r in reports_of(conn, set().union(*groups.values()))}
    rows, member_rows = [], []
    for iid, group in sorted(groups.items()):
        incident = build_incident([reports[e] for e in sorted(group)], settings, sketches)
        assert incident.id == iid, (incident.id, iid)
        rows.append(incident_row(incident, now))
        member_rows += [(iid, e) for e in sorted(group)]
    conn.executemany(_UPSERT_INCIDENT, rows)
    conn.executemany("UPDATE incident_members SET incident_id = ? WHERE event_id = ?", member_rows)
    conn.executemany("UPDATE events SET incident_id = ? WHERE event_id = ?", member_rows)


def incident_row(incident: Incident, now: str) -> tuple[Any, ...]:
    """The ``incidents`` row of an incident, in ``_INCIDENT_COLUMNS`` order."""
    place, date = incident.place, incident.date
    killed, injured = incident.killed, incident.injured
    last = date.end or date.start
    return (
        incident.id,
        date.start.isoformat() if date.start else None,
        last.isoformat() if last else None,
        place.country if place else None, place.admin1 if place else None,
        place.lat if place else None, place.lon if place else None,
        incident.plover, incident.acled_event_type, incident.acled_sub_event_type,
        incident.n_articles, incident.n_sources,
        killed.best if killed else None, injured.best if injured else None,
        incident.first_report.isoformat() if incident.first_report else None,
        incident.last_report.isoformat() if incident.last_report else None,
        json.dumps(incident.to_dict(), ensure_ascii=False), now,
    )


# --------------------------------------------------------------------------- rebuild


def rebuild(conn: Any, settings: Settings, now: str) -> int:
    """Cluster every stored event again (``incidents.Clusterer``) and write it all;
    returns how many incidents there are."""
    for table in ("incident_links", "incident_members", "incidents"):
        conn.execute(f"DELETE FROM {table}")
    conn.execute("UPDATE events SET incident_id = NULL WHERE incident_id IS NOT NULL")
    rows = conn.execute(_REPORT_SELECT + " ORDER BY e.article_id, e.event_id").fetchall()
    clusterer = Clusterer(settings)
    clusterer.add_all(_report(r) for r in rows)
    anchors = set(clusterer.anchors.values())
    _insert_members(conn, list(clusterer.reports.values()), anchors, settings)
    _insert_links(conn, clusterer.links)
    groups = {incident_id(g[0].event_id): {r.event_id for r in g} for g in clusterer.groups()}
    write_incidents(conn, groups, settings, now, clusterer.sketches)
    return len(groups)


__all__ = ["assign", "block", "candidate_ids", "component", "detach", "rebuild", "recluster", "write_incidents"]
