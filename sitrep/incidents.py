"""Incidents: one record per real incident, built from every report of it.

News repeats itself: wire copies, local and national outlets, the next day's update and
the trial months later all report one shooting. Each article's event is a ``Report``
here; reports of one incident are joined into an ``Incident`` that keeps every
report's evidence and figures.

How reports are joined (``partition``; docs/incidents.md):

1. **Blocking.** Two reports are compared only when they can be the same incident
   (``compatible``): their places are in the same country (a report placed nowhere is
   compared with none), their PLOVER types agree (or one has none), and their date
   windows are within ``window_days`` ("current"), or one is a background mention of a
   past incident in the same town within ``followup_days`` ("followup").
   ``BlockIndex`` finds them by (country, day) and by (town, period) without comparing
   every pair, so the cost grows with the size of the blocks, not with the store.
2. **Scoring.** ``pair_features`` measures place agreement and precision, date
   distance, type, actors, casualty figures (3 killed against 30 killed), the
   similarity of the two reports' texts (MinHash of word pairs, ``datasketch``) and the
   rare names they share. The weighted sum (``Settings``, read from
   ``data/incidents.yaml``; ``scripts/fit_incidents.py`` fits the weights and chooses the
   thresholds on development data) links the pair when it reaches the threshold;
   ``distinct_people`` vetoes two reports that name different people.
3. **Links to incidents.** Within an article, what follows its incident (an arrest, a
   charge) joins the article's anchor event (``same_article_links``). A current link
   joins its two reports; a background mention joins only the past incident it matches
   best, and brings its article's anchor along. ``resolve`` turns the links into a
   partition that depends on the links alone, so it is the same whatever order the
   reports come in, one article at a time (``Clusterer.add_article``) or all at once.

An incident's fields come from its members (``build_incident``): the most specific type
the members agree on, the most precise date the articles agree on (one vote an article,
weighted to the event it leads with), the most precise place consistent with the others,
and each count as low / best / high over the reports with every report's figure kept
(``best_figure`` holds the rule that picks ``best``).
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import functools
import hashlib
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from .errors import ResourceError
from .model import COUNT_KINDS, PLACE_PRECISIONS, Article, Event, EventDate, Place
from .timex import add_days_within

DATA_FILE = Path(__file__).parent / "data" / "incidents.yaml"

#: The features ``pair_features`` measures, in the order of ``Settings.weights``.
FEATURES = (
    "same_place", "near_place", "same_admin1", "other_admin1", "date_gap", "same_day",
    "same_type", "same_actor", "killed_agree", "killed_clash", "injured_agree", "injured_clash",
    "text", "copy", "followup", "names", "names_disjoint", "counts_match", "other_victims",
)


# --------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class Settings:
    """The numbers clustering uses; ``load`` reads and checks ``data/incidents.yaml``."""

    #: Reports whose date windows are more than this many days apart are never compared.
    window_days: int = 5
    #: A background mention of a past incident ("last month's shooting at X") is compared
    #: with reports of the same town this many days apart.
    followup_days: int = 730
    #: Places within this distance (km) are "near".
    near_km: float = 25.0
    #: Places within this distance (km) are the "same".
    same_km: float = 2.0
    #: MinHash permutations for the text similarity.
    num_perm: int = 64
    #: Below this text similarity, two reports naming different people are two incidents.
    distinct_text: float = 0.1
    #: Text similarity at which two articles are copies of one report.
    copy_similarity: float = 0.8
    #: Weight of each feature (``FEATURES``) and the bias.
    weights: Mapping[str, float] = field(default_factory=dict)
    bias: float = 0.0
    #: A pair whose score reaches this is linked.
    threshold: float = 0.0
    #: A background mention joins the past incident it matches best when their score
    #: reaches this (stricter: one town's mentions of past shootings are many).
    followup_threshold: float = 0.0

    @classmethod
    def load(cls, path: str | Path = DATA_FILE) -> Settings:
        where = str(path)
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ResourceError("L001", path=where, reason=str(exc)) from exc
        if not isinstance(data, dict):
            raise ResourceError("L001", path=where, reason="expected a mapping")
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ResourceError("L001", path=where, reason=f"unknown settings {unknown}")
        weights = data.get("weights") or {}
        if not isinstance(weights, dict) or set(weights) != set(FEATURES):
            missing = sorted(set(FEATURES) - set(weights or {}))
            extra = sorted(set(weights or {}) - set(FEATURES))
            raise ResourceError("L001", path=f"{where}: weights", reason=f"missing {missing}, unknown {extra}")
        numbers = {k: data.get(k, 0.0) for k in ("bias", "threshold", "followup_threshold")}
        for name, value in {**weights, **numbers}.items():
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                raise ResourceError("L001", path=f"{where}: {name}", reason=f"expected a number, got {value!r}")
        for name in ("window_days", "num_perm", "followup_days"):
            if not isinstance(data.get(name, 1), int) or data.get(name, 1) < 0:
                raise ResourceError("L001", path=f"{where}: {name}", reason="expected a whole number >= 0")
        return cls(**{**data, "weights": {k: float(v) for k, v in weights.items()}})


_SETTINGS: Settings | None = None


def default_settings() -> Settings:
    """The packaged settings, read once per process."""
    global _SETTINGS
    if _SETTINGS is None:
        _SETTINGS = Settings.load()
    return _SETTINGS


# --------------------------------------------------------------------------- reports


@dataclass(frozen=True)
class Figure:
    """One report's figure for a count: how many, from which article, who claims it."""

    event_id: str
    article_id: str
    published: dt.date | None
    low: int | None
    best: int | None
    high: int | None
    claimed_by: str | None = None
    text: str | None = None

    @property
    def value(self) -> int | None:
        return next((v for v in (self.best, self.low, self.high) if v is not None), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id, "article_id": self.article_id,
            "published": self.published.isoformat() if self.published else None,
            "low": self.low, "best": self.best, "high": self.high,
            "claimed_by": self.claimed_by, "text": self.text,
        }


