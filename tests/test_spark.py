"""sitrep on Spark, run for real in ``local[2]``: the same events and incidents as one machine.

The tests that need Spark skip when Java or pyspark is missing, unless
``SITREP_REQUIRE_SERVICES=1`` (CI): then they fail. One SparkSession serves them all.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from backends import missing_service
from sitrep import incidents as inc
from sitrep.arrow import EVENT_SCHEMA, INCIDENT_SCHEMA, from_arrow
from sitrep.cli import main
from sitrep.model import Article, EventDate, Place
from sitrep.spark import block_keys

# ----------------------------------------------------------------- articles written for these tests

TOWNS = [
    ("Kaduna", "Nigeria"), ("Maiduguri", "Nigeria"), ("Lagos", "Nigeria"), ("Mogadishu", "Somalia"),
    ("Kismayo", "Somalia"), ("Peshawar", "Pakistan"), ("Quetta", "Pakistan"), ("Mosul", "Iraq"),
    ("Kirkuk", "Iraq"), ("Goma", "Congo"), ("Bamako", "Mali"), ("Kabul", "Afghanistan"),
]
ATTACKERS = ["Gunmen", "Suspected Boko Haram fighters", "Al-Shabaab militants", "Bandits", "Unidentified attackers",
             "Islamic State fighters"]
VICTIMS = ["villagers", "civilians", "soldiers", "police officers", "worshippers", "traders", "farmers"]
GROUPS = ["students", "traders", "teachers", "workers", "opposition supporters"]
NUMBERS = ["two", "three", "four", "five", "seven", "10", "12", "15", "at least 20", "more than 30"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
TEMPLATES = [
    "{attacker} killed {n} {victims} in {town} on {day}, officials said.",
    "A bomb exploded at a busy market in {town}, {country}, on {day}, killing {n} people and wounding {m} others, "
    "police said. No group claimed responsibility.",
    "Hundreds of {group} protested in {town} on {day} against rising fuel prices. Police fired tear gas and "
    "arrested {n} protesters, witnesses said.",
    "{attacker} abducted {n} {victims} from a village near {town} on {day}, residents told reporters.",
    "Clashes between {attacker} and soldiers in {town} on {day} left {n} dead, the army said in a statement.",
    "{attacker} attacked a police station in {town} late on {day}, wounding {n} officers, a spokesman said. "
    "The attackers fled before reinforcements arrived.",
]


def articles(count: int, seed: int = 17) -> list[dict]:
    """``count`` varied articles: places, dates, counts, actors and kinds of event from ``TEMPLATES``."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        town, country = rng.choice(TOWNS)
        published = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(300))
        day = WEEKDAYS[(published.weekday() - 1) % 7]  # the day before publication
        text = rng.choice(TEMPLATES).format(
            attacker=rng.choice(ATTACKERS), victims=rng.choice(VICTIMS), group=rng.choice(GROUPS),
            n=rng.choice(NUMBERS), m=rng.choice(NUMBERS[:6]), town=town, country=country, day=day)
        out.append({"id": f"art-{i:03d}", "published": published.isoformat(), "text": text})
    return out


