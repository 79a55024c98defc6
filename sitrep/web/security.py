"""The headers every reply carries so that a browser treats the server's pages and data safely.

The web page loads only its own files (vendored scripts and styles, served under
``/static``) and talks only to this server, so the Content-Security-Policy allows
``'self'`` and nothing else, with two exceptions the page needs: inline ``style``
attributes (the map library positions and colours its markers with them; no
``<style>`` element and no inline script is allowed), and, only when the server is
configured with ``tiles``, images from the tile server's origin. No other site may
frame the page (``frame-ancestors 'none'`` and ``X-Frame-Options: DENY``).
"""

from __future__ import annotations

import re
import urllib.parse
from typing import TYPE_CHECKING

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

if TYPE_CHECKING:
    from .settings import Settings

#: A host the policy can name: a DNS name (optionally ``*.`` for a template's
#: subdomains), an IPv4 address or a bracketed IPv6 address, with an optional port.
_HOST = re.compile(r"(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.?|\[[0-9A-Fa-f:.]+\]")
_PORT = re.compile(r"[0-9]{1,5}")


def tile_source(template: str) -> str | None:
    """The CSP source that allows the tiles of a Leaflet URL template, or None for a
    path on this server (``'self'`` covers it). A template's placeholders in the host
    (``https://{s}.tile.example.org/...``) become a ``*.`` wildcard. A template the
    policy cannot name safely is a ``ValueError``."""
    problem = ValueError(
        f"tiles must be an http(s) URL template such as https://tile.example.org/{{z}}/{{x}}/{{y}}.png "
        f"(or a path on this server), not {template!r}"
    )
    if template.startswith("/") and not template.startswith("//"):
        return None
    parts = urllib.parse.urlsplit(template)
    if parts.scheme.lower() not in ("http", "https"):
        raise problem
    hostport = parts.netloc.rpartition("@")[2]
    host, port = hostport, ""
    if not hostport.endswith("]") and ":" in hostport:
        host, _, port = hostport.rpartition(":")
    if port and not _PORT.fullmatch(port):
        raise problem
    labels = host.split(".")
    templated = [i for i, label in enumerate(labels) if "{" in label or "}" in label]
    if templated:
        rest = labels[templated[-1] + 1:]
        if not rest:
            raise problem
        host = "*." + ".".join(rest)
    if not host or not _HOST.fullmatch(host):
        raise problem
    return f"{parts.scheme.lower()}://{host.lower()}" + (f":{port}" if port else "")


def content_security_policy(settings: Settings) -> str:
    """The policy for every reply (the page's and the API's alike)."""
    images = ["'self'", "data:"]
    if settings.tiles:
        source = tile_source(settings.tiles)
        if source is not None:
            images.append(source)
    directives = [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        f"img-src {' '.join(images)}",
        "connect-src 'self'",
        "font-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
    return "; ".join(directives)


def security_headers(settings: Settings) -> dict[str, str]:
    return {
        "Content-Security-Policy": content_security_policy(settings),
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    }


class SecurityHeaders:
    """Add ``security_headers`` to every HTTP reply (a header the reply set itself is kept)."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.headers = security_headers(settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


__all__ = ["SecurityHeaders", "content_security_policy", "security_headers", "tile_source"]
