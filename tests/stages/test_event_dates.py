"""Stage event_dates: each event's date window and background flag, from hand-built events."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sitrep.model import Event, Quote
from sitrep.stages.event_dates import date_events
from sitrep.stages.times import find_times

D = dt.date


def event_at(text: str, trigger: str, nth: int = 0) -> Event:
    """An event on the ``nth`` occurrence of ``trigger``, its sentence cut at . ! ? boundaries."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(trigger, start + 1)
    sent_start = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    sent_end = text.find(". ", start)
    sent_end = len(text) if sent_end < 0 else sent_end + 1
    while text[sent_start] in " \n":
        sent_start += 1
    return Event(article_id="t1", trigger=trigger, trigger_start=start, trigger_end=start + len(trigger),
                 sentence_start=sent_start, sentence_end=sent_end)


def run(analyse, text: str, events: list[Event], published: str | None = "2023-12-26", quotes=()) -> list[Event]:
    analysis = analyse(text, published=published, quotes=tuple(quotes), events=tuple(events))
    analysis = dataclasses.replace(analysis, times=find_times(analysis, None)["times"])
    return list(date_events(analysis, None)["events"])


def test_time_on_the_trigger_wins_over_others_in_the_sentence(analyse):
    text = "Militants, who were first reported in 2015, attacked the base on Monday."
    (ev,) = run(analyse, text, [event_at(text, "attacked")])
    assert (ev.date.start, ev.date.end, ev.date.precision) == (D(2023, 12, 25), D(2023, 12, 25), "day")
    assert not ev.background
    assert [(e.field, e.text) for e in ev.evidence] == [("date", "Monday")]


def test_time_in_a_relative_clause_of_the_trigger(analyse):
    text = "Jets struck back after a drone attack that wounded two soldiers on Sunday."
    (ev,) = run(analyse, text, [event_at(text, "attack")])
    assert ev.date.start == D(2023, 12, 24)


def test_relative_time_in_a_quote_is_widened_by_a_day(analyse):
    text = "\u201cToday, our forces carried out strikes on two depots,\u201d the ministry said."
    quote = Quote(text[0:text.index("\u201d") + 1], 0, text.index("\u201d") + 1)
    (ev,) = run(analyse, text, [event_at(text, "strikes")], quotes=[quote])
    assert (ev.date.start, ev.date.end, ev.date.precision) == (D(2023, 12, 25), D(2023, 12, 26), "range")
    assert "quotation" in ev.date.text
    assert not ev.background


def test_the_same_today_outside_a_quote_is_the_publication_day(analyse):
    text = "Today, government forces carried out strikes on two depots."
    (ev,) = run(analyse, text, [event_at(text, "strikes")])
    assert (ev.date.start, ev.date.end, ev.date.precision) == (D(2023, 12, 26), D(2023, 12, 26), "day")


def test_old_dates_and_cues_make_background(analyse):
    text = ("The war began on October 7 after gunmen stormed several villages. "
            "In 2009, the finance ministry sanctioned the group. "
            "Shells hit the port on Monday. "
            "Deaths have passed 300 since October 7. "
            "Officials said the rebels had attacked the convoy.")
    events = [event_at(text, "stormed"), event_at(text, "sanctioned"), event_at(text, "hit"),
              event_at(text, "Deaths"), event_at(text, "attacked")]
    stormed, sanctioned, hit, deaths, attacked = run(analyse, text, events)
    assert stormed.date.start == D(2023, 10, 7) and stormed.background
    assert (sanctioned.date.start, sanctioned.date.end, sanctioned.date.precision) == (D(2009, 1, 1), D(2009, 12, 31), "year")
    assert sanctioned.background
    assert hit.date.start == D(2023, 12, 25) and not hit.background
    assert deaths.background and deaths.date.start == D(2023, 10, 7) and deaths.date.end == D(2023, 12, 26)
    assert attacked.background  # past perfect, no date of its own


def test_no_time_in_the_sentence_uses_the_paragraph_then_the_reporting_window(analyse):
    text = "Troops shelled the village on Saturday. Two houses burned.\n\nA spokesman condemned the raids."
    burned, condemned = run(analyse, text, [event_at(text, "burned"), event_at(text, "condemned")])
    assert burned.date.start == D(2023, 12, 23) and "earlier in the paragraph" in burned.date.text
    assert (condemned.date.start, condemned.date.end, condemned.date.precision) == (D(2023, 12, 25), D(2023, 12, 26), "range")  # the day before publication, and that day
    assert "reporting window" in condemned.date.text
    assert not condemned.background and not any(e.field == "date" for e in condemned.evidence)


