"""``sitrep serve``: the HTTP API and the web page, a thin layer over the store and the batch.

``create_app(store, settings)`` builds the ASGI app (FastAPI). Every read goes through
the ``Store`` (filters, full-text search and keyset pagination live there, for SQLite
and PostgreSQL alike); posted articles are read, coded and stored by
``sitrep.web.records.ingest`` with the same readers and batch loop as ``sitrep code``.
One store is shared by the server's threads, so its calls are serialised by a lock.
Reads run in the usual thread pool; writes are coded one at a time in a thread of
their own, behind a bounded queue (``sitrep.web.limits``), so a read never waits for
a write. docs/api.md describes the API.

(No ``from __future__ import annotations`` here: FastAPI reads the route functions'
annotations at run time, and some name types local to ``create_app``.)
"""

import dataclasses
import hmac
import inspect
import io
import json
import logging
import threading
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import IO, Annotated, Any, Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.cors import CORSMiddleware

from .. import __version__
from ..errors import StoreError
from ..filters import FILTERS, Filter, read_value
from ..output import IncidentACLEDWriter, IncidentCSVWriter
from ..pipeline import Pipeline
from ..store import MAX_LIMIT, EventQuery, QueryError, Store, storable
from . import errors, schemas
from .errors import ApiError, ExportAborted
from .limits import BodyLimit, BodyTimeout, WriteQueue
from .records import (
    Outcome,
    article_summary,
    article_view,
    export_writer,
    feature,
    incident_feature,
    ingest,
    with_sources,
)
from .security import SecurityHeaders
from .settings import Settings

log = logging.getLogger("sitrep.web")

#: The web page's files (index.html, scripts, styles, vendored libraries).
STATIC = Path(str(resources.files("sitrep") / "web" / "static"))


class Service:
    """What the routes share: the store and its lock, the settings, the write queue, the
    pipeline (built on first use, in the write thread)."""

    def __init__(self, store: Store, settings: Settings, pipeline: Callable[[], Pipeline] | None = None) -> None:
        self.store = store
        self.settings = settings
        self.store_lock = threading.Lock()
        self.writes = WriteQueue(settings.max_queued_writes)
        self._pipeline_factory = pipeline
        self._pipeline: Pipeline | None = None

    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            if self._pipeline_factory is not None:
                self._pipeline = self._pipeline_factory()
            else:
                from ..api import default_pipeline

                self._pipeline = default_pipeline()
        return self._pipeline

    def read(self, work: Callable[[Store], Any]) -> Any:
        with self.store_lock:
            try:
                return work(self.store)
            except StoreError as exc:
                raise ApiError(500, "store_error", f"[{exc.code}] the database refused the operation") from exc

    def code(self, records: list[Any]) -> list[Outcome]:
        """Read, code and store ``records`` (in the write thread: one call at a time)."""
        return ingest(records, self.store, self.pipeline, max_chars=self.settings.max_chars,
                      store_lock=self.store_lock)

    def pages(self, query: EventQuery, *, incidents: bool = False) -> Iterator[list[dict[str, Any]]]:
        """Every event (or, with ``incidents``, incident) ``query`` matches, a page of
        ``MAX_LIMIT`` at a time, for the exports.

        The first page is read now, so that a failure there is an ordinary error reply;
        a failure on a later page, once the reply has started, raises ``ExportAborted``.
        """
        query = dataclasses.replace(query, limit=MAX_LIMIT, cursor=None)
        what = "incidents" if incidents else "events"

        def listing(s: Store, q: EventQuery) -> Any:
            if incidents:
                return s.query_incidents(q)
            page = s.query_events(q)
            return dataclasses.replace(page, items=with_sources(s, page.items))

        first = self.read(lambda s: listing(s, query))

        def rest() -> Iterator[list[dict[str, Any]]]:
            page, sent = first, 0
            while True:
                yield page.items
                sent += len(page.items)
                if page.next_cursor is None:
                    return
                following = dataclasses.replace(query, cursor=page.next_cursor)
                try:
                    page = self.read(lambda s: listing(s, following))  # noqa: B023 (read calls it before the loop goes on)
                except Exception as exc:
                    log.error("export cut off after %d %s: reading the next page failed: %s", sent, what,
                              exc.message if isinstance(exc, ApiError) else f"{type(exc).__name__}: {exc}",
                              exc_info=not isinstance(exc, ApiError))
                    raise ExportAborted(f"reading {what} after the first {sent} failed") from exc

        return rest()


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def _check_token(request: Request, settings: Settings, what: str) -> None:
    given = _bearer(request)
    challenge = {"WWW-Authenticate": "Bearer"}
    if given is None:
        raise ApiError(401, "unauthorized", f"{what} need a token: send Authorization: Bearer <token>",
                       headers=challenge)
    if settings.token is None or not hmac.compare_digest(given.encode(), settings.token.encode()):
        raise ApiError(401, "unauthorized", "the token is wrong", headers=challenge)


