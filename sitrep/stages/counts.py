"""Stage ``counts``: how many people each event killed, injured, arrested, abducted and displaced.

Needs ``events``, ``times`` and the parsed ``doc``; fills ``Event.killed``, ``injured``,
``arrested``, ``abducted`` and ``displaced`` (a ``Count`` each, with its ``kind`` and
``Evidence(kind, ...)``), and ``Event.counts``, every figure placed on the event.

Finding a count. A casualty word from ``sitrep/data/casualty_words.yaml`` is read
with the people it counts, found in the parse:

* a verb and its object or passive subject ("killed three soldiers", "three soldiers
  were killed"), a qualifier the parser read as a preposition ("killed between 10 and
  15 residents"), or the noun a participle modifies ("three servicemen injured");
* an intransitive verb and its subject ("five people died");
* a noun and its number ("12 deaths", "claimed over 1,100 lives" with a verb of
  ``life_verbs``, "the bodies of three men", "the death toll rose to 15");
* an adjective and its noun ("leaving five people dead", "five wounded soldiers"), or the
  subject of a copula ("a man is dead");
* any verb with an adverb of ``fatal_adverbs``, as a death ("fatally shot his father",
  "was fatally wounded": killed, not injured), and a noun with an adjective of
  ``fatal_adjectives`` and the people its "of" names ("the fatal shooting of a man");
* a death word told with its victim ("a girl is the victim of a fatal shooting", "Kim
  Doe, the victim of the killing": ``victim_of_nouns``);
* failing the parse, a number just before the word ("3 killed and 5 injured"), or the
  noun just before a passive verb's auxiliary when the parser attached it elsewhere
  ("…, Bahia, a suspected smuggler was killed").

The number is one the people noun carries as ``nummod`` (or the noun itself, "killing
at least 12", "dozens of people", "a dozen students"), read by ``sitrep.numbers``;
coordinated groups are summed ("two soldiers and five civilians were killed" -> 7, "a
man and a woman" -> 2). A singular person counts 1: with "a"/"an", with a determiner
("the man", "his father"), alone as headlines write it ("Man dies after shooting", "Girl,
12, killed"), named by an age ("the 17-year-old", "2-year-old Ann Lee"), or named;
"himself", "herself" and "another" count 1 too. A body of people (``collective_nouns``:
"police", "family") and a plural without a number ("people were killed") stay unknown;
"no one"/"no fatalities" count 0. A number that measures
something else is never a count, however the parser attaches it (``_Numbers.kind``): one
inside a time expression the ``times`` stage found ("Around 9 May 2020"), a clock time, a
decimal or an ordinal, an address ("the 300 block", "450 Oak Avenue"), an age ("aged
45", "a 19-year-old", "John Smith, 45,"), a calibre (".40-caliber", "9mm"), money ("$500",
"5,000 naira"), a measure or a vote, by the words around it (``number_units`` in
``casualty_words.yaml``) and spaCy's entities. A figure that is a statistic ("344 were
killed in the city last year", ``event_dates.statistic``) is no event's count. An
ACLED-style note ("Fatalities coded as 10", "3 fatalities coded") gives the coded figure,
which wins.

Which event. A coder's note codes the record's event: the first act of violence the
article reports. Otherwise, in this order: the event the casualty word's subject or
prepositional object names ("the attack killed", "killed in an airstrike"); the nearest
event above it in the parse ("a drone attack that injured three"); the casualty word
itself when it is a trigger; an event below it; the nearest event in its sentence; else
the last violent event of the same paragraph or of the two sentences before ("… in the
incident"), if that event has no such count yet and the same figure is not already
counted on another event. People killed or injured are casualties of an act of violence
(``_is_violent``): in their sentence only such events take them ("3 were killed and 2
handed over"), unless the article reports no violent event at all. An event keeps its
first count of each kind; conflicting figures are never added together, and all of them
stay in ``Event.counts`` (the ``claims`` stage gives each its source).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..model import Count, Event, Evidence, TimeExpression
from ..nlp import lemmas_of, lowers_of, text_of, tokens_of
from ..numbers import Found, Reading, casualty_words, find_counts, parse_count
from ..pipeline import Analysis, stage
from ..resources.words import Words, words_of
from .event_dates import statistic, trigger_tokens

#: Casualty kinds (``killed`` also reads ACLED's coded notes).
EVENT_KINDS = ("killed", "injured")
#: Further kinds, filled when the article reports them.
OTHER_KINDS = ("arrested", "abducted", "displaced")
ALL_KINDS = EVENT_KINDS + OTHER_KINDS
#: Violent PLOVER types and ACLED event types: a later casualty sentence may refer to them.
_VIOLENT_PLOVER = frozenset({"ASSAULT", "COERCE", "PROTEST"})
_VIOLENT_ACLED = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots", "Protests"})
_CODED_NUM = r"\d[\d,]*|[a-z]+(?:[\s-][a-z]+)?"
_CLAIMED = r"(?:[^.(]{0,60}\((?P<src>[^()]{1,60}?)\s+(?:also\s+)?reported\s+(?P<claimed>\d[\d,]*))?"
#: "Fatalities coded as 10", "Unknown fatalities coded as 10 and split … with 5 coded to each".
_CODED_AS = re.compile(
    rf"fatalit(?:y|ies)(?:\s+and\s+injuries)?\s+(?:are\s+|were\s+|have\s+been\s+)?coded\s+(?:as|at|to)\s+"
    rf"(?P<n>{_CODED_NUM})(?:[^.]{{0,60}}?with\s+(?P<each>\d[\d,]*)\s+coded\s+to\s+each)?{_CLAIMED}",
    re.IGNORECASE,
)
#: "3 fatalities coded", "20 fatalities split up between 3 events", "split across 2 events (3)".
_CODED_N = re.compile(
    r"(?P<n>\d[\d,]*)\s+fatalit(?:y|ies)\s+(?:(?:were\s+|are\s+)?coded|split\s+(?:up\s+)?(?:between|among|across)\s+"
    r"(?P<k>\d+)\s+events)"
    r"|fatalit(?:y|ies)\s+(?:are\s+|were\s+)?split\s+(?:up\s+)?(?:between|among|across)\s+\d+\s+events\s+\((?P<share>\d[\d,]*)\)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Cues:
    """Casualty words by lemma, for one pass over the tokens."""

    verbs: dict[str, str]
    phrasal: dict[str, tuple[str, str]]
    intransitive: dict[str, str]
    nouns: dict[str, str]
    adjectives: dict[str, str]
    life_verbs: frozenset[str]
    toll_nouns: frozenset[str]
    toll_verbs: frozenset[str]
    victims: frozenset[str]
    collective: frozenset[str]
    fatal_adverbs: frozenset[str]
    fatal_adjectives: frozenset[str]
    victim_of: frozenset[str]

    @functools.cached_property
    def lemmas(self) -> frozenset[str]:
        """Every lemma ``_role`` can take for a casualty word (a token whose lemma and
        lower-cased form are in neither this nor ``adjectives``, and that no fatal adverb
        or adjective qualifies, is none)."""
        return frozenset(self.verbs) | frozenset(self.phrasal) | frozenset(self.intransitive) | frozenset(
            self.nouns) | self.toll_nouns


@functools.lru_cache(maxsize=1)
def cues() -> Cues:
    """The casualty words of ``casualty_words.yaml`` as lookup tables."""
    data = casualty_words()
    verbs: dict[str, str] = {}
    phrasal: dict[str, tuple[str, str]] = {}
    intransitive: dict[str, str] = {}
    nouns: dict[str, str] = {}
    adjectives: dict[str, str] = {}
    for kind, words in data["outcomes"].items():
        for entry in words["verbs"]:
            parts = entry.split()
            if len(parts) == 1:
                verbs[entry] = kind
            else:
                phrasal[parts[0]] = (parts[-1], kind)
        intransitive.update({w: kind for w in words["intransitive"]})
        nouns.update({w: kind for w in words["nouns"]})
        adjectives.update({w: kind for w in words["adjectives"]})
    return Cues(
        verbs=verbs, phrasal=phrasal, intransitive=intransitive, nouns=nouns, adjectives=adjectives,
        life_verbs=frozenset(data["life_verbs"]), toll_nouns=frozenset(data["toll_nouns"]),
        toll_verbs=frozenset(data["toll_verbs"]), victims=frozenset(data["victim_nouns"]),
        collective=frozenset(data["collective_nouns"]), fatal_adverbs=frozenset(data["fatal_adverbs"]),
        fatal_adjectives=frozenset(data["fatal_adjectives"]), victim_of=frozenset(data["victim_of_nouns"]),
    )


@dataclass(frozen=True)
class Mention:
    """A count of people found at one casualty word (token index ``cue``)."""

    kind: str
    count: Count
    cue: int
    evidence: tuple[int, int]
    coded: bool = False


#: Entity types whose numbers never count people, and what they measure.
_NOT_PEOPLE = {"DATE": "date", "TIME": "time", "MONEY": "money", "PERCENT": "measure", "QUANTITY": "measure"}
#: Links by which a number qualifies the noun it measures ("300 block", "5,000 naira").
_MEASURES = frozenset({"nummod", "quantmod", "compound", "nmod", "npadvmod"})
#: Digits written as a clock time, a decimal or an ordinal: "3:10", ".40", "21st".
_NOT_A_COUNT_SHAPE = re.compile(r"\d+[:.]\d+|[.,]\d+|\d+(?:st|nd|rd|th)", re.IGNORECASE)


@dataclass(frozen=True)
class Units:
    """``number_units`` of ``casualty_words.yaml`` as lookups: what a number measures."""

    heads: dict[str, str]
    before: dict[str, str]
    after: re.Pattern[str]
    after_kinds: dict[str, str]
    #: A street named after the number: "450 Oak Avenue", "1200 North Main St.".
    street: re.Pattern[str]


@functools.lru_cache(maxsize=1)
def units() -> Units:
    heads: dict[str, str] = {}
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    for kind, entry in casualty_words()["number_units"].items():
        for word in entry.get("before", ()):
            before[word] = kind
        for word in entry.get("after", ()):
            after[" ".join(word.replace("-", " ").split())] = kind
            if " " not in word and "-" not in word:
                heads[word] = kind
    alternation = "|".join(
        r"[\s-]+".join(re.escape(w) for w in words.split()) + "(?:e?s)?"
        for words in sorted(after, key=len, reverse=True)
    )
    pattern = re.compile(rf"\s*-?\s*(?P<unit>{alternation})\.?(?![\w])", re.IGNORECASE)
    streets = "|".join(re.escape(w.capitalize()) for w, kind in after.items() if kind == "address" and " " not in w)
    street = re.compile(rf"\s+(?:[A-Z][\w'’.-]*\s+){{1,3}}(?:{streets})\b")
    return Units(heads, before, pattern, after, street)


class _Numbers:
    """Number phrases of a document, found once per sentence on demand, and what a
    number measures when it is not people (``kind``)."""

    def __init__(self, tables: Words, doc: Any, times: Sequence[Any] = ()) -> None:
        self.tables = tables
        self.doc = doc
        self._by_sent: dict[int, list[Found]] = {}
        #: Character spans of the time expressions the ``times`` stage found.
        self._times = sorted((t.start, t.end) for t in times)

    def at(self, tok: Any) -> Found | None:
        """The number phrase that covers ``tok``, with document offsets."""
        sent = tok.sent
        found = self._by_sent.get(sent.start)
        if found is None:
            base = sent.start_char
            found = [dataclasses.replace(f, start=f.start + base, end=f.end + base) for f in find_counts(sent.text)]
            self._by_sent[sent.start] = found
        for f in found:
            if f.start <= tok.idx < f.end:
                return f
        return None

    def in_time(self, tok: Any) -> bool:
        """Whether ``tok`` is part of a time expression ("9 May 2020", "3:10 a.m.", "two days ago")."""
        return any(start <= tok.idx < end for start, end in self._times)

    def kind(self, tok: Any) -> str | None:
        """What a number measures when it is not people: ``time``, ``date``, ``money``,
        ``age``, ``calibre``, ``address`` or ``measure``; None when it may count people.

        Read, in this order, from the time expressions found (``time``), the number's
        shape (a clock time, a decimal, an ordinal), ``number_units``: the word before it,
        a street named after it, the kind of a number it is listed with ("aged 15 and
        16"), the noun it qualifies in the parse and the words right after it; then an
        age set off by commas after a person ("John Smith, 45, ..."), and last spaCy's
        entity type. A number qualifying a word for people ("19 street vendors") counts
        them whatever follows.
        """
        for read in _KIND_READERS:
            found = read(self, tok)
            if found is not None:
                return None if found == _PEOPLE else found
        return None

    def _time_or_shape(self, tok: Any) -> str | None:
        """``time`` inside a time expression; a clock time, a decimal or an ordinal
        ("3:10", ".40", "21st"), unless a scale word follows ("1.2 million")."""
        if self.in_time(tok):
            return "time"
        doc = self.doc
        if _NOT_A_COUNT_SHAPE.fullmatch(tok.text):
            scaled = tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ in self.tables["scale_words"]  # "1.2 million"
            if not scaled:
                return "time" if ":" in tok.text else "measure"
        return None

    def _unit_before(self, tok: Any) -> str | None:
        """The kind of the word right before the number ("aged 45", "$500")."""
        prev = _previous(self.doc, tok)
        if prev is None:
            return None
        before = units().before
        word = prev.lower_.rstrip(".")
        if word in before or prev.lower_ in before:
            return before.get(word) or before[prev.lower_]
        return None

    def _street_after(self, tok: Any) -> str | None:
        """``address`` for a number a street is named after ("450 Oak Avenue")."""
        text = text_of(self.doc)
        end = tok.idx + len(tok.text)
        return "address" if units().street.match(text, end, min(len(text), end + 60)) else None

    def _listed_with(self, tok: Any) -> str | None:
        """The kind of the number before, for a number listed with it: "aged 15 and 16",
        "$5 or $10"."""
        prev = _previous(self.doc, tok)
        if prev is not None and prev.lower_ in ("and", "or", "to", "-") and tok.i > 1:
            listed = self.doc[tok.i - 2]
            if _is_number(self.tables, listed) and (kind := self.kind(listed)) not in (None, "time"):
                return kind
        return None

    def _measured_noun(self, tok: Any) -> str | None:
        """The kind of the noun a number measures ("300 block", "1200 Main Street"), or
        ``_PEOPLE`` when it is a word for people ("19 street vendors"). The noun follows the
        number; a number after its head is the parser's slip ("on Elm Street two were wounded")."""
        head = tok.head if tok.dep_ in _MEASURES and tok.head.i > tok.i else None
        if head is None:
            return None
        if head.lemma_.lower() in cues().victims or head.lower_ in cues().victims:
            return _PEOPLE
        heads = units().heads
        for word in (head.lemma_.lower(), head.lower_.rstrip(".")):
            if word in heads:
                return heads[word]
        return None

    def _unit_after(self, tok: Any) -> str | None:
        """The kind of the unit right after the number ("5,000 naira", "9mm", "10 votes")."""
        table = units()
        text = text_of(self.doc)
        end = tok.idx + len(tok.text)
        m = table.after.match(text, end, min(len(text), end + 24))
        if m is None:
            return None
        unit = " ".join(m.group("unit").lower().replace("-", " ").split())
        return table.after_kinds.get(unit) or table.after_kinds.get(re.sub(r"e?s$", "", unit), "measure")

    def _age_after_person(self, tok: Any) -> str | None:
        """``age`` for a number set off by commas after a person: "John Smith, 45, ...",
        "the victims, 16 and 17, ..."."""
        prev = _previous(self.doc, tok)
        if tok.dep_ not in ("appos", "conj") or prev is None or prev.text not in (",", "and", "&"):
            return None
        doc = self.doc
        owner = tok.head if tok.dep_ == "appos" else tok.head.head
        last = max((tok, *tok.conjuncts), key=lambda t: t.i)
        closed = last.i + 1 < len(doc) and doc[last.i + 1].text in (",", ")", ";")
        if closed and owner.i < tok.i and (owner.ent_type_ == "PERSON" or owner.lemma_.lower() in cues().victims):
            return "age"
        return None

    def _entity_kind(self, tok: Any) -> str | None:
        """What spaCy's entity type says the number measures (``_NOT_PEOPLE``)."""
        return _NOT_PEOPLE.get(tok.ent_type_)

    def counts_people(self, tok: Any) -> bool:
        """Whether ``tok`` is a number that may count people."""
        return _is_number(self.tables, tok) and self.kind(tok) is None


#: What ``_Numbers.kind`` reads, in order; the first that decides wins. ``_PEOPLE`` decides
#: that the number counts people (``kind`` says None).
_PEOPLE = "people"
_KIND_READERS = (
    _Numbers._time_or_shape, _Numbers._unit_before, _Numbers._street_after, _Numbers._listed_with,
    _Numbers._measured_noun, _Numbers._unit_after, _Numbers._age_after_person, _Numbers._entity_kind,
)


def _previous(doc: Any, tok: Any) -> Any | None:
    """The token before ``tok`` in the document, or None at its start."""
    return doc[tok.i - 1] if tok.i > 0 else None


def _is_number(tables: Words, tok: Any) -> bool:
    """Whether a token is written as a number (digits, number words, scale words)."""
    return tok.like_num or tok.pos_ == "NUM" or tok.lower_ in tables["scale_nouns"] or parse_count(tok.text) is not None


def _person_count(tables: Words, v: Any, numbers: _Numbers, cue: Cues, article: bool = False) -> tuple[Reading, int, int] | None:
    """The count one people noun (or number) stands for, with the offsets of its words."""
    age = _age_noun(v)
    if numbers.in_time(v) and not age:
        return None  # "Around 9 May 2020, a man was found dead": a date is nobody
    return _number_count(tables, v, numbers) or _one_person(tables, v, cue, article, age)


def _number_count(tables: Words, v: Any, numbers: _Numbers) -> tuple[Reading, int, int] | None:
    """The number a people noun is or carries: "killing at least 12", "three soldiers",
    "dozens of people"."""
    found = numbers.at(v)
    if found is not None and (numbers.counts_people(v) or v.lower_ == "number" or found.reading.qualifier in tables["vague_plurals"]):
        return found.reading, found.start, found.end
    for child in v.children:
        if child.dep_ in ("nummod", "quantmod", "amod", "det") and numbers.counts_people(child):
            found = numbers.at(child)
            if found is not None:
                return found.reading, found.start, found.end
    if v.lemma_.lower() not in tables["group_nouns"]:
        return None
    for child in v.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for g in child.children:
                if g.dep_ == "pobj" and numbers.counts_people(g) and (found := numbers.at(g)) is not None:
                    return found.reading, found.start, found.end
    return None


def _one_person(tables: Words, v: Any, cue: Cues, article: bool, age: str | None) -> tuple[Reading, int, int] | None:
    """No one or one person: "no one", "a man", "his father", "Girl, 12, killed", "the
    17-year-old", "himself", a named person. ``article``: the noun is coordinated with one
    counted by its article ("a man and woman")."""
    lemma = v.lemma_.lower()
    end = v.idx + len(v.text)
    singular = (v.tag_ in ("NN", "NNP") and lemma not in tables["group_nouns"]) or age == "one"
    person = lemma in cue.victims or v.lower_ in cue.victims or age is not None or _aged(v)
    by_determiner = _determined_count(v, singular, person)
    if by_determiner is not None:
        return by_determiner[0], by_determiner[1], end
    if (article or age) and singular:
        return Reading(1, 1, 1), v.idx, end
    if singular and person and lemma not in cue.collective and v.lower_ not in cue.collective:
        # One person, written without an article as headlines do ("Man dies after
        # shooting", "Girl, 12, killed") or named by an age ("killed 2-year-old Ann Lee").
        return Reading(1, 1, 1), v.left_edge.idx, end
    if v.lower_ in ("nobody", "none"):
        return Reading(0, 0, 0, "no"), v.idx, end
    if v.lower_ in tables["one_pronouns"] and v.pos_ == "PRON" and not any(c.dep_ == "prep" for c in v.children):
        return Reading(1, 1, 1), v.idx, end  # "killed himself", "wounded another"
    if v.ent_type_ == "PERSON" and v.pos_ == "PROPN":
        return Reading(1, 1, 1), v.idx, end
    return None


def _determined_count(v: Any, singular: bool, person: bool) -> tuple[Reading, int] | None:
    """The count a noun's determiner gives, with the determiner's offset: "no soldiers"
    (0), "a man", "one woman", "the man", "his father" (1)."""
    for child in v.children:
        if child.dep_ == "det" and child.lower_ == "no":
            return Reading(0, 0, 0, "no"), child.idx
        if singular and child.dep_ in ("det", "nummod") and child.lower_ in ("a", "an", "one"):
            return Reading(1, 1, 1), child.idx
        if singular and child.dep_ in ("det", "poss") and person and child.lower_ != "no":
            return Reading(1, 1, 1), child.idx
    return None


def _aged(v: Any) -> bool:
    """Whether a noun is qualified by one person's age ("2-year-old Ann", "a 30-year-old man")."""
    return any(c.dep_ == "amod" and _age_noun(c) == "one" for c in v.children)


def _age_noun(v: Any) -> str | None:
    """"one" for a person named by an age ("a 19-year-old", "the 16-year-old"), "many" for
    people so named ("two ten-year-olds"), else None."""
    if v.lower_ not in ("old", "olds") or v.i < 2:
        return None
    before = v.doc[v.i - 1]
    if before.text != "-" or v.doc[v.i - 2].lemma_.lower() not in ("year", "month", "week", "day"):
        return None
    return "one" if v.lower_ == "old" else "many"


def _group_count(tables: Words, v: Any, numbers: _Numbers, cue: Cues) -> tuple[Reading, int, int] | None:
    """The summed count of a people noun and its coordinated nouns ("two soldiers and five civilians")."""
    first = _person_count(tables, v, numbers, cue)
    article = first is not None and first[0].best == 1 and first[0].qualifier is None
    rest = [_person_count(tables, t, numbers, cue, article) for t in v.conjuncts]
    parts = [p for p in (first, *rest) if p is not None]
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]

    def add(values: Sequence[int | None]) -> int | None:
        return None if any(x is None for x in values) else sum(x for x in values if x is not None)

    reading = Reading(add([p[0].low for p in parts]), add([p[0].best for p in parts]),
                      add([p[0].high for p in parts]), "sum")
    last = v.conjuncts[-1] if v.conjuncts else v
    return reading, min(p[1] for p in parts), max(max(p[2] for p in parts), last.idx + len(last.text))


