"""What the article as a whole says about where it is: ``ArticleContext``, the countries
and first-level divisions that its unambiguous places, demonyms, home groups ("Boko
Haram": Nigeria) and dateline ("BAGHDAD (Reuters) -") point at, and how many of its
names could lie in each first-level division."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ...nlp import sentences_of, words_of
from ...resources.gazetteer import Gazetteer, normalise
from .mentions import Mention
from .scoring import firm_reading
from .weights import WEIGHTS


@dataclass(frozen=True)
class ArticleContext:
    """The article's places taken together, against which each reading is scored."""

    #: votes for each country: 2 per name that surely lies in it, 2 for the dateline's,
    #: 1 per demonym ("Iraqi") and per country whose home groups the article names
    countries: Counter
    #: the first-level divisions (normalised) that the article's sure names lie in or are
    admin1: frozenset[str]
    #: the country with the most votes
    main: str | None
    #: the dateline's country ("BAGHDAD (Reuters) -")
    dateline: str | None
    #: how many of the article's names could lie in each (country, first-level division)
    admin1_support: Counter
    #: each name's own share of that support: its divisions and the weight it counts for
    own_support: dict[str, tuple[frozenset, float]]
    #: the country votes each name cast itself
    own_votes: dict[str, Counter]
    #: for each first-level division of ``admin1``, as (country, division), the keys of the
    #: names that put it there
    admin1_keys: dict[tuple, frozenset[str]] = field(default_factory=dict)

#: "BAGHDAD (Reuters) -", "KABUL, Afghanistan —", "ALEXANDRIA, La. -"
_DATELINE = re.compile(r"^\s*([A-Z][A-Z'.\- ]{2,40}?)(?:\s*,\s*[A-Z][A-Za-z.' ]{1,30}?)?\s*(?:\(|—|–|-{1,2}\s)")
#: Known actors whose country says where they act: rebels, militias and armed groups that
#: fight at home (ACLED inter 2-4) and organisations that work in one country ("the OSCE
#: SMM"). Not state forces, which act abroad too (see ``armed_nouns``, data/words/places.yaml).
HOME_GROUP_INTERS = frozenset({2, 3, 4})


def article_context(mentions: list[Mention], votes: Counter, dateline: str | None) -> ArticleContext:
    """Countries and first-level divisions that the article's unambiguous places name."""
    countries: Counter = Counter(votes)
    admin1: set[str] = set()
    own: dict[str, Counter] = {}  # the votes each name cast
    keys: dict[tuple, set[str]] = {}  # the names that put the article in each division
    for m in mentions:
        firm = firm_reading(m) if not m.respelled and m.hint != "quarter" else None
        if firm is None:
            continue
        if firm.country:
            countries[firm.country] += 2
            own.setdefault(m.key, Counter())[firm.country] += 2
        if firm.feature == "admin1" or firm.admin1:
            division = normalise(firm.name if firm.feature == "admin1" else firm.admin1)
            admin1.add(division)
            keys.setdefault((firm.country, division), set()).add(m.key)
    if dateline:
        countries[dateline] += 2
    main = countries.most_common(1)[0][0] if countries else None
    by_admin1, own_support = division_support(mentions)
    return ArticleContext(countries=countries, admin1=frozenset(admin1), main=main, dateline=dateline,
                          admin1_support=by_admin1, own_support=own_support, own_votes=own,
                          admin1_keys={k: frozenset(v) for k, v in keys.items()})


def division_support(mentions: list[Mention]) -> tuple[Counter, dict]:
    """How many of the article's names could lie in each first-level division.

    "Athens" beside "Clarke County" and "Augusta": each of the three has a reading in
    Georgia (US), so each Georgian reading is supported by the two other names. Counted
    once per distinct name, over its likelier readings. (A country is too wide to count:
    most US towns' names are found somewhere else in the US too.) A name read in many
    divisions says little of each: it counts for ``WEIGHTS.support_spread / n`` in each of its n
    divisions, so that "Moscow" and "Russia" beside "Washington" and "Atlanta" do not make
    a US state of towns that share their names. A part of a town ("the Mechanicsville
    neighborhood") counts for none: it is no town of its own, wherever the gazetteer has one
    of its name.
    """
    by_admin1: Counter = Counter()
    own: dict[str, tuple[frozenset, float]] = {}
    for m in mentions:
        if m.key in own or not m.candidates or m.respelled or m.hint == "quarter":
            continue
        entries = m.candidates[:WEIGHTS.support_readings]
        admin1s = frozenset((e.country, normalise(e.admin1)) for e in entries if e.country and e.admin1)
        weight = min(1.0, WEIGHTS.support_spread / len(admin1s)) if admin1s else 0.0
        own[m.key] = (admin1s, weight)
        for pair in admin1s:
            by_admin1[pair] += weight  # type: ignore[assignment]  # (a Counter of float weights)
    return by_admin1, own


def home_groups(doc, lexicons) -> Counter:
    """One vote for each country whose home groups the article names ("Boko Haram":
    Nigeria; "the OSCE SMM": Ukraine)."""
    words = words_of(doc)
    countries = {
        actor.country
        for sent in sentences_of(doc)
        for actor, _, _ in lexicons.known_actors(words[sent.start:sent.end])
        if actor.country and (actor.inter in HOME_GROUP_INTERS or actor.kind == "organisation")
    }
    return Counter(countries)


#: At most this many votes for one country from its cues.
CUE_VOTES_CAP = 2


def cue_votes(text: str, cues) -> Counter:
    """A vote for a country for each different country cue of the article that names it
    alone (a party, a state force, a currency, a division word: ``resources.country_cues``;
    "the Awami League": Bangladesh), at most ``CUE_VOTES_CAP``. A cue several countries
    share ("PPP") gives none."""
    if cues is None:
        return Counter()
    named: dict[str, set[str]] = {}
    for hit in cues.find(text):
        if len(hit.countries) == 1:
            named.setdefault(hit.countries[0], set()).add(hit.cue)
    return Counter({code: min(len(names), CUE_VOTES_CAP) for code, names in named.items()})


def dateline_country(text: str, gaz: Gazetteer) -> str | None:
    match = _DATELINE.match(text)
    if not match:
        return None
    found = gaz.candidates(match.group(1).strip(" .-"))
    return found[0].country if found else None
