"""The gazetteer: place names to GeoNames entries.

``Gazetteer`` is the interface the stages use. ``InMemoryGazetteer`` holds entries
built by hand, for tests. ``load_default_gazetteer()`` loads the packaged GeoNames
data once per process.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

#: ``GazetteerEntry.feature`` values and the place precision each gives.
FEATURE_PRECISION = {
    "country": "country",
    "region": "region",
    "admin1": "admin1",
    "admin2": "admin2",
    "admin3": "admin2",
    "city": "city",
    "site": "site",
}


@dataclass(frozen=True)
class GazetteerEntry:
    """One place the gazetteer knows.

    ``country`` is ISO alpha-3; ``feature`` a key of ``FEATURE_PRECISION``.
    """

    name: str
    country: str | None
    feature: str
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    admin1: str | None = None
    population: int = 0
    aliases: tuple[str, ...] = ()
    #: found by one of GeoNames' other names for it ("Patras" for Pátra), not its own
    by_alias: bool = field(default=False, compare=False)

    @property
    def precision(self) -> str:
        return FEATURE_PRECISION.get(self.feature, "city")


#: Features that ``Gazetteer.similar`` may return: countries and regions are spelled in the data files.
SIMILAR_FEATURES = frozenset({"admin1", "admin2", "admin3", "city"})


#: Letters that Unicode does not decompose into a base letter and an accent, in plain ASCII,
#: and the marks for Arabic 'ayn and hamza ("Ta‘izz", "Ma’an") as the apostrophe.
_PLAIN = str.maketrans({
    "ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ħ": "h", "Ħ": "H", "ß": "ss",
    "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D",
    "‘": "'", "’": "'", "ʻ": "'", "ʼ": "'", "ʿ": "'", "ʾ": "'", "`": "'",
})


def plain_letters(name: str) -> str:
    """A name without accents, in plain letters where it can be: "Adıyaman" -> "Adiyaman"."""
    if name.isascii() and "`" not in name:
        return name
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).translate(_PLAIN)


@functools.lru_cache(maxsize=1 << 16)
def normalise(name: str) -> str:
    """The lookup key for a name: accents stripped, case-folded, spaces collapsed.

    Letters without a decomposition are folded too ("Diyarbakır" is "diyarbakir"), the
    marks that transliterations use for apostrophes all become "'", and a shortened word
    before another is written out ("St. Paul" is "saint paul": ``SHORT_WORDS``).
    """
    plain = plain_letters(name.casefold())
    return written_out(" ".join(plain.replace(".", "").casefold().split()))


#: Words that names shorten, written out in every key: "St. Paul" and "Saint Paul", "Ft.
#: Myers" and "Fort Myers", "Mt. Vernon" and "Mount Vernon" are one name. Only before
#: another word: a last "St" is a street ("Main St").
SHORT_WORDS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}
_SHORT_WORD = re.compile(r"(?:^| )(?:st|ste|ft|mt) (?=\S)")
_LONG_WORDS = {long: short for short, long in SHORT_WORDS.items()}


def written_out(key: str) -> str:
    """A key (case-folded, no full stops, single spaces) with its shortened words written
    out ("st paul": "saint paul"; "main st" stays)."""
    if _SHORT_WORD.search(key) is None:
        return key
    words = key.split(" ")
    return " ".join([SHORT_WORDS.get(w, w) for w in words[:-1]] + words[-1:])


def shortened(key: str) -> str | None:
    """A written-out key as texts also write it ("saint paul": "st paul"), or None when it
    has no word that names shorten."""
    words = key.split(" ")
    if not any(w in _LONG_WORDS for w in words[:-1]):
        return None
    return " ".join([_LONG_WORDS.get(w, w) for w in words[:-1]] + words[-1:])


_VOWELS = "aeiouy"
#: Names shorter than this (in letters) get no other spellings: too many would collide.
MIN_SPELLING_LETTERS = 5


def spelling_variants(key: str) -> list[str]:
    """Other spellings of a normalised name, one vowel or one doubled letter apart.

    English writes many names from Arabic, Pashto, Somali or Ukrainian several ways:
    "idleb" and "idlib", "urozgan" and "uruzgan", "shabelle" and "shabeelle", "wanla weyn"
    and "wanlaweyn", "al-hasakeh" and "al-hasakah". Each variant changes one vowel, drops
    or doubles one letter, adds or drops a final "h" ("diwaniya" and "diwaniyah"), or joins
    the words; the first letter is kept. Names of fewer
    than ``MIN_SPELLING_LETTERS`` letters get none.
    """
    if sum(c.isalpha() for c in key) < MIN_SPELLING_LETTERS:
        return []
    out: dict[str, None] = {}
    for form in _joined_forms(key):
        out[form] = None
        out.update(dict.fromkeys(_one_letter_apart(form)))
    out.pop(key, None)
    return list(out)


def _joined_forms(key: str) -> dict[str, None]:
    """``key`` with its hyphens as they are, as spaces, or dropped, and its words joined;
    a name of three or four hyphenated parts with each hyphen a hyphen or a space."""
    forms = dict.fromkeys([key, key.replace("-", " "), key.replace("-", ""), key.replace(" ", "").replace("-", "")])
    parts = key.split("-")
    if 2 < len(parts) <= 4:  # "deir-ez-zor": "deir ez-zor", "deir-ez zor"
        for mask in range(1, 2 ** (len(parts) - 1) - 1):
            form = parts[0]
            for j, part in enumerate(parts[1:]):
                form += (" " if mask >> j & 1 else "-") + part
            forms[form] = None
    return forms


def _one_letter_apart(form: str) -> list[str]:
    """The spellings one vowel, one dropped or doubled letter or a final "h" away from
    ``form``, in order; its first letter kept."""
    out: list[str] = []
    for i in range(1, len(form)):
        c = form[i]
        if c in _VOWELS:
            out.extend(form[:i] + v + form[i + 1:] for v in _VOWELS if v != c)
        if c.isalpha():
            if form[i - 1] == c:
                out.append(form[:i] + form[i + 1:])  # "shabeelle" -> "shabelle"
            else:
                out.append(form[:i] + c + form[i:])  # "shabele" -> "shabelle"
    if form[-1] in _VOWELS:
        out.append(form + "h")  # "diwaniya" -> "diwaniyah"
    elif form.endswith(("ah", "eh")):
        out.append(form[:-1])  # "hasakah" -> "hasaka"
    return out


class Gazetteer(Protocol):
    """What the stages ask of a gazetteer."""

    def candidates(self, name: str) -> tuple[GazetteerEntry, ...]:
        """Every entry the name may refer to, most likely first (may be empty)."""
        ...

    def similar(self, name: str) -> tuple[GazetteerEntry, ...]:
        """Divisions and towns whose names are ``name`` spelled another way ("Idleb": Idlib)."""
        ...

    def other_names(self, name: str) -> tuple[GazetteerEntry, ...]:
        """Towns known by another name that ``name`` is also theirs ("Patras": Pátra),
        each with ``by_alias`` set; never among ``candidates``."""
        ...

    def country(self, code: str) -> GazetteerEntry | None:
        """The country entry for an ISO alpha-2 or alpha-3 code."""
        ...

    def demonym(self, word: str) -> str | None:
        """The alpha-3 country code a demonym or adjective names ("Iraqi" -> "IRQ")."""
        ...

    def names_in(self, text: str) -> list[tuple[int, int]]:
        """Character spans of ``text`` that spell a name the gazetteer holds (its
        ``candidates`` are not empty), in text order, overlapping ones included."""
        ...


class InMemoryGazetteer:
    """A gazetteer over entries given in code: for tests and small custom lists."""

    def __init__(self, entries: Iterable[GazetteerEntry], demonyms: dict[str, str] | None = None,
                 other_names: dict[str, Iterable[GazetteerEntry]] | None = None) -> None:
        self._other = {
            normalise(k): tuple(dataclasses.replace(e, by_alias=True) for e in v) for k, v in (other_names or {}).items()
        }
        self._by_name: dict[str, list[GazetteerEntry]] = {}
        self._countries: dict[str, GazetteerEntry] = {}
        for entry in entries:
            for name in (entry.name, *entry.aliases):
                self._by_name.setdefault(normalise(name), []).append(entry)
            if entry.feature == "country" and entry.country:
                self._countries[entry.country] = entry
        for found in self._by_name.values():
            found.sort(key=lambda e: -e.population)
        self._demonyms = {normalise(k): v for k, v in (demonyms or {}).items()}
        from .names import LazyNames  # (names.py reads this module's normalisation)

        self._names = LazyNames(self._by_name.keys)

    def candidates(self, name: str) -> tuple[GazetteerEntry, ...]:
        return tuple(self._by_name.get(normalise(name), ()))

    def other_names(self, name: str) -> tuple[GazetteerEntry, ...]:
        return self._other.get(normalise(name), ())

    def similar(self, name: str) -> tuple[GazetteerEntry, ...]:
        found = [
            e for key in spelling_variants(normalise(name)) for e in self._by_name.get(key, ())
            if e.feature in SIMILAR_FEATURES
        ]
        return tuple(dict.fromkeys(sorted(found, key=lambda e: -e.population)))

    def country(self, code: str) -> GazetteerEntry | None:
        code = code.upper()
        if len(code) == 2:
            from .countries import alpha2_to_alpha3

            code = alpha2_to_alpha3(code) or code
        return self._countries.get(code)

    def demonym(self, word: str) -> str | None:
        return self._demonyms.get(normalise(word))

    def names_in(self, text: str) -> list[tuple[int, int]]:
        return self._names.find(text)


def load_default_gazetteer() -> Gazetteer:
    """The packaged GeoNames gazetteer, loaded once per process."""
    from .geonames import GeoNamesGazetteer

    return GeoNamesGazetteer.shared()


@dataclass(frozen=True)
class Phrase:
    """A place name to find in running text even where spaCy's NER misses it."""

    text: str
    #: Abbreviations ("US", "U.S.") match only with this exact case.
    exact_case: bool
    #: US state abbreviations ("W.Va.") name a place only right after a comma.
    after_comma: bool = False
    #: A US postal code ("AL"): the state it names, looked up by that name; it names a
    #: place only after a comma and a capitalised name, and before a mark or the line's end.
    state: str | None = None


