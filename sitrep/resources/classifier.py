"""Event-type classifiers: the ``Classifier`` interface, a trained linear model, a fake.

A classifier reads a piece of text (an event's sentence, or a short note) and returns
an event type and sub-type (``Prediction``). ``sitrep train`` fits one from a user's
coded data (``sitrep/train.py``); the ``classify`` stage applies it when a model is
given (``sitrep code --model DIR``).

A trained model is a folder of three files, none of them a pickle (docs/training.md):

``meta.json``
    ``format``/``format_version``, the model's ``name``, the ``method`` (features and
    estimator), ``labels`` (types), ``sub_labels`` (sub-types), ``children`` (the
    sub-types seen under each type), the ``training`` data summary, versions.
``features.json``
    For each feature block (``word``, ``char``): the vectoriser settings and its
    ``terms`` in column order.
``weights.npz``
    numpy arrays, read with ``allow_pickle=False``: ``<block>_idf`` for each block,
    ``type_coef``/``type_intercept`` and ``subtype_coef``/``subtype_intercept``.

Scores are ``x @ coef.T + intercept`` over the concatenated, separately L2-normalised
TF-IDF blocks. The sub-type is the best-scoring sub-type among those seen under the
predicted type, so the two always agree.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ..errors import ResourceError

FORMAT = "sitrep-linear-text-classifier"
FORMAT_VERSION = 1
META_FILE, FEATURES_FILE, WEIGHTS_FILE = "meta.json", "features.json", "weights.npz"


@dataclass(frozen=True)
class Prediction:
    """A type and sub-type for one text, with the classifier's scores for them."""

    event_type: str
    sub_event_type: str | None = None
    type_score: float | None = None
    sub_score: float | None = None


class Classifier(Protocol):
    """Anything that types texts. ``predict`` returns one entry per text, None for "no opinion"."""

    name: str

    def predict(self, texts: Sequence[str]) -> list[Prediction | None]: ...


class InMemoryClassifier:
    """A classifier given by hand, for tests: the first keyword found in the text decides.

    ``rules`` maps a lower-case keyword to ``(type, sub-type)``; ``default`` is returned
    when no keyword is found (None: no opinion).
    """

    def __init__(
        self,
        rules: Mapping[str, tuple[str, str | None]],
        default: tuple[str, str | None] | None = None,
        name: str = "in-memory",
    ) -> None:
        self.name = name
        self.rules = dict(rules)
        self.default = default
        #: Every text predicted on, in order (tests check what the stage sends).
        self.seen: list[str] = []

    def predict(self, texts: Sequence[str]) -> list[Prediction | None]:
        out: list[Prediction | None] = []
        for text in texts:
            self.seen.append(text)
            low = text.lower()
            hit = next((labels for key, labels in self.rules.items() if key in low), self.default)
            out.append(Prediction(hit[0], hit[1]) if hit else None)
        return out


class LinearClassifier:
    """A trained TF-IDF + linear model: ``load_classifier`` reads one, ``sitrep.train.fit`` fits one.

    ``blocks`` are the feature blocks' settings with their ``terms`` (features.json),
    ``idfs`` their idf weights; ``type_coef`` etc. are numpy arrays (weights.npz).
    """

    def __init__(
        self,
        name: str,
        blocks: Sequence[Mapping[str, Any]],
        idfs: Sequence[Any],
        labels: Sequence[str],
        type_coef: Any,
        type_intercept: Any,
        sub_labels: Sequence[str] = (),
        sub_coef: Any = None,
        sub_intercept: Any = None,
        children: Mapping[str, Sequence[str]] | None = None,
        meta: Mapping[str, Any] | None = None,
    ) -> None:
        self.name = name
        self.blocks = [dict(b) for b in blocks]
        self.idfs = list(idfs)
        self.vectorise = tfidf_vectoriser(self.blocks, self.idfs)
        self.labels = list(labels)
        self.type_coef, self.type_intercept = type_coef, type_intercept
        self.sub_labels = list(sub_labels)
        self.sub_coef, self.sub_intercept = sub_coef, sub_intercept
        self.children = {t: list(s) for t, s in (children or {}).items()}
        self.meta = dict(meta or {})
        index = {s: i for i, s in enumerate(self.sub_labels)}
        self._child_index = {t: [index[s] for s in subs if s in index] for t, subs in self.children.items()}

    @staticmethod
    def _scores(x: Any, coef: Any, intercept: Any, n_labels: int) -> Any:
        import numpy as np

        raw = np.asarray(x @ coef.T) + intercept
        if n_labels == 2 and raw.shape[1] == 1:  # a binary linear model keeps one row: label 1's side
            raw = np.hstack([-raw, raw])
        return raw

    def decision(self, texts: Sequence[str]) -> tuple[Any, Any | None]:
        """Raw scores: (texts x types, texts x sub-types or None)."""
        x = self.vectorise(texts)
        types = self._scores(x, self.type_coef, self.type_intercept, len(self.labels))
        subs = None
        if self.sub_coef is not None:
            subs = self._scores(x, self.sub_coef, self.sub_intercept, len(self.sub_labels))
        return types, subs

    def predict(self, texts: Sequence[str]) -> list[Prediction | None]:
        if not texts:
            return []
        types, subs = self.decision(texts)
        out: list[Prediction | None] = []
        for row in range(len(texts)):
            t = int(types[row].argmax())
            label = self.labels[t]
            sub, sub_score = None, None
            if subs is not None:
                allowed = self._child_index.get(label) or range(len(self.sub_labels))
                s = max(allowed, key=lambda i: subs[row, i])
                sub, sub_score = self.sub_labels[s], float(subs[row, s])
            elif len(self.children.get(label, ())) == 1:  # one sub-type seen for this type
                sub = self.children[label][0]
            out.append(Prediction(label, sub, float(types[row, t]), sub_score))
        return out


