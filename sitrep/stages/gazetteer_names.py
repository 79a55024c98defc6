"""Place names the model did not tag, found by the gazetteer and kept on the evidence around them.

The small spaCy model knows the world's big cities but misses many a town it has never
seen: "Residents of Patiala protested ..." tags nothing, "in Mendhar tehsil" tags a
language. ``untagged_names`` asks the gazetteer for every name it holds in the text (one
pass of an automaton: ``Gazetteer.names_in``) and keeps a name that no entity covers when
the evidence for it is strong enough. The evidence, each part a weight in ``WEIGHTS``:

- the words around it: a locative preposition before it ("in", "at", "near"), a noun for
  a place or its people before "of" ("residents of", "the village of"), a division or
  settlement word after it ("Mendhar tehsil", "Kalna town"), people after it ("Patiala
  residents"), a place of the article right after a comma, "of" or "in" ("Nawalpur of
  Sarlahi", a containment chain), or a dateline at the start of the text ("kolkata: ...");
- the place itself: the population of its likeliest reading (a division counts as large);
- what else the article names: a reading in a country the article's tagged places are in;
- and against it, how common the name is as an English word, from the word frequencies
  of ``wordfreq`` ("March", "Police" and "Union" are towns too, and far commoner as
  words), "the" right before it ("shots fired from the Durango"), and a capital letter
  that says nothing because the word opens a sentence.

A name that runs into a street's or a building's name ("the Gillis Street address") or
that only gives a direction ("Northeast") is never kept.

An article written all in lower case ("kolkata: police said ...") gives capitals no
weight: there the cues, the dateline and the population decide alone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from wordfreq import zipf_frequency

from ..resources.gazetteer import Gazetteer

#: Entity labels whose words a found name may take over: labels for numbers and times,
#: which the model gives to names it does not know ("in imphal last midnight").
OVERRIDABLE_LABELS = frozenset({"", "DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"})
#: Words before a name that put something in it.
LOCATIVE_WORDS = frozenset({
    "in", "at", "near", "from", "outside", "around", "across", "throughout", "into", "to", "toward",
    "towards", "via", "inside", "between", "under",
})
#: Nouns before "of" whose object is a place: "residents of X", "the village of X".
OF_NOUNS = frozenset({
    "residents", "resident", "people", "villagers", "inhabitants", "natives", "citizens", "youths",
    "town", "village", "city", "district", "province", "state", "region", "outskirts", "suburbs",
    "vicinity", "area", "municipality", "county", "capital", "centre", "center", "part", "parts",
    "villages", "towns", "districts", "provinces", "areas",
})
#: Words after a name that say it is a place: divisions, settlements and their parts.
PLACE_NOUNS_AFTER = frozenset({
    "district", "province", "state", "region", "county", "parish", "governorate", "municipality",
    "city", "town", "village", "villages", "area", "areas", "upazila", "upazilla", "tehsil", "taluka",
    "township", "woreda", "lga", "subdistrict", "sub-district", "division", "block", "mandal",
    "sadar", "bazar", "bazaar", "market", "neighbourhood", "neighborhood", "locality", "camp",
    "outskirts", "suburb", "border", "border", "police", "airport", "junction", "crossing", "bypass",
})
#: Nouns for people after a name, which make it their home: "Patiala residents".
PEOPLE_AFTER = frozenset({
    "residents", "resident", "villagers", "people", "natives", "locals", "man", "woman", "men",
    "women", "youth", "youths", "boy", "girl", "family", "families",
})
#: Words after a name that make it part of a street's or a building's name ("Gillis Street").
NAME_PART_AFTER = frozenset({
    "street", "st", "avenue", "ave", "road", "rd", "drive", "lane", "boulevard", "blvd", "highway",
    "way", "court", "place", "square", "park", "hall", "school", "college", "university", "hospital",
    "church", "center", "centre", "company", "inc", "corp", "hotel", "club", "restaurant", "bar",
})
#: Words that only give a direction: no name by themselves ("Northeast" of "Northeast Texas").
DIRECTION_WORDS = frozenset({
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "northeast", "northwest", "southeast", "southwest", "north-east", "north-west", "south-east",
    "south-west", "upper", "lower", "middle", "centre", "center",
})
#: Words between a name and a place of the article that put the one inside the other.
CHAIN_WORDS = frozenset({",", "of", "in", "under", "("})
_WORD_FORMS = ("'s", "’s")


@dataclass(frozen=True)
class Weights:
    """How much each kind of evidence counts for (or against) an untagged name."""

    #: a locative word before the name ("in X")
    locative: float = 2.0
    #: a place noun or the people of a place before "of" ("residents of X")
    of_place: float = 3.0
    #: a division or settlement word after the name ("X tehsil")
    place_noun_after: float = 3.0
    #: people after the name ("X residents")
    people_after: float = 2.0
    #: a place of the article next to it in a chain ("X of Y district", "X, Y")
    chain: float = 2.0
    #: the first words of the text, before a colon or a dash
    dateline: float = 3.0
    #: per power of ten of population above a thousand
    population: float = 0.7
    #: a reading in a country of the article's tagged places
    article_country: float = 1.0
    #: per point of Zipf word frequency above ``plain_word_zipf``
    word: float = 1.5
    plain_word_zipf: float = 2.5
    #: "the" or "a" right before the name: a town's name seldom takes one ("from the Durango")
    determiner: float = 2.0
    #: a capital letter that says nothing because it opens a sentence
    sentence_start: float = 2.0
    #: an article written in lower case, where no capital says anything
    lower_case_article: float = 1.0
    #: what the evidence must reach
    threshold: float = 2.0


WEIGHTS = Weights()
#: Population a division or a country counts as.
DIVISION_POPULATION = 1_000_000
#: Below this share of capitals among its letters, an article is taken as written in lower case.
LOWER_CASE_ARTICLE = 0.01


def _lower_case(text: str) -> bool:
    letters = sum(c.isalpha() for c in text[:5000])
    return letters > 40 and sum(c.isupper() for c in text[:5000]) < LOWER_CASE_ARTICLE * letters


def _longest(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest of overlapping spans, in text order."""
    kept: list[tuple[int, int]] = []
    for span in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if kept and span[0] < kept[-1][1]:
            continue
        kept.append(span)
    return kept


