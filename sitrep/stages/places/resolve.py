"""Resolving: each mention's reading picked by its score, one sense per name in an
article, containment chains made consistent outermost first, and the readings kept
(``resolve_places``, which runs the whole stage on one article)."""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from ...model import Place
from ...pipeline import Analysis
from ...resources.gazetteer import Gazetteer, GazetteerEntry, normalise
from ...resources.words import Words
from .chains import link_containers
from .context import (
    ArticleContext,
    article_context,
    cue_votes,
    dateline_country,
    home_groups,
)
from .mentions import Mention, find_mentions
from .persons import after_preposition
from .scoring import (
    FEATURE_ORDER,
    alone,
    firm_reading,
    inside,
    prior,
    score_reading,
    spelled_alike,
)
from .weights import WEIGHTS
from .words import zipf

#: Features that can stand for an unknown place named inside them.
_HOLDERS = frozenset({"country", "region", "admin1", "admin2", "admin3"})


def resolve_places(analysis: Analysis, gaz: Gazetteer, lexicons: Any = None, cues: Any = None,
                   tables: Words | None = None) -> tuple[Place, ...]:
    """Needs ``analysis.doc`` and a gazetteer (and, optionally, the lexicons, whose known
    actors add country context, and the country cues, whose parties, forces and division
    words do too); gives one Place per toponym mention, in text order. ``tables``: the word
    tables (``Resources.words``; the packaged ones when None)."""
    text = analysis.article.text
    tables = tables if tables is not None else Words.load_packaged()
    mentions, votes = find_mentions(analysis, gaz, tables)
    if lexicons is not None:
        votes.update(home_groups(analysis.doc, lexicons))
    votes.update(cue_votes(text, cues))
    link_containers(mentions, text)
    dateline = dateline_country(text, gaz)
    context = article_context(mentions, votes, dateline)
    if _other_names_at_home(mentions, context):
        context = article_context(mentions, votes, dateline)
    _resolve(mentions, context)
    words = _plain_words(mentions, text, tables, analysis.doc)
    if words:  # plain words are no places: they say nothing of where the article is
        for m in mentions:
            m.resolved = None
            if m.key in words:
                m.candidates, m.others = (), ()
        context = article_context(mentions, votes, dateline)
        _resolve(mentions, context)
    return tuple(_place(m) for m in mentions
                 if m.resolved is not None and m.key not in words and _kept(m, mentions, context))


def _plain_words(mentions: list[Mention], text: str, tables: Words, doc: Any = None) -> frozenset[str]:
    """The names that are common English words, not places, in this article: a one-word
    name English uses often (``WEIGHTS.plain_word_zipf``: "Metro")
    that nothing in the text locates at any of its mentions (a locative preposition, a
    division or town word, a chain), read as a town or district smaller than
    ``WEIGHTS.trusted_town``, or in a country none of the article's other names is read in
    while they are read in some: "Metro detectives said" beside "Las Vegas" is no town in
    Indonesia, nor is "Metro" in "in X's jurisdiction" (the preposition governs the noun
    the name qualifies). wordfreq counts names as words, so a name that
    can read as a country, a first-level division or a town of ``WEIGHTS.famous_town``
    people, or as a town of ``WEIGHTS.trusted_town`` while one of its readings lies in a
    country the other names are read in, is a place's name however often English writes it
    ("Paris", "Washington", "Atlanta"): those stay. So do abbreviations in capitals.
    A division named only by a direction ("South", "East": ``GENERIC_DIVISIONS``) is a
    plain word too where nothing locates it and it lies in a country none of the other
    names is read in while they are read in some ("the South Side" of a US article)."""
    others: dict[str, set[str]] = {}
    for m in mentions:
        if m.resolved is not None and m.resolved.country:
            others.setdefault(m.resolved.country, set()).add(m.key)
    located, candidates, directions = _unlocated_words(mentions, text, tables, doc)
    words = set()
    for key, m in directions.items():
        near = {code for code, keys in others.items() if keys - {key}}
        assert m.resolved is not None  # (only resolved mentions are kept above)
        if key not in located and near and m.resolved.country not in near:
            words.add(key)  # "the South" of a US article is no province of Lebanon
    for key, m in candidates.items():
        if key not in located and _common_word(m, {code for code, keys in others.items() if keys - {key}}):
            words.add(key)
    return frozenset(words)


