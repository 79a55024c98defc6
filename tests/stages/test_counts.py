"""Stage ``counts``: killed and injured counts, attached to the right event."""

from __future__ import annotations

import pytest

from sitrep.model import Event
from sitrep.resources.words import Words
from sitrep.stages.counts import find_mentions, outcome_counts, run_counts

WORDS = Words.load_packaged()


def event(analysis, word: str, nth: int = 0, plover: str = "ASSAULT") -> Event:
    """An event triggered by the ``nth`` occurrence of ``word`` in the analysed text."""
    text = analysis.article.text
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    end = start + len(word)
    sent = analysis.doc.char_span(start, end, alignment_mode="expand")[0].sent
    return Event(article_id="t1", trigger=word, trigger_start=start, trigger_end=end,
                 sentence_start=sent.start_char, sentence_end=sent.end_char, plover=plover)


def coded(analyse, text: str, *triggers: str):
    """The events of ``text`` (one per trigger word) after the counts stage."""
    analysis = analyse(text)
    events = tuple(event(analysis, w) for w in triggers)
    return run_counts(analyse(text, events=events), None)["events"]


def bounds(count):
    return None if count is None else (count.low, count.best, count.high)


def test_object_of_a_casualty_verb(analyse) -> None:
    (ev,) = coded(analyse, "Gunmen attacked the market and killed three traders.", "attacked")
    assert bounds(ev.killed) == (3, 3, 3)
    assert ev.killed.text == "three"
    assert ev.injured is None


def test_passive_subject_and_qualifier(analyse) -> None:
    (ev,) = coded(analyse, "At least 12 people were killed in the airstrike on Tuesday.", "airstrike")
    assert bounds(ev.killed) == (12, 12, None)
    assert ev.killed.text == "At least 12"


def test_sum_across_groups(analyse) -> None:
    (ev,) = coded(analyse, "Two soldiers and five civilians were killed when rebels shelled the town.", "shelled")
    assert ev.killed.best == 7
    assert ev.killed.text == "Two soldiers and five civilians"
    assert ev.killed.victims == "soldiers and civilians"


def test_killed_and_injured_in_one_sentence(analyse) -> None:
    (ev,) = coded(analyse, "The bombing killed nine people and wounded dozens of others.", "bombing")
    assert ev.killed.best == 9
    assert bounds(ev.injured) == (12, 12, None)


def test_relative_clause_attaches_to_its_attack(analyse) -> None:
    text = "The army struck two depots in retaliation for a rocket attack that injured four sailors."
    struck, attack = coded(analyse, text, "struck", "attack")
    assert struck.injured is None
    assert attack.injured.best == 4


def test_lives_claimed_and_words_numbers(analyse) -> None:
    (ev,) = coded(analyse, "The flood of violence began with a raid that claimed more than two hundred lives.", "raid")
    assert bounds(ev.killed) == (200, 200, None)


def test_death_toll(analyse) -> None:
    (ev,) = coded(analyse, "The death toll from the bombing rose to 23 on Tuesday.", "bombing")
    assert ev.killed.best == 23


def test_left_dead_and_wounded(analyse) -> None:
    (ev,) = coded(analyse, "The blast left five people dead and 10 others wounded.", "blast")
    assert ev.killed.best == 5
    assert ev.injured.best == 10


def test_a_singular_victim_counts_one(analyse) -> None:
    (ev,) = coded(analyse, "A policeman was shot dead at a checkpoint near the bridge.", "checkpoint")
    assert bounds(ev.killed) == (1, 1, 1)


def test_troops_deployed_are_not_casualties(analyse) -> None:
    text = "Another 900 soldiers are stationed in the region and 2,500 more arrived after the attack."
    (ev,) = coded(analyse, text, "attack")
    assert ev.killed is None and ev.injured is None


def test_an_age_is_not_a_count(analyse) -> None:
    (ev,) = coded(analyse, "A 22-year-old student was killed in the shooting.", "shooting")
    assert bounds(ev.killed) == (1, 1, 1)


