"""``sitrep annotate --explain`` says why each event got its place and its counts."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from sitrep.cli import main
from sitrep.rules import rules_for

pytestmark = pytest.mark.model

TEXT = "Gunmen attacked a bus on Sunday, killing five passengers, police said. Police later found the bus in Quetta."


def explained(tmp_path, text: str) -> list[dict]:
    src = tmp_path / "a.txt"
    src.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["annotate", str(src), "--published", "2024-03-11", "--explain"],
                                catch_exceptions=False)
    assert result.exit_code == 0
    (line,) = result.output.strip().splitlines()
    return json.loads(line)["events"]


def test_explain_says_why_an_event_got_its_place_count_and_claim(tmp_path):
    (event,) = explained(tmp_path, TEXT)
    rules = event["rules"]
    assert rules["place"] == "a later sentence"
    assert rules["killed"] == "count:event its clause hangs on"
    assert rules["claimed_by"] == "claims:source around the trigger"
    assert all(rules_for(field, label) for field, label in rules.items())


def test_explain_says_an_event_was_placed_by_its_own_sentence(tmp_path):
    (event,) = explained(tmp_path, "Gunmen attacked a bus in Quetta on Sunday.")
    assert event["rules"]["place"] == "the event's own sentence"
    assert [r.id for r in rules_for("place", event["rules"]["place"])] == ["place-own-sentence"]
