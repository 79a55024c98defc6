"""The records sitrep reads and writes.

Every class here is a frozen dataclass with no I/O and no spaCy objects inside, so
records can be built by hand in tests, hashed, compared and serialised. Every
extracted value can point at the words that support it: character offsets
``start``/``end`` into ``Article.text``. Dates and places carry a precision.

``to_dict`` gives the JSON shape documented field by field in ``docs/output.md``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

#: ``EventDate.precision`` values.
DATE_PRECISIONS = ("day", "week", "month", "year", "range", "unknown")
#: ``Place.precision`` values, from the finest to the coarsest.
PLACE_PRECISIONS = ("site", "city", "admin2", "admin1", "region", "country")
#: The 16 PLOVER event types.
PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
#: ACLED event types and their sub-types, with ACLED's exact strings.
ACLED_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction",
        "Non-violent transfer of territory", "Other",
    ),
}
#: ``Count.kind`` values: what happened to the people counted.
COUNT_KINDS = ("killed", "injured", "arrested", "abducted", "displaced")
#: ``Actor.kind`` vocabulary (docs/output.md explains each).
ACTOR_KINDS = (
    "state", "military", "police", "government", "rebels", "militia", "armed group",
    "protesters", "rioters", "civilians", "organisation", "media", "person", "other",
)
#: ACLED inter codes: 0 none, 1 state forces ... 8 external/other.
ACLED_INTER = {
    0: "none", 1: "state forces", 2: "rebel groups", 3: "political militias",
    4: "identity militias", 5: "rioters", 6: "protesters", 7: "civilians", 8: "external/other forces",
}


@dataclass(frozen=True)
class Evidence:
    """The words in the article that support one field of a record."""

    field: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Article:
    """One dated news article, as read from a file, a record or the API."""

    id: str
    text: str
    published: dt.date | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    #: Where the article came from, for error messages: ``file``, ``file:line`` or ``<stdin>:3``.
    origin: str | None = None
    #: What was repaired in the text as read, e.g. ``("mojibake",)``; empty when nothing was.
    #: ``text`` is the repaired text, and every evidence offset indexes it.
    repairs: tuple[str, ...] = ()

    @property
    def text_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "published": self.published.isoformat() if self.published else None,
            "title": self.title,
            "url": self.url,
            "source": self.source,
            "text": self.text,
            "repairs": list(self.repairs),
        }


@dataclass(frozen=True)
class TimeExpression:
    """A time expression in the text, normalised to a TIMEX3 value.

    ``type`` is DATE, TIME, DURATION or SET. ``value`` is a TIMEX3 value resolved
    against the publication date ("2023-12-25", "2023-W52", "2023-12", "P1D",
    "PRESENT_REF"), or None when it needs a reference date the article lacks.
    ``start_date``/``end_date`` give the calendar window the value covers, when it
    is a date, and ``precision`` its granularity (see ``DATE_PRECISIONS``).
    """

    text: str
    start: int
    end: int
    type: str
    value: str | None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    precision: str = "unknown"
    #: Why the value is what it is, or why it is unresolved.
    note: str | None = None


@dataclass(frozen=True)
class Place:
    """A resolved location: a mention in the text or an event's place.

    ``country`` is ISO 3166-1 alpha-3. ``precision`` is one of ``PLACE_PRECISIONS``.
    ``start``/``end``/``text`` give the mention, when the place comes from one.
    ``in_organisation`` marks a mention inside an organisation's name ("Rapides Parish
    Fire District"): a toponym, but never an event's place.
    """

    name: str
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    precision: str | None = None
    text: str | None = None
    start: int | None = None
    end: int | None = None
    in_organisation: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "country": self.country, "admin1": self.admin1,
            "lat": self.lat, "lon": self.lon, "geonameid": self.geonameid,
            "precision": self.precision,
        }


@dataclass(frozen=True)
class EventDate:
    """When an event happened: a window [start, end] with its precision."""

    start: dt.date | None = None
    end: dt.date | None = None
    precision: str = "unknown"
    text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "precision": self.precision,
            "text": self.text,
        }


@dataclass(frozen=True)
class Actor:
    """Who acts (actor1) or is acted on (actor2).

    ``country`` is ISO alpha-3, ``kind`` one of ``ACTOR_KINDS`` and ``acled_inter``
    an ACLED inter code (0-8).
    """

    name: str
    country: str | None = None
    kind: str | None = None
    acled_inter: int | None = None
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "country": self.country, "kind": self.kind, "acled_inter": self.acled_inter}


@dataclass(frozen=True)
class Count:
    """A number of people: ``low`` <= ``best`` <= ``high``, with the words it came from.

    ``claimed_by`` names who gives the number, when the article attributes it; None when
    the article states it in its own voice (or it is a coder's note). ``kind`` says what
    the people suffered: one of ``COUNT_KINDS``.
    """

    low: int | None
    best: int | None
    high: int | None
    text: str
    start: int | None = None
    end: int | None = None
    claimed_by: str | None = None
    kind: str | None = None
    #: Who the people are, in the article's words ("militants", "soldiers and civilians").
    victims: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "low": self.low, "best": self.best, "high": self.high, "text": self.text,
            "victims": self.victims, "claimed_by": self.claimed_by,
        }


@dataclass(frozen=True)
class Quote:
    """A direct quotation and who said it."""

    text: str
    start: int
    end: int
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "speaker": self.speaker}


@dataclass(frozen=True)
class Attribution:
    """A statement the article attributes to a source ("according to X", "X said").

    ``start``/``end``/``text`` cover the attributed claim; ``source_start``/``source_end``
    cover the source's name.
    """

    source: str
    start: int
    end: int
    text: str
    source_start: int | None = None
    source_end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "start": self.start, "end": self.end, "text": self.text}


#: What can decide an event's ACLED type (``TypedBy.rule``); the rule ids are in ``sitrep/data/rules.yaml``.
TypeRule = Literal[
    "none", "trigger", "cue", "counted", "intent", "must", "protest arrests", "context", "model",
    "classifier", "actors", "sides", "crowd violence", "crowd-size tag",
]
#: Where an event's date came from (``Event.date_by``): a time in its own sentence, one
#: earlier in its paragraph, a later sentence of its occurrence, a running total's start,
#: the reporting window, the one day the article gives its attacks, or another default.
DateBy = Literal["sentence", "paragraph", "occurrence", "running total", "window", "attack day", "other"]
#: How an event's actor1 was guessed rather than read (``Event.actor1_guess``).
ActorGuess = Literal["unidentified perpetrator", "state side of a clash", "named elsewhere"]


@dataclass(frozen=True)
class TypedBy:
    """Which rule decided an event's ACLED type, for the stages after it to read: they
    read this, never the ``rules`` trace, so renaming a trace label changes no output.

    ``key`` is the lexicon key of the trigger that typed it (rule ``trigger``),
    ``reciprocal`` says "each other" made it a clash; a rule that re-types an event
    (``actors``) keeps the typing it changed as ``base`` and its reason as ``why``.
    """

    rule: TypeRule = "none"
    key: str | None = None
    reciprocal: bool = False
    base: TypedBy | None = None
    why: str | None = None

    @property
    def by_trigger(self) -> bool:
        """Typed by its trigger word alone ("attacked"), not a cue, a model or a context."""
        return self.rule == "trigger"


@dataclass(frozen=True)
class Event:
    """One event an article reports: who did what to whom, where, when and how many.

    Stages fill an event step by step with ``dataclasses.replace``; the fields keep
    their defaults (None, empty) until a stage sets them. ``trigger_start``/
    ``trigger_end`` and ``sentence_start``/``sentence_end`` locate the words that
    report it.
    """

    article_id: str
    trigger: str
    trigger_start: int
    trigger_end: int
    sentence_start: int
    sentence_end: int
    plover: str | None = None
    plover_mode: str | None = None
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    rank: int = 0
    date: EventDate = field(default_factory=EventDate)
    actor1: Actor | None = None
    actor2: Actor | None = None
    place: Place | None = None
    killed: Count | None = None
    injured: Count | None = None
    arrested: Count | None = None
    abducted: Count | None = None
    displaced: Count | None = None
    #: Every count the article gives for the event, each with its ``kind`` and
    #: ``claimed_by``, in text order: conflicting figures from different sources all stay
    #: here, while ``killed``... hold the one figure the record codes.
    counts: tuple[Count, ...] = ()
    claimed_by: str | None = None
    background: bool = False
    evidence: tuple[Evidence, ...] = ()
    #: Which coder typed the event ("lexicon", or a trained model's name).
    coder: str = "lexicon"
    #: Which rule decided each field: ``(("acled", "cue:drone"), ...)``, for ``annotate --explain``.
    #: An explanation only: no stage reads it (the typed fields below say what they need).
    rules: tuple[tuple[str, str], ...] = ()
    #: What kind of word made the event, and its lexicon key ("trigger", "shooting");
    #: None for an event no stage made.
    made_by: Literal["trigger", "intent", "must"] | None = None
    trigger_key: str | None = None
    #: Which rule decided the ACLED type.
    typed_by: TypedBy = TypedBy()
    #: A mention that refers back to an event ("the attack") or only reports a casualty.
    mention: Literal["plain", "definite", "casualty"] = "plain"
    #: How actor1 was guessed, when it was not read from the text.
    actor1_guess: ActorGuess | None = None
    #: Where the date came from (stage ``event_dates``); None for an event no stage dated.
    date_by: DateBy | None = None
    #: Whether the place is the event's own sentence's, or a fallback's (stage ``event_places``).
    place_by: Literal["sentence", "fallback"] = "sentence"
    #: An event told in a line of page furniture (stage ``furniture``).
    furniture: bool = False

    @property
    def event_id(self) -> str:
        """Stable id: the same article id, text position and type give the same id."""
        key = f"{self.article_id}|{self.trigger_start}|{self.trigger_end}|{self.plover}"
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    def with_evidence(self, *items: Evidence) -> Event:
        """A copy with evidence added, replacing earlier evidence for the same fields."""
        fields = {e.field for e in items}
        kept = tuple(e for e in self.evidence if e.field not in fields)
        return self._copy(evidence=kept + tuple(items))

    def with_rule(self, field_name: str, rule: str) -> Event:
        """A copy that records which rule decided ``field_name``."""
        kept = tuple(r for r in self.rules if r[0] != field_name)
        return self._copy(rules=kept + ((field_name, rule),))

    def _copy(self, **changes: Any) -> Event:
        """``dataclasses.replace`` for the fields ``with_evidence`` and ``with_rule`` set,
        without running ``__init__`` over every field: the stages make about 30 such copies
        an article, and ``Event`` has no ``__post_init__`` to run."""
        new = object.__new__(Event)
        new.__dict__.update(self.__dict__, **changes)
        return new

    def rule(self, field_name: str) -> str | None:
        return next((r for f, r in self.rules if f == field_name), None)

    def to_dict(self) -> dict[str, Any]:
        """The output contract: every key present, None when unknown."""
        return {
            "article_id": self.article_id,
            "event_id": self.event_id,
            "rank": self.rank,
            "plover": self.plover,
            "plover_mode": self.plover_mode,
            "acled_event_type": self.acled_event_type,
            "acled_sub_event_type": self.acled_sub_event_type,
            "date": self.date.to_dict(),
            "actor1": self.actor1.to_dict() if self.actor1 else None,
            "actor2": self.actor2.to_dict() if self.actor2 else None,
            "place": self.place.to_dict() if self.place else None,
            "killed": self.killed.to_dict() if self.killed else None,
            "injured": self.injured.to_dict() if self.injured else None,
            "arrested": self.arrested.to_dict() if self.arrested else None,
            "abducted": self.abducted.to_dict() if self.abducted else None,
            "displaced": self.displaced.to_dict() if self.displaced else None,
            "counts": [{"kind": c.kind, **c.to_dict()} for c in self.counts],
            "claimed_by": self.claimed_by,
            "background": self.background,
            "trigger": {"text": self.trigger, "start": self.trigger_start, "end": self.trigger_end},
            "coder": self.coder,
            "evidence": [dataclasses.asdict(e) for e in self.evidence],
        }


@dataclass(frozen=True)
class Failure:
    """A record that could not be read, coded or stored, kept with its reason.

    ``stage`` says where it failed: ``"read"``, ``"parse"`` (spaCy), a pipeline stage's
    name, or ``"store"``. For an unexpected exception, ``exception`` is its type and
    ``location`` the place it was raised (``sitrep/stages/places/persons.py:23 in titled_names``).
    """

    origin: str
    code: str
    message: str
    article_id: str | None = None
    raw: str | None = None
    stage: str | None = None
    exception: str | None = None
    location: str | None = None
    #: The formatted traceback of an unexpected exception, for ``sitrep code --debug``;
    #: never serialised (``to_dict``), stored or sent over HTTP.
    traceback: str | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "traceback"}
