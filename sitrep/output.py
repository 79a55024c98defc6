"""Write events out: JSONL, sitrep's flat CSV, ACLED-style CSV, Parquet, a terminal table, a failure log.

Every writer takes an ``Event`` (or its ``to_dict()`` record, as ``Store.events``
returns it) together with its ``Article``, and writes one row or line per event to a
text stream the caller opens and closes. ``make_writer(format, stream)`` picks one by
name; ``ParquetWriter`` writes to a binary stream. ``print_events`` shows one article's
events as a table on a terminal and as plain text otherwise. ``FailureLog`` appends
failures to ``failures.jsonl``.
"""

from __future__ import annotations

import abc
import csv
import datetime as dt
import json
import os
import re
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from types import TracebackType
from typing import IO, Any, ClassVar

from .errors import StoreError
from .model import Article, Event, Failure

EventLike = Event | Mapping[str, Any]

#: sitrep's flat CSV columns, in order.
CSV_COLUMNS = (
    "article_id", "event_id", "incident_id", "rank", "published",
    "plover", "plover_mode", "acled_event_type", "acled_sub_event_type",
    "date_start", "date_end", "date_precision", "date_text",
    "actor1_name", "actor1_country", "actor1_kind", "actor1_inter",
    "actor2_name", "actor2_country", "actor2_kind", "actor2_inter",
    "place_name", "place_country", "place_admin1", "place_lat", "place_lon", "place_geonameid", "place_precision",
    "killed_low", "killed_best", "killed_high", "killed_claimed_by",
    "injured_low", "injured_best", "injured_high", "injured_claimed_by",
    "arrested_low", "arrested_best", "arrested_high", "abducted_low", "abducted_best", "abducted_high",
    "displaced_low", "displaced_best", "displaced_high", "counts",
    "claimed_by", "background", "trigger", "trigger_start", "trigger_end", "coder", "evidence",
)

#: ACLED's column names (public codebook, 2023 layout), in ACLED's order.
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location",
    "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags",
    "timestamp",
)

#: ACLED event type -> disorder type; ``_DISORDER_BY_SUB`` overrides it for some sub-types.
_DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Political violence",
    "Strategic developments": "Strategic developments",
}
_DISORDER_BY_SUB = {
    "Excessive force against protesters": "Political violence; Demonstrations",
    "Violent demonstration": "Demonstrations",
}
#: sitrep place precision -> ACLED geo_precision (1 town, 2 near a town / part of a region, 3 region).
_GEO_PRECISION = {"site": 1, "city": 1, "admin2": 2, "admin1": 3, "region": 3, "country": 3}
#: ACLED inter code of civilians.
_CIVILIANS = 7


# ----------------------------------------------------------------- helpers


def event_record(event: EventLike, article: Article | None = None) -> dict[str, Any]:
    """The output record of an event: ``Event.to_dict()`` plus ``sentence``.

    ``sentence`` is ``{"start", "end", "text"}``: the sentence that reports the event,
    as offsets into the article text and the text between them (``None`` without the
    article). A record that already has a ``sentence`` (one read back from a store)
    is returned as it is; one without gets it from the article, found around the trigger.
    """
    if isinstance(event, Event):
        record = event.to_dict()
        start, end = event.sentence_start, event.sentence_end
    else:
        record = dict(event)
        if record.get("sentence") is not None:
            return record if "incident_id" in record else with_incident(record, None)
        trigger = _part(record, "trigger")
        if article is None or trigger.get("start") is None or trigger.get("end") is None:
            record["sentence"] = {"start": None, "end": None, "text": None}
            return with_incident(record, record.get("incident_id"))
        start, end = _sentence_bounds(article.text, int(trigger["start"]), int(trigger["end"]))
    text = article.text[start:end] if article is not None else None
    record = _with_sentence(record, {"start": start, "end": end, "text": text})
    return with_incident(record, record.get("incident_id"))


