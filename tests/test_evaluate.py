"""Tests of the scorer: each metric on hand-made predictions, and the runner end to end
on the small fixture ``tests/fixtures/gold/mini.jsonl`` with a fake pipeline, so no test
depends on the quality of the real stages."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

import pytest

from sitrep import evaluate as ev
from sitrep.errors import InputError
from sitrep.model import Actor, Article, Count, Event, EventDate, Place, TimeExpression
from sitrep.pipeline import Analysis

GOLD = Path(__file__).parent / "fixtures" / "gold" / "mini.jsonl"


def event(**fields: Any) -> Event:
    base = dict(article_id="a", trigger="x", trigger_start=0, trigger_end=1, sentence_start=0, sentence_end=1)
    base.update(fields)
    return Event(**base)


# ----------------------------------------------------------------------------- fixture


def test_fixture_offsets_are_exact() -> None:
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        for span in rec["places"] + rec["times"]:
            assert rec["text"][span["start"]:span["end"]] == span["text"]


# ----------------------------------------------------------------------------- geometry


def test_haversine_known_distances() -> None:
    assert ev.haversine_km(0, 0, 0, 0) == 0
    # One degree of longitude on the equator is about 111.2 km.
    assert ev.haversine_km(0, 0, 0, 1) == pytest.approx(111.19, abs=0.1)
    # Antipodes are half the circumference apart.
    assert ev.haversine_km(0, 0, 0, 180) == pytest.approx(ev.MAX_ERROR_KM, rel=5e-3)


def test_place_error_unresolved_is_max() -> None:
    assert ev.place_error_km(None, None, 10, 10) == ev.MAX_ERROR_KM
    assert ev.place_error_km(10, 10, 10, 10) == 0


def test_auc_bounds() -> None:
    assert ev.auc_of_errors([]) is None
    assert ev.auc_of_errors([0.0, 0.0]) == 0
    assert ev.auc_of_errors([ev.MAX_ERROR_KM]) == pytest.approx(1.0)
    mid = ev.auc_of_errors([0.0, 100.0])
    assert mid == pytest.approx(math.log1p(100) / math.log(ev.MAX_ERROR_KM) / 2)


# ----------------------------------------------------------------------------- spans


def test_overlap_and_one_to_one_matching() -> None:
    assert ev.overlap((0, 5), (5, 9)) == 0
    assert ev.overlap((0, 5), (3, 9)) == 2
    # One prediction covering two gold spans matches the one it overlaps most.
    assert ev.match_spans([(0, 3), (4, 12)], [(0, 12)]) == [(1, 0)]
    assert ev.match_spans([(0, 3), (4, 12)], [(0, 2), (5, 6), (20, 25)]) == [(0, 0), (1, 1)]
    assert ev.match_spans([], [(0, 1)]) == []


def test_prf() -> None:
    assert ev.prf(2, 4, 2) == (0.5, 1.0, pytest.approx(2 / 3))
    assert ev.prf(0, 0, 3) == (None, 0.0, None)
    assert ev.prf(0, 2, 3) == (0.0, 0.0, 0.0)


# ----------------------------------------------------------------------------- names


def test_admin1_normalised_containment() -> None:
    assert ev.admin1_match("Sindh Province", "Sindh")
    assert ev.admin1_match("Région de Kayes", "Kayes")
    assert ev.admin1_match("Ituri", "ITURI")
    assert not ev.admin1_match("Punjab", "Sindh")
    assert not ev.admin1_match(None, "Sindh")
    # A name made only of generic words never matches by containment.
    assert not ev.admin1_match("Province", "North Province")


def test_country_code_maps_gold_names() -> None:
    assert ev.country_code("Pakistan") == "PAK"
    assert ev.country_code("Democratic Republic of Congo") == "COD"
    assert ev.country_code("Ivory Coast") == "CIV"
    assert ev.country_code(None) is None


@pytest.mark.parametrize(
    ("text", "country", "admin1"),
    [
        ("Canadian", "Canada", None),
        ("Sudanese", "Sudan", None),
        ("Iraqis", "Iraq", None),
        ("American", "United States", None),
        ("Ontarians", "Canada", "Ontario"),
        ("Saudi", "Saudi Arabia", None),
        ("European", None, None),
    ],
)
def test_demonyms(text: str, country: str | None, admin1: str | None) -> None:
    assert ev.is_demonym(text, country, admin1)


@pytest.mark.parametrize(
    ("text", "country", "admin1"),
    [
        ("Sudan", "Sudan", None),
        ("Manhattan", "United States", "New York"),
        ("Indianapolis", "United States", "Indiana"),
        ("Tehran", "Iran", "Tehran Province"),
        ("Mich.", "United States", "Michigan"),
        ("Springfield", "United States", "Illinois"),
        ("Pakistan", "Pakistan", None),
    ],
)
def test_not_demonyms(text: str, country: str | None, admin1: str | None) -> None:
    assert not ev.is_demonym(text, country, admin1)


# ----------------------------------------------------------------------------- events


def test_rank0_and_fatalities() -> None:
    a, b = event(rank=1, trigger="a"), event(rank=0, trigger="b")
    assert ev.rank0_event([a, b]) is b
    assert ev.rank0_event([]) is None
    assert ev.fatalities_of(None) == 0
    assert ev.fatalities_of(Count(low=2, best=None, high=5, text="2 to 5")) == 2
    assert ev.fatalities_of(Count(low=None, best=None, high=5, text="up to 5")) == 5
    assert ev.fatalities_of(Count(low=3, best=4, high=5, text="4")) == 4


ACLED_GOLD = {
    "event_date": "2021-06-08", "event_type": "Battles", "sub_event_type": "Armed clash",
    "actor1": "Army", "inter1": 1, "actor2": "Rebels", "inter2": 2, "country": "Pakistan",
    "admin1": "Khyber Pakhtunkhwa", "lat": 34.0, "lon": 71.5, "fatalities": 3,
}


def test_acled_scorer_all_right() -> None:
    pred = event(
        acled_event_type="battles", acled_sub_event_type="Armed clash",
        date=EventDate(start=dt.date(2021, 6, 8)),
        place=Place(name="Peshawar", country="PAK", admin1="Khyber Pakhtunkhwa Province", lat=34.1, lon=71.6),
        killed=Count(low=3, best=3, high=3, text="three"),
        actor1=Actor(name="army", acled_inter=1), actor2=Actor(name="rebels", acled_inter=2),
    )
    sc = ev.AcledScorer()
    sc.add(ACLED_GOLD, pred)
    m = sc.metrics()
    for name in ev.AcledScorer.FIELDS:
        assert m[name].value == 1.0, name
    assert m["no_event"].value == 0


def test_acled_scorer_partly_wrong() -> None:
    pred = event(
        acled_event_type="Battles", acled_sub_event_type="Government regains territory",
        date=EventDate(start=dt.date(2021, 6, 7)),
        place=Place(name="Somewhere", country="AFG", admin1=None, lat=34.5, lon=71.5),  # ~56 km off
        killed=None, actor1=Actor(name="rebels", acled_inter=2),
    )
    sc = ev.AcledScorer()
    sc.add(ACLED_GOLD, pred)
    m = sc.metrics()
    assert m["event_type"].value == 1.0
    assert m["sub_event_type"].value == 0.0
    assert m["country"].value == 0.0
    assert m["admin1"].value == 0.0
    assert m["within_25km"].value == 0.0
    assert m["within_100km"].value == 1.0
    assert m["date_exact"].value == 0.0
    assert m["fatalities_exact"].value == 0.0  # no count means 0, gold says 3
    assert m["inter1"].value == 0.0
    assert m["inter2"].value == 0.0  # no actor2 predicted, gold has one


def test_acled_no_event_is_wrong_everywhere_and_counted() -> None:
    gold = dict(ACLED_GOLD, fatalities=0, actor2=None, inter2=0)
    sc = ev.AcledScorer()
    sc.add(gold, None)
    m = sc.metrics()
    assert m["no_event"].value == 1
    assert m["fatalities_exact"].value == 0.0  # even though gold is 0
    assert m["inter2"].n == 0  # gold has no actor2: not scored
    assert m["fatalities_exact_gold_pos"].n == 0
    assert m["event_type"].value == 0.0 and m["event_type"].n == 1


def test_plover_scorer() -> None:
    gold1 = {"plover": "AGREE", "source": [{"code": "AUT"}, {"code": "HUN"}], "target": []}
    gold2 = {"plover": "FIGHT", "source": [{"code": "NGA"}], "target": [{"code": "NGA"}]}
    sc = ev.PloverScorer()
    sc.add(gold1, event(plover="AGREE", actor1=Actor(name="x", country="HUN")))
    sc.add(gold2, event(plover="ASSAULT", actor1=Actor(name="y", country="GHA"), actor2=Actor(name="z", country="NGA")))
    m = sc.metrics()
    assert m["type"].value == 0.5
    assert m["type_draft_mapped"].value == 1.0
    assert m["source_country"].value == 0.5 and m["source_country"].n == 2
    assert m["target_country"].value == 1.0 and m["target_country"].n == 1


def test_violent_event() -> None:
    assert ev.is_violent_event(event(plover="ASSAULT"))
    assert ev.is_violent_event(event(acled_event_type="Battles"))
    assert ev.is_violent_event(event(plover="PROTEST", killed=Count(low=1, best=1, high=1, text="one")))
    assert not ev.is_violent_event(event(plover="CONSULT"))


# ----------------------------------------------------------------------------- places and times


def gold_place(start: int, end: int, text: str, lat: float, lon: float, country: str | None = None) -> dict:
    return {"start": start, "end": end, "text": text, "lat": lat, "lon": lon, "country": country, "admin1": None}


def test_place_scorer() -> None:
    gold = [gold_place(0, 5, "Alpha", 10.0, 10.0), gold_place(10, 15, "Betaa", 0.0, 0.0), gold_place(20, 25, "Gamma", 5.0, 5.0)]
    pred = [
        Place(name="Alpha", start=0, end=5, lat=10.0, lon=10.5),  # ~55 km
        Place(name="Beta", start=11, end=14, lat=None, lon=None),  # unresolved: max error
        Place(name="Zeta", start=30, end=34, lat=1.0, lon=1.0),  # false positive
        Place(name="Country", lat=1.0, lon=1.0),  # no mention: ignored
    ]
    sc = ev.PlaceScorer()
    sc.add(gold, pred)
    m = sc.metrics()
    assert m["precision"].value == pytest.approx(2 / 3)
    assert m["recall"].value == pytest.approx(2 / 3)
    assert m["acc_161km"].value == 0.5
    assert m["mean_error"].value == pytest.approx((54.7 + ev.MAX_ERROR_KM) / 2, rel=1e-2)
    assert m["median_error"].value == m["mean_error"].value
    assert 0 < m["auc"].value < 1


def test_place_scorer_without_demonyms() -> None:
    gold = [gold_place(0, 8, "Canadian", 60.0, -110.0, "Canada"), gold_place(20, 26, "Dayton", 39.76, -84.19, "United States")]
    pred = [Place(name="Canada", start=0, end=8, lat=60.0, lon=-110.0), Place(name="Dayton", start=20, end=26, lat=39.76, lon=-84.19)]
    plain, nodem = ev.PlaceScorer(), ev.PlaceScorer(skip_demonyms=True)
    plain.add(gold, pred[1:])
    nodem.add(gold, pred[1:])
    assert plain.metrics()["recall"].value == 0.5
    assert nodem.metrics()["recall"].value == 1.0
    assert nodem.metrics()["gold_demonyms_removed"].value == 1
    # A predicted demonym is neither right nor wrong once gold demonyms are removed.
    nodem2 = ev.PlaceScorer(skip_demonyms=True)
    nodem2.add(gold, pred)
    assert nodem2.metrics()["precision"].value == 1.0


def test_time_scorer() -> None:
    gold = [
        {"start": 3, "end": 9, "value": "2022-03-04"},
        {"start": 40, "end": 50, "value": "2022-04"},
        {"start": 60, "end": 68, "value": "P2D"},
    ]
    pred = [
        TimeExpression(text="Friday", start=3, end=9, type="DATE", value="2022-03-04"),
        TimeExpression(text="next month for", start=40, end=54, type="DATE", value="2022-05"),
        TimeExpression(text="today", start=80, end=85, type="DATE", value="2022-03-06"),
    ]
    sc = ev.TimeScorer()
    sc.add(gold, pred)
    m = sc.metrics()
    assert m["relaxed_precision"].value == pytest.approx(2 / 3)
    assert m["relaxed_recall"].value == pytest.approx(2 / 3)
    assert m["value_accuracy"].value == 0.5
    assert m["value_f1"].value == pytest.approx(2 / 3 * 0.5)


def test_kairos_scorer() -> None:
    sc = ev.KairosScorer()
    violent = [{"kairos": "Conflict.Attack.DetonateExplode"}, {"kairos": "Life.Die.Unspecified"}]
    calm = [{"kairos": "Contact.Contact.Meet"}]
    sc.add(violent, [event(plover="ASSAULT", killed=Count(low=4, best=4, high=4, text="four"))])
    sc.add(calm, [event(plover="ASSAULT")])
    sc.add(calm, [])
    m = sc.metrics()
    assert m["violence_recall"].value == 1.0
    assert m["violence_precision"].value == 0.5
    assert m["violence_accuracy"].value == pytest.approx(2 / 3)
    assert m["deaths_found"].value == 1.0 and m["deaths_found"].n == 1


def test_gva_scorer_compares_the_most_violent_event_with_the_incident() -> None:
    sc = ev.GvaScorer()
    gold = {"event_date": "2016-05-02", "admin1": "Maryland", "lat": 39.29, "lon": -76.61,
            "fatalities": 1, "injured": 2, "cluster": 7}
    baltimore = Place("Baltimore", "USA", "Maryland", 39.29, -76.61)
    shooting = event(plover="ASSAULT", rank=1, date=EventDate(dt.date(2016, 5, 3), dt.date(2016, 5, 3), "day"), place=baltimore,
                     killed=Count(1, 1, 1, "one"), injured=Count(2, 2, 2, "two"))
    arrest = event(plover="COERCE", rank=0, date=EventDate(dt.date(2016, 5, 1), dt.date(2016, 5, 1), "day"))
    sc.add(gold, [arrest, shooting])  # the shooting is compared, though rank 1
    sc.add(gold, [arrest])  # no violent event: the rank-0 event, wrong on counts and place
    sc.add({**gold, "fatalities": 0, "injured": 0}, [])
    m = sc.metrics()
    assert m["articles"].value == 3
    assert m["has_violent_event"].value == pytest.approx(1 / 3)
    assert m["killed_exact"].value == pytest.approx(1 / 3)  # an article with no event is wrong, as for ACLED
    assert m["injured_exact"].value == pytest.approx(1 / 3)
    assert m["date_within_1day"].value == pytest.approx(2 / 3)
    assert m["admin1"].value == pytest.approx(1 / 3) and m["within_25km"].value == pytest.approx(1 / 3)
    assert ev.event_kind({"events": [gold]}) == "gva" and ev.event_kind({"set": "gva-news", "events": []}) == "gva"


# ----------------------------------------------------------------------------- runner


class FakeNlp:
    """Stands in for spaCy: ``pipe`` returns the texts themselves as 'docs'."""

    def __init__(self) -> None:
        self.batches = 0

    def pipe(self, texts, batch_size: int = 1000):
        self.batches += 1
        return list(texts)


class FakePipeline:
    """Answers from canned predictions by article id; raises for ids listed in ``fail``."""

    def __init__(self, answers: dict[str, dict[str, Any]], fail: tuple[str, ...] = ()) -> None:
        self.nlp = FakeNlp()
        self.answers = answers
        self.fail = fail
        self.seen: list[Article] = []

    def analyse(self, article: Article) -> Analysis:
        return self.analyse_doc(article, article.text)

    def analyse_doc(self, article: Article, doc: Any) -> Analysis:
        assert doc == article.text
        self.seen.append(article)
        if article.id in self.fail:
            raise ValueError("boom")
        fields = self.answers.get(article.id, {})
        return Analysis(article=article, doc=doc, **{"events": (), "places": (), "times": (), **fields})


def canned() -> dict[str, dict[str, Any]]:
    """Predictions for the fixture's records: some right, some wrong, some missing."""
    t6 = "Flooding hit Springfield and nearby Dayton, and Canadian volunteers came to help."
    t8 = "On Friday the council met, and it will meet again next month for two days."
    return {
        "acled:1": {"events": (event(
            acled_event_type="Battles", acled_sub_event_type="Armed clash",
            date=EventDate(start=dt.date(2021, 6, 8)),
            place=Place(name="Bunia", country="COD", admin1="Ituri Province", lat=1.57, lon=30.25),
            killed=Count(low=3, best=3, high=3, text="three"),
            actor1=Actor(name="Soldiers", acled_inter=1), actor2=Actor(name="rebels", acled_inter=2),
        ),)},
        "acled:2": {"events": (event(
            rank=1, acled_event_type="Riots", acled_sub_event_type="Mob violence",
        ), event(
            rank=0, acled_event_type="Protests", acled_sub_event_type="Peaceful protest",
            date=EventDate(start=dt.date(2021, 6, 7)),
            place=Place(name="Lahore", country="PAK", admin1="Punjab", lat=31.55, lon=74.34),
            actor1=Actor(name="Teachers", acled_inter=6),
        ))},
        # acled:3 has no predicted event
        "plover:1": {"events": (event(plover="AGREE", actor1=Actor(name="ministers", country="AUT")),)},
        "plover:2": {"events": (event(plover="COERCE", actor1=Actor(name="Police", country="NGA")),)},
        "lgl:1": {"places": (
            Place(name="Springfield", text="Springfield", start=t6.index("Springfield"), end=t6.index("Springfield") + 11,
                  lat=39.80, lon=-89.64),
            Place(name="Dayton", text="Dayton", start=t6.index("Dayton"), end=t6.index("Dayton") + 6,
                  lat=45.0, lon=-70.0),
        )},
        "lgl:2": {"places": (Place(name="Here", text="here", start=8, end=12, lat=1.0, lon=1.0),)},
        "te:1": {"times": (
            TimeExpression(text="Friday", start=t8.index("Friday"), end=t8.index("Friday") + 6, type="DATE", value="2022-03-04"),
            TimeExpression(text="next month", start=t8.index("next month"), end=t8.index("next month") + 10,
                           type="DATE", value="2022-05"),
        )},
        "we:1": {"events": (event(plover="ASSAULT", killed=Count(low=4, best=4, high=4, text="four")),)},
    }


