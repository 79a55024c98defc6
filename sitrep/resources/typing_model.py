"""The shipped event-typing model: its features, its file format, and how it decides.

The model re-types the events the lexicon found (stage ``typing``, right after
``events``). It reads three kinds of features of an event's sentence, chosen because they
hold across writing styles (issue 15; docs/training.md):

``words``
    TF-IDF of the sentence's words and word pairs (``word_grams``: scikit-learn's
    default word analyzer, which fits the vocabulary, written again here so that
    coding needs numpy alone).
``embedding``
    The spaCy pipeline's own contextual token vectors (``doc.tensor``, 96 numbers a
    token from ``en_core_web_sm``'s tok2vec layer): their mean over the sentence and the
    trigger's own vector, standardised. They come with the parse at no extra cost and
    run on numpy; no other model is loaded.
``signals``
    What the lexicon says: the trigger, its PLOVER type, mode and ACLED sub-type, the
    ACLED sub-types of the cue words in the sentence, the kinds and ACLED inter
    codes of the words for people in it ("police", "protesters", "activists"), and
    whether a word of crime for gain or a private quarrel is there (``crime_words``).

A model is a folder of two files, no pickle: ``meta.json`` (format, labels, the terms
of the word and signal blocks, the block weights, ``allowed``, thresholds, training
summary) and ``weights.npz`` (``idf``, ``embedding_mean``, ``embedding_scale``,
``coef``, ``intercept``). ``scripts/build_typing_model.py`` builds the shipped one,
``sitrep/data/typing_model/``, from the sentences in ``sitrep/data/typing/``; a test
rebuilds it and compares.

Labels are ACLED types and sub-types ("Battles > Armed clash"), ``NONE``: an event outside ACLED's
scope (a robbery), and ``NO_EVENT``: no event at all (an accident, a flood), which only
takes away an event the lexicon made of a casualty word alone ("killed", "injured"). ``allowed`` maps each PLOVER type to the labels the
training sentences give events of that type; the model only chooses among those for an
event, so it never makes a meeting a battle, and it never makes an event of a sentence
the lexicon found none in.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

from ..errors import ResourceError
from .classifier import read_model_files

FORMAT = "sitrep-typing-model"
FORMAT_VERSION = 1
META_FILE, WEIGHTS_FILE = "meta.json", "weights.npz"
#: The label of an event outside ACLED's scope.
NONE = "none"
#: The label of a text that reports no event at all (an accident, a flood, a match).
NO_EVENT = "no event"
#: Between a label's type and sub-type (both may hold a "/": "Explosions/Remote violence").
SEP = " > "
#: The shipped model's folder inside the package.
PACKAGED = "typing_model"


@dataclass(frozen=True)
class TypingFeatures:
    """What the model reads of one event: its sentence, the embedding (numpy vector), the lexicon's signals."""

    text: str
    embedding: Any
    signals: tuple[str, ...]


@dataclass(frozen=True)
class TypingDecision:
    """The model's label for one event (an ACLED "type/sub-type" or ``NONE``), its
    probability among the labels allowed for the event's PLOVER type, and whether it is
    sure enough to act on (``TypingModel.thresholds``)."""

    label: str
    probability: float
    sure: bool

    @property
    def acled(self) -> tuple[str, str] | None:
        """(type, sub-type), or None for ``NONE`` and ``NO_EVENT``."""
        if self.label in (NONE, NO_EVENT):
            return None
        kind, _, sub = self.label.partition(SEP)
        return kind, sub


def label_of(acled: Sequence[str] | None, plover: str | None = "") -> str:
    """The model's label for an ACLED (type, sub-type): ``NONE`` without one, ``NO_EVENT``
    for a text with no PLOVER type either."""
    if acled:
        return f"{acled[0]}{SEP}{acled[1]}"
    return NO_EVENT if plover is None else NONE


