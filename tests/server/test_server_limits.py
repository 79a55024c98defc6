"""What a request may cost, against real server processes and raw sockets.

The headers' deadline (``header_timeout``), the body's (``body_timeout``), the write
queue (one coding at a time, ``max_queued_writes`` waiting, reads never waiting for a
write), the server's own ``max_chars``, and the security headers. No assertion here is
about speed: a timeout test waits, with a generous bound, for the server to act.
"""

from __future__ import annotations

import concurrent.futures
import json
import socket
import time
import urllib.parse

import httpx
import pytest

from live_server import running_server
from server_helpers import AUTH, OWN_ARTICLES, TOKEN, assert_envelope

#: How long a test waits for the server to cut a connection off (it should take a second or two).
PATIENCE = 60.0


def config(tmp_path, text: str):
    path = tmp_path / "sitrep.toml"
    path.write_text(text, encoding="utf-8")
    return ("--config", str(path))


def connect(url: str) -> socket.socket:
    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    sock = socket.create_connection((host, int(port)), timeout=PATIENCE)
    return sock


def read_until_closed(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection (a socket timeout fails the test)."""
    received = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return received
        received += chunk


def split_reply(raw: bytes) -> tuple[str, dict[str, str], bytes]:
    head, _, body = raw.partition(b"\r\n\r\n")
    status, *lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}
    return status, headers, body


# ----------------------------------------------------------------- headers


@pytest.fixture(scope="module")
def quick_headers(tmp_path_factory):
    folder = tmp_path_factory.mktemp("headers")
    with running_server(folder / "sitrep.db", via="runner",
                        extra_args=config(folder, "header_timeout = 1\n")) as url:
        yield url


def test_half_sent_headers_are_cut_off(quick_headers):
    with connect(quick_headers) as sock:
        sock.sendall(b"GET /api/health HTTP/1.1\r\nHost: sitrep.test\r\nX-Slow: ")
        status, headers, body = split_reply(read_until_closed(sock))
    assert status.startswith("HTTP/1.1 408")
    assert headers["connection"] == "close"
    assert json.loads(body)["error"]["code"] == "request_timeout"


def test_a_connection_that_sends_nothing_is_closed(quick_headers):
    with connect(quick_headers) as sock:
        assert read_until_closed(sock) == b""


def test_a_kept_alive_connection_that_starts_a_request_and_stops_is_cut_off(quick_headers):
    with connect(quick_headers) as sock:
        sock.sendall(b"GET /api/health HTTP/1.1\r\nHost: sitrep.test\r\n\r\n")
        first = b""
        while b'"status":"ok"' not in first:
            first += sock.recv(65536)
        sock.sendall(b"GET /api/health HTTP/1.1\r\nHo")  # the next request, never finished
        status, _, _ = split_reply(read_until_closed(sock))
    assert status.startswith("HTTP/1.1 408")


def test_sitrep_serve_cuts_off_half_sent_headers(tmp_path):
    with running_server(tmp_path / "sitrep.db", extra_args=config(tmp_path, "header_timeout = 1\n")) as url:
        with connect(url) as sock:
            sock.settimeout(15)  # the deadline is 1 s; a server without it never answers
            sock.sendall(b"GET /api/health HTTP/1.1\r\nHost: sitrep.test\r\nX-Slow: ")
            status, _, _ = split_reply(read_until_closed(sock))
    assert status.startswith("HTTP/1.1 408")


def test_headers_sent_in_time_are_served(quick_headers):
    with connect(quick_headers) as sock:
        sock.sendall(b"GET /api/health HTTP/1.1\r\nHost: sitrep.test\r\nConnection: close\r\n\r\n")
        status, _, body = split_reply(read_until_closed(sock))
    assert status.startswith("HTTP/1.1 200") and b'"status":"ok"' in body


# ----------------------------------------------------------------- bodies


@pytest.fixture(scope="module")
def quick_bodies(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bodies")
    with running_server(folder / "sitrep.db", extra_args=config(folder, "body_timeout = 1\n")) as url:
        yield url


def test_a_half_sent_body_gets_408_and_the_connection_is_closed(quick_bodies):
    with connect(quick_bodies) as sock:
        sock.sendall(f"POST /api/articles HTTP/1.1\r\nHost: sitrep.test\r\nAuthorization: Bearer {TOKEN}\r\n"
                     "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n".encode() + b'{"text": "Troops')
        status, headers, body = split_reply(read_until_closed(sock))
    assert status.startswith("HTTP/1.1 408")
    assert headers["connection"] == "close"
    error = json.loads(body)["error"]
    assert error["code"] == "body_timeout" and error["details"] == [{"timeout_seconds": 1}]
    assert httpx.get(f"{quick_bodies}/api/health").json()["articles"] == 0


def test_a_reply_before_the_body_ends_closes_the_connection(quick_bodies):
    """A 401 is sent without reading the body; trickling the rest cannot keep the connection."""
    with connect(quick_bodies) as sock:
        sock.sendall(b"POST /api/articles HTTP/1.1\r\nHost: sitrep.test\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 100000\r\n\r\n{")
        received = b""
        sock.settimeout(0.5)
        deadline = time.monotonic() + PATIENCE
        closed = False
        while not closed and time.monotonic() < deadline:
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                try:
                    sock.sendall(b" ")  # one more byte of the body, now and then
                except OSError:
                    closed = True
                continue
            except OSError:
                closed = True
                continue
            closed = not chunk
            received += chunk
    status, headers, _ = split_reply(received)
    assert closed, "the server kept the connection open"
    assert status.startswith("HTTP/1.1 401") and headers["connection"] == "close"


# ----------------------------------------------------------------- writes


def long_article(n: int, chars: int) -> dict:
    base = OWN_ARTICLES[0]["text"] + " "
    return {"id": f"long-{n}", "published": "2024-05-06", "text": (base * (chars // len(base) + 1))[:chars]}


def small_article(n: int) -> dict:
    return {"id": f"small-{n}", "published": "2024-05-06",
            "text": f"Gunmen killed {n + 2} villagers in Kaduna State, Nigeria, on Sunday, local officials said."}


def wait_for(client: httpx.Client, check, what: str) -> dict:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        health = client.get("/api/health").json()
        if check(health["writes"]):
            return health
        time.sleep(0.05)
    raise AssertionError(f"the server never reported {what}")


@pytest.mark.model
def test_reads_never_wait_for_writes_and_the_queue_is_bounded(tmp_path):
    waiting = 45  # more than the 40 threads that serve reads
    with running_server(tmp_path / "sitrep.db", extra_args=config(tmp_path, f"max_queued_writes = {waiting}\n")) as url, \
            httpx.Client(base_url=url, timeout=600) as client, \
            concurrent.futures.ThreadPoolExecutor(waiting + 2) as pool:
        assert client.post("/api/articles", json=small_article(-1), headers=AUTH).status_code == 200  # loads spaCy

        def post(record: dict) -> httpx.Response:
            with httpx.Client(base_url=url, timeout=600) as own:
                return own.post("/api/articles", json=record, headers=AUTH)

        slow = pool.submit(post, long_article(0, 99_000))  # coded for several seconds
        wait_for(client, lambda w: w["coding"] == 1, "a write being coded")
        queued = [pool.submit(post, small_article(n)) for n in range(waiting)]
        health = wait_for(client, lambda w: w["waiting"] == waiting, f"{waiting} writes waiting")
        # While they wait, reads are served: this one and the health checks above.
        assert health["writes"] == {"coding": 1, "waiting": waiting, "max_waiting": waiting}
        assert client.get("/api/events", params={"limit": 5}).status_code == 200
        # One more is refused, with a hint of when to come back.
        refused = client.post("/api/articles", json=small_article(99), headers=AUTH)
        error = assert_envelope(refused, 503, "too_many_writes")
        assert int(refused.headers["retry-after"]) >= 1
        assert error["details"] == [{"coding": 1, "waiting": waiting, "max_waiting": waiting}]
        # All the others are coded, one at a time, in the order they came.
        assert slow.result().status_code == 200
        replies = [q.result() for q in queued]
        assert [r.status_code for r in replies] == [200] * waiting
        assert client.get("/api/health").json()["articles"] == waiting + 2


def test_the_servers_max_chars_is_lower_than_the_clis(tmp_path):
    from sitrep.readers import MAX_CHARS
    from sitrep.web.settings import Settings

    limit = Settings().max_chars
    assert limit < MAX_CHARS
    with running_server(tmp_path / "sitrep.db") as url:
        reply = httpx.post(f"{url}/api/articles", json=long_article(1, limit + 1), headers=AUTH, timeout=600)
        error = assert_envelope(reply, 422, "invalid_records")
        [detail] = error["details"]
        assert detail["code"] == "R006" and f"{limit:,}" in detail["reason"]


# ----------------------------------------------------------------- security headers


def test_every_reply_carries_the_security_headers(tmp_path):
    with running_server(tmp_path / "sitrep.db") as url:
        for path in ("/", "/api/health", "/api/nothing", "/static/app.js"):
            reply = httpx.get(f"{url}{path}")
            csp = reply.headers["content-security-policy"]
            assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp, path
            assert "img-src 'self' data:;" in csp  # no tiles configured: no other image source
            assert reply.headers["x-frame-options"] == "DENY"
            assert reply.headers["x-content-type-options"] == "nosniff"
            assert reply.headers["referrer-policy"] == "no-referrer"
