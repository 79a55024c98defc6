"""Stage ``places``: every toponym in the article, resolved to a gazetteer entry.

Mentions come from spaCy's GPE/LOC/FAC entities, plus the names sitrep's data knows
(countries and their abbreviations, regions such as "northern Iraq", facilities such as
"Erbil Air Base") where the small model misses them. Demonyms ("Iraqi") are not
places: they only add country context. Names inside an organisation's name
("Rapides Parish Fire District") are not places either. The words around a name can
make it a place whatever the model tagged it: an all-capitals dateline ("MANSFIELD —"),
a list before a plural division word ("Jackson and Barrow counties": counties), a home
town ("a Gainesville woman", "Rebecca Sears, 41, of Grovetown", "Armond Budish,
D-Beachwood"). A part of a place ("Northeast Georgia", "South Philadelphia") that the
gazetteer does not know by its whole name is the place itself. A name the model cut
short ("Baja" of "Baja California") is read whole.

Each mention is resolved by scoring its candidates: the feature and population
(the prior), what the text says around it ("Alexandria, Louisiana", "Erbil
province", "the Hit district of Anbar", "Kelly in the countryside of Idleb"), the
countries and first-level divisions that the article's unambiguous places and demonyms
point at (not the nationality of armed forces), and a dateline ("BAGHDAD (Reuters) -").
A town's other names in GeoNames ("Patras" for Pátra) are read where its own names give
nothing. The same name resolves the same way throughout an article.
"""

from __future__ import annotations

import bisect
import difflib
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..model import Place
from ..nlp import entities_of, sentences_of, text_of
from ..pipeline import Analysis, stage
from ..resources.countries import country_table
from ..resources.gazetteer import Gazetteer, GazetteerEntry, normalise, place_phrases
from .gazetteer_names import untagged_names

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Entity labels whose words are not place names, even when a place's name is among them.
BLOCKING_LABELS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "NORP", "LANGUAGE"})
#: Words after a name that say it is a division, not the town of the same name.
ADMIN_WORDS = frozenset({
    "province", "governorate", "district", "county", "state", "region", "oblast", "prefecture",
    "parish", "department", "municipality", "provinces", "governorates", "districts", "counties",
    # local names of divisions: Nigeria's LGAs, South Asia's upazilas and tehsils, Myanmar's
    # townships, Ethiopia's woredas, Uganda's sub-counties, Ukraine's raions
    "lga", "upazila", "tehsil", "taluka", "township", "woreda", "sub-county", "subcounty", "raion",
    "rayon", "commune", "prefecture", "canton", "emirate", "wilaya", "kebele",
})
CITY_WORDS = frozenset({"city", "town", "village"})
#: Words before a name that locate a part of the place, not another place: "Northeast
#: Georgia", "South Philadelphia", "Historic Dublin". Tried only when the whole name is unknown.
PART_WORDS = frozenset({
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern",
    "southeastern", "southwestern", "north-east", "north-west", "south-east", "south-west",
    "upstate", "downstate", "downtown", "uptown", "historic", "greater", "metro", "rural", "coastal",
})
#: Division names that are only a direction: GeoNames often spells them with a generic word
#: ("Southern Region", "Central Province"), which the text leaves out.
GENERIC_DIVISIONS = frozenset({
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "north east", "north west", "south east", "south west", "northeast", "northwest", "southeast",
    "southwest", "north-east", "north-west", "south-east", "south-west", "upper", "lower", "coast",
    "far north", "far west", "centre", "center", "centre-nord", "centre-sud", "centre-est", "nord",
    "sud", "est", "ouest", "nord-ouest", "sud-ouest", "nord-est", "littoral", "plateau", "capital",
})
DIVISION_WORDS = ("Region", "Province", "State", "Department", "District", "Governorate")
#: Nouns for a part of a place: "the Central Zone of Rio" is no town called Zone.
AREA_NOUNS = frozenset({
    "zone", "area", "sector", "quarter", "district", "region", "province", "suburbs", "suburb",
    "neighbourhood", "neighborhood", "front", "bank", "coast", "border", "highlands", "plains",
})
#: Words for a part of a town: the name beside them is no town elsewhere in the world.
QUARTER_WORDS = frozenset({
    "neighborhood", "neighbourhood", "colonia", "barangay", "quarter", "borough", "mahalla",
    "urbanization", "fraccionamiento", "sector",
})
#: Last words of street and building names ("North Street"): never a place's part.
STREET_WORDS = frozenset({
    "street", "st", "avenue", "ave", "road", "rd", "drive", "lane", "boulevard", "way", "side",
    "end", "park", "campus", "hall", "square", "place", "court", "highway", "bridge",
})
#: Last words of the names of natural features and parks ("Griffith Park", "Lake Robinson").
NATURAL_FEATURE_WORDS = frozenset({
    "park", "lake", "river", "creek", "mountain", "mountains", "hill", "hills", "forest", "valley",
    "island", "beach", "bay", "canyon", "falls", "springs", "reservoir", "dam", "trail",
})
#: Last words of facility names whose first words are no town they lie in.
FAC_NOT_NAMED_AFTER_A_TOWN = (STREET_WORDS | NATURAL_FEATURE_WORDS | CITY_WORDS | ADMIN_WORDS | AREA_NOUNS
                              | QUARTER_WORDS)
#: Prepositions before a name that make it a place when the model calls it something else.
PLACE_PREPS = frozenset({
    "in", "at", "near", "from", "across", "outside", "around", "to", "into", "throughout",
    "toward", "towards", "through", "via",
})
#: Nouns after a name that make it a home town: "an Alexandria woman", "the Columbia man".
RESIDENT_NOUNS = frozenset({
    "man", "woman", "men", "women", "teen", "teens", "teenager", "boy", "girl", "resident",
    "residents", "native", "youth", "homeowner", "homeowners",
})
#: Nouns before "of" that make the next name a place: "the town of Idleb", "the outskirts of Aden".
OF_PLACE_NOUNS = frozenset({
    "town", "village", "city", "area", "district", "province", "governorate", "region", "outskirts",
    "towns", "villages", "areas", "districts", "provinces", "neighbourhoods", "neighborhoods",
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
    "vicinity", "countryside", "suburb", "suburbs", "neighbourhood", "neighborhood", "municipality",
    "county", "state", "capital", "centre", "center", "port", "island", "prison", "camp",
})
#: Plural division words that close a list of names: "Jackson and Barrow counties".
LIST_ADMIN_WORDS = frozenset({"counties", "parishes", "provinces", "districts", "governorates", "states"})
_LEADING = re.compile(r"^(?:the|The|THE)\s+")
_TRAILING = re.compile(r"(?:'s|’s|')$")
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
#: "the Sidon-Tyr highway", "the Damboa - Maiduguri road": a route named by its two ends,
#: each a place whatever the model made of the pair.
_ROUTE = re.compile(
    r"\b([A-Z][\w'’]+(?: [A-Z][\w'’]+)?) ?[-–] ?([A-Z][\w'’]+(?: [A-Z][\w'’]+)?)"
    r"(?= (?:road|highway|motorway|expressway|route|railway|railroad|axis|corridor|pipeline)\b)"
)
#: "BAGHDAD (Reuters) -", "KABUL, Afghanistan —", "ALEXANDRIA, La. -"
_DATELINE = re.compile(r"^\s*([A-Z][A-Z'.\- ]{2,40}?)(?:\s*,\s*[A-Z][A-Za-z.' ]{1,30}?)?\s*(?:\(|—|–|-{1,2}\s)")
#: An all-capitals dateline at the start of the text or of a paragraph or sentence near it:
#: "MANSFIELD — ...", "HUDSON -- ...", "BEIRUT (AP) - ...". Group 1 is the place name.
_CAPS_DATELINE = re.compile(
    r"(?:^|(?<=[.!?]\s)|(?<=\n))([A-Z][A-Z'\-]+(?: [A-Z][A-Z'\-]+){0,3})"
    r"(?=(?:,\s*[A-Z][A-Za-z.' ]{1,30}?)?\s*(?:\([A-Za-z .]{2,30}\)\s*)?(?:—|–|-{1,2}|:)\s)"
)
#: How far into the text a dateline may stand (after a headline).
DATELINE_WINDOW = 400
_ARTICLE_PREFIX = re.compile(r"^(?:al|el|ar|as|an|ad|ash|at|az)[\s\-]+", re.I)

