"""The sitrep command end to end, on files written by these tests."""

from __future__ import annotations

import datetime as dt
import io
import json
import sqlite3

import pytest
from click.testing import CliRunner

from sitrep.cli import main
from sitrep.model import Actor, Article, Event, EventDate, Place
from sitrep.output import format_events_plain, make_writer
from sitrep.store import SQLiteStore

ARTICLE = "date 2024-03-08\nGunmen killed four villagers in an attack on a market on Thursday, police said.\n"


def run(args, **kwargs):
    return CliRunner().invoke(main, args, catch_exceptions=False, **kwargs)


@pytest.mark.model
def test_code_writes_jsonl_and_stores_once(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    db, out = tmp_path / "s.db", tmp_path / "out.jsonl"
    result = run(["code", str(src), "--db", str(db), "--format", "jsonl", "-o", str(out),
                  "--failures", str(tmp_path / "failures.jsonl")])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in out.read_text().splitlines()]
    assert events and events[0]["article_id"] == "a" and events[0]["rank"] == 0
    assert events[0]["date"]["start"] == "2024-03-07"
    again = run(["code", str(src), "--db", str(db), "--format", "jsonl", "-o", str(out)])
    assert again.exit_code == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from articles").fetchone()[0] == 1
        assert conn.execute("select count(*) from events").fetchone()[0] == len(events)


@pytest.mark.model
def test_bad_records_are_reported_kept_and_the_batch_goes_on(tmp_path):
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        json.dumps({"id": "ok", "text": "Protesters marched in the capital on Friday.", "published": "2024-03-08"}) + "\n"
        + '{"id": "broken", "text": \n'
        + json.dumps({"id": "notext", "published": "2024-03-08"}) + "\n"
        + json.dumps({"id": "baddate", "text": "Police arrested two men.", "published": "2024-02-30"}) + "\n",
        encoding="utf-8",
    )
    failures = tmp_path / "failures.jsonl"
    result = run(["code", str(batch), "--db", str(tmp_path / "s.db"), "--format", "jsonl",
                  "--failures", str(failures)])
    assert result.exit_code == 1
    assert f"{batch}:2" in result.output and f"{batch}:3" in result.output and f"{batch}:4" in result.output
    kept = [json.loads(line) for line in failures.read_text().splitlines()]
    assert {f["code"] for f in kept} == {"R002", "R003", "R004"}
    assert '"article_id": "ok"' in result.output
    with sqlite3.connect(tmp_path / "s.db") as conn:
        assert conn.execute("select count(*) from failures").fetchone()[0] == 3


@pytest.mark.model
def test_undecodable_file_names_the_file(tmp_path):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("date 2024-03-08\nCaf\xe9 bombed in Kidal.".encode("latin-1"))
    result = run(["code", str(bad), "--no-db", "--format", "jsonl", "--failures", str(tmp_path / "f.jsonl")])
    assert result.exit_code == 1
    assert str(bad) in result.output and "R001" in result.output


