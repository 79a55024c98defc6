"""Stage ``event_places``: where each event happened.

Needs ``events`` (trigger and sentence offsets) and ``places`` (resolved toponym
mentions); sets ``event.place`` with ``Evidence("place", ...)`` on the words it came from.

Where an event happened is not where its actors come from: in "US forces attacked
sites in Iraq" the place is Iraq. Each resolved place in the event's sentence is
scored: a locative preposition governing it ("in", "at", "near", "on") and being in
the trigger's subtree count for it; modifying a noun ("US forces", "Iraq's army") or
lying inside an actor's words count against it; finer places win ties, and a place the
text puts inside the chosen one ("Saraqab in Idleb", "Yemen (Sadah)") wins over it. The
home of the people named says where too ("residents of Port Sudan", "Jashpur residents").
A place of the sentence that nothing there locates ("had fled Fallujah", no "in") gives way
to the town the article names most often, when it names that town more often
(``_own_or_most_named``). Places named inside an organisation's name do not count here,
nor do those of the publisher's name after a page's title ("... - KXYZ News 4 Ramadi",
``_in_masthead``), which count as named in an organisation's name.

When no place in the sentence qualifies, the event takes, in order (``place_event``, each
recorded in ``Event.rules`` as the ``place`` rule): the plainly locative place of the
nearest earlier sentence; the article's all-capitals dateline ("MANSFIELD —"); the
place the article's other events share; the plainly locative place of the next later
sentence; a place named in an organisation's name ("a protest at Lucknow University"),
then a town or division that qualifies a noun other than armed forces ("a mob attacked
Delhi police officers"), each only in the article's main country, which it makes finer;
the main country itself, the one the article's places are most often the location of
(not the modifier or subject), at country precision; and, with no main country, those
two again in any country. A place found by the earlier or later sentence, the other
events, an organisation's name or a qualifier gives way to the town the article names
most often (``_focus``; a mention inside an organisation's name counts half), when it
names that town more often than the place. Places from names and qualifiers are given
at a town's precision at most; the chosen place keeps its own precision otherwise: a
province stays a province, except that an event placed in a first-level division takes
the town inside it that the article's other sentences most often put something in
(``_finer``), and an event placed in a first-level division or a country where they put
nothing in such a town takes the town the article names most often in it, when it names it
at least twice.
``home_country`` later places what is still unplaced in its actors' country.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections import Counter
from collections.abc import Iterable

from ..model import Event, Evidence, Place
from ..nlp import text_of
from ..pipeline import Analysis, stage
from ..resources.words import Words
from .places.forced import DATELINE_TAIL, DATELINE_WINDOW

#: Dependency relations that make a place a modifier of a noun: an origin, not a location.
MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod", "npadvmod"})
#: Finer places are more informative when the text supports several.
PRECISION_SCORE = {"site": 3.0, "city": 2.5, "admin2": 2.0, "admin1": 1.5, "region": 1.2, "country": 1.0}
LOCATIVE_SCORE = 4.0
#: A country only one name is read in, against this many names read in one other country.
STRAY_CLUSTER = 2
STRAY_PENALTY = 4.0
SUBTREE_SCORE = 1.0
#: Nouns a place's phrase may qualify on its way to the trigger ("attacks on sites in Iraq": one).
MAX_NOUNS_BETWEEN = 1
ATTACHED_SCORE = 3.0
MODIFIER_PENALTY = 6.0
ACTOR_PENALTY = 6.0


def _root_token(doc, place: Place):
    """The syntactic head of a place mention's tokens (None without a parse)."""
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _is_locative(tables: Words, tok) -> bool:
    """Is the token the object of a locative preposition ("in Iraq", "on Erbil Air Base"),
    or part of a place phrase that is ("in Hit, Anbar", "in the North Zone of Rio de
    Janeiro", "in Gakara village, Kolofata subdivision (Mayo-Sava)", "in Diyarbakir city
    center")?"""
    head = tok
    for _ in range(6):
        if head.head.i == head.i:
            break
        if head.dep_ in ("conj", "appos"):
            head = head.head  # "in Hit, Anbar", "in Iraq and Syria"
        elif head.dep_ == "pobj" and head.head.lower_ == "of" and _names_site(tables, head.head.head):
            head = head.head.head  # "the North Zone of X", "the outskirts of X"
        elif (head.dep_ in MODIFIER_DEPS and head.head.i > head.i and head.head.pos_ in ("NOUN", "PROPN")
              and head.head.lemma_.lower() in tables["named_place_nouns"]):
            head = head.head  # "in X city", "in X district"
        else:
            break
    if head.dep_ == "pobj" and head.head.lower_ in tables["locative_preps"]:
        return True
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    # the parser often attaches "in the north of X" oddly: fall back on the word before
    while prev is not None and prev.lower_ in ("the", "northern", "southern", "eastern", "western", "central"):
        prev = tok.doc[prev.i - 1] if prev.i > 0 else None
    return prev is not None and prev.lower_ in tables["locative_preps"] and prev.dep_ == "prep"


