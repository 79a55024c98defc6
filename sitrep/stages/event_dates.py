"""Stage ``event_dates``: when each event happened, and whether it is past context.

Needs ``analysis.events`` (trigger and sentence offsets), ``analysis.times``,
``analysis.quotes`` and the spaCy ``doc``; sets ``Event.date`` (with ``date``
evidence when a time expression decided it) and ``Event.background``.

The date comes from, in order: the time expression that governs the trigger in the
parse (attached to the trigger, its head or a clause around it; for an attack, not a
day on a later act whose clause names it: "was arrested Friday in the shooting", table
``later_act_verbs``; a day on a verb of saying, "..., police said Thursday", table
``statement_verbs``, only when the sentence has no other time), another one in the same
sentence, the last one earlier in the same paragraph (not the day of a statement, nor a
day inside a quotation the event is not in), for an attack the time of a sentence soon
after that says when it took place ("It happened about 10 p.m. Sunday", table
``occurrence_verbs``), and finally the days up to publication (a ``range`` whose text
says "reporting window"); an attack left with that window takes the day the article
gives its attacks, when their own sentences give one day (a follow-up's "Man pleads
guilty in fatal shooting", rule ``the article's attack day``). A relative time inside a
quotation ("today") is the day of the statement: the day the article gives it ("..., he
said on Monday"), else a window widened by a day, since the statement may be older than
the article.

A running total ("over 20,000 have died", "the toll has risen to 40", "so far") is dated
from the date it counts from to publication, a ``range`` (rule ``running total``): the
start of a "since" phrase or clause ("since 7 October", "since the war began in March"),
of a period that holds publication ("so far this year"), or the date the paragraph gave
before ("The war began on October 7 ... have died"). It is background when it starts
more than two weeks before publication.

An event that states a statistic rather than an incident is background (rule
``background`` = ``statistic:<why>``, see ``statistic``): a figure over a period that
nothing ties to one incident or cause ("47 people have been shot in the city so far this
year"), a comparison ("... compared with last year, when 344 were killed"), an event
restated as a number in a series ("the city's 300th killing this year"). The ``counts``
stage keeps such figures off every event.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Callable, Sequence
from typing import Any

from ..model import DateBy, Event, EventDate, Evidence, Quote, TimeExpression
from ..numbers import casualty_words
from ..pipeline import Analysis, stage
from ..resources.words import Words, words_of
from ..timex import ANCHORED, add_days_within, time_words

#: How many days before publication the reporting window starts. News that gives no date
#: mostly reports the day before publication or that day (the overnight shooting in the
#: morning paper); a longer window's start would put most such events days too early.
REPORTING_DAYS = 1
#: An event dated this many days before publication is past context.
BACKGROUND_DAYS = 14
#: Dependency labels that open a new clause: crossing one makes a time less likely to govern.
CLAUSAL = frozenset({"relcl", "ccomp", "advcl", "acl", "conj", "parataxis", "csubj", "pcomp"})
#: Words before a date at the top of an article that show it is not a dateline.
_LEAD_WORDS = re.compile(r"\b(?:on|in|since|by|at|until|from|during|before|after|early|late|last|this|next)\s*$", re.I)
_PARAGRAPH = re.compile(r"\n\s*\n")
#: A range at least this many days long is a period: a figure over it is a total, not an incident's.
PERIOD_DAYS = 28


@dataclasses.dataclass(frozen=True)
class _Choice:
    """The date picked for one event and where it came from."""

    date: EventDate
    rule: str
    time: TimeExpression | None = None


def _is_dateline(t: TimeExpression, text: str) -> bool:
    """A day date opening the article ("BRUSSELS, February 10 --"): context, not an event's date.

    A dateline stands alone at the top or after a place name and its comma; a date
    led by a word ("Around 9 May 2020, ...", "On Monday ...") is the news's own date.
    """
    before = text[: t.start].strip()
    words = re.findall(r"[^\W\d_]+", before)
    return (
        t.precision == "day" and t.start < 80 and any(c.isdigit() for c in t.text)
        and len(words) <= 4 and (not before or before.endswith(","))
        and not _LEAD_WORDS.search(text[: t.start])
    )


@functools.cache
def _stamp_label() -> re.Pattern[str]:
    labels = sorted(time_words()["page_stamp_labels"], key=len, reverse=True)
    words = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in labels)
    return re.compile(rf"\b(?:{words})\s*(?P<colon>:)?\s*(?:on\s+|at\s+)?$", re.I)


def _is_stamp(t: TimeExpression, text: str) -> bool:
    """A news page's own stamp: a date after a label such as "Posted:" or "Updated:" (without
    the colon only a full date with its hour: "a video posted Sunday" dates the video), or a
    full date with its hour alone on its line ("March 25, 2014 12:45 PM"). It tells when the
    page was written or changed, not when what it reports happened."""
    line_start = text.rfind("\n", 0, t.start) + 1
    line_end = text.find("\n", t.end)
    before = text[line_start:t.start]
    full = t.type == "TIME" and bool(re.search(r"\d{4}", t.text))
    label = _stamp_label().search(before)
    if label:  # "Posted: Sunday" is a stamp; "a video posted Sunday" only with the year and hour
        return bool(label["colon"]) or full
    after = text[t.end: len(text) if line_end < 0 else line_end]
    return full and not re.search(r"\w", before) and not re.search(r"[^\W\d_]{4,}", after)


def _usable(t: TimeExpression) -> bool:
    return t.type in ("DATE", "TIME") and (t.start_date is not None or t.value == "PRESENT_REF")


def _in_quote(pos: int, quotes: tuple[Quote, ...]) -> Quote | None:
    return next((q for q in quotes if q.start <= pos < q.end), None)


#: Words whose day is the speaker's today: inside a quotation they move with the statement.
_DEICTIC = re.compile(r"\b(?:today|tonight|yesterday|tomorrow|this\s+(?:morning|afternoon|evening)|last\s+night)\b", re.I)


def _statement_date(q: Quote, quotes: tuple[Quote, ...], times: list[TimeExpression], doc: Any,
                    text: str) -> TimeExpression | None:
    """The day the article says a quotation was made: a day date outside the quotation
    in its own sentence ("..., the ministry said on Monday"), or None."""
    if doc is not None:
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is None or not len(span):
            return None
        lo, hi = span[0].sent.start_char, span[-1].sent.end_char
    else:
        lo = max(text.rfind(". ", 0, q.start) + 1, 0)
        hi = text.find(". ", q.end)
        hi = len(text) if hi < 0 else hi
    near = [t for t in times if lo <= t.start and t.end <= hi and t.precision == "day" and t.start_date
            and _in_quote(t.start, quotes) is None]
    return min(near, key=lambda t: min(abs(t.start - q.end), abs(t.end - q.start))) if near else None


def _window(t: TimeExpression, quotes: tuple[Quote, ...], published: dt.date | None, how: str,
            said_on: Callable[[Quote], TimeExpression | None] | None = None) -> EventDate:
    """The event window a time expression gives; ``how`` says why it applies.

    "Today" in a quotation is the day of the statement: when the article dates the
    statement ("..., he said on Monday"), the quoted day moves with it; when it does
    not, the window opens a day earlier, since the statement may predate the article.
    """
    if t.value == "PRESENT_REF" or t.start_date is None:
        return _reporting(published, f"{t.text!r}: the reporting window") or EventDate(text=t.text)
    quote = _in_quote(t.start, quotes) if t.note and t.note.startswith(ANCHORED) else None
    if quote is not None and published is not None:
        stated = said_on(quote) if said_on is not None else None
        if stated is not None and stated.start_date is not None and _DEICTIC.search(t.text):
            shift = stated.start_date - published
            assert t.end_date is not None
            return EventDate(add_days_within(t.start_date, shift.days), add_days_within(t.end_date, shift.days),
                             t.precision, f"{t.text} (in a statement made {stated.text}: {stated.start_date}){how}")
        return EventDate(
            add_days_within(t.start_date, -1), t.end_date, "range",
            f"{t.text} (in a quotation: the statement may be a day older than the article){how}",
        )
    return EventDate(t.start_date, t.end_date, t.precision, t.text + how)


def _reporting(ref: dt.date | None, why: str | None = None) -> EventDate | None:
    if ref is None:
        return None
    text = why or f"reporting window: the {REPORTING_DAYS} days up to publication ({ref})"
    return EventDate(add_days_within(ref, -REPORTING_DAYS), ref, "range", text)


def _root(doc: Any, start: int, end: int) -> Any:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def trigger_tokens(doc: Any, events: Sequence[Event]) -> frozenset[int]:
    """The token indices of the events' triggers (``statistic``'s ``anchors``)."""
    roots = (_root(doc, e.trigger_start, e.trigger_end) for e in events)
    return frozenset(root.i for root in roots if root is not None)


def _path(low: Any, high: Any) -> list[str] | None:
    """The dependency labels going up from ``low`` to its ancestor ``high``, or None."""
    deps = []
    tok = low
    while tok.i != high.i:
        if tok.head.i == tok.i:
            return None
        deps.append(tok.dep_)
        tok = tok.head
    return deps


def _climb(low: Any, high: Any) -> tuple[int, int] | None:
    """(clauses crossed, steps) going up from ``low`` to its ancestor ``high``, or None."""
    deps = _path(low, high)
    return None if deps is None else (sum(dep in CLAUSAL for dep in deps), len(deps))


def _attachment(time_root: Any) -> Any:
    """The word a time hangs on: its head, or the head of its preposition ("on Friday")."""
    head = time_root.head
    return head.head if time_root.dep_ == "pobj" and head.dep_ in ("prep", "agent") else head


def _relation(trigger: Any, time_root: Any) -> tuple[int, int, int]:
    """How closely a time governs a trigger: (tier, clauses crossed, distance); lower is closer.

    Tier 0: the time hangs on the trigger or on a word above it within one clause;
    tier 1: the same across clause boundaries; tier 2: only in the same sentence.
    """
    up = _climb(time_root, trigger)  # the time in the trigger's subtree
    if up is None:
        up = _climb(trigger, _attachment(time_root))  # the time on the trigger's head (or above)
    if up is None:
        return 2, 0, abs(trigger.i - time_root.i)
    clauses, steps = up
    return (0 if clauses == 0 else 1), clauses, steps


def _dates_a_later_act(later_acts: frozenset[str], trigger: Any, time_root: Any) -> bool:
    """Whether the time is on an act that follows the attack ``trigger`` names, with the
    trigger in that act's clause, before the attack is named ("was arrested Friday in the
    shooting": the arrest's day) or with the attack in the act's subject ("the men charged
    in the murder were indicted Tuesday"). A time after the attack's words in the act's
    object is left to it: a parse often hangs "charged in the shooting early Saturday" on
    the charge."""
    act = _attachment(time_root)
    if act.i == trigger.i or act.pos_ != "VERB" or act.lemma_ not in later_acts:
        return False
    deps = _path(trigger, act)
    if deps is None:
        return False  # the trigger is not in the act's clause
    return time_root.i < trigger.i or any(dep in ("nsubj", "nsubjpass") for dep in deps)


def _own_time(event: Event, doc: Any, times: list[TimeExpression],
              later_acts: frozenset[str] = frozenset(), statements: frozenset[str] = frozenset()) -> TimeExpression | None:
    """The time expression of the event's sentence that governs its trigger best; for an
    attack, not one that dates a later act the attack is the object of (``later_acts``).
    A day on a verb of saying ("..., police said Thursday", ``statements``) dates the
    statement: it dates the event only when the sentence has no other time."""
    inside = [t for t in times if event.sentence_start <= t.start and t.end <= event.sentence_end]
    if not inside:
        return None
    trigger = _root(doc, event.trigger_start, event.trigger_end) if doc is not None else None
    if trigger is None:
        return min(inside, key=lambda t: abs(t.start - event.trigger_start))
    scored = []
    for t in inside:
        root = _root(doc, t.start, t.end)
        if root is not None and t.start_date is None and root.dep_ == "amod":
            continue  # "current and former officials": a word about the officials, not a date
        if root is not None and event.plover == "ASSAULT" and _dates_a_later_act(later_acts, trigger, root):
            continue
        rank = _relation(trigger, root) if root is not None else (3, 0, 0)
        stated = root is not None and _says(root, trigger, statements)
        # Equally close, a date written out ("On 1 May 2021") beats one worked out from
        # publication ("to mark Labour Day").
        scored.append((stated, rank, "explicit" not in (t.note or ""), abs(t.start - event.trigger_start), t))
    return min(scored, key=lambda s: s[:4])[4] if scored else None


def _says(time_root: Any, trigger: Any, statements: frozenset[str]) -> bool:
    """Whether the time hangs on a verb of saying other than the trigger ("police said Thursday")."""
    verb = _attachment(time_root)
    return verb.i != trigger.i and verb.pos_ == "VERB" and verb.lemma_ in statements


def _dates_a_statement(tables: Words, t: TimeExpression, doc: Any) -> bool:
    """Whether ``t`` dates a statement ("..., a spokesman said on Monday"), not what happened."""
    root = _root(doc, t.start, t.end) if doc is not None else None
    if root is None:
        return False
    head = root.head.head if root.dep_ == "pobj" else root.head
    return head.pos_ == "VERB" and head.lemma_ in tables["statement_verbs"]


def _context_time(tables: Words, event: Event, text: str, times: list[TimeExpression], doc: Any = None) -> TimeExpression | None:
    """The last dated time earlier in the event's paragraph (the narrative's current date);
    the day of a statement ("he said on Monday") does not move the narrative."""
    breaks = [m.end() for m in _PARAGRAPH.finditer(text, 0, event.sentence_start)]
    para_start = breaks[-1] if breaks else 0
    earlier = [t for t in times if para_start <= t.start and t.end <= event.sentence_start and t.start_date]
    return next((t for t in reversed(earlier) if not _dates_a_statement(tables, t, doc)), None)


#: How many sentences after an attack's own a sentence of its occurrence may follow.
OCCURRENCE_SENTENCES = 3


def _occurrence_time(tables: Words, event: Event, times: list[TimeExpression], doc: Any) -> TimeExpression | None:
    """The dated time of a sentence soon after the event's that says when the incident
    took place ("It happened about 10 p.m. Sunday"; table ``occurrence_verbs``)."""
    if doc is None or event.plover != "ASSAULT":
        return None
    span = doc.char_span(event.sentence_start, event.sentence_end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    after: list[Any] = []
    sent = span[-1].sent
    while len(after) < OCCURRENCE_SENTENCES and sent.end < len(doc):
        sent = doc[sent.end].sent
        after.append(sent)
    if not after:
        return None
    verbs = tables["occurrence_verbs"]
    for t in times:
        if t.start_date is None or not (after[0].start_char <= t.start and t.end <= after[-1].end_char):
            continue
        root = _root(doc, t.start, t.end)
        if root is None:
            continue
        act = _attachment(root)
        if act.pos_ == "VERB" and act.lemma_ in verbs:
            return t
    return None


def _cues_background(event: Event, doc: Any, verbs: frozenset[str]) -> bool:
    """Words that place the event before the news: "had attacked", "The war began after ..."."""
    if doc is None:
        return False
    tok = _root(doc, event.trigger_start, event.trigger_end)
    if tok is None:
        return False
    first_verb = True
    for _ in range(12):
        if tok.pos_ in ("VERB", "AUX"):
            if first_verb and tok.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ == "had" for c in tok.children):
                return True
            first_verb = False
            if tok.lemma_ in verbs:
                return True
        if tok.head.i == tok.i:
            break
        tok = tok.head
    return False


# ---------------------------------------------------------------- statistics and running totals


@functools.lru_cache(maxsize=1)
def _statistic_words() -> tuple[tuple[tuple[str, ...], ...], frozenset[str], frozenset[str], frozenset[str]]:
    """(comparison phrases as word tuples, cause nouns, intransitive casualty verbs, casualty words)
    from ``casualty_words.yaml``."""
    data = casualty_words()
    comparisons = tuple(tuple(p.replace("-", " - ").split()) for p in data["statistics"]["comparisons"])
    intransitive = frozenset(w for o in data["outcomes"].values() for w in o["intransitive"])
    casualty = frozenset(
        w for o in data["outcomes"].values() for part in ("verbs", "intransitive", "nouns") for w in o[part]
        if " " not in w
    ) | frozenset(data["toll_nouns"])
    return comparisons, frozenset(data["statistics"]["causes"]), intransitive, casualty


def _is_period(t: TimeExpression) -> bool:
    """Whether a time is a period a figure may be totalled over: a year or longer ("last
    year", "in 2016", "so far this year"), or a span of four weeks or more ("since
    January"). A month alone ("in November", "two months ago") dates an incident as often
    as it totals, and is no period here."""
    if t.start_date is None or t.end_date is None:
        return False
    days = (t.end_date - t.start_date).days + 1
    return t.precision in ("year", "decade", "century") or (t.precision == "range" and days >= PERIOD_DAYS)


def _sentence_times(tok: Any, times: list[TimeExpression]) -> list[TimeExpression]:
    sent = tok.sent
    return [t for t in times if sent.start_char <= t.start and t.end <= sent.end_char and t.start_date]


def governing_time(tok: Any, times: list[TimeExpression]) -> TimeExpression | None:
    """The dated time of ``tok``'s sentence that governs it in the parse within its own clause
    or across clauses on one path (tiers 0 and 1 of ``_relation``), the closest first."""
    scored = []
    for t in _sentence_times(tok, times):
        root = _root(tok.doc, t.start, t.end)
        if root is None:
            continue
        rank = _relation(tok, root)
        if rank[0] <= 1:
            scored.append((rank, t.start, t))
    return min(scored, key=lambda s: s[:2])[2] if scored else None


def _ordinal_restated(tok: Any) -> bool:
    """A noun with an ordinal that restates an event as a number in a series: "it was the
    city's 300th killing this year", "..., the county's fifth homicide of the year"."""
    if tok.pos_ != "NOUN" or tok.dep_ not in ("attr", "appos"):
        return False
    ordinals = time_words()["ordinals"]
    return any(c.dep_ in ("amod", "nummod") and (c.ent_type_ == "ORDINAL" or c.lower_ in ordinals
                                                 or re.fullmatch(r"\d+(?:st|nd|rd|th)", c.lower_))
               for c in tok.children)


def _compares(sent: Any) -> bool:
    """Whether a sentence compares figures ("compared with last year", "up from 300")."""
    comparisons = _statistic_words()[0]
    words = tuple(t.lower_ for t in sent)
    return any(words[i:i + len(p)] == p for p in comparisons for i in range(len(words) - len(p) + 1))


def _anchored(tables: Words, tok: Any, anchors: frozenset[int]) -> bool:
    """Whether words tie ``tok`` to one incident or to a cause: a doer (an active verb's
    subject, a by-phrase, a noun's owner that is no place), a single event named by a
    noun with a determiner ("the killing last year"), or another event's word or a cause
    noun in its sentence ("a gunfight last year left a bystander dead and nine hurt",
    "killed in the fighting since March")."""
    _, causes, intransitive, _ = _statistic_words()
    kids = list(tok.children)
    if tok.pos_ in ("VERB", "AUX"):
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in kids)
        if any(c.dep_ == "agent" for c in kids):
            return True
        if not passive and tok.lemma_.lower() not in intransitive and any(c.dep_ == "nsubj" for c in kids):
            return True
    else:
        if any(c.dep_ == "prep" and c.lower_ == "by" for c in kids):
            return True
        if any(c.dep_ == "poss" and c.ent_type_ not in ("GPE", "LOC", "FAC", "DATE")
               and c.lemma_.lower() not in tables["not_doers"] for c in kids):
            return True
        if tok.tag_ == "NN" and any(c.dep_ == "det" and c.lower_ in ("a", "an", "the", "this", "that") for c in kids):
            return True
    return any(t.i != tok.i and (t.i in anchors or t.lemma_.lower() in causes) for t in tok.sent)


