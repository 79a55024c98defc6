"""Stage ``places``: span helpers and the span index (``sitrep.stages.places.spans``).

Sentences written for these tests."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.stages.places.spans import SpanIndex, overlaps


def test_a_name_run_into_its_gloss_is_cut_at_the_parenthesis():
    from sitrep.stages.places.spans import trim

    text = "a march in Bamako (Bamako) on Friday"
    start = text.index("Bamako")
    assert text[slice(*trim(text, start, start + len("Bamako (Bamako")))] == "Bamako"


_SPAN = st.tuples(st.integers(0, 300), st.integers(0, 40)).map(lambda p: (p[0], p[0] + p[1]))


@settings(max_examples=300, derandomize=True, database=None, deadline=None)
@given(spans=st.lists(_SPAN, max_size=40), removed=st.lists(_SPAN, max_size=10), added=st.lists(_SPAN, max_size=10),
       query=_SPAN)
def test_the_span_index_finds_what_checking_every_span_finds(spans, removed, added, query):
    index, kept = SpanIndex(spans), set(spans)
    for span in removed:
        index.remove(span)
        kept.discard(span)
    for span in added:
        index.add(span)
        kept.add(span)
    assert sorted(index.overlapping(query)) == sorted(s for s in kept if overlaps(s, query))
