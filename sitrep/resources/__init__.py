"""Resources the stages read: the gazetteer, the lexicons and, optionally, a classifier.

Each sits behind a small interface with an in-memory version for tests. ``Resources``
bundles them, with the table of country cues (``country_cues.py``: parties, forces,
currencies that say which country a text is about; None switches that fallback off); ``Resources.default()`` loads the packaged ones once per process. The
classifier (``classifier.py``) is None unless a trained model is given
(``sitrep code --model``); ``with_classifier`` adds one. ``words`` holds the stages' word
tables (``words.py``, ``sitrep/data/words/``): the packaged ones unless a test swaps one
(``dataclasses.replace(resources, words=resources.words.with_table(...))``).
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field

from .classifier import Classifier, InMemoryClassifier, LinearClassifier, Prediction, load_classifier
from .country_cues import CountryCues, CueHit
from .gazetteer import Gazetteer, GazetteerEntry, InMemoryGazetteer
from .lexicons import Lexicons
from .typing_model import TypingModel, load_typing_model
from .words import Words


@dataclass(frozen=True)
class Resources:
    gazetteer: Gazetteer
    lexicons: Lexicons
    #: A trained event-type classifier for the ``classify`` stage; None: the lexicon types events.
    classifier: Classifier | None = None
    #: Words that say which country a text is about (``home_country``'s last fallback); None: not used.
    country_cues: CountryCues | None = None
    #: The shipped typing model for the ``typing`` stage (``typing_model.py``); None: the lexicon's types stand.
    typing_model: TypingModel | None = None
    #: The stages' word tables (``sitrep/data/words/``).
    words: Words = field(default_factory=Words.load_packaged)

    def with_classifier(self, classifier: Classifier | None) -> Resources:
        """A copy with ``classifier`` set."""
        return dataclasses.replace(self, classifier=classifier)

    @staticmethod
    @functools.lru_cache(maxsize=1)
    def default() -> Resources:
        from .gazetteer import load_default_gazetteer

        return Resources(
            gazetteer=load_default_gazetteer(), lexicons=Lexicons.load_packaged(),
            country_cues=CountryCues.load_packaged(), typing_model=load_typing_model(),
        )


__all__ = [
    "Classifier", "CountryCues", "CueHit", "Gazetteer", "GazetteerEntry", "InMemoryClassifier", "InMemoryGazetteer", "Lexicons",
    "LinearClassifier", "Prediction", "Resources", "TypingModel", "Words", "load_classifier", "load_typing_model",
]
