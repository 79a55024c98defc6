"""The ``sitrep`` command: a thin layer over ``sitrep.batch``, the store and the writers.

Exit status: 0 when every record was coded, 1 when any record failed (the failures are
listed on stderr, kept in ``failures.jsonl`` and in the database), 2 for a usage error.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import sys
from collections.abc import Callable, Iterator
from typing import IO, Any, Literal

import click

from . import __version__
from .errors import SitrepError
from .filters import FILTERS, Filter, QueryError, for_listing, read_value
from .store import MAX_LIMIT, SORTS, EventQuery

FORMATS = ("table", "jsonl", "csv", "acled")
#: ``sitrep code`` writes Parquet too (to a file: ``-o``).
CODE_FORMATS = (*FORMATS, "parquet")
#: Events per ``Store.query_events`` page that ``sitrep events`` reads.
EVENTS_PAGE = MAX_LIMIT


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from exc


def filter_options(listing: Literal["events", "incidents"]) -> Callable[[Any], Any]:
    """The options of the declared filters that apply to ``listing`` (``sitrep.filters``),
    each passed to the command under its ``EventQuery`` field's name."""

    def decorate(command: Any) -> Any:
        for spec in reversed(for_listing(listing)):
            command = _filter_option(spec, listing)(command)
        return command

    return decorate


def _filter_option(spec: Filter, listing: str) -> Callable[[Any], Any]:
    help_text = spec.help if listing == "events" else spec.incidents_help
    if spec.kind == "flag":
        return click.option(f"{spec.option}/--no-{spec.option[2:]}", spec.name, default=None, help=help_text)

    def read(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
        try:
            return read_value(spec, value)
        except QueryError as exc:
            raise click.BadParameter(str(exc)) from exc

    return click.option(spec.option, spec.name, callback=read, metavar=spec.metavar, help=help_text)


#: ``--type``: the older option, read as ``--plover`` or ``--acled-type`` (``_type_option``).
type_option = click.option("--type", "type_", help="ACLED type or sub-type, or PLOVER type, ignoring case: read as "
                                                   "--plover when it is one of PLOVER's 16 types, otherwise as "
                                                   "--acled-type.")


@contextlib.contextmanager
def _output(path: str | None, binary: bool = False) -> Iterator[IO[Any]]:
    if path in (None, "-"):
        yield sys.stdout
        return
    with (open(path, "wb") if binary else open(path, "w", encoding="utf-8", newline="")) as stream:
        yield stream


def _report_failure(failure: Any, debug: bool = False) -> None:
    where = f" (stage {failure.stage}, {failure.location})" if failure.location else ""
    click.echo(f"sitrep: {failure.origin}: [{failure.code}] {failure.message}{where}", err=True)
    if debug and failure.traceback:
        click.echo(failure.traceback.rstrip("\n"), err=True)


def _check_inputs(paths: tuple[str, ...]) -> None:
    """Every input path must exist (``-`` is standard input): a typo is a usage error,
    reported before anything is coded or written."""
    import os

    missing = [p for p in paths if p != "-" and not os.path.exists(p)]
    if missing:
        raise click.BadParameter("no such file or folder: " + ", ".join(missing), param_hint="PATHS")


def _check_writable(path: str | None, option: str) -> None:
    """The folder an output file goes into must exist, before anything is coded."""
    import os

    if path in (None, "-"):
        return
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise click.BadParameter(f"cannot write {path}: there is no folder {folder}", param_hint=option)
    if os.path.isdir(path):
        raise click.BadParameter(f"cannot write {path}: it is a folder", param_hint=option)


#: Options that several commands take, declared once.
failures_option = click.option("--failures", "failures_path", default="failures.jsonl", show_default=True,
                               help="Where failed records are kept with their reasons.")
max_chars_option = click.option("--max-chars", default=1_000_000, show_default=True, type=click.IntRange(min=1),
                                help="Longest article accepted, in characters.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sitrep")
def main() -> None:
    """sitrep: dated news articles in, sourced event records out.

    Everything runs offline: spaCy's small English model and GeoNames data come from
    installed packages.
    """


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(CODE_FORMATS), default=None,
              help="Output format. Default: a table on a terminal, JSONL otherwise. Parquet (the event record "
                   "with nested structs and lists, docs/output.md) needs -o.")