CONTAINED_BONUS = 10.0
HINT_BONUS = 6.0
#: For a division's reading of a chain's last place ("X, Y", "X (Y)").
OUTERMOST_BONUS = 3.0
ADMIN1_CONTEXT_BONUS = 3.0
COUNTRY_CONTEXT_BONUS = 1.5
MAIN_COUNTRY_BONUS = 1.0
DATELINE_BONUS = 2.0
#: Per other name of the article with a reading in the same first-level division.
ADMIN1_SUPPORT = 2.0
SUPPORT_CAP = 3
#: How many of a name's readings (likeliest first) count towards that support.
SUPPORT_READINGS = 40
#: A name read in more first-level divisions than this supports each of them less: in all,
#: this many divisions' worth ("Washington", with a town in most US states).
SUPPORT_SPREAD = 10
#: A town found by another of its names (often an old or foreign one: "Philadelphia" for
#: Amman) counts as one this many powers of ten smaller.
ALIAS_PENALTY = 2.0
#: How much likelier (in prior) a reading must be to count as certain without context.
FIRM_MARGIN = 2.0


@dataclass
class _Mention:
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


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading "the" and a trailing possessive from a span."""
    span = text[start:end]
    lead = _LEADING.match(span)
    if lead:
        start += lead.end()
    tail = _TRAILING.search(text[start:end])
    if tail and end - start > tail.end() - tail.start():
        end = start + tail.start()
    paren = text.find("(", start, end)
    if paren > start:  # "Bamako (Bamako": the model ran a name into its gloss
        end = paren
    while end > start and not text[end - 1].isalnum() and text[end - 1] != ".":
        end -= 1
    return start, end


#: A US politician's party and home after their name: "Sen. Byron Dorgan, D-N.D.",
#: "Armond Budish, D-Beachwood", "state Sen. Tom Jensen, R-London".
_PARTY_HOME = re.compile(r"(?<=, )[DRI]-([A-Z][A-Za-z.']*(?: [A-Z][A-Za-z.']*)?)(?=[,;)]|\.(?:\s|$))")


def _caps_datelines(text: str) -> list[tuple[int, int]]:
    """Spans of all-capitals datelines near the start of the text ("MANSFIELD —")."""
    return [m.span(1) for m in _CAPS_DATELINE.finditer(text[:DATELINE_WINDOW]) if len(m.group(1)) >= 3]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


class _Spans:
    """Character spans, sorted, that answer which of them overlap a span without looking
    at every one: only spans starting less than the longest one's length before it can.
    (Checking each phrase against every span found made long articles quadratic.)"""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._sorted = sorted(set(spans))
        self._longest = max((b - a for a, b in self._sorted), default=0)

    def add(self, span: tuple[int, int]) -> None:
        i = bisect.bisect_left(self._sorted, span)
        if i == len(self._sorted) or self._sorted[i] != span:
            self._sorted.insert(i, span)
            self._longest = max(self._longest, span[1] - span[0])

    def remove(self, span: tuple[int, int]) -> None:
        i = bisect.bisect_left(self._sorted, span)
        if i < len(self._sorted) and self._sorted[i] == span:
            del self._sorted[i]

    def overlapping(self, span: tuple[int, int]) -> list[tuple[int, int]]:
        lo = bisect.bisect_left(self._sorted, (span[0] - self._longest, span[0] - self._longest))
        hi = bisect.bisect_left(self._sorted, (span[1], span[1]))
        return [s for s in self._sorted[lo:hi] if _overlaps(s, span)]


_WORD = re.compile(r"(?<![\w])\w+")


def _phrase_matches(doc, text: str) -> list[tuple[int, int]]:
    """Spans of known place phrases, longest first at each token, not overlapping."""
    phrases = place_phrases()
    lowered = text.casefold() if len(text.casefold()) == len(text) else None
    out: list[tuple[int, int]] = []
    covered = -1
    # words of the text, as the tokeniser starts them (a regex is much cheaper than tokens)
    for word in _WORD.finditer(lowered if lowered is not None else text):
        start = word.start()
        if start < covered:
            continue
        options = phrases.get(word.group(0) if lowered is not None else word.group(0).casefold())
        if not options:
            continue
        for phrase in options:
            end = start + len(phrase.text)
            if end > len(text) or (end < len(text) and text[end].isalnum()):
                continue
            span = text[start:end]
            if phrase.after_comma and not text[:start].rstrip().endswith(","):
                continue
            if phrase.exact_case:
                ok = span == phrase.text
            else:
                source = lowered[start:end] if lowered is not None else span.casefold()
                ok = source == phrase.text.casefold() and any(c.isupper() for c in span)
            if ok:
                out.append(_trim(text, start, end))
                covered = end
                break
    return out


def _lookup(gaz: Gazetteer, name: str) -> tuple[tuple[GazetteerEntry, ...], str | None, bool]:
    """Candidates for a mention's words, trying the usual variants; a hint; and whether
    they were found only under another spelling of the name."""
    found = gaz.candidates(name)
    if found:
        return found, None, False
    words = name.split()
    hint = None
    if len(words) > 1 and words[-1].casefold() in ADMIN_WORDS | CITY_WORDS:
        hint = "admin" if words[-1].casefold() in ADMIN_WORDS else "city"
        name = " ".join(words[:-1])
        found = gaz.candidates(name)
        if found:
            return found, hint, False
    variants = [name.replace("-", " "), name.replace("-", "")]
    bare = _ARTICLE_PREFIX.sub("", name)
    if bare != name:
        variants.append(bare)
    else:
        variants.append("al " + name)
    for variant in variants:
        found = gaz.candidates(variant)
        if found:
            return found, hint, False
    # a town's other name in GeoNames: "Patras" (Pátra), "Taizz" (Taiz)
    found = gaz.other_names(name)
    if found:
        return found, hint, True
    # the same name spelled another way: "Idleb" (Idlib), "Deir-ez-Zor" (Deir ez-Zor)
    return gaz.similar(name), hint, True


def _prior(entry: GazetteerEntry, siblings: tuple[GazetteerEntry, ...]) -> float:
    """How likely an entry is before context: sites, regions and countries, then by population."""
    if entry.feature in ("site", "region"):
        return 9.0
    if entry.feature == "country":
        return 8.0
    pop = math.log10(entry.population + 10)
    if entry.by_alias:  # "Nis" is Niš, before the Nice that some call Nis
        pop -= ALIAS_PENALTY
    if entry.feature == "admin1":
        return pop - (CITY_NAMED_DIVISION_PENALTY if _named_after_city(entry, siblings) else 0.5)
    if entry.feature in ("admin2", "admin3"):
        return 1.0
    return pop


#: A bare "Baghdad" is the city before the province named after it.
CITY_NAMED_DIVISION_PENALTY = 3.0


def _named_after_city(entry: GazetteerEntry, siblings: tuple[GazetteerEntry, ...]) -> bool:
    return any(s.feature == "city" and s.country == entry.country and s.admin1 == entry.name for s in siblings)


def _placed_by_context(ent) -> bool:
    """Do the words around an entity say it names a place ("in X", "X province", "X County")?"""
    doc = ent.doc
    last = ent[-1].lower_
    if len(ent) > 1 and last in ADMIN_WORDS | CITY_WORDS:
        return True
    if ent.end < len(doc) and doc[ent.end].lower_ in ADMIN_WORDS | CITY_WORDS:
        return True
    if ent.end < len(doc) and doc[ent.end].lower_ in RESIDENT_NOUNS and len(ent) <= 3:
        return True
    before = doc[ent.start - 1] if ent.start > 0 else None
    if before is not None and before.lower_ in ("the", "a", "an") and ent.start > 1:
        before = doc[ent.start - 2]
    if before is not None and before.lower_ in PART_WORDS and before.i > 0:
        before = doc[before.i - 1]  # "in central Thessaloniki"
    if before is not None and _of_after_comma(before):
        return len(ent) <= 3  # "Rebecca Sears, 41, of Grovetown"
    if before is not None and len(ent) <= 4 and _in_gloss(doc, before):
        return True  # "Kagara (Rafi LGA, Niger)"
    if before is not None and before.lower_ == "of" and before.i > 0 and doc[before.i - 1].lower_ in OF_PLACE_NOUNS:
        return len(ent) <= 4  # "the town of Idleb"
    if before is None or before.lower_ not in PLACE_PREPS:
        return False
    # "in Leon de los Aldama, Guanajuato": a longer name when a comma and its container follow
    return len(ent) <= 3 or (len(ent) <= 6 and ent.end < len(doc) and doc[ent.end].text == ",")


_CONTAINER_AFTER = re.compile(r"\s*(?:,|\()\s*[A-Z]")
_GLOSS_MARK = re.compile(r"[(,]| in | and ")
_PART_SPLIT = re.compile(r"\s*[(),]\s*|\s+(?:in|and)\s+")
#: Entity labels the model gives place names by mistake ("Puebla" PERSON, "Aleppo" NORP,
#: "Hidalgo" ORG, "Shabunda, Sud-Kivu" WORK_OF_ART): looked at again in context.
RELABELLED = frozenset({"PERSON", "ORG", "NORP", "WORK_OF_ART", "PRODUCT", "EVENT"})


def _in_place_position(ent) -> bool:
    """After "of" or a bracket, or at the end of a comma chain ("district center, Herat."),
    not a clause's subject after a comma ("the White House, Lincoln visited")."""
    doc = ent.doc
    before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
    after = doc[ent.end].text if ent.end < len(doc) else "."
    return before in ("of", "(") or (before == "," and after in (".", ",", ")", ";", ":"))


