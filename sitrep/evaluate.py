"""Scoring sitrep against gold data ("gold v1" JSON Lines): ``sitrep evaluate``.

A gold record is ``{"id", "set", "published", "text", "events": [...], "places": [...],
"times": [...]}``. The runner feeds ``Article(id, text, published)`` to a pipeline and
compares what it returns with the rest. The text fed is repaired as every reader
repairs it (``sitrep.repair``); where that changes it, the gold spans are moved into the
repaired text first (``gold_in``), so both sides index the same words. Each section applies to the records that carry
its annotation:

events (ACLED-style sets, gold events with ``event_type``)
    The rank-0 predicted event against the first gold event: type and sub-type (exact,
    case-folded), country (alpha-3), admin1 (normalised names, equal or one containing
    the other), great-circle distance within 25 and 100 km, ``date.start`` equal to
    ``event_date``, fatalities exact (``killed.best``, else ``low``/``high``, no count =
    0) overall and where the gold figure is above 0, actor1 inter code, actor2 inter
    code where the gold has an actor2. An article with no predicted event is wrong on
    every field; ``no_event`` says how many had none.
plover (PLOVER-GSR, gold events with ``plover``)
    Rank-0 ``plover`` against the gold type; ``type_acc_draft_mapped`` also counts the
    earlier draft's types the gold uses as their current ones (see ``PLOVER_DRAFT``).
    Source (target) country: ``actor1`` (``actor2``) ``.country`` among the gold source
    (target) codes, over records that have such codes.
places
    Predicted mentions (``Analysis.places`` with offsets) against gold toponyms. Spans
    match when they overlap, one to one, largest overlap first. Precision, recall, F1
    over spans; for matched spans the great-circle error (an unresolved prediction
    counts as ``MAX_ERROR_KM``): accuracy within 161 km, median, mean and AUC (mean of
    log(1 + error) / log(MAX_ERROR_KM), lower is better). ``places_no_demonyms``
    repeats it for LGL with the gold demonyms removed (rule: ``is_demonym``), and with
    the predictions that overlap a removed gold demonym removed too.
times
    Relaxed span P/R/F1 (overlap, one to one), value accuracy over matched spans
    (exact TIMEX3 strings), value F1 = relaxed F1 x value accuracy (TempEval-3).
kairos (WikiEvents, gold events with ``kairos``)
    Article-level detection of violence: gold positive when the article has an
    Attack, Die or Injure event; sitrep positive when one of its events is violent
    (``is_violent_event``). Precision, recall, F1 and accuracy; ``deaths_found``: share
    of articles with a gold Die event where some predicted event has a killed count
    above 0.
gva (US local news with many reports per incident, gold events with ``cluster``)
    Per article, the event compared is the one with the most killed + injured among
    the article's events that have a casualty or are ASSAULT (ties: the lower rank),
    else the rank-0 event. ``has_violent_event``: there is such an event;
    ``killed_exact`` and ``injured_exact``: its counts (best, else low/high, none = 0)
    equal the incident's totals (an article with no event is wrong, as for ACLED);
    ``date_within_1day``: ``date.start`` within a day of the
    incident's date; ``admin1``: its place's first-level division is the incident's
    state (names compared as for ACLED); ``within_25km``: its point within 25 km of the
    incident's.

Articles the pipeline fails on are counted (``run.failed``), listed in
``Report.failures`` and scored as if the pipeline had returned nothing, so a failure
never raises a score.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import statistics
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError
from .model import Article, Count, Event, Failure, Place, TimeExpression
from .repair import align, repair

#: Half the Earth's circumference in km: the largest great-circle error there is.
MAX_ERROR_KM = 20039.0
EARTH_RADIUS_KM = 6371.0088
#: Articles per spaCy batch in the runner.
BATCH_SIZE = 32
#: Failures kept in the report (all are counted).
MAX_FAILURES_KEPT = 50

Span = tuple[int, int]
Progress = Callable[[int, int | None], None]


# --------------------------------------------------------------------------- geometry


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def place_error_km(pred_lat: float | None, pred_lon: float | None, gold_lat: float, gold_lon: float) -> float:
    """Error of a predicted point; an unresolved prediction is ``MAX_ERROR_KM`` off."""
    if pred_lat is None or pred_lon is None:
        return MAX_ERROR_KM
    return haversine_km(pred_lat, pred_lon, gold_lat, gold_lon)


def auc_of_errors(errors: Sequence[float]) -> float | None:
    """Mean of log(1 + error) / log(MAX_ERROR_KM): 0 is perfect, lower is better."""
    if not errors:
        return None
    top = math.log(MAX_ERROR_KM)
    return sum(min(math.log1p(e), top) / top for e in errors) / len(errors)


# --------------------------------------------------------------------------- spans


def overlap(a: Span, b: Span) -> int:
    """Characters two half-open spans share (0 when they do not overlap)."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match_spans(gold: Sequence[Span], pred: Sequence[Span]) -> list[tuple[int, int]]:
    """Pairs (gold index, predicted index) of overlapping spans, one to one.

    Pairs are taken greedily by largest overlap, ties by position, so a prediction
    covering two gold spans matches only one of them.
    """
    candidates = [
        (-overlap(g, p), gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(pred)
        if overlap(g, p) > 0
    ]
    candidates.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, gi, pi in candidates:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return sorted(pairs)


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float | None, float | None, float | None]:
    """Precision, recall and F1; None where the denominator is 0."""
    p = tp / n_pred if n_pred else None
    r = tp / n_gold if n_gold else None
    if p is None or r is None:
        f = None
    else:
        f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


# --------------------------------------------------------------------------- names