@click.option("-o", "--output", "out", default=None, help="Write events to this file (default: standard output).")
@click.option("--db", default="sitrep.db", show_default=True,
              help="Database that stores articles and events: an SQLite file, or a postgresql:// URL.")
@click.option("--no-db", is_flag=True, help="Do not store anything (events then carry no incident_id).")
@click.option("--no-incidents", is_flag=True,
              help="Store events without assigning them to incidents (`sitrep incidents rebuild` assigns them later).")
@click.option("--published", callback=_date, help="Fallback publication date (YYYY-MM-DD) for records without one.")
@failures_option
@max_chars_option
@click.option("--batch-size", default=16, show_default=True, type=click.IntRange(min=1),
              help="Articles per spaCy batch, and per job sent to a worker.")
@click.option("-j", "--workers", default=None, type=click.IntRange(min=1),
              help="Processes that parse and code articles, each on a core of its own, forked after the model is "
                   "loaded so that they share its memory; reading, storing and writing stay in this process, in "
                   "input order. Default: the number of cores this process may use; 1 codes in this process.")
@click.option("--model", "model", default=None, type=click.Path(file_okay=False),
              help="Type events with a classifier trained by `sitrep train` (a model folder).")
@click.option("--debug", is_flag=True, help="Print the traceback of every record that fails on an unexpected error.")
def code(paths: tuple[str, ...], fmt: str | None, out: str | None, db: str, no_db: bool, no_incidents: bool,
         published: dt.date | None, failures_path: str, max_chars: int, batch_size: int, workers: int | None,
         model: str | None, debug: bool) -> None:
    """Code articles into events.

    PATHS are text files (optional first line `date YYYY-MM-DD`), JSONL, CSV or Parquet
    files with id, text and published columns, folders (read recursively), or - for
    JSONL on standard input.

    Web pages are read too: .html/.htm files, a JSONL record's html field (when it has
    no text), and WARC archives (.warc, .warc.gz), one article per HTML response. The
    page's main text, title, date, outlet and URL are extracted; a page with no article
    text is a failure (R020), as is a truncated WARC archive (R021, after its pages).

    Each stored article's events are assigned to incidents (one record per real
    incident, over every article that reports it: `sitrep incidents`), and the JSONL
    and CSV outputs give each event's incident_id.

    On a terminal, a progress bar shows the records coded, the share of the input read
    (files of a folder, else bytes), articles a second and the time left. A summary line
    ends every run: records coded and failed, time, articles a second, workers.
    """
    import time

    from .batch import run_batch
    from .output import FailureLog
    from .parallel import default_workers
    from .progress import InputMeter, ProgressBar, summary
    from .readers import read_inputs

    began = time.perf_counter()
    fmt = _code_format(paths, fmt, out, failures_path)
    pipeline = _pipeline(model)
    store = _store(db) if not no_db else None
    failure_log = FailureLog(failures_path)
    meter = InputMeter(paths) if sys.stderr.isatty() else None  # counting is for the bar only
    progress = ProgressBar(meter)
    try:
        with _output(out, binary=fmt == "parquet") as stream:
            on_analysis, close = _event_output(fmt, stream, store)

            def on_failure(failure: Any) -> None:
                _report_failure(failure, debug)
                failure_log.write(failure)

            items = read_inputs(paths, published, max_chars, meter=meter)
            stats = run_batch(meter.track(items) if meter is not None else items, pipeline, on_analysis,
                              on_failure, batch_size, progress, store=store, incidents=not no_incidents,
                              workers=workers or default_workers())
            close()
    except SitrepError as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:  # the output cannot be written (a full disk): the run's fault, not a record's
        raise click.ClickException(f"cannot write {out or 'standard output'}: {exc.strerror or exc}") from exc
    finally:
        progress.close()
        failure_log.close()
        if store is not None:
            store.close()
    saved = stats.saved
    where = f"; stored in {_shown(db)} ({saved['inserted']} new, {saved['replaced']} replaced, {saved['unchanged']} unchanged)" if store else ""
    click.echo(f"sitrep: {summary(stats, time.perf_counter() - began)}{where}", err=True)
    if stats.failures:
        click.echo(f"sitrep: failed records are kept in {failures_path}", err=True)
        sys.exit(1)


