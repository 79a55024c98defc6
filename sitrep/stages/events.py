"""Stage ``events``: find the events an article reports and type them.

Needs the parsed ``doc``; adds ``events``: one ``Event`` per trigger (a verb or noun
from the trigger lexicon, ``sitrep/data/triggers.yaml``) that reports something that
happened. Each event gets its PLOVER type and mode and an ACLED type and sub-type,
refined by cue words near the trigger ("drone", "IED", "tear gas").

Modality keeps non-events out:
- negation ("did not attack", "no one was hurt");
- a modal or future auxiliary ("would strike");
- a governing verb of intent, threat or denial ("threatened to strike", "denied
  attacking", "plans to attack"), or a governing noun ("the threat of attacks");
- an infinitive that did not happen ("a reason to attack"), unless an aspectual verb
  governs it ("began to shell");
- a condition ("if they attack");
- a bare plural that names a trend, not an event ("attacks have increased").
The governing verb may itself be an event ("threatened" is a THREATEN). A perfect
infinitive did happen ("alleged to have stabbed").

A protest did happen when it is the purpose of a gathering that happened ("gathered to
protest", "took to the streets to demonstrate"), and when it is "called" ("called a
hartal").

Typing: heavy weapons with small arms make an armed clash; in a group of linked triggers
the act of violence, not the damage it did, is the event; what a protest is about
("against the arrest of", "protested the killing of", "began a sit-in after a driver was
attacked", ``_about``) is not an event of its own nor an intervention; arrests at a
protest make it a protest with intervention, not an event of their own, unless the
protest is why they were made ("arrested for taking part in protests"); and the next
two sentences can tell how a protest went (``_protest_context``).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ..model import Event, Evidence, TypedBy
from ..nlp import lemmas_of, lowers_of, sentences_of, text_of, tokens_of
from ..pipeline import Analysis, stage
from ..resources.lexicons import Lexicons, Trigger
from ..resources.words import Words

_SUBJECTS = ("nsubj", "nsubjpass")
_CLAUSE_LINKS = ("xcomp", "ccomp", "pcomp", "advcl", "acl", "prep", "pobj", "dobj", "conj", "relcl")


#: A trigger a token stands for: the entry, its key, the text span of the whole phrase,
#: and the phrase's head token.
_Match = tuple[Trigger, str, int, int, Any]


def _pos_of(tok: Any) -> str | None:
    """The trigger part of speech a token is looked up as, or None."""
    pos = "VERB" if tok.pos_ == "VERB" else "NOUN" if tok.pos_ == "NOUN" else None
    if pos is None and tok.pos_ == "PROPN" and tok.is_title and not tok.ent_type_ and tok.i > tok.sent.start:
        pos = "NOUN"  # a capitalised common noun the tagger took for a name: "organised a Protest Rally"
    return pos


def _lookup(tok: Any, key: str, pos: str, last: Any, lex: Lexicons) -> _Match | None:
    """The trigger ``key`` names, its phrase running from the trigger to the word ``last``."""
    found = lex.trigger(key, pos)
    if found:
        return found, key, tok.idx, max(tok.idx + len(tok), last.idx + len(last)), tok
    return None


def _match_before(tok: Any, child: Any, lemma: str, pos: str, lex: Lexicons) -> _Match | None:
    """A word before the trigger and the trigger: "air strike", "human chain"."""
    key = f"{child.lemma_.lower()} {lemma}"
    found = lex.trigger(key, pos)
    if found:
        return found, key, min(tok.idx, child.idx), tok.idx + len(tok), tok
    return None


def _match_phrasal(tok: Any, prt: Any, lemma: str, pos: str, lex: Lexicons) -> _Match | None:
    """A phrasal verb with its object: "set up a base"."""
    for obj in (o for o in tok.children if o.dep_ == "dobj" and o.i > tok.i):
        match = _lookup(tok, f"{lemma} {prt.lower_} {obj.lemma_.lower()}", pos, obj, lex)
        if match is not None:
            return match
    return None


def _match_compound_object(tok: Any, obj: Any, lemma: str, pos: str, lex: Lexicons) -> _Match | None:
    """An object named by a compound: "placed two check points"."""
    for part in (p for p in obj.children if p.dep_ == "compound" and p.i < obj.i):
        match = _lookup(tok, f"{lemma} {part.lemma_.lower()} {obj.lemma_.lower()}", pos, obj, lex)
        if match is not None:
            return match
    return None


def _match_after(tok: Any, child: Any, lemma: str, pos: str, lex: Lexicons) -> _Match | None:
    """The trigger and a word after it: "open fire", "round up", "call for"; then a
    phrasal verb with its object, or an object named by a compound."""
    match = _lookup(tok, f"{lemma} {child.lemma_.lower()}", pos, child, lex)
    if match is not None:
        return match
    if child.dep_ == "prt":
        return _match_phrasal(tok, child, lemma, pos, lex)
    if child.dep_ == "dobj":
        return _match_compound_object(tok, child, lemma, pos, lex)
    return None


def _match_child(tok: Any, lemma: str, pos: str, lex: Lexicons) -> _Match | None:
    """The trigger with one of its children. Compounds first: "heavy artillery fire" is
    "artillery fire" before it is "heavy fire"."""
    for child in sorted(tok.children, key=lambda c: c.dep_ != "compound"):
        # "air strike", "human chain", "open fire", "round up", "call for"; the word just
        # before, whatever the parser made of it ("baton charged"), or the verb's subject
        # ("violence erupted")
        if child.i < tok.i and (child.dep_ in ("compound", "amod") or child.i == tok.i - 1
                                or (pos == "VERB" and child.dep_ == "nsubj")):
            match = _match_before(tok, child, lemma, pos, lex)
        elif child.dep_ in ("prt", "dobj", "prep", "oprd", "acomp", "nsubjpass", "advmod") and (
            child.i > tok.i or child.dep_ == "nsubjpass"
        ):
            match = _match_after(tok, child, lemma, pos, lex)
        else:
            continue
        if match is not None:
            return match
    return None


def _match_verb_prep(tok: Any, lemma: str, pos: str, lex: Lexicons) -> _Match | None:
    """A verb with a preposition and its object, the preposition on the verb or on the
    verb's object: "responded to fire", "were set on fire", "set a bank on fire"."""
    if pos != "VERB":
        return None
    holders = [tok, *(c for c in tok.children if c.dep_ in ("dobj", "nsubjpass"))]
    for prep in (p for h in holders for p in h.children if p.dep_ == "prep" and p.i > tok.i):
        for obj in (o for o in prep.children if o.dep_ == "pobj"):
            match = _lookup(tok, f"{lemma} {prep.lower_} {obj.lemma_.lower()}", pos, obj, lex)
            if match is not None:
                return match
    return None


