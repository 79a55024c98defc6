"""The event and incident records as Arrow schemas, declared once, and the conversions.

``EVENT_SCHEMA`` is the JSONL event record (``output.event_record``, docs/output.md) as
an Arrow schema: the same fields in the same order, nested records (``date``, the
actors, ``place``, the counts, ``trigger``, ``sentence``) as structs and ``counts`` and
``evidence`` as lists of structs, never JSON strings. ``INCIDENT_SCHEMA`` is the incident
record (``Incident.to_dict()``) the same way. ``--format parquet``, the Parquet reader's
counterpart and ``sitrep.spark`` all use these two; a test checks that they name exactly
the fields of the JSONL records, so the two cannot drift apart.

The one difference of type: dates (``date.start``, ``date.end``, an incident's
``first_report``...) are Arrow ``date32`` values where JSONL writes ISO strings.
``to_arrow`` and ``from_arrow`` convert a record each way, led by the schema, so
``from_arrow(to_arrow(record, schema), schema) == record`` for every JSONL record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import pyarrow as pa

_TEXT = pa.string()
_OFFSET = pa.int32()
#: People counted: int64, the store's own limit (R017) is below it.
_NUMBER = pa.int64()

DATE = pa.struct([("start", pa.date32()), ("end", pa.date32()), ("precision", _TEXT), ("text", _TEXT)])
ACTOR = pa.struct([("name", _TEXT), ("country", _TEXT), ("kind", _TEXT), ("acled_inter", pa.int32())])
PLACE = pa.struct([
    ("name", _TEXT), ("country", _TEXT), ("admin1", _TEXT), ("lat", pa.float64()), ("lon", pa.float64()),
    ("geonameid", pa.int64()), ("precision", _TEXT),
])
_COUNT_FIELDS = [("low", _NUMBER), ("best", _NUMBER), ("high", _NUMBER), ("text", _TEXT), ("victims", _TEXT),
                 ("claimed_by", _TEXT)]
COUNT = pa.struct(_COUNT_FIELDS)
#: One of ``counts``: a count with its kind first, as ``Event.to_dict`` writes it.
KIND_COUNT = pa.struct([("kind", _TEXT), *_COUNT_FIELDS])
TRIGGER = pa.struct([("text", _TEXT), ("start", _OFFSET), ("end", _OFFSET)])
SENTENCE = pa.struct([("start", _OFFSET), ("end", _OFFSET), ("text", _TEXT)])
EVIDENCE = pa.struct([("field", _TEXT), ("start", _OFFSET), ("end", _OFFSET), ("text", _TEXT)])

#: The event record (docs/output.md, "The event record"), field by field.
EVENT_SCHEMA = pa.schema([
    ("article_id", _TEXT), ("event_id", _TEXT), ("incident_id", _TEXT), ("rank", pa.int32()),
    ("plover", _TEXT), ("plover_mode", _TEXT), ("acled_event_type", _TEXT), ("acled_sub_event_type", _TEXT),
    ("date", DATE), ("actor1", ACTOR), ("actor2", ACTOR), ("place", PLACE),
    ("killed", COUNT), ("injured", COUNT), ("arrested", COUNT), ("abducted", COUNT), ("displaced", COUNT),
    ("counts", pa.list_(KIND_COUNT)), ("claimed_by", _TEXT), ("background", pa.bool_()),
    ("trigger", TRIGGER), ("sentence", SENTENCE), ("coder", _TEXT), ("evidence", pa.list_(EVIDENCE)),
])

FIGURE = pa.struct([
    ("event_id", _TEXT), ("article_id", _TEXT), ("published", pa.date32()), ("low", _NUMBER), ("best", _NUMBER),
    ("high", _NUMBER), ("claimed_by", _TEXT), ("text", _TEXT),
])
TALLY = pa.struct([("low", _NUMBER), ("best", _NUMBER), ("high", _NUMBER), ("figures", pa.list_(FIGURE))])
MEMBER = pa.struct([
    ("event_id", _TEXT), ("article_id", _TEXT), ("source", _TEXT), ("url", _TEXT), ("title", _TEXT),
    ("published", pa.date32()), ("copy_of", _TEXT), ("background", pa.bool_()),
])

#: The incident record (docs/output.md, "The incident record").
INCIDENT_SCHEMA = pa.schema([
    ("id", _TEXT), ("articles", pa.list_(_TEXT)), ("events", pa.list_(_TEXT)), ("members", pa.list_(MEMBER)),
    ("n_articles", pa.int32()), ("n_sources", pa.int32()),
    ("first_report", pa.date32()), ("last_report", pa.date32()),
    ("type", pa.struct([("plover", _TEXT), ("acled_event_type", _TEXT), ("acled_sub_event_type", _TEXT)])),
    ("date", DATE), ("place", PLACE), ("actor1", _TEXT), ("actor2", _TEXT),
    ("killed", TALLY), ("injured", TALLY), ("arrested", TALLY), ("abducted", TALLY), ("displaced", TALLY),
])

#: The article columns an input table may have (``id``, ``text``, ``published`` as in JSONL).
ARTICLE_COLUMNS = ("id", "text", "published", "date", "title", "url", "source")


def field_names(value: pa.Schema | pa.DataType) -> list[Any]:
    """The names of a schema's fields, nested: a struct's as a ``(name, [names])`` pair,
    a list of structs' as its item's. Compared with a record's keys (``record_names``)."""
    fields = list(value) if isinstance(value, pa.Schema) else list(value) if pa.types.is_struct(value) else []
    out: list[Any] = []
    for f in fields:
        kind = f.type.value_type if pa.types.is_list(f.type) else f.type
        out.append((f.name, field_names(kind)) if pa.types.is_struct(kind) else f.name)
    return out


