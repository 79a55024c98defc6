"""WARC archives as input: written here with warcio, read record by record by ``sitrep.readers``."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from sitrep.model import Article, Failure
from sitrep.readers import read_inputs
from sitrep.webpages import ArchiveBreak, WarcPage, warc_pages

from test_html_input import EMPTY_PAGE, PARAGRAPHS, news_page

SECOND = (
    "Police fired tear gas at hundreds of students protesting against fee increases outside the university "
    "in Kano on Tuesday, witnesses said.",
    "Several students were arrested, a police spokesman said, adding that the protest had not been approved.",
)


def records() -> list[dict]:
    """What the test archive holds, in order: pages, and the records a crawl writes besides them."""
    return [
        {"type": "warcinfo"},
        {"type": "request", "uri": "https://ledger.example.com/a"},
        {"type": "response", "uri": "https://ledger.example.com/a", "html": news_page()},
        {"type": "metadata", "uri": "https://ledger.example.com/a"},
        {"type": "response", "uri": "https://ledger.example.com/logo.png", "body": b"\x89PNG\r\n", "ctype": "image/png"},
        {"type": "response", "uri": "https://ledger.example.com/old", "status": "301 Moved Permanently",
         "html": "<html><body>Moved</body></html>"},
        # no date in the page (nor in its URL): the date comes from WARC-Date
        {"type": "response", "uri": "https://ledger.example.com/b", "date": "2023-03-16T08:00:00Z",
         "html": news_page(date=None, paragraphs=SECOND, url="https://ledger.example.com/b")},
        {"type": "response", "uri": "https://ledger.example.com/world", "html": EMPTY_PAGE},
        {"type": "response", "uri": "https://ledger.example.com/c",
         "html": news_page(charset="windows-1252").encode("cp1252"), "ctype": "text/html"},
    ]


def write_warc(path: Path, gzip: bool) -> list[str | None]:
    """Write ``records()`` to ``path``; the WARC-Record-IDs (without brackets) of the pages, in order."""
    ids: list[str | None] = []
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        for spec in records():
            kind = spec["type"]
            if kind == "warcinfo":
                record = writer.create_warcinfo_record(path.name, {"software": "sitrep tests"})
            elif kind == "request":
                headers = StatusAndHeaders("GET /a HTTP/1.1", [("Host", "ledger.example.com")], is_http_request=True)
                record = writer.create_warc_record(spec["uri"], "request", payload=io.BytesIO(b""), http_headers=headers)
            elif kind == "metadata":
                record = writer.create_warc_record(spec["uri"], "metadata", payload=io.BytesIO(b"fetchTimeMs: 12\r\n"),
                                                   warc_content_type="application/warc-fields")
            else:
                body = spec.get("body") or spec["html"]
                body = body.encode("utf-8") if isinstance(body, str) else body
                ctype = spec.get("ctype", "text/html; charset=utf-8")
                headers = StatusAndHeaders(spec.get("status", "200 OK"), [("Content-Type", ctype)], protocol="HTTP/1.1")
                record = writer.create_warc_record(spec["uri"], "response", payload=io.BytesIO(body),
                                                   http_headers=headers)
                if "date" in spec:
                    record.rec_headers.replace_header("WARC-Date", spec["date"])
                if "html" in spec and spec.get("status", "200").startswith("200"):
                    ids.append(record.rec_headers.get_header("WARC-Record-ID").strip("<>"))
            writer.write_record(record)
    return ids


def read(*paths: Path, **kwargs) -> list[Article | Failure]:
    return list(read_inputs([str(p) for p in paths], **kwargs))


@pytest.fixture(params=[False, True], ids=["warc", "warc.gz"])
def archive(request, tmp_path) -> tuple[Path, list[str | None]]:
    path = tmp_path / ("crawl.warc.gz" if request.param else "crawl.warc")
    return path, write_warc(path, gzip=request.param)


def test_each_html_response_is_one_article(archive):
    path, ids = archive
    items = read(path)
    assert [type(i).__name__ for i in items] == ["Article", "Article", "Failure", "Article"]
    first, second, empty, third = items
    assert [first.id, second.id, empty.article_id, third.id] == ids
    assert all(i.startswith("urn:uuid:") for i in ids)

    assert first.text == "\n".join(PARAGRAPHS)
    assert first.url == "https://ledger.example.com/a"  # WARC-Target-URI, not the page's canonical URL
    assert (first.title, first.source) == ("Gunmen kill five in attack on market in Maiduguri", "The Daily Ledger")
    assert first.published == dt.date(2023, 3, 14)  # from the page's metadata
    assert second.text == "\n".join(SECOND)
    assert second.published == dt.date(2023, 3, 16)  # from WARC-Date
    assert "Police spokesman Daso Nahúm said" in third.text  # Windows-1252 bytes, no charset in the header

    assert empty.code == "R020" and empty.message == "no article text found in the page"
    offsets = [int(a.origin.rpartition("@")[2]) for a in (first, second, third)] + [int(empty.origin.rpartition("@")[2])]
    assert all(a.origin.startswith(f"{path}@") for a in (first, second, third))
    assert len(set(offsets)) == 4 and offsets[:3] == sorted(offsets[:3])


def test_a_rerun_gives_the_same_ids_and_a_fallback_date_does_not_beat_warc_date(archive):
    path, _ = archive
    once = [(a.id, a.published) for a in read(path) if isinstance(a, Article)]
    again = [(a.id, a.published) for a in read(path, published="2000-01-01") if isinstance(a, Article)]
    assert once == again


def test_offsets_point_at_the_records(archive):
    """Each page's offset is where its record starts: reading from there gives that page first."""
    path, _ = archive
    data = path.read_bytes()
    pages = [p for p in warc_pages(io.BytesIO(data), 10**7) if isinstance(p, WarcPage)]
    assert len(pages) == 4
    for page in pages:
        tail = list(warc_pages(io.BytesIO(data[page.offset:]), 10**7))
        assert tail[0] == WarcPage(0, page.record_id, page.target_uri, page.warc_date, page.content_type, page.content)


