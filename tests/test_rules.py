"""The rule registry (sitrep/data/rules.yaml, sitrep.rules): its checks, and that every
label the stages' code can give has an entry. No model needed."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from sitrep.errors import ResourceError
from sitrep.rules import RULE_FIELDS, registry, rule, rules_for, rules_from_data
from sitrep.stages.counts import COUNT_RULES
from sitrep.stages.event_dates import _DATE_BY

STAGES_DIR = Path(__file__).resolve().parents[1] / "sitrep" / "stages"


def entry(**fields):
    base = {"id": "x", "stage": "events", "fields": {"acled": "x:{key}"}, "description": "d", "example": "e"}
    base.update(fields)
    return base


def test_the_packaged_registry_loads_with_unique_ids_and_examples():
    rules = registry()
    assert len({r.id for r in rules}) == len(rules) > 40
    assert all(r.example.strip() and r.description.strip() for r in rules)
    assert all(set(r.fields) <= RULE_FIELDS for r in rules)


def test_a_label_pattern_stands_for_any_text_in_its_placeholders():
    trigger = rule("trigger")
    assert trigger.matches("acled", "trigger:open fire")
    assert not trigger.matches("acled", "cue:drone")
    assert not trigger.matches("place", "trigger:attack")  # a field it does not decide
    assert [r.id for r in rules_for("acled", "trigger:attack+each other")] == ["trigger", "trigger-each-other"]
    assert [r.id for r in rules_for("acled", "actors:trigger:attack+armed target")] == ["actors-retype"]
    assert rules_for("acled", "no such rule") == []


@pytest.mark.parametrize(("bad", "says"), [
    ({"rules": []}, "'rules' is missing"),
    ({"rules": [entry(stage="nowhere")]}, "no stage named 'nowhere'"),
    ({"rules": [entry(fields={"colour": "x"})]}, "'colour' is not a field"),
    ({"rules": [entry(fields={})]}, "'fields' must map"),
    ({"rules": [entry(example="")]}, "'example' must be a non-empty string"),
    ({"rules": [entry(), entry()]}, "'x' is listed twice"),
    ({"rules": [entry(colour="red")]}, "unknown keys"),
])
def test_a_bad_registry_is_refused_naming_the_rule(bad, says):
    with pytest.raises(ResourceError, match=re.escape(says)) as err:
        rules_from_data(bad, "test.yaml", stages=("events",))
    assert "test.yaml" in str(err.value)


def _string_labels(tree: ast.Module) -> list[tuple[str, str]]:
    """(field, label) of every ``with_rule(field, label)`` and ``rules=((field, label), ...)``
    whose label is written out or a module constant, a formatted part standing for any
    text ("{}") unless it is a module constant."""
    constants = {t.id: n.value.value for n in tree.body if isinstance(n, ast.Assign)
                 and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str)
                 for t in n.targets if isinstance(t, ast.Name)}
    found = []
    for node in ast.walk(tree):
        pairs = []
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "with_rule":
            pairs.append(tuple(node.args[:2]))
        if isinstance(node, ast.keyword) and node.arg == "rules" and isinstance(node.value, ast.Tuple):
            pairs += [tuple(t.elts) for t in node.value.elts if isinstance(t, ast.Tuple) and len(t.elts) == 2]
        for field, label in pairs:
            text = _text(label, constants)
            if isinstance(field, ast.Constant) and text is not None:
                found.append((field.value, text))
    return found


def _text(node: ast.AST, constants: dict[str, str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else _part(v, constants) for v in node.values)
    return None


def _part(node: ast.AST, constants: dict[str, str]) -> str:
    value = node.value if isinstance(node, ast.FormattedValue) else node
    return constants.get(value.id, "{}") if isinstance(value, ast.Name) else "{}"


def _covered(field: str, label: str) -> bool:
    """Whether some entry's pattern for ``field`` matches ``label`` with each "{}" read as
    any text."""
    sample = label.replace("{}", "x")
    return bool(rules_for(field, sample))


def test_every_label_written_in_the_stages_code_has_an_entry():
    labels = []
    for path in sorted(STAGES_DIR.rglob("*.py")):
        labels += [(path.name, f, lab) for f, lab in _string_labels(ast.parse(path.read_text(encoding="utf-8")))]
    assert len(labels) > 15
    missing = [(name, f, lab) for name, f, lab in labels if not _covered(f, lab)]
    assert missing == []


def test_the_labels_kept_in_tables_have_entries():
    from sitrep.stages import claims, event_places, home_country

    assert all(rules_for(kind, label) for label in COUNT_RULES.values() for kind in ("killed", "arrested"))
    assert all(rules_for("date", label) for label in _DATE_BY)
    assert rules_for("claimed_by", claims.CLAIM_AROUND) and rules_for("claimed_by", claims.CLAIM_OF_FIGURE)
    assert rules_for("killed", claims.OWN_VOICE)
    assert rules_for("place", event_places.OWN_SENTENCE)
    source = Path(event_places.__file__).read_text(encoding="utf-8")
    fallbacks = re.findall(r'^\s+\("([^"]+)",\s*$|^\s+\("([^"]+)", lambda', source, re.M)
    assert len(fallbacks) >= 9
    assert all(rules_for("place", a or b) for a, b in fallbacks)
    home = Path(home_country.__file__).read_text(encoding="utf-8")
    assert all(rules_for("place", label) for label in re.findall(r'"((?:[a-z-]+ )*of the (?:cues|actors) named)"', home))


def _returned_labels(path: Path, function: str) -> list[str]:
    """The labels ``function`` returns as the last item of a tuple (a formatted part as "{}")."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    func = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == function)
    labels = []
    for node in ast.walk(func):
        if isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple) and node.value.elts:
            text = _text(node.value.elts[-1], {})
            if text is not None:
                labels.append(text)
    return labels


def test_the_labels_stages_return_to_their_callers_have_entries():
    typed = _returned_labels(STAGES_DIR / "events.py", "_refine")
    assert {"trigger:{}", "cue:{}", "counted explosions"} <= set(typed)
    named = _returned_labels(STAGES_DIR / "actors.py", "_named_instead")
    assert "apposition" in named
    dates = re.findall(r'_Choice\(.*, "([^"]+)"', (STAGES_DIR / "event_dates.py").read_text(encoding="utf-8"))
    assert "reporting window" in dates
    missing = [("acled", t) for t in typed if not _covered("acled", t)]
    missing += [("actor1", t) for t in named if not _covered("actor1", t)]
    missing += [("date", t) for t in dates if not _covered("date", t)]
    assert missing == []
