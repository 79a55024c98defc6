"""What one request may cost the server: its body's size and time, and its place among the writes.

* ``BodyLimit``: a body over ``max_body_bytes`` is refused with 413, from its
  Content-Length before it is read, or as soon as that many bytes have arrived.
* ``BodyTimeout``: a body must arrive within ``body_timeout`` seconds of the request's
  headers, else 408 and the connection is closed. A reply sent before the body was read
  to its end (a 401, a 413...) closes the connection too, so a client cannot keep it
  open by trickling the rest. (The headers' own deadline, ``header_timeout``, is kept
  by the HTTP server: ``sitrep.web.server``.)
* ``WriteQueue``: coding is slow (seconds per article) and memory-hungry, so one
  write is coded at a time, in a thread of its own (``anyio.to_thread`` with a
  limiter of one), never in the thread pool that serves the reads: reads never wait
  for a write. At most ``max_queued_writes`` more wait their turn; beyond that a
  write is refused with 503 and ``Retry-After``.
"""

from __future__ import annotations

import collections
import contextlib
import math
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

import anyio
import anyio.to_thread
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import errors
from .errors import ApiError

T = TypeVar("T")


def _declares_body(scope: Scope) -> bool:
    """Whether the request says a body follows: a Content-Length over 0, or chunks."""
    for name, value in scope.get("headers") or ():
        if name == b"transfer-encoding":
            return True
        if name == b"content-length":
            return value.strip() not in (b"0", b"")
    return False


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
                    ApiError(400, "bad_request", "Content-Length is not a number", headers={"Connection": "close"})
                )(scope, receive, send)
                return
            if size > self.limit:
                await errors.error_response(self.too_large())(scope, receive, send)
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
            [{"limit_bytes": self.limit}], headers={"Connection": "close"},
        )


class BodyTimeout:
    """A request's body must arrive within ``seconds`` of its headers (408 otherwise); a
    reply that starts before the body has been read to its end closes the connection."""

    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _declares_body(scope):
            await self.app(scope, receive, send)
            return
        deadline = anyio.current_time() + self.seconds
        complete = False

        async def timed() -> Message:
            nonlocal complete
            if complete:  # the body is in: waiting for a disconnect is not timed
                return await receive()
            message: Message | None = None
            with anyio.move_on_after(max(deadline - anyio.current_time(), 0)):
                message = await receive()
            if message is None:
                raise ApiError(
                    408, "body_timeout",
                    f"the request body did not arrive within {self.seconds:g} seconds of its headers",
                    [{"timeout_seconds": self.seconds}], headers={"Connection": "close"},
                )
            if message["type"] != "http.request" or not message.get("more_body", False):
                complete = True
            return message

        async def closing(message: Message) -> None:
            if message["type"] == "http.response.start" and not complete:
                MutableHeaders(scope=message)["connection"] = "close"
            await send(message)

        await self.app(scope, timed, closing)


class WriteQueue:
    """Writes one at a time, in their own thread, with at most ``bound`` waiting."""

    #: How many recent writes the Retry-After estimate averages.
    HISTORY = 20

    def __init__(self, bound: int) -> None:
        self.bound = bound
        #: Writes admitted and not finished: the one being coded and those waiting.
        self.admitted = 0
        self.coding = 0
        self._turn = anyio.Semaphore(1)
        self._thread = anyio.CapacityLimiter(1)
        self._durations: collections.deque[float] = collections.deque(maxlen=self.HISTORY)

    @property
    def waiting(self) -> int:
        return self.admitted - self.coding

    def state(self) -> dict[str, int]:
        return {"coding": self.coding, "waiting": self.waiting, "max_waiting": self.bound}

    def retry_after(self) -> int:
        """Seconds until a place is likely free: the recent writes' mean time, times the
        writes ahead (at least 1 second, at most an hour; 5 seconds before any write)."""
        if not self._durations:
            return 5
        mean = sum(self._durations) / len(self._durations)
        return max(1, min(3600, math.ceil(mean * max(self.waiting, 1))))

    @contextlib.asynccontextmanager
    async def place(self) -> AsyncIterator[None]:
        """Hold a place in the queue (503 with Retry-After when it is full)."""
        if self.admitted > self.bound:
            seconds = self.retry_after()
            raise ApiError(
                503, "too_many_writes",
                f"{self.admitted} writes are being coded or waiting, the most this server takes "
                f"(max_queued_writes = {self.bound}); try again in about {seconds} seconds",
                [{"coding": self.coding, "waiting": self.waiting, "max_waiting": self.bound}],
                headers={"Retry-After": str(seconds)},
            )
        self.admitted += 1
        try:
            yield
        finally:
            self.admitted -= 1

    async def run(self, work: Callable[..., T], *args: Any,
                  gone: Callable[[], Awaitable[bool]] | None = None) -> T | None:
        """Wait for the turn, then run ``work(*args)`` in the write thread. With
        ``gone`` (true once the client has disconnected), a write whose client left
        while it waited is dropped: None, and nothing is coded."""
        if gone is None:
            await self._turn.acquire()
        else:
            acquired = await _first(self._turn.acquire, gone)
            if not acquired:
                return None
        self.coding += 1
        started = time.monotonic()
        try:
            return await anyio.to_thread.run_sync(work, *args, limiter=self._thread)
        finally:
            self._durations.append(time.monotonic() - started)
            self.coding -= 1
            self._turn.release()


async def _first(acquire: Callable[[], Awaitable[None]], gone: Callable[[], Awaitable[bool]]) -> bool:
    """Run ``acquire`` until done (True), unless ``gone`` reports a disconnect first (False)."""
    acquired = False
    async with anyio.create_task_group() as group:

        async def take() -> None:
            nonlocal acquired
            await acquire()
            acquired = True
            group.cancel_scope.cancel()

        async def watch() -> None:
            if await gone():
                group.cancel_scope.cancel()

        group.start_soon(take)
        group.start_soon(watch)
    return acquired


__all__ = ["BodyLimit", "BodyTimeout", "WriteQueue"]