def _unlocated_words(mentions: list[Mention], text: str, tables: Words,
                     doc: Any) -> tuple[set[str], dict[str, Mention], dict[str, Mention]]:
    """The names of the resolved mentions that the text locates somewhere, and the first
    mention of each other name that may be a plain word: a direction
    (``generic_divisions``) and a common word read as a town or district."""
    containers = {mentions[m.within].key for m in mentions if m.within is not None}
    located: set[str] = set()
    candidates: dict[str, Mention] = {}
    directions: dict[str, Mention] = {}
    for m in mentions:
        e = m.resolved
        if e is None:
            continue
        if _located(m, containers, text, tables, doc):
            located.add(m.key)
        elif m.text.casefold() in tables["generic_divisions"]:
            directions.setdefault(m.key, m)
        elif (e.feature in ("city", "admin2", "admin3") and m.text.istitle()
                and zipf(m.text.casefold()) >= WEIGHTS.plain_word_zipf):
            candidates.setdefault(m.key, m)
    return located, candidates, directions


def _located(m: Mention, containers: set[str], text: str, tables: Words, doc: Any) -> bool:
    """Does the text locate the mention: a name of several words, a hint, a chain, a
    source that is a place by its words alone, "a X boy", or a locative preposition that
    governs the name itself ("in X", not "in X's jurisdiction")?"""
    return (" " in m.text or "-" in m.text or m.hint is not None or m.within is not None or m.key in containers
            or m.source in ("HOME", "LIST", "ROUTE", "PHRASE", "DATELINE") or _home_of(text, m.end, tables)
            or (_after_locative(text, m.start, tables) and not _qualifies_noun(doc, m)))


def _common_word(m: Mention, near: set[str]) -> bool:
    """Is a common word read as a town or district a plain word: no country, first-level
    division or famous town among its readings, nor a trusted town in a country the other
    names (``near``) are read in, and its reading small or in a country none of them is?"""
    big = [c for c in m.candidates if c.feature == "city" and c.population >= WEIGHTS.trusted_town]
    if (any(c.feature in ("country", "admin1") for c in m.candidates)
            or any(c.population >= WEIGHTS.famous_town for c in big)
            or (big and any(c.country in near for c in m.candidates))):
        return False  # a place's name, however common the word: "Paris", "Washington"
    e = m.resolved
    assert e is not None  # (only resolved mentions are candidates)
    small = e.population < WEIGHTS.trusted_town
    foreign = bool(near) and e.country not in near
    return small or foreign


def _other_names_at_home(mentions: list[Mention], context: ArticleContext) -> bool:
    """A name none of whose readings lies in a country the rest of the article names
    reads as the town of that country that GeoNames also calls so: "Kalinovo" in an
    article about Ukraine is Ukraine's Kalynove, not Russia's Kalinovo. Says whether
    any reading changed."""
    changed = False
    for m in mentions:
        if not m.others:
            continue
        elsewhere = context.countries - context.own_votes.get(m.key, Counter())
        if not elsewhere or any(elsewhere[e.country] > 0 for e in m.candidates):
            continue
        home = tuple(e for e in m.others if elsewhere[e.country] > 0 and spelled_alike(m.text, e.name))
        if home:
            m.candidates, m.others, changed = home, (), True
    return changed


def _resolve(mentions: list[Mention], context: ArticleContext) -> None:
    """Pick each mention's entry; one sense per name in an article; containers agree."""
    for m in mentions:  # a first pass without containers, so containers are known
        if m.candidates:
            m.resolved = max(m.candidates, key=lambda e: score_reading(m, e, None, context))
    groups: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.candidates:
            groups.setdefault(m.key, []).append(m)
    settled = _settled(mentions)
    for key, group in groups.items():
        best, best_score = None, -math.inf
        for entry in group[0].candidates:
            total = max(
                score_reading(m, entry, mentions[m.within].resolved if m.within is not None else None, context)
                for m in group
            ) + _agreement(entry, key, settled)
            if total > best_score:
                best, best_score = entry, total
        for m in group:
            m.resolved = best
    _fit_containers(mentions, context)