@dataclass(frozen=True)
class Report:
    """One event as clustering sees it, with its article's date, outlet and URL."""

    event_id: str
    article_id: str
    published: dt.date | None
    source: str | None
    url: str | None
    title: str | None
    rank: int
    plover: str | None
    acled_event_type: str | None
    acled_sub_event_type: str | None
    date: EventDate
    place: Place | None
    actor1: str | None
    actor2: str | None
    #: kind -> this report's figure (``COUNT_KINDS``); kinds the report gives no figure for are absent.
    figures: Mapping[str, Figure]
    background: bool
    #: The words compared between reports: the event's sentence and the article's lead.
    text: str
    #: Found in page furniture (a teaser of another story): it may join the incident it
    #: reports, never its article's.
    furniture: bool = False

    @property
    def outlet(self) -> str | None:
        """The outlet, else the URL's host (without ``www.``)."""
        if self.source:
            return self.source
        if self.url:
            host = urlsplit(self.url).hostname or ""
            return host.removeprefix("www.") or None
        return None

    @functools.cached_property
    def window(self) -> tuple[dt.date, dt.date] | None:
        """The days the report's incident can have happened on: its event's date window
        when it is at most ``MAX_WINDOW_DAYS`` long, else the week before publication
        (a month or a year says too little to tell incidents apart)."""
        start, end = self.date.start, self.date.end or self.date.start
        if start is not None and end is not None and (end - start).days <= MAX_WINDOW_DAYS:
            return start, end
        if self.published is not None:
            return self.published - dt.timedelta(days=MAX_WINDOW_DAYS), self.published
        return None

    @functools.cached_property
    def day(self) -> dt.date | None:
        return self.window[0] if self.window else None

    @functools.cached_property
    def last_day(self) -> dt.date | None:
        return self.window[1] if self.window else None

    @functools.cached_property
    def names(self) -> frozenset[str]:
        """The capitalised words of the report's text that are not sentence openers or
        common words: victims', streets' and places' names, which tell incidents apart."""
        place = self.place
        own = set(_WORD.findall(f"{place.name} {place.admin1 or ''}")) if place is not None else set()
        return _names(self.text) - own

    @classmethod
    def from_event(cls, event: Event, article: Article) -> Report:
        from .output import event_record

        return cls.from_record(event_record(event, article), article.to_dict())

    @classmethod
    def from_record(cls, event: Mapping[str, Any], article: Mapping[str, Any]) -> Report:
        """From an event's output record (``output.event_record``, as JSONL and the store
        keep it) and its article's record (``Article.to_dict``, or a store row)."""
        published = _date(article.get("published"))
        date = event.get("date") or {}
        place = event.get("place")
        figures = {}
        for kind in COUNT_KINDS:
            count = event.get(kind)
            if count:
                figures[kind] = Figure(
                    event_id=event["event_id"], article_id=event["article_id"], published=published,
                    low=count.get("low"), best=count.get("best"), high=count.get("high"),
                    claimed_by=count.get("claimed_by"), text=count.get("text"),
                )
        sentence = (event.get("sentence") or {}).get("text") or ""
        lead = _lead(article.get("title"), article.get("text") or "")
        return cls(
            event_id=event["event_id"], article_id=event["article_id"], published=published,
            source=article.get("source"), url=article.get("url"), title=article.get("title"),
            rank=int(event.get("rank") or 0), plover=event.get("plover"),
            acled_event_type=event.get("acled_event_type"), acled_sub_event_type=event.get("acled_sub_event_type"),
            date=EventDate(_date(date.get("start")), _date(date.get("end")), date.get("precision") or "unknown",
                           date.get("text")),
            place=Place(**{k: place.get(k) for k in ("name", "country", "admin1", "lat", "lon", "geonameid", "precision")})
            if place else None,
            actor1=(event.get("actor1") or {}).get("name"), actor2=(event.get("actor2") or {}).get("name"),
            figures=figures, background=bool(event.get("background")),
            text=f"{sentence}\n{lead}",
            furniture=any(e.get("field") == "furniture" for e in event.get("evidence") or ()),
        )


#: A date window longer than this (a month, a year) does not place a report in time.
MAX_WINDOW_DAYS = 7

_NAME = re.compile(r"(?<![.!?\n] )(?<!^)\b[A-Z][a-z]{2,}\b")


@functools.lru_cache(maxsize=65536)
def _names(text: str) -> frozenset[str]:
    from wordfreq import zipf_frequency

    found = {m.group(0) for m in _NAME.finditer(text)}
    return frozenset(w for w in found if zipf_frequency(w.lower(), "en") < 4.0)


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _lead(title: str | None, text: str, chars: int = 600) -> str:
    """The title and the first ``chars`` characters of the text: where news style reports its incident."""
    return f"{title or ''}\n{text[:chars]}"