#: Generic words dropped from admin1 names before comparing them.
ADMIN1_GENERIC = frozenset(
    "province provincia provinsi state region regione district governorate county department "
    "departement departamento oblast krai kray prefecture municipality division parish canton "
    "emirate wilaya territory capital federal autonomous special administrative city of the "
    "al el de do da".split()
)


def fold(text: str) -> str:
    """Accents stripped, case-folded, punctuation to spaces, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    plain = "".join(c if c.isalnum() else " " for c in plain)
    return " ".join(plain.split())


def normalise_admin1(name: str | None) -> str:
    """An admin1 name folded and cleared of generic words ("Sindh Province" -> "sindh")."""
    if not name:
        return ""
    return " ".join(w for w in fold(name).split() if w not in ADMIN1_GENERIC)


def admin1_match(pred: str | None, gold: str | None) -> bool:
    """Equal, or one normalised name contains the other (both non-empty)."""
    p, g = normalise_admin1(pred), normalise_admin1(gold)
    if not p or not g:
        return False
    return p == g or p in g or g in p


def same_admin1_unit(pred: str | None, gold: str | None, country: str | None, gazetteer: Any) -> bool:
    """``admin1_match``, or the gazetteer knows the gold name (or a spelling of it) as a
    first-level division of the gold country whose name is the predicted one: ACLED's
    "Idleb", "Banadir" and "Lower Shabelle" are GeoNames' "Idlib", "Banaadir" and
    "Shabeellaha Hoose". Used for ``admin1_same_unit``; ``admin1`` compares names only."""
    if admin1_match(pred, gold):
        return True
    p = normalise_admin1(pred)
    if not p or not gold or not country:
        return False
    entries = tuple(gazetteer.candidates(gold)) or tuple(gazetteer.similar(gold))
    return any(
        e.feature == "admin1" and e.country == country and normalise_admin1(e.name) == p for e in entries
    )


def country_code(name: str | None) -> str | None:
    """ISO alpha-3 for a country name as gold files spell it ("Ivory Coast" -> "CIV").

    Uses ``sitrep.resources.countries.name_to_alpha3``; when that module cannot be
    imported, a small local table (``_FALLBACK_COUNTRIES``) and pycountry, if installed.
    """
    if not name:
        return None
    try:
        from .resources.countries import name_to_alpha3
    except ImportError:
        return _fallback_country_code(name)
    return name_to_alpha3(name) or _fallback_country_code(name)


#: Names the ISO short names do not match: only used when ``resources.countries`` is missing.
_FALLBACK_COUNTRIES = {
    "ivory coast": "CIV", "cote d ivoire": "CIV", "democratic republic of congo": "COD",
    "democratic republic of the congo": "COD", "dr congo": "COD", "republic of congo": "COG",
    "congo": "COG", "russia": "RUS", "iran": "IRN", "syria": "SYR", "palestine": "PSE",
    "palestinian territory": "PSE", "kosovo": "XKX", "bolivia": "BOL", "venezuela": "VEN",
    "tanzania": "TZA", "vietnam": "VNM", "laos": "LAO", "moldova": "MDA", "south korea": "KOR",
    "north korea": "PRK", "united states": "USA", "united kingdom": "GBR", "czech republic": "CZE",
    "turkey": "TUR", "eswatini": "SWZ", "micronesia": "FSM", "curacao": "CUW", "taiwan": "TWN",
    "north macedonia": "MKD", "east timor": "TLS", "cape verde": "CPV", "brunei": "BRN",
}


def _fallback_country_code(name: str) -> str | None:
    key = fold(name)
    if key in _FALLBACK_COUNTRIES:
        return _FALLBACK_COUNTRIES[key]
    if len(name) == 3 and name.isupper():
        return name
    try:
        import pycountry
    except ImportError:
        return None
    try:
        return pycountry.countries.lookup(name).alpha_3
    except LookupError:
        return None


# --------------------------------------------------------------------------- demonyms

#: Endings of English demonyms and adjectives of nationality (after a plural "s").
DEMONYM_ENDINGS = ("ian", "an", "ese", "i", "ish", "ch")
#: Demonyms whose first four letters differ from their country's name.
IRREGULAR_DEMONYMS = frozenset(
    "american british briton english scottish welsh irish dutch french spanish danish "
    "finnish polish swiss filipino".split()
)


def is_demonym(text: str, country: str | None = None, admin1: str | None = None) -> bool:
    """Whether a gold toponym is a demonym ("Palestinian", "Iraqis"), not a place name.

    The rule, on the folded text with a plural "s" removed:

    1. it ends like a demonym (``DEMONYM_ENDINGS``) and is not an abbreviation ("Mich.");
    2. it is not itself the gold country or admin1 name, and its last word is not a
       word of those names ("Tehran" in "Ostan-e Tehran"), except the first word of a
       longer country name ("Saudi" of "Saudi Arabia");
    3. its last word is a well-known irregular demonym (``IRREGULAR_DEMONYMS``), or
       shares its first four letters with a word of the gold country or admin1 name
       while being at most four letters longer ("Sudanese"/"Sudan",
       "Ontarians"/"Ontario"; not "Manhattan"/"New York"). Words ending in "polis"
       are city names. A span with no gold country ("European") passes on 1 alone.
    """
    folded = fold(text)
    if not folded or text.rstrip().endswith("."):
        return False
    base = folded[:-1] if folded.endswith(("ans", "is", "chs")) else folded
    if not base.endswith(DEMONYM_ENDINGS) or base.endswith("poli"):
        return False
    names = [fold(n) for n in (country, admin1) if n]
    if folded in names:
        return False
    last_word = folded.split()[-1]
    last = base.split()[-1]
    country_words = fold(country).split() if country else []
    exempt = country_words[0] if len(country_words) > 1 else None
    if last_word != exempt and any(last_word in n.split() for n in names):
        return False
    if last in IRREGULAR_DEMONYMS:
        return True
    if not names:
        return True
    words = [w for n in names for w in n.split() if len(w) >= 3]
    return any(w[:4] == last[:4] and len(last) <= len(w) + 4 for w in words)


# --------------------------------------------------------------------------- events


def rank0_event(events: Sequence[Event] | None) -> Event | None:
    """The event with the lowest rank (rank 0 first), ties by order; None when none."""
    if not events:
        return None
    return min(enumerate(events), key=lambda pair: (pair[1].rank, pair[0]))[1]


def fatalities_of(count: Count | None) -> int:
    """The number a killed count codes: ``best``, else ``low``, else ``high``; none = 0."""
    if count is None:
        return 0
    for value in (count.best, count.low, count.high):
        if value is not None:
            return value
    return 0


def parse_date(value: Any) -> dt.date | None:
    """An ISO date string as a date; None when absent or unreadable."""
    if not value or not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


#: ACLED event types that are political violence.
VIOLENT_ACLED_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
#: KAIROS type prefixes that mark violence in a WikiEvents article.
VIOLENT_KAIROS_PREFIXES = ("Conflict.Attack", "Life.Die", "Life.Injure")
#: Earlier PLOVER draft types the GSR uses, and the current type each became.
PLOVER_DRAFT = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT", "INVESTIGATE": "ACCUSE"}


def is_violent_event(event: Event) -> bool:
    """An ASSAULT, an ACLED political-violence type, or anyone reported killed or injured."""
    return (
        event.plover == "ASSAULT"
        or event.acled_event_type in VIOLENT_ACLED_TYPES
        or fatalities_of(event.killed) > 0
        or fatalities_of(event.injured) > 0
    )


def same_label(pred: str | None, gold: str | None) -> bool:
    """Exact match after case-folding; a missing prediction never matches."""
    return pred is not None and gold is not None and pred.casefold() == gold.casefold()


# --------------------------------------------------------------------------- report


@dataclass(frozen=True)
class Metric:
    """One figure: ``value`` over ``n`` items. ``kind`` is rate, score, km or count."""

    value: float | None
    n: int
    kind: str = "rate"

    def shown(self) -> str:
        if self.value is None:
            return "-"
        if self.kind == "count":
            return f"{int(self.value):,}"
        if self.kind == "km":
            return f"{self.value:,.1f} km"
        return f"{self.value:.3f}"


class Tally:
    """Counts of hits over items, by metric name, in insertion order."""

    def __init__(self) -> None:
        self.hits: dict[str, int] = {}
        self.total: dict[str, int] = {}

    def add(self, name: str, hit: bool) -> None:
        self.hits[name] = self.hits.get(name, 0) + int(hit)
        self.total[name] = self.total.get(name, 0) + 1

    def declare(self, name: str) -> None:
        """Make ``name`` appear in the results even if no item is ever added."""
        self.hits.setdefault(name, 0)
        self.total.setdefault(name, 0)

    def metrics(self) -> dict[str, Metric]:
        return {
            name: Metric(self.hits[name] / n if n else None, n) for name, n in self.total.items()
        }


@dataclass
class Report:
    """The result of one evaluation run, grouped by section.

    ``sections`` maps a section ("run", "events", "plover", "places",
    "places_no_demonyms", "times", "kairos") to its metrics; a section appears only
    when the gold records carry what it scores.
    """

    gold_path: str
    sets: dict[str, int] = field(default_factory=dict)
    sections: dict[str, dict[str, Metric]] = field(default_factory=dict)
    failures: list[dict[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    def metric(self, section: str, name: str) -> float | None:
        """The value of one metric (None when absent or undefined)."""
        m = self.sections.get(section, {}).get(name)
        return m.value if m else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "gold": self.gold_path,
            "sets": dict(self.sets),
            "seconds": round(self.seconds, 3),
            "sections": {
                sec: {name: {"value": m.value, "n": m.n, "kind": m.kind} for name, m in ms.items()}
                for sec, ms in self.sections.items()
            },
            "failures": list(self.failures),
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def format(self) -> str:
        """A plain-text table: one block per section, metric / value / n."""
        sets = ", ".join(f"{k} ({v})" for k, v in sorted(self.sets.items())) or "none"
        lines = [f"gold: {self.gold_path}", f"sets: {sets}", f"time: {self.seconds:.1f} s"]
        width = max((len(n) for ms in self.sections.values() for n in ms), default=10)
        for sec, ms in self.sections.items():
            lines.append("")
            lines.append(f"[{sec}]")
            for name, m in ms.items():
                lines.append(f"  {name:<{width}}  {m.shown():>12}  n={m.n:,}")
        for fail in self.failures[:10]:
            lines.append(f"failed: {fail['id']}: {fail['error']}")
        if len(self.failures) > 10:
            lines.append(f"... and {len(self.failures) - 10} more failures kept in the JSON report")
        return "\n".join(lines)


# --------------------------------------------------------------------------- scorers


class AcledScorer:
    """Rank-0 event against the first gold event of an ACLED-style record."""

    FIELDS = (
        "event_type", "sub_event_type", "country", "admin1", "within_25km", "within_100km",
        "date_exact", "fatalities_exact", "fatalities_exact_gold_pos", "inter1", "inter2",
    )

    def __init__(self, gazetteer: Any = None) -> None:
        self.tally = Tally()
        for name in self.FIELDS:
            self.tally.declare(name)
        #: With a gazetteer, ``admin1_same_unit`` also counts a gold name the gazetteer
        #: resolves to the predicted unit under another spelling ("Idleb" / "Idlib").
        self.gazetteer = gazetteer
        if gazetteer is not None:
            self.tally.declare("admin1_same_unit")
        self.articles = 0
        self.no_event = 0
        self.unmapped_country = 0

    def add(self, gold: dict[str, Any], pred: Event | None) -> None:
        t = self.tally
        self.articles += 1
        if pred is None:
            self.no_event += 1
        place = pred.place if pred else None
        t.add("event_type", pred is not None and same_label(pred.acled_event_type, gold.get("event_type")))
        t.add("sub_event_type", pred is not None and same_label(pred.acled_sub_event_type, gold.get("sub_event_type")))
        gold_country = country_code(gold.get("country"))
        if gold.get("country") and gold_country is None:
            self.unmapped_country += 1
        t.add("country", bool(place and gold_country and place.country == gold_country))
        t.add("admin1", bool(place and admin1_match(place.admin1, gold.get("admin1"))))
        if self.gazetteer is not None:
            t.add("admin1_same_unit", bool(place and same_admin1_unit(
                place.admin1, gold.get("admin1"), gold_country, self.gazetteer)))
        glat, glon = gold.get("lat"), gold.get("lon")
        if glat is not None and glon is not None:
            err = place_error_km(place.lat, place.lon, glat, glon) if place else MAX_ERROR_KM
            t.add("within_25km", err <= 25.0)
            t.add("within_100km", err <= 100.0)
        gold_date = parse_date(gold.get("event_date"))
        if gold_date is not None:
            t.add("date_exact", bool(pred and pred.date.start == gold_date))
        gold_dead = gold.get("fatalities")
        if isinstance(gold_dead, int):
            hit = pred is not None and fatalities_of(pred.killed) == gold_dead
            t.add("fatalities_exact", hit)
            if gold_dead > 0:
                t.add("fatalities_exact_gold_pos", hit)
        if gold.get("inter1") is not None:
            t.add("inter1", bool(pred and pred.actor1 and pred.actor1.acled_inter == gold["inter1"]))
        if gold.get("actor2") and gold.get("inter2") is not None:
            t.add("inter2", bool(pred and pred.actor2 and pred.actor2.acled_inter == gold["inter2"]))

    def metrics(self) -> dict[str, Metric]:
        out = {
            "articles": Metric(self.articles, self.articles, "count"),
            "no_event": Metric(self.no_event, self.articles, "count"),
        }
        out.update(self.tally.metrics())
        if self.unmapped_country:
            out["gold_country_unmapped"] = Metric(self.unmapped_country, self.articles, "count")
        return out


def _codes(actors: Iterable[dict[str, Any]]) -> set[str]:
    return {str(a["code"]).upper() for a in actors if a.get("code")}


class PloverScorer:
    """Rank-0 event against a PLOVER-GSR record."""

    def __init__(self) -> None:
        self.tally = Tally()
        for name in ("type", "type_draft_mapped", "source_country", "target_country"):
            self.tally.declare(name)
        self.articles = 0
        self.no_event = 0

    def add(self, gold: dict[str, Any], pred: Event | None) -> None:
        self.articles += 1
        if pred is None:
            self.no_event += 1
        gold_type = gold.get("plover")
        plover = pred.plover if pred else None
        self.tally.add("type", same_label(plover, gold_type))
        mapped = PLOVER_DRAFT.get(str(gold_type).upper(), gold_type)
        self.tally.add("type_draft_mapped", same_label(plover, mapped))
        for name, key, actor in (
            ("source_country", "source", pred.actor1 if pred else None),
            ("target_country", "target", pred.actor2 if pred else None),
        ):
            codes = _codes(gold.get(key) or ())
            if codes:
                got = actor.country.upper() if actor and actor.country else None
                self.tally.add(name, got in codes)

    def metrics(self) -> dict[str, Metric]:
        out = {
            "articles": Metric(self.articles, self.articles, "count"),
            "no_event": Metric(self.no_event, self.articles, "count"),
        }
        out.update(self.tally.metrics())
        return out


class SpanScorer:
    """Span P/R/F1 counts shared by places and times."""

    def __init__(self) -> None:
        self.tp = 0
        self.n_pred = 0
        self.n_gold = 0

    def count(self, n_gold: int, n_pred: int, n_matched: int) -> None:
        self.n_gold += n_gold
        self.n_pred += n_pred
        self.tp += n_matched

    def prf_metrics(self, prefix: str = "") -> dict[str, Metric]:
        p, r, f = prf(self.tp, self.n_pred, self.n_gold)
        return {
            f"{prefix}precision": Metric(p, self.n_pred, "score"),
            f"{prefix}recall": Metric(r, self.n_gold, "score"),
            f"{prefix}f1": Metric(f, self.tp, "score"),
        }


def _pred_place_spans(places: Sequence[Place] | None) -> list[tuple[Span, Place]]:
    return [
        ((p.start, p.end), p)
        for p in places or ()
        if p.start is not None and p.end is not None and p.end > p.start
    ]


class PlaceScorer(SpanScorer):
    """Toponym spans and their resolution error; optionally without gold demonyms."""

    def __init__(self, skip_demonyms: bool = False) -> None:
        super().__init__()
        self.skip_demonyms = skip_demonyms
        self.errors: list[float] = []
        self.demonyms = 0

    def add(self, gold: Sequence[dict[str, Any]], pred: Sequence[Place] | None) -> None:
        gold = list(gold)
        preds = _pred_place_spans(pred)
        if self.skip_demonyms:
            dropped = [
                (g["start"], g["end"]) for g in gold
                if is_demonym(g.get("text", ""), g.get("country"), g.get("admin1"))
            ]
            self.demonyms += len(dropped)
            gold = [g for g in gold if (g["start"], g["end"]) not in dropped]
            preds = [(s, p) for s, p in preds if not any(overlap(s, d) for d in dropped)]
        gold_spans = [(g["start"], g["end"]) for g in gold]
        pairs = match_spans(gold_spans, [s for s, _ in preds])
        self.count(len(gold_spans), len(preds), len(pairs))
        for gi, pi in pairs:
            g, p = gold[gi], preds[pi][1]
            if g.get("lat") is None or g.get("lon") is None:
                continue
            self.errors.append(place_error_km(p.lat, p.lon, g["lat"], g["lon"]))

    @classmethod
    def merged(cls, parts: Sequence[PlaceScorer], skip_demonyms: bool = False) -> PlaceScorer:
        """One scorer holding the counts and errors of ``parts``."""
        out = cls(skip_demonyms=skip_demonyms)
        for part in parts:
            out.count(part.n_gold, part.n_pred, part.tp)
            out.errors.extend(part.errors)
            out.demonyms += part.demonyms
        return out

    def metrics(self) -> dict[str, Metric]:
        out = self.prf_metrics()
        errs = self.errors
        n = len(errs)
        out["acc_161km"] = Metric(sum(e <= 161.0 for e in errs) / n if n else None, n)
        out["median_error"] = Metric(statistics.median(errs) if n else None, n, "km")
        out["mean_error"] = Metric(statistics.fmean(errs) if n else None, n, "km")
        out["auc"] = Metric(auc_of_errors(errs), n, "score")
        if self.skip_demonyms:
            out["gold_demonyms_removed"] = Metric(self.demonyms, self.demonyms, "count")
        return out


class TimeScorer(SpanScorer):
    """Relaxed time spans and TIMEX3 values."""

    def __init__(self) -> None:
        super().__init__()
        self.values = Tally()
        self.values.declare("value_accuracy")

    def add(self, gold: Sequence[dict[str, Any]], pred: Sequence[TimeExpression] | None) -> None:
        preds = [t for t in pred or () if t.end > t.start]
        gold_spans = [(g["start"], g["end"]) for g in gold]
        pairs = match_spans(gold_spans, [(t.start, t.end) for t in preds])
        self.count(len(gold_spans), len(preds), len(pairs))
        for gi, pi in pairs:
            gv, pv = gold[gi].get("value"), preds[pi].value
            self.values.add("value_accuracy", pv is not None and pv == gv)

    @classmethod
    def merged(cls, parts: Sequence[TimeScorer]) -> TimeScorer:
        """One scorer holding the counts of ``parts``."""
        out = cls()
        for part in parts:
            out.count(part.n_gold, part.n_pred, part.tp)
            for name in part.values.total:
                out.values.hits[name] = out.values.hits.get(name, 0) + part.values.hits[name]
                out.values.total[name] = out.values.total.get(name, 0) + part.values.total[name]
        return out

    def metrics(self) -> dict[str, Metric]:
        out = self.prf_metrics("relaxed_")
        acc = self.values.metrics()["value_accuracy"]
        out["value_accuracy"] = acc
        f1 = out["relaxed_f1"].value
        out["value_f1"] = Metric(f1 * acc.value if f1 is not None and acc.value is not None else None, self.tp, "score")
        return out


class KairosScorer:
    """Article-level violence detection against WikiEvents KAIROS events."""

    def __init__(self) -> None:
        self.tp = self.fp = self.fn = self.tn = 0
        self.deaths = Tally()
        self.deaths.declare("deaths_found")

    def add(self, gold: Sequence[dict[str, Any]], pred: Sequence[Event] | None) -> None:
        kinds = [str(e.get("kairos", "")) for e in gold]
        gold_violent = any(k.startswith(VIOLENT_KAIROS_PREFIXES) for k in kinds)
        pred_violent = any(is_violent_event(e) for e in pred or ())
        if gold_violent and pred_violent:
            self.tp += 1
        elif gold_violent:
            self.fn += 1
        elif pred_violent:
            self.fp += 1
        else:
            self.tn += 1
        if any(k.startswith("Life.Die") for k in kinds):
            self.deaths.add("deaths_found", any(fatalities_of(e.killed) > 0 for e in pred or ()))

    def metrics(self) -> dict[str, Metric]:
        n = self.tp + self.fp + self.fn + self.tn
        p, r, f = prf(self.tp, self.tp + self.fp, self.tp + self.fn)
        return {
            "articles": Metric(n, n, "count"),
            "gold_violent_articles": Metric(self.tp + self.fn, n, "count"),
            "violence_precision": Metric(p, self.tp + self.fp, "score"),
            "violence_recall": Metric(r, self.tp + self.fn, "score"),
            "violence_f1": Metric(f, self.tp, "score"),
            "violence_accuracy": Metric((self.tp + self.tn) / n if n else None, n),
            **self.deaths.metrics(),
        }


def gva_event(events: Sequence[Event] | None) -> Event | None:
    """The event a gva-news article is scored on: among its events with a casualty or of
    type ASSAULT, the one with the most killed + injured (the lower rank on a tie), else
    the rank-0 event."""
    violent = [e for e in events or () if e.killed or e.injured or e.plover == "ASSAULT"]
    if not violent:
        return rank0_event(events)
    return max(violent, key=lambda e: (fatalities_of(e.killed) + fatalities_of(e.injured), -e.rank))


class GvaScorer:
    """One article's most violent event against the incident it reports (gva-news)."""

    FIELDS = ("has_violent_event", "killed_exact", "injured_exact", "date_within_1day", "admin1", "within_25km")

    def __init__(self) -> None:
        self.tally = Tally()
        for name in self.FIELDS:
            self.tally.declare(name)
        self.articles = 0

    def add(self, gold: dict[str, Any], events: Sequence[Event] | None) -> None:
        t = self.tally
        self.articles += 1
        pred = gva_event(events)
        violent = pred is not None and bool(pred.killed or pred.injured or pred.plover == "ASSAULT")
        t.add("has_violent_event", violent)
        for name, key, count in (("killed_exact", "fatalities", "killed"), ("injured_exact", "injured", "injured")):
            if isinstance(gold.get(key), int):
                t.add(name, pred is not None and fatalities_of(getattr(pred, count)) == gold[key])
        gold_date = parse_date(gold.get("event_date"))
        if gold_date is not None:
            start = pred.date.start if pred else None
            t.add("date_within_1day", start is not None and abs((start - gold_date).days) <= 1)
        place = pred.place if pred else None
        if gold.get("admin1"):
            t.add("admin1", bool(place and admin1_match(place.admin1, gold["admin1"])))
        glat, glon = gold.get("lat"), gold.get("lon")
        if glat is not None and glon is not None:
            t.add("within_25km", place is not None and place_error_km(place.lat, place.lon, glat, glon) <= 25.0)

    def metrics(self) -> dict[str, Metric]:
        return {"articles": Metric(self.articles, self.articles, "count"), **self.tally.metrics()}


