"""The news-page word lists: page furniture cues and the words that make a mention another
event (``sitrep/data/reports.yaml``), read and checked once.

``report_words()`` returns a ``ReportWords``; a malformed file is ``ResourceError`` L001
naming the file and the section. ``ReportWords.from_data`` builds one from a dict, for
tests.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from ..errors import ResourceError
from .lexicons import read_data_file

FILE = "reports.yaml"
SECTIONS = ("furniture_prompts", "furniture_labels", "distinct_mentions", "distinct_heads")


@dataclass(frozen=True)
class ReportWords:
    """Case-folded cues, longest first: prompts and labels that open a line of page
    furniture, and the words that mark a mention as another event, with the nouns they may
    modify."""

    furniture_prompts: tuple[str, ...]
    furniture_labels: tuple[str, ...]
    distinct_mentions: frozenset[str]
    distinct_heads: frozenset[str]

    @classmethod
    def from_data(cls, data: Any, source: str = FILE) -> ReportWords:
        problem = check_report_words(data)
        if problem:
            raise ResourceError("L001", path=source, reason=problem)
        fold = {k: [str(w).casefold().strip() for w in data[k]] for k in SECTIONS}
        # Longest first, so that "related stories" is found before "related".
        def longest_first(words: list[str]) -> tuple[str, ...]:
            return tuple(sorted(set(words), key=lambda w: (-len(w), w)))
        return cls(longest_first(fold["furniture_prompts"]), longest_first(fold["furniture_labels"]),
                   frozenset(fold["distinct_mentions"]), frozenset(fold["distinct_heads"]))


def check_report_words(data: Any) -> str | None:
    """What is wrong with the file's data, or None: every section a list of non-empty strings."""
    if not isinstance(data, dict):
        return "not a mapping"
    for name in SECTIONS:
        value = data.get(name)
        if not isinstance(value, list) or not value:
            return f"{name}: expected a non-empty list of words"
        for i, word in enumerate(value):
            if not isinstance(word, str) or not word.strip():
                return f"{name}[{i}]: expected a non-empty string, got {word!r}"
    unknown = set(data) - set(SECTIONS)
    if unknown:
        return f"unknown sections: {', '.join(sorted(unknown))}"
    return None


@functools.cache
def report_words() -> ReportWords:
    """The packaged lists, read once."""
    return ReportWords.from_data(read_data_file(FILE))
