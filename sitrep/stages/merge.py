"""Stage ``merge``: one record per real-world event, not one per mention.

Needs every field of ``events``; replaces them with merged events. An article names the
same event several times ("US forces launched attacks ... The strikes ... These
precision strikes"); counting each mention would inflate every dataset built from it.

Two mentions from different sentences are *compatible* when nothing contradicts: the
same PLOVER type; ACLED sub-types equal unless one is only a generic default; actors
whose countries agree in each role and are not reversed (the attacker of one is not the
victim of the other, except in a clash, where either side may suffer); date windows that overlap; places in the same country, the same
first-level region, and within 25 km when both are finer than a region.

A later mention merges into the earliest compatible event when it refers back ("the
strikes", "the incident"), reports only a consequence ("were injured"), completes it
(each fills a role the other leaves empty), or names an actor of the same country in the
same role. Within one sentence, a mention that reports only a consequence ("injuring
several fighters") joins the act of violence the parse left it apart from. The merged event keeps the first mention's
trigger and takes each field from the mention that states it most precisely; an actor
that one mention names ("Kataib Hezbollah") wins over another's description of the same
party in the same role ("Iran-backed forces"), when their countries agree, both are
armed, the name is not the other side's, and it does not come from a casualty clause. The evidence of all mentions is kept, and so is every count
(``Event.counts``).

One incident, many mentions. A news story reports its act of violence again and again:
the headline, the lead, the police statement, a recap ("Two hurt in shooting ... Police
said the men were shot Friday ... The shooting was the third this month"). A later
mention of an incident type (``INCIDENT_TYPES``) joins the earliest compatible event of
its type in another sentence even when nothing in it refers back, unless one of the two
is background, page furniture, or a mention whose words say it is another event ("another
shooting", "a separate attack": ``distinct_mentions`` in ``data/reports.yaml``). Distinct
events stay apart by what ``compatible`` checks: another type (the shooting and the
arrest), another place (two towns), another stated day. The merged event takes the most
specific of its mentions' fields: a date the text states over one from the paragraph, and
either over the reporting window (then the finer precision); a place the event's own
sentence names over a fallback (then the finer precision); and the largest figure of each
count that the article gives in its own voice (a toll rises as victims die).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
from collections.abc import Callable
from typing import Any

from ..model import COUNT_KINDS, Actor, Count, Event, Evidence, Place
from ..pipeline import Analysis, stage
from ..resources.reports import ReportWords, report_words
from .actors import is_armed, names_someone
from .claims import asserted
from .counts import is_coded
from .furniture import is_furniture

_GENERIC_SUBTYPES = {"Attack", "Armed clash", "Peaceful protest"}
_PLACE_ORDER = {"site": 0, "city": 1, "admin2": 2, "admin1": 3, "region": 4, "country": 5}
#: Date rules (``event_dates``) that come from the mention's own text; a date taken from
#: the reporting window or the paragraph is no evidence against a merge.
_OWN_DATES = {"sentence", None}
_DATE_ORDER = {"day": 0, "week": 1, "range": 2, "month": 3, "year": 4, "unknown": 9}
#: How much a date's source says: the mention's own sentence, the paragraph, a default.
_DATE_SOURCE = {"sentence": 2, "running total": 2, "paragraph": 1, "occurrence": 1}
#: PLOVER types whose mentions in one article are one incident unless something says otherwise.
INCIDENT_TYPES = frozenset({"ASSAULT"})
#: Two mentions of one incident may state days this far apart: "late Saturday" and "early
#: Sunday", the night of the shooting and the morning it was found.
NEXT_DAY = 1
#: A death reported this many days after an act of violence may be its consequence.
DIED_WITHIN_DAYS = 1
#: What the rule of a merged field starts with.
_MERGED = "merged from mention at "


def type_specificity(event: Event) -> int:
    """3 for a type set by a cue word, 2 by a specific trigger, 1 by actors, 0 a generic default."""
    if event.typed_by.rule == "cue":
        return 3
    if event.typed_by.rule == "actors":
        return 1
    return 0 if event.acled_sub_event_type in _GENERIC_SUBTYPES or event.acled_sub_event_type is None else 2


def _km(a: Place, b: Place) -> float | None:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)  # type: ignore[arg-type]
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)  # type: ignore[operator]
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _places_agree(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None:
        return True
    if a.country and b.country and a.country != b.country:
        return False
    if a.admin1 and b.admin1 and a.admin1 != b.admin1:
        return False
    fine = ("site", "city", "admin2")
    if a.precision in fine and b.precision in fine:
        km = _km(a, b)
        return km is None or km <= 25
    return True


def source_rule(event: Event, name: str) -> str | None:
    """The rule that first decided ``name`` of ``event``, through any merges: a merged
    field's rule keeps its source after a colon ("merged from mention at 90: time in the
    sentence")."""
    rule = event.rule(name)
    if rule is not None and rule.startswith(_MERGED):
        _, _, source = rule.partition(": ")
        return source or None
    return rule


