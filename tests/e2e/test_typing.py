"""The typing stage with the shipped model, on short articles written for these tests.

The model only re-types events the lexicon found, among the types their PLOVER type
allows; it takes the ACLED type away from crime and drops a casualty word that reports
no event. Each case below is one the issue names.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from sitrep.model import Article
from sitrep.pipeline import DEFAULT_STAGES, Pipeline
from sitrep.resources import Resources
from sitrep.stages.typing import event_features


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline()


@pytest.fixture(scope="module")
def without_model():
    return Pipeline(resources=dataclasses.replace(Resources.default(), typing_model=None))


def code(pipeline, text):
    return pipeline.code(Article(id="t", text=text, published=dt.date(2024, 3, 4)))


def test_the_stage_runs_right_after_events():
    assert DEFAULT_STAGES.index("typing") == DEFAULT_STAGES.index("events") + 1


def test_a_shooting_in_a_robbery_stays_an_event_without_an_acled_type(pipeline):
    events = code(pipeline, "Two armed robbers shot dead a shopkeeper and wounded his son during a robbery "
                            "at a jewellery store in Durban on Tuesday night, police said.")
    main = events[0]
    assert main.plover == "ASSAULT"
    assert main.killed is not None and main.killed.best == 1
    assert main.acled_event_type is None and main.acled_sub_event_type is None
    assert main.rule("acled").startswith("model:")


def test_party_supporters_clashing_is_a_riot_not_a_battle(pipeline):
    text = "Supporters of the ruling party and the opposition clashed with sticks and stones in Noakhali, injuring 15 people."
    main = code(pipeline, text)[0]
    assert (main.acled_event_type, main.acled_sub_event_type) == ("Riots", "Mob violence")
    assert any(e.field == "acled" for e in main.evidence)


def test_a_partys_rally_is_a_peaceful_protest(pipeline):
    main = code(pipeline, "Thousands of supporters of the opposition Democratic Party held a rally in the capital "
                          "on Saturday to demand early elections.")[0]
    assert main.plover == "PROTEST"
    assert (main.acled_event_type, main.acled_sub_event_type) == ("Protests", "Peaceful protest")


@pytest.mark.parametrize("text", [
    "Five people were killed and twelve injured when a bus collided with a truck on the Dhaka-Chittagong highway on Sunday.",
    "Floods swept away dozens of homes and killed 14 people in northern Kenya after days of heavy rain, officials said.",
    "Three workers died in a landslide at a quarry near the town on Friday.",
])
def test_a_road_accident_or_a_flood_is_no_event(pipeline, text):
    assert code(pipeline, text) == []


def test_a_killing_with_no_hazard_stays_an_event(pipeline):
    events = code(pipeline, "Five people were killed when gunmen opened fire on a bus near the border on Sunday.")
    assert events and events[0].plover == "ASSAULT" and events[0].acled_event_type is not None


def test_a_threat_stays_a_threat(pipeline):
    events = code(pipeline, "The rebel commander threatened to attack government positions around the city "
                            "if the army did not withdraw.")
    assert [e.plover for e in events] == ["THREATEN"]
    assert events[0].acled_event_type is None


def test_a_lower_case_article_is_typed(pipeline):
    main = code(pipeline, "supporters of two rival parties clashed with sticks and stones outside a polling "
                          "station in the town on sunday, leaving 12 people injured.")[0]
    assert main.acled_event_type == "Riots"


def test_an_event_the_model_is_unsure_of_keeps_the_lexicons_type(pipeline):
    main = code(pipeline, "An air strike hit a weapons depot outside the town on Monday, the army said.")[0]
    assert (main.acled_event_type, main.acled_sub_event_type) == ("Explosions/Remote violence", "Air/drone strike")
    assert not (main.rule("acled") or "").startswith("model:")


def test_the_model_never_gives_an_acled_type_to_a_meeting(pipeline):
    model = pipeline.resources.typing_model
    assert all(label in ("none", "no event") for label in model.allowed.get("CONSULT", ["none"]))
    events = code(pipeline, "The foreign ministers of the two countries met in Geneva on Monday to discuss the border.")
    assert all(e.acled_event_type is None for e in events)


def test_features_read_the_events_sentence(pipeline, analyse):
    text = "It rained all day. Police arrested four activists at the rally in Lagos on Monday."
    result = pipeline.analyse(Article(id="t", text=text, published=dt.date(2024, 3, 4)))
    event = result.events[0]
    features = event_features(event, result.doc, pipeline.resources.lexicons)
    assert features.text.startswith("Police arrested")
    assert features.embedding.shape == (192,)
    assert {"agent=police", "plover=PROTEST", "cue=Protest with intervention"} <= set(features.signals)