def _csv_reply(pages: Iterator[list[dict[str, Any]]], make_writer: Callable[[IO[str]], Any], name: str) -> StreamingResponse:
    """A CSV download of every record of ``pages``, written by ``make_writer(buffer)``
    and sent in pieces of about 64 kB."""

    def body() -> Iterator[bytes]:
        buffer = io.StringIO()
        writer = make_writer(buffer)
        for items in pages:
            for record in items:
                writer.write(record)
            if buffer.tell() > 65_536:
                yield buffer.getvalue().encode("utf-8")
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue().encode("utf-8")

    return StreamingResponse(body(), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})


def create_app(store: Store, settings: Settings | None = None,
               pipeline: Callable[[], Pipeline] | None = None) -> FastAPI:
    """The ASGI app over ``store``. ``pipeline`` builds the coding pipeline (default: sitrep's)."""
    settings = settings or Settings()
    service = Service(store, settings, pipeline)
    app = _base_app(settings)
    app.state.service = service
    routes = _Routes(app, service, settings)
    _page_routes(app)
    _service_routes(routes)
    _event_routes(routes)
    _incident_routes(routes)
    _article_routes(routes)
    _describe_security(app, settings)
    return app


def _base_app(settings: Settings) -> FastAPI:
    """The FastAPI app with its error handlers and middleware, and no routes yet."""
    app = FastAPI(
        title="sitrep",
        version=__version__,
        description="Dated news articles in, sourced event records out. See docs/api.md.",
        openapi_url="/api/openapi.json",
        docs_url=None,  # FastAPI's pages load scripts from a CDN; /api/docs serves vendored ones
        redoc_url=None,
    )
    errors.install(app)

    @app.exception_handler(QueryError)
    async def query_error(request: Request, exc: QueryError) -> JSONResponse:
        return errors.error_response(ApiError(
            422, "invalid_parameter", f"{exc.parameter}: {exc}", [{"parameter": exc.parameter, "message": str(exc)}]
        ))

    # Middleware added later wraps what was added before: CORS (when on) is outermost,
    # so even a 413 carries its headers; then the security headers; then the body's
    # deadline, which also sees BodyLimit's early refusals.
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.add_middleware(BodyTimeout, seconds=settings.body_timeout)
    app.add_middleware(SecurityHeaders, settings=settings)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )
    return app


class _Routes:
    """What every route group needs: the app, the service, the settings, the read
    check (``read``, a dependency) and the error replies of a read."""

    def __init__(self, app: FastAPI, service: Service, settings: Settings) -> None:
        self.app = app
        self.service = service
        self.settings = settings
        self.read_errors = (401, 422, 500) if not settings.public_reads else (422, 500)

        def reader(request: Request) -> None:
            """Reads are public unless the settings make them token-only."""
            if not settings.public_reads:
                _check_token(request, settings, "reads")

        self.read = Depends(reader)

    def export(self, path: str, media_type: str, schema: dict[str, Any], what: str) -> Callable[[Any], Any]:
        """The decorator of a streamed export route: ``what`` is the reply's description,
        which notes that a failure once the reply started cuts the connection."""
        return self.app.get(
            path, tags=["exports"], dependencies=[self.read], response_model=None, response_class=StreamingResponse,
            responses=schemas.responses(schemas.content_reply(
                media_type, schema, f"{what} A failure after the reply started cuts the connection."),
                *self.read_errors))

    def writer(self, request: Request) -> None:
        """Writes need the configured token; with none configured they are refused."""
        if self.settings.token is None:
            raise ApiError(
                403, "writes_disabled",
                "writes are off because no token is configured: set SITREP_TOKEN, or `token` in the config "
                "file given with --config, and restart the server",
            )
        _check_token(request, self.settings, "writes")