def cluster_metrics(pred: Mapping[str, str], gold: Mapping[str, str]) -> dict[str, Metric]:
    """B-cubed and pairwise precision, recall and F1 of a partition of items (``pred``:
    item -> predicted cluster) against the gold one (item -> gold cluster); items are the
    keys of ``gold``. B-cubed averages, over items, the share of an item's predicted
    cluster that is in its gold cluster (precision) and the share of its gold cluster
    that is in its predicted cluster (recall); pairwise counts the pairs of items put
    together."""
    items = list(gold)
    by_pred: dict[str, set[str]] = {}
    by_gold: dict[str, set[str]] = {}
    for item in items:
        by_pred.setdefault(pred[item], set()).add(item)
        by_gold.setdefault(gold[item], set()).add(item)
    n = len(items)
    bp = sum(len(by_pred[pred[i]] & by_gold[gold[i]]) / len(by_pred[pred[i]]) for i in items) / n if n else None
    br = sum(len(by_pred[pred[i]] & by_gold[gold[i]]) / len(by_gold[gold[i]]) for i in items) / n if n else None
    bf = 2 * bp * br / (bp + br) if bp is not None and br is not None and bp + br else None

    def pairs(k: int) -> int:
        return k * (k - 1) // 2

    together: dict[tuple[str, str], int] = {}
    for item in items:
        key = (pred[item], gold[item])
        together[key] = together.get(key, 0) + 1
    tp = sum(pairs(k) for k in together.values())
    pp, pr, pf = prf(tp, sum(pairs(len(c)) for c in by_pred.values()), sum(pairs(len(c)) for c in by_gold.values()))
    return {
        "bcubed_precision": Metric(bp, n, "score"), "bcubed_recall": Metric(br, n, "score"),
        "bcubed_f1": Metric(bf, n, "score"),
        "pairwise_precision": Metric(pp, n, "score"), "pairwise_recall": Metric(pr, n, "score"),
        "pairwise_f1": Metric(pf, n, "score"),
    }