def _victim_words(v: Any) -> str | None:
    """The nouns naming the counted people and those coordinated with them, or None when
    the count stands alone ("20 were killed")."""
    nouns = [t for t in (v, *v.conjuncts) if t.pos_ in ("NOUN", "PROPN")]
    return " and ".join(t.text for t in nouns) or None


def _victims(tables: Words, tok: Any, role: str, cue: Cues, numbers: _Numbers) -> list[Any]:
    """The tokens naming the people a casualty word counts, by its role."""
    read = _VICTIMS_BY_ROLE.get(role)
    return read(tables, tok, cue, numbers) if read is not None else []


def _verb_victims(tables: Words, tok: Any, cue: Cues, numbers: _Numbers) -> list[Any]:
    """The object of a casualty verb or its passive subject ("killed three soldiers",
    "three soldiers were killed"), else the people the parser put elsewhere."""
    kids = list(tok.children)
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in kids):
        found = [c for c in kids if c.dep_ in ("nsubjpass", "nsubj")]
    else:
        found = ([c for c in kids if c.dep_ in ("dobj", "attr")] or _qualified_victims(tables, kids, numbers)
                 or _modifier_victims(tok, kids))
    if not found and tok.dep_ in ("acl", "amod") and tok.tag_ == "VBN":
        found = [tok.head]  # "three servicemen injured"
    if not found and tok.tag_ == "VBN" and not any(c.dep_ == "aux" for c in kids):
        found = [c for c in kids if c.dep_ == "nsubj"]  # "and 10 others wounded"
    if not found:
        found = _borrowed(tok)
    return found


