"""The OpenAPI description of what the API sends and takes (``/api/openapi.json``).

The routes return plain dicts built by ``sitrep.web.records`` and the store; these
JSON Schemas say what those dicts hold, so that a client (or schemathesis, which
checks every reply against them in tests/server/test_server_fuzz.py) can rely on
them. ``responses(...)`` gives a route its documented replies: every 4xx and 5xx is
the one error envelope (``sitrep.web.errors``).
"""

from __future__ import annotations

from typing import Any


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


STRING_OR_NULL: dict[str, Any] = {"type": ["string", "null"]}
INTEGER_OR_NULL: dict[str, Any] = {"type": ["integer", "null"]}
NUMBER_OR_NULL: dict[str, Any] = {"type": ["number", "null"]}

#: The one error shape of every 4xx and 5xx reply.
ERROR: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "additionalProperties": False,
    "properties": {"error": {
        "type": "object",
        "required": ["status", "code", "message", "details"],
        "additionalProperties": False,
        "properties": {
            "status": {"type": "integer", "minimum": 400, "maximum": 599},
            "code": {"type": "string", "minLength": 1},
            "message": {"type": "string", "minLength": 1},
            "details": {"type": "array"},
        },
    }},
}

SPAN: dict[str, Any] = {
    "type": "object",
    "required": ["start", "end"],
    "properties": {"start": INTEGER_OR_NULL, "end": INTEGER_OR_NULL, "text": STRING_OR_NULL},
}

COUNT: dict[str, Any] = _nullable({
    "type": "object",
    "required": ["low", "best", "high"],
    "properties": {"low": INTEGER_OR_NULL, "best": INTEGER_OR_NULL, "high": INTEGER_OR_NULL},
})

ACTOR: dict[str, Any] = _nullable({
    "type": "object",
    "required": ["name"],
    "properties": {"name": {"type": "string"}, "country": STRING_OR_NULL, "kind": STRING_OR_NULL,
                   "acled_inter": INTEGER_OR_NULL},
})

PLACE: dict[str, Any] = _nullable({
    "type": "object",
    "properties": {"name": STRING_OR_NULL, "country": STRING_OR_NULL, "admin1": STRING_OR_NULL,
                   "lat": NUMBER_OR_NULL, "lon": NUMBER_OR_NULL, "geonameid": INTEGER_OR_NULL,
                   "precision": STRING_OR_NULL},
})

#: Where an event was reported: its article's title, outlet (the source, else the URL's host), URL and date.
SOURCE: dict[str, Any] = {
    "type": "object",
    "required": ["title", "outlet", "url", "published"],
    "additionalProperties": False,
    "properties": {"title": STRING_OR_NULL, "outlet": STRING_OR_NULL, "url": STRING_OR_NULL,
                   "published": STRING_OR_NULL},
}

#: One event record: what ``sitrep code --format jsonl`` writes (docs/output.md); the
#: API's reads add ``source``.
EVENT: dict[str, Any] = {
    "type": "object",
    "required": ["article_id", "event_id", "rank", "plover", "acled_event_type", "acled_sub_event_type", "date",
                 "actor1", "actor2", "place", "killed", "injured", "counts", "background", "trigger", "sentence",
                 "coder", "evidence"],
    "properties": {
        "article_id": {"type": "string"},
        "source": SOURCE,
        "event_id": {"type": "string"},
        "incident_id": STRING_OR_NULL,
        "rank": {"type": "integer", "minimum": 0},
        "plover": STRING_OR_NULL,
        "plover_mode": STRING_OR_NULL,
        "acled_event_type": STRING_OR_NULL,
        "acled_sub_event_type": STRING_OR_NULL,
        "date": {"type": "object", "properties": {"start": STRING_OR_NULL, "end": STRING_OR_NULL,
                                                   "precision": STRING_OR_NULL, "text": STRING_OR_NULL}},
        "actor1": ACTOR, "actor2": ACTOR, "place": PLACE,
        "killed": COUNT, "injured": COUNT, "arrested": COUNT, "abducted": COUNT, "displaced": COUNT,
        "counts": {"type": "array", "items": {"type": "object"}},
        "claimed_by": STRING_OR_NULL,
        "background": {"type": "boolean"},
        "trigger": SPAN,
        "sentence": SPAN,
        "coder": {"type": "string"},
        "evidence": {"type": "array", "items": {
            "type": "object", "required": ["field", "start", "end", "text"],
            "properties": {"field": {"type": "string"}, "start": {"type": "integer"}, "end": {"type": "integer"},
                           "text": {"type": "string"}},
        }},
    },
}