class IncidentScorer:
    """Many reports, one incident (gva-news): clusters every article's events with
    ``sitrep.incidents`` once all are read, then scores the partition of articles (each
    article's incident is its rank-0 event's) and the incidents' fields: each gold
    incident against the predicted incident that holds most of its articles."""

    FIELDS = ("killed_exact", "injured_exact", "date_within_1day", "admin1", "within_25km")

    def __init__(self, settings: Any = None) -> None:
        self.settings = settings
        self.reports: list[Any] = []
        self.main: dict[str, str | None] = {}  # article id -> its rank-0 event id
        self.gold: dict[str, str] = {}  # article id -> gold cluster
        self.gold_events: dict[str, dict[str, Any]] = {}  # gold cluster -> its gold event

    def add(self, gold: dict[str, Any], article_id: str, article: Article | None, events: Sequence[Event] | None) -> None:
        """One article (``article`` None when coding it failed: it is an incident of its own)."""
        from .incidents import Report as IncidentReport

        self.gold[article_id] = str(gold["cluster"])
        self.gold_events.setdefault(str(gold["cluster"]), gold)
        main = rank0_event(events) if article is not None else None
        self.main[article_id] = main.event_id if main is not None else None
        if article is not None:
            self.reports.extend(IncidentReport.from_event(e, article) for e in events or ())

    def metrics(self) -> dict[str, Metric]:
        from .incidents import Clusterer, build_incident

        clusterer = Clusterer(self.settings).add_all(self.reports)
        pred = {a: clusterer.incident_of(e) if e else f"alone:{a}" for a, e in self.main.items()}
        out = {"articles": Metric(len(self.gold), len(self.gold), "count"), **cluster_metrics(pred, self.gold)}
        built = {}
        for group in clusterer.groups():
            made = build_incident(group, clusterer.settings, clusterer.sketches)
            built[made.id] = made
        by_gold: dict[str, list[str]] = {}
        for article_id, cluster in self.gold.items():
            by_gold.setdefault(cluster, []).append(pred[article_id])
        tally = Tally()
        for name in self.FIELDS:
            tally.declare(name)
        for cluster, preds in sorted(by_gold.items()):
            gold = self.gold_events[cluster]
            top = min(set(preds), key=lambda p: (-preds.count(p), p))
            incident = built.get(top)
            for name, key, kind in (("killed_exact", "fatalities", "killed"), ("injured_exact", "injured", "injured")):
                if isinstance(gold.get(key), int):
                    count = incident.counts.get(kind) if incident else None
                    tally.add(name, (count.best if count and count.best is not None else 0) == gold[key])
            gold_date = parse_date(gold.get("event_date"))
            if gold_date is not None:
                start = incident.date.start if incident else None
                tally.add("date_within_1day", start is not None and abs((start - gold_date).days) <= 1)
            place = incident.place if incident else None
            if gold.get("admin1"):
                tally.add("admin1", bool(place and admin1_match(place.admin1, gold["admin1"])))
            if gold.get("lat") is not None and gold.get("lon") is not None:
                tally.add("within_25km", bool(place) and place_error_km(
                    place.lat if place else None, place.lon if place else None, gold["lat"], gold["lon"]) <= 25.0)
        out["incidents_gold"] = Metric(len(by_gold), len(by_gold), "count")
        out["incidents_predicted"] = Metric(len(set(pred.values())), len(pred), "count")
        out.update({f"incident_{k}": v for k, v in tally.metrics().items()})
        return out


