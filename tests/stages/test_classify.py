"""The classify stage with a hand-made classifier, on events built by hand."""

from __future__ import annotations

import pytest

from sitrep.model import Article, Event, TypedBy
from sitrep.pipeline import DEFAULT_STAGES, Analysis, build
from sitrep.resources import InMemoryClassifier
from sitrep.stages import classify
from sitrep.stages.classify import classify_events, with_classify

RULES = {
    "drone": ("Explosions/Remote violence", "Air/drone strike"),
    "tear gas": ("Protests", "Protest with intervention"),
}


class _Res:
    def __init__(self, classifier=None):
        self.classifier = classifier


def event(text: str, sentence: str, trigger: str, acled=("Violence against civilians", "Attack")) -> Event:
    s = text.index(sentence)
    t = text.index(trigger, s)
    return Event(
        article_id="a", trigger=trigger, trigger_start=t, trigger_end=t + len(trigger),
        sentence_start=s, sentence_end=s + len(sentence), plover="ASSAULT",
        acled_event_type=acled[0] if acled else None, acled_sub_event_type=acled[1] if acled else None,
        typed_by=TypedBy("trigger", "attack"),
    )


def analysis(text: str, *events: Event) -> Analysis:
    return Analysis(article=Article(id="a", text=text), events=tuple(events))


def long_article() -> tuple[str, str, str]:
    first = "A drone attack hit a market in the north on Monday."
    second = "Police fired tear gas at a crowd that attacked the governor's office."
    filler = " ".join(["Officials gave no further details about the week's events."] * 20)
    return f"{first} {filler} {second}", first, second


def test_long_articles_are_classified_sentence_by_sentence():
    text, first, second = long_article()
    assert len(text) > classify.WHOLE_TEXT_MAX_CHARS
    fake = InMemoryClassifier(RULES, name="mine")
    out = classify_events(analysis(text, event(text, first, "attack"), event(text, second, "attacked")), _Res(fake))
    a, b = out["events"]
    assert fake.seen == [first, second]
    assert (a.acled_event_type, a.acled_sub_event_type) == ("Explosions/Remote violence", "Air/drone strike")
    assert (b.acled_event_type, b.acled_sub_event_type) == ("Protests", "Protest with intervention")
    assert a.coder == b.coder == "mine"
    assert a.rule("acled") == "model:mine" and a.rule("plover") is None  # other rules untouched
    (evidence,) = [e for e in a.evidence if e.field == "acled"]
    assert (evidence.start, evidence.end, evidence.text) == (text.index(first), len(first), first)


def test_a_short_note_is_classified_whole_once():
    text = "Gunmen attacked a village at dawn. A drone was seen overhead before the attack."
    fake = InMemoryClassifier(RULES, name="mine")
    out = classify_events(
        analysis(text, event(text, "Gunmen attacked a village at dawn.", "attacked"),
                 event(text, "A drone was seen overhead before the attack.", "attack")),
        _Res(fake),
    )
    assert fake.seen == [text]  # one call for both events
    assert {e.acled_sub_event_type for e in out["events"]} == {"Air/drone strike"}


def test_no_opinion_leaves_events_alone():
    text = "Leaders met in the capital. Gunmen attacked a village."
    untyped = event(text, "Leaders met in the capital.", "met", acled=None)
    typed = event(text, "Gunmen attacked a village.", "attacked")
    fake = InMemoryClassifier(RULES, default=None, name="mine")  # no keyword: no opinion
    out = classify_events(analysis(text, untyped, typed), _Res(fake))
    assert out["events"] == (untyped, typed)
    assert out["events"][1].coder == "lexicon"


def test_in_a_short_note_every_event_is_typed():
    text = "Leaders met in the capital. Gunmen attacked a village."
    untyped = event(text, "Leaders met in the capital.", "met", acled=None)
    fake = InMemoryClassifier({}, default=("Violence against civilians", "Attack"), name="mine")
    (got,) = classify_events(analysis(text, untyped), _Res(fake))["events"]
    assert (got.acled_event_type, got.acled_sub_event_type, got.coder) == ("Violence against civilians", "Attack", "mine")


def test_in_a_long_article_only_events_the_lexicon_typed_are_retyped():
    text, first, second = long_article()
    untyped = event(text, first, "attack", acled=None)
    typed = event(text, second, "attacked")
    fake = InMemoryClassifier(RULES, name="mine")
    got_untyped, got_typed = classify_events(analysis(text, untyped, typed), _Res(fake))["events"]
    assert fake.seen == [second]
    assert got_untyped == untyped and got_typed.acled_sub_event_type == "Protest with intervention"


@pytest.mark.parametrize("resources", [_Res(None), object()])
def test_without_a_classifier_nothing_changes(resources):
    text = "A drone attack hit a market."
    ev = event(text, text, "attack")
    assert classify_events(analysis(text, ev), resources)["events"] == (ev,)
    assert classify_events(analysis(text), resources)["events"] == ()


def test_the_stage_goes_right_after_typing_and_the_default_order_is_unchanged():
    names = with_classify(DEFAULT_STAGES)
    assert names[names.index("typing") + 1] == "classify"  # a user's model has the last word
    assert with_classify(("events", "actors"))[1] == "classify"  # without the shipped model: after events
    assert [n for n in names if n != "classify"] == list(DEFAULT_STAGES)
    assert "classify" not in DEFAULT_STAGES
    assert with_classify(names) == names
    assert [s.name for s in build(names)] == list(names)
    with pytest.raises(ValueError):
        with_classify(("times", "places"))