def _match_participle(tok: Any, lemma: str, pos: str, lex: Lexicons) -> _Match | None:
    """A participle that qualifies the people who acted: "migrants returned from abroad"."""
    if not (pos == "VERB" and tok.dep_ in ("acl", "relcl") and tok.head.i < tok.i and tok.head.pos_ == "NOUN"):
        return None
    key = f"{tok.head.lemma_.lower()} {lemma}"
    found = lex.trigger(key, pos)
    if found:
        return found, key, tok.head.idx, tok.idx + len(tok), tok
    return None


def _match_hyphenated(tok: Any, lemma: str, pos: str, lex: Lexicons) -> _Match | None:
    """Hyphenated nouns the tokenizer splits: "sit-in", "walk-out"; and their plurals
    ("shoot-outs", "sit-ins")."""
    toks = tokens_of(tok.doc)
    if not (tok.i + 2 < len(toks) and toks[tok.i + 1].text == "-" and not toks[tok.i + 1].whitespace_):
        return None
    last = toks[tok.i + 2]
    key = f"{tok.lower_}-{last.lower_}"
    found = lex.trigger(key, "NOUN")
    if not found:  # "shoot-outs", "sit-ins": the plural of a listed noun
        key = f"{tok.lower_}-{last.lemma_.lower()}"
        found = lex.trigger(key, "NOUN")
    if found:
        return found, key, tok.idx, last.idx + len(last), tok.doc[tok.i : tok.i + 3].root
    return None


def _match_word(tok: Any, lemma: str, pos: str, lex: Lexicons) -> _Match | None:
    """The trigger word alone, by its lemma (a noun also by its own form)."""
    found = lex.trigger(lemma, pos)
    if found is None and tok.pos_ == "NOUN":
        found = lex.trigger(tok.text.lower(), pos)
    return (found, found.key, tok.idx, tok.idx + len(tok), tok) if found else None


#: The patterns ``_match`` tries, in order: the first that matches gives the trigger.
_PATTERNS = (_match_child, _match_verb_prep, _match_participle, _match_hyphenated, _match_word)


def _match(tok: Any, lex: Lexicons) -> _Match | None:
    """The trigger a token stands for: the entry, its key, the text span of the whole
    phrase, and the phrase's head token (the token itself but for split hyphenated nouns)."""
    pos = _pos_of(tok)
    if pos is None:
        return None
    lemma = tok.lemma_.lower()
    if lemma not in lex.trigger_words and tok.lower_ not in lex.trigger_words:
        return None  # every key tried below holds the token's lemma or its lower-cased form
    return next((m for m in (pattern(tok, lemma, pos, lex) for pattern in _PATTERNS) if m is not None), None)


def _modified(tok: Any, lex: Lexicons, tables: Words, protest: bool) -> Any | None:
    """The token whose clause decides a trigger: the trigger itself, or the noun it
    modifies where a protest word names what a verb of holding held ("held a protest
    camp", "conducted protests nation wide": the parser took it for a modifier); None
    for any other modifier ("allied groups", "aid workers": a modifier, not an action)."""
    if tok.dep_ not in ("amod", "compound"):
        return tok
    holder = tok.head
    if protest and tok.pos_ == "NOUN" and holder.dep_ == "dobj" and holder.head.pos_ == "VERB" \
            and holder.head.lemma_.lower() in (lex.words["light_verbs"] | tables["gathering_verbs"]):
        return holder
    return None


def _child_denies(child: Any, lex: Lexicons, tables: Words) -> bool:
    """Whether a child of the trigger says it did not happen: a negation ("did not
    attack", "no attack"), a modal ("would strike"), a condition ("if they attack"), or
    a subject that is nobody ("no one was hurt")."""
    dep, low = child.dep_, child.lower_
    if dep == "neg" or (dep == "det" and low == "no"):
        return True
    if dep == "aux" and low in lex.words["modal_auxiliaries"]:
        return True
    if dep == "mark" and low in tables["condition_marks"]:
        return True
    if dep in _SUBJECTS:
        phrase = " ".join(t.lower_ for t in child.subtree)
        return phrase in tables["negative_subjects"] or any(t.dep_ == "det" and t.lower_ == "no" for t in child.children)
    return False


def _negated_or_modal(tok: Any, lex: Lexicons) -> bool:
    return any(c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in lex.words["modal_auxiliaries"])
               for c in tok.children)


def _attempted(node: Any, head: Any, hops: int, infinitive: bool, violent: bool, protest: bool,
               lex: Lexicons) -> bool:
    """Whether ``head`` is a verb of attempt that reports the trigger below it: an act of
    violence tried ("tried to lynch"), or a protest tried, stopped or not ("tried to
    stage a sit-in")."""
    if head.pos_ != "VERB" or head.lemma_.lower() not in lex.words["attempt_verbs"]:
        return False
    return (violent and infinitive and hops == 0) or (protest and node.dep_ == "xcomp")


def _governor_denies(node: Any, head: Any, hops: int, protest: bool, lex: Lexicons, tables: Words) -> bool:
    """Whether ``head``, governing ``node``, makes it something that did not happen: a
    verb of intent, threat or denial ("threatened to strike"; "called a hartal" is the
    hartal, "called to protest" no protest yet), a noun of them ("the threat of
    attacks"), or a modal on the governing verb."""
    words = lex.words
    hlemma = head.lemma_.lower()
    if head.pos_ in ("VERB", "AUX") and hlemma in words["modal_governors"] and not (
        protest and hops == 0 and node.dep_ == "dobj" and hlemma in tables["called_verbs"]
    ):
        return True
    if head.pos_ == "NOUN" and hlemma in words["modal_nouns"]:
        return True
    return any(c.dep_ == "aux" and c.lower_ in words["modal_auxiliaries"] for c in head.children) and node.dep_ in (
        "xcomp", "dobj", "conj")


def _infinitive_realis(node: Any, head: Any, protest: bool, lex: Lexicons, tables: Words) -> bool:
    """Whether the infinitive ``node`` happened: as the purpose of a gathering that
    happened ("gathered to protest"), or under an aspectual verb ("began to shell")."""
    hlemma = head.lemma_.lower()
    if protest and head.pos_ == "VERB" and (
        node.dep_ == "advcl" or (node.dep_ == "xcomp" and hlemma in tables["gathering_verbs"])
    ):
        return is_realis(head, lex, tables)
    return head.pos_ in ("VERB", "AUX") and hlemma in lex.words["aspectual_verbs"]


