"""The page's static files: vendored libraries as pinned, and nothing from another host."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "sitrep" / "web" / "static"


def _vendor_script():
    spec = importlib.util.spec_from_file_location("vendor_web", ROOT / "scripts" / "vendor_web.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_vendored_files_match_their_pins(capsys):
    vendor = _vendor_script()
    assert vendor.check() == 0, capsys.readouterr().err
    for pkg in [*vendor.PACKAGES, *vendor.PYPI_PACKAGES, vendor.LABELS]:
        # every vendored package ships its licence
        assert (STATIC / "vendor" / pkg["name"] / "LICENSE").stat().st_size > 100


def test_page_refers_only_to_its_own_static_files():
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    refs = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert refs, "index.html loads its scripts and styles"
    for ref in refs:
        assert ref.startswith("/static/") or ref.startswith("data:"), ref
        if ref.startswith("/static/"):
            assert (STATIC / ref.removeprefix("/static/")).is_file(), ref
    for name in ("app.js", "app.css", "index.html", "api-docs.html", "api-docs.js"):
        text = (STATIC / name).read_text(encoding="utf-8")
        assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", text), name


def test_web_doc_lists_every_vendored_library():
    doc = (ROOT / "docs" / "web.md").read_text(encoding="utf-8")
    vendor = _vendor_script()
    for pkg in [*vendor.PACKAGES, *vendor.PYPI_PACKAGES]:
        assert f"| {pkg['name']} | {pkg['version']} | {pkg['licence']}" in doc, pkg["name"]
    assert f"| {vendor.LABELS['name']} | " in doc and vendor.LABELS["licence"] in doc
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("page.png", "page-phone.png", "page-dark.png"):
        assert f"](docs/images/{name})" in readme and (ROOT / "docs" / "images" / name).is_file(), name
    command = ".venv/bin/python scripts/web_screenshots.py /tmp/screens.db --seed"
    assert command in readme and command in doc
