"""The event and incident filters, declared once.

Each ``Filter`` names an ``EventQuery`` field and says everything the four places that
take filters need: the store (the SQL condition it adds, the same text on SQLite and
PostgreSQL, with ``?`` placeholders; only the full-text search differs, and the store
passes its own ``search``), the ``sitrep events``/``sitrep incidents`` options, the
HTTP API's query parameters (and so its OpenAPI description), and the web page, which
reads them from ``GET /api/filters``. A test checks that the four agree with ``FILTERS``.

Adding a filter: add its field to ``EventQuery``, its ``Filter`` here (with the SQL it
means for events, and for incidents: their own fields, their member events, or
refused), and the form field to the page if the page offers it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

#: A condition and its parameters.
Clause = tuple[str, list[Any]]
#: The store's full-text search: words -> the condition on ``a``, the articles table.
Search = Callable[[list[str]], Clause]
#: How a filter's value becomes a condition on the table called ``table`` (``e`` or ``i``).
ToSql = Callable[[Any, str, Search], Clause]

#: What a filter's value is: a date, text, a box of four numbers, or yes/no/either.
Kind = Literal["date", "text", "bbox", "flag"]


class QueryError(ValueError):
    """A query parameter that cannot be used; ``parameter`` names it."""

    def __init__(self, parameter: str, message: str) -> None:
        self.parameter = parameter
        super().__init__(message)


def like(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere (lower-cased), with its wildcards escaped."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def words(text: str) -> list[str]:
    """The words of a full-text search."""
    return re.findall(r"\w+", text)


def _since(value: Any, table: str, search: Search) -> Clause:
    return f"COALESCE({table}.date_end, {table}.date_start) >= ?", [value.isoformat()]


def _until(value: Any, table: str, search: Search) -> Clause:
    return f"COALESCE({table}.date_start, {table}.date_end) <= ?", [value.isoformat()]


def _country(value: Any, table: str, search: Search) -> Clause:
    return f"{table}.country = ?", [value.strip().upper()]


def _admin1(value: Any, table: str, search: Search) -> Clause:
    return f"lower({table}.admin1) = ?", [value.strip().lower()]


def _acled_type(value: Any, table: str, search: Search) -> Clause:
    return (f"(lower({table}.acled_event_type) = ? OR lower({table}.acled_sub_event_type) = ?)",
            [value.strip().lower()] * 2)


def _plover(value: Any, table: str, search: Search) -> Clause:
    return f"upper({table}.plover) = ?", [value.strip().upper()]


def _actor(value: Any, table: str, search: Search) -> Clause:
    return (f"(lower({table}.actor1_name) LIKE ? ESCAPE '\\' OR lower({table}.actor2_name) LIKE ? ESCAPE '\\')",
            [like(value.strip())] * 2)


def _text(value: Any, table: str, search: Search) -> Clause:
    return search(words(value))


def _bbox(value: Any, table: str, search: Search) -> Clause:
    min_lon, min_lat, max_lon, max_lat = value
    if min_lon <= max_lon:
        return f"{table}.lat BETWEEN ? AND ? AND {table}.lon BETWEEN ? AND ?", [min_lat, max_lat, min_lon, max_lon]
    # across the antimeridian
    return f"{table}.lat BETWEEN ? AND ? AND ({table}.lon >= ? OR {table}.lon <= ?)", [min_lat, max_lat, min_lon, max_lon]


def _background(value: Any, table: str, search: Search) -> Clause:
    return f"{table}.background = ?", [int(value)]


def _incident_background(value: Any, table: str, search: Search) -> Clause:
    # False: incidents with a report of their own; True: known only from background mentions.
    return ((f"{table}.id NOT IN" if value else f"{table}.id IN")
            + " (SELECT m.incident_id FROM incident_members m WHERE m.background = 0)", [])


def _incident(value: Any, table: str, search: Search) -> Clause:
    return f"{table}.incident_id = ?", [value.strip()]


@dataclass(frozen=True)
class Filter:
    """One filter of the event and incident listings.

    ``name`` is the ``EventQuery`` field; ``param`` the API's query parameter and the
    page's form field; ``option`` the CLI's option. ``help`` says what it keeps of
    events, ``incidents_help`` of incidents. ``sql`` is its condition on events (table
    ``e``); on incidents, ``incidents`` says how it applies: ``"own"`` the incident's
    own fields (``incident_sql``, else ``sql`` on table ``i``), ``"members"`` incidents
    with a member event that matches ``sql``, ``"refused"`` a ``QueryError``.
    """

    name: str
    kind: Kind
    help: str
    incidents_help: str
    sql: ToSql
    param: str = ""
    option: str = ""
    incidents: Literal["own", "members", "refused"] = "own"
    incident_sql: ToSql | None = None
    #: The CLI's metavar; the API's length limits on the text.
    metavar: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    #: Whether an empty text leaves the listing whole (False: it matches nothing).
    empty_is_none: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "param", self.param or self.name)
        object.__setattr__(self, "option", self.option or "--" + self.name.replace("_", "-"))

    def given(self, value: Any) -> bool:
        """Whether ``value`` narrows the listing (text filters ignore the empty string,
        unless ``empty_is_none`` is False)."""
        return value is not None and (value != "" or not self.empty_is_none)

    def event_clause(self, value: Any, search: Search) -> Clause:
        return self.sql(value, "e", search)

    def incident_clause(self, value: Any, search: Search) -> Clause:
        return (self.incident_sql or self.sql)(value, "i", search)

    def describe(self) -> dict[str, Any]:
        """What the web page reads (``GET /api/filters``)."""
        return {"name": self.name, "param": self.param, "option": self.option, "kind": self.kind,
                "help": self.help, "incidents_help": self.incidents_help,
                "incidents": self.incidents != "refused"}


#: Every filter, in the order the CLI, the API and the page list them.
FILTERS: tuple[Filter, ...] = (
    Filter("since", "date", "Events whose date window ends on or after this day.",
           "Incidents whose date window ends on or after this day.", _since, metavar="YYYY-MM-DD"),
    Filter("until", "date", "Events whose date window starts on or before this day.",
           "Incidents whose date window starts on or before this day.", _until, metavar="YYYY-MM-DD"),
    Filter("country", "text", "The event place's country: its ISO 3166-1 alpha-3 or alpha-2 code, or its name "
                              "(\"Nigeria\").",
           "The incident place's country: its ISO 3166-1 alpha-3 or alpha-2 code, or its name (\"Nigeria\").",
           _country, min_length=2, max_length=100),
    Filter("admin1", "text", "The place's first-level division, ignoring case.",
           "The incident place's first-level division, ignoring case.", _admin1),
    Filter("acled_type", "text", "ACLED event type or sub-type, ignoring case.",
           "ACLED event type or sub-type of the incident, ignoring case.", _acled_type),
    Filter("plover", "text", "PLOVER event type, ignoring case.",
           "PLOVER event type of the incident, ignoring case.", _plover),
    Filter("actor", "text", "Text in actor1's or actor2's name, ignoring case.",
           "Text in actor1's or actor2's name of one of its events, ignoring case.", _actor, incidents="members"),
    Filter("text", "text", "Words that must all occur in the article's title or text (full-text search of stemmed "
                           "words); for a name in an actor, use the actor filter.",
           "Words that must all occur in the title or text of one of its articles.", _text,
           param="q", incidents="members"),
    Filter("bbox", "bbox", "Events placed in this box: min_lon,min_lat,max_lon,max_lat (min_lon > max_lon crosses "
                           "the antimeridian).",
           "Incidents placed in this box (min_lon > max_lon crosses the antimeridian).", _bbox,
           metavar="MIN_LON,MIN_LAT,MAX_LON,MAX_LAT"),
    Filter("background", "flag", "Only background events (true), or none of them (false). Default: both.",
           "Only incidents known from background mentions alone (true), or none of them (false). Default: both.",
           _background, incident_sql=_incident_background),
    Filter("incident", "text", "Only the events of this incident (its id).",
           "Refused: incidents are read one by one at /api/incidents/{id}.", _incident,
           incidents="refused", max_length=200, empty_is_none=False),
)

BY_NAME: dict[str, Filter] = {f.name: f for f in FILTERS}


def for_listing(listing: Literal["events", "incidents"]) -> tuple[Filter, ...]:
    """The filters that apply to events, or to incidents."""
    return tuple(f for f in FILTERS if listing == "events" or f.incidents != "refused")


def event_conditions(query: Any, search: Search) -> Clause:
    """The conditions (joined by AND) and parameters of ``query``'s filters on events."""
    where: list[str] = []
    params: list[Any] = []
    for f in FILTERS:
        value = getattr(query, f.name)
        if f.given(value):
            clause, values = f.event_clause(value, search)
            where.append(clause)
            params.extend(values)
    return " AND ".join(where), params


