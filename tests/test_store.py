"""The SQLite store: schema, idempotent saves, failures without duplicates, event queries."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from sitrep.errors import StoreError
from sitrep.model import Actor, Article, Count, Event, EventDate, Failure, Place
from sitrep.output import event_record
from sitrep.store import SCHEMA_VERSION, SaveResult, SQLiteStore, Store

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
        place=Place(name=country or "?", country=country) if country else None,
        killed=Count(killed, killed, killed, str(killed)) if killed is not None else None,
    )


@pytest.fixture
def store(tmp_path):
    with SQLiteStore(tmp_path / "sitrep.db") as s:
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


def test_database_from_a_newer_sitrep_is_refused(tmp_path):
    path = tmp_path / "future.db"
    SQLiteStore(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_migrations VALUES (?, 'later')", (SCHEMA_VERSION + 1,))
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        SQLiteStore(path)


def test_data_survives_reopening(tmp_path):
    path = tmp_path / "keep.db"
    with SQLiteStore(path) as s:
        s.save_article(ART1, [make_event(ART1, "clashed")])
    with SQLiteStore(path) as s:
        assert s.counts()["events"] == 1
        assert s.article("a1") == ART1
        assert s.article("missing") is None


def test_closed_store_raises_store_error(tmp_path):
    s = SQLiteStore(tmp_path / "x.db")
    s.close()
    s.close()  # twice is harmless
    with pytest.raises(StoreError):
        s.counts()


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
    assert {k: rows[0][k] for k in ("origin", "code", "message", "article_id", "raw")} == failure.to_dict()
    assert rows[0]["created_at"]
    assert store.counts()["failures"] == 2


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
