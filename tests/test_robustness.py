"""Real input never breaks sitrep: property-based tests of the readers and the whole pipeline.

The readers get random bytes, random JSON and damaged CSV in every format and on
stdin; they must never raise, and must yield only ``Article`` and ``Failure`` records,
each failure with an R-code and an origin naming the file and its line or record. The
default pipeline (the real spaCy model, called directly so that a crash shows) gets
random Unicode, news-like sentences written for these tests in many shapes (lower and
upper case, without punctuation, without a sentence break, with very long tokens, with
damaged bytes) and publication dates at the ends of the calendar; it must never raise,
and every offset it gives must index the article's text.

CI runs a fixed, derandomised budget; ``SITREP_FUZZ=long`` runs a long random session
(docs/robustness.md). Hypothesis settings are applied per test, from the profiles
registered here, so loading this module changes no other test's settings.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import string
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from sitrep.errors import InputError
from sitrep.model import Article, Failure
from sitrep.readers import article_from_record, check_id, read_inputs
from sitrep.repair import Repaired, repair

# ----------------------------------------------------------------- budget

#: ``SITREP_FUZZ=long`` selects the long profile; anything else (or nothing) the CI one.
LONG = os.environ.get("SITREP_FUZZ", "").strip().lower() == "long"
#: How many times more examples each test tries in the long profile
#: (``SITREP_FUZZ_FACTOR``, default 25).
LONG_FACTOR = int(os.environ.get("SITREP_FUZZ_FACTOR", "25"))

_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile(
    "sitrep-ci", derandomize=True, database=None, deadline=None, print_blob=True, suppress_health_check=_QUIET
)
settings.register_profile(
    "sitrep-long", derandomize=False, database=None, deadline=None, print_blob=True, suppress_health_check=_QUIET
)
PROFILE = "sitrep-long" if LONG else "sitrep-ci"


def budget(examples: int) -> settings:
    """This test's settings: ``examples`` examples in CI, ``LONG_FACTOR`` times as many in a long session."""
    return settings(settings.get_profile(PROFILE), max_examples=examples * (LONG_FACTOR if LONG else 1))


# ----------------------------------------------------------------- what every record must satisfy

_RCODE = re.compile(r"R\d{3}")


def writable(record: dict) -> None:
    """The record can be written as UTF-8 JSON (the output, the failure log, the store)."""
    json.dumps(record, ensure_ascii=False).encode("utf-8")


def check_items(items: list, display: str) -> None:
    """Only articles and failures; each failure has an R-code and names ``display`` and
    its line (``:N``) or record (``[N]``), or the whole file."""
    where = re.compile(re.escape(display) + r"(?::\d+|\[\d+\])?")
    for item in items:
        assert isinstance(item, (Article, Failure)), item
        assert where.fullmatch(item.origin or ""), (item.origin, display)
        if isinstance(item, Failure):
            assert _RCODE.fullmatch(item.code), item
            assert item.message and item.stage == "read"
            writable(item.to_dict())
        else:
            check_article(item)


def check_article(article: Article) -> None:
    assert article.text.strip()
    assert check_id(article.id) == article.id
    assert repair(article.text) == Repaired(article.text, ())  # stored text needs no more repair
    assert len(article.text_hash) == 64
    writable(article.to_dict())


def read_file(data: bytes, suffix: str) -> tuple[list, str]:
    with tempfile.TemporaryDirectory(prefix="sitrep-fuzz-") as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        return list(read_inputs([str(path)])), str(path)


# ----------------------------------------------------------------- inputs for the readers

