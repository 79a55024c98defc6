"""``sitrep train``: fit an event type and sub-type classifier from a user's coded data.

The input is a CSV with a text column and a label column, and optionally a sub-type
and a date column: an ACLED export (``notes``, ``event_type``, ``sub_event_type``,
``event_date``) works as it is. The method, chosen by measurement (docs/training.md):

- features: TF-IDF of word 1-2-grams and of character 2-5-grams within words
  (``char_wb``), sublinear term frequency, each block L2-normalised;
- one linear SVM (``LinearSVC``, C=1, balanced class weights) for the type and one for
  the sub-type; the sub-type is the best-scoring one among the sub-types seen under the
  predicted type.

``fit`` returns a ``LinearClassifier`` (``sitrep.resources.classifier``) that ``save``
writes as JSON and NPZ files, never a pickle. scikit-learn is imported only here and
when a model is loaded.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError
from .extras import require
from .model import ACLED_TYPES
from .resources.classifier import (
    FEATURES_FILE,
    FORMAT,
    FORMAT_VERSION,
    META_FILE,
    WEIGHTS_FILE,
    LinearClassifier,
)

#: Column names tried, in order, when no column is named (compared case-insensitively).
TEXT_COLUMNS = ("notes", "text", "sentence", "description", "content", "body")
LABEL_COLUMNS = ("event_type", "label", "type", "category", "class")
SUBTYPE_COLUMNS = ("sub_event_type", "subtype", "sub_type", "sub_label", "subcategory")
DATE_COLUMNS = ("event_date", "date", "published")
#: Date formats tried after ISO 8601 ("09 May 2020" and "9-May-2020" are ACLED's).
DATE_FORMATS = ("%d %B %Y", "%d-%B-%Y", "%d-%b-%Y", "%d %b %Y", "%d/%m/%Y", "%Y/%m/%d")


@dataclass(frozen=True)
class Settings:
    """The method's parameters; the defaults are the measured ones (docs/training.md)."""

    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (2, 5)
    #: A term must occur in this many texts; 1 below ``small_data`` rows, so tiny sets keep a vocabulary.
    min_df: int = 2
    small_data: int = 200
    C: float = 1.0
    class_weight: str | None = "balanced"

    def blocks(self, rows: int) -> list[dict[str, Any]]:
        min_df = self.min_df if rows >= self.small_data else 1
        common = {"lowercase": True, "sublinear_tf": True, "norm": "l2", "min_df": min_df}
        return [
            {"name": "word", "analyzer": "word", "ngram_range": list(self.word_ngrams), **common},
            {"name": "char", "analyzer": "char_wb", "ngram_range": list(self.char_ngrams), **common},
        ]


@dataclass(frozen=True)
class CodedData:
    """Texts with their labels, read from a coded file."""

    texts: tuple[str, ...]
    labels: tuple[str, ...]
    subtypes: tuple[str | None, ...] | None = None
    dates: tuple[dt.date, ...] = ()
    source: str | None = None
    columns: dict[str, str | None] = field(default_factory=dict)
    #: Rows left out because their text or label was empty.
    skipped: int = 0


def parse_date(value: str) -> dt.date | None:
    """A date in ISO 8601 or one of ``DATE_FORMATS``; None when it is neither."""
    value = value.strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        pass
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def _pick(
    header: Sequence[str], given: str | None, tried: Sequence[str], role: str, option: str, path: str,
    required: bool,
) -> str | None:
    folded = {h.strip().casefold(): h for h in header}
    columns = ", ".join(header) or "none"
    if given is not None:
        if given in header:
            return given
        if given.strip().casefold() in folded:
            return folded[given.strip().casefold()]
        raise InputError("R014", origin=path, role=role, name=given, columns=columns)
    for name in tried:
        if name in folded:
            return folded[name]
    if required:
        raise InputError("R016", origin=path, role=role, tried=", ".join(tried), columns=columns, option=option)
    return None