def _clause_chain(tok: Any, lex: Lexicons, tables: Words, violent: bool, protest: bool) -> bool | None:
    """What the clauses above the trigger decide, walking up the chain of governing verbs
    and nouns: False or True when one decides, None when none does."""
    # A perfect infinitive reports a past act: "alleged to have stabbed", "said to have killed".
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children) and not any(
        c.dep_ == "aux" and c.lower_ == "have" for c in tok.children
    )
    # A word for the people who act ("protesters") names them whatever a governing verb
    # says of them: "police stopped protesters from marching". Its clause still counts
    # (``_clause_is_realis``).
    people = tok.pos_ == "NOUN" and tok.lemma_.lower() in lex.agents
    node, hops = tok, 0
    while not people and node.dep_ in _CLAUSE_LINKS and node.head.i != node.i and hops < 4:
        head = node.head
        if _attempted(node, head, hops, infinitive, violent, protest, lex):
            if _negated_or_modal(head, lex):
                return False
            # The attempt itself is what happened; what governs it still counts.
            infinitive, node, hops = False, head, hops + 1
            continue
        if _governor_denies(node, head, hops, protest, lex, tables):
            return False
        if infinitive and hops == 0:
            return _infinitive_realis(node, head, protest, lex, tables)
        node, hops = head, hops + 1
    return False if infinitive else None


def _trend(tok: Any, tables: Words) -> bool:
    """A bare plural that names a trend, not an event. A trend is said of its subject
    ("attacks have dropped") or in a noun ("a rise in attacks"), never of a verb's object
    ("dropping bombs")."""
    if tok.pos_ != "NOUN" or tok.tag_ not in ("NNS", "NNPS") or tok.dep_ == "dobj":
        return False
    bare = not any(c.dep_ in ("det", "nummod", "poss") for c in tok.children)
    head = tok.head
    return bare and (head.lemma_.lower() in tables["trend_heads"]
                     or (head.dep_ == "prep" and head.head.lemma_.lower() in tables["trend_heads"]))


def is_realis(tok: Any, lex: Lexicons, tables: Words, violent: bool = False, protest: bool = False) -> bool:
    """Whether the trigger token reports something that happened (see module doc).

    ``violent``: the trigger is an act of violence, which an attempt reports as much as a
    success ("tried to lynch", "attempted to storm"). ``protest``: the trigger is a
    protest, which the purpose of a gathering that happened reports ("took to the streets
    to protest", "gathered to demonstrate", "shut their shops to protest")."""
    tok = _modified(tok, lex, tables, protest)
    if tok is None or any(_child_denies(child, lex, tables) for child in tok.children):
        return False
    decided = _clause_chain(tok, lex, tables, violent, protest)
    if decided is not None:
        return decided
    return not _trend(tok, tables)


def _grievance(cue_tok: Any, trigger: Any, tables: Words) -> bool:
    """Whether a cue word names what the protest is about rather than what happened at it:
    "protested against the arrest of an activist", "demanded the release of those detained"."""
    node, hops = cue_tok, 0
    while node.head.i != node.i and node.i != trigger.i and hops < 8:
        node, hops = node.head, hops + 1
        if node.i != trigger.i and (node.lower_ in tables["grievance_words"] or node.lemma_.lower() in tables["grievance_words"]):
            return True
    return cue_tok.pos_ == "NOUN" and (cue_tok.head.lower_ in tables["grievance_words"] or cue_tok.head.lemma_.lower() in tables["grievance_words"])


#: Dependencies by which a protest word governs what the protest is about: "protested the
#: killing", "a sit-in over the attack", "rallied to condemn the rape".
_ABOUT_DEPS = {"dobj", "prep", "advcl", "acl", "xcomp", "ccomp", "pcomp", "npadvmod"}


def _about(tok: Any, protest: Any, tables: Words) -> bool:
    """Whether an event word is what a protest (the token ``protest``) is about rather than
    news of its own: it hangs below the protest word as its object or complement
    ("protested the killing of a professor"), or below the verb that holds the protest
    noun, in a clause or phrase of occasion ("began a sit-in after a driver was
    attacked", "held a rally over the rape")."""
    path = [tok]
    while path[-1].head.i != path[-1].i and len(path) < 12:
        path.append(path[-1].head)
        if path[-1].i == protest.i:
            child = path[-2]
            # A phrase says what the protest is about ("over", "against", "in protest of"),
            # not how it went ("with burning tyres", "by firing into the air").
            if child.dep_ == "dobj":  # "protested the killing", not "blocked the road"
                return protest.lemma_.lower() in tables["about_verbs"]
            return child.dep_ in _ABOUT_DEPS and (child.dep_ != "prep" or child.lower_ in tables["about_preps"])
    holder = protest.head if protest.pos_ == "NOUN" and protest.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj") else None
    if holder is None or holder.pos_ != "VERB" or holder.i not in {t.i for t in path}:
        return False
    child = path[[t.i for t in path].index(holder.i) - 1]
    if child.i == protest.i or child.i == tok.i and child.dep_ not in ("advcl", "prep"):
        return False
    if child.dep_ == "prep":
        return child.lower_ in tables["occasion_words"]
    if child.dep_ == "advcl":
        return any(c.dep_ == "mark" and c.lower_ in tables["occasion_words"] for c in child.children)
    return False


def sentence_cues(sent: Any, lex: Lexicons) -> list[tuple[int, int, Any, str]]:
    """Every cue in a sentence, matched on its words and on their lemmas, as
    (first, last+1, cue, words) with sentence positions, in sentence order."""
    words = lowers_of(sent.doc)[sent.start:sent.end]
    lemmas = lemmas_of(sent.doc)[sent.start:sent.end]
    matches = {(f, last, id(c)): (f, last, c) for f, last, c in lex.cue_matches(words) + lex.cue_matches(lemmas)}
    return [(f, last, c, " ".join(words[f:last])) for f, last, c in sorted(matches.values(), key=lambda m: (m[0], -m[1]))]


#: What ``_refine`` gives: mode, ACLED type, which rule typed it, and that rule's trace label.
Refined = tuple[str | None, tuple[str, str] | None, TypedBy, str]


def _refine(
    tok: Any, trig: Trigger, cues: list[tuple[int, int, Any, str]], sent_start_i: int, others: list[int], lex: Lexicons,
    tables: Words,
) -> Refined:
    """Mode and ACLED type after cues; returns (mode, acled, typed_by, rule).

    A cue attached to the trigger ("drone attack", "attack with grenades") always
    applies. A cue elsewhere in the sentence applies to a generic trigger ("attack",
    "killed") when no other trigger (sentence positions ``others``) stands nearer to it.
    """
    if trig.acled is None:
        return trig.mode, trig.acled, TypedBy("trigger", trig.key), f"trigger:{trig.key}"
    best = _best_cue(tok, trig, cues, sent_start_i, others, lex, tables)
    if best is None and trig.key in tables["counted_blasts"] and _counted(tok, tables):
        # Several explosions counted, with no word for the device: indirect fire ("a total
        # of 12 explosions near the line"), or a clash when small arms are named too.
        if _small_arms_too(trig, cues):
            return "firefight", ("Battles", "Armed clash"), TypedBy("counted"), "counted explosions+small arms"
        return ("heavy", ("Explosions/Remote violence", "Shelling/artillery/missile attack"), TypedBy("counted"),
                "counted explosions")
    if best is not None:
        cue = best[1]
        if _small_arms_too(trig, cues, heavy_needed=True):
            # Heavy weapons and small arms together: the sides fought, an armed clash.
            return "firefight", ("Battles", "Armed clash"), TypedBy("cue", best[2]), f"cue:{best[2]}+small arms"
        return cue.mode or trig.mode, cue.acled, TypedBy("cue", best[2]), f"cue:{best[2]}"
    return trig.mode, trig.acled, TypedBy("trigger", trig.key), f"trigger:{trig.key}"


