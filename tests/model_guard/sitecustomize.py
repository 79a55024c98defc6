"""The model guard in a subprocess a test starts (``sitrep serve``, ``python -m sitrep``).

``tests/conftest.py`` puts this folder first on ``PYTHONPATH`` and names the test in
``SITREP_TEST_NO_MODEL`` while a test without the ``model`` marker runs; Python imports
this module at start-up, and once ``sitrep.nlp`` is imported its ``load_model`` raises,
naming the test. Without the variable it does nothing.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import sys

_TEST = os.environ.get("SITREP_TEST_NO_MODEL")


def _refuse(*args, **kwargs):
    raise RuntimeError(f"{_TEST} started a process that loads the spaCy model, but is not marked `model` "
                       "(tests/conftest.py, tests/model_guard/sitecustomize.py)")


class _Loader(importlib.abc.Loader):
    def __init__(self, loader):
        self.loader = loader

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        self.loader.exec_module(module)
        module.load_model = _refuse


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != "sitrep.nlp":
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        if spec is not None and spec.loader is not None:
            spec.loader = _Loader(spec.loader)
        return spec


if _TEST:
    sys.meta_path.insert(0, _Finder())