def read_coded_csv(
    path: str | Path,
    text_column: str | None = None,
    label_column: str | None = None,
    subtype_column: str | None = None,
    date_column: str | None = None,
) -> CodedData:
    """Read a coded CSV; columns not named are guessed from ``TEXT_COLUMNS`` etc.

    Rows with an empty text or label are skipped (and counted). Errors name the file:
    R007 missing, R001 not UTF-8, R010 unreadable, R014/R016 columns, R015 no rows.
    """
    origin = str(path)
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        with open(path, encoding="utf-8-sig", newline="") as stream:
            reader = csv.reader(stream)
            header = next(reader, None)
            if header is None:
                raise InputError("R015", origin=origin, reason="the file is empty")
            header = [h.strip() for h in header]
            text_col = _pick(header, text_column, TEXT_COLUMNS, "text", "--text-column", origin, True)
            label_col = _pick(header, label_column, LABEL_COLUMNS, "label", "--label-column", origin, True)
            sub_col = _pick(header, subtype_column, SUBTYPE_COLUMNS, "sub-type", "--subtype-column", origin, False)
            date_col = _pick(header, date_column, DATE_COLUMNS, "date", "--date-column", origin, False)
            assert text_col is not None and label_col is not None  # required: _pick raised R014 otherwise
            at = {name: header.index(name) for name in (text_col, label_col, sub_col, date_col) if name}
            texts, labels, subs, dates, skipped = _coded_rows(reader, at, text_col, label_col, sub_col, date_col)
    except FileNotFoundError as exc:
        raise InputError("R007", origin=origin) from exc
    except UnicodeDecodeError as exc:
        raise InputError("R001", origin=origin, position=exc.start, reason=exc.reason) from exc
    except (OSError, csv.Error) as exc:
        raise InputError("R010", origin=origin, reason=str(exc)) from exc
    if not texts:
        why = f"no row has both a {text_col!r} text and a {label_col!r} label"
        raise InputError("R015", origin=origin, reason=why + (f" ({skipped} rows skipped)" if skipped else ""))
    return CodedData(
        texts=tuple(texts),
        labels=tuple(labels),
        subtypes=tuple(subs) if sub_col else None,
        dates=tuple(dates),
        source=str(path),
        columns={"text": text_col, "label": label_col, "subtype": sub_col, "date": date_col},
        skipped=skipped,
    )


def _coded_rows(
    reader: Iterator[list[str]], at: dict[str, int], text_col: str, label_col: str, sub_col: str | None,
    date_col: str | None,
) -> tuple[list[str], list[str], list[str | None], list[dt.date], int]:
    """The texts, labels, sub-types and dates of a coded CSV's rows (``at``: column name ->
    position), and how many rows were skipped for an empty text or label."""
    texts: list[str] = []
    labels: list[str] = []
    subs: list[str | None] = []
    dates: list[dt.date] = []
    skipped = 0
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        cell = {name: (row[i].strip() if i < len(row) else "") for name, i in at.items()}
        text, label = cell[text_col], cell[label_col]
        if not text or not label:
            skipped += 1
            continue
        texts.append(text)
        labels.append(label)
        subs.append(cell[sub_col] or None if sub_col else None)
        day = parse_date(cell[date_col]) if date_col else None
        if day is not None:
            dates.append(day)
    return texts, labels, subs, dates, skipped


def _svm(settings: Settings) -> Any:
    from sklearn.svm import LinearSVC

    return LinearSVC(C=settings.C, class_weight=settings.class_weight, random_state=0)


