"""Fitting the typing model (``sitrep/resources/typing_model.py``) from labelled texts.

``examples`` parses labelled texts with the lexicon's ``events`` stage and pairs each
text's event with its label; ``fit`` turns examples into a model folder's contents;
``write_model`` saves them. ``scripts/build_typing_model.py`` builds the shipped model
from the sentences in ``sitrep/data/typing/`` (``shipped_examples``); ``sitrep train
--typing`` adds a user's coded rows to them (docs/training.md). scikit-learn is imported
only here; the fitted model is read back with numpy alone.

Everything is deterministic: the same texts, lexicon and spaCy model give the same
files (a test rebuilds the shipped model and compares).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .resources.typing_model import (
    FORMAT,
    FORMAT_VERSION,
    META_FILE,
    NONE,
    SEP,
    WEIGHTS_FILE,
    FeatureSpace,
    TypingFeatures,
    label_of,
)

#: How strongly each feature block counts (the model's inputs are side by side).
BLOCK_WEIGHTS = {"words": 1.0, "embedding": 0.5, "signals": 1.0}
#: Inverse regularisation of the logistic regression.
C = 16.0
#: A label is allowed for a PLOVER type when at least this many examples give it.
ALLOWED_MIN = 4
#: A signal or word pair is a feature when at least this many examples have it.
MIN_COUNT = 2
#: How sure the model must be to re-type an event, and to take its ACLED type away.
THRESHOLDS = {"retype": 0.95, "none": 0.9}
#: The date the training texts are read as published on (they carry no relative dates that matter).
_PUBLISHED = dt.date(2024, 1, 15)


@dataclass(frozen=True)
class Example:
    """One labelled event: its features, its PLOVER type (as the lexicon found it) and label."""

    id: str
    features: TypingFeatures
    plover: str | None
    label: str
    group: str = ""


def events_pipeline() -> Any:
    """The lexicon's event finder alone (no gazetteer is loaded): what the model re-types."""
    from .pipeline import Pipeline
    from .resources import Resources
    from .resources.gazetteer import InMemoryGazetteer
    from .resources.lexicons import Lexicons

    return Pipeline(stages=("events",), resources=Resources(gazetteer=InMemoryGazetteer([]), lexicons=Lexicons.load_packaged()))


def examples(
    items: Iterable[tuple[str, str, Sequence[str] | None, str | None, str]], pipeline: Any = None,
) -> list[Example]:
    """Examples from ``(id, text, acled, plover, group)`` items: each text's event is the
    first the lexicon finds of the labelled PLOVER type, else its first; a text in which
    the lexicon finds no event gives no example (the model never makes one)."""
    from .model import Article
    from .stages.typing import event_features

    pipeline = pipeline or events_pipeline()
    items = list(items)
    out: list[Example] = []
    docs = pipeline.nlp.pipe([text for _, text, _, _, _ in items], batch_size=64)
    for (iid, text, acled, plover, group), doc in zip(items, docs, strict=True):
        analysis = pipeline.analyse_doc(Article(id=iid, text=text, published=_PUBLISHED), doc)
        events = list(analysis.events or ())
        if not events:
            continue
        event = next((e for e in events if plover and e.plover == plover), events[0])
        features = event_features(event, doc, pipeline.resources.lexicons)
        out.append(Example(iid, features, event.plover, label_of(acled, plover), group))
    return out


def shipped_examples(pipeline: Any = None) -> list[Example]:
    """Examples from the typing sentences that ship with sitrep, grouped by style."""
    from .resources.typing_sentences import load_typing_sentences

    return examples(((s.id, s.text, s.acled, s.plover, s.style) for s in load_typing_sentences()), pipeline)