def _small_arms_too(trig: Trigger, cues: list[tuple[int, int, Any, str]], heavy_needed: bool = False) -> bool:
    """Whether a cue for small arms stands in the sentence apart from any heavy weapon's
    words ("machine gun" inside "heavy machine gun" is the heavy weapon's); with
    ``heavy_needed``, only when a heavy weapon is named too."""
    heavy = [(f, last) for f, last, c, _ in cues if c.acled[1] == "Shelling/artillery/missile attack"]
    if heavy_needed and not heavy:
        return False
    return any(c.acled[1] == "Armed clash" and trig.plover in c.applies_to
               and not any(hf <= f and last <= hl for hf, hl in heavy) for f, last, c, _ in cues)


def _own_words(tok: Any, sent_start_i: int) -> set[int]:
    """Sentence positions of the trigger and the words that are its own: its children, and
    its instrument ("targeted positions with heavy artillery fire", "used drones to ...")."""
    own = {c.i - sent_start_i for c in tok.children} | {tok.i - sent_start_i}
    own |= {t.i - sent_start_i for c in [*tok.children, *(g for d in tok.children if d.dep_ == "dobj" for g in d.children)]
            if c.dep_ == "prep" and c.lower_ in ("with", "using") for t in c.subtree}
    own |= {t.i - sent_start_i for c in tok.children if c.dep_ in ("advcl", "acl") and c.lemma_.lower() == "use"
            for t in c.subtree}
    return own


def _best_cue(
    tok: Any, trig: Trigger, cues: list[tuple[int, int, Any, str]], sent_start_i: int, others: list[int], lex: Lexicons,
    tables: Words,
) -> tuple[int, Any, str] | None:
    """The cue that types the trigger, nearest first, as (distance, cue, words), or None."""
    assert trig.acled is not None
    own = _own_words(tok, sent_start_i)
    # A word for an exchange of gunfire says its weapons: only a cue of its own retypes it.
    generic = trig.casualty or (trig.acled[1] in ("Attack", "Armed clash", "Peaceful protest")
                                and trig.key not in tables["gunfire_exchanges"])
    best: tuple[int, Any, str] | None = None
    for first, last, cue, words in cues:
        attached = any(i in own for i in range(first, last))
        if trig.plover not in cue.applies_to or not (attached or generic):
            continue
        if not _cue_applies(tok, trig, tok.sent[first:last], cue, words, attached, lex, tables):
            continue
        distance = 0 if attached else abs(first - (tok.i - sent_start_i))
        if not attached and any(abs(first - o) < distance for o in others):
            continue
        if best is None or distance < best[0]:
            best = (distance, cue, words)
    return best


def _cue_applies(tok: Any, trig: Trigger, span: Any, cue: Any, words: str, attached: bool, lex: Lexicons,
                 tables: Words) -> bool:
    """Whether the cue ``span`` may type the trigger: not what a protest is about, a
    weapon used in the act, not words the trigger itself holds, and no milder than a
    protest's type."""
    assert trig.acled is not None
    if trig.plover == "PROTEST" and (
        _grievance(span[0], tok, tables)
        or (tok.lemma_.lower() not in lex.agents and _about(span[0], tok, tables))
    ):
        return False  # what the protest is about: "in protest of the arrests"
    if (not attached and _not_used(span, tables)) or _not_a_weapon(span, tables):
        return False
    if set(words.split()) <= set(trig.key.split()) or set(cue.words) <= set(trig.key.split()):
        return False  # the trigger's own words ("exchanged artillery") already typed it
    # A riot stays a riot when police disperse it.
    return not (trig.plover == "PROTEST"
                and _PROTEST_SEVERITY.get(cue.acled[1], 0) < _PROTEST_SEVERITY.get(trig.acled[1], 0))


def _not_used(span: Any, tables: Words) -> bool:
    """Whether a cue phrase names a weapon that is only handled or owned, not used in the
    event: the object of "destroyed", "seized"..., or part of a unit's name."""
    head = span.root
    if head.dep_ in ("dobj", "nsubjpass") and head.head.lemma_.lower() in tables["handled_verbs"]:
        return True
    outer = head.head if head.dep_ in ("compound", "nmod", "amod") else None
    return outer is not None and outer.lemma_.lower() in tables["weapon_owners"]


_PLACE_ENTITIES = {"GPE", "LOC", "FAC"}


def _not_a_weapon(span: Any, tables: Words) -> bool:
    """Whether a cue phrase is no weapon here: a place's name ("killed in Tank"), or a
    tear gas shell (riot control, not artillery)."""
    if all(t.pos_ == "PROPN" for t in span) and (
        all(t.ent_type_ in _PLACE_ENTITIES for t in span)
        or (span.root.dep_ == "pobj" and span.root.head.lower_ in tables["not_a_weapon_preps"] and span.root.is_title)
    ):
        return True  # "killed in Tank": a place named like a weapon
    head = span.root
    return head.lemma_.lower() in ("shell", "canister") and any(
        c.dep_ in ("compound", "amod") and c.lower_ in tables["riot_control_words"] for c in head.children)


def _counted(tok: Any, tables: Words) -> bool:
    """A plural noun with a number or a quantity word: "5 explosions", "a total of 12
    explosions", "several blasts", "explosions/shots"."""
    if tok.tag_ not in ("NNS", "NNPS"):
        return False
    return any(_counted_word(t, tables) for t in _slash_group(tok))


def _counted_word(tok: Any, tables: Words) -> bool:
    if any(c.dep_ in ("nummod", "amod") and (c.like_num or c.lower_ in tables["several_words"]) for c in tok.children):
        return True
    head = tok.head
    return head.dep_ == "prep" and head.lower_ == "of" and head.head.lemma_.lower() in ("total", "number", "series")


def _slash_group(tok: Any) -> list[Any]:
    """The words of a list joined by slashes ("explosions/shots/bursts"), which the parser
    attaches in any order; the number may hang on any of them."""
    doc, group = tok.doc, [tok]
    i = tok.i
    while i - 2 >= 0 and doc[i - 1].text == "/":
        i -= 2
        group.append(doc[i])
    i = tok.i
    while i + 2 < len(doc) and doc[i + 1].text == "/":
        i += 2
        group.append(doc[i])
    return group


