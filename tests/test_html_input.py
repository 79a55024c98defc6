"""Web pages as input: ``.html`` files and the ``html`` field of records, through trafilatura."""

from __future__ import annotations

import datetime as dt
import json
import socket
from pathlib import Path

import pytest

from sitrep.errors import InputError
from sitrep.model import Article, Failure
from sitrep.readers import read_inputs
from sitrep.webpages import decode_page, declared_charset, extract_page

HEADLINE = "Gunmen kill five in attack on market in Maiduguri"
PARAGRAPHS = (
    "Gunmen killed five traders and wounded nine others in an attack on a busy market in Maiduguri, "
    "the capital of Borno state, on Monday, police said.",
    "The attackers arrived on motorcycles in the early afternoon and opened fire on stalls near the main "
    "gate, witnesses told reporters. Police spokesman Daso Nahúm said officers were sent to the scene and "
    "the wounded were taken to hospital.",
    "No group has claimed responsibility for the attack. Residents said traders closed their shops for the "
    "rest of the day.",
)
URL = "https://ledger.example.com/news/2023/03/14/maiduguri-market-attack"
#: Words of the page that are not the article: navigation, teasers of other stories, the footer.
FURNITURE = ("Home", "Sport", "Most read", "Police arrest 40 protesters", "Bomb blast kills three soldiers",
             "Copyright", "Privacy", "Sign up for our newsletter")


def news_page(*, charset: str | None = "utf-8", date: str | None = "2023-03-14T09:30:00+01:00",
              paragraphs: tuple[str, ...] = PARAGRAPHS, url: str = URL) -> str:
    """A news page as outlets publish them: the article among navigation, teasers and a footer."""
    meta = [f'<meta charset="{charset}">' if charset else "",
            f"<title>{HEADLINE} | The Daily Ledger</title>",
            '<meta property="og:site_name" content="The Daily Ledger">',
            f'<meta property="og:url" content="{url}">']
    if date:
        meta.append(f'<meta property="article:published_time" content="{date}">')
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head>{''.join(meta)}</head>
<body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/business">Business</a></li></ul></nav></header>
<aside class="most-read"><h3>Most read</h3><ul>
<li><a href="/a">Police arrest 40 protesters in Lagos after clashes over fuel prices</a></li>
<li><a href="/b">Bomb blast kills three soldiers near Kano barracks</a></li></ul></aside>
<main><article><h1>{HEADLINE}</h1>
<p class="byline">By Amina Yusuf</p>
{body}
</article></main>
<footer><p>Sign up for our newsletter.</p><p>Copyright 2023 The Daily Ledger. All rights reserved.</p>
<p><a href="/privacy">Privacy</a> | <a href="/terms">Terms</a></p></footer>
</body></html>
"""


EMPTY_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>World | The Daily Ledger</title></head>
<body><header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav></header>
<main><ul class="teasers"><li><a href="/a">Police arrest 40 protesters in Lagos</a></li>
<li><a href="/b">Bomb blast kills three soldiers near Kano</a></li></ul></main>
<footer><p>Copyright 2023 The Daily Ledger.</p></footer></body></html>
"""


def read(*paths: Path, **kwargs) -> list[Article | Failure]:
    return list(read_inputs([str(p) for p in paths], **kwargs))


def write(path: Path, content: str | bytes) -> Path:
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


# ----------------------------------------------------------------- .html files


def test_html_file_gives_the_article_text_and_its_metadata(tmp_path):
    [article] = read(write(tmp_path / "story.html", news_page()))
    assert isinstance(article, Article)
    assert article.id == "story"
    assert article.text == "\n".join(PARAGRAPHS)
    assert article.title == HEADLINE
    assert article.source == "The Daily Ledger"
    assert article.url == URL
    assert article.published == dt.date(2023, 3, 14)
    assert article.origin == str(tmp_path / "story.html")


def test_the_text_leaves_out_navigation_teasers_footer_and_headline(tmp_path):
    [article] = read(write(tmp_path / "story.htm", news_page()))
    assert isinstance(article, Article)
    for words in FURNITURE:
        assert words not in article.text, words
    assert not article.text.startswith(HEADLINE)


def test_the_page_date_is_used_when_nothing_else_gives_one_and_beats_the_fallback(tmp_path):
    dated = write(tmp_path / "dated.html", news_page())
    # (htmldate reads a date in the URL too: this one has none)
    undated = write(tmp_path / "undated.html", news_page(date=None, url="https://ledger.example.com/news/market"))
    got = {a.id: a.published for a in read(dated, undated, published="2023-01-01")}
    assert got == {"dated": dt.date(2023, 3, 14), "undated": dt.date(2023, 1, 1)}
    [article] = read(undated)
    assert article.published is None  # no date in the page: none is made up (not today's date)


def test_a_page_without_article_text_is_a_failure_and_the_batch_goes_on(tmp_path):
    empty = write(tmp_path / "section.html", EMPTY_PAGE)
    blank = write(tmp_path / "blank.html", "<html><body></body></html>")
    nothing = write(tmp_path / "nothing.html", b"")
    good = write(tmp_path / "story.html", news_page())
    items = read(empty, blank, nothing, good)
    assert [type(i).__name__ for i in items] == ["Failure", "Failure", "Failure", "Article"]
    for failure, path in zip(items[:3], (empty, blank, nothing)):
        assert failure.code == "R020" and failure.stage == "read"
        assert failure.message.startswith("no article text found in the page")
        assert failure.origin == str(path) and failure.article_id == path.stem