def statistic(tables: Words, tok: Any, times: list[TimeExpression], anchors: frozenset[int] = frozenset()) -> str | None:
    """Why the words at ``tok`` state a statistic rather than an incident, or None.

    Only with a period (``_is_period``) in the sentence: ``"ordinal"`` for an event
    restated as a number in a series ("the city's 300th killing this year"),
    ``"comparison"`` in a sentence that compares figures ("... down this year compared
    with last year, when 344 were killed"), ``"period"`` when the period governs ``tok``
    and nothing ties it to an incident or a cause (``_anchored``): "344 people were killed
    in the city last year", "47 people have been shot so far this year". ``anchors`` are
    the token indices of the article's other event words.
    """
    if not any(_is_period(t) for t in _sentence_times(tok, times)):
        return None
    if _ordinal_restated(tok):
        return "ordinal"
    if _compares(tok.sent):
        return "comparison"
    governing = governing_time(tok, times)
    if governing is not None and _is_period(governing) and not _anchored(tables, tok, anchors):
        return "period"
    return None


def _running_total(tok: Any) -> bool:
    """Whether a casualty word reports a toll counted up to the report: in the present
    perfect ("have died", "has risen to 40", "have been killed") or with "so far", "to
    date", "thus far"."""
    casualty = _statistic_words()[3]
    if tok.lemma_.lower() not in casualty:
        return False
    verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head if tok.head.pos_ in ("VERB", "AUX") else None
    if verb is None:
        return False
    kids = list(verb.children)
    if any(c.dep_ in ("aux", "auxpass") and c.lemma_ == "have" and c.lower_ != "had" for c in kids):
        return True
    return any(c.lower_ == "far" and any(g.lower_ in ("so", "thus") for g in c.children) for c in kids) or any(
        c.dep_ == "prep" and c.lower_ == "to" and any(g.lower_ == "date" for g in c.children) for c in kids)