def test_a_dateline_is_not_an_event_date(analyse):
    text = "KABUL, 2023-12-26 \u2014 Gunmen killed four guards at a checkpoint."
    (ev,) = run(analyse, text, [event_at(text, "killed")])
    assert ev.date.precision == "range" and ev.date.end == D(2023, 12, 26)


def test_article_without_a_date(analyse):
    text = "Gunmen killed four guards on Monday. Police arrested a suspect."
    monday, arrested = run(analyse, text, [event_at(text, "killed"), event_at(text, "arrested")], published=None)
    assert monday.date.start is None and monday.date.precision == "unknown"
    assert arrested.date.start is None and not arrested.background
    explicit, = run(analyse, "Gunmen killed four guards on 3 May 2021.", [event_at("Gunmen killed four guards on 3 May 2021.", "killed")], published=None)
    assert explicit.date.start == D(2021, 5, 3) and not explicit.background


def test_no_events_is_fine(analyse):
    analysis = analyse("Nothing happened on Monday.", events=(), quotes=())
    analysis = dataclasses.replace(analysis, times=find_times(analysis, None)["times"])
    assert date_events(analysis, None) == {"events": ()}


def test_an_undated_article_keeps_the_time_words_and_says_they_are_unresolved(analyse):
    import dataclasses

    from sitrep.model import Event
    from sitrep.stages.event_dates import date_events
    from sitrep.stages.times import find_times

    text = "Gunmen killed three villagers on Monday."
    analysis = analyse(text, published=None)
    start = text.index("killed")
    event = Event(article_id="t1", trigger="killed", trigger_start=start, trigger_end=start + 6,
                  sentence_start=0, sentence_end=len(text))
    analysis = dataclasses.replace(analysis, events=(event,), quotes=(), **find_times(analysis, None))
    (dated,) = date_events(analysis, None)["events"]
    assert dated.date.start is None and dated.date.precision == "unknown"
    assert dated.date.text.startswith("Monday (unresolved")
    assert any(e.field == "date" and e.text == "Monday" for e in dated.evidence)


def test_a_distance_from_another_event_does_not_date_an_event(analyse):
    text = "Rebels returned to the town two weeks after the siege."
    (ev,) = run(analyse, text, [event_at(text, "returned")])
    assert ev.date.precision == "range" and "reporting window" in ev.date.text


def test_a_year_earlier_dates_an_event_a_year_back_and_makes_it_background(analyse):
    text = "Militants attacked the base on Monday. A year earlier, militants attacked the same base."
    monday, before = run(analyse, text, [event_at(text, "attacked"), event_at(text, "attacked", 1)])
    assert monday.date.start == D(2023, 12, 25) and not monday.background
    assert (before.date.start, before.date.end) == (D(2022, 1, 1), D(2022, 12, 31)) and before.background


def test_a_date_led_by_a_word_at_the_top_is_the_news_date_not_a_dateline(analyse):
    text = "Around 14 March 2021 (as reported), herders clashed with farmers near a river crossing."
    (ev,) = run(analyse, text, [event_at(text, "clashed")], published="2021-03-17")
    assert (ev.date.start, ev.date.end, ev.date.precision) == (D(2021, 3, 14), D(2021, 3, 14), "day")
    text = "MOGADISHU, 14 March 2021 \u2014 Herders clashed with farmers near a river crossing."
    (ev,) = run(analyse, text, [event_at(text, "clashed")], published="2021-03-17")
    assert ev.date.precision == "range" and "reporting window" in ev.date.text


def test_a_written_date_beats_a_holiday_equally_close_to_the_trigger(analyse):
    text = "On 1 May 2022, in Accra, port workers protested to celebrate labour day and to demand safer cranes."
    (ev,) = run(analyse, text, [event_at(text, "protested")], published="2022-05-04")
    assert ev.date.start == D(2022, 5, 1) and ev.date.text == "1 May 2022"


def test_an_adjective_like_current_does_not_date_an_event(analyse):
    text = "On 2 June 2022, one man was killed and two were hurt in a brawl between backers of current and former mayors."
    (ev,) = run(analyse, text, [event_at(text, "brawl")], published="2022-06-08")
    assert ev.date.end == D(2022, 6, 2)
    assert ev.date.start == D(2022, 6, 2)


