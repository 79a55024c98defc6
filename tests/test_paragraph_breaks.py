"""``sitrep.nlp.paragraph_breaks``: a sentence starts after each blank line, whatever the
white space around it; on docs built by hand, without the model."""

from __future__ import annotations

import pytest
from hand_docs import blank_vocab
from spacy.tokens import Doc

from sitrep.nlp import paragraph_breaks


def starts(words: list[str], spaces: list[bool]) -> list[str]:
    """The words after the first that ``paragraph_breaks`` starts a sentence at."""
    doc = paragraph_breaks(Doc(blank_vocab(), words=words, spaces=spaces))
    return [t.text for t in doc[1:] if t.is_sent_start]


@pytest.mark.parametrize("gap", ["\n\n", "\n\n\n", "\n \n", "\n\t\n", "\r\n\r\n"])
def test_the_word_after_a_blank_line_starts_a_sentence(gap):
    words = ["Teen", "shot", "in", "Akron", gap, "Police", "said", "he", "died", "."]
    assert starts(words, [True, True, True, False, False, True, True, True, False, False]) == ["Police"]


def test_a_single_line_break_or_a_space_starts_nothing():
    words = ["Teen", "shot", "\n", "in", "Akron", ".", "Police", "said", "so", "."]
    assert starts(words, [True, False, False, True, False, True, True, True, False, False]) == []


def test_a_blank_line_split_over_two_white_space_tokens_is_one_break():
    # "Akron\n \n Police": spaCy keeps the newline and the space after it apart.
    words = ["Teen", "shot", "in", "Akron", "\n", "\n", "Police", "said", "."]
    assert starts(words, [True, True, True, False, True, True, True, False, False]) == ["Police"]


def test_text_that_opens_with_blank_lines_starts_its_first_sentence_at_its_first_word():
    words = ["\n\n", "Teen", "shot", "\n\n", "Police", "said", "."]
    assert starts(words, [False, True, False, False, True, False, False]) == ["Teen", "Police"]
