"""The public API: what ``sitrep`` exports, and one article in, events out."""

from __future__ import annotations

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


def test_event_ids_are_stable():
    text = "Protesters marched in the capital on Friday."
    first = [e.event_id for e in sitrep.code(text, published="2024-03-08", id="p")]
    again = [e.event_id for e in sitrep.code(text, published="2024-03-08", id="p")]
    assert first == again and first
