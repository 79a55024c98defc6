"""Country cues: words that say which country a text is about without naming a place.

A party ("Awami League", "ABVP"), a legislature ("Lok Sabha"), a state body or force
("Rapid Action Battalion"), a currency ("Tk", "naira") or a word for a division that only
one country uses ("upazila") tells the country of a report that names no place.
``sitrep/data/country_cues.yaml`` lists them; ``CountryCues.load_packaged()`` reads and
validates it once per process, and ``CountryCues.from_data(...)`` builds the same object
from a dict, for tests and for users who keep their own table. A bad entry is an error
(``ResourceError`` L001) that names the file and the entry.

``find(text)`` gives every cue in a text as a ``CueHit`` (countries, start, end, kind),
matched with one Aho-Corasick automaton (``pyahocorasick``) on whole words:

- an alias written in capitals only ("BNP", "PTI", "RAB") matches only in capitals, so
  a word in lower case ("pan", "rab") is never a party;
- an alias listed under ``exact`` matches only as written ("Tk", "Congress");
- every other alias matches whatever its case ("awami league", "upazila");
- a hyphen and a space are the same ("Jamaat-e-Islami", "Jamaat e Islami"), and so are
  the two apostrophes;
- of overlapping matches, the longest wins ("Bangladesh Nationalist Party" before
  "Nationalist Party").

A cue may stand for more than one country ("rupee": India, Pakistan, Nepal, Sri Lanka):
its hit carries all of them, and the reader decides what the hits agree on.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import ahocorasick

from ..errors import ResourceError
from .countries import country_table
from .lexicons import read_data_file

#: What a cue can be. The weak kinds say little on their own (a currency is spent abroad,
#: a unit of counting is shared by neighbours): a reader takes them only when nothing in
#: the text contradicts them.
KINDS = (
    "party", "party wing", "alliance", "legislature", "state body", "security force", "armed group",
    "election body", "association", "currency", "division word", "number word",
)
WEAK_KINDS = frozenset({"currency", "division word", "number word"})

#: Characters that count as the same when matching: a hyphen is a space, and the typographic
#: apostrophe the plain one. Each is replaced by one character, so offsets stay those of the text.
_SAME = str.maketrans({"-": " ", "‐": " ", "–": " ", "’": "'", "‘": "'"})


@dataclass(frozen=True)
class CountryCue:
    """One entry of the table: a name, its other forms and the country (or countries) it names."""

    name: str
    countries: tuple[str, ...]
    kind: str
    aliases: tuple[str, ...] = ()
    #: aliases that match only as written
    exact: tuple[str, ...] = ()
    #: the first-level division a regional body belongs to ("Shiromani Akali Dal": Punjab),
    #: by its GeoNames name; only for a cue of one country
    admin1: str | None = None

    @property
    def weak(self) -> bool:
        return self.kind in WEAK_KINDS


@dataclass(frozen=True)
class CueHit:
    """Where a cue is named in a text: ``text`` (the words as written) at ``start:end``, the
    countries it stands for, its kind and the name of its entry."""

    countries: tuple[str, ...]
    start: int
    end: int
    kind: str
    cue: str
    text: str
    #: the cue's first-level division, if it names one
    admin1: str | None = None

    @property
    def weak(self) -> bool:
        return self.kind in WEAK_KINDS


def is_capitals(alias: str) -> bool:
    """"BNP", "MQM-P", "J&K": no lower-case letter and at least one capital."""
    return any(c.isupper() for c in alias) and not any(c.islower() for c in alias)


def _lower(text: str) -> str:
    """``text`` in lower case, character for character (a character whose lower case is
    longer, like "İ", is kept), so that offsets into it are offsets into ``text``."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