EVENT_PAGE: dict[str, Any] = {
    "type": "object",
    "required": ["items", "next_cursor", "total"],
    "additionalProperties": False,
    "properties": {"items": {"type": "array", "items": EVENT}, "next_cursor": STRING_OR_NULL,
                   "total": {"type": "integer", "minimum": 0}},
}

TALLY: dict[str, Any] = _nullable({
    "type": "object",
    "required": ["low", "best", "high", "figures"],
    "properties": {"low": INTEGER_OR_NULL, "best": INTEGER_OR_NULL, "high": INTEGER_OR_NULL,
                   "figures": {"type": "array", "items": {"type": "object"}}},
})

#: One incident record (``Incident.to_dict()``, docs/output.md "The incident record").
INCIDENT: dict[str, Any] = {
    "type": "object",
    "required": ["id", "articles", "events", "members", "n_articles", "n_sources", "first_report", "last_report",
                 "type", "date", "place", "actor1", "actor2", "killed", "injured"],
    "properties": {
        "id": {"type": "string"},
        "articles": {"type": "array", "items": {"type": "string"}},
        "events": {"type": "array", "items": {"type": "string"}},
        "members": {"type": "array", "items": {
            "type": "object", "required": ["event_id", "article_id"],
            "properties": {"event_id": {"type": "string"}, "article_id": {"type": "string"},
                           "source": STRING_OR_NULL, "url": STRING_OR_NULL, "title": STRING_OR_NULL,
                           "published": STRING_OR_NULL, "copy_of": STRING_OR_NULL, "background": {"type": "boolean"}},
        }},
        "n_articles": {"type": "integer", "minimum": 1},
        "n_sources": {"type": "integer", "minimum": 0},
        "first_report": STRING_OR_NULL, "last_report": STRING_OR_NULL,
        "type": {"type": "object", "properties": {"plover": STRING_OR_NULL, "acled_event_type": STRING_OR_NULL,
                                                   "acled_sub_event_type": STRING_OR_NULL}},
        "date": {"type": "object", "properties": {"start": STRING_OR_NULL, "end": STRING_OR_NULL,
                                                   "precision": STRING_OR_NULL, "text": STRING_OR_NULL}},
        "place": PLACE, "actor1": STRING_OR_NULL, "actor2": STRING_OR_NULL,
        "killed": TALLY, "injured": TALLY, "arrested": TALLY, "abducted": TALLY, "displaced": TALLY,
    },
}

INCIDENT_PAGE: dict[str, Any] = {
    "type": "object",
    "required": ["items", "next_cursor", "total"],
    "additionalProperties": False,
    "properties": {"items": {"type": "array", "items": INCIDENT}, "next_cursor": STRING_OR_NULL,
                   "total": {"type": "integer", "minimum": 0}},
}

INCIDENT_WITH_EVENTS: dict[str, Any] = {
    "type": "object",
    "required": ["incident", "events"],
    "additionalProperties": False,
    "properties": {"incident": INCIDENT, "events": {"type": "array", "items": EVENT}},
}

ARTICLE_SUMMARY: dict[str, Any] = {
    "type": "object",
    "required": ["id", "published", "text"],
    "properties": {"id": {"type": "string"}, "published": STRING_OR_NULL, "text": {"type": "string"}},
}