def test_years_and_money_are_not_counts(analyse) -> None:
    text = "The 2019 attack cost $5 million in repairs and killed nobody."
    (ev,) = coded(analyse, text, "attack")
    assert ev.killed is None or ev.killed.best == 0


def test_next_sentence_attaches_to_the_last_violent_event(analyse) -> None:
    text = "Militants ambushed a patrol near the border. Three soldiers were killed in the incident."
    (ev,) = coded(analyse, text, "ambushed")
    assert ev.killed.best == 3


def test_the_same_figure_is_not_counted_twice(analyse) -> None:
    text = ("A drone attack injured three guards at the base. Officials condemned the attack. "
            "One of the three guards injured in the incident is in hospital.")
    first, second = coded(analyse, text, "attack", "condemned")
    assert first.injured.best == 3
    assert second.injured is None


def test_conflicting_figures_are_not_added(analyse) -> None:
    text = "The army said 12 militants were killed in the clashes; residents said 20 civilians died."
    (ev,) = coded(analyse, text, "clashes")
    assert ev.killed.best == 12


def test_acled_coded_note_wins(analyse) -> None:
    text = "Police clashed with protesters in the town. Fatalities coded as 0 (local media reported 3)."
    (ev,) = coded(analyse, text, "clashed")
    assert bounds(ev.killed) == (0, 0, 3)


def test_evidence_is_added(analyse) -> None:
    text = "Gunmen attacked the market and killed three traders."
    (ev,) = coded(analyse, text, "attacked")
    (evidence,) = [e for e in ev.evidence if e.field == "killed"]
    assert text[evidence.start:evidence.end] == evidence.text
    assert "three" in evidence.text and "killed" in evidence.text


def test_arrested_abducted_displaced(analyse) -> None:
    text = "Police arrested 15 protesters after the march, and gunmen kidnapped two aid workers."
    analysis = analyse(text)
    events = (event(analysis, "march", plover="PROTEST"), event(analysis, "kidnapped"))
    per_event = outcome_counts(WORDS, analyse(text, events=events))
    assert per_event[0]["arrested"].best == 15
    assert per_event[1]["abducted"].best == 2
    kinds = {m.kind for m in find_mentions(WORDS, analysis.doc, ("arrested", "abducted", "displaced"))}
    assert kinds == {"arrested", "abducted"}


def test_no_events_no_work(analyse) -> None:
    assert run_counts(analyse("Five people died.", events=()), None) == {"events": ()}


def test_a_day_of_the_month_is_not_a_count(analyse):
    from sitrep.model import Event
    from sitrep.stages.counts import run_counts

    text = "Around 6 May 2020, a person was found dead near the market."
    start = text.index("found")
    event = Event(article_id="t1", trigger="found dead", trigger_start=start, trigger_end=start + 10,
                  sentence_start=0, sentence_end=len(text), plover="ASSAULT")
    (counted,) = run_counts(analyse(text, events=(event,)), None)["events"]
    assert counted.killed is not None and counted.killed.best == 1


# ------------------------------------------------------------ issue 6: every kind, every form


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gunmen attacked the convoy and killed three drivers.", (3, 3, 3)),
        ("The bombing killed 1,100 people across the region.", (1100, 1100, 1100)),
        ("Militants attacked the camp and killed a dozen soldiers.", (12, 12, 12)),
        ("Militants attacked the camp and killed two dozen soldiers.", (24, 24, 24)),
        ("Rebels attacked the town and killed over 40 residents.", (40, 40, None)),
        ("Rebels attacked the town and killed at least 9 residents.", (9, 9, None)),
        ("Rebels attacked the town and killed nearly 30 residents.", (None, 30, 30)),
        ("Rebels attacked the town and killed up to 15 residents.", (None, 15, 15)),
        ("Rebels attacked the town and killed between 10 and 15 residents.", (10, 10, 15)),
        ("Rebels attacked the town and killed dozens of residents.", (12, 12, None)),
        ("Rebels attacked the town and killed hundreds of residents.", (100, 100, None)),
    ],
)
def test_number_forms_and_qualifiers_in_a_sentence(analyse, text, expected) -> None:
    trigger = "bombing" if "bombing" in text else "attacked"
    (ev,) = coded(analyse, text, trigger)
    assert bounds(ev.killed) == expected


