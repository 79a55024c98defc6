"""The sides stage: an attack on armed people, or one met with fighting, is a battle."""

from __future__ import annotations

import dataclasses

from sitrep.model import Actor, Count, Event, TypedBy
from sitrep.resources.lexicons import Lexicons
from sitrep.resources.words import Words
from sitrep.stages.sides import armed_sides, armed_words

LEX = Lexicons.load_packaged()
WORDS = Words.load_packaged()


def attack(trigger: str = "attacked", **fields) -> Event:
    base = Event(article_id="t1", trigger=trigger, trigger_start=0, trigger_end=len(trigger), sentence_start=0,
                 sentence_end=60, plover="ASSAULT", acled_event_type="Violence against civilians",
                 acled_sub_event_type="Attack", typed_by=TypedBy("trigger", trigger))
    return dataclasses.replace(base, **fields)


def test_victim_phrases_that_name_armed_people():
    assert armed_words(WORDS, "9 soldiers and 5 militia members", LEX)
    assert armed_words(WORDS, "two policemen", LEX)
    assert armed_words(WORDS, "four Al-Shabaab fighters", LEX)
    assert not armed_words(WORDS, "three farmers", LEX)
    assert not armed_words(WORDS, "a man near the army base", LEX)


def test_an_attack_that_kills_soldiers_is_an_armed_clash():
    killed = Count(low=2, best=2, high=2, text="two soldiers", kind="killed", victims="soldiers")
    (event,) = armed_sides(WORDS, (attack(killed=killed, counts=(killed,)),), LEX)
    assert (event.acled_event_type, event.acled_sub_event_type) == ("Battles", "Armed clash")
    assert event.rule("acled") == "sides:armed victims"


def test_an_attack_that_kills_civilians_stays_an_attack():
    killed = Count(low=3, best=3, high=3, text="three villagers", kind="killed", victims="villagers")
    (event,) = armed_sides(WORDS, (attack(killed=killed, counts=(killed,)),), LEX)
    assert event.acled_sub_event_type == "Attack"


def test_fighting_elsewhere_in_the_article_makes_the_attack_a_clash():
    clash = attack("shot back", acled_event_type="Battles", acled_sub_event_type="Armed clash",
                   typed_by=TypedBy("trigger", "shoot back"))
    first, _ = armed_sides(WORDS, (attack("opened fire"), clash), LEX)
    assert first.acled_sub_event_type == "Armed clash" and first.rule("acled") == "sides:fighting"


def test_civilian_targets_a_cue_or_a_model_keep_their_type():
    clash = attack("clashed", acled_event_type="Battles", acled_sub_event_type="Armed clash")
    on_civilians = attack(actor2=Actor(name="villagers", kind="civilians", acled_inter=7))
    by_cue = attack(typed_by=TypedBy("cue", "machete"))
    by_model = attack(coder="my-model")
    out = armed_sides(WORDS, (on_civilians, by_cue, by_model, clash), LEX)
    assert [e.acled_sub_event_type for e in out[:3]] == ["Attack", "Attack", "Attack"]


def test_background_attacks_are_left_alone():
    clash = attack("clashed", acled_event_type="Battles", acled_sub_event_type="Armed clash")
    old = attack(background=True)
    assert armed_sides(WORDS, (old, clash), LEX)[0].acled_sub_event_type == "Attack"


def test_an_exchange_of_fire_stays_a_battle_whoever_was_hurt():
    hurt = attack("gunfight", typed_by=TypedBy("actors", base=TypedBy("trigger", "gunfight"), why="civilian target"))
    (event,) = armed_sides(WORDS, (hurt,), LEX)
    assert event.acled_sub_event_type == "Armed clash" and event.rule("acled") == "sides:exchange of fire"
    clash = attack("clash", typed_by=TypedBy("actors", base=TypedBy("trigger", "clash"), why="civilian target"))
    assert armed_sides(WORDS, (clash,), LEX)[0].acled_sub_event_type == "Attack"


def test_an_attack_on_an_armed_position_is_a_battle(analyse):
    def coded(text):
        start = text.index("attacked")
        event = attack(trigger_start=start, trigger_end=start + len("attacked"), sentence_end=len(text))
        return armed_sides(WORDS, (event,), LEX, analyse(text).doc)[0]

    event = coded("Insurgents attacked a border checkpost at night.")
    assert event.acled_sub_event_type == "Armed clash" and event.rule("acled") == "sides:armed position"
    assert coded("Insurgents attacked an army camp at night.").acled_sub_event_type == "Armed clash"
    assert coded("Herders attacked a cattle camp at night.").acled_sub_event_type == "Attack"
    assert coded("Insurgents attacked a bus at night.").acled_sub_event_type == "Attack"


def test_a_post_attacked_is_armed_whoever_the_actors_took_it_for(analyse):
    text = "Troops targeted several border posts along the line."
    start = text.index("targeted")
    event = attack("targeted", trigger_start=start, trigger_end=start + 8, sentence_end=len(text),
                   actor2=Actor(name="border posts", kind="civilians", acled_inter=7))
    assert armed_sides(WORDS, (event,), LEX, analyse(text).doc)[0].rule("acled") == "sides:armed position"
    assert armed_sides(WORDS, (event,), LEX)[0].acled_sub_event_type == "Attack"  # without the parse, no position