# --------------------------------------------------------------------------- records

#: Sets whose gold places include demonyms.
DEMONYM_SETS = ("lgl",)
#: Event annotation kind by set-name prefix, for records whose event list is empty.
SET_EVENT_KIND = {"acled": "acled", "plover": "plover", "wikievents": "kairos", "gva": "gva"}


def event_kind(record: dict[str, Any]) -> str | None:
    """"acled", "plover", "kairos" or "gva": which event scorer applies to a gold record."""
    events = record.get("events") or []
    if events:
        first = events[0]
        if "event_type" in first:
            return "acled"
        if "plover" in first:
            return "plover"
        if "kairos" in first:
            return "kairos"
        if "cluster" in first:
            return "gva"
        return None
    name = str(record.get("set") or "")
    for prefix, kind in SET_EVENT_KIND.items():
        if name.startswith(prefix):
            return kind
    return None


def read_gold(path: str | Path, limit: int | None = None) -> Iterator[dict[str, Any]]:
    """Stream gold records; blank lines skipped, broken ones raise ``InputError``."""
    path = Path(path)
    if not path.is_file():
        raise InputError("R007", origin=str(path))
    count = 0
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if limit is not None and count >= limit:
                return
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError("R002", origin=f"{path}:{lineno}", reason=exc.msg) from exc
            if not isinstance(record, dict):
                raise InputError("R008", origin=f"{path}:{lineno}")
            if not isinstance(record.get("text"), str):
                raise InputError("R003", origin=f"{path}:{lineno}")
            count += 1
            yield record


