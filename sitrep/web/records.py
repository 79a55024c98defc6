"""What the HTTP API sends and takes, built from the core: no coding happens here.

* ``article_view``: an article with every evidence span of its events marked;
* ``feature`` / ``feature_collection``: events as GeoJSON;
* ``with_sources``: event records with their article's title, outlet, URL and date
  (``source``), and the CSV writers of the exports that carry them;
* ``ingest``: posted records read with ``sitrep.readers``, coded with ``sitrep.batch``
  and stored in the ``Store``, each good or bad record reported by its index.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext, suppress
from dataclasses import dataclass
from typing import IO, Any
from urllib.parse import urlsplit

from ..batch import analyse_stream, failure_from
from ..errors import InputError, SitrepError
from ..model import Article, Failure
from ..output import ACLEDWriter, CSVWriter, EventLike
from ..pipeline import Analysis, Pipeline
from ..readers import RAW_LIMIT, article_from_record
from ..store import SaveResult, Store, storable

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


def outlet(source: str | None, url: str | None) -> str | None:
    """Who published an article: its ``source``, else its URL's host (without ``www.``)."""
    if source:
        return source
    host = (urlsplit(url).hostname or "") if url else ""
    return host.removeprefix("www.") or None


def with_sources(store: Store, items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The event records with ``source``: their article's ``{"title", "outlet", "url",
    "published"}`` (read in one query a page), right after ``article_id``."""
    known = store.article_sources([item["article_id"] for item in items])
    out = []
    for item in items:
        meta = known.get(item["article_id"]) or {}
        source = {"title": meta.get("title"), "outlet": outlet(meta.get("source"), meta.get("url")),
                  "url": meta.get("url"), "published": meta.get("published")}
        record: dict[str, Any] = {"article_id": item["article_id"], "source": source}
        record.update(item)  # the keys keep this order: article_id, source, then the record's
        record["source"] = source
        out.append(record)
    return out


#: The exports' extra columns, after sitrep's flat CSV columns: where the event was reported.
SOURCE_COLUMNS = ("source_title", "source_outlet", "source_url")


class SourcedCSVWriter(CSVWriter):
    """sitrep's flat CSV with the article's title, outlet and URL (``SOURCE_COLUMNS``)."""

    columns = CSVWriter.columns + SOURCE_COLUMNS

    def row(self, event: EventLike, article: Article | None) -> dict[str, Any]:
        row = super().row(event, article)
        source = (event.get("source") if isinstance(event, Mapping) else None) or {}
        row.update(source_title=source.get("title"), source_outlet=source.get("outlet"), source_url=source.get("url"))
        return row


class SourcedACLEDWriter(ACLEDWriter):
    """ACLED's columns with the outlet in ``source``, from the record's ``source``."""

    def row(self, event: EventLike, article: Article | None) -> dict[str, Any] | None:
        row = super().row(event, article)
        source = (event.get("source") if isinstance(event, Mapping) else None) or {}
        if row is not None and source.get("outlet"):
            row["source"] = source["outlet"]
        return row


def export_writer(columns: str, stream: IO[str]) -> CSVWriter | ACLEDWriter:
    """The CSV export's writer: sitrep's columns (``"sitrep"``) or ACLED's (``"acled"``)."""
    return SourcedCSVWriter(stream) if columns == "sitrep" else SourcedACLEDWriter(stream)


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


def incident_feature(incident: Mapping[str, Any]) -> dict[str, Any] | None:
    """A GeoJSON Point feature of an incident (properties: the incident record), or None without coordinates."""
    place = incident.get("place") or {}
    if place.get("lat") is None or place.get("lon") is None:
        return None
    return {
        "type": "Feature",
        "id": incident["id"],
        "geometry": {"type": "Point", "coordinates": [place["lon"], place["lat"]]},
        "properties": dict(incident),
    }


# ----------------------------------------------------------------- posting articles

log = logging.getLogger("sitrep.web")

#: Reasons the API gives for failures that are the server's, not the record's: the
#: details (a database path, an exception) go to the server's log and the failures table.
_SERVER_REASONS = {
    "S": "the database could not store it; the server's log says why",
    "L": "a resource the coding needs could not be loaded; the server's log says why",
}
_CODING_REASON = "coding failed; the server's log says why"