def test_a_range_written_with_words_dates_the_event_with_the_whole_window(analyse):
    for text in ("Between 3 and 5 April 2022, militiamen looted several villages near the river.",
                 "Militiamen looted several villages from 3 April to 5 April 2022."):
        (ev,) = run(analyse, text, [event_at(text, "looted")], published="2022-04-08")
        assert (ev.date.start, ev.date.end, ev.date.precision) == (D(2022, 4, 3), D(2022, 4, 5), "range"), text
    # A coder's note that gives its best day first and the span in brackets: the day leads.
    text = "Around 4 April 2022 (between 3 April and 5 April), militiamen looted several villages."
    (ev,) = run(analyse, text, [event_at(text, "looted")], published="2022-04-08")
    assert (ev.date.start, ev.date.precision) == (D(2022, 4, 4), "day")


def test_today_in_a_quotation_dated_by_the_article_is_the_day_of_the_statement(analyse):
    text = "\u201cToday our drones struck two fuel depots,\u201d the ministry said on Monday."
    end = text.index("\u201d")
    quote = Quote(text[1:end - 1], 1, end - 1)
    (ev,) = run(analyse, text, [event_at(text, "struck")], published="2023-12-27", quotes=[quote])
    assert (ev.date.start, ev.date.end, ev.date.precision) == (D(2023, 12, 25), D(2023, 12, 25), "day")
    assert "statement made on Monday" in ev.date.text or "statement made Monday" in ev.date.text


def test_strikes_earlier_today_take_the_day_of_publication(analyse):
    text = "Coalition jets carried out strikes on two weapons depots earlier today, officials said."
    (ev,) = run(analyse, text, [event_at(text, "strikes")], published="2023-12-26")
    assert (ev.date.start, ev.date.end, ev.date.precision) == (D(2023, 12, 26), D(2023, 12, 26), "day")
    assert ev.date.text == "earlier today" and not ev.background


def test_the_day_of_a_statement_or_a_quoted_day_does_not_carry_the_narrative(analyse):
    text = "Aid workers said on Monday that the convoy was safe. Gunmen later stopped a truck."
    (ev,) = run(analyse, text, [event_at(text, "stopped")], published="2024-02-14")
    assert "reporting window" in ev.date.text
    text = "\u201cYesterday our troops held the bridge,\u201d a colonel said. Fighters looted a clinic."
    end = text.index("\u201d")
    quote = Quote(text[1:end - 1], 1, end - 1)
    (ev,) = run(analyse, text, [event_at(text, "looted")], published="2024-02-14", quotes=[quote])
    assert "reporting window" in ev.date.text


# ------------------------------------------------------------ issue 13: running totals and statistics


def test_a_running_total_since_a_clause_runs_to_publication(analyse):
    text = "More than 500 people have been killed since the rebellion began in March."
    (ev,) = run(analyse, text, [event_at(text, "killed")], published="2023-06-10")
    assert (ev.date.start, ev.date.end, ev.date.precision) == (D(2023, 3, 1), D(2023, 6, 10), "range")
    assert ev.rule("date") == "running total" and ev.background


def test_a_running_total_counted_from_a_date_the_paragraph_gave(analyse):
    text = ("The war began on 2 September when rebels crossed the river. Health officials say that more "
            "than 3,000 people have died as a result of the shelling.")
    began, died = run(analyse, text, [event_at(text, "crossed"), event_at(text, "died")], published="2023-12-26")
    assert (began.date.start, began.date.end) == (D(2023, 9, 2), D(2023, 9, 2))
    assert (died.date.start, died.date.end, died.date.precision) == (D(2023, 9, 2), D(2023, 12, 26), "range")
    assert "running total" in died.date.text and died.background


def test_a_running_total_so_far_this_year_starts_on_the_first_of_january(analyse):
    text = "At least 40 soldiers have died so far this year in the insurgency."
    (ev,) = run(analyse, text, [event_at(text, "died")], published="2023-06-10")
    assert (ev.date.start, ev.date.end, ev.date.precision) == (D(2023, 1, 1), D(2023, 6, 10), "range")
    assert ev.rule("background") is None  # a toll of the insurgency, not a city's statistic


