"""One name, one sense: every other occurrence of a name the article already uses as a
place ("Ocala's mayor" after "in Ocala"), unless it is part of a person's name there."""

from __future__ import annotations

from ...nlp import entities_of
from ...resources.gazetteer import Gazetteer
from .spans import joined, overlaps

#: Shortest name looked for again wherever it recurs in an article.
REPEAT_MIN_CHARS = 4


def repeat_names(doc, text: str, spans: dict[tuple[int, int], str], blocked: list[tuple[int, int]],
                  abbreviations: dict[str, str], gaz: Gazetteer, titled: set[str]) -> None:
    """Every other occurrence of a place name the article already uses as a place.

    One name, one sense in an article: where "Gainesville" is a place once, the
    sentence-initial or possessive "Gainesville" the model missed is that place too, and
    "Gainesville Police" names an organisation after it (marked so). Not repeated: a name
    inside a longer person's name, or one that is part of a person's name anywhere in
    the article ("Jim Brown" makes "Brown" a surname there) or follows a person's title
    (``titled``: "coach Ripley").
    """
    names = {
        text[a:b] for (a, b), source in spans.items()
        if source != "ORG" and b - a >= REPEAT_MIN_CHARS and text[a].isupper()
        and text[a:b] not in abbreviations and gaz.candidates(text[a:b])
    }
    # a name that is part of a person's name in the article ("Jim Brown") is a surname here,
    # and so is one that follows a person's title ("coach Ripley")
    person_words = {t.text for e in entities_of(doc) if e.label_ == "PERSON" and len(e) > 1 for t in e}
    person_words |= titled
    names = {n for n in names if not set(n.split()) & person_words}
    if not names:
        return
    found: list[tuple[int, int]] = []
    for name in sorted(names, key=len, reverse=True):
        at = text.find(name)
        while at >= 0:
            end = at + len(name)
            if not joined(text, at - 1) and not joined(text, end):
                found.append((at, end))
            at = text.find(name, end)
    taken = sorted(spans)
    persons = [(e.start_char, e.end_char) for e in entities_of(doc) if e.label_ == "PERSON"]
    for span in found:
        if span in spans or any(overlaps(span, s) for s in taken):
            continue
        if any(overlaps(span, p) and p != span for p in persons):
            continue
        inside = [b for b in blocked if overlaps(span, b) and b != span]
        spans[span] = "ORG" if inside else "REPEAT"
        taken.append(span)