class TypingModel:
    """A loaded typing model (``load_typing_model``); ``decide`` labels events' features."""

    def __init__(self, meta: Mapping[str, Any], arrays: Mapping[str, Any]) -> None:
        import numpy as np

        self.meta = dict(meta)
        self.name = str(meta["name"])
        self.labels: list[str] = list(meta["labels"])
        self.allowed: dict[str, list[str]] = {k: list(v) for k, v in meta["allowed"].items()}
        self.thresholds: dict[str, float] = {k: float(v) for k, v in meta["thresholds"].items()}
        self.block_weights: dict[str, float] = {k: float(v) for k, v in meta["block_weights"].items()}
        self.space = FeatureSpace(meta["words"]["terms"], arrays["idf"], meta["signals"], arrays["embedding_mean"],
                                  arrays["embedding_scale"], self.block_weights, bool(meta["words"]["sublinear_tf"]))
        self.coef = np.asarray(arrays["coef"], dtype=np.float64)
        self.intercept = np.asarray(arrays["intercept"], dtype=np.float64)
        self._label_index = {label: i for i, label in enumerate(self.labels)}
        width = self.space.width
        if self.coef.shape != (len(self.labels), width) or self.intercept.shape != (len(self.labels),):
            raise ValueError(f"coef {self.coef.shape} / intercept {self.intercept.shape} for "
                             f"{len(self.labels)} labels and {width} features")
        unknown = {label for labels in self.allowed.values() for label in labels} - set(self.labels)
        if unknown:
            raise ValueError(f"allowed labels not in the model: {sorted(unknown)}")

    def matrix(self, features: Sequence[TypingFeatures]) -> Any:
        """The feature matrix (rows: events, a dense numpy array), as the model was fitted on."""
        return self.space.dense(features)

    def probabilities(self, features: Sequence[TypingFeatures]) -> Any:
        """Each event's probability for every label (rows sum to 1)."""
        import numpy as np

        scores = np.asarray(self.matrix(features) @ self.coef.T) + self.intercept
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def decide(self, features: Sequence[TypingFeatures], plovers: Sequence[str | None]) -> list[TypingDecision | None]:
        """For each event, the best label among those allowed for its PLOVER type; None
        when the type allows no choice.

        The model decides the ACLED type first, then the sub-type: a label's
        ``probability`` is that of its type (the sum over the type's allowed sub-types,
        renormalised over all allowed labels; ``NONE`` and ``NO_EVENT`` together count as
        "no ACLED type"), and the label is the likeliest sub-type of the likeliest type.
        """
        if not features:
            return []
        probs = self.probabilities(features)
        out: list[TypingDecision | None] = []
        for row, plover in enumerate(plovers):
            allowed = [self._label_index[label] for label in self.allowed.get(plover or "", ())]
            if len(allowed) < 2:
                out.append(None)
                continue
            total = float(sum(probs[row, i] for i in allowed)) or 1.0
            by_type: dict[str, list[int]] = {}
            for i in allowed:
                by_type.setdefault(type_of(self.labels[i]), []).append(i)
            kind, members = max(by_type.items(), key=lambda kv: sum(probs[row, i] for i in kv[1]))
            p = float(sum(probs[row, i] for i in members)) / total
            label = self.labels[max(members, key=lambda i: probs[row, i])]
            need = self.thresholds["none" if kind == NONE else "retype"]
            out.append(TypingDecision(label, p, p >= need))
        return out


def type_of(label: str) -> str:
    """A label's ACLED event type; ``NONE`` for ``NONE`` and ``NO_EVENT``."""
    if label in (NONE, NO_EVENT):
        return NONE
    return label.partition(SEP)[0]


_TOKEN = re.compile(r"(?u)\b\w\w+\b")


def word_grams(text: str) -> list[str]:
    """The words (two or more word characters, lower-cased) and word pairs of a text, as
    scikit-learn's ``TfidfVectorizer(ngram_range=(1, 2))`` reads them."""
    words = _TOKEN.findall(text.lower())
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