def _names_site(tables: Words, tok) -> bool:
    """Is the token a noun for a place or a site in one ("city", "square", "highway")?"""
    return tok.pos_ in ("NOUN", "PROPN") and tok.lemma_.lower() in tables["site_nouns"] | tables["named_place_nouns"]


def _names_a_site(tables: Words, tok) -> bool:
    """Does the place only name a site ("the Mile mall", "Al Birayn checkpoint", "Baghdad's
    Tahrir Square")? The site lies there, but the phrase says no more than that: no
    locative weight of its own."""
    return (tok.dep_ in MODIFIER_DEPS and tok.head.i > tok.i and _names_site(tables, tok.head)
            and tok.head.lemma_.lower() not in tables["named_place_nouns"])


def _is_modifier(tables: Words, tok) -> bool:
    """Does the place qualify a noun ("US forces", "Iraq's government", "Iran-backed")?"""
    if tok.dep_ in MODIFIER_DEPS and tok.head.pos_ in ("NOUN", "PROPN", "ADJ", "VERB") and tok.head.i != tok.i \
            and not (tok.head.pos_ == "VERB" and _preposition_before(tables, tok.doc, tok.left_edge.i)):
        if _names_site(tables, tok.head) or _joined_name(tok):
            # "Addis Ababa city", "Haifa district", "Baghdad's Tahrir Square": where, not whose
            return False
        return tok.head.i > tok.i  # the place comes before the noun it qualifies
    # "Iran-backed", "US-made"
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return nxt is not None and nxt.text in ("-", "–") and tok.dep_ != "pobj" and not _joined_name(tok)


def _joined_name(tok) -> bool:
    """A place joined by a hyphen to the name of a part of it: "Belgrade-Stari Grad"."""
    doc = tok.doc
    return (tok.i + 2 < len(doc) and doc[tok.i + 1].text in ("-", "–") and doc[tok.i + 2].text[:1].isupper()
            and doc[tok.i + 2].pos_ == "PROPN" and tok.head.pos_ == "PROPN")


def _is_agent(tok) -> bool:
    """Is the place a verb's subject ("the US said", "Iraq condemned")? Then it acts; it is not a location."""
    head = tok
    while head.dep_ in ("conj", "appos") and head.head.i != head.i:
        head = head.head
    return head.dep_ in ("nsubj", "nsubjpass", "agent") or (head.dep_ == "pobj" and head.head.dep_ == "agent")


def _in_brackets(doc, tok) -> bool:
    """Is the token inside a bracketed gloss of its sentence ("Mabai (Kankara LGA, Katsina)")?"""
    sent_start = tok.sent.start
    for i in range(tok.i - 1, max(sent_start, tok.i - 12) - 1, -1):
        word = doc[i].text
        if word in (")", "]"):
            return False
        if word in ("(", "["):
            return True
    return False


def _dwellers_of(tables: Words, tok) -> bool:
    """Is the place where the people of the phrase live ("residents of Port Sudan", "youths of
    X", "Jashpur residents")?"""
    head = tok
    while head.dep_ in ("conj", "appos") and head.head.i != head.i:
        head = head.head
    if head.dep_ in ("compound", "amod", "nmod") and head.head.i > head.i:
        return head.head.lemma_.lower() in tables["dweller_nouns"] and head.head.pos_ == "NOUN"
    return head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lemma_.lower() in tables["dweller_nouns"]


def _says_where(tables: Words, doc, tok) -> bool:
    """Does the place's phrase say where, however the parser hangs it: a gloss in brackets,
    or the home of the people named ("residents of X", "X residents")?"""
    return _in_brackets(doc, tok) or _dwellers_of(tables, tok)


def _in_actor(event: Event, place: Place) -> bool:
    assert place.start is not None and place.end is not None  # (a place of the text, as _score's)
    for actor in (event.actor1, event.actor2):
        if actor is not None and actor.start is not None and actor.end is not None:
            if actor.start <= place.start and place.end <= actor.end:
                return True
    return False


