"""Event's copies: ``with_rule`` and ``with_evidence`` give what ``dataclasses.replace`` gives."""

from __future__ import annotations

import dataclasses

from sitrep.model import Event, Evidence


def test_with_rule_and_with_evidence_equal_a_replace_and_leave_the_event_as_it_was():
    event = Event(article_id="a", trigger="shot", trigger_start=4, trigger_end=8, sentence_start=0,
                  sentence_end=20, plover="ASSAULT", rules=(("date", "reporting window"),))
    ruled = event.with_rule("date", "time in the sentence")
    assert ruled == dataclasses.replace(event, rules=(("date", "time in the sentence"),))
    assert hash(ruled) == hash(dataclasses.replace(event, rules=(("date", "time in the sentence"),)))
    assert event.rules == (("date", "reporting window"),)
    shown = ruled.with_evidence(Evidence("date", 9, 15, "Friday"))
    assert shown.evidence == (Evidence("date", 9, 15, "Friday"),) and shown.rules == ruled.rules
    assert dataclasses.replace(shown, plover="PROTEST").evidence == shown.evidence
    assert type(shown) is Event and shown.event_id == event.event_id
