"""The merge stage: mentions of one event become one record; distinct events stay apart."""

from __future__ import annotations

import datetime as dt

from sitrep.model import Actor, Count, Event, EventDate, Place, TypedBy
from sitrep.stages.merge import compatible, merge_mentions

US = Actor("US forces", "USA", "military", 1)
MILITIA = Actor("the militia", "IRQ", "militia", 3)


def ev(start, sentence, **fields):
    base = dict(article_id="a", trigger="attack", trigger_start=start, trigger_end=start + 6,
                sentence_start=sentence, sentence_end=sentence + 50, plover="ASSAULT",
                acled_event_type="Violence against civilians", acled_sub_event_type="Attack",
                typed_by=TypedBy("trigger", "attack"))
    base.update(fields)
    return Event(**base)


def test_a_definite_mention_joins_the_earlier_event():
    first = ev(10, 0, actor1=US)
    later = ev(70, 60, typed_by=TypedBy("trigger", "strike"), mention="definite",
               acled_event_type="Explosions/Remote violence", acled_sub_event_type="Air/drone strike")
    (merged,) = merge_mentions((first, later))
    assert merged.actor1 == US
    assert merged.acled_sub_event_type == "Air/drone strike"
    assert any(e.field == "mention" and e.start == 70 for e in merged.evidence)


def test_complementary_mentions_merge_and_keep_the_finer_fields():
    day = EventDate(dt.date(2024, 1, 8), dt.date(2024, 1, 8), "day", "Monday")
    first = ev(10, 0, actor2=Actor("soldiers", "USA", "military", 1), date=day,
               injured=Count(3, 3, 3, "three"), place=Place("northern Iraq", "IRQ", precision="region"))
    later = ev(80, 60, actor1=MILITIA, place=Place("Al Asad Air Base", "IRQ", precision="site"),
               date=EventDate(dt.date(2024, 1, 7), dt.date(2024, 1, 8), "range", "today"))
    (merged,) = merge_mentions((first, later))
    assert merged.actor1 == MILITIA and merged.injured.best == 3
    assert merged.place.precision == "site" and merged.date.precision == "day"


def test_reversed_roles_are_different_events():
    a = ev(10, 0, actor1=US, actor2=MILITIA)
    b = ev(80, 60, actor2=Actor("US troops", "USA", "military", 1), mention="casualty")
    assert not compatible(a, b)
    assert len(merge_mentions((a, b))) == 2


def test_far_apart_places_and_disjoint_dates_stay_apart():
    a = ev(10, 0, place=Place("Gao", "MLI", lat=16.27, lon=-0.04, precision="city"))
    b = ev(80, 60, place=Place("Mopti", "MLI", lat=14.49, lon=-4.19, precision="city"),
           mention="definite")
    assert not compatible(a, b)
    c = ev(10, 0, date=EventDate(dt.date(2023, 10, 7), dt.date(2023, 10, 7), "day"))
    d = ev(80, 60, date=EventDate(dt.date(2023, 12, 25), dt.date(2023, 12, 25), "day"),
           mention="definite")
    assert len(merge_mentions((c, d))) == 2


def test_mentions_in_one_sentence_are_never_merged():
    a = ev(10, 0, actor1=US)
    b = ev(30, 0, mention="definite")
    assert len(merge_mentions((a, b))) == 2


def test_a_back_reference_fills_gaps_but_does_not_move_the_event():
    first = ev(10, 0, actor1=US, place=Place("Iraq", "IRQ", precision="country"))
    later = ev(90, 60, typed_by=TypedBy("trigger", "strike"), mention="definite",
               acled_event_type="Explosions/Remote violence", acled_sub_event_type="Air/drone strike",
               place=Place("Ain al-Asad Air Base", "IRQ", precision="site"), injured=Count(2, 2, 2, "two"))
    (merged,) = merge_mentions((first, later))
    assert merged.place.name == "Iraq"  # the later sentence's place is not this event's
    assert merged.injured.best == 2 and merged.acled_sub_event_type == "Air/drone strike"


def test_a_quote_repeating_the_event_does_not_make_it_a_claim():
    first = ev(10, 0, actor1=US)
    quoted = ev(90, 60, actor1=US, claimed_by="the minister")
    (merged,) = merge_mentions((first, quoted))
    assert merged.claimed_by is None