@pytest.mark.model
def test_events_lists_what_is_stored(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    db = tmp_path / "s.db"
    run(["code", str(src), "--db", str(db), "--format", "jsonl", "-o", str(tmp_path / "o.jsonl")])
    listed = run(["events", "--db", str(db), "--type", "ASSAULT", "--format", "jsonl"])
    assert listed.exit_code == 0 and '"plover": "ASSAULT"' in listed.output
    none = run(["events", "--db", str(db), "--since", "2025-01-01", "--format", "jsonl"])
    assert none.output.strip() == ""


# ----------------------------------------------------------------- sitrep events: filters and pages

D = dt.date
ERBIL = Place("Erbil", "IRQ", "Erbil", 36.19, 44.01, precision="city")
MOSUL = Place("Mosul", "IRQ", "Nineveh", 36.34, 43.13, precision="city")
KYIV = Place("Kyiv", "UKR", "Kyiv City", 50.45, 30.52, precision="city")
LVIV = Place("Lviv", "UKR", "Lviv Oblast", 49.84, 24.03, precision="city")
GOMA = Place("Goma", "COD", "Nord-Kivu", -1.67, 29.23, precision="city")
#: (article, [(trigger, plover, (ACLED type, sub-type), (start, end), place, (actor1, actor2), background)]), by rank
STORED = [
    (Article("a", "Drones struck a base near Erbil on Monday. Militias had shelled Mosul in 2019.", D(2024, 3, 8)), [
        ("struck", "ASSAULT", ("Explosions/Remote violence", "Air/drone strike"), (D(2024, 3, 4), D(2024, 3, 4)),
         ERBIL, ("Unidentified drones", "US forces"), False),
        ("shelled", "ASSAULT", ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         (D(2019, 1, 1), D(2019, 12, 31)), MOSUL, ("Militias", None), True),
    ]),
    (Article("b", "Protesters marched in Kyiv; police arrested 20 of them in Lviv.", D(2024, 2, 10),
             title="Kyiv rally"), [
        ("marched", "PROTEST", ("Protests", "Peaceful protest"), (D(2024, 2, 9), D(2024, 2, 9)), KYIV,
         ("Protesters", None), False),
        ("arrested", "COERCE", ("Strategic developments", "Arrests"), (D(2024, 2, 9), D(2024, 2, 9)), LVIV,
         ("National Police of Ukraine", "Protesters"), False),
    ]),
    (Article("c", "Rebels attacked a convoy near Goma, and troops bombed rebel positions."), [
        ("attacked", "ASSAULT", ("Battles", "Armed clash"), (None, None), GOMA, ("Rebels", "convoy"), False),
        ("bombed", "ASSAULT", ("Explosions/Remote violence", "Shelling/artillery/missile attack"), (None, None),
         GOMA, ("troops", "rebel positions"), False),
    ]),
]


@pytest.fixture(scope="module")
def stored(tmp_path_factory) -> str:
    """A database with the six events of ``STORED``: two articles dated, one not, places
    with coordinates, a background event, and events that share a date within an article."""
    db = str(tmp_path_factory.mktemp("events") / "s.db")
    with SQLiteStore(db) as store:
        for article, rows in STORED:
            events = []
            for rank, (trigger, plover, acled, date, place, actors, background) in enumerate(rows):
                start = article.text.index(trigger)
                events.append(Event(
                    article_id=article.id, trigger=trigger, trigger_start=start, trigger_end=start + len(trigger),
                    sentence_start=0, sentence_end=len(article.text), plover=plover, acled_event_type=acled[0],
                    acled_sub_event_type=acled[1], rank=rank, date=EventDate(date[0], date[1], "day"),
                    actor1=Actor(actors[0]), actor2=Actor(actors[1]) if actors[1] else None, place=place,
                    background=background,
                ))
            store.save_article(article, events)
    return db


def listed(db: str, *args: str) -> list[str]:
    result = run(["events", "--db", db, "--format", "jsonl", *args])
    assert result.exit_code == 0, result.output
    return [json.loads(line)["trigger"]["text"] for line in result.output.splitlines()]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], ["shelled", "marched", "arrested", "struck", "attacked", "bombed"]),  # by date, undated last
        (["--country", "cod"], ["attacked", "bombed"]),
        (["--admin1", "KYIV CITY"], ["marched"]),
        (["--acled-type", "explosions/remote violence"], ["shelled", "struck", "bombed"]),
        (["--acled-type", "Arrests"], ["arrested"]),  # a sub-type works too
        (["--plover", "coerce"], ["arrested"]),
        (["--type", "protest"], ["marched"]),  # a PLOVER type: --plover
        (["--type", "peaceful PROTEST"], ["marched"]),  # anything else: --acled-type
        (["--type", "battles"], ["attacked"]),
        (["--type", "coerce", "--acled-type", "arrests"], ["arrested"]),
        (["--actor", "police"], ["arrested"]),
        (["--actor", "US FOR"], ["struck"]),  # actor2
        (["--text", "drone"], ["shelled", "struck"]),  # "Drones": every event of the article
        (["--text", "Kyiv rally"], ["marched", "arrested"]),  # title and text, all the words
        (["--text", "Kyiv Goma"], []),
        (["--bbox", "43.5,35.5,45,37"], ["struck"]),  # around Erbil
        (["--bbox", "20,45,35,55"], ["marched", "arrested"]),  # Ukraine
        (["--bbox=-10,-10,40,10"], ["attacked", "bombed"]),  # a leading minus
        (["--bbox", "170,-10,-170,10"], []),  # across the antimeridian
        (["--background"], ["shelled"]),
        (["--no-background", "--country", "IRQ"], ["struck"]),
        (["--since", "2024-02-09", "--until", "2024-03-03"], ["marched", "arrested"]),
        (["--sort", "-date"], ["struck", "marched", "arrested", "shelled", "attacked", "bombed"]),
        (["--sort", "rank"], ["struck", "marched", "attacked", "shelled", "arrested", "bombed"]),  # ties by article
        (["--sort", "-rank", "--limit", "4"], ["shelled", "arrested", "bombed", "struck"]),
    ],
)
def test_events_filters_narrow_the_listing(stored, args, expected):
    assert listed(stored, *args) == expected