def _page_routes(app: FastAPI) -> None:
    """The web page, the API's documentation page and the static files."""

    def static_page(name: str) -> FileResponse:
        page = STATIC / name
        if not page.is_file():
            raise ApiError(404, "not_found", f"the page is not installed (sitrep/web/static/{name})")
        return FileResponse(page, media_type="text/html")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return static_page("index.html")

    @app.get("/api/docs", include_in_schema=False)
    def api_docs() -> FileResponse:
        """The API's interactive documentation: Swagger UI from vendored files (no CDN)."""
        return static_page("api-docs.html")

    app.mount("/static", StaticFiles(directory=STATIC, check_dir=False), name="static")


def _service_routes(routes: _Routes) -> None:
    """Health, the page's configuration, its country names and its filters: never need a token."""
    app, service, settings = routes.app, routes.service, routes.settings

    @app.get("/api/health", tags=["service"], response_model=None,
             responses=schemas.responses(schemas.json_reply(schemas.HEALTH, "The server is up."), 500))
    def health() -> dict[str, Any]:
        """Liveness, version, back end, how much is stored, and the writes coding and waiting. Never needs a token."""
        counts = service.read(lambda s: s.counts())
        return {"status": "ok", "version": __version__, "backend": service.store.backend,
                "articles": counts["articles"], "events": counts["events"], "writes": service.writes.state()}

    @app.get("/api/config", tags=["service"], response_model=None,
             responses=schemas.responses(schemas.json_reply(schemas.CONFIG, "What the web page needs.")))
    def config() -> dict[str, Any]:
        """What the web page needs to know: map tiles and whether reads need a token."""
        return {"tiles": settings.tiles, "tiles_attribution": settings.tiles_attribution,
                "reads_need_token": not settings.public_reads}

    @app.get("/api/countries", tags=["service"], response_model=None,
             responses=schemas.responses(schemas.json_reply(schemas.COUNTRIES, "Every country's code and name.")))
    def countries() -> dict[str, Any]:
        """Every ISO 3166-1 country's alpha-3 code and short English name, by name: the
        web page's country suggestions (the ``country`` filter takes either)."""
        from ..resources.countries import country_table

        names = country_table().a3_name
        return {"countries": [{"code": code, "name": name}
                              for code, name in sorted(names.items(), key=lambda item: item[1].casefold())]}

    @app.get("/api/filters", tags=["service"], response_model=None,
             responses=schemas.responses(schemas.json_reply(schemas.FILTERS, "Every filter of the listings.")))
    def filters() -> dict[str, Any]:
        """The filters of the event and incident listings, as ``sitrep/filters.py`` declares
        them (the query parameters of ``/api/events`` and ``/api/incidents``): the web page
        builds its queries from this list."""
        return {"filters": [spec.describe() for spec in FILTERS]}


#: A filter's query parameter type in the API, by ``Filter.kind``.
_PARAMETER_TYPES: dict[str, Any] = {"date": str, "text": str, "bbox": str, "flag": bool}


def _filter_parameter(spec: Filter) -> inspect.Parameter:
    """The API's query parameter of one declared filter."""
    description = f"{spec.metavar}: {spec.help}" if spec.kind == "date" else spec.help
    query = Query(description=description, min_length=spec.min_length, max_length=spec.max_length,
                  json_schema_extra={"format": "date"} if spec.kind == "date" else None)
    return inspect.Parameter(spec.param, inspect.Parameter.KEYWORD_ONLY, default=None,
                             annotation=Annotated[_PARAMETER_TYPES[spec.kind] | None, query])