def _date_strength(event: Event) -> float:
    """2 for a date its own sentence states (1.5 when the mention only reports a casualty:
    "died Friday" dates the death, not the shooting), 1 from the paragraph, 0 a default
    window, -1 none."""
    if event.date.start is None:
        return -1
    strength = _DATE_SOURCE.get(event.date_by or "", 0)
    return strength - 0.5 if strength == 2 and event.mention == "casualty" else strength


def _own_place(event: Event) -> bool:
    """Whether the event's place comes from its own sentence, not a fallback."""
    return event.place is not None and event.place_by == "sentence"


def _countries(e: Event) -> tuple[str | None, str | None]:
    return (e.actor1.country if e.actor1 else None, e.actor2.country if e.actor2 else None)


def compatible(a: Event, b: Event, incident: bool = False) -> bool:
    """Whether two mentions can be the same event (see module doc). Between two mentions
    of one incident (``incident``), sub-types that only the trigger words set ("shot",
    "struck") do not contradict; those that a cue word sets do; and the days they state may
    be a day apart (``NEXT_DAY``)."""
    if a.plover != b.plover:
        return False
    if a.acled_sub_event_type != b.acled_sub_event_type:
        specific = (type_specificity(a), type_specificity(b))
        if min(specific) >= 2 and (not incident or max(specific) >= 3):
            return False
    (a1, a2), (b1, b2) = _countries(a), _countries(b)
    if (a1 and b1 and a1 != b1) or (a2 and b2 and a2 != b2):
        return False
    clash = "firefight" in (a.plover_mode, b.plover_mode)  # in a clash either side may suffer
    # Reversed roles: the attacker of one is the victim of the other, and the two sides are
    # known to differ. A side of unknown country proves nothing (domestic violence, where
    # every actor takes the place's country, is never "reversed").
    if not clash and ((a1 and a2 and b2 and a1 == b2 and a1 != a2) or (a2 and b1 and b2 and a2 == b1 and b1 != b2)):
        return False
    da, db = a.date, b.date
    stated = _OWN_DATES.issuperset({a.date_by, b.date_by})
    if stated and da.start and db.start and da.end and db.end and (da.end < db.start or db.end < da.start):
        gap = max((db.start - da.end).days, (da.start - db.end).days)
        if not (_died_later(a, b) or _died_later(b, a) or (incident and gap <= NEXT_DAY)):
            return False
    return _places_agree(a.place, b.place)


def _died_later(casualty: Event, act: Event) -> bool:
    """A death reported on a day soon after the act that caused it: "was shot Thursday ...
    died Friday" (at most ``DIED_WITHIN_DAYS`` later)."""
    if casualty.mention != "casualty" or act.mention == "casualty" or casualty.killed is None:
        return False
    start, end = casualty.date.start, act.date.end
    return start is not None and end is not None and 0 < (start - end).days <= DIED_WITHIN_DAYS


def _refers(later: Event, earlier: Event) -> bool:
    if later.mention in ("definite", "casualty"):
        return True
    filled_a = {r for r in ("actor1", "actor2") if getattr(earlier, r) is not None}
    filled_b = {r for r in ("actor1", "actor2") if getattr(later, r) is not None}
    if filled_a and filled_b and filled_a.isdisjoint(filled_b):
        return True
    (a1, a2), (b1, b2) = _countries(earlier), _countries(later)
    return bool((a1 and a1 == b1) or (a2 and a2 == b2))


def same_incident(later: Event, earlier: Event, distinct: Callable[[Event], bool] | None = None) -> bool:
    """Whether a later mention of violence is the earlier one's incident told again (see
    the module doc); ``compatible`` is checked apart."""
    if later.plover not in INCIDENT_TYPES or later.plover != earlier.plover:
        return False
    if later.background or earlier.background:
        return False
    return distinct is None or not distinct(later)


def _finer_date(a: Event, b: Event) -> Event:
    return a if _DATE_ORDER.get(a.date.precision, 9) <= _DATE_ORDER.get(b.date.precision, 9) else b


