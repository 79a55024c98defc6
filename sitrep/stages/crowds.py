"""Stage ``crowds``: a note that reports a crowd's size reports a demonstration.

Needs the ranked ``events``. ACLED writes a crowd-size tag ("[size=no report]",
"[size=around 200]") into the notes of demonstration events only: protests and riots.
When an article carries that tag, its main event is coded in that family:
- if a protest event is in the article, it becomes rank 0; an arrest or a use of force
  by state forces in the article makes it a protest with intervention, and violence by
  the crowd (protesters, rioters, civilians) a violent demonstration;
- with no protest event, an arrest is a protest with intervention, and any other
  non-violent main event a peaceful protest (a violent demonstration when a riot cue
  such as "burning tyres" stands anywhere in the note, which also turns a peaceful
  protest event into a violent demonstration);
- otherwise violence by a crowd (the main event is an attack, a clash, a beating or
  destruction) is a riot by rioters (ACLED inter 5): a violent demonstration when its
  sentence states a grievance ("demanding", "denouncing"), mob violence when not.
Violence by a crowd (below) is settled first: a protest in the note then becomes rank 0
as a violent demonstration, and with no protest that violence stays the riot the tag
reports. Only lexicon-typed events change: a trained model's decision stays its own. Each change
is recorded in the event's rules ("crowd-size tag").

With or without the tag, violence by an unorganised crowd is a riot (``crowd_violence``):
a clash, an attack or destruction of property whose doer is a crowd (activists, party
workers or cadres, supporters, students, residents, protesters, strike enforcers), a
clash in which one side is, a clash ("clash", "fight", "scuffle") in a sentence that
names a crowd and no armed group ("villagers and police clashed"), or destruction by an
unnamed perpetrator during a shutdown ("hartal", "bandh", "blockade", "general strike").
Not a gunfight: firearms in the sentence make it a battle whoever fights. It is a violent demonstration when
its sentence states a grievance or a shutdown, mob violence when not; the crowd becomes
the rioters (inter 5). The rule is recorded as "crowd violence".
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any

from ..model import Actor, Event, TypedBy
from ..nlp import sentences_of
from ..pipeline import Analysis, stage
from ..resources.lexicons import singular
from ..resources.words import Words, words_of
from .actors import armed_violence
from .events import sentence_cues
from .perpetrators import with_crowd_code
from .sides import armed_words

SIZE_TAG = re.compile(r"\[size=[^\]\n]{0,80}\]", re.IGNORECASE)
_DEMONSTRATION = {"Protests", "Riots"}
#: Actors who keep their own code in a riot: state forces, named armed groups, external forces.
_ARMED_INTERS = {1, 2, 8}
_RULE = "crowd-size tag"
#: Rioters, protesters, civilians: a crowd whose violence makes a protest a riot.
_CROWD_INTERS = {5, 6, 7}


def _retyped(event: Event, event_type: str, sub_type: str) -> Event:
    event = dataclasses.replace(event, acled_event_type=event_type, acled_sub_event_type=sub_type,
                                typed_by=TypedBy("crowd-size tag"))
    return event.with_rule("acled", f"{_RULE}:{sub_type}")



def _rioters(event: Event) -> Event:
    a1 = event.actor1
    if a1 is not None and a1.acled_inter in _ARMED_INTERS and event.actor1_guess is None:
        return event
    country = event.place.country if event.place else None
    if a1 is None or event.actor1_guess is not None:
        actor = Actor(name="Rioters", country=country, kind="rioters", acled_inter=5)
    else:
        actor = dataclasses.replace(a1, kind="rioters", acled_inter=5, country=a1.country or country)
    return dataclasses.replace(event, actor1=actor, actor1_guess=None).with_rule("actor1", _RULE)


def _protesters(event: Event) -> Event:
    a1 = event.actor1
    if a1 is not None and a1.acled_inter in (1, 2, 3, 4, 8):
        return event
    country = event.place.country if event.place else None
    if a1 is None:
        actor = Actor(name="Protesters", country=country, kind="protesters", acled_inter=6)
    else:
        actor = dataclasses.replace(a1, kind="protesters", acled_inter=6, country=a1.country or country)
    return dataclasses.replace(event, actor1=actor, actor1_guess=None).with_rule("actor1", _RULE)


def _no_cue(event: Event) -> bool:
    return False


def demonstration_first(
    events: tuple[Event, ...], text: str = "", riot_cue: Callable[[Event], bool] = _no_cue
) -> tuple[Event, ...]:
    """The events of a note with a crowd-size tag, its main event coded as a demonstration."""
    ordered = sorted(events, key=lambda e: e.rank)
    if not ordered:
        return events
    main = ordered[0]
    crowd_riot = main.typed_by.rule == "crowd violence"
    if (main.acled_event_type in _DEMONSTRATION and not crowd_riot) or main.coder != "lexicon":
        return events
    current = [e for e in ordered if not e.background]
    protest = next((e for e in current if e.coder == "lexicon" and e.acled_event_type in _DEMONSTRATION
                    and (e.plover == "PROTEST" or e.acled_event_type == "Protests")), None)
    if protest is not None:
        protest = _as_it_went(protest, [e for e in current if e is not protest], riot_cue)
        rest = [e for e in ordered if e.event_id != protest.event_id]
        return tuple(dataclasses.replace(e, rank=i) for i, e in enumerate([protest, *rest]))
    if crowd_riot:
        return events  # violence by a crowd is already the riot the tag reports
    if not armed_violence(main):
        return tuple([_gathering(main, riot_cue), *ordered[1:]])
    # Violence with a stated grievance is a demonstration turned violent; without one,
    # mob violence.
    sub = "Violent demonstration" if _grievance(main, text) else "Mob violence"
    main = _rioters(_retyped(main, "Riots", sub))
    return tuple([main, *ordered[1:]])


def _as_it_went(protest: Event, others: list[Event], riot_cue: Callable[[Event], bool]) -> Event:
    """The protest of a tagged note, typed by what else the note reports: the police's
    force (an intervention), a crowd's violence (a riot)."""
    if protest.acled_sub_event_type == "Peaceful protest":
        force = any(e.acled_event_type == "Strategic developments" and e.acled_sub_event_type == "Arrests"
                    or armed_violence(e) and e.actor1 is not None and e.actor1.acled_inter == 1 for e in others)
        riot = any(armed_violence(e) and e.actor1 is not None and e.actor1.acled_inter in _CROWD_INTERS
                   and e.actor1_guess is None
                   or e.typed_by.rule == "crowd violence" for e in others)
        # A crowd's own violence makes a riot even when the police intervene too; a riot
        # word alone does not outweigh an intervention it may describe.
        if riot or not force and riot_cue(protest):
            return _rioters(_retyped(protest, "Riots", "Violent demonstration"))
        if force:
            return _retyped(protest, "Protests", "Protest with intervention")
        return protest
    if protest.acled_event_type == "Riots":
        return _rioters(protest)
    if any(e.typed_by.rule == "crowd violence" for e in others):
        # The crowd's own violence makes the protest a riot, whatever the police did.
        return _rioters(_retyped(protest, "Riots", "Violent demonstration"))
    return protest


