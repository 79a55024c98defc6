"""Names from spaCy's entities: its places (GPE, LOC, FAC), split where the model ran a
chain into one ("Nis, Serbia"); demonyms' country votes ("Iraqi", but not "Turkish
forces"); and the entities it tagged as a person, organisation or nationality that the
words around them make a place ("in Erbil", "the town of Idleb", "Kagara (Rafi LGA,
Niger)", "the teaching hospital of Thessaloniki")."""

from __future__ import annotations

import re

from ...nlp import entities_of, tokens_of
from ...resources.gazetteer import Gazetteer, GazetteerEntry, normalise
from ...resources.words import Words
from .lookup import lookup
from .persons import possessive_at
from .prepositions import of_after_comma
from .spans import Found, trim
from .weights import WEIGHTS, Weights
from .whole_names import known_run_on
from .words import BLOCKING_LABELS, PLACE_LABELS, RELABELLED, zipf

_CONTAINER_AFTER = re.compile(r"\s*(?:,|\()\s*[A-Z]")
#: A person's age after the name: "Amador, 15,".
_AGE_AFTER = re.compile(r",\s*\d{1,3}\b")
_GLOSS_MARK = re.compile(r"[(,]| in | and ")
_PART_SPLIT = re.compile(r"\s*[(),]\s*|\s+(?:in|and)\s+")


def _comma_parts(text: str, start: int, end: int, gaz: Gazetteer, tables: Words) -> list[tuple[int, int]]:
    """A place entity, or its parts when the model ran a chain into one ("Nis, Serbia")."""
    if "," not in text[start:end] or gaz.candidates(text[start:end]):
        return [(start, end)]
    parts = []
    pos = start
    for piece in text[start:end].split(","):
        a, b = trim(text, pos + len(piece) - len(piece.lstrip()), pos + len(piece))
        if b > a and text[a].isupper():
            parts.append((a, b))
        pos += len(piece) + 1
    return parts or [(start, end)]


def _names_armed_outsiders(ent, tables: Words) -> bool:
    """Is a demonym the nationality of armed forces ("Saudi-led coalition", "Turkish
    forces", "Israeli jets")? Such forces act abroad, so it says nothing of where."""
    toks = tokens_of(ent.doc)
    after = toks[ent.end:ent.end + 2]
    if len(after) == 2 and after[0].text in ("-", "–") and after[1].lower_ == "led":
        return True
    heads = [ent.root.head] if ent.root.head is not ent.root else []
    heads += [t for t in toks[ent.end:ent.end + 2] if t.pos_ in ("NOUN", "PROPN")][:1]
    return any(h.lower_ in tables["armed_nouns"] for h in heads)


def _placed_by_context(ent, tables: Words) -> bool:
    """Do the words around an entity say it names a place ("in X", "X province", "X County")?"""
    toks = tokens_of(ent.doc)
    last = ent[-1].lower_
    if len(ent) > 1 and last in tables["admin_words"] | tables["city_words"]:
        return True
    if ent.end < len(toks) and toks[ent.end].lower_ in tables["admin_words"] | tables["city_words"]:
        return True
    if ent.end < len(toks) and toks[ent.end].lower_ in tables["resident_nouns"] and len(ent) <= 3:
        return True
    before = toks[ent.start - 1] if ent.start > 0 else None
    if before is not None and before.lower_ in ("the", "a", "an") and ent.start > 1:
        before = toks[ent.start - 2]
    if before is not None and before.lower_ in tables["part_words"] and before.i > 0:
        before = toks[before.i - 1]  # "in central Thessaloniki"
    if before is not None and of_after_comma(before):
        return len(ent) <= 3  # "Rebecca Sears, 41, of Grovetown"
    if before is not None and len(ent) <= 4 and _in_gloss(toks, before):
        return True  # "Kagara (Rafi LGA, Niger)"
    if before is not None and before.lower_ == "of" and before.i > 0 and toks[before.i - 1].lower_ in tables["of_place_nouns"]:
        return len(ent) <= 4  # "the town of Idleb"
    if before is None or before.lower_ not in tables["place_preps"]:
        return False
    # "in Leon de los Aldama, Guanajuato": a longer name when a comma and its container follow
    return len(ent) <= 3 or (len(ent) <= 6 and ent.end < len(toks) and toks[ent.end].text == ",")