@pytest.mark.parametrize(
    ("name", "data"),
    [
        # Windows-1252 bytes and no charset at all.
        ("unlabelled", news_page(charset=None).encode("cp1252")),
        # UTF-8 bytes labelled Latin-1.
        ("utf8-as-latin1", news_page(charset="iso-8859-1").encode("utf-8")),
        # Windows-1252 bytes labelled UTF-8.
        ("cp1252-as-utf8", news_page(charset="utf-8").encode("cp1252")),
        # A label no codec has.
        ("unknown-label", news_page(charset="x-no-such-charset").encode("cp1252")),
    ],
)
def test_a_wrong_or_missing_charset_still_gives_the_right_characters(tmp_path, name, data):
    [article] = read(write(tmp_path / f"{name}.html", data))
    assert isinstance(article, Article), article
    assert "Police spokesman Daso Nahúm said" in article.text
    assert "\ufffd" not in article.text


def test_a_declared_charset_other_than_latin_is_used(tmp_path):
    text = "Полиция задержала 40 демонстрантов в Минске в понедельник, сообщили власти. " * 4
    page = news_page(charset="windows-1251", paragraphs=(text,)).replace(HEADLINE, "Задержания в Минске")
    [article] = read(write(tmp_path / "ru.html", page.encode("cp1251")))
    assert isinstance(article, Article), article
    assert article.text == text.strip()


def test_decode_page_order_of_trust():
    assert decode_page("é".encode("utf-8"), "text/html; charset=iso-8859-1") == "é"
    assert decode_page("é".encode("cp1252")) == "é"
    assert decode_page("Ж".encode("koi8-r"), "text/html; charset=koi8-r") == "Ж"
    assert decode_page(b"\xef\xbb\xbfabc") == "abc"
    assert declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">') == "shift_jis"
    assert declared_charset(b'<meta charset="utf-8">', "text/html; charset=koi8-r") == "koi8-r"  # the header wins
    assert declared_charset(b"<p>no label</p>") is None


def test_extraction_never_opens_a_connection(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a page's extraction tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    page = extract_page(news_page(), url="https://ledger.example.com/other")
    assert page.text == "\n".join(PARAGRAPHS)
    assert page.url == URL  # the page's canonical URL wins over where it was found


def test_extract_page_raises_r020_with_the_origin():
    with pytest.raises(InputError) as info:
        extract_page(EMPTY_PAGE, origin="feed.jsonl:3")
    assert info.value.code == "R020" and info.value.origin == "feed.jsonl:3"


# ----------------------------------------------------------------- the ``html`` field


def test_html_field_of_a_jsonl_record(tmp_path):
    records = [
        {"id": "page", "html": news_page()},
        {"id": "own", "html": news_page(), "published": "2023-03-20", "title": "Own title", "source": "Wire"},
        {"id": "both", "text": "Police arrested two men in Kano on Friday.", "html": news_page()},
        {"id": "bad", "html": 42},
        {"id": "empty", "html": EMPTY_PAGE},
        {"id": "neither"},
    ]
    path = write(tmp_path / "feed.jsonl", "".join(json.dumps(r) + "\n" for r in records))
    page, own, both, bad, empty, neither = read(path, published="2000-01-01")
    assert isinstance(page, Article) and page.text == "\n".join(PARAGRAPHS)
    assert (page.published, page.title, page.source, page.url) == (
        dt.date(2023, 3, 14), HEADLINE, "The Daily Ledger", URL)
    # the record's own fields win over the page's
    assert (own.published, own.title, own.source, own.url) == (dt.date(2023, 3, 20), "Own title", "Wire", URL)
    # a record with text is read from its text
    assert both.text == "Police arrested two men in Kano on Friday." and both.title is None
    assert (bad.code, bad.origin, bad.article_id) == ("R013", f"{path}:4", "bad")
    assert bad.message == "'html' must be a string, not int"
    assert (empty.code, empty.origin, empty.article_id) == ("R020", f"{path}:5", "empty")
    assert (neither.code, neither.message) == ("R003", "record has no 'text' (or 'html') field")


def test_a_record_date_field_wins_over_the_page_date(tmp_path):
    path = write(tmp_path / "feed.json", json.dumps([{"id": "p", "html": news_page(), "date": "2023-03-15"}]))
    [article] = read(path)
    assert article.published == dt.date(2023, 3, 15)


# ----------------------------------------------------------------- coding a page


@pytest.mark.model
def test_a_page_codes_to_the_same_events_as_its_text(tmp_path):
    """The page's events equal those of the same article given as plain text: the
    page's furniture (a teaser about arrests, another about a bomb) adds nothing."""
    from sitrep.api import default_pipeline
    from sitrep.output import event_record

    (tmp_path / "html").mkdir()
    (tmp_path / "text").mkdir()
    write(tmp_path / "html" / "story.html", news_page())
    write(tmp_path / "text" / "story.txt", "date 2023-03-14\n" + "\n".join(PARAGRAPHS) + "\n")
    [page] = read(tmp_path / "html")
    [text] = read(tmp_path / "text")
    assert page.id == text.id == "story" and page.text == text.text

    pipeline = default_pipeline()
    from_page = [event_record(e, page) for e in pipeline.analyse(page).events]
    from_text = [event_record(e, text) for e in pipeline.analyse(text).events]
    assert from_page and from_page == from_text
    assert from_page[0]["killed"]["best"] == 5