def test_evaluate_end_to_end_on_fixture() -> None:
    pipe = FakePipeline(canned())
    calls: list[tuple[int, int | None]] = []
    report = ev.evaluate(GOLD, pipeline=pipe, progress=lambda done, total: calls.append((done, total)), batch_size=4)

    assert calls[-1] == (10, 10) and len(calls) == 3
    assert pipe.nlp.batches == 3
    assert pipe.seen[0].published == dt.date(2021, 6, 10)
    assert report.sets == {"acled-test": 3, "plover-test": 2, "lgl-test": 2, "tempeval-test": 1, "wikievents-test": 2}

    assert report.metric("run", "articles") == 10
    assert report.metric("run", "failed") == 0
    # events: acled:1 all right; acled:2 right except fatalities (0 = 0 counts) ... ; acled:3 none.
    assert report.metric("events", "no_event") == 1
    assert report.metric("events", "event_type") == pytest.approx(2 / 3)
    assert report.metric("events", "country") == pytest.approx(2 / 3)
    assert report.metric("events", "admin1") == pytest.approx(2 / 3)
    assert report.metric("events", "fatalities_exact") == pytest.approx(2 / 3)
    assert report.metric("events", "fatalities_exact_gold_pos") == 1.0
    assert report.sections["events"]["inter2"].n == 1
    # plover
    assert report.metric("plover", "type") == 0.5
    assert report.metric("plover", "source_country") == 1.0
    assert report.metric("plover", "target_country") == 0.0
    # places: 3 gold, 3 predicted (one in lgl:2 is a false positive), 2 matched
    assert report.metric("places", "precision") == pytest.approx(2 / 3)
    assert report.metric("places", "recall") == pytest.approx(2 / 3)
    assert report.metric("places", "acc_161km") == 0.5
    assert report.metric("places_no_demonyms", "recall") == 1.0
    # times
    assert report.metric("times", "relaxed_recall") == pytest.approx(2 / 3)
    assert report.metric("times", "value_accuracy") == 0.5
    # kairos
    assert report.metric("kairos", "violence_recall") == 1.0
    assert report.metric("kairos", "violence_accuracy") == 1.0

    data = json.loads(report.to_json())
    assert data["sections"]["events"]["no_event"]["value"] == 1
    text = report.format()
    assert "[places_no_demonyms]" in text and "fatalities_exact" in text