def _named_over(main: Event, other: Event, named: Callable[[Actor | None], bool] | None) -> dict[str, Actor]:
    """The actors ``other`` names where ``main`` only describes the same party: "the
    statement's Kataib Hezbollah" over the summary's "Iran-backed forces". Same role, same
    country (or one unknown), both armed, never the party on the other
    side, and never from a casualty clause, whose people may be either side of a fight;
    both are mentions of one event (merging checked the rest)."""
    out: dict[str, Actor] = {}
    if named is None or other.mention == "casualty":
        return out  # the people a casualty clause counts may be either side of a fight
    for role, opposite in (("actor1", "actor2"), ("actor2", "actor1")):
        mine, theirs, facing = getattr(main, role), getattr(other, role), getattr(main, opposite)
        if mine is None or theirs is None or (mine.country and theirs.country and mine.country != theirs.country):
            continue
        if not (is_armed(mine) and is_armed(theirs)):
            continue  # "protesters" and a union named in a second protest may be two parties
        if facing is not None and _same_party(theirs, facing):
            continue
        if named(theirs) and not named(mine):
            out[role] = theirs
    return out


def _same_party(a: Actor, b: Actor) -> bool:
    """Whether two actors' names share a capitalised word ("Al Shabaab militants", "Al Shabaab")."""
    def names(x: Actor) -> set[str]:
        return {w.strip("().,'’").casefold() for w in x.name.split() if w[:1].isupper()} - {"the", "a", "an"}
    return bool(names(a) & names(b))


def _better_date(main: Event, other: Event, latest: dt.date | None = None) -> bool:
    """Whether ``other``'s date is the more specific of two mentions of one event: of two
    windows one inside the other, the narrower ("Friday" inside the reporting window, not
    "in February" around it); else the one the text states more directly (its own
    sentence, then the paragraph, then a default), then the finer precision. A date after
    ``latest`` (publication) is never taken: a court date, not the event's."""
    a, b = main.date, other.date
    if b.start is None or (latest is not None and b.start > latest):
        return False
    if a.start is None or a.end is None or b.end is None:
        return True
    inside, around = a.start <= b.start and b.end <= a.end, b.start <= a.start and a.end <= b.end
    if inside != around:
        return inside
    strength, main_strength = _date_strength(other), _date_strength(main)
    if strength != main_strength:
        return strength > main_strength
    return _finer_date(main, other) is other and b.precision != a.precision


def _retypes(main: Event, other: Event, told_again: bool) -> bool:
    """Whether ``other``'s type replaces ``main``'s (see ``combine``)."""
    if told_again:
        # The incident told again keeps the type its first telling gave, unless the later
        # one says fire was exchanged: "started shooting ... the police shot back".
        return (other.plover_mode == "firefight" != main.plover_mode and other.acled_event_type == "Battles"
                and type_specificity(main) < 3)
    return type_specificity(other) > type_specificity(main)


def _fill_missing(main: Event, other: Event, names: tuple[str, ...], taken: dict[str, Any], moved: set[str]) -> None:
    """Take each of the fields ``names`` that ``main`` lacks and ``other`` has."""
    for name in names:
        if getattr(main, name) is None and getattr(other, name) is not None:
            taken[name] = getattr(other, name)
            moved.add(name)


def _take_referred(main: Event, other: Event, latest: dt.date | None, taken: dict[str, Any], moved: set[str]) -> None:
    """What a mention that refers back ("the strikes") gives: the fields ``main`` lacks,
    and a date it states more strongly."""
    _fill_missing(main, other, ("actor1", "actor2", "place", *COUNT_KINDS), taken, moved)
    if _date_strength(other) > max(_date_strength(main), 0) and _better_date(main, other, latest):
        # "The shooting happened Friday": a back-reference that states the day.
        taken["date"] = other.date
        moved.add("date")


def _better_place(main: Event, other: Event) -> bool:
    """Whether ``other``'s place is finer than ``main``'s, or as fine and its own sentence's."""
    if other.place is None:
        return False
    if main.place is None or _finer_place(other.place, main.place):
        return True
    return other.place.precision == main.place.precision and _own_place(other) and not _own_place(main)


def _take_restated(main: Event, other: Event, latest: dt.date | None, taken: dict[str, Any], moved: set[str]) -> None:
    """What another mention of the event gives: its better date and place, and the
    fields ``main`` lacks."""
    if _better_date(main, other, latest):
        taken["date"] = other.date
        moved.add("date")
    if _better_place(main, other):
        taken["place"] = other.place
        moved.add("place")
    _fill_missing(main, other, ("actor1", "actor2", *COUNT_KINDS), taken, moved)


