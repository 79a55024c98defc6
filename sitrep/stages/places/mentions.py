"""Toponym mentions: what each finder found, assembled into one ``Mention`` per name,
with the name's readings in the gazetteer and the hint its words give ("Anbar province",
"Gaza City", "Guama neighbourhood").

The finders run in this order, each reading what the ones before found: spaCy's entities
and the ones the words around them make places (``entities``), untagged names after a
preposition (``prepositions``), other names the gazetteer holds that the words around
them make places (``gazetteer_names``), spans forced by their words (``forced``), known phrases
(``phrases``), places inside organisations' names (``organisations``), a place's name
wherever it recurs (``repeats``), and names the model cut short (``whole_names``); names
that ``persons`` finds to be people's are dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ...pipeline import Analysis
from ...resources.countries import country_table
from ...resources.gazetteer import Gazetteer, GazetteerEntry, normalise
from ...resources.words import Words
from .entities import entity_spans, relabel_entities
from .forced import force_spans, lone_dateline
from .gazetteer_names import add_gazetteer_names
from .lookup import lookup
from .organisations import add_names_in_organisations
from .persons import after_preposition, possessive_at, titled_names
from .phrases import add_phrases, in_state, postal_state
from .prepositions import add_untagged
from .repeats import repeat_names
from .spans import Found
from .weights import WEIGHTS
from .whole_names import whole_names
from .words import PLACE_LABELS, zipf


@dataclass
class Mention:
    start: int
    end: int
    text: str
    source: str
    #: "admin" or "city" when the words say so ("Anbar province", "Gaza City")
    hint: str | None = None
    #: index of the mention that contains this one, and how sure that is (bonus)
    within: int | None = None
    within_bonus: float = 0.0
    #: linked by a bare "in" ("X in Y"): Y stands for X only when X's reading is weak
    loose: bool = False
    #: the last place of a chain ("Y" of "X, Y" or "X (Y)"): likelier a division than a town
    outermost: bool = False
    candidates: tuple[GazetteerEntry, ...] = ()
    resolved: GazetteerEntry | None = None
    #: named inside an organisation's name ("Rapides Parish Fire District")
    in_organisation: bool = False
    #: found only under another spelling ("Idleb") or another name ("Patras"): kept only
    #: where the text or the article's countries agree (``_trusted``)
    respelled: bool = False
    key: str = ""
    #: towns that GeoNames also calls by the mention's name, beside its own ``candidates``:
    #: tried when none of those fits the container or the article's countries
    others: tuple[GazetteerEntry, ...] = ()
    #: an all-capitals dateline that names its town alone ("MIAMI — ..."): a town the
    #: readers know without its state, the largest of that name
    lone_dateline: bool = False


#: A saint's name, as in "St. Luke's hospital".
_SAINT = re.compile(r"(?:St|Ste|Saint|Sainte)\.? [A-Z]")


def _stands_as_a_place(doc, text: str, start: int, words: str, candidates: tuple[GazetteerEntry, ...],
                       tables: Words) -> bool:
    """False for a one-word name that is a common noun after "the" ("the Centre", the
    government in Indian English; "the Capital"; "the Hospital") or a short abbreviation
    that names a division only as its code ("the SC order", "the MD of the company"),
    unless it names a country; a code still names its division after a comma or a
    capitalised word (a place before it) or a locative preposition ("in DC"); and a
    saint's name with a possessive after it ("St. Luke's", but "St. Petersburg's mayor":
    a city of ``WEIGHTS.trusted_town`` people stands)."""
    if (_SAINT.match(words) and possessive_at(text, start + len(words))
            and not any(e.feature == "city" and e.population >= WEIGHTS.trusted_town for e in candidates)):
        return False  # "St. Luke's": a hospital, a church or a school named after the saint
    if " " in words or any(e.feature == "country" for e in candidates):
        return True
    before = text[max(0, start - 24):start]
    if words.isalpha() and words.isupper() and len(words) <= 3:
        if not candidates or any(normalise(e.name) == normalise(words) for e in candidates):
            return True
        tail = before.rstrip()
        last = tail.rsplit(None, 1)[-1] if tail else ""
        return (tail.endswith(",") or after_preposition(text, start, tables)
                or (last.istitle() and last.isalpha() and last.casefold() not in ("the", "a", "an")))
    if not before.casefold().endswith("the ") or zipf(words.casefold()) < WEIGHTS.common_noun_zipf:
        return True
    span = doc.char_span(start, start + len(words))
    # (but "the Ohio legislature": the name qualifies the noun that "the" governs)
    return span is None or span.start == 0 or doc[span.start - 1].head.i != span.start


def find_mentions(analysis: Analysis, gaz: Gazetteer, tables: Words) -> tuple[list[Mention], Counter]:
    """Toponym mentions, in text order, and the demonyms' country votes."""
    doc, text = analysis.doc, analysis.article.text
    abbreviations = country_table().abbreviations
    found, titled = _find_names(doc, text, gaz, tables, abbreviations)
    abbreviation_keys = {normalise(a) for a in abbreviations}
    mentions: list[Mention] = []
    for (start, end), source in sorted(found.spans.items()):
        words = text[start:end]
        if _not_a_place_name(text, start, words, source, titled, tables):
            continue
        code = gaz.demonym(words)
        if code:
            found.votes[code] += 1
            continue
        key = normalise(words)
        if key in abbreviation_keys and words not in abbreviations:
            continue  # "Us" is no country, and no village either
        m = _mention(doc, text, gaz, tables, start, end, source, key, mentions)
        if m is not None:
            mentions.append(m)
    return mentions, found.votes


