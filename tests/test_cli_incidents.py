"""`sitrep code` assigns incidents and writes each event's incident_id; `sitrep incidents`
lists them (table, JSONL, CSV, ACLED) and `sitrep incidents rebuild` clusters again."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from sitrep.cli import main
from sitrep.output import INCIDENT_CSV_COLUMNS
from sitrep.store import SQLiteStore

from test_store_incidents import corpus

TAVERN = ("Two men were shot outside a tavern on Mill Street in Dayton, Ohio, late Thursday, police said. "
          "Officers found Dale Kettering and Marcus Obi wounded near the parking lot.")


def run(args, **kwargs):
    return CliRunner().invoke(main, args, catch_exceptions=False, **kwargs)


@pytest.fixture
def copies(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in (
        {"id": "w1", "text": TAVERN, "published": "2024-03-08", "source": "Dayton Courier"},
        {"id": "w2", "text": TAVERN, "published": "2024-03-08", "source": "Ohio Wire"},
    )), encoding="utf-8")
    return path


@pytest.mark.model
def test_code_writes_each_event_s_incident_id_and_wire_copies_share_it(tmp_path, copies):
    db, out = tmp_path / "s.db", tmp_path / "out.jsonl"
    result = run(["code", str(copies), "--db", str(db), "--format", "jsonl", "-o", str(out),
                  "--failures", str(tmp_path / "f.jsonl")])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in out.read_text().splitlines()]
    assert events and all(e["incident_id"] for e in events)
    main_events = [e for e in events if e["rank"] == 0]
    assert len({e["incident_id"] for e in main_events}) == 1  # the copy joined the first report
    with SQLiteStore(db) as store:
        assert {e["event_id"]: e["incident_id"] for e in store.events()} == {e["event_id"]: e["incident_id"] for e in events}
    csv_out = tmp_path / "out.csv"
    again = run(["code", str(copies), "--db", str(db), "--format", "csv", "-o", str(csv_out)])
    assert again.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(csv_out.read_text())))
    assert [r["incident_id"] for r in rows] == [e["incident_id"] for e in events]


@pytest.mark.model
def test_code_without_a_database_or_incidents_writes_no_incident_id(tmp_path, copies):
    out = tmp_path / "out.jsonl"
    assert run(["code", str(copies), "--no-db", "--format", "jsonl", "-o", str(out)]).exit_code == 0
    events = [json.loads(line) for line in out.read_text().splitlines()]
    assert events and {e["incident_id"] for e in events} == {None}
    db = tmp_path / "s.db"
    assert run(["code", str(copies), "--db", str(db), "--no-incidents", "-o", str(out)]).exit_code == 0
    assert {json.loads(line)["incident_id"] for line in out.read_text().splitlines()} == {None}
    rebuilt = run(["incidents", "rebuild", "--db", str(db)])
    assert rebuilt.exit_code == 0 and "incidents, rebuilt" in rebuilt.output
    listed = run(["incidents", "--db", str(db), "--format", "jsonl"])
    assert listed.exit_code == 0 and listed.output.strip()


@pytest.fixture
def stored(tmp_path):
    db = tmp_path / "s.db"
    with SQLiteStore(db) as store:
        for article, events in corpus():
            store.save_article(article, events)
            store.assign_incidents(article.id)
    return str(db)


def test_incidents_lists_one_line_per_incident(stored):
    result = run(["incidents", "--db", stored, "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    incidents = [json.loads(line) for line in result.output.splitlines()]
    assert len(incidents) == 3
    for key in ("id", "articles", "events", "n_articles", "n_sources", "type", "date", "place", "actor1", "actor2",
                "killed", "injured"):
        assert all(key in i for i in incidents), key
    tavern = max(incidents, key=lambda i: i["n_articles"])
    assert tavern["articles"] == ["a1", "a2", "a3", "a6", "a7"]
    assert [i["place"]["country"] for i in incidents if i["place"]["country"] == "CAN"] == ["CAN"]
    canada = run(["incidents", "--db", stored, "--format", "jsonl", "--country", "CAN"])
    assert len(canada.output.splitlines()) == 1
    assert len(run(["incidents", "--db", stored, "--format", "jsonl", "--limit", "2"]).output.splitlines()) == 2


def test_incidents_as_csv_and_acled_give_one_row_per_incident_with_every_outlet(stored, tmp_path):
    out = tmp_path / "i.csv"
    assert run(["incidents", "--db", stored, "--format", "csv", "-o", str(out)]).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert len(rows) == 3 and list(rows[0]) == list(INCIDENT_CSV_COLUMNS)
    acled = run(["incidents", "--db", stored, "--format", "acled", "--type", "Violence against civilians"])
    rows = list(csv.DictReader(io.StringIO(acled.output)))
    assert len(rows) == 3
    tavern = max(rows, key=lambda r: len(r["source"]))
    assert set(tavern["source"].split("; ")) == {"Brookville Courier", "Ohio Wire", "Dayton Daily", "Statehouse News"}
    assert tavern["notes"].startswith("5 report(s) from 4 source(s)")


def test_incidents_table_and_its_errors(stored, tmp_path):
    table = run(["incidents", "--db", stored, "--format", "table"])
    assert table.exit_code == 0 and "3 incident(s)" in table.output and "Ohio Wire" in table.output
    missing = CliRunner().invoke(main, ["incidents", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code != 0 and "no database" in missing.output
    bad = CliRunner().invoke(main, ["incidents", "--db", stored, "--since", "2024-05-01", "--until", "2024-01-01"])
    assert bad.exit_code == 2 and "until" in bad.output
