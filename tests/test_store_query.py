"""``EventQuery`` (sitrep/store.py) reads its filters and cursors as untrusted input.

Whatever a client or a command line puts in a filter or a cursor is refused with a
``QueryError`` naming the parameter before any SQL runs, on SQLite and PostgreSQL alike
(``tests/backends.py``): text a database cannot take (NUL, lone surrogates) and
cursors this server never gave out (forged keys of the wrong type or size, deep
nesting, broken Unicode).
"""

from __future__ import annotations

import base64
import json

import pytest
from click.testing import CliRunner

from sitrep.model import Article, Event, EventDate
from sitrep.store import EventQuery, QueryError

from backends import BACKENDS, backend

TEXT_FILTERS = {"country": "country", "admin1": "admin1", "acled_type": "acled_type", "plover": "plover",
                "actor": "actor", "text": "q"}


def forge(value: object) -> str:
    """A cursor holding ``value``, encoded the way the store encodes its own."""
    raw = json.dumps(value).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


#: (sort, cursor, what is wrong with it)
FORGED = [
    ("rank", forge(["rank", 2**64, "0123456789abcdef"]), "a rank over 2^63"),
    ("-rank", forge(["-rank", -1, "0123456789abcdef"]), "a negative rank"),
    ("rank", forge(["rank", True, "0123456789abcdef"]), "a boolean rank"),
    ("rank", forge(["rank", 1.5, "0123456789abcdef"]), "a fractional rank"),
    ("rank", forge(["rank", "2024-01-01", "0123456789abcdef"]), "a string key for a rank sort"),
    ("date", forge(["date", 5, "0123456789abcdef"]), "an integer key for a date sort"),
    ("-date", forge(["-date", "yesterday", "0123456789abcdef"]), "a date key that is no date"),
    ("date", forge(["date", "\ud800", "0123456789abcdef"]), "a lone surrogate as the key"),
    ("date", forge(["date", "2024-01-01", "\udfff"]), "a lone surrogate as the event id"),
    ("date", forge(["date", "2024-01-01", "a\x00b"]), "a NUL in the event id"),
    ("date", forge(["date", "2024-01-01", 7]), "an event id that is no string"),
    ("date", forge(["date", "2024-01-01", ""]), "an empty event id"),
    ("date", forge(["date", "2024-01-01"]), "two items"),
    ("date", forge({"sort": "date"}), "an object"),
    ("date", forge(["x" * 10, "2024-01-01", "e"]), "an unknown sort"),
    ("date", base64.urlsafe_b64encode(b"[" * 5000 + b"]" * 5000).decode("ascii"), "5,000-deep nesting"),
    ("date", base64.urlsafe_b64encode(b"[" * 300 + b"]" * 300).decode("ascii"), "300-deep nesting"),
    ("date", base64.urlsafe_b64encode(b'["date","\xff","e"]').decode("ascii"), "bytes that are not UTF-8"),
    ("date", forge(["date", "2024-01-01", "e" * 5000]), "a huge event id"),
    ("date", "\ud800", "a lone surrogate"),
]


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    with backend(request.param, tmp_path) as b, b.open() as s:
        article = Article("a1", "Police arrested protesters in Kyiv.")
        start = article.text.index("arrested")
        s.save_article(article, [Event(article_id="a1", trigger="arrested", trigger_start=start,
                                       trigger_end=start + 8, sentence_start=0, sentence_end=len(article.text),
                                       plover="COERCE", date=EventDate(None, None, "unknown"))])
        yield s


@pytest.mark.parametrize(("sort", "cursor", "why"), FORGED, ids=[f[2] for f in FORGED])
def test_forged_cursors_are_refused_before_the_database(store, sort, cursor, why):
    with pytest.raises(QueryError) as info:
        store.query_events(EventQuery(sort=sort, cursor=cursor))
    assert info.value.parameter == "cursor"


@pytest.mark.parametrize("sort", ["date", "-date", "rank", "-rank"])
def test_the_stores_own_cursors_still_work(store, sort):
    article = Article("a2", "Troops clashed with rebels. Rebels shelled the town.")
    events = [Event(article_id="a2", trigger=word, trigger_start=article.text.index(word),
                    trigger_end=article.text.index(word) + len(word), sentence_start=0, sentence_end=10, rank=rank,
                    date=EventDate(None, None, "unknown")) for rank, word in enumerate(("clashed", "shelled"))]
    store.save_article(article, events)
    first = store.query_events(EventQuery(sort=sort, limit=1))
    seen = [first.items[0]["event_id"]]
    cursor = first.next_cursor
    while cursor is not None:
        page = store.query_events(EventQuery(sort=sort, limit=1, cursor=cursor))
        seen += [e["event_id"] for e in page.items]
        cursor = page.next_cursor
    assert len(seen) == len(set(seen)) == 3


@pytest.mark.parametrize("field", sorted(TEXT_FILTERS))
@pytest.mark.parametrize("value", ["\x00", "Kyiv\x00", "a\udc80b", "\ud800"], ids=["nul", "nul-after", "surrogate", "lone"])
def test_text_filters_refuse_what_no_database_takes(store, field, value):
    with pytest.raises(QueryError) as info:
        store.query_events(EventQuery(**{field: value}))
    assert info.value.parameter == TEXT_FILTERS[field]


def test_sitrep_events_refuses_them_too(tmp_path):
    from sitrep.cli import main
    from sitrep.store import SQLiteStore

    db = tmp_path / "sitrep.db"
    SQLiteStore(db).close()
    runner = CliRunner(mix_stderr=False)
    for option, value in (("--actor", "police\udc80"), ("--admin1", "Kyiv\x00"), ("--text", "\ud800 protest")):
        result = runner.invoke(main, ["events", "--db", str(db), option, value])
        assert result.exit_code == 2, (option, result.stdout, result.stderr, result.exception)
        assert option in result.stderr