def _paging(
    sort: Annotated[Literal["date", "-date", "rank", "-rank"], Query(description="Order; ties by event id.")] = "date",
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Events per page.")] = 100,
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page.")] = None,
) -> dict[str, Any]:
    return {"sort": sort, "limit": limit, "cursor": cursor}


def _event_query_dependency() -> Callable[..., EventQuery]:
    """The dependency that reads an ``EventQuery`` from the declared filters' query
    parameters (``sitrep.filters.FILTERS``) and the page's sort, limit and cursor."""

    def event_query(paging: Annotated[dict[str, Any], Depends(_paging)], **given: Any) -> EventQuery:
        values = {spec.name: read_value(spec, given.get(spec.param)) for spec in FILTERS}
        return EventQuery(**values, **paging)

    paging = inspect.Parameter("paging", inspect.Parameter.POSITIONAL_OR_KEYWORD,
                               annotation=Annotated[dict[str, Any], Depends(_paging)])
    event_query.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [paging, *map(_filter_parameter, FILTERS)], return_annotation=EventQuery)
    return event_query


#: The listings' filters, sort and page, as FastAPI reads them.
Filters = Annotated[EventQuery, Depends(_event_query_dependency())]


def _geojson_reply(pages: Iterator[list[dict[str, Any]]], to_feature: Callable[[dict[str, Any]], Any]) -> StreamingResponse:
    """A GeoJSON FeatureCollection of every record of ``pages`` that ``to_feature`` places."""

    def body() -> Iterator[bytes]:
        yield b'{"type":"FeatureCollection","features":['
        first = True
        for items in pages:
            features = [json.dumps(f, ensure_ascii=False) for f in map(to_feature, items) if f is not None]
            if features:
                yield (b"" if first else b",") + ",".join(features).encode("utf-8")
                first = False
        yield b"]}"

    return StreamingResponse(body(), media_type="application/geo+json")


def _event_routes(routes: _Routes) -> None:
    """The event listing, its exports and one event."""
    app, service, read, read_errors = routes.app, routes.service, routes.read, routes.read_errors

    @app.get("/api/events", tags=["events"], dependencies=[read], response_model=None,
             responses=schemas.responses(schemas.json_reply(schemas.EVENT_PAGE, "One page of matching events."),
                                         *read_errors))
    def list_events(query: Filters) -> dict[str, Any]:
        """Events matching the filters, one page at a time (keyset pagination with ``cursor``)."""
        def work(s: Store) -> tuple[Any, list[dict[str, Any]]]:
            page = s.query_events(query)
            return page, with_sources(s, page.items)

        page, items = service.read(work)
        return {"items": items, "next_cursor": page.next_cursor, "total": page.total}

    @routes.export("/api/events.geojson", "application/geo+json", schemas.FEATURE_COLLECTION, "Every matching event with coordinates.")
    def events_geojson(query: Filters) -> StreamingResponse:
        """Every matching event that has coordinates, as a GeoJSON FeatureCollection."""
        return _geojson_reply(service.pages(query), feature)

    @routes.export("/api/events.csv", "text/csv", {"type": "string"}, "Every matching event as CSV.")
    def events_csv(
        query: Filters,
        columns: Annotated[Literal["sitrep", "acled"], Query(description="sitrep's flat columns or ACLED's.")] = "sitrep",
    ) -> StreamingResponse:
        """Every matching event as CSV, in sitrep's flat columns or ACLED's (docs/output.md)."""
        name = "events.csv" if columns == "sitrep" else "events-acled.csv"
        return _csv_reply(service.pages(query), lambda buffer: export_writer(columns, buffer), name)

    @app.get("/api/events/{event_id}", tags=["events"], dependencies=[read], response_model=None,
             responses=schemas.responses(schemas.json_reply(schemas.EVENT_WITH_ARTICLE, "The event and its article."),
                                         404, *read_errors))
    def get_event(event_id: str) -> dict[str, Any]:
        """One event with its evidence, and the article it came from."""
        def work(s: Store) -> tuple[Any, Any]:
            event = s.event(event_id)
            return (with_sources(s, [event])[0], s.article(event["article_id"])) if event else (None, None)

        event, article = service.read(work) if storable(event_id) else (None, None)
        if event is None or article is None:
            raise ApiError(404, "not_found", f"no event {event_id!r}")
        return {"event": event, "article": article_summary(article)}


