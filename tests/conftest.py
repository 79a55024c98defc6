"""Shared fixtures.

Stage tests build their inputs by hand: an ``Article``, events made with the model's
dataclasses, and a spaCy ``Doc`` from the real small model (``nlp`` fixture, loaded
once per session), so no test depends on another stage's rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from sitrep.model import Article
from sitrep.pipeline import Analysis


@pytest.fixture(scope="session", autouse=True)
def gazetteer_cache_dir():
    """The packaged gazetteer's cache (``sitrep/resources/geonames.py``) for this session
    only, never the developer's ``~/.cache/sitrep``: the first load builds it, later ones
    (and the server processes tests start, which inherit the variable) read it."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="sitrep-test-cache-", ignore_cleanup_errors=True) as where:
        patch = pytest.MonkeyPatch()
        patch.setenv("SITREP_CACHE_DIR", where)
        yield where
        patch.undo()


@pytest.fixture(scope="session")
def nlp():
    from sitrep.nlp import load_model

    return load_model()


@pytest.fixture
def analyse(nlp) -> Callable[..., Analysis]:
    """``analyse(text, published="2024-03-08", **fields)``: an Analysis with a parsed doc.

    Extra keyword arguments set Analysis fields directly (``events=(...)``, ``quotes=(...)``).
    """

    def make(text: str, published: str | None = "2024-03-08", article_id: str = "t1", **fields) -> Analysis:
        pub = dt.date.fromisoformat(published) if published else None
        article = Article(id=article_id, text=text, published=pub)
        return Analysis(article=article, doc=nlp(text), **fields)

    return make


def pytest_addoption(parser):
    parser.addoption(
        "--screenshot",
        metavar="PATH",
        default=None,
        help="where the browser test (tests/browser) saves its screenshot of the page "
        "(default: a file in pytest's temporary directory)",
    )


@pytest.fixture
def screenshot_path(request, tmp_path_factory):
    """The PNG path the browser test writes: ``--screenshot PATH`` or a temporary file."""
    from pathlib import Path

    given = request.config.getoption("--screenshot")
    if given:
        path = Path(given).resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        return path
    return tmp_path_factory.mktemp("screenshot") / "page.png"
