"""The events stage on sentences written for these tests: detection, modality, typing."""

from __future__ import annotations

import pytest

from sitrep.resources.lexicons import Lexicons
from sitrep.resources.words import Words
from sitrep.stages.events import find_events


class _Res:
    lexicons = Lexicons.load_packaged()
    words = Words.load_packaged()


def events_of(analyse, text: str):
    return find_events(analyse(text), _Res)["events"]


def test_a_plain_attack_is_an_event(analyse):
    (event,) = events_of(analyse, "Gunmen stormed a police post in the north on Sunday.")
    assert event.plover == "ASSAULT"
    assert event.trigger == "stormed"
    assert event.acled_event_type == "Violence against civilians"


@pytest.mark.parametrize(
    "text",
    [
        "The army denied attacking the village.",  # denial
        "Rebels plan to attack the town next week.",  # plan
        "Police did not arrest anyone at the rally.",  # negation
        "No one was hurt.",  # negated subject
        "If the talks collapse, the militia would attack the port.",  # hypothetical
        "Attacks on aid workers have increased this year.",  # trend, not an event
    ],
)
def test_modality_keeps_non_events_out(analyse, text):
    assert [e for e in events_of(analyse, text) if e.plover in ("ASSAULT", "COERCE")] == []


def test_a_threat_is_a_threaten_not_an_assault(analyse):
    events = events_of(analyse, "Militants threatened to strike the air base.")
    assert [e.plover for e in events] == ["THREATEN"]


def test_passive_voice_is_detected(analyse):
    (event,) = events_of(analyse, "The convoy was ambushed by gunmen near the border.")
    assert event.plover == "ASSAULT" and event.trigger == "ambushed"


def test_coordinated_actions_are_one_event(analyse):
    events = events_of(analyse, "Soldiers shelled and stormed the rebel camp.")
    assert len([e for e in events if e.plover == "ASSAULT"]) == 1


def test_cue_words_refine_the_sub_type(analyse):
    (drone,) = events_of(analyse, "A drone attack hit the airport on Monday.")
    assert drone.acled_sub_event_type == "Air/drone strike"
    assert drone.rule("acled") == "cue:drone"
    (ied,) = events_of(analyse, "Two soldiers were killed when a roadside bomb exploded near their patrol.")
    assert ied.acled_sub_event_type == "Remote explosive/landmine/IED"
    (gas,) = events_of(analyse, "Police fired tear gas to disperse students who protested outside the ministry.")
    assert gas.plover == "PROTEST" and gas.acled_sub_event_type == "Protest with intervention"


def test_a_cue_near_another_trigger_is_not_borrowed(analyse):
    events = events_of(analyse, "Soldiers attacked the camp in retaliation for a drone strike on their base.")
    attack = next(e for e in events if e.trigger == "attacked")
    assert attack.acled_sub_event_type != "Air/drone strike"


def test_a_casualty_clause_belongs_to_its_event(analyse):
    events = events_of(analyse, "A bomb attack that killed four people shook the market.")
    assert len(events) == 1 and events[0].trigger == "attack"


def test_evidence_points_at_the_trigger(analyse):
    text = "Protesters marched through the capital on Friday."
    (event,) = events_of(analyse, text)
    (trigger,) = [e for e in event.evidence if e.field == "trigger"]
    assert text[trigger.start:trigger.end] == trigger.text == "marched"
    assert event.plover == "PROTEST" and event.acled_sub_event_type == "Peaceful protest"


def test_definite_mentions_are_marked(analyse):
    events = events_of(analyse, "Jets bombed the depot. The strikes destroyed fuel stores.")
    assert [e.rule("mention") for e in events] == [None, "definite"]


def test_a_body_found_is_an_event(analyse):
    (event,) = events_of(analyse, "Two men were found dead near the highway.")
    assert event.plover == "ASSAULT" and event.acled_sub_event_type == "Attack"


def test_a_hyphenated_sit_in_is_a_protest(analyse):
    (event,) = events_of(analyse, "Residents staged a sit-in outside the town hall on Monday.")
    assert event.plover == "PROTEST" and event.trigger == "sit-in"


def test_coordinated_actors_make_one_event(analyse):
    events = events_of(analyse, "Police and soldiers raided the market in the morning.")
    assert [e.plover for e in events] == ["ASSAULT"]