def combine(main: Event, other: Event, named: Callable[[Actor | None], bool] | None = None,
            latest: dt.date | None = None, told_again: bool = False) -> Event:
    """``main`` with the fields that ``other`` states more precisely.

    ``told_again``: ``other`` joins as the incident told again (``same_incident``), not by
    referring back; it does not re-type ``main`` (a later sentence's "mortar shell" is
    one moment of the clash), except that an exchange of fire makes it a clash.

    A mention that refers back ("the strikes") only fills fields ``main`` lacks: its
    sentence is usually about something else, so its place and time are not the event's.
    Either way, an actor that ``other`` names where ``main`` only describes the same party
    (``named`` says which words name one) takes the name. ``claimed_by`` stays the first
    mention's: what the article asserts in its own voice does not become a claim because
    a quote repeats it.
    """
    taken: dict[str, Any] = dict(_named_over(main, other, named))
    moved: set[str] = set(taken)
    if _retypes(main, other, told_again):
        # The words for the event itself ("the strikes") type it wherever they stand.
        taken.update(
            acled_event_type=other.acled_event_type, acled_sub_event_type=other.acled_sub_event_type,
            plover_mode=other.plover_mode or main.plover_mode,
        )
        moved.add("acled")
    if other.mention == "definite":
        _take_referred(main, other, latest, taken, moved)
    else:
        _take_restated(main, other, latest, taken, moved)
    _larger_counts(main, other, taken, moved)
    return _with_moved(main, other, taken, moved)


def _finer_place(a: Place, b: Place) -> bool:
    return _PLACE_ORDER.get(a.precision or "", 9) < _PLACE_ORDER.get(b.precision or "", 9)


def _figure(count: Count | None) -> int | None:
    if count is None:
        return None
    return next((v for v in (count.best, count.low, count.high) if v is not None), None)


def _larger_counts(main: Event, other: Event, taken: dict[str, Any], moved: set[str]) -> None:
    """Each count the article gives in its own voice that ``other`` states higher than
    ``main``: a toll rises as victims die ("a second victim died Saturday"), and an early
    sentence may count only some of the victims. A claim (``claimed_by``) wins only over an
    earlier figure of the same source ("police said two ... police said three"): a party's
    figure never replaces the article's own or another party's; nothing replaces a coder's
    note of the figure ("Fatalities coded as 0 (X reported 1)")."""
    for name in COUNT_KINDS:
        mine, theirs = taken.get(name, getattr(main, name)), getattr(other, name)
        if mine is None or theirs is None or is_coded(mine):
            continue  # a coder's note ("Fatalities coded as 0") is the figure, whatever else is said
        if theirs.claimed_by is not None and (theirs.claimed_by.casefold() != (mine.claimed_by or "").casefold()):
            continue
        a, b = _figure(mine), _figure(theirs)
        if a is not None and b is not None and b > a:
            taken[name] = theirs
            moved.add(name)


def _all_counts(main: Event, other: Event) -> tuple[Count, ...]:
    """Every count of both mentions, each once, in text order."""
    seen = {(c.kind, c.start) for c in main.counts}
    extra = tuple(c for c in other.counts if (c.kind, c.start) not in seen)
    return tuple(sorted(main.counts + extra, key=lambda c: (c.start or 0, c.kind or ""))) if extra else main.counts


def _with_moved(main: Event, other: Event, taken: dict[str, Any], moved: set[str]) -> Event:
    counts = _all_counts(main, other)
    for kind in COUNT_KINDS:
        current = taken.get(kind, getattr(main, kind))
        if current is not None and current.claimed_by is not None:
            own = asserted(current, counts)
            if own is not current:
                # The other mention gives the figure in the article's own voice.
                taken[kind] = own
                if any(c.start == own.start and c.kind == own.kind for c in other.counts):
                    moved.add(kind)
    merged = dataclasses.replace(main, counts=counts, **taken, **_typed_moved(other, moved))
    for name in moved:
        if name != "acled":
            source = source_rule(other, name) if name in ("date", "place") else None
            merged = merged.with_rule(name, f"{_MERGED}{other.trigger_start}" + (f": {source}" if source else ""))
        else:
            merged = merged.with_rule("acled", other.rule("acled") or "merged")
    kept = [e for e in merged.evidence if e.field not in moved]
    kept += [e for e in other.evidence if e.field in moved or (e.field == "acled" and "acled" in moved)]
    kept.append(Evidence("mention", other.trigger_start, other.trigger_end, other.trigger))
    return dataclasses.replace(merged, evidence=tuple(kept))


