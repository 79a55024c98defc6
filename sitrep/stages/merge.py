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
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Callable
from typing import Any

from ..model import COUNT_KINDS, Actor, Count, Event, Evidence, Place
from ..pipeline import Analysis, stage
from .actors import is_armed, names_someone
from .claims import asserted

_GENERIC_SUBTYPES = {"Attack", "Armed clash", "Peaceful protest"}
_PLACE_ORDER = {"site": 0, "city": 1, "admin2": 2, "admin1": 3, "region": 4, "country": 5}
#: Date rules (``event_dates``) that come from the mention's own text; a date taken from
#: the reporting window or the paragraph is no evidence against a merge.
_OWN_DATE_RULES = {"time in the sentence", None}
_DATE_ORDER = {"day": 0, "week": 1, "range": 2, "month": 3, "year": 4, "unknown": 9}


def type_specificity(event: Event) -> int:
    """3 for a type set by a cue word, 2 by a specific trigger, 1 by actors, 0 a generic default."""
    rule = event.rule("acled") or ""
    if rule.startswith("cue:"):
        return 3
    if rule.startswith("actors:"):
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


def _countries(e: Event) -> tuple[str | None, str | None]:
    return (e.actor1.country if e.actor1 else None, e.actor2.country if e.actor2 else None)


def compatible(a: Event, b: Event) -> bool:
    """Whether two mentions can be the same event (see module doc)."""
    if a.plover != b.plover:
        return False
    if a.acled_sub_event_type != b.acled_sub_event_type:
        if type_specificity(a) >= 2 and type_specificity(b) >= 2:
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
    stated = _OWN_DATE_RULES.issuperset({a.rule("date"), b.rule("date")})
    if stated and da.start and db.start and da.end and db.end and (da.end < db.start or db.end < da.start):
        return False
    return _places_agree(a.place, b.place)


def _refers(later: Event, earlier: Event) -> bool:
    if later.rule("mention") in ("definite", "casualty"):
        return True
    filled_a = {r for r in ("actor1", "actor2") if getattr(earlier, r) is not None}
    filled_b = {r for r in ("actor1", "actor2") if getattr(later, r) is not None}
    if filled_a and filled_b and filled_a.isdisjoint(filled_b):
        return True
    (a1, a2), (b1, b2) = _countries(earlier), _countries(later)
    return bool((a1 and a1 == b1) or (a2 and a2 == b2))


def _finer_date(a: Event, b: Event) -> Event:
    return a if _DATE_ORDER.get(a.date.precision, 9) <= _DATE_ORDER.get(b.date.precision, 9) else b


def _named_over(main: Event, other: Event, named: Callable[[Actor | None], bool] | None) -> dict[str, Actor]:
    """The actors ``other`` names where ``main`` only describes the same party: "the
    statement's Kataib Hezbollah" over the summary's "Iran-backed forces". Same role, same
    country (or one unknown), both armed, never the party on the other
    side, and never from a casualty clause, whose people may be either side of a fight;
    both are mentions of one event (merging checked the rest)."""
    out: dict[str, Actor] = {}
    if named is None or other.rule("mention") == "casualty":
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


def combine(main: Event, other: Event, named: Callable[[Actor | None], bool] | None = None) -> Event:
    """``main`` with the fields that ``other`` states more precisely.

    A mention that refers back ("the strikes") only fills fields ``main`` lacks: its
    sentence is usually about something else, so its place and time are not the event's.
    Either way, an actor that ``other`` names where ``main`` only describes the same party
    (``named`` says which words name one) takes the name. ``claimed_by`` stays the first
    mention's: what the article asserts in its own voice does not become a claim because
    a quote repeats it.
    """
    taken: dict[str, Any] = dict(_named_over(main, other, named))
    moved: set[str] = set(taken)
    if type_specificity(other) > type_specificity(main):
        # The words for the event itself ("the strikes") type it wherever they stand.
        taken.update(
            acled_event_type=other.acled_event_type, acled_sub_event_type=other.acled_sub_event_type,
            plover_mode=other.plover_mode or main.plover_mode,
        )
        moved.add("acled")
    if other.rule("mention") == "definite":
        for name in ("actor1", "actor2", "place", *COUNT_KINDS):
            if getattr(main, name) is None and getattr(other, name) is not None:
                taken[name] = getattr(other, name)
                moved.add(name)
        if main.date.start is None and other.date.start is not None:
            taken["date"] = other.date
            moved.add("date")
        return _with_moved(main, other, taken, moved)
    if _finer_date(main, other) is other and other.date.start is not None and (
        main.date.start is None or other.date.precision != main.date.precision
    ):
        taken["date"] = other.date
        moved.add("date")
    if other.place is not None and (
        main.place is None or _PLACE_ORDER.get(other.place.precision or "", 9) < _PLACE_ORDER.get(main.place.precision or "", 9)
    ):
        taken["place"] = other.place
        moved.add("place")
    for name in ("actor1", "actor2", *COUNT_KINDS):
        if getattr(main, name) is None and getattr(other, name) is not None:
            taken[name] = getattr(other, name)
            moved.add(name)
    return _with_moved(main, other, taken, moved)


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
    merged = dataclasses.replace(main, counts=counts, **taken)
    for name in moved:
        if name != "acled":
            merged = merged.with_rule(name, f"merged from mention at {other.trigger_start}")
        else:
            merged = merged.with_rule("acled", other.rule("acled") or "merged")
    kept = [e for e in merged.evidence if e.field not in moved]
    kept += [e for e in other.evidence if e.field in moved or (e.field == "acled" and "acled" in moved)]
    kept.append(Evidence("mention", other.trigger_start, other.trigger_end, other.trigger))
    return dataclasses.replace(merged, evidence=tuple(kept))


def _consequence_of(casualty: Event, act: Event) -> bool:
    """A consequence the parse left apart from the act of violence of its own sentence:
    "shelled their positions, injuring several fighters"."""
    return (
        casualty.rule("mention") == "casualty" and act.rule("mention") != "casualty"
        and act.plover == "ASSAULT" and casualty.sentence_start == act.sentence_start
    )


def merge_mentions(events: tuple[Event, ...], named: Callable[[Actor | None], bool] | None = None) -> tuple[Event, ...]:
    """Merge the mentions of one event (see the module doc). ``named`` says whether an
    actor's words name a party, for the name to win over a description."""
    kept: list[Event] = []
    for event in sorted(events, key=lambda e: e.trigger_start):
        for i, earlier in enumerate(kept):
            if earlier.sentence_start == event.sentence_start:
                if compatible(earlier, event):
                    if _consequence_of(event, earlier):
                        kept[i] = combine(earlier, event, named)
                        break
                    if _consequence_of(earlier, event):
                        kept[i] = combine(event, earlier, named)
                        break
                continue
            if compatible(earlier, event) and _refers(event, earlier):
                kept[i] = combine(earlier, event, named)
                break
        else:
            kept.append(event)
    return tuple(kept)


@stage(
    "merge",
    requires=("events", "events.actor1", "events.place", "events.date", "events.killed", "events.claimed_by"),
    assigns=("events.merged",),
)
def merge_events(analysis: Analysis, resources: Any) -> dict[str, Any]:
    lex = getattr(resources, "lexicons", None)
    named: Callable[[Actor | None], bool] | None = None
    if lex is not None and analysis.doc is not None:
        named = functools.partial(names_someone, analysis=analysis, lex=lex)
    return {"events": merge_mentions(analysis.events or (), named)}