# --------------------------------------------------------------------------- pair features

_WORD = re.compile(r"[^\W\d_]{3,}|\d+", re.UNICODE)


@functools.lru_cache(maxsize=4)
def _empty_sketch(num_perm: int) -> Any:
    """An empty MinHash whose permutations every sketch of this size reuses: datasketch
    draws them from the seed for each new MinHash, which took a tenth of the store's
    incremental assignment, and the same seed always draws the same ones."""
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, seed=1)


@functools.lru_cache(maxsize=16384)
def _sketch_of(text: str, num_perm: int) -> Any:
    """The MinHash of a text's word pairs (never changed once made: shared read-only)."""
    from datasketch import MinHash

    words = [w.lower() for w in _WORD.findall(text)]
    shingles = {" ".join(words[i:i + 2]).encode("utf-8") for i in range(max(1, len(words) - 1))}
    empty = _empty_sketch(num_perm)
    found = MinHash(num_perm=num_perm, seed=1, permutations=empty.permutations, scheme=empty.scheme)
    found.update_batch(list(shingles))
    return found


class TextSketches:
    """MinHash sketches of reports' texts (``datasketch``), made once per report; the
    sketches of recent texts are kept across instances too (``_sketch_of``), so a store
    assigning one article at a time does not sketch its candidates again each time."""

    def __init__(self, num_perm: int = 64) -> None:
        self.num_perm = num_perm
        self._cache: dict[str, Any] = {}

    def sketch(self, report: Report) -> Any:
        found = self._cache.get(report.event_id)
        if found is None:
            found = self._cache[report.event_id] = _sketch_of(report.text, self.num_perm)
        return found

    def similarity(self, a: Report, b: Report) -> float:
        return float(self.sketch(a).jaccard(self.sketch(b)))


def km_between(a: Place, b: Place) -> float | None:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)  # type: ignore[arg-type]
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)  # type: ignore[operator]
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _precise(place: Place) -> bool:
    """A place finer than a first-level division: a town or a site."""
    return place.precision in ("site", "city", "admin2")


def _days_apart(a: Report, b: Report) -> int | None:
    """Days between the two reports' date windows (0 when they overlap)."""
    if a.day is None or b.day is None:
        return None
    if a.last_day < b.day:  # type: ignore[operator]
        return (b.day - a.last_day).days  # type: ignore[operator]
    if b.last_day < a.day:  # type: ignore[operator]
        return (a.day - b.last_day).days  # type: ignore[operator]
    return 0


def compatible(a: Report, b: Report, settings: Settings) -> str | None:
    """Whether two reports can be one incident at all (the blocking rules): "current"
    when their dates are within ``window_days``; "followup" when one is a background
    mention of a past incident in the same town, within ``followup_days``; else None."""
    if a.article_id == b.article_id or a.place is None or b.place is None:
        return None
    if a.place.country != b.place.country or a.place.country is None:
        return None
    if a.plover and b.plover and a.plover != b.plover:
        return None
    gap = _days_apart(a, b)
    if gap is None:
        return None
    if gap <= settings.window_days:
        return "current"
    if (a.background or b.background) and gap <= settings.followup_days and _same_town(a.place, b.place):
        return "followup"
    return None


def _same_town(a: Place, b: Place) -> bool:
    return a.geonameid is not None and a.geonameid == b.geonameid and _precise(a)


def _agree(a: Figure | None, b: Figure | None) -> tuple[float, float]:
    """(agree, clash) for two figures of one count: equal, or far apart (3 against 30)."""
    if a is None or b is None or a.value is None or b.value is None:
        return 0.0, 0.0
    x, y = a.value, b.value
    if x == y:
        return 1.0, 0.0
    lo, hi = min(x, y), max(x, y)
    # Counts grow as victims die and reports are updated: 2 against 3 is no clash.
    return 0.0, 1.0 if hi - lo > max(2, lo) else 0.0


def _other_victims(a: Report, b: Report) -> bool:
    """One report counts only dead, the other only wounded: other victims (an update
    that raises a toll still counts the wounded it started from)."""
    def kinds(r: Report) -> set[str]:
        return {k for k in ("killed", "injured") if k in r.figures and (r.figures[k].value or 0) > 0}

    ka, kb = kinds(a), kinds(b)
    return len(ka) == 1 and len(kb) == 1 and ka != kb


def _actor_words(name: str | None) -> set[str]:
    return {w.lower() for w in _WORD.findall(name or "") if len(w) > 3}


