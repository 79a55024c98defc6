"""The sitrep command end to end, on files written by these tests."""

from __future__ import annotations

import json
import sqlite3

from click.testing import CliRunner

from sitrep.cli import main

ARTICLE = "date 2024-03-08\nGunmen killed four villagers in an attack on a market on Thursday, police said.\n"


def run(args, **kwargs):
    return CliRunner().invoke(main, args, catch_exceptions=False, **kwargs)


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


def test_undecodable_file_names_the_file(tmp_path):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("date 2024-03-08\nCaf\xe9 bombed in Kidal.".encode("latin-1"))
    result = run(["code", str(bad), "--no-db", "--format", "jsonl", "--failures", str(tmp_path / "f.jsonl")])
    assert result.exit_code == 1
    assert str(bad) in result.output and "R001" in result.output


def test_events_lists_what_is_stored(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    db = tmp_path / "s.db"
    run(["code", str(src), "--db", str(db), "--format", "jsonl", "-o", str(tmp_path / "o.jsonl")])
    listed = run(["events", "--db", str(db), "--type", "ASSAULT", "--format", "jsonl"])
    assert listed.exit_code == 0 and '"plover": "ASSAULT"' in listed.output
    none = run(["events", "--db", str(db), "--since", "2025-01-01", "--format", "jsonl"])
    assert none.output.strip() == ""


def test_annotate_writes_one_line_per_article(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    result = run(["annotate", str(src), "--explain"])
    assert result.exit_code == 0
    (line,) = result.output.strip().splitlines()
    record = json.loads(line)
    assert set(record) >= {"article_id", "published", "places", "times", "quotes", "attributions", "events"}
    assert record["published"] == "2024-03-08"


def test_stdin_and_fallback_date(tmp_path):
    line = json.dumps({"id": "s1", "text": "Soldiers clashed with rebels near the border on Monday."}) + "\n"
    result = run(["code", "-", "--no-db", "--format", "jsonl", "--published", "2024-03-08",
                  "--failures", str(tmp_path / "f.jsonl")], input=line)
    assert result.exit_code == 0
    event = json.loads(result.output.splitlines()[0])
    assert event["article_id"] == "s1" and event["date"]["start"] == "2024-03-04"
