"""schemathesis against a real ``sitrep serve``, on SQLite and on PostgreSQL, writes included.

schemathesis reads ``/api/openapi.json``, generates requests from it (valid ones and
ones that break it), sends them with the bearer token, and checks every reply:

* ``not_a_server_error``: no 5xx, whatever comes in;
* ``status_code_conformance``, ``content_type_conformance``,
  ``response_headers_conformance``, ``response_schema_conformance``: every reply is
  one the description documents, with its media type, headers (``WWW-Authenticate``,
  ``Retry-After``) and JSON Schema;
* ``negative_data_rejection``: a request that breaks the schema is refused with a 4xx
  (``schemathesis.toml`` next to this file adds 413, and 207 for a posted list, which
  is answered record by record);
* ``ignored_auth``: a write without the token is refused;
* ``unsupported_method``, ``allow_header_conformance``, ``missing_required_header``:
  other methods get 405 with ``Allow``.

Not run: ``positive_data_acceptance`` (that every request the schema allows gets a
2xx), because the API checks what a schema cannot say (``since`` before ``until``, a
``bbox`` with its south below its north, a ``q`` that holds a word, a cursor this server
gave out, an article text that is more than white space), so those are 422s by design;
``object_level_authorization`` (one token, no per-user data); ``use_after_free`` and
``ensure_resource_availability``, which follow a created resource to where it should
be read: nothing is ever deleted, and a posted list is answered 207 with records that
were not stored (their ``id`` is null), which those checks take for resources that
vanished. The stateful phase still follows the links schemathesis infers (a posted
article's id to ``GET /api/articles/{article_id}``) with every check above.

The budget is small, fixed and derandomised for ``make test``; docs/api.md says how to
run a longer session (``SITREP_FUZZ_EXAMPLES``, ``SITREP_FUZZ_SEED``, ``SITREP_FUZZ_PHASES``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from backends import BACKENDS, backend
from live_server import running_server
from server_helpers import AUTH, OWN_ARTICLES, TOKEN

CONFIG = Path(__file__).with_name("schemathesis.toml")
CHECKS = (
    "not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,"
    "response_schema_conformance,negative_data_rejection,ignored_auth,unsupported_method,"
    "allow_header_conformance,missing_required_header"
)
EXAMPLES = int(os.environ.get("SITREP_FUZZ_EXAMPLES", "25"))
SEED = os.environ.get("SITREP_FUZZ_SEED")
PHASES = os.environ.get("SITREP_FUZZ_PHASES", "examples,coverage,fuzzing,stateful")


def schemathesis_command(url: str, report: Path) -> list[str]:
    command = [
        sys.executable, "-m", "schemathesis.cli", "--config-file", str(CONFIG), "run", f"{url}/api/openapi.json",
        "--header", f"Authorization: Bearer {TOKEN}", "--checks", CHECKS, "--phases", PHASES,
        "--max-examples", str(EXAMPLES), "--workers", "1", "--request-timeout", "120", "--no-color",
        "--report", "junit", "--report-junit-path", str(report),
    ]
    # Without a seed, the run is derandomised: the same cases every time.
    command += ["--seed", SEED] if SEED else ["--generation-deterministic"]
    return command


@pytest.mark.model
@pytest.mark.parametrize("name", BACKENDS)
def test_schemathesis_finds_no_failure(name, tmp_path):
    with backend(name, tmp_path) as b, running_server(b.db) as url:
        # Load spaCy and store something to read, so the fuzzing reaches the real work.
        warm = httpx.post(f"{url}/api/articles", json=OWN_ARTICLES, headers=AUTH, timeout=300)
        assert warm.status_code == 200, warm.text
        run = subprocess.run(schemathesis_command(url, tmp_path / "junit.xml"), capture_output=True, text=True,
                             check=False, cwd=tmp_path)
        output = run.stdout + run.stderr
        assert run.returncode == 0, output[-30_000:]
        assert "No issues found" in output or " passed" in output, output[-5_000:]
        assert httpx.get(f"{url}/api/health").json()["status"] == "ok"