@dataclass(frozen=True)
class Outcome:
    """What became of one posted record: stored (with its events) or failed (with a coded reason)."""

    index: int
    id: str | None
    status: str  # "stored", "unchanged", "replaced" or "failed"
    events: tuple[dict[str, Any], ...] = ()
    code: str | None = None
    reason: str | None = None
    stage: str | None = None
    #: Whether the failure was kept in the store's failures table.
    failure_stored: bool = False

    @property
    def failed(self) -> bool:
        return self.status == "failed"

    @property
    def input_error(self) -> bool:
        """A failure of the record itself (sitrep's R-codes), not of the server."""
        return self.failed and (self.code or "").startswith("R")

    def to_dict(self) -> dict[str, Any]:
        if self.failed:
            return {"index": self.index, "id": self.id, "status": self.status, "code": self.code,
                    "reason": self.reason, "stage": self.stage, "failure_stored": self.failure_stored}
        return {"index": self.index, "id": self.id, "status": self.status, "events": list(self.events)}


def _shown(text: str) -> str:
    """``text`` for a message: as it is when storable, else with its bad characters escaped."""
    return text if storable(text) else json.dumps(text)[1:-1]


def _raw(record: Any) -> str | None:
    """The record as JSON for the failures table (escaped where a database would refuse it)."""
    try:
        text = json.dumps(record, ensure_ascii=False, default=str)
        if not storable(text):
            text = json.dumps(record, ensure_ascii=True, default=str)
    except (ValueError, TypeError, RecursionError):
        return None
    return text if len(text) <= RAW_LIMIT else text[:RAW_LIMIT] + "…"


def read_record(record: Any, index: int, max_chars: int) -> Article | Failure:
    """An ``Article`` from one posted JSON value, or a ``Failure`` with sitrep's R-code.

    As every reader does, the text, title, url and source are repaired (a NUL, a lone
    surrogate that JSON's ``\\ud800`` escapes can carry), and an id holding either is
    refused (R019).
    """
    origin = f"POST /api/articles[{index}]"
    if not isinstance(record, Mapping):
        error = InputError("R008", origin=origin)
        return Failure(origin, error.code, error.message, None, _raw(record), stage="read")
    raw_id = record.get("id")
    known_id = str(raw_id).strip() if isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool) else ""
    safe_id = known_id if known_id and storable(known_id) else None
    if known_id:
        origin = f"POST /api/articles[{index}] (id {_shown(known_id)})"
    try:
        article = article_from_record(record, default_id="", origin=origin, max_chars=max_chars)
    except InputError as exc:
        return Failure(origin, exc.code, exc.message, safe_id, _raw(record), stage="read")
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
    """Read, code and store posted records, each on its own: an exception while reading,
    coding or storing one record becomes that record's failure, with the codes and the
    stage ``sitrep code`` gives (``sitrep.batch.failure_from``), and the others go on. A
    failed record is saved as a failure too, when the store takes it.

    An article already stored with the same text is not coded again ("unchanged").
    ``pipeline`` is called only when something needs coding. ``store_lock`` guards
    every store call (the server shares one store between threads).
    """
    failures = _Failures(store, store_lock if store_lock is not None else nullcontext())
    outcomes: dict[int, Outcome] = {}
    to_code: list[tuple[int, Article]] = []
    for index, record in enumerate(records):
        looked_up = _look_up(index, record, max_chars, failures)
        if isinstance(looked_up, Outcome):
            outcomes[index] = looked_up
        else:
            to_code.append((index, looked_up))
    if to_code:
        outcomes.update(_code(to_code, pipeline, failures))
    return [outcomes[i] for i in sorted(outcomes)]


