"""Stage ``actors``: who acts (actor1) and who is acted on (actor2), and how to code them.

Needs ``events`` (with their places) and ``places``; adds ``actor1``/``actor2`` to each
event. Roles come from the parse of the trigger:
- a verb: its subject acts and its object is acted on; in the passive, the ``by``
  phrase acts and the subject is acted on; a verb with no subject of its own takes the
  subject of the verb it is coordinated with;
- a noun: ``by X``, a possessive ("Israel's strikes"), a name or demonym before it
  ("Hamas attack", "Israeli strikes") or the subject of the verb that governs it
  ("US forces launched attacks") acts; ``on``/``against`` X is acted on, and so are the
  victims of a casualty clause attached to it ("an attack that injured three soldiers").
Places are never actors ("an attack on Erbil Air Base"). A description gives way to the
name the article gives the same party: its apposition ("an Iran-backed militia, Kataib
Hezbollah, attacked") or, for a definite description that refers back ("the group", "the
militia", "the militants"), the nearest group named in its sentence or the three before,
never the event's other side nor state forces (rules ``apposition``, ``named before: the
group``).

Coding: a known actor (``sitrep/data/actors.yaml``) gives name, country, kind and ACLED
inter code; otherwise the head noun is looked up among generic agents
(``sitrep/data/agents.yaml``), the country comes from a demonym or country name in the
phrase ("Iranian-sponsored" and other "-backed" modifiers name a sponsor, not the
actor's country), and a generic local actor with no country takes the event's country.
A head that only says "some of" ("forces", "members") gives way to an agent in a modifier
or "of" phrase ("rebel forces"); weapons are never actors ("an IED planted by gunmen");
state forces outside their own country are external forces (inter 8).
A party, a party's wing, an alliance, a union or a state force that ``country_cues.yaml``
names in the phrase gives the actor's country (the event's, when it is one of the body's)
and, by what it did, its code (``body_roles`` in ``actors.yaml``): a party's members are
protesters at a demonstration, rioters in a riot or a fight with no arms named, a political
militia when they attack people, bomb or bear arms, civilians when attacked. An actor
nothing gives a country takes the event place's. The attacked side (actor2) is also read
from the people a violent event's sentence says were killed or hurt (never a battle's
casualties), a named person attacked is a civilian, and the state forces that met a
demonstration or a riot ("police dispersed the procession") are its other side.
Finally the actors refine the ACLED type: a generic attack on an armed actor is an armed
clash; a clash against civilians is an attack; protesters who riot are rioters; civilians
who attack are rioters in mob violence.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import re
from typing import Any

from ..model import Actor, ActorGuess, Event, Evidence, Place, TypedBy
from ..nlp import sentences_of, text_of
from ..pipeline import Analysis, stage
from ..resources.lexicons import Lexicons, singular
from ..resources.words import Words

_ARMED_KINDS = {"military", "police", "rebels", "militia", "armed group"}
#: Entity types that never name an actor: "on Monday", "at 5 pm".
_NOT_ACTORS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
_LEADING_DROP = {"det", "nummod", "quantmod", "predet", "punct", "cc", "advmod"}
_PLACE_LABELS = {"GPE", "LOC", "FAC"}
#: ACLED event types whose perpetrator, when the report names none, is an unidentified armed group.
_ARMED_VIOLENCE = {"Battles", "Violence against civilians", "Explosions/Remote violence"}


def token_for(doc: Any, start: int, end: int) -> Any:
    """The syntactic head of the tokens covering [start, end)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else doc[0]


class _PlaceIndex:
    """An article's places, for the questions this stage asks many times: does a place
    cover this offset (one inside an organisation's name counting or not), and which
    places start inside these words. (Scanning every place for every token made long
    articles quadratic.)"""

    def __init__(self, places: tuple[Place, ...]) -> None:
        located = sorted(((p.start, p) for p in places if p.start is not None), key=lambda sp: sp[0])
        self._by_start = [p for _, p in located]
        self._all_starts = [start for start, _ in located]
        plain = [p for p in self._by_start if not p.in_organisation]
        self._cover = {True: _reach(self._by_start), False: _reach(plain)}

    def covers(self, offset: int, inside_names: bool = False) -> bool:
        """Whether a place covers ``offset``; with ``inside_names``, a place inside an
        organisation's name counts too."""
        starts, reach = self._cover[inside_names]
        i = bisect.bisect_right(starts, offset) - 1
        return i >= 0 and reach[i] > offset

    def starting_in(self, start: int, end: int) -> list[Place]:
        return self._by_start[bisect.bisect_left(self._all_starts, start):bisect.bisect_left(self._all_starts, end)]


def _reach(places: list[Place]) -> tuple[list[int], list[int]]:
    """Places sorted by start: their starts, and the furthest end the places up to each reach."""
    return [p.start or 0 for p in places], list(itertools.accumulate((p.end or 0 for p in places), max))


#: The index of the places last asked about: (their tuple, its index). A stage run asks
#: about one article's places many times; the tuple's identity says it is the same one.
_last_index: tuple[tuple[Place, ...], _PlaceIndex] | None = None


def _places(analysis: Analysis) -> _PlaceIndex:
    global _last_index
    places = analysis.places or ()
    last = _last_index
    if last is None or last[0] is not places:
        last = _last_index = (places, _PlaceIndex(places))
    return last[1]


def _is_place(tok: Any, analysis: Analysis) -> bool:
    if tok.ent_type_ in _PLACE_LABELS:
        return True
    # A place inside an organisation's name ("Nigeria Police Force") does not make it a place.
    return _places(analysis).covers(tok.idx)


def _phrase(tok: Any, conjuncts: bool = True) -> tuple[int, int]:
    """Character span of an actor phrase: modifiers before the head, and its conjuncts
    (unless they are the other side: "between the army and rebels")."""
    left = [t for t in tok.lefts if t.dep_ not in ("punct",)]
    start_tok = min([tok, *[t for t in left for t in t.subtree]], key=lambda t: t.i)
    last = tok
    for conj in tok.conjuncts if conjuncts else ():
        if conj.i > last.i:
            last = conj
    # "fighters of the Hezbollah Brigades": a group named after "of" belongs to the phrase.
    for child in tok.rights:
        if child.dep_ == "prep" and child.lower_ == "of" and any(t.pos_ == "PROPN" for t in child.subtree):
            last = max(child.subtree, key=lambda t: t.i)
            break
    doc = tok.doc
    # "IS militants": an acronym just before the phrase that the parser took for "is".
    while start_tok.i > 0 and _acronym(doc[start_tok.i - 1]) and doc[start_tok.i - 1].dep_ in ("aux", "auxpass"):
        start_tok = doc[start_tok.i - 1]
    # Drop leading determiners and numbers: "the three US servicemen" -> "US servicemen".
    i = start_tok.i
    while i < tok.i and doc[i].dep_ in _LEADING_DROP:
        i += 1
    return doc[i].idx, last.idx + len(last)


def _actor_like(tok: Any, lex: Lexicons) -> bool:
    """A word that can name an actor: a name, a group of people, a known actor."""
    if tok.ent_type_ in _NOT_ACTORS or tok.like_num:
        return False
    if tok.ent_type_ in ("ORG", "NORP", "PERSON") or tok.pos_ == "PROPN":
        return True
    if lex.agents.get(tok.lemma_.lower()) or lex.agents.get(singular(tok.lower_)) or _agent_of(tok, lex):
        return True
    return lex.known_actor([tok.text]) is not None


def _target(tok: Any, analysis: Analysis, lex: Lexicons) -> Any | None:
    """The actor a target phrase names: the phrase itself, or the owner/user of a site in it
    ("three sites utilised by Kataib Hezbollah")."""
    if _actor_like(tok, lex):
        return tok
    for t in tok.subtree:
        if t.i != tok.i and t.pos_ in ("NOUN", "PROPN") and _actor_like(t, lex) and not _is_place(t, analysis):
            while t.dep_ == "compound" and t.head.i != tok.i:
                t = t.head
            return t
    return None


@dataclasses.dataclass(frozen=True)
class _Trigger:
    """What the role patterns read: the trigger token, its children, and the tables,
    analysis and lexicons they look words up in."""

    tables: Words
    tok: Any
    children: list[Any]
    analysis: Analysis
    lex: Lexicons


def _pobj_of(tok: Any) -> Any | None:
    return next((g for g in tok.children if g.dep_ == "pobj"), None)