def article_of(record: dict[str, Any]) -> Article:
    """The article sitrep sees: id, text and publication date only, the text repaired
    as every reader repairs it (``sitrep.repair``)."""
    fixed = repair(record["text"])
    return Article(
        id=str(record.get("id", "")), text=fixed.text, published=parse_date(record.get("published")),
        repairs=fixed.repairs,
    )


#: Gold annotations that locate spans in the text.
SPAN_SECTIONS = ("places", "times")


def gold_in(record: dict[str, Any], text: str) -> dict[str, Any]:
    """The gold record with its spans moved into ``text``, the repaired text sitrep was fed.

    Gold offsets index the text as the file has it; where repair changed it, each span's
    ``start``, ``end`` and ``text`` are carried over (``sitrep.repair.align``), so a
    prediction is scored against the same words. Unchanged records are returned as they are.
    """
    if text == record["text"]:
        return record
    offsets = align(record["text"], text)
    moved = dict(record, text=text)
    for section in SPAN_SECTIONS:
        spans = []
        for span in record.get(section) or ():
            start, end = offsets.span(span["start"], span["end"])
            spans.append({**span, "start": start, "end": end, "text": text[start:end]})
        moved[section] = spans
    return moved


def _count_records(path: str | Path, limit: int | None) -> int:
    with Path(path).open(encoding="utf-8") as fh:
        n = sum(1 for line in fh if line.strip())
    return min(n, limit) if limit is not None else n