def test_a_scale_word_the_parser_tags_as_a_noun(analyse) -> None:
    (ev,) = coded(analyse, "Gunmen abducted a dozen students from a school in the north.", "abducted")
    assert bounds(ev.abducted) == (12, 12, 12)


def test_distances_and_votes_are_not_counts(analyse) -> None:
    text = "The candidate, who won 2,300 votes, was attacked 15 kilometres from the city and killed two guards."
    (ev,) = coded(analyse, text, "attacked")
    assert ev.killed.best == 2
    assert all(c.best not in (2300, 15) for c in ev.counts)


def test_every_kind_is_filled_on_its_event(analyse) -> None:
    text = ("Police arrested 15 protesters after the march. Gunmen kidnapped two aid workers near the camp. "
            "The fighting displaced about 3,000 residents.")
    analysis = analyse(text)
    events = (event(analysis, "march", plover="PROTEST"), event(analysis, "kidnapped"), event(analysis, "fighting"))
    march, kidnap, fighting = run_counts(analyse(text, events=events), None)["events"]
    assert bounds(march.arrested) == (15, 15, 15) and march.arrested.kind == "arrested"
    assert bounds(kidnap.abducted) == (2, 2, 2)
    assert bounds(fighting.displaced) == (None, 3000, None)
    assert [c.kind for c in march.counts] == ["arrested"]
    assert any(e.field == "displaced" for e in fighting.evidence)


def test_every_figure_is_listed_in_counts(analyse) -> None:
    text = "The army said 12 militants were killed in the clashes; residents said 20 civilians died."
    (ev,) = coded(analyse, text, "clashes")
    assert [(c.kind, c.best) for c in ev.counts] == [("killed", 12), ("killed", 20)]
    assert ev.killed.best == 12


def test_casualties_go_to_the_act_not_to_a_retreat(analyse) -> None:
    text = "Soldiers repelled an assault on the base. Five attackers were killed and the rest withdrew."
    analysis = analyse(text)
    events = (event(analysis, "assault"), event(analysis, "withdrew", plover="RETREAT"))
    assault, retreat = run_counts(analyse(text, events=events), None)["events"]
    assert assault.killed is not None and assault.killed.best == 5
    assert retreat.killed is None


def test_a_coded_note_goes_to_the_first_act_of_violence(analyse) -> None:
    text = "Militants attacked a checkpoint on the highway and then withdrew. Unknown fatalities coded as 10."
    analysis = analyse(text)
    events = (event(analysis, "attacked"), event(analysis, "withdrew", plover="RETREAT"))
    attack, retreat = run_counts(analyse(text, events=events), None)["events"]
    assert bounds(attack.killed) == (10, 10, 10)
    assert retreat.killed is None


def test_a_passive_subject_the_parser_lost(analyse) -> None:
    text = "On Friday, in Campo Verde, Goias, a suspected smuggler was killed after exchanging fire with police."
    (ev,) = coded(analyse, text, "exchanging fire")
    assert bounds(ev.killed) == (1, 1, 1)


# ------------------------------------------------------------ issue 13: numbers that are not people


def coded_with_times(analyse, text: str, *triggers: str, published: str = "2020-05-10"):
    """Like ``coded``, with the time expressions the ``times`` stage finds."""
    from sitrep.stages.times import find_times

    analysis = analyse(text, published=published)
    events = tuple(event(analysis, w) for w in triggers)
    times = find_times(analysis, None)["times"]
    return run_counts(analyse(text, published=published, events=events, times=times), None)["events"]


def number_kinds(analyse, text: str, published: str = "2020-05-10") -> dict[str, str | None]:
    """What each number of ``text`` measures, by its words, as ``_Numbers.kind`` reads it."""
    from sitrep.stages.counts import _is_number, _Numbers
    from sitrep.stages.times import find_times

    analysis = analyse(text, published=published)
    numbers = _Numbers(WORDS, analysis.doc, find_times(analysis, None)["times"])
    return {t.text: numbers.kind(t) for t in analysis.doc if _is_number(WORDS, t)}


