"""Stage ``classify``: re-type events with a trained classifier (``sitrep code --model``).

Runs only when a model is given, right after ``events`` (``with_classify``). For each
event it asks ``resources.classifier`` for an ACLED type and sub-type and, when the
classifier has an opinion, sets ``acled_event_type``/``acled_sub_event_type``,
``coder`` (the model's name), the rule ``("acled", "model:<name>")`` and the evidence
``acled`` (the words the classifier read).

What the classifier reads (measured, docs/training.md): the whole article when it is at
most ``WHOLE_TEXT_MAX_CHARS`` long (a coder's note, a short report: one event told in a
few sentences), and then every event of the article gets the model's type; else each
event's own sentence, and then only the events the lexicon gave an ACLED type are
re-typed, so a meeting or a statement in a long article does not become an ACLED event.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from ..model import Event, Evidence, TypedBy
from ..pipeline import Analysis, stage

#: Articles up to this many characters are classified whole; longer ones sentence by sentence.
WHOLE_TEXT_MAX_CHARS = 1000
#: Whether, in a long article, events with no ACLED type from the lexicon (CONSULT, AGREE...) are typed too.
RETYPE_UNTYPED_SENTENCES = False


def with_classify(stages: Sequence[str]) -> tuple[str, ...]:
    """The stage list with ``classify`` right after ``events`` and the shipped model's
    ``typing`` (unchanged if already there): a user's model has the last word."""
    names = list(stages)
    if "classify" in names:
        return tuple(names)
    if "events" not in names:
        raise ValueError("the classify stage needs the events stage in the list")
    after = "typing" if "typing" in names else "events"
    names.insert(names.index(after) + 1, "classify")
    return tuple(names)


def context(event: Event, text: str, whole_text_max: int | None = None) -> tuple[int, int]:
    """The span the classifier reads for ``event``: the whole text if short, else its sentence."""
    if len(text) <= (WHOLE_TEXT_MAX_CHARS if whole_text_max is None else whole_text_max):
        return 0, len(text)
    return event.sentence_start, event.sentence_end


@stage("classify", requires=("events",), assigns=("events.acled",))
def classify_events(analysis: Analysis, resources: Any) -> dict[str, Any]:
    events = analysis.events or ()
    classifier = getattr(resources, "classifier", None)
    if classifier is None or not events:
        return {"events": events}
    text = analysis.article.text
    spans = [context(e, text) for e in events]
    whole = spans[0] == (0, len(text))
    todo = [
        i for i, e in enumerate(events) if whole or RETYPE_UNTYPED_SENTENCES or e.acled_event_type is not None
    ]
    unique = list(dict.fromkeys(spans[i] for i in todo))
    predictions = dict(zip(unique, classifier.predict([text[s:e] for s, e in unique]), strict=True))
    out = list(events)
    for i in todo:
        prediction = predictions[spans[i]]
        if prediction is None:
            continue
        start, end = spans[i]
        out[i] = dataclasses.replace(
            events[i],
            acled_event_type=prediction.event_type,
            acled_sub_event_type=prediction.sub_event_type,
            coder=classifier.name, typed_by=TypedBy("classifier"),
        ).with_rule("acled", f"model:{classifier.name}").with_evidence(
            Evidence("acled", start, end, text[start:end])
        )
    return {"events": tuple(out)}
