"""sitrep.timex: calendar helpers, the time lexicon, and the text scan without a parse."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from sitrep.timex import (
    NEEDS_REF, OUTSIDE_CALENDAR, OutsideCalendar, add_days, add_days_within, calendar_date, check_time_words, easter,
    nearest_year, scan, time_words, week_value, weekday_near, year_for,
)

D = dt.date


def found(text: str, published: dt.date | None = D(2023, 12, 26)) -> dict[str, tuple]:
    return {text[f.start:f.end]: (f.type, f.value, f.start_date, f.end_date, f.precision) for f in scan(text, published)}


def test_packaged_lexicon_is_valid():
    data = time_words()
    assert check_time_words(data) is None
    assert data["months"]["october"] == 10 and data["weekdays"]["friday"] == 4


def test_lexicon_check_names_the_problem():
    data = copy.deepcopy(time_words())
    data["months"]["october"] = 13
    assert "october" in check_time_words(data)
    del data["vague"]
    assert "vague" in check_time_words(data)


def test_calendar_helpers():
    assert easter(2024) == D(2024, 3, 31) and easter(2023) == D(2023, 4, 9)
    assert week_value(D(2023, 12, 26)) == "2023-W52" and week_value(D(2021, 1, 2)) == "2020-W53"
    tue = D(2023, 12, 26)
    assert weekday_near(tue, 0, "past") == D(2023, 12, 25)
    assert weekday_near(tue, 1, "past") == tue and weekday_near(tue, 1, "before") == D(2023, 12, 19)
    assert weekday_near(tue, 1, "after") == D(2024, 1, 2) and weekday_near(tue, 4, "future") == D(2023, 12, 29)
    assert year_for(D(2024, 1, 3), 12, 28, "past") == 2023
    assert year_for(D(2024, 1, 3), 12, 28, "nearest") == 2023
    assert year_for(D(2023, 12, 26), 10, 7, "nearest") == 2023
    assert year_for(D(2023, 12, 26), 1, 5, "future") == 2024
    assert nearest_year(D(2023, 6, 1), lambda y: (D(y, 3, 1), D(y, 3, 31)), "after") == 2024


def test_explicit_dates():
    got = found("On 9 May 2020, on May 9, 2020, on 2020-05-09 and on Saturday, May 9, 2020.")
    assert got["9 May 2020"][1:] == ("2020-05-09", D(2020, 5, 9), D(2020, 5, 9), "day")
    assert got["May 9, 2020"][1] == "2020-05-09"
    assert got["2020-05-09"][1] == "2020-05-09"
    assert got["Saturday, May 9, 2020"][1] == "2020-05-09"


def test_numbers_that_are_not_times():
    text = "He paid $48 for it. Ali, 48, of Mosul, and a 22-year-old were among 1,100 people; 300 fighters joined."
    assert scan(text, D(2023, 12, 26)) == []


def test_ambiguous_month_names_need_a_cue():
    got = found("Theresa May said talks may resume in May. Troops march in March.")
    assert got["May"][1] == "2024-05" and got["March"][1] == "2024-03"  # nearest, no tense known
    assert len(got) == 2


def test_decades_centuries_seasons_quarters():
    got = found("in the 1990s, the '80s, the 20th century, last summer, in the spring of 2019, the third quarter")
    assert got["the 1990s"][1:3] == ("199", D(1990, 1, 1))
    assert got["the '80s"][1] == "198"
    assert got["the 20th century"][1] == "19"
    assert got["last summer"][1] == "2023-SU"
    assert got["the spring of 2019"][1:4] == ("2019-SP", D(2019, 3, 1), D(2019, 5, 31))
    assert got["the third quarter"][1] == "2023-Q3"


def test_durations_and_sets():
    got = found("fighting for three days, a 16-hour siege, for weeks, several months, every Friday, twice a day, daily")
    assert got["three days"][:2] == ("DURATION", "P3D")
    assert got["16-hour"][1] == "PT16H"
    assert got["weeks"][1] == "PXW"
    assert got["several months"][1] == "PXM"
    assert got["every Friday"][:2] == ("SET", "XXXX-WXX-5")
    assert got["a day"][:2] == ("SET", "P1D") and got["daily"][:2] == ("SET", "P1D")


def test_relative_without_publication_date_stays_unresolved():
    results = scan("Rebels attacked the town on Monday and again yesterday, as in 2009.", None)
    by_text = {f"{r.start}": r for r in results}
    assert len(by_text) == 3
    relative = [r for r in results if r.value is None]
    assert len(relative) == 2 and all(r.note == NEEDS_REF for r in relative)
    assert any(r.value == "2009" for r in results)


def test_ranges_and_since():
    # Ends joined by a word are two expressions (as TimeML marks them), each with its
    # own value and the window of the whole range; joined by a dash they are one.
    got = found("from 9 to 12 May 2020, between 2009 and 2011, on April 24 and 25, in 1994-97, since October 7")
    assert got["9"][1:] == ("2020-05-09", D(2020, 5, 9), D(2020, 5, 12), "range")
    assert got["12 May 2020"][1:] == ("2020-05-12", D(2020, 5, 9), D(2020, 5, 12), "range")
    assert got["2009"][1:] == ("2009", D(2009, 1, 1), D(2011, 12, 31), "range")
    assert got["2011"][1:] == ("2011", D(2009, 1, 1), D(2011, 12, 31), "range")
    assert got["April 24"][1:] == ("2024-04-24", D(2024, 4, 24), D(2024, 4, 25), "range")
    assert got["25"][1] == "2024-04-25"
    assert got["1994-97"][1:] == ("1994", D(1994, 1, 1), D(1997, 12, 31), "range")
    assert got["since October 7"][1:] == ("2023-10-07", D(2023, 10, 7), D(2023, 12, 26), "range")


@pytest.mark.parametrize("phrase,value", [
    ("Christmas Day", "2023-12-25"), ("Easter", "2024-03-31"), ("New Year's Day", "2024-01-01"),
    ("last week", "2023-W51"), ("this week", "2023-W52"), ("last month", "2023-11"), ("last year", "2022"),
    ("next year", "2024"), ("three days ago", "2023-12-23"), ("two weeks ago", "2023-W50"),
    ("the weekend", "2023-W51-WE"), ("recently", "PAST_REF"), ("now", "PRESENT_REF"),
    ("the future", "FUTURE_REF"), ("tonight", "2023-12-26TNI"), ("this morning", "2023-12-26TMO"),
    ("yesterday", "2023-12-25"), ("tomorrow", "2023-12-27"),
])
def test_phrases(phrase, value):
    got = found(f"It happened {phrase}, he said.")
    assert got[phrase][1] == value


def test_clock_times_take_their_day():
    got = found("The blast came at 10:35 a.m. Friday. A second one followed at 3 p.m.")
    assert got["10:35 a.m. Friday"][:2] == ("TIME", "2023-12-22T10:35")
    assert got["3 p.m."][1] == "2023-12-22T15:00"


def test_modifiers_and_narrative_days():
    got = found("Late Sunday the army moved; the next day it shelled the city. Earlier today talks began.")
    assert got["Late Sunday"][1] == "2023-12-24"
    assert got["the next day"][1] == "2023-12-25"
    assert got["Earlier today"][1] == "2023-12-26"


def test_reporting_periods_follow_the_quarter_in_view():
    text = ("Acme said third-quarter profit rose to $12 million from $9 million a year earlier. "
            "Sales in the quarter climbed, while in the year-ago quarter they fell. "
            "In the latest quarter costs rose; year-earlier costs were lower.")
    got = found(text, D(2023, 10, 26))
    assert got["third-quarter"][1] == "2023-Q3"  # the latest quarter that has begun
    assert got["a year earlier"][1:4] == ("2022-Q3", D(2022, 7, 1), D(2022, 9, 30))
    assert got["the quarter"][1] == "2023-Q3"
    assert got["the year-ago quarter"][1] == "2022-Q3"
    assert got["the latest quarter"][1] == "2023-Q3"
    assert got["year-earlier"][1] == "2022-Q3"


def test_a_year_ago_without_a_quarter_in_view_is_the_year():
    got = found("Prices doubled from a year ago. Unemployment fell two years ago.", D(2023, 12, 26))
    assert got["a year ago"][1] == "2022" and got["two years ago"][1] == "2021"


def test_quarters_with_their_year():
    got = found("Losses in the 2021 third quarter and in this year's second quarter, "
                "but not last year's fourth quarter.", D(2023, 12, 26))
    assert got["the 2021 third quarter"][1] == "2021-Q3"
    assert got["this year's second quarter"][1] == "2023-Q2"
    assert got["last year's fourth quarter"][1] == "2022-Q4"


def test_months_with_last_or_this_year():
    got = found("The town fell in June last year and was retaken on March 3 this year.", D(2024, 2, 1))
    assert got["June last year"][1:4] == ("2023-06", D(2023, 6, 1), D(2023, 6, 30))
    assert got["March 3 this year"][1] == "2024-03-03"


def test_day_range_without_a_year():
    got = found("Clashes on 7 - 8 May killed four.", D(2020, 5, 10))
    assert got["7 - 8 May"][1:] == ("2020-05-07", D(2020, 5, 7), D(2020, 5, 8), "range")


def test_distance_from_an_event_is_a_duration():
    got = found("The army returned two months after the siege and left several days before the vote.")
    assert got["two months"][:2] == ("DURATION", "P2M")
    assert got["several days"][:2] == ("DURATION", "PXD")


def test_halves_couples_and_recent_spans():
    got = found("They lived there for 2 1/2 years, waited an hour and a half, and may stay a couple of years. "
                "Raids have grown in recent years and in the past two months.")
    assert got["2 1/2 years"][1] == "P2Y6M"
    assert got["an hour and a half"][1] == "PT1H30M"
    assert got["a couple of years"][1] == "P2Y"
    assert got["in recent years"][:2] == ("DURATION", "PXY")
    assert got["two months"][1] == "P2M" and "in the past" not in got


def test_the_past_year_is_the_year_before():
    got = found("Attacks rose over the past year.", D(2023, 12, 26))
    assert got["the past year"][:2] == ("DATE", "2022")


def test_years_in_words():
    got = found("In nineteen ninety-six the plant closed; by the year two thousand it reopened. "
                "January nineteen ninety-seven was cold. Nineteen twenty people came.", D(1998, 2, 1))
    assert got["nineteen ninety-six"][1:4] == ("1996", D(1996, 1, 1), D(1996, 12, 31))
    assert got["the year two thousand"][1] == "2000"
    assert got["January nineteen ninety-seven"][1] == "1997-01"
    assert "Nineteen twenty" not in got


def test_fall_the_verb_is_not_autumn():
    got = found("Prices are expected to fall. Fighting resumed in the fall.", D(2023, 12, 26))
    assert list(got) == ["the fall"] and got["the fall"][1] == "2023-FA"


def test_a_month_without_a_year_leans_to_the_past():
    # No tense known: a month five months back beats one four months ahead only when
    # the one ahead is farther than the lean allows.
    assert found("Sales peaked in April.", D(2023, 10, 26))["April"][1] == "2023-04"
    assert found("Sales peak in January.", D(2023, 10, 26))["January"][1] == "2024-01"


def test_a_holiday_with_two_dates_takes_the_one_nearest_publication():
    assert found("Unions marched on Labour Day.", D(2022, 5, 3))["Labour Day"][1] == "2022-05-01"
    assert found("Unions marched on Labor Day.", D(2022, 9, 7))["Labor Day"][1] == "2022-09-05"
    assert found("Unions marched on May Day.", D(2022, 9, 7))["May Day"][1] == "2022-05-01"


def test_periods_named_from_the_last_date_in_the_text():
    text = ("The militia seized the mine in June 2018. Later that year it lost the mine, and the following "
            "year it came back. Two months later a truce was signed.")
    got = found(text, D(2023, 12, 26))
    assert got["Later that year"][1:4] == ("2018", D(2018, 1, 1), D(2018, 12, 31))
    assert got["the following year"][1] == "2019"
    assert got["Two months later"][1] == "2019-03"
    alone = found("That year the harvest failed.", D(2023, 12, 26))
    assert alone["That year"][1] is None


def test_the_reporting_year_and_its_parts():
    got = found("Sales for the full year rose, and the sale should close by year-end or by the end of the month. "
                "In the year ended June 30 the unit lost money. The year was hard.", D(2023, 11, 20))
    assert got["the full year"][:2] == ("DATE", "2023")
    assert got["year-end"][1] == "2023"
    assert got["the end of the month"][1] == "2023-11"
    assert got["the year"][:2] == ("DURATION", "P1Y")
    assert "The year" not in got


def test_terms_and_later_dates_are_future_references():
    got = found("Prices may stay high in the near term, and the vote was put off to a later date.")
    assert got["the near term"][1] == "FUTURE_REF" and got["a later date"][1] == "FUTURE_REF"


def test_the_week_of_a_day_is_that_week():
    got = found("Clashes went on during the week of 3 March 2021; talks are set for the week of March 15.", D(2021, 3, 9))
    assert got["the week of 3 March 2021"][1:] == ("2021-W09", D(2021, 3, 1), D(2021, 3, 7), "week")
    assert got["the week of March 15"][1] == "2021-W11"


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("It happened yesterday.", D(1, 1, 1)),
        ("They meet tomorrow.", D(9999, 12, 31)),
        ("They meet next week.", D(9999, 12, 31)),
        ("It began last year.", D(1, 6, 1)),
        ("The talks resume next month.", D(9999, 12, 1)),
        ("It is set for this winter.", D(9999, 12, 1)),
        ("He died last Christmas.", D(1, 3, 1)),
        # a date without a year near the start: the year before is a candidate too
        ("It happened on March 3.", D(1, 1, 1)),
    ],
)
def test_a_date_outside_the_calendar_is_unresolved_with_a_note(text, published):
    (f,) = scan(text, published)
    assert (f.value, f.start_date, f.end_date) == (None, None, None)
    assert f.note == OUTSIDE_CALENDAR


def test_dates_derived_from_others_outside_the_calendar_are_unresolved():
    narrative = "The raid came yesterday. The day before, troops massed."
    first, second = scan(narrative, D(1, 1, 2))
    assert first.value == "0001-01-01"  # the first day there is still resolves
    assert (second.value, second.note) == (None, OUTSIDE_CALENDAR)
    quarters = "Sales in the first quarter rose. The year-ago quarter was weak."
    first, second = scan(quarters, D(1, 5, 1))
    assert first.value == "0001-Q1"
    assert (second.value, second.start_date, second.note) == (None, None, OUTSIDE_CALENDAR)


def test_calendar_arithmetic_at_its_ends():
    assert add_days(D(9999, 12, 30), 1) == D(9999, 12, 31)
    with pytest.raises(OutsideCalendar):
        add_days(D(9999, 12, 31), 1)
    with pytest.raises(OutsideCalendar):
        calendar_date(0, 12, 31)
    assert add_days_within(D(1, 1, 3), -7) == D(1, 1, 1)
    assert add_days_within(D(9999, 12, 30), 7) == D(9999, 12, 31)
    assert add_days_within(D(2024, 3, 1), -1) == D(2024, 2, 29)
