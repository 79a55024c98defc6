"""Shared fixtures, and the guard that keeps the ``model`` marker honest.

Stage tests build their inputs by hand: an ``Article``, events made with the model's
dataclasses, and a spaCy ``Doc`` built from words, heads, labels, tags and entities
(``tests/hand_docs.py``), so no test depends on another stage's rules or on the model's
parse. Tests that need the real model (the ``nlp`` and ``analyse`` fixtures, a
``Pipeline``, ``sitrep.code``) are marked ``model``; those of ``tests/e2e/`` are marked as a
whole. A test without the marker that loads the model fails (``model_guard``), so
``pytest -m "not model"`` never loads it.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path

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


#: The folder whose ``sitecustomize.py`` guards the processes a test starts.
SUBPROCESS_GUARD = Path(__file__).resolve().parent / "model_guard"
#: Where ``pytest_runtest_setup`` keeps a test's patches until its teardown.
_GUARD = pytest.StashKey[pytest.MonkeyPatch]()


class ModelNotAllowed(AssertionError):
    """Raised when a test that is not marked ``model`` loads the spaCy model."""


def _forbid(what: str, nodeid: str):
    def refuse(*args, **kwargs):
        raise ModelNotAllowed(
            f"{nodeid} loads the spaCy model ({what}) but is not marked `model`: build the Doc by hand "
            "(tests/hand_docs.py), or mark the test `model` (or move it to tests/e2e/)")

    return refuse


def _refuse_everywhere(patch: pytest.MonkeyPatch, original, refuse) -> None:
    """Replace ``original`` by ``refuse`` in every sitrep or test module that holds it
    (``from sitrep.nlp import load_model`` at the top of a module keeps its own name;
    ``load_model`` and ``default_pipeline`` keep what they loaded, so they are refused
    whatever an earlier test loaded)."""
    here = str(Path(__file__).resolve().parent)
    for module in list(sys.modules.values()):
        name, file = getattr(module, "__name__", ""), getattr(module, "__file__", None) or ""
        if (name == "sitrep" or name.startswith("sitrep.") or file.startswith(here)) and \
                vars(module).get(original.__name__) is original:
            patch.setattr(module, original.__name__, refuse)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """``model_guard``: a test without the ``model`` marker may not load the model, so
    ``-m "not model"`` runs without it. ``sitrep.nlp.load_model`` and ``spacy.load`` raise
    ``ModelNotAllowed`` for the test's whole run, wherever a module imported them, and so
    does ``sitrep.api.default_pipeline`` (both keep what they loaded; the ``nlp`` fixture
    asks for the model in each test, so one loaded earlier is refused too), and so does
    ``load_model`` in a Python process the test starts. ``--record-parses`` turns it off."""
    if item.get_closest_marker("model") is not None or item.config.getoption("--record-parses"):
        return
    import spacy

    import sitrep.api
    import sitrep.nlp

    patch = pytest.MonkeyPatch()
    for module, name in ((sitrep.nlp, "load_model"), (sitrep.api, "default_pipeline")):
        _refuse_everywhere(patch, getattr(module, name), _forbid(f"{module.__name__}.{name}", item.nodeid))
    patch.setattr(spacy, "load", _forbid("spacy.load", item.nodeid))
    # the processes the test starts: tests/model_guard/sitecustomize.py
    patch.setenv("SITREP_TEST_NO_MODEL", item.nodeid)
    patch.setenv("PYTHONPATH", os.pathsep.join(p for p in (str(SUBPROCESS_GUARD), os.environ.get("PYTHONPATH")) if p))
    item.stash[_GUARD] = patch


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    patch = item.stash.get(_GUARD, None)
    if patch is not None:
        patch.undo()



@pytest.fixture
def nlp():
    """The real model (loaded once per process by ``load_model``; asked for in each test,
    so the guard sees every test that uses it)."""
    import sitrep.nlp

    return sitrep.nlp.load_model()


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
        "--record-parses",
        action="store_true",
        default=False,
        help="parse the texts missing from the stage tests' parse books (tests/stages/**/parses/) "
        "with the real model and add them (tests/hand_docs.py); the model guard is off",
    )
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