def _settled(mentions: list[Mention]) -> dict[tuple, set[str]]:
    """The names whose first reading lies in each first-level division, ``(country,
    division)``."""
    settled: dict[tuple, set[str]] = {}
    for m in mentions:
        e = m.resolved
        if e is None or not e.country or m.respelled:
            continue
        division = e.name if e.feature == "admin1" else e.admin1
        if division:
            settled.setdefault((e.country, normalise(division)), set()).add(m.key)
    return settled


def _agreement(entry, key: str, settled: dict[tuple, set[str]]) -> float:
    """What the article's other names, as first read, add to a second-level division's
    reading: ``WEIGHTS.agreement_admin1`` for each (up to ``WEIGHTS.agreement_cap``) read in
    its first-level division. Counties of one name have the same prior, whatever their
    size, so the article's other places decide between them: "Richmond County" beside
    "Augusta" is Georgia's. (Towns have their population to go by, and a big town is not
    moved to a namesake by its neighbours.)"""
    if not entry.country or not entry.admin1 or entry.feature not in ("admin2", "admin3"):
        return 0.0
    n = len(settled.get((entry.country, normalise(entry.admin1)), set()) - {key})
    return WEIGHTS.agreement_admin1 * min(n, WEIGHTS.agreement_cap)


def _fit_containers(mentions: list[Mention], context: ArticleContext) -> None:
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
        if m.within is not None and m.within_bonus >= WEIGHTS.contained_bonus:
            _fit_container(m, mentions[m.within], mentions, context)


def _fit_container(m: Mention, outer: Mention, mentions: list[Mention], context: ArticleContext) -> None:
    """Make the chain of ``m`` and its container ``outer`` consistent (``_fit_containers``)."""
    holder = _holder(outer, mentions, context)
    if not m.candidates:  # "Acapulco, Guerrero" without Acapulco in the gazetteer: Guerrero
        if holder is not None and holder.feature in _HOLDERS and not m.loose:
            m.resolved = holder
        return
    sure = _sure(outer, holder, context)
    if outer.within is None and not sure and not m.loose:
        # Y not sure of itself: the likeliest pair of readings, one inside the other ("El
        # Alto, La Paz" is Bolivia's pair, whatever Y alone would have been)
        best = _likeliest_pair(m, outer, context)
        if best is not None:
            # ... unless Y alone is far likelier than any pair: then X is a place the
            # gazetteer lacks ("El Alto, La Paz" without Bolivia's El Alto is not
            # Argentina's hamlet in a department called La Paz)
            likeliest = max(outer.candidates, key=lambda c: alone(outer, c))
            if (prior(best[1], m.candidates) + alone(outer, best[2])
                    >= alone(outer, likeliest) + WEIGHTS.unknown_place_prior):
                _, m.resolved, outer.resolved = best
                return
            holder = outer.resolved = likeliest
    fits = [e for e in m.candidates if holder is not None and inside(e, holder)]
    if not fits:  # "Ivanovka, Luhansk": Luhansk oblast's Ivanivka, by its Russian name
        fits = [e for e in m.others if holder is not None and inside(e, holder)]
    if fits:
        m.resolved = max(fits, key=lambda e: score_reading(m, e, None, context))
    elif holder is not None and m.resolved is not None and holder.feature in _HOLDERS | {"city"}:
        _unknown_inside(m, outer, holder, sure, mentions, context)


def _holder(outer: Mention, mentions: list[Mention], context: ArticleContext) -> GazetteerEntry | None:
    """The container's kept reading; a city whose province bears its name stands for the
    province (and becomes the container's reading): "Petrovskoye, Donetsk"."""
    holder = outer.resolved if outer.resolved is not None and _kept(outer, mentions, context) else None
    if holder is not None and holder.feature == "city":
        # after a place, a city's name that is also its province's names the province
        division = [
            e for e in outer.candidates
            if e.feature == "admin1" and e.country == holder.country and e.admin1
            and holder.admin1 and normalise(e.admin1) == normalise(holder.admin1)
        ]
        if division:
            holder = outer.resolved = division[0]
    return holder


def _sure(outer: Mention, holder: GazetteerEntry | None, context: ArticleContext) -> bool:
    """Is the container sure of itself: firm, in a country the article is about, or said
    to be a division ("Lara state")?"""
    firm = firm_reading(outer)
    return holder is not None and (
        (firm is not None and firm.country == holder.country) or context.countries[holder.country] > 0
        # "Lara state": the text says the holder is a division
        or (outer.hint == "admin" and holder.feature in ("admin1", "admin2", "admin3"))
    )