def _capitalised(words: str) -> bool:
    parts = words.replace("-", " ").split()
    return bool(parts) and parts[0][:1].isupper() and parts[-1][:1].isupper()


def _population(gaz: Gazetteer, words: str) -> int:
    best = 0
    for entry in gaz.candidates(words)[:10]:
        size = DIVISION_POPULATION if entry.feature in ("country", "region", "admin1", "admin2") else entry.population
        best = max(best, size or 0)
    return best


def untagged_names(doc, text: str, gaz: Gazetteer, places: dict[tuple[int, int], str],
                   taken: list[tuple[int, int]], weights: Weights = WEIGHTS) -> list[tuple[int, int]]:
    """Spans of place names no entity covers that the evidence around them makes places
    (see the module's docstring). ``places`` are the spans already found as places,
    ``taken`` the spans of other entities' names."""
    found = _longest(gaz.names_in(text))
    if not found:
        return []
    lower = _lower_case(text)
    covered = sorted(list(places) + taken)
    starts = {tok.idx: tok for tok in doc}
    countries = {e.country for (a, b) in places for e in gaz.candidates(text[a:b])[:1] if e.country}
    place_spans = sorted(places)
    kept = []
    for start, end in found:
        if any(a < end and start < b for a, b in covered):
            continue
        first = starts.get(start)
        if first is None:
            continue  # the name starts inside a word of the parse
        toks = [t for t in doc[first.i:] if t.idx < end]
        if any(t.ent_type_ not in OVERRIDABLE_LABELS for t in toks):
            continue
        words = text[start:end]
        if not lower and not _capitalised(words):
            continue
        if all(w in DIRECTION_WORDS for w in words.casefold().split()):
            continue
        score = _cues(doc, text, first, toks[-1], place_spans, weights)
        population = _population(gaz, words)
        if population > 1000:
            score += weights.population * (math.log10(population) - 3)
        if any(e.country in countries for e in gaz.candidates(words)[:10]):
            score += weights.article_country
        score -= weights.word * max(0.0, zipf_frequency(words.casefold(), "en") - weights.plain_word_zipf)
        if lower:
            score -= weights.lower_case_article
        elif first.is_sent_start or (first.i > 0 and first.nbor(-1).is_punct and first.nbor(-1).is_sent_start):
            score -= weights.sentence_start
        if score >= weights.threshold:
            kept.append((start, end))
    return kept


def _cues(doc, text: str, first, last, place_spans: list[tuple[int, int]], weights: Weights) -> float:
    """The weight of the words around a name (see ``Weights``)."""
    score = 0.0
    i = first.i - 1
    while i >= 0 and doc[i].lower_ in ("the", "northern", "southern", "eastern", "western", "central"):
        i -= 1
    before = doc[i] if i >= 0 else None
    if first.i > 0 and first.nbor(-1).lower_ in ("the", "a", "an"):
        score -= weights.determiner
        before = None  # "from the Durango": what the preposition governs is a thing
    if before is not None:
        if before.lower_ in LOCATIVE_WORDS:
            score += weights.locative
        elif before.lower_ == "of" and i > 0 and doc[i - 1].lower_ in OF_NOUNS:
            score += weights.of_place
    after = doc[last.i + 1] if last.i + 1 < len(doc) else None
    if after is not None and after.text in _WORD_FORMS:
        after = doc[after.i + 1] if after.i + 1 < len(doc) else None
    if after is not None:
        low = after.lower_
        if low in NAME_PART_AFTER and after.is_title:
            return -math.inf  # part of a street's or a building's name: "Gillis Street"
        if low in PLACE_NOUNS_AFTER:
            score += weights.place_noun_after
        elif low in PEOPLE_AFTER:
            score += weights.people_after
        elif low in CHAIN_WORDS:
            nxt = after.i + 1
            while nxt < len(doc) and doc[nxt].lower_ in ("the", "of"):
                nxt += 1
            if nxt < len(doc) and any(a <= doc[nxt].idx < b for a, b in place_spans):
                score += weights.chain
    if first.i == 0 or (first.idx < 80 and text[:first.idx].strip() == ""):
        tail = text[last.idx + len(last):last.idx + len(last) + 4].lstrip()
        if tail[:1] in (":", "—", "–", "-", "("):
            score += weights.dateline
    return score