def test_events_limit_reads_page_after_page(stored, monkeypatch):
    pages = []
    query_events = SQLiteStore.query_events

    def counted(store, query):
        pages.append((query.limit, query.cursor is not None))
        return query_events(store, query)

    monkeypatch.setattr(SQLiteStore, "query_events", counted)
    monkeypatch.setattr("sitrep.cli.EVENTS_PAGE", 2)
    assert listed(stored) == ["shelled", "marched", "arrested", "struck", "attacked", "bombed"]
    assert pages == [(2, False), (2, True), (2, True)]
    pages.clear()
    assert listed(stored, "--limit", "5") == ["shelled", "marched", "arrested", "struck", "attacked"]
    assert pages == [(2, False), (2, True), (2, True)]
    pages.clear()
    # "marched" and "arrested" share a date; the page after the first shows the tie is over
    assert listed(stored, "--limit", "2") == ["shelled", "marched"]
    assert pages == [(2, False), (2, True)]
    pages.clear()
    assert listed(stored, "--limit", "0") == []
    assert pages == []


@pytest.mark.parametrize(
    "old",
    [
        {},
        {"country": "UKR"},
        {"type": "coerce"},
        {"type": "Explosions/Remote violence"},
        {"since": "2024-02-09", "until": "2024-03-04"},
        {"since": "2024-03-05"},
        {"limit": 3},
        {"country": "cod", "limit": 1},
    ],
)
@pytest.mark.parametrize("fmt", ["jsonl", "csv", "acled", "table"])
def test_events_output_is_the_same_for_the_old_options(stored, monkeypatch, old, fmt):
    """The old options list what ``Store.events`` (the old listing) did, written the same way."""
    monkeypatch.setattr("sitrep.output.time.time", lambda: 1_700_000_000)  # the ACLED timestamp
    args = [a for key, value in old.items() for a in (f"--{key}", str(value))]
    result = run(["events", "--db", stored, "--format", fmt, *args])
    assert result.exit_code == 0, result.output
    with SQLiteStore(stored) as store:
        rows = store.events(**old)
    if fmt == "table":  # not a terminal: the plain-text view
        expected = format_events_plain(rows)
    else:
        buffer = io.StringIO()
        writer = make_writer(fmt, buffer)
        for row in rows:
            writer.write(row)
        writer.close()
        expected = buffer.getvalue()
    assert result.output == expected


