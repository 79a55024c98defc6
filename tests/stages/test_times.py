"""Stage times: time expressions found with the parse, resolved against publication."""

from __future__ import annotations

import datetime as dt

from sitrep.stages.times import find_times

D = dt.date


def times_of(analyse, text: str, published: str | None = "2023-12-26") -> dict[str, object]:
    result = find_times(analyse(text, published=published), None)["times"]
    assert list(result) == sorted(result, key=lambda t: t.start)
    for t in result:
        assert text[t.start:t.end] == t.text
    return {t.text: t for t in result}


def test_weekdays_resolve_to_the_most_recent_one(analyse):
    got = times_of(analyse, "Gunmen attacked a checkpoint on Monday and clashes went on until early Tuesday.")
    assert got["Monday"].value == "2023-12-25" and got["Monday"].precision == "day"
    assert got["early Tuesday"].value == "2023-12-26"


def test_friday_in_an_article_published_on_a_friday_is_that_day(analyse):
    got = times_of(analyse, "Police arrested twelve protesters on Friday.", published="2024-03-08")
    assert got["Friday"].value == "2024-03-08"


def test_future_tense_moves_a_weekday_forward(analyse):
    got = times_of(analyse, "The two sides will meet on Friday, and the army will withdraw next Monday.", published="2024-03-05")
    assert got["Friday"].value == "2024-03-08"
    assert got["next Monday"].value == "2024-03-11"


def test_day_without_year_in_january_is_last_december(analyse):
    got = times_of(analyse, "The ceasefire collapsed on December 28, officials said.", published="2024-01-03")
    assert got["December 28"].value == "2023-12-28"


def test_past_tense_keeps_a_month_in_the_past(analyse):
    got = times_of(analyse, "Rebels seized the town in March and lost it in October.", published="2023-12-26")
    assert got["March"].value == "2023-03" and got["October"].value == "2023-10"
    assert got["March"].start_date == D(2023, 3, 1) and got["March"].end_date == D(2023, 3, 31)


def test_deictic_words(analyse):
    got = times_of(analyse, "Troops withdrew yesterday; talks resume tomorrow and a curfew starts tonight. Earlier today a mortar hit the market.")
    assert got["yesterday"].value == "2023-12-25"
    assert got["tomorrow"].value == "2023-12-27"
    assert got["tonight"].value == "2023-12-26TNI" and got["tonight"].type == "TIME"
    assert got["Earlier today"].value == "2023-12-26"


def test_weeks_months_years_decades(analyse):
    got = times_of(analyse, "Aid arrived last week and this week; prices rose last month and last year. "
                            "The group was founded in 2009 and grew in the 1990s.")
    assert got["last week"].value == "2023-W51" and got["last week"].precision == "week"
    assert got["this week"].value == "2023-W52"
    assert got["last month"].value == "2023-11" and got["last year"].value == "2022"
    assert got["2009"].value == "2009" and got["2009"].precision == "year"
    assert got["the 1990s"].value == "199"


def test_holidays_seasons_vague(analyse):
    got = times_of(analyse, "Shelling resumed on Christmas Day. Fighting had paused over the summer. "
                            "Clashes have recently grown, and the town is now empty.")
    assert got["Christmas Day"].value == "2023-12-25"
    assert got["the summer"].value == "2023-SU"
    assert got["recently"].value == "PAST_REF" and got["now"].value == "PRESENT_REF"


def test_durations_ranges_since(analyse):
    got = times_of(analyse, "The siege lasted for three days. Voting ran from 9 to 12 May 2020. "
                            "More than 200 people have died since October 7.")
    assert got["three days"].type == "DURATION" and got["three days"].value == "P3D"
    assert (got["9"].value, got["12 May 2020"].value) == ("2020-05-09", "2020-05-12")
    assert (got["9"].start_date, got["12 May 2020"].end_date) == (D(2020, 5, 9), D(2020, 5, 12))
    assert got["12 May 2020"].start_date == D(2020, 5, 9) and got["9"].precision == "range"
    since = got["since October 7"]
    assert since.value == "2023-10-07" and since.end_date == D(2023, 12, 26) and since.precision == "range"