def write_jsonl(path, records) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def sitrep_code(tmp_path, source) -> list[dict]:
    """``sitrep code``'s JSONL records for ``source``."""
    out = tmp_path / "single.jsonl"
    result = CliRunner().invoke(main, ["code", str(source), "--no-db", "--format", "jsonl", "-o", str(out),
                                       "--failures", str(tmp_path / "single-failures.jsonl")], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def ordered(records) -> list[dict]:
    return sorted(records, key=lambda r: (r["article_id"], r["rank"]))


# ----------------------------------------------------------------- blocking, without Spark


def test_every_pair_compatible_reports_can_be_one_incident_shares_a_block():
    """``block_keys``: any two reports ``compatible`` allows meet in at least one block."""
    settings = inc.default_settings()
    rng = random.Random(6)
    towns = [Place("A", "NGA", "X", 1.0, 1.0, 1, "city"), Place("B", "NGA", "X", 1.1, 1.0, 2, "city"),
             Place("K", "NGA", "Y", None, None, None, "admin1"), Place("C", "SOM", "Z", 2.0, 2.0, 3, "city")]
    reports = []
    for i in range(300):
        start = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(900))
        length = rng.choice([0, 0, 1, 3, 6, 20])
        published = start + dt.timedelta(days=rng.randrange(10))
        reports.append(inc.Report(
            event_id=f"e{i}", article_id=f"a{i}", published=published, source=None, url=None, title=None, rank=0,
            plover="ASSAULT", acled_event_type=None, acled_sub_event_type=None,
            date=EventDate(start, start + dt.timedelta(days=length), "day"), place=rng.choice(towns),
            actor1=None, actor2=None, figures={}, background=rng.random() < 0.2, text=""))
    keys = {r.event_id: set(block_keys(r, settings)) for r in reports}
    pairs = 0
    for a in reports:
        for b in reports:
            if a.event_id < b.event_id and inc.compatible(a, b, settings):
                pairs += 1
                assert keys[a.event_id] & keys[b.event_id], (a, b)
    assert pairs > 100


# ----------------------------------------------------------------- Spark


@pytest.fixture(scope="module")
def spark():
    if shutil.which("java") is None:
        missing_service("no Java: install openjdk-17-jre-headless to run the Spark tests")
    try:
        import pyspark  # noqa: F401
    except ImportError:
        missing_service("no pyspark: pip install 'sitrep[spark]' to run the Spark tests")
    from sitrep.spark import session

    spark = session("local[2]", "sitrep-tests", **{"spark.ui.enabled": "false", "spark.sql.shuffle.partitions": "4"})
    yield spark
    spark.stop()


@pytest.mark.model
def test_spark_events_equal_sitrep_code_for_200_articles(spark, tmp_path):
    from sitrep.spark import code_dataframe

    records = articles(200)
    source = tmp_path / "articles.jsonl"
    write_jsonl(source, records)
    expected = ordered(sitrep_code(tmp_path, source))
    df = spark.createDataFrame(pa.Table.from_pylist(records)).repartition(2)
    events = code_dataframe(df)
    table = events.toArrow()
    got = ordered(from_arrow(row) for row in table.to_pylist())
    assert len(expected) >= 200 and len({r["article_id"] for r in expected}) >= 190
    assert {r["place"]["country"] for r in expected if r["place"]} >= {"NGA", "SOM", "PAK", "IRQ"}
    assert {r["plover"] for r in expected} >= {"ASSAULT", "PROTEST"}
    assert [r["event_id"] for r in got] == [r["event_id"] for r in expected]
    for mine, theirs in zip(got, expected, strict=True):
        assert mine == theirs, mine["event_id"]
    assert table.schema.names == EVENT_SCHEMA.names


@pytest.mark.model
def test_sitrep_spark_command_writes_parquet_and_keeps_failures(spark, tmp_path):
    records = articles(40, seed=3)
    source = tmp_path / "in.jsonl"
    write_jsonl(source, records)
    with source.open("a", encoding="utf-8") as stream:
        stream.write(json.dumps({"id": "blank", "published": "2024-02-02", "text": "   "}) + "\n")
        stream.write('{"id": "broken", "text": \n')
    out, found, failures = tmp_path / "events", tmp_path / "incidents", tmp_path / "failures.jsonl"
    result = CliRunner().invoke(main, ["spark", str(source), str(out), "--master", "local[2]", "--incidents",
                                       str(found), "--failures", str(failures)], catch_exceptions=False)
    assert result.exit_code == 1, result.output
    assert "40 articles" in result.output and "2 failed" in result.output
    kept = {f["article_id"] or "": f for f in map(json.loads, failures.read_text().splitlines())}
    assert kept["blank"]["code"] == "R005" and kept["blank"]["origin"] == f"{source}:blank"
    assert any(f["code"] == "R002" and '"broken"' in (f["raw"] or "") for f in kept.values())
    written = ordered(from_arrow(r) for r in pq.read_table(out).to_pylist())
    expected = ordered(r for r in sitrep_code(tmp_path, source))
    assert written == expected
    assert pq.read_table(found).num_rows >= 1
    again = CliRunner().invoke(main, ["spark", str(tmp_path / "in.parquet-missing"), str(out)])
    assert again.exit_code == 2 and "no such file" in again.output


