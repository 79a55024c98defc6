"""Parquet and Arrow: the schemas against the JSONL contract, the writer, the reader."""

from __future__ import annotations

import datetime as dt
import io
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from sitrep import readers
from sitrep.arrow import EVENT_SCHEMA, INCIDENT_SCHEMA, field_names, from_arrow, record_names, to_arrow
from sitrep.cli import main
from sitrep.incidents import Report, build_incident
from sitrep.model import Actor, Article, Count, Event, EventDate, Evidence, Failure, Place
from sitrep.output import ParquetWriter, event_record

TEXT = "Gunmen killed three villagers and wounded two in Kaduna on Monday, police said."
ARTICLE = Article(id="k1", text=TEXT, published=dt.date(2024, 3, 5), title="Attack in Kaduna", source="Daily")


def full_event() -> Event:
    """An event with every nested record present, so every key of the record shows."""
    killed = Count(3, 3, 3, "three", start=14, end=19, kind="killed", victims="villagers")
    injured = Count(2, 2, 2, "two", start=44, end=47, kind="injured", claimed_by="police")
    return Event(
        article_id="k1", trigger="killed", trigger_start=7, trigger_end=13, sentence_start=0, sentence_end=len(TEXT),
        plover="ASSAULT", plover_mode="firefight", acled_event_type="Violence against civilians",
        acled_sub_event_type="Attack", rank=0,
        date=EventDate(dt.date(2024, 3, 4), dt.date(2024, 3, 4), "day", "Monday"),
        actor1=Actor("Gunmen", "NGA", "armed group", 3), actor2=Actor("villagers", "NGA", "civilians", 7),
        place=Place("Kaduna", "NGA", "Kaduna", 10.52, 7.44, 2335727, "city"),
        killed=killed, injured=injured, arrested=killed, abducted=killed, displaced=killed, counts=(killed, injured),
        claimed_by="police", background=False, evidence=(Evidence("trigger", 7, 13, "killed"),),
    )


# ----------------------------------------------------------------- the schemas


def test_event_schema_names_exactly_the_jsonl_fields():
    record = event_record(full_event(), ARTICLE)
    assert field_names(EVENT_SCHEMA) == record_names(record)
    assert [f.name for f in EVENT_SCHEMA] == list(record)  # same order as the JSONL line


def test_incident_schema_names_exactly_the_incident_record_fields():
    report = Report.from_event(full_event(), ARTICLE)
    record = build_incident([report]).to_dict()
    assert all(record[kind] is not None for kind in ("killed", "injured"))
    assert field_names(INCIDENT_SCHEMA) == record_names(record)


def test_nested_records_are_structs_and_lists_not_strings():
    for name in ("date", "actor1", "place", "killed", "trigger", "sentence"):
        assert pa.types.is_struct(EVENT_SCHEMA.field(name).type), name
    for name in ("counts", "evidence"):
        kind = EVENT_SCHEMA.field(name).type
        assert pa.types.is_list(kind) and pa.types.is_struct(kind.value_type), name
    assert EVENT_SCHEMA.field("date").type.field("start").type == pa.date32()


def test_to_arrow_and_back_is_the_record():
    record = event_record(full_event(), ARTICLE)
    assert to_arrow(record)["date"]["start"] == dt.date(2024, 3, 4)
    assert from_arrow(to_arrow(record)) == record
    table = pa.Table.from_pylist([to_arrow(record)], schema=EVENT_SCHEMA)
    assert from_arrow(table.to_pylist()[0]) == record


# ----------------------------------------------------------------- the writer


def test_parquet_writer_writes_row_groups_and_an_empty_file(tmp_path):
    path = tmp_path / "events.parquet"
    event = full_event()
    with path.open("wb") as stream:
        writer = ParquetWriter(stream, row_group=2)
        assert writer.write_all([event] * 5, ARTICLE) == 5
        writer.close()
    parquet = pq.ParquetFile(path)
    assert parquet.metadata.num_rows == 5 and parquet.metadata.num_row_groups == 3
    assert parquet.schema_arrow.equals(EVENT_SCHEMA)
    assert [from_arrow(row) for row in parquet.read().to_pylist()] == [event_record(event, ARTICLE)] * 5
    empty = tmp_path / "empty.parquet"
    with empty.open("wb") as stream:
        ParquetWriter(stream).close()
    assert pq.read_table(empty).num_rows == 0 and pq.read_schema(empty).equals(EVENT_SCHEMA)


def run(args):
    return CliRunner().invoke(main, args, catch_exceptions=False)


@pytest.mark.model
def test_parquet_round_trip_equals_the_jsonl_records(tmp_path):
    """``sitrep code`` writes the same records as JSONL and as Parquet, field by field."""
    src = tmp_path / "batch.jsonl"
    texts = [
        ("n1", "2024-03-05", TEXT),
        ("n2", "2024-03-06", "Police fired tear gas at hundreds of students who protested in Lagos on Tuesday; "
                             "12 protesters were arrested, according to Amnesty International."),
        ("n3", "2024-03-07", "A car bomb exploded near a market in Mogadishu on Wednesday, killing at least 8 people "
                             "and wounding 15, officials said. Al-Shabaab claimed the attack."),
    ]
    src.write_text("".join(json.dumps({"id": i, "published": p, "text": t}) + "\n" for i, p, t in texts))
    jsonl, parquet = tmp_path / "events.jsonl", tmp_path / "events.parquet"
    for fmt, out in (("jsonl", jsonl), ("parquet", parquet)):
        result = run(["code", str(src), "--no-db", "--format", fmt, "-o", str(out),
                      "--failures", str(tmp_path / "failures.jsonl")])
        assert result.exit_code == 0, result.output
    expected = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    table = pq.read_table(parquet)
    assert table.schema.equals(EVENT_SCHEMA)
    got = table.to_pylist()
    assert len(got) == len(expected) >= 3 and {r["article_id"] for r in got} == {"n1", "n2", "n3"}
    assert any(r["counts"] for r in got) and any(r["place"] for r in got)
    for row, record in zip(got, expected, strict=True):
        back = from_arrow(row)
        for key in record:
            assert back[key] == record[key], (record["event_id"], key)
        assert list(back) == list(record)


