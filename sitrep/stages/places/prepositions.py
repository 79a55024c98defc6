"""Names the model left untagged: runs of proper nouns right after a locative preposition
("a march in Bamako"), a comma or a bracket ("near Taramchuk, Donetsk", "(Chittorgarh,
Rajasthan)"), or a comma and "of" ("Rebecca Sears, 41, of Grovetown"), that the
gazetteer knows."""

from __future__ import annotations

from ...nlp import lowers_of, pos_of, tokens_of, words_of
from ...resources.gazetteer import Gazetteer
from .lookup import lookup
from .spans import Found, SpanIndex
from .words import PART_WORDS, PLACE_PREPS


def of_after_comma(tok) -> bool:
    """Is the token the "of" of ", of X" (where a person's home town follows their name or age)?"""
    return tok.lower_ == "of" and tok.i > 0 and words_of(tok.doc)[tok.i - 1] == ","


def untagged_after_preposition(doc) -> list[tuple[int, int]]:
    """Character spans of runs of untagged proper nouns right after a place preposition, or
    after a comma or parenthesis ("near Taramchuk, Donetsk", "(Chittorgarh, Rajasthan)")."""
    found = []
    toks, lowers, words, pos = tokens_of(doc), lowers_of(doc), words_of(doc), pos_of(doc)
    n = len(toks)
    resume = 0
    for i, low in enumerate(lowers):
        if i < resume or i + 1 >= n:
            continue
        if not (low in PLACE_PREPS or low in (",", "(") or (low == "of" and i > 0 and words[i - 1] == ",")):
            continue
        if low in PLACE_PREPS and i + 2 < n and lowers[i + 1] in PART_WORDS:
            i += 1  # "in central Van": the part of the place is no name
        j = i + 1
        while j < n and pos[j] == "PROPN" and not toks[j].ent_type_ and toks[j].is_title:
            j += 1
            if (j + 1 < n and words[j] in ("-", "–") and not toks[j - 1].whitespace_
                    and not toks[j].whitespace_ and toks[j + 1].is_title and not toks[j + 1].ent_type_):
                j += 1  # "Sud-Kivu": one name across the hyphen
        if j > i + 1:
            found.append((toks[i + 1].idx, toks[j - 1].idx + len(toks[j - 1])))
            resume = j
    return found


def add_untagged(doc, text: str, gaz: Gazetteer, found: Found) -> None:
    """Add each untagged run after a preposition that the gazetteer knows and no other
    entity covers."""
    blocking = SpanIndex(found.blocked)
    for span in untagged_after_preposition(doc):
        if span not in found.spans and not blocking.overlapping(span) and lookup(gaz, text[span[0]:span[1]])[0]:
            found.spans[span] = "GPE"