def fit(
    train: Sequence[Example],
    name: str = "sitrep-typing",
    c: float = C,
    block_weights: dict[str, float] | None = None,
    thresholds: dict[str, float] | None = None,
    training: dict[str, Any] | None = None,
    class_weight: str | None = "balanced",
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A model's ``meta`` and ``arrays`` fitted on ``train`` (``TypingModel(meta, arrays)`` loads them)."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    if len({e.label for e in train}) < 2:
        raise ValueError("the typing model needs examples of at least two labels")
    weights = dict(block_weights or BLOCK_WEIGHTS)
    vectoriser = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), lowercase=True, sublinear_tf=True,
                                 min_df=MIN_COUNT, dtype=np.float64)
    vectoriser.fit([e.features.text for e in train])
    terms = sorted(vectoriser.vocabulary_, key=vectoriser.vocabulary_.get)
    words = {"name": "words", "analyzer": "word", "ngram_range": [1, 2], "lowercase": True,
             "sublinear_tf": True, "norm": "l2", "terms": terms}
    idf = np.asarray(vectoriser.idf_, dtype=np.float64)
    signal_counts = Counter(s for e in train for s in set(e.features.signals))
    signals = sorted(s for s, n in signal_counts.items() if n >= MIN_COUNT)
    emb = np.vstack([np.asarray(e.features.embedding, dtype=np.float64) for e in train])
    mean, scale = emb.mean(axis=0), emb.std(axis=0) + 1e-6
    labels = sorted({e.label for e in train})
    allowed: dict[str, list[str]] = {}
    for (plover, label), n in sorted(Counter((e.plover, e.label) for e in train if e.plover).items()):
        if n >= ALLOWED_MIN:
            allowed.setdefault(plover, []).append(label)
    space = FeatureSpace(terms, idf, signals, mean, scale, weights, sublinear=True)
    x = space.sparse([e.features for e in train])
    y = np.asarray([labels.index(e.label) for e in train])
    estimator = LogisticRegression(C=c, max_iter=1000, tol=1e-4, class_weight=class_weight)
    estimator.fit(x, y)
    meta = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "name": name, "labels": labels,
        "allowed": allowed, "thresholds": dict(thresholds or THRESHOLDS), "block_weights": weights,
        "words": words, "signals": signals,
        "method": {"features": "words (1-2 grams, TF-IDF) + spaCy token vectors (sentence mean, trigger) "
                               "+ lexicon signals", "estimator": f"LogisticRegression(C={c})"},
        "training": dict(training or {}) | {"examples": len(train),
                                            "labels": dict(sorted(Counter(e.label for e in train).items()))},
    }
    arrays = {"idf": idf, "embedding_mean": mean, "embedding_scale": scale,
              "coef": np.asarray(estimator.coef_, dtype=np.float64),
              "intercept": np.asarray(estimator.intercept_, dtype=np.float64)}
    return meta, arrays


def write_model(folder: str | Path, meta: dict[str, Any], arrays: dict[str, Any]) -> Path:
    """Save a model folder: ``meta.json`` and ``weights.npz`` (float32, no pickle)."""
    import numpy as np

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / META_FILE).write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    np.savez_compressed(folder / WEIGHTS_FILE, **{k: np.asarray(v, dtype=np.float32) for k, v in arrays.items()})
    return folder




def user_examples(data: Any, pipeline: Any = None) -> tuple[list[Example], int]:
    """Examples from a user's coded rows (``sitrep.train.CodedData``) and how many rows gave none.

    A row's label is its ACLED type and sub-type. A row without a sub-type takes the
    lexicon's when the lexicon gives the same type, else the type's first sub-type in
    ACLED's list; a row whose type is not ACLED's, or whose text the lexicon finds no
    event in, gives no example."""
    from .model import ACLED_TYPES

    items = []
    for i, (text, label) in enumerate(zip(data.texts, data.labels, strict=True)):
        kind = next((k for k in ACLED_TYPES if k.lower() == label.strip().lower()), None)
        if kind is None:
            continue
        sub = (data.subtypes[i] if data.subtypes else None) or ""
        sub = next((s for s in ACLED_TYPES[kind] if s.lower() == sub.strip().lower()), "")
        items.append((f"row-{i + 1}", text, (kind, sub), "", "user"))
    found = examples(items, pipeline)
    fixed = []
    for example in found:
        kind, _, sub = example.label.partition(SEP)
        if not sub:
            lexicon = next((s[len("lexicon="):] for s in example.features.signals if s.startswith("lexicon=")), "")
            lex_kind, _, lex_sub = lexicon.partition(SEP)
            sub = lex_sub if lex_kind == kind else ACLED_TYPES[kind][0]
            example = Example(example.id, example.features, example.plover, label_of((kind, sub)), example.group)
        fixed.append(example)
    return fixed, len(data.texts) - len(fixed)


def train_typing(data: Any, name: str) -> tuple[dict[str, Any], dict[str, Any], int]:
    """A typing model fitted on the shipped sentences plus a user's coded rows, so that a
    model trained on one style of notes keeps the others; returns meta, arrays and the
    number of rows that gave no example."""
    pipeline = events_pipeline()
    mine, unused = user_examples(data, pipeline)
    shipped = shipped_examples(pipeline)
    meta, arrays = fit(shipped + mine, name=name, training={
        "source": data.source, "rows": len(data.texts), "rows_used": len(mine), "rows_unused": unused,
        "shipped_sentences": len(shipped), "columns": data.columns, "skipped_rows": data.skipped,
    })
    return meta, arrays, unused


__all__ = ["Example", "NONE", "examples", "fit", "shipped_examples", "train_typing", "user_examples", "write_model"]
