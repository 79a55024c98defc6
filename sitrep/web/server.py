"""Run the app under uvicorn, with a deadline for every request's headers.

uvicorn 0.54 times out only an idle kept-alive connection (``timeout_keep_alive``,
armed after a reply): a client that opens a connection and sends nothing, or half
its headers, is never cut off, and neither is one that starts its next request on a
kept-alive connection and stops midway (the first byte disarms the keep-alive timer).
``HeaderDeadline`` fills that gap: from the moment a connection opens, or the first
byte of a later request arrives, the client has ``header_timeout`` seconds to finish
the headers; then the connection is closed, with a 408 envelope if part of a request
had arrived. The body's deadline is the app's (``sitrep.web.limits.BodyTimeout``).

``run(app, settings, host=..., port=...)`` is what ``sitrep serve`` calls.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from .errors import envelope
from .settings import Settings


class HeaderDeadline(H11Protocol):
    """uvicorn's HTTP/1.1 protocol (h11) with a deadline for each request's headers."""

    #: Seconds a client has to send a request's headers (set by ``with_header_timeout``).
    header_timeout: float = 10.0

    _header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self._awaiting_headers():
            # Idle between requests the keep-alive timer rules; once bytes of the next
            # request have arrived (uvicorn then disarms it), the header deadline does.
            if self.timeout_keep_alive_task is None:
                self._arm()
        else:
            self._disarm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _awaiting_headers(self) -> bool:
        """No request is in progress: the next one's headers are awaited."""
        return self.conn.their_state is h11.IDLE and (self.cycle is None or self.cycle.response_complete)

    def _arm(self) -> None:
        if self._header_timer is None and not self.transport.is_closing():
            self._header_timer = self.loop.call_later(self.header_timeout, self._headers_too_slow)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        if self.transport.is_closing() or not self._awaiting_headers():
            return
        partial, _ = self.conn.trailing_data
        if partial:
            message = f"the request's headers did not arrive within {self.header_timeout:g} seconds"
            body = json.dumps(envelope(408, "request_timeout", message,
                                       [{"timeout_seconds": self.header_timeout}])).encode("utf-8")
            head = (
                "HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\n"
                f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
            ).encode("ascii")
            self.transport.write(head + body)
            self.logger.info("%s: the request's headers did not arrive in time; connection closed",
                             f"{self.client[0]}:{self.client[1]}" if self.client else "a client")
        self.transport.close()


def with_header_timeout(seconds: float) -> type[HeaderDeadline]:
    """``HeaderDeadline`` with its deadline set, for uvicorn's ``http`` option."""
    return type("HeaderDeadline", (HeaderDeadline,), {"header_timeout": float(seconds)})


def run(app: Any, settings: Settings, *, host: str, port: int, log_level: str = "info") -> None:
    """Serve ``app`` on ``host:port`` until interrupted (uvicorn, HTTP/1.1 with the header deadline)."""
    import uvicorn

    config = uvicorn.Config(
        app, host=host, port=port, log_level=log_level, server_header=False,
        http=with_header_timeout(settings.header_timeout),
    )
    uvicorn.Server(config).run()


__all__ = ["HeaderDeadline", "run", "with_header_timeout"]