def _qualified_victims(tables: Words, kids: list[Any], numbers: _Numbers) -> list[Any]:
    """"killed between 10 and 15 residents": the qualifier parsed as a preposition."""
    return [g for c in kids if c.dep_ == "prep" and c.lower_ in tables["qualifier_preps"]
            for g in c.children if g.dep_ == "pobj"
            and (numbers.counts_people(g) or any(numbers.counts_people(x) for x in g.children))]


def _modifier_victims(tok: Any, kids: list[Any]) -> list[Any]:
    """"a shooting that killed 2-year-old Ann Lee": the victim parsed as a modifier."""
    return [c for c in kids if c.dep_ in ("npadvmod", "oprd") and c.i > tok.i
            and c.pos_ in ("NOUN", "PROPN") and (c.ent_type_ == "PERSON" or _aged(c))]


def _intransitive_victims(tables: Words, tok: Any, cue: Cues, numbers: _Numbers) -> list[Any]:
    """The subject of an intransitive casualty verb ("five people died"), or the noun it
    modifies ("people who died")."""
    found = [c for c in tok.children if c.dep_ == "nsubj"]
    if not found and tok.dep_ in ("relcl", "acl"):
        found = [tok.head]
    return found or _borrowed(tok)


def _noun_victims(tables: Words, tok: Any, cue: Cues, numbers: _Numbers) -> list[Any]:
    """A casualty noun with its number ("12 deaths", "no fatalities"), the people its "of"
    names ("the bodies of three men"); "lives" only with a verb of ``life_verbs``."""
    kids = list(tok.children)
    if any(c.dep_ in ("nummod", "det") and (numbers.counts_people(c) or c.lower_ == "no") for c in kids):
        return [tok]
    if tok.lemma_.lower() == "life" and tok.head.lemma_.lower() not in cue.life_verbs:
        return []
    of = _of_objects(kids)
    return of or ([tok] if tok.lemma_.lower() != "life" else [])