def _likeliest_pair(m: Mention, outer: Mention,
                    context: ArticleContext) -> tuple[float, GazetteerEntry, GazetteerEntry] | None:
    """(score, X's reading, Y's reading) of the likeliest pair of readings one inside the
    other, or None when no reading of X lies in one of Y."""
    pairs = [
        (score_reading(m, e, None, context) + score_reading(outer, c, None, context), e, c)
        for c in outer.candidates
        for e in m.candidates if inside(e, c)
    ]
    return max(pairs, key=lambda t: t[0]) if pairs else None


def _unknown_inside(m: Mention, outer: Mention, holder: GazetteerEntry, sure: bool, mentions: list[Mention],
                    context: ArticleContext) -> None:
    """X with no reading inside Y: X takes Y's reading when it is finer than Y (``_finer``)
    and Y is sure of itself, or a reading of X is in Y's country, or X is small."""
    assert m.resolved is not None  # (``_fit_container`` passes only a read X)
    elsewhere = context.countries - context.own_votes.get(m.key, Counter())
    if (m.loose or holder.feature == "city") and m.resolved.feature == "city" \
            and m.resolved.population >= WEIGHTS.trusted_town \
            and (m.resolved.country == holder.country or elsewhere[m.resolved.country] > 0):
        # a city is no unknown village inside a town, nor in what a bare "in" names;
        # unless it lies in a country nothing else in the article names ("Mandoli
        # (Bandiagara, Mopti)" is no suburb of Delhi)
        return
    finer = _finer(m.resolved, holder, outer, mentions, elsewhere)
    if m.loose:  # "X in Y": only a weak X ("Kelly in Idleb", not "Texas in Iraq")
        finer = finer and (m.resolved.population < WEIGHTS.small_town or not elsewhere[m.resolved.country])
    if finer and (sure or any(e.country == holder.country for e in m.candidates)
                  or m.resolved.population < WEIGHTS.small_town):
        # (when no reading of X is even in Y's country, Y must be sure of itself)
        m.resolved = holder


def _finer(e: GazetteerEntry, holder: GazetteerEntry, outer: Mention, mentions: list[Mention],
           elsewhere: Counter) -> bool:
    """Is X's reading ``e`` finer than Y's, or a smaller town of another country ("Tieba
    (Bankass, Mopti)": no town of Mali is called Tieba, and China's is a namesake)?"""
    mine, theirs = FEATURE_ORDER.get(e.feature, 9), FEATURE_ORDER[holder.feature]
    return mine > theirs or (
        e.feature == holder.feature == "city" and (
            # "Tieba (Bankass, Mopti)": a smaller town abroad, or one in a country the
            # article does not otherwise name
            (e.country != holder.country
             and (e.population < holder.population or not elsewhere[e.country]))
            # "Bamba (Koro, Mopti)": a town of another province than the one the text names
            or (e.country == holder.country and e.population < WEIGHTS.trusted_town
                and normalise(e.admin1 or "") != normalise(holder.admin1 or "")
                and _names_a_division(outer, mentions))
        )
    )


def _names_a_division(m: Mention, mentions: list[Mention]) -> bool:
    """Does the chain from ``m`` outwards name a first-level division ("Koro, Mopti")?"""
    for _ in range(4):
        if m.resolved is not None and m.resolved.feature == "admin1":
            return True
        if m.within is None:
            return False
        m = mentions[m.within]
    return False


def _kept(m: Mention, mentions: list[Mention], context: ArticleContext) -> bool:
    """Is the mention's reading kept: see ``_trusted``; and a part of a town ("Guama
    neighbourhood", "Colonia Buena Vista") stands only in a country the article is otherwise
    about, and in a first-level division it names, where it names any."""
    if m.hint == "quarter" and m.resolved is not None:
        if not context.countries[m.resolved.country]:
            return False
        if context.admin1 and normalise(m.resolved.admin1 or "") not in context.admin1:
            return False
    if ((_namesake_abroad(m, context) or _namesake_elsewhere(m, context))
            and not any(o.within is not None and mentions[o.within] is m for o in mentions)):
        return False  # (a container the text puts another place in is no namesake)
    return _trusted(m, mentions, context)


