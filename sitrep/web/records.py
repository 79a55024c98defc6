"""What the HTTP API sends and takes, built from the core: no coding happens here.

* ``article_view``: an article with every evidence span of its events marked;
* ``feature`` / ``feature_collection``: events as GeoJSON;
* ``ingest``: posted records read with ``sitrep.readers``, coded with ``sitrep.batch``
  and stored in the ``Store``, each good or bad record reported by its index.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Any

from ..batch import analyse_stream
from ..errors import InputError
from ..model import Article, Failure
from ..pipeline import Analysis, Pipeline
from ..readers import RAW_LIMIT, article_from_record
from ..store import SaveResult, Store

#: ``SaveResult`` -> the status the API reports.
STATUS = {SaveResult.INSERTED: "stored", SaveResult.REPLACED: "replaced", SaveResult.UNCHANGED: "unchanged"}


def article_view(article: Article, events: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """``{"id", "published", "text", "spans"}``: every evidence span of every event, and
    each event's sentence (field ``"sentence"``), sorted by start, then end, field and event."""
    spans = []
    for event in events:
        event_id = event["event_id"]
        sentence = event.get("sentence") or {}
        if sentence.get("start") is not None and sentence.get("end") is not None:
            spans.append({"start": sentence["start"], "end": sentence["end"], "field": "sentence", "event_id": event_id})
        for item in event.get("evidence") or ():
            spans.append({"start": item["start"], "end": item["end"], "field": item["field"], "event_id": event_id})
    spans.sort(key=lambda s: (s["start"], -s["end"], s["field"], s["event_id"]))
    return {
        "id": article.id,
        "published": article.published.isoformat() if article.published else None,
        "text": article.text,
        "spans": spans,
    }


def article_summary(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "published": article.published.isoformat() if article.published else None,
        "text": article.text,
    }


def feature(event: Mapping[str, Any]) -> dict[str, Any] | None:
    """A GeoJSON Point feature (properties: the event without its evidence), or None without coordinates."""
    place = event.get("place") or {}
    if place.get("lat") is None or place.get("lon") is None:
        return None
    properties = {key: value for key, value in event.items() if key != "evidence"}
    return {
        "type": "Feature",
        "id": event["event_id"],
        "geometry": {"type": "Point", "coordinates": [place["lon"], place["lat"]]},
        "properties": properties,
    }


# ----------------------------------------------------------------- posting articles


@dataclass(frozen=True)
class Outcome:
    """What became of one posted record: stored (with its events) or failed (with a coded reason)."""

    index: int
    id: str | None
    status: str  # "stored", "unchanged", "replaced" or "failed"
    events: tuple[dict[str, Any], ...] = ()
    code: str | None = None
    reason: str | None = None

    @property
    def failed(self) -> bool:
        return self.status == "failed"

    def to_dict(self) -> dict[str, Any]:
        if self.failed:
            return {"index": self.index, "id": self.id, "status": self.status, "code": self.code, "reason": self.reason}
        return {"index": self.index, "id": self.id, "status": self.status, "events": list(self.events)}


def _raw(record: Any) -> str:
    text = json.dumps(record, ensure_ascii=False, default=str)
    return text if len(text) <= RAW_LIMIT else text[:RAW_LIMIT] + "…"


def read_record(record: Any, index: int, max_chars: int) -> Article | Failure:
    """An ``Article`` from one posted JSON value, or a ``Failure`` with sitrep's R-code."""
    origin = f"POST /api/articles[{index}]"
    if not isinstance(record, Mapping):
        error = InputError("R008", origin=origin)
        return Failure(origin, error.code, error.message, None, _raw(record))
    raw_id = record.get("id")
    known_id = str(raw_id) if isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool) and str(raw_id).strip() else None
    if known_id is not None:
        origin = f"POST /api/articles[{index}] (id {known_id.strip()})"
    try:
        article = article_from_record(record, default_id="", origin=origin, max_chars=max_chars)
    except InputError as exc:
        return Failure(origin, exc.code, exc.message, known_id.strip() if known_id else None, _raw(record))
    if not article.id:
        # No id given: the text names the article, so posting it again changes nothing.
        article = dataclasses.replace(article, id=article.text_hash[:16])
    return article


def ingest(
    records: Sequence[Any],
    store: Store,
    pipeline: Callable[[], Pipeline],
    *,
    max_chars: int,
    store_lock: AbstractContextManager[Any] | None = None,
) -> list[Outcome]:
    """Read, code and store posted records; failed ones are saved as failures too.

    An article already stored with the same text is not coded again ("unchanged").
    ``pipeline`` is called only when something needs coding. ``store_lock`` guards
    every store call (the server shares one store between threads).
    """
    lock = store_lock if store_lock is not None else nullcontext()
    outcomes: dict[int, Outcome] = {}

    def failed(index: int, failure: Failure) -> Outcome:
        with lock:
            store.save_failure(failure)
        return Outcome(index, failure.article_id, "failed", code=failure.code, reason=failure.message)

    to_code: list[tuple[int, Article]] = []
    for index, record in enumerate(records):
        item = read_record(record, index, max_chars)
        if isinstance(item, Failure):
            outcomes[index] = failed(index, item)
            continue
        with lock:
            known = store.has_article(item.id, item.text_hash)
        if known:
            with lock:
                events = store.article_events(item.id)
            outcomes[index] = Outcome(index, item.id, "unchanged", tuple(events))
        else:
            to_code.append((index, item))
    if to_code:
        indexes = [index for index, _ in to_code]
        results: Iterable[Analysis | Failure] = analyse_stream([a for _, a in to_code], pipeline())
        for index, result in zip(indexes, results):
            if isinstance(result, Failure):
                outcomes[index] = failed(index, result)
                continue
            events = sorted(result.events or (), key=lambda e: e.rank)
            with lock:
                saved = store.save_article(result.article, events)
                stored = store.article_events(result.article.id)
            outcomes[index] = Outcome(index, result.article.id, STATUS[saved], tuple(stored))
    return [outcomes[i] for i in sorted(outcomes)]