def _big_place(gaz: Gazetteer, words: str) -> bool:
    """Is ``words`` one word that names a country, a first-level division or a city of
    ``TRUSTED_TOWN`` people or more? After "of", a comma or a bracket, such a word is the
    place even where the model took it for an organisation ("the teaching hospital of
    Thessaloniki", "Ghoryan district center, Herat"); elsewhere it may be a company or a
    team ("a Toyota Corolla", "Central defeated McLean County")."""
    if " " in words or not words.istitle() or words.casefold() in GENERIC_DIVISIONS:
        return False  # (not "NICE", a programme's acronym, nor "Central", a school)
    top = gaz.candidates(words)[:1]
    return bool(top) and (top[0].feature in ("country", "admin1")
                          or (top[0].feature == "city" and top[0].population >= TRUSTED_TOWN))


def _after_a_place(text: str, start: int, spans: dict[tuple[int, int], str]) -> bool:
    """Does the name follow a place and a comma ("Leon de los Aldama, Guanajuato")?"""
    gap = text[max(0, start - 3):start]
    if not gap.rstrip().endswith(","):
        return False
    comma = start - len(gap) + gap.rstrip().rindex(",")
    return any(end == comma for (_, end) in spans)


def _glossed_parts(text: str, start: int, end: int, gaz: Gazetteer) -> list[tuple[int, int]]:
    """The places in an "organisation" that is a name and its gloss run together.

    The model tags "Setharja town (Khairpur, Sindh" or "Civil Hospital, Ludhiana" as one
    organisation. The parts after a bracket or comma that the gazetteer knows are places,
    and so is the first part when a later one is.
    """
    parts: list[tuple[int, int]] = []
    pos = start
    for sep in list(_PART_SPLIT.finditer(text, start, end)) + [None]:
        a, b = pos, (sep.start() if sep else end)
        a, b = _trim(text, a, b)
        if b > a and text[a].isupper():
            parts.append((a, b))
        if sep:
            pos = sep.end()
    known = [(i, p) for i, p in enumerate(parts) if _lookup(gaz, text[p[0]:p[1]])[0]]
    if any(i > 0 for i, _ in known):
        return [p for _, p in known]
    return []


def spelled_alike(a: str, b: str) -> bool:
    """Are two names one name transliterated two ways ("Kalinovo", "Kalynove"), rather
    than two names ("Passover", "Mountain City")?"""
    return difflib.SequenceMatcher(None, normalise(a), normalise(b)).ratio() >= ALIKE_RATIO


#: Nouns for armed forces that act abroad as often as at home: their nationality says who
#: acts, not where ("Saudi-led coalition airstrikes", "Turkish forces shelled ...").
ARMED_NOUNS = frozenset({
    "force", "forces", "troops", "troop", "army", "military", "soldiers", "soldier", "jets", "jet",
    "aircraft", "aircrafts", "warplanes", "warplane", "drone", "drones", "coalition", "airstrike",
    "airstrikes", "strikes", "strike", "navy", "artillery", "militia", "militias", "fighters", "planes",
})


def _names_armed_outsiders(ent) -> bool:
    """Is a demonym the nationality of armed forces ("Saudi-led coalition", "Turkish
    forces", "Israeli jets")? Such forces act abroad, so it says nothing of where."""
    doc = ent.doc
    after = doc[ent.end:ent.end + 2]
    if len(after) == 2 and after[0].text in ("-", "–") and after[1].lower_ == "led":
        return True
    heads = [ent.root.head] if ent.root.head is not ent.root else []
    heads += [t for t in doc[ent.end:ent.end + 2] if t.pos_ in ("NOUN", "PROPN")][:1]
    return any(h.lower_ in ARMED_NOUNS for h in heads)


#: Known actors whose country says where they act: rebels, militias and armed groups that
#: fight at home (ACLED inter 2-4) and organisations that work in one country ("the OSCE
#: SMM"). Not state forces, which act abroad too (see ``ARMED_NOUNS``).
HOME_GROUP_INTERS = frozenset({2, 3, 4})


def _home_groups(doc, lexicons) -> Counter:
    """One vote for each country whose home groups the article names ("Boko Haram":
    Nigeria; "the OSCE SMM": Ukraine)."""
    words = [t.text for t in doc]
    countries = {
        actor.country
        for sent in sentences_of(doc)
        for actor, _, _ in lexicons.known_actors(words[sent.start:sent.end])
        if actor.country and (actor.inter in HOME_GROUP_INTERS or actor.kind == "organisation")
    }
    return Counter(countries)


def _comma_parts(text: str, start: int, end: int, gaz: Gazetteer) -> list[tuple[int, int]]:
    """A place entity, or its parts when the model ran a chain into one ("Nis, Serbia")."""
    if "," not in text[start:end] or gaz.candidates(text[start:end]):
        return [(start, end)]
    parts = []
    pos = start
    for piece in text[start:end].split(","):
        a, b = _trim(text, pos + len(piece) - len(piece.lstrip()), pos + len(piece))
        if b > a and text[a].isupper():
            parts.append((a, b))
        pos += len(piece) + 1
    return parts or [(start, end)]


def _in_gloss(doc, before) -> bool:
    """Is ``before`` the bracket or comma of a gloss in brackets: "X (Y", "X (Y, Z"?"""
    if before.text in ("(", "["):
        return True
    if before.text != ",":
        return False
    for j in range(before.i - 1, max(-1, before.i - 12), -1):
        if doc[j].text in (")", "]", ".", ";"):
            return False
        if doc[j].text in ("(", "["):
            return True
    return False


def _of_after_comma(tok) -> bool:
    """Is the token the "of" of ", of X" (where a person's home town follows their name or age)?"""
    return tok.lower_ == "of" and tok.i > 0 and tok.doc[tok.i - 1].text == ","


def _list_before_admin_word(doc) -> list[tuple[int, int]]:
    """Character spans of the names in "Jackson and Barrow counties", "Clarke, Madison and Oconee counties"."""
    found: list[tuple[int, int]] = []
    lowered = text_of(doc).casefold()
    if not any(word in lowered for word in LIST_ADMIN_WORDS):
        return found
    for tok in doc:
        if tok.lower_ not in LIST_ADMIN_WORDS or tok.i == 0:
            continue
        j = tok.i - 1
        names: list[tuple[int, int]] = []
        while j >= 0:
            k = j
            while k >= 0 and doc[k].pos_ == "PROPN" and doc[k].is_title:
                k -= 1
            if k == j:
                break
            names.append((doc[k + 1].idx, doc[j].idx + len(doc[j])))
            if k >= 0 and doc[k].lower_ in (",", "and", "or", "&"):
                j = k - 1
                if j >= 0 and doc[j].text == "," and doc[k].lower_ != ",":
                    j -= 1  # "Clarke, Madison, and Oconee"
                continue
            break
        if len(names) >= 2:
            found.extend(names)
    return found


