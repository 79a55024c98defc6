"""The shape of ``sitrep/data/casualty_words.yaml``, checked when it is loaded.

The file holds the words of the stages ``counts``, ``survivors``, ``quotes``,
``attributions``, ``claims`` and ``event_dates`` (docs/lexicons.md). ``check_casualty_words``
refuses an unknown or missing section, a count kind that ``model.COUNT_KINDS`` does not
know, a word list that is not lower-case words listed once (``words.word_list``), a vague
number that is not a positive whole number, and an attribution verb that is no speech
verb: each is ``ResourceError`` L001 naming the file and the section.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import ResourceError
from ..model import COUNT_KINDS
from .words import word_list

#: Sections that are one list of lower-case words.
WORD_LISTS = (
    "life_verbs", "toll_nouns", "toll_verbs", "victim_nouns", "collective_nouns", "fatal_adverbs",
    "fatal_adjectives", "victim_of_nouns", "speech_verbs", "attribution_verbs", "document_nouns", "speaker_pronouns",
)
#: Sections that are a mapping of fixed parts to lists of lower-case words.
WORD_GROUPS = {
    "hit_words": ("verbs", "by_verbs", "by_means"),
    "statistics": ("comparisons", "causes"),
}
OUTCOME_PARTS = ("verbs", "intransitive", "nouns", "adjectives")
UNIT_PARTS = ("before", "after")
SECTIONS = ("version", "outcomes", "vague_numbers", "number_units", *WORD_GROUPS, *WORD_LISTS)


def check_casualty_words(data: Any, source: str) -> dict[str, Any]:
    """``data`` (the parsed file) when its shape is right; else ``ResourceError`` L001."""
    if not isinstance(data, Mapping):
        raise ResourceError("L001", path=source, reason="expected a mapping of sections")
    unknown, missing = set(data) - set(SECTIONS), set(SECTIONS) - set(data)
    if unknown or missing:
        raise ResourceError("L001", path=source, reason=f"unknown sections {sorted(unknown)}, missing {sorted(missing)}")
    if data["version"] != 1:
        raise ResourceError("L001", path=f"{source}: version", reason=f"version 1 expected, not {data['version']!r}")
    outcomes = _parts(data["outcomes"], f"{source}: outcomes", OUTCOME_PARTS, keys=COUNT_KINDS)
    if tuple(outcomes) != COUNT_KINDS:
        raise ResourceError("L001", path=f"{source}: outcomes", reason=f"the count kinds are {', '.join(COUNT_KINDS)}, "
                            "in that order")
    for name, parts in WORD_GROUPS.items():
        _group(data[name], f"{source}: {name}", parts, required=True)
    for name in WORD_LISTS:
        word_list(data[name], f"{source}: {name}", case_kept=False)
    _parts(data["number_units"], f"{source}: number_units", UNIT_PARTS, case_kept=True, required=False)
    _vague_numbers(data["vague_numbers"], f"{source}: vague_numbers")
    stray = set(data["attribution_verbs"]) - set(data["speech_verbs"])
    if stray:
        raise ResourceError("L001", path=f"{source}: attribution_verbs", reason=f"{sorted(stray)} are no speech_verbs")
    return dict(data)


def _vague_numbers(vague: Any, where: str) -> None:
    """Phrases for numbers ("dozens": 24): lower-case phrases, positive whole numbers."""
    if not isinstance(vague, Mapping):
        raise ResourceError("L001", path=where, reason="expected a mapping of phrases to numbers")
    for phrase, value in vague.items():
        if not isinstance(phrase, str) or phrase != phrase.lower() or isinstance(value, bool) \
                or not isinstance(value, int) or value <= 0:
            raise ResourceError("L001", path=f"{where}: {phrase}", reason="a lower-case phrase and a positive whole number")


def _parts(value: Any, where: str, parts: tuple[str, ...], keys: tuple[str, ...] | None = None,
           case_kept: bool = False, required: bool = True) -> Mapping[str, Any]:
    """A mapping of names (``keys`` when given) to groups of word lists."""
    if not isinstance(value, Mapping):
        raise ResourceError("L001", path=where, reason="expected a mapping")
    for name, group in value.items():
        if keys is not None and name not in keys:
            raise ResourceError("L001", path=f"{where}: {name}", reason=f"unknown kind (one of {', '.join(keys)})")
        _group(group, f"{where}: {name}", parts, case_kept=case_kept, required=required)
    return value


def _group(value: Any, where: str, parts: tuple[str, ...], case_kept: bool = False, required: bool = True) -> None:
    if not isinstance(value, Mapping) or set(value) - set(parts) or (required and set(parts) - set(value)):
        raise ResourceError("L001", path=where, reason=f"expected the lists {', '.join(parts)}")
    for part, words in value.items():
        word_list(words, f"{where}: {part}", case_kept)


__all__ = ["SECTIONS", "WORD_LISTS", "check_casualty_words"]