def _code_format(paths: tuple[str, ...], fmt: str | None, out: str | None, failures_path: str) -> str:
    """``sitrep code``'s inputs and outputs checked before anything is coded, and its
    output format (default: a table on a terminal, JSONL otherwise)."""
    _check_inputs(paths)
    _check_writable(out, "'-o' / '--output'")
    _check_writable(failures_path, "'--failures'")
    if fmt is None:
        fmt = "table" if out is None and sys.stdout.isatty() else "jsonl"
    if fmt == "parquet" and out in (None, "-"):
        raise click.UsageError("--format parquet writes a binary file, not standard output: give it -o FILE.parquet")
    return fmt


def _event_output(fmt: str, stream: IO[Any], store: Any) -> tuple[Callable[[Any], None], Callable[[], None]]:
    """What ``sitrep code`` does with each coded article (its events, in rank order, to
    ``stream`` in ``fmt``, each with its incident id when stored), and how it ends."""
    from .output import ParquetWriter, event_record, make_writer, print_events, with_incident

    writer = None if fmt == "table" else ParquetWriter(stream) if fmt == "parquet" else make_writer(fmt, stream)

    def on_analysis(analysis: Any) -> None:
        events = sorted(analysis.events or (), key=lambda e: e.rank)
        if writer is None:
            print_events(events, analysis.article, stream)
            return
        ids = store.incident_ids(analysis.article.id) if store is not None and events else {}
        for event in events:
            writer.write(with_incident(event_record(event, analysis.article), ids.get(event.event_id)), analysis.article)

    return on_analysis, (writer.close if writer is not None else lambda: None)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "out", default=None, help="Write JSON lines to this file (default: standard output).")
@click.option("--published", callback=_date, help="Fallback publication date (YYYY-MM-DD).")
@click.option("--explain", is_flag=True, help="Also list each event with the rule that decided each field.")
@max_chars_option
@click.option("--model", "model", default=None, type=click.Path(file_okay=False),
              help="Type events with a classifier trained by `sitrep train` (a model folder).")
@click.option("--debug", is_flag=True, help="Print the traceback of every record that fails on an unexpected error.")
def annotate(paths: tuple[str, ...], out: str | None, published: dt.date | None, explain: bool, max_chars: int,
             model: str | None, debug: bool) -> None:
    """Show what the pipeline read in each article: places, times, quotes, attributions."""
    from .api import annotation
    from .batch import run_batch
    from .readers import read_inputs

    _check_inputs(paths)
    _check_writable(out, "'-o' / '--output'")
    pipeline = _pipeline(model)
    with _output(out) as stream:
        def on_analysis(analysis: Any) -> None:
            stream.write(json.dumps(annotation(analysis, explain), ensure_ascii=False) + "\n")

        def on_failure(failure: Any) -> None:
            _report_failure(failure, debug)

        stats = run_batch(read_inputs(paths, published, max_chars), pipeline, on_analysis, on_failure)
    if stats.failures:
        sys.exit(1)


@main.command()
@click.option("--db", default="sitrep.db", show_default=True,
              help="Database to read: an SQLite file, or a postgresql:// URL.")
@filter_options("events")
@type_option
@click.option("--sort", type=click.Choice(SORTS), default="date", show_default=True,
              help="By event date or by rank, - for descending; undated events last; ties by article and rank.")
@click.option("--limit", type=click.IntRange(min=0), default=None, help="At most this many events.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Output format. Default: a table on a terminal, JSONL otherwise.")
def events(db: str, type_: str | None, sort: str, limit: int | None, fmt: str | None, **filters: Any) -> None:
    """List stored events.

    The filters are those of the HTTP API's GET /api/events (docs/api.md); each one
    given narrows the listing.
    """
    from .output import make_writer, print_events

    filters["plover"], filters["acled_type"] = _type_option(type_, filters["plover"], filters["acled_type"])
    query = _query(**filters, sort=sort,
                   limit=min(EVENTS_PAGE, limit + 1) if limit else EVENTS_PAGE)  # + 1: enough to see a tie end
    store = _existing_store(db)
    try:
        rows = _listing(store, query, limit)
    except SitrepError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        store.close()
    fmt = fmt or ("table" if sys.stdout.isatty() else "jsonl")
    if fmt == "table":
        print_events(rows)
        return
    writer = make_writer(fmt, sys.stdout)
    for row in rows:
        writer.write(row)
    writer.close()