def test_events_ties_keep_an_articles_events_in_rank_order(stored):
    """The store breaks ties by event id; the listing keeps the old order by article and rank."""
    with SQLiteStore(stored) as store:
        ranked = [e["event_id"] for e in store.article_events("c")]
    assert ranked != sorted(ranked)  # so the test tells the two orders apart
    assert listed(stored, "--country", "COD") == ["attacked", "bombed"]


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--bbox", "1,2,3"], "'--bbox'"),
        (["--bbox", "west,2,3,4"], "'--bbox'"),
        (["--bbox", "0,50,10,40"], "'--bbox'"),  # min_lat above max_lat
        (["--bbox", "-200,0,0,10"], "'--bbox'"),
        (["--sort", "size"], "'--sort'"),
        (["--since", "2024-02-30"], "'--since'"),
        (["--since", "2024-03-01", "--until", "2024-02-01"], "'--until'"),
        (["--text", "!!"], "'--text'"),
        (["--limit", "-1"], "'--limit'"),
        (["--type", "coerce", "--plover", "assault"], "--plover"),
    ],
)
def test_events_bad_values_name_the_option(stored, args, option):
    result = run(["events", "--db", stored, *args])
    assert result.exit_code == 2
    assert option in result.output and "Error" in result.output


@pytest.mark.model
def test_annotate_writes_one_line_per_article(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    result = run(["annotate", str(src), "--explain"])
    assert result.exit_code == 0
    (line,) = result.output.strip().splitlines()
    record = json.loads(line)
    assert set(record) >= {"article_id", "published", "places", "times", "quotes", "attributions", "events"}
    assert record["published"] == "2024-03-08"


@pytest.mark.model
def test_stdin_and_fallback_date(tmp_path):
    line = json.dumps({"id": "s1", "text": "Soldiers clashed with rebels near the border on Monday."}) + "\n"
    result = run(["code", "-", "--no-db", "--format", "jsonl", "--published", "2024-03-08",
                  "--failures", str(tmp_path / "f.jsonl")], input=line)
    assert result.exit_code == 0
    event = json.loads(result.output.splitlines()[0])
    assert event["article_id"] == "s1" and event["date"]["start"] == "2024-03-04"


# ----------------------------------------------------------------- bad options and bad records


@pytest.mark.parametrize("args, option", [
    (["--batch-size", "0"], "--batch-size"), (["--batch-size", "-1"], "--batch-size"),
    (["--max-chars", "0"], "--max-chars"),
])
def test_code_refuses_options_out_of_range(tmp_path, monkeypatch, args, option):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(main, ["code", "a.txt", "--no-db", *args])
    assert result.exit_code == 2 and option in result.output and "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_code_into_a_missing_folder_is_a_usage_error_before_any_work(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(main, ["code", "a.txt", "--db", "s.db", "-o", "nowhere/out.jsonl"])
    assert result.exit_code == 2 and "nowhere" in result.output and "Traceback" not in result.output
    result = CliRunner().invoke(main, ["code", "a.txt", "--no-db", "--failures", "nowhere/f.jsonl"])
    assert result.exit_code == 2 and "--failures" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]  # no database, output or failures file


def test_a_missing_input_path_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["code", "missing.jsonl", "-o", "out.jsonl"])
    assert result.exit_code == 2 and "missing.jsonl" in result.output
    assert list(tmp_path.iterdir()) == []
    result = CliRunner().invoke(main, ["annotate", "missing.txt"])
    assert result.exit_code == 2 and "missing.txt" in result.output


@pytest.fixture
def fragile_pipeline(monkeypatch):
    """The default pipeline with one more stage that raises on any article holding 'boom'."""
    from sitrep.api import default_pipeline
    from sitrep.pipeline import Stage

    def fragile(analysis, resources):
        if "boom" in analysis.article.text:
            raise KeyError("no such thing")
        return {}

    pipeline = default_pipeline()
    monkeypatch.setattr(pipeline, "stages", (*pipeline.stages, Stage("fragile", fragile, ("events",), ("events",))))
    return pipeline


