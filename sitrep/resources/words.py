"""The stages' word tables: YAML data files under ``sitrep/data/words/``, validated and
loaded once into a frozen ``Words`` object that ``Resources.words`` carries.

Each file holds the tables of one domain (``events.yaml``, ``places.yaml``, ...); a table
is a mapping with what it ``decides`` and either its ``words`` or, for a table that is
another one with a few differences, ``like`` (the other table's name, or a list of
tables for their union) with ``plus`` and ``minus`` lists. Optional keys: ``case: kept`` (words keep their capitals, for tables
matched on the text as written) and ``disjoint_from`` (tables it must share no word with).

Every file is checked when it is loaded, and a bad table is an error naming the file and
the table (``ResourceError`` L001): an unknown key, a table named twice, a word that is
not a non-empty lower-case string without surrounding spaces, a word listed twice in a
table, a ``plus`` word already in the base table or a ``minus`` word not in it, a ``like``
that names no table (or a cycle), and a word shared with a table declared disjoint.

``words["name"]`` is a table as a frozenset; ``words.ordered("name")`` keeps the file's
order. ``words.with_table("name", [...])`` is a copy with one table replaced (tables made
``like`` it follow), for tests and for users who keep their own word lists.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import ResourceError
from .lexicons import read_data_file

#: The files of ``sitrep/data/words/``, one per domain.
FILES = ("events.yaml", "places.yaml", "actors.yaml", "times.yaml", "counts.yaml")
_KEYS = frozenset({"decides", "words", "like", "plus", "minus", "case", "disjoint_from"})
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Table:
    """One table as written: where it comes from, what it decides, and its words or its
    differences from the table it is ``like``."""

    name: str
    source: str
    decides: str
    words: tuple[str, ...] = ()
    like: tuple[str, ...] = ()
    plus: tuple[str, ...] = ()
    minus: tuple[str, ...] = ()
    case_kept: bool = False
    disjoint_from: tuple[str, ...] = ()


@dataclass(frozen=True)
class Words:
    """Every word table, checked and resolved (``like`` tables expanded)."""

    tables: Mapping[str, Table]
    _resolved: Mapping[str, tuple[str, ...]] = field(repr=False, compare=False, default_factory=dict)
    _sets: Mapping[str, frozenset[str]] = field(repr=False, compare=False, default_factory=dict)

    @classmethod
    def from_tables(cls, tables: Mapping[str, Table]) -> Words:
        resolved = _resolve(tables)
        for table in tables.values():
            for other in table.disjoint_from:
                where = f"{table.source}: {table.name}"
                if other not in tables:
                    raise ResourceError("L001", path=where, reason=f"disjoint_from names no table: {other!r}")
                shared = set(resolved[table.name]) & set(resolved[other])
                if shared:
                    raise ResourceError("L001", path=where, reason=f"shares {sorted(shared)} with {other!r}, "
                                        "which must be disjoint from it")
        return cls(dict(tables), resolved, {name: frozenset(w) for name, w in resolved.items()})

    @classmethod
    def from_data(cls, files: Mapping[str, Any]) -> Words:
        """Check and build the tables of parsed YAML files (file name -> data)."""
        tables: dict[str, Table] = {}
        for source, data in files.items():
            for table in _read_file(data, source):
                if table.name in tables:
                    raise ResourceError("L001", path=f"{source}: {table.name}",
                                        reason=f"table already defined in {tables[table.name].source}")
                tables[table.name] = table
        return cls.from_tables(tables)

    @classmethod
    def load_packaged(cls) -> Words:
        """The tables shipped in ``sitrep/data/words/`` (read once per process)."""
        return _load_packaged()

    # -- lookups ----------------------------------------------------------------------
    def __getitem__(self, name: str) -> frozenset[str]:
        return self._sets[name]

    def ordered(self, name: str) -> tuple[str, ...]:
        """A table's words in the order the file gives them."""
        return self._resolved[name]

    def decides(self, name: str) -> str:
        return self.tables[name].decides

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.tables)

    def with_table(self, name: str, words: Iterable[str]) -> Words:
        """A copy with table ``name`` holding ``words`` instead (checked like a file's)."""
        if name not in self.tables:
            raise ResourceError("L001", path=f"words: {name}", reason="no such table")
        old = self.tables[name]
        new = Table(name, "(replaced)", old.decides, word_list(list(words), f"(replaced): {name}", old.case_kept),
                    case_kept=old.case_kept, disjoint_from=old.disjoint_from)
        return Words.from_tables({**self.tables, name: new})


def _read_file(data: Any, source: str) -> list[Table]:
    if not isinstance(data, Mapping):
        raise ResourceError("L001", path=source, reason="expected a mapping of table names to tables")
    return [_read_table(name, spec, source) for name, spec in data.items()]