def record_names(record: Mapping[str, Any]) -> list[Any]:
    """A JSON record's keys in the form ``field_names`` gives: a nested object (or the
    first object of a list) as a ``(key, [keys])`` pair."""
    out: list[Any] = []
    for key, value in record.items():
        if isinstance(value, list) and value and isinstance(value[0], Mapping):
            value = value[0]
        out.append((key, record_names(value)) if isinstance(value, Mapping) else key)
    return out


def _convert(value: Any, kind: pa.DataType, to_arrow: bool) -> Any:
    """``value`` of Arrow type ``kind``: dates as ``datetime.date`` (to Arrow) or ISO
    strings (from Arrow); structs and lists converted field by field."""
    if value is None:
        return None
    if pa.types.is_date32(kind):
        if to_arrow:
            return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
        return value.isoformat()
    if pa.types.is_struct(kind):
        return {f.name: _convert(value.get(f.name), f.type, to_arrow) for f in kind}
    if pa.types.is_list(kind):
        return [_convert(item, kind.value_type, to_arrow) for item in value]
    return value


def to_arrow(record: Mapping[str, Any], schema: pa.Schema = EVENT_SCHEMA) -> dict[str, Any]:
    """A JSONL record as Arrow takes it (``pa.Table.from_pylist``): dates as ``date`` objects."""
    return {f.name: _convert(record.get(f.name), f.type, True) for f in schema}


def from_arrow(row: Mapping[str, Any], schema: pa.Schema = EVENT_SCHEMA) -> dict[str, Any]:
    """A row read back from Arrow (``Table.to_pylist``) as the JSONL record: dates as ISO strings."""
    return {f.name: _convert(row.get(f.name), f.type, False) for f in schema}


def record_batch(records: Iterable[Mapping[str, Any]], schema: pa.Schema = EVENT_SCHEMA) -> pa.RecordBatch:
    """JSONL records as one Arrow record batch of ``schema``."""
    return pa.RecordBatch.from_pylist([to_arrow(r, schema) for r in records], schema=schema)


__all__ = [
    "ACTOR", "ARTICLE_COLUMNS", "COUNT", "DATE", "EVENT_SCHEMA", "EVIDENCE", "INCIDENT_SCHEMA", "PLACE",
    "field_names", "from_arrow", "record_batch", "record_names", "to_arrow",
]
