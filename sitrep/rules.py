"""The registry of rule ids: every rule a stage records in ``Event.rules``.

``sitrep/data/rules.yaml`` lists each rule (or family of rules a data file makes, such as
``trigger:{key}``) with the stage that applies it, the fields it decides and the label
the trace gives each, a one-line description and an example sentence on which it fires.
``Event.rules`` only explains: no stage reads it (the typed fields of ``Event`` carry what
later stages need), so a label can be renamed here and in its stage without changing any
output. ``tests/test_rules.py`` checks the file and that every label the stages emit has
an entry; ``tests/test_rule_examples.py`` runs each example through the pipeline.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .errors import ResourceError

#: The fields of ``Event`` a rule may decide: ``Event.rules`` keys.
RULE_FIELDS = frozenset({
    "plover", "acled", "mention", "place", "date", "background", "actor1", "actor2",
    "killed", "injured", "arrested", "abducted", "displaced", "claimed_by",
})
_KEYS = {"id", "stage", "fields", "description", "example", "published"}
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


@dataclass(frozen=True)
class Rule:
    """One registry entry: ``fields`` maps each field it decides to its label pattern,
    where ``{name}`` stands for any text."""

    id: str
    stage: str
    fields: Mapping[str, str]
    description: str
    example: str
    #: The publication date its example is read with (ISO), None for none.
    published: str | None = "2024-03-11"
    patterns: Mapping[str, re.Pattern[str]] = dataclasses.field(default_factory=dict, compare=False, repr=False)

    def matches(self, field: str, label: str) -> bool:
        """Whether the trace label ``label`` of ``field`` is this rule's."""
        pattern = self.patterns.get(field)
        return pattern is not None and pattern.fullmatch(label) is not None


def _pattern(label: str) -> re.Pattern[str]:
    parts = _PLACEHOLDER.split(label)
    return re.compile(".*".join(re.escape(p) for p in parts), re.DOTALL)


def _text(entry: Mapping[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ResourceError("L001", path=where, reason=f"{key!r} must be a non-empty string")
    return value


def _rule(entry: Any, where: str, stages: Sequence[str]) -> Rule:
    if not isinstance(entry, Mapping):
        raise ResourceError("L001", path=where, reason="each rule must be a mapping")
    unknown = set(entry) - _KEYS
    if unknown:
        raise ResourceError("L001", path=where, reason=f"unknown keys {sorted(unknown)}")
    rule_id, stage = _text(entry, "id", where), _text(entry, "stage", where)
    where = f"{where} ({rule_id})"
    if stage not in stages:
        raise ResourceError("L001", path=where, reason=f"no stage named {stage!r}")
    fields = entry.get("fields")
    if not isinstance(fields, Mapping) or not fields:
        raise ResourceError("L001", path=where, reason="'fields' must map each field it decides to its label")
    for name, label in fields.items():
        if name not in RULE_FIELDS:
            raise ResourceError("L001", path=where, reason=f"{name!r} is not a field a rule decides")
        if not isinstance(label, str) or not label:
            raise ResourceError("L001", path=where, reason=f"the label of {name!r} must be a non-empty string")
    published = entry.get("published", "2024-03-11")
    if published is not None and not isinstance(published, str):
        raise ResourceError("L001", path=where, reason="'published' must be an ISO date or null")
    return Rule(rule_id, stage, dict(fields), _text(entry, "description", where), _text(entry, "example", where),
                published, {name: _pattern(label) for name, label in fields.items()})


def rules_from_data(data: Any, source: str = "rules.yaml", stages: Iterable[str] | None = None) -> tuple[Rule, ...]:
    """The registry from parsed YAML, checked: known keys, stages and fields, ids unique.
    Raises ``ResourceError`` (L001) naming the file and the rule."""
    if stages is None:
        from .pipeline import STAGES, build

        build()  # registers the stages
        stages = STAGES
    known = tuple(stages)
    entries = data.get("rules") if isinstance(data, Mapping) else None
    if not isinstance(entries, list) or not entries:
        raise ResourceError("L001", path=source, reason="a list 'rules' is missing")
    rules = tuple(_rule(entry, f"{source} rule {n + 1}", known) for n, entry in enumerate(entries))
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise ResourceError("L001", path=source, reason=f"rule id {rule.id!r} is listed twice")
        seen.add(rule.id)
    return rules


@functools.lru_cache(maxsize=1)
def registry() -> tuple[Rule, ...]:
    """The packaged registry, ``sitrep/data/rules.yaml``."""
    from .resources.lexicons import read_data_file

    return rules_from_data(read_data_file("rules.yaml"), "sitrep/data/rules.yaml")


def rules_for(field: str, label: str, rules: Iterable[Rule] | None = None) -> list[Rule]:
    """The registry entries whose label for ``field`` matches ``label``."""
    return [r for r in (registry() if rules is None else rules) if r.matches(field, label)]


def rule(rule_id: str) -> Rule:
    """The registry entry ``rule_id``; KeyError when there is none."""
    found = next((r for r in registry() if r.id == rule_id), None)
    if found is None:
        raise KeyError(rule_id)
    return found