def test_the_day_of_a_date_is_not_a_count(analyse) -> None:
    text = "Around 9 May 2020 (as reported), in Uruapan, Michoacan, a man was found dead with stab wounds."
    (ev,) = coded_with_times(analyse, text, "found")
    assert bounds(ev.killed) == (1, 1, 1)
    assert ev.killed.victims == "man"


def test_ages_listed_after_aged_are_not_counts(analyse) -> None:
    (ev,) = coded(analyse, "Two teens aged 15 and 16 were wounded near the park.", "wounded")
    assert bounds(ev.injured) == (2, 2, 2)


def test_a_street_number_is_not_a_count(analyse) -> None:
    (ev,) = coded(analyse, "Near 450 Oak Avenue two men were shot dead on Friday.", "shot")
    assert bounds(ev.killed) == (2, 2, 2)


def test_a_person_named_by_an_age_counts_one(analyse) -> None:
    (ev,) = coded(analyse, "The 17-year-old killed in the crash was a student.", "killed")
    assert bounds(ev.killed) == (1, 1, 1)


@pytest.mark.parametrize(
    ("text", "number", "kind"),
    [
        ("Two men were shot at 3:10 a.m. on Friday.", "3:10", "time"),
        ("Around 9 May 2020, two men were shot.", "9", "time"),
        ("Two men were shot in the 300 block of North Avenue.", "300", "address"),
        ("Two men were shot outside 1200 Main Street.", "1200", "address"),
        ("A 19-year-old and a woman aged 45 were wounded.", "45", "age"),
        ("Kamau Otieno, 45, was wounded.", "45", "age"),
        ("Police found a .40-caliber pistol.", ".40", "measure"),
        ("Police found a 9mm pistol.", "9", "calibre"),
        ("Police found a 12-gauge shotgun.", "12", "calibre"),
        ("The robbers took $500 from the till.", "500", "money"),
        ("The kidnappers asked for 5,000 naira.", "5,000", "money"),
        ("The patrol was ambushed 15 kilometres from the town.", "15", "measure"),
        ("Gunmen killed 12 people in the market.", "12", None),
        ("Gunmen killed 2 street vendors.", "2", None),
        ("One man dead, 3 wounded in weekend shootings", "3", None),
    ],
)
def test_what_a_number_measures(analyse, text, number, kind) -> None:
    assert number_kinds(analyse, text)[number] == kind


# ------------------------------------------------------------ issue 13: statistics are no counts


def test_a_year_s_toll_is_not_an_incident_s_count(analyse) -> None:
    text = "A man was shot dead outside a bar on Sunday. A total of 212 people were killed in the city last year."
    shot, killed = coded_with_times(analyse, text, "shot", "killed", published="2023-06-10")
    assert bounds(shot.killed) == (1, 1, 1)
    assert killed.killed is None
    assert all(c.best != 212 for e in (shot, killed) for c in e.counts)


def test_a_comparison_with_last_year_gives_no_count(analyse) -> None:
    text = "Killings in the city are slightly down this year compared with last year, when 212 were killed."
    (ev,) = coded_with_times(analyse, text, "killed", published="2023-06-10")
    assert ev.killed is None and ev.counts == ()


def test_people_shot_this_year_give_no_count(analyse) -> None:
    text = "Two men were wounded on Friday night. So far this year, 47 people have been killed in the city."
    wounded, killed = coded_with_times(analyse, text, "wounded", "killed", published="2023-06-10")
    assert bounds(wounded.injured) == (2, 2, 2)
    assert killed.killed is None and wounded.killed is None


def test_an_incident_report_keeps_its_count(analyse) -> None:
    text = "Gunmen killed 12 people in the market on Sunday, the deadliest attack in the city this year."
    (ev,) = coded_with_times(analyse, text, "killed", published="2023-06-10")
    assert bounds(ev.killed) == (12, 12, 12)


