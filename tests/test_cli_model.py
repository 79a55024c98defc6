"""`sitrep train` and the --model option of code, annotate and evaluate, on files written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitrep.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
CODED = FIXTURES / "train" / "coded.csv"
ARTICLE = "date 2024-03-08\nPolice fired tear gas to disperse protesters who had blocked the highway on Thursday.\n"


def run(args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("models") / "coder"
    result = run(["train", CODED, "-o", out, "--name", "tiny-coder"])
    assert result.exit_code == 0, result.output
    return out


def test_train_writes_a_model_and_says_what_it_read(tmp_path):
    out = tmp_path / "m"
    result = run(["train", CODED, "-o", out])
    assert result.exit_code == 0, result.output
    assert "read 15 rows" in result.output and "skipped 1" in result.output
    assert "4 types, 7 sub-types" in result.output
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["name"] == "m" and meta["training"]["rows"] == 15


def test_train_with_named_columns(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("sentence,kind\n" + "".join(
        f"soldiers fought rebels near town {i},fight\npeople marched calmly in city {i},march\n" for i in range(3)),
        encoding="utf-8")
    result = run(["train", path, "-o", tmp_path / "m", "--text-column", "sentence", "--label-column", "kind"])
    assert result.exit_code == 0, result.output
    assert "2 types, 0 sub-types" in result.output and "not ACLED's" in result.output


@pytest.mark.parametrize(
    ("content", "args", "code"),
    [
        (b"", [], "R015"),
        (b"notes,event_type\n\xff bad,Battles\n", [], "R001"),
        (b"notes,event_type\nsoldiers fought,Battles\n", ["--subtype-column", "sub"], "R014"),
    ],
)
def test_train_rejects_bad_input_naming_the_file(tmp_path, content, args, code):
    path = tmp_path / "coded.csv"
    path.write_bytes(content)
    result = run(["train", path, "-o", tmp_path / "m", *args])
    assert result.exit_code == 1
    assert f"{path}: [{code}]" in result.output
    assert not (tmp_path / "m").exists()


@pytest.mark.model
def test_code_with_a_model_types_events_with_it(tmp_path, model_dir):
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "events.jsonl"
    result = run(["code", src, "--model", model_dir, "--no-db", "--format", "jsonl", "-o", out,
                  "--failures", tmp_path / "failures.jsonl"])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    main_event = next(e for e in events if e["rank"] == 0)
    assert main_event["coder"] == "tiny-coder"
    assert (main_event["acled_event_type"], main_event["acled_sub_event_type"]) == (
        "Protests", "Protest with intervention")


@pytest.mark.model
def test_annotate_explain_shows_the_model_rule(tmp_path, model_dir):
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    result = run(["annotate", src, "--model", model_dir, "--explain"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output.splitlines()[0])
    assert any(e["coder"] == "tiny-coder" and e["rules"]["acled"] == "model:tiny-coder" for e in record["events"])


@pytest.mark.model
def test_evaluate_with_a_model(model_dir):
    result = run(["evaluate", FIXTURES / "gold" / "mini.jsonl", "--model", model_dir, "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["sections"]["run"]["failed"]["value"] == 0
    assert report["sections"]["events"]["sub_event_type"]["n"] == report["sections"]["events"]["articles"]["n"] > 0


def test_a_missing_model_folder_is_an_error(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    result = run(["code", src, "--model", tmp_path / "nowhere", "--no-db"])
    assert result.exit_code == 1
    assert "[L004]" in result.output and "nowhere" in result.output