def _listing(store: Any, query: EventQuery, limit: int | None) -> list[dict[str, Any]]:
    """The first ``limit`` (or all) events ``query`` matches, read page by page through
    ``Store.query_events``. Events that tie on the sort key come by article and rank
    (the store breaks ties by event id), so an article's events stay together in order."""
    import dataclasses

    def key(event: dict[str, Any]) -> Any:
        return event["rank"] if query.sort.endswith("rank") else event["date"]["start"]

    def tie(event: dict[str, Any]) -> tuple[Any, ...]:
        return event["article_id"], event["rank"], event["event_id"]

    listed: list[dict[str, Any]] = []
    tied: list[dict[str, Any]] = []
    while limit is None or len(listed) < limit:
        page = store.query_events(query)
        for event in page.items:
            if tied and key(event) != key(tied[0]):
                listed += sorted(tied, key=tie)
                tied = []
            tied.append(event)
        if page.next_cursor is None:
            listed += sorted(tied, key=tie)
            break
        query = dataclasses.replace(query, cursor=page.next_cursor)
    return listed[:limit]


@main.group(invoke_without_command=True)
@click.option("--db", default="sitrep.db", show_default=True,
              help="Database to read: an SQLite file, or a postgresql:// URL.")
@filter_options("incidents")
@type_option
@click.option("--sort", type=click.Choice(("date", "-date")), default="date", show_default=True,
              help="By the incident's date, - for descending; undated incidents last; ties by id.")
@click.option("--limit", type=click.IntRange(min=0), default=None, help="At most this many incidents.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Output format: a table; JSONL (the incident record, docs/output.md); sitrep's flat CSV of "
                   "incidents; ACLED's columns, one row per incident with every outlet in `source`. "
                   "Default: a table on a terminal, JSONL otherwise.")
@click.option("-o", "--output", "out", default=None, help="Write incidents to this file (default: standard output).")
@click.pass_context
def incidents(ctx: click.Context, db: str, type_: str | None, sort: str, limit: int | None, fmt: str | None,
              out: str | None, **filters: Any) -> None:
    """List stored incidents: one line per incident, however many articles report it.

    `sitrep code` assigns each stored article's events to incidents; `sitrep incidents
    rebuild` clusters the whole store again. The filters are those of GET /api/incidents
    (docs/api.md).
    """
    if ctx.invoked_subcommand is not None:
        return
    from .output import make_incident_writer, print_incidents

    filters["plover"], filters["acled_type"] = _type_option(type_, filters["plover"], filters["acled_type"])
    query = _query(**filters, sort=sort, limit=min(EVENTS_PAGE, limit) if limit else EVENTS_PAGE)
    _check_writable(out, "'-o' / '--output'")
    store = _existing_store(db)
    try:
        rows: list[dict[str, Any]] = []
        while limit is None or len(rows) < limit:
            page = store.query_incidents(query)
            rows += page.items
            if page.next_cursor is None:
                break
            query = dataclasses.replace(query, cursor=page.next_cursor)
    except SitrepError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        store.close()
    rows = rows[:limit]
    fmt = fmt or ("table" if out is None and sys.stdout.isatty() else "jsonl")
    with _output(out) as stream:
        if fmt == "table":
            print_incidents(rows, stream)
            return
        writer = make_incident_writer(fmt, stream)
        for row in rows:
            writer.write(row)
        writer.close()


@incidents.command("rebuild")
@click.option("--db", default="sitrep.db", show_default=True,
              help="Database to cluster again: an SQLite file, or a postgresql:// URL.")