def _trigger_token(doc, event: Event):
    span = doc.char_span(event.trigger_start, event.trigger_end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _attachment(tables: Words, tok, trigger) -> float:
    """How directly the place's phrase hangs on the trigger.

    Climbs from the place to the first verb (or the trigger itself): reaching the
    trigger scores ``ATTACHED_SCORE`` ("attacks on sites in Iraq"); reaching a verb
    that qualifies the trigger ("an attack that injured ... in X") scores half. A place
    that qualifies a chain of other nouns on the way ("a demonstration in support of the
    declaration of self-administration in South Yemen") is about them, not the event:
    past ``MAX_NOUNS_BETWEEN`` nouns, it does not count as attached.
    """
    if trigger is None:
        return 0.0
    head = tok
    nouns = 0
    for _ in range(12):
        if head.i == trigger.i:
            return ATTACHED_SCORE if nouns <= MAX_NOUNS_BETWEEN else 0.0
        if head.i != tok.i and head.pos_ == "NOUN" and head.dep_ == "pobj" and not _names_site(tables, head):
            nouns += 1  # (a site or a part of a place is still where: "in front of the morgue in X")
        if head.pos_ in ("VERB", "AUX") and head.i != tok.i:
            if head.head.i == trigger.i and head.dep_ in ("relcl", "acl", "advcl", "xcomp", "conj"):
                return ATTACHED_SCORE / 2
            if trigger.head.i == head.i and trigger.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "pobj"):
                return ATTACHED_SCORE / 2  # "launched an attack ... in X"
            return 0.0
        if head.head.i == head.i:
            return 0.0
        head = head.head
    return 0.0


def _trigger_subtree(doc, event: Event) -> tuple[int, int] | None:
    root = _trigger_token(doc, event)
    if root is None:
        return None
    # a nominal trigger ("attack") takes its location from its verb's arguments too
    if root.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj", "attr") and root.head.pos_ in ("VERB", "AUX"):
        root = root.head
    left, right = root.left_edge, root.right_edge
    return left.idx, right.idx + len(right)


def _score(tables: Words, doc, event: Event, place: Place, subtree: tuple[int, int] | None) -> float:
    assert place.start is not None and place.end is not None  # (a place of the event's sentence)
    score = PRECISION_SCORE.get(place.precision or "", 0.5)
    tok = _root_token(doc, place)
    plainly_locative = glossed = False
    if tok is not None:
        modifier = _is_modifier(tables, tok)
        # the parser sometimes makes "in Recanto das Emas" a verb's subject: the preposition settles it
        plainly_locative = _after_preposition(tables, doc, place) and not modifier
        # a gloss in brackets only says where ("attacked Nacutuco (Mucojo, Cabo Delgado)"),
        # however the parser hangs it
        glossed = _says_where(tables, doc, tok)
        if not glossed and (modifier or (_is_agent(tok) and not plainly_locative)):
            score -= MODIFIER_PENALTY
        else:
            if (plainly_locative or _is_locative(tables, tok)) and not _names_a_site(tables, tok):
                score += LOCATIVE_SCORE
            score += _attachment(tables, tok, _trigger_token(doc, event))
    if subtree is not None and subtree[0] <= place.start and place.end <= subtree[1]:
        score += SUBTREE_SCORE
    # "residents of Port Sudan" and a gloss inside an actor's words still say where
    where = glossed or (tok is not None and _dwellers_of(tables, tok))
    if _in_actor(event, place) and not plainly_locative and not where:
        score -= ACTOR_PENALTY
    # nearer the trigger breaks ties
    score -= abs(place.start - event.trigger_start) / 10_000
    return score


def _demonym_places(doc, event: Event, resources) -> list[Place]:
    """Country places from "on Israeli cities", "into Syrian territory": a locative noun a demonym qualifies."""
    tables: Words = resources.words
    gaz = resources.gazetteer if resources is not None else None
    if gaz is None:
        return []
    found = []
    span = doc.char_span(event.sentence_start, event.sentence_end, alignment_mode="expand")
    for tok in span if span is not None else ():
        if tok.lemma_.lower() not in tables["demonym_place_nouns"] or not (tok.dep_ == "pobj" and tok.head.lower_ in tables["locative_preps"]):
            continue
        for child in tok.children:
            code = gaz.demonym(child.text) if child.dep_ in ("amod", "compound") else None
            if code:
                start, end = child.idx, tok.idx + len(tok.text)
                words = text_of(doc)[start:end]
                entry = gaz.country(code)
                found.append(Place(
                    name=entry.name if entry else code, country=code, precision="country",
                    lat=entry.lat if entry else None, lon=entry.lon if entry else None,
                    geonameid=entry.geonameid if entry else None, text=words, start=start, end=end,
                ))
    return found


