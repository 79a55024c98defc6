"""Stage ``quotes``: each quote pattern, speaker resolution and scare quotes."""

from __future__ import annotations

from pathlib import Path

from sitrep.stages.quotes import find_quotes, quote_spans

SEED = Path(__file__).resolve().parents[2] / "examples" / "seed-article.txt"


def _quotes(analyse, text: str):
    return find_quotes(analyse(text), None)["quotes"]


def _check_offsets(text: str, quotes) -> None:
    for q in quotes:
        assert text[q.start:q.end] == q.text
        if q.speaker_start is not None:
            assert text[q.speaker_start:q.speaker_end] == q.speaker


def test_said_after_the_quote(analyse) -> None:
    text = "“The bridge was destroyed before dawn,” said Maria Lopez, the district governor."
    (q,) = _quotes(analyse, text)
    assert q.text == "The bridge was destroyed before dawn"
    assert q.speaker == "Maria Lopez"
    _check_offsets(text, (q,))


def test_speaker_before_the_quote_with_a_colon(analyse) -> None:
    text = 'Colonel Peter Okafor said: "Our units pushed the fighters out of the market."'
    (q,) = _quotes(analyse, text)
    assert q.speaker == "Peter Okafor"
    assert q.text == "Our units pushed the fighters out of the market."


def test_wire_style_quotes(analyse) -> None:
    text = "``We heard three explosions near the port,'' said Ahmed Karimi."
    (q,) = _quotes(analyse, text)
    assert q.text == "We heard three explosions near the port"
    assert q.speaker == "Ahmed Karimi"


def test_statement_shared_by_someone_is_theirs(analyse) -> None:
    text = "“The convoy reached the camp safely,” read the statement shared by Hassan on X."
    (q,) = _quotes(analyse, text)
    assert q.speaker == "Hassan"


def test_pronoun_and_surname_take_the_full_name(analyse) -> None:
    text = (
        "Interior Minister Sara Lindqvist visited the town on Friday. "
        "“Nobody will be forgotten here,” said Lindqvist. "
        "“We will rebuild every school,” she added."
    )
    quotes = _quotes(analyse, text)
    assert [q.speaker for q in quotes] == ["Sara Lindqvist", "Sara Lindqvist"]
    _check_offsets(text, quotes)


def test_quote_split_by_its_attribution(analyse) -> None:
    text = "“The shelling lasted all night,” Omar Haddad said. “Nobody in the village could sleep at all.”"
    quotes = _quotes(analyse, text)
    assert [q.text for q in quotes] == ["The shelling lasted all night", "Nobody in the village could sleep at all."]
    assert all(q.speaker == "Omar Haddad" for q in quotes)


def test_scare_quotes_are_not_quotes(analyse) -> None:
    text = "The raid was called “proportionate” in a report on the “security operation” last week."
    assert _quotes(analyse, text) == ()


def test_partial_quote_inside_a_sentence_without_a_speech_verb(analyse) -> None:
    text = "According to the mayor, the governor “will not accept any more delays to the repairs.”"
    assert _quotes(analyse, text) == ()


def test_quote_spans_cover_the_three_styles() -> None:
    text = "“one” and \"two\" and ``three''"
    assert [text[s:e] for s, e in quote_spans(text)] == ["one", "two", "three"]


def test_seed_article_has_four_quotes_by_lloyd_austin(analyse) -> None:
    text = SEED.read_text(encoding="utf-8")
    quotes = _quotes(analyse, text)
    starts = ["Today, US armed forces carried out", "These precision strikes are",
              "My prayers are with", "We are committed to"]
    assert len(quotes) == 4
    for q, start in zip(quotes, starts):
        assert q.text.startswith(start)
        assert q.speaker == "Lloyd Austin"
    _check_offsets(text, quotes)