#: Any character at all, lone surrogates and control characters included.
ANY_CHAR = st.characters(exclude_categories=())
ANY_TEXT = st.text(ANY_CHAR, max_size=60)
JSON_SCALARS = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | ANY_TEXT
    | st.sampled_from(["2024-03-08", "2024-02-30", "0001-01-01", "9999-12-31", "2024-03-08T23:59:59+14:00", ""])
)
JSON_VALUES = st.recursive(
    JSON_SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4), max_leaves=12
)
FIELD = st.sampled_from(["id", "text", "published", "date", "title", "url", "source", "extra"])
RECORDS = st.dictionaries(FIELD, JSON_VALUES, max_size=7) | st.fixed_dictionaries(
    {"text": ANY_TEXT}, optional={"id": JSON_SCALARS, "published": JSON_SCALARS, "title": JSON_SCALARS}
)


@st.composite
def json_bytes(draw: st.DrawFn, lines: bool) -> bytes:
    """JSON as files hold it: records or any values, ASCII-escaped or raw UTF-8 (lone
    surrogates then become bytes no decoder takes), with noise lines and broken tails."""
    values = draw(st.lists(RECORDS | JSON_VALUES, max_size=5))
    raw = draw(st.booleans())

    def dump(value: object) -> bytes:
        return json.dumps(value, ensure_ascii=not raw).encode("utf-8", errors="surrogatepass")

    if lines:
        parts = [dump(v) for v in values]
        parts += draw(st.lists(st.binary(max_size=20), max_size=2))
        draw(st.randoms()).shuffle(parts)
        data = b"\n".join(parts)
    else:
        data = dump(values if draw(st.booleans()) else (values[0] if values else {}))
    cut = draw(st.integers(0, len(data)))
    return data[:cut] if draw(st.booleans()) and cut else data


@st.composite
def csv_bytes(draw: st.DrawFn) -> bytes:
    """CSV with quotes left open, quotes not doubled, fields over several lines and odd bytes."""
    columns = draw(st.lists(st.sampled_from(["id", "text", "published", "title", "source", "other"]),
                            min_size=1, max_size=5))
    cell = st.text(st.sampled_from(list('ab ,"\n\r\t\x00\x93é')) | ANY_CHAR, max_size=12)
    rows = draw(st.lists(st.lists(cell, max_size=len(columns) + 1), max_size=6))

    def field(value: str) -> str:
        how = draw(st.sampled_from(["plain", "quoted", "open", "stray"]))
        if how == "quoted":
            return '"' + value.replace('"', '""') + '"'
        if how == "open":
            return '"' + value  # a quote that is never closed
        if how == "stray":
            return '"' + value + '"x'
        return value

    lines = [",".join(columns)] + [",".join(field(v) for v in row) for row in rows]
    data = "\n".join(lines).encode("utf-8", errors="surrogatepass")
    noise = draw(st.binary(max_size=8))
    at = draw(st.integers(0, len(data)))
    return data[:at] + noise + data[at:]


# ----------------------------------------------------------------- the readers


@budget(600)
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".txt", ".jsonl", ".json", ".csv", ""]))
def test_readers_take_any_bytes_in_any_format(data, suffix):
    items, display = read_file(data, suffix)
    check_items(items, display)


@budget(600)
@given(data=json_bytes(lines=True), suffix=st.sampled_from([".jsonl", ".json"]))
def test_readers_take_any_json_lines(data, suffix):
    items, display = read_file(data, suffix)
    check_items(items, display)


@budget(450)
@given(data=json_bytes(lines=False))
def test_readers_take_any_json_document(data):
    items, display = read_file(data, ".json")
    check_items(items, display)


@budget(600)
@given(data=csv_bytes())
def test_readers_take_any_csv(data):
    items, display = read_file(data, ".csv")
    check_items(items, display)


@budget(450)
@given(data=json_bytes(lines=True), text_stream=st.booleans())
def test_readers_take_anything_on_stdin(data, text_stream):
    stream = io.StringIO(data.decode("utf-8", errors="surrogateescape")) if text_stream else io.BytesIO(data)
    check_items(list(read_inputs(["-"], stdin=stream)), "<stdin>")


