"""sitrep on Spark: code a DataFrame of articles and cluster its events, beyond one machine.

Optional: ``pip install 'sitrep[spark]'`` (pyspark and the pandas its Arrow functions
need; Java 17 on every machine). docs/spark.md says how to run it on a cluster.

* ``code_dataframe(df)``: a DataFrame of articles (``id``, ``text``, ``published``
  columns, as a JSONL record has them) in, a DataFrame of events out, with the event
  record's schema (``sitrep.arrow.EVENT_SCHEMA``). Each executor's Python process loads
  the pipeline once (``_PIPELINES``, a module-level cache that Spark's reused Python
  workers keep) and codes its Arrow batches (``mapInArrow``) with the same functions as
  ``sitrep code``: each row is read as the readers read a record
  (``readers.record_item``), analysed by ``batch.analyse_stream`` and written as
  ``output.event_record``. ``code_with_failures`` keeps the rows that could not be coded
  too, each with its ``Failure`` in the column ``failure``.
* ``cluster_incidents(events, articles)``: the events' incidents, with the incident
  record's schema (``sitrep.arrow.INCIDENT_SCHEMA``), equal to what
  ``incidents.incidents`` gives on one machine. The links between reports are made
  where the reports can meet: each article's own (``same_article_links``, its anchor)
  grouped by article, and those across articles in blocks of one country and a
  ``MAX_BLOCK_DAYS`` bucket of days (a report is filed in every bucket its date window
  reaches, ``window_days`` on either side, so every pair ``compatible`` allows shares a
  block), plus one block per town for the follow-ups of background mentions. Each block is
  linked by ``incidents.Clusterer``, the single machine's own; the links (a few per
  event) are resolved into incidents on the driver with ``incidents.resolve``, and each
  incident is built from its members by ``incidents.build_incident`` on the executors.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from . import incidents as inc
from .arrow import EVENT_SCHEMA, INCIDENT_SCHEMA, from_arrow, to_arrow
from .model import Failure
from .readers import MAX_CHARS
from .timex import add_days_within

if TYPE_CHECKING:  # pragma: no cover
    from pyspark.sql import DataFrame, SparkSession

#: The ``failure`` column of ``code_with_failures``: a ``Failure``'s fields (without the traceback).
FAILURE = pa.struct([(f.name, pa.string()) for f in dataclasses.fields(Failure) if f.name != "traceback"])
CODED_SCHEMA = pa.schema([*EVENT_SCHEMA, ("failure", FAILURE)])
#: The article columns carried next to each event for clustering (``Report.from_record``).
ARTICLE_FIELDS = pa.schema([("article_id", pa.string()), ("published", pa.date32()), ("title", pa.string()),
                            ("url", pa.string()), ("source", pa.string()), ("text", pa.string())])
LINK_SCHEMA = pa.schema([("a", pa.string()), ("b", pa.string()), ("kind", pa.string()), ("score", pa.float64()),
                         ("article_id", pa.string()), ("anchor", pa.string())])
#: Optional article columns passed on when the DataFrame has them.
OPTIONAL_COLUMNS = ("title", "url", "source")
#: Spark's name for the text of a JSON line it could not parse (``read_input``).
CORRUPT = "_corrupt_record"
#: ``sitrep spark`` spreads a small input over this many tasks per core.
TASKS_PER_CORE = 4
#: Rows written per Arrow batch by the coding function.
OUT_ROWS = 256

#: One pipeline per executor Python process, by model folder (None: the default pipeline).
_PIPELINES: dict[str | None, Any] = {}


def pipeline(model: str | None = None) -> Any:
    """The pipeline of this process, loaded on first use and kept (``_PIPELINES``)."""
    if model not in _PIPELINES:
        from .api import default_pipeline, model_pipeline

        _PIPELINES[model] = model_pipeline(model) if model is not None else default_pipeline()
    return _PIPELINES[model]


def session(master: str = "local[*]", app_name: str = "sitrep", **conf: str) -> SparkSession:
    """A SparkSession for ``master``. With a ``local`` master, Spark's Python workers run
    this interpreter (``PYSPARK_PYTHON`` is set to it, unless it is set already),
    so they import the same sitrep; on a cluster, docs/spark.md says how they get it. Under
    ``spark-submit``, its own master and settings are used and ``master`` is ignored."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name).config("spark.ui.showConsoleProgress", "false")
    if os.environ.get("PYSPARK_GATEWAY_PORT"):  # started by spark-submit: its --master and --conf hold
        master = ""
    else:
        builder = builder.master(master)
    if master.startswith("local") and not os.environ.get("PYSPARK_PYTHON"):
        os.environ["PYSPARK_PYTHON"] = sys.executable  # read by pyspark when the context starts
    for key, value in conf.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def spark_schema(schema: pa.Schema) -> Any:
    """An Arrow schema as Spark's ``StructType``."""
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(schema)


