"""Containment chains: which mention the text puts inside which ("Alexandria, Louisiana",
"the Hit district of Anbar", "Kagara (Rafi LGA, Niger)", "Oba town in Anambra", "Karma
in Anbar"), and comma lists that are no chain ("Aleppo, Idlib and Hama")."""

from __future__ import annotations

import re

from .mentions import Mention
from .weights import WEIGHTS

_CONTAIN_GAP = re.compile(r"^\s*,\s*$")
#: "Garabulli (Almargeb)", "Kagara (Rafi LGA, Niger)": a gloss in brackets names the container.
_PAREN_GAP = re.compile(r"^\s*[(\[]\s*$")
#: "Chatsworth (eThekwini, KwaZulu-Natal)": a gloss whose first part is no known name still
#: names the outer container after its comma
_PAREN_SKIP_GAP = re.compile(r"^\s*[(\[]\s*[^()\[\],.;]{1,40}?,\s*$")
#: What follows the last name of a list: "Aleppo, Idlib and Hama" is three places, not a chain.
_LIST_TAIL = re.compile(r"^\s*,?\s*(?:and|or|&)\s+(?:the\s+)?[A-Z]")
_OF_GAP = re.compile(r"^\s+(?:district|province|governorate|county|region|area|state)\s+of\s+(?:the\s+)?$", re.I)
_PART_OF = (
    r"(?:north|south|east|west|northern|southern|eastern|western|central|north-?eastern|north-?western"
    r"|south-?eastern|south-?western|northeast|northwest|southeast|southwest)"
)
#: "Ghaydah in Kirkuk", "Karama in eastern Raqqa": in the next place, unless the first
#: is sure to lie elsewhere ("troops from Texas in Iraq").
_IN_GAP = re.compile(rf"^\s+in\s+(?:{_PART_OF}\s+)?$", re.I)
_GENERIC_PLACE = (
    r"(?:town|village|city|area|district|sub-?district|county|sub-?county|municipality|province|governorate"
    r"|region|sector|camp|neighbou?rhood|quarter|locality|commune|department|state|lga|upazila|tehsil|taluka"
    r"|township|woreda|refugee camp|island"
    # sites: "Al Birayn checkpoint (Sabir al Mawadim, Taizz)", "Al Watiyah airbase (An Nuqat al Khams)"
    r"|checkpoint|check point|airbase|air base|military base|base|airport|market|roundabout|junction"
    r"|crossing|bridge|hospital|frontline|front|mountain|hill|valley|oil field|oilfield)"
)
#: "Oba town in Anambra", "Salar area (Murshidabad", "Chora district, Urozgan", "Kelly in
#: the northern countryside of Idleb", "Mansura city in Raqqa": the first lies in the second.
_WITHIN_GAP = re.compile(
    rf"^\s+(?:{_GENERIC_PLACE}\s*(?:,|[(\[](?:\s*[^()\[\],.;]{{1,40}}?,)?|\s(?:in|of)\s+(?:the\s+)?(?:{_PART_OF}\s+)?)"
    rf"|(?:{_GENERIC_PLACE}\s+)?in\s+(?:the\s+)?(?:{_PART_OF}\s+)?"
    rf"(?:countryside|outskirts|suburbs|vicinity|outskirt|part|parts)\s+of\s+(?:the\s+)?)\s*$",
    re.I,
)
#: "Hamirpur village near Rapar town": by the next place, so most likely in its province.
_NEAR_GAP = re.compile(rf"^\s+(?:{_GENERIC_PLACE}\s+)?near\s+(?:the\s+)?(?:{_GENERIC_PLACE}\s+of\s+)?$", re.I)


def _comma_lists(mentions: list[Mention], text: str) -> set[int]:
    """Mentions in a comma list that ends in "and"/"or": "Aleppo, Idlib and Hama"."""
    listed: set[int] = set()
    i = 0
    while i < len(mentions) - 1:
        j = i
        while j < len(mentions) - 1 and _CONTAIN_GAP.match(text[mentions[j].end:mentions[j + 1].start]):
            j += 1
        if j > i and _LIST_TAIL.match(text[mentions[j].end:mentions[j].end + 40]):
            listed.update(range(i, j + 1))
        i = j + 1
    return listed


def link_containers(mentions: list[Mention], text: str) -> None:
    """"Alexandria, Louisiana", "Hit district of Anbar", "Alexandria in Egypt", "Kagara (Rafi, Niger)"."""
    listed = _comma_lists(mentions, text)
    for i in range(len(mentions) - 1):
        a, b = mentions[i], mentions[i + 1]
        gap = text[a.end:b.start]
        if _CONTAIN_GAP.match(gap):
            if i not in listed:
                a.within, a.within_bonus = i + 1, WEIGHTS.contained_bonus
        elif _PAREN_GAP.match(gap) or _PAREN_SKIP_GAP.match(gap):
            a.within, a.within_bonus = i + 1, WEIGHTS.contained_bonus
        elif _OF_GAP.match(gap):
            a.within, a.within_bonus = i + 1, WEIGHTS.contained_bonus
            a.hint = a.hint or "admin"
        elif _WITHIN_GAP.match(gap):
            a.within, a.within_bonus = i + 1, WEIGHTS.contained_bonus
        elif _IN_GAP.match(gap) or _NEAR_GAP.match(gap):
            a.within, a.within_bonus, a.loose = i + 1, WEIGHTS.contained_bonus, True
    for m in mentions:
        if m.within is not None and not m.loose:
            outer = mentions[m.within]
            outer.outermost = outer.within is None
