"""Stage ``attributions``: each attribution form, its source and its claim."""

from __future__ import annotations

from pathlib import Path

from sitrep.stages.attributions import find_attributions
from sitrep.stages.quotes import find_quotes

SEED = Path(__file__).resolve().parents[2] / "examples" / "seed-article.txt"


def _attributions(analyse, text: str):
    analysis = analyse(text)
    quotes = find_quotes(analysis, None)["quotes"]
    found = find_attributions(analyse(text, quotes=quotes), None)["attributions"]
    for a in found:
        assert text[a.start:a.end] == a.text
        assert text[a.source_start:a.source_end] == a.source
    return found


def test_according_to_before_the_claim(analyse) -> None:
    (a,) = _attributions(analyse, "According to news agency Reuters, four boats sank off the coast.")
    assert a.source == "news agency Reuters"
    assert a.text == "four boats sank off the coast"


def test_according_to_after_the_claim(analyse) -> None:
    (a,) = _attributions(analyse, "At least five people were killed, according to local officials.")
    assert a.source == "local officials"
    assert a.text == "At least five people were killed"


def test_said_that(analyse) -> None:
    (a,) = _attributions(analyse, "Police said that two people died in the blast, adding that the driver fled.")
    assert a.source == "Police"
    assert a.text == "two people died in the blast"


def test_claim_then_said(analyse) -> None:
    (a,) = _attributions(analyse, "Three soldiers were wounded in the ambush, the army said on Sunday.")
    assert a.source == "the army"
    assert a.text == "Three soldiers were wounded in the ambush"


def test_claims_that_keeps_the_whole_source_phrase(analyse) -> None:
    text = "The health ministry of the northern province claims that 40 patients were moved overnight."
    (a,) = _attributions(analyse, text)
    assert a.source == "The health ministry of the northern province"
    assert a.text == "40 patients were moved overnight"


def test_the_statement_read(analyse) -> None:
    (a,) = _attributions(analyse, "The statement read that the camp had been shelled overnight.")
    assert a.source == "The statement"
    assert a.text == "the camp had been shelled overnight"


def test_reported_with_an_object(analyse) -> None:
    (a,) = _attributions(analyse, "The ministry reported 14 deaths in the province.")
    assert a.source == "The ministry"
    assert a.text.startswith("14 deaths")


def test_claimed_responsibility_is_not_a_report(analyse) -> None:
    assert _attributions(analyse, "The rebels claimed responsibility for the bombing.") == ()


def test_two_sources_in_one_sentence_stay_apart(analyse) -> None:
    found = _attributions(analyse, "The army said 12 militants were killed; residents said 20 were civilians.")
    assert [(a.source, a.text) for a in found] == [
        ("The army", "12 militants were killed"), ("residents", "20 were civilians")]


def test_direct_quote_is_left_to_the_quotes_stage(analyse) -> None:
    assert _attributions(analyse, 'The spokesman said: "All our units are back at their bases now."') == ()


def test_seed_article_attributions(analyse) -> None:
    text = SEED.read_text(encoding="utf-8")
    by_start = {a.text[:30]: a.source for a in _attributions(analyse, text)}
    assert by_start["one of the three US servicemen"] == "the statement"
    assert by_start["the killings in Gaza have prom"] == "news agency AFP"
    assert by_start["over 20,000 Palestinians have "] == "The government of the Hamas-run region in Gaza"


def test_a_partial_quote_after_according_to_is_direct_speech(analyse) -> None:
    text = "According to the minister, the president “will not hesitate to act against the smugglers.”"
    assert _attributions(analyse, text) == ()


def test_a_scare_quote_inside_a_reported_claim_keeps_the_attribution(analyse) -> None:
    text = "According to the ministry, the strike hit a “military” depot near the port of Hodeidah."
    (a,) = _attributions(analyse, text)
    assert a.source == "the ministry"
    assert a.text.startswith("the strike hit")