def test_a_perfect_infinitive_reports_a_past_act(analyse):
    events = events_of(analyse, "Herders are alleged to have stabbed a farmer near the well.")
    assert [e.trigger for e in events if e.plover == "ASSAULT"] == ["stabbed"]


def test_a_shoot_out_is_an_armed_clash(analyse):
    (event,) = events_of(analyse, "A shootout between police and a gang left the street closed.")
    assert (event.acled_event_type, event.acled_sub_event_type) == ("Battles", "Armed clash")


def test_heavy_weapons_with_small_arms_are_a_clash(analyse):
    (both,) = events_of(analyse, "Rebels fired mortars and small arms at the army positions near the bridge.")
    assert both.acled_sub_event_type == "Armed clash"
    (heavy,) = events_of(analyse, "Rebels fired heavy machine guns at the army positions near the bridge.")
    assert heavy.acled_sub_event_type == "Shelling/artillery/missile attack"


def test_a_mob_is_mob_violence_not_a_demonstration(analyse):
    events = events_of(analyse, "A mob lynched a suspected thief at the market.")
    assert events and all(e.acled_sub_event_type == "Mob violence" for e in events)


def test_violence_is_the_event_not_the_damage_it_did(analyse):
    (event,) = events_of(analyse, "Soldiers targeted the trucks with rockets, destroying two of them.")
    assert event.trigger == "targeted" and event.plover == "ASSAULT"


def test_a_protest_that_is_the_purpose_of_a_gathering_happened(analyse):
    events = events_of(analyse, "Nurses gathered outside the clinic to protest against unpaid wages.")
    assert [(e.trigger, e.plover) for e in events] == [("gathered", "PROTEST")]
    events = events_of(analyse, "Teachers convened outside the ministry to demonstrate against the new rules.")
    assert [(e.trigger, e.plover) for e in events] == [("demonstrate", "PROTEST")]
    # a plan is still no protest
    assert events_of(analyse, "Nurses plan to protest against unpaid wages next week.") == ()


def test_what_a_protest_is_about_is_not_an_intervention(analyse):
    events = events_of(analyse, "Lawyers protested in the capital against the arrest of a colleague.")
    assert [(e.plover, e.acled_sub_event_type) for e in events] == [("PROTEST", "Peaceful protest")]


def test_the_next_sentences_tell_how_a_protest_went(analyse):
    text = "Traders blocked the main road on Monday. Police intervened and dispersed them with tear gas."
    assert events_of(analyse, text)[0].acled_sub_event_type == "Protest with intervention"
    text = "Traders blocked the main road on Monday. They pelted stones at passing cars."
    assert events_of(analyse, text)[0].acled_sub_event_type == "Violent demonstration"
    text = "Traders blocked the main road on Monday. A councillor met them in the afternoon."
    assert events_of(analyse, text)[0].acled_sub_event_type == "Peaceful protest"


def test_counted_explosions_are_indirect_fire_and_one_blast_a_device(analyse):
    (many,) = events_of(analyse, "Monitors recorded 14 explosions near the front line on Tuesday.")
    assert many.acled_sub_event_type == "Shelling/artillery/missile attack"
    assert many.rule("acled") == "counted explosions"
    (one,) = events_of(analyse, "An explosion tore through the bus station on Tuesday.")
    assert one.acled_sub_event_type == "Remote explosive/landmine/IED"


def test_movements_of_forces_are_a_change_to_group_activity(analyse):
    (event,) = events_of(analyse, "Army reinforcements arrived in the northern district on Friday.")
    assert event.plover == "MOBILIZE"
    assert (event.acled_event_type, event.acled_sub_event_type) == ("Strategic developments", "Change to group/activity")


def test_a_convoy_is_only_the_scene_when_something_happens_to_it(analyse):
    events = events_of(analyse, "Gunmen ambushed a military convoy near the border.")
    assert [e.plover for e in events] == ["ASSAULT"]


def test_seized_goods_are_looting_and_seized_weapons_disrupted_use(analyse):
    (goods,) = events_of(analyse, "Fighters seized cattle and grain from the villagers.")
    assert goods.acled_sub_event_type == "Looting/property destruction"
    (weapons,) = events_of(analyse, "Police discovered a cache of explosives in a farmhouse.")
    assert weapons.acled_sub_event_type == "Disrupted weapons use"


