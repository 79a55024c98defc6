"""Coding on several worker processes (sitrep/parallel.py): the same records in the same
order as one process, a crash in a worker kept as a failure, a dead worker replaced."""

from __future__ import annotations

import itertools
import json
import os
import signal
import sqlite3

import pytest
from click.testing import CliRunner

from sitrep.batch import analyse_stream, run_batch
from sitrep.cli import main
from sitrep.model import Article, Failure
from sitrep.parallel import AHEAD, DEPTH, analyse_parallel, can_fork, default_workers
from sitrep.pipeline import Analysis, Pipeline, Stage

pytestmark = pytest.mark.skipif(not can_fork(), reason="workers are forked; this platform codes in one process")

PLACES = ["Kaduna", "Maiduguri", "Mosul", "Erbil", "Goma", "Kidal", "Peshawar", "Aleppo"]
DEEDS = [
    "Gunmen killed {n} villagers in an attack on a market in {place} on Monday, police said.",
    "Hundreds of students marched through {place} on Friday to protest against fuel prices.",
    "Troops clashed with rebels near {place} on Tuesday; {n} fighters died, the army said.",
    "A roadside bomb exploded near a convoy in {place} on Sunday, wounding {n} soldiers.",
    "Police arrested {n} opposition activists in {place} on Wednesday after a rally.",
]


def articles_jsonl(path, count=41):
    """``count`` records of our own: news of attacks, protests and arrests in eight towns
    over a month, some the same incident told by two outlets; and two bad records."""
    lines = []
    for i in range(count):
        deed, place = DEEDS[i % len(DEEDS)], PLACES[(i * 3) % len(PLACES)]
        text = deed.format(n=2 + i % 7, place=place) + f" Residents of {place} said it was the worst week this year."
        record = {"id": f"n{i:03d}", "text": text, "published": f"2024-03-{1 + i % 28:02d}",
                  "source": ["Daily Wire", "The Courier", "Radio Star"][i % 3]}
        lines.append(json.dumps(record))
        if i == 7:
            lines.append('{"id": "broken", "text": ')  # R002, between two good records
        if i == 20:
            lines.append(json.dumps({"id": "empty", "text": "   ", "published": "2024-03-02"}))  # R005
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _rows(db):
    """Every stored row of every table, in the order stored, without the times of storing."""
    tables = ["articles", "events", "failures", "incidents", "incident_members", "incident_links"]
    out = {}
    with sqlite3.connect(db) as conn:
        for table in tables:
            cursor = conn.execute(f"select * from {table} order by rowid")  # noqa: S608 - our own names
            keep = [i for i, d in enumerate(cursor.description) if not d[0].endswith("_at")]
            out[table] = [tuple(row[i] for i in keep) for row in cursor]
    return out


@pytest.mark.model
def test_two_workers_write_and_store_what_one_process_does(tmp_path):
    src = articles_jsonl(tmp_path / "news.jsonl")
    outputs, stored, summaries = {}, {}, {}
    for workers in (1, 2):
        db, out = tmp_path / f"j{workers}.db", tmp_path / f"j{workers}.jsonl"
        result = CliRunner().invoke(main, [
            "code", str(src), "-j", str(workers), "--batch-size", "4", "--db", str(db), "--format", "jsonl",
            "-o", str(out), "--failures", str(tmp_path / f"f{workers}.jsonl")], catch_exceptions=False)
        assert result.exit_code == 1  # the two bad records
        outputs[workers] = out.read_bytes()
        stored[workers] = _rows(db)
        summaries[workers] = result.output.strip().splitlines()[-2]
    assert outputs[1] == outputs[2]
    events = [json.loads(line) for line in outputs[1].splitlines()]
    assert len({e["article_id"] for e in events}) > 30 and all(e["incident_id"] for e in events)
    assert stored[1] == stored[2]
    assert len(stored[1]["articles"]) == 41 and len(stored[1]["incidents"]) > 5
    assert [row[1:3] for row in stored[1]["failures"]] == [(f"{src}:9", "R002"), (f"{src}:23", "R005")]
    assert "coded 43 articles (2 failed)" in summaries[2] and summaries[2].split("; ")[0].endswith("2 workers")
    assert summaries[1].split("; ")[0].endswith("1 worker")