class FeatureSpace:
    """Where each feature goes: word and pair terms (TF-IDF, L2), then the embedding
    (standardised, divided by the square root of its width), then the signals (one-hot,
    L2), each block times its weight. ``dense`` is what coding uses (numpy only);
    ``sparse`` what fitting uses (scipy); both come from ``entries``."""

    def __init__(self, terms: Sequence[str], idf: Any, signals: Sequence[str], mean: Any, scale: Any,
                 block_weights: Mapping[str, float], sublinear: bool = True) -> None:
        import numpy as np

        self.terms = {t: i for i, t in enumerate(terms)}
        self.idf = np.asarray(idf, dtype=np.float64)
        if len(self.idf) != len(self.terms):
            raise ValueError(f"{len(self.idf)} idf weights for {len(self.terms)} terms")
        self.signals = {s: len(self.terms) + len(mean) + i for i, s in enumerate(signals)}
        self.mean = np.asarray(mean, dtype=np.float64)
        self.scale = np.asarray(scale, dtype=np.float64)
        self.weights = dict(block_weights)
        self.sublinear = sublinear
        self.width = len(self.terms) + len(self.mean) + len(self.signals)

    def entries(self, features: TypingFeatures) -> tuple[list[int], list[float]]:
        """The non-zero word and signal columns of one event, with their values."""
        counts: dict[int, int] = {}
        for gram in word_grams(features.text):
            col = self.terms.get(gram)
            if col is not None:
                counts[col] = counts.get(col, 0) + 1
        tf = {c: ((1.0 + math.log(n)) if self.sublinear else float(n)) * float(self.idf[c]) for c, n in counts.items()}
        norm = math.sqrt(sum(v * v for v in tf.values())) or 1.0
        cols = list(tf)
        vals = [v / norm * self.weights["words"] for v in tf.values()]
        on = sorted({self.signals[s] for s in features.signals if s in self.signals})
        cols += on
        vals += [self.weights["signals"] / math.sqrt(len(on))] * len(on)
        return cols, vals

    def embedding(self, features: Sequence[TypingFeatures]) -> Any:
        import numpy as np

        emb = np.vstack([np.asarray(f.embedding, dtype=np.float64) for f in features])
        return (emb - self.mean) / self.scale / math.sqrt(emb.shape[1]) * self.weights["embedding"]

    def dense(self, features: Sequence[TypingFeatures]) -> Any:
        import numpy as np

        x = np.zeros((len(features), self.width))
        for row, f in enumerate(features):
            cols, vals = self.entries(f)
            x[row, cols] = vals
        start = len(self.terms)
        x[:, start:start + len(self.mean)] = self.embedding(features)
        return x

    def sparse(self, features: Sequence[TypingFeatures]) -> Any:
        import numpy as np
        import scipy.sparse as sp

        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        for row, f in enumerate(features):
            c, v = self.entries(f)
            rows += [row] * len(c)
            cols += c
            vals += v
        emb = self.embedding(features)
        start = len(self.terms)
        for row in range(len(features)):
            rows += [row] * emb.shape[1]
            cols += range(start, start + emb.shape[1])
            vals += emb[row].tolist()
        return sp.csr_matrix((np.asarray(vals), (rows, cols)), shape=(len(features), self.width))


def read_model(folder: str | Path) -> TypingModel:
    """A typing model from its folder; a missing or inconsistent file is error L004."""
    folder = Path(folder)
    meta, arrays = read_model_files(folder, META_FILE, WEIGHTS_FILE, "the typing model")
    if not isinstance(meta, dict) or meta.get("format") != FORMAT or meta.get("format_version") != FORMAT_VERSION:
        raise ResourceError("L004", path=str(folder), reason=f"{META_FILE} is not a {FORMAT} model, version {FORMAT_VERSION}")
    try:
        return TypingModel(meta, arrays)
    except (KeyError, TypeError, ValueError) as exc:
        raise ResourceError("L004", path=str(folder), reason=f"inconsistent typing model: {exc}") from exc


def packaged_model_folder() -> Path:
    """Where the shipped model lives (``sitrep/data/typing_model``)."""
    return Path(str(importlib_resources.files("sitrep") / "data" / PACKAGED))


@functools.lru_cache(maxsize=1)
def load_typing_model() -> TypingModel:
    """The shipped typing model, loaded once per process."""
    return read_model(packaged_model_folder())
