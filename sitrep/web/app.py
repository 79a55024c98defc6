"""``sitrep serve``: the HTTP API and the web page, a thin layer over the store and the batch.

``create_app(store, settings)`` builds the ASGI app (FastAPI). Every read goes through
the ``Store`` (filters, full-text search and keyset pagination live there, for SQLite
and PostgreSQL alike); posted articles are read, coded and stored by
``sitrep.web.records.ingest`` with the same readers and batch loop as ``sitrep code``.
One store is shared by the server's threads, so its calls are serialised by a lock;
coding runs outside that lock, one request at a time. docs/api.md describes the API.

(No ``from __future__ import annotations`` here: FastAPI reads the route functions'
annotations at run time, and some name types local to ``create_app``.)
"""

import dataclasses
import datetime as dt
import hmac
import io
import json
import threading
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..errors import StoreError
from ..pipeline import Pipeline
from ..store import MAX_LIMIT, EventQuery, QueryError, Store
from . import errors
from .errors import ApiError
from .records import article_summary, article_view, feature, ingest
from .settings import Settings

#: One posted article, for the OpenAPI description (``sitrep.readers`` does the checking).
ARTICLE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["text"],
    "properties": {
        "id": {"type": "string", "description": "Default: a hash of the text."},
        "text": {"type": "string"},
        "published": {"type": "string", "format": "date", "description": "YYYY-MM-DD (or an ISO datetime)."},
        "title": {"type": "string"}, "url": {"type": "string"}, "source": {"type": "string"},
    },
}

#: The web page's files (index.html, scripts, styles, vendored libraries).
STATIC = Path(str(resources.files("sitrep") / "web" / "static"))


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes with 413: by Content-Length before
    reading anything, and by counting the bytes of a body sent without one."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or ())
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                size = -1
            if size < 0:
                await errors.error_response(
                    ApiError(400, "bad_request", "Content-Length is not a number")
                )(scope, receive, send)
                return
            if size > self.limit:
                await self._refuse(scope, receive, send)
                return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise self.too_large()
            return message

        await self.app(scope, counted, send)

    def too_large(self) -> ApiError:
        return ApiError(
            413, "body_too_large", f"the request body is over the limit of {self.limit:,} bytes",
            [{"limit_bytes": self.limit}],
        )

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        await errors.error_response(self.too_large())(scope, receive, send)


class Service:
    """What the routes share: the store and its lock, the settings, the pipeline (built on first use)."""

    def __init__(self, store: Store, settings: Settings, pipeline: Callable[[], Pipeline] | None = None) -> None:
        self.store = store
        self.settings = settings
        self.store_lock = threading.Lock()
        self._coding_lock = threading.Lock()
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

    def code(self, records: list[Any]) -> list[Any]:
        with self._coding_lock:
            return ingest(records, self.store, self.pipeline, max_chars=self.settings.max_chars,
                          store_lock=self.store_lock)


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


def _day(name: str, value: str | None) -> dt.date | None:
    """A ``YYYY-MM-DD`` query parameter, strictly (no timestamps, no times)."""
    if value is None:
        return None
    try:
        if len(value) != 10:
            raise ValueError("not ten characters")
        return dt.date.fromisoformat(value)
    except ValueError:
        raise QueryError(name, f"{name} must be a date YYYY-MM-DD, not {value!r}") from None


