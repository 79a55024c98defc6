"""The optional parts of sitrep and the extra of ``pyproject.toml`` that installs each.

``pip install sitrep`` brings what ``sitrep.code()`` and ``sitrep code`` need; the
server, the PostgreSQL store, training and Spark need an extra (``pip install
'sitrep[serve]'``). Each of them calls ``require`` before its first import of those
libraries, so a missing one is reported as the extra to install (``MissingExtra``, L005),
not as an ImportError from deep inside.
"""

from __future__ import annotations

import importlib

from .errors import ResourceError

#: extra -> the modules sitrep imports from it (what pyproject.toml's extra installs).
EXTRAS: dict[str, tuple[str, ...]] = {
    "serve": ("fastapi", "uvicorn"),
    "postgres": ("psycopg",),
    "train": ("sklearn",),
    "spark": ("pyspark", "pandas"),
}


class MissingExtra(ResourceError, ImportError):
    """L005: ``feature`` needs the libraries of ``extra``, and ``module`` is not installed.
    An ImportError too, so code that catches a failed import still does."""

    def __init__(self, feature: str, extra: str, module: str) -> None:
        self.feature, self.extra, self.module = feature, extra, module
        super().__init__("L005", feature=feature, extra=extra, module=module)


def require(extra: str, feature: str) -> None:
    """Import the modules of ``extra`` (a key of ``EXTRAS``); ``MissingExtra`` naming
    ``feature`` and the extra when one of them is not installed."""
    for module in EXTRAS[extra]:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            raise MissingExtra(feature, extra, module) from exc
