"""What the server tests share: the token, articles of our own, the seed article, the envelope check."""

from __future__ import annotations

from pathlib import Path

import httpx

from sitrep.readers import read_inputs

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}

OWN_ARTICLES = [
    {"id": "kaduna-raid", "published": "2024-05-06", "title": "Raid in Kaduna",
     "text": "Gunmen killed five villagers in Kaduna State, Nigeria, on Sunday, local officials said. "
             "The attackers also burned several houses."},
    {"id": "paris-march", "published": "2024-03-24",
     "text": "Thousands of people marched in Paris on Saturday against the pension reform, the organisers said. "
             "The march was peaceful."},
    {"id": "kyiv-arrests", "published": "2024-02-14",
     "text": "Police arrested 12 protesters in Kyiv on Tuesday after a rally outside parliament, the city police said."},
]


def seed_record() -> dict:
    [article] = list(read_inputs([ROOT / "examples" / "seed-article.txt"]))
    return {"id": article.id, "text": article.text, "published": article.published.isoformat()}


def assert_envelope(reply: httpx.Response, status: int, code: str | None = None) -> dict:
    """The one error shape: exactly these keys, the HTTP status repeated, a sentence."""
    assert reply.status_code == status, reply.text
    assert reply.headers["content-type"].startswith("application/json")
    body = reply.json()
    assert list(body) == ["error"]
    error = body["error"]
    assert set(error) == {"status", "code", "message", "details"}
    assert error["status"] == status
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["details"], list)
    if code is not None:
        assert error["code"] == code, error
    return error
