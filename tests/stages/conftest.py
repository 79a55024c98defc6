"""The stage tests' docs come from their module's parse book, not from the model.

``analyse(text, published=..., **fields)`` and ``nlp(text)`` here build the doc of
``text`` by hand from ``parses/<module>.tsv`` (``tests/hand_docs.py``), so these tests
are about the rules, whatever a new model makes of the sentence. A text the book does
not hold fails the test; ``pytest --record-parses`` adds it from the real model, and a
block may then be edited by hand. Tests that are about the model's own parse live in
``tests/e2e/``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from hand_docs import ParseBook, book_for, book_path, rows_of, same_parse

from sitrep.model import Article
from sitrep.pipeline import Analysis


class BookDocs:
    """``nlp(text)`` for one test module: the text's doc built from the module's book."""

    def __init__(self, book: ParseBook, record: bool) -> None:
        self.book = book
        self.record = record

    @property
    def vocab(self) -> Any:
        from hand_docs import blank_vocab

        return blank_vocab()

    def __call__(self, text: str) -> Any:
        if text not in self.book:
            if not self.record:
                pytest.fail(f"{self.book.path} holds no parse of {text!r}: run `pytest --record-parses` on this "
                            "test to add the model's parse, or write its table by hand (tests/hand_docs.py)",
                            pytrace=False)
            self._add(text)
        return self.book.doc(text)

    def _add(self, text: str) -> None:
        import sitrep.nlp

        parsed = sitrep.nlp.load_model()(text)
        self.book.add(text, rows_of(parsed))
        if not same_parse(parsed, self.book.doc(text)):
            raise AssertionError(f"the table of {text!r} does not rebuild the model's parse")


@pytest.fixture
def nlp(request) -> BookDocs:
    return BookDocs(book_for(str(book_path(request.module.__file__))), request.config.getoption("--record-parses"))


@pytest.fixture
def analyse(nlp) -> Callable[..., Analysis]:
    """``analyse(text, published="2024-03-08", **fields)``: an Analysis with the text's hand-built doc.

    Extra keyword arguments set Analysis fields directly (``events=(...)``, ``quotes=(...)``).
    """

    def make(text: str, published: str | None = "2024-03-08", article_id: str = "t1", **fields) -> Analysis:
        pub = dt.date.fromisoformat(published) if published else None
        return Analysis(article=Article(id=article_id, text=text, published=pub), doc=nlp(text), **fields)

    return make