def test_in_a_clash_either_side_may_be_the_victim():
    clash = ev(10, 0, actor1=Actor("rangers", "THA", "government", 1), plover_mode="firefight",
               acled_event_type="Battles", acled_sub_event_type="Armed clash", typed_by=TypedBy("trigger", "clash"))
    death = ev(90, 60, actor2=Actor("one ranger", "THA", "government", 1), killed=Count(1, 1, 1, "One"),
               mention="casualty")
    (merged,) = merge_mentions((clash, death))
    assert merged.killed.best == 1


def test_a_consequence_in_the_sentence_of_the_act_joins_it():
    act = ev(10, 0, actor1=US, typed_by=TypedBy("cue", "shelled"),
             acled_event_type="Explosions/Remote violence", acled_sub_event_type="Shelling/artillery/missile attack")
    hurt = ev(40, 0, actor2=MILITIA, typed_by=TypedBy("trigger", "injure"), mention="casualty")
    (merged,) = merge_mentions((act, hurt))
    assert merged.actor1 == US and merged.actor2 == MILITIA
    assert merged.acled_sub_event_type == "Shelling/artillery/missile attack"


def test_two_acts_in_one_sentence_stay_apart():
    assert len(merge_mentions((ev(10, 0), ev(40, 0)))) == 2


def test_merging_carries_every_count_kind_and_keeps_all_figures():
    army = Count(12, 12, 12, "12", 20, 22, claimed_by="the army", kind="killed")
    own = Count(20, 20, 20, "20", 90, 92, kind="killed")
    held = Count(4, 4, 4, "four", 95, 99, kind="arrested")
    first = ev(10, 0, actor1=US, killed=army, counts=(army,))
    later = ev(80, 60, typed_by=TypedBy("trigger", "attack"), mention="definite",
               killed=own, arrested=held, counts=(own, held))
    (merged,) = merge_mentions((first, later))
    assert merged.arrested == held
    assert merged.counts == (army, own, held)
    # The article's own figure is what the record codes; the army's claim stays listed.
    assert merged.killed == own


def test_domestic_violence_is_never_reversed():
    attack = ev(10, 0, actor1=Actor("militants", "MOZ", "armed group", 3))
    deaths = ev(90, 60, actor2=Actor("two civilians", "MOZ", "civilians", 7), killed=Count(2, 2, 2, "Two"),
                mention="casualty")
    (merged,) = merge_mentions((attack, deaths))
    assert merged.killed.best == 2 and merged.actor2.name == "two civilians"


def test_a_name_wins_over_a_description_of_the_same_party():
    described = Actor("Iran-backed forces", "IRQ", "military", 1)
    named = Actor("Kataib Hezbollah", "IRQ", "militia", 3)
    first = ev(10, 0, actor1=US, actor2=described)
    later = ev(80, 60, actor1=Actor("US armed forces", "USA", "military", 1), actor2=named)
    names = {"Kataib Hezbollah"}
    (merged,) = merge_mentions((first, later), lambda a: a is not None and a.name in names)
    assert merged.actor2 == named and merged.actor1 == US
    assert merged.rule("actor2") == "merged from mention at 80"


def test_a_name_of_another_country_is_another_party():
    first = ev(10, 0, actor1=US, actor2=Actor("Iran-backed forces", "IRQ", "military", 1))
    later = ev(80, 60, actor1=US, actor2=Actor("Hezbollah", "LBN", "militia", 3))
    names = {"Hezbollah"}
    merged = merge_mentions((first, later), lambda a: a is not None and a.name in names)
    assert merged[0].actor2.name == "Iran-backed forces"


def test_a_casualty_mention_or_the_other_side_never_renames_a_party():
    militia = Actor("Al Shabaab militants", "SOM", "rebels", 2)
    first = ev(10, 0, actor1=militia, actor2=Actor("checkpoint", "SOM", "military", 1))
    repelled = ev(80, 60, actor2=Actor("Al Shabaab militants", "SOM", "rebels", 2))
    named = {"Al Shabaab militants"}
    (merged,) = merge_mentions((first, repelled), lambda a: a is not None and a.name in named)
    assert merged.actor2.name == "checkpoint"
    killed = ev(80, 60, actor2=Actor("Kataib Hezbollah", "IRQ", "militia", 3), mention="casualty")
    first = ev(10, 0, actor1=US, actor2=Actor("Iran-backed forces", "IRQ", "military", 1))
    (merged,) = merge_mentions((first, killed), lambda a: a is not None and a.name == "Kataib Hezbollah")
    assert merged.actor2.name == "Iran-backed forces"