def test_evaluate_counts_failures_and_goes_on() -> None:
    pipe = FakePipeline(canned(), fail=("acled:1",))
    report = ev.evaluate(GOLD, pipeline=pipe, limit=3)
    assert report.metric("run", "articles") == 3
    assert report.metric("run", "failed") == 1
    assert report.failures[0]["id"] == "acled:1" and "boom" in report.failures[0]["error"]
    # The failed article is scored as an empty output.
    assert report.metric("events", "no_event") == 2
    assert set(report.sections) == {"run", "events"}


class AnalyseOnly:
    """A pipeline with only ``analyse``: the runner must still work."""

    def analyse(self, article: Article) -> Analysis:
        return Analysis(article=article, events=(), places=(), times=())


def test_evaluate_accepts_any_object_with_analyse() -> None:
    report = ev.evaluate(GOLD, pipeline=AnalyseOnly(), limit=2)
    assert report.metric("events", "no_event") == 2
    assert report.metric("events", "event_type") == 0.0


def test_read_gold_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        list(ev.read_gold(tmp_path / "missing.jsonl"))
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "ok"}\n{broken\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        list(ev.read_gold(bad))
    assert ":2" in str(info.value)


def test_event_kind_from_set_name_when_no_events() -> None:
    assert ev.event_kind({"set": "wikievents-dev", "events": []}) == "kairos"
    assert ev.event_kind({"set": "lgl", "events": []}) is None
    assert ev.event_kind({"events": [{"plover": "AGREE"}]}) == "plover"


def test_the_same_admin1_unit_under_another_spelling():
    from sitrep.evaluate import same_admin1_unit
    from sitrep.resources import InMemoryGazetteer
    from sitrep.resources.gazetteer import GazetteerEntry

    gaz = InMemoryGazetteer([
        GazetteerEntry(name="Banaadir", country="SOM", feature="admin1", aliases=("Benadir",)),
        GazetteerEntry(name="Bay", country="SOM", feature="admin1"),
    ])
    assert same_admin1_unit("Banaadir", "Benadir", "SOM", gaz)      # an alias
    assert same_admin1_unit("Banaadir", "Banadir", "SOM", gaz)      # a spelling one letter apart
    assert not same_admin1_unit("Bay", "Benadir", "SOM", gaz)       # another unit
    assert not same_admin1_unit("Banaadir", "Benadir", "KEN", gaz)  # another country
    assert same_admin1_unit("Sindh", "Sindh Province", None, gaz)   # names alone still match


class OnFedText:
    """Finds one place and one time by their words in the text it is fed."""

    def __init__(self) -> None:
        self.seen: list[Article] = []

    def analyse(self, article: Article) -> Analysis:
        self.seen.append(article)
        text = article.text
        k, m = text.index("Kaduna"), text.index("Monday")
        place = Place(name="Kaduna", text="Kaduna", start=k, end=k + 6, lat=10.52, lon=7.44)
        time = TimeExpression(text="Monday", start=m, end=m + 6, type="DATE", value="2024-03-04")
        return Analysis(article=article, events=(), places=(place,), times=(time,))


def test_evaluate_feeds_repaired_text_and_moves_the_gold_spans_into_it(tmp_path: Path) -> None:
    # Three pairs of mojibake quotes: the repaired text is 12 characters shorter before
    # the place, more than the place's length, so unmoved gold spans would miss it.
    text = "â€œOneâ€\x9d, â€œtwoâ€\x9d, â€œthreeâ€\x9d: troops reached Kaduna on Monday."
    k, m = text.index("Kaduna"), text.index("Monday")
    record = {
        "id": "r1", "set": "lgl-test", "published": "2024-03-06", "text": text, "events": [],
        "places": [{"start": k, "end": k + 6, "text": "Kaduna", "lat": 10.52, "lon": 7.44}],
        "times": [{"start": m, "end": m + 6, "text": "Monday", "type": "DATE", "value": "2024-03-04"}],
    }
    path = tmp_path / "damaged.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    pipe = OnFedText()
    report = ev.evaluate(path, pipeline=pipe)
    (fed,) = pipe.seen
    assert fed.text == "“One”, “two”, “three”: troops reached Kaduna on Monday."
    assert fed.repairs == ("mojibake",)
    assert report.metric("places", "precision") == 1.0 and report.metric("places", "recall") == 1.0
    assert report.metric("places", "acc_161km") == 1.0
    assert report.metric("times", "relaxed_recall") == 1.0 and report.metric("times", "value_accuracy") == 1.0


def test_gold_spans_move_only_when_the_text_was_repaired() -> None:
    record = {"text": "Plain text.", "places": [{"start": 0, "end": 5, "text": "Plain"}], "times": []}
    assert ev.gold_in(record, "Plain text.") is record
    damaged = {"text": "\x00\x00Plain text.", "places": [{"start": 2, "end": 7, "text": "Plain"}], "times": []}
    moved = ev.gold_in(damaged, "Plain text.")
    assert moved["places"] == [{"start": 0, "end": 5, "text": "Plain"}]
    assert damaged["places"][0]["start"] == 2  # the gold record itself is left as it was


# ----------------------------------------------------------------------------- incidents


def test_cluster_metrics_on_a_partition_worked_by_hand() -> None:
    gold = {"a": "G1", "b": "G1", "c": "G1", "d": "G2"}
    pred = {"a": "P1", "b": "P1", "c": "P2", "d": "P2"}
    m = ev.cluster_metrics(pred, gold)
    assert m["bcubed_precision"].value == pytest.approx(0.75)
    assert m["bcubed_recall"].value == pytest.approx(2 / 3)
    assert m["pairwise_precision"].value == pytest.approx(0.5)
    assert m["pairwise_recall"].value == pytest.approx(1 / 3)
    assert m["pairwise_f1"].value == pytest.approx(0.4)


def test_every_article_alone_has_bcubed_precision_one_and_no_pairs() -> None:
    gold = {"a": "G1", "b": "G1", "c": "G2"}
    m = ev.cluster_metrics({k: k for k in gold}, gold)
    assert m["bcubed_precision"].value == 1.0 and m["pairwise_precision"].value is None
    assert m["bcubed_recall"].value == pytest.approx((0.5 + 0.5 + 1) / 3)


def test_the_incident_scorer_joins_two_reports_of_one_shooting_and_scores_the_incident() -> None:
    text = ("Two men were shot outside the Rosewood Tavern on Mill Street in Brookville late Friday. "
            "Dale Kettering and Marcus Obi were taken to hospital.")
    place = Place("Brookville", "USA", "Ohio", 39.836, -84.411, 4512345, "city")
    gold = {"cluster": "7", "event_date": "2024-03-08", "admin1": "Ohio", "lat": 39.84, "lon": -84.41,
            "fatalities": 0, "injured": 2}
    scorer = ev.IncidentScorer()
    for i in (1, 2):
        article = Article(f"a{i}", text, dt.date(2024, 3, 8 + i))
        shot = event(article_id=article.id, trigger="shot", trigger_start=14, trigger_end=18, sentence_end=88,
                     plover="ASSAULT", date=EventDate(dt.date(2024, 3, 8), dt.date(2024, 3, 8), "day"),
                     place=place, injured=Count(2, 2, 2, "Two men"))
        scorer.add(gold, article.id, article, [shot])
    scorer.add({**gold, "cluster": "8"}, "a3", None, None)  # coding failed: an incident of its own
    m = scorer.metrics()
    assert m["bcubed_f1"].value == 1.0 and m["pairwise_f1"].value == 1.0
    assert m["incident_injured_exact"].value == 0.5  # cluster 8 has no predicted incident
    assert m["incident_date_within_1day"].value == 0.5 and m["incident_admin1"].value == 0.5
