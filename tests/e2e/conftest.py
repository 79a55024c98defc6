"""End-to-end tests: the real spaCy model on small texts of our own.

Every test in this folder is marked ``model`` (``pytest -m "not model"`` leaves them
out): what they check goes through the model's parse, a whole article through the
pipeline, or the model's vectors. A test about one rule belongs in ``tests/stages/``,
on a doc built by hand (``tests/hand_docs.py``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.model)