def _since_clause(time_root: Any, trigger: Any) -> bool:
    """Whether a time sits in a "since" clause or phrase on the way up to the trigger:
    "have died since the war began in March"."""
    tok = time_root
    for _ in range(6):
        if tok.lower_ == "since" or any(c.dep_ in ("mark", "prep") and c.lower_ == "since" for c in tok.children):
            return True
        if tok.i == trigger.i or tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def _as_running_total(choice: _Choice, event: Event, doc: Any, reference: dt.date | None) -> _Choice:
    """A toll counted up to the report runs from the date it counts from to publication:
    the start of a "since" phrase or clause ("since 7 October", "since the war began in
    March"), of a period that holds publication ("so far this year"), or the date the
    paragraph gave before ("The war began on October 7 ... over 20,000 have died")."""
    t = choice.time
    if t is None or t.start_date is None or reference is None or t.start_date >= reference or doc is None:
        return choice
    trigger = _root(doc, event.trigger_start, event.trigger_end)
    if trigger is None or not _running_total(trigger):
        return choice
    if choice.rule == "time in the sentence":
        root = _root(doc, t.start, t.end)
        since = (t.note or "").startswith("since ") or (root is not None and _since_clause(root, trigger))
        holds_publication = _is_period(t) and t.end_date is not None and t.start_date <= reference <= t.end_date
        if not (since or holds_publication):
            return choice
    elif choice.rule != "time earlier in the paragraph":
        return choice
    date = EventDate(t.start_date, reference, "range", f"{t.text} to publication ({reference}): a running total")
    return _Choice(date, "running total", t)


