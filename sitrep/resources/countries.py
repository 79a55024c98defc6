"""Countries: ISO 3166-1 codes, names, and the names news uses for them.

The ISO table comes from ``pycountry``; ``sitrep/data/countries.yaml`` adds short
names, abbreviations, exonyms and demonyms. Everything is loaded once per process.

    alpha2_to_alpha3("IQ") -> "IRQ"        alpha3_to_alpha2("IRQ") -> "IQ"
    alpha3_to_name("IRQ") -> "Iraq"        name_to_alpha3("U.S.") -> "USA"
    demonym_to_alpha3("Iraqi") -> "IRQ"    capital_name("BGD") -> "Dhaka"
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass, field
from importlib import resources as importlib_resources
from typing import Any

import yaml

from ..errors import ResourceError

#: Codes GeoNames uses that ISO 3166-1 has not assigned: alpha-2 -> (alpha-3, name).
USER_ASSIGNED = {"XK": ("XKX", "Kosovo")}


def _key(name: str) -> str:
    """Lookup key: accents stripped, case-folded, dots dropped, a leading "the" dropped."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace("’", "'").replace(".", "").casefold()
    words = plain.replace(",", " ").split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


@dataclass(frozen=True)
class CountryTable:
    """The loaded tables; build it with ``country_table()``."""

    a2_to_a3: dict[str, str]
    a3_to_a2: dict[str, str]
    a3_name: dict[str, str]
    #: normalised name, short name, exonym or abbreviation -> alpha-3
    by_name: dict[str, str]
    #: normalised demonym -> alpha-3
    by_demonym: dict[str, str]
    #: abbreviations exactly as written ("US", "U.S.") -> alpha-3, for case-sensitive text matching
    abbreviations: dict[str, str] = field(default_factory=dict)
    #: alpha-3 -> the names and abbreviations that name it (ISO and added), for text matching
    names_of: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: alpha-3 -> (lat, lon) where the YAML gives a country's point
    points: dict[str, tuple[float, float]] = field(default_factory=dict)


def _read_yaml() -> dict[str, Any]:
    path = importlib_resources.files("sitrep") / "data" / "countries.yaml"
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as exc:
        raise ResourceError("L001", path=str(path), reason=str(exc)) from exc
    if not isinstance(data, dict) or not isinstance(data.get("countries"), dict):
        raise ResourceError("L001", path=str(path), reason="expected a mapping 'countries'")
    return data["countries"]


@functools.lru_cache(maxsize=1)
def country_table() -> CountryTable:
    """Load pycountry's ISO list and the packaged additions (once per process)."""
    a2_to_a3, a3_name, by_name, names_of = _iso_names()
    by_demonym, abbreviations, points = _add_packaged(a3_name, by_name, names_of)
    return CountryTable(
        a2_to_a3=a2_to_a3,
        a3_to_a2={v: k for k, v in a2_to_a3.items()},
        a3_name=a3_name,
        by_name=by_name,
        by_demonym=by_demonym,
        abbreviations=abbreviations,
        names_of={k: tuple(dict.fromkeys(v)) for k, v in names_of.items()},
        points=points,
    )


def _iso_names() -> tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, list[str]]]:
    """pycountry's ISO list and ``USER_ASSIGNED``: alpha-2 -> alpha-3, alpha-3 -> short
    name, name key -> alpha-3, and alpha-3 -> every name."""
    import pycountry

    a2_to_a3: dict[str, str] = {}
    a3_name: dict[str, str] = {}
    by_name: dict[str, str] = {}
    names_of: dict[str, list[str]] = {}
    for c in pycountry.countries:
        a2_to_a3[c.alpha_2] = c.alpha_3
        short = getattr(c, "common_name", None) or c.name
        a3_name[c.alpha_3] = short
        for n in (c.name, short, getattr(c, "official_name", None)):
            if n:
                by_name.setdefault(_key(n), c.alpha_3)
                names_of.setdefault(c.alpha_3, []).append(n)
    for a2, (a3, name) in USER_ASSIGNED.items():
        a2_to_a3[a2] = a3
        a3_name[a3] = name
        by_name.setdefault(_key(name), a3)
        names_of.setdefault(a3, []).append(name)
    return a2_to_a3, a3_name, by_name, names_of