def test_a_stated_intention_is_coded_as_what_it_commits_to(analyse):
    (agree,) = events_of(analyse, "The minister said the government will withdraw its troops from the region.")
    assert (agree.plover, agree.plover_mode, agree.acled_event_type) == ("AGREE", "intent", None)
    (reject,) = events_of(analyse, "The ministry said it would not release the prisoners.")
    assert reject.plover == "REJECT"
    (threat,) = events_of(analyse, "The rebels will attack the garrison, their commander said.")
    assert threat.plover == "THREATEN" and threat.acled_event_type is None


def test_a_possibility_states_no_intention_and_a_condition_makes_a_threat(analyse):
    assert [e for e in events_of(analyse, "The army could withdraw from the valley.")] == []
    assert [e for e in events_of(analyse, "The rebels may attack the town.")] == []
    (threat,) = events_of(analyse, "They will attack if the troops enter the valley.")
    assert threat.plover == "THREATEN"


def test_protesters_who_will_march_have_not_protested(analyse):
    assert [e for e in events_of(analyse, "Protesters will march on Friday in the capital.")
            if e.plover == "PROTEST"] == []
    (done,) = [e for e in events_of(analyse, "Protesters gathered outside parliament on Friday.")
               if e.plover == "PROTEST"]
    assert done.acled_event_type == "Protests"


@pytest.mark.parametrize(
    "text, trigger, sub_type",
    [
        ("Militants threw a grenade at a police patrol in the market.", "threw a grenade", "Grenade"),
        ("The two armies exchanged artillery along the border on Friday.", "exchanged artillery", "Armed clash"),
        ("Soldiers thwarted an attack by rebels on the garrison.", "thwarted an attack", "Armed clash"),
        ("Several shoot-outs were reported in the northern districts.", "shoot-outs", "Armed clash"),
        ("The army launched an operation against the insurgents in the hills.", "operation against", "Armed clash"),
    ],
)
def test_phrases_that_report_armed_violence(analyse, text, trigger, sub_type):
    events = events_of(analyse, text)
    found = next(e for e in events if e.trigger == trigger)
    assert found.acled_sub_event_type == sub_type


def test_a_weapon_that_is_only_destroyed_does_not_type_the_event(analyse):
    events = events_of(analyse, "Rebels attacked an army convoy on the road, destroying a tank.")
    (event,) = [e for e in events if e.trigger == "attacked"]
    assert event.acled_event_type != "Explosions/Remote violence"


def test_a_weapon_word_inside_a_units_name_does_not_type_the_event(analyse):
    events = events_of(analyse, "Gunmen killed an air force intelligence officer in the city.")
    (event,) = [e for e in events if e.trigger == "killed"]
    assert event.acled_sub_event_type != "Air/drone strike"


@pytest.mark.parametrize(
    "text, sub_type",
    [
        ("Monitors counted 40 explosions/shots involving small arms near the bridge.", "Armed clash"),
        ("Monitors counted 40 explosions/bursts involving heavy machine guns near the bridge.",
         "Shelling/artillery/missile attack"),
        ("Monitors counted 25 projectiles/explosions in both directions of the line near the bridge.", "Armed clash"),
    ],
)
def test_counted_explosions_in_a_slash_list(analyse, text, sub_type):
    (event,) = [e for e in events_of(analyse, text) if e.plover == "ASSAULT"]
    assert event.acled_sub_event_type == sub_type


@pytest.mark.parametrize(
    "text, plover",
    [
        ("The farmers' union said it would boycott the talks.", "THREATEN"),
        ("The government is willing to withdraw its troops from the border.", "AGREE"),
        ("Norway will support the new mission, its foreign minister said.", "AGREE"),
        ("The council accepted the proposal on Tuesday.", "AGREE"),
    ],
)
def test_stated_intentions_and_acceptances(analyse, text, plover):
    assert [e.plover for e in events_of(analyse, text)] == [plover]


def test_a_reported_obligation_is_a_demand(analyse):
    (event,) = events_of(analyse, "Officials said on Monday that the company must repay the loan.")
    assert (event.plover, event.plover_mode, event.acled_event_type) == ("REQUEST", "must", None)
    assert event.trigger == "repay"
    assert events_of(analyse, "Officials said the company must not repay the loan.") == ()