def pair_features(a: Report, b: Report, settings: Settings, sketches: TextSketches) -> dict[str, float]:
    """The features of a compatible pair (``FEATURES``), each in [0, 1]."""
    pa, pb = a.place, b.place
    assert pa is not None and pb is not None
    km = km_between(pa, pb)
    both_precise = _precise(pa) and _precise(pb)
    same = (pa.geonameid is not None and pa.geonameid == pb.geonameid) or (
        both_precise and km is not None and km <= settings.same_km)
    near = both_precise and km is not None and km <= settings.near_km
    same_admin1 = pa.admin1 is not None and pa.admin1 == pb.admin1
    other_admin1 = pa.admin1 is not None and pb.admin1 is not None and pa.admin1 != pb.admin1
    followup = compatible(a, b, settings) == "followup"
    gap = 0 if followup else _days_apart(a, b)
    same_day = gap == 0 and a.date.precision == "day" and b.date.precision == "day" and not followup
    killed = _agree(a.figures.get("killed"), b.figures.get("killed"))
    injured = _agree(a.figures.get("injured"), b.figures.get("injured"))
    text = sketches.similarity(a, b)
    return {
        "same_place": float(same), "near_place": float(near and not same),
        "same_admin1": float(same_admin1), "other_admin1": float(other_admin1),
        "date_gap": min(1.0, (gap or 0) / max(1, settings.window_days)), "same_day": float(same_day),
        "same_type": float(a.acled_event_type is not None and a.acled_event_type == b.acled_event_type),
        "same_actor": float(bool(_actor_words(a.actor1) & _actor_words(b.actor1))),
        "killed_agree": killed[0], "killed_clash": killed[1],
        "injured_agree": injured[0], "injured_clash": injured[1],
        "text": text, "copy": float(text >= settings.copy_similarity), "followup": float(followup),
        "names": _jaccard(a.names, b.names),
        "names_disjoint": float(len(a.names) >= 2 and len(b.names) >= 2 and not a.names & b.names),
        "counts_match": float(killed[0] == 1.0 and injured[0] == 1.0),
        "other_victims": float(_other_victims(a, b)),
    }


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def distinct_people(features: Mapping[str, float], settings: Settings) -> bool:
    """Two reports that name different people, share little text and count different
    victims are two incidents, however close in place and time: two shootings in one
    town on one day. (A fixed
    rule, not a fitted weight: in the development data such pairs are too rare for a
    weight to learn it.)"""
    return bool(features["names_disjoint"]) and features["text"] < settings.distinct_text and bool(
        features["killed_clash"] or features["injured_clash"] or features["other_victims"])


def pair_score(features: Mapping[str, float], settings: Settings) -> float:
    return settings.bias + sum(settings.weights.get(k, 0.0) * v for k, v in features.items())


def linked(a: Report, b: Report, settings: Settings, sketches: TextSketches) -> bool:
    """Whether a pair of reports is one incident."""
    return compatible(a, b, settings) is not None and pair_score(pair_features(a, b, settings, sketches), settings) >= settings.threshold


# --------------------------------------------------------------------------- blocking


#: The longest run of days a report is filed under (``_block_keys``), after its first.
MAX_BLOCK_DAYS = 31


def _block_keys(report: Report, settings: Settings) -> Iterator[tuple[str, dt.date]]:
    """The (country, day) cells a report is filed under: every day of its window."""
    if report.place is None or report.place.country is None or report.day is None:
        return
    start, end = report.day, report.last_day or report.day
    days = min((end - start).days, MAX_BLOCK_DAYS)
    for i in range(days + 1):
        yield report.place.country, start + dt.timedelta(days=i)