# --------------------------------------------------------------------------- coding


def _articles(df: DataFrame, id: str, text: str, published: str) -> DataFrame:  # noqa: A002
    """The DataFrame's article columns under the readers' names; a missing text column is
    an error naming the columns there are."""
    from pyspark.sql import functions as F

    columns = df.columns
    if text not in columns:
        raise ValueError(f"the DataFrame has no text column {text!r} (columns: {', '.join(columns) or 'none'})")
    chosen = [F.col(text).alias("text")]
    chosen += [F.col(c).alias(name) for c, name in ((id, "id"), (published, "published")) if c in columns]
    chosen += [F.col(c) for c in (*OPTIONAL_COLUMNS, "date", CORRUPT) if c in columns and c not in (id, text, published)]
    return df.select(*chosen)


def _read_row(record: dict[str, Any], origin: str, max_chars: int) -> Any:
    """A row as an ``Article`` or its ``Failure``; a row without an id takes the hash of its text."""
    from .errors import InputError
    from .readers import _failure, record_item

    corrupt = record.pop(CORRUPT, None)
    if corrupt is not None:
        return _failure(InputError("R002", origin=origin, reason="Spark could not parse the line"), None, corrupt)
    given = record.get("id")
    where = f"{origin}:{given}" if given is not None else origin
    digest = hashlib.sha1(str(record.get("text")).encode("utf-8", "backslashreplace")).hexdigest()[:12]
    return record_item(record, where, digest, max_chars=max_chars)


def _code_batches(batches: Iterable[pa.RecordBatch], origin: str, model: str | None, batch_size: int,
                  max_chars: int) -> Iterator[pa.RecordBatch]:
    """The coding function Spark runs on each partition: Arrow batches of articles in,
    Arrow batches of ``CODED_SCHEMA`` out (event rows, and failure rows)."""
    from .batch import analyse_stream
    from .output import event_record

    def items() -> Iterator[Any]:
        for batch in batches:
            for record in batch.to_pylist():
                yield _read_row(record, origin, max_chars)

    rows: list[dict[str, Any]] = []
    for result in analyse_stream(items(), pipeline(model), batch_size):
        if isinstance(result, Failure):
            rows.append({"failure": result.to_dict()})
        else:
            for event in sorted(result.events or (), key=lambda e: e.rank):
                rows.append(to_arrow(event_record(event, result.article)))
        if len(rows) >= OUT_ROWS:
            yield pa.RecordBatch.from_pylist(rows, schema=CODED_SCHEMA)
            rows = []
    if rows:
        yield pa.RecordBatch.from_pylist(rows, schema=CODED_SCHEMA)