class CountryCues:
    """The indexed table: ``find(text)`` gives the cues a text names."""

    def __init__(self, cues: Iterable[CountryCue]) -> None:
        self.cues = tuple(cues)
        self._folded = ahocorasick.Automaton()  # matched on the lower-cased text
        self._exact = ahocorasick.Automaton()  # matched on the text as written
        for cue in self.cues:
            for alias in (cue.name, *cue.aliases, *cue.exact):
                key = match_key(alias, exact=alias in cue.exact)
                automaton = self._folded if key.startswith("~") else self._exact
                key = key.removeprefix("~")
                automaton.add_word(key, (len(key), cue))
        for automaton in (self._folded, self._exact):
            if len(automaton):
                automaton.make_automaton()

    def __len__(self) -> int:
        return len(self.cues)

    def find(self, text: str) -> tuple[CueHit, ...]:
        """Every cue named in ``text``, in text order, the longest of overlapping ones."""
        plain = text.translate(_SAME)
        found: list[tuple[int, int, CountryCue]] = []
        for automaton, haystack in ((self._exact, plain), (self._folded, _lower(plain))):
            if not len(automaton):
                continue
            for last, (length, cue) in automaton.iter(haystack):
                start, end = last - length + 1, last + 1
                if (start > 0 and _word_char(haystack[start - 1])) or (end < len(haystack) and _word_char(haystack[end])):
                    continue
                found.append((start, end, cue))
        found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
        hits: list[CueHit] = []
        reach = -1
        for start, end, cue in found:
            if start < reach:
                continue  # inside a longer cue already taken
            hits.append(CueHit(cue.countries, start, end, cue.kind, cue.name, text[start:end], cue.admin1))
            reach = end
        return tuple(hits)

    # -- loading -------------------------------------------------------------------
    @classmethod
    def from_data(cls, data: Mapping[str, Any], source: str = "<data>") -> CountryCues:
        """Validate and index a table given as parsed YAML (``{"version": 1, "cues": [...]}``)."""
        where_file = f"{source}/country_cues.yaml"
        if not isinstance(data, Mapping) or not isinstance(data.get("cues"), list):
            raise ResourceError("L001", path=where_file, reason="expected a list 'cues'")
        if data.get("version") != 1:
            raise ResourceError("L001", path=where_file, reason=f"unknown version {data.get('version')!r}")
        known = country_table().a3_name
        cues: list[CountryCue] = []
        owner: dict[str, str] = {}  # matching key of an alias -> the entry that holds it
        for i, entry in enumerate(data["cues"]):
            where = f"{where_file}: cues[{i}] ({entry.get('name') if isinstance(entry, Mapping) else entry!r})"
            cue = _cue(entry, where, known)
            for alias in (cue.name, *cue.aliases, *cue.exact):
                key = match_key(alias, exact=alias in cue.exact)
                if owner.setdefault(key, cue.name) != cue.name:
                    raise ResourceError(
                        "L001", path=where,
                        reason=f"{alias!r} is also a cue of {owner[key]!r}: list both countries in one entry",
                    )
            cues.append(cue)
        return cls(cues)

    @classmethod
    def load_packaged(cls) -> CountryCues:
        return _load_packaged()


def _cue(entry: Any, where: str, known: Mapping[str, str]) -> CountryCue:
    """One entry of the table, checked: a name, known fields, ISO alpha-3 countries (one or
    a list), a known kind, lists of words, and an admin1 only for a cue of one country."""
    if not isinstance(entry, Mapping) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
        raise ResourceError("L001", path=where, reason="a cue needs a name")
    unknown = set(entry) - {"name", "aliases", "exact", "country", "kind", "admin1"}
    if unknown:
        raise ResourceError("L001", path=where, reason=f"unknown fields {sorted(unknown)}")
    country = entry.get("country")
    codes = tuple(country) if isinstance(country, list) else (country,)
    if not codes or any(not isinstance(c, str) or c not in known for c in codes) or len(set(codes)) < len(codes):
        raise ResourceError("L001", path=where, reason=f"country {country!r} is not ISO alpha-3 (or a list)")
    if entry.get("kind") not in KINDS:
        raise ResourceError("L001", path=where, reason=f"unknown kind {entry.get('kind')!r}")
    names = {field: _words_of(entry, field, where) for field in ("aliases", "exact")}
    admin1 = entry.get("admin1")
    if admin1 is not None and (not isinstance(admin1, str) or not admin1.strip() or len(codes) != 1):
        raise ResourceError("L001", path=where, reason="admin1 must be a division's name, for a cue of one country")
    return CountryCue(entry["name"].strip(), codes, entry["kind"], names["aliases"], names["exact"],
                      admin1.strip() if admin1 else None)


def _words_of(entry: Mapping[str, Any], field: str, where: str) -> tuple[str, ...]:
    values = entry.get(field) or []
    if not isinstance(values, list) or any(not isinstance(a, str) or not a.strip() for a in values):
        raise ResourceError("L001", path=where, reason=f"{field} must be a list of non-empty words")
    return tuple(str(a).strip() for a in values)


def match_key(alias: str, exact: bool = False) -> str:
    """What an alias is matched as: as written when it matches only as written, else "~" and
    its lower case (the mark keeps "BNP" and a lower-case "bnp" apart)."""
    key = " ".join(alias.translate(_SAME).split())
    return key if exact or is_capitals(alias) else "~" + _lower(key)


@functools.lru_cache(maxsize=1)
def _load_packaged() -> CountryCues:
    return CountryCues.from_data(read_data_file("country_cues.yaml"), source="sitrep/data")


__all__ = ["KINDS", "WEAK_KINDS", "CountryCue", "CountryCues", "CueHit", "is_capitals", "match_key"]