def _choose(tables: Words, event: Event, analysis: Analysis, times: list[TimeExpression], quotes: tuple[Quote, ...],
            reference: dt.date | None, said_on: Callable[[Quote], TimeExpression | None] | None = None,
            quote_at: Callable[[int], Quote | None] | None = None) -> _Choice:
    """``quote_at(pos)`` is ``_in_quote(pos, quotes)``, which a caller may remember per
    article: asked for every time of every event, it made long articles quadratic."""
    quote_at = quote_at or (lambda pos: _in_quote(pos, quotes))
    text = analysis.article.text
    own = _own_time(event, analysis.doc, times, tables["later_act_verbs"], tables["statement_verbs"])
    if own is not None:
        return _Choice(_window(own, quotes, reference, "", said_on), "time in the sentence", own)
    inside = _in_quote(event.trigger_start, quotes)
    narrative = [t for t in times if t.value != "PRESENT_REF" and quote_at(t.start) in (None, inside)]
    context = _context_time(tables, event, text, narrative, analysis.doc)
    if context is not None:
        return _Choice(_window(context, quotes, reference, " (earlier in the paragraph)", said_on), "time earlier in the paragraph", context)
    occurred = _occurrence_time(tables, event, narrative, analysis.doc)
    if occurred is not None:
        later = _window(occurred, quotes, reference, " (a later sentence says when it happened)", said_on)
        return _Choice(later, "time of the occurrence later in the text", occurred)
    window = _reporting(reference)
    if window is not None:
        return _Choice(window, "reporting window")
    unresolved = _own_time(event, analysis.doc, [t for t in analysis.times or () if t.type in ("DATE", "TIME")])
    if unresolved is not None:
        # "on Monday" in an article with no date: say which words date it, and that they need one.
        note = unresolved.note or "needs a reference date"
        return _Choice(EventDate(text=f"{unresolved.text} (unresolved: {note})"), "unresolved time in the sentence", unresolved)
    return _Choice(EventDate(text="no time expression and no publication date"), "no date")


