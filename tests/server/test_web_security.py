"""The Content-Security-Policy and its one variable part, the tile server's origin."""

from __future__ import annotations

import pytest

from sitrep.web.security import content_security_policy, security_headers, tile_source
from sitrep.web.settings import Settings


@pytest.mark.parametrize(("template", "source"), [
    ("https://tile.example.org/{z}/{x}/{y}.png", "https://tile.example.org"),
    ("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", "https://*.tile.openstreetmap.org"),
    ("http://tiles-{s}.maps.example:8080/{z}/{x}/{y}.png?key=abc", "http://*.maps.example:8080"),
    ("HTTPS://Tiles.Example/{z}/{x}/{y}", "https://tiles.example"),
    ("https://user:pw@tiles.example/{z}/{x}/{y}", "https://tiles.example"),
    ("http://10.0.0.5/{z}/{x}/{y}.png", "http://10.0.0.5"),
    ("http://[::1]:9000/{z}/{x}/{y}.png", "http://[::1]:9000"),
    ("/tiles/{z}/{x}/{y}.png", None),  # this server: 'self'
])
def test_tile_source(template, source):
    assert tile_source(template) == source


@pytest.mark.parametrize("template", [
    "javascript:alert(1)", "data:image/png;base64,xx", "//tiles.example/{z}/{x}/{y}.png", "https://{s}/{z}.png",
    "https://t.example; script-src *", "https://t.example:port/x", "https://t example/x", "ftp://t.example/x",
])
def test_tile_templates_the_policy_cannot_name_are_refused(template):
    with pytest.raises(ValueError, match="tiles must be"):
        tile_source(template)


def test_the_policy_allows_only_this_server_and_the_configured_tiles():
    offline = content_security_policy(Settings())
    assert "img-src 'self' data:;" in offline
    assert "default-src 'none'" in offline and "script-src 'self';" in offline
    assert "'unsafe-inline'" not in offline.replace("style-src-attr 'unsafe-inline'", "")
    assert "'unsafe-eval'" not in offline
    tiles = content_security_policy(Settings(tiles="https://{s}.tile.example.org/{z}/{x}/{y}.png"))
    assert "img-src 'self' data: https://*.tile.example.org;" in tiles
    assert security_headers(Settings())["X-Frame-Options"] == "DENY"