def test_a_thrown_firebomb_is_a_riot(analyse):
    (event,) = events_of(analyse, "Youths hurled Molotov cocktails at the tax office overnight.")
    assert (event.acled_event_type, event.acled_sub_event_type) == ("Riots", "Violent demonstration")


@pytest.mark.parametrize(
    "text, trigger, sub_type",
    [
        ("Monitors counted 30 shots/bursts of fire involving small arms near the bridge.", "shots", "Armed clash"),
        ("Monitors counted 3 projectiles involving unknown weapons near the bridge.", "projectiles",
         "Shelling/artillery/missile attack"),
        ("Heavy artillery fire was reported in the eastern suburbs.", "artillery fire",
         "Shelling/artillery/missile attack"),
        ("Unknown men set fire to a lorry outside the depot.", "set fire", "Looting/property destruction"),
        ("Nurses formed a human chain outside the hospital.", "human chain", "Peaceful protest"),
    ],
)
def test_more_ways_to_report_an_event(analyse, text, trigger, sub_type):
    found = [e for e in events_of(analyse, text) if e.trigger.startswith(trigger.split()[0])]
    assert found and found[0].acled_sub_event_type == sub_type


def test_an_instrument_types_the_act_and_is_no_event_of_its_own(analyse):
    events = events_of(analyse, "Rebels targeted army positions with artillery fire near the dam.")
    assert [e.trigger for e in events] == ["targeted"]
    assert events[0].acled_sub_event_type == "Shelling/artillery/missile attack"


def test_a_single_shot_in_another_act_is_no_event(analyse):
    events = events_of(analyse, "Police fired warning shots and arrested two men.")
    assert "shots" not in [e.trigger for e in events]


@pytest.mark.parametrize(
    "text, trigger, acled",
    [
        # a verb with a preposition and its object, on the verb or on the verb's object
        ("Youths set a parked car on fire near the stadium.", "set", ("Strategic developments", "Looting/property destruction")),
        ("Two barns were set on fire overnight.", "set", ("Strategic developments", "Looting/property destruction")),
        ("The militia responded to the army's fire near the front.", "responded", ("Battles", "Armed clash")),
        # an object named by a compound
        ("The gang placed three check points on the highway.", "placed", ("Strategic developments", "Change to group/activity")),
        # the word just before the verb, whatever the parser made of it
        ("Police baton charged vendors at the market.", "baton", ("Violence against civilians", "Attack")),
        # the verb's subject, or the people a participle qualifies
        ("Ethnic violence erupted in the district on Sunday.", "violence", ("Battles", "Armed clash")),
        ("About 300 refugees returned to their country on Monday.", "refugees", ("Strategic developments", "Other")),
        ("Fifty migrants returned from Chile on Monday.", "migrants", ("Strategic developments", "Other")),
    ],
)
def test_keys_made_of_a_verb_and_a_word_it_governs(analyse, text, trigger, acled):
    events = events_of(analyse, text)
    assert events and events[0].trigger.startswith(trigger)
    assert (events[0].acled_event_type, events[0].acled_sub_event_type) == acled


@pytest.mark.parametrize(
    "text, plover, sub_type",
    [
        ("Rebels launched three missiles towards the airport.", "ASSAULT", "Shelling/artillery/missile attack"),
        ("Soldiers suffered casualties after being hit by an IED.", "ASSAULT", "Remote explosive/landmine/IED"),
        ("Human remains were found near the road.", "ASSAULT", "Attack"),
        ("A crowd forced the entrance of the clinic.", "ASSAULT", "Attack"),
        ("Militia forces conducted an incursion near the river.", "ASSAULT", "Attack"),
        ("An army battalion defected to the rebels.", "MOBILIZE", "Change to group/activity"),
        ("Members of the militia conducted military exercises.", "MOBILIZE", "Change to group/activity"),
        ("The governor announced a mandatory use of face masks in public spaces.", "COERCE",
         "Change to group/activity"),
        ("Farmers did a motorcade to demand lower prices.", "PROTEST", "Peaceful protest"),
        ("Residents pelted stones at police officers.", "PROTEST", "Violent demonstration"),
        ("Police dispersed a crowd outside the town hall.", "PROTEST", "Protest with intervention"),
    ],
)
def test_more_words_for_events(analyse, text, plover, sub_type):
    events = events_of(analyse, text)
    assert events and (events[0].plover, events[0].acled_sub_event_type) == (plover, sub_type)


