"""Tests of ``sitrep.incidents`` on reports built by hand (no spaCy model): which reports
of which articles become one incident, and what the incident says."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from pathlib import Path
from typing import Any

import pytest

from sitrep import incidents as inc
from sitrep.errors import ResourceError
from sitrep.incidents import Figure, Report, Settings
from sitrep.model import EventDate, Place

D = dt.date(2024, 3, 8)

BROOKVILLE = Place("Brookville", "USA", "Ohio", 39.836, -84.411, 4512345, "city")
DAYTON = Place("Dayton", "USA", "Ohio", 39.759, -84.192, 4509884, "city")
OHIO = Place("Ohio", "USA", "Ohio", 40.25, -83.0, 5165418, "admin1")
COLUMBUS = Place("Columbus", "USA", "Ohio", 39.961, -82.999, 4509177, "city")
WINDSOR = Place("Windsor", "CAN", "Ontario", 42.3, -83.0, 6182962, "city")

MILL_STREET = (
    "Two men were shot outside the Rosewood Tavern on Mill Street in Brookville late Friday, "
    "police said. Officers found Dale Kettering and Marcus Obi wounded near the parking lot."
)
PINE_AVENUE = (
    "A teenager was killed in a drive-by shooting on Pine Avenue in Brookville on Friday evening. "
    "Neighbours said Jaylen Price had just left a basketball court at Garfield Park."
)


def report(event_id: str, article_id: str, text: str, *, place: Place | None = BROOKVILLE, day: dt.date = D,
           precision: str = "day", published: dt.date | None = None, plover: str | None = "ASSAULT",
           killed: int | None = None, injured: int | None = None, background: bool = False, rank: int = 0,
           source: str | None = None, claimed_by: str | None = None, **extra: Any) -> Report:
    published = published or day + dt.timedelta(days=1)
    figures = {}
    for kind, value in (("killed", killed), ("injured", injured)):
        if value is not None:
            figures[kind] = Figure(event_id, article_id, published, value, value, value, claimed_by)
    fields = dict(
        event_id=event_id, article_id=article_id, published=published, source=source, url=None, title=None,
        rank=rank, plover=plover, acled_event_type="Violence against civilians" if plover == "ASSAULT" else None,
        acled_sub_event_type=None, date=EventDate(day, day, precision), place=place, actor1=None, actor2=None,
        figures=figures, background=background, text=text,
    )
    fields.update(extra)
    return Report(**fields)


def groups(reports: list[Report], settings: Settings | None = None) -> list[set[str]]:
    return sorted(({r.event_id for r in g} for g in inc.partition(reports, settings)), key=min)


def test_the_packaged_settings_load_and_name_every_feature() -> None:
    settings = inc.default_settings()
    assert set(settings.weights) == set(inc.FEATURES)
    assert settings.window_days >= 1 and settings.followup_days > settings.window_days


def test_settings_with_an_unknown_key_or_a_missing_weight_are_refused(tmp_path: Path) -> None:
    bad = tmp_path / "incidents.yaml"
    bad.write_text("window_days: 3\nthresold: 1\nweights: {}\n", encoding="utf-8")
    with pytest.raises(ResourceError, match="thresold"):
        Settings.load(bad)
    bad.write_text("window_days: 3\nweights: {text: 1.0}\n", encoding="utf-8")
    with pytest.raises(ResourceError, match="missing"):
        Settings.load(bad)


def test_wire_copies_under_two_outlets_are_one_incident_and_the_copy_is_marked() -> None:
    a = report("e1", "a1", MILL_STREET, injured=2, source="Brookville Courier", published=D)
    b = report("e2", "a2", MILL_STREET, injured=2, source="Ohio Wire", published=D + dt.timedelta(days=1))
    [incident] = inc.incidents([b, a])
    assert incident.n_articles == 2 and incident.n_sources == 2
    assert [m.article_id for m in incident.members] == ["a1", "a2"]
    assert incident.members[1].copy_of == "a1" and incident.members[0].copy_of is None


def test_an_update_that_raises_the_toll_joins_and_its_figure_is_best() -> None:
    first = report("e1", "a1", MILL_STREET, killed=1, injured=1, published=D)
    update = report("e2", "a2", MILL_STREET.replace("wounded", "hurt; one has died"), killed=2,
                    published=D + dt.timedelta(days=2))
    [incident] = inc.incidents([first, update])
    killed = incident.killed
    assert killed is not None
    assert (killed.low, killed.best, killed.high) == (1, 2, 2)
    assert [f.article_id for f in killed.figures] == ["a1", "a2"]


def test_a_claimed_figure_is_kept_but_not_best_when_a_report_states_one() -> None:
    own = Figure("e1", "a1", D, 3, 3, 3)
    claim = Figure("e2", "a2", D + dt.timedelta(days=1), 30, 30, 30, claimed_by="the group")
    assert inc.best_figure([own, claim]) == 3
    assert inc.best_figure([claim]) == 30


def test_two_shootings_in_one_town_on_one_day_stay_apart() -> None:
    tavern = report("e1", "a1", MILL_STREET, injured=2)
    tavern_again = report("e2", "a2", MILL_STREET, injured=2)
    drive_by = report("e3", "a3", PINE_AVENUE, killed=1)
    drive_by_again = report("e4", "a4", PINE_AVENUE, killed=1)
    assert groups([tavern, drive_by, tavern_again, drive_by_again]) == [{"e1", "e2"}, {"e3", "e4"}]


def test_a_report_placed_at_the_state_level_joins_the_town_report_and_the_town_is_the_place() -> None:
    town = report("e1", "a1", MILL_STREET, injured=2)
    state = report("e2", "a2", MILL_STREET, place=OHIO, injured=2)
    [incident] = inc.incidents([state, town])
    assert incident.place is not None and incident.place.name == "Brookville"


def test_reports_in_two_countries_are_never_compared() -> None:
    a = report("e1", "a1", MILL_STREET, injured=2)
    b = report("e2", "a2", MILL_STREET, place=WINDSOR, injured=2)
    assert inc.compatible(a, b, inc.default_settings()) is None
    assert groups([a, b]) == [{"e1"}, {"e2"}]


def test_reports_weeks_apart_are_not_one_incident_unless_one_recalls_the_other() -> None:
    a = report("e1", "a1", MILL_STREET, injured=2)
    b = report("e2", "a2", MILL_STREET, injured=2, day=D + dt.timedelta(days=40))
    assert groups([a, b]) == [{"e1"}, {"e2"}]


def test_a_follow_up_months_later_joins_through_its_mention_without_moving_the_date() -> None:
    months = dt.timedelta(days=120)
    shooting = report("e1", "a1", MILL_STREET, injured=2)
    other = report("e5", "a5", PINE_AVENUE, killed=1)
    # The trial article: its news is a sentencing; it recalls the shooting in the background.
    sentencing = report("e2", "a2", "A Brookville man was sentenced on Monday to 12 years in prison.",
                        plover="COERCE", day=D + months, published=D + months)
    recall = report("e3", "a2", MILL_STREET, background=True, rank=1, injured=2, published=D + months)
    [incident, _] = sorted(inc.incidents([sentencing, recall, other, shooting]), key=lambda i: -i.n_articles)
    assert {m.event_id for m in incident.members} == {"e1", "e2", "e3"}
    assert incident.date.start == D
    assert next(m for m in incident.members if m.event_id == "e3").background


def test_the_index_offers_a_town_s_past_reports_within_the_follow_up_reach_and_no_further() -> None:
    settings = inc.default_settings()
    index = inc.BlockIndex(settings)
    near = report("e1", "a1", MILL_STREET, injured=2)
    far = report("e2", "a2", MILL_STREET, injured=2, day=D - dt.timedelta(days=settings.followup_days + 40))
    elsewhere = report("e3", "a3", MILL_STREET, place=COLUMBUS, injured=2)
    for r in (near, far, elsewhere):
        index.add(r)
    later = D + dt.timedelta(days=settings.followup_days - 5)
    # Undated ("last year's shooting"): its window is the week before publication.
    recall = report("e4", "a4", MILL_STREET, background=True, published=later, injured=2,
                    date=EventDate(dt.date(D.year, 1, 1), dt.date(D.year, 12, 31), "year"))
    assert [r.event_id for r in index.candidates(recall)] == ["e1"]
    # A report of the day meets the town's background mentions, not its other reports.
    index.add(recall)
    today = report("e5", "a5", PINE_AVENUE, day=later, killed=1)
    assert [r.event_id for r in index.candidates(today)] == ["e4"]


def test_an_article_about_a_sentencing_alone_is_dated_by_the_shooting_it_recalls() -> None:
    months = dt.timedelta(days=120)
    sentencing = report("e1", "a1", "A Brookville man was sentenced on Monday to 12 years in prison.",
                        plover="COERCE", day=D + months, published=D + months)
    recall = report("e2", "a1", MILL_STREET, background=True, rank=1, injured=2, published=D + months)
    [incident] = inc.incidents([sentencing, recall])
    assert {m.event_id for m in incident.members} == {"e1", "e2"}
    assert incident.date.start == D and incident.counts["injured"].best == 2


def test_a_town_s_mention_of_a_past_shooting_joins_only_the_one_it_matches_best() -> None:
    tavern = report("e1", "a1", MILL_STREET, injured=2)
    drive_by = report("e2", "a2", PINE_AVENUE, killed=1)
    later = D + dt.timedelta(days=60)
    recap = report("e3", "a3", MILL_STREET + " " + PINE_AVENUE[:60], background=True, published=later, injured=2)
    found = groups([tavern, drive_by, recap])
    assert {"e1", "e2"} not in [g & {"e1", "e2"} for g in found]  # the recap never joins the two


def test_an_article_s_arrest_joins_its_shooting_and_a_second_shooting_elsewhere_stays_apart() -> None:
    shooting = report("e1", "a1", MILL_STREET, injured=2)
    arrest = report("e2", "a1", "Police arrested a suspect on Saturday.", plover="COERCE", rank=1)
    elsewhere = report("e3", "a1", PINE_AVENUE, place=COLUMBUS, killed=1, rank=2)
    assert groups([shooting, arrest, elsewhere]) == [{"e1", "e2"}, {"e3"}]


def test_an_attack_and_the_strike_back_at_its_authors_are_two_incidents_a_shootout_one() -> None:
    state = dataclasses.replace(BROOKVILLE, name="Ohio", precision="admin1", geonameid=None)
    attack = report("e1", "a1", "Militiamen fired rockets at the air base, wounding three soldiers.", injured=3,
                    actor1="Valley Militia fighters", actor2="US soldiers")
    reprisal = report("e2", "a1", "US forces struck three sites used by the militia.", place=state, rank=1,
                      actor1="US forces", actor2="Valley Militia")
    assert groups([attack, reprisal]) == [{"e1"}, {"e2"}]
    # Police and a gunman shooting at each other at one address: one incident.
    fired = report("e3", "a2", MILL_STREET, actor1="gunman", actor2="police officers", injured=1)
    returned = report("e4", "a2", "Officers returned fire and wounded the gunman.", rank=1,
                      actor1="police officers", actor2="gunman", injured=1)
    assert groups([fired, returned]) == [{"e3", "e4"}]


def test_the_partition_does_not_depend_on_the_order_of_the_input() -> None:
    reports = [
        report("e1", "a1", MILL_STREET, injured=2),
        report("e2", "a2", MILL_STREET, injured=2, day=D + dt.timedelta(days=1)),
        report("e3", "a3", PINE_AVENUE, killed=1),
        report("e4", "a4", PINE_AVENUE, killed=1, place=DAYTON),
        report("e5", "a5", MILL_STREET, background=True, published=D + dt.timedelta(days=90)),
        report("e6", "a5", "The man was charged on Tuesday.", plover="ACCUSE", rank=0,
               day=D + dt.timedelta(days=90), published=D + dt.timedelta(days=90)),
    ]
    expected = groups(reports)
    rng = random.Random(3)
    for _ in range(10):
        shuffled = reports[:]
        rng.shuffle(shuffled)
        assert groups(shuffled) == expected


def test_adding_articles_one_at_a_time_gives_the_partition_of_all_at_once() -> None:
    reports = [
        report("e1", "a1", MILL_STREET, injured=2),
        report("e2", "a2", MILL_STREET, injured=2),
        report("e3", "a3", PINE_AVENUE, killed=1),
    ]
    one_by_one = inc.Clusterer()
    for r in reversed(reports):
        one_by_one.add_article([r])
    assert sorted({r.event_id for r in g} for g in one_by_one.groups()) == sorted(
        {r.event_id for r in g} for g in inc.partition(reports))


def test_incident_ids_come_from_the_smallest_member_and_survive_a_rebuild() -> None:
    reports = [report("e2", "a2", MILL_STREET, injured=2), report("e1", "a1", MILL_STREET, injured=2)]
    [incident] = inc.incidents(reports)
    assert incident.id == inc.incident_id("e1")
    assert inc.incidents(list(reversed(reports)))[0].id == incident.id


def test_the_incident_record_has_the_documented_keys() -> None:
    [incident] = inc.incidents([report("e1", "a1", MILL_STREET, injured=2, source="Courier")])
    record = incident.to_dict()
    for key in ("id", "articles", "events", "members", "n_articles", "n_sources", "first_report", "last_report",
                "type", "date", "place", "actor1", "actor2", "killed", "injured"):
        assert key in record
    assert record["injured"]["best"] == 2 and record["killed"] is None
    assert record["members"][0]["source"] == "Courier"


def test_a_report_built_from_an_output_record_matches_the_event() -> None:
    from sitrep.model import Article, Count, Event

    article = Article("a1", "Two men were shot on Mill Street.", D, title="Shooting", url="https://www.courier.example/x")
    event = Event("a1", "shot", 14, 18, 0, 33, plover="ASSAULT", date=EventDate(D, D, "day"), place=BROOKVILLE,
                  injured=Count(2, 2, 2, "Two men"))
    r = Report.from_event(event, article)
    assert r.event_id == event.event_id and r.outlet == "courier.example"
    assert r.figures["injured"].value == 2 and r.place is not None and r.place.geonameid == BROOKVILLE.geonameid
    assert dataclasses.asdict(r.date)["precision"] == "day"


def test_a_teaser_of_another_story_joins_that_story_but_never_brings_its_page() -> None:
    drive_by = report("e1", "a1", PINE_AVENUE, killed=1)
    # Another page: its own news is a tavern shooting; a teaser line recalls the drive-by.
    tavern = report("e2", "a2", MILL_STREET, injured=2, day=D + dt.timedelta(days=1))
    teaser = report("e3", "a2", PINE_AVENUE, killed=1, background=True, furniture=True, rank=1,
                    day=D + dt.timedelta(days=1))
    found = groups([drive_by, tavern, teaser])
    assert {"e1", "e3"} in found and {"e2"} in found


def test_a_later_mention_that_gives_the_day_dates_an_incident_its_news_reports_did_not() -> None:
    # The news report gives no day: its date is the reporting window before publication.
    news = report("e1", "a1", MILL_STREET, injured=2, day=D - dt.timedelta(days=1), precision="range",
                  date=EventDate(D - dt.timedelta(days=1), D, "range", "reporting window"), published=D)
    # A trial report months later recalls "the shooting on March 5".
    recall = report("e2", "a2", MILL_STREET, background=True, rank=1, injured=2, day=D - dt.timedelta(days=3),
                    published=D + dt.timedelta(days=120))
    incident = inc.build_incident([news, recall])
    assert (incident.date.start, incident.date.precision) == (D - dt.timedelta(days=3), "day")
    # a recalled month says less than the news report's window: the window stays
    vague = dataclasses.replace(recall, date=EventDate(dt.date(2024, 3, 1), dt.date(2024, 3, 31), "month"))
    assert inc.build_incident([news, vague]).date.start == D - dt.timedelta(days=1)


def test_each_article_has_one_vote_on_the_date_and_leads_with_its_main_event() -> None:
    sunday, thursday = D, D - dt.timedelta(days=3)
    long_read = [report("a0", "long", "the shooting on Sunday", day=sunday)] + [
        report(f"a{i}", "long", "an earlier shooting on Thursday", day=thursday, rank=i) for i in (1, 2, 3)]
    brief = [report("b0", "brief", "a man was shot Sunday", day=sunday)]
    # Three mentions of Thursday in one article do not outvote two articles that lead with Sunday.
    assert inc.build_incident(long_read + brief).date.start == sunday
    # Within one article, the event it leads with dates the incident, not an earlier mention.
    assert inc.build_incident(long_read[:2]).date.start == sunday
    # Articles that agree equally: the earliest day (the shooting, not the death in hospital).
    later = [report("c0", "third", "died Monday", day=sunday + dt.timedelta(days=1))]
    assert inc.build_incident(brief + later).date.start == sunday


def test_each_article_has_one_vote_for_the_incidents_state() -> None:
    # one article tells its shooting three times in Indiana (a namesake read wrong); two
    # articles place it in Ohio once each: two votes against one, whatever the counts
    richmond_in = Place("Richmond", "USA", "Indiana", 39.83, -84.89, 4263681, "city")
    long_read = [report(f"a{i}", "a", MILL_STREET, place=richmond_in, rank=i) for i in range(3)]
    others = [report("b0", "b", PINE_AVENUE, place=DAYTON), report("c0", "c", PINE_AVENUE, place=BROOKVILLE)]
    assert inc.build_incident(long_read + others).place.admin1 == "Ohio"
    # an article's vote is shared among the states of its members, by how many are in each
    split = [report("d0", "d", MILL_STREET, place=DAYTON), report("d1", "d", MILL_STREET, place=richmond_in),
             report("d2", "d", MILL_STREET, place=richmond_in)]
    assert inc.build_incident(split + [report("e0", "e", PINE_AVENUE, place=richmond_in)]).place.admin1 == "Indiana"


def test_a_tie_between_states_goes_to_the_articles_main_events() -> None:
    # each article places one event in each state; the main (rank 0) events are in Ohio
    richmond_in = Place("Richmond", "USA", "Indiana", 39.83, -84.89, 4263681, "city")
    reports = [report("a0", "a", MILL_STREET, place=BROOKVILLE, rank=0), report("a1", "a", MILL_STREET, place=richmond_in, rank=1),
               report("b0", "b", PINE_AVENUE, place=DAYTON, rank=0), report("b1", "b", PINE_AVENUE, place=richmond_in, rank=1)]
    assert inc.build_incident(reports).place.admin1 == "Ohio"  # (and "Indiana" comes first by name)
