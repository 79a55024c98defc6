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
Places are never actors ("an attack on Erbil Air Base").

Coding: a known actor (``sitrep/data/actors.yaml``) gives name, country, kind and ACLED
inter code; otherwise the head noun is looked up among generic agents
(``sitrep/data/agents.yaml``), the country comes from a demonym or country name in the
phrase ("Iranian-sponsored" and other "-backed" modifiers name a sponsor, not the
actor's country), and a generic local actor with no country takes the event's country.
Finally the actors refine the ACLED type: a generic attack on an armed actor is an armed
clash; a clash against civilians is an attack; protesters who riot are rioters.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ..model import Actor, Event, Evidence
from ..pipeline import Analysis, stage
from ..resources.lexicons import Lexicons

_SPONSOR_SUFFIXES = ("backed", "sponsored", "affiliated", "aligned", "linked", "allied", "supported", "funded", "led")
_ARMED_KINDS = {"military", "police", "rebels", "militia", "armed group"}
_TARGET_PREPS = {"on", "against", "at", "upon", "with"}
#: Entity types that never name an actor: "on Monday", "at 5 pm".
_NOT_ACTORS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
_PRONOUNS = {"that", "which", "who", "it", "they", "them", "he", "she", "we", "i", "you", "this"}
_LEADING_DROP = {"det", "nummod", "quantmod", "predet", "punct", "cc", "advmod"}
_PLACE_LABELS = {"GPE", "LOC", "FAC"}
#: Verbs whose subject suffers the event: "Palestinians died".
_UNACCUSATIVE = {"die", "perish", "drown"}


def token_for(doc: Any, start: int, end: int) -> Any:
    """The syntactic head of the tokens covering [start, end)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else doc[0]


def _is_place(tok: Any, analysis: Analysis) -> bool:
    if tok.ent_type_ in _PLACE_LABELS:
        return True
    return any(p.start is not None and p.start <= tok.idx < (p.end or 0) for p in analysis.places or ())


def _phrase(tok: Any) -> tuple[int, int]:
    """Character span of an actor phrase: modifiers before the head, and its conjuncts."""
    left = [t for t in tok.lefts if t.dep_ not in ("punct",)]
    start_tok = min([tok, *[t for t in left for t in t.subtree]], key=lambda t: t.i)
    last = tok
    for conj in tok.conjuncts:
        if conj.i > last.i:
            last = conj
    # "fighters of the Hezbollah Brigades": a group named after "of" belongs to the phrase.
    for child in tok.rights:
        if child.dep_ == "prep" and child.lower_ == "of" and any(t.pos_ == "PROPN" for t in child.subtree):
            last = max(child.subtree, key=lambda t: t.i)
            break
    doc = tok.doc
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
    if lex.agents.get(tok.lemma_.lower()) or lex.agents.get(_singular(tok.lower_)):
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


def _role_tokens(trigger: Any, analysis: Analysis, lex: Lexicons) -> tuple[Any | None, Any | None]:
    """(actor1 token, actor2 token) for a trigger token."""
    a1 = a2 = None
    children = list(trigger.children)
    if trigger.pos_ == "VERB" and trigger.lemma_.lower() in _UNACCUSATIVE:
        # "Palestinians died": the subject is the victim.
        a2 = next((c for c in children if c.dep_ == "nsubj"), None)
    elif trigger.pos_ == "VERB" and trigger.dep_ in ("acl", "relcl") and not any(c.dep_ == "dobj" for c in children):
        # "servicemen injured in the incident", "Americans who were injured": the noun suffers it.
        a2 = trigger.head
        a1 = next((g for c in children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
    elif trigger.pos_ == "VERB":
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in children)
        for c in children:
            if passive and c.dep_ == "nsubjpass":
                a2 = c
            elif passive and c.dep_ == "agent":
                a1 = next((g for g in c.children if g.dep_ == "pobj"), None)
            elif not passive and c.dep_ == "nsubj":
                a1 = c
            elif not passive and c.dep_ == "dobj" and a2 is None:
                a2 = c
        if a1 is None and trigger.dep_ in ("conj", "xcomp"):
            a1 = next((c for c in trigger.head.children if c.dep_ == "nsubj"), None)
        if a1 is not None and a1.lower_ in ("that", "which", "who") and trigger.dep_ == "relcl":
            a1 = trigger.head
    else:
        for c in children:
            if c.dep_ == "prep" and c.lower_ == "by" and a1 is None:
                a1 = next((g for g in c.children if g.dep_ == "pobj"), None)
            elif c.dep_ == "poss" and a1 is None:
                a1 = c
            elif c.dep_ in ("compound", "amod") and (c.ent_type_ in ("ORG", "NORP", "PERSON", "GPE")) and a1 is None:
                a1 = c
        head = trigger.head
        if a1 is None and trigger.dep_ in ("dobj", "nsubjpass") and head.pos_ == "VERB":
            a1 = next((c for c in head.children if c.dep_ == "nsubj"), None)
            if a1 is None and head.dep_ in ("conj", "xcomp", "advcl", "ccomp"):
                a1 = next((c for c in head.head.children if c.dep_ == "nsubj"), None)
        # Victims of an attached casualty clause: "an attack that injured three soldiers".
        for c in children:
            if c.dep_ in ("relcl", "acl") and c.pos_ == "VERB":
                a2 = next((g for g in c.children if g.dep_ == "dobj"), a2)
    if a2 is None:
        for c in children:
            if c.dep_ == "prep" and c.lower_ in _TARGET_PREPS:
                for obj in c.children:
                    if obj.dep_ == "pobj" and not _is_place(obj, analysis) and obj.lower_ not in _PRONOUNS:
                        a2 = _target(obj, analysis, lex)
                        if a2 is not None:
                            break
            if a2 is not None:
                break
    elif not _actor_like(a2, lex):
        a2 = _target(a2, analysis, lex)
    if a1 is not None and (a1.lower_ in _PRONOUNS or _is_place(a1, analysis) and a1.ent_type_ != "GPE"):
        a1 = None
    if a2 is not None and a2.lower_ in _PRONOUNS:
        a2 = None
    return a1, a2


def _country_in(tokens: list[Any], analysis: Analysis, resources: Any) -> str | None:
    """A country the phrase names as the actor's own (not a sponsor's)."""
    sponsored: set[int] = set()
    for i, t in enumerate(tokens):
        if t.lower_.endswith(_SPONSOR_SUFFIXES) or (t.text == "-" and i + 1 < len(tokens) and tokens[i + 1].lower_ in _SPONSOR_SUFFIXES):
            sponsored.update(range(max(0, i - 2), i + 1))
    for i, t in enumerate(tokens):
        if i in sponsored:
            continue
        code = resources.gazetteer.demonym(t.text)
        if code:
            return code
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    for p in analysis.places or ():
        if p.start is not None and start <= p.start and (p.end or 0) <= end and p.country:
            if not any(tokens[i].idx >= p.start and tokens[i].idx < (p.end or 0) for i in sponsored):
                if p.precision == "country":
                    return p.country
    return None


def _singular(word: str) -> str:
    if word.endswith("men"):
        return word[:-3] + "man"
    return word[:-1] if word.endswith("s") else word


def code_actor(start: int, end: int, analysis: Analysis, resources: Any, event: Event) -> Actor:
    """Name, country, kind and inter code for the actor phrase at [start, end)."""
    lex: Lexicons = resources.lexicons
    doc = analysis.doc
    span = doc.char_span(start, end, alignment_mode="expand")
    tokens = list(span) if span is not None else []
    name = doc.text[start:end]
    known = lex.known_actor([t.text for t in tokens]) if tokens else None
    if known is not None:
        actor, _, _ = known
        return Actor(name=name, country=actor.country, kind=actor.kind, acled_inter=actor.inter, start=start, end=end)
    country = _country_in(tokens, analysis, resources) if tokens else None
    kind = inter = None
    head = span.root if span is not None and len(span) else None
    if head is not None:
        lemma = head.lemma_.lower()
        prev = doc[head.i - 1].lemma_.lower() if head.i > 0 else ""
        agent = lex.agents.get(f"{prev} {lemma}") or lex.agents.get(lemma) or lex.agents.get(_singular(head.lower_))
        if agent is not None:
            kind, inter = agent.kind, agent.inter
        elif head.ent_type_ == "NORP" and head.tag_ in ("NNS", "NNPS"):
            kind, inter = "civilians", 7
        elif head.ent_type_ == "PERSON":
            kind, inter = "person", None
        elif country and head.ent_type_ == "GPE":
            kind, inter = "state", 1
        elif head.ent_type_ in ("ORG", "NORP"):
            kind = "organisation"
    if country is None and kind is not None and event.place is not None:
        # A generic local actor ("police", "villagers") belongs to the place of the event.
        if kind not in ("organisation", "person"):
            country = event.place.country
    return Actor(name=name, country=country, kind=kind, acled_inter=inter, start=start, end=end)


def _demonstrators(actor: Actor | None, event: Event) -> Actor:
    """Whoever protests is coded as protesters (ACLED inter 6), unless the phrase names an
    armed or state actor: "residents staged a sit-in" are protesters, not civilians."""
    country = event.place.country if event.place else None
    if actor is None:
        return Actor(name="Protesters", country=country, kind="protesters", acled_inter=6)
    if actor.acled_inter in (1, 2, 3, 4, 5, 6, 8):
        return actor
    return dataclasses.replace(actor, kind="protesters", acled_inter=6, country=actor.country or country)


def _refine_type(event: Event) -> Event:
    rule = event.rule("acled") or ""
    a1, a2 = event.actor1, event.actor2
    generic = rule.startswith("trigger:")
    if event.acled_sub_event_type == "Attack" and generic and a2 and a2.kind in _ARMED_KINDS:
        event = dataclasses.replace(event, acled_event_type="Battles", acled_sub_event_type="Armed clash")
        return event.with_rule("acled", f"actors:{rule}+armed target")
    if event.acled_sub_event_type == "Armed clash" and a2 and a2.acled_inter == 7:
        event = dataclasses.replace(event, acled_event_type="Violence against civilians", acled_sub_event_type="Attack")
        return event.with_rule("acled", f"actors:{rule}+civilian target")
    if event.acled_event_type == "Protests" and a1 and a1.acled_inter == 5:
        event = dataclasses.replace(event, acled_event_type="Riots", acled_sub_event_type="Violent demonstration")
        return event.with_rule("acled", f"actors:{rule}+rioters")
    return event


@stage("actors", requires=("events", "places", "events.place"), assigns=("events.actor1", "events.actor2"))
def find_actors(analysis: Analysis, resources: Any) -> dict[str, Any]:
    doc = analysis.doc
    out = []
    for event in analysis.events or ():
        trigger = token_for(doc, event.trigger_start, event.trigger_end)
        t1, t2 = _role_tokens(trigger, analysis, resources.lexicons)
        actors: dict[str, Actor | None] = {"actor1": None, "actor2": None}
        evidence = []
        for role, tok in (("actor1", t1), ("actor2", t2)):
            if tok is None:
                continue
            start, end = _phrase(tok)
            actor = code_actor(start, end, analysis, resources, event)
            actors[role] = actor
            evidence.append(Evidence(role, start, end, doc.text[start:end]))
        if event.plover == "PROTEST":
            actors["actor1"] = _demonstrators(actors["actor1"], event)
        event = dataclasses.replace(event, actor1=actors["actor1"], actor2=actors["actor2"])
        if evidence:
            event = event.with_evidence(*evidence)
        out.append(_refine_type(event))
    return {"events": tuple(out)}
