"""Character spans: trimming a name's span, overlaps, an index of spans, and ``Found``,
the spans the finders have gathered so far in one article."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

_LEADING = re.compile(r"^(?:the|The|THE)\s+")
_TRAILING = re.compile(r"(?:'s|’s|')$")


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading "the" and a trailing possessive from a span."""
    span = text[start:end]
    lead = _LEADING.match(span)
    if lead:
        start += lead.end()
    tail = _TRAILING.search(text[start:end])
    if tail and end - start > tail.end() - tail.start():
        end = start + tail.start()
    paren = text.find("(", start, end)
    if paren > start:  # "Bamako (Bamako": the model ran a name into its gloss
        end = paren
    while end > start and not text[end - 1].isalnum() and text[end - 1] != ".":
        end -= 1
    return start, end


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def joined(text: str, i: int) -> bool:
    """Is the character at ``i`` part of a word (so a name there would be part of a longer one)?"""
    return 0 <= i < len(text) and (text[i].isalnum() or text[i] in "-_")


class SpanIndex:
    """Character spans, sorted, that answer which of them overlap a span without looking
    at every one: only spans starting less than the longest one's length before it can.
    (Checking each phrase against every span found made long articles quadratic.)"""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._sorted = sorted(set(spans))
        self._longest = max((b - a for a, b in self._sorted), default=0)

    def add(self, span: tuple[int, int]) -> None:
        i = bisect.bisect_left(self._sorted, span)
        if i == len(self._sorted) or self._sorted[i] != span:
            self._sorted.insert(i, span)
            self._longest = max(self._longest, span[1] - span[0])

    def remove(self, span: tuple[int, int]) -> None:
        i = bisect.bisect_left(self._sorted, span)
        if i < len(self._sorted) and self._sorted[i] == span:
            del self._sorted[i]

    def overlapping(self, span: tuple[int, int]) -> list[tuple[int, int]]:
        lo = bisect.bisect_left(self._sorted, (span[0] - self._longest, span[0] - self._longest))
        hi = bisect.bisect_left(self._sorted, (span[1], span[1]))
        return [s for s in self._sorted[lo:hi] if overlaps(s, span)]


@dataclass
class Found:
    """What the finders have found so far in one article, which each finder reads and adds to."""

    #: the span of each name taken for a place, and how it was found: an entity label
    #: ("GPE", "LOC", "FAC"), or "LIST", "DATELINE", "HOME", "ROUTE", "PHRASE", "ORG",
    #: "REPEAT", "FRAGMENT", "GAZETTEER"
    spans: dict[tuple[int, int], str] = field(default_factory=dict)
    #: spans of entities whose words are no place names (people, organisations, ...)
    blocked: list[tuple[int, int]] = field(default_factory=list)
    #: those entities' spans, trimmed: a known phrase that is the whole entity is still a place
    org_exact: set[tuple[int, int]] = field(default_factory=set)
    #: the countries that demonyms name ("Iraqi"), one vote each
    votes: Counter = field(default_factory=Counter)