def _untagged_after_preposition(doc) -> list[tuple[int, int]]:
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
        if not (low in PLACE_PREPS or low in (",", "(") or (low == "of" and _of_after_comma(tok))):
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


#: Words that open many organisations' names and happen to be some village's name too.
ORG_GENERIC_WORDS = PART_WORDS | STREET_WORDS | frozenset({
    "university", "college", "first", "federal", "national", "police", "capital", "region", "camp",
    "state", "county", "city", "united", "royal", "general", "union", "international", "global",
    "liberty", "victory", "providence", "mercy", "trinity", "unity", "hope", "grace", "heritage",
})
#: Population above which a town named in an organisation's name is taken for that town.
ORG_TOWN_POPULATION = 20_000


def _places_in_name(ent, text: str, gaz: Gazetteer, place_keys: set[str]) -> list[tuple[int, int]]:
    """Character spans of the place an organisation's name opens or closes with.

    "Rapides Parish Fire District" opens with a parish, "University of Georgia" closes
    with a state. Only a name the article uses as a place elsewhere, a country, region or
    division, or a sizeable town counts: "Wells Fargo" does not name the town of Wells.
    """
    toks = [t for t in ent if not (t.i == ent.start and t.lower_ == "the")]
    heads = [toks[:k] for k in range(min(3, len(toks) - 1), 0, -1)]
    tails: list[list] = []
    ofs = [i for i, t in enumerate(toks) if t.lower_ == "of"]
    if ofs:
        tail = toks[ofs[-1] + 1:]
        if tail and tail[0].lower_ == "the":
            tail = tail[1:]
        if 0 < len(tail) <= 3:
            tails.append(tail)
    found: list[tuple[int, int]] = []
    for runs in (tails, heads):
        for run in runs:
            span = _known_run(run, text, gaz, place_keys)
            if span is not None:
                if not any(_overlaps(span, f) for f in found):
                    found.append(span)
                break
    return found


def _known_run(run, text: str, gaz: Gazetteer, place_keys: set[str]) -> tuple[int, int] | None:
    """The span of a run of capitalised words that the gazetteer knows well enough."""
    if not all(t.is_title or (t.is_upper and len(t) > 1) for t in run):
        return None
    if len(run) > 1 and run[0].lower_ in PART_WORDS:
        start, end = run[0].idx, run[-1].idx + len(run[-1])
        if not gaz.candidates(text[start:end]):
            run = run[1:]  # "Northern Illinois University": Illinois (but "North Carolina" whole)
    if len(run) == 1 and run[0].lower_ in ORG_GENERIC_WORDS:
        return None
    after = run[-1].i + 1
    if after < len(run[-1].doc) and run[-1].doc[after].text in ("-", "–") and not run[-1].whitespace_:
        return None  # "Wal-Mart"
    start, end = run[0].idx, run[-1].idx + len(run[-1])
    words = text[start:end]
    entries = gaz.candidates(words)
    if not entries or gaz.demonym(words):
        return None
    top = entries[0]
    if (normalise(words) in place_keys or top.feature in ("country", "region", "admin1", "admin2")
            or top.population >= ORG_TOWN_POPULATION):
        return start, end
    return None


#: Shortest name looked for again wherever it recurs in an article.
REPEAT_MIN_CHARS = 4


def _repeat_names(doc, text: str, spans: dict[tuple[int, int], str], blocked: list[tuple[int, int]],
                  abbreviations: dict[str, str], gaz: Gazetteer, titled: set[str]) -> None:
    """Every other occurrence of a place name the article already uses as a place.

    One name, one sense in an article: where "Gainesville" is a place once, the
    sentence-initial or possessive "Gainesville" the model missed is that place too, and
    "Gainesville Police" names an organisation after it (marked so). Not repeated: a name
    inside a longer person's name, or one that is part of a person's name anywhere in
    the article ("Jim Brown" makes "Brown" a surname there) or follows a person's title
    (``titled``: "coach Ripley").
    """
    names = {
        text[a:b] for (a, b), source in spans.items()
        if source != "ORG" and b - a >= REPEAT_MIN_CHARS and text[a].isupper()
        and text[a:b] not in abbreviations and gaz.candidates(text[a:b])
    }
    # a name that is part of a person's name in the article ("Jim Brown") is a surname here,
    # and so is one that follows a person's title ("coach Ripley")
    person_words = {t.text for e in entities_of(doc) if e.label_ == "PERSON" and len(e) > 1 for t in e}
    person_words |= titled
    names = {n for n in names if not set(n.split()) & person_words}
    if not names:
        return
    found: list[tuple[int, int]] = []
    for name in sorted(names, key=len, reverse=True):
        at = text.find(name)
        while at >= 0:
            end = at + len(name)
            if not _joined(text, at - 1) and not _joined(text, end):
                found.append((at, end))
            at = text.find(name, end)
    taken = sorted(spans)
    persons = [(e.start_char, e.end_char) for e in entities_of(doc) if e.label_ == "PERSON"]
    for span in found:
        if span in spans or any(_overlaps(span, s) for s in taken):
            continue
        if any(_overlaps(span, p) and p != span for p in persons):
            continue
        inside = [b for b in blocked if _overlaps(span, b) and b != span]
        spans[span] = "ORG" if inside else "REPEAT"
        taken.append(span)


#: A name's next word: a capitalised word, or a particle and a capitalised word ("Foz do
#: Iguacu", "Kut e Abdollah", "Madinat as Saleh", "Rabat-e Sangi", "Port of Spain"). "of"
#: joins only a known name: "Shaheddan Square of Kandahar" is two places.
_NAME_PARTICLES = r"(?:de|do|da|dos|das|del|della|di|du|des|e|es|as|al|el|ash|ad|an|ar|at|az|ye|i|la|le|los|las|y|wa|of)"
_NEXT_WORD = re.compile(rf"([ -]{_NAME_PARTICLES})?[ -](?=[A-Z])[\w'’]+")
#: How many words a name may run on beyond where the model ended it.
MAX_RUN_ON = 4


def _run_on(text: str, end: int) -> tuple[list[int], bool]:
    """Where the words after ``end`` could end a longer name, and whether they begin with a particle."""
    ends, particle = [], False
    pos = end
    for _ in range(MAX_RUN_ON):
        word = _NEXT_WORD.match(text, pos)
        if word is None:
            break
        particle = particle or (word.group(1) is not None and word.group(1)[1:] != "of" and not ends)
        pos = word.end()
        ends.append(pos)
    return ends, particle


def _longest_known(text: str, start: int, ends: list[int], gaz: Gazetteer) -> int | None:
    """The furthest of ``ends`` at which the words from ``start`` make a known name."""
    return next((e for e in reversed(ends) if _known_whole(text[start:e], gaz)), None)


def _known_run_on(text: str, span: tuple[int, int], gaz: Gazetteer) -> tuple[int, int] | None:
    """The longest known name that the words after a span make with it, if any."""
    whole = _longest_known(text, span[0], _run_on(text, span[1])[0], gaz)
    return (span[0], whole) if whole is not None else None


#: Up to MAX_RUN_ON capitalised words (each followed by up to two particles) that end right
#: before a name: "Khabb wa ash " before "Shaaf".
_PREV_WORDS = re.compile(
    rf"(?:(?<=[\s(\[,])|^)((?:[A-Z][\w'’]*[ -](?:{_NAME_PARTICLES}[ -]){{0,2}}){{1,{MAX_RUN_ON}}})$"
)


def _known_run_back(text: str, span: tuple[int, int], gaz: Gazetteer) -> tuple[int, int] | None:
    """The longest known name that the capitalised words (and particles) right before a
    span make with it: "Khabb wa ash Shaaf" where the model tagged only "Shaaf"."""
    start = span[0]
    before = _PREV_WORDS.search(text, max(0, start - 80), start)
    if before is None:
        return None
    words = list(re.finditer(r"[A-Z][\w'’]*", before.group(1)))
    for word in words:  # the longest first
        begin = before.start(1) + word.start()
        if _known_whole(text[begin:span[1]], gaz):
            return begin, span[1]
    return None