def test_a_named_organisation_does_not_rename_protesters():
    first = ev(10, 0, actor1=Actor("Protesters", "BRA", "protesters", 6), plover="PROTEST")
    later = ev(80, 60, actor1=Actor("Hospital Workers Union", "BRA", "organisation", None), plover="PROTEST",
               mention="definite")
    (merged,) = merge_mentions((first, later), lambda a: a is not None and a.name == "Hospital Workers Union")
    assert merged.actor1.name == "Protesters"


# --------------------------------------------------------------------------- one incident, many mentions

FRIDAY = EventDate(dt.date(2024, 3, 8), dt.date(2024, 3, 8), "day", "Friday")
WINDOW = EventDate(dt.date(2024, 3, 5), dt.date(2024, 3, 8), "range", "reporting window")


def told(start, sentence, date=WINDOW, date_by="other", **fields):
    """A mention of a shooting, as the events stage gives it: no back-reference."""
    fields.setdefault("typed_by", TypedBy("trigger", "shoot"))
    rules = (("date", _DATE_RULES[date_by]),)
    return ev(start, sentence, **{"trigger": "shot", **fields}, date=date, date_by=date_by, rules=rules)


#: The trace event_dates writes for each ``date_by``.
_DATE_RULES = {"sentence": "time in the sentence", "paragraph": "time earlier in the paragraph",
               "other": "reporting window"}


def test_an_incident_told_again_is_one_event_with_its_most_specific_fields():
    town = Place("Springfield", "USA", "Illinois", 39.8, -89.64, precision="city")
    headline = told(4, 0, injured=Count(2, 2, 2, "Two", 0, 3, kind="injured"))
    lead = told(60, 50, place=town)
    statement = told(140, 120, date=FRIDAY, date_by="sentence")
    recap = told(260, 240, injured=Count(3, 3, 3, "three", 250, 255, kind="injured"))
    (event,) = merge_mentions((headline, lead, statement, recap))
    assert event.date == FRIDAY and event.rule("date") == "merged from mention at 140: time in the sentence"
    assert event.place == town and event.injured.best == 3
    assert {e.start for e in event.evidence if e.field == "mention"} == {60, 140, 260}


def test_a_stated_day_is_not_replaced_by_a_month_around_it_nor_by_a_later_day():
    month = EventDate(dt.date(2024, 3, 1), dt.date(2024, 3, 31), "month", "in March")
    court = EventDate(dt.date(2024, 3, 12), dt.date(2024, 3, 12), "day", "Tuesday")
    first = told(4, 0, date=FRIDAY, date_by="sentence")
    (event,) = merge_mentions((first, told(60, 50, date=month, date_by="sentence")))
    assert event.date == FRIDAY
    window = told(4, 0)
    (event,) = merge_mentions((window, told(60, 50, date=court, date_by="paragraph")),
                              latest=dt.date(2024, 3, 8))
    assert event.date == WINDOW  # a day after publication is a court date, not the shooting's


def test_a_shooting_and_a_later_arrest_stay_two_events():
    shooting = told(4, 0, date=FRIDAY, date_by="sentence")
    arrest = ev(80, 60, trigger="arrested", plover="COERCE", acled_event_type="Protests",
                acled_sub_event_type="Arrests", typed_by=TypedBy("trigger", "arrest"))
    assert len(merge_mentions((shooting, arrest))) == 2


def test_shootings_in_two_towns_or_on_two_days_stay_apart():
    peoria = Place("Peoria", "USA", "Illinois", 40.69, -89.59, precision="city")
    decatur = Place("Decatur", "USA", "Illinois", 39.84, -88.95, precision="city")
    assert len(merge_mentions((told(4, 0, place=peoria), told(80, 60, place=decatur)))) == 2
    monday = EventDate(dt.date(2024, 3, 4), dt.date(2024, 3, 4), "day", "Monday")
    days = (told(4, 0, date=FRIDAY, date_by="sentence"),
            told(80, 60, date=monday, date_by="sentence"))
    assert len(merge_mentions(days)) == 2


