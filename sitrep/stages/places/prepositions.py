"""Names the model left untagged: runs of proper nouns right after a locative preposition
("a march in Bamako"), a comma or a bracket ("near Taramchuk, Donetsk", "(Chittorgarh,
Rajasthan)"), or a comma and "of" ("Rebecca Sears, 41, of Grovetown"), that the
gazetteer knows."""

from __future__ import annotations

from ...resources.gazetteer import Gazetteer
from .lookup import lookup
from .spans import Found, SpanIndex
from .words import PART_WORDS, PLACE_PREPS

def of_after_comma(tok) -> bool:
    """Is the token the "of" of ", of X" (where a person's home town follows their name or age)?"""
    return tok.lower_ == "of" and tok.i > 0 and tok.doc[tok.i - 1].text == ","


def untagged_after_preposition(doc) -> list[tuple[int, int]]:
    """Character spans of runs of untagged proper nouns right after a place preposition, or
    after a comma or parenthesis ("near Taramchuk, Donetsk", "(Chittorgarh, Rajasthan)")."""
    found = []
    n = len(doc)
    resume = 0
    # only the tokens after an opener are looked at (iterating is cheaper than indexing)
    for tok in doc:
        i = tok.i
        if i < resume or i + 1 >= n:
            continue
        low = tok.lower_
        if not (low in PLACE_PREPS or low in (",", "(") or (low == "of" and of_after_comma(tok))):
            continue
        if low in PLACE_PREPS and i + 2 < n and doc[i + 1].lower_ in PART_WORDS:
            i += 1  # "in central Van": the part of the place is no name
        j = i + 1
        while j < n and doc[j].pos_ == "PROPN" and not doc[j].ent_type_ and doc[j].is_title:
            j += 1
            if (j + 1 < n and doc[j].text in ("-", "–") and not doc[j - 1].whitespace_
                    and not doc[j].whitespace_ and doc[j + 1].is_title and not doc[j + 1].ent_type_):
                j += 1  # "Sud-Kivu": one name across the hyphen
        if j > i + 1:
            found.append((doc[i + 1].idx, doc[j - 1].idx + len(doc[j - 1])))
            resume = j
    return found


def add_untagged(doc, text: str, gaz: Gazetteer, found: Found) -> None:
    """Add each untagged run after a preposition that the gazetteer knows and no other
    entity covers."""
    blocking = SpanIndex(found.blocked)
    for span in untagged_after_preposition(doc):
        if span not in found.spans and not blocking.overlapping(span) and lookup(gaz, text[span[0]:span[1]])[0]:
            found.spans[span] = "GPE"
