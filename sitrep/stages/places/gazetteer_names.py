"""Place names the model did not tag, found by the gazetteer and kept on the evidence around them.

The small spaCy model knows the world's big cities but misses many a town it has never
seen: "Residents of Patiala protested ..." tags nothing, "in Mendhar tehsil" tags a
language. ``untagged_names`` asks the gazetteer for every name it holds in the text (its
runs of words looked up in a set: ``Gazetteer.names_in``) and keeps a name that no entity
covers when the evidence for it is strong enough. The evidence, each part an ``untagged_`` weight in
``weights.Weights``:

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
weight: there the cues, the dateline and the population decide alone. A dateline in
lower case counts in any article.
"""

from __future__ import annotations

import bisect
import math

from ...nlp import starts_of
from ...resources.gazetteer import Gazetteer
from ...resources.words import Words
from .spans import Found, SpanIndex
from .weights import WEIGHTS, Weights
from .words import OVERRIDABLE_LABELS, zipf

_WORD_FORMS = ("'s", "’s")


#: Population a division or a country counts as.
DIVISION_POPULATION = 1_000_000
#: Below this share of capitals among its letters, an article is taken as written in lower case.
LOWER_CASE_ARTICLE = 0.01


def _lower_case(text: str) -> bool:
    """Is the article written in lower case (fewer capitals than ``LOWER_CASE_ARTICLE`` of its letters)?"""
    sample = text[:5000]
    letters = sum(map(str.isalpha, sample))
    return letters > 40 and sum(map(str.isupper, sample)) < LOWER_CASE_ARTICLE * letters