def _toll_victims(tables: Words, tok: Any, cue: Cues, numbers: _Numbers) -> list[Any]:
    """The figure of a toll: "the death toll rose to 15", "the toll is 15", "a toll of 15"."""
    head = tok.head
    if head.lemma_.lower() in cue.toll_verbs or head.lemma_ == "be":
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ in ("to", "at", "past"):
                return [g for g in c.children if g.dep_ == "pobj"]
            if c.dep_ in ("dobj", "attr") and numbers.counts_people(c):
                return [c]
    return _of_objects(tok.children)


def _adjective_victims(tables: Words, tok: Any, cue: Cues, numbers: _Numbers) -> list[Any]:
    """The noun a casualty adjective qualifies ("five wounded soldiers"), its subject, or
    the people of the verb it completes ("leaving five people dead", "a man is dead")."""
    if tok.dep_ == "amod":
        return [tok.head]
    found = [c for c in tok.children if c.dep_ in ("nsubj", "nummod")]
    if found:
        return found
    if tok.dep_ not in ("oprd", "ccomp", "xcomp", "acomp", "advcl", "conj"):
        return []
    found = [c for c in tok.head.children if c.dep_ in ("dobj", "nsubjpass")]
    if not found and tok.dep_ == "acomp" and tok.head.lemma_ == "be":
        found = [c for c in tok.head.children if c.dep_ == "nsubj"]  # "a man is dead"
    return found


