"""The public API: what ``sitrep`` exports, and one article in, events out."""

from __future__ import annotations

import pytest

import sitrep


def test_public_names_are_pinned():
    assert sorted(sitrep.__all__) == sorted([
        "Actor", "Analysis", "Article", "Attribution", "Count", "Event", "EventDate", "Evidence", "Failure",
        "InputError", "Pipeline", "PipelineError", "Place", "Quote", "ResourceError", "SitrepError", "StoreError",
        "TimeExpression", "__version__", "analyse", "annotation", "code",
    ])


def test_version_agrees_with_the_package_metadata():
    from importlib.metadata import version

    assert sitrep.__version__ == version("sitrep")


@pytest.mark.model
def test_code_returns_events_main_event_first():
    events = sitrep.code(
        "Gunmen killed three villagers in an attack on a market on Monday.", published="2024-03-06", id="a1"
    )
    assert events and events[0].rank == 0
    assert events[0].article_id == "a1"
    assert events[0].plover == "ASSAULT"
    record = events[0].to_dict()
    for key in ("article_id", "event_id", "rank", "plover", "acled_event_type", "acled_sub_event_type", "date",
                "actor1", "actor2", "place", "killed", "injured", "claimed_by", "background", "evidence"):
        assert key in record


@pytest.mark.model
def test_event_ids_are_stable():
    text = "Protesters marched in the capital on Friday."
    first = [e.event_id for e in sitrep.code(text, published="2024-03-08", id="p")]
    again = [e.event_id for e in sitrep.code(text, published="2024-03-08", id="p")]
    assert first == again and first


@pytest.mark.model
def test_text_given_to_the_api_is_repaired_and_evidence_indexes_the_repair():
    damaged = "\x93Gunmen killed three villagers in Kaduna,\x94 police said on Monday.\x00"
    analysis = sitrep.analyse(damaged, published="2024-03-06", id="w1")
    article = analysis.article
    assert article.text == "“Gunmen killed three villagers in Kaduna,” police said on Monday."
    assert article.repairs == ("windows-1252", "control characters")
    assert sitrep.annotation(analysis)["repairs"] == ["windows-1252", "control characters"]
    assert analysis.events
    for event in analysis.events:
        assert article.text[event.trigger_start:event.trigger_end] == event.trigger
        for evidence in event.evidence:
            assert article.text[evidence.start:evidence.end] == evidence.text


@pytest.mark.model
def test_api_default_id_is_the_hash_of_the_repaired_text():
    lone = sitrep.analyse("Troops left the town \ud800 at dawn.", published="2024-03-06").article
    again = sitrep.analyse("Troops left the town \ufffd at dawn.", published="2024-03-06").article
    assert lone.id == again.id == lone.text_hash[:12]
    assert lone.repairs == ("surrogates",) and again.repairs == ()


@pytest.mark.model
def test_api_refuses_an_id_with_control_characters():
    import pytest

    with pytest.raises(sitrep.InputError) as info:
        sitrep.analyse("Troops left the town.", id="bad\x00id")
    assert info.value.code == "R019"


@pytest.mark.model
def test_an_article_given_whole_is_repaired_only_when_it_needs_it():
    article = sitrep.Article(id="as-is", text="Troops left the town.", published=None)
    assert sitrep.analyse(article).article is article
    # spaCy refuses a lone surrogate: an article built by hand with one is repaired first
    damaged = sitrep.Article(id="hand", text="Troops left \ud800 the town.", published=None)
    repaired = sitrep.analyse(damaged).article
    assert (repaired.id, repaired.text, repaired.repairs) == ("hand", "Troops left \ufffd the town.", ("surrogates",))