def incidents_rebuild(db: str) -> None:
    """Cluster every stored event into incidents again, from scratch (after the
    clustering settings changed, or events were stored with --no-incidents)."""
    import time

    began = time.perf_counter()
    store = _existing_store(db)
    try:
        count = store.rebuild_incidents()
        events = store.counts()["events"]
    except SitrepError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        store.close()
    click.echo(f"sitrep: {events} events in {count} incidents, rebuilt in {time.perf_counter() - began:.1f} s", err=True)


def _type_option(type_: str | None, plover: str | None, acled_type: str | None) -> tuple[str | None, str | None]:
    """--type read as --plover when it is a PLOVER type, else as --acled-type: (plover, acled_type)."""
    from .model import PLOVER_TYPES

    if type_ is None:
        return plover, acled_type
    field = "plover" if type_.strip().upper() in PLOVER_TYPES else "acled_type"
    if (plover if field == "plover" else acled_type) is not None:
        raise click.UsageError(f"--type {type_!r} is read as --{field.replace('_', '-')}, which is given too")
    return (type_, acled_type) if field == "plover" else (plover, type_)


def _query(**filters: Any) -> EventQuery:
    """An ``EventQuery``; a ``QueryError`` becomes the usage error of the option it names."""
    try:
        return EventQuery(**filters)
    except QueryError as exc:
        raise _bad_filter(exc) from exc


def _bad_filter(exc: QueryError) -> click.BadParameter:
    """The usage error of the option a ``QueryError`` names (its API parameter name)."""
    spec = next((f for f in FILTERS if f.param == exc.parameter), None)
    name = spec.name if spec is not None else exc.parameter
    param = next((p for p in click.get_current_context().command.params if p.name == name), None)
    option = spec.option if spec is not None else f"--{name}"
    return click.BadParameter(str(exc), param=param, param_hint=None if param else f"'{option}'")


def _existing_store(db: str) -> Any:
    """The store at ``db``, which must exist (a typo must not create an empty database)."""
    import os

    from .store import is_postgres_url

    if not is_postgres_url(db) and not os.path.exists(db):
        raise click.ClickException(f"no database at {db}: run `sitrep code` first, or pass --db")
    return _store(db)


@main.command()
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--limit", type=int, default=None, help="Score only the first N records.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--model", "model", default=None, type=click.Path(file_okay=False),
              help="Type events with a classifier trained by `sitrep train` (a model folder).")
def evaluate(gold: str, limit: int | None, as_json: bool, model: str | None) -> None:
    """Score sitrep against a gold file (the "gold v1" JSONL format, docs/evaluation.md)."""
    from .evaluate import evaluate as run

    progress = None
    if sys.stderr.isatty():
        def progress(done: int, total: int | None) -> None:
            click.echo(f"\r{done}/{total or '?'} records", err=True, nl=False)

    pipeline = _pipeline(model)
    report = run(gold, pipeline, limit=limit, progress=progress)
    if progress is not None:
        click.echo("", err=True)
    click.echo(report.to_json() if as_json else report.format())


@main.command()
@click.argument("coded")
@click.option("-o", "--output", "out", required=True, type=click.Path(file_okay=False),
              help="Folder to write the model to (created; an existing model there is replaced).")
@click.option("--name", default=None, help="The model's name, recorded as each event's coder. Default: the folder's name.")
@click.option("--text-column", default=None,
              help="Column with the text. Default: the first of notes, text, sentence, description, content, body.")
@click.option("--label-column", default=None,
              help="Column with the event type. Default: the first of event_type, label, type, category, class.")
@click.option("--subtype-column", default=None,
              help="Column with the sub-type. Default: the first of sub_event_type, subtype, sub_type, sub_label, "
                   "subcategory, if any.")
@click.option("--date-column", default=None,
              help="Column with each row's date, to record the data's dates. Default: event_date, date or published, "
                   "if any.")
@click.option("--typing", "typing_model", is_flag=True,
              help="Train a typing model on sitrep's own typing sentences plus these rows (the shipped model's "
                   "features), instead of a classifier on the rows alone.")