class _Failures:
    """What went wrong with one posted record, as its failed ``Outcome``; the failure is
    kept in the store when the store takes it."""

    def __init__(self, store: Store, lock: AbstractContextManager[Any]) -> None:
        self.store = store
        self.lock = lock

    def failed(self, index: int, failure: Failure, exc: BaseException | None = None) -> Outcome:
        if not failure.code.startswith("R"):
            log.error("POST /api/articles record %d (%s) failed: [%s] %s", index, failure.origin, failure.code,
                      failure.message, exc_info=exc if exc is not None and not isinstance(exc, SitrepError) else None)
        try:
            with self.lock:
                self.store.save_failure(failure)
            kept = True
        except Exception:  # noqa: BLE001 - the reply still reports the record, and says the failure was not kept
            log.exception("could not keep the failure of POST /api/articles record %d in the store", index)
            kept = False
        reason = failure.message if failure.code.startswith("R") else _SERVER_REASONS.get(failure.code[:1], _CODING_REASON)
        return Outcome(index, failure.article_id, "failed", code=failure.code, reason=reason, stage=failure.stage,
                       failure_stored=kept)

    def failure_of(self, index: int, article: Article | None, exc: BaseException, stage: str, operation: str) -> Outcome:
        # The same codes, stage and place as ``sitrep code`` gives (``batch.failure_from``).
        origin = f"POST /api/articles[{index}]"
        article = article or Article(id="", text="", origin=origin)
        failure = failure_from(dataclasses.replace(article, origin=article.origin or origin), exc, stage)
        if not failure.article_id:
            failure = dataclasses.replace(failure, article_id=None)
        if not isinstance(exc, SitrepError):
            failure = dataclasses.replace(failure, message=f"{operation}: {failure.message}")
        return self.failed(index, failure, exc)


def _look_up(index: int, record: Any, max_chars: int, failures: _Failures) -> Outcome | Article:
    """A posted record read: its outcome when it failed or is stored already with the
    same text ("unchanged"), else the article to code."""
    try:
        item = read_record(record, index, max_chars)
    except Exception as exc:  # noqa: BLE001 - a reader bug fails this record only
        return failures.failure_of(index, None, exc, "read", "reading the record")
    if isinstance(item, Failure):
        return failures.failed(index, item)
    try:
        with failures.lock:
            known = failures.store.has_article(item.id, item.text_hash)
            events = failures.store.article_events(item.id) if known else []
    except Exception as exc:  # noqa: BLE001
        return failures.failure_of(index, item, exc, "store", f"looking up article {item.id!r}")
    return Outcome(index, item.id, "unchanged", tuple(events)) if known else item


def _code(to_code: list[tuple[int, Article]], pipeline: Callable[[], Pipeline], failures: _Failures) -> dict[int, Outcome]:
    """Code and store the articles ``to_code``: each one's outcome, by index."""
    try:
        coding = pipeline()
    except Exception as exc:  # noqa: BLE001 - no pipeline: every record that needed one fails
        return {index: failures.failure_of(index, article, exc, "code", "loading the pipeline")
                for index, article in to_code}
    # The batch loop turns anything that goes wrong with one article (in spaCy or a
    # stage) into that article's Failure, in order: one result per article.
    results = analyse_stream([article for _, article in to_code], coding)
    outcomes: dict[int, Outcome] = {}
    for (index, _), result in zip(to_code, results):
        if isinstance(result, Failure):
            outcomes[index] = failures.failed(index, result)
        else:
            outcomes[index] = _save(index, result, failures.store, failures.lock, failures.failure_of)
    return outcomes


def _save(
    index: int, result: Analysis, store: Store, lock: AbstractContextManager[Any],
    failure_of: Callable[[int, Article | None, BaseException, str, str], Outcome],
) -> Outcome:
    events = sorted(result.events or (), key=lambda e: e.rank)
    try:
        with lock:
            saved = store.save_article(result.article, events)
    except Exception as exc:  # noqa: BLE001 - this record fails; the others go on
        return failure_of(index, result.article, exc, "store", f"saving article {result.article.id!r}")
    try:
        with lock:
            store.assign_incidents(result.article.id)
    except Exception as exc:  # noqa: BLE001 - the article is stored; its events wait for `sitrep incidents rebuild`
        failure = failure_from(result.article, exc, "incidents")
        log.error("POST /api/articles record %d (%s): [%s] %s", index, failure.origin, failure.code, failure.message,
                  exc_info=exc if not isinstance(exc, SitrepError) else None)
        with suppress(Exception), lock:
            store.save_failure(failure)
    try:
        with lock:
            stored = store.article_events(result.article.id)
    except Exception as exc:  # noqa: BLE001
        return failure_of(index, result.article, exc, "store", f"reading article {result.article.id!r} back")
    return Outcome(index, result.article.id, STATUS[saved], tuple(stored))