def _main_country(tables: Words, doc, places: tuple[Place, ...]) -> tuple[str, Place] | None:
    """The country the article's places most often locate things in, and its first such mention."""
    votes: Counter = Counter()
    first: dict[str, Place] = {}
    for place in places:
        if not place.country or place.in_organisation:
            continue
        tok = _root_token(doc, place)
        weight = 1.0
        if tok is not None:
            if _is_locative(tables, tok):
                weight = 2.0
            elif (_is_modifier(tables, tok) or _is_agent(tok)) and not _says_where(tables, doc, tok):
                weight = 0.0
        if weight:
            votes[place.country] += weight  # type: ignore[assignment]  # (a Counter of float weights)
            first.setdefault(place.country, place)
    if not votes:
        return None
    code = votes.most_common(1)[0][0]
    return code, first[code]


def _country_place(code: str, mention: Place, resources) -> Place:
    """A country-precision place for ``code``, from the gazetteer when it knows it."""
    entry = resources.gazetteer.country(code) if resources is not None else None
    if entry is None:
        return Place(name=code, country=code, precision="country",
                     text=mention.text, start=mention.start, end=mention.end)
    return Place(
        name=entry.name, country=entry.country, lat=entry.lat, lon=entry.lon,
        geonameid=entry.geonameid, precision="country",
        text=mention.text, start=mention.start, end=mention.end,
    )


#: Words between two places that put the first inside the second: "Saraqab in Idleb",
#: "Kagara (Rafi, Niger)", "Hit, Anbar".
_INSIDE_GAP = re.compile(r"^(?:\s+in\s+(?:the\s+)?|\s*,\s*|\s*[(\[]\s*)$")


#: A bracketed gloss that names a finer place: "in western Yemen (Sadah)".
_GLOSS_GAP = re.compile(r"^\s*[(\[]\s*$")


def _innermost(text: str, best: Place, scored: list[tuple[Place, float]]) -> Place:
    """The place the text puts inside ``best``: right before it and not ruled out, or a finer
    place in the gloss right after it ("western Yemen (Sadah)")."""
    for _ in range(3):
        inner = [
            p for p, score in scored
            if score > 0 and p.end is not None and best.start is not None and p.end <= best.start
            and p.country == best.country and p is not best and _INSIDE_GAP.match(text[p.end:best.start])
            and (PRECISION_SCORE.get(p.precision or "", 0) >= PRECISION_SCORE.get(best.precision or "", 0))
        ]
        # the gloss may follow another mention of the same place: "Al Jabaliyah area in
        # western Yemen (At Tuhayat)" where the unknown Al Jabaliyah took Yemen's entry
        same = [q for q, _ in scored if q is best or (q.geonameid is not None and q.geonameid == best.geonameid
                                                       and q.precision == best.precision)]
        glossed = [
            p for p, _ in scored
            if p.start is not None and p.country == best.country
            and any(q.end is not None and p.start >= q.end and _GLOSS_GAP.match(text[q.end:p.start]) for q in same)
            and PRECISION_SCORE.get(p.precision or "", 0) > PRECISION_SCORE.get(best.precision or "", 0)
        ]
        if not inner and not glossed:
            break
        best = inner[-1] if inner else glossed[0]
    return best


def _earlier_place(tables: Words, doc, event: Event, places: tuple[Place, ...]) -> Place | None:
    """The place of the nearest earlier sentence that names a location plainly ("in Sao Goncalo").

    A report often says where in its first sentence and what happened in the next ones
    ("On 2 May, in X, police raided a house. A shoot-out broke out ..."). A place that
    qualifies a noun ("US forces") or acts ("Iraq said") never counts; in the nearest
    sentence with one that does, a place a locative preposition governs comes first
    ("in Gakara village, Kolofata subdivision (Mayo-Sava)" has none: Mayo-Sava serves).
    """
    best, best_key = None, None
    # From the last place back: once a place qualifies, a place that ends before its
    # sentence starts cannot win, and is skipped before its parse is read (the parse
    # lookups, for every place of every event, made long articles quadratic).
    for place in reversed(places):
        if (place.start is None or place.end is None or place.end > event.sentence_start
                or place.country is None or place.in_organisation):
            continue
        if best_key is not None and place.end <= best_key[0]:
            continue
        tok = _root_token(doc, place)
        if tok is None or ((_is_modifier(tables, tok) or _is_agent(tok)) and not _says_where(tables, doc, tok)):
            continue
        locative = _is_locative(tables, tok) or _after_preposition(tables, doc, place)
        key = (tok.sent.start_char, locative, PRECISION_SCORE.get(place.precision or "", 0.5), -place.start)
        if best_key is None or key >= best_key:  # >=: of equal keys, the first place wins, as in text order
            best, best_key = place, key
    return best


def _preposition_before(tables: Words, doc, i: int) -> bool:
    """Does a locative preposition stand right before token ``i`` ("in the X", "in San
    Pedro de la Paz")?"""
    if i == 0:
        return False
    prev = doc[i - 1]
    if prev.lower_ == "the" and i > 1:
        prev = doc[i - 2]
    return prev.lower_ in tables["locative_preps"] and prev.pos_ == "ADP"