# --------------------------------------------------------------------------- runner


@dataclass
class Scorers:
    """Every scorer of one run; sections without gold annotation are left out.

    Places and times are scored per set and merged at the end over the sets that have
    any gold places (times): a set's records without any still count there, so
    predictions in them are false positives, while an events-only set (ACLED) is not
    charged for the places and times sitrep finds in it.
    """

    acled: AcledScorer = field(default_factory=AcledScorer)
    plover: PloverScorer = field(default_factory=PloverScorer)
    kairos: KairosScorer = field(default_factory=KairosScorer)
    gva: GvaScorer = field(default_factory=GvaScorer)
    incidents: IncidentScorer = field(default_factory=IncidentScorer)
    places: dict[str, PlaceScorer] = field(default_factory=dict)
    places_nodem: dict[str, PlaceScorer] = field(default_factory=dict)
    times: dict[str, TimeScorer] = field(default_factory=dict)

    def add(self, record: dict[str, Any], analysis: Any) -> None:
        """Score one gold record against an ``Analysis`` (None when coding failed)."""
        events = getattr(analysis, "events", None) if analysis is not None else None
        places = getattr(analysis, "places", None) if analysis is not None else None
        times = getattr(analysis, "times", None) if analysis is not None else None
        gold_events = record.get("events") or []
        kind = event_kind(record)
        if kind == "acled" and gold_events:
            self.acled.add(gold_events[0], rank0_event(events))
        elif kind == "plover" and gold_events:
            self.plover.add(gold_events[0], rank0_event(events))
        elif kind == "kairos":
            self.kairos.add(gold_events, events)
        elif kind == "gva" and gold_events:
            self.gva.add(gold_events[0], events)
        if gold_events and gold_events[0].get("cluster") is not None:
            article = analysis.article if analysis is not None else None
            self.incidents.add(gold_events[0], str(record.get("id")), article, events)
        name = str(record.get("set") or "")
        self.places.setdefault(name, PlaceScorer()).add(record.get("places") or [], places)
        if name.startswith(DEMONYM_SETS):
            self.places_nodem.setdefault(name, PlaceScorer(skip_demonyms=True)).add(record.get("places") or [], places)
        self.times.setdefault(name, TimeScorer()).add(record.get("times") or [], times)

    def sections(self) -> dict[str, dict[str, Metric]]:
        out: dict[str, dict[str, Metric]] = {}
        if self.acled.articles:
            out["events"] = self.acled.metrics()
        if self.plover.articles:
            out["plover"] = self.plover.metrics()
        annotated = {name for name, sc in self.places.items() if sc.n_gold}
        if annotated:
            out["places"] = PlaceScorer.merged([self.places[n] for n in sorted(annotated)]).metrics()
            nodem = [sc for n, sc in sorted(self.places_nodem.items()) if n in annotated]
            if nodem:
                out["places_no_demonyms"] = PlaceScorer.merged(nodem, skip_demonyms=True).metrics()
        timed = [sc for _, sc in sorted(self.times.items()) if sc.n_gold]
        if timed:
            out["times"] = TimeScorer.merged(timed).metrics()
        if self.kairos.tp + self.kairos.fp + self.kairos.fn + self.kairos.tn:
            out["kairos"] = self.kairos.metrics()
        if self.gva.articles:
            out["gva"] = self.gva.metrics()
        if self.incidents.gold:
            out["incidents"] = self.incidents.metrics()
        return out