def _fatal_victims(tables: Words, tok: Any, cue: Cues, numbers: _Numbers) -> list[Any]:
    """"the fatal shooting of a man"; "a girl is the victim of a fatal shooting"."""
    return _of_objects(tok.children)


def _of_objects(kids: Any) -> list[Any]:
    """The objects of the "of" among ``kids``: "the bodies of three men"."""
    return [g for c in kids if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]


#: How each role of a casualty word (``_role``) finds the people it counts.
_VICTIMS_BY_ROLE = {
    "verb": _verb_victims, "intransitive": _intransitive_victims, "noun": _noun_victims,
    "toll": _toll_victims, "adjective": _adjective_victims, "fatal": _fatal_victims,
}


def _victim_of(tok: Any, cue: Cues) -> list[Any]:
    """The person told as the victim of a death word ("Ann Lee, the victim of the
    killing", "a girl is the victim of a fatal shooting"), else nobody."""
    if tok.dep_ != "pobj" or tok.head.lower_ != "of" or tok.head.head.i == tok.head.i:
        return []
    victim = tok.head.head
    if victim.lemma_.lower() not in cue.victim_of:
        return []
    if victim.dep_ == "attr":
        subject = [c for c in victim.head.children if c.dep_ == "nsubj"]
        if subject:
            return subject
    if victim.dep_ == "appos":
        return [victim.head]
    return [victim]


def _borrowed(tok: Any) -> list[Any]:
    """People named on the verb a casualty verb hangs off: "was shot and killed",
    "were reported killed", "killing and wounding a number of fighters"."""
    if tok.dep_ in ("conj", "xcomp", "oprd", "ccomp") and tok.head.i != tok.i:
        head = tok.head
        found = [c for c in head.children if c.dep_ in ("nsubjpass", "dobj") and c.i != tok.i]
        if not found and tok.tag_ == "VBN":
            found = [c for c in head.children if c.dep_ == "nsubj"]
        if found:
            return found
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ == "VERB":
            found = [g for g in c.children if g.dep_ == "dobj"]
            if found:
                return found
    return []


def _role(tok: Any, cue: Cues, kinds: frozenset[str]) -> tuple[str, str] | None:
    """(kind, role) when ``tok`` is a casualty word of one of ``kinds``."""
    return _verb_role(tok, cue, kinds) or _noun_role(tok, cue, kinds) or _adjective_role(tok, cue, kinds)


def _verb_role(tok: Any, cue: Cues, kinds: frozenset[str]) -> tuple[str, str] | None:
    """A casualty verb: one a fatal adverb qualifies, a phrasal verb with its particle,
    a transitive or an intransitive verb."""
    lemma = tok.lemma_.lower()
    pos = tok.pos_
    if pos == "VERB" and "killed" in kinds and any(c.dep_ == "advmod" and c.lower_ in cue.fatal_adverbs
                                                   for c in tok.children):
        return "killed", "verb"  # "fatally shot", "was mortally wounded": a death, not an injury
    if pos not in ("VERB", "AUX"):
        return None
    if lemma in cue.phrasal:
        last, kind = cue.phrasal[lemma]
        if kind in kinds and any(t.lower_ == last for c in tok.children for t in (c, *c.children)):
            return kind, "verb"
    if lemma in cue.verbs and cue.verbs[lemma] in kinds:
        return cue.verbs[lemma], "verb"
    if lemma in cue.intransitive and cue.intransitive[lemma] in kinds:
        return cue.intransitive[lemma], "intransitive"
    return None