_FIRST_WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=1)
def place_phrases() -> dict[str, tuple[Phrase, ...]]:
    """Names of countries, regions, facilities and exonyms, keyed by their first word, lower-cased.

    Built once from ``countries.yaml``, ``place_aliases.yaml`` and ``facilities.yaml``
    (and ISO country names), longest phrase first under each key, so a stage can
    match them token by token without scanning the list.
    """
    from importlib import resources as importlib_resources

    import yaml

    from .countries import country_table

    table = country_table()
    found: dict[str, Phrase] = {}
    for country_names in table.names_of.values():
        for name in country_names:
            exact = name in table.abbreviations
            found.setdefault(name if exact else name.casefold(), Phrase(name, exact))
    data_dir = importlib_resources.files("sitrep") / "data"
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when there, several times faster
    aliases = yaml.load((data_dir / "place_aliases.yaml").read_text(encoding="utf-8"), Loader=loader) or {}
    facilities = yaml.load((data_dir / "facilities.yaml").read_text(encoding="utf-8"), Loader=loader) or {}
    names: list[str] = []
    for spec in (aliases.get("regions") or []) + (facilities.get("facilities") or []):
        names += [spec["name"], *(spec.get("aliases") or ())]
    names += list(aliases.get("aliases") or {})
    for name in names:
        found.setdefault(name.casefold(), Phrase(name, False))
    for abbr in aliases.get("state_abbreviations") or {}:
        found.setdefault(abbr, Phrase(abbr, True, after_comma=True))
    for code, state in (aliases.get("postal_codes") or {}).items():
        found.setdefault(code, Phrase(code, True, after_comma=True, state=state))
    by_first: dict[str, list[Phrase]] = {}
    for phrase in found.values():
        first = _FIRST_WORD.match(phrase.text.casefold())
        if first:
            by_first.setdefault(first.group(0), []).append(phrase)
    return {k: tuple(sorted(v, key=lambda p: -len(p.text))) for k, v in by_first.items()}
