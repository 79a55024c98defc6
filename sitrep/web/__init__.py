"""``sitrep serve``: the HTTP API (``app.create_app``) and the web page (``static/``).

See docs/api.md for the endpoints, the error envelope, authentication and settings.
"""

from __future__ import annotations

from .app import create_app
from .settings import Settings, load_settings

__all__ = ["Settings", "create_app", "load_settings"]