def _violence_is_past(choice: _Choice, event: Event, reference: dt.date | None) -> _Choice:
    """An attack the article reports is not in its future: a weekday the times stage read
    forward from the tense of the clause ("Police are investigating the shootings Thursday
    night": the coming Thursday, as of a timetable) is the last one before publication."""
    t = choice.time
    start, end = choice.date.start, choice.date.end
    if (event.plover != "ASSAULT" or t is None or reference is None or start is None or end is None
            or start <= reference or not (t.note and ": coming " in t.note)):
        return choice
    date = EventDate(add_days_within(start, -7), add_days_within(end, -7), choice.date.precision,
                     f"{choice.date.text} (an attack reported as news: the last such day, not the coming one)")
    return dataclasses.replace(choice, date=date)


def _is_background(choice: _Choice, reference: dt.date | None, cued: bool) -> bool:
    t = choice.time
    if t is not None and t.note and t.note.startswith("since "):
        return True  # a running total or state since a past date
    if choice.rule == "running total" and choice.date.start is not None and reference is not None:
        return choice.date.start < add_days_within(reference, -BACKGROUND_DAYS)
    end = choice.date.end
    if t is not None and end is not None and reference is not None:
        old = end < add_days_within(reference, -BACKGROUND_DAYS)
        return old or (cued and choice.rule != "time in the sentence")
    return cued and choice.date.precision != "unknown"


