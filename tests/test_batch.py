"""The batch loop: a failing article becomes a Failure with its reason; the rest go on."""

from __future__ import annotations

import pytest

from sitrep.batch import analyse_stream, run_batch
from sitrep.errors import StoreError
from sitrep.model import Article, Count, Event, Failure
from sitrep.pipeline import Pipeline, Stage
from sitrep.store import SaveResult


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


def _no_events(analysis, resources):
    return {"events": ()}


def test_a_stage_error_is_kept_as_a_failure_and_the_batch_goes_on(nlp):
    pipeline = Pipeline(stages=("times",), nlp=nlp, resources=object())

    def fragile(analysis, resources):
        if "boom" in analysis.article.text:
            raise ValueError("cannot read this one")
        return {"events": ()}

    pipeline.stages = (*pipeline.stages, Stage("fragile", fragile, requires=("doc",), assigns=("events",)))
    done, failed = [], []
    items = [
        Article(id="a", text="Calm day in the capital."),
        Failure(origin="in.jsonl:2", code="R002", message="broken JSON"),
        Article(id="b", text="boom", origin="in.jsonl:3"),
        Article(id="c", text="Another calm day."),
    ]
    stats = run_batch(items, pipeline, done.append, failed.append, batch_size=2)
    assert [a.article.id for a in done] == ["a", "c"]
    assert [(f.code, f.origin) for f in failed] == [("R002", "in.jsonl:2"), ("P004", "in.jsonl:3")]
    assert "ValueError in stage 'fragile': cannot read this one" in failed[1].message
    assert (failed[1].stage, failed[1].exception) == ("fragile", "ValueError")
    assert failed[1].location.startswith("tests/test_batch.py:") and failed[1].location.endswith(" in fragile")
    assert "Traceback" in failed[1].traceback and "traceback" not in failed[1].to_dict()
    assert (stats.articles, stats.failures) == (2, 2)


@pytest.mark.parametrize("error", [
    OverflowError("date value out of range"), UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed"),
    RecursionError("maximum recursion depth exceeded"), RuntimeError("anything at all"), ZeroDivisionError("x"),
])
def test_any_exception_in_a_stage_is_that_articles_failure(nlp, error):
    def fragile(analysis, resources):
        if analysis.article.id == "bad":
            raise error
        return {"events": ()}

    items = [Article(id="bad", text="One.", origin="in.jsonl:1"), Article(id="good", text="Two.")]
    results = list(analyse_stream(items, _pipeline(nlp, fragile)))
    assert isinstance(results[0], Failure) and results[0].code == "P004"
    assert (results[0].stage, results[0].exception, results[0].article_id) == ("fragile", type(error).__name__, "bad")
    assert results[1].article.id == "good"


class _BrittleNLP:
    """spaCy that fails on any text holding 'crash', in a batch or alone."""

    def __init__(self, nlp):
        self.nlp = nlp
        self.calls = 0

    def pipe(self, texts, batch_size=16):
        texts = list(texts)
        if any("crash" in t for t in texts):
            raise ValueError("[E088] text of length 1000001 exceeds maximum")
        return self.nlp.pipe(texts, batch_size=batch_size)

    def __call__(self, text):
        if "crash" in text:
            raise ValueError("[E088] text of length 1000001 exceeds maximum")
        return self.nlp(text)


def test_a_text_spacy_cannot_parse_fails_alone(nlp):
    pipeline = _pipeline(nlp, _no_events)
    pipeline.nlp = _BrittleNLP(nlp)
    items = [Article(id=name, text=f"The {name} text.") for name in ("a", "crash", "c")]
    results = list(analyse_stream(items, pipeline, batch_size=8))
    assert [r.article.id for r in results if not isinstance(r, Failure)] == ["a", "c"]
    (failure,) = [r for r in results if isinstance(r, Failure)]
    assert (failure.code, failure.stage, failure.article_id, failure.exception) == ("P005", "parse", "crash", "ValueError")
    assert "E088" in failure.message


def test_batch_size_must_be_positive(nlp):
    with pytest.raises(ValueError, match="batch_size"):
        list(analyse_stream([Article(id="a", text="A.")], _pipeline(nlp, _no_events), batch_size=0))


class _FlakyStore:
    """A store that refuses one article (as a database error or a plain exception)."""

    def __init__(self, error):
        self.error = error
        self.saved, self.failures = [], []

    def save_article(self, article, events):
        if article.id == "b":
            raise self.error
        self.saved.append(article.id)
        return SaveResult.INSERTED

    def save_articles(self, items):
        out = []
        for article, events in items:
            try:
                out.append(self.save_article(article, events))
            except Exception as exc:
                out.append(exc)
        return out

    def save_failure(self, failure):
        self.failures.append(failure)
        return True