def _typed_moved(other: Event, moved: set[str]) -> dict[str, Any]:
    """The typed fields that go with the fields ``moved`` from ``other``: which rule typed
    it, whether its place is its own sentence's, and actor1 no longer a guess."""
    typed: dict[str, Any] = {}
    if "acled" in moved:
        typed["typed_by"] = other.typed_by
    if "place" in moved:
        typed["place_by"] = other.place_by
    if "date" in moved:
        typed["date_by"] = other.date_by
    if "actor1" in moved:
        typed["actor1_guess"] = None
    return typed


def _consequence_of(casualty: Event, act: Event) -> bool:
    """A consequence the parse left apart from the act of violence of its own sentence:
    "shelled their positions, injuring several fighters"."""
    return (
        casualty.mention == "casualty" and act.mention != "casualty"
        and act.plover == "ASSAULT"
    )


def _one_sentence(a: Event, b: Event, text: str | None) -> bool:
    """Whether two mentions stand in one sentence. A line break between them parts them
    even where the parser ran a headline into the lead."""
    if a.sentence_start != b.sentence_start:
        return False
    lo, hi = sorted((a.trigger_start, b.trigger_start))
    return text is None or "\n" not in text[lo:hi]


def merge_mentions(events: tuple[Event, ...], named: Callable[[Actor | None], bool] | None = None,
                   distinct: Callable[[Event], bool] | None = None, text: str | None = None,
                   latest: dt.date | None = None) -> tuple[Event, ...]:
    """Merge the mentions of one event (see the module doc). ``named`` says whether an
    actor's words name a party, for the name to win over a description; ``distinct``
    whether a mention's words say it is another event ("another shooting"); ``text``, the
    article's, where its lines are (a headline is not its lead's sentence); ``latest``, its
    publication date, after which no mention's date is the event's."""
    kept: list[Event] = []
    for event in sorted(events, key=lambda e: e.trigger_start):
        # "In a separate incident, a man was shot": no earlier mention is this one told again
        # (asked only when a back-reference would merge it).
        another = functools.cache(lambda e=event: distinct is not None and e.plover in INCIDENT_TYPES and distinct(e))
        for i, earlier in enumerate(kept):
            if is_furniture(earlier) != is_furniture(event):
                continue  # a teaser of another story is never the article's event told again
            if _one_sentence(earlier, event, text):
                if compatible(earlier, event):
                    if _consequence_of(event, earlier):
                        kept[i] = combine(earlier, event, named, latest)
                        break
                    if _consequence_of(earlier, event):
                        kept[i] = combine(event, earlier, named, latest)
                        break
                continue
            if compatible(earlier, event) and _refers(event, earlier) and not another():
                kept[i] = combine(earlier, event, named, latest)
                break
            if same_incident(event, earlier, distinct) and compatible(earlier, event, incident=True):
                kept[i] = combine(earlier, event, named, latest, told_again=True)
                break
        else:
            kept.append(event)
    return tuple(kept)


@stage(
    "merge",
    requires=("events", "events.actor1", "events.place", "events.date", "events.killed", "events.claimed_by",
              "events.furniture"),
    assigns=("events.merged", "events.acled", "events.actor1", "events.actor2", "events.place", "events.date",
             "events.killed", "events.injured", "events.arrested", "events.abducted", "events.displaced", "events.counts"),
)
def merge_events(analysis: Analysis, resources: Any) -> dict[str, Any]:
    lex = getattr(resources, "lexicons", None)
    named: Callable[[Actor | None], bool] | None = None
    distinct: Callable[[Event], bool] | None = None
    if analysis.doc is not None:
        if lex is not None:
            named = functools.partial(names_someone, analysis=analysis, lex=lex)
        distinct = functools.partial(said_to_be_another, doc=analysis.doc, words=report_words())
    return {"events": merge_mentions(analysis.events or (), named, distinct, analysis.article.text,
                                     analysis.article.published)}


def said_to_be_another(event: Event, doc: Any, words: ReportWords) -> bool:
    """Whether the words of a mention say it is another event than one told before:
    "another shooting", "a second attack", "In a separate incident, a man was shot"."""
    span = doc.char_span(event.trigger_start, event.trigger_end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    root = span.root
    sent = root.sent
    for tok in sent:
        if tok.i >= span.end:
            break
        if tok.lower_ in words.distinct_mentions and tok.dep_ in ("amod", "det", "nummod"):
            head = tok.head
            if head.i == root.i or (head.lemma_.lower() in words.distinct_heads and head.i < root.i):
                return True
    return False