def code_with_failures(df: DataFrame, id: str = "id", text: str = "text", published: str = "published", *,  # noqa: A002
                       origin: str = "spark", model: str | None = None, batch_size: int = 16,
                       max_chars: int = MAX_CHARS) -> DataFrame:
    """Events and failures: ``EVENT_SCHEMA``'s columns and ``failure``, which is null on
    an event's row and holds the ``Failure`` on the row of an article that failed
    (event columns null). ``origin`` starts each failure's origin (``origin:id``)."""
    articles = _articles(df, id, text, published)

    def run(batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        return _code_batches(batches, origin, model, batch_size, max_chars)

    return articles.mapInArrow(run, spark_schema(CODED_SCHEMA))


def code_dataframe(df: DataFrame, id: str = "id", text: str = "text", published: str = "published",  # noqa: A002
                   **options: Any) -> DataFrame:
    """The events of a DataFrame of articles, one row per event, ``EVENT_SCHEMA``'s
    columns, in each article's rank order; rows that fail are left out (see
    ``code_with_failures``). ``options``: ``origin``, ``model``, ``batch_size``, ``max_chars``."""
    from pyspark.sql import functions as F

    coded = code_with_failures(df, id, text, published, **options)
    return coded.where(F.col("failure").isNull()).drop("failure")


# --------------------------------------------------------------------------- incidents


def _article_rows(batches: Iterable[pa.RecordBatch], max_chars: int) -> Iterator[pa.RecordBatch]:
    """Each readable article's fields as clustering reads them (text repaired, date parsed)."""
    for batch in batches:
        rows = []
        for record in batch.to_pylist():
            article = _read_row(record, "spark", max_chars)
            if not isinstance(article, Failure):
                rows.append({"article_id": article.id, "published": article.published, "title": article.title,
                             "url": article.url, "source": article.source, "text": article.text})
        yield pa.RecordBatch.from_pylist(rows, schema=ARTICLE_FIELDS)


def _reports(table: pa.Table) -> list[inc.Report]:
    """The reports of rows holding an event's columns and its article's (``ARTICLE_FIELDS``)."""
    out = []
    for row in table.to_pylist():
        article = {name: row.get(name) for name in ARTICLE_FIELDS.names}
        out.append(inc.Report.from_record(from_arrow(row), article))
    return out


def _links_table(links: Iterable[inc.Link]) -> pa.Table:
    return pa.Table.from_pylist([dataclasses.asdict(link) for link in links], schema=LINK_SCHEMA)


def _article_links(table: pa.Table) -> pa.Table:
    """One article's own links, and its anchor (a row of kind ``anchor``)."""
    settings = inc.default_settings()
    reports = _reports(table)
    links = [inc.Link(a, b, "article") for a, b in inc.same_article_links(reports, settings)]
    anchor = inc.anchor_of(reports)
    if anchor is not None:
        links.append(inc.Link(anchor.event_id, anchor.event_id, "anchor", article_id=anchor.article_id))
    return _links_table(links)


def block_keys(report: inc.Report, settings: inc.Settings) -> list[str]:
    """The blocks a report is clustered in: ``day|country|bucket`` for each
    ``MAX_BLOCK_DAYS`` bucket that its window, widened by ``window_days`` each way,
    touches, and ``town|country|geonameid`` for a report placed in a town. Two reports
    that ``compatible`` allows to be one incident share at least one block."""
    place = report.place
    if place is None or place.country is None or report.window is None:
        return []
    reach = settings.window_days
    first, last = add_days_within(report.window[0], -reach), add_days_within(report.window[1], reach)
    keys = [f"day|{place.country}|{b}" for b in range(_bucket(first), _bucket(last) + 1)]
    if inc.BlockIndex._town(report) is not None:
        keys.append(f"town|{place.country}|{place.geonameid}")
    return keys


def _bucket(day: dt.date) -> int:
    return day.toordinal() // inc.MAX_BLOCK_DAYS


def _with_blocks(batches: Iterable[pa.RecordBatch], schema: pa.Schema) -> Iterator[pa.RecordBatch]:
    settings = inc.default_settings()
    for batch in batches:
        keys = [block_keys(r, settings) for r in _reports(pa.Table.from_batches([batch]))]
        yield batch.append_column("blocks", pa.array(keys, pa.list_(pa.string()))).cast(schema)


def _block_links(table: pa.Table) -> pa.Table:
    """The links across articles within one block, made by the single machine's
    ``Clusterer``; a town block is only for follow-ups, so one with no background
    mention has nothing to add."""
    block = table.column("block")[0].as_py()
    reports = _reports(table.drop_columns(["block"]))
    if block.startswith("town|") and not any(r.background for r in reports):
        return _links_table(())
    clusterer = inc.Clusterer().add_all(reports)
    return _links_table(link for link in clusterer.links if link.kind != "article")


def _build_incidents(table: pa.Table) -> pa.Table:
    """One incident from its members' rows (``build_incident``)."""
    incident = inc.build_incident(_reports(table.drop_columns(["root"])))
    return pa.Table.from_pylist([to_arrow(incident.to_dict(), INCIDENT_SCHEMA)], schema=INCIDENT_SCHEMA)


def cluster_incidents(events: DataFrame, articles: DataFrame, id: str = "id", text: str = "text",  # noqa: A002
                      published: str = "published", *, max_chars: int = MAX_CHARS) -> DataFrame:
    """The incidents of ``events`` (a DataFrame of ``EVENT_SCHEMA``, as ``code_dataframe``
    gives) with ``INCIDENT_SCHEMA``'s columns, one row per incident. ``articles`` is the
    DataFrame the events were coded from (its dates, outlets, titles and leads are
    compared too); the column names are those given to ``code_dataframe``."""
    from pyspark.sql import functions as F

    spark = events.sparkSession
    prepared = _articles(articles, id, text, published).mapInArrow(
        lambda batches: _article_rows(batches, max_chars), spark_schema(ARTICLE_FIELDS))
    reports = events.join(prepared, "article_id", "left").select(*EVENT_SCHEMA.names, *ARTICLE_FIELDS.names[1:])
    report_schema = pa.schema([*EVENT_SCHEMA, *list(ARTICLE_FIELDS)[1:]])
    blocked_schema = pa.schema([*report_schema, ("blocks", pa.list_(pa.string()))])
    reports = reports.persist()
    link_schema = spark_schema(LINK_SCHEMA)
    own = reports.groupBy("article_id").applyInArrow(_article_links, link_schema)
    blocked = reports.mapInArrow(lambda b: _with_blocks(b, blocked_schema), spark_schema(blocked_schema))
    blocks = blocked.withColumn("block", F.explode("blocks")).drop("blocks")
    across = blocks.groupBy("block").applyInArrow(_block_links, link_schema)
    rows = own.unionByName(across).distinct().collect()
    links = [inc.Link(**row.asDict()) for row in rows if row["kind"] != "anchor"]
    anchors = {row["article_id"]: row["a"] for row in rows if row["kind"] == "anchor"}
    ids = {e for link in links for e in (link.a, link.b)} | set(anchors.values())
    roots = [(e, r) for e, r in inc.resolve(sorted(ids), links, anchors).items() if e != r]
    root_df = spark.createDataFrame(roots or [("", "")], "event_id string, root string")
    members = (reports.join(F.broadcast(root_df), "event_id", "left")
               .withColumn("root", F.coalesce(F.col("root"), F.col("event_id")))
               .select(*report_schema.names, "root"))
    built = members.groupBy("root").applyInArrow(_build_incidents, spark_schema(INCIDENT_SCHEMA))
    return built


# --------------------------------------------------------------------------- the command


JSON_SUFFIXES = (".jsonl", ".ndjson", ".json")
#: How a JSONL input's lines are read: every article column as text, broken lines kept.
JSON_SCHEMA = "id string, text string, published string, date string, title string, url string, source string, " \
              f"{CORRUPT} string"


def read_input(spark: SparkSession, path: str) -> DataFrame:
    """A JSONL file or folder (``.jsonl``, ``.ndjson``, ``.json``) or Parquet (anything else)
    as a DataFrame of articles; a JSONL line Spark cannot parse becomes that row's failure."""
    if Path(path).suffix.lower() in JSON_SUFFIXES:
        return spark.read.json(path, schema=JSON_SCHEMA, mode="PERMISSIVE", columnNameOfCorruptRecord=CORRUPT)
    return spark.read.parquet(path)


def failures_of(coded: DataFrame) -> list[Failure]:
    """The failures of a ``code_with_failures`` DataFrame (collected on the driver)."""
    from pyspark.sql import functions as F

    rows = coded.where(F.col("failure").isNotNull()).select("failure.*").collect()
    return [Failure(**row.asDict()) for row in rows]


def run(input_path: str, output: str, *, spark: SparkSession, incidents_output: str | None = None,
        model: str | None = None, batch_size: int = 16, max_chars: int = MAX_CHARS) -> dict[str, Any]:
    """``sitrep spark``: code ``input_path`` and write its events as Parquet to ``output``
    (a folder of part files, replaced), and its incidents to ``incidents_output`` when
    given. The coded rows are cached, so the articles are coded once. Returns the
    counts and the failures."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    articles = read_input(spark, input_path)
    # A file under Spark's split size (128 MB) is one partition, one task, one core:
    # spread the articles over a few tasks per core (the pipeline stays loaded between them).
    tasks = TASKS_PER_CORE * spark.sparkContext.defaultParallelism
    if articles.rdd.getNumPartitions() < tasks:
        articles = articles.repartition(tasks)
    coded = code_with_failures(articles, origin=input_path, model=model, batch_size=batch_size,
                               max_chars=max_chars).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        events = coded.where(F.col("failure").isNull()).drop("failure")
        events.write.mode("overwrite").parquet(output)
        failures = failures_of(coded)
        result: dict[str, Any] = {"events": spark.read.parquet(output).count(), "failures": failures}
        if incidents_output is not None:
            found = cluster_incidents(events, articles, max_chars=max_chars)
            found.write.mode("overwrite").parquet(incidents_output)
            result["incidents"] = spark.read.parquet(incidents_output).count()
        result["articles"] = articles.count() - len(failures)
    finally:
        coded.unpersist()
    return result


__all__ = ["CODED_SCHEMA", "block_keys", "cluster_incidents", "code_dataframe", "code_with_failures",
           "failures_of", "pipeline", "read_input", "run", "session", "spark_schema"]

