"""What `sitrep code` says while it runs (sitrep/progress.py): the input's total and how
far reading is, the bar on a terminal, and the summary line."""

from __future__ import annotations

import pytest

import io
import json
import re

from click.testing import CliRunner

from sitrep.batch import BatchStats
from sitrep.cli import main
from sitrep.progress import InputMeter, ProgressBar, summary
from sitrep.readers import read_inputs


def _records(path, count):
    path.write_text("".join(json.dumps({"id": f"r{i}", "text": f"Calm day number {i} in the capital."}) + "\n"
                            for i in range(count)), encoding="utf-8")
    return path


def test_the_total_of_files_is_their_bytes_and_reading_moves_through_them(tmp_path):
    first, second = _records(tmp_path / "a.jsonl", 300), _records(tmp_path / "b.jsonl", 10)
    meter = InputMeter([str(first), str(second)])
    size = first.stat().st_size
    assert (meter.unit, meter.total) == ("bytes", size + second.stat().st_size)
    items = read_inputs([first, second], meter=meter)
    assert meter.position() == 0
    next(items)
    inside = meter.position()
    assert 0 < inside <= size  # within the first file: its stream's offset
    for _ in range(299):
        next(items)
    next(items)  # the second file's first record: the first is read whole
    assert size <= meter.position() <= meter.total
    list(items)
    assert meter.position() == meter.total


def test_the_total_of_a_folder_is_its_files(tmp_path):
    for rel in ["a.txt", "sub/b.txt", "sub/c.txt", ".hidden.txt"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("Calm day.", encoding="utf-8")
    extra = _records(tmp_path.parent / f"{tmp_path.name}-more.jsonl", 2)
    meter = InputMeter([str(tmp_path), str(extra)])
    assert (meter.unit, meter.total) == ("files", 4)
    items = read_inputs([tmp_path, extra], meter=meter)
    next(items), next(items)
    assert meter.position() == 1  # a.txt read, sub/b.txt begun
    list(items)
    assert meter.position() == 4  # the last file read to its end
    assert (InputMeter(["-"]).unit, InputMeter(["-", str(extra)]).total) == (None, None)


def test_the_bar_shows_where_the_record_handed_on_was_read_not_how_far_reading_ran_ahead(tmp_path):
    path = _records(tmp_path / "a.jsonl", 100)
    meter = InputMeter([str(path)])
    items = meter.track(read_inputs([path], meter=meter))
    ahead = [next(items) for _ in range(60)]  # read ahead of the coding, as the workers' queues are
    assert len(ahead) == 60 and meter.position() > meter.total / 2
    assert meter.handed() < meter.total / 50  # the first record handed on


def test_the_summary_line():
    stats = BatchStats(records=2000, articles=1988, events=5123, failures=12, workers=2)
    assert summary(stats, 81.3) == "coded 2,000 articles (12 failed) in 81 s, 24.6 articles/s, 2 workers; 5,123 events"
    assert summary(BatchStats(records=3, articles=3, events=1), 2.0) == (
        "coded 3 articles (0 failed) in 2.0 s, 1.5 articles/s, 1 worker; 1 event")
    assert summary(BatchStats(records=1, articles=1, events=5), 6.6).startswith("coded 1 article (0 failed)")


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_the_bar_on_a_terminal_shows_the_share_read_and_the_rate(tmp_path, monkeypatch):
    import sitrep.progress as progress

    monkeypatch.setattr(progress, "REFRESH", 0.0)
    path = _records(tmp_path / "a.jsonl", 50)
    meter, screen = InputMeter([str(path)]), _Terminal()
    bar = ProgressBar(meter, screen)
    stats = BatchStats()
    for _ in meter.track(read_inputs([path], meter=meter)):
        stats.records += 1
        stats.articles += 1
        bar(stats)
    bar.close()
    drawn = screen.getvalue()
    assert "50 articles, 0 events, 0 failed" in drawn and "100%" in drawn and "articles/s" in drawn


def test_nothing_is_drawn_off_a_terminal():
    screen = io.StringIO()
    bar = ProgressBar(None, screen)
    bar(BatchStats(records=1))
    bar.close()
    assert screen.getvalue() == ""


@pytest.mark.model
def test_code_off_a_terminal_prints_the_summary_line_and_nothing_else(tmp_path):
    path = tmp_path / "calm.jsonl"
    path.write_text("".join(json.dumps({"id": f"c{i}", "text": "Markets reopened in the capital.",
                                        "published": "2024-03-08"}) + "\n" for i in range(3)), encoding="utf-8")
    result = CliRunner(mix_stderr=False).invoke(main, [
        "code", str(path), "--no-db", "--format", "jsonl", "-o", str(tmp_path / "out.jsonl"),
        "--failures", str(tmp_path / "f.jsonl")], catch_exceptions=False)
    assert result.exit_code == 0 and result.stdout == ""
    assert re.fullmatch(r"sitrep: coded 3 articles \(0 failed\) in \d+(\.\d)? s, [\d,.]+ articles/s, 1 worker; "
                        r"\d+ events\n", result.stderr), result.stderr