class BlockIndex:
    """Reports filed by (country, day), and by town and period for follow-ups, to find
    the ones a new report can be compared with without comparing it with every report.
    A report meets those of its country within ``window_days`` of its window, and the
    reports of its town within ``followup_days`` (for follow-ups: the town lists are cut
    into periods of ``TOWN_PERIOD_DAYS``, so a store of many years is not read whole)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._cells: dict[tuple[str, dt.date], list[Report]] = collections.defaultdict(list)
        self._towns: dict[tuple[str, int, int], list[Report]] = collections.defaultdict(list)
        self._background: dict[tuple[str, int, int], list[Report]] = collections.defaultdict(list)

    @staticmethod
    def _town(report: Report) -> tuple[str, int] | None:
        place = report.place
        if place is None or place.country is None or place.geonameid is None or not _precise(place):
            return None
        return place.country, place.geonameid

    def add(self, report: Report) -> None:
        for key in _block_keys(report, self.settings):
            self._cells[key].append(report)
        town = self._town(report)
        if town is not None and report.day is not None:
            town_key = (*town, _period(report.day))
            self._towns[town_key].append(report)
            if report.background:
                self._background[town_key].append(report)

    def candidates(self, report: Report) -> list[Report]:
        seen: dict[str, Report] = {}
        w = self.settings.window_days
        for country, day in _block_keys(report, self.settings):
            for i in range(-w, w + 1):
                for other in self._cells.get((country, day + dt.timedelta(days=i)), ()):
                    seen.setdefault(other.event_id, other)
        town = self._town(report)
        if town is not None and report.day is not None and report.last_day is not None:
            # A background mention meets the reports of its town; any report meets the
            # background mentions of its town: those of the periods within followup_days.
            cells = self._towns if report.background else self._background
            reach = self.settings.followup_days
            first, last = add_days_within(report.day, -reach), add_days_within(report.last_day, reach)
            for period in range(_period(first), _period(last) + 1):
                for other in cells.get((*town, period), ()):
                    seen.setdefault(other.event_id, other)
        seen.pop(report.event_id, None)
        return sorted(seen.values(), key=lambda r: r.event_id)


#: The length of the periods the town lists of ``BlockIndex`` are cut into.
TOWN_PERIOD_DAYS = 30


def _period(day: dt.date) -> int:
    return day.toordinal() // TOWN_PERIOD_DAYS


# --------------------------------------------------------------------------- clustering


def anchor_of(reports: Sequence[Report]) -> Report | None:
    """The report an article's incident hangs on: its violent event with the most killed
    and injured (ties: the lower rank), else its rank-0 event; background mentions of
    past incidents only when nothing else is there."""
    current = [r for r in reports if not r.background] or list(reports)
    if not current:
        return None
    violent = [r for r in current if _violent(r)]
    if violent:
        return max(violent, key=lambda r: (_casualties(r), -r.rank, r.event_id))
    return min(current, key=lambda r: (r.rank, r.event_id))


def _casualties(report: Report) -> int:
    return sum((report.figures[k].value or 0) for k in ("killed", "injured") if k in report.figures)


def same_article_links(reports: Sequence[Report], settings: Settings) -> list[tuple[str, str]]:
    """Pairs of one article's events that are one incident.

    What follows an incident in the same article (the arrest, the charge, a statement)
    belongs to it: every event of another PLOVER type than ASSAULT joins the article's
    anchor (``anchor_of``). Another violent event joins it too when its place and date
    allow (the ``merge`` stage keeps mentions apart that it cannot prove are one), and
    stays apart when it is elsewhere or at another time: two shootings in two towns.

    An article whose news is not violence (a sentencing, a vigil, a lawsuit) is about the
    violence it recalls: its anchor joins the recalled violent event (a background
    mention) with the most casualties whose place allows, and the incident is dated by it."""
    anchor = anchor_of(reports)
    if anchor is None:
        return []
    out = []
    for report in reports:
        if report is anchor or report.background:
            continue
        if report.plover != "ASSAULT":
            out.append((anchor.event_id, report.event_id))
        elif anchor.plover == "ASSAULT" and _same_scene(anchor, report, settings):
            out.append((anchor.event_id, report.event_id))
    if not anchor.background and not _violent(anchor):
        recalled = [r for r in reports if r.background and not r.furniture and _violent(r)
                    and _same_scene(anchor, r, settings, dated=False)]
        if recalled:
            past = max(recalled, key=lambda r: (_casualties(r), -r.rank, r.event_id))
            out.append((anchor.event_id, past.event_id))
    return out


def _violent(report: Report) -> bool:
    return report.plover == "ASSAULT" or "killed" in report.figures or "injured" in report.figures


def _same_scene(a: Report, b: Report, settings: Settings, dated: bool = True) -> bool:
    """Two violent events of one article whose places and dates (unless not ``dated``)
    do not tell them apart, and that are not an attack and the reprisal for it
    (``_reprisal``)."""
    if _reprisal(a, b, settings):
        return False
    if a.place is not None and b.place is not None:
        if a.place.country != b.place.country:
            return False
        if a.place.admin1 and b.place.admin1 and a.place.admin1 != b.place.admin1:
            return False
        km = km_between(a.place, b.place)
        if _precise(a.place) and _precise(b.place) and km is not None and km > settings.near_km:
            return False
    gap = _days_apart(a, b) if dated else None
    if gap is not None and gap > settings.window_days and a.date.precision == "day" == b.date.precision:
        return False
    return True


def _reprisal(a: Report, b: Report, settings: Settings) -> bool:
    """The side one event attacks is the side that attacks in the other, and they have no
    attacker in common: an attack and the strike back at its authors ("militias hit the
    base; US forces struck the militias' sites"), two incidents. An exchange of fire at
    one spot (police and a gunman shooting at each other) is one: both places precise
    and within ``same_km``."""
    a1, a2, b1, b2 = (_actor_words(x) for x in (a.actor1, a.actor2, b.actor1, b.actor2))
    if not (a1 & b2 or a2 & b1) or a1 & b1:
        return False
    if a.place is not None and b.place is not None and _precise(a.place) and _precise(b.place):
        km = km_between(a.place, b.place)
        return km is None or km > settings.same_km
    return True


@dataclass(frozen=True)
class Link:
    """Evidence that two events are one incident.

    ``kind`` is "article" (two events of one article: ``same_article_links``), "current"
    (reports within ``window_days`` whose score reaches the threshold) or "followup" (a
    background mention ``a`` of a past incident and a report ``b`` of it). Links depend on
    their two reports alone, so a store can keep them and rebuild the same partition."""

    a: str
    b: str
    kind: str
    score: float = 0.0
    #: For a follow-up: the article of the mention, and that article's anchor event.
    article_id: str | None = None
    anchor: str | None = None


def article_links(reports: Sequence[Report], candidates: Iterable[Report], settings: Settings,
                  sketches: TextSketches) -> list[Link]:
    """The links of one article's reports: among themselves, and with ``candidates``
    (reports of other articles, from ``BlockIndex.candidates`` or a store's query)."""
    links = [Link(a, b, "article") for a, b in same_article_links(reports, settings)]
    anchor = anchor_of(reports)
    own = {r.event_id for r in reports}
    for other in sorted({c.event_id: c for c in candidates if c.event_id not in own}.values(), key=lambda r: r.event_id):
        for report in reports:
            mode = compatible(report, other, settings)
            if mode is None:
                continue
            features = pair_features(report, other, settings, sketches)
            if distinct_people(features, settings):
                continue
            score = pair_score(features, settings)
            if score < (settings.followup_threshold if report.background or other.background else settings.threshold):
                continue
            if not (report.background or other.background):
                links.append(Link(report.event_id, other.event_id, "current", score))
                continue
            # A background mention, near in time or not, joins one past incident only.
            for mention, target in ((report, other), (other, report)):
                if mention.background and not target.background:
                    # A teaser's event joins the incident it reports, never with its article.
                    carrier = None if mention.furniture else mention.article_id
                    holder = anchor if mention is report and carrier else None
                    links.append(Link(mention.event_id, target.event_id, "followup", score, carrier,
                                      holder.event_id if holder is not None else None))
    return links


class _Partition:
    """Union-find over event ids; the root of a set is its smallest id."""

    def __init__(self, event_ids: Iterable[str]) -> None:
        self.parent = {e: e for e in event_ids}

    def __contains__(self, key: str) -> bool:
        return key in self.parent

    def root(self, key: str) -> str:
        parent = self.parent
        top = key
        while parent[top] != top:
            top = parent[top]
        while parent[key] != top:
            parent[key], key = top, parent[key]
        return top

    def join(self, a: str, b: str) -> None:
        ra, rb = self.root(a), self.root(b)
        if ra != rb:
            lo, hi = sorted((ra, rb))  # the smaller id is the root, whatever the order
            self.parent[hi] = lo

    def roots(self) -> dict[str, str]:
        return {e: self.root(e) for e in self.parent}


def _join_links(partition: _Partition, links: Iterable[Link]) -> tuple[dict[str, tuple[float, str]],
                                                                        dict[str, tuple[float, str, str]]]:
    """Join the events of every "article" and "current" link; of the follow-up links,
    keep each mention's best (score, target) and each article's best (score, mention,
    target)."""
    best_mention: dict[str, tuple[float, str]] = {}
    best_article: dict[str, tuple[float, str, str]] = {}
    for link in links:
        if link.a not in partition or link.b not in partition:
            continue
        if link.kind != "followup":
            partition.join(link.a, link.b)
            continue
        best_mention[link.a] = max(best_mention.get(link.a, (float("-inf"), "")), (link.score, link.b))
        if link.article_id is not None:
            best_article[link.article_id] = max(best_article.get(link.article_id, (float("-inf"), "", "")),
                                                (link.score, link.a, link.b))
    return best_mention, best_article


def resolve(event_ids: Iterable[str], links: Iterable[Link], anchors: Mapping[str, str] | None = None) -> dict[str, str]:
    """event id -> the root event id of its incident (the smallest event id in it).

    Links of kind "article" and "current" join their events. A background mention joins
    only the past incident it matches best (its highest-scoring follow-up link), so a
    town's many mentions of past shootings never chain its incidents together; and an
    article joins, through its best-matching mention, that one past incident: a
    follow-up (an arrest, a trial) is a report of the incident. ``anchors`` gives each
    article's anchor event (``anchor_of``) for links that do not carry it."""
    partition = _Partition(event_ids)
    best_mention, best_article = _join_links(partition, links)
    for mention, (_, target) in sorted(best_mention.items()):
        partition.join(mention, target)
    for article_id, (_, mention, _target) in sorted(best_article.items()):
        anchor = (anchors or {}).get(article_id)
        if anchor is not None and anchor in partition:
            partition.join(anchor, mention)
    return partition.roots()


class Clusterer:
    """Incremental clustering in memory: each article's reports are linked among
    themselves and with the reports already added (``article_links``); the partition
    (``resolve``) depends on the links alone, so it does not depend on the order in which
    articles are added, and equals what a store's incremental assignment and its
    rebuild give."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or default_settings()
        self.sketches = TextSketches(self.settings.num_perm)
        self.index = BlockIndex(self.settings)
        self.reports: dict[str, Report] = {}
        self.links: list[Link] = []
        self.anchors: dict[str, str] = {}
        self._final: dict[str, str] | None = None

    def add_article(self, reports: Sequence[Report]) -> None:
        """One article's reports (all of its events)."""
        fresh = [r for r in reports if r.event_id not in self.reports]
        if not fresh:
            return
        candidates = {c.event_id: c for r in fresh for c in self.index.candidates(r)}
        self.links.extend(article_links(fresh, candidates.values(), self.settings, self.sketches))
        anchor = anchor_of(fresh)
        if anchor is not None:
            self.anchors[anchor.article_id] = anchor.event_id
        for report in fresh:
            self.reports[report.event_id] = report
            self.index.add(report)
        self._final = None

    def add_all(self, reports: Iterable[Report]) -> Clusterer:
        """Reports of any number of articles, grouped by article here."""
        by_article: dict[str, list[Report]] = collections.defaultdict(list)
        for report in reports:
            by_article[report.article_id].append(report)
        for article_reports in by_article.values():
            self.add_article(article_reports)
        return self

    def _partition(self) -> dict[str, str]:
        if self._final is None:
            self._final = resolve(self.reports, self.links, self.anchors)
        return self._final

    def groups(self) -> list[list[Report]]:
        """The incidents' members, each sorted by event id, sorted by their first member."""
        out: dict[str, list[Report]] = collections.defaultdict(list)
        final = self._partition()
        for event_id, report in self.reports.items():
            out[final[event_id]].append(report)
        return sorted((sorted(g, key=lambda r: r.event_id) for g in out.values()), key=lambda g: g[0].event_id)

    def incident_of(self, event_id: str) -> str:
        return incident_id(self._partition()[event_id])


def partition(reports: Iterable[Report], settings: Settings | None = None) -> list[list[Report]]:
    """The reports grouped into incidents (``Clusterer``)."""
    return Clusterer(settings).add_all(reports).groups()


def incident_id(root_event_id: str) -> str:
    """An incident's id, from the smallest event id among its members: the same however
    the incident was built; it changes only when a member with a smaller id joins."""
    return "inc-" + hashlib.sha1(root_event_id.encode("utf-8")).hexdigest()[:16]


# --------------------------------------------------------------------------- incidents


@dataclass(frozen=True)
class Member:
    """One report in an incident."""

    event_id: str
    article_id: str
    source: str | None
    url: str | None
    title: str | None
    published: dt.date | None
    #: The earlier member's article this one copies (a wire story under another outlet):
    #: their texts are near-identical (``Settings.copy_similarity``).
    copy_of: str | None = None
    background: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id, "article_id": self.article_id, "source": self.source,
            "url": self.url, "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "copy_of": self.copy_of, "background": self.background,
        }


@dataclass(frozen=True)
class Tally:
    """A count over an incident's reports: low / best / high, and every report's figure."""

    low: int | None
    best: int | None
    high: int | None
    figures: tuple[Figure, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"low": self.low, "best": self.best, "high": self.high,
                "figures": [f.to_dict() for f in self.figures]}


@dataclass(frozen=True)
class Incident:
    """One real incident and every report of it (docs/output.md, "Incident records")."""

    id: str
    members: tuple[Member, ...]
    n_articles: int
    n_sources: int
    first_report: dt.date | None
    last_report: dt.date | None
    plover: str | None
    acled_event_type: str | None
    acled_sub_event_type: str | None
    date: EventDate
    place: Place | None
    actor1: str | None
    actor2: str | None
    #: kind -> the count over the reports (``COUNT_KINDS``); a kind no report counts is absent.
    counts: Mapping[str, Tally]

    @property
    def killed(self) -> Tally | None:
        return self.counts.get("killed")

    @property
    def injured(self) -> Tally | None:
        return self.counts.get("injured")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "articles": sorted({m.article_id for m in self.members}),
            "events": [m.event_id for m in self.members],
            "members": [m.to_dict() for m in self.members],
            "n_articles": self.n_articles, "n_sources": self.n_sources,
            "first_report": self.first_report.isoformat() if self.first_report else None,
            "last_report": self.last_report.isoformat() if self.last_report else None,
            "type": {"plover": self.plover, "acled_event_type": self.acled_event_type,
                     "acled_sub_event_type": self.acled_sub_event_type},
            "date": self.date.to_dict(),
            "place": self.place.to_dict() if self.place else None,
            "actor1": self.actor1, "actor2": self.actor2,
            **{kind: (self.counts[kind].to_dict() if kind in self.counts else None) for kind in COUNT_KINDS},
        }