def _find_names(doc, text: str, gaz: Gazetteer, tables: Words, abbreviations: dict[str, str]) -> tuple[Found, set[str]]:
    """What the finders find, run in their order (see the module's docstring), and the
    names that follow a person's title (``titled_names``)."""
    found = entity_spans(doc, text, gaz, tables)
    spans = found.spans
    place_keys = {normalise(text[a:b]) for (a, b) in spans}
    relabel_entities(doc, text, gaz, tables, found, place_keys)
    add_untagged(doc, text, gaz, tables, found)
    add_gazetteer_names(doc, text, gaz, tables, found)
    force_spans(doc, text, gaz, tables, found)
    add_phrases(doc, text, found)
    add_names_in_organisations(doc, text, gaz, tables, found, place_keys)
    titled = titled_names(doc, gaz, tables)
    repeat_names(doc, text, spans, found.blocked, abbreviations, gaz, titled)
    whole_names(text, spans, gaz, tables)
    return found, titled


def _not_a_place_name(text: str, start: int, words: str, source: str, titled: set[str], tables: Words) -> bool:
    """A name in lower case (but one the gazetteer found: "kolkata: ..." in an article
    written in lower case), or a person's name the model took for a place ("Obama's town
    hall" where the article says "President Obama"; "in Lorenzo's honor" where it names
    Michael Lorenzo)."""
    if not any(c.isupper() for c in words) and source != "GAZETTEER":
        return True
    placed = after_preposition(text, start, tables) and not possessive_at(text, start + len(words))
    return words in titled and source in ("GPE", "LOC", "FAC", "REPEAT") and not placed


def _mention(doc, text: str, gaz: Gazetteer, tables: Words, start: int, end: int, source: str, key: str,
             mentions: list[Mention]) -> Mention | None:
    """The mention of the name at ``start:end`` found by ``source``, with its readings and
    hint, or None when it is no place: a postal code after a name with no reading in its
    state, a common noun or a code (``_stands_as_a_place``), or a name with no reading that
    no finder took for a place. ``mentions``: those before it."""
    words = text[start:end]
    first, _, rest = words.partition(" ")
    if (rest and first.casefold() in tables["part_words"] and rest.split()[-1].casefold() not in tables["street_words"] | tables["area_nouns"]
            and not gaz.candidates(words) and gaz.candidates(rest)):
        # "Northeast Georgia": the mention is Georgia
        start += len(first) + 1
        words, key = rest, normalise(rest)
    m = Mention(start, end, words, source, key=key, in_organisation=source == "ORG",
                lone_dateline=source == "DATELINE" and lone_dateline(text, end))
    state = postal_state(text, start, end)
    if state is not None:
        # "Birmingham, AL": Alabama, when the name before it has a reading there (not "Chennai, TN")
        town = mentions[-1] if mentions and text[mentions[-1].end:start].strip() == "," else None
        if town is None or not in_state(town.candidates, state):
            return None
    _read(m, gaz, tables, state)
    _hint(m, text, first, rest, tables)
    if m.hint is None and not _stands_as_a_place(doc, text, start, words, m.candidates, tables):
        return None
    if source == "FRAGMENT":  # "Kut e Abdollah" is no Kut: an unknown place
        m.candidates, m.others, m.respelled = (), (), False
    if m.candidates or source in PLACE_LABELS or source == "FRAGMENT":  # an unknown place may lie in a known one
        return m
    return None


def _read(m: Mention, gaz: Gazetteer, tables: Words, state: str | None) -> None:
    """Set the mention's readings in the gazetteer (``lookup``), its words' hint, and the
    towns GeoNames also calls by its name; a postal code reads only as its US state."""
    words = m.text
    m.candidates, m.hint, m.respelled = lookup(gaz, tables, state or words)
    if state is not None:  # never a town called Ål
        m.candidates = tuple(e for e in m.candidates if e.country == "USA" and e.feature == "admin1")
    if m.candidates and not m.respelled:
        m.others = gaz.other_names(words)
    if words.casefold() in tables["generic_divisions"]:  # "Southern": Malawi's "Southern Region" too
        m.candidates = tuple(dict.fromkeys(
            m.candidates + tuple(e for w in tables.ordered("division_words") for e in gaz.candidates(f"{words} {w}"))
        ))
    if m.source == "LIST":  # "Jackson and Barrow counties": the counties, not the towns
        m.hint = "admin"
        if not any(e.feature in ("admin1", "admin2", "admin3") for e in m.candidates):
            m.candidates = m.candidates + gaz.candidates(words + " County") + gaz.candidates(words + " Parish")


def _hint(m: Mention, text: str, first: str, rest: str, tables: Words) -> None:
    """Set the hint the words around the mention give: a division or a city word after it
    ("Anbar province", "Gaza City"), a word for a part of a town around it ("Guama
    neighbourhood", "Barangay Capihan"). ``first`` and ``rest``: the name's first word and
    the others, as found."""
    after = text[m.end:m.end + 16].split()
    if m.hint is None and after:
        word = after[0].strip(",.;:").casefold()
        if word in tables["admin_words"]:
            m.hint = "admin"
        elif word in tables["city_words"]:
            m.hint = "city"
    before = text[max(0, m.start - 12):m.start].split()
    if (after and after[0].strip(",.;:").casefold() in tables["quarter_words"]) or (
            before and before[-1].casefold() in tables["quarter_words"]) or (
            rest and first.casefold() in tables["quarter_words"]):  # "Colonia Buena Vista"
        m.hint = "quarter"  # "Guama neighbourhood", "Barangay Capihan": a part of a town
