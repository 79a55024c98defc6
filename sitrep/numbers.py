"""Reading counts of people written in digits or words, with their qualifiers.

Pure text functions, no spaCy: ``parse_count("over 1,100")`` reads one phrase and
``find_counts(text)`` finds every count phrase in a text with its character offsets.
Both give a ``Reading(low, best, high, qualifier)``; ``low``/``high`` are None when the
text gives no bound on that side.

Rules, read conservatively like ACLED (an analyst codes the lowest figure the words
allow, and "best" is what a fatality column would hold):

=========================================  ===========================================
words                                      (low, best, high)
=========================================  ===========================================
"12", "twelve", "1,100", "1.2 million"     (N, N, N)
"a dozen" 12, "two dozen" 24,              (N, N, N)
"half a dozen" 6, "a hundred" 100
"over"/"more than"/"at least"/"upwards     (N, N, None): the stated figure is the floor
of"/"in excess of"/"no fewer than" N
"about"/"around"/"some"/"approximately"/   (None, N, None): a central estimate
"roughly"/"an estimated"/"close to" N
"nearly"/"almost"/"up to"/"as many as" N   (None, N, N): the figure is a ceiling
"fewer than"/"less than"/"under" N         (None, None, N - 1): no best figure
"between 10 and 15", "10 to 15", "10-15",  (10, 10, 15): the lower end is best
"10 or 15"
vague plurals (``vague_numbers`` in        (N, N, None) with N from the data file:
``sitrep/data/casualty_words.yaml``)       "tens" 10, "dozens" 12, "scores" 20,
                                           "hundreds" 100, "thousands" 1000 (ACLED's
                                           readings); "a few"/"several"/"a handful" 2,
                                           "a couple" 2 (the least the word allows);
                                           "an unknown number" and "a number of" 10
                                           (ACLED's reading of an unreported count)
=========================================  ===========================================

Only whole counts of people are read: a decimal without a scale word ("2.5") is no
count. Word numbers are read with ``text2num`` (``text_to_num``).
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from typing import Any

from text_to_num import text2num

from .resources.casualty_words import check_casualty_words
from .resources.lexicons import read_data_file

#: Number words text2num reads (English), longest first for the regex.
_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
    "eighty ninety"
).split()
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}

#: Qualifier -> how it bounds the figure: "floor", "about", "ceiling" or "below".
QUALIFIERS: dict[str, str] = {
    "over": "floor", "more than": "floor", "at least": "floor", "upwards of": "floor",
    "in excess of": "floor", "no fewer than": "floor", "no less than": "floor",
    "a minimum of": "floor", "at a minimum": "floor",
    "about": "about", "around": "about", "some": "about", "approximately": "about",
    "roughly": "about", "an estimated": "about", "estimated": "about", "close to": "about",
    "nearly": "ceiling", "almost": "ceiling", "up to": "ceiling", "as many as": "ceiling",
    "fewer than": "below", "less than": "below", "under": "below",
}


@dataclass(frozen=True)
class Reading:
    """A count read from text: bounds, best figure and the qualifier that shaped them."""

    low: int | None
    best: int | None
    high: int | None
    qualifier: str | None = None


@dataclass(frozen=True)
class Found:
    """A count phrase found in a text: ``text[start:end]`` reads as ``reading``."""

    start: int
    end: int
    text: str
    reading: Reading


@functools.lru_cache(maxsize=1)
def casualty_words() -> dict[str, Any]:
    """The packaged ``sitrep/data/casualty_words.yaml``, loaded and checked once per process
    (``resources/casualty_words.py``: a bad section is ``ResourceError`` L001)."""
    return check_casualty_words(read_data_file("casualty_words.yaml"), "sitrep/data/casualty_words.yaml")


@functools.lru_cache(maxsize=1)
def vague_numbers() -> dict[str, int]:
    """Vague number words and their conservative reading, e.g. ``{"dozens": 12}``."""
    return {str(k).lower(): int(v) for k, v in casualty_words()["vague_numbers"].items()}


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


_WORD = rf"(?:{'|'.join(_UNITS + list(_SCALES))})"
_WORDNUM = rf"(?:{_WORD}(?:(?:\s+and\s+|[\s-]+){_WORD})*)"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_SCALE = r"(?:\s*(?:hundred|thousand|million|billion|m\b|bn\b))"
_SIMPLE = rf"(?:{_DIGITS}{_SCALE}?|(?:a|one|{_WORDNUM})\s+(?:dozen|hundred|thousand|million)|half\s+a\s+dozen|{_WORDNUM})"


@functools.lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    qual = _alternation(list(QUALIFIERS))
    vague = _alternation(list(vague_numbers()))
    body = (
        rf"(?:between\s+(?P<lo1>{_SIMPLE})\s+and\s+(?P<hi1>{_SIMPLE}))"
        rf"|(?:(?P<lo2>{_SIMPLE})\s+(?:to|or)\s+(?P<hi2>{_SIMPLE}))"
        rf"|(?:(?P<lo3>{_DIGITS})\s*[-–]\s*(?P<hi3>{_DIGITS}))"
        rf"|(?P<one>{_SIMPLE})"
        rf"|(?P<vague>{vague})"
    )
    return re.compile(rf"(?<![\w.,])(?:(?P<qual>{qual})\s+)?(?:{body})(?![\w]|[.,]\d)", re.IGNORECASE)


def _simple_value(text: str) -> int | None:
    """The integer a simple number phrase names ("1,100", "two dozen", "1.2 million")."""
    t = " ".join(text.lower().replace("-", " ").split())
    if t == "half a dozen":
        return 6
    scale = 1
    for word, mult in (("dozen", 12), *_SCALES.items(), ("bn", 1_000_000_000), ("m", 1_000_000)):
        if t.endswith(" " + word) or (word in ("m", "bn") and re.fullmatch(rf"[\d.,]+{word}", t)):
            head = t[: -len(word)].strip()
            if word == "dozen" or re.fullmatch(r"[\d.,]+", head) or head in ("a", "one"):
                scale, t = mult, head
            break
    if t in ("a", "one"):
        return scale
    if re.fullmatch(_DIGITS, t):
        value = float(t.replace(",", ""))
        if (scale == 1 and "." in t) or not math.isfinite(value * scale):
            return None  # a decimal alone is no count of people; nor is a figure too large for a float
        return int(round(value * scale))
    try:
        return int(text2num(t, "en")) * scale
    except ValueError:
        return None


def _qualified(value: int, qualifier: str | None) -> Reading:
    kind = QUALIFIERS.get(" ".join(qualifier.lower().split())) if qualifier else None
    if kind == "floor":
        return Reading(value, value, None, qualifier)
    if kind == "about":
        return Reading(None, value, None, qualifier)
    if kind == "ceiling":
        return Reading(None, value, value, qualifier)
    if kind == "below":
        return Reading(None, None, max(value - 1, 0), qualifier)
    return Reading(value, value, value, qualifier)


def _reading(m: re.Match[str]) -> Reading | None:
    qual = m.group("qual")
    if m.group("vague"):
        value: int | None = vague_numbers()[" ".join(m.group("vague").lower().split())]
        return Reading(value, value, None, m.group("vague").lower())
    lo_text = m.group("lo1") or m.group("lo2") or m.group("lo3")
    if lo_text:
        lo = _simple_value(lo_text)
        hi = _simple_value(m.group("hi1") or m.group("hi2") or m.group("hi3"))
        if lo is None or hi is None or hi < lo:
            return None
        return Reading(lo, lo, hi, "between")
    value = _simple_value(m.group("one"))
    if value is None:
        return None
    return _qualified(value, qual)


def parse_count(text: str) -> Reading | None:
    """The count a whole phrase names ("over 1,100", "dozens"), or None if it names none."""
    m = _pattern().fullmatch(text.strip())
    return _reading(m) if m else None


def find_counts(text: str) -> list[Found]:
    """Every count phrase in ``text``, left to right, with offsets into ``text``."""
    found: list[Found] = []
    for m in _pattern().finditer(text):
        reading = _reading(m)
        if reading is not None:
            found.append(Found(m.start(), m.end(), m.group(0), reading))
    return found