def with_incident(record: Mapping[str, Any], incident_id: str | None) -> dict[str, Any]:
    """``record`` with ``incident_id`` (right after ``event_id``): the incident the store
    assigned the event to, None when it is not stored or not assigned."""
    out: dict[str, Any] = {}
    for key, value in record.items():
        if key == "incident_id":
            continue
        out[key] = value
        if key == "event_id":
            out["incident_id"] = incident_id
    out.setdefault("incident_id", incident_id)
    return out


def _with_sentence(record: dict[str, Any], sentence: dict[str, Any]) -> dict[str, Any]:
    """``record`` with ``sentence`` placed right after ``trigger``."""
    out: dict[str, Any] = {}
    for key, value in record.items():
        if key != "sentence":
            out[key] = value
        if key == "trigger":
            out["sentence"] = sentence
    out.setdefault("sentence", sentence)
    return out


#: What a spreadsheet reads as the start of a formula (or that may become one once it
#: drops a leading tab or carriage return): a text cell that starts with one is
#: written with a leading apostrophe, so it is shown as text and never run.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    """A CSV cell: empty for None, ``true``/``false`` for booleans, numbers as they are,
    and text that a spreadsheet would run as a formula (``=HYPERLINK(...)``, ``@SUM``,
    ``-2+3``) behind an apostrophe (``'=HYPERLINK(...)``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    return str(value)


def _part(record: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    return record.get(key) or {}


def _sentence(event: EventLike, article: Article | None) -> str:
    """The sentence that reports the event, on one line.

    An ``Event`` knows its sentence, and so does a record with ``sentence`` (one from
    ``event_record``); for an older record, the sentence around the trigger is found by
    looking for the nearest sentence ends in the article text.
    """
    if not isinstance(event, Event) and _part(event, "sentence").get("text") is not None:
        return " ".join(event["sentence"]["text"].split())
    if article is None:
        return ""
    text = article.text
    if isinstance(event, Event):
        start, end = event.sentence_start, event.sentence_end
    else:
        trigger = _part(event, "trigger")
        if trigger.get("start") is None or trigger.get("end") is None:
            return ""
        start, end = _sentence_bounds(text, int(trigger["start"]), int(trigger["end"]))
    return " ".join(text[start:end].split())


_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+|\n\s*\n")


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    begin = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        begin = match.end()
    after = _SENTENCE_END.search(text, end)
    return begin, after.start() + 1 if after else len(text)


def _country_name(alpha3: str | None) -> str:
    """The country's English name, or the alpha-3 code when the country table is unavailable."""
    if not alpha3:
        return ""
    try:
        from .resources.countries import alpha3_to_name
    except ImportError:
        return alpha3
    try:
        return alpha3_to_name(alpha3) or alpha3
    except ImportError:  # the table's own dependency (pycountry) is missing
        return alpha3


def _numeric_iso(alpha3: str | None) -> str:
    """The ISO 3166-1 numeric code, when ``sitrep.resources.countries`` provides one."""
    if not alpha3:
        return ""
    try:
        from .resources.countries import alpha3_to_numeric  # type: ignore[attr-defined]
    except ImportError:
        return ""
    try:
        code = alpha3_to_numeric(alpha3)
    except ImportError:
        return ""
    return "" if code is None else str(int(code))


# ----------------------------------------------------------------- writers


class EventWriter(abc.ABC):
    """Writes events to a text stream it does not own (the caller closes the stream)."""

    format: ClassVar[str]

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        #: How many events were written.
        self.count = 0

    def write(self, event: EventLike, article: Article | None = None) -> bool:
        """Write one event; False when this format leaves it out."""
        written = self._write(event, article)
        if written:
            self.count += 1
        return written

    def write_all(self, events: Iterable[EventLike], article: Article | None = None) -> int:
        """Write the events of one article; return how many were written."""
        return sum(1 for event in events if self.write(event, article))

    @abc.abstractmethod
    def _write(self, event: EventLike, article: Article | None) -> bool: ...

    def close(self) -> None:
        """Flush the stream (it stays open)."""
        self.stream.flush()

    def __enter__(self) -> EventWriter:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class JSONLWriter(EventWriter):
    """One event record (``event_record``: ``Event.to_dict()`` plus ``sentence``) per line."""

    format = "jsonl"

    def _write(self, event: EventLike, article: Article | None) -> bool:
        self.stream.write(json.dumps(event_record(event, article), ensure_ascii=False) + "\n")
        return True


class _CSVEventWriter(EventWriter):
    columns: ClassVar[tuple[str, ...]]

    def __init__(self, stream: IO[str], *, header: bool = True) -> None:
        super().__init__(stream)
        self._csv = csv.writer(stream, lineterminator="\n")
        # The csv module quotes a cell holding the line terminator ("\n") but not one
        # holding a lone "\r", which readers take for a line end: such rows are quoted whole.
        self._quoted = csv.writer(stream, lineterminator="\n", quoting=csv.QUOTE_ALL)
        if header:
            self._csv.writerow(self.columns)

    def _write(self, event: EventLike, article: Article | None) -> bool:
        row = self.row(event, article)
        if row is None:
            return False
        cells = [_cell(row.get(c)) for c in self.columns]
        (self._quoted if any("\r" in cell for cell in cells) else self._csv).writerow(cells)
        return True

    @abc.abstractmethod
    def row(self, event: EventLike, article: Article | None) -> dict[str, Any] | None:
        """The row for an event, by column name; None to leave the event out."""


class CSVWriter(_CSVEventWriter):
    """sitrep's flat CSV: one row per event, ``CSV_COLUMNS``; evidence as a JSON list."""

    format = "csv"
    columns: ClassVar[tuple[str, ...]] = CSV_COLUMNS

    def row(self, event: EventLike, article: Article | None) -> dict[str, Any]:
        return flat_row(event, article)


def flat_row(event: EventLike, article: Article | None = None) -> dict[str, Any]:
    """An event as sitrep's flat CSV row (``CSV_COLUMNS`` -> value)."""
    rec = event_record(event)
    row: dict[str, Any] = {
        key: rec.get(key)
        for key in ("article_id", "event_id", "incident_id", "rank", "plover", "plover_mode", "acled_event_type",
                    "acled_sub_event_type", "claimed_by", "background", "coder")
    }
    row["published"] = article.published.isoformat() if article and article.published else None
    date = _part(rec, "date")
    row.update(date_start=date.get("start"), date_end=date.get("end"),
               date_precision=date.get("precision"), date_text=date.get("text"))
    for which in ("actor1", "actor2"):
        actor = _part(rec, which)
        row.update({f"{which}_name": actor.get("name"), f"{which}_country": actor.get("country"),
                    f"{which}_kind": actor.get("kind"), f"{which}_inter": actor.get("acled_inter")})
    place = _part(rec, "place")
    row.update({f"place_{key}": place.get(key)
                for key in ("name", "country", "admin1", "lat", "lon", "geonameid", "precision")})
    for which in ("killed", "injured", "arrested", "abducted", "displaced"):
        count = _part(rec, which)
        row.update({f"{which}_{key}": count.get(key) for key in ("low", "best", "high")})
        if which in ("killed", "injured"):
            row[f"{which}_claimed_by"] = count.get("claimed_by")
    row["counts"] = json.dumps(rec.get("counts") or [], ensure_ascii=False)
    trigger = _part(rec, "trigger")
    row.update(trigger=trigger.get("text"), trigger_start=trigger.get("start"), trigger_end=trigger.get("end"))
    row["evidence"] = json.dumps(rec.get("evidence") or [], ensure_ascii=False)
    return row


class ACLEDWriter(_CSVEventWriter):
    """ACLED's columns (``ACLED_COLUMNS``), for events that have an ACLED event type.

    ``event_date`` is ISO (YYYY-MM-DD): the day, or the middle of a longer window, with
    ``time_precision`` 1 (day), 2 (a week or a few days) or 3 (longer). ``iso`` is the
    numeric ISO code when ``sitrep.resources.countries`` offers ``alpha3_to_numeric``,
    else empty; ``country`` is the English name, or the alpha-3 code without a country
    table. ``region``, ``admin2``, ``admin3``, the associated actors and
    ``source_scale`` stay empty: sitrep does not code them. ``fatalities`` is 0 when
    unknown, as in ACLED. ``timestamp`` is the export time (Unix seconds) unless given.
    """

    format = "acled"
    columns = ACLED_COLUMNS

    def __init__(self, stream: IO[str], *, header: bool = True, timestamp: int | None = None) -> None:
        super().__init__(stream, header=header)
        self.timestamp = int(time.time()) if timestamp is None else timestamp

    def row(self, event: EventLike, article: Article | None) -> dict[str, Any] | None:
        rec = event_record(event)
        event_type = rec.get("acled_event_type")
        if not event_type:
            return None
        sub_type = rec.get("acled_sub_event_type")
        disorder = _DISORDER_BY_SUB.get(sub_type or "", _DISORDER.get(event_type, ""))
        place = _part(rec, "place")
        alpha3 = place.get("country")
        actor1, actor2 = _part(rec, "actor1"), _part(rec, "actor2")
        event_date, precision = acled_date(_part(rec, "date"))
        killed = _part(rec, "killed")
        tags = []
        if rec.get("background"):
            tags.append("background event")
        if rec.get("claimed_by"):
            tags.append(f"claimed by {rec['claimed_by']}")
        targets_civilians = actor2.get("acled_inter") == _CIVILIANS or actor2.get("kind") == "civilians"
        return {
            "event_id_cnty": f"{alpha3 or ''}{rec.get('event_id', '')}",
            "event_date": event_date.isoformat() if event_date else None,
            "year": event_date.year if event_date else None,
            "time_precision": precision,
            "disorder_type": disorder,
            "event_type": event_type,
            "sub_event_type": sub_type,
            "actor1": actor1.get("name"),
            "inter1": actor1.get("acled_inter") if actor1.get("name") else None,
            "actor2": actor2.get("name"),
            "inter2": actor2.get("acled_inter") if actor2.get("name") else None,
            "interaction": acled_interaction(actor1.get("acled_inter"), actor2.get("acled_inter")),
            "civilian_targeting": "Civilian targeting"
            if targets_civilians and "Political violence" in disorder else None,
            "iso": _numeric_iso(alpha3),
            "country": _country_name(alpha3),
            "admin1": place.get("admin1"),
            "location": place.get("name"),
            "latitude": place.get("lat"),
            "longitude": place.get("lon"),
            "geo_precision": _GEO_PRECISION.get(place.get("precision") or ""),
            "source": article.source if article else None,
            "notes": _sentence(event, article),
            "fatalities": killed.get("best") or 0,
            "tags": "; ".join(tags),
            "timestamp": self.timestamp,
        }


def acled_date(date: Mapping[str, Any]) -> tuple[dt.date | None, int | None]:
    """An ``EventDate.to_dict()`` -> (ACLED event_date, time_precision).

    A single day is precision 1; a window of up to 7 days, 2; anything longer, 3. The
    date of a window is its middle day. No date gives (None, None).
    """
    start = dt.date.fromisoformat(date["start"]) if date.get("start") else None
    end = dt.date.fromisoformat(date["end"]) if date.get("end") else None
    if start is None and end is None:
        return None, None
    first: dt.date = start or end  # type: ignore[assignment]
    last: dt.date = end or first
    start, end = first, last
    days = (end - start).days + 1
    if date.get("precision") == "day" or days <= 1:
        return start, 1
    middle = start + dt.timedelta(days=(days - 1) // 2)
    if date.get("precision") == "week" or days <= 7:
        return middle, 2
    return middle, 3


def acled_interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's interaction code: the two inter codes, lower first (12); one actor alone gives 10, 20..."""
    codes = sorted(c for c in (inter1, inter2) if c)
    if not codes:
        return None
    if len(codes) == 1:
        return codes[0] * 10
    return codes[0] * 10 + codes[1]


#: Writer classes by format name.
WRITERS: dict[str, type[EventWriter]] = {w.format: w for w in (JSONLWriter, CSVWriter, ACLEDWriter)}
FORMATS = tuple(WRITERS)


def make_writer(format: str, stream: IO[str], **options: Any) -> EventWriter:  # noqa: A002
    """A writer for ``format`` ("jsonl", "csv" or "acled") on ``stream``.

    ``options`` go to the writer (``header=False`` for CSV appends, ``timestamp=`` for ACLED).
    """
    try:
        cls = WRITERS[format.lower()]
    except KeyError:
        raise ValueError(f"unknown output format {format!r}; choose one of {', '.join(FORMATS)}") from None
    return cls(stream, **options)


class ParquetWriter(EventWriter):
    """Events as Parquet (``sitrep.arrow.EVENT_SCHEMA``: nested records as structs and
    lists) on a binary stream the caller opens and closes; ``row_group`` events are
    buffered and written as one row group, so memory stays bounded. A run with no
    event still writes a valid file (the schema, no rows)."""

    format = "parquet"

    def __init__(self, stream: IO[bytes], *, row_group: int = 10_000) -> None:
        import pyarrow.parquet as pq

        from .arrow import EVENT_SCHEMA

        super().__init__(stream)  # type: ignore[arg-type]
        self.row_group = row_group
        self._rows: list[dict[str, Any]] = []
        self._parquet: Any = pq.ParquetWriter(stream, EVENT_SCHEMA, compression="zstd")

    def _write(self, event: EventLike, article: Article | None) -> bool:
        self._rows.append(event_record(event, article))
        if len(self._rows) >= self.row_group:
            self._flush()
        return True

    def _flush(self) -> None:
        from .arrow import record_batch

        if self._rows:
            self._parquet.write_batch(record_batch(self._rows))
            self._rows = []

    def close(self) -> None:
        """Write what is buffered and the file's footer (the stream stays open)."""
        if self._parquet is not None:
            self._flush()
            self._parquet.close()
            self._parquet = None
        self.stream.flush()


# ----------------------------------------------------------------- incidents

#: The flat CSV columns of an incident (``sitrep incidents --format csv``), in order.
INCIDENT_CSV_COLUMNS = (
    "incident_id", "n_articles", "n_sources", "first_report", "last_report",
    "plover", "acled_event_type", "acled_sub_event_type",
    "date_start", "date_end", "date_precision", "date_text",
    "actor1", "actor2",
    "place_name", "place_country", "place_admin1", "place_lat", "place_lon", "place_geonameid", "place_precision",
    "killed_low", "killed_best", "killed_high", "injured_low", "injured_best", "injured_high",
    "arrested_best", "abducted_best", "displaced_best",
    "sources", "articles", "events",
)


def incident_sources(incident: Mapping[str, Any]) -> list[str]:
    """The incident's outlets (or URL hosts), each once, in order of publication."""
    seen: dict[str, None] = {}
    for member in incident.get("members") or ():
        if member.get("source"):
            seen.setdefault(member["source"], None)
    return list(seen)


def incident_flat_row(incident: Mapping[str, Any]) -> dict[str, Any]:
    """An incident record (``Incident.to_dict()``) as a flat CSV row (``INCIDENT_CSV_COLUMNS``)."""
    kinds = _part(incident, "type")
    date = _part(incident, "date")
    place = _part(incident, "place")
    row: dict[str, Any] = {
        "incident_id": incident.get("id"),
        **{k: incident.get(k) for k in ("n_articles", "n_sources", "first_report", "last_report", "actor1", "actor2")},
        **{k: kinds.get(k) for k in ("plover", "acled_event_type", "acled_sub_event_type")},
        "date_start": date.get("start"), "date_end": date.get("end"),
        "date_precision": date.get("precision"), "date_text": date.get("text"),
        **{f"place_{k}": place.get(k) for k in ("name", "country", "admin1", "lat", "lon", "geonameid", "precision")},
        "sources": "; ".join(incident_sources(incident)),
        "articles": " ".join(incident.get("articles") or ()),
        "events": " ".join(incident.get("events") or ()),
    }
    for kind in ("killed", "injured"):
        tally = _part(incident, kind)
        row.update({f"{kind}_{k}": tally.get(k) for k in ("low", "best", "high")})
    for kind in ("arrested", "abducted", "displaced"):
        row[f"{kind}_best"] = _part(incident, kind).get("best")
    return row


def incident_event(incident: Mapping[str, Any]) -> dict[str, Any]:
    """An incident as an event-like record for the ACLED writer: its id, type, date,
    place, actors (names) and counts' best figures; ``sentence`` holds the notes."""
    kinds = _part(incident, "type")
    titles = [m.get("title") for m in incident.get("members") or () if m.get("title")]
    notes = f"{incident.get('n_articles')} report(s) from {incident.get('n_sources')} source(s)"
    if titles:
        notes += f": {titles[0]}"
    return {
        "event_id": incident.get("id"), "plover": kinds.get("plover"),
        "acled_event_type": kinds.get("acled_event_type"), "acled_sub_event_type": kinds.get("acled_sub_event_type"),
        "date": incident.get("date") or {}, "place": incident.get("place"),
        "actor1": {"name": incident["actor1"]} if incident.get("actor1") else None,
        "actor2": {"name": incident["actor2"]} if incident.get("actor2") else None,
        "killed": {"best": _part(incident, "killed").get("best")} if incident.get("killed") else None,
        "background": False, "claimed_by": None, "incident_id": incident.get("id"),
        "sentence": {"start": None, "end": None, "text": notes},
    }


class IncidentJSONLWriter(EventWriter):
    """One incident record (``Incident.to_dict()``) per line."""

    format = "jsonl"

    def _write(self, event: EventLike, article: Article | None) -> bool:
        assert isinstance(event, Mapping)  # (an incident's record, never an Event)
        self.stream.write(json.dumps(dict(event), ensure_ascii=False) + "\n")
        return True


class IncidentCSVWriter(_CSVEventWriter):
    """One incident per row, ``INCIDENT_CSV_COLUMNS``."""

    format = "csv"
    columns = INCIDENT_CSV_COLUMNS

    def row(self, event: EventLike, article: Article | None) -> dict[str, Any]:
        return incident_flat_row(event)  # type: ignore[arg-type]


class IncidentACLEDWriter(ACLEDWriter):
    """One ACLED row per incident (those with an ACLED type): the incident's fields in
    ACLED's columns, every outlet that reported it in ``source`` (separated by "; ", as
    ACLED separates its sources), and how many reports in ``notes``. The inter codes stay
    empty: an incident keeps its actors' names only."""

    def row(self, event: EventLike, article: Article | None) -> dict[str, Any] | None:
        row = super().row(incident_event(event), None)  # type: ignore[arg-type]
        if row is not None:
            row["source"] = "; ".join(incident_sources(event))  # type: ignore[arg-type]
        return row


#: Incident writer classes by format name (``sitrep incidents --format``).
INCIDENT_WRITERS: dict[str, type[EventWriter]] = {
    "jsonl": IncidentJSONLWriter, "csv": IncidentCSVWriter, "acled": IncidentACLEDWriter,
}


def make_incident_writer(format: str, stream: IO[str], **options: Any) -> EventWriter:  # noqa: A002
    """A writer of incident records for ``format`` ("jsonl", "csv" or "acled") on ``stream``."""
    try:
        cls = INCIDENT_WRITERS[format.lower()]
    except KeyError:
        raise ValueError(f"unknown output format {format!r}; choose one of {', '.join(INCIDENT_WRITERS)}") from None
    return cls(stream, **options)


def format_incidents_plain(incidents: Sequence[Mapping[str, Any]]) -> str:
    """The plain-text view of incidents: a block per incident."""
    lines = [f"{len(incidents)} incident(s)"]
    for incident in incidents:
        s = _summary(incident_event(incident))
        lines.append(f"{incident.get('id')}  {s['type']}")
        lines.append(f"    date: {s['date']}")
        lines.append(f"    place: {s['place']}")
        lines.append(f"    actors: {s['actors']}")
        lines.append(f"    killed: {_count_text(_part(incident, 'killed'))}; injured: {_count_text(_part(incident, 'injured'))}")
        lines.append(f"    reports: {incident.get('n_articles')} article(s), {incident.get('n_sources')} source(s): "
                     + ("; ".join(incident_sources(incident)) or "-"))
    return "\n".join(lines) + "\n"


def print_incidents(incidents: Sequence[Mapping[str, Any]], stream: IO[str] | None = None, *,
                    force_terminal: bool | None = None, width: int | None = None) -> None:
    """Show incidents: a ``rich`` table on a terminal, plain text otherwise."""
    from rich.console import Console
    from rich.table import Table

    console = Console(file=stream if stream is not None else sys.stdout, force_terminal=force_terminal, width=width)
    if not console.is_terminal:
        console.file.write(format_incidents_plain(incidents))
        return
    table = Table(title=f"{len(incidents)} incident(s)", show_lines=True)
    for heading, ratio in (("Incident", None), ("Type", 3), ("Date", 2), ("Place", 3), ("Killed / injured", None),
                           ("Reports", None), ("Sources", 3)):
        table.add_column(heading, ratio=ratio)
    for incident in incidents:
        s = _summary(incident_event(incident))
        table.add_row(
            str(incident.get("id")), s["type"].replace(" / ", "\n"), s["date"], s["place"],
            f"{_count_text(_part(incident, 'killed'))} / {_count_text(_part(incident, 'injured'))}",
            str(incident.get("n_articles")), "; ".join(incident_sources(incident)) or "-",
        )
    console.print(table)


# ----------------------------------------------------------------- terminal


def _count_text(count: Mapping[str, Any]) -> str:
    if not count:
        return "-"
    best, low, high = count.get("best"), count.get("low"), count.get("high")
    text = "?" if best is None else str(best)
    if low is not None and high is not None and (low, high) != (best, best):
        text += f" ({low}-{high})"
    return text


def _summary(event: EventLike) -> dict[str, str]:
    """Readable strings for each column of the events table."""
    rec = event_record(event)
    types = [t for t in (rec.get("plover"), rec.get("acled_event_type")) if t]
    if rec.get("acled_sub_event_type"):
        types.append(rec["acled_sub_event_type"])
    date = _part(rec, "date")
    if date.get("start") and date.get("end") and date["start"] != date["end"]:
        when = f"{date['start']} to {date['end']}"
    else:
        when = date.get("start") or date.get("end") or "?"
    when += f" ({date.get('precision') or 'unknown'})"
    names = [_part(rec, k).get("name") for k in ("actor1", "actor2")]
    actors = " -> ".join(n or "?" for n in names) if any(names) else "-"
    place = _part(rec, "place")
    where = ", ".join(p for p in (place.get("name"), place.get("admin1"), place.get("country")) if p) or "-"
    if place.get("precision"):
        where += f" ({place['precision']})"
    return {
        "rank": str(rec.get("rank", "")),
        "type": " / ".join(types) or "-",
        "date": when,
        "actors": actors,
        "place": where,
        "killed": _count_text(_part(rec, "killed")),
        "injured": _count_text(_part(rec, "injured")),
        "background": "yes" if rec.get("background") else "no",
        "claimed_by": rec.get("claimed_by") or "-",
    }


_TABLE_HEADINGS = (
    ("rank", "#"), ("type", "Type"), ("date", "Date"), ("actors", "Actors"), ("place", "Place"),
    ("killed", "Killed"), ("injured", "Injured"), ("background", "Background"), ("claimed_by", "Claimed by"),
)


def _title(events: Sequence[EventLike], article: Article | None) -> str:
    if article is None:
        return f"{len(events)} event(s)"
    published = article.published.isoformat() if article.published else "no date"
    return f"{article.id} ({published}): {len(events)} event(s)"


def format_events_plain(events: Sequence[EventLike], article: Article | None = None) -> str:
    """The plain-text view of one article's events: a title line, then a block per event."""
    lines = [_title(events, article)]
    for event in events:
        s = _summary(event)
        lines.append(f"#{s['rank']}  {s['type']}")
        for key, heading in _TABLE_HEADINGS[2:]:
            lines.append(f"    {heading.lower()}: {s[key]}")
    return "\n".join(lines) + "\n"


def print_events(
    events: Sequence[EventLike],
    article: Article | None = None,
    stream: IO[str] | None = None,
    *,
    force_terminal: bool | None = None,
    width: int | None = None,
) -> None:
    """Show one article's events: a ``rich`` table on a terminal, plain text otherwise.

    ``force_terminal`` overrides the terminal detection; ``width`` the terminal's width.
    """
    from rich.console import Console
    from rich.table import Table

    console = Console(file=stream if stream is not None else sys.stdout, force_terminal=force_terminal, width=width)
    if not console.is_terminal:
        console.file.write(format_events_plain(events, article))
        return
    table = Table(title=_title(events, article), show_lines=True)
    # (heading, width ratio or None to fit the content): the wide, wordy columns share the room
    for heading, ratio in (("#", None), ("Type", 3), ("Date", 2), ("Actors", 3), ("Place", 3),
                           ("Killed / injured", None), ("Claimed by", 2), ("Bkgd", None)):
        table.add_column(heading, ratio=ratio, justify="right" if heading == "#" else "left")
    for event in events:
        s = _summary(event)
        table.add_row(
            s["rank"], s["type"].replace(" / ", "\n"), s["date"], s["actors"], s["place"],
            f"{s['killed']} / {s['injured']}", s["claimed_by"], s["background"],
        )
    console.print(table)


# ----------------------------------------------------------------- failures


class FailureLog:
    """Append failures to a JSONL file (``failures.jsonl``), once per origin, code and message.

    The file is opened on the first failure, so a clean run leaves no file behind.
    Duplicates are dropped within one ``FailureLog`` (one run), not across runs.
    """

    def __init__(self, path: str | os.PathLike[str] = "failures.jsonl") -> None:
        self.path = os.fspath(path)
        self._file: IO[str] | None = None
        self._seen: set[tuple[str, str, str]] = set()
        #: How many failures were written.
        self.count = 0

    def write(self, failure: Failure) -> bool:
        """Append a failure; False when the same one was already written in this run."""
        key = (failure.origin, failure.code, failure.message)
        if key in self._seen:
            return False
        try:
            if self._file is None:
                self._file = open(self.path, "a", encoding="utf-8")  # noqa: SIM115 - kept open for the run
            self._file.write(json.dumps(failure.to_dict(), ensure_ascii=False) + "\n")
            self._file.flush()
        except OSError as exc:
            raise StoreError("S003", path=self.path, reason=exc.strerror or str(exc)) from exc
        self._seen.add(key)
        self.count += 1
        return True

    def close(self) -> None:
        if self._file is not None:
            file, self._file = self._file, None
            file.close()

    def __enter__(self) -> FailureLog:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