def _after_preposition(tables: Words, doc, place: Place) -> bool:
    """Does a locative preposition stand right before the place's words?"""
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    return span is not None and _preposition_before(tables, doc, span.start)


@dataclasses.dataclass(frozen=True)
class ArticlePlaces:
    """What the whole article says about where, worked out once for all its events.

    ``main`` is the main country and its first mention (``_main_country``); ``strays`` the
    countries only a lone namesake is read in (``_strays``); ``located`` the places the text
    plainly puts something in ("in X", "X residents", a gloss in brackets), in text order;
    ``dateline`` the place of an all-capitals dateline ("MANSFIELD —"); ``in_names`` the places
    named only inside organisations' names ("Lucknow University"), in text order.
    """

    main: tuple[str, Place] | None = None
    strays: frozenset[str] = frozenset()
    located: tuple[Place, ...] = ()
    dateline: Place | None = None
    in_names: tuple[Place, ...] = ()
    #: places finer than a country that qualify a noun other than armed forces ("Delhi police
    #: officers", "the Tinsukia district committee", "Phnom Penh's garment factory"), in text order
    qualifiers: tuple[Place, ...] = ()
    #: how often the article names each town, district or site (``_town_key``), in any role;
    #: a mention in an organisation's name counts ``IN_NAME_MENTION``, the publisher's none
    towns: Counter = dataclasses.field(default_factory=Counter)
    #: the town the article names most often, more often than any other (``_focus``)
    focus: Place | None = None


def _dateline(text: str, places: tuple[Place, ...]) -> Place | None:
    """The place of an all-capitals dateline near the start of the text ("MANSFIELD —", "BEIRUT (AP) -")."""
    for place in places:  # (in text order)
        if place.start is not None and place.start > DATELINE_WINDOW:
            break
        if place.start is None or place.end is None or place.in_organisation or not place.country:
            continue
        words = place.text or ""
        after = text[place.end:place.end + 40]
        if len(words) > 2 and words.isupper() and _DATELINE_AFTER.match(after):
            return place
    return None


#: What follows a dateline's place: ", Ohio —", " (AP) -", " —", ":" (the places stage's pattern).
_DATELINE_AFTER = re.compile(DATELINE_TAIL)


def article_places(tables: Words, analysis: Analysis, mastheads: frozenset[int] = frozenset()) -> ArticlePlaces:
    """``ArticlePlaces`` of an analysed article (``mastheads``: the starts of the places in
    the publisher's name after the title)."""
    doc, places = analysis.doc, analysis.places or ()
    located, qualifiers = [], []
    for place in places:
        if place.start is None or place.country is None or place.in_organisation:
            continue
        tok = _root_token(doc, place)
        if tok is None:
            continue
        where = _says_where(tables, doc, tok)
        if (_is_modifier(tables, tok) or _is_agent(tok)) and not where:
            if (_is_modifier(tables, tok) and place.precision != "country"
                    and not _qualifies_armed_forces(tables, tok)):
                qualifiers.append(place)
            continue
        if where or _is_locative(tables, tok) or _after_preposition(tables, doc, place):
            located.append(place)
    in_names = tuple(p for p in places if p.in_organisation and p.country and p.start is not None)
    towns, focus = _focus(places, mastheads)
    return ArticlePlaces(
        main=_main_country(tables, doc, places), strays=_strays(places), located=tuple(located),
        dateline=_dateline(analysis.article.text, places), in_names=in_names, qualifiers=tuple(qualifiers),
        towns=towns, focus=focus,
    )


#: How often the article must name its focus town for the town to make an event placed in
#: its country or first-level division finer (``_finer``).
FOCUS_MENTIONS = 2
#: What a town's mention inside an organisation's name counts for, beside one outside.
IN_NAME_MENTION = 0.5
#: Precisions of the places an article can be about as a whole: a town, a district, a site.
TOWN_PRECISIONS = frozenset({"city", "admin2", "site"})


def _town_key(place: Place) -> tuple | None:
    """What two mentions of one town share (None for a place coarser than a district)."""
    if place.precision not in TOWN_PRECISIONS or not place.country:
        return None
    return place.name, place.admin1, place.country