def test_parquet_on_standard_output_is_a_usage_error(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(TEXT)
    result = run(["code", str(src), "--no-db", "--format", "parquet"])
    assert result.exit_code == 2
    assert "--format parquet writes a binary file" in result.output and "-o" in result.output


# ----------------------------------------------------------------- the reader


def write_articles(path, rows, **options):
    pq.write_table(pa.Table.from_pylist(rows), path, **options)


def test_parquet_input_reads_records_like_jsonl(tmp_path):
    rows = [
        {"id": "a", "text": TEXT, "published": dt.date(2024, 3, 5), "title": "T", "url": None, "source": "S"},
        {"id": None, "text": "Police arrested two men in Lagos.", "published": dt.date(2024, 3, 6), "title": None,
         "url": "https://example.org/x", "source": None},
    ]
    path = tmp_path / "news.parquet"
    write_articles(path, rows)
    as_jsonl = tmp_path / "news.jsonl"
    as_jsonl.write_text("".join(json.dumps(r, default=str) + "\n" for r in rows))
    from_parquet = list(readers.read_inputs([path]))
    from_json = list(readers.read_inputs([as_jsonl]))
    assert all(isinstance(a, Article) for a in from_parquet)
    assert [a.id for a in from_parquet] == ["a", "news:2"]
    assert [a.origin for a in from_parquet] == [f"{path}:1", f"{path}:2"]
    strip = lambda a: (a.id, a.text, a.published, a.title, a.url, a.source)  # noqa: E731
    assert [strip(a) for a in from_parquet] == [strip(a) for a in from_json]


def test_parquet_input_is_streamed_in_record_batches(tmp_path, monkeypatch):
    count = 3 * readers.PARQUET_BATCH_ROWS + 5
    path = tmp_path / "many.parquet"
    write_articles(path, [{"id": f"r{i}", "text": f"Article number {i}."} for i in range(count)], row_group_size=100)
    batches = []
    real = pq.ParquetFile.iter_batches

    def spy(self, *args, **kwargs):
        for batch in real(self, *args, **kwargs):
            batches.append(batch.num_rows)
            yield batch

    monkeypatch.setattr(pq.ParquetFile, "iter_batches", spy)
    monkeypatch.setattr(pq.ParquetFile, "read", lambda *a, **k: pytest.fail("the whole file was read"))
    items = readers.read_inputs([path])
    first = next(items)
    assert first.id == "r0" and batches == [readers.PARQUET_BATCH_ROWS]  # one batch, not the file
    rest = list(items)
    assert len(rest) == count - 1 and rest[-1].id == f"r{count - 1}"
    assert max(batches) <= readers.PARQUET_BATCH_ROWS and sum(batches) == count


def test_bad_parquet_input_is_a_failure_naming_the_file_and_the_batch_goes_on(tmp_path):
    fake = tmp_path / "fake.parquet"
    fake.write_text("id,text\n1,not parquet at all\n")
    notext = tmp_path / "notext.parquet"
    write_articles(notext, [{"id": "a", "body": "no text column"}])
    badrow = tmp_path / "badrow.parquet"
    write_articles(badrow, [{"id": "x", "text": "  "}, {"id": "y", "text": "Police arrested two men."}])
    items = list(readers.read_inputs([fake, notext, badrow]))
    first, second, empty, good = items
    assert isinstance(first, Failure) and first.origin == str(fake) and first.code == "R010"
    assert "not a Parquet file" in first.message
    assert isinstance(second, Failure) and second.origin == str(notext)
    assert "no 'text' column" in second.message and "id, body" in second.message
    assert isinstance(empty, Failure) and empty.origin == f"{badrow}:1" and empty.code == "R005"
    assert empty.article_id == "x" and '"id": "x"' in empty.raw
    assert isinstance(good, Article) and good.id == "y"


@pytest.mark.model
def test_sitrep_code_reads_parquet(tmp_path):
    path = tmp_path / "in.parquet"
    write_articles(path, [{"id": "p1", "text": TEXT, "published": "2024-03-05"}])
    out = tmp_path / "out.jsonl"
    result = run(["code", str(path), "--no-db", "--format", "jsonl", "-o", str(out),
                  "--failures", str(tmp_path / "f.jsonl")])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert records and records[0]["article_id"] == "p1" and records[0]["place"]["name"] == "Kaduna"


def test_writer_stream_is_left_open():
    stream = io.BytesIO()
    writer = ParquetWriter(stream)
    writer.write(full_event(), ARTICLE)
    writer.close()
    assert not stream.closed and pq.read_table(io.BytesIO(stream.getvalue())).num_rows == 1
