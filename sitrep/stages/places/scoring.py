"""How likely each reading of a name is: its prior (feature and population), what the
words around the name say ("Erbil province", a chain's last place), whether it lies in
its container's reading ("Alexandria, Louisiana"), and the article's context (countries,
first-level divisions, the dateline, the other names that could lie in the same
division). The weights are ``weights.WEIGHTS``."""

from __future__ import annotations

import difflib
import math
from typing import TYPE_CHECKING

from ...resources.gazetteer import GazetteerEntry, normalise
from .mentions import Mention
from .weights import WEIGHTS

if TYPE_CHECKING:
    from .context import ArticleContext

#: Coarse to fine: a place can lie inside one of a lower number.
FEATURE_ORDER = {"country": 0, "region": 1, "admin1": 2, "admin2": 3, "admin3": 4, "city": 5, "site": 6}


def prior(entry: GazetteerEntry, siblings: tuple[GazetteerEntry, ...]) -> float:
    """How likely an entry is before context: sites, regions and countries, then by population."""
    if entry.feature in ("site", "region"):
        return 9.0
    if entry.feature == "country":
        return 8.0
    pop = math.log10(entry.population + 10)
    if entry.by_alias:  # "Nis" is Niš, before the Nice that some call Nis
        pop -= WEIGHTS.alias_penalty
    if entry.feature == "admin1":
        return pop - (WEIGHTS.city_named_division_penalty if named_after_city(entry, siblings) else 0.5)
    if entry.feature in ("admin2", "admin3"):
        return 1.0
    return pop


def named_after_city(entry: GazetteerEntry, siblings: tuple[GazetteerEntry, ...]) -> bool:
    return any(s.feature == "city" and s.country == entry.country and s.admin1 == entry.name for s in siblings)


def firm_reading(m: Mention) -> GazetteerEntry | None:
    """The entry a mention names whatever the context: the only one, or far likelier than the next."""
    if not m.candidates:
        return None
    if len(m.candidates) == 1:
        return m.candidates[0]
    ranked = sorted(m.candidates, key=lambda e: -prior(e, m.candidates))
    if prior(ranked[0], m.candidates) - prior(ranked[1], m.candidates) >= WEIGHTS.firm_margin:
        return ranked[0]
    return None


def inside(entry: GazetteerEntry, container: GazetteerEntry) -> bool:
    """Does the gazetteer put ``entry`` inside ``container`` (as far as its admin codes tell)?"""
    if entry.country != container.country or entry is container or entry == container:
        return False
    if container.feature in ("country", "region") and container.admin1 is None:
        return True
    if not entry.admin1 or not container.admin1:
        return False
    same_admin1 = normalise(entry.admin1) == normalise(container.admin1)
    if container.feature == "admin1":
        return same_admin1
    # a second-level division or a town: the gazetteer knows only the first level they share
    return same_admin1 and FEATURE_ORDER.get(entry.feature, 9) >= FEATURE_ORDER.get(container.feature, 9)


def score_reading(
    m: Mention, entry: GazetteerEntry, container: GazetteerEntry | None, context: ArticleContext,
) -> float:
    """A reading's score: its prior, the words' hint, its container and the article's context."""
    score = prior(entry, m.candidates)
    if m.hint == "admin" and entry.feature in ("admin1", "admin2", "admin3"):
        score += WEIGHTS.hint_bonus
    elif m.hint == "city" and entry.feature == "city":
        score += WEIGHTS.hint_bonus
    else:
        score += outermost_bonus(m, entry)
    if container is not None and inside(entry, container):
        score += m.within_bonus
    if m.lone_dateline and entry.feature == "city" and entry.country == context.main \
            and entry is largest_town(m.candidates, context.main):
        score += WEIGHTS.lone_dateline_bonus
    countries = context.countries
    if entry.country and countries[entry.country]:
        score += WEIGHTS.country_context_bonus
        if entry.country == context.main:
            score += WEIGHTS.main_country_bonus
    if entry.admin1 and entry.feature != "admin1" and normalise(entry.admin1) in context.admin1:
        score += WEIGHTS.admin1_context_bonus
    if entry.country and entry.country == context.dateline:
        score += WEIGHTS.dateline_bonus
    if entry.country and entry.admin1:
        pair = (entry.country, normalise(entry.admin1))
        mine, weight = context.own_support.get(m.key, (frozenset(), 0.0))
        n = context.admin1_support[pair] - (weight if pair in mine else 0.0)
        score += WEIGHTS.admin1_support * min(n, WEIGHTS.support_cap)
    return score


def largest_town(entries: tuple[GazetteerEntry, ...], country: str | None = None) -> GazetteerEntry | None:
    """The most populous town among ``entries``: of those in ``country``, when any is."""
    towns = [e for e in entries if e.feature == "city"]
    home = [e for e in towns if e.country == country]
    return max(home or towns, key=lambda e: e.population) if towns else None


def outermost_bonus(m: Mention, entry: GazetteerEntry) -> float:
    """Last in a chain ("..., Pinabacdao, Samar"), a name is likelier the division."""
    if m.hint is not None or not m.outermost or entry.feature not in ("admin1", "admin2", "admin3"):
        return 0.0
    if entry.feature == "admin1" and named_after_city(entry, m.candidates):
        # "El Alto, La Paz": the department is no less likely than its capital
        return WEIGHTS.outermost_bonus + WEIGHTS.city_named_division_penalty - 0.5
    return WEIGHTS.outermost_bonus


def alone(m: Mention, entry: GazetteerEntry) -> float:
    """How likely a reading is by itself, before any context: its prior, and the lean of
    a chain's last place to a division."""
    return prior(entry, m.candidates) + outermost_bonus(m, entry)


def spelled_alike(a: str, b: str) -> bool:
    """Are two names one name transliterated two ways ("Kalinovo", "Kalynove"), rather
    than two names ("Passover", "Mountain City")?"""
    return difflib.SequenceMatcher(None, normalise(a), normalise(b)).ratio() >= WEIGHTS.alike_ratio
