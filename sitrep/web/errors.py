"""The one error envelope every 4xx and 5xx reply uses (a test pins its shape):

    {"error": {"status": 422, "code": "invalid_parameter", "message": "...", "details": [...]}}

``ApiError`` is raised by the app's own code; ``install`` replaces FastAPI's default
bodies for HTTP errors and request validation errors with the envelope, and turns any
other exception into a 500 envelope that names no internals.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("sitrep.web")

#: HTTP status -> the envelope's ``code`` when nothing more specific is known.
CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    408: "request_timeout",
    413: "body_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    500: "internal_error",
    503: "unavailable",
}


class ApiError(Exception):
    """An error reply: HTTP ``status``, a stable ``code``, a sentence, and details."""

    def __init__(
        self, status: int, code: str, message: str, details: list[Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details or []
        self.headers = headers


class ExportAborted(Exception):
    """A streamed reply (an export) failed after it had started. It is raised on to the
    HTTP server, which cuts the connection: the client sees an incomplete reply (no
    final chunk), never one that looks complete. Its cause is logged where it is raised."""


def envelope(status: int, code: str, message: str, details: list[Any] | None = None) -> dict[str, Any]:
    return {"error": {"status": status, "code": code, "message": message, "details": details or []}}


def error_response(error: ApiError) -> JSONResponse:
    return JSONResponse(
        envelope(error.status, error.code, error.message, error.details), status_code=error.status,
        headers=error.headers,
    )


def _parameter(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("query", "path", "body", "header")]
    return ".".join(parts) or "request"


def install(app: FastAPI) -> None:
    """Route every error through the envelope."""

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = CODES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        if exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}"
        return error_response(ApiError(exc.status_code, code, message, headers=getattr(exc, "headers", None)))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        details = [
            {"parameter": _parameter(error.get("loc", ())), "message": error.get("msg", "invalid")}
            for error in exc.errors()
        ]
        message = "; ".join(f"{d['parameter']}: {d['message']}" for d in details) or "invalid request"
        return error_response(ApiError(422, "invalid_parameter", message, details))

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> JSONResponse:
        if not isinstance(exc, ExportAborted):
            log.exception("unexpected error on %s %s", request.method, request.url.path)
        # Starlette raises the exception on after this reply, and uvicorn then closes the
        # connection: say so, or a client reusing the connection finds it gone.
        return error_response(ApiError(500, "internal_error", "the server failed; see its log",
                                       headers={"Connection": "close"}))