def _unaccusative_roles(t: _Trigger) -> tuple[Any | None, Any | None]:
    """"Palestinians died": the subject is the victim; "died as a result of Israel's
    strikes", "died in army shelling": whoever the cause belongs to acts."""
    a2 = next((c for c in t.children if c.dep_ == "nsubj"), None)
    return _owner_of_cause(t.tables, t.tok, t.analysis, t.lex), a2


def _qualifying_roles(t: _Trigger) -> tuple[Any | None, Any | None]:
    """"servicemen injured in the incident", "Americans who were injured": the noun suffers it."""
    a1 = next((g for c in t.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
    return a1, t.tok.head


def _passive(t: _Trigger) -> bool:
    """Whether the trigger verb is passive (an acronym taken for "is" does not make it so)."""
    trigger = t.tok
    return any(c.dep_ == "nsubjpass" or c.dep_ == "auxpass" and not _acronym(c) for c in t.children) \
        and not _only_acronym_aux(trigger) or (
        # "was tied up and beaten by police": the second verb shares the first's passive.
        trigger.dep_ == "conj" and trigger.tag_ == "VBN"
        and any(c.dep_ in ("nsubjpass", "auxpass") for c in trigger.head.children)
    )


def _verb_arguments(t: _Trigger, passive: bool) -> tuple[Any | None, Any | None]:
    """A verb's subject and first object; in the passive, its by-phrase and subject."""
    a1 = a2 = None
    for c in t.children:
        if passive and c.dep_ == "nsubjpass":
            a2 = c
        elif passive and c.dep_ == "agent":
            a1 = _pobj_of(c)
        elif not passive and c.dep_ == "nsubj":
            a1 = c
        elif not passive and c.dep_ == "dobj" and a2 is None:
            a2 = c
    return a1, a2


def _by_phrase_doer(t: _Trigger, passive: bool) -> Any | None:
    """"shelling by the army hit a market": a by-phrase names the doer, passive or not."""
    return next((g for c in t.children if c.dep_ == "agent" or c.dep_ == "prep" and c.lower_ == "by"
                 and t.tok.tag_ == "VBG" for g in c.children if g.dep_ == "pobj" and _actor_like(g, t.lex)), None)


def _participle_noun_doer(t: _Trigger, passive: bool) -> Any | None:
    """"commandos killing eight militants": a participle with an object is done by its noun."""
    if t.tok.dep_ == "acl" and any(c.dep_ == "dobj" for c in t.children):
        return t.tok.head
    return None


def _coordinated_agent(t: _Trigger, passive: bool) -> Any | None:
    """"were shot and killed by gunmen": the by-phrase of a coordinated verb."""
    if not passive:
        return None
    return next((g for v in t.tok.conjuncts for c in v.children if c.dep_ == "agent"
                 for g in c.children if g.dep_ == "pobj"), None)


def _head_verb_subject(t: _Trigger, passive: bool) -> Any | None:
    """A verb coordinated with another, or its complement, shares its subject."""
    trigger = t.tok
    if trigger.dep_ not in ("conj", "xcomp"):
        return None
    subjects = ("nsubj", "nsubjpass") if _only_acronym_aux(trigger.head) else ("nsubj",)
    return next((c for c in trigger.head.children if c.dep_ in subjects), None)


def _main_clause_subject(t: _Trigger, passive: bool) -> Any | None:
    """"took the town, killing five": the participle's doer is the main clause's subject;
    "was killed after exchanging fire with gunmen": the one it was done to."""
    trigger = t.tok
    if passive or trigger.tag_ != "VBG" or any(c.dep_ == "mark" for c in t.children):
        return None
    main = trigger.head if trigger.dep_ == "advcl" else None
    if trigger.dep_ == "pcomp" and trigger.head.dep_ == "prep" and trigger.head.head.pos_ in ("VERB", "AUX"):
        main = trigger.head.head
    if main is None:
        return None
    return next((c for c in main.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _agent_of_occasion(t: _Trigger, passive: bool) -> Any | None:
    """"killed in an attack by X", "killed following an operation by X", "killed during
    operations carried out by X"."""
    children = t.children
    return next((g for p in children if p.dep_ == "prep" for n in p.children if n.dep_ == "pobj"
                 for b in n.children if b.dep_ == "prep" and b.lower_ == "by"
                 for g in b.children if g.dep_ == "pobj"), None) or next(
        (g for p in children if p.dep_ == "prep" for n in p.children if n.dep_ == "pobj"
         for v in n.children if v.dep_ == "acl" for b in v.children if b.dep_ == "agent"
         for g in b.children if g.dep_ == "pobj"), None)


#: Where a verb's doer is looked for when it has no subject (or by-phrase) of its own, in order.
_VERB_DOERS = (_by_phrase_doer, _participle_noun_doer, _coordinated_agent, _head_verb_subject,
               _main_clause_subject, _agent_of_occasion)


def _shared_object(t: _Trigger, passive: bool) -> Any | None:
    """The victim a coordinated verb shares: "shot and killed a soldier" (the object on
    the last verb, or on the first), "were shot and killed" (the first verb's subject)."""
    trigger = t.tok
    if not passive:
        a2 = next((c for v in trigger.conjuncts if v.i > trigger.i and v.pos_ == "VERB"
                   for c in v.children if c.dep_ == "dobj"), None)
        if a2 is not None:
            return a2
    if trigger.dep_ == "conj" and not any(c.dep_ == "dobj" for c in t.children):
        return next((c for c in trigger.head.children if c.dep_ in ("dobj", "nsubjpass")), None)
    return None


def _verb_roles(t: _Trigger) -> tuple[Any | None, Any | None]:
    """A verb's roles: its subject acts and its object is acted on; in the passive, the by
    phrase acts and the subject is acted on; else the patterns of ``_VERB_DOERS``."""
    passive = _passive(t)
    a1, a2 = _verb_arguments(t, passive)
    if a1 is None:
        a1 = next((d for d in (doer(t, passive) for doer in _VERB_DOERS) if d is not None), None)
    if a2 is None:
        a2 = _shared_object(t, passive)
    if a1 is not None and a1.lower_ in ("that", "which", "who") and t.tok.dep_ == "relcl":
        a1 = t.tok.head
    return a1, a2


def _modifier_doer(t: _Trigger, c: Any) -> Any | None:
    """A doer a noun trigger's child names: "by X", a possessive ("Israel's strikes"), a
    name or demonym before it ("Hamas attack", "Israeli strikes"), an armed agent ("a
    police raid", "an army operation")."""
    if c.dep_ == "prep" and c.lower_ == "by":
        return _pobj_of(c)
    if c.dep_ == "poss":
        return c
    if c.dep_ in ("compound", "amod") and c.ent_type_ in ("ORG", "NORP", "PERSON", "GPE"):
        return c
    if c.dep_ == "compound" and c.i < t.tok.i and _agent_of(c, t.lex) is not None \
            and _agent_of(c, t.lex).kind in _ARMED_KINDS:
        return c  # "a police raid", "an army operation"
    return None


def _modifiers_doer(t: _Trigger) -> Any | None:
    return next((d for d in (_modifier_doer(t, c) for c in t.children) if d is not None), None)


def _governing_subject(t: _Trigger) -> Any | None:
    """"US forces launched attacks": the subject of the verb that governs the noun (or of
    the verb that one hangs on), unless the verb only observes it or a gathering was not
    held ("called for a protest")."""
    trigger, tables = t.tok, t.tables
    head = trigger.head
    protest_undone = trigger.lemma_.lower() in tables["gathering_nouns"] and head.lemma_.lower() not in t.lex.words["light_verbs"] \
        and head.lemma_.lower() not in tables["joining_verbs"]
    if not (trigger.dep_ in ("dobj", "nsubjpass") and head.pos_ == "VERB"
            and head.lemma_.lower() not in tables["observing_verbs"] and not protest_undone):
        return None
    a1 = next((c for c in head.children if c.dep_ == "nsubj"), None)
    if a1 is None and head.dep_ in ("conj", "xcomp", "advcl", "ccomp"):
        a1 = next((c for c in head.head.children if c.dep_ == "nsubj"), None)
    return a1


def _occasion_subject(t: _Trigger) -> Any | None:
    """"forces killed six civilians during a raid": the subject of the verb the noun hangs on."""
    trigger, head = t.tok, t.tok.head
    if trigger.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in ("during", "in", "amid") \
            and head.head.pos_ == "VERB" \
            and head.head.lemma_.lower() not in t.tables["unaccusative_verbs"] \
            and not any(c.dep_ == "auxpass" for c in head.head.children):
        return next((c for c in head.head.children if c.dep_ == "nsubj" and _actor_like(c, t.lex)), None)
    return None


def _participle_agent(t: _Trigger) -> Any | None:
    """"shells fired by LNA forces": the by-phrase of a participle."""
    return next((g for c in t.children if c.dep_ == "acl" for a in c.children if a.dep_ == "agent"
                 for g in a.children if g.dep_ == "pobj"), None)


#: Where a noun trigger's doer is looked for, in order.
_NOUN_DOERS = (_modifiers_doer, _governing_subject, _occasion_subject, _participle_agent)


def _noun_victims(t: _Trigger) -> Any | None:
    """The victims of a casualty clause attached to the noun ("an attack that injured
    three soldiers"), or of the verb it hangs on ("soldiers were killed in an attack by X")."""
    a2 = None
    for c in t.children:
        if c.dep_ in ("relcl", "acl") and c.pos_ == "VERB":
            a2 = next((g for g in c.children if g.dep_ == "dobj"), a2)
    head = t.tok.head
    if a2 is None and t.tok.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB":
        a2 = next((c for c in head.head.children if c.dep_ == "nsubjpass"), None)
    return a2


def _noun_roles(t: _Trigger) -> tuple[Any | None, Any | None]:
    """A noun's roles: the first doer of ``_NOUN_DOERS``, and its victims."""
    return next((d for d in (doer(t) for doer in _NOUN_DOERS) if d is not None), None), _noun_victims(t)


def _between_sides(t: _Trigger, a2: Any | None) -> tuple[Any | None, Any | None]:
    """"clashes between the army and rebels": the first side acts, the second is acted on
    ("clashes erupted between", "clashes were reported between")."""
    trigger = t.tok
    places = t.children + (list(trigger.head.children) if trigger.dep_ in ("nsubj", "nsubjpass") else [])
    side = next((g for c in places if c.dep_ == "prep" and c.lower_ == "between"
                 for g in c.children if g.dep_ == "pobj"), None)
    if side is None or _is_place(side, t.analysis) or not _actor_like(side, t.lex):
        return None, a2
    other = next((c for c in side.conjuncts if c.i > side.i), None)
    if a2 is None and other is not None and _actor_like(other, t.lex):
        a2 = other
    return side, a2


def _target_phrase(t: _Trigger) -> Any | None:
    """The actor a target phrase names: "an attack on X", "fired at X" (``target_preps``)."""
    for c in t.children:
        if c.dep_ != "prep" or c.lower_ not in t.tables["target_preps"]:
            continue
        for obj in c.children:
            if obj.dep_ == "pobj" and not _is_place(obj, t.analysis) and obj.lower_ not in t.tables["pronouns"]:
                a2 = _target(obj, t.analysis, t.lex)
                if a2 is not None:
                    return a2
    return None


def _acted_on(t: _Trigger, a2: Any | None) -> Any | None:
    """The side acted on: a target phrase when no pattern found one; the actor a found
    phrase names (``_target``)."""
    if a2 is None:
        return _target_phrase(t)
    if not _actor_like(a2, t.lex):
        return _target(a2, t.analysis, t.lex)
    return a2


def _weapon_user(t: _Trigger, weapon: Any) -> Any | None:
    """"an IED planted by gunmen": whoever used the weapon, if the phrase says; "by army
    fire", "Houthi shelling": the user named before the weapon."""
    a1 = next((g for c in weapon.children if c.dep_ in ("acl", "relcl") for a in c.children if a.dep_ == "agent"
               for g in a.children if g.dep_ == "pobj"), None)
    if a1 is None:
        a1 = next((c for c in weapon.lefts if c.dep_ in ("compound", "poss", "nmod", "amod")
                   and c.pos_ in ("NOUN", "PROPN", "ADJ") and _actor_like(c, t.lex) and not _is_place(c, t.analysis)), None)
    return a1


def _doer_of_thing(t: _Trigger, a1: Any) -> Any | None:
    """A doer that names no actor: "an operation by army commandos killed...": the doer of
    the event noun; "their vehicle hit a bomb", "his house was attacked": things do not act."""
    by = next((g for c in a1.children if c.dep_ == "prep" and c.lower_ == "by"
               for g in c.children if g.dep_ == "pobj"), None)
    if by is not None and _actor_like(by, t.lex):
        return by
    if a1.pos_ == "NOUN" and a1.ent_type_ == "" and not any(
            _actor_like(x, t.lex) for x in a1.subtree if x.i != a1.i and not _is_place(x, t.analysis)):
        return None
    return a1


def _final_doer(t: _Trigger, a1: Any | None) -> Any | None:
    """The doer after the checks every pattern's answer goes through: a weapon's user, a
    thing's doer, no word of a heading, a stranded subject, a reporting verb's speaker, no
    pronoun and no place."""
    trigger, tables = t.tok, t.tables
    if a1 is not None and a1.lemma_.lower() in tables["weapon_words"] and a1.ent_type_ not in ("ORG", "NORP"):
        a1 = _weapon_user(t, a1)
    if a1 is not None and not _actor_like(a1, t.lex):
        a1 = _doer_of_thing(t, a1)
    if a1 is not None and _in_heading(a1):
        a1 = None
    if a1 is None and trigger.pos_ == "VERB" and trigger.dep_ == "ROOT" \
            and not any(c.dep_ in ("nsubjpass", "auxpass", "nsubj") for c in t.children):
        a1 = _stranded_subject(trigger, t.analysis, t.lex)
    if a1 is not None and a1.lower_ in ("it", "he", "she", "they", "we") and trigger.dep_ == "ccomp":
        # "The U.S. said it would not meet the demands": the speaker of the reporting verb.
        a1 = next((c for c in trigger.head.children if c.dep_ == "nsubj" and c.lower_ not in tables["pronouns"]), None)
    if a1 is not None and (a1.lower_ in tables["pronouns"] or _is_place(a1, t.analysis) and a1.ent_type_ != "GPE"):
        a1 = None
    return a1


def _final_victim(t: _Trigger, a2: Any | None) -> Any | None:
    """The side acted on, unless a word of a heading, a pronoun or a weapon."""
    tables = t.tables
    if a2 is None or _in_heading(a2):
        return None
    if a2.lower_ in tables["pronouns"] or a2.lemma_.lower() in tables["weapon_words"] and a2.ent_type_ not in ("ORG", "NORP"):
        return None
    return a2


def _role_tokens(tables: Words, trigger: Any, analysis: Analysis, lex: Lexicons) -> tuple[Any | None, Any | None]:
    """(actor1 token, actor2 token) for a trigger token."""
    t = _Trigger(tables, trigger, list(trigger.children), analysis, lex)
    if trigger.pos_ == "VERB" and trigger.lemma_.lower() in tables["unaccusative_verbs"]:
        a1, a2 = _unaccusative_roles(t)
    elif trigger.pos_ == "VERB" and trigger.dep_ in ("acl", "relcl") and not any(c.dep_ == "dobj" for c in t.children):
        a1, a2 = _qualifying_roles(t)
    elif trigger.pos_ == "VERB":
        a1, a2 = _verb_roles(t)
    else:
        a1, a2 = _noun_roles(t)
    if a1 is None:
        a1, a2 = _between_sides(t, a2)
    a2 = _acted_on(t, a2)
    return _final_doer(t, a1), _final_victim(t, a2)


def _victims(tables: Words, trigger: Any, t1: Any | None, analysis: Analysis, lex: Lexicons) -> Any | None:
    """The people the event's sentence says were killed or hurt, when the parse of the
    trigger names no one attacked: "two passengers were injured when a bomb exploded", "a
    student suffered burn injuries in a petrol bomb attack". Never the attacker."""
    taken = {t.i for t in t1.subtree} if t1 is not None else set()
    for tok in trigger.sent:
        head = tok.head.lemma_.lower()
        if not ((tok.dep_ == "nsubjpass" and head in tables["hurt_verbs"]) or (tok.dep_ == "nsubj" and head in tables["suffer_verbs"])):
            continue
        if tok.i in taken or tok.lower_ in tables["pronouns"] or _is_place(tok, analysis) or _in_heading(tok):
            continue
        if tok.lemma_.lower() in tables["weapon_words"] or not _actor_like(tok, lex):
            continue
        return tok
    return None


def _intervening_forces(tables: Words, trigger: Any, t1: Any | None, analysis: Analysis, lex: Lexicons) -> Any | None:
    """The state forces that met a demonstration or a riot, named as doers in its sentence
    or the two after it ("Police dispersed the procession", "clashed with police",
    "baton-charged by police", "police were deployed"): ACLED codes them as the other side
    of the event."""
    doc = trigger.doc
    taken = {t.i for t in t1.subtree} if t1 is not None else set()
    sents = list(sentences_of(doc))
    here = next((i for i, s in enumerate(sents) if s.start <= trigger.i < s.end), 0)
    for sent in sents[here:here + 3]:
        for tok in sent:
            if tok.i in taken or tok.pos_ not in ("NOUN", "PROPN") or _is_place(tok, analysis) or _in_heading(tok):
                continue
            agent = _agent_of(tok, lex)
            known = lex.known_actor([tok.text])
            if not (agent is not None and agent.inter == 1 and agent.kind in ("police", "military")
                    or known is not None and known[0].inter == 1):
                continue
            while tok.dep_ == "compound" and tok.head.pos_ in ("NOUN", "PROPN"):
                tok = tok.head  # "police officials", "riot police personnel"
            verb = tok.head
            doer = tok.dep_ == "nsubj" and verb.lemma_.lower() in tables["intervening_verbs"] or (
                tok.dep_ == "nsubjpass" and verb.lemma_.lower() in tables["sent_in_verbs"]) or (
                tok.dep_ == "pobj" and (verb.dep_ == "agent" or verb.lower_ == "with" and verb.head.lemma_.lower()
                                        in ("clash", "scuffle", "skirmish", "fight", "tussle", "confrontation")))
            if doer:
                return tok
    return None


def _acronym(tok: Any) -> bool:
    """A capitalised acronym the parser took for a verb: "IS militants attacked"."""
    return len(tok.text) > 1 and tok.text.isupper() and tok.pos_ in ("AUX", "VERB")


def _only_acronym_aux(verb: Any) -> bool:
    """Whether a verb looks passive only because of an acronym parsed as "is"."""
    auxes = [c for c in verb.children if c.dep_ == "auxpass"]
    return bool(auxes) and all(_acronym(c) for c in auxes)


def _repelled(tables: Words, trigger: Any, t1: Any | None, t2: Any | None, analysis: Analysis, lex: Lexicons) -> tuple[Any, Any]:
    """(attacker, defender) for "forces repulsed the Taliban's attack": the attackers are the
    attack's owner or by-phrase, or the object itself ("repelled rebel fighters"); "their
    attack" refers to the people the sentence's main clause says were killed or wounded."""
    obj = next((c for c in trigger.children if c.dep_ == "dobj"), None)
    if obj is None:
        return t1, t2
    attacker = next((c for c in obj.children if c.dep_ == "poss" and c.lower_ not in tables["pronouns"] | {"their", "its"}), None)
    attacker = attacker or next((g for c in obj.children if c.dep_ == "prep" and c.lower_ in ("by", "of")
                                 for g in c.children if g.dep_ == "pobj" and _actor_like(g, lex)), None)
    if attacker is None and _actor_like(obj, lex) and not _is_place(obj, analysis):
        attacker = obj
    if attacker is None and any(c.dep_ == "poss" and c.lower_ in ("their", "its") for c in obj.children):
        main = trigger.head if trigger.dep_ in ("advcl", "conj") else None
        while attacker is None and main is not None:
            attacker = next((c for c in main.children if c.dep_ in ("nsubjpass", "nsubj") and _actor_like(c, lex)),
                            None)
            main = main.head if main.dep_ == "conj" else None  # "were killed and 1 was wounded when..."
    if attacker is None:
        return t1, t2
    defender = next((c for c in trigger.children if c.dep_ == "nsubj"), t1)
    return attacker, defender


def _state_side(trigger: Any, other: Any | None, analysis: Analysis, lex: Lexicons) -> Any | None:
    """The state forces a clash's sentence names when its parse gives no side: "a shoot-out
    broke out when the police approached"; ACLED codes them as the first side."""
    for t in trigger.sent:
        if other is not None and t.i in {x.i for x in other.subtree}:
            continue
        if t.pos_ in ("NOUN", "PROPN") and not _is_place(t, analysis) and not _in_heading(t):
            agent = _agent_of(t, lex)
            if agent is not None and agent.inter == 1 and agent.kind in ("military", "police"):
                while t.dep_ == "compound" and t.head.pos_ in ("NOUN", "PROPN") and _agent_of(t.head, lex) is not None:
                    t = t.head
                return t
    return None


def _owner_of_cause(tables: Words, verb: Any, analysis: Analysis, lex: Lexicons) -> Any | None:
    """The owner of what caused a death: "as a result of Israel's reaction", "in army
    shelling", "from the militia's attack" (a possessive or modifier of the cause noun,
    within the verb's prepositional phrases)."""
    for prep in verb.children:
        if prep.dep_ != "prep":
            continue
        for tok in prep.subtree:
            if tok.dep_ in ("poss", "compound") and tok.head.pos_ == "NOUN" and tok.i != prep.i \
                    and tok.lower_ not in tables["pronouns"] | {"their", "its", "his", "her"} \
                    and (tok.ent_type_ in ("GPE", "NORP", "ORG") or _agent_of(tok, lex) is not None) \
                    and (tok.ent_type_ == "GPE" or not _is_place(tok, analysis)):
                return tok
    return None


def _in_heading(tok: Any) -> bool:
    """A word of a label that heads a note ("Movement of forces: On 4 May ...")."""
    sent = tok.sent
    if ":" not in text_of(tok.doc)[sent.start_char:sent.start_char + 100]:
        return False
    colon = next((t for t in sent[:8] if t.text == ":"), None)
    return colon is not None and tok.i < colon.i


def _stranded_subject(trigger: Any, analysis: Analysis, lex: Lexicons) -> Any | None:
    """The actor just before a main verb the parser left without a subject, as happens
    after a long list of places: "..., Rakhine State, army soldiers torched 8 houses".
    Only a word that names an actor (a generic agent or a known actor) counts, taken from
    the words between the last comma and the verb."""
    sent = trigger.sent
    start = sent.start
    for t in sent:
        if t.i >= trigger.i:
            break
        if t.text in (",", ";", ":"):
            start = t.i + 1
    segment = [t for t in trigger.doc[start:trigger.i]]
    for t in reversed(segment):
        if t.pos_ in ("NOUN", "PROPN") and not _is_place(t, analysis) and t.ent_type_ not in _NOT_ACTORS \
                and (_agent_of(t, lex) is not None or lex.known_actor([t.text]) is not None):
            return t
    return None


def _sponsored(tokens: list[Any], tables: Words) -> set[int]:
    """The positions of the phrase's words that name a sponsor or a patron, not the
    actor's country: "Iranian-sponsored", "Turkish-backed", "pro-Turkey rebels",
    "pro-government militia"."""
    sponsored: set[int] = set()
    for i, t in enumerate(tokens):
        if t.lower_.endswith(tables.ordered("sponsor_suffixes")) or (t.text == "-" and i + 1 < len(tokens) and tokens[i + 1].lower_ in tables["sponsor_suffixes"]):
            sponsored.update(range(max(0, i - 2), i + 1))
        # "pro-Turkey rebels", "pro-government militia": the patron, not the actor's country.
        if t.lower_ == "pro" or t.lower_.startswith("pro-"):
            sponsored.update(range(i, min(len(tokens), i + 3)))
    return sponsored


def _country_place(tokens: list[Any], sponsored: set[int], analysis: Analysis) -> str | None:
    """The country of a country-level place inside the phrase, and not among its sponsor's words."""
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    for p in analysis.places or ():
        if p.start is None or not (start <= p.start and (p.end or 0) <= end and p.country):
            continue
        if any(tokens[i].idx >= p.start and tokens[i].idx < (p.end or 0) for i in sponsored):
            continue
        if p.precision == "country":
            return p.country
    return None


def _country_in(tokens: list[Any], analysis: Analysis, resources: Any) -> str | None:
    """A country the phrase names as the actor's own (not a sponsor's): a demonym or a
    country's name among its words, else a country-level place in it."""
    sponsored = _sponsored(tokens, resources.words)
    for i, t in enumerate(tokens):
        if i in sponsored:
            continue
        code = resources.gazetteer.demonym(t.text)
        if code:
            return code
    return _country_place(tokens, sponsored, analysis)


def _numbered_unit(tables: Words, head: Any) -> bool:
    """Whether an actor phrase names a numbered military formation, or elements of one."""
    unit = head
    if head.lemma_.lower() in tables["container_nouns"] and head.lemma_.lower() not in tables["formation_nouns"]:
        unit = next((g for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                     for g in c.children if g.dep_ == "pobj"), head)
    if unit.lemma_.lower() not in tables["formation_nouns"]:
        return False
    doc = unit.doc
    after = doc[unit.i + 1] if unit.i + 1 < len(doc) else None  # "Battalion 205", however it is parsed
    return (after is not None and after.like_num) or any(
        t.like_num or t.tag_ == "CD" or t.ent_type_ == "ORDINAL" for t in unit.subtree if t.i != unit.i)


def _identity(tokens: list[Any], analysis: Analysis, resources: Any) -> bool:
    """Whether an armed actor phrase names a community: an identity word, or a people's
    name that is not a country's ("Fulani", "Tiv", "Dinka")."""
    tables: Words = resources.words
    if not tokens:
        return False
    head = tokens[0].doc[tokens[0].i:tokens[-1].i + 1].root
    # "militiamen from the Ayr sub-clan": the from/of phrase says whose they are.
    words = list(tokens) + [t for c in head.children if c.dep_ == "prep" and c.lower_ in ("from", "of")
                            for t in c.subtree]
    militia = head.lemma_.lower() in ("militia", "militiaman", "militiamen")
    for t in words:
        low = t.lower_
        if low in tables["identity_words"] or t.lemma_.lower() in tables["identity_words"]:
            return True
        people = (t.ent_type_ == "NORP" or militia and t.i < head.i and t.text[:1].isupper()
                  and t.i != t.sent.start and t.pos_ in ("PROPN", "ADJ")) \
            and not t.text.isupper()  # "DPP youth militia": a party's
        if people and low not in tables["cause_words"] and resources.gazetteer.demonym(t.text) is None \
                and not _is_place(t, analysis) and resources.lexicons.known_actor([t.text]) is None:
            return True
    return False


def _only_a_demonym(tokens: list[Any], resources: Any) -> bool:
    """Whether an actor phrase is a country's adjective alone ("Afghan", "Israeli")."""
    words = [t for t in tokens if t.pos_ not in ("DET", "PUNCT")]
    return len(words) == 1 and words[0].tag_ in ("JJ", "NNP") and resources.gazetteer.demonym(words[0].text) is not None


def _agent_of(tok: Any, lex: Lexicons) -> Any:
    lemma = tok.lemma_.lower()
    prev = tok.doc[tok.i - 1].lemma_.lower() if tok.i > 0 else ""
    return lex.agents.get(f"{prev} {lemma}") or lex.agents.get(lemma) or lex.agents.get(singular(tok.lower_))


def _of_phrase_agent(head: Any, lex: Lexicons) -> tuple[bool, Any]:
    """Whether an "of" phrase after a head that only says "some of" decides its agent,
    and the agent: "a group of villagers" are villagers; "a group of sellers", people with
    no armed role, are civilians, not an armed group."""
    for child in head.children:
        if child.dep_ != "prep" or child.lower_ != "of":
            continue
        obj = _pobj_of(child)
        if obj is None:
            continue
        inner = _agent_of(obj, lex)
        if inner is not None:
            return True, inner
        if head.lemma_.lower() == "group" and obj.pos_ == "NOUN" and obj.tag_ == "NNS" \
                and not any(c.lower_ == "armed" for c in obj.children):
            return True, lex.agents.get("civilian")
    return False, None


def _modifier_agent(head: Any, lex: Lexicons) -> Any:
    """The agent a modifier before the head names: "rebel forces" are rebels."""
    for child in head.lefts:
        if child.dep_ in ("compound", "amod", "nmod") and child.pos_ in ("NOUN", "ADJ"):
            inner = _agent_of(child, lex)
            if inner is not None:
                return inner
    return None


def _agent(tables: Words, head: Any, lex: Lexicons) -> Any:
    """The generic agent a phrase's head names. A head that only says "some of"
    ("forces", "members", "group") gives way to a modifier or an "of" phrase that names
    a more telling agent: "rebel forces" are rebels, "a group of villagers" civilians."""
    agent = _agent_of(head, lex)
    if agent is not None and head.lemma_.lower() not in tables["container_nouns"]:
        return agent
    two_word = agent is not None and head.i > 0 and lex.agents.get(
        f"{head.doc[head.i - 1].lemma_.lower()} {head.lemma_.lower()}") is not None
    if two_word:  # "security forces", "armed group": the pair is the agent
        return agent
    decided, inner = _of_phrase_agent(head, lex)
    if decided:
        return inner
    inner = _modifier_agent(head, lex)
    return inner if inner is not None else agent


def _external(actor: Actor, event: Event, analysis: Analysis) -> Actor:
    """State forces acting outside their own country are external forces (ACLED inter 8):
    the event's place is in another country, and no place the article names is in theirs
    (so that a place put in the wrong country does not make a country's army foreign)."""
    def own_name(p: Any) -> bool:  # "the forces of Armenia": the actor's own name is no place of the event
        return actor.start is not None and p.start is not None and actor.start <= p.start < (actor.end or 0)

    inside = _places(analysis).starting_in(actor.start, actor.end or 0) if actor.start is not None else []
    named = {p.country for p in inside if p.country}
    if len(named) > 1:  # "the forces of India and Pakistan": both sides, each at home or not
        return actor
    if actor.acled_inter == 1 and actor.country and event.place is not None and event.place.country \
            and event.place.country != actor.country \
            and not any(p.country == actor.country and not own_name(p) for p in analysis.places or ()):
        return dataclasses.replace(actor, acled_inter=8)
    return actor


def _known_code(known: Any, name: str, event: Event, resources: Any, start: int, end: int) -> Actor:
    """A known actor's name, country, kind and inter code."""
    actor, _, _ = known
    country = actor.country
    if event.place is None and country is not None and _regional_body(name, country, resources):
        # "TNLA troops clashed with the army": an event placed nowhere is left to
        # ``home_country``, which places it in the group's first-level division.
        country = None
    return Actor(name=name, country=country, kind=actor.kind, acled_inter=actor.inter, start=start, end=end)


def _head_kind(tables: Words, head: Any, agent: Any, tokens: list[Any], country: str | None, event: Event,
               resources: Any) -> tuple[str | None, int | None]:
    """(kind, inter code) the phrase's head says: a numbered unit, a generic agent, a
    people, a person, a state, an organisation; (None, None) when it says none."""
    if _numbered_unit(tables, head):
        return "military", 1
    if agent is not None:
        return agent.kind, agent.inter
    if head.ent_type_ == "NORP" and head.tag_ in ("NNS", "NNPS"):
        return "civilians", 7
    if head.ent_type_ == "PERSON":
        return "person", None
    if country and (head.ent_type_ == "GPE" or _only_a_demonym(tokens, resources)):
        # "Israeli strikes", "an Afghan military airstrike", "Turkey shelled...": the state
        # acts, through its forces when the act is armed.
        armed = event.acled_event_type in _ARMED_VIOLENCE or event.plover == "ASSAULT"
        return ("military" if armed else "state"), 1
    if head.ent_type_ in ("ORG", "NORP"):
        return "organisation", None
    return None, None


def _unknown_armed_group(tables: Words, head: Any, tokens: list[Any], kind: str | None, inter: int | None,
                         event: Event, role: str) -> bool:
    """Whether the doer of armed violence is a named group the lexicons do not know. After
    "members of Ahrar al-Sharqiyah": after a word for some of a group, a name is the
    group's, whatever the tagger took it for."""
    not_names = set() if head.lemma_.lower() in tables["container_nouns"] else {"PERSON"}
    return role == "actor1" and inter is None and kind in (None, "organisation") \
        and event.acled_event_type in _ARMED_VIOLENCE \
        and any(t.ent_type_ == "ORG" or t.pos_ == "PROPN" and t.ent_type_ not in _PLACE_LABELS | not_names
                for t in tokens) and head.ent_type_ not in ("PERSON", *_PLACE_LABELS)


def _head_code(tables: Words, head: Any, tokens: list[Any], country: str | None, event: Event, role: str,
               resources: Any) -> tuple[str | None, int | None, bool]:
    """(kind, inter code, whether the head names an armed agent) from the phrase's head."""
    lex: Lexicons = resources.lexicons
    agent = _agent(tables, head, lex)
    kind, inter = _head_kind(tables, head, agent, tokens, country, event, resources)
    if inter is None:
        # "The Revolutionary Front, a rebel group based in the hills": an apposition
        # says what a name is.
        described = next((_agent(tables, c, lex) for c in head.children if c.dep_ == "appos"
                          and _agent(tables, c, lex) is not None), None)
        if described is not None:
            kind, inter = described.kind, described.inter
    if _unknown_armed_group(tables, head, tokens, kind, inter, event, role):
        # A named group the lexicons do not know, doing armed violence: ACLED's most
        # common code for such a group is a political militia.
        kind, inter = "armed group", 3
    return kind, inter, agent is not None and agent.kind in _ARMED_KINDS


def _body_code(body: tuple[str, Any], tokens: list[Any], country: str | None, kind: str | None, inter: int | None,
               event: Event, resources: Any) -> tuple[str | None, str | None, int | None]:
    """(country, kind, inter) with a body of the country cue table that the phrase names:
    "BNP activists", "Chhatra League men", "RAB members": a party, a wing, a union or a
    state force gives the country, and what it did the code (``body_roles``), unless the
    head names state forces the body does not."""
    body_country, code = body
    # An event placed nowhere is left to ``home_country``, which reads the same table
    # with the first-level divisions its bodies belong to.
    if event.place is not None and (country is None or body_country != country
                                    and not _names_country(tokens, resources)):
        country = body_country
    if code is not None and not (inter == 1 and code.inter != 1):
        kind, inter = code.kind, code.inter
    return country, kind, inter


def _attacked_code(root: Any, tokens: list[Any], kind: str | None, event: Event, analysis: Analysis,
                   resources: Any) -> tuple[str | None, int | None]:
    """(kind, inter) of the attacked side of violence that nothing else coded: a named
    person or a body is ordinary people (civilians, 7), unless a word of the phrase says
    otherwise ("policeman Rahim"); in a battle, a named group is an armed one."""
    worded = next((a for a in (_agent_of(t, resources.lexicons) for t in tokens) if a is not None), None)
    if worded is not None:
        return worded.kind, worded.inter
    if event.acled_event_type == "Battles":
        if root.ent_type_ == "ORG" or kind == "organisation":
            return "armed group", 3
        return kind, None
    if root.ent_type_ == "PERSON" and resources.gazetteer.demonym(root.text) is None:
        return "civilians", 7
    if (root.ent_type_ == "ORG" or kind in ("person", "organisation") or root.pos_ == "PROPN") \
            and resources.gazetteer.demonym(root.text) is None and not _in_place(root, analysis) \
            and not _acronym_like(root.text) and not _generic_attack(event):
        # A body's name, not an abbreviation (which names a group more often than a
        # person); a generic attack's target is left open for the ``sides`` stage, which
        # makes it a clash when the article reports fighting.
        return "civilians", 7
    return kind, None


def code_actor(start: int, end: int, analysis: Analysis, resources: Any, event: Event, role: str = "actor1") -> Actor:
    """Name, country, kind and inter code for the actor phrase at [start, end) in ``role``."""
    tables: Words = resources.words
    lex: Lexicons = resources.lexicons
    doc = analysis.doc
    span = doc.char_span(start, end, alignment_mode="expand")
    tokens = list(span) if span is not None else []
    name = text_of(doc)[start:end]
    root = span.root if span is not None and len(span) else None
    known = lex.known_actor([t.text for t in tokens]) if tokens else None
    if known is not None:
        return _known_code(known, name, event, resources, start, end)
    country = _country_in(tokens, analysis, resources) if tokens else None
    kind = inter = None
    armed_words = any(t.lower_ == "armed" for t in tokens)
    if root is not None:
        kind, inter, armed_agent = _head_code(tables, root, tokens, country, event, role, resources)
        armed_words = armed_words or armed_agent
    if inter == 3 and kind in ("militia", "armed group") and _identity(tokens, analysis, resources):
        # "Fulani militias", "clan militiamen", "local militia": an ethnic, clan or communal
        # militia (ACLED inter 4).
        kind, inter = "militia", 4
    body = _body(name, event, role, armed_words, resources)
    if body is not None:
        country, kind, inter = _body_code(body, tokens, country, kind, inter, event, resources)
    if role == "actor2" and inter is None and root is not None and _violent(event):
        kind, inter = _attacked_code(root, tokens, kind, event, analysis, resources)
    if country is None and kind != "person" and event.place is not None:
        # An actor nothing says the country of belongs to the place of the event.
        country = event.place.country
    return Actor(name=name, country=country, kind=kind, acled_inter=inter, start=start, end=end)


#: What a body did in an event, from the event's type (``Lexicons.body_role``).
def _body_role(event: Event, role: str, armed_words: bool) -> str:
    """A body's members who fight are a militia only when the phrase says they bore arms
    ("BNP militants", "armed cadres of the party"); else their violence is rioting ("BNP
    activists clashed with police"). The other side of a battle fights too; of other
    violence, it is attacked."""
    fighting = "armed" if armed_words else "riot"
    if role == "actor2":
        if armed_words and _violent(event):
            return "armed"
        if event.acled_event_type == "Battles":
            return fighting
        return "attacked" if _violent(event) else "other"
    if event.acled_event_type == "Riots":
        return "riot"
    if event.plover == "PROTEST" or event.acled_event_type == "Protests":
        return "protest"
    if event.acled_event_type in ("Violence against civilians", "Explosions/Remote violence"):
        # A party's men who attack people or set off bombs: a political militia.
        return "armed"
    if armed_violence(event) or event.plover == "ASSAULT":
        return fighting
    return "other"


def _violent(event: Event) -> bool:
    """Whether an event hurts or attacks someone: armed violence, a riot, an assault."""
    return armed_violence(event) or event.acled_event_type == "Riots" or event.plover == "ASSAULT"


def _body(name: str, event: Event, role: str, armed_words: bool, resources: Any) -> tuple[str, Any] | None:
    """(country, how to code it or None) of the first party, wing, union, alliance or state
    force of the country cue table that an actor phrase names, for the bodies
    ``body_roles`` lists. A body of several countries is the event's country when that is
    one of them, else the likeliest."""
    tables: Words = resources.words
    cues = getattr(resources, "country_cues", None)
    lex: Lexicons = resources.lexicons
    if cues is None or not lex.body_roles:
        return None
    for hit in cues.find(name):
        if hit.kind not in lex.body_roles or _sponsor(tables, name, hit.start, hit.end):
            continue
        here = event.place.country if event.place is not None else None
        country = here if here is not None and here in hit.countries else hit.countries[0]
        return country, lex.body_role(hit.kind, _body_role(event, role, armed_words))
    return None


def _generic_attack(event: Event) -> bool:
    """An attack typed by its trigger alone ("attacked"), which may yet be a clash."""
    return event.acled_sub_event_type == "Attack" and event.typed_by.by_trigger


def _regional_body(name: str, country: str, resources: Any) -> bool:
    """Whether the country cue table names, in ``name``, a body of ``country`` that belongs
    to one of its first-level divisions ("the Arakan Army": Rakhine)."""
    cues = getattr(resources, "country_cues", None)
    return cues is not None and any(h.admin1 and h.countries == (country,) for h in cues.find(name))


def _sponsor(tables: Words, text: str, start: int, end: int) -> bool:
    """Whether the words at [start, end) name a patron, not the actor: "pro-Islah police",
    "Islah-affiliated gunmen"."""
    after = text[end:].lower()
    return re.search(r"(?:^|\W)pro[- ]?$", text[:start].lower()) is not None \
        or any(after.startswith(f"-{s}") or after.startswith(f" {s}") for s in tables["sponsor_suffixes"] if s != "led")


def _acronym_like(word: str) -> bool:
    """An abbreviation: two or more capitals, or an ampersand ("AGuH", "J&K", "UPDF")."""
    return "&" in word or sum(c.isupper() for c in word) >= 2


def _names_country(tokens: list[Any], resources: Any) -> bool:
    """Whether a phrase names its country in so many words ("Indian", "Nepal's")."""
    return any(resources.gazetteer.demonym(t.text) for t in tokens)


def names_someone(actor: Actor | None, analysis: Analysis, lex: Lexicons) -> bool:
    """Whether an actor's words name one party ("Kataib Hezbollah", "the Nigerian Army",
    "members of the Black Axe confraternity") rather than describe one ("Iran-backed
    forces", "gunmen", "protesters"): a known actor, or an organisation's name that is no
    place the article resolved. A person's name is not counted: "a police officer" says
    more of the party than "John Smith"."""
    doc = analysis.doc
    if actor is None or actor.start is None or actor.end is None or doc is None:
        return False
    span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
    tokens = list(span) if span is not None else []
    if not tokens:
        return False
    if lex.known_actor([t.text for t in tokens]) is not None:
        return True
    return any(t.ent_type_ == "ORG" and not _in_place(t, analysis) for t in tokens)


def is_armed(actor: Actor) -> bool:
    """Whether an actor is of an armed kind: state forces, police, rebels, militias, armed groups."""
    return actor.kind in _ARMED_KINDS


def _in_place(tok: Any, analysis: Analysis) -> bool:
    """Whether a token lies in a place the article resolved (whatever spaCy labelled it)."""
    return _places(analysis).covers(tok.idx, inside_names=True)


def _demonstrators(actor: Actor | None, event: Event) -> Actor:
    """Whoever protests is coded as protesters (ACLED inter 6), unless the phrase names an
    armed or state actor: "residents staged a sit-in" are protesters, not civilians. In a
    riot they are rioters (inter 5)."""
    country = event.place.country if event.place else None
    riot = event.acled_event_type == "Riots"
    kind, inter = ("rioters", 5) if riot else ("protesters", 6)
    if actor is None:
        return Actor(name=kind.capitalize(), country=country, kind=kind, acled_inter=inter)
    if actor.acled_inter in (1, 2, 3, 4, 5, 8) or actor.acled_inter == inter:
        return actor
    return dataclasses.replace(actor, kind=kind, acled_inter=inter, country=actor.country or country)


def _refine_type(tables: Words, event: Event) -> Event:
    a1, a2 = event.actor1, event.actor2
    generic = event.typed_by.by_trigger
    if event.acled_sub_event_type == "Attack" and generic and a2 and a2.kind in _ARMED_KINDS:
        event = dataclasses.replace(event, acled_event_type="Battles", acled_sub_event_type="Armed clash")
        return _retyped(event, "armed target")
    if event.acled_sub_event_type in ("Non-state actor overtakes territory", "Government regains territory") \
            and generic and a2 is not None and a2.acled_inter is not None:
        # People captured, not ground: armed people in a fight, civilians abducted.
        if a2.kind in _ARMED_KINDS:
            event = dataclasses.replace(event, acled_event_type="Battles", acled_sub_event_type="Armed clash")
            return _retyped(event, "armed people taken")
        if a2.acled_inter in (6, 7) and not {singular(w.lower()) for w in a2.name.split()} & tables["place_agents"]:
            event = dataclasses.replace(event, acled_event_type="Violence against civilians",
                                        acled_sub_event_type="Abduction/forced disappearance")
            return _retyped(event, "civilians taken")
    if event.acled_sub_event_type == "Non-state actor overtakes territory" and a1 and a1.acled_inter == 1:
        # State forces taking ground regain it (ACLED's "Government regains territory").
        event = dataclasses.replace(event, acled_sub_event_type="Government regains territory")
        return _retyped(event, "state forces")
    if event.acled_sub_event_type == "Armed clash" and a2 and a2.acled_inter == 7:
        event = dataclasses.replace(event, acled_event_type="Violence against civilians", acled_sub_event_type="Attack")
        return _retyped(event, "civilian target")
    if event.acled_event_type == "Protests" and a1 and a1.acled_inter == 5:
        event = dataclasses.replace(event, acled_event_type="Riots", acled_sub_event_type="Violent demonstration")
        return _retyped(event, "rioters")
    if (
        event.plover == "ASSAULT" and event.acled_sub_event_type in ("Attack", "Armed clash")
        and event.typed_by.rule != "cue" and a1 and a1.acled_inter in (5, 7)
    ):
        # Civilians or rioters who beat, attack or clash: ACLED's mob violence, by rioters.
        a1 = dataclasses.replace(a1, kind="rioters", acled_inter=5)
        event = dataclasses.replace(event, acled_event_type="Riots", acled_sub_event_type="Mob violence", actor1=a1)
        return _retyped(event, "civilian attackers")
    return event


def _retyped(event: Event, why: str) -> Event:
    """``event`` re-typed by the actors stage for reason ``why`` ("armed target"): its
    ``typed_by`` keeps the typing it changed, and its trace says both."""
    typed = TypedBy("actors", base=event.typed_by, why=why)
    return dataclasses.replace(event, typed_by=typed).with_rule("acled", f"actors:{event.rule('acled') or ''}+{why}")


#: Kinds a group referred back to may be: never the state's own forces or government.
_GROUP_KINDS = {"militia", "armed group", "rebels", "organisation"}
#: How many sentences back a name may be referred to.
_BACK_SENTENCES = 3


def _apposition_name(tok: Any, analysis: Analysis, lex: Lexicons) -> tuple[int, int] | None:
    """The span of an apposition right after a word for a group of people: "an Iran-backed militia,
    Kataib Hezbollah, attacked ..." (a known actor, or an organisation's name that is no
    place; never a bracketed gloss, nor a person's name)."""
    doc = analysis.doc
    for child in tok.children:
        if child.dep_ != "appos" or tok.i + 2 >= len(doc) or doc[tok.i + 1].text != ",":
            continue
        first = min(t.i for t in child.subtree)
        known = lex.known_actor([t.text for t in child.subtree])
        # The name is the apposition's own head, not a unit it belongs to ("an officer,
        # commander of the rapid intervention battalion, ...").
        named = (known is not None and first + known[1] <= child.i < first + known[2]) or (
            child.ent_type_ == "ORG" and not any(_in_place(t, analysis) for t in child.subtree))
        if first == tok.i + 2 and named:
            return _phrase(child)
    return None


def _describes_back(tables: Words, tok: Any) -> bool:
    """Whether ``tok`` is a definite description that refers back ("the group", "the
    militia", "the militants"; not "the Islamist group Ansaru", named in its own words)."""
    lemma = tok.lemma_.lower()
    plural = tok.tag_ in ("NNS", "NNPS")
    if lemma not in tables["back_references"] or (plural and lemma in tables["group_words"]) or not any(
            c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those") for c in tok.children):
        return False
    return not any(t.pos_ == "PROPN" or t.ent_type_ in ("ORG", "NORP", "GPE") for t in tok.subtree if t.i != tok.i)


def _group_names(sent: Any, analysis: Analysis, lex: Lexicons) -> list[tuple[int, int, str | None]]:
    """The names of groups in a sentence, last first: known actors (with their kind) and
    organisations' names that stand as doers."""
    doc = analysis.doc
    words = [t.text for t in sent]
    names: list[tuple[int, int, str | None]] = [
        (sent.start + a, sent.start + b, known.kind) for known, a, b in lex.known_actors(words)]
    names += [(e.start, e.end, None) for e in doc.ents
              if e.label_ == "ORG" and sent.start <= e.start and e.end <= sent.end and _a_doer(e.root)]
    return sorted(names, key=lambda n: -n[1])


def _named_before(tok: Any, other: Any | None, analysis: Analysis, lex: Lexicons) -> tuple[int, int] | None:
    """The span of the nearest group named as a doer in the sentence of a description that refers
    back, or the three before: a known actor of an armed or civil kind, or an
    organisation's name that is the subject of a verb; never the event's other side
    (``other``), nor a place."""
    doc = analysis.doc
    sents = list(sentences_of(doc))
    here = next((i for i, s in enumerate(sents) if s.start <= tok.i < s.end), 0)
    taken_i = {t.i for t in other.subtree} if other is not None else set()
    for sent in reversed(sents[max(0, here - _BACK_SENTENCES):here + 1]):
        for a, b, kind in _group_names(sent, analysis, lex):
            if b > tok.i or any(i in taken_i for i in range(a, b)) or any(_in_place(doc[i], analysis) for i in range(a, b)):
                continue
            if kind is not None and kind not in _GROUP_KINDS:
                continue
            span = doc[a:b]
            return span.start_char, span.end_char
    return None


def _named_instead(tables: Words, tok: Any, other: Any | None, analysis: Analysis, lex: Lexicons) -> tuple[int, int, str] | None:
    """The span of a name the article gives for the party ``tok`` only describes, with the
    rule that found it, or None: its apposition (``_apposition_name``), or, for a definite
    description that refers back, the group named before (``_named_before``)."""
    if tok.ent_type_ in ("ORG", "PERSON", *_PLACE_LABELS) or tok.pos_ == "PROPN" or not _actor_like(tok, lex):
        return None
    named = _apposition_name(tok, analysis, lex)
    if named is not None:
        return named[0], named[1], "apposition"
    if not _describes_back(tables, tok):
        return None
    named = _named_before(tok, other, analysis, lex)
    return (named[0], named[1], f"named before: the {tok.lower_}") if named is not None else None


def _a_doer(tok: Any) -> bool:
    """Whether a name stands as a doer: a verb's subject or by-phrase, or what qualifies
    one ("Boko Haram fighters", "members of the Black Axe")."""
    for _ in range(4):
        if tok.dep_ in ("nsubj", "nsubjpass") or (tok.dep_ == "pobj" and tok.head.dep_ == "agent"):
            return True
        if tok.dep_ not in ("compound", "poss", "pobj", "prep", "amod", "nmod") or tok.head.i == tok.i:
            return False
        if tok.dep_ == "pobj" and tok.head.lower_ != "of":
            return False
        tok = tok.head
    return False


def _event_roles(tables: Words, trigger: Any, event: Event, analysis: Analysis, lex: Lexicons) -> tuple[Any, Any, bool]:
    """(actor1 token, actor2 token, whether actor1 is a clash's state side found in its
    sentence) for an event's trigger."""
    t1, t2 = _role_tokens(tables, trigger, analysis, lex)
    if trigger.lemma_.lower() in tables["repelling_verbs"]:
        t1, t2 = _repelled(tables, trigger, t1, t2, analysis, lex)
    if event.plover_mode == "must":
        # "Russia said that Sudan must return...": the speaker demands, of the one who must.
        t1 = next((c for c in trigger.head.children if c.dep_ == "nsubj"), None)
        t2 = next((c for c in trigger.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if t2 is None and (event.plover == "PROTEST" or event.acled_event_type in ("Protests", "Riots")):
        # A crowd's other side is the state forces that met it before whoever was hurt.
        t2 = _intervening_forces(tables, trigger, t1, analysis, lex)
    if t2 is None and _violent(event) and event.acled_event_type != "Battles":
        # A battle's casualties are no side of it.
        t2 = _victims(tables, trigger, t1, analysis, lex)
    if t1 is None and event.acled_event_type == "Battles":
        t1 = _state_side(trigger, t2, analysis, lex)
        return t1, t2, t1 is not None
    return t1, t2, False


def _coded_roles(t1: Any, t2: Any, event: Event, analysis: Analysis, resources: Any
                 ) -> tuple[dict[str, Actor | None], list[Evidence], dict[str, str]]:
    """The actors the role tokens name, coded: the actors by role, their evidence, and the
    rule of each role a name the article gives instead decided."""
    actors: dict[str, Actor | None] = {"actor1": None, "actor2": None}
    evidence = []
    named_by: dict[str, str] = {}
    for role, tok in (("actor1", t1), ("actor2", t2)):
        if tok is None:
            continue
        sides = t1 is not None and t2 is not None and t2.i in {c.i for c in t1.conjuncts}
        start, end = _phrase(tok, conjuncts=not sides)
        other = t2 if role == "actor1" else t1
        better = _named_instead(resources.words, tok, other, analysis, resources.lexicons)
        if better is not None:
            start, end, named_by[role] = better
        actors[role] = _external(code_actor(start, end, analysis, resources, event, role), event, analysis)
        evidence.append(Evidence(role, start, end, text_of(analysis.doc)[start:end]))
    return actors, evidence, named_by


def _with_actors(event: Event, analysis: Analysis, resources: Any) -> Event:
    """``event`` with its actors (see the module doc), and its type refined by them."""
    tables: Words = resources.words
    trigger = token_for(analysis.doc, event.trigger_start, event.trigger_end)
    t1, t2, state_side = _event_roles(tables, trigger, event, analysis, resources.lexicons)
    actors, evidence, named_by = _coded_roles(t1, t2, event, analysis, resources)
    if event.plover == "PROTEST" or event.acled_event_type == "Riots":
        actors["actor1"] = _demonstrators(actors["actor1"], event)
    event = dataclasses.replace(event, actor1=actors["actor1"], actor2=actors["actor2"])
    if state_side and event.actor1 is not None and event.actor1.acled_inter == 1:
        guess: ActorGuess | None = None if "actor1" in named_by else "state side of a clash"
        event = dataclasses.replace(event, actor1_guess=guess).with_rule("actor1", "state side of a clash")
    for role, rule in named_by.items():
        event = event.with_rule(role, rule)
    if evidence:
        event = event.with_evidence(*evidence)
    return _refine_type(tables, event)


@stage("actors", requires=("events", "places", "events.place"), assigns=("events.actor1", "events.actor2", "events.acled"))
def find_actors(analysis: Analysis, resources: Any) -> dict[str, Any]:
    return {"events": tuple(_with_actors(event, analysis, resources) for event in analysis.events or ())}


def armed_violence(event: Event) -> bool:
    """Whether an event is armed violence or destruction: the events ACLED gives a
    perpetrator even when the report names none."""
    return event.acled_event_type in _ARMED_VIOLENCE or event.acled_sub_event_type == "Looting/property destruction"


def with_unidentified_perpetrator(event: Event) -> Event:
    """An act of armed violence whose perpetrator the report never names is coded, as ACLED
    codes it, to an unidentified armed group (inter 3) of the event's country. Done after
    merging (by the ``perpetrators`` stage), so that a later mention can still name the actor."""
    if event.actor1 is not None or not armed_violence(event):
        return event
    country = event.place.country if event.place else None
    actor = Actor(name="Unidentified armed group", country=country, kind="armed group", acled_inter=3)
    return dataclasses.replace(event, actor1=actor, actor1_guess="unidentified perpetrator").with_rule(
        "actor1", "unidentified perpetrator")


def with_perpetrator_named_elsewhere(event: Event, analysis: Analysis, resources: Any) -> Event:
    """An act of armed violence whose own clause names no perpetrator takes the armed actor
    the article names as a doer elsewhere: the subject of a verb or a by-phrase ("The device
    was likely planted by JNIM militants", "the Military Police carried out an operation.
    A shoot-out broke out"). Never one of the event's victims, nor a place, nor the subject
    of a verb of saying or judging; never for a background event. The event's own sentence
    is read first, then the two after it and the one before. Rule: ``named elsewhere``."""
    tables: Words = resources.words
    if event.actor1 is not None or not armed_violence(event) or event.background or analysis.doc is None:
        return event
    lex: Lexicons = resources.lexicons
    doc = analysis.doc
    taken = [(c.start, c.end) for c in event.counts if c.start is not None]
    if event.actor2 is not None and event.actor2.start is not None:
        taken.append((event.actor2.start, event.actor2.end))
    # The event's sentence, the two after it, the one before: a report names the doer near
    # the act, and a long article's other paragraphs are about other acts.
    all_sents = list(sentences_of(doc))
    here = next((i for i, s in enumerate(all_sents) if s.start_char <= event.trigger_start < s.end_char), 0)
    sents = [all_sents[i] for i in (here, here + 1, here + 2, here - 1) if 0 <= i < len(all_sents)]
    for sent in sents:
        for tok in sent:
            if tok.pos_ not in ("NOUN", "PROPN") or _is_place(tok, analysis) or _in_heading(tok):
                continue
            doer = (tok.dep_ == "nsubj" and tok.head.lemma_.lower() not in tables["not_doing_verbs"]) or (
                tok.dep_ == "pobj" and tok.head.dep_ == "agent")
            if not doer or any(a <= tok.idx < (b or 0) for a, b in taken):
                continue
            agent = _agent_of(tok, lex)
            known = lex.known_actor([t.text for t in tok.subtree])
            armed = (agent is not None and agent.kind in _ARMED_KINDS) or (
                known is not None and known[0].kind in _ARMED_KINDS)
            if not armed:
                continue
            start, end = _phrase(tok)
            actor = _external(code_actor(start, end, analysis, resources, event), event, analysis)
            event = dataclasses.replace(event, actor1=actor, actor1_guess="named elsewhere").with_evidence(
                Evidence("actor1", start, end, text_of(doc)[start:end]))
            return event.with_rule("actor1", "named elsewhere")
    return event