def _noun_role(tok: Any, cue: Cues, kinds: frozenset[str]) -> tuple[str, str] | None:
    """A casualty noun: a toll ("death toll", "injury toll"), a noun of ``nouns``, or one a
    fatal adjective qualifies ("the fatal shooting")."""
    lemma = tok.lemma_.lower()
    pos = tok.pos_
    if pos in ("NOUN", "PROPN") and lemma in cue.toll_nouns and "killed" in kinds:
        injury = any(c.lemma_.lower() in ("injury", "casualty") for c in tok.children if c.dep_ == "compound")
        return ("injured" if injury else "killed"), "toll"
    if pos == "NOUN" and lemma in cue.nouns and cue.nouns[lemma] in kinds and tok.dep_ != "compound":
        return cue.nouns[lemma], "noun"
    if pos == "NOUN" and "killed" in kinds and any(c.dep_ == "amod" and c.lower_ in cue.fatal_adjectives
                                                   for c in tok.children):
        return "killed", "fatal"
    return None


def _adjective_role(tok: Any, cue: Cues, kinds: frozenset[str]) -> tuple[str, str] | None:
    """A casualty adjective ("dead", "wounded"), by its lower-cased form."""
    lower = tok.lower_
    if tok.pos_ in ("ADJ", "VERB", "NOUN") and lower in cue.adjectives and cue.adjectives[lower] in kinds:
        return cue.adjectives[lower], "adjective"
    return None


def _lookback(tables: Words, tok: Any, numbers: _Numbers) -> tuple[Reading, int, int] | None:
    """A number just before a casualty word ("3 killed", "five others wounded")."""
    i = tok.i - 1
    start = tok.sent.start
    while i >= start and tok.i - i <= 4:
        t = tok.doc[i]
        if _is_number(tables, t):
            if numbers.kind(t) is not None:
                return None
            found = numbers.at(t)
            return (found.reading, found.start, found.end) if found else None
        if t.lower_ not in tables["lookback_skip"]:
            return None
        i -= 1
    return None


def _lost_subject(tok: Any) -> Any | None:
    """The noun right before a passive verb's auxiliary when the parser attached it
    elsewhere ("…, Bahia, a suspected trafficker was killed")."""
    aux = [c for c in tok.children if c.dep_ == "auxpass" and c.i < tok.i]
    if not aux or any(c.dep_ in ("nsubjpass", "nsubj") for c in tok.children):
        return None
    i = aux[0].i - 1
    prev = tok.doc[i] if i >= tok.sent.start else None
    if prev is None or prev.pos_ not in ("NOUN", "PROPN") or prev.dep_ not in ("appos", "conj", "npadvmod", "dobj"):
        return None
    return prev


def find_mentions(tables: Words, doc: Any, kinds: Sequence[str] = EVENT_KINDS, times: Sequence[TimeExpression] = (),
                  words: Cues | None = None) -> list[Mention]:
    """Every count of people of ``kinds`` in the document, in text order. ``times`` are
    the article's time expressions: a number inside one is never a count. ``words`` are
    the casualty words to read (``cues()`` unless given; ``hit_cues()`` for people hit)."""
    cue = words or cues()
    wanted = frozenset(kinds)
    numbers = _Numbers(tables, doc, times)
    mentions: list[Mention] = []
    toks, lowers = tokens_of(doc), lowers_of(doc)
    # Any word a fatal adverb or adjective qualifies ("fatally shot", "the fatal shooting
    # of") is a casualty word too, whatever its lemma.
    fatal = cue.fatal_adverbs | cue.fatal_adjectives
    qualified = {toks[i].head.i for i, lower in enumerate(lowers) if lower in fatal}
    for i, lemma in enumerate(lemmas_of(doc)):
        if lemma not in cue.lemmas and lowers[i] not in cue.adjectives and i not in qualified:
            continue  # no casualty word (``_role`` would say None)
        mention = _mention_at(tables, toks[i], cue, wanted, numbers)
        if mention is not None:
            mentions.append(mention)
    if "killed" in wanted:
        mentions.extend(_coded(doc))
    return mentions


def _mention_at(tables: Words, tok: Any, cue: Cues, wanted: frozenset[str], numbers: _Numbers) -> Mention | None:
    """The count of people at ``tok`` when it is a casualty word of a ``wanted`` kind, not
    negated ("were not killed"), that counts someone."""
    hit = _role(tok, cue, wanted)
    if hit is None or any(c.dep_ == "neg" for c in tok.children):
        return None
    kind, role = hit
    counted = _counted(tables, tok, role, cue, numbers)
    if counted is None:
        return None
    (reading, start, end), victims = counted
    if reading.best is None and reading.low is None and reading.high is None:
        return None
    text = text_of(tok.doc)[start:end]
    ev = (min(start, tok.idx), max(end, tok.idx + len(tok.text)))
    count = Count(reading.low, reading.best, reading.high, text, start, end, kind=kind, victims=victims)
    return Mention(kind, count, tok.i, ev)


def _counted(tables: Words, tok: Any, role: str, cue: Cues,
             numbers: _Numbers) -> tuple[tuple[Reading, int, int], str | None] | None:
    """The count a casualty word gives, with the nouns naming its people (``_victim_words``):
    from the people the parse ties it to, else a number just before it, else the noun the
    parser took from a passive verb."""
    victims_of = _victims(tables, tok, role, cue, numbers)
    if role in ("noun", "fatal"):
        victims_of = _victim_of(tok, cue) + victims_of
    for v in victims_of:
        got = _group_count(tables, v, numbers, cue)
        if got is not None:
            return got, _victim_words(v)
    got = _lookback(tables, tok, numbers) if role in ("verb", "adjective", "noun") else None
    if got is None and role == "verb":
        subj = _lost_subject(tok)
        got = _group_count(tables, subj, numbers, cue) if subj is not None else None
    return (got, None) if got is not None else None


#: The kind of a mention of people hit by a shot (``hit_mentions``); no ``Event`` field.
HIT = "hit"


@functools.lru_cache(maxsize=1)
def hit_cues() -> Cues:
    """``hit_words`` of ``casualty_words.yaml`` as casualty words of the kind ``HIT``: the
    verbs of being hit by a shot, read with the people they hit like any casualty verb."""
    data = casualty_words()["hit_words"]
    base = cues()
    verbs = {w: HIT for w in (*data["verbs"], *data["by_verbs"])}
    return dataclasses.replace(base, verbs=verbs, phrasal={}, intransitive={}, nouns={}, adjectives={},
                               toll_nouns=frozenset())


