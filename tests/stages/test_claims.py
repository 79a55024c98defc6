"""Stage ``claims``: events and counts claimed by a source or a speaker."""

from __future__ import annotations

from sitrep.model import Event
from sitrep.stages.attributions import find_attributions
from sitrep.stages.claims import run_claims
from sitrep.stages.counts import run_counts
from sitrep.stages.quotes import find_quotes


def event(analysis, word: str) -> Event:
    """An event triggered by the first ``word`` in the analysed text."""
    start = analysis.article.text.index(word)
    end = start + len(word)
    sent = analysis.doc.char_span(start, end, alignment_mode="expand")[0].sent
    return Event(article_id="t1", trigger=word, trigger_start=start, trigger_end=end,
                 sentence_start=sent.start_char, sentence_end=sent.end_char, plover="ASSAULT")


def claimed(analyse, text: str, *triggers: str):
    """Events for ``triggers`` after quotes, attributions, counts and claims."""
    base = analyse(text)
    quotes = find_quotes(base, None)["quotes"]
    attributions = find_attributions(analyse(text, quotes=quotes), None)["attributions"]
    events = tuple(event(base, w) for w in triggers)
    events = run_counts(analyse(text, events=events), None)["events"]
    analysis = analyse(text, events=events, quotes=quotes, attributions=attributions)
    return run_claims(analysis, None)["events"]


def test_event_inside_an_attributed_claim(analyse) -> None:
    (ev,) = claimed(analyse, "The ministry of defence said that an airstrike hit the fuel depot.", "airstrike")
    assert ev.claimed_by == "The ministry of defence"
    (evidence,) = [e for e in ev.evidence if e.field == "claimed_by"]
    assert evidence.text == "The ministry of defence"


def test_count_inside_a_claim_is_claimed(analyse) -> None:
    text = "Rebels shelled the town overnight. Local officials claim that four civilians died in the shelling."
    (ev,) = claimed(analyse, text, "shelled")
    assert ev.killed.best == 4
    assert ev.killed.claimed_by == "Local officials"
    assert ev.claimed_by == "Local officials"


def test_event_in_a_direct_quote_is_claimed_by_the_speaker(analyse) -> None:
    text = "“Our forces repelled an assault on the airport this morning,” said General Amina Bello."
    (ev,) = claimed(analyse, text, "assault")
    assert ev.claimed_by == "Amina Bello"


def test_conflicting_claims_stay_separate(analyse) -> None:
    text = "The army said 12 militants were killed in the clashes; residents said 20 civilians died."
    (ev,) = claimed(analyse, text, "clashes")
    assert ev.killed.best == 12
    assert ev.killed.claimed_by == "The army"
    assert ev.claimed_by == "The army"


def test_unattributed_event_is_not_claimed(analyse) -> None:
    (ev,) = claimed(analyse, "Gunmen attacked a bus near the border, killing six passengers.", "attacked")
    assert ev.claimed_by is None
    assert ev.killed.best == 6 and ev.killed.claimed_by is None


def test_acled_coded_figure_is_best_and_not_a_claim(analyse) -> None:
    text = "Militants attacked an army post. Fatalities coded as 0 (a local outlet reported 3)."
    (ev,) = claimed(analyse, text, "attacked")
    assert (ev.killed.low, ev.killed.best, ev.killed.high) == (0, 0, 3)
    assert ev.killed.claimed_by is None


def test_n_fatalities_coded(analyse) -> None:
    text = "Unknown gunmen attacked a village. Several residents were killed. 3 fatalities coded."
    (ev,) = claimed(analyse, text, "attacked")
    assert ev.killed.best == 3


def test_conflicting_claims_are_all_listed_with_their_sources(analyse) -> None:
    text = "The army said 12 militants were killed in the clashes; residents said 20 civilians died."
    (ev,) = claimed(analyse, text, "clashes")
    assert [(c.kind, c.best, c.claimed_by) for c in ev.counts] == [
        ("killed", 12, "The army"), ("killed", 20, "residents")]
    record = ev.to_dict()
    assert record["killed"] == {"low": 12, "best": 12, "high": 12, "text": "12", "victims": "militants",
                                "claimed_by": "The army"}
    assert record["counts"][1] == {"kind": "killed", "low": 20, "best": 20, "high": 20, "text": "20",
                                   "victims": "civilians", "claimed_by": "residents"}


def test_the_figure_the_article_asserts_is_coded(analyse) -> None:
    text = "Officials said three civilians were killed when rebels shelled the town, and four civilians died."
    (ev,) = claimed(analyse, text, "shelled")
    # Both figures reach the event, each with its source; the one the article asserts itself is coded.
    assert [(c.best, c.claimed_by) for c in ev.counts if c.kind == "killed"] == [(3, "Officials"), (4, None)]
    assert (ev.killed.best, ev.killed.claimed_by, ev.killed.text) == (4, None, "four")


def test_a_source_inside_a_coded_note_does_not_claim_it(analyse) -> None:
    text = "Militants attacked an army post. Fatalities coded as 0 (Voice of the Front reported 3)."
    (ev,) = claimed(analyse, text, "attacked")
    assert (ev.killed.low, ev.killed.best, ev.killed.high) == (0, 0, 3)
    assert ev.killed.claimed_by is None