@pytest.mark.parametrize("gzip", [False, True], ids=["warc", "warc.gz"])
def test_a_truncated_archive_keeps_the_records_before_the_cut(tmp_path, gzip):
    whole = tmp_path / ("whole.warc.gz" if gzip else "whole.warc")
    write_warc(whole, gzip)
    data = whole.read_bytes()
    pages = [p for p in warc_pages(io.BytesIO(data), 10**7) if isinstance(p, WarcPage)]
    second = pages[1]
    for cut in (second.offset + 40, second.offset + len(second.content) // 2, len(data) - 30):
        path = tmp_path / (f"cut{cut}.warc.gz" if gzip else f"cut{cut}.warc")
        path.write_bytes(data[:cut])
        items = read(path)
        *kept, failure = items
        assert isinstance(failure, Failure) and failure.code == "R021", items
        assert all(isinstance(a, Article) for a in kept[:1])
        assert failure.origin.startswith(f"{path}@")
        offset = int(failure.origin.rpartition("@")[2])
        assert f"at byte {offset:,}" in failure.message and "the records before it are kept" in failure.message
        assert offset <= cut
        if cut < len(data) - 30:
            assert [a.id for a in kept] == [pages[0].record_id] and offset == second.offset


def test_every_cut_of_an_archive_is_read_without_a_crash(tmp_path):
    """Cut anywhere, an archive gives its whole pages before the cut and at most one R021."""
    path = tmp_path / "whole.warc"
    write_warc(path, gzip=False)
    data = path.read_bytes()
    whole = [p.content for p in warc_pages(io.BytesIO(data), 10**7) if isinstance(p, WarcPage)]
    for cut in range(0, len(data), 97):
        items = list(warc_pages(io.BytesIO(data[:cut]), 10**7))
        pages = [i.content for i in items if isinstance(i, WarcPage)]
        breaks = [i for i in items if isinstance(i, ArchiveBreak)]
        assert pages == whole[: len(pages)]
        assert len(breaks) <= 1 and (not breaks or items[-1] is breaks[0])


def test_a_corrupt_record_stops_the_archive_after_the_records_before_it(tmp_path):
    path = tmp_path / "crawl.warc"
    write_warc(path, gzip=False)
    data = path.read_bytes()
    pages = [p for p in warc_pages(io.BytesIO(data), 10**7) if isinstance(p, WarcPage)]
    at = pages[1].offset
    broken = tmp_path / "broken.warc"
    broken.write_bytes(data[:at] + b"GARBAGE" + data[at + 7:])
    *kept, failure = read(broken)
    assert [a.id for a in kept] == [pages[0].record_id]
    assert failure.code == "R021" and failure.origin == f"{broken}@{at}"


def test_a_corrupt_gzip_member_is_a_failure(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, gzip=True)
    data = path.read_bytes()
    pages = [p for p in warc_pages(io.BytesIO(data), 10**7) if isinstance(p, WarcPage)]
    at = pages[1].offset
    broken = tmp_path / "broken.warc.gz"
    middle = at + 60
    broken.write_bytes(data[:middle] + bytes(b ^ 0xFF for b in data[middle:middle + 40]) + data[middle + 40:])
    *kept, failure = read(broken)
    assert [a.id for a in kept] == [pages[0].record_id]
    assert failure.code == "R021" and failure.origin == f"{broken}@{at}"


def test_a_page_over_the_limit_is_skipped_and_the_archive_goes_on(tmp_path):
    path = tmp_path / "crawl.warc"
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=False)
        for n, body in enumerate((news_page(paragraphs=PARAGRAPHS * 200), news_page())):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"https://ledger.example.com/{n}", "response",
                                                          payload=io.BytesIO(body.encode("utf-8")), http_headers=headers))
    # The limit is on bytes: 4 x max_chars (UTF-8's widest character) + 64 KiB.
    big, small = read(path, max_chars=1_000)
    assert big.code == "R012" and big.origin == f"{path}@0" and big.article_id.startswith("urn:uuid:")
    assert "over the limit of 1,000 characters" in big.message
    assert isinstance(small, Article) and small.text == "\n".join(PARAGRAPHS)


def test_the_archive_is_streamed_record_by_record(tmp_path):
    """After the first page, the reader has read little more than that page's record."""
    path = tmp_path / "big.warc.gz"
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for n in range(400):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            body = news_page(url=f"https://ledger.example.com/{n}").encode("utf-8")
            writer.write_record(writer.create_warc_record(f"https://ledger.example.com/{n}", "response",
                                                          payload=io.BytesIO(body), http_headers=headers))
    size = path.stat().st_size
    with path.open("rb") as stream:
        pages = warc_pages(stream, 10**7)
        first = next(pages)
        assert isinstance(first, WarcPage) and first.offset == 0
        assert stream.tell() < size / 10
        assert sum(1 for _ in pages) == 399


def test_a_folder_reads_warc_files_among_others(tmp_path):
    write_warc(tmp_path / "crawl.warc.gz", gzip=True)
    (tmp_path / "note.txt").write_text("date 2023-03-14\nPolice arrested two men in Kano on Friday.\n")
    items = read(tmp_path)
    assert [type(i).__name__ for i in items] == ["Article", "Article", "Failure", "Article", "Article"]
    assert items[-1].id == "note"