def test_a_baton_charge_on_protesters_is_their_protest(analyse):
    (event,) = events_of(analyse, "Police baton charged protesters at the market.")
    assert (event.plover, event.acled_sub_event_type) == ("PROTEST", "Protest with intervention")


def test_a_riot_stays_a_riot_when_it_is_dispersed(analyse):
    (event,) = events_of(analyse, "Several locals turned violent and were dispersed by police.")
    assert event.acled_sub_event_type == "Violent demonstration"


def test_an_attempt_at_violence_is_violence(analyse):
    (event,) = events_of(analyse, "Villagers tried to lynch two suspected thieves.")
    assert (event.acled_event_type, event.acled_sub_event_type) == ("Riots", "Mob violence")
    for text in ("The army did not try to storm the town.", "Rebels plan to try to attack the town.",
                 "Police tried to arrest the mayor."):
        assert [e for e in events_of(analyse, text) if e.plover in ("ASSAULT", "COERCE")] == [], text


def test_the_people_who_protest_are_there_whatever_is_done_to_them(analyse):
    events = events_of(analyse, "Soldiers stopped protesters from setting up tents.")
    assert [e.plover for e in events] == ["PROTEST"]


def test_a_trend_is_said_of_a_subject_not_of_an_object(analyse):
    events = events_of(analyse, "Warplanes flew over the camps, dropping bombs.")
    assert [e.plover for e in events] == ["ASSAULT"]
    assert events_of(analyse, "Attacks have dropped sharply this year.") == ()


def test_a_trigger_inside_another_phrase_is_part_of_it(analyse):
    events = events_of(analyse, "Prison guards went on a strike to demand their pay.")
    assert [e.plover for e in events] == ["PROTEST"]


def test_new_words_stay_out_of_sentences_without_events(analyse):
    for text in ("The president's motorcade passed through the city centre.",
                 "The pilots returned to the airport on Tuesday.",
                 "Investors tried to buy the company last year."):
        assert events_of(analyse, text) == (), text


def test_stones_after_a_protest_tell_how_it_went(analyse):
    text = "Workers marched to the ministry on Monday. They pelted stones at passing cars."
    events = events_of(analyse, text)
    assert [e.trigger for e in events] == ["marched"]
    assert events[0].acled_sub_event_type == "Violent demonstration"


def _main(events):
    """The events a sentence reports, in sentence order, as (PLOVER, ACLED type, sub-type)."""
    return [(e.plover, e.acled_event_type, e.acled_sub_event_type) for e in events]


def test_a_protest_dispersed_with_tear_gas_is_a_protest_with_intervention(analyse):
    events = events_of(analyse, "Riot police fired tear gas to disperse the marchers near the stadium.")
    assert _main(events) == [("PROTEST", "Protests", "Protest with intervention")]


def test_a_partys_rally_is_a_protest(analyse):
    (rally,) = events_of(analyse, "Supporters of the opposition party held a rally in the market town on Sunday.")
    assert (rally.plover, rally.acled_event_type, rally.acled_sub_event_type) == (
        "PROTEST", "Protests", "Peaceful protest")


@pytest.mark.parametrize(
    "text",
    [
        "Police arrested 20 demonstrators who blocked the highway near the port.",
        "Dozens of traders gathered outside the council office were detained by police.",
    ],
)
def test_protesters_arrested_at_a_protest_are_a_protest_with_intervention(analyse, text):
    assert _main(events_of(analyse, text)) == [("PROTEST", "Protests", "Protest with intervention")]


def test_people_arrested_for_an_earlier_protest_are_arrests(analyse):
    events = events_of(analyse, "Police arrested nine activists for taking part in the protests last month.")
    assert ("COERCE", "Strategic developments", "Arrests") in _main(events)


@pytest.mark.parametrize(
    "text",
    [
        "Students protested the killing of a lecturer outside the campus on Friday.",
        "Villagers began a sit-in after a bus driver was attacked by unknown men.",
        "Traders staged a rally over the rape of a schoolgirl in the district.",
    ],
)
def test_what_a_protest_is_about_is_not_the_event(analyse, text):
    assert [e.plover for e in events_of(analyse, text)] == ["PROTEST"]


