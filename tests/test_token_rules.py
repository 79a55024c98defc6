"""The fast attribute ruler and lemmatizer give every token what spaCy's give it."""

from __future__ import annotations

import pytest
import spacy
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG
from spacy.tokens import Doc

from sitrep.token_rules import FastAttributeRuler, FastLemmatizer, Unsupported, install

WRITTEN = [TAG, POS, MORPH, LEMMA, DEP]


def _ruler(patterns):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(patterns)
    return nlp, ruler


def _doc(nlp, words, tags, deps):
    return Doc(nlp.vocab, words=words, tags=tags, deps=deps, heads=[0] * len(words))


PATTERNS = [
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
    {"patterns": [[{"TAG": "NNS"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Plur"}},
    {"patterns": [[{"TAG": "VBD"}]], "attrs": {"POS": "VERB", "MORPH": "Tense=Past|VerbForm=Fin"}},
    # A later rule overrides an earlier one on the same token and attribute.
    {"patterns": [[{"LOWER": {"IN": ["police", "staff"]}, "TAG": "NNS"}]], "attrs": {"MORPH": "Number=Plur|Kind=Group"}},
    {"patterns": [[{"LOWER": {"REGEX": "^gunm[ae]n$"}}]], "attrs": {"LEMMA": "gunman"}},
    {"patterns": [[{"DEP": {"NOT_IN": ["", "punct"]}, "TAG": "DT"}]], "attrs": {"POS": "DET"}},
    # Two-token patterns, setting the first and the last token.
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "go"}, "index": 0},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}, "index": -1},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"TAG": "_SP", "POS": "SPACE"}},
]


def test_the_fast_ruler_sets_what_spacys_sets():
    nlp, ruler = _ruler(PATTERNS)
    fast = FastAttributeRuler(ruler)
    words = ["The", "police", "staff", "gon", "na", "say", "gunmen", "fled", "\n", "the", "gon", "."]
    tags = ["DT", "NNS", "NNS", "VBG", "TO", "VB", "NNS", "VBD", "", "DT", "NN", "."]
    deps = ["det", "nsubj", "nsubj", "aux", "aux", "ROOT", "nsubj", "conj", "", "punct", "dobj", "punct"]
    expected = ruler(_doc(nlp, words, tags, deps)).to_array(WRITTEN)
    got = fast(_doc(nlp, words, tags, deps)).to_array(WRITTEN)
    assert (got == expected).all()
    doc = fast(_doc(nlp, words, tags, deps))
    assert [t.lemma_ for t in doc[3:5]] == ["go", "to"] and doc[6].lemma_ == "gunman"
    assert str(doc[1].morph) == "Kind=Group|Number=Plur" and str(doc[6].morph) == "Number=Plur"
    assert doc[0].pos_ == "DET" and doc[9].pos_ == ""  # "the" tagged DT, but its DEP is punct
    assert doc[8].tag_ == "_SP" and doc[8].pos_ == "SPACE"
    assert fast(Doc(nlp.vocab, words=[])).to_array(WRITTEN).shape[0] == 0


@pytest.mark.parametrize("pattern", [
    [{"TAG": "NN", "OP": "+"}],  # quantifiers
    [{"SHAPE": "Xxxx"}],  # an attribute the fast ruler does not test
    [{"LOWER": {"FUZZY": "police"}}],  # an operator it does not know
])
def test_a_pattern_the_fast_ruler_cannot_reproduce_is_refused(pattern):
    _nlp, ruler = _ruler([{"patterns": [pattern], "attrs": {"POS": "NOUN"}}])
    with pytest.raises(Unsupported):
        FastAttributeRuler(ruler)


def test_install_keeps_spacys_components_when_a_pattern_is_unsupported():
    nlp, ruler = _ruler([{"patterns": [[{"TAG": "NN", "OP": "+"}]], "attrs": {"POS": "NOUN"}}])
    assert install(nlp) == []
    assert nlp.pipe_names == ["attribute_ruler"]
    nlp, ruler = _ruler(PATTERNS)
    assert install(nlp) == ["attribute_ruler"]
    assert nlp.pipe_names == ["attribute_ruler_fast"] and nlp.disabled == ["attribute_ruler"]


def test_a_lemmatizer_that_overwrites_is_refused():
    nlp = spacy.blank("en")
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "rule", "overwrite": True})
    with pytest.raises(Unsupported):
        FastLemmatizer(lemmatizer)


TEXTS = [
    "Gunmen killed three people and wounded 12 others in Kano on Monday, police said.",
    "They ain't gonna stop, we gotta go, the mayor said. \n\n  Officers weren't hurt.",
    "The suspects' cars were found burning; two men have been arrested and charged.",
    "BAGHDAD (Reuters) - A car bomb exploded near a market, killing at least 30.\n\nPosted: 3:10 PM",
    "",
    "   ",
]


@pytest.mark.model
def test_the_small_english_pipeline_gives_the_same_tokens_with_the_fast_components(nlp):
    from sitrep.nlp import load_model

    stock = load_model(fast_rules=False)
    assert nlp.pipe_names != stock.pipe_names
    for fast_doc, stock_doc in zip(nlp.pipe(TEXTS * 2), stock.pipe(TEXTS * 2)):
        assert (fast_doc.to_array(WRITTEN) == stock_doc.to_array(WRITTEN)).all(), fast_doc.text
        assert [t.lemma_ for t in fast_doc] == [t.lemma_ for t in stock_doc]


def test_the_memos_are_bounded_and_give_the_same_tokens_after_emptying(monkeypatch):
    import sitrep.token_rules as token_rules

    nlp, ruler = _ruler(PATTERNS)
    fast = FastAttributeRuler(ruler)
    monkeypatch.setattr(token_rules, "MEMO_LIMIT", 3)
    words = ["The", "police", "staff", "gon", "na", "say", "gunmen", "fled", "\n", "the", "gon", "."]
    tags = ["DT", "NNS", "NNS", "VBG", "TO", "VB", "NNS", "VBD", "", "DT", "NN", "."]
    deps = ["det", "nsubj", "nsubj", "aux", "aux", "ROOT", "nsubj", "conj", "", "punct", "dobj", "punct"]
    expected = ruler(_doc(nlp, words, tags, deps)).to_array(WRITTEN)
    for _ in range(3):
        assert (fast(_doc(nlp, words, tags, deps)).to_array(WRITTEN) == expected).all()
        assert len(fast._tokens) <= 3