def _gathering(main: Event, riot_cue: Callable[[Event], bool]) -> Event:
    """Nothing violent and no protest word: the tag still says a crowd gathered. An arrest
    there is an intervention; a riot cue in the sentence ("burning tyres") makes it violent."""
    if main.acled_sub_event_type == "Arrests":
        event_type, sub = "Protests", "Protest with intervention"
    elif riot_cue(main):
        event_type, sub = "Riots", "Violent demonstration"
    else:
        event_type, sub = "Protests", "Peaceful protest"
    main = dataclasses.replace(_retyped(main, event_type, sub), plover="PROTEST", plover_mode=None)
    if event_type == "Riots":
        return _rioters(main)
    if sub == "Peaceful protest":
        return _protesters(main)
    return main


#: Words that state what a crowd wants or objects to: "demanding unpaid wages",
#: "denouncing power cuts", "agitating against".
_GRIEVANCE = re.compile(r"\b(demand\w*|denounc\w*|agitat\w*|protest\w*|call(?:s|ed|ing)? for|decr(?:y|ied|ying))\b",
                        re.IGNORECASE)


def _grievance(event: Event, text: str) -> bool:
    return bool(_GRIEVANCE.search(text[event.sentence_start:event.sentence_end]))


#: Words that make a crowd an armed side: a gunfight is a battle whoever fights it.
FIREARMS = re.compile(r"\b(gun\w*|fire\w*|firing|shoot\w*|shot\w*|bullet\w*|rifles?|pistols?|armed)\b", re.IGNORECASE)
#: Words for a shutdown a crowd enforces: destruction during one is the crowd's.
SHUTDOWN = re.compile(r"\b(hartal|bandh|shutdown|blockade|general strike|strike)s?\b", re.IGNORECASE)
_CROWD_RULE = "crowd violence"
_DESTRUCTION = "Looting/property destruction"


def is_crowd(tables: Words, actor: Actor | None, lex: Any) -> bool:
    """Whether an actor is an unorganised crowd: its name's words are crowd words
    ("BJP workers", "cadres of the front", "students") and name no armed people."""
    if actor is None:
        return False
    if actor.acled_inter in (5, 6):
        return True
    if actor.acled_inter in (1, 2, 8) or actor.kind in ("military", "police", "rebels", "militia"):
        return False
    words = [w.strip(".,;:()'\"").lower() for w in actor.name.split()]
    if not words or armed_words(tables, actor.name, lex) or FIREARMS.search(actor.name):
        return False
    # "BJP members" are a party's crowd; "members of" an outfit may be its fighters.
    return any(singular(w) in tables["crowd_heads"] or w in tables["crowd_heads"]
               or (singular(w) == "member" and i > 0 and words[i - 1] not in ("the", "of", "some", "several"))
               for i, w in enumerate(words))