@pytest.mark.parametrize(
    "text",
    [
        "Opposition parties called a dawn-to-dusk hartal to demand the release of their leaders.",
        "Hundreds of farmers took to the streets to protest against the new tax.",
        "Youth wing members burnt an effigy of the chief minister in the main square.",
        "Unions organized a general strike that closed the city in protest of the new law.",
    ],
)
def test_protest_forms_the_lexicon_knows(analyse, text):
    events = events_of(analyse, text)
    assert events and all(e.plover == "PROTEST" and e.acled_event_type == "Protests" for e in events)


def test_a_threat_stays_a_threat(analyse):
    events = events_of(analyse, "The commander warned that his men would storm the town within days.")
    assert [e.plover for e in events] == ["THREATEN"]
    assert all(e.acled_event_type is None for e in events)


def test_a_lower_case_article_is_read_the_same(analyse):
    events = events_of(analyse, "police arrested five men who protested outside the court in the capital on monday.")
    assert _main(events) == [("PROTEST", "Protests", "Protest with intervention")]


def test_a_unilateral_ceasefire_is_a_retreat(analyse):
    events = events_of(analyse, "The movement declared a unilateral ceasefire on Monday.")
    assert [e.plover for e in events] == ["RETREAT"]


# --- round 2 of issue 15: demands, encounters, attempted protests, PLOVER phrases -----------


def test_a_demand_by_a_group_of_people_is_a_protest(analyse):
    (event,) = events_of(analyse, "Nursing students demanded a rise in their monthly stipend on Friday.")
    assert (event.plover, event.acled_event_type, event.acled_sub_event_type) == (
        "PROTEST", "Protests", "Peaceful protest")
    (event,) = events_of(analyse, "Hundreds of weavers lined the main road demanding cheaper yarn.")
    assert event.plover == "PROTEST"
    (event,) = events_of(analyse, "Retired teachers of the district, demanding that their pensions be paid.")
    assert event.plover == "PROTEST"


def test_a_demand_by_an_official_stays_a_request(analyse):
    (event,) = events_of(analyse, "The governor demanded an apology from the opposition leader.")
    assert event.plover == "REQUEST" and event.acled_event_type is None


def test_a_crowd_demand_gives_way_to_what_the_crowd_did(analyse):
    events = events_of(analyse, "Tenants blocked the highway on Monday demanding lower rents.")
    assert [e.trigger for e in events if e.plover == "PROTEST"] == ["blocked"]


def test_what_a_crowd_demands_is_not_how_its_protest_went(analyse):
    (event,) = events_of(analyse, "Shop owners demanded the arrest of the men who robbed the market.")
    assert event.acled_sub_event_type == "Peaceful protest"


def test_an_encounter_is_an_armed_clash_and_a_fake_one_an_attack(analyse):
    (event,) = events_of(analyse, "Two insurgents were killed in an encounter with the police in the hills.")
    assert event.trigger == "encounter" and event.acled_sub_event_type == "Armed clash"
    events = events_of(analyse, "Relatives said the man was killed in a fake encounter by the police.")
    assert [e.acled_event_type for e in events if e.trigger == "fake encounter"] == ["Violence against civilians"]


def test_fire_returned_by_the_side_attacked_is_a_clash(analyse):
    (event,) = events_of(analyse, "The border guards retaliated on Tuesday night.")
    assert event.acled_sub_event_type == "Armed clash"


def test_an_attack_on_each_other_is_a_clash(analyse):
    (event,) = events_of(analyse, "Troops of the two states targeted each other along the frontier.")
    assert (event.acled_event_type, event.acled_sub_event_type) == ("Battles", "Armed clash")
    assert event.rule("acled").endswith("+each other")


def test_an_attempted_protest_stopped_by_arrests_is_a_protest_with_intervention(analyse):
    events = events_of(analyse, "Police arrested 30 union members when they tried to stage a protest at the port.")
    assert [(e.plover, e.acled_sub_event_type) for e in events] == [("PROTEST", "Protest with intervention")]
    assert events_of(analyse, "The workers did not try to stage a protest.") == ()