def _in_gloss(toks, before) -> bool:
    """Is ``before`` the bracket or comma of a gloss in brackets: "X (Y", "X (Y, Z"?"""
    if before.text in ("(", "["):
        return True
    if before.text != ",":
        return False
    for j in range(before.i - 1, max(-1, before.i - 12), -1):
        if toks[j].text in (")", "]", ".", ";"):
            return False
        if toks[j].text in ("(", "["):
            return True
    return False


def _in_place_position(ent) -> bool:
    """After "of" or a bracket, or at the end of a comma chain ("district center, Herat."),
    not a clause's subject after a comma ("the White House, Lincoln visited")."""
    toks = tokens_of(ent.doc)
    before = toks[ent.start - 1].lower_ if ent.start > 0 else ""
    after = toks[ent.end].text if ent.end < len(toks) else "."
    return before in ("of", "(") or (before == "," and after in (".", ",", ")", ";", ":"))


def _one_word_reading(gaz: Gazetteer, tables: Words, words: str) -> GazetteerEntry | None:
    """The likeliest reading of ``words`` when it is one capitalised word that is no
    generic division's name (not "NICE", a programme's acronym, nor "Central", a school)."""
    if " " in words or not words.istitle() or words.casefold() in tables["generic_divisions"]:
        return None
    top = gaz.candidates(words)[:1]
    return top[0] if top else None


def _big_place(gaz: Gazetteer, tables: Words, words: str) -> bool:
    """Is ``words`` one word that names a country, a first-level division or a city of
    ``WEIGHTS.trusted_town`` people or more? After "of", a comma or a bracket, such a word is the
    place even where the model took it for an organisation ("the teaching hospital of
    Thessaloniki", "Ghoryan district center, Herat"); elsewhere it may be a company or a
    team ("a Toyota Corolla", "Central defeated McLean County")."""
    top = _one_word_reading(gaz, tables, words)
    return top is not None and (top.feature in ("country", "admin1")
                                or (top.feature == "city" and top.population >= WEIGHTS.trusted_town))


def _rare_big_place(gaz: Gazetteer, tables: Words, words: str, weights: Weights = WEIGHTS) -> bool:
    """Is ``words`` one word that English seldom uses (below ``weights.rare_name_zipf`` in
    ``wordfreq``) and whose likeliest reading is a city or a division of
    ``weights.trusted_town`` people or more? The small model takes many a city it has not
    seen for a person ("leaving Jalandhar") or an organisation; a person's or a company's
    name that is also a big city's is most often a common English word ("Jackson",
    "Lincoln")."""
    top = _one_word_reading(gaz, tables, words)
    if top is None or top.feature not in ("city", "admin1", "admin2") or top.population < weights.trusted_town:
        return False  # (a division's population is its towns')
    return zipf(words.casefold()) < weights.rare_name_zipf


def _after_a_place(text: str, start: int, spans: dict[tuple[int, int], str]) -> bool:
    """Does the name follow a place and a comma ("Leon de los Aldama, Guanajuato")?"""
    gap = text[max(0, start - 3):start]
    if not gap.rstrip().endswith(","):
        return False
    comma = start - len(gap) + gap.rstrip().rindex(",")
    return any(end == comma for (_, end) in spans)


def _glossed_parts(text: str, start: int, end: int, gaz: Gazetteer, tables: Words) -> list[tuple[int, int]]:
    """The places in an "organisation" that is a name and its gloss run together.

    The model tags "Setharja town (Khairpur, Sindh" or "Civil Hospital, Ludhiana" as one
    organisation. The parts after a bracket or comma that the gazetteer knows are places,
    and so is the first part when a later one is.
    """
    parts: list[tuple[int, int]] = []
    pos = start
    for sep in list(_PART_SPLIT.finditer(text, start, end)) + [None]:
        a, b = pos, (sep.start() if sep else end)
        a, b = trim(text, a, b)
        if b > a and text[a].isupper():
            parts.append((a, b))
        if sep:
            pos = sep.end()
    known = [(i, p) for i, p in enumerate(parts) if lookup(gaz, tables, text[p[0]:p[1]])[0]]
    if any(i > 0 for i, _ in known):
        return [p for _, p in known]
    return []


