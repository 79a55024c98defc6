"""sitrep: dated news articles in, structured and sourced event records out."""

from __future__ import annotations

__version__ = "0.1.0"