def _add_packaged(
    a3_name: dict[str, str], by_name: dict[str, str], names_of: dict[str, list[str]]
) -> tuple[dict[str, str], dict[str, str], dict[str, tuple[float, float]]]:
    """countries.yaml's names into ``by_name`` and ``names_of``; its demonyms,
    abbreviations and points, each by key -> alpha-3 (points: alpha-3 -> lat, lon)."""
    by_demonym: dict[str, str] = {}
    abbreviations: dict[str, str] = {}
    points: dict[str, tuple[float, float]] = {}
    for a3, spec in _read_yaml().items():
        if a3 not in a3_name:
            raise ResourceError("L001", path="countries.yaml", reason=f"unknown alpha-3 code {a3!r}")
        for n in spec.get("names") or ():
            by_name[_key(n)] = a3  # the YAML wins over ISO's long forms
            names_of[a3].append(n)
        for n in spec.get("abbreviations") or ():
            abbreviations[n] = a3
            names_of[a3].append(n)
        for n in spec.get("demonyms") or ():
            by_demonym[_key(n)] = a3
        if spec.get("point"):
            lat, lon = spec["point"]
            points[a3] = (float(lat), float(lon))
    return by_demonym, abbreviations, points


def alpha2_to_alpha3(code: str | None) -> str | None:
    """"IQ" -> "IRQ"; None for an unknown code or None."""
    if not code:
        return None
    return country_table().a2_to_a3.get(code.strip().upper())


def alpha3_to_alpha2(code: str | None) -> str | None:
    """"IRQ" -> "IQ"; None for an unknown code or None."""
    if not code:
        return None
    return country_table().a3_to_a2.get(code.strip().upper())


def alpha3_to_name(code: str | None) -> str | None:
    """"IRQ" -> "Iraq" (the short English name); None when unknown."""
    if not code:
        return None
    return country_table().a3_name.get(code.strip().upper())


def name_to_alpha3(name: str | None) -> str | None:
    """A country's name, short name, exonym, abbreviation or code -> alpha-3.

    Names are case-insensitive ("Iraq", "the united states"); abbreviations and
    codes must be upper-case as written ("US", "U.S.", "IRQ", "IQ"), so the pronoun
    "us" is no country. Returns None when the name is not a country's.
    """
    if not name or not name.strip():
        return None
    table = country_table()
    abbreviation = table.abbreviations.get(name.strip())
    if abbreviation:
        return abbreviation
    key = _key(name)
    found = table.by_name.get(key)
    if found:
        return found
    code = name.strip()
    if len(code) == 3 and code in table.a3_name:
        return code
    if len(code) == 2 and code in table.a2_to_a3:
        return table.a2_to_a3[code]
    return None


def demonym_to_alpha3(word: str | None) -> str | None:
    """"Iraqi" / "Americans" -> alpha-3; None when the word is not a known demonym."""
    if not word:
        return None
    return country_table().by_demonym.get(_key(word))


__all__ = [
    "CountryTable", "alpha2_to_alpha3", "alpha3_to_alpha2", "alpha3_to_name",
    "capital_name", "country_table", "demonym_to_alpha3", "name_to_alpha3",
]


@functools.lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    """alpha-3 -> the name of the country's capital, from ``countryinfo`` (MIT licence)."""
    from countryinfo import CountryInfo

    found: dict[str, str] = {}
    for info in CountryInfo.all().values():
        a3 = (info.get("ISO") or {}).get("alpha3")
        capital = info.get("capital")
        if a3 and isinstance(capital, str) and capital.strip():
            found[a3] = capital.strip()
    return found


def capital_name(code: str | None) -> str | None:
    """The name of the capital of the country with alpha-3 ``code`` ("BGD" -> "Dhaka")."""
    return _capitals().get(code) if code else None
