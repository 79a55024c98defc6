"""The packaged gazetteer's on-disk cache: the same answers as a build, and never in the way.

Building the real gazetteer takes about three seconds, so this module builds it three
times only: once fresh (``built``, which writes the cache that ``cached`` then reads), once
over a damaged cache file, once with the cache turned off. The other tests read and
write cache files from the state of ``built``.
"""

from __future__ import annotations

import logging
import marshal
import os
import shutil
import subprocess
import sys
import threading
import time
import zlib

import numpy as np
import pytest

from sitrep.resources import geonames
from sitrep.resources.geonames import GeoNamesGazetteer, cache_dir, cache_key, cache_path

#: Names that go through every kind of index entry: towns, divisions, countries (and an
#: abbreviation), regions, exonyms, US state abbreviations, names without their article.
NAMES = [
    "Paris", "Alexandria", "Idlib", "Donetsk", "US", "U.S.", "Gaza Strip", "Kyiv", "Kiev",
    "northern Iraq", "Erbil", "Erbil Air Base", "Baghdad", "W.Va.", "Tskhinvali", "Acapulco",
    "Fallujah", "Tripoli", "Dagestan", "Harris County", "Nis", "Nowhereville",
]


def _state(gaz: GeoNamesGazetteer) -> dict:
    """What the cache holds: the instance's attributes but the flag saying where it came from."""
    return {k: v for k, v in vars(gaz).items() if k != "loaded_from_cache"}


def _cache_file(key: str, value: object) -> bytes:
    """A cache file for ``key`` holding ``value``, laid out as ``_write_cache`` writes it."""
    payload = marshal.dumps(value)
    header = geonames._CACHE_HEADER.pack(len(payload), zlib.crc32(payload))
    return geonames._CACHE_MAGIC + key.encode() + header + payload


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A gazetteer built with an empty cache directory, and the cache file it wrote."""
    where = tmp_path_factory.mktemp("gazetteer-cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SITREP_CACHE_DIR", str(where))
        mp.delenv("SITREP_NO_CACHE", raising=False)
        gaz = GeoNamesGazetteer()
        path = cache_path()
    return gaz, path


@pytest.fixture(scope="module")
def cached(built):
    """A second gazetteer over the same cache directory: read from the file ``built`` wrote."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SITREP_CACHE_DIR", str(built[1].parent))
        mp.delenv("SITREP_NO_CACHE", raising=False)
        return GeoNamesGazetteer()


@pytest.fixture
def cache_env(monkeypatch, tmp_path):
    """An empty cache directory for one test, with the cache on."""
    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("SITREP_NO_CACHE", raising=False)
    return tmp_path


def test_a_build_writes_the_cache_and_the_next_gazetteer_reads_it(built, cached):
    gaz, path = built
    assert not gaz.loaded_from_cache
    assert path.is_file() and geonames._CACHE_FILE.fullmatch(path.name)
    assert path.name == f"gazetteer-{cache_key()[:16]}.marshal"
    assert os.listdir(path.parent) == [path.name]  # no temporary file left behind
    assert cached.loaded_from_cache


@pytest.mark.parametrize("name", NAMES)
def test_the_cached_gazetteer_finds_what_the_built_one_finds(built, cached, name):
    gaz = built[0]
    assert cached.candidates(name) == gaz.candidates(name)
    assert [e.by_alias for e in cached.candidates(name)] == [e.by_alias for e in gaz.candidates(name)]
    assert cached.similar(name) == gaz.similar(name)
    assert cached.other_names(name) == gaz.other_names(name)


def test_the_cached_gazetteer_answers_as_the_built_one(built, cached):
    gaz = built[0]
    assert len(cached) == len(gaz) > 200_000
    patras = cached.other_names("Patras")
    assert patras == gaz.other_names("Patras")
    assert patras and patras[0].name == "Pátra" and patras[0].by_alias  # a hash that is the same in both
    assert cached.other_names("Kalinovo") == gaz.other_names("Kalinovo")
    idlib = cached.similar("Idleb")
    assert idlib == gaz.similar("Idleb") and idlib[0].name == "Idlib"
    assert cached.country("IRQ") == gaz.country("IRQ") and cached.country("IRQ").geonameid == 99237
    assert cached.country("IQ") is cached.country("IRQ")
    assert cached.demonym("Iraqi") == "IRQ"


def test_the_cached_state_is_the_built_state(built, cached):
    """Every attribute comes back with its type and value: nothing is dropped or converted."""
    gaz = built[0]
    assert set(vars(cached)) == set(vars(gaz))
    for name, value in _state(gaz).items():
        again = getattr(cached, name)
        assert type(again) is type(value), name
        if isinstance(value, np.ndarray):
            assert again.dtype == value.dtype and np.array_equal(again, value), name
            assert again.flags.writeable, name
        else:
            assert again == value, name
    # the field ``==`` leaves out, and the countries as the very entries of _objects
    assert [e.by_alias for e in cached._objects] == [e.by_alias for e in gaz._objects]
    ids = {id(e) for e in cached._objects}
    assert all(id(e) in ids for e in cached._countries.values())