@pytest.mark.model
def test_a_record_that_breaks_a_stage_is_one_failure_and_debug_shows_its_traceback(tmp_path, fragile_pipeline):
    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(json.dumps({"id": i, "text": t, "published": "2024-03-08"}) + "\n" for i, t in [
        ("one", "Gunmen killed four villagers on Thursday."), ("two", "A boom was heard."),
        ("three", "Police arrested two men on Friday."),
    ]), encoding="utf-8")
    failures, db = tmp_path / "failures.jsonl", tmp_path / "s.db"
    result = run(["code", str(batch), "--db", str(db), "--format", "jsonl", "--failures", str(failures)])
    assert result.exit_code == 1
    assert f"{batch}:2: [P004] coding failed: KeyError in stage 'fragile'" in result.output
    assert "tests/test_cli.py" in result.output and "Traceback" not in result.output
    (kept,) = [json.loads(line) for line in failures.read_text().splitlines()]
    assert (kept["stage"], kept["exception"], kept["article_id"]) == ("fragile", "KeyError", "two")
    assert kept["location"].startswith("tests/test_cli.py:") and "traceback" not in kept
    with SQLiteStore(db) as store:
        assert store.counts()["articles"] == 2
        assert [(f["code"], f["stage"], f["exception"]) for f in store.failures()] == [("P004", "fragile", "KeyError")]
    debug = run(["code", str(batch), "--no-db", "--format", "jsonl", "--failures", str(failures), "--debug"])
    assert "Traceback (most recent call last)" in debug.output and "KeyError: 'no such thing'" in debug.output


@pytest.mark.model
def test_the_records_that_used_to_stop_a_batch(tmp_path):
    """Calendar ends, a count no store can hold, a lone surrogate: each record is coded or
    is one clear failure, and the other records are stored."""
    records = [
        {"id": "ok-1", "text": "Gunmen killed four villagers in Kaduna on Thursday.", "published": "2024-03-08"},
        {"id": "first-day", "text": "Gunmen killed four villagers in Kaduna yesterday.", "published": "0001-01-01"},
        {"id": "last-day", "text": "Gunmen will attack Kaduna tomorrow, police warned.", "published": "9999-12-31"},
        {"id": "huge", "text": "Gunmen killed 12345678901234567890123 villagers in Kaduna on Thursday.",
         "published": "2024-03-08"},
        {"id": "surrogate", "text": "Gunmen killed four \ud800 villagers in Kaduna on Thursday.", "published": "2024-03-08"},
        {"id": "ok-2", "text": "Police arrested two men in Kano on Friday.", "published": "2024-03-08"},
    ]
    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")  # ensure_ascii keeps \ud800 escaped
    failures, db = tmp_path / "failures.jsonl", tmp_path / "s.db"
    result = run(["code", str(batch), "--db", str(db), "--format", "jsonl", "-o", str(tmp_path / "out.jsonl"),
                  "--failures", str(failures)])
    assert result.exit_code == 1, result.output
    kept = {f["article_id"]: f for f in map(json.loads, failures.read_text().splitlines())}
    assert list(kept) == ["huge"]  # refused as bad input, not stored wrong
    assert kept["huge"]["code"] == "R017" and "too large to store" in kept["huge"]["message"]
    with SQLiteStore(db) as store:
        stored = {r["id"] for r in store._query("ids", "SELECT id FROM articles")}
        assert store.article("surrogate").repairs == ("surrogates",)
        assert "\ufffd" in store.article("surrogate").text
    assert stored == {"ok-1", "first-day", "last-day", "surrogate", "ok-2"}


@pytest.mark.model
def test_output_that_cannot_be_written_ends_the_run_with_a_clear_error(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(main, ["code", str(src), "--no-db", "--format", "jsonl", "-o", "/dev/full"])
    assert result.exit_code == 1 and "cannot write /dev/full: No space left on device" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