def _known_whole(name: str, gaz: Gazetteer) -> bool:
    """Is ``name`` a place the gazetteer knows by that very name (not "Edwardsville District")?"""
    last = name.rsplit(None, 1)[-1].casefold()
    if last in ADMIN_WORDS | CITY_WORDS | STREET_WORDS | AREA_NOUNS:
        return False
    return bool(gaz.candidates(name) or gaz.other_names(name))


def _whole_names(text: str, spans: dict[tuple[int, int], str], gaz: Gazetteer) -> None:
    """Mend names the model cut short: "Baja" of "Baja California", "Santo" of "Santo
    Antonio de Jesus", "Tarn" of "Tarn Taran".

    Where the words after a place run on into a name the gazetteer knows, the longest such
    name replaces it (and the spans it covers). Where they run on through a particle ("Kut
    e Abdollah") into no known name, the place is only part of an unknown name: the whole
    is kept as a "FRAGMENT", with no reading of its own, so a container can stand for it.
    """
    for span in sorted(spans):
        if span not in spans or spans[span] == "ORG":
            continue
        back = _known_run_back(text, span, gaz)
        if back is not None:
            for other in [s for s in spans if _overlaps(s, back)]:
                del spans[other]
            spans[back] = "GPE"
            span = back
        start, end = span
        ends, particle = _run_on(text, end)
        if not ends:
            continue
        whole = _longest_known(text, start, ends, gaz)
        if whole is None and (not particle or any(_overlaps(s, (end, ends[-1])) for s in spans)):
            continue  # (no unknown name runs over another place)
        for other in [s for s in spans if _overlaps(s, (start, whole or ends[-1]))]:
            del spans[other]
        spans[(start, whole or ends[-1])] = "GPE" if whole else "FRAGMENT"


#: Words before a person's name: "coach Ripley", "President Obama", "Officer Bell".
TITLE_WORDS = frozenset({
    "mr", "mrs", "ms", "dr", "president", "coach", "officer", "sen", "senator", "rep",
    "representative", "gov", "governor", "judge", "justice", "sheriff", "deputy", "sgt", "sergeant",
    "lt", "lieutenant", "capt", "captain", "mayor", "commissioner", "detective", "trooper", "prof",
    "professor", "rev", "reverend", "pastor", "minister", "secretary", "ambassador", "gen", "col",
    "colonel", "cpl", "corporal", "pvt", "private", "councilman", "councilwoman", "superintendent",
    "principal", "attorney", "inspector", "spokesman", "spokeswoman", "chairman", "chairwoman",
    "defendant", "patrolman", "firefighter", "pope", "king", "queen", "prince", "princess", "sheikh",
})


#: Words that make a "person" the model found a place or a thing: "Rakhine State".
PERSON_NAME_NOT = ADMIN_WORDS | CITY_WORDS | AREA_NOUNS | STREET_WORDS | NATURAL_FEATURE_WORDS | frozenset({
    "mount", "fort", "port", "saint", "st", "san", "santa",
})


def _after_preposition(text: str, start: int) -> bool:
    """Does a locative preposition stand right before ``start`` ("in Ripley")?"""
    before = text[max(0, start - 12):start].split()
    return bool(before) and before[-1].casefold() in PLACE_PREPS


#: Marks a name's word may hold between its letters ("O'Neal", "D’Andre").
_NAME_MARKS = re.compile(r"(?<=\w)['’](?=\w)")


def _titled_names(doc, gaz: Gazetteer) -> set[str]:
    """Names that follow a person's title somewhere in the article ("coach Ripley"), and
    the words of people's full names in it ("Tyrise M. Bell", "Nadia Moayyad"): alone,
    elsewhere in the article, they name those people."""
    found: set[str] = set()
    prev = None
    for tok in doc:
        if prev is not None and tok.is_title and tok.pos_ == "PROPN" and prev.lower_.rstrip(".") in TITLE_WORDS:
            found.add(tok.text)
        prev = tok
    for ent in entities_of(doc):
        if ent.label_ != "PERSON" or not 2 <= len(ent) <= 3:
            continue
        words = [t for t in ent if _NAME_MARKS.sub("", t.text.rstrip(".")).isalpha()]
        if not words:
            continue  # digits and punctuation the model took for a name
        if not all(t.is_title for t in words) or any(t.lower_ in PERSON_NAME_NOT for t in words):
            continue  # "Sittwe District", "Rakhine State": places the model took for people
        if gaz.candidates(ent.text):
            continue
        surname = words[-1].text
        if len(surname) > 2 and not any(e.feature in ("country", "region", "admin1") for e in gaz.candidates(surname)):
            found.add(surname)  # (a country's or a state's name is no surname: "ambassador to Egypt Dan Kurtzer")
    return found


def _joined(text: str, i: int) -> bool:
    """Is the character at ``i`` part of a word (so a name there would be part of a longer one)?"""
    return 0 <= i < len(text) and (text[i].isalnum() or text[i] in "-_")


