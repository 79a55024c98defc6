#!/usr/bin/env python3
"""Vendor the web page's front-end libraries into sitrep/web/static/vendor/.

Every library is pinned to an exact version and to the sha512 integrity of its npm
tarball. The script fetches each tarball with ``npm pack`` (from the npm registry
that npm is configured for), checks the tarball's sha512 against the pin here (not
against what the registry says), and copies only the files the page loads, plus the
package's licence, into ``sitrep/web/static/vendor/<name>/``. It writes
``vendor/MANIFEST.json`` recording name, version, licence, integrity and the files.

Nothing is loaded from a CDN at run time: the page only references these copies.

    python3 scripts/vendor_web.py            # (re)vendor everything
    python3 scripts/vendor_web.py --check    # verify the vendored files match MANIFEST.json

Needs ``npm`` (any recent version) for fetching; ``--check`` needs nothing but Python.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "sitrep" / "web" / "static" / "vendor"

# name, version, licence, sha512 integrity of the npm tarball, {path in package: path in vendor dir}
PACKAGES = [
    {
        "name": "leaflet",
        "version": "1.9.4",
        "licence": "BSD-2-Clause",
        "integrity": "sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA==",
        "files": {
            "LICENSE": "LICENSE",
            "dist/leaflet.js": "leaflet.js",
            "dist/leaflet.css": "leaflet.css",
            # leaflet.css refers to these for the layers control and default markers.
            "dist/images/layers.png": "images/layers.png",
            "dist/images/layers-2x.png": "images/layers-2x.png",
            "dist/images/marker-icon.png": "images/marker-icon.png",
            "dist/images/marker-icon-2x.png": "images/marker-icon-2x.png",
            "dist/images/marker-shadow.png": "images/marker-shadow.png",
        },
    },
    {
        "name": "leaflet.markercluster",
        "version": "1.5.3",
        "licence": "MIT",
        "integrity": "sha512-vPTw/Bndq7eQHjLBVlWpnGeLa3t+3zGiuM7fJwCkiMFq+nmRuG3RI3f7f4N4TDX7T4NpbAXpR2+NTRSEGfCSeA==",
        "files": {
            "MIT-LICENCE.txt": "LICENSE",
            "dist/leaflet.markercluster.js": "leaflet.markercluster.js",
            "dist/MarkerCluster.css": "MarkerCluster.css",
        },
    },
    {
        "name": "topojson-client",
        "version": "3.1.0",
        "licence": "ISC",
        "integrity": "sha512-605uxS6bcYxGXw9qi62XyrV6Q3xwbndjachmNxu8HWTtVPxZfEJN9fd/SZS1Q54Sn2y0TMyMxFj/cJINqGHrKw==",
        "files": {
            "LICENSE": "LICENSE",
            "dist/topojson-client.min.js": "topojson-client.min.js",
        },
    },
    {
        # Natural Earth 1:110m country outlines (public domain data), as TopoJSON.
        "name": "world-atlas",
        "version": "2.0.2",
        "licence": "ISC",
        "integrity": "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ==",
        "files": {
            "LICENSE": "LICENSE",
            "countries-110m.json": "countries-110m.json",
        },
    },
]


def sha512_integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fetch(pkg: dict, workdir: Path) -> Path:
    spec = f"{pkg['name']}@{pkg['version']}"
    out = subprocess.run(
        ["npm", "pack", spec, "--json", "--silent", "--pack-destination", str(workdir)],
        cwd=workdir,
        check=True,
        capture_output=True,
        text=True,
    )
    info = json.loads(out.stdout)[0]
    tarball = workdir / info["filename"]
    got = sha512_integrity(tarball.read_bytes())
    if got != pkg["integrity"]:
        raise SystemExit(f"{spec}: tarball integrity {got} does not match the pinned {pkg['integrity']}")
    return tarball


def vendor_one(pkg: dict, tarball: Path) -> dict:
    dest = VENDOR / pkg["name"]
    if dest.exists():
        shutil.rmtree(dest)
    files = {}
    with tarfile.open(tarball, "r:gz") as tar:
        for src, rel in pkg["files"].items():
            member = tar.getmember("package/" + src)
            if not member.isfile():
                raise SystemExit(f"{pkg['name']}: {src} is not a regular file")
            data = tar.extractfile(member).read()
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            files[rel] = sha256_hex(data)
    return {
        "name": pkg["name"],
        "version": pkg["version"],
        "licence": pkg["licence"],
        "integrity": pkg["integrity"],
        "files": files,
    }


def vendor() -> None:
    VENDOR.mkdir(parents=True, exist_ok=True)
    manifest = []
    with tempfile.TemporaryDirectory(prefix="sitrep-vendor-") as tmp:
        for pkg in PACKAGES:
            tarball = fetch(pkg, Path(tmp))
            manifest.append(vendor_one(pkg, tarball))
            print(f"vendored {pkg['name']}@{pkg['version']} ({len(pkg['files'])} files)")
    (VENDOR / "MANIFEST.json").write_text(json.dumps(manifest, indent=2) + "\n")


def check() -> int:
    manifest_path = VENDOR / "MANIFEST.json"
    if not manifest_path.exists():
        print(f"missing {manifest_path}", file=sys.stderr)
        return 1
    manifest = json.loads(manifest_path.read_text())
    pinned = {p["name"]: p for p in PACKAGES}
    problems = []
    for entry in manifest:
        pin = pinned.get(entry["name"])
        if pin is None or pin["version"] != entry["version"] or pin["integrity"] != entry["integrity"]:
            problems.append(f"{entry['name']}: manifest does not match the pin in this script")
        for rel, digest in entry["files"].items():
            path = VENDOR / entry["name"] / rel
            if not path.exists():
                problems.append(f"missing {path}")
            elif sha256_hex(path.read_bytes()) != digest:
                problems.append(f"changed {path}")
    if set(pinned) != {e["name"] for e in manifest}:
        problems.append("MANIFEST.json and the pins name different packages")
    for p in problems:
        print(p, file=sys.stderr)
    if not problems:
        print(f"{len(manifest)} vendored packages match MANIFEST.json")
    return 1 if problems else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify vendored files against MANIFEST.json")
    args = parser.parse_args()
    if args.check:
        return check()
    vendor()
    return check()


if __name__ == "__main__":
    sys.exit(main())