def entity_spans(doc, text: str, gaz: Gazetteer, tables: Words) -> Found:
    """The model's places, its other entities as blocked spans, and the demonyms' votes."""
    found = Found()
    for ent in entities_of(doc):
        if ent.label_ in PLACE_LABELS:
            start, end = trim(text, ent.start_char, ent.end_char)
            if end > start:
                for part in _comma_parts(text, start, end, gaz, tables):
                    found.spans[part] = ent.label_
        elif ent.label_ in BLOCKING_LABELS:
            if ent.label_ == "NORP":
                code = gaz.demonym(ent.text)
                if code and not _names_armed_outsiders(ent, tables):
                    found.votes[code] += 1
            found.blocked.append((ent.start_char, ent.end_char))
            found.org_exact.add(trim(text, ent.start_char, ent.end_char))
    return found


def relabel_entities(doc, text: str, gaz: Gazetteer, tables: Words, found: Found, place_keys: set[str]) -> None:
    """A name the model tags as a place somewhere in the article (``place_keys``) is a
    place wherever it stands alone, even where the model took it for a person or an
    organisation. So is a name the gazetteer knows where the words around it say it is a
    place: "in Erbil", "from Rapides Parish", "Erbil province"."""
    spans, blocked = found.spans, found.blocked
    people = {t.text for ent in entities_of(doc) if ent.label_ == "PERSON" for t in ent}
    full_names = {t.text for ent in entities_of(doc) if ent.label_ == "PERSON" and len(ent) > 1 for t in ent}
    for ent in entities_of(doc):
        if ent.label_ in RELABELLED and not (ent.label_ == "NORP" and gaz.demonym(ent.text)):
            span = trim(text, ent.start_char, ent.end_char)
            words = text[span[0]:span[1]]
            placed = (_placed_by_context(ent, tables) or _after_a_place(text, span[0], spans)
                      or (ent.label_ == "ORG" and _in_place_position(ent) and words not in people
                          and _big_place(gaz, tables, words))
                      or (ent.label_ in ("PERSON", "ORG") and len(ent) == 1 and words not in full_names
                          and not _AGE_AFTER.match(text, span[1]) and _rare_big_place(gaz, tables, words)))
            if ent.label_ == "PERSON" and words in full_names and possessive_at(text, span[1]):
                placed = False  # "in Lorenzo's honor" in an article that names Michael Lorenzo
            longer = known_run_on(text, span, gaz, tables) if placed else None
            if longer is not None and not lookup(gaz, tables, words)[0]:
                # "the town of Kafr Qaddum": the model tagged "Kafr" alone
                spans[longer] = "GPE"
                blocked.remove((ent.start_char, ent.end_char))
            elif normalise(words) in place_keys or (placed and lookup(gaz, tables, words)[0]):
                spans[span] = "GPE"
                blocked.remove((ent.start_char, ent.end_char))
                if span[1] < ent.end_char and _GLOSS_MARK.search(ent.text):
                    # "Tome (Biobio": the gloss the model ran into the name is a place too
                    parts = _glossed_parts(text, ent.start_char, ent.end_char, gaz, tables)
                    spans.update((part, "GPE") for part in parts if part[0] >= span[1])
            elif placed and _CONTAINER_AFTER.match(text, span[1]):
                # "in Catole do Rocha, Paraiba": a place the gazetteer lacks, kept so that
                # the container after it can stand for it
                spans[span] = "GPE"
                blocked.remove((ent.start_char, ent.end_char))
            elif _GLOSS_MARK.search(ent.text):
                parts = _glossed_parts(text, ent.start_char, ent.end_char, gaz, tables)
                if parts:
                    spans.update((part, "GPE") for part in parts)
                    blocked.remove((ent.start_char, ent.end_char))