def _focus(places: tuple[Place, ...], mastheads: frozenset[int] = frozenset()) -> tuple[Counter, Place | None]:
    """How often the article names each town, district or site, whatever the words around
    it ("a Hit teenager", "Hit police said", "in Hit"), and the one it names most often,
    when one leads (its first mention outside organisations' names, if any). A mention
    inside an organisation's name ("the Hit police department") counts
    ``IN_NAME_MENTION``; one in the publisher's name after the title (``mastheads``, by
    start) not at all."""
    towns: Counter = Counter()
    first: dict[tuple, Place] = {}
    for place in places:
        key = _town_key(place) if place.start is not None and place.start not in mastheads else None
        if key is None:
            continue
        towns[key] += IN_NAME_MENTION if place.in_organisation else 1.0  # type: ignore[assignment]  # (floats)
        if key not in first or (first[key].in_organisation and not place.in_organisation):
            first[key] = place
    first = {key: dataclasses.replace(place, in_organisation=False) for key, place in first.items()}
    if not towns:
        return towns, None
    (key, n), *rest = towns.most_common(2)
    if rest and rest[0][1] == n:
        return towns, None
    return towns, first[key]


#: Fallback rules whose place gives way to a town the article names more often.
_OUTNAMED = frozenset({
    "an earlier sentence", "the place the article's other events share", "a later sentence",
    "named in an organisation's name", "a place that qualifies a noun",
})


def _most_named(place: Place, context: ArticlePlaces) -> Place | None:
    """The article's focus town, when it names that town more often than ``place``: a
    report says where it is about by naming it again and again ("A Hit teenager was
    wounded, Hit police said. He was taken to a hospital in Fallujah. He was shot in the
    leg."), and an event its own sentence does not place is likelier there than at a place
    named once in passing."""
    focus = context.focus
    if focus is None:
        return None
    key = _town_key(place)
    mine = context.towns[key] if key is not None else 0
    return focus if context.towns[_town_key(focus)] > mine else None


def _qualifies_armed_forces(tables: Words, tok) -> bool:
    """Does the place qualify a noun for armed forces or their weapons ("US forces", "Iranian
    drones"), or a noun that such a noun qualifies ("Iraq army units")?"""
    head = tok
    for _ in range(3):
        if head.head.i == head.i or head.dep_ not in MODIFIER_DEPS:
            break
        head = head.head
        if head.lower_ in tables["armed_force_nouns"] or head.lemma_.lower() in tables["armed_force_nouns"]:
            return True
    return False


def _shared_place(places: list[Place]) -> Place | None:
    """The place that most of the article's events placed in their own sentences share,
    finer than a country, if one does."""
    return _leading_place(p for p in places if p.precision != "country")


def _leading_place(places: Iterable[Place]) -> Place | None:
    """The place named most often among ``places`` (its first mention), None on a tie."""
    votes: Counter = Counter()
    first: dict[tuple, Place] = {}
    for place in places:
        key = (place.geonameid, place.name, place.precision)
        votes[key] += 1
        first.setdefault(key, place)
    if not votes:
        return None
    (key, n), *rest = votes.most_common(2)
    if rest and rest[0][1] == n:
        return None  # no one place leads
    return first[key]


def _in_name_place(context: ArticlePlaces, main_only: bool = False) -> Place | None:
    """The place an organisation's name opens or closes with: "a protest at Lucknow
    University" happened in Lucknow. At a town's precision at most. With ``main_only``, only
    one in the article's main country, which it makes finer; else only when the article
    names no place that says where."""
    return _first_in(context.in_names, context, main_only)


def _qualifier_place(context: ArticlePlaces, main_only: bool = False) -> Place | None:
    """When the article places nothing else, the first town or division that qualifies a
    noun other than armed forces: "a mob attacked Delhi police officers" happened where the
    Delhi police work. At a town's precision at most. With ``main_only``, only one in the
    article's main country, which it makes finer."""
    return _first_in(context.qualifiers, context, main_only)


def _first_in(places: tuple[Place, ...], context: ArticlePlaces, main_only: bool) -> Place | None:
    """The first of ``places`` (in the main country, with ``main_only``; none without a main
    country then), at a town's precision at most."""
    if main_only:
        if context.main is None:
            return None
        places = tuple(p for p in places if p.country == context.main[0])
    if not places:
        return None
    place = places[0]
    if PRECISION_SCORE.get(place.precision or "", 0) > PRECISION_SCORE["city"]:
        place = dataclasses.replace(place, precision="city")
    return dataclasses.replace(place, in_organisation=False)


def _own_place(event: Event, analysis: Analysis, resources, context: ArticlePlaces) -> Place | None:
    """The best place of the event's own sentence, if any qualifies."""
    tables: Words = resources.words
    doc = analysis.doc
    in_sentence = [
        p for p in analysis.places or ()
        if p.start is not None and p.country is not None and not p.in_organisation
        and p.end is not None and event.sentence_start <= p.start and p.end <= event.sentence_end
    ]
    subtree = _trigger_subtree(doc, event)
    best, best_score = None, 0.0
    scored = []
    for place in in_sentence + _demonym_places(doc, event, resources):
        score = _score(tables, doc, event, place, subtree)
        if place.country in context.strays:
            score -= STRAY_PENALTY
        scored.append((place, score))
        if score > best_score:
            best, best_score = place, score
    return _innermost(analysis.article.text, best, scored) if best is not None else None