def tfidf_vectoriser(blocks: Sequence[Mapping[str, Any]], idfs: Sequence[Any]) -> Callable[[Sequence[str]], Any]:
    """The feature function of a saved model: for each block, scikit-learn's own analyzer
    (the same words and character n-grams as in training), then term frequency
    (``1 + log tf`` when sublinear) times idf, L2-normalised; blocks side by side.

    It computes what ``TfidfVectorizer.transform`` does, without its per-call checks,
    which cost more than the arithmetic on one sentence (a test pins the equality).
    """
    import math

    import numpy as np
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import TfidfVectorizer

    specs = []
    for block, idf in zip(blocks, idfs, strict=True):
        if block.get("norm", "l2") != "l2":
            raise ValueError(f"feature block {block.get('name')!r}: only norm 'l2' is supported")
        analyzer = TfidfVectorizer(
            analyzer=block["analyzer"], ngram_range=tuple(block["ngram_range"]), lowercase=block["lowercase"],
        ).build_analyzer()
        vocabulary = {term: i for i, term in enumerate(block["terms"])}
        if len(idf) != len(vocabulary):
            raise ValueError(f"feature block {block.get('name')!r}: {len(idf)} idf weights for {len(vocabulary)} terms")
        specs.append((analyzer, vocabulary, [float(w) for w in idf], bool(block["sublinear_tf"])))
    width = sum(len(v) for _, v, _, _ in specs)

    def vectorise(texts: Sequence[str]) -> Any:
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        offset = 0
        for analyzer, vocabulary, idf, sublinear in specs:
            for row, text in enumerate(texts):
                counts: dict[int, int] = {}
                for gram in analyzer(text):
                    col = vocabulary.get(gram)
                    if col is not None:
                        counts[col] = counts.get(col, 0) + 1
                weights = {c: ((1.0 + math.log(n)) if sublinear else float(n)) * idf[c] for c, n in counts.items()}
                norm = math.sqrt(sum(w * w for w in weights.values()))
                for col, weight in weights.items():
                    rows.append(row)
                    cols.append(offset + col)
                    vals.append(weight / norm if norm else weight)
            offset += len(vocabulary)
        return sp.csr_matrix((np.asarray(vals, dtype=np.float32), (rows, cols)), shape=(len(texts), width))

    return vectorise


def read_meta(path: str | Path) -> dict[str, Any]:
    """A model folder's ``meta.json``, checked for its format (error L004)."""
    folder = Path(path)
    if not folder.is_dir():
        raise ResourceError("L004", path=str(folder), reason="no such model folder (train one with `sitrep train`)")
    try:
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ResourceError("L004", path=str(folder), reason=f"no {META_FILE}: not a sitrep model folder") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ResourceError("L004", path=str(folder), reason=f"cannot read {META_FILE}: {exc}") from exc
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ResourceError("L004", path=str(folder), reason=f"{META_FILE} is not a {FORMAT} model")
    if meta.get("format_version") != FORMAT_VERSION:
        raise ResourceError(
            "L004", path=str(folder),
            reason=f"format version {meta.get('format_version')!r}; this sitrep reads version {FORMAT_VERSION}",
        )
    return meta


def read_model_files(folder: Path, json_file: str, npz_file: str, what: str) -> tuple[Any, dict[str, Any]]:
    """A model folder's JSON file and its NPZ arrays (read with ``allow_pickle=False``);
    a missing or unreadable file is error L004, naming ``what`` was being read."""
    import numpy as np

    try:
        data = json.loads((folder / json_file).read_text(encoding="utf-8"))
        with np.load(folder / npz_file, allow_pickle=False) as npz:
            arrays = {key: npz[key] for key in npz.files}
    except FileNotFoundError as exc:
        raise ResourceError("L004", path=str(folder), reason=f"missing {Path(exc.filename).name}") from exc
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise ResourceError("L004", path=str(folder), reason=f"cannot read {what}: {exc}") from exc
    return data, arrays


def load_classifier(path: str | Path) -> LinearClassifier:
    """Load a model folder written by ``sitrep train`` (no pickle is read). Its features
    are scikit-learn's analyzers: the ``train`` extra."""
    from ..extras import require

    require("train", "a trained model (--model)")
    folder = Path(path)
    meta = read_meta(folder)
    features, arrays = read_model_files(folder, FEATURES_FILE, WEIGHTS_FILE, "the model files")
    try:
        blocks = features["blocks"]
        idfs = [arrays[f"{b['name']}_idf"] for b in blocks]
        width = sum(len(b["terms"]) for b in blocks)
        has_sub = "subtype_coef" in arrays
        for key in ("type_coef",) + (("subtype_coef",) if has_sub else ()):
            if arrays[key].shape[1] != width:
                raise ValueError(f"{key} has {arrays[key].shape[1]} columns for {width} features")
        model = LinearClassifier(
            name=meta["name"],
            blocks=blocks,
            idfs=idfs,
            labels=meta["labels"],
            type_coef=arrays["type_coef"],
            type_intercept=arrays["type_intercept"],
            sub_labels=meta.get("sub_labels") or (),
            sub_coef=arrays.get("subtype_coef"),
            sub_intercept=arrays.get("subtype_intercept"),
            children=meta.get("children"),
            meta=meta,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ResourceError("L004", path=str(folder), reason=f"inconsistent model files: {exc}") from exc
    return model