def best_figure(figures: Sequence[Figure]) -> int | None:
    """The figure an incident codes from its reports' figures for one count.

    The rule: the largest figure that the reports state in their own voice (no claimant)
    and that is given by the latest reports that give one; a claimed figure counts only
    when no report states one. Why: casualty counts grow as victims die and reports are
    updated, so the latest report is the best informed, and a party's claim (an armed
    group's, a government's) is kept as ``high`` or ``low`` but is not the record's figure,
    as ACLED keeps the most conservative credible figure. UCDP's low / best / high are the
    tally's other two fields.
    """
    values = [f for f in figures if f.value is not None]
    if not values:
        return None
    own = [f for f in values if not f.claimed_by] or values
    latest = max((f.published for f in own if f.published), default=None)
    recent = [f for f in own if f.published == latest] if latest else own
    return max(f.value for f in recent)  # type: ignore[type-var]


def _tally(figures: Sequence[Figure]) -> Tally:
    values = [f.value for f in figures if f.value is not None]
    return Tally(low=min(values) if values else None, best=best_figure(figures),
                 high=max(values) if values else None,
                 figures=tuple(sorted(figures, key=lambda f: (f.published or dt.date.min, f.event_id))))


def _most_common(values: Iterable[Any]) -> Any:
    """The most frequent value (ties: the smallest), or None."""
    counted = collections.Counter(v for v in values if v is not None)
    if not counted:
        return None
    return min(counted.items(), key=lambda kv: (-kv[1], str(kv[0])))[0]