# ----------------------------------------------------------------- incidents

REPORTS = [
    # incident 1: an attack on a village near Kaduna, reported by three outlets
    ("k1", "2024-05-07", "Daily Trust", "Gunmen kill 12 villagers in Kaduna",
     "Gunmen killed 12 villagers in Kaduna on Monday night, police said. The attackers stormed the village of "
     "Kurmin Kare on motorcycles and opened fire on residents."),
    ("k2", "2024-05-07", "Punch", "12 killed as bandits attack Kaduna village",
     "Bandits killed 12 people in an attack on Kurmin Kare village in Kaduna on Monday, residents said. The "
     "gunmen arrived on motorcycles and shot at villagers."),
    ("k3", "2024-05-08", "Vanguard", "Kaduna attack: death toll rises",
     "The death toll from Monday's attack on Kurmin Kare in Kaduna has risen to 14, police said on Tuesday. "
     "Gunmen on motorcycles opened fire on villagers."),
    # incident 2: in Maiduguri, the same week: the same country, another town
    ("m1", "2024-05-08", "Daily Trust", "Suicide bomber kills 6 in Maiduguri",
     "A suicide bomber killed six worshippers at a mosque in Maiduguri on Tuesday, officials said."),
    ("m2", "2024-05-09", "Reuters", "Mosque blast in Maiduguri kills six",
     "A suicide bomb attack on a mosque in Maiduguri killed six worshippers on Tuesday, the police said."),
    # incident 3: a bombing in Mogadishu, another country
    ("s1", "2024-05-10", "Garowe Online", "Car bomb kills 8 in Mogadishu",
     "A car bomb exploded near a market in Mogadishu on Thursday, killing eight people and wounding 15, "
     "officials said. Al-Shabaab claimed the attack."),
    ("s2", "2024-05-10", "Reuters", "Al-Shabaab car bomb kills eight in Somali capital",
     "Al-Shabaab militants detonated a car bomb near a market in Mogadishu on Thursday, killing eight people "
     "and wounding 15, a police officer said."),
    # incident 4: a protest in Mogadishu two weeks later
    ("s3", "2024-05-25", "Garowe Online", "Traders protest in Mogadishu",
     "Hundreds of traders protested in Mogadishu on Friday against new taxes. Police arrested five protesters."),
]


@pytest.mark.model
def test_spark_incidents_equal_the_single_machine_partition(spark):
    from sitrep.api import default_pipeline
    from sitrep.spark import cluster_incidents, code_dataframe

    rows = [{"id": i, "published": p, "source": s, "title": t, "text": x} for i, p, s, t, x in REPORTS]
    pipeline = default_pipeline()
    reports = []
    for row in rows:
        article = Article(id=row["id"], text=row["text"], published=dt.date.fromisoformat(row["published"]),
                          title=row["title"], source=row["source"])
        reports += [inc.Report.from_event(e, article) for e in pipeline.analyse(article).events or ()]
    single = {frozenset(r.event_id for r in group) for group in inc.partition(reports)}
    joined = [g for g in single if len({r.article_id for r in reports if r.event_id in g}) > 1]
    assert joined, "the reports should join into incidents of several articles"
    assert {r.place.country for r in reports if r.place} >= {"NGA", "SOM"}

    df = spark.createDataFrame(pa.Table.from_pylist(rows))
    found = cluster_incidents(code_dataframe(df), df).toArrow().to_pylist()
    assert {frozenset(i["events"]) for i in found} == single
    expected = {i.id: i.to_dict() for i in inc.incidents(reports)}
    for incident in found:
        assert from_arrow(incident, INCIDENT_SCHEMA) == expected[incident["id"]]
