"""Spans that the words around them make places whatever the model made of them: names
listed before a plural division word ("Jackson and Barrow counties"), an all-capitals
dateline ("MANSFIELD —", "BEIRUT: ..."), a US politician's home after the party letter
("Armond Budish, D-Beachwood"), and both ends of a route ("the Sidon-Tyre highway")."""

from __future__ import annotations

import re

from ...nlp import lowers_of, text_of, tokens_of
from ...resources.gazetteer import Gazetteer
from ...resources.words import Words
from .phrases import in_state, postal_state
from .spans import Found, overlaps
from .weights import WEIGHTS
from .words import zipf

#: An all-capitals dateline at the start of the text or of a paragraph or sentence near it:
#: "MANSFIELD — ...", "HUDSON -- ...", "BEIRUT (AP) - ...". Group 1 is the place name.
_CAPS_DATELINE_NAME = r"(?:^|(?<=[.!?]\s)|(?<=\n))([A-Z][A-Z'\-]+(?: [A-Z][A-Z'\-]+){0,3})"
#: What follows a dateline's place name: a state or country after a comma (", Ohio"), an
#: agency in brackets ("(AP)"), then a dash or a colon.
DATELINE_TAIL = r"(?:,\s*[A-Z][A-Za-z.' ]{1,30}?)?\s*(?:\([A-Za-z0-9 ,.]{2,30}\)\s*)?(?:—|–|-{1,2}|:)\s"
_CAPS_DATELINE = re.compile(rf"{_CAPS_DATELINE_NAME}(?={DATELINE_TAIL})")
#: How far into the text a dateline may stand (after a headline).
DATELINE_WINDOW = 400
#: A US politician's party and home after their name: "Sen. Byron Dorgan, D-N.D.",
#: "Armond Budish, D-Beachwood", "state Sen. Tom Jensen, R-London".
_PARTY_HOME = re.compile(r"(?<=, )[DRI]-([A-Z][A-Za-z.']*(?: [A-Z][A-Za-z.']*)?)(?=[,;)]|\.(?:\s|$))")
#: "the Sidon-Tyr highway", "the Damboa - Maiduguri road": a route named by its two ends,
#: each a place whatever the model made of the pair.
_ROUTE = re.compile(
    r"\b([A-Z][\w'’]+(?: [A-Z][\w'’]+)?) ?[-–] ?([A-Z][\w'’]+(?: [A-Z][\w'’]+)?)"
    r"(?= (?:road|highway|motorway|expressway|route|railway|railroad|axis|corridor|pipeline)\b)"
)


def caps_datelines(text: str) -> list[tuple[int, int]]:
    """Spans of all-capitals datelines near the start of the text ("MANSFIELD —"). A
    common English word before a colon is a label, not a dateline ("DATE: April 13")."""
    return [m.span(1) for m in _CAPS_DATELINE.finditer(text[:DATELINE_WINDOW]) if len(m.group(1)) >= 3
            and not (text[m.end(1):m.end(1) + 1] == ":" and zipf(m.group(1).casefold()) >= WEIGHTS.common_noun_zipf)]


def lone_dateline(text: str, end: int) -> bool:
    """Does the dateline that ends at ``end`` name its town alone, with no state or country
    after a comma ("MIAMI — ...", not "X, Y — ...")?"""
    return not text[end:end + 3].lstrip().startswith(",")


def list_before_admin_word(doc, tables: Words) -> list[tuple[int, int]]:
    """Character spans of the names in "Jackson and Barrow counties", "Clarke, Madison and Oconee counties"."""
    found: list[tuple[int, int]] = []
    lowered = text_of(doc).casefold()
    if not any(word in lowered for word in tables["list_admin_words"]):
        return found
    lowers = lowers_of(doc)
    toks = tokens_of(doc)
    for i, low in enumerate(lowers):
        if low not in tables["list_admin_words"] or i == 0:
            continue
        j = i - 1
        names: list[tuple[int, int]] = []
        while j >= 0:
            k = j
            while k >= 0 and toks[k].pos_ == "PROPN" and toks[k].is_title:
                k -= 1
            if k == j:
                break
            names.append((toks[k + 1].idx, toks[j].idx + len(toks[j])))
            if k >= 0 and toks[k].lower_ in (",", "and", "or", "&"):
                j = k - 1
                if j >= 0 and toks[j].text == "," and toks[k].lower_ != ",":
                    j -= 1  # "Clarke, Madison, and Oconee"
                continue
            break
        if len(names) >= 2:
            found.extend(names)
    return found


#: A US state's postal code after a name and its comma: "Birmingham, AL".
_POSTAL = re.compile(r"((?:[A-Z][\w.'-]*\s){0,2}[A-Z][\w.'-]*)\s*,\s*([A-Z]{2})\b")


def towns_before_postal_codes(text: str, gaz: Gazetteer) -> list[tuple[int, int]]:
    """The town before a US state's postal code ("Birmingham, AL", "Port St. Lucie, FL"),
    and the code: the longest of the one to three capitalised words before the comma
    that has a reading in that state, whatever the model made of them (in "WBRC FOX6
    News - Birmingham, AL" it reads a person, and "AL" and the next line's first word an
    organisation)."""
    found = []
    for m in _POSTAL.finditer(text):
        state = postal_state(text, m.start(2), m.end(2))
        if state is None:
            continue
        words = list(re.finditer(r"[A-Z][\w.'-]*", m.group(1)))
        for first in words:
            start, end = m.start(1) + first.start(), m.end(1)
            if in_state(gaz.candidates(text[start:end]), state):
                found += [(start, end), m.span(2)]
                break
    return found


def force_spans(doc, text: str, gaz: Gazetteer, tables: Words, found: Found) -> None:
    """Names listed before a plural division word are divisions, and an all-capitals
    dateline, a politician's home, a route's ends and a town before a state's postal code
    are places, whatever the model made of them: each such span the gazetteer knows
    replaces what overlaps it."""
    forced = [(span, "LIST") for span in list_before_admin_word(doc, tables)]
    forced += [(span, "DATELINE") for span in caps_datelines(text)]
    forced += [(m.span(1), "HOME") for m in _PARTY_HOME.finditer(text)]
    forced += [(span, "ROUTE") for m in _ROUTE.finditer(text) for span in (m.span(1), m.span(2))]
    forced += [(span, "TOWN") for span in towns_before_postal_codes(text, gaz)]
    for span, source in forced:
        if gaz.candidates(text[span[0]:span[1]]):
            for s in [s for s in found.spans if overlaps(s, span)]:
                del found.spans[s]
            found.blocked = [b for b in found.blocked if not overlaps(b, span)]
            found.spans[span] = source
