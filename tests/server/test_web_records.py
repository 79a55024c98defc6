"""What the API builds from stored records: article spans, GeoJSON features, posted records."""

from __future__ import annotations

import datetime as dt

from sitrep.model import Article, Failure
from sitrep.web.records import article_view, feature, read_record

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