#: What each choice's rule tells the stages after (``Event.date_by``).
_DATE_BY: dict[str, DateBy] = {
    "time in the sentence": "sentence", "time earlier in the paragraph": "paragraph", "running total": "running total",
    "time of the occurrence later in the text": "occurrence", "reporting window": "window",
}


@stage("event_dates", requires=("events", "times", "quotes"), assigns=("events.date", "events.background"))
def date_events(analysis: Analysis, resources: object) -> dict:
    """Set each event's date window, its date evidence, and whether it is background."""
    tables = words_of(resources)
    events = analysis.events or ()
    if not events:
        return {"events": events}
    text = analysis.article.text
    all_times = list(analysis.times or ())
    datelines = [t for t in all_times[:2] if _is_dateline(t, text)]
    stamps = [t for t in all_times if _is_stamp(t, text)]
    times = [t for t in all_times if _usable(t) and t not in datelines and t not in stamps]
    quotes = tuple(analysis.quotes or ())
    stated = [t.start_date for t in datelines + stamps if t.start_date is not None]
    reference = analysis.article.published or (stated[0] if stated else None)
    verbs = frozenset(time_words()["background_verbs"])
    # The day of a quotation, worked out only for quotations that date an event.
    said_on = functools.cache(lambda q: _statement_date(q, quotes, times, analysis.doc, text))
    quote_at = functools.cache(lambda pos: _in_quote(pos, quotes))
    doc = analysis.doc
    anchors = trigger_tokens(doc, events) if doc is not None else frozenset()
    out = []
    for event in events:
        choice = _as_running_total(_choose(tables, event, analysis, times, quotes, reference, said_on, quote_at), event, doc,
                                   reference)
        choice = _violence_is_past(choice, event, reference)
        background = _is_background(choice, reference, _cues_background(event, doc, verbs))
        new = dataclasses.replace(event, date=choice.date, background=background, date_by=_DATE_BY.get(choice.rule, "other"))
        trigger = _root(doc, event.trigger_start, event.trigger_end) if doc is not None else None
        why = statistic(tables, trigger, times, anchors - {trigger.i}) if trigger is not None else None
        if why is not None:
            # A figure over a period, not news of one incident: past context at most.
            new = dataclasses.replace(new, background=True).with_rule("background", f"statistic:{why}")
        if choice.time is not None:
            new = new.with_evidence(Evidence("date", choice.time.start, choice.time.end, choice.time.text))
        out.append(new.with_rule("date", choice.rule))
    return {"events": _undated_attacks(tuple(out))}