def train(coded: str, out: str, name: str | None, text_column: str | None, label_column: str | None,
          subtype_column: str | None, date_column: str | None, typing_model: bool = False) -> None:
    """Train an event type and sub-type classifier on coded data (docs/training.md).

    CODED is a CSV with a text and a label column, such as an ACLED export (notes,
    event_type, sub_event_type). Use the model with `sitrep code --model MODEL_DIR`.
    """
    import time
    from pathlib import Path

    from .extras import MissingExtra, require
    from .train import fit, read_coded_csv, save

    try:
        require("train", "sitrep train")
    except MissingExtra as exc:
        raise click.ClickException(str(exc)) from exc
    began = time.perf_counter()
    if typing_model:
        from .typing_train import train_typing, write_model

        try:
            data = read_coded_csv(coded, text_column, label_column, subtype_column, date_column)
            meta, arrays, unused = train_typing(data, name=name or Path(out).resolve().name)
            write_model(out, meta, arrays)
        except SitrepError as exc:
            raise click.ClickException(str(exc)) from exc
        training = meta["training"]
        click.echo(f"sitrep: read {training['rows']} rows from {coded}; {training['rows_used']} used with "
                   f"{training['shipped_sentences']} of sitrep's typing sentences ({unused} rows without an ACLED type "
                   f"or an event the lexicon finds); trained in {time.perf_counter() - began:.1f} s; "
                   f"typing model {meta['name']!r} written to {out}", err=True)
        return
    try:
        data = read_coded_csv(coded, text_column, label_column, subtype_column, date_column)
        model = fit(data, name=name or Path(out).resolve().name)
        save(model, out)
    except SitrepError as exc:
        raise click.ClickException(str(exc)) from exc
    seconds = time.perf_counter() - began
    meta = model.meta
    training = meta["training"]
    cols = training["columns"]
    click.echo(f"sitrep: read {training['rows']} rows from {coded} (text {cols['text']!r}, label {cols['label']!r}"
               + (f", sub-type {cols['subtype']!r}" if cols["subtype"] else "") + ")"
               + (f"; skipped {training['skipped_rows']} without text or label" if training["skipped_rows"] else ""),
               err=True)
    click.echo(f"sitrep: {len(meta['labels'])} types, {len(meta['sub_labels'])} sub-types; "
               f"trained in {seconds:.1f} s; model {meta['name']!r} written to {out}", err=True)
    if not meta["acled_labels"]:
        click.echo("sitrep: note: some labels are not ACLED's; they are written to the ACLED type fields as they are",
                   err=True)


@main.command()
@click.option("--db", default="sitrep.db", show_default=True,
              help="Database to serve: an SQLite file, or a postgresql:// URL.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--config", "config_path", default=None, type=click.Path(dir_okay=False),
              help="TOML file with settings: token, public_reads, cors_origins, max_body_bytes, max_articles, "
                   "max_chars, max_queued_writes, header_timeout, body_timeout, tiles, tiles_attribution "
                   "(docs/api.md).")
@click.option("--private-reads", is_flag=True, default=None,
              help="Reads need the token too (default: reads are public, writes need the token).")
@click.option("--cors-origin", "cors_origins", multiple=True,
              help="Allow browser calls from this origin (repeatable). Default: CORS is off.")
@click.option("--tiles", default=None, help="Map tile URL template for the web page, e.g. https://host/{z}/{x}/{y}.png. "
                                            "Default: none, the page works offline with country outlines.")
@click.option("--tiles-attribution", default=None, help="Attribution shown with --tiles.")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]), help="Server log level.")
def serve(db: str, host: str, port: int, config_path: str | None, private_reads: bool | None,
          cors_origins: tuple[str, ...], tiles: str | None, tiles_attribution: str | None, log_level: str) -> None:
    """Serve the HTTP API and the web page (docs/api.md).

    Writes (POST /api/articles) need the bearer token from the environment variable
    SITREP_TOKEN or the config file; without one, writes are refused. Reads are public
    unless --private-reads.
    """
    from .extras import MissingExtra, require

    try:
        require("serve", "sitrep serve")
    except MissingExtra as exc:
        raise click.ClickException(str(exc)) from exc
    from .web import create_app, load_settings
    from .web.server import run
    from .web.settings import ConfigError

    try:
        settings = load_settings(
            config_path, public_reads=False if private_reads else None,
            cors_origins=cors_origins or None, tiles=tiles, tiles_attribution=tiles_attribution,
        )
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from exc
    store = _store(db)
    app = create_app(store, settings)
    where = _shown(db)
    writes = "writes need the token" if settings.writes_enabled else "writes are OFF (no token configured)"
    reads = "reads are public" if settings.public_reads else "reads need the token"
    click.echo(f"sitrep: serving {where} on http://{host}:{port}/ ; {writes}; {reads}", err=True)
    try:
        run(app, settings, host=host, port=port, log_level=log_level)  # uvicorn, with a deadline for headers
    finally:
        store.close()


