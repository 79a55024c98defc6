"""Packaging: the extras, the error that names a missing one, and the lock files.

pyproject.toml gives version ranges; locks/py3.X.txt (written by scripts/lock) pin what
`make` and CI install. A feature whose extra is missing says which to install
(``sitrep.extras``, L005), and ``sitrep.code()`` needs none of them.
"""

from __future__ import annotations

import re

import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from sitrep.cli import main
from sitrep.errors import ResourceError
from sitrep.extras import EXTRAS, MissingExtra, require

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
LOCKS = sorted((ROOT / "locks").glob("py3.*.txt"))


def _missing(monkeypatch: pytest.MonkeyPatch, *modules: str) -> None:
    """Make ``import module`` fail as when it is not installed (None in sys.modules)."""
    for module in modules:
        for name in [n for n in sys.modules if n == module or n.startswith(module + ".")]:
            monkeypatch.delitem(sys.modules, name)
        monkeypatch.setitem(sys.modules, module, None)


def test_each_extra_names_modules_that_its_requirements_install():
    extras = PROJECT["optional-dependencies"]
    imports = {"scikit-learn": "sklearn", "psycopg": "psycopg", "fastapi": "fastapi", "uvicorn": "uvicorn",
               "pyspark": "pyspark", "pandas": "pandas"}
    for extra, modules in EXTRAS.items():
        installed = {imports[Requirement(r).name] for r in extras[extra]}
        assert set(modules) == installed, extra


@pytest.mark.parametrize("extra", sorted(EXTRAS))
def test_a_missing_module_names_its_extra(monkeypatch, extra):
    module = EXTRAS[extra][-1]
    _missing(monkeypatch, module)
    with pytest.raises(MissingExtra) as info:
        require(extra, "this feature")
    err = info.value
    assert str(err) == (f"[L005] this feature needs the {extra} extra: pip install 'sitrep[{extra}]' "
                        f"(there is no module {module!r})")
    # a ResourceError for sitrep's handlers, an ImportError for code that catches failed imports
    assert isinstance(err, ResourceError) and isinstance(err, ImportError) and err.extra == extra


def test_an_installed_extra_passes():
    require("serve", "sitrep serve")  # the test environment has every extra


def test_serve_without_the_server_extra(monkeypatch, tmp_path):
    _missing(monkeypatch, "fastapi")
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1
    assert "sitrep serve needs the serve extra: pip install 'sitrep[serve]'" in result.output


def test_a_postgresql_store_without_its_extra(monkeypatch):
    _missing(monkeypatch, "psycopg")
    result = CliRunner().invoke(main, ["events", "--db", "postgresql://nobody@127.0.0.1:1/none"])
    assert result.exit_code == 1
    assert "needs the postgres extra: pip install 'sitrep[postgres]'" in result.output


def test_train_without_its_extra(monkeypatch, tmp_path):
    coded = tmp_path / "coded.csv"
    coded.write_text("notes,event_type\nTwo people were shot dead.,Violence against civilians\n", encoding="utf-8")
    _missing(monkeypatch, "sklearn")
    result = CliRunner().invoke(main, ["train", str(coded), "-o", str(tmp_path / "model")])
    assert result.exit_code == 1
    assert "sitrep train needs the train extra: pip install 'sitrep[train]'" in result.output
    assert not (tmp_path / "model").exists()


def test_spark_without_its_extra(monkeypatch, tmp_path):
    _missing(monkeypatch, "pyspark")
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a", "text": "x"}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["spark", str(source), str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "sitrep spark needs the spark extra: pip install 'sitrep[spark]'" in result.output


@pytest.mark.model
def test_code_needs_no_extra():
    """``sitrep.code()`` in a fresh process where no extra's module can be imported."""
    blocked = sorted({m for modules in EXTRAS.values() for m in modules} | {"starlette"})  # (spaCy needs pydantic)
    script = textwrap.dedent(f"""
        import sys
        blocked = {blocked!r}
        for name in blocked:
            sys.modules[name] = None
        import sitrep
        events = sitrep.code("Gunmen killed three villagers in Maiduguri on Monday, police said.",
                             published="2024-03-05")
        assert events, events
        loaded = [n for n in blocked if sys.modules.get(n) is not None]
        assert not loaded, loaded
        print("ok", len(events))
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.startswith("ok ")


def test_dependencies_are_ranges_with_reasons():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    requirements = PROJECT["dependencies"] + [r for rs in PROJECT["optional-dependencies"].values() for r in rs]
    for line in requirements:
        req = Requirement(line)
        assert not any(s.operator in ("==", "===") for s in req.specifier), f"{line}: a range, not a pin"
        assert any(s.operator == ">=" for s in req.specifier), f"{line}: needs the tested version as lower bound"
        # the line just above each requirement (or its list) is a comment that gives the reason
        before = text[:text.index(f'"{line}"')].rstrip().rsplit("\n", 1)[-1].strip()
        assert before.startswith("#") or before.endswith("[") or before.endswith('",'), line


def test_there_is_a_lock_for_the_oldest_and_the_newest_python():
    names = {p.name for p in LOCKS}
    assert {"py3.11.txt", "py3.13.txt"} <= names


@pytest.mark.parametrize("lock", LOCKS, ids=[p.stem for p in LOCKS])
def test_the_lock_satisfies_the_ranges_for_its_python(lock):
    """Every requirement that applies on the lock's Python is pinned there, inside its range."""
    version = lock.stem.removeprefix("py")
    env = {"python_version": version, "python_full_version": f"{version}.0", "extra": ""}
    pins = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, pinned = line.split("==")
            pins[canonicalize_name(name)] = pinned
    extras = ["test", "dev", "serve", "postgres", "train", "spark"]
    requirements = PROJECT["dependencies"] + [r for e in extras for r in PROJECT["optional-dependencies"][e]]
    checked = 0
    for line in requirements:
        req = Requirement(line)
        if req.marker is not None and not req.marker.evaluate(env):
            continue
        name = canonicalize_name(req.name)
        assert name in pins, f"{lock.name}: {req.name} is not locked"
        assert req.specifier.contains(pins[name], prereleases=True), f"{lock.name}: {name}=={pins[name]} not in {line}"
        checked += 1
    assert checked >= 30


def test_make_and_ci_install_with_the_lock():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "-c $(LOCK)" in makefile and "LOCK   := locks/py$(PYVER).txt" in makefile
    assert "\ncheck:" in makefile and "scripts/check" in makefile
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.index("make check") < ci.index("make test")
    # CI runs the README's test commands as they are written there, the other Python's too.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = set(re.findall(r"^make test\b.*?(?=\s*#|$)", readme, re.M)) | set(re.findall(r"`(make test[^`]*)`", readme))
    assert {"make test", 'make test PYTHON="$(pyenv prefix 3.13)/bin/python3" VENV=/tmp/venv-3.13'} <= commands
    ci_lines = {line.strip() for line in ci.splitlines()}
    assert commands <= ci_lines, commands - ci_lines