def _hit(tok: Any) -> bool:
    """Whether a hit verb says someone was hit: "shot at" someone missed (a passive
    "shot at a party" hit), and a verb of
    ``by_verbs`` hits only by one of ``by_means`` ("struck by gunfire", not "hit by a car")."""
    data = casualty_words()["hit_words"]
    preps = [c for c in tok.children if c.dep_ in ("prep", "agent")]
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
    if any(c.lower_ == "at" and (not passive or not any(g.dep_ == "pobj" for g in c.children)) for c in preps):
        return False  # "fired and shot at officers", "the car was shot at"; not "were shot at a party"
    if tok.lemma_.lower() in data["verbs"]:
        return True
    means = frozenset(data["by_means"])
    return any(c.lower_ == "by" and any(g.lemma_.lower() in means for g in c.subtree) for c in preps)


def hit_mentions(tables: Words, doc: Any, times: Sequence[TimeExpression] = ()) -> list[Mention]:
    """Every count of people hit by a shot (kind ``HIT``) in the document, in text order:
    "a man was shot", "two people were struck by gunfire"; not "shot at", "hit by a car"."""
    return [m for m in find_mentions(tables, doc, (HIT,), times, words=hit_cues()) if _hit(doc[m.cue])]


def is_coded(count: Count) -> bool:
    """Whether a count is a coder's note of the figure ("Fatalities coded as 0 (X reported 3)")."""
    return "coded" in count.text.lower() or bool(_CODED_N.match(count.text))


def _coded(doc: Any) -> list[Mention]:
    """ACLED-style notes of the coded figure: "Fatalities coded as 0 (X reported 3)"."""
    out: list[Mention] = []
    if "coded" not in text_of(doc).lower():
        return out
    matches = list(_CODED_AS.finditer(text_of(doc))) or list(_CODED_N.finditer(text_of(doc)))
    for m in matches[:1]:
        groups = m.groupdict()
        n = groups.get("each") or groups.get("share") or groups.get("n")
        reading = parse_count(n.replace(",", "")) if n else None
        if reading is None or reading.best is None:
            continue
        best = reading.best
        if groups.get("k"):
            # The event's share of a figure split across k events; the first takes the remainder.
            k = int(groups["k"])
            best = best // k + (1 if best % k else 0)
        high = best
        if groups.get("claimed"):
            high = max(best, int(groups["claimed"].replace(",", "")))
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        cue_i = span[0].i if span is not None and len(span) else 0
        end = m.end() + (1 if groups.get("claimed") and text_of(doc)[m.end():m.end() + 1] == ")" else 0)
        count = Count(best, best, high, text_of(doc)[m.start():end], m.start(), end, kind="killed")
        out.append(Mention("killed", count, cue_i, (m.start(), end), coded=True))
    return out