def incident_conditions(query: Any, search: Search, members_from: str) -> Clause:
    """The conditions and parameters of ``query``'s filters on incidents (table ``i``);
    the member-event filters become one ``i.id IN (SELECT e.incident_id ...)`` over
    ``members_from`` (the events joined to their articles). A refused filter that is
    given raises ``RefusedFilter`` naming it (the store makes it a ``QueryError``)."""
    where: list[str] = []
    members: list[str] = []
    params: list[Any] = []
    member_params: list[Any] = []
    for f in FILTERS:
        value = getattr(query, f.name)
        if not f.given(value):
            continue
        if f.incidents == "refused":
            raise RefusedFilter(f)
        clause, values = f.incident_clause(value, search) if f.incidents == "own" else f.event_clause(value, search)
        (where if f.incidents == "own" else members).append(clause)
        (params if f.incidents == "own" else member_params).extend(values)
    if members:
        where.append("i.id IN (SELECT e.incident_id" + members_from + " WHERE " + " AND ".join(members) + ")")
        params.extend(member_params)
    return " AND ".join(where), params


def read_value(spec: Filter, text: str | bool | None) -> Any:
    """A filter's value as given on the command line or in a query string (a flag's is
    already a bool), as ``EventQuery`` takes it: a date ``YYYY-MM-DD`` (strictly), a
    box of four numbers, a country's code in any case or its name; ``QueryError``
    naming the parameter when it cannot be read."""
    if text is None or isinstance(text, bool):
        return text
    if spec.kind == "date":
        return _day(spec.param, text)
    if spec.kind == "bbox":
        return _box(text)
    if spec.name == "country":
        return _country_code(text)
    return text