def _refers_back(tok: Any, trig: Trigger, lex: Lexicons, tables: Words) -> bool:
    """A mention of an event already reported: "the strikes", "injured in the incident"."""
    if tok.pos_ == "NOUN":
        return any(c.dep_ == "det" and c.lower_ in tables["definite_determiners"] for c in tok.children)
    if trig.casualty:
        for prep in tok.children:
            if prep.dep_ == "prep":
                for obj in prep.children:
                    if obj.dep_ == "pobj" and obj.lemma_.lower() in lex.words["anaphoric_nouns"] and any(
                        c.dep_ == "det" and c.lower_ in tables["definite_determiners"] for c in obj.children
                    ):
                        return True
    return False


def _specificity(typed: TypedBy, acled: tuple[str, str] | None) -> int:
    if acled is None:
        return -1
    if typed.rule in ("cue", "counted"):
        return 2
    return 0 if acled[1] in ("Attack", "Armed clash", "Peaceful protest") else 1


def _group(found: list[tuple[Any, ...]]) -> list[list[tuple[Any, ...]]]:
    """Triggers of one sentence that report one event: linked in the parse directly, through
    one function word ("killed when a bomb exploded", "the bomb exploded"), or coordinated
    ("attacked and looted"). Groups keep sentence order."""
    index = {f[0].i: n for n, f in enumerate(found)}
    parent = list(range(len(found)))

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for n, f in enumerate(found):
        tok = f[0]
        links = [tok.head]
        if tok.head.pos_ in ("ADP", "SCONJ") or tok.head.dep_ == "prep":  # "killed following an attack"
            links.append(tok.head.head)
        for h in links:
            m = index.get(h.i)
            if m is not None and m != n:
                parent[root(n)] = root(m)
    groups: dict[int, list[tuple[Any, ...]]] = {}
    for n, f in enumerate(found):
        groups.setdefault(root(n), []).append(f)
    return sorted(groups.values(), key=lambda g: g[0][0].i)


_COOPERATIVE = {"AID", "RETREAT", "CONCEDE", "COOPERATE", "CONSULT", "AGREE", "SUPPORT"}
_HOSTILE = {"ASSAULT", "COERCE", "SANCTION", "PROTEST"}


def _intent(f: tuple[Any, ...], lex: Lexicons, tables: Words, article_id: str, doc: Any, sent: Any) -> Event | None:
    """A stated intention, which PLOVER codes as what it commits to: "will provide aid",
    "will withdraw" (AGREE); "will strike" (THREATEN); "would not meet", "will not accept"
    (REJECT). Only a future auxiliary on a trigger verb with a subject counts, never a
    condition or a mere possibility ("could", "may"); the event is outside ACLED's scope."""
    tok, trig, key, start, end = f
    if tok.pos_ != "VERB" or trig.casualty or trig.weak:
        return None
    children = list(tok.children)
    willing = tok.dep_ == "xcomp" and tok.head.lower_ in tables["willing_words"] and any(
        c.dep_ in _SUBJECTS for c in tok.head.head.children) if tok.head.dep_ == "acomp" else False
    if not willing and not any(c.dep_ == "aux" and c.lower_ in tables["future_auxiliaries"] for c in children):
        return None
    if not willing and not any(c.dep_ in _SUBJECTS for c in children) \
            or any(c.dep_ == "mark" and c.lower_ in tables["condition_marks"] for c in children):
        return None
    node = tok
    for _ in range(4):  # "plans to say it will", "if ... would": still no commitment
        if node.dep_ in ("advcl",) and any(c.dep_ == "mark" and c.lower_ in tables["condition_marks"] for c in node.children):
            return None
        if node.head.i == node.i:
            break
        node = node.head
    if any(c.dep_ == "neg" for c in children):
        plover = "REJECT"
    elif trig.plover in _COOPERATIVE:
        plover = "AGREE"
    elif trig.plover in _HOSTILE:
        plover = "THREATEN"
    else:
        return None
    text = text_of(doc)[start:end]
    return Event(
        article_id=article_id, trigger=text, trigger_start=start, trigger_end=end,
        sentence_start=sent.start_char, sentence_end=sent.end_char, plover=plover, plover_mode="intent",
        acled_event_type=None, acled_sub_event_type=None, evidence=(Evidence("trigger", start, end, text),),
        rules=(("plover", f"intent:{key}"), ("acled", "intent")),
        made_by="intent", trigger_key=key, typed_by=TypedBy("intent"),
    )