@budget(450)
@given(text=st.text(ANY_CHAR, max_size=200))
def test_repair_is_idempotent_on_any_text(text):
    once = repair(text)
    assert repair(once.text) == Repaired(once.text, ())
    once.text.encode("utf-8")  # no lone surrogate is left


# ----------------------------------------------------------------- the pipeline

#: News-like sentences written for these tests (no real article's words).
SENTENCES = (
    "Gunmen killed three villagers and wounded five others in an attack on a market in Kaduna on Monday, police said.",
    "Protesters marched through the capital on Friday to demand the release of detained journalists.",
    "\u201cWe will not leave,\u201d said Amina Yusuf, a teacher who joined the sit-in outside the ministry.",
    "Security forces arrested 12 people after clashes near the border town of Gao late on Tuesday.",
    "According to the health ministry, at least 40 people have died since the fighting began last week.",
    "An air strike hit a convoy north of Aleppo, killing two fighters, a monitoring group reported.",
    "The governor of Ohio said two officers were injured when a suspect opened fire at 5 p.m. yesterday.",
    "Rebels seized the airport in Goma on 3 March 2021 and held it for two days before withdrawing.",
    "Officials said talks will resume next month in Doha, a year after the last round collapsed.",
    "Police said D'Andre O'Neal, 19, was shot twice on Elm Street and died at the scene.",
    "Hundreds of families fled their homes in Anbar province, the UN said in a statement on Sunday.",
    "A bomb exploded in a crowded bus station in Peshawar, wounding more than 30 people.",
    "Mr. Smith, 45, told the court (in Lagos) that \"nobody\" saw the 2:30 a.m. raid \u2014 a claim police deny.",
)
#: Relative time expressions, to meet publication dates at the ends of the calendar.
RELATIVE = (
    "yesterday", "tomorrow", "today", "last night", "next week", "last week", "this weekend", "last weekend",
    "next month", "last month", "next year", "last year", "in two days", "two days ago", "three weeks ago",
    "a year ago", "in five years", "next decade", "last century", "on Monday", "last Friday", "next Sunday",
    "on March 3", "on December 31", "in January", "last December", "this winter", "next summer", "at Christmas",
    "at Easter", "the third quarter", "the year-ago quarter", "the next day", "the day before", "two days later",
    "the following month", "since last year", "early next week", "late last year", "the week of December 31",
    "between March and May", "at 5 p.m.", "that year",
)
CALENDAR_ENDS = (dt.date(1, 1, 1), dt.date(1, 1, 2), dt.date(1, 1, 8), dt.date(1, 3, 1), dt.date(9999, 12, 31),
                 dt.date(9999, 12, 30), dt.date(9999, 12, 24), dt.date(9999, 11, 30))
DATES = st.sampled_from(CALENDAR_ENDS) | st.dates() | st.none()
#: Damage that real archives carry: Windows-1252 bytes read as Latin-1, mojibake,
#: control characters, lone surrogates, and characters spaCy rarely sees.
DAMAGE = ("\x93", "\x94", "\x92", "\x97", "\x85", "â€œ", "â€\x9d", "â€™", "Ã©", "\x00", "\x07", "\x1b[1m", "\ud800",
          "\udfff", "\ufeff", "\u200b", "\u2028", "\ufffd", "\r", "\t", "\x0c")


@pytest.fixture(scope="module")
def pipeline():
    from sitrep.api import default_pipeline

    return default_pipeline()