EVENT_WITH_ARTICLE: dict[str, Any] = {
    "type": "object",
    "required": ["event", "article"],
    "additionalProperties": False,
    "properties": {"event": EVENT, "article": ARTICLE_SUMMARY},
}

ARTICLE_VIEW: dict[str, Any] = {
    "type": "object",
    "required": ["id", "published", "text", "spans"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string"}, "published": STRING_OR_NULL, "text": {"type": "string"},
        "spans": {"type": "array", "items": {
            "type": "object", "required": ["start", "end", "field", "event_id"], "additionalProperties": False,
            "properties": {"start": {"type": "integer"}, "end": {"type": "integer"}, "field": {"type": "string"},
                           "event_id": {"type": "string"}},
        }},
    },
}

FEATURE_COLLECTION: dict[str, Any] = {
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {"type": "array", "items": {
            "type": "object", "required": ["type", "id", "geometry", "properties"],
            "properties": {
                "type": {"const": "Feature"}, "id": {"type": "string"},
                "geometry": {"type": "object", "required": ["type", "coordinates"], "properties": {
                    "type": {"const": "Point"},
                    "coordinates": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2}}},
                "properties": {"type": "object"},
            },
        }},
    },
}

HEALTH: dict[str, Any] = {
    "type": "object",
    "required": ["status", "version", "backend", "articles", "events", "writes"],
    "additionalProperties": False,
    "properties": {
        "status": {"const": "ok"}, "version": {"type": "string"}, "backend": {"enum": ["sqlite", "postgresql"]},
        "articles": {"type": "integer", "minimum": 0}, "events": {"type": "integer", "minimum": 0},
        "writes": {"type": "object", "required": ["coding", "waiting", "max_waiting"], "additionalProperties": False,
                   "properties": {"coding": {"type": "integer", "minimum": 0},
                                  "waiting": {"type": "integer", "minimum": 0},
                                  "max_waiting": {"type": "integer", "minimum": 0}}},
    },
}

COUNTRIES: dict[str, Any] = {
    "type": "object",
    "required": ["countries"],
    "additionalProperties": False,
    "properties": {"countries": {"type": "array", "items": {
        "type": "object", "required": ["code", "name"], "additionalProperties": False,
        "properties": {"code": {"type": "string", "pattern": "^[A-Z]{3}$"}, "name": {"type": "string"}}}}},
}

FILTERS: dict[str, Any] = {
    "type": "object",
    "required": ["filters"],
    "additionalProperties": False,
    "properties": {"filters": {"type": "array", "items": {
        "type": "object", "additionalProperties": False,
        "required": ["name", "param", "option", "kind", "help", "incidents_help", "incidents"],
        "properties": {
            "name": {"type": "string", "description": "The field of sitrep.store.EventQuery."},
            "param": {"type": "string", "description": "The query parameter of /api/events and /api/incidents."},
            "option": {"type": "string", "description": "The option of `sitrep events` and `sitrep incidents`."},
            "kind": {"enum": ["date", "text", "bbox", "flag"]},
            "help": {"type": "string", "description": "What it keeps of events."},
            "incidents_help": {"type": "string", "description": "What it keeps of incidents."},
            "incidents": {"type": "boolean", "description": "Whether it filters incidents too."},
        }}}},
}

CONFIG: dict[str, Any] = {
    "type": "object",
    "required": ["tiles", "tiles_attribution", "reads_need_token"],
    "additionalProperties": False,
    "properties": {"tiles": STRING_OR_NULL, "tiles_attribution": STRING_OR_NULL,
                   "reads_need_token": {"type": "boolean"}},
}