def _agreed(values: Sequence[Any]) -> Any:
    """The value more than half of the members give, or None."""
    value = _most_common(values)
    return value if value is not None and sum(1 for v in values if v == value) * 2 > len(values) else None


_DATE_ORDER = {p: i for i, p in enumerate(("day", "week", "month", "range", "year", "unknown"))}
_PLACE_ORDER = {p: i for i, p in enumerate(PLACE_PRECISIONS)}


def _article_votes(ballots: Sequence[tuple[Report, Any, float]]) -> dict[Any, float]:
    """Each article's one vote, shared among the values its reports give in proportion to
    the reports' weights: ``ballots`` are (report, value, weight); the votes of each value."""
    per_article: dict[str, float] = collections.defaultdict(float)
    for r, _, weight in ballots:
        per_article[r.article_id] += weight
    votes: dict[Any, float] = collections.defaultdict(float)
    for r, value, weight in ballots:
        votes[value] += weight / per_article[r.article_id]
    return votes


def _incident_date(reports: Sequence[Report]) -> EventDate:
    """The date the articles agree on, among the most precise dates their reports give.

    Each article has one vote, however many events it reports, so a long article with
    many dated mentions does not outvote the others. It spreads its vote over its reports
    by rank (weight ``1 / (1 + rank)``): the event an article leads with says most about
    when its incident happened. Ties go to the earliest date (the violence before the
    death in hospital, the arrest or the funeral)."""
    dated = [r for r in reports if r.date.start is not None]
    if not dated:
        return EventDate()
    finest = min(_DATE_ORDER.get(r.date.precision, 9) for r in dated)
    best = [r for r in dated if _DATE_ORDER.get(r.date.precision, 9) == finest]
    votes = _article_votes([(r, (r.date.start, r.date.end), 1 / (1 + r.rank)) for r in best])
    start, end = min(votes, key=lambda key: (-round(votes[key], 9), key[0]))
    return next(r.date for r in best if (r.date.start, r.date.end) == (start, end))