def place_event(event: Event, analysis: Analysis, resources, context: ArticlePlaces | None = None,
                shared: Place | None = None) -> Event:
    """Needs an event with sentence and trigger offsets; gives it a place, its evidence, and,
    when the place comes from beyond the event's sentence, the rule that found it
    (``Event.rules``).

    In order: the best place of the event's own sentence; the place of the nearest earlier
    sentence that says where; the article's dateline; ``shared``, the place the article's
    other events share; the next later sentence that says where; a place named in an
    organisation's name, then a town or division that qualifies a noun other than armed
    forces ("Delhi police officers"), each only in the article's main country, which it
    makes finer; the main country itself, at country precision; and, with no main
    country, those two again, in any country. Each but the dateline and the main country
    gives way to the town the article names most often, when it names that town more often
    than the place found (``_most_named``). Places from names and qualifiers are given
    at a town's precision at most. (``home_country`` later tries the actors' country.)
    """
    tables: Words = resources.words
    if context is None:
        context = article_places(tables, analysis)
    best = _own_place(event, analysis, resources, context)
    if best is not None:
        return _placed(event, best, None)
    fallbacks = (
        ("an earlier sentence", lambda: _earlier_place(tables, analysis.doc, event, analysis.places or ())),
        ("the article's dateline", lambda: context.dateline),
        ("the place the article's other events share", lambda: shared),
        ("a later sentence", lambda: _later_place(event, context)),
        ("named in an organisation's name", lambda: _in_name_place(context, main_only=True)),
        ("a place that qualifies a noun", lambda: _qualifier_place(context, main_only=True)),
        ("the article's main country",
         lambda: _country_place(context.main[0], context.main[1], resources) if context.main else None),
        ("named in an organisation's name", lambda: _in_name_place(context)),
        ("a place that qualifies a noun", lambda: _qualifier_place(context)),
    )
    for rule, find in fallbacks:
        place = find()
        if place is not None:
            if rule in _OUTNAMED:
                focus = _most_named(place, context)
                if focus is not None:
                    return _placed(event, focus, "the town the article names most")
            return _placed(event, place, rule)
    return event


#: The ``place`` rule of an event placed by its own sentence.
OWN_SENTENCE = "the event's own sentence"


def _placed(event: Event, place: Place, rule: str | None) -> Event:
    """``event`` at ``place``, with the place's words as evidence and the fallback ``rule``
    (``place_by`` = ``fallback``), or none: the event's own sentence."""
    assert place.start is not None and place.end is not None  # (every place an event gets is in the text)
    placed = dataclasses.replace(event, place=place, place_by="fallback" if rule else "sentence").with_evidence(
        Evidence("place", place.start, place.end, place.text or place.name)
    )
    return placed.with_rule("place", rule or OWN_SENTENCE)


def _start_of(place: Place) -> int:
    """The start of a place of ``ArticlePlaces.located`` (which all have one)."""
    assert place.start is not None
    return place.start


def _later_place(event: Event, context: ArticlePlaces) -> Place | None:
    """The first place after the event's sentence that the text plainly puts something in."""
    at = bisect.bisect_left(context.located, event.sentence_end, key=_start_of)
    return context.located[at] if at < len(context.located) else None


def _strays(places: tuple[Place, ...]) -> frozenset[str]:
    """Countries that one name alone reads as, in an article whose other names agree on
    another country: "Gorgan" read as Iran's city among "Artsakh", "Azerbaijan" and
    "Fizuli". Such a reading is likelier a namesake of a place the gazetteer lacks."""
    names: dict[str, set[str]] = {}
    for place in places:
        if place.country and place.text and not place.in_organisation:
            names.setdefault(place.country, set()).add(place.text.casefold())
    clusters = {code for code, texts in names.items() if len(texts) >= STRAY_CLUSTER}
    if len(clusters) != 1:
        return frozenset()
    return frozenset(code for code, texts in names.items() if len(texts) == 1 and code not in clusters)


@stage("event_places", requires=("events", "places"), assigns=("events.place",))
def run_event_places(analysis: Analysis, resources) -> dict:
    """Needs ``events`` and ``places``; sets each event's ``place`` and its evidence."""
    tables: Words = resources.words
    events_in = analysis.events
    if not events_in:
        return {"events": events_in}
    analysis, mastheads = _mastheads_marked(analysis)
    context = article_places(tables, analysis, mastheads)
    own = [_own_place(e, analysis, resources, context) for e in events_in]
    shared = _shared_place([p for p in own if p is not None])
    events = [
        _own_or_most_named(tables, e, place, analysis, context) if place is not None
        else place_event(e, analysis, resources, context, shared)
        for e, place in zip(events_in, own)
    ]
    return {"events": tuple(_finer(e, context) for e in events)}