def analyse_batch(pipeline: Any, articles: Sequence[Article]) -> list[Any]:
    """An ``Analysis`` or a ``Failure`` for each article, in order: ``batch.analyse_stream``
    (one spaCy pass for the batch; a text that breaks it is parsed alone, an article that
    fails is its ``Failure``). A pipeline without spaCy (any object with ``analyse``)
    analyses one article at a time, and a failure is the exception's ``Failure``."""
    from .batch import analyse_stream, failure_from

    if hasattr(pipeline, "nlp") and hasattr(pipeline, "analyse_doc"):
        return list(analyse_stream(articles, pipeline, batch_size=max(1, len(articles))))
    results: list[Any] = []
    for article in articles:
        try:
            results.append(pipeline.analyse(article))
        except Exception as exc:  # noqa: BLE001 - an article that fails is counted, not fatal
            results.append(failure_from(article, exc, "code"))
    return results


def evaluate(
    gold_path: str | Path,
    pipeline: Any = None,
    limit: int | None = None,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
) -> Report:
    """Run ``pipeline`` over a gold file and score it.

    ``pipeline`` is any object with ``analyse(article)`` (and, for speed,
    ``nlp.pipe`` + ``analyse_doc(article, doc)``); the default is ``Pipeline()``.
    ``limit`` takes the first N records. ``progress(done, total)`` is called after
    each batch.
    """
    started = time.perf_counter()
    total = _count_records(gold_path, limit) if Path(gold_path).is_file() else None
    from .batch import chunks

    records = read_gold(gold_path, limit)
    if pipeline is None:
        from .pipeline import Pipeline

        pipeline = Pipeline()
    scorers = Scorers()
    resources = getattr(pipeline, "resources", None)
    if resources is not None and getattr(resources, "gazetteer", None) is not None:
        scorers.acled = AcledScorer(gazetteer=resources.gazetteer)
    report = Report(gold_path=str(gold_path))
    failed = 0
    done = 0
    for batch in chunks(records, batch_size):
        articles = [article_of(r) for r in batch]
        for record, article, result in zip(batch, articles, analyse_batch(pipeline, articles)):
            name = str(record.get("set") or "?")
            report.sets[name] = report.sets.get(name, 0) + 1
            if isinstance(result, Failure):
                failed += 1
                if len(report.failures) < MAX_FAILURES_KEPT:
                    report.failures.append({"id": article.id, "error": f"{result.code}: {result.message}"})
                result = None
            scorers.add(gold_in(record, article.text), result)
        done += len(batch)
        if progress is not None:
            progress(done, total)
    report.seconds = time.perf_counter() - started
    run = {
        "articles": Metric(done, done, "count"),
        "failed": Metric(failed, done, "count"),
        "articles_per_s": Metric(done / report.seconds if report.seconds else None, done, "score"),
    }
    report.sections = {"run": run, **scorers.sections()}
    return report


__all__ = [
    "Metric", "Report", "Scorers", "admin1_match", "analyse_batch", "article_of", "auc_of_errors",
    "country_code", "evaluate", "event_kind", "fatalities_of", "gold_in", "haversine_km", "is_demonym",
    "is_violent_event", "match_spans", "normalise_admin1", "overlap", "place_error_km", "prf", "same_admin1_unit",
    "rank0_event", "read_gold",
]
