"""Stage ``sides``: an attack on armed people, or one they fight back against, is a battle.

Needs the merged ``events`` with their counts. ACLED codes an attack as an armed clash
(Battles) when the side attacked is armed too. The actors stage sees that when the
attacked side is the trigger's object; this stage sees it in the rest of the article:
- the attack's casualties are armed people ("two soldiers were killed", "four militants
  were wounded");
- the article reports, among its current events, that fighting took place too ("police
  returned fire", "a shoot-out broke out");
- its object is a position armed men hold ("attacked a security checkpost", "targeted
  border posts", "an attack on an army camp"; a camp, base or station only with armed
  men named), whoever the actors stage took the target for.
An exchange of fire ("gunfight", "shootout", "encounter") the actors stage made an attack
on civilians, because the people it names as hurt are civilians, stays a battle
(``sides:exchange of fire``).
Only an attack typed by its trigger word changes (not one a cue or a trained model typed,
and not one against civilians the parse names). The rule is recorded as
``sides:armed victims``, ``sides:fighting`` or ``sides:armed position``.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ..model import Event, TypedBy
from ..pipeline import Analysis, stage
from ..resources.lexicons import Lexicons, singular
from ..resources.words import Words, words_of

#: Kinds of actor that bear arms (docs/output.md, actor kinds).
ARMED_KINDS = {"military", "police", "rebels", "militia", "armed group"}
_CIVILIAN_INTERS = {6, 7}


def armed_words(tables: Words, text: str | None, lex: Lexicons) -> bool:
    """Whether a victim phrase ("9 soldiers and 5 militia members") names armed people."""
    if not text:
        return False
    words = [w.strip(".,;:()'\"").lower() for w in text.split()]
    words = [w for w in words if w]
    for i, word in enumerate(words):
        pair = f"{words[i - 1]} {singular(word)}" if i else ""
        agent = lex.agents.get(pair) or lex.agents.get(singular(word)) or lex.agents.get(word)
        modifies_a_place = i + 1 < len(words) and singular(words[i + 1]) in tables["not_victim_heads"]  # "army base"
        if agent is not None and agent.kind in ARMED_KINDS and singular(word) not in tables["not_victim_heads"] \
                and not modifies_a_place:
            return True
    known = lex.known_actor(text.split())
    return known is not None and known[0].kind in ARMED_KINDS


def _generic_attack(event: Event, on_civilians: bool = False) -> bool:
    """An attack typed by its trigger word alone; ``on_civilians``: also one whose target
    the actors stage coded as civilians."""
    typed = event.typed_by
    by_trigger = typed.by_trigger or (typed.rule == "actors" and typed.base is not None and typed.base.by_trigger)
    return (
        event.coder == "lexicon" and event.acled_sub_event_type == "Attack" and by_trigger
        and (on_civilians or not (event.actor2 is not None and event.actor2.acled_inter in _CIVILIAN_INTERS))
    )


def _battle(event: Event, why: str) -> Event:
    event = dataclasses.replace(event, acled_event_type="Battles", acled_sub_event_type="Armed clash",
                                plover_mode=event.plover_mode or "firefight")
    return dataclasses.replace(event, typed_by=TypedBy("sides", base=event.typed_by, why=why)).with_rule(
        "acled", f"sides:{why}")


def _exchange_of_fire(tables: Words, event: Event) -> bool:
    """An exchange of fire the actors stage made an attack on civilians because the people
    it names as hurt are civilians ("a villager was killed in a gunfight between police
    and robbers"): the fight is still between armed sides."""
    typed, base = event.typed_by, event.typed_by.base
    if not (typed.rule == "actors" and typed.why == "civilian target" and base is not None and base.by_trigger):
        return False
    return not base.reciprocal and base.key in tables["exchange_of_fire"] and event.coder == "lexicon"


def attacks_armed_position(tables: Words, event: Event, doc: Any, lex: Lexicons) -> bool:
    """Whether an attack's object is a position armed men hold: "attacked a security
    checkpost", "targeted several border posts", "an attack on an army camp"."""
    if doc is None:
        return False
    span = doc.char_span(event.trigger_start, event.trigger_end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    tok = span.root
    objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    if tok.dep_ == "nsubjpass":  # "the post was attacked": the passive's subject is the object
        objects.append(tok)
    objects += [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("on", "against")
                for g in c.children if g.dep_ == "pobj"]
    objects += [c for o in list(objects) for c in o.children if c.dep_ == "conj"]
    for obj in (o for o in objects if o.i != tok.i):
        lemma = obj.lemma_.lower()
        if lemma in tables["armed_positions"] or obj.lower_ in tables["armed_positions"]:
            return True
        if lemma in tables["held_places"]:
            modifiers = " ".join(c.text for c in obj.children if c.dep_ in ("compound", "amod") and c.i < obj.i)
            if armed_words(tables, modifiers, lex):
                return True
    return False


def armed_sides(tables: Words, events: tuple[Event, ...], lex: Lexicons, doc: Any = None) -> tuple[Event, ...]:
    events = tuple(_battle(e, "exchange of fire") if _exchange_of_fire(tables, e) else e for e in events)
    fighting = any(e.acled_sub_event_type == "Armed clash" and not e.background for e in events)
    out = []
    for event in events:
        if _generic_attack(event) and not event.background:
            victims = [c.victims for c in event.counts if c.kind in ("killed", "injured")]
            victims += [c.victims for c in (event.killed, event.injured) if c is not None]
            if any(armed_words(tables, v, lex) for v in victims):
                event = _battle(event, "armed victims")
            elif fighting:
                event = _battle(event, "fighting")
            elif attacks_armed_position(tables, event, doc, lex):
                event = _battle(event, "armed position")
        elif _generic_attack(event, on_civilians=True) and not event.background \
                and attacks_armed_position(tables, event, doc, lex):
            # The parse names the target a post: whoever the actors stage took it for.
            event = _battle(event, "armed position")
        out.append(event)
    return tuple(out)


@stage("sides", requires=("events", "events.merged", "events.counts", "events.actor2"), assigns=("events.acled",))
def code_sides(analysis: Analysis, resources: Any) -> dict[str, Any]:
    tables = words_of(resources)
    return {"events": armed_sides(tables, analysis.events or (), resources.lexicons, analysis.doc)}