def _find_mentions(analysis: Analysis, gaz: Gazetteer) -> tuple[list[_Mention], Counter]:
    """Toponym mentions (entities and phrases) and the demonyms' country votes."""
    doc, text = analysis.doc, analysis.article.text
    demonym_votes: Counter = Counter()
    spans: dict[tuple[int, int], str] = {}
    blocked: list[tuple[int, int]] = []
    org_exact: set[tuple[int, int]] = set()
    for ent in entities_of(doc):
        if ent.label_ in PLACE_LABELS:
            start, end = _trim(text, ent.start_char, ent.end_char)
            if end > start:
                for part in _comma_parts(text, start, end, gaz):
                    spans[part] = ent.label_
        elif ent.label_ in BLOCKING_LABELS:
            if ent.label_ == "NORP":
                code = gaz.demonym(ent.text)
                if code and not _names_armed_outsiders(ent):
                    demonym_votes[code] += 1
            blocked.append((ent.start_char, ent.end_char))
            org_exact.add(_trim(text, ent.start_char, ent.end_char))
    # A name the model tags as a place somewhere in the article is a place wherever it
    # stands alone, even where the model took it for a person or an organisation.
    # So is a name the gazetteer knows where the words around it say it is a place:
    # "in Erbil", "from Rapides Parish", "Erbil province".
    place_keys = {normalise(text[a:b]) for (a, b) in spans}
    people = {t.text for ent in entities_of(doc) if ent.label_ == "PERSON" for t in ent}
    for ent in entities_of(doc):
        if ent.label_ in RELABELLED and not (ent.label_ == "NORP" and gaz.demonym(ent.text)):
            span = _trim(text, ent.start_char, ent.end_char)
            words = text[span[0]:span[1]]
            placed = (_placed_by_context(ent) or _after_a_place(text, span[0], spans)
                      or (ent.label_ == "ORG" and _in_place_position(ent) and words not in people
                          and _big_place(gaz, words)))
            longer = _known_run_on(text, span, gaz) if placed else None
            if longer is not None and not _lookup(gaz, words)[0]:
                # "the town of Kafr Qaddum": the model tagged "Kafr" alone
                spans[longer] = "GPE"
                blocked.remove((ent.start_char, ent.end_char))
            elif normalise(words) in place_keys or (placed and _lookup(gaz, words)[0]):
                spans[span] = "GPE"
                blocked.remove((ent.start_char, ent.end_char))
                if span[1] < ent.end_char and _GLOSS_MARK.search(ent.text):
                    # "Tome (Biobio": the gloss the model ran into the name is a place too
                    parts = _glossed_parts(text, ent.start_char, ent.end_char, gaz)
                    spans.update((part, "GPE") for part in parts if part[0] >= span[1])
            elif placed and _CONTAINER_AFTER.match(text, span[1]):
                # "in Catole do Rocha, Paraiba": a place the gazetteer lacks, kept so that
                # the container after it can stand for it
                spans[span] = "GPE"
                blocked.remove((ent.start_char, ent.end_char))
            elif _GLOSS_MARK.search(ent.text):
                parts = _glossed_parts(text, ent.start_char, ent.end_char, gaz)
                if parts:
                    spans.update((part, "GPE") for part in parts)
                    blocked.remove((ent.start_char, ent.end_char))
    # A proper noun the model left untagged, after a locative preposition or in a
    # containment list, that the gazetteer knows: "a march in Bamako", "Taramchuk, Donetsk".
    blocking = _Spans(blocked)
    for span in _untagged_after_preposition(doc):
        if span not in spans and not blocking.overlapping(span) and _lookup(gaz, text[span[0]:span[1]])[0]:
            spans[span] = "GPE"
    # Any other name the gazetteer holds that no entity covers, where the evidence around
    # it makes it a place: "Residents of Patiala", "Mendhar tehsil" (gazetteer_names).
    for span in untagged_names(doc, text, gaz, spans, blocked):
        spans.setdefault(span, "GAZETTEER")
    # Names listed before a plural division word are divisions, and an all-capitals
    # dateline is a place, whatever the model made of them.
    forced = [(span, "LIST") for span in _list_before_admin_word(doc)]
    forced += [(span, "DATELINE") for span in _caps_datelines(text)]
    forced += [(m.span(1), "HOME") for m in _PARTY_HOME.finditer(text)]
    forced += [(span, "ROUTE") for m in _ROUTE.finditer(text) for span in (m.span(1), m.span(2))]
    for span, source in forced:
        if gaz.candidates(text[span[0]:span[1]]):
            for s in [s for s in spans if _overlaps(s, span)]:
                del spans[s]
            blocked = [b for b in blocked if not _overlaps(b, span)]
            spans[span] = source
    blocking, found = _Spans(blocked), _Spans(spans)
    for span in _phrase_matches(doc, text):
        inside_block = bool(blocking.overlapping(span))
        if inside_block and span not in org_exact:
            continue
        clash = [s for s in found.overlapping(span) if s in spans]
        if all(s[1] - s[0] < span[1] - span[0] for s in clash):
            for s in clash:
                del spans[s]
                found.remove(s)
            spans[span] = spans.get(span, "PHRASE")
            found.add(span)
    # Places named inside an organisation's name ("Rapides Parish Fire District", "University
    # of Georgia") are toponyms too, marked as such: they say nothing of where events happen.
    for ent in entities_of(doc):
        if ent.label_ == "ORG" and (ent.start_char, ent.end_char) in blocked:
            for span in _places_in_name(ent, text, gaz, place_keys):
                if not any(_overlaps(span, s) for s in spans):
                    spans[span] = "ORG"
        elif ent.label_ == "FAC":
            # "Vancouver International Airport", "the Mount Pleasant Fire Department": a
            # facility the gazetteer does not know, named after a place, which is marked as
            # a name's place like an organisation's
            whole = _trim(text, ent.start_char, ent.end_char)
            last = text[whole[0]:whole[1]].rsplit(None, 1)[-1].casefold()
            if (spans.get(whole) == "FAC" and last not in FAC_NOT_NAMED_AFTER_A_TOWN
                    and not _lookup(gaz, text[whole[0]:whole[1]])[0]):
                # (not "Wichita Street", "Griffith Park" or "Thar Si Gone village": a street,
                # a park or a place itself is no town's)
                inner = _places_in_name(ent, text, gaz, place_keys)
                if inner:
                    del spans[whole]
                    spans.update((span, "ORG") for span in inner)
    abbreviations = country_table().abbreviations
    titled = _titled_names(doc, gaz)
    _repeat_names(doc, text, spans, blocked, abbreviations, gaz, titled)
    _whole_names(text, spans, gaz)
    abbreviation_keys = {normalise(a) for a in abbreviations}
    mentions: list[_Mention] = []
    for (start, end), source in sorted(spans.items()):
        words = text[start:end]
        if not any(c.isupper() for c in words) and source != "GAZETTEER":
            continue  # (but a name in an article written in lower case: "kolkata: ...")
        if words in titled and source in ("GPE", "LOC", "FAC", "REPEAT") and not _after_preposition(text, start):
            continue  # "Obama's town hall" where the article says "President Obama"
        code = gaz.demonym(words)
        if code:
            demonym_votes[code] += 1
            continue
        key = normalise(words)
        if key in abbreviation_keys and words not in abbreviations:
            continue  # "Us" is no country, and no village either
        first, _, rest = words.partition(" ")
        if (rest and first.casefold() in PART_WORDS and rest.split()[-1].casefold() not in STREET_WORDS | AREA_NOUNS
                and not gaz.candidates(words) and gaz.candidates(rest)):
            # "Northeast Georgia": the mention is Georgia
            start += len(first) + 1
            words, key = rest, normalise(rest)
        m = _Mention(start, end, words, source, key=key, in_organisation=source == "ORG")
        m.candidates, m.hint, m.respelled = _lookup(gaz, words)
        if m.candidates and not m.respelled:
            m.others = gaz.other_names(words)
        if words.casefold() in GENERIC_DIVISIONS:  # "Southern": Malawi's "Southern Region" too
            m.candidates = tuple(dict.fromkeys(
                m.candidates + tuple(e for w in DIVISION_WORDS for e in gaz.candidates(f"{words} {w}"))
            ))
        if source == "LIST":  # "Jackson and Barrow counties": the counties, not the towns
            m.hint = "admin"
            if not any(e.feature in ("admin1", "admin2", "admin3") for e in m.candidates):
                m.candidates = m.candidates + gaz.candidates(words + " County") + gaz.candidates(words + " Parish")
        after = text[end:end + 16].split()
        if m.hint is None and after:
            word = after[0].strip(",.;:").casefold()
            if word in ADMIN_WORDS:
                m.hint = "admin"
            elif word in CITY_WORDS:
                m.hint = "city"
        before = text[max(0, start - 12):start].split()
        if (after and after[0].strip(",.;:").casefold() in QUARTER_WORDS) or (
                before and before[-1].casefold() in QUARTER_WORDS) or (
                rest and first.casefold() in QUARTER_WORDS):  # "Colonia Buena Vista"
            m.hint = "quarter"  # "Guama neighbourhood", "Barangay Capihan": a part of a town
        if source == "FRAGMENT":  # "Kut e Abdollah" is no Kut: an unknown place
            m.candidates, m.others, m.respelled = (), (), False
        if m.candidates or source in PLACE_LABELS or source == "FRAGMENT":  # an unknown place may lie in a known one
            mentions.append(m)
    return mentions, demonym_votes


def _comma_lists(mentions: list[_Mention], text: str) -> set[int]:
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


def _link_containers(mentions: list[_Mention], text: str) -> None:
    """"Alexandria, Louisiana", "Hit district of Anbar", "Alexandria in Egypt", "Kagara (Rafi, Niger)"."""
    listed = _comma_lists(mentions, text)
    for i in range(len(mentions) - 1):
        a, b = mentions[i], mentions[i + 1]
        gap = text[a.end:b.start]
        if _CONTAIN_GAP.match(gap):
            if i not in listed:
                a.within, a.within_bonus = i + 1, CONTAINED_BONUS
        elif _PAREN_GAP.match(gap) or _PAREN_SKIP_GAP.match(gap):
            a.within, a.within_bonus = i + 1, CONTAINED_BONUS
        elif _OF_GAP.match(gap):
            a.within, a.within_bonus = i + 1, CONTAINED_BONUS
            a.hint = a.hint or "admin"
        elif _WITHIN_GAP.match(gap):
            a.within, a.within_bonus = i + 1, CONTAINED_BONUS
        elif _IN_GAP.match(gap) or _NEAR_GAP.match(gap):
            a.within, a.within_bonus, a.loose = i + 1, CONTAINED_BONUS, True
    for m in mentions:
        if m.within is not None and not m.loose:
            outer = mentions[m.within]
            outer.outermost = outer.within is None


def _dateline_country(text: str, gaz: Gazetteer) -> str | None:
    match = _DATELINE.match(text)
    if not match:
        return None
    found = gaz.candidates(match.group(1).strip(" .-"))
    return found[0].country if found else None


