"""Time expressions in plain text, normalised to TIMEX3 values.

Pure functions, no spaCy. ``scan(text, published, context)`` finds every time
expression the rules know and resolves it against the publication date. What only a
parse can tell (is this clause in the future tense? is this number a year?) comes
from the caller's ``Context``; the default context knows nothing and stays cautious.
The words come from ``sitrep/data/time_words.yaml`` (``time_words()``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any, Protocol

from .errors import ResourceError
from .resources.lexicons import read_data_file

#: Start of the note of every value computed from the publication date.
ANCHORED = "anchored to the publication date"
#: Note of a relative expression in an article without a publication date.
NEEDS_REF = "needs a reference date: the article has no publication date"
#: Note of an expression relative to another time in the text that has none before it.
NEEDS_ANCHOR = "relative to another time in the text, none found before it"
#: Note of an expression whose date would fall before year 1 or after 9999.
OUTSIDE_CALENDAR = "unresolved: the date falls outside the calendar (years 1 to 9999)"

YEAR_RE = r"(?:1[6-9]\d\d|20\d\d)"


@functools.cache
def time_words() -> dict[str, Any]:
    """The packaged time lexicon, read once; ``ResourceError`` L001 if it is malformed."""
    data = read_data_file("time_words.yaml")
    problem = check_time_words(data)
    if problem:
        raise ResourceError("L001", path="time_words.yaml", reason=problem)
    return data


#: The sections a time lexicon must have, and the type of each.
_TIME_WORD_SECTIONS: dict[str, type] = {
    "months": dict, "month_abbreviations": dict, "ambiguous_months": list, "weekdays": dict,
    "parts_of_day": dict, "clock_words": dict, "seasons": dict, "units": dict, "numbers": dict,
    "vague_numbers": list, "ordinals": dict, "decade_words": dict, "holidays": dict, "vague": dict,
    "frequencies": dict,
    "modifiers": list, "background_verbs": list, "future_governors": list, "same_form_past": list,
    "not_before_a_noun": list, "page_stamp_labels": list,
}


def check_time_words(data: Any) -> str | None:
    """What is wrong with a time lexicon, or None when it has every section in shape."""
    if not isinstance(data, dict):
        return "not a mapping"
    for key, kind in _TIME_WORD_SECTIONS.items():
        if not isinstance(data.get(key), kind):
            return f"section {key!r} missing or not a {kind.__name__}"
    for check in (_month_problem, _weekday_problem, _holiday_problem, _vague_problem, _unit_problem):
        problem = check(data)
        if problem is not None:
            return problem
    return None


def _month_problem(data: dict[str, Any]) -> str | None:
    for name, month in {**data["months"], **data["month_abbreviations"]}.items():
        if not (isinstance(month, int) and 1 <= month <= 12) or name != name.lower():
            return f"month {name!r}: {month!r} is not 1-12 (keys are lower case)"
    return None


def _weekday_problem(data: dict[str, Any]) -> str | None:
    return "weekdays must map seven names to 0-6" if sorted(data["weekdays"].values()) != list(range(7)) else None


def _holiday_problem(data: dict[str, Any]) -> str | None:
    for name, md in data["holidays"].get("fixed", {}).items():
        if not re.fullmatch(r"(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])", str(md)):
            return f"holiday {name!r}: {md!r} is not MM-DD"
    return None


def _vague_problem(data: dict[str, Any]) -> str | None:
    for value in data["vague"].values():
        if value not in ("PRESENT_REF", "PAST_REF", "FUTURE_REF"):
            return f"vague value {value!r} is not PRESENT_REF, PAST_REF or FUTURE_REF"
    return None


def _unit_problem(data: dict[str, Any]) -> str | None:
    for unit, spec in data["units"].items():
        if not isinstance(spec, dict) or spec.get("letter") not in tuple("SMHDWQY"):
            return f"unit {unit!r} needs a TIMEX3 letter"
    return None


# ---------------------------------------------------------------- calendar helpers


class OutsideCalendar(OverflowError):
    """A date before 1 January of year 1 or after 31 December 9999: Python's calendar
    holds neither. ``scan`` leaves such an expression unresolved, with a note."""


def calendar_date(year: int, month: int, day: int) -> dt.date:
    """``dt.date(year, month, day)``, raising ``OutsideCalendar`` for a year outside 1-9999
    (an impossible day, 30 February, still raises ``ValueError``)."""
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise OutsideCalendar(f"year {year} is outside the calendar ({dt.MINYEAR}-{dt.MAXYEAR})")
    return dt.date(year, month, day)


def add_days(day: dt.date, days: int) -> dt.date:
    """The date ``days`` after ``day`` (before, when negative); ``OutsideCalendar`` when
    it falls outside the calendar."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        raise OutsideCalendar(f"{day} {days:+d} days is outside the calendar ({dt.MINYEAR}-{dt.MAXYEAR})") from None


def add_days_within(day: dt.date, days: int) -> dt.date:
    """``add_days``, stopping at the calendar's first or last day: for a window that
    reaches out from a date (nothing lies before year 1 or after 9999 to reach)."""
    try:
        return add_days(day, days)
    except OutsideCalendar:
        return dt.date.min if days < 0 else dt.date.max


