"""Output writers: JSONL, flat CSV, ACLED CSV, the terminal view and the failure log."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from sitrep.errors import StoreError
from sitrep.model import Actor, Article, Count, Event, EventDate, Evidence, Failure, Place
from sitrep.output import (
    ACLED_COLUMNS,
    CSV_COLUMNS,
    ACLEDWriter,
    CSVWriter,
    FailureLog,
    JSONLWriter,
    acled_date,
    event_record,
    acled_interaction,
    format_events_plain,
    make_writer,
    print_events,
)

D = dt.date
TEXT = (
    "Government forces shelled a village near Mosul on Monday, killing 7 civilians, officials said. "
    "A protest followed in Baghdad."
)
ARTICLE = Article("art-1", TEXT, D(2024, 1, 9), title="Shelling", source="Example Wire")


def _span(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


def shelling() -> Event:
    t0, t1 = _span("shelled")
    k0, k1 = _span("7 civilians")
    return Event(
        article_id="art-1", trigger="shelled", trigger_start=t0, trigger_end=t1,
        sentence_start=0, sentence_end=TEXT.index(" A protest"),
        plover="ASSAULT", plover_mode="kinetic",
        acled_event_type="Explosions/Remote violence", acled_sub_event_type="Shelling/artillery/missile attack",
        date=EventDate(D(2024, 1, 8), D(2024, 1, 8), "day", "on Monday"),
        actor1=Actor("Government forces", "IRQ", "military", 1),
        actor2=Actor("civilians", "IRQ", "civilians", 7),
        place=Place("Mosul", "IRQ", "Nineveh", 36.34, 43.13, 99072, "city"),
        killed=Count(7, 7, 7, "7 civilians", k0, k1, claimed_by="officials"),
        claimed_by="officials",
        evidence=(Evidence("trigger", t0, t1, "shelled"), Evidence("killed", k0, k1, "7 civilians")),
    )


def protest() -> Event:
    t0, t1 = _span("protest")
    return Event(
        article_id="art-1", trigger="protest", trigger_start=t0, trigger_end=t1,
        sentence_start=TEXT.index("A protest"), sentence_end=len(TEXT), plover="PROTEST",
        acled_event_type="Protests", acled_sub_event_type="Peaceful protest", rank=1, background=True,
        date=EventDate(D(2024, 1, 8), D(2024, 1, 14), "week"),
        actor1=Actor("Protesters", "IRQ", "protesters", 6),
        place=Place("Baghdad", "IRQ", "Baghdad", precision="admin1"),
    )


def untyped() -> Event:
    t0, t1 = _span("said")
    return Event("art-1", "said", t0, t1, 0, len(TEXT), plover="CONSULT", rank=2)


def write(writer_cls, events, **kwargs) -> str:
    stream = io.StringIO()
    with writer_cls(stream, **kwargs) as writer:
        writer.write_all(events, ARTICLE)
    return stream.getvalue()


# ----------------------------------------------------------------- JSONL


def test_jsonl_writer_one_event_dict_per_line():
    out = write(JSONLWriter, [shelling(), untyped()])
    lines = out.splitlines()
    records = [json.loads(line) for line in lines]
    assert records == [{**shelling().to_dict(), "sentence": records[0]["sentence"], "incident_id": None},
                       {**untyped().to_dict(), "sentence": records[1]["sentence"], "incident_id": None}]
    assert "Government forces" in lines[0]  # not ASCII-escaped


def test_event_record_adds_the_sentence_after_the_trigger():
    event = protest()
    record = event_record(event, ARTICLE)
    keys = list(record)
    assert keys.index("sentence") == keys.index("trigger") + 1
    assert keys.index("incident_id") == keys.index("event_id") + 1 and record["incident_id"] is None
    assert [k for k in keys if k not in ("sentence", "incident_id")] == list(event.to_dict())
    assert record["sentence"] == {
        "start": event.sentence_start, "end": event.sentence_end,
        "text": TEXT[event.sentence_start:event.sentence_end],
    }
    assert record["sentence"]["text"].startswith("A protest")
    assert event_record(event)["sentence"] == {"start": event.sentence_start, "end": event.sentence_end, "text": None}


def test_writers_accept_stored_records():
    stream = io.StringIO()
    JSONLWriter(stream).write(event_record(shelling(), ARTICLE), ARTICLE)
    assert json.loads(stream.getvalue()) == event_record(shelling(), ARTICLE)


def test_a_record_without_sentence_gets_the_one_around_its_trigger():
    record = shelling().to_dict()
    assert "sentence" not in record
    sentence = event_record(record, ARTICLE)["sentence"]
    assert sentence["text"] == TEXT[sentence["start"]:sentence["end"]]
    assert sentence["text"].startswith("Government forces shelled") and sentence["text"].endswith("said.")


# ----------------------------------------------------------------- flat CSV


def test_csv_writer_columns_and_values():
    rows = list(csv.DictReader(io.StringIO(write(CSVWriter, [shelling(), untyped()]))))
    assert tuple(rows[0]) == CSV_COLUMNS
    row = rows[0]
    assert row["article_id"] == "art-1"
    assert row["event_id"] == shelling().event_id
    assert row["published"] == "2024-01-09"
    assert (row["plover"], row["acled_event_type"]) == ("ASSAULT", "Explosions/Remote violence")
    assert (row["date_start"], row["date_end"], row["date_precision"], row["date_text"]) == (
        "2024-01-08", "2024-01-08", "day", "on Monday")
    assert (row["actor1_name"], row["actor1_country"], row["actor1_kind"], row["actor1_inter"]) == (
        "Government forces", "IRQ", "military", "1")
    assert (row["actor2_name"], row["actor2_inter"]) == ("civilians", "7")
    assert (row["place_name"], row["place_admin1"], row["place_lat"], row["place_precision"]) == (
        "Mosul", "Nineveh", "36.34", "city")
    assert (row["killed_low"], row["killed_best"], row["killed_high"]) == ("7", "7", "7")
    assert (row["injured_best"], row["claimed_by"], row["background"]) == ("", "officials", "false")
    assert (row["arrested_best"], row["abducted_best"], row["displaced_best"]) == ("", "", "")
    assert json.loads(row["counts"]) == shelling().to_dict()["counts"]
    assert json.loads(row["evidence"])[1] == {"field": "killed", "start": TEXT.index("7 civilians"),
                                               "end": TEXT.index("7 civilians") + 11, "text": "7 civilians"}
    empty = rows[1]
    assert (empty["actor1_name"], empty["place_name"], empty["killed_best"], empty["evidence"]) == ("", "", "", "[]")


def test_csv_header_can_be_left_out_for_appending():
    out = write(CSVWriter, [untyped()], header=False)
    assert len(out.splitlines()) == 1
    assert out.startswith("art-1,")


def formula_event() -> Event:
    """An event whose text fields start as spreadsheet formulas do, placed west and south of 0."""
    text = "=HYPERLINK(\"http://x.example\") -cmd| @SUM(A1) +1 attacked \tTab \rCR near Quito."
    start = text.index("attacked")
    return Event(
        article_id="=art", trigger="attacked", trigger_start=start, trigger_end=start + 8,
        sentence_start=0, sentence_end=len(text), plover="ASSAULT", acled_event_type="Battles",
        acled_sub_event_type="Armed clash",
        date=EventDate(D(2024, 1, 8), D(2024, 1, 8), "day", "-1 day"),
        actor1=Actor("=HYPERLINK(\"http://x.example\")", "ECU", "military", 1),
        actor2=Actor("@SUM(A1)", "ECU", "civilians", 7),
        place=Place("+1 Quito", "ECU", "\tPichincha", -0.22, -78.51, 3652462, "city"),
        claimed_by="\rCR",
    ), Article("=art", text, D(2024, 1, 9), source="-cmd|")


@pytest.mark.parametrize("writer_cls", [CSVWriter, ACLEDWriter])
def test_csv_cells_never_start_a_formula(writer_cls):
    event, article = formula_event()
    stream = io.StringIO()
    with writer_cls(stream) as writer:
        writer.write(event, article)
    [row] = list(csv.DictReader(io.StringIO(stream.getvalue())))
    for column, cell in row.items():
        assert not cell.startswith(("=", "+", "@", "\t", "\r")), (column, cell)
        if cell.startswith("-"):  # only numbers may start with a minus
            float(cell)
    if writer_cls is CSVWriter:
        assert row["actor1_name"] == "'=HYPERLINK(\"http://x.example\")"
        assert (row["actor2_name"], row["place_name"], row["place_admin1"]) == ("'@SUM(A1)", "'+1 Quito", "'\tPichincha")
        assert (row["article_id"], row["date_text"], row["claimed_by"]) == ("'=art", "'-1 day", "'\rCR")
        assert (row["place_lat"], row["place_lon"]) == ("-0.22", "-78.51")  # numbers are left alone
    else:
        assert (row["actor1"], row["actor2"], row["location"]) == ("'=HYPERLINK(\"http://x.example\")", "'@SUM(A1)",
                                                                   "'+1 Quito")
        assert row["notes"].startswith("'=HYPERLINK") and row["source"] == "'-cmd|"
        assert (row["latitude"], row["longitude"]) == ("-0.22", "-78.51")


# ----------------------------------------------------------------- ACLED


def test_acled_writer_columns_and_values():
    stream = io.StringIO()
    writer = ACLEDWriter(stream, timestamp=1_700_000_000)
    assert writer.write(shelling(), ARTICLE) is True
    assert writer.write(untyped(), ARTICLE) is False  # no ACLED type: left out
    assert writer.write(protest(), ARTICLE) is True
    assert writer.count == 2
    rows = list(csv.DictReader(io.StringIO(stream.getvalue())))
    assert tuple(rows[0]) == ACLED_COLUMNS
    assert len(rows) == 2
    row = rows[0]
    assert row["event_id_cnty"] == "IRQ" + shelling().event_id
    assert (row["event_date"], row["year"], row["time_precision"]) == ("2024-01-08", "2024", "1")
    assert row["disorder_type"] == "Political violence"
    assert row["event_type"] == "Explosions/Remote violence"
    assert row["sub_event_type"] == "Shelling/artillery/missile attack"
    assert (row["actor1"], row["inter1"], row["actor2"], row["inter2"]) == ("Government forces", "1", "civilians", "7")
    assert (row["assoc_actor_1"], row["assoc_actor_2"]) == ("", "")
    assert row["interaction"] == "17"
    assert row["civilian_targeting"] == "Civilian targeting"
    assert row["iso"] == ""  # no numeric ISO codes in sitrep.resources.countries yet
    assert row["country"] == "Iraq"
    assert (row["admin1"], row["location"], row["latitude"], row["longitude"]) == ("Nineveh", "Mosul", "36.34", "43.13")
    assert row["geo_precision"] == "1"
    assert row["source"] == "Example Wire"
    assert row["notes"] == TEXT[: TEXT.index(" A protest")]
    assert row["fatalities"] == "7"
    assert row["tags"] == "claimed by officials"
    assert row["timestamp"] == "1700000000"

    week = rows[1]
    assert (week["event_date"], week["time_precision"]) == ("2024-01-11", "2")  # middle of the week
    assert week["disorder_type"] == "Demonstrations"
    assert (week["inter1"], week["actor2"], week["inter2"], week["interaction"]) == ("6", "", "", "60")
    assert week["civilian_targeting"] == ""
    assert week["geo_precision"] == "3"
    assert week["fatalities"] == "0"  # unknown is 0, as in ACLED
    assert week["tags"] == "background event"
    assert week["notes"] == "A protest followed in Baghdad."


def test_acled_notes_from_a_stored_record_find_the_sentence():
    stream = io.StringIO()
    ACLEDWriter(stream, timestamp=0).write(protest().to_dict(), ARTICLE)
    (row,) = csv.DictReader(io.StringIO(stream.getvalue()))
    assert row["notes"] == "A protest followed in Baghdad."


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ({"start": "2024-01-08", "end": "2024-01-08", "precision": "day"}, (D(2024, 1, 8), 1)),
        ({"start": "2024-01-08", "end": "2024-01-14", "precision": "week"}, (D(2024, 1, 11), 2)),
        ({"start": "2024-01-08", "end": "2024-01-10", "precision": "range"}, (D(2024, 1, 9), 2)),
        ({"start": "2024-02-01", "end": "2024-02-29", "precision": "month"}, (D(2024, 2, 15), 3)),
        ({"start": "2024-01-01", "end": "2024-12-31", "precision": "year"}, (D(2024, 7, 1), 3)),
        ({"start": None, "end": None, "precision": "unknown"}, (None, None)),
    ],
)
def test_acled_date_and_time_precision(date, expected):
    assert acled_date(date) == expected


@pytest.mark.parametrize(
    ("inter1", "inter2", "expected"),
    [(1, 7, 17), (7, 1, 17), (2, 2, 22), (6, None, 60), (None, 3, 30), (1, 0, 10), (None, None, None)],
)
def test_acled_interaction(inter1, inter2, expected):
    assert acled_interaction(inter1, inter2) == expected


# ----------------------------------------------------------------- factory


@pytest.mark.parametrize(("name", "cls"), [("jsonl", JSONLWriter), ("csv", CSVWriter), ("ACLED", ACLEDWriter)])
def test_make_writer(name, cls):
    assert type(make_writer(name, io.StringIO())) is cls


def test_make_writer_unknown_format():
    with pytest.raises(ValueError, match="jsonl, csv, acled"):
        make_writer("xlsx", io.StringIO())


# ----------------------------------------------------------------- terminal


def test_plain_text_when_not_a_terminal():
    stream = io.StringIO()
    print_events([shelling(), protest()], ARTICLE, stream)
    out = stream.getvalue()
    assert out == format_events_plain([shelling(), protest()], ARTICLE)
    assert out.startswith("art-1 (2024-01-09): 2 event(s)\n")
    assert "#0  ASSAULT / Explosions/Remote violence / Shelling/artillery/missile attack" in out
    assert "    date: 2024-01-08 (day)" in out
    assert "    actors: Government forces -> civilians" in out
    assert "    place: Mosul, Nineveh, IRQ (city)" in out
    assert "    killed: 7" in out
    assert "    date: 2024-01-08 to 2024-01-14 (week)" in out
    assert "    background: yes" in out
    assert "    claimed by: officials" in out
    assert "\x1b[" not in out


def test_rich_table_on_a_terminal():
    stream = io.StringIO()
    print_events([shelling(), untyped()], ARTICLE, stream, force_terminal=True, width=220)
    out = stream.getvalue()
    for text in ("Claimed by", "Killed / injured", "ASSAULT", "Mosul", "7 / -", "officials", "CONSULT",
                 "art-1 (2024-01-09)"):
        assert text in out
    assert "\x1b[" in out  # styled for the terminal


# ----------------------------------------------------------------- failure log


def test_failure_log_appends_once_per_failure(tmp_path):
    path = tmp_path / "failures.jsonl"
    first = Failure("a.jsonl:2", "R002", "broken JSON: x", None, "{x")
    with FailureLog(path) as log:
        assert log.write(first) is True
        assert log.write(first) is False
        assert log.write(Failure("a.jsonl:3", "R003", "record has no 'text' field", "r3")) is True
        assert log.count == 2
    with FailureLog(path) as log:  # a new run appends
        log.write(first)
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert lines[0] == first.to_dict()
    assert [line["origin"] for line in lines] == ["a.jsonl:2", "a.jsonl:3", "a.jsonl:2"]


def test_failure_log_creates_no_file_without_failures(tmp_path):
    with FailureLog(tmp_path / "failures.jsonl"):
        pass
    assert not (tmp_path / "failures.jsonl").exists()


def test_failure_log_unwritable_path(tmp_path):
    with pytest.raises(StoreError) as info:
        FailureLog(tmp_path / "missing" / "failures.jsonl").write(Failure("x", "R007", "no such file or folder"))
    assert info.value.code == "S003"
