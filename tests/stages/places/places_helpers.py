"""Gazetteers and helpers shared by the ``places`` tests."""

from __future__ import annotations

from sitrep.resources import Resources
from sitrep.resources.gazetteer import GazetteerEntry, InMemoryGazetteer
from sitrep.stages.places import find_places

ENTRIES = [
    GazetteerEntry("United States", "USA", "country", 39.83, -98.58, 6252001, population=327_000_000,
                   aliases=("US", "U.S.", "America")),
    GazetteerEntry("Us", "FRA", "city", 49.1, 1.97, 2971316, admin1="Ile-de-France", population=1248),
    GazetteerEntry("Iraq", "IRQ", "country", 33.0, 44.0, 99237, population=40_000_000),
    GazetteerEntry("Egypt", "EGY", "country", 27.0, 30.0, 357994, population=100_000_000),
    GazetteerEntry("Northern Iraq", "IRQ", "region", 36.0, 43.5),
    GazetteerEntry("Erbil Air Base", "IRQ", "site", 36.237, 43.963, admin1="Erbil"),
    GazetteerEntry("Erbil", "IRQ", "city", 36.19, 44.01, 95446, admin1="Erbil", population=1_600_000),
    GazetteerEntry("Erbil", "IRQ", "admin1", None, None, 95445, admin1="Erbil", population=2_300_000),
    GazetteerEntry("Alexandria", "EGY", "city", 31.20, 29.92, 361058, admin1="Alexandria", population=5_263_542),
    GazetteerEntry("Alexandria", "USA", "city", 31.31, -92.45, 4314550, admin1="Louisiana", population=47_889),
    GazetteerEntry("Alexandria", "USA", "city", 38.80, -77.05, 4744091, admin1="Virginia", population=159_467),
    GazetteerEntry("Louisiana", "USA", "admin1", None, None, 4331987, admin1="Louisiana", population=3_100_000),
    GazetteerEntry("Rapides Parish", "USA", "admin2", None, None, 4338356, admin1="Louisiana"),
    GazetteerEntry("Anbar", "IRQ", "admin1", None, None, 99592, admin1="Anbar", population=600_000),
]


DEMONYMS = {"Iraqi": "IRQ", "Iraqis": "IRQ", "American": "USA", "Americans": "USA", "Egyptian": "EGY"}


def places_of(analyse, resources, text):
    return find_places(analyse(text), resources)["places"]


def places_by_text(analyse, resources, text):
    """The places found in ``text``, keyed by their words."""
    return {p.text: p for p in places_of(analyse, resources, text)}


def in_memory(entries, demonyms=DEMONYMS, lexicons=None) -> Resources:
    return Resources(gazetteer=InMemoryGazetteer(entries, demonyms), lexicons=lexicons)


CONTAINER_ENTRIES = ENTRIES + [
    GazetteerEntry("Karma", "JOR", "city", 31.5, 36.0, 90001, admin1="Amman", population=3_000),
    GazetteerEntry("Harran", "TUR", "city", 36.86, 39.03, 90002, admin1="Sanliurfa", population=5_000),
    GazetteerEntry("Dabiq", "SYR", "city", 36.53, 37.27, 90003, admin1="Aleppo", population=30_000),
    GazetteerEntry("Aleppo", "SYR", "admin1", 36.2, 37.15, 90004, admin1="Aleppo", population=4_000_000),
]