def _day(name: str, value: str) -> dt.date:
    try:
        if len(value) != 10:
            raise ValueError("not ten characters")
        return dt.date.fromisoformat(value)
    except ValueError:
        raise QueryError(name, f"{name} must be a date YYYY-MM-DD, not {value!r}") from None


def _box(value: str) -> tuple[float, ...]:
    try:
        return tuple(float(v) for v in value.split(","))
    except ValueError:
        raise QueryError("bbox", "bbox must be four numbers: min_lon,min_lat,max_lon,max_lat") from None


def _country_code(value: str) -> str:
    """An alpha-3 code from a code in any case ("irq"), an alpha-2 code, or a name
    ("Nigeria", "the united states")."""
    from .resources.countries import name_to_alpha3

    code = name_to_alpha3(value) or name_to_alpha3(value.strip().upper())
    if code is None:
        raise QueryError("country", f"country: no country has the name or code {value.strip()!r}")
    return code


class RefusedFilter(ValueError):
    """A filter given for a listing it does not apply to."""

    def __init__(self, filter_: Filter) -> None:
        self.filter = filter_
        super().__init__(f"{filter_.param} filters events, not incidents: read /api/incidents/{{id}}")


def names(filters: Sequence[Filter], attribute: str = "param") -> list[str]:
    """One attribute (``param``, ``option``, ``name``) of each filter, in order."""
    return [getattr(f, attribute) for f in filters]


__all__ = ["BY_NAME", "FILTERS", "Filter", "QueryError", "RefusedFilter", "read_value", "event_conditions", "for_listing",
           "incident_conditions", "like", "names", "words"]