def _violent_by_crowd(tables: Words, event: Event, text: str, lex: Any) -> bool:
    if event.coder != "lexicon" or event.background:
        return False
    sub = event.acled_sub_event_type
    if sub not in ("Armed clash", "Attack", _DESTRUCTION):
        return False
    sentence = text[event.sentence_start:event.sentence_end]
    if sub != _DESTRUCTION and (FIREARMS.search(event.trigger) or FIREARMS.search(sentence)):
        return False
    if is_crowd(tables, event.actor1, lex):
        return True
    if sub == "Armed clash" and is_crowd(tables, event.actor2, lex):
        return True
    if _clash_word(tables, event) and _crowd_in(tables, sentence, lex):
        return True  # "a clash between police and the supporters of the party"
    unnamed = event.actor1 is None or event.actor1_guess is not None
    return unnamed and sub == _DESTRUCTION and bool(SHUTDOWN.search(sentence))


#: Kinds of actor that make a fight a battle, whoever else is in it.
_ARMED_GROUPS = {"rebels", "armed group", "militia"}
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def _clash_word(tables: Words, event: Event) -> bool:
    return event.made_by == "trigger" and event.trigger_key in tables["clash_keys"]


def _crowd_in(tables: Words, sentence: str, lex: Any) -> bool:
    """Whether a sentence names a crowd ("villagers", "party supporters") and no armed
    group ("militants", a rebel group the lexicon knows)."""
    words = _WORD.findall(sentence)
    lowered = [singular(w.lower()) for w in words]
    if any((a := lex.agents.get(w)) is not None and a.kind in _ARMED_GROUPS for w in lowered):
        return False
    if any(k.kind in _ARMED_GROUPS for k, _, _ in lex.known_actors(words)):
        return False
    return any(w in tables["crowd_heads"] or w in tables["community_words"] for w in lowered)


def crowd_violence(tables: Words, events: tuple[Event, ...], text: str, lex: Any) -> tuple[Event, ...]:
    """Violence by a crowd, as ACLED codes it: a riot (see the module doc)."""
    out = []
    for event in events:
        if _violent_by_crowd(tables, event, text, lex):
            sentence = text[event.sentence_start:event.sentence_end]
            sub = "Violent demonstration" if _GRIEVANCE.search(sentence) or SHUTDOWN.search(sentence) \
                else "Mob violence"
            a1, a2 = event.actor1, event.actor2
            if a1 is not None and not is_crowd(tables, a1, lex) and is_crowd(tables, a2, lex) and event.actor1_guess is None:
                a1, a2 = a2, a1  # the crowd is the riot's side: "police clashed with students"
            country = event.place.country if event.place else None
            if a1 is None or event.actor1_guess is not None:
                a1 = Actor(name="Rioters", country=country, kind="rioters", acled_inter=5)
            else:
                a1 = dataclasses.replace(a1, kind="rioters", acled_inter=5, country=a1.country or country)
            event = dataclasses.replace(event, acled_event_type="Riots", acled_sub_event_type=sub, actor1=a1,
                                        actor2=a2, plover_mode=event.plover_mode, actor1_guess=None,
                                        typed_by=TypedBy("crowd violence"))
            event = event.with_rule("acled", f"{_CROWD_RULE}:{sub}").with_rule("actor1", _CROWD_RULE)
        out.append(event)
    return tuple(out)


@stage("crowds", requires=("events", "events.rank", "events.actor1"), assigns=("events.acled", "events.rank", "events.plover", "events.actor1", "events.actor2"))
def code_crowds(analysis: Analysis, resources: Any) -> dict[str, Any]:
    tables = words_of(resources)
    lex = resources.lexicons
    events = analysis.events or ()
    if not events or not SIZE_TAG.search(analysis.article.text):
        return {"events": crowd_violence(tables, events, analysis.article.text, lex)}
    doc = analysis.doc

    def riot_cue(event: Event) -> bool:
        # A note is short and all about one demonstration: a riot cue anywhere in it counts.
        return any(
            "PROTEST" in cue.applies_to and cue.acled[0] == "Riots"
            for sent in sentences_of(doc) for _, _, cue, _ in sentence_cues(sent, lex)
        )

    # Violence by a crowd first: the tag's protest, if any, then becomes rank 0 as the riot.
    events = crowd_violence(tables, events, analysis.article.text, lex)
    return {"events": tuple(with_crowd_code(e) for e in demonstration_first(events, analysis.article.text, riot_cue))}