def check_offsets(analysis) -> None:
    """Every span the pipeline reports indexes the article's text, and every record can be written."""
    from sitrep.output import event_record

    text = analysis.article.text
    size = len(text)

    def inside(start, end) -> None:
        assert start is None or 0 <= start <= end <= size, (start, end, size)

    for p in analysis.places or ():
        inside(p.start, p.end)
        if p.start is not None:
            assert text[p.start:p.end] == p.text, p
    for t in analysis.times or ():
        assert text[t.start:t.end] == t.text, t
    for q in analysis.quotes or ():
        assert text[q.start:q.end] == q.text, q
        if q.speaker_start is not None:
            assert text[q.speaker_start:q.speaker_end] == q.speaker, q
    for a in analysis.attributions or ():
        assert text[a.start:a.end] == a.text, a
        inside(a.source_start, a.source_end)
    for e in analysis.events or ():
        assert text[e.trigger_start:e.trigger_end] == e.trigger, e
        inside(e.sentence_start, e.sentence_end)
        for ev in e.evidence:
            assert text[ev.start:ev.end] == ev.text, ev
        for actor in (e.actor1, e.actor2):
            if actor is not None:
                inside(actor.start, actor.end)
        for count in e.counts:
            if count.start is not None:
                assert text[count.start:count.end] == count.text, count
        writable(event_record(e, analysis.article))
    writable(analysis.article.to_dict())


def read_article(text: str, published: dt.date | None) -> Article | None:
    """The article the readers make of ``text`` (repaired), or None when they refuse it."""
    record = {"id": "fuzz", "text": text, "published": published.isoformat() if published else None}
    try:
        return article_from_record(record, default_id="fuzz", origin="fuzz")
    except InputError:
        return None


@pytest.mark.model
@budget(100)
@given(text=st.text(max_size=400), published=DATES)
def test_pipeline_takes_any_unicode_text(pipeline, text, published):
    # Straight into the pipeline, as an Article built by hand: no repair in between.
    check_offsets(pipeline.analyse(Article(id="fuzz", text=text, published=published)))


@st.composite
def news(draw: st.DrawFn) -> str:
    """One to five of the sentences, in a shape that real archives show."""
    text = " ".join(draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=5)))
    shape = draw(st.sampled_from(["as is", "lower", "upper", "no punctuation", "no sentence break", "title"]))
    if shape == "lower":
        text = text.lower()
    elif shape == "upper":
        text = text.upper()
    elif shape == "no punctuation":
        text = text.translate(str.maketrans("", "", string.punctuation + "\u201c\u201d\u2014"))
    elif shape == "no sentence break":
        text = re.sub(r"[.!?]+(\s|$)", r"\1", text)
    elif shape == "title":
        text = text.title()
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        insert = draw(st.sampled_from(DAMAGE) | st.sampled_from(RELATIVE).map(lambda r: f" {r} ")
                      | st.text(ANY_CHAR, max_size=4))
        text = text[:at] + insert + text[at:]
    return text


@pytest.mark.model
@budget(180)
@given(text=news(), published=DATES)
def test_pipeline_takes_news_in_any_shape(pipeline, text, published):
    article = read_article(text, published)
    assume(article is not None)
    check_offsets(pipeline.analyse(article))


#: Words and marks the stages look for, to be thrown together in any order.
WORDS = sorted({w for sentence in SENTENCES for w in re.findall(r"\w+|[^\w\s]", sentence)} | {
    "killed", "wounded", "injured", "dead", "died", "arrested", "abducted", "kidnapped", "fled", "displaced",
    "attack", "attacked", "clashes", "fighting", "protest", "riot", "bombing", "shelling", "strike", "raid",
    "police", "army", "soldiers", "militants", "rebels", "gunmen", "protesters", "villagers", "civilians",
    "said", "says", "told", "according", "to", "claimed", "denied", "reported", "added", "he", "she", "they",
    "Mr.", "Dr.", "Gen.", "Col.", "President", "Minister", "Sheriff", "Officer", "Jr.",
    "at", "least", "more", "than", "nearly", "about", "over", "up", "dozens", "hundreds", "scores", "a", "dozen",
    "one", "two", "three", "twenty-one", "hundred", "thousand", "million", "0", "1", "12", "1,000", "3.5", "2020",
    "1999", "-", "–", "—", "(", ")", "[", "]", "\"", "'", "\u201c", "\u201d", "\u2018", "\u2019", ",", ";", ":",
    "...", "?", "!", "/", "&", "%", "$", "\n", "\n\n", "'s", "n't", "of", "the", "in", "on", "near", "north",
    "province", "state", "county", "district", "city", "town", "village", "Street", "Road", "Airport",
    "Iraq", "Baghdad", "Nigeria", "Lagos", "Texas", "Houston", "Syria", "Idlib", "Kenya", "Paris", "Georgia",
    "Monday", "yesterday", "tomorrow", "week", "month", "year", "ago", "later", "earlier", "since", "until",
})