@pytest.mark.parametrize("error, code", [
    (StoreError("S002", path="x.db", operation="saving article 'b'", reason="disk I/O error"), "S002"),
    (OverflowError("Python int too large to convert to SQLite INTEGER"), "S004"),
])
def test_an_article_the_store_refuses_is_a_failure_and_the_batch_goes_on(nlp, error, code):
    store = _FlakyStore(error)
    done, failed = [], []
    items = [Article(id=i, text=f"Text {i}.", origin=f"in.jsonl:{n}") for n, i in enumerate("abc", 1)]
    stats = run_batch(items, _pipeline(nlp, _no_events), done.append, failed.append, store=store)
    assert store.saved == ["a", "c"] and [a.article.id for a in done] == ["a", "c"]
    assert [(f.origin, f.code, f.stage) for f in failed] == [("in.jsonl:2", code, "store")]
    assert store.failures == failed  # the failure is stored too
    assert (stats.articles, stats.failures, stats.saved["inserted"]) == (2, 1, 2)


def test_a_failure_the_store_refuses_is_still_reported(nlp):
    class Down(_FlakyStore):
        def save_failure(self, failure):
            raise StoreError("S002", path="x.db", operation="saving failure", reason="database is locked")

    failed = []
    run_batch([Failure("in.jsonl:1", "R002", "broken JSON")], _pipeline(nlp, _no_events), print, failed.append,
              store=Down(None))
    assert failed[0].code == "R002" and "not stored in the database" in failed[0].message


def test_a_count_too_large_to_store_is_refused_as_bad_input(nlp):
    huge = 10**22

    def counting(analysis, resources):
        count = Count(low=huge, best=huge, high=huge, text="10000000000000000000000", kind="killed")
        event = Event(article_id=analysis.article.id, trigger="killed", trigger_start=0, trigger_end=6,
                      sentence_start=0, sentence_end=10, killed=count, counts=(count,))
        return {"events": (event,)}

    results = list(analyse_stream([Article(id="a", text="Killed many.", origin="in.jsonl:7")], _pipeline(nlp, counting)))
    (failure,) = results
    assert (failure.code, failure.origin, failure.stage) == ("R017", "in.jsonl:7", "code")
    assert "10,000,000,000,000,000,000,000" in failure.message and "too large" in failure.message


def test_a_failure_to_assign_incidents_keeps_the_article_stored_and_reports_it(nlp, tmp_path):
    from sitrep.store import SQLiteStore

    class NoIncidents(SQLiteStore):
        def assign_incidents(self, article_id):
            if article_id == "b":
                raise RuntimeError("the clustering broke")
            return super().assign_incidents(article_id)

    done, failed = [], []
    items = [Article(id="a", text="Calm day in the capital."), Article(id="b", text="Another calm day.")]
    with NoIncidents(tmp_path / "s.db") as store:
        stats = run_batch(items, _pipeline(nlp, _no_events), done.append, failed.append, store=store, incidents=True)
        assert store.article("b") is not None and [f["code"] for f in store.failures()] == ["S005"]
    assert [a.article.id for a in done] == ["a", "b"]
    [failure] = failed
    assert (failure.code, failure.stage, failure.article_id) == ("S005", "incidents", "b")
    assert "RuntimeError: the clustering broke" in failure.message and "stored" in failure.message
    assert (stats.articles, stats.failures) == (2, 1)


def test_the_store_takes_the_coded_articles_a_batch_at_a_time(nlp):
    class Counting(_FlakyStore):
        def save_articles(self, items):
            self.batches.append([a.id for a, _ in items])
            return super().save_articles(items)

    store = Counting(None)
    store.batches = []
    items = [Article(id=f"a{i}", text=f"Text {i}.") for i in range(7)]
    items.insert(3, Failure("in.jsonl:4", "R002", "broken JSON"))
    done, failed = [], []
    run_batch(items, _pipeline(nlp, _no_events), done.append, failed.append, batch_size=3, store=store)
    # chunks of three records; the failure takes a place in its chunk but is not saved as an article
    assert store.batches == [["a0", "a1", "a2"], ["a3", "a4"], ["a5", "a6"]]
    assert [a.article.id for a in done] == [f"a{i}" for i in range(7)] and [f.code for f in failed] == ["R002"]