@pytest.fixture
def nlp():
    """A blank English pipeline (tokenizer and sentencizer, ``sitrep.nlp.blank_model``): these
    tests are about the batch loop, not the parse, so they run without the model."""
    from sitrep.nlp import blank_model

    return blank_model()


def _pipeline(nlp, func):
    pipeline = Pipeline(stages=("times",), nlp=nlp, resources=object())
    pipeline.stages = (*pipeline.stages, Stage("fragile", func, requires=("doc",), assigns=("events",)))
    return pipeline


def _dangerous(analysis, resources):
    """Raises on "BOOM"; the worker process ends on "EXIT-NOW" and is killed on
    "KILL-NOW"; on "ONCE", ends the first time only (a marker file says it happened).
    (The parent codes an article of its own before forking: none of these are in it.)"""
    text = analysis.article.text
    if "BOOM" in text:
        raise ValueError("cannot read this one")
    if "EXIT-NOW" in text:
        os._exit(3)
    if "KILL-NOW" in text:
        os.kill(os.getpid(), signal.SIGKILL)
    if "ONCE" in text:
        marker = text.split()[-1]
        if not os.path.exists(marker):
            open(marker, "w").close()
            os._exit(4)
    return {"events": ()}


def _ids(results):
    return [(r.article_id, r.code) if isinstance(r, Failure) else (r.article.id, "ok") for r in results]


def test_an_article_that_raises_in_a_worker_is_its_failure_in_its_place(nlp):
    items = [Article(id=f"a{i}", text="BOOM" if i == 5 else f"Calm day {i}.", origin=f"in.jsonl:{i + 1}")
             for i in range(12)]
    one = list(analyse_stream(items, _pipeline(nlp, _dangerous), batch_size=3))
    two = list(analyse_parallel(items, _pipeline(nlp, _dangerous), batch_size=3, workers=2))
    assert _ids(two) == _ids(one) == [(f"a{i}", "P004" if i == 5 else "ok") for i in range(12)]
    assert two[5].stage == "fragile" and "ValueError" in two[5].message and two[5].location.endswith("_dangerous")
    assert two[5] == one[5] and all(r.doc is None for r in two if isinstance(r, Analysis))


def test_a_worker_that_dies_is_replaced_and_nothing_is_lost_or_repeated(nlp, tmp_path):
    texts = {3: "EXIT-NOW", 9: "KILL-NOW", 14: f"ONCE {tmp_path / 'marker'}"}
    items = [Article(id=f"a{i}", text=texts.get(i, f"Calm day {i}."), origin=f"in.jsonl:{i + 1}") for i in range(20)]
    items.insert(6, Failure(origin="in.jsonl:x", code="R002", message="broken JSON"))
    done, failed = [], []
    stats = run_batch(items, _pipeline(nlp, _dangerous), done.append, failed.append, batch_size=4, workers=2)
    assert [r.article.id for r in done] == [f"a{i}" for i in range(20) if i not in (3, 9)]  # a14: coded on its retry
    assert [(f.origin, f.code, f.stage) for f in failed] == [
        ("in.jsonl:4", "P006", "worker"), ("in.jsonl:x", "R002", None), ("in.jsonl:10", "P006", "worker")]
    assert (tmp_path / "marker").exists()  # a14 ended its worker once, and was coded when tried again
    assert "exited with status 3" in failed[0].message and "killed by SIGKILL" in failed[2].message
    assert (stats.records, stats.articles, stats.failures, stats.workers) == (21, 18, 3, 2)