@st.composite
def word_salad(draw: st.DrawFn) -> str:
    """The stages' words in any order, case and spacing: rules meet shapes no article was written in."""
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=80))
    glue = draw(st.sampled_from([" ", " ", " ", "", "  ", "\n"]))
    text = ""
    for word in words:
        text += word + (glue if draw(st.integers(0, 5)) else draw(st.sampled_from(["", " ", ", ", ". ", "\n"])))
    case = draw(st.sampled_from([str, str, str.lower, str.upper, str.title]))
    return case(text)


@pytest.mark.model
@budget(270)
@given(text=word_salad(), published=DATES)
def test_pipeline_takes_the_stages_words_in_any_order(pipeline, text, published):
    article = read_article(text, published)
    assume(article is not None)
    check_offsets(pipeline.analyse(article))


@pytest.mark.model
@budget(36)
@given(
    sentence=st.sampled_from(SENTENCES),
    token=st.sampled_from(["x", "ab", "9", "-", "é", "Kaduna", "http://a.b/", "\u201c", "."]),
    length=st.integers(1_000, 30_000),
    published=DATES,
)
def test_pipeline_takes_very_long_tokens(pipeline, sentence, token, length, published):
    words = sentence.split()
    at = len(words) // 2
    text = " ".join(words[:at] + [token * (length // len(token))] + words[at:])
    check_offsets(pipeline.analyse(Article(id="long", text=text, published=published)))


@pytest.mark.model
@budget(12)
@given(sentences=st.lists(st.sampled_from(SENTENCES), min_size=30, max_size=80), published=DATES)
def test_pipeline_takes_a_long_text_without_a_sentence_break(pipeline, sentences, published):
    text = " and ".join(s.rstrip(".") for s in sentences).replace(". ", " ").replace(".", "")
    check_offsets(pipeline.analyse(Article(id="run-on", text=text, published=published)))


@pytest.mark.model
@budget(180)
@given(
    sentence=st.sampled_from(SENTENCES),
    relative=st.lists(st.sampled_from(RELATIVE), min_size=1, max_size=4),
    published=st.sampled_from(CALENDAR_ENDS),
)
def test_pipeline_takes_relative_dates_at_the_ends_of_the_calendar(pipeline, sentence, relative, published):
    text = " ".join([sentence] + [f"It happened {r}." for r in relative])
    check_offsets(pipeline.analyse(Article(id="ends", text=text, published=published)))


# ----------------------------------------------------------------- fixed cases (regressions)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("Gunmen killed three villagers in Kaduna yesterday.", dt.date(1, 1, 1)),
        ("Police said the protest will take place tomorrow in Nairobi.", dt.date(9999, 12, 31)),
        ("Troops will withdraw next week, officials said.", dt.date(9999, 12, 31)),
        ("Rebels attacked a base last year and killed 12 soldiers.", dt.date(1, 1, 1)),
        ("The attack on Monday killed five people, police said.", dt.date(1, 1, 3)),
        ("\u201cToday we buried them,\u201d the mayor said on Monday of the attack that killed five.", dt.date(1, 1, 1)),
    ],
)
def test_relative_dates_at_the_ends_of_the_calendar_do_not_raise(pipeline, text, published):
    analysis = pipeline.analyse(Article(id="ends", text=text, published=published))
    check_offsets(analysis)
    for event in analysis.events or ():
        for day in (event.date.start, event.date.end):
            assert day is None or dt.date.min <= day <= dt.date.max