def _longest(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest of overlapping spans, in text order."""
    kept: list[tuple[int, int]] = []
    for span in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if kept and span[0] < kept[-1][1]:
            continue
        kept.append(span)
    return kept


def _capitalised(words: str) -> bool:
    """Do a name's first and last words open with a capital ("Dera Ghazi Khan", "Foz do Iguacu")?"""
    parts = words.replace("-", " ").split()
    return bool(parts) and parts[0][:1].isupper() and parts[-1][:1].isupper()


def _population(gaz: Gazetteer, words: str) -> int:
    """The population of a name's largest reading, a division counting as ``DIVISION_POPULATION``."""
    best = 0
    for entry in gaz.candidates(words)[:10]:
        size = DIVISION_POPULATION if entry.feature in ("country", "region", "admin1", "admin2") else entry.population
        best = max(best, size or 0)
    return best


def untagged_names(doc, text: str, gaz: Gazetteer, tables: Words, places: dict[tuple[int, int], str],
                   taken: list[tuple[int, int]], weights: Weights = WEIGHTS) -> list[tuple[int, int]]:
    """Spans of place names no entity covers that the evidence around them makes places
    (see the module's docstring). ``places`` are the spans already found as places,
    ``taken`` the spans of other entities' names."""
    found = _longest(gaz.names_in(text))
    if not found:
        return []
    lower = _lower_case(text)
    covered = SpanIndex(list(places) + list(taken))
    countries = {e.country for (a, b) in places for e in gaz.candidates(text[a:b])[:1] if e.country}
    place_spans = SpanIndex(places)
    kept = []
    for start, end in found:
        if covered.overlapping((start, end)):
            continue
        name = _name_tokens(doc, text, start, end, lower, tables)
        if name is None:
            continue
        first, last = name
        score = _cues(doc, text, first, last, place_spans, tables, weights)
        score = _with_place_evidence(score, gaz, text[start:end], countries, weights)
        score -= _case_evidence(first, lower, weights)
        if score >= weights.untagged_threshold:
            kept.append((start, end))
    return kept


def _name_tokens(doc, text: str, start: int, end: int, lower: bool, tables: Words):
    """The first and last tokens of the name at ``start:end`` when it may be a place: written
    with capitals (unless the article is in lower case or the name opens a dateline), not
    only words like "north", whole words of the parse, and no entity that a place may not
    replace; else None."""
    words = text[start:end]
    if not lower and not _capitalised(words) and not _at_dateline(text, start, end):
        return None  # (a dateline may be in lower case in any article: "kolkata: ...")
    if all(w in tables["part_words"] for w in words.casefold().split()):
        return None
    offsets = starts_of(doc)
    i, j = bisect.bisect_left(offsets, start), bisect.bisect_left(offsets, end)
    if i == len(offsets) or offsets[i] != start or j <= i:
        return None  # the name starts inside a word of the parse
    if any(t.ent_type_ not in OVERRIDABLE_LABELS for t in doc[i:j]):
        return None
    return doc[i], doc[j - 1]


def _with_place_evidence(score: float, gaz: Gazetteer, words: str, countries: set[str], weights: Weights) -> float:
    """``score`` with the weight of the place itself and of the article's countries, less
    how common the name is as a word (added to ``score`` one by one, in this order)."""
    population = _population(gaz, words)
    if population > 1000:
        score += weights.untagged_population * (math.log10(population) - 3)
    if any(e.country in countries for e in gaz.candidates(words)[:10]):
        score += weights.untagged_article_country
    return score - weights.untagged_word * max(0.0, zipf(words.casefold()) - weights.untagged_plain_word_zipf)


def _case_evidence(first, lower: bool, weights: Weights) -> float:
    """What the name's capital letter fails to say: everything in an article written in
    lower case, nothing much when the name opens a sentence."""
    if lower:
        return weights.untagged_lower_case_article
    if first.is_sent_start or (first.i > 0 and first.nbor(-1).is_punct and first.nbor(-1).is_sent_start):
        return weights.untagged_sentence_start
    return 0.0


def _cues(doc, text: str, first, last, place_spans: SpanIndex, tables: Words, weights: Weights) -> float:
    """The weight of the words around a name (see ``Weights``)."""
    score = _cues_before(doc, first, last, tables, weights)
    after = _cues_after(doc, last, place_spans, tables, weights)
    if after == -math.inf:
        return after  # part of a street's or a building's name: "Gillis Street"
    score += after
    if _at_dateline(text, first.idx, last.idx + len(last)):
        score += weights.untagged_dateline
    return score


def _cues_before(doc, first, last, tables: Words, weights: Weights) -> float:
    """The weight of the words before a name: an article ("from the Durango") or "the" that
    qualifies it, a locative preposition ("in", "near"), a place noun and "of" ("residents of")."""
    score = 0.0
    i = first.i - 1
    while i >= 0 and doc[i].lower_ in ("the", "northern", "southern", "eastern", "western", "central"):
        i -= 1
    before = doc[i] if i >= 0 else None
    if first.i > 0 and first.nbor(-1).lower_ in ("the", "a", "an") and first.nbor(-1).head.i <= last.i:
        # "from the Durango": what the preposition governs is a thing (but in "the Haryana
        # Roadways staff" the article is the noun's after the name, which the name qualifies)
        score -= weights.untagged_determiner
        before = None
    elif first.i > 0 and first.nbor(-1).lower_ == "the":
        score += weights.untagged_qualifier
    if before is None:
        return score
    if before.lower_ in tables["locative_words"]:
        score += weights.untagged_locative
    elif before.lower_ == "of" and i > 0 and doc[i - 1].lower_ in tables["of_nouns"]:
        score += weights.untagged_of_place
    return score


def _cues_after(doc, last, place_spans: SpanIndex, tables: Words, weights: Weights) -> float:
    """The weight of the word after a name (past "'s"): -inf for a street's or a building's
    name ("Gillis Street"), a division or settlement word ("Mendhar tehsil"), people
    ("Patiala residents"), or a place of the article after a chain word ("Nawalpur of Sarlahi")."""
    after = doc[last.i + 1] if last.i + 1 < len(doc) else None
    if after is not None and after.text in _WORD_FORMS:
        after = doc[after.i + 1] if after.i + 1 < len(doc) else None
    if after is None:
        return 0.0
    low = after.lower_
    if low in tables["name_part_after"] and after.is_title:
        return -math.inf
    if low in tables["place_nouns_after"]:
        return weights.untagged_place_noun_after
    if low in tables["people_after"]:
        return weights.untagged_people_after
    if low in tables["chain_words"] and _place_follows(doc, after, place_spans):
        return weights.untagged_chain
    return 0.0


def _place_follows(doc, after, place_spans: SpanIndex) -> bool:
    """Does a place of the article follow the chain word ``after``, past "the" and "of"?"""
    nxt = after.i + 1
    while nxt < len(doc) and doc[nxt].lower_ in ("the", "of"):
        nxt += 1
    return nxt < len(doc) and bool(place_spans.overlapping((doc[nxt].idx, doc[nxt].idx + 1)))


def _at_dateline(text: str, start: int, end: int) -> bool:
    """Does the name at ``start:end`` open the text, before a colon, a dash or a bracket
    ("kolkata: ...")?"""
    if start >= 80 or text[:start].strip():
        return False
    return text[end:end + 4].lstrip()[:1] in (":", "—", "–", "-", "(")


def _opens_a_name(text: str, start: int, end: int) -> bool:
    """Does the place at ``start:end`` open a longer name after "the" ("the Rapides Parish
    Fire District", "the Haryana Roadways staff")? Then it is an organisation's place."""
    before = text[max(0, start - 4):start]
    after = text[end:end + 2]
    return before.casefold() == "the " and len(after) == 2 and after[0] == " " and after[1].isupper()


def add_gazetteer_names(doc, text: str, gaz: Gazetteer, tables: Words, found: Found) -> None:
    """Add each name no entity covers that ``untagged_names`` keeps, as found by the
    gazetteer, or as an organisation's place when it opens a longer name."""
    for start, end in untagged_names(doc, text, gaz, tables, found.spans, found.blocked):
        found.spans.setdefault((start, end), "ORG" if _opens_a_name(text, start, end) else "GAZETTEER")