def article_input(max_chars: int) -> dict[str, Any]:
    """One posted article, as ``sitrep.readers`` reads it (null or absent optional fields
    are the same; fields it does not know are ignored)."""
    when = {"type": ["string", "null"], "examples": ["2023-12-26"],
            "description": "An ISO 8601 date (YYYY-MM-DD) or datetime; empty or null: none."}
    return {
        "type": "object",
        "required": ["text"],
        "properties": {
            "id": {"type": ["string", "integer", "null"],
                   "description": "Default (null, absent or blank): a hash of the text. Surrounding spaces are dropped."},
            "text": {"type": "string", "minLength": 1, "maxLength": max_chars,
                     "description": f"The article, at most {max_chars:,} characters (the server's max_chars); "
                                    "it must hold more than white space."},
            "published": when,
            # Read only when `published` is absent or empty (then as `published` is read);
            # ignored otherwise, whatever it holds: so any value passes here.
            "date": {"description": "Read only when `published` is absent, null or empty: then as `published`."},
            "title": STRING_OR_NULL, "url": STRING_OR_NULL, "source": STRING_OR_NULL,
        },
    }


#: One record in a POST reply, by its index in the request: stored (with its events) or failed.
RECORD_OUTCOME: dict[str, Any] = {
    "oneOf": [
        {"type": "object", "required": ["index", "id", "status", "events"], "additionalProperties": False,
         "properties": {"index": {"type": "integer", "minimum": 0}, "id": {"type": "string"},
                        "status": {"enum": ["stored", "replaced", "unchanged"]},
                        "events": {"type": "array", "items": EVENT}}},
        {"type": "object", "required": ["index", "id", "status", "code", "reason", "stage", "failure_stored"],
         "additionalProperties": False,
         "properties": {"index": {"type": "integer", "minimum": 0}, "id": STRING_OR_NULL,
                        "status": {"const": "failed"}, "code": {"type": "string", "pattern": "^[A-Z][0-9]{3}$"},
                        "reason": {"type": "string"}, "stage": STRING_OR_NULL,
                        "failure_stored": {"type": "boolean"}}},
    ],
}

POSTED: dict[str, Any] = {
    "type": "object",
    "required": ["articles"],
    "additionalProperties": False,
    "properties": {"articles": {"type": "array", "items": RECORD_OUTCOME}},
}


def _json(schema: dict[str, Any], description: str, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    reply: dict[str, Any] = {"description": description, "content": {"application/json": {"schema": schema}}}
    if headers:
        reply["headers"] = headers
    return reply


#: The error replies any route may give, by status.
ERRORS: dict[int, dict[str, Any]] = {
    401: _json(ERROR, "No token, or the wrong one (writes; reads too with private reads).",
               {"WWW-Authenticate": {"schema": {"type": "string"}, "required": True}}),
    403: _json(ERROR, "Writes are off: no token is configured."),
    404: _json(ERROR, "Nothing there."),
    408: _json(ERROR, "The request body did not arrive in time (body_timeout)."),
    413: _json(ERROR, "The body, or the list of articles, is over its limit."),
    422: _json(ERROR, "A parameter or the body cannot be used; `details` say which."),
    500: _json(ERROR, "The server or its database failed; the log says why."),
    503: _json(ERROR, "Too many writes are waiting (max_queued_writes); try again after Retry-After seconds.",
               {"Retry-After": {"schema": {"type": "string", "pattern": "^[0-9]+$"}, "required": True}}),
}


def responses(ok: dict[str, Any] | None, *statuses: int, more: dict[int | str, Any] | None = None) -> dict[int | str, Any]:
    """A route's documented replies: ``ok`` as 200, ``more`` (other successes, by
    status), and the error envelope for each of ``statuses``."""
    out: dict[int | str, Any] = {}
    if ok is not None:
        out[200] = ok
    out.update(more or {})
    for status in statuses:
        out[status] = ERRORS[status]
    return out


def json_reply(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return _json(schema, description)


def content_reply(media_type: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {media_type: {"schema": schema}}}


__all__ = [
    "ARTICLE_VIEW", "CONFIG", "COUNTRIES", "ERROR", "ERRORS", "EVENT", "EVENT_PAGE", "EVENT_WITH_ARTICLE", "FEATURE_COLLECTION", "FILTERS",
    "HEALTH", "POSTED", "SOURCE", "article_input", "content_reply", "json_reply", "responses",
]