def fit(data: CodedData, name: str = "model", settings: Settings | None = None) -> LinearClassifier:
    """Fit the type and sub-type models; returns a classifier ready to use or ``save``."""
    require("train", "training a model")
    import numpy as np
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import TfidfVectorizer

    import sitrep

    settings = settings or Settings()
    origin = data.source
    type_counts = Counter(data.labels)
    if len(type_counts) < 2:
        raise InputError("R015", origin=origin, reason=f"needs at least two labels, found only {sorted(type_counts)}")
    blocks = settings.blocks(len(data.texts))
    mats, idfs = [], []
    for block in blocks:
        vec = TfidfVectorizer(
            analyzer=block["analyzer"], ngram_range=tuple(block["ngram_range"]), lowercase=block["lowercase"],
            sublinear_tf=block["sublinear_tf"], norm=block["norm"], min_df=block["min_df"], dtype=np.float32,
        )
        try:
            mats.append(vec.fit_transform(data.texts))
        except ValueError as exc:  # an empty vocabulary: texts with no words
            raise InputError("R015", origin=origin, reason=f"no {block['name']} features in the texts ({exc})") from exc
        vocabulary = vec.vocabulary_
        terms = [""] * len(vocabulary)
        for term, column in vocabulary.items():
            terms[column] = term
        block["terms"] = terms
        idfs.append(vec.idf_.astype(np.float64))
    x = sp.hstack(mats, format="csr")

    svm = _svm(settings).fit(x, list(data.labels))
    labels = [str(label) for label in svm.classes_]
    type_coef, type_intercept = svm.coef_.astype(np.float32), svm.intercept_.astype(np.float32)

    children: dict[str, list[str]] = {}
    sub_labels: list[str] = []
    sub_coef = sub_intercept = None
    sub_counts: Counter[str] = Counter()
    if data.subtypes is not None:
        rows = [i for i, s in enumerate(data.subtypes) if s]
        sub_counts = Counter(data.subtypes[i] for i in rows)  # type: ignore[misc]
        pairs = Counter((data.labels[i], data.subtypes[i]) for i in rows)
        for (label, sub), _ in sorted(pairs.items()):
            children.setdefault(label, []).append(sub)  # type: ignore[arg-type]
        if len(sub_counts) >= 2:
            sub_svm = _svm(settings).fit(x[rows], [data.subtypes[i] for i in rows])
            sub_labels = [str(s) for s in sub_svm.classes_]
            sub_coef, sub_intercept = sub_svm.coef_.astype(np.float32), sub_svm.intercept_.astype(np.float32)
        else:
            sub_labels = sorted(sub_counts)

    acled_subs = {s for subs in ACLED_TYPES.values() for s in subs}
    meta: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "name": name,
        "method": {
            "features": [{k: v for k, v in b.items() if k != "terms"} for b in blocks],
            "estimator": "LinearSVC",
            "C": settings.C,
            "class_weight": settings.class_weight,
            "sub_type": "best-scoring sub-type among those seen under the predicted type",
        },
        "labels": labels,
        "sub_labels": sub_labels,
        "children": children,
        "acled_labels": set(labels) <= set(ACLED_TYPES) and set(sub_counts) <= acled_subs,
        "training": {
            "source": Path(data.source).name if data.source else None,
            "rows": len(data.texts),
            "skipped_rows": data.skipped,
            "columns": data.columns,
            "label_counts": dict(sorted(type_counts.items())),
            "sub_label_counts": dict(sorted(sub_counts.items())),
            "first_date": min(data.dates).isoformat() if data.dates else None,
            "last_date": max(data.dates).isoformat() if data.dates else None,
        },
        "sitrep_version": sitrep.__version__,
        "scikit_learn_version": _sklearn_version(),
    }
    model = LinearClassifier(
        name=name,
        blocks=blocks,
        idfs=idfs,
        labels=labels,
        type_coef=type_coef,
        type_intercept=type_intercept,
        sub_labels=sub_labels,
        sub_coef=sub_coef,
        sub_intercept=sub_intercept,
        children=children,
        meta=meta,
    )
    return model


def _sklearn_version() -> str:
    import sklearn

    return str(sklearn.__version__)


def save(model: LinearClassifier, folder: str | Path) -> Path:
    """Write a model fitted by ``fit`` to ``folder`` (created): meta.json, features.json, weights.npz."""
    import numpy as np

    from .errors import StoreError

    out = Path(folder)
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / META_FILE).exists())):
        raise StoreError("S003", path=str(out), reason="exists and is not a sitrep model folder; choose another")
    blocks = model.blocks
    arrays = {f"{b['name']}_idf": idf for b, idf in zip(blocks, model.idfs, strict=True)}
    arrays["type_coef"], arrays["type_intercept"] = model.type_coef, model.type_intercept
    if model.sub_coef is not None:
        arrays["subtype_coef"], arrays["subtype_intercept"] = model.sub_coef, model.sub_intercept
    features = {"blocks": [{k: v for k, v in b.items() if k != "min_df"} for b in blocks]}
    try:
        out.mkdir(parents=True, exist_ok=True)
        (out / FEATURES_FILE).write_text(json.dumps(features, ensure_ascii=False), encoding="utf-8")
        np.savez_compressed(out / WEIGHTS_FILE, **arrays)
        (out / META_FILE).write_text(json.dumps(model.meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise StoreError("S003", path=str(out), reason=str(exc)) from exc
    return out


def train(
    path: str | Path,
    out: str | Path,
    name: str | None = None,
    text_column: str | None = None,
    label_column: str | None = None,
    subtype_column: str | None = None,
    date_column: str | None = None,
) -> LinearClassifier:
    """Read a coded CSV, fit, save to ``out``; the model is named after ``out`` unless ``name`` is given."""
    require("train", "sitrep train")
    data = read_coded_csv(path, text_column, label_column, subtype_column, date_column)
    model = fit(data, name=name or Path(out).resolve().name)
    save(model, out)
    return model

