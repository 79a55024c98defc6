"""The store on both back ends: schema, idempotent saves, failures without duplicates, event queries.

Every test that takes ``store``, ``filled`` or ``db`` runs on SQLite and on PostgreSQL
(``tests/backends.py``: PostgreSQL skips without ``SITREP_TEST_POSTGRES``, and fails
instead under ``SITREP_REQUIRE_SERVICES=1``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
import threading

import pytest

from sitrep.errors import InputError, StoreError
from sitrep.model import Actor, Article, Count, Event, EventDate, Failure, Place
from sitrep.output import event_record
from sitrep.store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    EventQuery,
    QueryError,
    SaveResult,
    SQLiteStore,
    Store,
    open_store,
)

from backends import BACKENDS, Backend, backend

D = dt.date


def make_event(
    article: Article,
    trigger: str,
    *,
    plover: str | None = "ASSAULT",
    acled: tuple[str | None, str | None] = (None, None),
    date: tuple[D | None, D | None] = (None, None),
    country: str | None = None,
    actors: tuple[str | None, str | None] = (None, None),
    killed: int | None = None,
    rank: int = 0,
    place: Place | None = None,
    background: bool = False,
) -> Event:
    start = article.text.index(trigger)
    return Event(
        article_id=article.id,
        trigger=trigger,
        trigger_start=start,
        trigger_end=start + len(trigger),
        sentence_start=0,
        sentence_end=len(article.text),
        plover=plover,
        acled_event_type=acled[0],
        acled_sub_event_type=acled[1],
        rank=rank,
        date=EventDate(date[0], date[1], "day" if date[0] == date[1] else "range"),
        actor1=Actor(actors[0]) if actors[0] else None,
        actor2=Actor(actors[1]) if actors[1] else None,
        place=place or (Place(name=country or "?", country=country) if country else None),
        background=background,
        killed=Count(killed, killed, killed, str(killed)) if killed is not None else None,
    )


@pytest.fixture(params=BACKENDS)
def db(request, tmp_path) -> Backend:
    """One fresh database on each back end."""
    with backend(request.param, tmp_path) as b:
        yield b


@pytest.fixture
def store(db):
    with db.open() as s:
        yield s


ART1 = Article("a1", "Iraqi troops clashed with Islamic State fighters near Mosul.", D(2024, 1, 5))
ART2 = Article("a2", "Protesters marched in Kyiv; police arrested 20% of them.", D(2024, 2, 10), title="Kyiv rally")


@pytest.fixture
def filled(store):
    store.save_article(ART1, [
        make_event(ART1, "clashed", acled=("Battles", "Armed clash"), date=(D(2024, 1, 4), D(2024, 1, 4)),
                   country="IRQ", actors=("Iraqi troops", "Islamic State"), killed=4),
    ])
    store.save_article(ART2, [
        make_event(ART2, "marched", plover="PROTEST", acled=("Protests", "Peaceful protest"),
                   date=(D(2024, 2, 1), D(2024, 2, 29)), country="UKR", actors=("Protesters", None)),
        make_event(ART2, "arrested", plover="COERCE", acled=("Strategic developments", "Arrests"),
                   country="UKR", actors=("National Police of Ukraine", "Protesters"), rank=1),
    ])
    return store


def ids(events):
    return [e["trigger"]["text"] for e in events]


# ----------------------------------------------------------------- opening


def test_new_database_has_schema_and_wal(tmp_path):
    path = tmp_path / "new.db"
    with SQLiteStore(path) as s:
        assert isinstance(s, Store)
        assert s.schema_version == SCHEMA_VERSION
        assert s.counts() == {"articles": 0, "events": 0, "failures": 0}
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"articles", "events", "failures", "schema_migrations"} <= tables
    finally:
        conn.close()


def test_folder_path_is_refused(tmp_path):
    with pytest.raises(StoreError) as info:
        SQLiteStore(tmp_path)
    assert info.value.code == "S001"
    assert str(tmp_path) in str(info.value)


def test_file_that_is_not_a_database_is_refused(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are not the tables you are looking for\n" * 200)
    with pytest.raises(StoreError) as info:
        SQLiteStore(path)
    assert info.value.code == "S001"
    assert "not a database" in info.value.message
    assert isinstance(info.value.__cause__, sqlite3.DatabaseError)


def test_database_from_a_newer_sitrep_is_refused(db):
    with db.open() as s:
        s._write("test", lambda conn: conn.execute(
            "INSERT INTO schema_migrations (version, applied_at) VALUES (?, 'later')", (SCHEMA_VERSION + 1,)
        ))
    with pytest.raises(StoreError, match="newer") as info:
        db.open()
    assert info.value.code == "S001"


def test_data_survives_reopening(db):
    with db.open() as s:
        assert s.schema_version == SCHEMA_VERSION
        s.save_article(ART1, [make_event(ART1, "clashed")])
    with db.open() as s:
        assert s.counts() == {"articles": 1, "events": 1, "failures": 0}
        assert s.article("a1") == ART1
        assert s.article("missing") is None


def test_closed_store_raises_store_error(db):
    s = db.open()
    s.close()
    s.close()  # twice is harmless
    with pytest.raises(StoreError):
        s.counts()


def test_open_store_picks_the_back_end(db):
    with open_store(db.db) as s:
        assert s.backend == db.name
        assert isinstance(s, Store)
        assert s.schema_version == SCHEMA_VERSION


# ----------------------------------------------------------------- saving


def test_same_text_twice_is_stored_once(store):
    events = [make_event(ART1, "clashed")]
    assert store.save_article(ART1, events) is SaveResult.INSERTED
    assert store.save_article(ART1, events) is SaveResult.UNCHANGED
    assert store.counts() == {"articles": 1, "events": 1, "failures": 0}
    assert store.has_article("a1", ART1.text_hash)
    assert not store.has_article("a1", "0" * 64)
    assert not store.has_article("a2", ART1.text_hash)


def test_changed_text_replaces_article_and_its_events(store):
    store.save_article(ART1, [make_event(ART1, "clashed"), make_event(ART1, "fighters", plover="MOBILIZE")])
    changed = Article("a1", "Iraqi troops shelled a village near Mosul.", D(2024, 1, 6))
    assert store.save_article(changed, [make_event(changed, "shelled")]) is SaveResult.REPLACED
    assert ids(store.events()) == ["shelled"]
    assert store.article("a1").text == changed.text
    assert store.has_article("a1", changed.text_hash)
    assert not store.has_article("a1", ART1.text_hash)


def test_force_recodes_an_unchanged_article(store):
    store.save_article(ART1, [make_event(ART1, "clashed")])
    assert store.save_article(ART1, [make_event(ART1, "troops", plover="MOBILIZE")], force=True) is SaveResult.REPLACED
    assert ids(store.events()) == ["troops"]


def test_save_is_one_transaction(store):
    store.save_article(ART1, [make_event(ART1, "clashed")])
    changed = Article("a1", "Troops clashed again.")
    duplicate = make_event(changed, "clashed")
    with pytest.raises(StoreError) as info:
        store.save_article(changed, [duplicate, duplicate])  # the same event_id twice
    assert info.value.code == "S002"
    assert "a1" in info.value.message
    # nothing of the failed save is kept: the old article and event are intact
    assert store.article("a1").text == ART1.text
    assert ids(store.events()) == ["clashed"]


def test_events_must_belong_to_the_article(store):
    with pytest.raises(ValueError, match="other articles"):
        store.save_article(ART2, [make_event(ART1, "clashed")])


def test_stored_json_is_the_event_dict(store):
    event = make_event(ART1, "clashed", acled=("Battles", "Armed clash"), country="IRQ", killed=4)
    store.save_article(ART1, [event])
    assert store.events() == [event_record(event, ART1)]
    assert store.events()[0]["sentence"]["text"] == ART1.text


# ----------------------------------------------------------------- failures


def test_failures_are_stored_without_duplicates(store):
    failure = Failure("in.jsonl:3", "R002", "broken JSON: Expecting value (column 1)", None, "{oops")
    assert store.save_failure(failure) is True
    assert store.save_failure(failure) is False
    assert store.save_failure(Failure("in.jsonl:4", "R002", failure.message)) is True
    rows = store.failures()
    assert len(rows) == 2
    assert {k: v for k, v in rows[0].items() if k != "created_at"} == failure.to_dict()
    assert rows[0]["created_at"]
    assert store.counts()["failures"] == 2


def test_a_failure_keeps_where_it_happened(store):
    failure = Failure("in.jsonl:9", "P004", "coding failed: IndexError in stage 'places': list index out of range",
                      "a9", None, stage="places", exception="IndexError",
                      location="sitrep/stages/places/persons.py:23 in titled_names", traceback="Traceback ...")
    store.save_failure(failure)
    (row,) = store.failures()
    assert (row["stage"], row["exception"], row["location"]) == (
        "places", "IndexError", "sitrep/stages/places/persons.py:23 in titled_names")
    assert "traceback" not in row


def test_a_failure_whose_raw_line_holds_nul_or_a_lone_surrogate_is_stored_escaped(store):
    store.save_failure(Failure("in\x00.csv:2", "R010", "row has 3 fields", None, "a,\x00b,\ud800c"))
    (row,) = store.failures()
    assert (row["origin"], row["raw"]) == ("in\\x00.csv:2", "a,\\x00b,\\ud800c")


@pytest.mark.parametrize("changes, field", [
    ({"url": "https://example.org/\x00a"}, "url"), ({"text": "Gunmen \x00 killed two."}, "text"),
    ({"id": "a\x00b"}, "id"), ({"title": "Raid \ud800"}, "title"),
])
def test_values_no_database_can_hold_are_refused_before_writing(store, changes, field):
    article = dataclasses.replace(Article("n1", "Gunmen killed two.", D(2024, 1, 5), origin="in.jsonl:4"), **changes)
    with pytest.raises(InputError, match=f"R018.*the {field} of article") as caught:
        store.save_article(article, [])
    assert caught.value.origin == "in.jsonl:4"
    assert store.counts() == {"articles": 0, "events": 0, "failures": 0}


def test_counts_beyond_32_bits_are_kept_and_beyond_64_bits_refused(store):
    article = Article("big", "The toll rose to 3000000000 displaced, officials said.", D(2024, 1, 5))
    store.save_article(article, [make_event(article, "rose", killed=3_000_000_000)])
    assert store.article_events("big")[0]["killed"]["best"] == 3_000_000_000
    assert page(store) == ["rose"]
    with pytest.raises(InputError, match="R018.*killed_best.*does not fit"):
        store.save_article(dataclasses.replace(article, text=article.text + " Again."),
                           [make_event(article, "rose", killed=2**63)])
    assert store.article_events("big")[0]["killed"]["best"] == 3_000_000_000


def test_an_articles_repairs_are_kept(store):
    article = Article("r1", "“Two killed,” police said.", D(2024, 1, 5), repairs=("mojibake", "control characters"))
    store.save_article(article, [])
    assert store.article("r1").repairs == ("mojibake", "control characters")
    store.save_article(Article("r2", "Plain.", D(2024, 1, 5)), [])
    assert store.article("r2").repairs == ()


# ----------------------------------------------------------------- queries


def test_events_ordered_by_date_then_rank(filled):
    assert ids(filled.events()) == ["clashed", "marched", "arrested"]  # undated last


def test_since_and_until_use_the_date_window(filled):
    assert ids(filled.events(since="2024-01-05")) == ["marched"]  # Feb window; undated left out
    assert ids(filled.events(until=D(2024, 1, 31))) == ["clashed"]
    assert ids(filled.events(since=D(2024, 2, 15), until=D(2024, 2, 16))) == ["marched"]  # overlaps the window
    assert ids(filled.events(since=D(2024, 3, 1))) == []
    with pytest.raises(ValueError, match="since"):
        filled.events(since="last week")


def test_country_filter_takes_alpha3(filled):
    assert ids(filled.events(country="ukr")) == ["marched", "arrested"]
    assert ids(filled.events(country="IRQ")) == ["clashed"]
    assert filled.events(country="FRA") == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("battles", ["clashed"]),  # ACLED type
        ("ARRESTS", ["arrested"]),  # ACLED sub-type
        ("protest", ["marched"]),  # PLOVER
        ("Peaceful protest", ["marched"]),
        ("Riots", []),
    ],
)
def test_type_filter(filled, value, expected):
    assert ids(filled.events(type=value)) == expected


def test_text_filter_searches_actors_and_article(filled):
    assert ids(filled.events(text="islamic state")) == ["clashed"]  # actor2 (and the text)
    assert ids(filled.events(text="national police")) == ["arrested"]  # actor1 only, not in the text
    assert ids(filled.events(text="ARRESTED")) == ["marched", "arrested"]  # the article text: all its events
    assert ids(filled.events(text="Kyiv")) == ["marched", "arrested"]  # article text and title
    assert ids(filled.events(text="Mosul")) == ["clashed"]
    assert ids(filled.events(text="20%")) == ["marched", "arrested"]  # '%' is literal
    assert filled.events(text="_%") == []
    assert filled.events(text="'; DROP TABLE events; --") == []
    assert filled.counts()["events"] == 3


def test_filters_combine_and_limit(filled):
    assert ids(filled.events(country="UKR", type="coerce")) == ["arrested"]
    assert ids(filled.events(limit=2)) == ["clashed", "marched"]
    assert filled.events(limit=0) == []


# ----------------------------------------------------------------- the API's queries

ERBIL = Place("Erbil", "IRQ", "Erbil", 36.19, 44.01, precision="city")
MOSUL = Place("Mosul", "IRQ", "Nineveh", 36.34, 43.13, precision="city")
KYIV = Place("Kyiv", "UKR", "Kyiv City", 50.45, 30.52, precision="city")
ART3 = Article(
    "a3",
    "Drones struck a base near Erbil on Monday. Militias had shelled Mosul in 2019, officials recalled.",
    D(2024, 3, 5),
)


@pytest.fixture
def mapped(filled):
    """``filled`` plus an article with a background event, places with coordinates."""
    filled.save_article(ART3, [
        make_event(ART3, "struck", acled=("Explosions/Remote violence", "Air/drone strike"),
                   date=(D(2024, 3, 4), D(2024, 3, 4)), place=ERBIL, actors=("Unidentified drones", "US forces")),
        make_event(ART3, "shelled", acled=("Explosions/Remote violence", "Shelling/artillery/missile attack"),
                   date=(D(2019, 1, 1), D(2019, 12, 31)), place=MOSUL, actors=("Militias", None), rank=1,
                   background=True),
    ])
    return filled


def page(store, **filters):
    return ids(store.query_events(EventQuery(**filters)).items)


def test_query_filters(mapped):
    assert page(mapped) == ["shelled", "clashed", "marched", "struck", "arrested"]  # by date, undated last
    assert page(mapped, country="irq") == ["shelled", "clashed", "struck"]
    assert page(mapped, admin1="ERBIL") == ["struck"]
    assert page(mapped, acled_type="explosions/remote violence") == ["shelled", "struck"]
    assert page(mapped, acled_type="Arrests") == ["arrested"]  # a sub-type works too
    assert page(mapped, plover="coerce") == ["arrested"]
    assert page(mapped, actor="US FOR") == ["struck"]  # actor2
    assert page(mapped, actor="police") == ["arrested"]
    assert page(mapped, actor="100%") == []  # wildcards are literal
    assert page(mapped, since=D(2024, 2, 29), until=D(2024, 3, 4)) == ["marched", "struck"]
    assert page(mapped, background=True) == ["shelled"]
    assert page(mapped, background=False, country="IRQ") == ["clashed", "struck"]


def test_full_text_search_is_stemmed_and_safe(mapped):
    assert page(mapped, text="drone") == ["shelled", "struck"]  # "Drones": the article's events
    assert page(mapped, text="Kyiv rally") == ["marched", "arrested"]  # title and text, all words
    assert page(mapped, text="mosul officials") == ["shelled", "struck"]
    assert page(mapped, text="Kyiv Mosul") == []
    assert page(mapped, text='fighters" OR "x') == []  # FTS syntax is never read from the query
    assert page(mapped, text="clash*") == ["clashed"]  # punctuation is dropped, the word stemmed
    with pytest.raises(QueryError) as info:
        EventQuery(text="!!")
    assert info.value.parameter == "q"


def test_bbox_keeps_events_inside(mapped):
    assert page(mapped, bbox=(43.5, 35.5, 45.0, 37.0)) == ["struck"]  # around Erbil
    assert page(mapped, bbox=(40.0, 30.0, 50.0, 40.0)) == ["shelled", "struck"]  # northern Iraq
    assert page(mapped, bbox=(170.0, -10.0, -170.0, 10.0)) == []  # across the antimeridian
    for bad in [(1.0, 2.0, 3.0), (0.0, 50.0, 10.0, 40.0), (-200.0, 0.0, 0.0, 10.0)]:
        with pytest.raises(QueryError) as info:
            EventQuery(bbox=bad)
        assert info.value.parameter == "bbox"


@pytest.mark.parametrize("sort", ["date", "-date", "rank", "-rank"])
def test_cursor_walks_every_event_once(mapped, sort):
    everything = mapped.query_events(EventQuery(sort=sort, limit=1000))
    assert everything.total == 5 and everything.next_cursor is None
    seen, cursor, pages = [], None, 0
    while True:
        result = mapped.query_events(EventQuery(sort=sort, limit=2, cursor=cursor))
        assert result.total == 5
        seen += [e["event_id"] for e in result.items]
        pages += 1
        cursor = result.next_cursor
        if cursor is None:
            break
    assert pages == 3
    assert seen == [e["event_id"] for e in everything.items]
    assert len(set(seen)) == 5


def test_sort_orders(mapped):
    assert page(mapped, sort="-date") == ["struck", "marched", "clashed", "shelled", "arrested"]  # undated last
    by_rank = mapped.query_events(EventQuery(sort="rank")).items
    assert [e["rank"] for e in by_rank] == [0, 0, 0, 1, 1]
    assert [e["event_id"] for e in by_rank[:3]] == sorted(e["event_id"] for e in by_rank[:3])  # ties by id
    assert [e["rank"] for e in mapped.query_events(EventQuery(sort="-rank")).items] == [1, 1, 0, 0, 0]


def test_bad_queries_name_their_parameter(mapped):
    cursor = mapped.query_events(EventQuery(limit=1)).next_cursor
    cases = [
        ({"sort": "size"}, "sort"),
        ({"limit": 0}, "limit"),
        ({"limit": 1001}, "limit"),
        ({"since": D(2024, 2, 1), "until": D(2024, 1, 1)}, "until"),
        ({"cursor": "not a cursor"}, "cursor"),
        ({"cursor": cursor, "sort": "-date"}, "cursor"),  # a cursor of another order
    ]
    for filters, parameter in cases:
        with pytest.raises(QueryError) as info:
            EventQuery(**filters)
        assert info.value.parameter == parameter, filters


def test_one_event_and_an_articles_events(mapped):
    events = mapped.article_events("a3")
    assert [e["rank"] for e in events] == [0, 1]
    assert mapped.event(events[1]["event_id"]) == events[1]
    assert events[0]["sentence"] == {"start": 0, "end": len(ART3.text), "text": ART3.text}
    assert mapped.event("nope") is None
    assert mapped.article_events("nope") == []


def test_search_follows_replaced_articles(mapped):
    changed = Article("a3", "Rockets hit Basra airport.", D(2024, 3, 6))
    mapped.save_article(changed, [make_event(changed, "hit")])
    assert page(mapped, text="drones") == []
    assert page(mapped, text="basra") == ["hit"]


def _write_version_1(conn, statements, mark: str) -> None:
    """A version-1 schema (``statements``) holding one article and its event, written
    through a DB-API connection whose parameter mark is ``mark`` ("?" or "%s")."""
    conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
    for statement in statements:
        conn.execute(statement)
    conn.execute("INSERT INTO schema_migrations VALUES (1, 'then')")
    event = make_event(ART3, "struck", place=ERBIL)
    conn.execute(
        f"INSERT INTO articles (id, text_hash, text, published, coded_at) VALUES ({mark}, {mark}, {mark}, {mark}, 'then')",
        (ART3.id, ART3.text_hash, ART3.text, "2024-03-05"),
    )
    conn.execute(
        "INSERT INTO events (event_id, article_id, rank, background, trigger, json, lat, lon)"
        f" VALUES ({mark}, {mark}, 0, 0, 'struck', {mark}, 36.19, 44.01)",
        (event.event_id, ART3.id, json.dumps(event.to_dict())),
    )


def test_sqlite_upgrade_from_version_1_adds_search_and_sentences(tmp_path):
    """A database written before full-text search and sentences is upgraded when opened."""
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    _write_version_1(conn, MIGRATIONS[1], "?")
    conn.commit()
    conn.close()
    with SQLiteStore(path) as s:
        assert s.schema_version == SCHEMA_VERSION
        [record] = s.article_events("a3")
        assert record["sentence"]["text"] == "Drones struck a base near Erbil on Monday."
        assert page(s, text="drones") == ["struck"]


def test_postgresql_upgrade_from_version_1_adds_search_and_sentences():
    """The same upgrade on PostgreSQL: a version-1 schema gets its tsvector column and sentences."""
    import psycopg
    from psycopg import sql

    from backends import postgres_schema
    from sitrep.store_postgres import MIGRATIONS as PG_MIGRATIONS
    from sitrep.store_postgres import PostgresStore

    with postgres_schema() as (url, schema):
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(schema)))
            with conn.transaction():
                _write_version_1(conn, PG_MIGRATIONS[1], "%s")
        with PostgresStore(url, schema=schema) as s:
            assert s.schema_version == SCHEMA_VERSION
            [record] = s.article_events("a3")
            assert record["sentence"]["text"] == "Drones struck a base near Erbil on Monday."
            assert page(s, text="drones") == ["struck"]


def test_postgresql_store_reconnects_after_the_connection_breaks():
    import psycopg

    from backends import postgres_schema
    from sitrep.store_postgres import PostgresStore

    with postgres_schema() as (url, schema), PostgresStore(url, schema=schema) as s:
        s.save_article(ART1, [make_event(ART1, "clashed")])
        pid = s.conn.info.backend_pid
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        assert s.counts()["events"] == 1  # on a new connection, in the same schema
        assert s.conn.info.backend_pid != pid
        assert s.save_article(ART2, []) is SaveResult.INSERTED


def test_case_is_ignored_beyond_ascii(store):
    article = Article("fr1", "Les forces de sécurité ont dispersé la foule à Île-à-la-Crosse.", D(2024, 4, 2))
    store.save_article(article, [make_event(article, "dispersé", actors=("Forces de sécurité", None),
                                            place=Place("Île-à-la-Crosse", "CAN", "Saskatchewan", 55.45, -107.9))])
    assert page(store, actor="SÉCURITÉ") == ["dispersé"]
    assert page(store, admin1="SASKATCHEWAN") == ["dispersé"]
    assert ids(store.events(text="ÎLE-À-LA")) == ["dispersé"]


# ----------------------------------------------------------------- concurrency


def _writer(target, schema, save, barrier, errors):
    """One writer with its own connection: ``save(store)`` once both writers are ready."""
    try:
        if schema is None:
            store = SQLiteStore(target)
        else:
            from sitrep.store_postgres import PostgresStore

            store = PostgresStore(target, schema=schema)
        with store:
            barrier.wait()
            save(store)
    except Exception as exc:  # noqa: BLE001 - the test reports every error
        errors.append(exc)


def _race(b: Backend, saves) -> list[Exception]:
    """Run each of ``saves`` in its own thread and connection, all at once; their errors."""
    with b.open():
        pass  # the schema exists before the writers start
    barrier, errors = threading.Barrier(len(saves)), []
    threads = [threading.Thread(target=_writer, args=(b.target, b.schema, save, barrier, errors)) for save in saves]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def _one_at_a_time(articles):
    def save(store):
        for article in articles:
            store.save_article(article, [make_event(article, "clashed")])

    return save


@pytest.mark.parametrize("name", BACKENDS)
def test_two_writers_coding_overlapping_ids_do_not_race(name, tmp_path):
    """Two processes' stores (each its own connection) save the same new articles at once:
    under READ COMMITTED both would see no row and both insert the events."""
    articles = [Article(f"o{i}", f"Troops clashed with rebels near town {i}.", D(2024, 1, 5)) for i in range(60)]
    with backend(name, tmp_path) as b:
        assert _race(b, [_one_at_a_time(articles), _one_at_a_time(articles)]) == []
        with b.open() as s:
            assert s.counts() == {"articles": 60, "events": 60, "failures": 0}


def _open_new(path, barrier_path, rounds):
    import os
    import time

    failures = []
    for n in range(rounds):
        while not os.path.exists(f"{barrier_path}.{n}"):  # start each round together
            time.sleep(0.001)
        try:
            SQLiteStore(f"{path}.{n}").close()
        except Exception as exc:  # noqa: BLE001
            failures.append(f"{type(exc).__name__}: {exc}")
    return failures


def test_several_processes_can_create_one_new_sqlite_database_at_once(tmp_path):
    import concurrent.futures
    import multiprocessing
    import time

    rounds, path, go = 30, str(tmp_path / "new.db"), str(tmp_path / "go")
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(4, mp_context=context) as pool:
        futures = [pool.submit(_open_new, path, go, rounds) for _ in range(4)]
        time.sleep(1.0)  # let the workers start
        for n in range(rounds):
            open(f"{go}.{n}", "w").close()
            time.sleep(0.05)
        failures = [f for future in futures for f in future.result()]
    assert failures == []
    for n in range(rounds):
        with SQLiteStore(f"{path}.{n}") as s:
            assert s.schema_version == SCHEMA_VERSION


# ----------------------------------------------------------------- batches (save_articles)


def _batch_articles() -> list[tuple[Article, list[Event]]]:
    """Articles as a coder hands them over: with several events, one, or none."""
    items = []
    for i in range(30):
        article = Article(f"b{i}", f"Troops clashed with rebels near town {i}; police arrested {i} men.", D(2024, 3, 1 + i % 28),
                          title=f"Clash {i}" if i % 2 else None, url=f"https://example.org/{i}", source="Wire")
        events = []
        if i % 3:
            events.append(make_event(article, "clashed", acled=("Battles", "Armed clash"), country="IRQ",
                                     date=(D(2024, 3, 1), D(2024, 3, 1)), actors=("Troops", "rebels"), killed=i))
        if i % 3 == 2:
            events.append(make_event(article, "arrested", plover="COERCE", country="IRQ", rank=1))
        items.append((article, events))
    return items


def _rows(store) -> dict[str, list]:
    """Every stored row a save writes, without its timestamps."""
    return {
        "articles": [dict(r) for r in store._query(
            "rows", "SELECT id, text_hash, text, published, title, url, source, repairs FROM articles ORDER BY id")],
        "events": [dict(r) for r in store._query("rows", "SELECT * FROM events ORDER BY event_id")],
        "members": [dict(r) for r in store._query("rows", "SELECT * FROM incident_members ORDER BY event_id")],
    }


@pytest.mark.parametrize("name", BACKENDS)
def test_a_batch_saves_what_one_save_at_a_time_saves(name, tmp_path):
    first = _batch_articles()
    changed = [(dataclasses.replace(a, text=a.text + " Two died."), [dataclasses.replace(e) for e in ev])
               for a, ev in first[:5]]
    # the same ids again in the second round: unchanged, replaced (with incidents to leave), and
    # an id twice in one batch (saved in its turn: first inserted, then replaced)
    twice = Article("twice", "Rebels clashed with troops.", D(2024, 3, 3))
    twice2 = Article("twice", "Rebels clashed with troops again.", D(2024, 3, 4))
    second = first[5:10] + changed + [(twice, [make_event(twice, "clashed")]), (twice2, [make_event(twice2, "clashed")])]
    (tmp_path / "one").mkdir()
    (tmp_path / "many").mkdir()
    with backend(name, tmp_path / "one") as one_db, backend(name, tmp_path / "many") as many_db:
        with one_db.open() as one, many_db.open() as many:
            expected = [one.save_article(a, ev) for a, ev in first]
            assert many.save_articles(first) == expected == [SaveResult.INSERTED] * 30
            for s in (one, many):
                for article, _ in first:
                    s.assign_incidents(article.id)
            expected = [one.save_article(a, ev) for a, ev in second]
            assert many.save_articles(second) == expected
            assert expected == ([SaveResult.UNCHANGED] * 5 + [SaveResult.REPLACED] * 5
                                + [SaveResult.INSERTED, SaveResult.REPLACED])
            assert _rows(many) == _rows(one)
            assert many.counts() == one.counts() == {"articles": 31, "events": 31, "failures": 0}
            # a rerun changes nothing; force replaces, as save_article(force=True) does
            assert many.save_articles(first) == [SaveResult.REPLACED] * 5 + [SaveResult.UNCHANGED] * 25
            assert many.save_articles(first[:3], force=True) == [SaveResult.REPLACED] * 3
            assert many.counts() == {"articles": 31, "events": 31, "failures": 0}


def test_an_article_the_batch_cannot_take_fails_alone(store):
    good = _batch_articles()  # 30 events with the duplicate's 2: PostgreSQL sends them with COPY
    nul = Article("nul", "Troops clashed.", title="bad\x00title")
    stray = (Article("stray", "Police arrested men."), [make_event(ART1, "clashed")])
    dup_article = Article("dup", "Troops clashed again.")
    duplicate = make_event(dup_article, "clashed")  # the same event_id twice: the database refuses it
    items = [*good[:2], (nul, []), *good[2:4], stray, (dup_article, [duplicate, duplicate]), *good[4:]]
    results = store.save_articles(items)
    kinds = [type(r).__name__ if isinstance(r, Exception) else r.value for r in results]
    assert kinds == ["inserted", "inserted", "InputError", "inserted", "inserted", "ValueError", "StoreError",
                     *["inserted"] * 26]
    assert results[2].code == "R018" and results[6].code == "S002" and "dup" in results[6].message
    assert store.counts() == {"articles": 30, "events": 30, "failures": 0}
    assert store.article("dup") is None and store.article("nul") is None


def test_an_empty_batch_saves_nothing(store):
    assert store.save_articles([]) == []
    assert store.counts() == {"articles": 0, "events": 0, "failures": 0}


def _in_batches(batches):
    def save(store):
        for batch in batches:
            bad = [r for r in store.save_articles(batch) if isinstance(r, Exception)]
            if bad:
                raise bad[0]

    return save


@pytest.mark.parametrize("name", BACKENDS)
def test_two_writers_of_overlapping_batches_neither_race_nor_deadlock(name, tmp_path):
    """Two stores save the same new articles in batches, in opposite orders: each batch
    locks its articles in one order, so neither waits for a lock the other holds."""
    articles = [Article(f"o{i}", f"Troops clashed with rebels near town {i}.", D(2024, 1, 5)) for i in range(120)]
    items = [(a, [make_event(a, "clashed")]) for a in articles]
    forward = [items[i:i + 25] for i in range(0, len(items), 25)]
    backward = [list(reversed(items))[i:i + 25] for i in range(0, len(items), 25)]
    with backend(name, tmp_path) as b:
        assert _race(b, [_in_batches(forward), _in_batches(backward)]) == []
        with b.open() as s:
            assert s.counts() == {"articles": 120, "events": 120, "failures": 0}
            assert {r["article_id"] for r in _rows(s)["events"]} == {a.id for a in articles}