def test_a_shutdown_observed_is_a_protest(analyse):
    (event,) = events_of(analyse, "A complete shutdown was observed in the valley against the new tax.")
    assert event.plover == "PROTEST" and event.acled_event_type == "Protests"


def test_a_place_named_like_a_weapon_types_nothing(analyse):
    (event,) = events_of(analyse, "A trader was killed by unidentified gunmen in Tank on Monday.")
    assert event.acled_sub_event_type == "Attack"


def test_a_tear_gas_shell_is_no_shelling(analyse):
    events = events_of(analyse, "A tear gas shell landed in the courtyard.")
    assert [e for e in events if e.acled_event_type == "Explosions/Remote violence"] == []


def test_a_postponed_protest_did_not_happen(analyse):
    events = events_of(analyse, "The alliance agreed to postpone the rally until next month.")
    assert [e.plover for e in events] == ["AGREE"]


@pytest.mark.parametrize(
    ("text", "plover"),
    [
        ("The two parties reached a consensus on the budget on Monday.", "AGREE"),
        ("The king hosted a meeting of the two rival leaders.", "CONSULT"),
        ("The envoy undertook a mediation mission between the two capitals.", "CONSULT"),
        ("The government expelled three diplomats of its neighbour for espionage.", "SANCTION"),
        ("The donor cut aid to the ministry after the audit.", "SANCTION"),
        ("The council lifted the ban on street vendors.", "CONCEDE"),
        ("The company accepted the demands of the strikers.", "CONCEDE"),
        ("The army strengthened its forces along the border.", "MOBILIZE"),
        ("Parliament outlawed the militia on Tuesday.", "COERCE"),
        ("Hackers hacked into the computers of the electoral commission.", "COERCE"),
    ],
)
def test_plover_phrases(analyse, text, plover):
    events = events_of(analyse, text)
    assert events and events[0].plover == plover


def test_a_gunfight_keeps_its_type_against_a_cue_elsewhere(analyse):
    events = events_of(analyse, "A man was hurt in a gunfight with police after his friends threw crude bombs at them.")
    assert [e.acled_sub_event_type for e in events if e.trigger == "gunfight"] == ["Armed clash"]


def test_an_ambassador_summoned_is_an_accusation_and_a_demand_repeated_a_request(analyse):
    (event,) = events_of(analyse, "The ministry summoned the ambassador of its neighbour on Monday.")
    assert event.plover == "ACCUSE"
    events = events_of(analyse, "The agency reiterated its demand that the ministry release the funds.")
    assert events[0].plover == "REQUEST"


def test_a_protest_word_the_parser_took_for_a_modifier_of_what_was_held(analyse):
    (event,) = events_of(analyse, "The nurses union conducted protests statewide over the new pay scale.")
    assert event.plover == "PROTEST" and event.acled_event_type == "Protests"
    assert [e for e in events_of(analyse, "Police questioned the protest leaders.") if e.plover == "PROTEST"] == []


@pytest.mark.parametrize(
    ("text", "word", "pattern", "key"),
    [
        ("The gang placed three check points on the highway.", "placed", "_match_child", "place check point"),
        ("Police baton charged vendors at the market.", "charged", "_match_child", "baton charge"),
        ("Youths set a parked car on fire near the stadium.", "set", "_match_verb_prep", "set on fire"),
        ("Two barns were set on fire overnight.", "set", "_match_verb_prep", "set on fire"),
        ("Fifty migrants returned from Chile on Monday.", "returned", "_match_participle", "migrant return"),
        ("Residents staged a sit-in outside the town hall on Monday.", "sit", "_match_hyphenated", "sit-in"),
        ("Gunmen stormed a police post in the north on Sunday.", "stormed", "_match_word", "storm"),
    ],
)
def test_each_trigger_pattern_finds_its_phrase_and_the_first_that_fires_wins(nlp, text, word, pattern, key):
    from sitrep.stages import events

    lex = _Res.lexicons
    tok = next(t for t in nlp(text) if t.text == word)
    pos, lemma = events._pos_of(tok), tok.lemma_.lower()
    fired = [p.__name__ for p in events._PATTERNS if p(tok, lemma, pos, lex) is not None]
    assert fired[0] == pattern
    assert getattr(events, pattern)(tok, lemma, pos, lex)[1] == key
    assert events._match(tok, lex)[1] == key