def test_numbers_are_not_times(analyse):
    text = "Each ration costs $48. Omar, 48, of Kirkuk, and a 22-year-old student were among 2000 people detained."
    assert times_of(analyse, text) == {}


def test_a_year_as_modifier_but_not_a_count(analyse):
    got = times_of(analyse, "Survivors of the 1994 massacre marched with 2000 supporters.")
    assert list(got) == ["1994"]


def test_a_street_number_is_not_a_year(analyse):
    text = ("A man was shot in the 1900 block of Oak Avenue and another at 1822 Harlan Street. "
            "Police closed Route 1960 near the 2100 block.")
    got = times_of(analyse, text)
    assert list(got) == []
    # A year before a street name is still a year when a preposition of time governs it.
    got = times_of(analyse, "In 2009 Main Street protesters marched after the 1996 bombing.")
    assert list(got) == ["2009", "1996"]


def test_no_publication_date_leaves_relative_times_open(analyse):
    got = times_of(analyse, "Militants attacked a convoy on Monday, a year after the 2019 raid.", published=None)
    assert got["Monday"].value is None and "reference date" in got["Monday"].note
    assert got["2019"].value == "2019"


def test_a_past_verb_does_not_push_a_near_date_back_a_year(analyse):
    got = times_of(analyse, "The board declared a dividend payable Dec. 15. Rebels seized the port in February.",
                   published="2023-10-26")
    assert got["Dec. 15"].value == "2023-12-15"  # less than two months ahead: the coming one
    assert got["February"].value == "2023-02"  # a past verb, more than two months ahead: last one
    assert times_of(analyse, "Elections in February.", published="2023-10-26")["February"].value == "2024-02"


def test_a_quarter_named_alone_is_the_latest_one_even_in_the_future_tense(analyse):
    got = times_of(analyse, "The company expects to report a third-quarter loss. It will publish results "
                            "for the fourth quarter next year.", published="2023-10-26")
    assert got["third-quarter"].value == "2023-Q3"
    assert got["the fourth quarter"].value == "2023-Q4"


def test_late_and_early_weekdays(analyse):
    got = times_of(analyse, "Late Sunday a drone struck a depot; early Monday the army replied.", published="2023-12-26")
    assert got["Late Sunday"].value == "2023-12-24"
    assert got["early Monday"].value == "2023-12-25"


def test_cues_that_put_a_weekday_ahead_of_publication(analyse):
    # Published on Wednesday 6 March 2024.
    cases = {
        "The delegation would travel to Geneva on Thursday, an aide said.": "2024-03-07",
        "The two envoys meet separately Friday with the mediator.": "2024-03-08",
        "The union planned to strike on Saturday over unpaid wages.": "2024-03-09",
        "Shelling hurt six civilians on Monday.": "2024-03-04",
        "The army said on Tuesday that the road was open.": "2024-03-05",
        "The ceasefire had been due to expire on Monday evening.": "2024-03-04TEV",
    }
    for sentence, value in cases.items():
        got = times_of(analyse, sentence, published="2024-03-06")
        assert [t.value for t in got.values()] == [value], sentence


def test_a_year_before_a_plural_noun_after_the_or_an_owner(analyse):
    got = times_of(analyse, "The 1998 riots and the firm's 2019 accounts were cited; 2000 people marched; "
                            "fiscal 2021 sales fell.", published="2023-12-26")
    assert [t.value for t in got.values()] == ["1998", "2019", "2021"]


def test_future_before_a_noun_is_no_time(analyse):
    got = times_of(analyse, "Future talks are planned, and the future looks grim.")
    assert list(got) == ["the future"]



def test_months_leaning_on_their_verb(analyse):
    # Published on 27 October 2023.
    got = times_of(analyse, "The firm changed its fiscal year in December. A new pay scale takes hold effective "
                            "Feb. 1, and veterans march each July. Shares are up 9% since year-end.",
                   published="2023-10-27")
    assert got["December"].value == "2022-12"  # right on a past verb: the last one
    assert got["Feb. 1"].value == "2024-02-01"  # "effective": the coming one
    assert got["each July"].type == "SET" and got["each July"].value == "XXXX-07"
    assert got["since year-end"].value == "2022" and got["since year-end"].end_date == D(2023, 10, 27)