def _inside(entry: GazetteerEntry, container: GazetteerEntry) -> bool:
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
    return same_admin1 and _FEATURE_ORDER.get(entry.feature, 9) >= _FEATURE_ORDER.get(container.feature, 9)


#: Coarse to fine: a place can lie inside one of a lower number.
_FEATURE_ORDER = {"country": 0, "region": 1, "admin1": 2, "admin2": 3, "admin3": 4, "city": 5, "site": 6}


def _score(m: _Mention, entry: GazetteerEntry, container: GazetteerEntry | None, context: dict) -> float:
    score = _prior(entry, m.candidates)
    if m.hint == "admin" and entry.feature in ("admin1", "admin2", "admin3"):
        score += HINT_BONUS
    elif m.hint == "city" and entry.feature == "city":
        score += HINT_BONUS
    else:
        score += _outermost_bonus(m, entry)
    if container is not None and _inside(entry, container):
        score += m.within_bonus
    countries: Counter = context["countries"]
    if entry.country and countries[entry.country]:
        score += COUNTRY_CONTEXT_BONUS
        if entry.country == context["main"]:
            score += MAIN_COUNTRY_BONUS
    if entry.admin1 and entry.feature != "admin1" and normalise(entry.admin1) in context["admin1"]:
        score += ADMIN1_CONTEXT_BONUS
    if entry.country and entry.country == context["dateline"]:
        score += DATELINE_BONUS
    support = context.get("support")
    if support is not None and entry.country and entry.admin1:
        by_admin1, own = support
        pair = (entry.country, normalise(entry.admin1))
        mine, weight = own.get(m.key, (frozenset(), 0.0))
        n = by_admin1[pair] - (weight if pair in mine else 0.0)
        score += ADMIN1_SUPPORT * min(n, SUPPORT_CAP)
    return score


def _outermost_bonus(m: _Mention, entry: GazetteerEntry) -> float:
    """Last in a chain ("..., Pinabacdao, Samar"), a name is likelier the division."""
    if m.hint is not None or not m.outermost or entry.feature not in ("admin1", "admin2", "admin3"):
        return 0.0
    if entry.feature == "admin1" and _named_after_city(entry, m.candidates):
        # "El Alto, La Paz": the department is no less likely than its capital
        return OUTERMOST_BONUS + CITY_NAMED_DIVISION_PENALTY - 0.5
    return OUTERMOST_BONUS


def _support(mentions: list[_Mention]) -> tuple[Counter, dict]:
    """How many of the article's names could lie in each first-level division.

    "Athens" beside "Clarke County" and "Augusta": each of the three has a reading in
    Georgia (US), so each Georgian reading is supported by the two other names. Counted
    once per distinct name, over its likelier readings. (A country is too wide to count:
    most US towns' names are found somewhere else in the US too.) A name read in many
    divisions says little of each: it counts for ``SUPPORT_SPREAD / n`` in each of its n
    divisions, so that "Moscow" and "Russia" beside "Washington" and "Atlanta" do not make
    a US state of towns that share their names.
    """
    by_admin1: Counter = Counter()
    own: dict[str, tuple[frozenset, float]] = {}
    for m in mentions:
        if m.key in own or not m.candidates or m.respelled:
            continue
        entries = m.candidates[:SUPPORT_READINGS]
        admin1s = frozenset((e.country, normalise(e.admin1)) for e in entries if e.country and e.admin1)
        weight = min(1.0, SUPPORT_SPREAD / len(admin1s)) if admin1s else 0.0
        own[m.key] = (admin1s, weight)
        for pair in admin1s:
            by_admin1[pair] += weight
    return by_admin1, own


def _firm(m: _Mention) -> GazetteerEntry | None:
    """The entry a mention names whatever the context: the only one, or far likelier than the next."""
    if not m.candidates:
        return None
    if len(m.candidates) == 1:
        return m.candidates[0]
    ranked = sorted(m.candidates, key=lambda e: -_prior(e, m.candidates))
    if _prior(ranked[0], m.candidates) - _prior(ranked[1], m.candidates) >= FIRM_MARGIN:
        return ranked[0]
    return None


def _context(mentions: list[_Mention], votes: Counter, dateline: str | None) -> dict:
    """Countries and first-level divisions that the article's unambiguous places name."""
    countries: Counter = Counter(votes)
    admin1: set[str] = set()
    own: dict[str, Counter] = {}  # the votes each name cast
    for m in mentions:
        firm = _firm(m) if not m.respelled and m.hint != "quarter" else None
        if firm is None:
            continue
        if firm.country:
            countries[firm.country] += 2
            own.setdefault(m.key, Counter())[firm.country] += 2
        if firm.feature == "admin1":
            admin1.add(normalise(firm.name))
        elif firm.admin1:
            admin1.add(normalise(firm.admin1))
    if dateline:
        countries[dateline] += 2
    main = countries.most_common(1)[0][0] if countries else None
    return {"countries": countries, "admin1": admin1, "main": main, "dateline": dateline,
            "support": _support(mentions), "own": own}


def _other_names_at_home(mentions: list[_Mention], context: dict) -> bool:
    """A name none of whose readings lies in a country the rest of the article names
    reads as the town of that country that GeoNames also calls so: "Kalinovo" in an
    article about Ukraine is Ukraine's Kalynove, not Russia's Kalinovo. Says whether
    any reading changed."""
    changed = False
    for m in mentions:
        if not m.others:
            continue
        elsewhere = context["countries"] - context["own"].get(m.key, Counter())
        if not elsewhere or any(elsewhere[e.country] > 0 for e in m.candidates):
            continue
        home = tuple(e for e in m.others if elsewhere[e.country] > 0 and spelled_alike(m.text, e.name))
        if home:
            m.candidates, m.others, changed = home, (), True
    return changed


def _resolve(mentions: list[_Mention], context: dict) -> None:
    """Pick each mention's entry; one sense per name in an article; containers agree."""
    for m in mentions:  # a first pass without containers, so containers are known
        if m.candidates:
            m.resolved = max(m.candidates, key=lambda e: _score(m, e, None, context))
    groups: dict[str, list[_Mention]] = {}
    for m in mentions:
        if m.candidates:
            groups.setdefault(m.key, []).append(m)
    for group in groups.values():
        best, best_score = None, -math.inf
        for entry in group[0].candidates:
            total = max(
                _score(m, entry, mentions[m.within].resolved if m.within is not None else None, context)
                for m in group
            )
            if total > best_score:
                best, best_score = entry, total
        for m in group:
            m.resolved = best
    _fit_containers(mentions, context)