def _undated_attacks(events: tuple[Event, ...]) -> tuple[Event, ...]:
    """An attack the article names with no time of its own, nor one its paragraph or a
    sentence of its occurrence gives (only the reporting window), took place on the day
    the article gives its attacks, when their own sentences give one day: "Man pleads
    guilty in fatal shooting ... He shot his neighbor on May 25." A follow-up's headline
    and lead name the incident it follows without its day. The date's evidence is the
    first time that gives the day; the event's background flag stays: what the article
    leads with is its news, however old."""
    dated = [e for e in events if e.plover == "ASSAULT" and e.date_by == "sentence"
             and e.date.precision == "day" and e.date.start is not None]
    if len({e.date.start for e in dated}) != 1:
        return events
    said = min((ev for e in dated for ev in e.evidence if ev.field == "date"), key=lambda ev: ev.start, default=None)
    day = dated[0].date.start
    words = said.text if said is not None else str(day)
    date = EventDate(day, day, "day", f"{words} (the one day the article gives its attacks)")
    out = []
    for e in events:
        if e.plover == "ASSAULT" and e.date_by == "window":
            e = dataclasses.replace(e, date=date, date_by="attack day").with_rule("date", ATTACK_DAY)
            e = e.with_evidence(said) if said is not None else e
        out.append(e)
    return tuple(out)


#: The rule of an attack dated by the one day the article gives its attacks (``_undated_attacks``).
ATTACK_DAY = "the article's attack day"
