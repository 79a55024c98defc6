"""``scripts/split_halves.py``: gold files split in two halves by a hash of the record id."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "split_halves.py"
spec = importlib.util.spec_from_file_location("split_halves", SCRIPT)
split_halves = importlib.util.module_from_spec(spec)
spec.loader.exec_module(split_halves)


def test_every_record_goes_to_one_half_by_its_id_alone(tmp_path):
    gold = tmp_path / "notes.jsonl"
    gold.write_text("".join(json.dumps({"id": f"n{i}", "text": "x"}) + "\n" for i in range(200)) + "\n")
    out = tmp_path / "out"
    assert split_halves.main([str(out), str(gold)]) == 0
    halves = {h: [json.loads(line)["id"] for line in (out / f"notes.{h}.jsonl").open()] for h in "AB"}
    assert sorted(halves["A"] + halves["B"]) == sorted(f"n{i}" for i in range(200))
    assert 60 < len(halves["A"]) < 140  # both halves hold a fair share
    assert all(split_halves.half_of(i) == "A" for i in halves["A"])
    assert split_halves.half_of("n1") == split_halves.half_of("n1")


def test_a_record_without_an_id_names_its_file_and_line(tmp_path):
    gold = tmp_path / "bad.jsonl"
    gold.write_text('{"id": "a"}\n{"text": "no id"}\n')
    with pytest.raises(SystemExit, match=r"bad.jsonl:2: not a gold record with an id"):
        split_halves.main([str(tmp_path / "out"), str(gold)])