#: What parts a page's title from its publisher's name: "Title - Station", "Title | Paper".
_TITLE_SEPARATOR = re.compile(r"\s(?:-|–|—|\|)\s")
#: Words of a publisher's name: "News", "Weather", "Sports", "TV", a web address, or a
#: broadcaster's call sign ("KXYZ", "WABC-TV").
_PUBLISHER_WORDS = re.compile(r"\b(?:News|Weather|Sports|TV|Radio)\b|\.com\b|\b[KW][A-Z]{2,3}(?:-TV)?\b")
#: A publisher's name after a title is short.
MASTHEAD_CHARS = 100


def _in_masthead(text: str, place: Place) -> bool:
    """Is the place part of the publisher's name after a page's title ("Two hurt in shooting
    - WXYZ News 7 Springfield, Ohio News, Weather & Sports", "... | KXYZ Riverton")? It
    says where the publisher is, not where the event was: like a place in any other
    organisation's name."""
    assert place.start is not None and place.end is not None  # (_mastheads_marked checks)
    line_start = text.rfind("\n", 0, place.start) + 1
    line_end = text.find("\n", place.end)
    line_end = len(text) if line_end < 0 else line_end
    separators = list(_TITLE_SEPARATOR.finditer(text, line_start, place.start))
    if not separators:
        return False
    tail = text[separators[-1].end():line_end]
    return len(tail) <= MASTHEAD_CHARS and bool(_PUBLISHER_WORDS.search(tail))


def _mastheads_marked(analysis: Analysis) -> tuple[Analysis, frozenset[int]]:
    """The analysis with the places of a publisher's name after the title (``_in_masthead``)
    marked as named in an organisation's name, and those places' starts."""
    text = analysis.article.text
    places = analysis.places or ()
    mastheads = frozenset(
        p.start for p in places
        if not p.in_organisation and p.start is not None and p.end is not None and _in_masthead(text, p)
    )
    if not mastheads:
        return analysis, mastheads
    marked = tuple(dataclasses.replace(p, in_organisation=True) if p.start in mastheads else p for p in places)
    return dataclasses.replace(analysis, places=marked), mastheads


def _own_or_most_named(tables: Words, event: Event, place: Place, analysis: Analysis, context: ArticlePlaces) -> Event:
    """``event`` at the place of its own sentence; but a place that nothing in the sentence
    locates (no locative preposition, no gloss: "the gunman ... had fled Fallujah") gives
    way to the town the article names most often, when it names that town more often
    (``_most_named``)."""
    if not _locates(tables, analysis.doc, place):
        focus = _most_named(place, context)
        if focus is not None:
            return _placed(event, focus, "the town the article names most")
    return _placed(event, place, None)


def _locates(tables: Words, doc, place: Place) -> bool:
    """Do the place's words say that something is there ("in X", "X residents", a gloss in
    brackets), rather than only qualify a noun or hang on a verb?"""
    if place.start is None or place.end is None:
        return False
    tok = _root_token(doc, place)
    return tok is not None and (_says_where(tables, doc, tok) or _is_locative(tables, tok) or _after_preposition(tables, doc, place))


def _finer(event: Event, context: ArticlePlaces) -> Event:
    """An event placed in a first-level division takes the town inside that division that
    the article's other sentences most often say something happened in ("a shooting in
    Texas" in an article whose other sentences are in Houston). A town in the event's own
    sentence does not count: the sentence chose the division over it ("officials in Ramadi
    said militants attacked a checkpoint in Anbar province"). Where they name none, an event
    placed in a first-level division or a country takes the article's focus town inside it,
    when the article names that town ``FOCUS_MENTIONS`` times or more, in any role ("A Hit
    teenager was shot in Anbar province on Friday. Hit police are investigating.")."""
    place = event.place
    if place is None or place.precision not in ("admin1", "country"):
        return event
    if place.precision == "admin1" and place.admin1:
        town = _leading_place(
            p for p in context.located
            if p.precision in ("city", "site") and p.country == place.country and p.admin1 == place.admin1
            and not event.sentence_start <= _start_of(p) < event.sentence_end  # (its own sentence chose the division)
        )
        if town is not None:
            return _placed(event, town, "a town the article names in that division")
    focus = context.focus
    if (focus is not None and context.towns[_town_key(focus)] >= FOCUS_MENTIONS and focus.country == place.country
            and (place.precision == "country" or focus.admin1 == place.admin1)):
        return _placed(event, focus, "the town the article names most in that division")
    return event
