"""Stage ``home_country``: an event the article places nowhere is put in its actors' country.

Needs the merged ``events`` with their actors. When neither the event's sentences nor the
rest of the article name a place the gazetteer knows (``event_places`` found none), the
country of the event's actors is the best evidence of where it happened: "Turkish
authorities began enforcing a curfew in 24 provinces", "GNA and LNA forces clashed in
Wadi al-Rabi". Only actors that act at home by nature count: a government, police,
protesters, rioters, civilians, and state or armed groups the text gives a country; when
two actors give different countries, the event stays unplaced. With no such actor, the
one country of the known organisations the article names anywhere serves ("the OSCE SMM
observed 12 explosions near X": the mission works only in Ukraine). Last come the
article's country cues (``resources.country_cues``: parties, legislatures, state forces,
currencies, division words): "pro-BNP lawyers marched in the capital" names no place but
a party of Bangladesh. The cues of the event's own sentences decide first, else those of
the whole article; the country is the one that every cue allows, so two cues of different
countries leave the event unplaced, and a cue that names several countries ("rupees")
narrows the others down; when all the cues name the same several, a party, force or
legislature among them gives the likeliest (the first the table lists: "Congress" is
India's before the United States'). Cues that say little alone (a currency, a division word)
serve only when no cue in the article contradicts them; when the article's regional cues
of that country all belong to one first-level division ("the Shiromani Akali Dal":
Punjab), the event is placed there, at admin1 precision. Otherwise the place has country
precision, no coordinates finer than the country's. Its evidence is the words that gave
it, and the rule (``place: actor's country``, ``place: country of the actors named``,
``place: country of the cues named``, ``place: likeliest country of the cues named`` or
``place: first-level division of the cues named``) says how it was found.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Sequence
from typing import Any

from ..model import Actor, Event, Evidence, Place
from ..nlp import sentences_of
from ..pipeline import Analysis, stage
from ..resources.countries import capital_name
from ..resources.country_cues import CueHit
from ..resources.gazetteer import GazetteerEntry

#: External forces (ACLED inter 8) and transnational actors say nothing of where they act.
_ABROAD = {8}


def _home(actor: Actor | None) -> str | None:
    if actor is None or not actor.country or actor.acled_inter in _ABROAD or actor.kind in ("organisation", "person"):
        return None
    return actor.country


def _named_country(analysis: Analysis | None, resources: Any) -> tuple[str, int, int, str] | None:
    """The one country of the known organisations the article names, with the words that name
    the first of them ("the OSCE SMM observed ..." works only in Ukraine)."""
    if analysis is None or analysis.doc is None or resources is None:
        return None
    found: dict[str, tuple[int, int, str]] = {}
    for sent in sentences_of(analysis.doc):
        words = list(sent)
        match = resources.lexicons.known_actor([t.text for t in words])
        # Only organisations: an armed group or a state's forces may act abroad.
        if match is not None and match[0].country and match[0].kind == "organisation":
            first, last = words[match[1]], words[match[2] - 1]
            start, end = first.idx, last.idx + len(last)
            found.setdefault(match[0].country, (start, end, analysis.article.text[start:end]))
    if len(found) != 1:
        return None
    code, (start, end, said) = next(iter(found.items()))
    return code, start, end, said


def allowed_countries(hits: Sequence[CueHit]) -> set[str]:
    """The countries that every hit allows: none when they disagree, several when they are
    all ambiguous the same way ("rupees")."""
    common = set(hits[0].countries) if hits else set()
    for hit in hits[1:]:
        common &= set(hit.countries)
    return common


def event_sentences(event: Event, sentences: Sequence[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """The spans of the event's sentences: its own, then those of its merged mentions
    (``sentences``: the article's sentence spans), each once."""
    spans = [(event.sentence_start, event.sentence_end)]
    for item in event.evidence:
        if item.field in ("trigger", "mention"):
            spans += [s for s in sentences if s[0] <= item.start < s[1]]
    return tuple(dict.fromkeys(spans))


def _sentence_spans(analysis: Analysis) -> tuple[tuple[int, int], ...]:
    return tuple((s.start_char, s.end_char) for s in sentences_of(analysis.doc)) if analysis.doc is not None else ()


@dataclasses.dataclass(frozen=True)
class ArticleCues:
    """The country cues of one article, with its sentences' spans to find an event's own."""

    hits: tuple[CueHit, ...]
    sentences: tuple[tuple[int, int], ...] = ()

    def of_event(self, event: Event) -> tuple[CueHit, ...]:
        """The hits in the event's sentences: its own and those of its merged mentions."""
        spans = event_sentences(event, self.sentences)
        return tuple(h for h in self.hits if any(a <= h.start and h.end <= b for a, b in spans))

    def country_for(self, event: Event) -> tuple[str, tuple[CueHit, ...], bool] | None:
        """The country the cues give ``event``, with the hits that gave it and whether it
        is only the likeliest of several that they all allow."""
        ambiguous: tuple[CueHit, ...] = ()
        for hits in (self.of_event(event), self.hits):
            allowed = allowed_countries(hits)
            if len(allowed) == 1:
                code = allowed.pop()
                if all(h.weak for h in hits) and any(code not in h.countries for h in self.hits):
                    return None  # a currency or a division word alone gives way to any other cue
                return code, hits, False
            if hits and not allowed:
                return None  # cues of different countries
            ambiguous = ambiguous or hits
        strong = [h for h in ambiguous if not h.weak]
        if not strong:
            return None  # "rupees" alone: seven countries
        # "Congress activists burnt an effigy": a party of India's or a legislature of the
        # United States, and the table lists the likeliest first
        allowed = allowed_countries(ambiguous)
        return next(c for c in strong[0].countries if c in allowed), ambiguous, True


def _article_cues(analysis: Analysis | None, resources: Any,
                  sentences: Callable[[], tuple[tuple[int, int], ...]] | None = None) -> ArticleCues | None:
    cues = getattr(resources, "country_cues", None)
    if analysis is None or cues is None:
        return None
    hits = cues.find(analysis.article.text)
    if not hits:
        return ArticleCues(())
    return ArticleCues(hits, sentences() if sentences is not None else _sentence_spans(analysis))


def _placed_by_cues(event: Event, resources: Any, cues: ArticleCues) -> Event:
    found = cues.country_for(event)
    if found is None:
        return event
    code, hits, likeliest = found
    division = _cue_division(code, hits, cues, resources) if not likeliest else None
    if division is not None:
        entry, hit = division
        event = _placed(event, code, resources, hit.start, hit.end, hit.text,
                        "first-level division of the cues named", entry)
    else:
        rule = "likeliest country of the cues named" if likeliest else "country of the cues named"
        event = _placed(event, code, resources, hits[0].start, hits[0].end, hits[0].text, rule)
    # every cue that agreed is evidence, not only the first (this replaces the first alone)
    return event.with_evidence(*(Evidence("place", h.start, h.end, h.text) for h in hits))


def _cue_division(code: str, hits: Sequence[CueHit], cues: ArticleCues, resources: Any) -> tuple[Any, CueHit] | None:
    """The first-level division that the regional cues of ``code`` agree on ("the Shiromani
    Akali Dal": Punjab, India), with the first such cue; None when none names one, or the
    article's cues of that country name two."""
    divisions = {h.admin1 for h in cues.hits if h.admin1 and h.countries == (code,)}
    if len(divisions) != 1 or resources is None:
        return None
    name = divisions.pop()
    entry = next((e for e in resources.gazetteer.candidates(name) if e.country == code and e.feature == "admin1"), None)
    if entry is None:
        return None
    hit = next((h for h in hits if h.admin1 == name), None) or next(h for h in cues.hits if h.admin1 == name)
    return entry, hit


def place_at_home(
    event: Event, resources: Any, named_country: Callable[[], tuple[str, int, int, str] | None] | None = None,
    article_cues: Callable[[], ArticleCues | None] | None = None,
) -> Event:
    """``event`` placed in its home actors' country, or in ``named_country()`` (the one
    country of the organisations the article names) when no actor gives one, or else in the
    one country that ``article_cues()`` (the article's parties, forces, currencies) agree on."""
    if event.place is not None:
        return event
    homes = [(a, _home(a)) for a in (event.actor1, event.actor2)]
    codes = {code for _, code in homes if code}
    if len(codes) != 1:
        if codes:
            return event  # actors of two countries: nothing says which
        named = named_country() if named_country is not None else None
        if named is None:
            cues = article_cues() if article_cues is not None else None
            return _placed_by_cues(event, resources, cues) if cues is not None else event
        code, start, end, words = named
        return _placed(event, code, resources, start, end, words, "country of the actors named")
    code = codes.pop()
    actor = next(a for a, c in homes if c == code)
    assert actor is not None  # (a missing actor has no home)
    return _placed(event, code, resources, actor.start, actor.end, actor.name, "actor's country")


def _placed(event: Event, code: str, resources: Any, start: int | None, end: int | None, words: str,
            rule: str, division: Any = None) -> Event:
    """``event`` placed in country ``code`` (or in its first-level ``division``, a gazetteer
    entry), by ``rule``, with the words that gave it as evidence."""
    entry = division or (resources.gazetteer.country(code) if resources is not None else None)
    place = Place(
        name=entry.name if entry else code, country=code, precision="admin1" if division else "country",
        admin1=division.name if division else None,
        lat=entry.lat if entry else None, lon=entry.lon if entry else None,
        geonameid=entry.geonameid if entry else None,
        text=words if start is not None else None, start=start, end=end,
    )
    event = dataclasses.replace(event, place=place, place_by="fallback").with_rule("place", rule)
    if start is not None and end is not None:
        event = event.with_evidence(Evidence("place", start, end, words))
    return event


#: "the capital", "the country's capital", "the capital city": the capital of the country
#: the event is placed in (not "the state capital" or "the commercial capital").
_THE_CAPITAL = re.compile(
    r"\b(?:(?:the|its|(?:the\s+)?(?:country|nation)['’]s)\s+(?:national\s+)?capital(?:\s+city)?(?:['’]s)?|capital\s+city)\b",
    re.I,
)


def capital_entry(code: str, resources: Any) -> GazetteerEntry | None:
    """The gazetteer's town that is the capital of country ``code`` (its name from
    ``countries.capital_name``), the largest of that name in the country."""
    name = capital_name(code)
    if not name or resources is None:
        return None
    for words in dict.fromkeys((name, name.split(" D.C.")[0], name.split(",")[0])):
        towns = [e for e in resources.gazetteer.candidates(words) if e.country == code and e.feature == "city"]
        if towns:
            return max(towns, key=lambda e: e.population)
    return None


def in_the_capital(event: Event, text: str, resources: Any, sentences: Sequence[tuple[int, int]] = ()) -> Event:
    """An event placed no finer than its country, whose sentences say it happened in "the
    capital" ("assailants torched a bus in the capital"), placed in that country's capital,
    at city precision, by the rule ``place: the capital of the event's country``."""
    place = event.place
    if place is None or place.precision != "country" or not place.country:
        return event
    spans = event_sentences(event, sentences)
    found = next((m for a, b in spans for m in _THE_CAPITAL.finditer(text, a, b)), None)
    if found is None:
        return event
    entry = capital_entry(place.country, resources)
    if entry is None:
        return event
    capital = Place(
        name=entry.name, country=entry.country, precision="city", admin1=entry.admin1,
        lat=entry.lat, lon=entry.lon, geonameid=entry.geonameid,
        text=found.group(0), start=found.start(), end=found.end(),
    )
    earlier = tuple(e for e in event.evidence if e.field == "place")
    event = dataclasses.replace(event, place=capital, place_by="fallback").with_rule(
        "place", "the capital of the event's country")
    return event.with_evidence(*earlier, Evidence("place", found.start(), found.end(), found.group(0)))


@stage("home_country", requires=("events", "events.merged", "events.actor1", "events.place"), assigns=("events.place",))
def run_home_country(analysis: Analysis, resources: Any) -> dict[str, Any]:
    events = analysis.events or ()
    if all(e.place is not None and e.place.precision != "country" for e in events):
        return {"events": events}
    named = functools.cache(lambda: _named_country(analysis, resources))  # looked up once, if ever
    sentences = functools.cache(lambda: _sentence_spans(analysis))
    cues = functools.cache(lambda: _article_cues(analysis, resources, sentences))
    events = tuple(place_at_home(e, resources, named, cues) for e in events)
    text = analysis.article.text
    return {"events": tuple(in_the_capital(e, text, resources, sentences()) for e in events)}