def _fit_containers(mentions: list[_Mention], context: dict) -> None:
    """Make each "X, Y", "X (Y)" and "X in Y" chain consistent, outermost first.

    A city Y whose province bears its name stands for the province ("Petrovskoye,
    Donetsk"). When Y is not sure of itself (not firm, in no country the article is about,
    not "Y state") and is inside no named container, X and Y take the likeliest pair of
    readings one inside the other. Else X takes its best reading inside Y's, by its own
    names or its other names ("Ivanovka, Luhansk"). When none lies in Y, X is a place the
    gazetteer does not know inside Y: it takes Y's entry, and so Y's coarser precision;
    so does an X the gazetteer does not know at all. When no reading of X is even in Y's
    country, that needs Y sure of itself or X small. A town stands for X only when X is
    a smaller town abroad ("Tieba (Bankass, Mopti)"), and a bare "in" only when X is weak
    (small, or in no country the rest of the article names); a city of 100,000 or more
    is never replaced by either.
    """
    for i in range(len(mentions) - 1, -1, -1):
        m = mentions[i]
        if m.within is None or m.within_bonus < CONTAINED_BONUS:
            continue
        outer = mentions[m.within]
        holder = outer.resolved if outer.resolved is not None and _kept(outer, mentions, context) else None
        if holder is not None and holder.feature == "city":
            # "Petrovskoye, Donetsk": after a place, a city's name that is also its
            # province's names the province
            division = [
                e for e in outer.candidates
                if e.feature == "admin1" and e.country == holder.country and e.admin1
                and holder.admin1 and normalise(e.admin1) == normalise(holder.admin1)
            ]
            if division:
                holder = outer.resolved = division[0]
        if not m.candidates:  # "Acapulco, Guerrero" without Acapulco in the gazetteer: Guerrero
            if holder is not None and holder.feature in _HOLDERS and not m.loose:
                m.resolved = holder
            continue
        firm = _firm(outer)
        sure = holder is not None and (
            (firm is not None and firm.country == holder.country) or context["countries"][holder.country] > 0
            # "Lara state": the text says the holder is a division
            or (outer.hint == "admin" and holder.feature in ("admin1", "admin2", "admin3"))
        )
        # Y not sure of itself: the likeliest pair of readings, one inside the other ("El
        # Alto, La Paz" is Bolivia's pair, whatever Y alone would have been)
        pairs = [
            (_score(m, e, None, context) + _score(outer, c, None, context), e, c)
            for c in (outer.candidates if outer.within is None and not sure and not m.loose else ())
            for e in m.candidates if _inside(e, c)
        ]
        if pairs:
            best = max(pairs, key=lambda t: t[0])
            # ... unless Y alone is far likelier than any pair: then X is a place the
            # gazetteer lacks ("El Alto, La Paz" without Bolivia's El Alto is not
            # Argentina's hamlet in a department called La Paz)
            likeliest = max(outer.candidates, key=lambda c: _alone(outer, c))
            if _prior(best[1], m.candidates) + _alone(outer, best[2]) >= _alone(outer, likeliest) + UNKNOWN_PLACE_PRIOR:
                _, m.resolved, outer.resolved = best
                continue
            holder = outer.resolved = likeliest
        fits = [e for e in m.candidates if holder is not None and _inside(e, holder)]
        if not fits:  # "Ivanovka, Luhansk": Luhansk oblast's Ivanivka, by its Russian name
            fits = [e for e in m.others if holder is not None and _inside(e, holder)]
        if fits:
            m.resolved = max(fits, key=lambda e: _score(m, e, None, context))
            continue
        if holder is None or m.resolved is None or holder.feature not in _HOLDERS | {"city"}:
            continue
        elsewhere = context["countries"] - context["own"].get(m.key, Counter())
        if (m.loose or holder.feature == "city") and m.resolved.feature == "city" \
                and m.resolved.population >= TRUSTED_TOWN \
                and (m.resolved.country == holder.country or elsewhere[m.resolved.country] > 0):
            # a city is no unknown village inside a town, nor in what a bare "in" names;
            # unless it lies in a country nothing else in the article names ("Mandoli
            # (Bandiagara, Mopti)" is no suburb of Delhi)
            continue
        mine, theirs = _FEATURE_ORDER.get(m.resolved.feature, 9), _FEATURE_ORDER[holder.feature]
        # finer than Y, or a smaller town of another country ("Tieba (Bankass, Mopti)": no
        # town of Mali is called Tieba, and China's is a namesake)
        finer = mine > theirs or (
            m.resolved.feature == holder.feature == "city" and (
                # "Tieba (Bankass, Mopti)": a smaller town abroad, or one in a country the
                # article does not otherwise name
                (m.resolved.country != holder.country
                 and (m.resolved.population < holder.population or not elsewhere[m.resolved.country]))
                # "Bamba (Koro, Mopti)": a town of another province than the one the text names
                or (m.resolved.country == holder.country and m.resolved.population < TRUSTED_TOWN
                    and normalise(m.resolved.admin1 or "") != normalise(holder.admin1 or "")
                    and _names_a_division(outer, mentions))
            )
        )
        if m.loose:  # "X in Y": only a weak X ("Kelly in Idleb", not "Texas in Iraq")
            finer = finer and (m.resolved.population < SMALL_TOWN or not elsewhere[m.resolved.country])
        if finer and (sure or any(e.country == holder.country for e in m.candidates)
                      or m.resolved.population < SMALL_TOWN):
            # (when no reading of X is even in Y's country, Y must be sure of itself)
            m.resolved = holder


def _alone(m: _Mention, entry: GazetteerEntry) -> float:
    """How likely a reading is by itself, before any context: its prior, and the lean of
    a chain's last place to a division."""
    return _prior(entry, m.candidates) + _outermost_bonus(m, entry)


def _names_a_division(m: _Mention, mentions: list[_Mention]) -> bool:
    """Does the chain from ``m`` outwards name a first-level division ("Koro, Mopti")?"""
    for _ in range(4):
        if m.resolved is not None and m.resolved.feature == "admin1":
            return True
        if m.within is None:
            return False
        m = mentions[m.within]
    return False


#: The prior of a place the gazetteer lacks: a town of no recorded people (log10 of 10).
UNKNOWN_PLACE_PRIOR = 1.0
#: How alike (difflib's ratio) two spellings of one name are at least.
ALIKE_RATIO = 0.7
#: A town this large found by another of its names or spellings ("Patras") stands on its own.
TRUSTED_TOWN = 100_000
#: A town smaller than this, found far from the container the text names, is a namesake:
#: the text's container is likelier right than it.
SMALL_TOWN = 10_000
#: Features that can stand for an unknown place named inside them.
_HOLDERS = frozenset({"country", "region", "admin1", "admin2", "admin3"})


def _place(m: _Mention) -> Place:
    e = m.resolved
    if e is None:
        return Place(name=m.text, text=m.text, start=m.start, end=m.end, in_organisation=m.in_organisation)
    return Place(
        name=e.name, country=e.country, admin1=e.admin1, lat=e.lat, lon=e.lon,
        geonameid=e.geonameid, precision=e.precision, text=m.text, start=m.start, end=m.end,
        in_organisation=m.in_organisation,
    )


def resolve_places(analysis: Analysis, gaz: Gazetteer, lexicons: Any = None) -> tuple[Place, ...]:
    """Needs ``analysis.doc`` and a gazetteer (and, optionally, the lexicons, whose known
    actors add country context); gives one Place per toponym mention, in text order."""
    text = analysis.article.text
    mentions, votes = _find_mentions(analysis, gaz)
    if lexicons is not None:
        votes.update(_home_groups(analysis.doc, lexicons))
    _link_containers(mentions, text)
    dateline = _dateline_country(text, gaz)
    context = _context(mentions, votes, dateline)
    if _other_names_at_home(mentions, context):
        context = _context(mentions, votes, dateline)
    _resolve(mentions, context)
    return tuple(_place(m) for m in mentions if m.resolved is not None and _kept(m, mentions, context))


def _kept(m: _Mention, mentions: list[_Mention], context: dict) -> bool:
    """Is the mention's reading kept: see ``_trusted``; and a part of a town ("Guama
    neighbourhood", "Colonia Buena Vista") stands only in a country the article is otherwise
    about, and in a first-level division it names, where it names any."""
    if m.hint == "quarter" and m.resolved is not None:
        if not context["countries"][m.resolved.country]:
            return False
        if context["admin1"] and normalise(m.resolved.admin1 or "") not in context["admin1"]:
            return False
    return _trusted(m, mentions, context)


def _trusted(m: _Mention, mentions: list[_Mention], context: dict) -> bool:
    """A name found only under another spelling stands when it names a province, lies in
    the place the text says contains it, or in a country the article is otherwise about."""
    if not m.respelled:
        return True
    holder = mentions[m.within].resolved if m.within is not None else None
    if holder is not None and _inside(m.resolved, holder):
        return True
    country = m.resolved.country
    if any(e.feature == "admin1" and e.country == country for e in m.candidates):
        return True  # "Idleb": the province Idlib or its capital
    if m.resolved.feature == "city" and m.resolved.population >= TRUSTED_TOWN and m.resolved.by_alias:
        return True  # "Patras", "Larissa": the cities, whatever else the article names
    if m.resolved.by_alias and not spelled_alike(m.text, m.resolved.name):
        return False  # an old or unrelated name ("Passover" for a Mountain City) needs the text's container
    return bool(country and context["countries"][country])


@stage("places", requires=("doc",), assigns=("places",))
def find_places(analysis: Analysis, resources) -> dict:
    """Needs the parsed doc; adds ``places``: every toponym mention with its resolved entry."""
    return {"places": resolve_places(analysis, resources.gazetteer, resources.lexicons)}