def _read_table(name: Any, spec: Any, source: str) -> Table:
    """One table of a words file, checked (``ResourceError`` L001 naming the file and table)."""
    where = f"{source}: {name}"
    if not isinstance(name, str) or not _NAME.match(name):
        raise ResourceError("L001", path=where, reason="a table name is lower_case_with_underscores")
    if not isinstance(spec, Mapping):
        raise ResourceError("L001", path=where, reason="expected a mapping with decides and words (or like)")
    unknown = set(spec) - _KEYS
    if unknown:
        raise ResourceError("L001", path=where, reason=f"unknown keys {sorted(unknown)} (known: {sorted(_KEYS)})")
    decides = spec.get("decides")
    if not isinstance(decides, str) or not decides.strip():
        raise ResourceError("L001", path=where, reason="every table says what it decides (decides: ...)")
    case = spec.get("case")
    if case not in (None, "kept"):
        raise ResourceError("L001", path=where, reason=f"case must be 'kept' or absent, not {case!r}")
    kept = case == "kept"
    like = _like(spec, where)
    disjoint = spec.get("disjoint_from") or []
    if not isinstance(disjoint, list) or not all(isinstance(d, str) for d in disjoint):
        raise ResourceError("L001", path=where, reason="disjoint_from is a list of table names")
    return Table(
        name, source, decides.strip(),
        words=word_list(spec.get("words"), where, kept) if like is None else (),
        like=tuple(like or ()),
        plus=word_list(spec.get("plus") or [], where + " (plus)", kept),
        minus=word_list(spec.get("minus") or [], where + " (minus)", kept),
        case_kept=kept, disjoint_from=tuple(disjoint),
    )


def _like(spec: Mapping[str, Any], where: str) -> list[str] | None:
    """The tables a table is ``like`` (None: it lists its own words), checked against its
    other keys: a table has either words or like, and plus/minus only with like."""
    like = spec.get("like")
    if isinstance(like, str):
        like = [like]
    if like is not None and (not isinstance(like, list) or not like or not all(isinstance(t, str) for t in like)):
        raise ResourceError("L001", path=where, reason="like names a table or a list of tables")
    if ("words" in spec) == (like is not None):
        raise ResourceError("L001", path=where, reason="a table has either words or like (with plus/minus)")
    if like is None and ("plus" in spec or "minus" in spec):
        raise ResourceError("L001", path=where, reason="plus and minus go with like")
    return like


def word_list(value: Any, where: str, case_kept: bool) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise ResourceError("L001", path=where, reason="words must be a list of strings")
    seen: set[str] = set()
    for word in value:
        if not isinstance(word, str) or not word or word != word.strip():
            raise ResourceError("L001", path=where, reason=f"{word!r} is not a word (a non-empty string, no outer spaces)")
        if not case_kept and word != word.lower():
            raise ResourceError("L001", path=where, reason=f"{word!r} is not lower-case (or mark the table case: kept)")
        if word in seen:
            raise ResourceError("L001", path=where, reason=f"{word!r} is listed twice")
        seen.add(word)
    return tuple(value)


def _resolve(tables: Mapping[str, Table]) -> dict[str, tuple[str, ...]]:
    resolved: dict[str, tuple[str, ...]] = {}

    def resolve(name: str, chain: tuple[str, ...]) -> tuple[str, ...]:
        if name in resolved:
            return resolved[name]
        table = tables[name]
        where = f"{table.source}: {name}"
        if not table.like:
            words = table.words
        else:
            base: tuple[str, ...] = ()
            for other in table.like:
                if other not in tables:
                    raise ResourceError("L001", path=where, reason=f"like names no table: {other!r}")
                if other in chain or other == name:
                    raise ResourceError("L001", path=where, reason=f"like makes a cycle: {' -> '.join((*chain, name, other))}")
                base += tuple(w for w in resolve(other, (*chain, name)) if w not in base)
            bases = " | ".join(repr(t) for t in table.like)
            added = [w for w in table.plus if w in base]
            if added:
                raise ResourceError("L001", path=where, reason=f"plus lists {added}, already in {bases}")
            missing = [w for w in table.minus if w not in base]
            if missing:
                raise ResourceError("L001", path=where, reason=f"minus lists {missing}, not in {bases}")
            dropped = set(table.minus)
            words = tuple(w for w in base if w not in dropped) + table.plus
        resolved[name] = words
        return words

    for name in tables:
        resolve(name, ())
    return resolved


def words_of(resources: Any) -> Words:
    """The word tables ``resources`` carries, or the packaged ones when it carries none: a
    stage that needs no other resource may be called with ``None``."""
    words = getattr(resources, "words", None)
    return words if isinstance(words, Words) else Words.load_packaged()


@functools.lru_cache(maxsize=1)
def _load_packaged() -> Words:
    return Words.from_data({f"sitrep/data/words/{name}": read_data_file(f"words/{name}") for name in FILES})


__all__ = ["FILES", "Table", "Words", "word_list", "words_of"]