@main.command("spark")
@click.argument("input_path", metavar="INPUT")
@click.argument("output", metavar="OUTPUT")
@click.option("--master", default="local[*]", show_default=True,
              help="Spark master URL: local[N], spark://HOST:7077, yarn, k8s://... (under spark-submit, "
                   "spark-submit's own --master is used).")
@click.option("--incidents", "incidents_out", default=None,
              help="Also cluster the events into incidents and write them as Parquet to this folder.")
@failures_option
@max_chars_option
@click.option("--batch-size", default=16, show_default=True, type=click.IntRange(min=1),
              help="Articles per spaCy batch on each executor.")
@click.option("--model", "model", default=None,
              help="Type events with a classifier trained by `sitrep train` (a model folder every executor can read).")
def spark_command(input_path: str, output: str, master: str, incidents_out: str | None, failures_path: str,
                  max_chars: int, batch_size: int, model: str | None) -> None:
    """Code INPUT on Spark and write its events to OUTPUT as Parquet (docs/spark.md).

    INPUT is Parquet (a file or a folder of them) or JSONL (.jsonl, .ndjson, .json)
    with id, text and published columns. OUTPUT is a folder of Parquet files with the
    event record's columns (docs/output.md), replaced when it exists. Needs
    `pip install 'sitrep[spark]'` and Java 17.
    """
    from .extras import MissingExtra, require
    from .output import FailureLog

    try:
        require("spark", "sitrep spark")
        from . import spark as sitrep_spark
    except MissingExtra as exc:
        raise click.ClickException(str(exc)) from exc
    if "://" not in input_path:
        _check_inputs((input_path,))
    _check_writable(failures_path, "'--failures'")
    from pyspark.sql import SparkSession

    owned = SparkSession.getActiveSession() is None  # a caller's session (a test's) is left running
    try:
        session = sitrep_spark.session(master)
    except Exception as exc:  # no Java, a master that cannot be reached
        raise click.ClickException(f"cannot start Spark with master {master}: {exc}") from exc
    try:
        result = sitrep_spark.run(input_path, output, spark=session, incidents_output=incidents_out, model=model,
                                  batch_size=batch_size, max_chars=max_chars)
    except Exception as exc:  # Spark's own errors (a broken file, a lost executor) end the run
        raise click.ClickException(f"Spark failed: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from exc
    finally:
        if owned:
            session.stop()
    with FailureLog(failures_path) as failure_log:
        for failure in result["failures"]:
            _report_failure(failure)
            failure_log.write(failure)
    found = f", {result['incidents']} incidents in {incidents_out}" if incidents_out else ""
    click.echo(f"sitrep: {result['articles']} articles, {result['events']} events in {output}{found}, "
               f"{len(result['failures'])} failed", err=True)
    if result["failures"]:
        click.echo(f"sitrep: failed records are kept in {failures_path}", err=True)
        sys.exit(1)


def _pipeline(model: str | None = None) -> Any:
    from .api import default_pipeline, model_pipeline

    try:
        return model_pipeline(model) if model is not None else default_pipeline()
    except SitrepError as exc:
        raise click.ClickException(str(exc)) from exc


def _shown(db: str) -> str:
    from .store import redact

    return redact(db)


def _store(db: str) -> Any:
    from .store import open_store

    try:
        return open_store(db)
    except SitrepError as exc:
        raise click.ClickException(str(exc)) from exc


if __name__ == "__main__":  # pragma: no cover
    main()