def _after_locative(text: str, start: int, tables: Words) -> bool:
    """A locative preposition before the name, with perhaps a word for a part of a place
    between ("in X", "in northeast X")."""
    if after_preposition(text, start, tables):
        return True
    before = text[max(0, start - 30):start].split()
    return len(before) >= 2 and before[-1].casefold() in tables["part_words"] and before[-2].casefold() in tables["place_preps"]


def _home_of(text: str, end: int, tables: Words) -> bool:
    """Is the name the home of the person after it ("a X boy", "the X man")?"""
    after = text[end:end + 16].split()
    return bool(after) and after[0].strip(",.;:").casefold() in tables["resident_nouns"]


def _qualifies_noun(doc: Any, m: Mention) -> bool:
    """Does the mention qualify a noun after it ("X's jurisdiction", "X police")?"""
    span = doc.char_span(m.start, m.end, alignment_mode="expand") if doc is not None else None
    if span is None or not len(span):
        return False
    root = span.root
    return root.dep_ in ("compound", "poss", "nmod", "amod") and root.head.i >= span.end


def _namesake_elsewhere(m: Mention, context: ArticleContext) -> bool:
    """Is the reading a small town outside every first-level division the article's sure
    names lie in (its own name aside), in the article's main country? "Felton" in an article that names Minnesota
    is not California's town of 4,000 but a place the gazetteer lacks. Left alone: a reading
    the text puts in a container, one found by another name the town has in the article's
    country ("Kalinovo": Kalynove), a politician's home ("R-Beachwood") and a dateline."""
    e = m.resolved
    if (e is None or m.within is not None or e.feature != "city" or not e.admin1 or not context.admin1
            or e.population >= WEIGHTS.namesake_abroad_population or e.country != context.main):
        return False
    if e.by_alias or m.source in ("HOME", "DATELINE"):
        return False  # read by another name for the article's country, or a place by its words alone
    others = {division for (country, division), keys in context.admin1_keys.items()
              if country == e.country and keys - {m.key}}  # (not "St. Luke" of Dominica beside "Twin Falls")
    return bool(others) and normalise(e.admin1) not in others


def _namesake_abroad(m: Mention, context: ArticleContext) -> bool:
    """Is the reading a small town or district in a country nothing else in the article
    names, while the rest of the article points at another country? "Mirpur" in an
    article whose parties and places are Bangladesh's is not India's village of 6,000 but
    a place the gazetteer lacks. A reading the text puts in a container is left alone."""
    e = m.resolved
    if (e is None or m.within is not None or e.feature not in ("city", "admin2", "admin3")
            or e.population >= WEIGHTS.namesake_abroad_population):
        return False
    elsewhere = context.countries - context.own_votes.get(m.key, Counter())
    if not elsewhere or elsewhere[e.country] > 0:
        return False
    return elsewhere.most_common(1)[0][1] >= WEIGHTS.namesake_abroad_votes


def _trusted(m: Mention, mentions: list[Mention], context: ArticleContext) -> bool:
    """A name found only under another spelling stands when it names a province, lies in
    the place the text says contains it, or in a country the article is otherwise about."""
    if not m.respelled:
        return True
    assert m.resolved is not None  # (a respelled name is one the gazetteer read)
    holder = mentions[m.within].resolved if m.within is not None else None
    if holder is not None and inside(m.resolved, holder):
        return True
    country = m.resolved.country
    if any(e.feature == "admin1" and e.country == country for e in m.candidates):
        return True  # "Idleb": the province Idlib or its capital
    if m.resolved.feature == "city" and m.resolved.population >= WEIGHTS.trusted_town and m.resolved.by_alias:
        return True  # "Patras", "Larissa": the cities, whatever else the article names
    if m.resolved.by_alias and not spelled_alike(m.text, m.resolved.name):
        return False  # an old or unrelated name ("Passover" for a Mountain City) needs the text's container
    return bool(country and context.countries[country])


def _place(m: Mention) -> Place:
    e = m.resolved
    if e is None:
        return Place(name=m.text, text=m.text, start=m.start, end=m.end, in_organisation=m.in_organisation)
    return Place(
        name=e.name, country=e.country, admin1=e.admin1, lat=e.lat, lon=e.lon,
        geonameid=e.geonameid, precision=e.precision, text=m.text, start=m.start, end=m.end,
        in_organisation=m.in_organisation,
    )
