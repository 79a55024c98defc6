"""Incidents in the store, on both back ends: incremental assignment one article at a time,
in any order, equals ``rebuild_incidents`` and ``incidents.Clusterer`` in memory; a
replaced article leaves its incidents; a rerun duplicates nothing; the incident listing.

Articles and events are written here by hand (no spaCy model), as in tests/test_incidents.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import pytest

from sitrep import incidents as inc
from sitrep.model import Article, Count, Event, EventDate, Place
from sitrep.output import event_record
from sitrep.store import EventQuery, QueryError
from sitrep.store_incidents import block

from backends import BACKENDS, Backend, backend

D = dt.date(2024, 3, 8)
DAY = dt.timedelta(days=1)

BROOKVILLE = Place("Brookville", "USA", "Ohio", 39.836, -84.411, 4512345, "city")
OHIO = Place("Ohio", "USA", "Ohio", 40.25, -83.0, 5165418, "admin1")
DAYTON = Place("Dayton", "USA", "Ohio", 39.759, -84.192, 4509884, "city")
COLUMBUS = Place("Columbus", "USA", "Ohio", 39.961, -82.999, 4509177, "city")
WINDSOR = Place("Windsor", "CAN", "Ontario", 42.3, -83.0, 6182962, "city")

TAVERN = ("Two men were shot outside the Rosewood Tavern on Mill Street in Brookville late Friday, "
          "police said. Officers found Dale Kettering and Marcus Obi wounded near the parking lot.")
DRIVE_BY = ("A teenager was killed in a drive-by shooting on Pine Avenue in Dayton on Friday evening. "
            "Neighbours said Jaylen Price had just left a basketball court at Garfield Park.")
SENTENCING = "A Brookville man was sentenced on Monday to 12 years in prison. "


def event(article: Article, trigger: str, *, place: Place | None = BROOKVILLE, day: dt.date = D,
          plover: str = "ASSAULT", killed: int | None = None, injured: int | None = None,
          background: bool = False, rank: int = 0, occurrence: int = 0) -> Event:
    start = -1
    for _ in range(occurrence + 1):
        start = article.text.index(trigger, start + 1)
    return Event(
        article_id=article.id, trigger=trigger, trigger_start=start, trigger_end=start + len(trigger),
        sentence_start=0, sentence_end=len(article.text), plover=plover,
        acled_event_type="Violence against civilians" if plover == "ASSAULT" else None,
        rank=rank, date=EventDate(day, day, "day"), place=place, background=background,
        killed=Count(killed, killed, killed, str(killed)) if killed is not None else None,
        injured=Count(injured, injured, injured, str(injured)) if injured is not None else None,
    )


def corpus() -> list[tuple[Article, list[Event]]]:
    """Wire copies; an update that raises the toll; two shootings in two towns on one day;
    the state-level report of the tavern shooting; a sentencing months later that recalls
    it; a shooting in another country."""
    later = D + dt.timedelta(days=120)
    a1 = Article("a1", TAVERN, D, title="Two shot at tavern", source="Brookville Courier")
    a2 = Article("a2", TAVERN, D + DAY, title="Two shot at tavern", source="Ohio Wire")
    a3 = Article("a3", TAVERN.replace("wounded", "hurt; one has died"), D + 2 * DAY, source="Dayton Daily")
    a4 = Article("a4", DRIVE_BY, D, source="Brookville Courier")
    a5 = Article("a5", DRIVE_BY, D + DAY, source="Columbus Post")
    a6 = Article("a6", TAVERN, D + DAY, source="Statehouse News")
    a7 = Article("a7", SENTENCING + TAVERN, later, source="Brookville Courier")
    a8 = Article("a8", TAVERN, D, source="Windsor Star")
    return [
        (a1, [event(a1, "shot", injured=2)]),
        (a2, [event(a2, "shot", injured=2)]),
        (a3, [event(a3, "shot", killed=1, injured=2)]),
        (a4, [event(a4, "killed", place=DAYTON, killed=1)]),
        (a5, [event(a5, "killed", place=DAYTON, killed=1)]),
        (a6, [event(a6, "shot", place=OHIO, injured=2)]),
        (a7, [event(a7, "sentenced", plover="COERCE", day=later),
              event(a7, "shot", background=True, rank=1, injured=2)]),
        (a8, [event(a8, "shot", place=WINDSOR, injured=2)]),
    ]


def reports(items: list[tuple[Article, list[Event]]]) -> list[inc.Report]:
    out = []
    for article, events in items:
        for e in events:
            out.append(inc.Report.from_record(event_record(e, article), article.to_dict()))
    return out


def partition_of(store) -> list[set[str]]:
    groups: dict[str, set[str]] = {}
    for e in store.events():
        assert e["incident_id"] is not None, e["event_id"]
        groups.setdefault(e["incident_id"], set()).add(e["event_id"])
    return sorted(groups.values(), key=min)


def incidents_of(store) -> dict[str, dict]:
    page = store.query_incidents(EventQuery(limit=1000))
    assert page.total == len(page.items)
    return {i["id"]: i for i in page.items}


def expected() -> tuple[list[set[str]], dict[str, dict]]:
    clusterer = inc.Clusterer().add_all(reports(corpus()))
    groups = [{r.event_id for r in g} for g in clusterer.groups()]
    records = {i.id: i.to_dict() for i in (inc.build_incident(g) for g in clusterer.groups())}
    return sorted(groups, key=min), records


@pytest.fixture(params=BACKENDS)
def db(request, tmp_path) -> Backend:
    with backend(request.param, tmp_path) as b:
        yield b


@pytest.fixture
def store(db):
    with db.open() as s:
        yield s


def save_all(store, items, *, assign: bool = True) -> None:
    for article, events in items:
        store.save_article(article, events)
        if assign:
            store.assign_incidents(article.id)


def test_the_corpus_makes_the_incidents_it_describes() -> None:
    # The clustering core's answer, which the store must give back.
    groups, _ = expected()
    ids = {e.event_id: a.id for a, events in corpus() for e in events}
    named = sorted((sorted({ids[e] for e in g}) for g in groups))
    assert ["a1", "a2", "a3", "a6", "a7"] in named  # copies, the update, the state report, the trial
    assert ["a4", "a5"] in named and ["a8"] in named


def test_incremental_assignment_in_any_order_equals_rebuild_and_the_clusterer(db: Backend) -> None:
    groups, records = expected()
    rng = random.Random(16)
    for attempt in range(3):
        items = corpus()
        rng.shuffle(items)
        with db.open() as store:
            store._write("emptying", lambda conn: [conn.execute(f"DELETE FROM {t}") for t in ("incidents", "articles")])
            save_all(store, items)
            assert partition_of(store) == groups, [a.id for a, _ in items]
            assert incidents_of(store) == records
            assert store.rebuild_incidents() == len(groups)
            assert partition_of(store) == groups
            assert incidents_of(store) == records


def test_a_rerun_of_unchanged_articles_duplicates_nothing(store) -> None:
    save_all(store, corpus())
    before = (partition_of(store), incidents_of(store), store._query("links", "SELECT COUNT(*) AS n FROM incident_links"))
    save_all(store, corpus())
    for article, _ in corpus():
        store.assign_incidents(article.id)
    after = (partition_of(store), incidents_of(store), store._query("links", "SELECT COUNT(*) AS n FROM incident_links"))
    assert before == after


def test_a_replaced_article_leaves_its_incident_and_the_rest_is_as_a_rebuild_gives(store) -> None:
    items = corpus()
    save_all(store, items)
    # a6 is re-coded: now a report of a shooting in Columbus, which joins nothing.
    a6 = dataclasses.replace(items[5][0], text="A man was shot in Columbus on Friday night.")
    store.save_article(a6, [event(a6, "shot", place=COLUMBUS, killed=3)])
    store.assign_incidents("a6")
    incremental = (partition_of(store), incidents_of(store))
    store.rebuild_incidents()
    assert (partition_of(store), incidents_of(store)) == incremental
    [new_a6] = store.article_events("a6")
    assert [new_a6["event_id"]] in [sorted(g) for g in incremental[0]]
    assert not any("a6" in i["articles"] and i["n_articles"] > 1 for i in incremental[1].values())


def test_a_replaced_article_whose_events_left_the_store_leaves_no_incident_behind(store) -> None:
    items = corpus()
    save_all(store, items[:2])
    [tavern] = incidents_of(store).values()
    assert tavern["n_articles"] == 2
    a2 = dataclasses.replace(items[1][0], text="Nothing happened in Brookville.")
    store.save_article(a2, [])
    [alone] = incidents_of(store).values()
    assert alone["articles"] == ["a1"] and alone["n_articles"] == 1
    assert store._query("links", "SELECT COUNT(*) AS n FROM incident_links")[0]["n"] == 0


def test_events_carry_their_incident_id_and_can_be_listed_by_incident(store) -> None:
    save_all(store, corpus())
    [a1] = store.article_events("a1")
    iid = a1["incident_id"]
    assert iid is not None and store.event(a1["event_id"])["incident_id"] == iid
    listed = store.query_events(EventQuery(incident=iid))
    assert {e["article_id"] for e in listed.items} == {"a1", "a2", "a3", "a6", "a7"}
    assert store.incident_ids("a1") == {a1["event_id"]: iid}
    incident = store.incident(iid)
    assert incident is not None and incident["n_articles"] == 5 and incident["injured"]["best"] is not None
    members = store.incident_events(iid)
    assert [m["event_id"] for m in members] and {m["incident_id"] for m in members} == {iid}
    assert all(m["evidence"] is not None for m in members)
    assert store.incident("inc-0000000000000000") is None


def test_events_saved_without_assignment_have_no_incident_until_a_rebuild(store) -> None:
    save_all(store, corpus(), assign=False)
    assert {e["incident_id"] for e in store.events()} == {None}
    assert store.query_incidents(EventQuery()).total == 0
    groups, _ = expected()
    store.rebuild_incidents()
    assert partition_of(store) == groups


def test_the_incident_listing_filters_and_pages(store) -> None:
    save_all(store, corpus())
    everything = store.query_incidents(EventQuery(limit=1000))
    assert everything.total == 3
    assert [i["place"]["country"] for i in store.query_incidents(EventQuery(country="can")).items] == ["CAN"]
    assert store.query_incidents(EventQuery(since=D + 300 * DAY)).total == 0
    assert store.query_incidents(EventQuery(until=D - DAY)).total == 0
    assert store.query_incidents(EventQuery(acled_type="violence against civilians")).total == 3
    assert store.query_incidents(EventQuery(plover="protest")).total == 0
    assert store.query_incidents(EventQuery(bbox=(-84.3, 35.0, -80.0, 41.0))).total == 1
    assert store.query_incidents(EventQuery(text="basketball")).total == 1
    pages, query = [], EventQuery(limit=1, sort="-date")
    while True:
        page = store.query_incidents(query)
        pages += [i["id"] for i in page.items]
        if page.next_cursor is None:
            break
        query = dataclasses.replace(query, cursor=page.next_cursor)
    assert sorted(pages) == sorted(i["id"] for i in everything.items) and len(set(pages)) == 3
    with pytest.raises(QueryError):
        store.query_incidents(EventQuery(sort="rank"))


def test_incidents_known_only_from_background_mentions_are_told_apart(store) -> None:
    # A shooting in Windsor that recalls one in Toledo a year before, which no stored
    # report covers: the recalled shooting is an incident of its own, known only so.
    later = D + 400 * DAY
    toledo = Place("Toledo", "USA", "Ohio", 41.664, -83.555, 5174035, "city")
    news = Article("a9", TAVERN + " Last year a man was shot in Toledo.", later, source="Windsor Star")
    items = [*corpus(), (news, [event(news, "shot", place=WINDSOR, day=later, injured=2),
                                event(news, "shot", place=toledo, day=later - 365 * DAY, background=True, rank=1,
                                      occurrence=1)])]
    save_all(store, items)
    everything = {i["id"]: i for i in store.query_incidents(EventQuery(limit=1000)).items}
    only_background = {i for i, inc in everything.items()
                       if all(store.event(e)["background"] for e in inc["events"])}
    assert len(only_background) == 1
    assert {i["id"] for i in store.query_incidents(EventQuery(background=True, limit=1000)).items} == only_background
    rest = store.query_incidents(EventQuery(background=False, limit=1000))
    assert {i["id"] for i in rest.items} == set(everything) - only_background and rest.total == len(everything) - 1


def test_a_member_s_block_columns_are_those_of_the_block_index() -> None:
    settings = inc.default_settings()
    article, [e] = corpus()[0]
    r = inc.Report.from_record(event_record(e, article), article.to_dict())
    assert block(r, settings) == ("USA", D.isoformat(), D.isoformat(), f"USA:{BROOKVILLE.geonameid}")
    ohio = dataclasses.replace(r, place=OHIO)
    assert block(ohio, settings)[3] is None
    nowhere = dataclasses.replace(r, place=None)
    assert block(nowhere, settings) == (None, None, None, None)


def test_reports_at_the_calendar_s_ends_make_incidents_of_their_own(store) -> None:
    first = Article("first", TAVERN, dt.date(1, 1, 1))
    last = Article("last", TAVERN, dt.date(9999, 12, 31))
    store.save_article(first, [event(first, "shot", day=dt.date(1, 1, 1), injured=2)])
    store.save_article(last, [event(last, "shot", day=dt.date(9999, 12, 31), injured=2)])
    assert store.assign_incidents("first") and store.assign_incidents("last")
    assert len(partition_of(store)) == 2
    assert store.rebuild_incidents() == 2


def test_article_sources_gives_each_stored_article_s_title_source_url_and_date(store) -> None:
    """What the API adds to an event record (``source``): read for many articles at once."""
    items = corpus()
    for article, events in items:
        store.save_article(article, events)
    ids = [article.id for article, _ in items]
    found = store.article_sources([*reversed(ids), "a1", "no-such-article"])
    assert set(found) == set(ids)
    for article, _ in items:
        assert found[article.id] == {"title": article.title, "source": article.source, "url": article.url,
                                     "published": article.published.isoformat()}
    assert store.article_sources([]) == {}