def _without_covered(found: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Drop triggers inside another trigger's phrase: "went on a strike" is a strike by
    workers, not an air strike."""
    return [
        f for f in found
        if not any(g is not f and g[0].i != f[0].i and g[3] <= f[0].idx < g[4] for g in found)
    ]


def _without_instruments(found: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Drop trigger nouns that only name how another trigger's act was done: "targeted
    positions with artillery fire" is one shelling, typed by its instrument (a cue)."""
    heads = {f[0].i for f in found}

    def instrument(tok: Any) -> bool:
        if tok.pos_ != "NOUN" or tok.dep_ != "pobj" or tok.head.lower_ not in ("with", "using"):
            return False
        owner = tok.head.head
        return owner.i in heads or (owner.dep_ == "dobj" and owner.head.i in heads)

    return [f for f in found if not instrument(f[0])]


def _must(sent: Any, article_id: str, doc: Any, tables: Words) -> Event | None:
    """A reported obligation laid on someone else, which PLOVER codes as a demand: "X said
    that Y must return the helicopter" (REQUEST, mode ``must``). Outside ACLED's scope."""
    if "must" not in text_of(doc)[sent.start_char:sent.end_char].lower():
        return None
    for tok in sent:
        if tok.dep_ != "aux" or tok.lower_ != "must":
            continue
        verb = tok.head
        said = verb.head
        if verb.dep_ != "ccomp" or said.lemma_.lower() not in tables["saying_verbs"] or said.i == verb.i:
            continue
        if not any(c.dep_ in _SUBJECTS for c in verb.children) or any(c.dep_ == "neg" for c in verb.children):
            continue
        start, end = verb.idx, verb.idx + len(verb)
        return Event(
            article_id=article_id, trigger=text_of(doc)[start:end], trigger_start=start, trigger_end=end,
            sentence_start=sent.start_char, sentence_end=sent.end_char, plover="REQUEST", plover_mode="must",
            acled_event_type=None, acled_sub_event_type=None,
            evidence=(Evidence("trigger", start, end, text_of(doc)[start:end]),),
            rules=(("plover", "must:" + verb.lemma_.lower()), ("acled", "must")),
            made_by="must", trigger_key=verb.lemma_.lower(), typed_by=TypedBy("must"),
        )
    return None


def _reciprocal(tok: Any) -> bool:
    """Whether a verb's object is its subjects themselves, each of them acting on the
    other: "attacked each other", "fired at one another"."""
    objects = [c for c in tok.children if c.dep_ in ("dobj", "pobj")]
    objects += [g for c in tok.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    for obj in objects:
        before = obj.doc[obj.i - 1].lower_ if obj.i > 0 else ""
        if (obj.lower_ == "other" and before == "each") or (obj.lower_ == "another" and before == "one"):
            return True
    return False


def _has_agent(tok: Any) -> bool:
    """Whether a trigger names who acted: a verb's subject or by-phrase, a noun's "by".
    Of two words for one act, the one that says who did it makes the better record
    ("Looting: ... regime forces looted ...")."""
    for c in tok.children:
        if tok.pos_ == "VERB" and c.dep_ in ("nsubj", "agent"):
            return True
        if tok.pos_ == "NOUN" and (c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "by")):
            return True
    return False


_PROTEST_SEVERITY = {
    "Peaceful protest": 0, "Protest with intervention": 1, "Violent demonstration": 2,
    "Excessive force against protesters": 3,
}
#: How many sentences after a protest may tell how it went ("Police dispersed the crowd.").
_PROTEST_FOLLOW = 2


def _protest_sentences(events: list[Event], starts: list[int]) -> set[int]:
    """The numbers of the sentences (by their first characters, ``starts``) that report a protest."""
    return {starts.index(e.sentence_start) for e in events if e.plover == "PROTEST" and e.sentence_start in starts}


def _protest_context(events: list[Event], sents: list[Any], lex: Lexicons, tables: Words) -> list[Event]:
    """A protest's sub-type from the sentences that follow it, when they report no protest
    of their own: "Residents blocked the road. Police fired tear gas." is a protest with
    intervention; "... They pelted stones at passing cars." a violent demonstration."""
    starts = [s.start_char for s in sents]
    protest_sents = _protest_sentences(events, starts)
    out = []
    for event in events:
        sub = event.acled_sub_event_type
        if event.plover != "PROTEST" or sub not in _PROTEST_SEVERITY or event.sentence_start not in starts:
            out.append(event)
            continue
        first = starts.index(event.sentence_start)
        best: tuple[int, Any, str] | None = None
        for k in range(first + 1, min(len(sents), first + 1 + _PROTEST_FOLLOW)):
            if k in protest_sents:
                break
            sent = sents[k]
            lemmas = [t.lemma_.lower() for t in sent]
            # Who the sentence is about: the police (an intervention) or the crowd (violence).
            police = any(lex.agents.get(w) is not None and lex.agents[w].kind in ("police", "military") for w in lemmas)
            crowd = any(w in tables["crowd_words"] or (lex.agents.get(w) is not None and lex.agents[w].inter in (5, 6)) for w in lemmas)
            for a, _, cue, words in sentence_cues(sent, lex):
                level = _PROTEST_SEVERITY.get(cue.acled[1], -1)
                if "PROTEST" not in cue.applies_to or level <= _PROTEST_SEVERITY[sub] or _grievance(sent[a], sent.root, tables):
                    continue
                if not (police if level in (1, 3) else crowd):
                    continue
                if best is None or level > best[0]:
                    best = (level, cue, words)
        if best is None:
            out.append(event)
            continue
        cue = best[1]
        event = dataclasses.replace(
            event, acled_event_type=cue.acled[0], acled_sub_event_type=cue.acled[1],
            plover_mode=cue.mode or event.plover_mode, typed_by=TypedBy("context", best[2]),
        )
        out.append(event.with_rule("acled", f"context:{best[2]}"))
    return out


def event_trigger(event: Event, lex: Lexicons) -> Trigger | None:
    """The lexicon entry behind an event's trigger (its ``plover`` rule ``trigger:<key>``),
    or None for an event no trigger word made (an intent, a demand)."""
    if event.made_by != "trigger" or event.trigger_key is None:
        return None
    return lex.trigger(event.trigger_key, "VERB") or lex.trigger(event.trigger_key, "NOUN")


def _how_protests_went(events: list[Event], sents: list[Any], lex: Lexicons) -> list[Event]:
    """Drop the events a weak word for how a protest went ("dispersed", "pelted stones")
    makes in the sentences just after a protest: they tell how that protest went, which
    ``_protest_context`` reads, and are no event of their own."""
    starts = [s.start_char for s in sents]
    protest_sents = _protest_sentences(events, starts)
    out = []
    for event in events:
        trig = event_trigger(event, lex)
        at = starts.index(event.sentence_start) if event.sentence_start in starts else None
        if (
            trig is not None and trig.weak and trig.plover == "PROTEST" and trig.acled is not None
            and trig.acled[1] != "Peaceful protest" and at is not None
            and any(k in protest_sents for k in range(at - _PROTEST_FOLLOW, at))
        ):
            continue
        out.append(event)
    return out


def _arrested_for_protesting(events: list[Event], sent: Any, tables: Words) -> bool:
    """Whether a sentence's protest is the reason for its arrests or their consequence, in
    a phrase or clause of the arrest ("arrested for taking part in protests", "arrested,
    causing protests"), rather than the protest at which they were made ("arrested
    students who blocked the road")."""
    at = {t.idx: t for t in sent}
    arrests = [at[e.trigger_start] for e in events if e.acled_sub_event_type == "Arrests" and e.trigger_start in at]
    protests = [at[e.trigger_start] for e in events if e.acled_event_type == "Protests" and e.trigger_start in at]
    for tok in protests:
        node, hops = tok, 0
        links = []
        while node.head.i != node.i and hops < 8:
            links.append(node.dep_)
            below, node, hops = node, node.head, hops + 1
            if any(node.i == a.i for a in arrests):
                if below.dep_ == "advcl" and any(c.dep_ in ("mark", "advmod") and c.lower_ in tables["at_the_time_marks"]
                                                 for c in below.children):
                    return False  # "arrested when they tried to protest": at the protest
                return any(d in ("prep", "advcl", "pcomp") for d in links)
    return False


def _hazard_caused(tok: Any, lex: Lexicons, tables: Words) -> bool:
    """A casualty word an accident or a natural hazard caused: "floods killed 14", "killed
    in a road accident", "injured when a bus collided with a truck" (``hazard_causes``)."""
    hazards = lex.words["hazard_causes"]
    heads = [tok] + [c for c in tok.children if c.dep_ == "conj"]
    if tok.dep_ == "conj":
        heads.append(tok.head)
    for head in heads:
        for child in head.children:
            if child.dep_ in ("nsubj", "agent", "prep", "advcl"):
                words = [child] if child.dep_ in ("nsubj", "advcl") else [g for g in child.children if g.dep_ == "pobj"]
                if child.dep_ == "prep" and child.lower_ not in tables["cause_preps"]:
                    continue
                if any(w.lemma_.lower() in hazards or any(c.dep_ == "compound" and c.lemma_.lower() in hazards
                                                         for c in w.children) for w in words):
                    return True
    return False


def _clause_is_realis(tok: Any, lex: Lexicons, tables: Words) -> bool:
    """A weak noun counts only in a clause that reports something that happened:
    "protesters marched" does, "protesters will march" does not."""
    head = tok.head
    if tok.pos_ == "NOUN" and head.i != tok.i and head.pos_ in ("VERB", "AUX"):
        return is_realis(head, lex, tables)
    return True


def _group_of_people(noun: Any, lex: Lexicons, tables: Words) -> bool:
    """Whether a noun names a group of people who could press a demand together: a plural
    word for people ("students", "research scholars", "pensioners"), a number of them
    ("200 teachers", "hundreds of residents"), not state forces or officials."""
    if noun is None or noun.pos_ not in ("NOUN", "NUM", "PROPN"):
        return False
    lemma = noun.lemma_.lower()
    if noun.pos_ == "NUM" or lemma in ("hundred", "thousand", "dozen", "scores"):
        # "Hundreds walked", "hundreds of farmers": the people counted.
        # Counted in the hundreds, whoever they are, unless state forces or officials.
        inner = [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
        if inner:
            return all(lex.agents.get(g.lemma_.lower()) is None or lex.agents[g.lemma_.lower()].inter in (5, 6, 7)
                       for g in inner) and all(g.tag_ in ("NNS", "NNPS") for g in inner)
        return noun.lower_ in ("hundreds", "thousands", "dozens", "scores")
    agent = lex.agents.get(lemma)
    if agent is not None and agent.inter not in (5, 6, 7):
        return False
    plural = noun.tag_ in ("NNS", "NNPS") or any(c.dep_ == "nummod" for c in noun.children)
    return plural and (lemma in tables["people_groups"] or agent is not None)


def _crowd_demand(tok: Any, lex: Lexicons, tables: Words) -> bool:
    """Whether a demand verb is made by a group of people, in person: its subject, the
    noun it qualifies ("members of the union, demanding ..."), or the subject of the verb
    it goes with ("villagers squatted on the road demanding ...", "teachers were
    baton-charged for demanding ...") is a group of people (``_group_of_people``)."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in tables["demand_verbs"]:
        return False
    node = tok
    for _ in range(4):
        subjects = [c for c in node.children if c.dep_ in _SUBJECTS]
        if subjects:
            return _group_of_people(subjects[0], lex, tables)
        if node.dep_ == "acl" and node.head.pos_ in ("NOUN", "PROPN", "NUM"):
            if _group_of_people(node.head, lex, tables) or node.head.dep_ not in ("dobj", "pobj"):
                return _group_of_people(node.head, lex, tables)
            node = node.head  # "lined the road demanding ...": the parser hung it on the road
            continue
        if node.dep_ in ("advcl", "xcomp", "pcomp", "dobj", "conj", "prep") and node.head.i != node.i:
            node = node.head
            continue
        return False
    return False


#: What a group of people's demand is coded as: a peaceful protest (PLOVER PROTEST), weak:
#: it makes the event only when nothing else in the sentence does ("blocked the road
#: demanding ..." is the road block).
def _as_protest(trig: Trigger) -> Trigger:
    return dataclasses.replace(trig, plover="PROTEST", mode="demonstrate", acled=("Protests", "Peaceful protest"),
                               weak=True)


@dataclasses.dataclass(frozen=True)
class _Article:
    """What the events stage reads in every sentence of an article."""

    doc: Any
    article_id: str
    lex: Lexicons
    tables: Words
    toks: Any
    lemmas: Any
    lowers: Any


def _triggers(sent: Any, art: _Article) -> list[tuple[Any, ...]]:
    """The sentence's trigger matches, one per head token: (head, trigger, key, start, end)."""
    lex, keyed = art.lex, art.lex.trigger_words
    found: list[tuple[Any, ...]] = []
    for i in range(sent.start, sent.end):
        if art.lemmas[i] not in keyed and art.lowers[i] not in keyed:
            continue  # (``_match`` would say None: no trigger key holds either form)
        match = _match(art.toks[i], lex)
        if match is None:
            continue
        trig, key, start, end, head = match
        if trig.plover == "REQUEST" and _crowd_demand(head, lex, art.tables):
            trig = _as_protest(trig)  # "students demanded ...": a public demand, a protest
        if all(f[0].i != head.i for f in found):
            found.append((head, trig, key, start, end))
    return found


def _candidates(sent: Any, art: _Article) -> list[tuple[Any, ...]]:
    """The sentence's triggers less those that name no event of their own."""
    lex, tables = art.lex, art.tables
    found = _without_instruments(_without_covered(_triggers(sent, art)))
    # A tear gas shell is riot control, not artillery: no event of its own.
    found = [f for f in found if not (f[1].plover == "ASSAULT" and _not_a_weapon(f[0].doc[f[0].i:f[0].i + 1], tables))]
    # A casualty word an accident or a flood caused reports no event.
    found = [f for f in found if not (f[1].casualty and _hazard_caused(f[0], lex, tables))]
    # A protest that is the purpose of a gathering word ("gathered to protest") is that
    # gathering: the gathering word, which names who gathered, makes the event.
    gathering = {f[0].i for f in found if f[1].plover == "PROTEST" and f[1].weak}
    return [f for f in found if not (
        f[1].plover == "PROTEST" and f[0].dep_ in ("advcl", "xcomp") and f[0].head.i in gathering
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in f[0].children))]


def _with_weak(found: list[tuple[Any, ...]], strong: list[tuple[Any, ...]], realis: set[int], lex: Lexicons,
               tables: Words) -> list[tuple[Any, ...]]:
    """The strong triggers, with a weak one ("gathered", "protesters") when no strong
    word in the sentence reports an event in ACLED's scope that happened: "workers
    gathered to demand pay". Arrests leave room for a protest word, as they are its
    intervention: "police arrested protesters", "students gathered outside were detained"."""
    in_scope = [f for f in strong if f[0].i in realis and f[1].acled is not None]
    arrests_only = bool(in_scope) and all(f[1].acled[1] == "Arrests" for f in in_scope)
    if in_scope and not arrests_only:
        return strong
    weak = [
        f for f in found
        if f[1].weak and not f[1].casualty and f[0].i in realis and _clause_is_realis(f[0], lex, tables)
        and (not arrests_only or f[1].plover == "PROTEST")
    ]
    # A protest word first: "police baton charged protesters" is a protest with
    # intervention, the baton charge its cue.
    weak.sort(key=lambda f: f[1].plover != "PROTEST")
    return [f for f in strong if f[0].i in realis] + weak[:1]


def _happened(found: list[tuple[Any, ...]], realis: set[int], lex: Lexicons, tables: Words) -> list[tuple[Any, ...]]:
    """The triggers that make the sentence's events: those that happened, a weak word
    only where no strong one does, and no casualty word governed by another trigger."""
    strong = _with_weak(found, [f for f in found if not f[1].weak or f[1].casualty], realis, lex, tables)
    trigger_tokens = {f[0].i for f in strong if not f[1].casualty}
    # A casualty word governed by another trigger is part of that event:
    # "a drone attack that injured three".
    return [
        f for f in strong
        if not (f[1].casualty and any(a.i in trigger_tokens for a in f[0].ancestors))
        and not (f[1].casualty and any(c.i in trigger_tokens for c in f[0].children if c.dep_ in _SUBJECTS))
        and f[0].i in realis
    ]


def _not_about(found: list[tuple[Any, ...]], lex: Lexicons, tables: Words) -> list[tuple[Any, ...]]:
    """The triggers less what a protest is about, not news of its own here: "protested
    against the arrest of"."""
    protests = [f[0] for f in found if f[1].plover == "PROTEST"]
    acts = [p for p in protests if p.lemma_.lower() not in lex.agents]  # "protested", not "protesters"
    return [f for f in found if f[1].plover == "PROTEST"
            or not any(_grievance(f[0], p, tables) for p in protests) and not any(_about(f[0], p, tables) for p in acts)]


def _group_trigger(typed: list[tuple[Any, ...]]) -> tuple[Any, ...]:
    """The group's trigger: a word for the act itself rather than its consequence,
    violence rather than the damage it did ("targeted the trucks, destroying two"), then
    the most specifically typed one, then the first; typed as specifically as any of the
    group's words of its PLOVER type."""
    assault = any(t[1].plover == "ASSAULT" and not t[1].casualty for t in typed)
    tok, trig, key, start, end, mode, acled, typed_by, acled_rule = min(
        typed, key=lambda t: (
            t[1].casualty, assault and t[1].plover != "ASSAULT", -_specificity(t[7], t[6]), not _has_agent(t[0]), t[0].i
        ),
    )
    best_typed = max((t for t in typed if t[1].plover == trig.plover), key=lambda t: _specificity(t[7], t[6]))
    if _specificity(best_typed[7], best_typed[6]) > _specificity(typed_by, acled):
        mode, acled, typed_by, acled_rule = best_typed[5], best_typed[6], best_typed[7], best_typed[8]
    if trig.plover == "ASSAULT" and acled is not None and acled[1] == "Attack" and _reciprocal(tok):
        # "troops of the two countries targeted each other": both sides fought.
        mode, acled, acled_rule = "firefight", ("Battles", "Armed clash"), f"{acled_rule}+each other"
        typed_by = dataclasses.replace(typed_by, reciprocal=True)
    return tok, trig, key, start, end, mode, acled, typed_by, acled_rule


def _group_event(group: list[tuple[Any, ...]], found: list[tuple[Any, ...]], cues: list[tuple[int, int, Any, str]],
                 sent: Any, art: _Article) -> Event:
    """The event a group of linked triggers reports."""
    lex, tables = art.lex, art.tables
    typed = []
    for tok, trig, key, start, end in group:
        others = [f[0].i - sent.start for f in found if f not in group]
        typed.append((tok, trig, key, start, end, *_refine(tok, trig, cues, sent.start, others, lex, tables)))
    tok, trig, key, start, end, mode, acled, typed_by, acled_rule = _group_trigger(typed)
    text = text_of(art.doc)[start:end]
    event = Event(
        article_id=art.article_id,
        trigger=text,
        trigger_start=start,
        trigger_end=end,
        sentence_start=sent.start_char,
        sentence_end=sent.end_char,
        plover=trig.plover,
        plover_mode=mode,
        acled_event_type=acled[0] if acled else None,
        acled_sub_event_type=acled[1] if acled else None,
        evidence=(Evidence("trigger", start, end, text),),
        rules=(("plover", f"trigger:{key}"), ("acled", acled_rule)),
        made_by="trigger", trigger_key=key, typed_by=typed_by,
    )
    if _refers_back(tok, trig, lex, tables):
        event = dataclasses.replace(event, mention="definite").with_rule("mention", "definite")
    elif all(t[1].casualty for t in group):
        event = dataclasses.replace(event, mention="casualty").with_rule("mention", "casualty")
    return event


def _interventions(new: list[Event], sent: Any, tables: Words) -> list[Event]:
    """A sentence's events with arrests at a protest, and tear gas fired at it, taken as
    the intervention in that protest, not events of their own."""
    if any(e.acled_event_type == "Protests" for e in new) and any(e.acled_sub_event_type == "Arrests" for e in new) \
            and not _arrested_for_protesting(new, sent, tables):
        new = [
            dataclasses.replace(e, acled_sub_event_type="Protest with intervention",
                                typed_by=TypedBy("protest arrests")).with_rule(
                "acled", "arrests at the protest") if e.acled_sub_event_type == "Peaceful protest" else e
            for e in new if e.acled_sub_event_type != "Arrests"
        ]
    if any(e.acled_sub_event_type == "Protest with intervention" for e in new):
        new = [e for e in new if e.acled_sub_event_type != "Arrests" and not (e.made_by == "trigger" and e.trigger_key == "fire")]
    return new


def _sentence_events(sent: Any, art: _Article) -> list[Event]:
    """The events a sentence reports: those its triggers make; else a demand that
    something must be done (``_must``), or what an actor said it will do (``_intent``)."""
    lex, tables = art.lex, art.tables
    found = _candidates(sent, art)
    realis = {f[0].i for f in found
              if is_realis(f[0], lex, tables, violent=f[1].plover == "ASSAULT", protest=f[1].plover == "PROTEST")}
    if not realis:
        demand = _must(sent, art.article_id, art.doc, tables)
        if demand is not None:
            return [demand]
    if not found:
        return []
    if not realis:
        # Nothing happened here, but an actor may have said what it will do.
        intent = next((e for e in (_intent(f, lex, tables, art.article_id, art.doc, sent) for f in found)
                       if e is not None), None)
        return [intent] if intent is not None else []
    found = _happened(found, realis, lex, tables)
    cues = sentence_cues(sent, lex) if found else []
    found = _not_about(found, lex, tables)
    return _interventions([_group_event(group, found, cues, sent, art) for group in _group(found)], sent, tables)


@stage("events", requires=("doc",), assigns=("events",))
def find_events(analysis: Analysis, resources: Any) -> dict[str, Any]:
    doc = analysis.doc
    art = _Article(doc, analysis.article.id, resources.lexicons, resources.words,
                   tokens_of(doc), lemmas_of(doc), lowers_of(doc))
    events: list[Event] = []
    for sent in sentences_of(doc):
        events.extend(_sentence_events(sent, art))
    sents = list(sentences_of(doc))
    return {"events": tuple(_protest_context(_how_protests_went(events, sents, art.lex), sents, art.lex, art.tables))}