def month_end(year: int, month: int) -> dt.date:
    """The last day of a month."""
    return calendar_date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after (or before) ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return calendar_date(index // 12, index % 12 + 1, 1)


def week_value(day: dt.date) -> str:
    """The ISO week of a day as TIMEX3: ``2023-W52``."""
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def week_window(day: dt.date) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of ``day``'s ISO week."""
    monday = add_days(day, -day.weekday())
    return monday, add_days(monday, 6)


def easter(year: int) -> dt.date:
    """Easter Sunday of a Gregorian year (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    lx = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * lx) // 451
    month, day = divmod(h + lx - 7 * m + 114, 31)
    return calendar_date(year, month, day + 1)


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    """The ``nth`` ``weekday`` (0 = Monday) of a month; ``nth`` -1 is the last one."""
    if nth < 0:
        last = month_end(year, month)
        return add_days(last, -((last.weekday() - weekday) % 7))
    first = calendar_date(year, month, 1)
    return add_days(first, (weekday - first.weekday()) % 7 + 7 * (nth - 1))


def weekday_near(ref: dt.date, weekday: int, direction: str) -> dt.date:
    """The date of ``weekday`` (0 = Monday) relative to ``ref``.

    ``direction``: ``past`` (most recent on or before ref), ``future`` (on or after),
    ``before`` (strictly before), ``after`` (strictly after), ``week`` (in ref's week).
    """
    if direction == "week":
        return add_days(week_window(ref)[0], weekday)
    back = (ref.weekday() - weekday) % 7
    if direction == "past":
        return add_days(ref, -back)
    if direction == "before":
        return add_days(ref, -(back or 7))
    ahead = (weekday - ref.weekday()) % 7
    if direction == "after":
        return add_days(ref, ahead or 7)
    return add_days(ref, ahead)


def _one_day(on: Callable[[int], dt.date]) -> Callable[[int], tuple[dt.date, dt.date]]:
    """The window of ``nearest_year`` for a one-day date: ``on(year)`` as its start and end."""
    return lambda year: (on(year), on(year))


def nearest_year(
    ref: dt.date, window: Callable[[int], tuple[dt.date, dt.date]], direction: str, grace_days: int = 0
) -> int:
    """The year whose ``window(year)`` is the wanted occurrence, seen from ``ref``.

    ``nearest``: the closest to ``ref`` (a tie goes to the past);
    ``past``: the latest that starts by ``ref`` (plus ``grace_days``); ``future``: the
    first that has not ended by ``ref``; ``before``: the latest that ended before
    ``ref``; ``after``: the first that starts after it.
    """
    years = (ref.year - 1, ref.year, ref.year + 1)
    latest = add_days(ref, grace_days)
    if direction == "nearest":
        def distance(year: int) -> tuple[int, int]:
            start, end = window(year)
            gap = (start - ref).days if start > ref else (ref - end).days if end < ref else 0
            return max(gap, 0), -year if start <= ref else year
        return min(years, key=distance)
    if direction in ("future", "after"):
        for year in years:
            start, end = window(year)
            if end >= ref if direction == "future" else start > ref:
                return year
        return ref.year + 1
    for year in reversed(years):
        start, end = window(year)
        if start <= latest if direction == "past" else end < ref:
            return year
    return ref.year - 1


#: How many days behind one day ahead counts, by the tense of the clause, when a date
#: has no year. News mostly tells what has happened, and a parse's tense is a hint, not
#: a rule ("declared a dividend payable Dec. 15"): with a past verb a date less than
#: about two months ahead is still the coming one; with no tense, about five months.
LEAN = {"past": 5.0, None: 1.5, "future": 1 / 3}
#: The same for a date that hangs right on a past-tense verb ("changed it in December"):
#: that verb tells when, so a date ahead is taken only when the one behind is far older.
LEAN_ON_PAST_VERB = 12.0


def lean_year(ref: dt.date, window: Callable[[int], tuple[dt.date, dt.date]], tense: str | None,
              weight: float | None = None) -> int:
    """The year whose ``window(year)`` is nearest ``ref``, a day ahead counting as
    ``LEAN[tense]`` (or ``weight``) days behind (a window around ``ref`` is distance 0)."""
    if weight is None:
        weight = LEAN.get(tense, LEAN[None])

    def cost(year: int) -> tuple[float, int]:
        start, end = window(year)
        if start > ref:
            return (start - ref).days * weight, 1
        if end < ref:
            return float((ref - end).days), 0
        return 0.0, 0

    return min((ref.year - 1, ref.year, ref.year + 1), key=cost)


def year_for(ref: dt.date, month: int, day: int | None, direction: str) -> int:
    """The year of a month (and day) written without one, seen from ``ref``.

    In the past direction a day gets two weeks' grace, so a date just after
    publication ("on December 28" in an article of 26 December) is not pushed back a year.
    """
    def window(year: int) -> tuple[dt.date, dt.date]:
        if day is None:
            return calendar_date(year, month, 1), month_end(year, month)
        d = calendar_date(year, month, min(day, calendar.monthrange(year, month)[1]))
        return d, d

    return nearest_year(ref, window, direction, 14 if day is not None else 0)


# ---------------------------------------------------------------- values


@dataclass(frozen=True)
class Value:
    """A normalised value: TIMEX3 type and value, the calendar window and its precision."""

    type: str
    value: str | None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    precision: str = "unknown"


def day_value(day: dt.date, suffix: str = "") -> Value:
    return Value("TIME" if suffix else "DATE", day.isoformat() + suffix, day, day, "day")


def week_of(day: dt.date) -> Value:
    start, end = week_window(day)
    return Value("DATE", week_value(day), start, end, "week")


def month_value(year: int, month: int) -> Value:
    return Value("DATE", f"{year:04d}-{month:02d}", calendar_date(year, month, 1), month_end(year, month), "month")


def year_value(year: int) -> Value:
    return Value("DATE", f"{year:04d}", calendar_date(year, 1, 1), calendar_date(year, 12, 31), "year")


def decade_value(first_year: int) -> Value:
    return Value("DATE", f"{first_year // 10:03d}", calendar_date(first_year, 1, 1), calendar_date(first_year + 9, 12, 31), "range")


def season_value(year: int, code: str, first_month: int) -> Value:
    start = calendar_date(year, first_month, 1)
    end = add_days(add_months(start, 3), -1)
    return Value("DATE", f"{year:04d}-{code}", start, end, "range")


def quarter_window(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    return calendar_date(year, 3 * quarter - 2, 1), month_end(year, 3 * quarter)


def quarter_value(year: int, quarter: int) -> Value:
    return Value("DATE", f"{year:04d}-Q{quarter}", *quarter_window(year, quarter), "range")


def range_value(first: Value, last: Value) -> Value:
    """One window from the start of ``first`` to the end of ``last``; the value is the first's."""
    return Value("DATE", first.value, first.start_date, last.end_date, "range")


#: What half a unit adds to a duration's value, by (letter, clock unit).
HALF = {("Y", False): "6M", ("M", False): "15D", ("D", False): "T12H", ("H", True): "30M", ("M", True): "30S"}


def duration(amount: int | None, letter: str, clock: bool = False) -> Value:
    """A DURATION value: ``P3D``, ``PT5H``; an unknown amount gives ``PXD``."""
    number = "X" if amount is None else str(amount)
    return Value("DURATION", f"P{'T' if clock else ''}{number}{letter}")


# ---------------------------------------------------------------- context


class Context(Protocol):
    """What a parse knows about a position in the text."""

    def tense(self, start: int) -> str | None:
        """``future`` ("will meet on Friday"), ``past`` ("met on Friday") or None when unclear."""
        ...

    def year_ok(self, start: int, end: int) -> bool | None:
        """Whether the number at [start, end) is a year; None when the parse cannot tell."""
        ...

    def modifies_noun(self, start: int) -> bool | None:
        """Whether the word at ``start`` is an adjective on a noun; None when unknown."""
        ...

    def on_verb(self, start: int) -> bool | None:
        """Whether the expression at ``start`` hangs directly on a verb as an adverbial."""
        ...


class PlainContext:
    """A context without a parse: no tense is known, no number is known to be a year."""

    def tense(self, start: int) -> str | None:
        return None

    def year_ok(self, start: int, end: int) -> bool | None:
        return None

    def modifies_noun(self, start: int) -> bool | None:
        return None

    def on_verb(self, start: int) -> bool | None:
        return None


@dataclass(frozen=True)
class Found:
    """A time expression found in the text, with its value and why it has it."""

    start: int
    end: int
    type: str
    value: str | None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    precision: str = "unknown"
    note: str | None = None
    #: Days to shift from the previous dated expression ("the next day"), resolved last.
    shift: int | None = None
    #: What a later pass still resolves from earlier expressions: ``period`` ("the
    #: quarter": the one last named), ``period-1`` ("the year-ago quarter"), ``years-N``
    #: ("a year ago": the same period N years before).
    anaphor: str | None = None

    @staticmethod
    def of(start: int, end: int, v: Value, note: str | None = None) -> Found:
        return Found(start, end, v.type, v.value, v.start_date, v.end_date, v.precision, note)

    @property
    def anchored(self) -> bool:
        """Whether the value was computed from the publication date."""
        return bool(self.note and self.note.startswith(ANCHORED))


# ---------------------------------------------------------------- the grammar


def _alt(words: Iterable[str], capital: bool = False) -> str:
    """A regex alternation of words, longest first; ``capital`` matches a capitalised form only."""
    out = []
    for w in sorted(set(words), key=len, reverse=True):
        escaped = re.escape(w).replace(r"\ ", r"\s+")
        if capital:
            escaped = f"(?-i:{w[0].upper()}){escaped[1:]}"
        out.append(escaped)
    return "(?:" + "|".join(out) + ")"


@dataclass(frozen=True)
class _Grammar:
    rules: tuple[tuple[str, re.Pattern[str]], ...]
    modifier: re.Pattern[str]
    since: re.Pattern[str]
    future_cue: re.Pattern[str]
    cue_before: re.Pattern[str]
    joiner: re.Pattern[str]
    #: A unit, or a number and a unit, right after a word ("... two months", "... year").
    counted: re.Pattern[str]
    time_join: re.Pattern[str]
    units: dict[str, str]
    #: Which rules (by index) a word can start a search for; digits are "#".
    anchors: dict[str, tuple[int, ...]]


@functools.cache
def _grammar() -> _Grammar:
    w = time_words()
    month_full = _alt(w["months"], capital=True)
    month_abbr = _alt(w["month_abbreviations"], capital=True) + r"\.?"
    month_any = f"(?:{month_full}|{month_abbr})"
    weekday = _alt(w["weekdays"])
    pod = _alt(w["parts_of_day"])
    day = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
    year = YEAR_RE
    units: dict[str, str] = {}
    for unit in w["units"]:
        units[unit] = unit
        units["centuries" if unit == "century" else unit + "s"] = unit
    unit_re = _alt(units)
    num = _alt([*w["numbers"], *w["vague_numbers"]])
    number = rf"(?:(?<![\$£€\d.,])\d{{1,3}}(?![.,]\d)|{num})"
    tens = "(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
    teens = "(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
    ones = "(?:one|two|three|four|five|six|seven|eight|nine)"
    holidays = {**w["holidays"].get("fixed", {}), **w["holidays"].get("easter", {}), **w["holidays"].get("nth_weekday", {})}
    rules = [
        ("iso", r"\b(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)\b"),
        ("day_range", rf"\b(?P<d1>{day})\s*(?:-|–|to|and|until|through)\s*(?P<d2>{day})\s+(?:of\s+)?(?P<mon>{month_any})(?:,?\s+(?P<y>{year})\b)?"),
        ("month_day_range", rf"\b(?P<mon>{month_any})\s+(?P<d1>{day})\s*(?:-|–|to|through|and(?=\s*{day}\b(?:\s*[,.;:)]|\s+(?:in|at|on|when|while|as|after|before|during|of|{year})\b|\s*$)))\s*(?P<d2>{day})\b(?:,?\s+(?P<y>{year})\b)?"),
        ("dmy", rf"\b(?:(?P<wd>{weekday}),?\s+)?(?:the\s+)?(?P<d>{day})\s+(?:of\s+)?(?P<mon>{month_any})(?![\w-])(?:,?\s+(?P<y>{year})\b|\s+(?P<yrel>last|this|next)\s+year\b)?"),
        ("mdy", rf"\b(?:(?P<wd>{weekday}),?\s+)?(?P<mon>{month_any})\s+(?P<d>{day})\b(?![,.:]\d)(?:,?\s+(?P<y>{year})\b|\s+(?P<yrel>last|this|next)\s+year\b)?"),
        ("month_year", rf"\b(?P<mon>{month_any}),?\s+(?:of\s+)?(?P<y>{year})\b"),
        ("month", rf"\b(?:(?P<rel>last|next|this|coming|past|every|each)\s+)?(?P<mon>{month_full})\b(?:\s+(?P<yrel>last|this|next)\s+year\b)?"),
        ("year_range", rf"(?<![\$£€\d.,])\b(?P<y1>{year})\s*(?:-|–|to|and|through|until)\s*(?P<y2>{year}|\d\d)\b(?![.,]?\d|\s*(?:%|percent))"),
        ("decade", rf"\b(?:the\s+)?(?:(?P<dec>1[0-9]\d0|20\d0)'?s|'(?P<d2>\d0)s)\b|\bthe\s+(?P<dw>{_alt(w['decade_words'])})\b"),
        ("spelled_year", rf"\b(?:(?P<mon>{month_full})\s+|(?P<the>the\s+year)\s+)?(?:(?P<c>nineteen|eighteen|twenty)[\s-]+(?P<t>{tens})(?:[\s-]+(?P<u>{ones}))?"
                         rf"|(?P<th>two\s+thousand)(?:\s+and)?(?:[\s-]+(?P<u2>{teens}|{ones}))?)\b(?![\s-]+(?:{tens}|{teens}|{ones}|hundred|thousand)\b)"),
        ("century", r"\b(?:the\s+)?(?P<c>\d{1,2})(?:st|nd|rd|th)[\s-]+century\b"),
        ("year", rf"(?<![\$£€\d.,])\b(?P<y>{year})\b(?![.,]?\d|\s*(?:%|percent|per\s+cent)|-\w)"),
        ("weekday", rf"\b(?:(?P<rel>last|next|this|coming|past|every|each)\s+)?(?P<wd>{weekday})(?P<pl>s)?\b(?:\s+(?P<pod>{pod})s?\b)?"),
        ("deictic", rf"\b(?P<w>today|tonight|yesterday|tomorrow)\b(?:\s+(?P<pod>{pod})\b)?"),
        ("this_pod", rf"\b(?P<rel>this|last)\s+(?P<pod>{pod})\b"),
        ("ago", rf"\b(?P<num>{number})\s+(?P<unit>{unit_re})\s+(?P<dir>ago|earlier|later|before|after|from\s+now|hence)\b"),
        ("relative", r"\b(?P<the>the\s+)?(?P<rel>last|this|next|coming|past|previous|current|following)\s+(?P<unit>week|weekend|month|year|quarter|decade|century)\b"),
        ("weekend", r"\b(?P<rel>the|this|last|next|past|coming)\s+weekend\b"),
        ("season", rf"\b(?:(?P<rel>this|last|next|past|coming|the|that)\s+)?(?P<s>{_alt(w['seasons'])})\b(?:\s+(?:of\s+)?(?P<y>{year})\b)?"),
        ("quarter", rf"\b(?:the\s+)?(?:(?P<y0>{year})\s+|(?P<yrel>this|last|next)\s+year's\s+)?(?P<ord>{_alt(w['ordinals'])}|[1-4](?:st|nd|rd|th))[\s-]+quarter\b(?:\s+(?:of\s+)?(?P<y>{year})\b)?"),
        ("period_ref", rf"\b(?:the|that|(?P<ly>last\s+year's))\s+(?:(?P<adj>latest|most\s+recent|(?:comparable\s+|corresponding\s+|same\s+)?year-(?:ago|earlier)|comparable|corresponding|same|(?P<y>{year}))\s+)?"
                       rf"(?:(?P<ord>{_alt(w['ordinals'])})[\s-]+)?(?P<u>quarter|period)\b(?![\s-]+(?:of|point|century)\b)"
                       r"(?P<tail>\s+(?:a\s+year\s+(?:ago|earlier)|(?:of\s+)?last\s+year)\b)?"),
        ("year_ago_adj", r"\b(?P<w>year-(?:ago|earlier))\b"),
        ("holiday", rf"\b(?P<h>{_alt(holidays)})\b(?:\s+(?P<y>{year})\b)?"),
        ("own_year", r"\b(?:the\s+)?(?:(?P<adj>full|fiscal|financial|current(?:\s+fiscal|\s+financial)?)\s+)?year(?P<ended>\s+(?:ended|ending)\b)?"
                     r"(?P<end>(?:-|\s+|'s\s+)end\b)?"),
        ("period_part", r"\bthe\s+(?P<part>end|start|beginning|middle)\s+of\s+the\s+(?P<unit>week|month|year)\b"),
        ("that_period", r"\bthat\s+(?:same\s+)?(?P<unit>week|month|year)\b(?![\s-]+(?:old|long)\b)"),
        ("narrative", r"\b(?P<p>the\s+next\s+day|the\s+following\s+day|the\s+previous\s+day|the\s+day\s+before|the\s+same\s+day|that\s+same\s+day|that\s+day)\b"),
        ("duration", rf"\b(?P<num>{number})(?P<half>\s+1/2|\s*½|\s+and\s+a\s+half)?[\s-]+(?P<unit>{unit_re})\b(?!-old|-ago|-earlier|\s+old\b)"
                     r"(?P<half2>\s+and\s+a\s+half\b)?"),
        ("recent", r"\b(?:in\s+)?(?P<w>recent|coming|past)\s+(?P<unit>days|weeks|months|years|decades)\b(?!\s+(?:and|or)\s+(?:days|weeks|months|years|decades)\b)"),
        ("vague_duration", r"(?<=\bfor\s)(?P<unit>hours|days|weeks|months|years|decades)\b"),
        ("frequency", rf"\b(?:(?:every|each|per|a)\s+(?P<unit>day|night|week|month|year)|(?P<f>{_alt(w['frequencies'])}))\b"),
        ("vague", rf"\b(?P<v>{_alt(w['vague'])})\b(?!-)"),
        ("clock", r"\b(?P<h>1[0-2]|0?[1-9])(?::(?P<min>[0-5]\d))?\s*(?P<ampm>[ap])\.?m\b\.?"
                  r"(?:\s*(?:GMT|UTC|[ECMP][SD]T|local\s+time)\b)?(?:\s*\(\d{3,4}\s*(?:GMT|UTC)\))?"),
        ("clock24", r"\b(?P<h>[01]?\d|2[0-3]):(?P<min>[0-5]\d)\b(?!:\d)(?:\s*(?:GMT|UTC|local\s+time|hrs)\b)?"),
        ("military", r"\b(?P<h>[01]\d|2[0-3])(?P<min>[0-5]\d)\s*(?:GMT|UTC|hrs|Zulu)\b"),
        ("clock_word", rf"\b(?P<cw>{_alt(w['clock_words'])})\b"),
    ]
    mods = _alt(w["modifiers"])
    months_words = [*w["months"], *w["month_abbreviations"]]
    anchor_words: dict[str, list[str]] = {
        "#": ["iso", "year_range", "year", "decade", "century", "clock", "clock24", "military", "duration", "ago", "quarter"],
        "weekend": ["weekend", "relative"],
        "quarter": ["quarter", "relative", "period_ref"],
        "period": ["period_ref"],
    }
    def add(words: Iterable[str], *names: str) -> None:
        for word in words:
            anchor_words.setdefault(word.lower(), []).extend(names)
    add(months_words, "day_range", "month_day_range", "dmy", "mdy", "month_year", "month")
    add([*w["weekdays"], *(d + "s" for d in w["weekdays"])], "weekday", "dmy", "mdy")
    add(["today", "tonight", "yesterday", "tomorrow"], "deictic")
    add(w["parts_of_day"], "this_pod")
    add(units, "ago", "relative", "duration", "vague_duration", "recent")
    add(["day"], "narrative")
    add(["week", "month", "year"], "that_period")
    add(["year"], "own_year")
    add(["end", "start", "beginning", "middle"], "period_part")
    add(["year"], "year_ago_adj")
    add(w["seasons"], "season")
    add(w["decade_words"], "decade")
    add(["nineteen", "eighteen", "twenty", "thousand"], "spelled_year")
    add((h.split()[0].split("'")[0] for h in holidays), "holiday")
    add((v.split()[-1] for v in w["vague"]), "vague")
    add(w["clock_words"], "clock_word")
    add([*w["frequencies"], "day", "night", "week", "month", "year"], "frequency")
    index = {name: i for i, (name, _) in enumerate(rules)}
    anchors = {word: tuple(sorted({index[n] for n in names})) for word, names in anchor_words.items()}
    return _Grammar(
        rules=tuple((name, re.compile(rx, re.IGNORECASE)) for name, rx in rules),
        modifier=re.compile(rf"\b(?P<mod>{mods})(?:\s+on)?(?:\s+|-)$", re.IGNORECASE),
        since=re.compile(r"\bsince\s+$", re.IGNORECASE),
        future_cue=re.compile(r"\b(?:as\s+(?:soon|early)\s+as|no\s+later\s+than|scheduled\s+for|due\s+on|effective)\s+(?:on\s+)?$", re.IGNORECASE),
        cue_before=re.compile(
            r"\b(?:in|on|since|by|until|till|from|during|over|throughout|of|before|after|through|between|and|to|early|late|"
            r"mid|end|start|beginning|fiscal|last|next|this|summer|spring|winter|autumn|fall|year|years|"
            r"circa|c\.)[\s-]+$",
            re.IGNORECASE,
        ),
        counted=re.compile(rf"\s+(?:(?:{number})[\s-]+)?{unit_re}\b", re.IGNORECASE),
        joiner=re.compile(r"\s*(?:-|–|to|until|till|through|and)\s*", re.IGNORECASE),
        time_join=re.compile(r"\s*(?:\([^()]{0,25}\)\s*)?(?:,\s*)?(?:(?:on|at)\s+)?", re.IGNORECASE),
        units=units,
        anchors=anchors,
    )


# ---------------------------------------------------------------- rule handlers


class _Scan:
    """One pass over one text: the handlers' shared inputs."""

    def __init__(self, text: str, published: dt.date | None, ctx: Context) -> None:
        self.text = text
        self.pub = published
        self.ctx = ctx
        self.words = time_words()
        self.g = _grammar()

    # -- small helpers

    def before(self, start: int, size: int = 30) -> str:
        return self.text[max(0, start - size):start]

    def direction(self, start: int, rel: str | None, default: str = "past") -> str:
        """Which way from publication a date without a year (or week) lies.

        An explicit cue decides (next, last, this), then a cue just before ("as soon
        as Tuesday"), then the clause's tense, then ``default``.
        """
        rel = (rel or "").lower()
        if rel in ("next", "coming"):
            return "after"
        if rel in ("last", "past"):
            return "before"
        if rel == "this":
            return "week"
        if self.g.future_cue.search(self.before(start, 20)):
            return "future"
        return self.ctx.tense(start) or default

    def lean(self, start: int, window: Callable[[int], tuple[dt.date, dt.date]]) -> int:
        """The year of a date written without one: a cue just before ("as soon as") makes
        it the next one; otherwise the nearest, leaning on the clause's tense."""
        assert self.pub is not None
        if self.g.future_cue.search(self.before(start, 20)):
            return nearest_year(self.pub, window, "future")
        tense = self.ctx.tense(start)
        weight = LEAN_ON_PAST_VERB if tense == "past" and self.ctx.on_verb(start) else None
        return lean_year(self.pub, window, tense, weight)

    def month_num(self, name: str) -> int:
        key = name.lower().rstrip(".")
        return self.words["months"].get(key) or self.words["month_abbreviations"][key]

    def anchored(self, m: re.Match[str], v: Value, why: str, start: int | None = None) -> Found:
        return Found.of(m.start() if start is None else start, m.end(), v, f"{ANCHORED} {self.pub}: {why}")

    def unresolved(self, m: re.Match[str], type_: str, start: int | None = None) -> Found:
        return Found(m.start() if start is None else start, m.end(), type_, None, note=NEEDS_REF)

    def number(self, word: str) -> int | None:
        word = " ".join(word.lower().split())
        if word.isdigit():
            return int(word)
        return self.words["numbers"].get(word)

    # -- explicit dates

    def h_iso(self, m: re.Match[str]) -> Found | None:
        try:
            return Found.of(m.start(), m.end(), day_value(dt.date(int(m["y"]), int(m["m"]), int(m["d"]))), "explicit date")
        except ValueError:
            return None

    def _day_month(self, m: re.Match[str], day: int) -> Found | None:
        month = self.month_num(m["mon"])
        if m["y"]:
            try:
                return Found.of(m.start(), m.end(), day_value(dt.date(int(m["y"]), month, day)), "explicit date")
            except ValueError:
                return None
        if self.pub is None:
            return self.unresolved(m, "DATE")
        yrel = m.groupdict().get("yrel")
        if yrel:
            year = self.pub.year + {"last": -1, "this": 0, "next": 1}[yrel.lower()]
            try:
                return self.anchored(m, day_value(calendar_date(year, month, day)), f"{yrel.lower()} year")
            except ValueError:
                return None
        year = self.lean(m.start(), lambda y: (calendar_date(y, month, min(day, calendar.monthrange(y, month)[1])),) * 2)
        try:
            return self.anchored(m, day_value(calendar_date(year, month, day)), "year of the nearest such date")
        except ValueError:
            return None

    def h_dmy(self, m: re.Match[str]) -> Found | None:
        return self._day_month(m, int(re.sub(r"\D", "", m["d"])))

    h_mdy = h_dmy

    def _ranged(self, m: re.Match[str]) -> Found | tuple[Found, Found] | None:
        d1, d2 = (int(re.sub(r"\D", "", m[g])) for g in ("d1", "d2"))
        if d2 <= d1:
            return None
        first = self._day_month(m, d1)
        if first is None or first.start_date is None:
            return first and replace(first, precision="range")
        try:
            last = first.start_date.replace(day=d2)
        except ValueError:
            return None
        whole = replace(first, end_date=last, precision="range", note=(first.note or "") + f"; range to {last}")
        if _dash(self.text[m.end("d1"):m.start("d2")]):
            return whole  # "7-8 May": one expression
        # "9 to 12 May", "April 24 and 25": two expressions (TimeML), each with the range's window.
        if m.start("d1") == m.start():  # the month comes last: "9 to 12 May 2020"
            one, two = (m.start(), m.end("d1")), (m.start("d2"), m.end())
        else:  # the month comes first: "April 24 and 25"
            one, two = (m.start(), m.end("d1")), (m.start("d2"), m.end("d2"))
        return _range_parts(whole, one, two, day_value(last).value)

    h_day_range = _ranged
    h_month_day_range = _ranged

    def h_month_year(self, m: re.Match[str]) -> Found | None:
        return Found.of(m.start(), m.end(), month_value(int(m["y"]), self.month_num(m["mon"])), "explicit month")

    def h_month(self, m: re.Match[str]) -> Found | None:
        key = m["mon"].lower()
        if key in self.words["ambiguous_months"] and not m["rel"] and not m["yrel"] and not self.g.cue_before.search(self.before(m.start())):
            return None
        month = self.words["months"][key]
        if (m["rel"] or "").lower() in ("every", "each"):
            return Found(m.start(), m.end(), "SET", f"XXXX-{month:02d}", note="every year")
        if self.pub is None:
            return self.unresolved(m, "DATE")
        if m["yrel"]:
            year = self.pub.year + {"last": -1, "this": 0, "next": 1}[m["yrel"].lower()]
            return self.anchored(m, month_value(year, month), f"{m['mon']} {m['yrel'].lower()} year")
        rel = (m["rel"] or "").lower()
        direction = {"next": "after", "coming": "after", "last": "before", "past": "before"}.get(rel)
        if rel == "this":
            year = self.pub.year
        else:
            year = (year_for(self.pub, month, None, direction) if direction
                    else self.lean(m.start(), lambda y: (calendar_date(y, month, 1), month_end(y, month))))
        return self.anchored(m, month_value(year, month), f"year of the nearest {m['mon']}")

    def h_year_range(self, m: re.Match[str]) -> Found | tuple[Found, Found] | None:
        y1, y2 = int(m["y1"]), m["y2"]
        last = int(y2) if len(y2) == 4 else (y1 // 100) * 100 + int(y2)
        joined = m.group(0)[len(m["y1"]):m.start("y2") - m.start()]
        if last <= y1 or (joined.strip() not in ("-", "–") and not self.g.cue_before.search(self.before(m.start()))):
            return None
        whole = Found.of(m.start(), m.end(), range_value(year_value(y1), year_value(last)), "explicit years")
        if _dash(joined):
            return whole  # "1994-97": one expression
        return _range_parts(whole, (m.start("y1"), m.end("y1")), (m.start("y2"), m.end("y2")), year_value(last).value)

    def h_decade(self, m: re.Match[str]) -> Found | None:
        if m["dec"]:
            first = int(m["dec"])
        elif m["d2"]:
            first = 1900 + int(m["d2"])
        else:
            first = 1900 + 10 * self.words["decade_words"][m["dw"].lower()]
        return Found.of(m.start(), m.end(), decade_value(first), "decade")

    def h_spelled_year(self, m: re.Match[str]) -> Found | None:
        """ "nineteen ninety-six", "the year two thousand": years read out in full (broadcasts)."""
        if m["th"]:
            if not (m["the"] or m["mon"]):
                return None  # "two thousand people"
            year = 2000 + (self.number(m["u2"]) or 0 if m["u2"] else 0)
        else:
            t = self.number(m["t"]) or 0
            if (t < 20 or not m["u"]) and not (m["the"] or m["mon"] or self.g.cue_before.search(self.before(m.start()))):
                return None  # "nineteen twenty" alone may be two numbers
            year = 100 * (self.number(m["c"]) or 0) + t + (self.number(m["u"]) or 0 if m["u"] else 0)
        if m["mon"]:
            return Found.of(m.start(), m.end(), month_value(year, self.month_num(m["mon"])), "explicit month, year in words")
        return Found.of(m.start(), m.end(), year_value(year), "year in words")

    def h_century(self, m: re.Match[str]) -> Found | None:
        c = int(m["c"])
        if not 1 <= c <= 21:
            return None
        start = dt.date(max(1, (c - 1) * 100), 1, 1)
        v = Value("DATE", f"{c - 1:02d}", start, dt.date(c * 100 - 1, 12, 31), "range")
        return Found.of(m.start(), m.end(), v, "century")

    def h_year(self, m: re.Match[str]) -> Found | None:
        ok = self.ctx.year_ok(m.start(), m.end())
        if ok is False or (ok is None and not self.g.cue_before.search(self.before(m.start()))):
            return None
        return Found.of(m.start(), m.end(), year_value(int(m["y"])), "explicit year")

    # -- days relative to publication

    def h_weekday(self, m: re.Match[str]) -> Found | None:
        wd = self.words["weekdays"][m["wd"].lower()]
        pod = self.words["parts_of_day"][m["pod"].lower()] if m["pod"] else ""
        rel = (m["rel"] or "").lower()
        if m["pl"] or rel in ("every", "each"):
            return Found(m.start(), m.end(), "SET", f"XXXX-WXX-{wd + 1}" + (f"T{pod}" if pod else ""), note="every week")
        if self.pub is None:
            return self.unresolved(m, "TIME" if pod else "DATE")
        direction = self.direction(m.start(), rel)
        day = weekday_near(self.pub, wd, direction)
        why = {"past": "most recent", "future": "coming", "before": "previous", "after": "next", "week": "this week's"}
        return self.anchored(m, day_value(day, f"T{pod}" if pod else ""), f"{why[direction]} {m['wd']}")

    def h_deictic(self, m: re.Match[str]) -> Found | None:
        word = m["w"].lower()
        pod = self.words["parts_of_day"][m["pod"].lower()] if m["pod"] else ("NI" if word == "tonight" else "")
        if self.pub is None:
            return self.unresolved(m, "TIME" if pod else "DATE")
        shift = {"yesterday": -1, "tomorrow": 1}.get(word, 0)
        return self.anchored(m, day_value(add_days(self.pub, shift), f"T{pod}" if pod else ""), word)

    def h_this_pod(self, m: re.Match[str]) -> Found | None:
        if self.pub is None:
            return self.unresolved(m, "TIME")
        pod = self.words["parts_of_day"][m["pod"].lower()]
        shift = -1 if m["rel"].lower() == "last" else 0
        return self.anchored(m, day_value(add_days(self.pub, shift), f"T{pod}"), m.group(0).lower())

    def h_ago(self, m: re.Match[str]) -> Found | None:
        unit = self.g.units[m["unit"].lower()]
        spec = self.words["units"][unit]
        amount = self.number(m["num"])
        direction = " ".join(m["dir"].lower().split())
        if direction in ("before", "after"):
            # "two months after the war": the date is relative to an event, so only the
            # distance is a time expression (a duration), as TimeML annotates it.
            total = None if amount is None else amount * spec["size"]
            v = duration(total, spec["letter"], spec.get("clock", False))
            return Found.of(m.start(), m.end("unit"), v, "distance from an event named after it")
        sign = -1 if direction in ("ago", "earlier") else 1
        if amount is None:
            return Found(m.start(), m.end(), "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", note="vague distance")
        if unit == "year" and sign < 0:
            # "a year ago", "a year earlier": the period in view (often a quarter) that
            # many years before; a later pass finds it, else the year.
            ref = self.pub
            if ref is None:
                return self.unresolved(m, "DATE")
            v = shifted(ref, -amount, unit)
            why = " ".join(m.group(0).lower().split())
            return replace(self.anchored(m, v, why), anaphor=f"years-{amount}")
        if direction in ("earlier", "later"):
            if unit == "day" or unit == "week":
                days = amount * spec["size"] * (7 if unit == "week" else 1)
                return Found(m.start(), m.end(), "DATE", None, note=NEEDS_ANCHOR, shift=sign * days)
            anaphor = f"shift:{unit}:{sign * amount}" if unit in ("month", "year") else None
            return Found(m.start(), m.end(), "DATE", None, note=NEEDS_ANCHOR, anaphor=anaphor)
        if self.pub is None:
            return self.unresolved(m, "DATE")
        return self.anchored(m, shifted(self.pub, sign * amount, unit), " ".join(m.group(0).lower().split()))

    def h_relative(self, m: re.Match[str]) -> Found | None:
        unit, rel = m["unit"].lower(), m["rel"].lower()
        if rel in ("previous", "following"):
            step = -1 if rel == "previous" else 1
            anaphor = f"shift:{unit}:{step}" if unit in ("week", "month", "year") else None
            return Found(m.start(), m.end(), "DATE", None, note=NEEDS_ANCHOR, anaphor=anaphor)
        if self.pub is None:
            return self.unresolved(m, "DATE")
        step = {"last": -1, "past": -1, "this": 0, "current": 0, "next": 1, "coming": 1}[rel]
        if unit == "weekend":
            return self._weekend(m, step)
        return self.anchored(m, shifted(self.pub, step, unit), f"{rel} {unit}")

    def _weekend(self, m: re.Match[str], step: int) -> Found:
        """The weekend meant: ``step`` -1 the last one, 1 the next, 0 this (or the nearest)."""
        assert self.pub is not None
        this_week = add_days(week_window(self.pub)[0], 5)
        in_weekend = self.pub.weekday() >= 5
        if step < 0:
            saturday = add_days(this_week, -7)
        elif step > 0:
            saturday = add_days(this_week, 7 if in_weekend else 0)
        elif in_weekend or self.ctx.tense(m.start()) == "future" or m.group(0).lower().startswith("this"):
            saturday = this_week
        else:
            saturday = add_days(this_week, -7)
        v = Value("DATE", week_value(saturday) + "-WE", saturday, add_days(saturday, 1), "range")
        return self.anchored(m, v, "weekend")

    def h_weekend(self, m: re.Match[str]) -> Found | None:
        if self.pub is None:
            return self.unresolved(m, "DATE")
        step = {"last": -1, "past": -1, "next": 1, "coming": 1}.get(m["rel"].lower(), 0)
        return self._weekend(m, step)

    def h_season(self, m: re.Match[str]) -> Found | None:
        name, rel = m["s"].lower(), (m["rel"] or "").lower()
        if name == "fall" and not rel and re.search(r"\bto\s+$", self.before(m.start(), 6), re.I):
            return None  # "to fall": the verb
        after = self.text[m.end():m.end() + 4].lower()
        if not m["y"] and (rel in ("", "the", "that") and not self.g.cue_before.search(self.before(m.start(0) if rel else m.start()))):
            return None
        if not m["y"] and after.startswith(" of"):
            return None
        spec = self.words["seasons"][name]
        if m["y"]:
            return Found.of(m.start(), m.end(), season_value(int(m["y"]), spec["code"], spec["month"]), "explicit season")
        if self.pub is None:
            return self.unresolved(m, "DATE")
        def window(year: int) -> tuple[dt.date, dt.date]:
            v = season_value(year, spec["code"], spec["month"])
            assert v.start_date and v.end_date
            return v.start_date, v.end_date
        if rel == "this":
            # The season of the publication year (a winter counts from its December).
            year = self.pub.year - (1 if spec["month"] == 12 and self.pub.month <= 2 else 0)
            return self.anchored(m, season_value(year, spec["code"], spec["month"]), f"this {name}")
        else:
            direction = self.direction(m.start(), rel if rel in ("last", "past", "next", "coming") else None, "nearest")
        year = nearest_year(self.pub, window, direction)
        return self.anchored(m, season_value(year, spec["code"], spec["month"]), f"{rel or 'nearest'} {name}")

    def h_quarter(self, m: re.Match[str]) -> Found | None:
        word = m["ord"].lower()
        q = self.words["ordinals"].get(word) or int(word[0])
        if m["y"] or m["y0"]:
            return Found.of(m.start(), m.end(), quarter_value(int(m["y"] or m["y0"]), q), "explicit quarter")
        if self.pub is None:
            return self.unresolved(m, "DATE")
        if m["yrel"]:
            year = self.pub.year + {"last": -1, "this": 0, "next": 1}[m["yrel"].lower()]
            return self.anchored(m, quarter_value(year, q), f"{m['yrel'].lower()} year's quarter")
        # A quarter named alone is the latest one that has begun: results are reported
        # after the quarter, and "expects to report third-quarter results" is that one too.
        year = nearest_year(self.pub, lambda y: quarter_window(y, q), "past")
        return self.anchored(m, quarter_value(year, q), "the latest such quarter")

    def h_period_ref(self, m: re.Match[str]) -> Found | None:
        adj = " ".join((m["adj"] or "").lower().split())
        if m["u"].lower() == "period" and not (adj or m["ly"] or m["tail"]):
            return None  # "the period" alone is not a calendar period
        if adj in ("comparable", "corresponding", "same") and not (m["ly"] or m["tail"]):
            return None  # "the same period": which one is not said
        if m["y"]:
            if m["ord"]:
                q = self.words["ordinals"][m["ord"].lower()]
                return Found.of(m.start(), m.end(), quarter_value(int(m["y"]), q), "explicit quarter")
            v = year_value(int(m["y"]))
            return replace(Found.of(m.start(), m.end(), v, "the period of an explicit year"), anaphor="period-y")
        if self.pub is None:
            return self.unresolved(m, "DATE")
        back = adj.endswith(("year-ago", "year-earlier")) or bool(m["ly"] or m["tail"])
        if m["ord"]:
            q = self.words["ordinals"][m["ord"].lower()]
            year = nearest_year(self.pub, lambda y: quarter_window(y, q), "past") - (1 if back else 0)
            return self.anchored(m, quarter_value(year, q), "the latest such quarter" + (", a year before" if back else ""))
        return self._period(m, "period-1" if back else "period")

    def h_year_ago_adj(self, m: re.Match[str]) -> Found | None:
        if self.pub is None:
            return self.unresolved(m, "DATE")
        return self._period(m, "period-1")

    def _period(self, m: re.Match[str], anaphor: str) -> Found:
        """The reporting period meant by "the quarter", "the year-ago period": the quarter
        named last before it (resolved later), else the latest quarter that has ended."""
        assert self.pub is not None
        latest = add_months(self.pub, -3)
        year, q = latest.year, (latest.month - 1) // 3 + 1
        if anaphor == "period-1":
            year -= 1
        v = quarter_value(year, q)
        return replace(self.anchored(m, v, "the latest quarter" + (", a year before" if anaphor == "period-1" else "")), anaphor=anaphor)

    def _holiday_dates(self, key: str) -> list[Callable[[int], dt.date]]:
        """How to find the holiday ``key`` in a year: one rule per section that names it
        (a name such as "labor day" is 1 May in most countries, a September Monday in others)."""
        hol = self.words["holidays"]
        rules: list[Callable[[int], dt.date]] = []
        if key in hol.get("fixed", {}):
            month, day = (int(x) for x in hol["fixed"][key].split("-"))
            rules.append(lambda year: calendar_date(year, month, day))
        if key in hol.get("easter", {}):
            shift = hol["easter"][key]
            rules.append(lambda year: add_days(easter(year), shift))
        if key in hol.get("nth_weekday", {}):
            rule = hol["nth_weekday"][key]
            rules.append(lambda year: nth_weekday(year, rule["month"], rule["weekday"], rule["nth"]))
        return rules

    def h_holiday(self, m: re.Match[str]) -> Found | None:
        key = " ".join(m["h"].lower().split())
        rules = self._holiday_dates(key)
        pub = self.pub
        if m["y"]:
            days = [on(int(m["y"])) for on in rules]
            day = min(days, key=lambda d: abs((d - pub).days)) if pub else days[0]
            return Found.of(m.start(), m.end(), day_value(day), "explicit holiday")
        if pub is None:
            return self.unresolved(m, "DATE")
        direction = self.direction(m.start(), None, "nearest")
        days = [on(nearest_year(pub, _one_day(on), direction, 14)) for on in rules]
        # Of several dates a name may have, the one nearest publication (a tie goes back).
        day = min(days, key=lambda d: (abs((d - pub).days), d > pub))
        return self.anchored(m, day_value(day), f"nearest {m['h']}")

    def h_own_year(self, m: re.Match[str]) -> Found | None:
        """ "the full year", "the current fiscal year", "year-end": the publication's year;
        "the year ended June 30": a year's length (TimeML marks it a duration)."""
        if m["ended"]:
            if m["end"] or not m.group(0).lower().startswith("the"):
                return None
            return Found(m.start(), m.end("ended") - len(m["ended"]), "DURATION", "P1Y", note="a year's accounts")
        if not (m["adj"] or m["end"]) or (m["end"] and m["adj"]):
            return None
        if self.pub is None:
            return self.unresolved(m, "DATE")
        if m["end"] and re.search(r"\bsince\s+$", self.before(m.start(), 8), re.I):
            return self.anchored(m, year_value(self.pub.year - 1), "since the end of last year")
        why = "the end of this year" if m["end"] else f"the {m['adj'].lower()} year"
        return self.anchored(m, year_value(self.pub.year), why)

    def h_period_part(self, m: re.Match[str]) -> Found | None:
        """ "the end of the month": the publication's month (week, year), the part in the note."""
        if self.pub is None:
            return self.unresolved(m, "DATE")
        return self.anchored(m, shifted(self.pub, 0, m["unit"].lower()), f"{m['part'].lower()} of this {m['unit'].lower()}")

    def h_that_period(self, m: re.Match[str]) -> Found | None:
        """ "that year", "that same month": the period of the date the text last named."""
        return Found(m.start(), m.end(), "DATE", None, note=NEEDS_ANCHOR, anaphor=f"shift:{m['unit'].lower()}:0")

    def h_narrative(self, m: re.Match[str]) -> Found | None:
        phrase = " ".join(m["p"].lower().split())
        shift = 1 if phrase in ("the next day", "the following day") else -1 if phrase in ("the previous day", "the day before") else 0
        return Found(m.start(), m.end(), "DATE", None, note=NEEDS_ANCHOR, shift=shift)

    # -- durations, vague and clock times

    def h_duration(self, m: re.Match[str]) -> Found | None:
        unit = self.g.units[m["unit"].lower()]
        spec = self.words["units"][unit]
        word = m["num"].lower()
        amount = self.number(word)
        if word in ("a", "an") and re.search(r"(?:\d|million|billion|times|twice|once|per|%)\s*$", self.before(m.start(), 12), re.I):
            value = duration(spec["size"], spec["letter"], spec.get("clock", False))
            return Found(m.start(), m.end(), "SET", value.value, note="frequency")
        if amount is not None and amount > 500:
            return None
        if unit in ("second", "quarter") and (word in ("a", "an") or "-" in m.group(0)):
            return None  # "a second time", "a quarter of", "three-quarters"
        total = None if amount is None else amount * spec["size"]
        v = duration(total, spec["letter"], spec.get("clock", False))
        half = HALF.get((spec["letter"], spec.get("clock", False))) if (m["half"] or m["half2"]) and total else None
        if half:  # "2 1/2 years" P2Y6M, "an hour and a half" PT1H30M
            assert v.value is not None  # (a duration with an amount has a value)
            v = replace(v, value=v.value + half)
        return Found.of(m.start(), m.end(), v, "duration")

    def h_recent(self, m: re.Match[str]) -> Found | None:
        """ "in recent years", "the coming weeks": an unstated number of units (TimeML PXY)."""
        if m["w"].lower() == "past" and not re.search(r"\b(?:the|these)\s+$", self.before(m.start(), 8), re.I):
            return None  # "past years" alone
        unit = self.g.units[m["unit"].lower()]
        spec = self.words["units"][unit]
        return Found.of(m.start(), m.end(), duration(None, spec["letter"]), f"{m['w'].lower()} {m['unit'].lower()}")

    def h_vague_duration(self, m: re.Match[str]) -> Found | None:
        unit = self.g.units[m["unit"].lower()]
        spec = self.words["units"][unit]
        return Found.of(m.start(), m.end(), duration(None, spec["letter"], spec.get("clock", False)), "an unstated number of " + m["unit"])

    def h_frequency(self, m: re.Match[str]) -> Found | None:
        if m["f"]:
            value = self.words["frequencies"][m["f"].lower()]
        else:
            unit = m["unit"].lower()
            if m.group(0).lower().startswith("a ") and not re.search(r"(?:\d|million|billion|times|twice|once|%)\s*$", self.before(m.start(), 12), re.I):
                return None
            value = "P1" + self.words["units"][unit]["letter"]
        return Found(m.start(), m.end(), "SET", value, note="frequency")

    def h_vague(self, m: re.Match[str]) -> Found | None:
        key = " ".join(m["v"].lower().split())
        value = self.words["vague"][key]
        if key.startswith("in the ") and self.g.counted.match(self.text, m.end()):
            return None  # "in the past two months", "in the past year": not "in the past"
        if key in self.words["not_before_a_noun"] and self.ctx.modifies_noun(m.start()):
            return None  # "future earnings": a kind of earnings, not a time
        return Found(m.start(), m.end(), "DATE", value, note="vague reference")

    def _clock(self, m: re.Match[str], hour: int, minute: int) -> Found:
        # The day comes later, from a neighbouring date or the publication date.
        return Found(m.start(), m.end(), "TIME", None, note=f"T{hour:02d}:{minute:02d}")

    def h_clock(self, m: re.Match[str]) -> Found | None:
        hour = int(m["h"]) % 12 + (12 if m["ampm"].lower() == "p" else 0)
        return self._clock(m, hour, int(m["min"] or 0))

    def h_clock24(self, m: re.Match[str]) -> Found | None:
        return self._clock(m, int(m["h"]), int(m["min"]))

    h_military = h_clock24

    def h_clock_word(self, m: re.Match[str]) -> Found | None:
        hh, mm = self.words["clock_words"][m["cw"].lower()].split(":")
        return self._clock(m, int(hh), int(mm))


def shifted(ref: dt.date, amount: int, unit: str) -> Value:
    """The calendar unit ``amount`` units from ``ref`` (``-3, "day"``), at that unit's precision.

    Clock units give the day itself; decades and centuries give the TimeML decade
    ("199") and century ("19") values.
    """
    if unit in ("day", "night"):
        return day_value(add_days(ref, amount))
    if unit in ("week", "fortnight"):
        return week_of(add_days(ref, 7 * amount * (2 if unit == "fortnight" else 1)))
    if unit == "month":
        first = add_months(ref, amount)
        return month_value(first.year, first.month)
    if unit == "quarter":
        first = add_months(ref, 3 * amount)
        return quarter_value(first.year, (first.month - 1) // 3 + 1)
    if unit == "year":
        return year_value(ref.year + amount)
    if unit == "decade":
        return decade_value((ref.year + 10 * amount) // 10 * 10)
    if unit == "century":
        century = (ref.year + 100 * amount) // 100
        return Value("DATE", f"{century:02d}", calendar_date(max(1, century * 100), 1, 1), calendar_date(century * 100 + 99, 12, 31), "range")
    return day_value(ref)


# ---------------------------------------------------------------- the scan


def scan(text: str, published: dt.date | None, ctx: Context | None = None) -> list[Found]:
    """Every time expression in ``text``, resolved against ``published``, sorted by start.

    Needs the article text and its publication date (None leaves relative values
    unresolved, with a note); ``ctx`` answers tense and year questions (default: none).
    """
    s = _Scan(text, published, ctx or PlainContext())
    cands: list[tuple[int, int, int, Found]] = []
    seen: set[tuple[int, int, int]] = set()
    for order, windows in _windows(text, s.g.anchors).items():
        name, pattern = s.g.rules[order]
        handler: Callable[[re.Match[str]], Found | tuple[Found, ...] | None] = getattr(s, "h_" + name)
        for lo, hi in windows:
            for m in pattern.finditer(text, lo, hi):
                if (order, m.start(), m.end()) in seen:
                    continue
                seen.add((order, m.start(), m.end()))
                try:
                    result = handler(m)
                except OutsideCalendar:
                    result = Found(m.start(), m.end(), "DATE", None, note=OUTSIDE_CALENDAR)
                for found in result if isinstance(result, tuple) else (result,):
                    if found is not None:
                        cands.append((found.start, -(found.end - found.start), order, found))
    cands.sort(key=lambda c: c[:3])
    kept: list[Found] = []
    for _, _, _, found in cands:
        if kept and found.start < kept[-1].end:
            continue
        kept.append(found)
    kept = _join_ranges(s, kept)
    kept = [_with_prefixes(s, f, kept[i - 1].end if i else 0) for i, f in enumerate(kept)]
    kept = _attach_clock_times(s, kept)
    return _resolve_periods(_resolve_narrative(kept))


_WORD = re.compile(r"[^\W_]+")
#: How far around an anchor word a rule may match (longest prefix or tail it has).
_REACH = 48


def _windows(text: str, anchors: dict[str, tuple[int, ...]]) -> dict[int, list[tuple[int, int]]]:
    """For each rule, the stretches of text around the words that can start it.

    Running a rule only there, not over the whole text, keeps the scan to a small
    fraction of spaCy's parse time.
    """
    windows: dict[int, list[tuple[int, int]]] = {}
    size = len(text)
    for m in _WORD.finditer(text):
        word = m.group()
        rules = anchors.get("#" if word[0].isdigit() else word.lower())
        if not rules:
            continue
        lo, hi = max(0, m.start() - _REACH), min(size, m.end() + _REACH)
        for rule in rules:
            spans = windows.setdefault(rule, [])
            if spans and lo <= spans[-1][1]:
                spans[-1] = (spans[-1][0], hi)
            else:
                spans.append((lo, hi))
    return windows


def _dash(joiner: str) -> bool:
    """Whether two ends of a range are joined by a dash ("7-8 May"), not a word ("7 to 8 May")."""
    return joiner.strip() in ("-", "–", "—")


def _range_parts(whole: Found, one: tuple[int, int], two: tuple[int, int], last_value: str | None) -> tuple[Found, Found]:
    """The two ends of a range written with a word, as two expressions (TimeML marks
    "from 1991 to 1997" as two): each keeps its own value and the whole range's window."""
    first = replace(whole, start=one[0], end=one[1])
    second = replace(whole, start=two[0], end=two[1], value=last_value,
                     note=f"end of a range from {whole.start_date}; {whole.note}")
    return first, second


def _join_ranges(s: _Scan, found: list[Found]) -> list[Found]:
    """``from March to May 2020``, ``between 2009 and 2011``: both ends get the range's window.

    Joined by a dash, the two become one expression; joined by a word, they stay two
    (as TimeML marks them), each with its own value.
    """
    out: list[Found] = []
    for f in found:
        prev = out[-1] if out else None
        if (
            prev is not None and prev.type == "DATE" and f.type == "DATE"
            and prev.start_date and f.end_date and f.end_date > prev.start_date
            and s.g.joiner.fullmatch(s.text[prev.end:f.start])
            and re.search(r"\b(?:from|between)\s+$", s.before(prev.start, 10), re.I)
        ):
            if _dash(s.text[prev.end:f.start]):
                out[-1] = replace(prev, end=f.end, end_date=f.end_date, precision="range",
                                  note=f"{prev.note}; range to {f.end_date}")
                continue
            out[-1] = replace(prev, end_date=f.end_date, precision="range", note=f"{prev.note}; range to {f.end_date}")
            f = replace(f, start_date=prev.start_date, precision="range", note=f"end of a range from {prev.start_date}; {f.note}")
        out.append(f)
    return out


_WEEK_OF = re.compile(r"\b(?:the\s+)?week\s+of\s+$", re.IGNORECASE)


def _with_prefixes(s: _Scan, f: Found, floor: int) -> Found:
    """Take in a modifier ("early", "late", "earlier") and ``since`` before a date."""
    if f.type not in ("DATE", "TIME") or f.value in ("PRESENT_REF", "PAST_REF", "FUTURE_REF"):
        return f
    start = f.start
    m = _WEEK_OF.search(s.text[max(floor, start - 20):start])
    if m and f.type == "DATE" and f.precision == "day" and f.start_date:
        # "the week of 4 May 2020": that day's week.
        start -= len(m.group(0))
        f = replace(Found.of(start, f.end, week_of(f.start_date), f"the week of {f.start_date}; {f.note}"), anaphor=f.anaphor)
    m = s.g.modifier.search(s.text[max(floor, start - 30):start])
    if m:
        start -= len(m.group(0))
        f = replace(f, start=start, note=f"{f.note}; modifier {m['mod'].lower()}")
    m = s.g.since.search(s.text[max(floor, start - 10):start])
    if m and f.start_date:
        until = s.pub if s.pub and s.pub >= f.start_date else f.end_date
        f = replace(f, start=start - len(m.group(0)), end_date=until, precision="range",
                    note=f"since {f.start_date}: runs to the publication date; {f.note}")
    return f


def _attach_clock_times(s: _Scan, found: list[Found]) -> list[Found]:
    """Give each clock time its day: an adjacent date, an earlier one nearby, or publication."""
    out: list[Found] = []
    i = 0
    while i < len(found):
        f = found[i]
        if f.type != "TIME" or f.value is not None or not (f.note or "").startswith("T"):
            out.append(f)
            i += 1
            continue
        clock = f.note or ""
        nxt = found[i + 1] if i + 1 < len(found) else None
        prev = out[-1] if out else None
        if nxt is not None and nxt.precision == "day" and nxt.start_date and s.g.time_join.fullmatch(s.text[f.end:nxt.start]):
            out.append(_clocked(f.start, nxt.end, nxt, clock))
            i += 2
            continue
        if prev is not None and prev.precision == "day" and prev.start_date and s.g.time_join.fullmatch(s.text[prev.end:f.start]):
            out[-1] = _clocked(prev.start, f.end, prev, clock)
            i += 1
            continue
        near = next((p for p in reversed(out) if p.precision == "day" and p.start_date and f.start - p.end < 200), None)
        if near is not None:
            out.append(_clocked(f.start, f.end, near, clock, moved=True))
        elif s.pub is not None:
            v = day_value(s.pub, clock)
            out.append(Found.of(f.start, f.end, v, f"{ANCHORED} {s.pub}: clock time on that day"))
        else:
            out.append(Found(f.start, f.end, "TIME", None, note=NEEDS_REF))
        i += 1
    return out


def _clocked(start: int, end: int, day: Found, clock: str, moved: bool = False) -> Found:
    assert day.start_date is not None
    why = f"clock time on the day of an earlier date ({day.start_date})" if moved else (day.note or "")
    return replace(day, start=start, end=end, type="TIME", value=day.start_date.isoformat() + clock, note=why)


_QUARTER = re.compile(r"(\d{4})-Q([1-4])")
#: How far back (characters) the quarter in view may have been named.
_PERIOD_REACH = 1500


def _resolve_periods(found: list[Found]) -> list[Found]:
    """Resolve "the quarter", "the year-ago period", "a year earlier" from the quarter named
    last before them (earnings reports compare one quarter with the same one a year before)."""
    out: list[Found] = []
    last: tuple[int, int, int] | None = None  # (end offset, year, quarter)
    for f in found:
        derived = f.anaphor is not None and f.anaphor != "period"
        if f.anaphor is not None:
            in_view = last is not None and f.start - last[0] <= _PERIOD_REACH
            if in_view and last is not None:
                _, year, q = last
                kind = f.anaphor
                back = 1 if kind == "period-1" else int(kind[6:]) if kind.startswith("years-") else 0
                if kind == "period-y":
                    year, back = f.start_date.year if f.start_date else year, 0
                try:
                    v = quarter_value(year - back, q)
                except OutsideCalendar:
                    f = replace(f, type="DATE", value=None, start_date=None, end_date=None, precision="unknown",
                                note=OUTSIDE_CALENDAR)
                else:
                    f = replace(f, type="DATE", value=v.value, start_date=v.start_date, end_date=v.end_date,
                                precision=v.precision, note=f"{f.note}; the quarter in view ({year}-Q{q})")
            f = replace(f, anaphor=None)
        m = _QUARTER.fullmatch(f.value or "")
        if m and f.type == "DATE" and not derived:
            last = (f.end, int(m[1]), int(m[2]))
        out.append(f)
    return out


def _resolve_narrative(found: list[Found]) -> list[Found]:
    """Resolve "the next day", "two days later", "that year", "the following month" from
    the previous dated expression."""
    out: list[Found] = []
    last_day: Found | None = None
    last_date: Found | None = None
    for f in found:
        if f.shift is not None and f.value is None and last_day is not None and last_day.start_date:
            f = _days_after(f, last_day)
        if f.anaphor and f.anaphor.startswith("shift:"):
            f = _shifted_from(f, last_date)
        if f.precision == "day" and f.start_date:
            last_day = f
        if f.type in ("DATE", "TIME") and f.start_date and f.precision != "range":
            last_date = f
        out.append(f)
    return out


def _days_after(f: Found, last_day: Found) -> Found:
    """"The next day", "two days later": ``f.shift`` days from the last day named."""
    assert f.shift is not None and last_day.start_date is not None
    try:
        day = add_days(last_day.start_date, f.shift)
    except OutsideCalendar:
        return replace(f, shift=None, note=OUTSIDE_CALENDAR)
    f = Found.of(f.start, f.end, day_value(day), f"{f.shift:+d} days from {last_day.start_date}")
    if last_day.anchored:
        f = replace(f, note=f"{ANCHORED} (via an earlier date): {f.note}")
    return f


def _shifted_from(f: Found, last_date: Found | None) -> Found:
    """"That year", "the following month": ``f``'s anaphor ``shift:UNIT:AMOUNT`` from the
    last date named, or no anaphor when there is none."""
    _, unit, amount = (f.anaphor or "").split(":")
    if last_date is None or last_date.start_date is None:
        return replace(f, anaphor=None)
    try:
        v = shifted(last_date.start_date, int(amount), unit)
    except OutsideCalendar:
        return replace(f, anaphor=None, note=OUTSIDE_CALENDAR)
    why = f"{int(amount):+d} {unit}s from {last_date.start_date}"
    if last_date.anchored:
        why = f"{ANCHORED} (via an earlier date): {why}"
    return replace(Found.of(f.start, f.end, v, why), anaphor=None)