def test_a_toll_since_a_recent_attack_starts_on_its_day_and_stays_news(analyse):
    text = "Gunmen attacked a village on Monday. Five people have died, police said."
    attacked, died = run(analyse, text, [event_at(text, "attacked"), event_at(text, "died")])
    assert (attacked.date.start, attacked.date.end) == (D(2023, 12, 25), D(2023, 12, 25))
    assert (died.date.start, died.date.end, died.date.precision) == (D(2023, 12, 25), D(2023, 12, 26), "range")
    assert not died.background and not attacked.background


def test_a_statistic_is_background(analyse):
    text = ("A man was shot dead outside a bar on Sunday. Shootings in the city are down this year compared "
            "with last year, when 212 people were killed. At least 47 people have been shot in the city so "
            "far this year. Police said it was the city's 151st killing this year.")
    events = [event_at(text, "shot"), event_at(text, "killed"), event_at(text, "shot", 1), event_at(text, "killing")]
    sunday, last_year, so_far, killing = run(analyse, text, events, published="2023-06-10")
    assert not sunday.background and sunday.rule("background") is None
    assert last_year.background and last_year.rule("background") == "statistic:comparison"
    assert so_far.background and so_far.rule("background") == "statistic:period"
    assert killing.background and killing.rule("background") == "statistic:ordinal"


def test_an_incident_in_a_month_is_no_statistic(analyse):
    text = "In March, a suicide bomber killed 12 people at a market."
    (ev,) = run(analyse, text, [event_at(text, "killed")], published="2023-03-20")
    assert ev.date.precision == "month" and not ev.background and ev.rule("background") is None


def test_a_running_total_in_the_calendars_first_weeks_does_not_overflow(analyse):
    """Found by tests/test_robustness.py: the background cut-off reached before year 1."""
    text = "At least 40 soldiers have died so far this year in the insurgency."
    (ev,) = run(analyse, text, [event_at(text, "died")], published="0001-01-10")
    assert (ev.date.start, ev.date.end, ev.date.precision) == (D(1, 1, 1), D(1, 1, 10), "range")
    assert not ev.background


def test_an_attack_is_never_on_the_coming_weekday_a_plan_is(analyse):
    # Published on a Friday. "are investigating ... Thursday night" reads as a timetable
    # (the coming Thursday); a shooting the article reports happened the Thursday before.
    text = "Police are investigating the shooting of a teenager at a park Thursday night."
    attack = dataclasses.replace(event_at(text, "shooting"), plover="ASSAULT")
    (ev,) = run(analyse, text, [attack], published="2014-02-21")
    assert ev.date.start == D(2014, 2, 20) and "not the coming one" in ev.date.text
    plan = "The two sides are meeting Thursday in Geneva."
    (talks,) = run(analyse, plan, [dataclasses.replace(event_at(plan, "meeting"), plover="CONSULT")],
                   published="2014-02-21")
    assert talks.date.start == D(2014, 2, 27)


def test_a_pages_posted_or_updated_stamp_dates_nothing(analyse):
    text = ("Girl dies in shooting Posted: Tuesday, April 15, 2014 10:21 PM EDT "
            "Updated: Wednesday, April 16, 2014 9:02 AM EDT\n\nA girl was shot dead at a party.")
    (ev,) = run(analyse, text, [event_at(text, "shooting")], published="2014-04-15")
    assert ev.date.text.startswith("reporting window")
    lone = "Man hurt\nMarch 22, 2014 12:45 PM\nA man was shot in a park."
    (ev,) = run(analyse, lone, [event_at(lone, "shot")], published="2014-03-25")
    assert ev.date.text.startswith("reporting window")
    # the same date in the sentence's own words does date it
    said = "Man hurt\nA man was shot in a park on March 22, 2014 at 12:45 PM."
    (ev,) = run(analyse, said, [event_at(said, "shot")], published="2014-03-25")
    assert ev.date.start == D(2014, 3, 22)
    # without the colon only a full stamp counts: "a video posted Sunday" dates the video
    video = "In a video posted Sunday, gunmen shot two men."
    (ev,) = run(analyse, video, [event_at(video, "shot")], published="2014-03-25")
    assert ev.date.start == D(2014, 3, 23)