def test_a_damaged_cache_file_is_rebuilt_and_replaced(built, cache_env, caplog):
    gaz, path = built
    damaged = cache_env / path.name
    damaged.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with caplog.at_level(logging.DEBUG, logger="sitrep.resources.geonames"):
        again = GeoNamesGazetteer()
    assert not again.loaded_from_cache and len(again) == len(gaz)
    assert "unusable" in caplog.text
    assert geonames._read_cache(damaged, cache_key()) is not None
    assert GeoNamesGazetteer().loaded_from_cache


def _damage(data: bytes, key: str, how: str, gaz: GeoNamesGazetteer) -> bytes:
    """The cache file ``data`` spoiled in the way ``how`` says."""
    size = len(geonames._CACHE_MAGIC) + 64 + geonames._CACHE_HEADER.size
    if how == "empty":
        return b""
    if how == "header only":
        return data[:size]
    if how == "cut short":
        return data[:-1]
    if how == "one byte changed":
        middle = len(data) // 2
        return data[:middle] + bytes([data[middle] ^ 1]) + data[middle + 1:]
    if how == "another key":
        return data.replace(key.encode(), b"0" * 64, 1)
    if how == "not a cache":
        return b"\x80\x04" + os.urandom(1000)
    if how == "another state":  # a sound file with the wrong attributes
        return _cache_file(key, {"_index": []})
    if how == "short entries":  # a sound file whose entries lack a field
        state = geonames._encode_state(_state(gaz))
        state["_objects"] = [t[:-1] for t in state["_objects"]]
        return _cache_file(key, state)
    if how == "object dtype":
        state = geonames._encode_state(_state(gaz))
        state["_other_row"] = ("|O", state["_other_row"][1])
        return _cache_file(key, state)
    raise AssertionError(how)


@pytest.mark.parametrize("how", [
    "empty", "header only", "cut short", "one byte changed", "another key", "not a cache",
    "another state", "short entries", "object dtype",
])
def test_an_unusable_cache_file_is_ignored(built, tmp_path, how, caplog):
    gaz, path = built
    key = cache_key()
    target = tmp_path / path.name
    target.write_bytes(_damage(path.read_bytes(), key, how, gaz))
    with caplog.at_level(logging.DEBUG, logger="sitrep.resources.geonames"):
        assert geonames._read_cache(target, key) is None
    assert "unusable" in caplog.text


def test_a_sound_cache_file_is_read(built, tmp_path):
    """The control for the test above: the file as written, and one made as ``_cache_file``
    makes them, both read."""
    gaz, path = built
    key = cache_key()
    assert geonames._read_cache(path, key) is not None
    target = tmp_path / path.name
    target.write_bytes(_cache_file(key, geonames._encode_state(_state(gaz))))
    assert geonames._read_cache(target, key).keys() == _state(gaz).keys()


def test_a_missing_file_or_a_directory_in_its_place_is_no_cache(tmp_path):
    key = cache_key()
    assert geonames._read_cache(tmp_path / "none.marshal", key) is None
    (tmp_path / "dir.marshal").mkdir()
    assert geonames._read_cache(tmp_path / "dir.marshal", key) is None


def test_an_unwritable_cache_directory_is_no_failure(built, monkeypatch, tmp_path):
    gaz = built[0]
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("SITREP_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.delenv("SITREP_NO_CACHE", raising=False)
    target = cache_path()
    assert target.parent == blocker / "cache"
    assert geonames._write_cache(target, cache_key(), _state(gaz)) is False
    # and the gazetteer starts all the same; its build is the state of ``built`` copied (the
    # three real builds of this module are spent elsewhere), the write to the cache is real
    monkeypatch.setattr(GeoNamesGazetteer, "_build", lambda self: self.__dict__.update(_state(gaz)))
    again = GeoNamesGazetteer()
    assert not again.loaded_from_cache and len(again) == len(gaz)
    assert blocker.read_text() == "not a directory" and os.listdir(tmp_path) == ["a-file"]


def test_no_cache_reads_and_writes_nothing(built, cache_env, monkeypatch):
    gaz, path = built
    shutil.copy(path, cache_env / path.name)
    before = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in cache_env.iterdir()}
    monkeypatch.setenv("SITREP_NO_CACHE", "1")
    assert cache_dir() is None and cache_path() is None
    again = GeoNamesGazetteer()
    assert not again.loaded_from_cache and len(again) == len(gaz)
    assert {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in cache_env.iterdir()} == before


