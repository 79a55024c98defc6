"""A real ``sitrep serve`` process on a free local port, for the server and browser tests.

    from live_server import running_server

    with running_server(tmp_path / "sitrep.db") as base_url:
        httpx.get(f"{base_url}/api/health")

``tests/`` is on ``sys.path`` because ``tests/conftest.py`` sits in a folder without
``__init__.py`` (pytest's default "prepend" import mode), so any test module imports
this one as ``live_server``.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

#: How long the server may take to answer /api/health (it does not load spaCy to start).
START_TIMEOUT = 60.0
#: How long it may take to stop after SIGTERM before it is killed.
STOP_TIMEOUT = 15.0


class ServerDied(RuntimeError):
    """The server exited or never answered; the message holds its output."""


def free_port() -> int:
    """A TCP port nothing listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _health(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/api/health", timeout=2) as reply:
            return reply.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


#: ``via="runner"``: the server ``sitrep.web.server.run`` starts, as ``sitrep serve``
#: is to start it (the settings from ``--config PATH`` and SITREP_TOKEN, then the app
#: under uvicorn with the header deadline). Arguments: DB PORT [--config PATH].
RUNNER = """
import sys
from sitrep.store import open_store
from sitrep.web import create_app, load_settings
from sitrep.web.server import run

db, port, *rest = sys.argv[1:]
settings = load_settings(rest[1] if rest[:1] == ["--config"] else None)
with open_store(db) as store:
    run(create_app(store, settings), settings, host="127.0.0.1", port=int(port), log_level="warning")
"""


@contextlib.contextmanager
def running_server(
    db: str | os.PathLike[str],
    *,
    token: str | None = "test-token",
    extra_args: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
    via: str = "cli",
) -> Iterator[str]:
    """Run ``sitrep serve --db DB`` on a free port; yield its base URL (``http://127.0.0.1:PORT``).

    ``token`` is passed as ``SITREP_TOKEN`` (None: no token, so writes are refused).
    ``env`` adds to (or, with a value of "", removes from) the inherited environment.
    ``via="runner"`` starts the server with ``sitrep.web.server.run`` instead (``RUNNER``;
    ``extra_args`` may then only be ``("--config", PATH)``).
    The server's output goes to a temporary file, shown in the error if it dies or
    never answers. The process is terminated (then killed) on exit.
    """
    environment = {k: v for k, v in os.environ.items() if k != "SITREP_TOKEN"}
    if token is not None:
        environment["SITREP_TOKEN"] = token
    for key, value in (env or {}).items():
        if value == "":
            environment.pop(key, None)
        else:
            environment[key] = value
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    if via == "runner":
        command = [sys.executable, "-c", RUNNER, os.fspath(db), str(port), *extra_args]
    else:
        command = [
            sys.executable, "-m", "sitrep", "serve", "--db", os.fspath(db),
            "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", *extra_args,
        ]
    with tempfile.TemporaryDirectory(prefix="sitrep-server-") as folder:
        log_path = Path(folder) / "server.log"
        with open(log_path, "wb") as log:
            process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=environment)
        try:
            deadline = time.monotonic() + START_TIMEOUT
            while not _health(base_url):
                if process.poll() is not None:
                    raise ServerDied(
                        f"sitrep serve exited with status {process.returncode} before answering:\n"
                        f"$ {' '.join(command)}\n{log_path.read_text(errors='replace')}"
                    )
                if time.monotonic() > deadline:
                    raise ServerDied(
                        f"sitrep serve did not answer {base_url}/api/health within {START_TIMEOUT:.0f} s:\n"
                        f"{log_path.read_text(errors='replace')}"
                    )
                time.sleep(0.1)
            yield base_url
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=STOP_TIMEOUT)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()

