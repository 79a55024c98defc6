"""Resources the stages read: the gazetteer and the lexicons.

Each sits behind a small interface with an in-memory version for tests. ``Resources``
bundles them; ``Resources.default()`` loads the packaged ones once per process.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .gazetteer import Gazetteer, GazetteerEntry, InMemoryGazetteer
from .lexicons import Lexicons


@dataclass(frozen=True)
class Resources:
    gazetteer: Gazetteer
    lexicons: Lexicons

    @staticmethod
    @functools.lru_cache(maxsize=1)
    def default() -> Resources:
        from .gazetteer import load_default_gazetteer

        return Resources(gazetteer=load_default_gazetteer(), lexicons=Lexicons.load_packaged())


__all__ = ["Gazetteer", "GazetteerEntry", "InMemoryGazetteer", "Lexicons", "Resources"]