@pytest.mark.parametrize(("env", "expected"), [
    ({"SITREP_CACHE_DIR": "{tmp}/mine"}, "{tmp}/mine"),
    ({"SITREP_CACHE_DIR": "{tmp}/mine", "XDG_CACHE_HOME": "{tmp}/xdg"}, "{tmp}/mine"),
    ({"XDG_CACHE_HOME": "{tmp}/xdg"}, "{tmp}/xdg/sitrep"),
    ({"XDG_CACHE_HOME": "relative/xdg"}, "{tmp}/home/.cache/sitrep"),  # the XDG spec ignores it
    ({}, "{tmp}/home/.cache/sitrep"),
    ({"SITREP_CACHE_DIR": ""}, None),
    ({"SITREP_NO_CACHE": "1"}, None),
    ({"SITREP_NO_CACHE": "1", "SITREP_CACHE_DIR": "{tmp}/mine"}, None),
    ({"SITREP_NO_CACHE": "0", "SITREP_CACHE_DIR": "{tmp}/mine"}, "{tmp}/mine"),
])
def test_where_the_cache_is(monkeypatch, tmp_path, env, expected):
    for name in ("SITREP_CACHE_DIR", "SITREP_NO_CACHE", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for name, value in env.items():
        monkeypatch.setenv(name, value.format(tmp=tmp_path))
    found = cache_dir()
    assert (None if found is None else str(found)) == (expected and expected.format(tmp=tmp_path))
    if found is not None:
        assert cache_path().parent == found


def test_the_key_covers_the_format_and_is_stable(monkeypatch):
    key = cache_key()
    assert len(key) == 64 and key == cache_key()
    monkeypatch.setattr(geonames, "CACHE_FORMAT", geonames.CACHE_FORMAT + 1)
    assert cache_key() != key


def test_the_key_covers_the_data_files(monkeypatch, tmp_path):
    """A data file with other content (here: one more line) makes another key."""
    data = tmp_path / "data.yaml"
    data.write_text("a: 1\n")
    monkeypatch.setattr(geonames, "_SITREP_FILES", (*geonames._SITREP_FILES, str(data)))
    key = cache_key()  # (an absolute path joined to the package's root is that path)
    data.write_text("a: 1\nb: 2\n")
    assert cache_key() != key


def test_writing_replaces_only_the_caches_own_old_files(built, tmp_path):
    gaz = built[0]
    key = cache_key()
    mine = tmp_path / f"gazetteer-{key[:16]}.marshal"
    old = tmp_path / "gazetteer-0123456789abcdef.marshal"  # another key's
    left = tmp_path / "gazetteer-0123456789abcdef.marshal.x1y2.tmp"  # a dead writer's
    busy = tmp_path / "gazetteer-fedcba9876543210.marshal.z3.tmp"  # being written now
    others = [tmp_path / "notes.txt", tmp_path / "gazetteer-old.pickle", tmp_path / "gazetteer-0123.marshal"]
    for p in (old, left, busy, *others):
        p.write_bytes(b"x")
    hours_ago = time.time() - 2 * 3600
    os.utime(left, (hours_ago, hours_ago))
    assert geonames._write_cache(mine, key, _state(gaz)) is True
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in (mine, busy, *others))
    assert geonames._read_cache(mine, key) is not None


def test_writers_racing_leave_one_whole_file(built, tmp_path):
    gaz = built[0]
    key = cache_key()
    target = tmp_path / f"gazetteer-{key[:16]}.marshal"
    results: list[bool] = []
    writers = [
        threading.Thread(target=lambda: results.append(geonames._write_cache(target, key, _state(gaz))))
        for _ in range(3)
    ]
    for w in writers:
        w.start()
    for w in writers:
        w.join()
    assert results == [True, True, True]
    assert os.listdir(tmp_path) == [target.name]
    assert geonames._read_cache(target, key) is not None


def test_other_processes_read_the_cache_and_find_the_towns_other_names(built):
    """The table of other names holds hashes of its keys and is cached, so the hash must be
    the same in every process: Python's own ``hash`` is seeded anew in each."""
    gaz, path = built
    code = (
        "from sitrep.resources.geonames import GeoNamesGazetteer, _alias_hash\n"
        "g = GeoNamesGazetteer()\n"
        "print(g.loaded_from_cache, _alias_hash('patras'), [e.geonameid for e in g.other_names('Patras')])"
    )
    expected = f"True {geonames._alias_hash('patras')} {[e.geonameid for e in gaz.other_names('Patras')]}"
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "SITREP_CACHE_DIR": str(path.parent)}
        env.pop("SITREP_NO_CACHE", None)
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        assert out.stdout.strip() == expected