def test_the_day_of_an_arrest_does_not_date_the_shooting_it_is_for(analyse):
    text = "A 23-year-old man was arrested Friday in the shooting of his neighbor."
    shooting = dataclasses.replace(event_at(text, "shooting"), plover="ASSAULT")
    arrest = dataclasses.replace(event_at(text, "arrested"), plover="COERCE")
    shot, arrested = run(analyse, text, [shooting, arrest])
    assert arrested.date.start == D(2023, 12, 22)  # the arrest's own day
    assert shot.date.precision == "range" and "reporting window" in shot.date.text
    # A day on the attack itself still dates it.
    text = "A man shot his neighbor Friday, a day before he was arrested."
    (ev,) = run(analyse, text, [dataclasses.replace(event_at(text, "shot"), plover="ASSAULT")])
    assert ev.date.start == D(2023, 12, 22)


def test_a_later_sentence_that_says_when_it_happened_dates_the_attack(analyse):
    text = "Children looking for snakes found a loaded shotgun, and a boy was shot. It happened Friday night at a complex."
    shooting = dataclasses.replace(event_at(text, "shot"), plover="ASSAULT")
    (ev,) = run(analyse, text, [shooting])
    assert ev.date.start == D(2023, 12, 22)
    assert ev.rule("date") == "time of the occurrence later in the text"
    # Only an attack takes it, and only from a sentence of its occurrence.
    meeting = dataclasses.replace(event_at(text, "found"), plover="CONSULT")
    (other,) = run(analyse, text, [meeting])
    assert "reporting window" in other.date.text
    text = "A boy was shot. The family moved to the city on Friday."
    (ev,) = run(analyse, text, [dataclasses.replace(event_at(text, "shot"), plover="ASSAULT")])
    assert "reporting window" in ev.date.text


def test_the_day_of_a_statement_dates_an_event_only_when_its_sentence_has_no_other(analyse):
    text = "Five men were charged with murder in connection with a shooting Sunday night, police said Thursday."
    murder = dataclasses.replace(event_at(text, "murder"), plover="ASSAULT")
    (ev,) = run(analyse, text, [murder])
    assert ev.date.start == D(2023, 12, 24) and ev.date.text == "Sunday night"
    # The statement's own day is still the day of saying it.
    said = dataclasses.replace(event_at(text, "said"), plover="CONSULT")
    (ev,) = run(analyse, text, [said])
    assert ev.date.start == D(2023, 12, 21)
    # With no other time in its sentence, the day it was reported is the best there is.
    text = "A man was shot and killed outside a store, police said Thursday."
    (ev,) = run(analyse, text, [dataclasses.replace(event_at(text, "shot"), plover="ASSAULT")])
    assert ev.date.start == D(2023, 12, 21)


def test_an_undated_attack_takes_the_one_day_the_article_gives_its_attacks(analyse):
    text = "Man pleads guilty in fatal shooting\n\nHe shot his neighbor on December 2 outside a bar in Akron."
    head = text.index("\n\n")  # the headline is a sentence of its own
    headline = dataclasses.replace(event_at(text, "shooting"), plover="ASSAULT", sentence_end=head)
    shot = dataclasses.replace(event_at(text, "shot"), plover="ASSAULT")
    plea = dataclasses.replace(event_at(text, "pleads"), plover="CONCEDE", sentence_end=head)
    headline, shot, plea = run(analyse, text, [headline, shot, plea])
    assert shot.date.start == D(2023, 12, 2) and shot.rule("date") == "time in the sentence"
    assert (headline.date.start, headline.date.end, headline.date.precision) == (D(2023, 12, 2), D(2023, 12, 2), "day")
    assert headline.rule("date") == "the article's attack day" and headline.date_by == "attack day"
    assert [(e.field, e.text) for e in headline.evidence] == [("date", "December 2")]
    assert not headline.background  # what the article leads with stays its news
    assert "reporting window" in plea.date.text  # only an attack takes it
    # Two days given to attacks: nothing says which one an undated attack is.
    text = "Two shootings in Akron\n\nA man was shot on December 2. Another was shot on December 9."
    events = [dataclasses.replace(event_at(text, "shootings"), plover="ASSAULT", sentence_end=text.index("\n\n")),
              dataclasses.replace(event_at(text, "shot"), plover="ASSAULT")]
    events.append(dataclasses.replace(event_at(text, "shot", 1), plover="ASSAULT"))
    headline, first, second = run(analyse, text, events)
    assert "reporting window" in headline.date.text
    assert (first.date.start, second.date.start) == (D(2023, 12, 2), D(2023, 12, 9))