def _incident_place(reports: Sequence[Report]) -> Place | None:
    """The most precise place consistent with the others: among the members' places,
    those inside the first-level division the articles give (``_incident_admin1``), the
    finest, most often named."""
    places = [r.place for r in reports if r.place is not None]
    if not places:
        return None
    admin1 = _incident_admin1(reports)
    consistent = [p for p in places if admin1 is None or p.admin1 in (admin1, None)] or places
    finest = min(_PLACE_ORDER.get(p.precision or "country", 9) for p in consistent)
    best = [p for p in consistent if _PLACE_ORDER.get(p.precision or "country", 9) == finest]
    name = _most_common((p.name, p.geonameid) for p in best)
    return next(p for p in best if (p.name, p.geonameid) == name)


def _incident_admin1(reports: Sequence[Report]) -> str | None:
    """The first-level division the members' articles place the incident in: each article
    has one vote, shared among the divisions of its members' places in proportion to how
    many are placed in each (an article that tells its shooting four times outvotes no one
    that tells it once); ties go to the division of the articles' main (rank 0) events,
    then to the first by name."""
    placed = [(r, r.place.admin1) for r in reports if r.place is not None and r.place.admin1 is not None]
    votes = _article_votes([(r, admin1, 1.0) for r, admin1 in placed])
    leads = collections.Counter(admin1 for r, admin1 in placed if r.rank == 0)
    if not votes:
        return None
    return min(votes, key=lambda a: (-round(votes[a], 9), -leads[a], a))


def _members(reports: Sequence[Report], settings: Settings, sketches: TextSketches) -> tuple[Member, ...]:
    """The members in order of publication, each copy marked with the article it copies."""
    ordered = sorted(reports, key=lambda r: (r.published or dt.date.min, r.event_id))
    out = []
    for i, r in enumerate(ordered):
        copy_of = next((o.article_id for o in ordered[:i] if o.article_id != r.article_id
                        and sketches.similarity(o, r) >= settings.copy_similarity), None)
        out.append(Member(r.event_id, r.article_id, r.outlet, r.url, r.title, r.published, copy_of, r.background))
    return tuple(out)


def build_incident(reports: Sequence[Report], settings: Settings | None = None,
                   sketches: TextSketches | None = None) -> Incident:
    """An incident from its members' reports (any order). A background mention is a
    member, but the incident's date comes from the reports of it as news, and from
    background mentions that give the violence's day."""
    settings = settings or default_settings()
    sketches = sketches or TextSketches(settings.num_perm)
    reports = sorted(reports, key=lambda r: r.event_id)
    members = _members(reports, settings, sketches)
    current = [r for r in reports if not r.background] or reports
    # The incident happened when its violence did: not on the day of a later arrest or
    # hearing; an incident known only from an article that recalls it (a sentencing) is
    # dated by the violence it recalls.
    violent = [r for r in current if _violent(r)] or [r for r in reports if _violent(r) and not r.furniture]
    # A later article that recalls the violence on its day ("the shooting on April 16")
    # says when it happened as well as the reports of it as news, which may have no day.
    recalled = [r for r in reports if r.background and not r.furniture and _violent(r) and r.date.precision == "day"
                and r not in violent]
    published = [r.published for r in reports if r.published]
    plover = _agreed([r.plover for r in reports]) or _most_common(r.plover for r in reports)
    acled = _agreed([r.acled_event_type for r in reports])
    sub = _agreed([r.acled_sub_event_type for r in reports]) if acled else None
    counts = {}
    for kind in COUNT_KINDS:
        figures = [r.figures[kind] for r in reports if kind in r.figures]
        if figures:
            counts[kind] = _tally(figures)
    return Incident(
        id=incident_id(reports[0].event_id), members=members,
        n_articles=len({r.article_id for r in reports}),
        n_sources=len({r.outlet for r in reports if r.outlet}),
        first_report=min(published, default=None), last_report=max(published, default=None),
        plover=plover, acled_event_type=acled, acled_sub_event_type=sub,
        date=_incident_date((violent or current) + recalled), place=_incident_place(reports),
        actor1=_most_common(r.actor1 for r in reports), actor2=_most_common(r.actor2 for r in reports),
        counts=counts,
    )


def incidents(reports: Iterable[Report], settings: Settings | None = None) -> list[Incident]:
    """Cluster reports and build their incidents."""
    clusterer = Clusterer(settings).add_all(reports)
    return [build_incident(group, clusterer.settings, clusterer.sketches) for group in clusterer.groups()]


__all__ = [
    "FEATURES", "BlockIndex", "Link", "anchor_of", "article_links", "resolve", "same_article_links", "Clusterer", "Figure", "Incident", "Member", "Report", "Settings", "Tally",
    "TextSketches", "best_figure", "build_incident", "compatible", "default_settings", "incident_id",
    "incidents", "linked", "pair_features", "pair_score", "partition",
]
