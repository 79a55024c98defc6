"""People's names that are also places' names: a name after a person's title ("coach
Ripley", "President Obama") or the surname of someone the article names in full ("Dr.
Karen Fairfield") is that person's there, unless a preposition places it ("in Ripley",
but not "in Lorenzo's honor")."""

from __future__ import annotations

import re

from ...nlp import entities_of, lowers_of, pos_of, tokens_of
from ...resources.gazetteer import Gazetteer
from ...resources.words import Words

#: Marks a name's word may hold between its letters ("O'Neal", "D’Andre").
_NAME_MARKS = re.compile(r"(?<=\w)['’](?=\w)")


def after_preposition(text: str, start: int, tables: Words) -> bool:
    """Does a locative preposition stand right before ``start`` ("in Ripley")?"""
    before = text[max(0, start - 12):start].split()
    return bool(before) and before[-1].casefold() in tables["place_preps"]


def possessive_at(text: str, end: int) -> bool:
    """Does a possessive follow the name ending at ``end`` ("Lorenzo's honor")? After a
    preposition, the preposition then governs the noun that follows, not the name."""
    return text[end:end + 2] in ("'s", "’s")


def titled_names(doc, gaz: Gazetteer, tables: Words) -> set[str]:
    """Names that follow a person's title somewhere in the article ("coach Ripley"), and
    the words of people's full names in it ("Tyrise M. Bell", "Nadia Moayyad"): alone,
    elsewhere in the article, they name those people."""
    found: set[str] = set()
    toks, lowers, pos = tokens_of(doc), lowers_of(doc), pos_of(doc)
    for i in range(1, len(toks)):
        if pos[i] == "PROPN" and lowers[i - 1].rstrip(".") in tables["title_words"] and toks[i].is_title:
            found.add(toks[i].text)
    for ent in entities_of(doc):
        if ent.label_ != "PERSON" or not 2 <= len(ent) <= 3:
            continue
        words = [t for t in ent if _NAME_MARKS.sub("", t.text.rstrip(".")).isalpha()]
        if not words:
            continue  # digits and punctuation the model took for a name
        if not all(t.is_title for t in words) or any(t.lower_ in tables["person_name_not"] for t in words):
            continue  # "Sittwe District", "Rakhine State": places the model took for people
        if gaz.candidates(ent.text):
            continue
        surname = words[-1].text
        if len(surname) > 2 and not any(e.feature in ("country", "region", "admin1") for e in gaz.candidates(surname)):
            found.add(surname)  # (a country's or a state's name is no surname: "ambassador to Egypt Dan Kurtzer")
    return found
