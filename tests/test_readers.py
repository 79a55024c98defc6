"""Reading articles: each format, folders, stdin, fallback dates, and every kind of bad input."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

from sitrep.errors import InputError
from sitrep.model import Article, Failure
from sitrep.readers import RAW_LIMIT, list_files, parse_date, parse_text_article, read_inputs

FIXTURES = Path(__file__).parent / "fixtures" / "io"
SEED = Path(__file__).parent.parent / "examples" / "seed-article.txt"


def read(*paths: str | Path, **kwargs) -> list[Article | Failure]:
    return list(read_inputs([str(p) for p in paths], **kwargs))


def one(*paths: str | Path, **kwargs) -> Article | Failure:
    items = read(*paths, **kwargs)
    assert len(items) == 1, items
    return items[0]


# ----------------------------------------------------------------- text files


def test_text_file_with_date_line():
    article = one(FIXTURES / "dated.txt")
    assert isinstance(article, Article)
    assert article.id == "dated"
    assert article.published == dt.date(2024, 3, 8)
    assert article.text == "Police arrested 12 protesters in Lagos on Friday."
    assert article.origin == str(FIXTURES / "dated.txt")


def test_seed_article_date_on_the_same_line_as_the_text():
    article = one(SEED)
    assert isinstance(article, Article)
    assert article.id == "seed-article"
    assert article.published == dt.date(2023, 12, 26)
    assert article.text.startswith("US forces launched attacks on three locations in Iraq")
    assert "date 2023" not in article.text


def test_inline_header_keeps_the_rest_of_the_line():
    article = one(FIXTURES / "inline-date.txt")
    assert article.text == "US forces struck three sites in Iraq.\n\nThree servicemen were injured."
    assert article.published == dt.date(2023, 12, 26)


def test_text_without_header_is_returned_undated_and_date_palms_stay_text():
    article = one(FIXTURES / "undated.txt")
    assert isinstance(article, Article)
    assert article.published is None
    assert article.text.startswith("Date palms were burned")


def test_fallback_date_applies_only_when_the_article_has_none():
    undated = one(FIXTURES / "undated.txt", published=dt.date(2020, 1, 1))
    dated = one(FIXTURES / "dated.txt", published="2020-01-01")
    assert undated.published == dt.date(2020, 1, 1)
    assert dated.published == dt.date(2024, 3, 8)


def test_utf8_bom_is_accepted():
    article = one(FIXTURES / "bom.txt")
    assert isinstance(article, Article)
    assert article.published == dt.date(2024, 5, 1)
    assert article.text == "A rally was held in Nairobi."


def test_impossible_date_in_header_is_a_failure():
    failure = one(FIXTURES / "bad-date.txt")
    assert isinstance(failure, Failure)
    assert failure.code == "R004"
    assert failure.origin == f"{FIXTURES / 'bad-date.txt'}:1"
    assert "yesterday" in failure.message
    assert failure.article_id == "bad-date"
    assert failure.raw == "date yesterday"


def test_empty_article_is_a_failure():
    failure = one(FIXTURES / "blank.txt")
    assert isinstance(failure, Failure)
    assert (failure.code, failure.message) == ("R005", "article is empty")


def test_undecodable_text_file_names_the_line_and_byte():
    failure = one(FIXTURES / "latin1.txt")
    assert isinstance(failure, Failure)
    assert failure.code == "R001"
    assert failure.origin == f"{FIXTURES / 'latin1.txt'}:3"
    assert "byte 50" in failure.message
    assert failure.raw == "The caf\\xe9 was closed."


def test_missing_path_is_a_failure_and_the_batch_goes_on(tmp_path):
    items = read(tmp_path / "nope.txt", FIXTURES / "dated.txt")
    assert isinstance(items[0], Failure)
    assert items[0].code == "R007"
    assert items[0].origin == str(tmp_path / "nope.txt")
    assert isinstance(items[1], Article)


def test_several_mb_text_article_is_refused(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("date 2024-01-01\n" + "Shelling continued. " * 150_000, encoding="utf-8")  # 3 MB
    failure = one(big)
    assert isinstance(failure, Failure)
    assert failure.code == "R006"
    assert "2,999,999 characters, over the limit of 1,000,000" in failure.message  # trailing space stripped
    assert len(failure.raw) <= RAW_LIMIT + 1


def test_file_far_over_the_limit_is_refused_without_reading_it(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("x" * 100_000, encoding="utf-8")
    failure = one(big, max_chars=1000)
    assert isinstance(failure, Failure)
    assert failure.code == "R012"
    assert "100,000 bytes" in failure.message


def test_parse_text_article_directly():
    article = parse_text_article("date 2024-01-05\nText.", "x", "here")
    assert isinstance(article, Article)
    assert (article.id, article.text, article.published) == ("x", "Text.", dt.date(2024, 1, 5))


# ----------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-02-29", dt.date(2024, 2, 29)),
        ("2024-02-02T06:30:00+02:00", dt.date(2024, 2, 2)),
        ("2024-02-04T23:59:59Z", dt.date(2024, 2, 4)),
        ("2024-02-04 10:00", dt.date(2024, 2, 4)),
        (" 2024-02-04 ", dt.date(2024, 2, 4)),
        ("", None),
        (None, None),
        (dt.datetime(2024, 1, 1, 12), dt.date(2024, 1, 1)),
    ],
)
def test_parse_date_accepts_iso_dates_and_datetimes(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["2023-02-30", "yesterday", "12/25/2023", "2023-13-01", 20240101])
def test_parse_date_refuses_impossible_dates(value):
    with pytest.raises(InputError) as info:
        parse_date(value, origin="f.jsonl:3")
    assert info.value.code == "R004"
    assert str(info.value).startswith("f.jsonl:3: [R004] impossible date")


def test_invalid_fallback_date_raises_at_once():
    with pytest.raises(InputError):
        read_inputs(["whatever"], published="yesterday")


# ----------------------------------------------------------------- JSONL


def test_jsonl_records():
    items = read(FIXTURES / "articles.jsonl", published=dt.date(2000, 1, 1))
    assert all(isinstance(i, Article) for i in items)
    a1, a2, a3, a4 = items
    assert (a1.id, a1.title, a1.url, a1.source) == ("a1", "Clashes", "https://example.org/a1", "Example News")
    assert a1.published == dt.date(2024, 2, 1)
    # no id: derived from the file name and line; 'date' instead of 'published'; datetime -> its date
    assert (a2.id, a2.published) == ("articles:2", dt.date(2024, 2, 2))
    # numeric id, null date -> the fallback; line 3 is blank and skipped
    assert (a3.id, a3.published, a3.origin) == ("42", dt.date(2000, 1, 1), f"{FIXTURES / 'articles.jsonl'}:4")
    assert a4.text == "Naïve café owners protested in Tunis – “peacefully”."
    assert a4.published == dt.date(2024, 2, 4)


def test_jsonl_without_fallback_keeps_articles_undated():
    items = read(FIXTURES / "articles.jsonl")
    assert items[2].published is None


def test_bad_jsonl_lines_are_reported_and_good_lines_read():
    items = read(FIXTURES / "bad.jsonl")
    path = FIXTURES / "bad.jsonl"
    got = [(i.origin, i.code if isinstance(i, Failure) else i.id) for i in items]
    assert got == [
        (f"{path}:1", "ok1"),
        (f"{path}:2", "R002"),  # broken JSON
        (f"{path}:3", "R003"),  # no text
        (f"{path}:4", "R004"),  # 2023-02-30
        (f"{path}:5", "R004"),  # yesterday
        (f"{path}:6", "R005"),  # blank text
        (f"{path}:7", "R008"),  # not an object
        (f"{path}:8", "R011"),  # text not a string
        (f"{path}:9", "R001"),  # undecodable byte in the middle of the file
        (f"{path}:10", "ok2"),
    ]
    by_line = {i.origin.rsplit(":", 1)[1]: i for i in items}
    assert all(i.stage == "read" for i in items if isinstance(i, Failure))
    assert by_line["3"].article_id == "notext"
    assert by_line["4"].message == "impossible date '2023-02-30': day is out of range for month"
    assert by_line["2"].raw == '{"id": "broken", "text": "unterminated'
    assert by_line["9"].raw == '{"id": "latin", "text": "caf\\xe9 attacked"}'
    assert "invalid continuation byte" in by_line["9"].message


def test_broken_json_line_raw_is_truncated(tmp_path):
    path = tmp_path / "long.jsonl"
    path.write_text('{"text": "' + "x" * 50_000 + "\n", encoding="utf-8")
    failure = one(path)
    assert failure.code == "R002"
    assert len(failure.raw) == RAW_LIMIT + 1  # 4096 characters and an ellipsis


def test_several_mb_jsonl_article_is_refused_and_the_next_line_read(tmp_path):
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as f:
        f.write(json.dumps({"id": "big", "text": "word " * 600_000}) + "\n")  # 3 MB
        f.write(json.dumps({"id": "small", "text": "Small."}) + "\n")
    items = read(path)
    assert isinstance(items[0], Failure)
    assert (items[0].code, items[0].article_id) == ("R006", "big")
    assert "3,000,000 characters, over the limit of 1,000,000" in items[0].message
    assert isinstance(items[1], Article) and items[1].id == "small"


def test_over_long_jsonl_line_is_skipped_without_parsing(tmp_path):
    path = tmp_path / "long.jsonl"
    with path.open("w", encoding="utf-8") as f:
        f.write(json.dumps({"id": "huge", "text": "y" * 300_000}) + "\n")
        f.write(json.dumps({"id": "after", "text": "After."}) + "\n")
    items = read(path, max_chars=10)
    assert items[0].code == "R012" and items[0].origin.endswith(":1")
    assert "the line is 300,027 bytes" in items[0].message
    assert isinstance(items[1], Article) and items[1].id == "after" and items[1].origin.endswith(":2")


def test_jsonl_is_read_lazily_line_by_line():
    first = json.dumps({"id": "1", "text": "One."}).encode() + b"\n"
    stream = io.BytesIO(first + b"x" * 10_000 + b"\n")
    items = read_inputs(["-"], stdin=stream)
    assert next(items).id == "1"
    assert stream.tell() == len(first)


def test_json_array_file(tmp_path):
    path = tmp_path / "batch.json"
    path.write_text(json.dumps([{"id": "j1", "text": "One."}, {"text": ""}]), encoding="utf-8")
    items = read(path)
    assert isinstance(items[0], Article) and items[0].id == "j1"
    assert (items[1].code, items[1].origin, items[1].article_id) == ("R005", f"{path}[1]", "batch:2")


# ----------------------------------------------------------------- stdin


def test_stdin_binary_stream():
    data = b'{"text": "From a pipe.", "published": "2024-06-01"}\n\n{"id": "s2", "text": "Second."}\n{bad\n'
    items = list(read_inputs(["-"], stdin=io.BytesIO(data), published=dt.date(2024, 6, 9)))
    assert (items[0].id, items[0].origin, items[0].published) == ("stdin:1", "<stdin>:1", dt.date(2024, 6, 1))
    assert (items[1].id, items[1].published) == ("s2", dt.date(2024, 6, 9))
    assert (items[2].code, items[2].origin) == ("R002", "<stdin>:4")


def test_stdin_text_stream_with_buffer():
    wrapper = io.TextIOWrapper(io.BytesIO('{"text": "Ça va."}\n'.encode()), encoding="utf-8")
    (article,) = read_inputs(["-"], stdin=wrapper)
    assert article.text == "Ça va."


def test_stdin_plain_text_stream():
    (article,) = read_inputs(["-"], stdin=io.StringIO('{"id": "t", "text": "Plain."}\n'))
    assert article.id == "t"


# ----------------------------------------------------------------- CSV


def test_csv_records():
    path = FIXTURES / "articles.csv"
    items = read(path)
    c1, c2, c3, c4, c5 = items
    assert (c1.id, c1.title, c1.url, c1.source) == ("c1", "First", "https://example.org/c1", "Wire")
    assert c1.text == "Gunmen killed 3 people in Zamfara, police said."
    assert c1.published == dt.date(2024, 1, 10)
    # a quoted field over two lines; no id -> file stem and the record's first line
    assert (c2.id, c2.published) == ("articles:3", dt.date(2024, 1, 11))
    assert c2.text == "A second article,\nwith a line break."
    assert (c2.title, c2.url) == (None, None)
    assert (c3.id, c3.origin, c3.published) == ("c3", f"{path}:5", None)
    assert (c4.code, c4.origin, c4.article_id) == ("R004", f"{path}:6", "c4")
    assert (c5.code, c5.origin) == ("R005", f"{path}:7")


def test_csv_without_text_column():
    failure = one(FIXTURES / "notext.csv")
    assert failure.code == "R009"
    assert failure.message == "CSV has no 'text' column (columns: id, body)"


def test_csv_undecodable_row_spoils_only_that_row(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"id,text\nr1,Good one.\nr2,caf\xe9 bad\nr3,Good two.\n")
    items = read(path)
    assert [getattr(i, "id", None) or i.code for i in items] == ["r1", "R001", "r3"]
    assert items[1].origin == f"{path}:3"
    assert "byte 27" in items[1].message  # 0-based offset of \xe9 in the file


def test_csv_long_field_within_the_limit(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text("id,text\nlong," + "z" * 200_000 + "\nshort,Short.\n", encoding="utf-8")
    items = read(path)
    assert len(items[0].text) == 200_000
    assert items[1].id == "short"


def test_csv_row_with_extra_fields(tmp_path):
    path = tmp_path / "extra.csv"
    path.write_text("id,text\nx,one,two\n", encoding="utf-8")
    failure = one(path)
    assert failure.code == "R010"
    assert "3 fields" in failure.message


# ----------------------------------------------------------------- folders


def test_folder_recursion_sorted_and_hidden_skipped():
    tree = FIXTURES / "tree"
    items = read(tree)
    assert [i.id for i in items] == ["a", "b", "sub/c:1", "sub/d"]
    assert items[3].origin == str(tree / "sub" / "d.txt")
    assert items[2].published == dt.date(2024, 4, 3)
    assert [p.relative_to(tree).as_posix() for p in list_files(tree)] == ["a.md", "b.txt", "sub/c.jsonl", "sub/d.txt"]


def test_folder_fallback_date():
    items = read(FIXTURES / "tree", published="2024-01-01")
    assert items[0].published == dt.date(2024, 1, 1)  # a.md has no date line
    assert items[1].published == dt.date(2024, 4, 2)


# ----------------------------------------------------------------- damaged input


def test_deeply_nested_json_file_is_one_failure_naming_the_file(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    failure = one(path)
    assert isinstance(failure, Failure)
    assert (failure.code, failure.origin) == ("R002", str(path))
    assert "nested too deeply" in failure.message


def test_an_integer_too_long_for_python_is_broken_json(tmp_path):
    huge = "9" * 5000  # Python refuses to read an int of more than 4,300 digits
    lines = tmp_path / "huge.jsonl"
    lines.write_text('{"text": "One.", "n": ' + huge + '}\n{"id": "next", "text": "Two."}\n', encoding="utf-8")
    failure, article = read(lines)
    assert (failure.code, failure.origin) == ("R002", f"{lines}:1")
    assert "digits" in failure.message
    assert article.id == "next"
    whole = tmp_path / "huge.json"
    whole.write_text('[{"text": "One.", "n": ' + huge + "}]", encoding="utf-8")
    failure = one(whole)
    assert (failure.code, failure.origin) == ("R002", str(whole))


def test_a_record_that_cannot_be_shown_again_as_json_still_fails_cleanly(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('[{"text": 5, "note": "\\ud800"}]', encoding="utf-8")
    failure = one(path)
    assert failure.code == "R011"
    assert "\\ud800" in failure.raw
    json.dumps(failure.to_dict(), ensure_ascii=False).encode("utf-8")  # writable to failures.jsonl


@pytest.mark.parametrize(
    ("given", "shown"),
    [("a\u0000b", "'a\\x00b'"), ("\ud800x", "'\\ud800x'"), ("line\nbreak", "'line\\nbreak'"), ("c\x851", "'c\\x851'")],
)
def test_an_id_with_control_characters_or_lone_surrogates_is_refused(tmp_path, given, shown):
    path = tmp_path / "ids.jsonl"
    record = json.dumps({"id": given, "text": "Troops left the town."})
    path.write_text(record + "\n" + json.dumps({"id": "fine", "text": "Talks resumed."}) + "\n", encoding="utf-8")
    failure, article = read(path)
    assert (failure.code, failure.origin) == ("R019", f"{path}:1")
    assert shown in failure.message
    assert article.id == "fine"


def test_text_title_and_source_are_repaired_as_they_are_read(tmp_path):
    path = tmp_path / "damaged.jsonl"
    records = [
        {"id": "cp", "text": "The mayor said \x93we will rebuild\x94 \x96 and left.", "title": "Mayor\x92s pledge"},
        {"id": "moji", "text": "Police said â€œno comment.â€\x9d", "source": "Cityâ€™s Paper"},
        {"id": "ctl", "text": "Shots\x00 were fired\x07 at dawn.\n\tTwo were hurt."},
        {"id": "sur", "text": "A lone \ud800 surrogate."},
        {"id": "fine", "text": "Curly “quotes” and café stay as they are."},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    cp, moji, ctl, sur, fine = read(path)
    assert cp.text == "The mayor said “we will rebuild” – and left."
    assert (cp.title, cp.repairs) == ("Mayor’s pledge", ("windows-1252",))
    assert (moji.text, moji.source, moji.repairs) == ("Police said “no comment.”", "City’s Paper", ("mojibake",))
    assert (ctl.text, ctl.repairs) == ("Shots were fired at dawn.\n\tTwo were hurt.", ("control characters",))
    assert (sur.text, sur.repairs) == ("A lone \ufffd surrogate.", ("surrogates",))
    assert len(sur.text_hash) == 64
    assert (fine.text, fine.repairs) == (records[4]["text"], ())
    for article in (cp, moji, ctl, sur, fine):
        json.dumps(article.to_dict(), ensure_ascii=False).encode("utf-8")


def test_a_text_of_control_characters_alone_is_empty(tmp_path):
    path = tmp_path / "controls.jsonl"
    path.write_text(json.dumps({"id": "c", "text": "\x00\x01 \x7f"}) + "\n", encoding="utf-8")
    failure = one(path)
    assert (failure.code, failure.article_id) == ("R005", "c")


def test_repair_keeps_the_length_limit_on_the_text_as_read(tmp_path):
    path = tmp_path / "limit.jsonl"
    text = "Ã©" * 6  # 12 characters as read, 6 once repaired
    path.write_text(json.dumps({"id": "m", "text": text}) + "\n", encoding="utf-8")
    assert one(path, max_chars=12).text == "é" * 6
    assert one(path, max_chars=11).code == "R006"


def test_a_repaired_text_file_and_its_rerun_have_the_same_hash(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("date 2024-05-02\n\x00 Police said â€œcalm returned.â€\x9d\n", encoding="utf-8")
    first, second = one(path), one(path)
    assert first.text == "Police said “calm returned.”"
    assert first.repairs == ("mojibake", "control characters")
    assert first.published == dt.date(2024, 5, 2)
    assert first.text_hash == second.text_hash
    again = parse_text_article(first.text, "again")
    assert (again.text, again.repairs) == (first.text, ())


def test_file_names_that_are_not_utf8_give_readable_ids_and_origins(tmp_path):
    import os

    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsdecode(b"caf\xe9.txt")  # a Latin-1 file name: a lone surrogate once decoded
    (folder / name).write_text("Markets reopened in the capital.", encoding="utf-8")
    (folder / "line\nbreak.txt").write_text("Shops reopened.", encoding="utf-8")
    first, second = read(folder)
    assert first.id == "caf\\xe9"
    assert first.origin == os.path.join(str(folder), "caf\\xe9.txt")
    assert (second.id, second.origin) == ("line\\nbreak", os.path.join(str(folder), "line\\nbreak.txt"))
    for article in (first, second):
        json.dumps(article.to_dict(), ensure_ascii=False).encode("utf-8")


# ----------------------------------------------------------------- broken CSV quoting


def csv_items(tmp_path, body: str) -> list[tuple[str, str]]:
    path = tmp_path / "rows.csv"
    path.write_text(body, encoding="utf-8")
    return [(i.origin.rsplit(":", 1)[1], i.code if isinstance(i, Failure) else i.id) for i in read(path)]


def test_csv_unterminated_quote_is_one_failure_and_the_next_rows_are_read(tmp_path):
    body = (
        "id,text\n"
        'a1,"Troops entered the town at dawn.\n'  # the closing quote is missing
        "a2,Shops stayed shut.\n"
        'a3,"Talks resumed in Doha."\n'
        "a4,Markets reopened.\n"
    )
    assert csv_items(tmp_path, body) == [("2", "R010"), ("3", "a2"), ("4", "a3"), ("5", "a4")]
    failure = read(tmp_path / "rows.csv")[0]
    assert "quot" in failure.message and "line 3" in failure.message
    assert failure.raw.startswith('a1,"Troops entered')


def test_csv_unterminated_quote_in_the_last_row(tmp_path):
    body = 'id,text\na1,Shops stayed shut.\na2,"Troops entered\nthe town\n'
    assert csv_items(tmp_path, body) == [("2", "a1"), ("3", "R010")]


def test_csv_stray_quote_inside_a_quoted_field(tmp_path):
    body = 'id,text\nb1,"He said "no" twice."\nb2,"A second,\nlonger article."\nb3,Third.\n'
    assert csv_items(tmp_path, body) == [("2", "R010"), ("3", "b2"), ("5", "b3")]


def test_csv_quoted_text_over_many_lines_is_no_error(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text('id,text\nm1,"One line,\n\nand another, ""quoted"",\nand a last."\nm2,Next.\n', encoding="utf-8")
    items = read(path)
    assert [i.id for i in items] == ["m1", "m2"]
    assert items[0].text == 'One line,\n\nand another, "quoted",\nand a last.'