def create_app(store: Store, settings: Settings | None = None,
               pipeline: Callable[[], Pipeline] | None = None) -> FastAPI:
    """The ASGI app over ``store``. ``pipeline`` builds the coding pipeline (default: sitrep's)."""
    settings = settings or Settings()
    service = Service(store, settings, pipeline)
    app = FastAPI(
        title="sitrep",
        version=__version__,
        description="Dated news articles in, sourced event records out. See docs/api.md.",
        openapi_url="/api/openapi.json",
        docs_url=None,  # the interactive pages load scripts from a CDN; sitrep works offline
        redoc_url=None,
    )
    app.state.service = service
    errors.install(app)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Any]) -> Any:
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    # Added last, so outermost: even a 413 from BodyLimit carries the CORS headers.
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )

    def reader(request: Request) -> None:
        """Reads are public unless the settings make them token-only."""
        if not settings.public_reads:
            _check_token(request, settings, "reads")

    def writer(request: Request) -> None:
        """Writes need the configured token; with none configured they are refused."""
        if settings.token is None:
            raise ApiError(
                403, "writes_disabled",
                "writes are off because no token is configured: set SITREP_TOKEN, or `token` in the config "
                "file given with --config, and restart the server",
            )
        _check_token(request, settings, "writes")

    Read = Depends(reader)

    # -- the page

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        page = STATIC / "index.html"
        if not page.is_file():
            raise ApiError(404, "not_found", "the web page is not installed (sitrep/web/static/index.html)")
        return FileResponse(page, media_type="text/html")

    app.mount("/static", StaticFiles(directory=STATIC, check_dir=False), name="static")

    # -- service

    @app.get("/api/health", tags=["service"])
    def health() -> dict[str, Any]:
        """Liveness, version, back end and how much is stored. Never needs a token."""
        counts = service.read(lambda s: s.counts())
        return {"status": "ok", "version": __version__, "backend": store.backend,
                "articles": counts["articles"], "events": counts["events"]}

    @app.get("/api/config", tags=["service"])
    def config() -> dict[str, Any]:
        """What the web page needs to know: map tiles and whether reads need a token."""
        return {"tiles": settings.tiles, "tiles_attribution": settings.tiles_attribution,
                "reads_need_token": not settings.public_reads}

    # -- events

    def event_query(
        since: Annotated[str | None, Query(description="YYYY-MM-DD: events whose date window ends on or after this day.")] = None,
        until: Annotated[str | None, Query(description="YYYY-MM-DD: events whose date window starts on or before this day.")] = None,
        country: Annotated[str | None, Query(description="ISO 3166-1 alpha-3 code of the event's place.",
                                             min_length=3, max_length=3)] = None,
        admin1: Annotated[str | None, Query(description="The place's first-level division, ignoring case.")] = None,
        acled_type: Annotated[str | None, Query(description="ACLED event type or sub-type, ignoring case.")] = None,
        plover: Annotated[str | None, Query(description="PLOVER event type, ignoring case.")] = None,
        actor: Annotated[str | None, Query(description="Text in actor1's or actor2's name, ignoring case.")] = None,
        q: Annotated[str | None, Query(description="Words that must all occur in the article (full-text search).")] = None,
        bbox: Annotated[str | None, Query(description="min_lon,min_lat,max_lon,max_lat")] = None,
        background: Annotated[bool | None, Query(description="true: only background events; false: none.")] = None,
        sort: Annotated[Literal["date", "-date", "rank", "-rank"], Query(description="Order; ties by event id.")] = "date",
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Events per page.")] = 100,
        cursor: Annotated[str | None, Query(description="next_cursor of the previous page.")] = None,
    ) -> EventQuery:
        box = None
        if bbox is not None:
            try:
                box = tuple(float(v) for v in bbox.split(","))
            except ValueError:
                raise QueryError("bbox", "bbox must be four numbers: min_lon,min_lat,max_lon,max_lat") from None
        return EventQuery(
            since=_day("since", since), until=_day("until", until), country=country, admin1=admin1, acled_type=acled_type, plover=plover,
            actor=actor, text=q, bbox=box, background=background, sort=sort, limit=limit, cursor=cursor,  # type: ignore[arg-type]
        )

    @app.exception_handler(QueryError)
    async def query_error(request: Request, exc: QueryError) -> JSONResponse:
        return errors.error_response(ApiError(
            422, "invalid_parameter", f"{exc.parameter}: {exc}", [{"parameter": exc.parameter, "message": str(exc)}]
        ))

    Filters = Annotated[EventQuery, Depends(event_query)]

    @app.get("/api/events", tags=["events"], dependencies=[Read])
    def list_events(query: Filters) -> dict[str, Any]:
        """Events matching the filters, one page at a time (keyset pagination with ``cursor``)."""
        page = service.read(lambda s: s.query_events(query))
        return {"items": page.items, "next_cursor": page.next_cursor, "total": page.total}

    def walk(query: EventQuery) -> Iterator[dict[str, Any]]:
        """Every matching event, a page of ``MAX_LIMIT`` at a time (for exports)."""
        query = dataclasses.replace(query, limit=MAX_LIMIT, cursor=None)
        while True:
            page = service.read(lambda s, q=query: s.query_events(q))
            yield from page.items
            if page.next_cursor is None:
                return
            query = dataclasses.replace(query, cursor=page.next_cursor)

    @app.get("/api/events.geojson", tags=["exports"], dependencies=[Read])
    def events_geojson(query: Filters) -> StreamingResponse:
        """Every matching event that has coordinates, as a GeoJSON FeatureCollection."""
        def body() -> Iterator[bytes]:
            yield b'{"type":"FeatureCollection","features":['
            first = True
            for event in walk(query):
                item = feature(event)
                if item is None:
                    continue
                yield (b"" if first else b",") + json.dumps(item, ensure_ascii=False).encode("utf-8")
                first = False
            yield b"]}"

        return StreamingResponse(body(), media_type="application/geo+json")

    @app.get("/api/events.csv", tags=["exports"], dependencies=[Read])
    def events_csv(
        query: Filters,
        columns: Annotated[Literal["sitrep", "acled"], Query(description="sitrep's flat columns or ACLED's.")] = "sitrep",
    ) -> StreamingResponse:
        """Every matching event as CSV, in sitrep's flat columns or ACLED's (docs/output.md)."""
        from ..output import make_writer

        def body() -> Iterator[bytes]:
            buffer = io.StringIO()
            writer = make_writer("csv" if columns == "sitrep" else "acled", buffer)
            for event in walk(query):
                writer.write(event)
                if buffer.tell() > 65_536:
                    yield buffer.getvalue().encode("utf-8")
                    buffer.seek(0)
                    buffer.truncate()
            yield buffer.getvalue().encode("utf-8")

        name = "events.csv" if columns == "sitrep" else "events-acled.csv"
        return StreamingResponse(body(), media_type="text/csv; charset=utf-8",
                                 headers={"Content-Disposition": f'attachment; filename="{name}"'})

    @app.get("/api/events/{event_id}", tags=["events"], dependencies=[Read])
    def get_event(event_id: str) -> dict[str, Any]:
        """One event with its evidence, and the article it came from."""
        def work(s: Store) -> tuple[Any, Any]:
            event = s.event(event_id)
            return event, (s.article(event["article_id"]) if event else None)

        event, article = service.read(work)
        if event is None or article is None:
            raise ApiError(404, "not_found", f"no event {event_id!r}")
        return {"event": event, "article": article_summary(article)}

    # -- articles

    @app.get("/api/articles/{article_id}", tags=["articles"], dependencies=[Read])
    def get_article(article_id: str) -> dict[str, Any]:
        """The article's text with every evidence span (and each event's sentence) marked."""
        def work(s: Store) -> tuple[Any, Any]:
            article = s.article(article_id)
            return article, (s.article_events(article_id) if article else [])

        article, events = service.read(work)
        if article is None:
            raise ApiError(404, "not_found", f"no article {article_id!r}")
        return article_view(article, events)

    @app.post("/api/articles", tags=["articles"], dependencies=[Depends(writer)],
              responses={401: {"description": "no token, or the wrong one"},
                         403: {"description": "writes are off: no token is configured"},
                         413: {"description": "body or list too large"},
                         422: {"description": "bad records (the good ones are stored)"}},
              openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": {
                  "oneOf": [ARTICLE_SCHEMA, {"type": "array", "items": ARTICLE_SCHEMA}]}}}}})
    async def post_articles(request: Request) -> JSONResponse:
        """Code and store one article ``{"id", "text", "published"}`` or a list of them.

        Good records are stored even when others are bad; then the reply is 422 and its
        details list every record by index, good and bad.
        """
        body = await request.body()
        try:
            payload = json.loads(body)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
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
        outcomes = await run_in_threadpool(service.code, records)
        if any(o.failed for o in outcomes):
            bad = [o for o in outcomes if o.failed]
            message = f"{len(bad)} of {len(outcomes)} records failed; the others were stored: " + "; ".join(
                f"[{o.index}] {o.code} {o.reason}" for o in bad[:5]
            )
            raise ApiError(422, "invalid_records", message, [o.to_dict() for o in outcomes])
        return JSONResponse({"articles": [
            {"id": o.id, "status": o.status, "events": list(o.events)} for o in outcomes
        ]})

    return app


__all__ = ["STATIC", "BodyLimit", "create_app"]