def test_a_war_s_running_toll_keeps_its_count(analyse) -> None:
    text = "More than 500 people have been killed in the fighting since the war began in March."
    (ev,) = coded_with_times(analyse, text, "killed", published="2023-06-10")
    assert ev.killed is not None and ev.killed.low == 500


def test_a_count_right_after_a_dated_opening_is_a_count(analyse) -> None:
    text = "On 9 May 2021, 2 rebels were killed and 1 was wounded when soldiers repulsed their attack."
    (ev,) = coded_with_times(analyse, text, "attack", published="2021-05-12")
    assert bounds(ev.killed) == (2, 2, 2)
    assert bounds(ev.injured) == (1, 1, 1)


def test_a_decimal_with_a_scale_word_is_a_count(analyse) -> None:
    kinds = number_kinds(analyse, "The war has killed 1.5 million people and wounded 3.5 times as many.")
    assert kinds["1.5"] is None and kinds["3.5"] == "measure"


@pytest.mark.parametrize(
    ("text", "trigger", "killed", "injured"),
    [
        # A headline names one victim with a bare singular noun.
        ("Girl, 9, killed in dispute between neighbours over a fence", "killed", 1, None),
        ("Woman dies of stab wounds in Riverside; one held", "dies", 1, None),
        ("Teen fatally wounded in drive-by near the park", "wounded", 1, None),
        ("Woman killed, 4-year-old boy wounded in Elm Grove shooting", "shooting", 1, 1),
        # "X is dead", "the victim of a fatal shooting", "fatally" + an act.
        ("A woman is dead after a stabbing in Riverside.", "stabbing", 1, None),
        ("A 15-year-old boy is the victim of a fatal shooting, police said.", "shooting", 1, None),
        ("Brother fatally stabs his sister in a quarrel over money", "stabs", 1, None),
        ("A clerk was fatally shot during a robbery on Tuesday.", "robbery", 1, None),
        ("The deadly stabbing of a 40-year-old man shocked the town.", "stabbing", 1, None),
        ("Kim Doe, the victim of the fatal shooting, was 31.", "shooting", 1, None),
        # A victim named after an age the parser leaves outside the object.
        ("Three men are charged in a shooting that killed 3-year-old Ana Ruiz.", "shooting", 1, None),
        ("Deputies shot a gunman and wounded another.", "shot", None, 1),
        ("The gunman then killed himself.", "killed", 1, None),
        # Coordinated people are added.
        ("A man and a woman were killed in the shooting.", "shooting", 2, None),
    ],
)
def test_one_person_without_a_number_counts_one(analyse, text, trigger, killed, injured) -> None:
    (ev,) = coded(analyse, text, trigger)
    assert (ev.killed.best if ev.killed else None) == killed
    assert (ev.injured.best if ev.injured else None) == injured


@pytest.mark.parametrize(
    "text",
    [
        "People were killed in the shooting.",
        "Police were injured when the crowd threw stones at the station.",
        "The victims of the deadly shooting were named on Monday.",
        "A deadly shooting left residents of the street shaken.",
        "Soldiers killed militants in the raid.",
    ],
)
def test_a_plural_or_a_body_of_people_without_a_number_stays_unknown(analyse, text) -> None:
    triggers = [w for w in ("shooting", "threw", "raid") if w in text]
    (ev,) = coded(analyse, text, triggers[0])
    assert ev.killed is None and ev.injured is None


def test_fatally_makes_an_injury_a_death(analyse) -> None:
    (ev,) = coded(analyse, "A guard was fatally wounded when robbers opened fire.", "opened fire")
    assert bounds(ev.killed) == (1, 1, 1)
    assert ev.injured is None


def test_one_victim_told_again_counts_once(analyse) -> None:
    text = ("A man was shot and killed outside a bar on Saturday. The man died at the scene, "
            "police said. The victim was 27.")
    (ev,) = coded(analyse, text, "shot")
    assert bounds(ev.killed) == (1, 1, 1)