def _trigger_tokens(doc: Any, events: Sequence[Event]) -> dict[int, int]:
    """Token index of each event's trigger head -> event index (first event wins)."""
    out: dict[int, int] = {}
    for n, ev in enumerate(events):
        span = doc.char_span(ev.trigger_start, ev.trigger_end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        for tok in (span.root, *span):
            out.setdefault(tok.i, n)
    return out


def _is_violent(ev: Event) -> bool:
    return ev.plover in _VIOLENT_PLOVER or ev.acled_event_type in _VIOLENT_ACLED


def _same_sentence_event(doc: Any, cue: Any, triggers: dict[int, int]) -> tuple[int, int] | None:
    """(event index, rule strength) for the event the parse or the sentence ties a casualty
    word to: the strength is the place in ``_TIES`` of the first tie found (``COUNT_RULES``)."""
    for strength, tie in enumerate(_TIES):
        n = tie(cue, triggers)
        if n is not None:
            return n, strength
    return None


def _named_by_argument(cue: Any, triggers: dict[int, int]) -> int | None:
    """The event the casualty word's subject or prepositional object names: "the attack
    killed", "killed in an airstrike"."""
    for c in cue.children:
        if c.dep_ in ("nsubj", "agent", "csubj") and c.i in triggers:
            return triggers[c.i]
        if c.dep_ in ("prep", "agent"):
            for g in c.children:
                if g.dep_ == "pobj" and g.i in triggers:
                    return triggers[g.i]
    return None


def _event_above(cue: Any, triggers: dict[int, int]) -> int | None:
    """The nearest event above the casualty word in the parse, past verbs of speech: "a
    drone attack that injured three"."""
    speech = _speech_lemmas()
    head = cue
    while head.head.i != head.i:
        head = head.head
        if head.lemma_.lower() in speech:
            continue
        if head.i in triggers:
            return triggers[head.i]
    return None


def _cue_is_trigger(cue: Any, triggers: dict[int, int]) -> int | None:
    """The event whose trigger is the casualty word itself."""
    return triggers.get(cue.i)


def _event_below(cue: Any, triggers: dict[int, int]) -> int | None:
    """An event whose trigger is inside the casualty word's phrase."""
    for t in cue.subtree:
        if t.i != cue.i and t.i in triggers:
            return triggers[t.i]
    return None


def _nearest_in_sentence(cue: Any, triggers: dict[int, int]) -> int | None:
    """The event whose trigger is nearest the casualty word in its sentence."""
    sent = cue.sent
    near = [(abs(i - cue.i), n) for i, n in triggers.items() if sent.start <= i < sent.end]
    return min(near)[1] if near else None


#: How a casualty word is tied to an event in its sentence, strongest first.
_TIES = (_named_by_argument, _event_above, _cue_is_trigger, _event_below, _nearest_in_sentence)


@functools.lru_cache(maxsize=1)
def _speech_lemmas() -> frozenset[str]:
    return frozenset(casualty_words()["speech_verbs"])


def _recent(doc: Any, cue: Any, events: Sequence[Event], sent_of: dict[int, int], keep: Any) -> list[int]:
    """Events ``keep`` accepts in the two sentences before ``cue``'s or earlier in its paragraph."""
    sent = cue.sent
    back = doc[max(sent.start - 1, 0)].sent.start if sent.start > 0 else sent.start
    back = doc[max(back - 1, 0)].sent.start if back > 0 else back
    lo, hi = doc[back].idx, sent.start_char
    para = text_of(doc).rfind("\n\n", 0, hi) + 1
    return [n for n, s in sent_of.items() if min(lo, para) <= s < hi and keep(events[n])]


#: Why a count went to its event, by the strength ``assign`` placed it with (the ``rules``
#: trace of the count's kind, ``count:<why>``).
COUNT_RULES = {
    -1: "count:coder's note",
    0: "count:subject of the casualty word",
    1: "count:event its clause hangs on",
    2: "count:casualty word is the trigger",
    3: "count:trigger inside the casualty phrase",
    4: "count:nearest trigger in the sentence",
    5: "count:violence in the sentences before",
}


def assign(
    doc: Any, events: Sequence[Event], mentions: Sequence[Mention], every: dict[int, list[Mention]] | None = None,
    why: dict[tuple[int, str], str] | None = None,
) -> dict[int, dict[str, Mention]]:
    """Which mention each event gets for each kind: event index -> kind -> mention.

    ``every``, when given, receives every mention placed on each event (the chosen ones
    and the further figures of the same kind, which ``Event.counts`` keeps); ``why``, when
    given, the rule (``COUNT_RULES``) that gave each event index and kind its mention.
    """
    triggers = _trigger_tokens(doc, events)
    if not triggers:
        return {}
    return _choose(_placements(doc, events, mentions, triggers), every, why)


def _placements(doc: Any, events: Sequence[Event], mentions: Sequence[Mention],
                triggers: dict[int, int]) -> list[tuple[int, int, int, Mention]]:
    """Each mention's (strength, order, event index, mention): the event it goes to, and
    how strongly (``COUNT_RULES``)."""
    sent_of = {n: ev.sentence_start for n, ev in enumerate(events)}
    # People killed or injured are casualties of an act of violence, not of an arrest or a
    # looting the same sentence reports ("3 were killed and 2 handed over").
    violent = {i: n for i, n in triggers.items() if _is_violent(events[n])}
    placed: list[tuple[int, int, int, Mention]] = []
    for order, m in enumerate(mentions):
        cue_tok = doc[m.cue]
        if m.coded:
            # A coder's note codes the record's event: the first act of violence reported.
            # (This rebinds ``violent``, a dict of trigger token -> event, to a list of events, which the
            # later mentions of the loop then get: found by mypy, kept as it was, a behaviour change to
            # make with its scores measured.)
            violent = [n for n in triggers.values() if _is_violent(events[n]) and not events[n].background]  # type: ignore[assignment]
            target = min(violent or triggers.values(), key=lambda n: events[n].trigger_start)
            placed.append((-1, order, target, m))
            continue
        hit = _same_sentence_event(doc, cue_tok, violent if m.kind in EVENT_KINDS and violent else triggers)
        if hit is not None:
            placed.append((hit[1], order, hit[0], m))
            continue
        recent = _recent(doc, cue_tok, events, sent_of, _is_violent)
        if recent:
            target = max(recent, key=lambda n: events[n].trigger_start)
            placed.append((5, order, target, m))
    return placed


def _choose(placed: list[tuple[int, int, int, Mention]], every: dict[int, list[Mention]] | None,
            why: dict[tuple[int, str], str] | None) -> dict[int, dict[str, Mention]]:
    """The mention each event keeps of each kind: the strongest placed, a coder's note
    over any; a figure already given stronger is not repeated by a weak placement."""
    chosen: dict[int, dict[str, Mention]] = {}
    figures: set[tuple[str, int | None, int | None, int | None]] = set()
    for strength, _order, target, m in sorted(placed, key=lambda p: (p[0], p[1])):
        slot = chosen.setdefault(target, {})
        key = (m.kind, m.count.low, m.count.best, m.count.high)
        if strength >= 4 and key in figures and not m.coded:
            continue
        if m.coded or m.kind not in slot:
            slot[m.kind] = m
            if why is not None:
                why[(target, m.kind)] = COUNT_RULES[strength]
        if every is not None:
            every.setdefault(target, []).append(m)
        figures.add(key)
    return chosen


def incident_mentions(tables: Words, doc: Any, events: Sequence[Event], mentions: Sequence[Mention],
                      times: Sequence[TimeExpression]) -> list[Mention]:
    """The mentions that count the people of an incident: a statistic ("344 people were
    killed in the city last year", ``event_dates.statistic``) is no event's count."""
    if not times:
        return list(mentions)
    anchors = trigger_tokens(doc, events)
    dated = [t for t in times if t.start_date is not None]
    return [m for m in mentions if m.coded or statistic(tables, doc[m.cue], dated, anchors - {m.cue}) is None]


def outcome_counts(tables: Words, analysis: Analysis, kinds: Sequence[str] = OTHER_KINDS) -> tuple[dict[str, Count], ...]:
    """Counts of ``kinds`` per event, aligned with ``analysis.events`` (the ``counts``
    stage does this for every kind at once). Needs ``doc`` and ``events``."""
    events = analysis.events or ()
    times = analysis.times or ()
    mentions = incident_mentions(tables, analysis.doc, events, find_mentions(tables, analysis.doc, kinds, times), times)
    chosen = assign(analysis.doc, events, mentions)
    return tuple({k: m.count for k, m in chosen.get(n, {}).items()} for n in range(len(events)))


@stage(
    "counts", requires=("events", "times"),
    assigns=("events.killed", "events.injured", "events.arrested", "events.abducted", "events.displaced",
             "events.counts"),
)
def run_counts(analysis: Analysis, resources: object) -> dict:
    """Counts of every kind on each event; see the module docstring for the rules."""
    tables = words_of(resources)
    events = analysis.events or ()
    if not events:
        return {"events": events}
    doc = analysis.doc
    every: dict[int, list[Mention]] = {}
    times = analysis.times or ()
    mentions = incident_mentions(tables, doc, events, find_mentions(tables, doc, ALL_KINDS, times), times)
    why: dict[tuple[int, str], str] = {}
    chosen = assign(doc, events, mentions, every, why)
    out = []
    for n, ev in enumerate(events):
        slot = chosen.get(n)
        if not slot:
            out.append(ev)
            continue
        changes: dict[str, Any] = {}
        evidence = []
        for kind, m in slot.items():
            changes[kind] = m.count
            s, e = m.evidence
            evidence.append(Evidence(kind, s, e, text_of(doc)[s:e]))
        seen: set[tuple[str, int | None]] = set()
        listed = []
        for m in sorted(every.get(n, ()), key=lambda m: (m.count.start or 0, m.kind)):
            if (m.kind, m.count.start) not in seen:
                seen.add((m.kind, m.count.start))
                listed.append(m.count)
        changes["counts"] = tuple(listed)
        counted = dataclasses.replace(ev, **changes).with_evidence(*evidence)
        for kind in slot:
            counted = counted.with_rule(kind, why[(n, kind)])
        out.append(counted)
    return {"events": tuple(out)}
