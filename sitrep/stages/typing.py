"""Stage ``typing``: the shipped typing model re-types the events the lexicon found.

Runs right after ``events``. For each event it reads the event's sentence
(``event_features``: words, the parse's token vectors, the lexicon's signals) and asks
the model (``resources.typing_model``, ``sitrep/resources/typing_model.py``) for an ACLED
label among those its PLOVER type allows. When the model is sure
(``TypingModel.thresholds``) and gives another ACLED type than the lexicon, the event
takes the model's type and sub-type (of one type, the lexicon's sub-type stands: its cue
words are more precise), or none at all for an event outside ACLED's scope (a robbery, an
accident), with the rule ``("acled", "model:<name>")``. The event stays an event: its
PLOVER type, counts and places are untouched, so incidents and casualty figures keep it.
One exception: an event the lexicon made of a casualty word alone ("five people were
killed when a bus collided...", "floods killed 14") is dropped when the model is sure the
sentence reports no event at all (``NO_EVENT``).
Without a model (``Resources.typing_model`` None) the stage changes nothing.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ..model import Event, Evidence, TypedBy
from ..nlp import lemmas_of, lowers_of, pos_of, sentences_of, text_of, tokens_of
from ..pipeline import Analysis, stage
from ..resources.lexicons import Lexicons
from ..resources.typing_model import NO_EVENT, TypingFeatures, label_of
from .events import event_trigger, sentence_cues


def _sentence(doc: Any, event: Event) -> Any:
    for sent in sentences_of(doc):
        if sent.start_char <= event.trigger_start < sent.end_char:
            return sent
    return doc[:]


def event_features(event: Event, doc: Any, lex: Lexicons, cache: dict[int, Any] | None = None) -> TypingFeatures:
    """What the typing model reads of ``event`` in its parsed article ``doc``; ``cache``
    keeps what one sentence gives (its text, mean vector, cue and people signals) for the
    other events of the article."""
    import numpy as np

    sent = _sentence(doc, event)
    cache = {} if cache is None else cache
    if sent.start not in cache:
        cache[sent.start] = _sentence_part(sent, doc, lex)
    text, mean, sentence_signals = cache[sent.start]
    if mean is not None:
        trigger = next((t for t in tokens_of(doc)[sent.start:sent.end] if t.idx <= event.trigger_start < t.idx + len(t)),
                       sent.root)
        embedding = np.concatenate([mean, doc.tensor[trigger.i]])
    else:  # a pipeline without token vectors (a blank model in tests): zeros
        embedding = np.zeros(192)
    signals = [f"plover={event.plover}", f"mode={event.plover_mode}", f"lexicon={label_of(_lexicon_acled(event))}",
               f"trigger={event.trigger_key or ''}", *sentence_signals]
    return TypingFeatures(text, embedding, tuple(dict.fromkeys(signals)))


def _sentence_part(sent: Any, doc: Any, lex: Lexicons) -> tuple[str, Any, list[str]]:
    tensor = doc.tensor
    has_vectors = getattr(tensor, "ndim", 0) == 2 and tensor.shape[0] == len(doc) and tensor.shape[1] > 0
    mean = tensor[sent.start:sent.end].mean(axis=0) if has_vectors else None
    signals = [f"cue={cue.acled[1]}" for _, _, cue, _ in sentence_cues(sent, lex)]
    crime = False
    pos, lemmas, lowers = pos_of(doc), lemmas_of(doc), lowers_of(doc)
    for i in range(sent.start, sent.end):
        if pos[i] not in ("NOUN", "PROPN", "ADJ"):
            continue
        lemma = lemmas[i]
        agent = lex.agents.get(lemma)
        if agent is not None:
            signals += [f"agent={agent.kind}", f"inter={agent.inter}"]
        crime = crime or lowers[i] in lex.words["crime_words"] or lemma in lex.words["crime_words"]
    if crime:
        signals.append("crime")
    return text_of(doc)[sent.start_char:sent.end_char], mean, signals


def _casualty_only(event: Event, lex: Lexicons) -> bool:
    """Whether the event's trigger is a word for casualties only ("killed", "injured")."""
    trigger = event_trigger(event, lex)
    return trigger is not None and trigger.casualty


def _lexicon_acled(event: Event) -> tuple[str, str] | None:
    if event.acled_event_type is None or event.acled_sub_event_type is None:
        return None
    return event.acled_event_type, event.acled_sub_event_type


@stage("typing", requires=("events",), assigns=("events.acled",))
def type_events(analysis: Analysis, resources: Any) -> dict[str, Any]:
    events = analysis.events or ()
    model = getattr(resources, "typing_model", None)
    if model is None or not events or analysis.doc is None:
        return {"events": events}
    lex: Lexicons = resources.lexicons
    cache: dict[int, Any] = {}
    # Only events whose PLOVER type leaves the model a choice are read.
    todo = [i for i, e in enumerate(events) if len(model.allowed.get(e.plover or "", ())) > 1]
    decided = model.decide([event_features(events[i], analysis.doc, lex, cache) for i in todo],
                           [events[i].plover for i in todo])
    decisions: list[Any] = [None] * len(events)
    for i, decision in zip(todo, decided, strict=True):
        decisions[i] = decision
    out = []
    for event, decision in zip(events, decisions, strict=True):
        if decision is not None and decision.sure and decision.label == NO_EVENT and _casualty_only(event, lex):
            continue
        lexicon = _lexicon_acled(event)
        if decision is None or not decision.sure or (decision.acled or (None,))[0] == (lexicon or (None,))[0]:
            # Unsure, or the same type: the lexicon's sub-type, read from cue words, stands.
            out.append(event)
            continue
        acled = decision.acled
        changed = dataclasses.replace(
            event,
            acled_event_type=acled[0] if acled else None,
            acled_sub_event_type=acled[1] if acled else None, typed_by=TypedBy("model"),
        ).with_rule("acled", f"model:{model.name}:{decision.probability:.2f}")
        start, end = event.sentence_start, event.sentence_end
        out.append(changed.with_evidence(Evidence("acled", start, end, text_of(analysis.doc)[start:end])))
    return {"events": tuple(out)}