def _incident_routes(routes: _Routes) -> None:
    """The incident listing, its exports and one incident."""
    app, service, read, read_errors = routes.app, routes.service, routes.read, routes.read_errors

    @app.get("/api/incidents", tags=["incidents"], dependencies=[read], response_model=None,
             responses=schemas.responses(schemas.json_reply(schemas.INCIDENT_PAGE, "One page of matching incidents."),
                                         *read_errors))
    def list_incidents(query: Filters) -> dict[str, Any]:
        """Incidents matching the filters, by date, one page at a time (``cursor``). The
        date window, place and type filters read the incident's own fields; ``actor`` and
        ``q`` keep incidents with a member event that matches; ``background=false``
        leaves out incidents known only from background mentions (``true``: only
        those); ``incident`` and the rank orders do not apply (422)."""
        page = service.read(lambda s: s.query_incidents(query))
        return {"items": page.items, "next_cursor": page.next_cursor, "total": page.total}

    @routes.export("/api/incidents.geojson", "application/geo+json", schemas.FEATURE_COLLECTION, "Every matching incident with coordinates.")
    def incidents_geojson(query: Filters) -> StreamingResponse:
        """Every matching incident that has coordinates, as a GeoJSON FeatureCollection."""
        return _geojson_reply(service.pages(query, incidents=True), incident_feature)

    @routes.export("/api/incidents.csv", "text/csv", {"type": "string"}, "Every matching incident as CSV.")
    def incidents_csv(
        query: Filters,
        columns: Annotated[Literal["sitrep", "acled"], Query(
            description="sitrep's incident columns, or ACLED's (every outlet of the incident in source).")] = "sitrep",
    ) -> StreamingResponse:
        """Every matching incident as CSV, one row each: the columns of ``sitrep incidents
        --format csv``, or of ``--format acled`` (docs/incidents.md)."""
        writer = IncidentCSVWriter if columns == "sitrep" else IncidentACLEDWriter
        name = "incidents.csv" if columns == "sitrep" else "incidents-acled.csv"
        return _csv_reply(service.pages(query, incidents=True), writer, name)

    @app.get("/api/incidents/{incident_id}", tags=["incidents"], dependencies=[read], response_model=None,
             responses=schemas.responses(schemas.json_reply(schemas.INCIDENT_WITH_EVENTS,
                                                            "The incident and its member events."),
                                         404, *read_errors))
    def get_incident(incident_id: str) -> dict[str, Any]:
        """One incident with its member events, each with its evidence."""
        def work(s: Store) -> tuple[Any, Any]:
            incident = s.incident(incident_id)
            return incident, (with_sources(s, s.incident_events(incident_id)) if incident else [])

        incident, events = service.read(work) if storable(incident_id) else (None, [])
        if incident is None:
            raise ApiError(404, "not_found", f"no incident {incident_id!r}")
        return {"incident": incident, "events": events}


def _posted_records(body: bytes, settings: Settings) -> tuple[Any, list[Any]]:
    """A POST's body as (its JSON, its list of records), or the error reply's ``ApiError``."""
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:  # JSONDecodeError, or an integer of 5,000 digits
        raise ApiError(422, "invalid_json", f"the body is not JSON: {exc}") from exc
    except RecursionError as exc:
        raise ApiError(422, "invalid_json", "the body's JSON is nested too deeply") from exc
    records = payload if isinstance(payload, list) else [payload]
    if not records:
        raise ApiError(422, "no_articles", "the list of articles is empty")
    if len(records) > settings.max_articles:
        raise ApiError(
            413, "too_many_articles",
            f"{len(records)} articles in one request, over the limit of {settings.max_articles}",
            [{"limit_articles": settings.max_articles}],
        )
    return payload, records