def test_a_mention_said_to_be_another_background_or_furniture_stays_apart():
    first = told(4, 0)
    another = told(80, 60)
    assert len(merge_mentions((first, another), distinct=lambda e: e.trigger_start == 80)) == 2
    # Said to be another, it stays apart even when it would refer back: both sides American.
    us_first, us_another = told(4, 0, actor1=US), told(80, 60, actor1=US)
    assert len(merge_mentions((us_first, us_another))) == 1
    assert len(merge_mentions((us_first, us_another), distinct=lambda e: e.trigger_start == 80)) == 2
    past = told(80, 60, background=True)
    assert len(merge_mentions((first, past))) == 2
    teaser = told(80, 60, background=True, furniture=True, mention="definite")
    assert len(merge_mentions((first, teaser))) == 2


def test_a_headline_is_not_the_sentence_of_its_lead():
    text = "Two hurt in shooting\n\nTwo men were shot Friday."
    headline = told(12, 0)
    lead = told(text.index("shot F"), 0, date=FRIDAY, date_by="sentence")
    assert len(merge_mentions((headline, lead))) == 2  # one sentence for the parser
    (event,) = merge_mentions((headline, lead), text=text)
    assert event.date == FRIDAY


def test_a_death_the_next_day_joins_the_shooting_and_keeps_its_day():
    saturday = EventDate(dt.date(2024, 3, 9), dt.date(2024, 3, 9), "day", "Saturday")
    shooting = told(4, 0, date=FRIDAY, date_by="sentence")
    death = told(80, 60, date=saturday, date_by="sentence", trigger="died",
                 killed=Count(1, 1, 1, "died", kind="killed"), mention="casualty")
    (event,) = merge_mentions((shooting, death))
    assert event.killed.best == 1 and event.date == FRIDAY


def test_a_larger_claim_of_another_source_does_not_replace_the_articles_figure():
    own = Count(3, 3, 3, "three", 20, 25, kind="killed")
    claim = Count(30, 30, 30, "30", 90, 92, claimed_by="the militants", kind="killed")
    (event,) = merge_mentions((ev(10, 0, killed=own, counts=(own,)), ev(80, 60, killed=claim, counts=(claim,))))
    assert event.killed == own


def test_a_mention_told_again_does_not_retype_the_event():
    clash = ev(10, 0, acled_event_type="Battles", acled_sub_event_type="Armed clash",
               typed_by=TypedBy("actors", base=TypedBy("trigger", "kill"), why="armed target"))
    mortar = ev(80, 60, acled_event_type="Explosions/Remote violence",
                acled_sub_event_type="Shelling/artillery/missile attack", typed_by=TypedBy("cue", "mortar"))
    (event,) = merge_mentions((clash, mortar))
    assert event.acled_sub_event_type == "Armed clash"


def test_another_shooting_is_read_from_the_words(analyse):
    from sitrep.resources.reports import report_words
    from sitrep.stages.merge import said_to_be_another

    text = "A man was shot on Friday. In a separate incident, a woman was shot on Oak Street. Another shooting left one hurt."
    a = analyse(text)
    words = report_words()

    def at(word, nth=0):
        start = [i for i in range(len(text)) if text.startswith(word, i)][nth]
        return ev(start, 0, trigger=word, trigger_end=start + len(word))

    assert not said_to_be_another(at("shot"), a.doc, words)
    assert said_to_be_another(at("shot", 1), a.doc, words)
    assert said_to_be_another(at("shooting"), a.doc, words)


# --------------------------------------------------------------------------- whole articles


def test_a_coders_figure_is_never_raised():
    coded = Count(0, 0, 1, "Fatalities coded as 0 (X reported 1)", 200, 240, kind="killed")
    own = Count(1, 1, 1, "killing 1 civilian", 60, 78, kind="killed")
    (event,) = merge_mentions((ev(10, 0, killed=coded, counts=(coded,)), ev(80, 60, killed=own, counts=(own,))))
    assert event.killed == coded