def test_input_is_read_as_it_is_coded_not_ahead(nlp):
    """Input longer than a batch is never read whole: the parent reads at most a few
    chunks a worker ahead of what it has handed on."""
    read = itertools.count()

    def stream():
        for i in range(400):
            next(read)
            yield Article(id=f"a{i}", text=f"Calm day {i}.")

    pipeline = _pipeline(nlp, lambda analysis, resources: {"events": ()})
    results = analyse_parallel(stream(), pipeline, batch_size=5, workers=2)
    first = next(results)
    ahead = next(read)  # records read when the first came out
    assert first.article.id == "a0" and ahead <= (AHEAD * 2 + DEPTH) * 5 + 1 < 400
    rest = list(results)
    assert [r.article.id for r in rest] == [f"a{i}" for i in range(1, 400)]


def test_the_workers_stop_when_the_caller_stops_early(nlp):
    import multiprocessing

    items = (Article(id=f"a{i}", text=f"Calm day {i}.") for i in range(400))
    results = analyse_parallel(items, _pipeline(nlp, lambda a, r: {"events": ()}), batch_size=5, workers=2)
    assert next(results).article.id == "a0" and len(multiprocessing.active_children()) == 2
    results.close()  # as when writing the output fails, or Ctrl-C
    assert multiprocessing.active_children() == []


def test_a_short_input_is_coded_in_this_process(nlp):
    started = []
    items = [Article(id=f"a{i}", text=f"Calm day {i}.") for i in range(4)]
    results = list(analyse_parallel(items, _pipeline(nlp, lambda a, r: {"events": ()}), 4, 2, started.append))
    assert [r.article.id for r in results] == ["a0", "a1", "a2", "a3"] and started == []
    with pytest.raises(ValueError, match="workers"):
        list(analyse_parallel(items, _pipeline(nlp, lambda a, r: {"events": ()}), 4, 0))


def test_default_workers_is_the_cores_this_process_may_use():
    expected = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert default_workers() == expected >= 1


# ----------------------------------------------------------------- streaming input: folders walked lazily


def test_a_folder_is_walked_one_folder_at_a_time_in_sorted_order(tmp_path, monkeypatch):
    from sitrep import readers

    for rel in ["b.txt", "b/x.txt", "a/z/y.txt", "a/c.txt", "a.txt", ".hidden/q.txt", "c/.h.txt", "c/d.txt"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("date 2024-03-08\nCalm day.", encoding="utf-8")
    (tmp_path / "link").symlink_to(tmp_path / "a", target_is_directory=True)  # not followed, as os.walk does not
    expected = sorted((p for p in tmp_path.rglob("*") if p.is_file() and ".h" not in p.as_posix()
                       and "link" not in p.parts), key=lambda p: p.relative_to(tmp_path).parts)
    listed = []
    real = os.scandir
    monkeypatch.setattr(readers.os, "scandir", lambda path: listed.append(path) or real(path))
    files = readers.iter_files(tmp_path)
    assert next(files) == tmp_path / "a/c.txt" and len(listed) == 2  # the top folder and a/ only, so far
    assert [tmp_path / "a/c.txt", *files] == expected == readers.list_files(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in expected] == [
        "a/c.txt", "a/z/y.txt", "a.txt", "b/x.txt", "b.txt", "c/d.txt"]


def test_a_folder_that_cannot_be_listed_is_a_failure_in_its_place(tmp_path, monkeypatch):
    from sitrep import readers

    for rel in ["a.txt", "b/x.txt", "c.txt"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("Calm day.", encoding="utf-8")
    real = os.scandir

    def scandir(path):
        if os.fspath(path).endswith("/b"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(readers.os, "scandir", scandir)
    items = list(readers.read_inputs([tmp_path]))
    assert [(i.code, i.origin) if isinstance(i, Failure) else i.id for i in items] == [
        "a", ("R010", str(tmp_path / "b")), "c"]
    assert "Permission denied" in items[1].message