def _article_routes(routes: _Routes) -> None:
    """One article with its spans, and posting articles to code and store."""
    app, service, settings, read, read_errors = routes.app, routes.service, routes.settings, routes.read, routes.read_errors

    @app.get("/api/articles/{article_id:path}", tags=["articles"], dependencies=[read], response_model=None,
             responses=schemas.responses(schemas.json_reply(schemas.ARTICLE_VIEW, "The article with its spans."),
                                         404, *read_errors))
    def get_article(article_id: str) -> dict[str, Any]:
        """The article's text with every evidence span (and each event's sentence) marked.

        The id may hold slashes (an article coded from a subfolder: ``sub/article-1``),
        as they are or escaped (``sub%2Farticle-1``).
        """
        def work(s: Store) -> tuple[Any, Any]:
            article = s.article(article_id)
            return article, (s.article_events(article_id) if article else [])

        article, events = service.read(work) if storable(article_id) else (None, [])
        if article is None:
            raise ApiError(404, "not_found", f"no article {article_id!r}")
        return article_view(article, events)

    @app.post("/api/articles", tags=["articles"], dependencies=[Depends(routes.writer)], response_model=None,
              responses=schemas.responses(
                  schemas.json_reply(schemas.POSTED, "Every record was stored (or was already stored)."),
                  401, 403, 408, 413, 422, 500, 503,
                  more={207: schemas.json_reply(
                      schemas.POSTED, "A list of records of which some failed: each record's outcome, by index.")}),
              openapi_extra={
                  "security": [{"bearer": []}],
                  "requestBody": {"required": True, "content": {"application/json": {"schema": {"oneOf": [
                      schemas.article_input(settings.max_chars),
                      {"type": "array", "items": schemas.article_input(settings.max_chars), "minItems": 1,
                       "maxItems": settings.max_articles},
                  ]}}}},
              })
    async def post_articles(request: Request) -> Response:
        """Code and store one article ``{"id", "text", "published"}`` or a list of them.

        A list is answered record by record: 200 when every record was stored, else 207
        with each record's outcome (stored, or failed with sitrep's error code and the
        reason). A single article is answered as itself: 200, or the error envelope (422
        when the record is at fault, 500 when the server is) naming the failure.
        """
        async with service.writes.place():
            payload, records = _posted_records(await request.body(), settings)

            async def gone() -> bool:
                while True:
                    if (await request.receive())["type"] == "http.disconnect":
                        return True

            outcomes = await service.writes.run(service.code, records, gone=gone)
        if outcomes is None:
            log.info("a client left before its write of %d records was coded; it was dropped", len(records))
            return Response(status_code=204)
        return _posted(outcomes, single=not isinstance(payload, list))


def _posted(outcomes: list[Outcome], *, single: bool) -> JSONResponse:
    """The reply to a POST: per record for a list (200, or 207 when some failed); the
    record's own status for a single article (200, 422 for its fault, 500 for ours)."""
    items = [o.to_dict() for o in outcomes]
    failed = [o for o in outcomes if o.failed]
    if not single:
        return JSONResponse({"articles": items}, status_code=207 if failed else 200)
    if not failed:
        return JSONResponse({"articles": items})
    [outcome] = failed
    if outcome.input_error:
        raise ApiError(422, "invalid_records", f"the article was not stored: [{outcome.code}] {outcome.reason}", items)
    code = "store_error" if (outcome.code or "").startswith("S") else "internal_error"
    raise ApiError(500, code, f"the article was not stored: [{outcome.code}] {outcome.reason}", items)


#: The paths that never need a token.
_PUBLIC = ("/api/health", "/api/config", "/api/countries", "/api/filters", "/api/openapi.json", "/api/docs")


def _describe_security(app: FastAPI, settings: Settings) -> None:
    """Name the bearer token in the OpenAPI description (writes always; reads when private)."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = generate()
            spec.setdefault("components", {})["securitySchemes"] = {
                "bearer": {"type": "http", "scheme": "bearer",
                           "description": "The server's token (SITREP_TOKEN or `token` in the config file)."}}
            if not settings.public_reads:
                for path, operations in spec["paths"].items():
                    if path not in _PUBLIC:
                        for operation in operations.values():
                            operation.setdefault("security", [{"bearer": []}])
        return app.openapi_schema or spec

    app.openapi = openapi  # type: ignore[method-assign]


__all__ = ["STATIC", "create_app"]
