"""The place phrases sitrep's data knows, where the small model misses them: countries and
their abbreviations ("U.S."), regions ("northern Iraq"), facilities ("Erbil Air Base")."""

from __future__ import annotations

import re

from ...resources.gazetteer import place_phrases
from .spans import Found, SpanIndex, trim

_WORD = re.compile(r"(?<![\w])\w+")
#: Before a postal code: a capitalised name and its comma ("Birmingham, ", "PRESTON, ").
_NAME_COMMA = re.compile(r"[A-Z][\w.'-]*\s*,\s*$")
#: After a postal code: the line's end, a mark, a ZIP code or a lower-case word, never
#: another capitalised word ("DALLAS, OR FORT WORTH").
_CODE_END = re.compile(r"\s*(?:$|\n|[|(),:;.]|[-\u2013\u2014](?!\w)|\d{5}\b| [a-z])")


def _names_state(text: str, start: int, end: int) -> bool:
    return bool(_NAME_COMMA.search(text[max(0, start - 60):start]) and _CODE_END.match(text, end))


def postal_state(text: str, start: int, end: int) -> str | None:
    """The US state that a postal code at ``text[start:end]`` may name where it stands after
    a name and its comma ("Birmingham, AL"), else None. (Whether the name has a reading in
    that state is the caller's check: "Chennai, TN" is Tamil Nadu.)"""
    words = text[start:end]
    if len(words) != 2 or not words.isupper():
        return None
    phrase = next((p for p in place_phrases().get(words.casefold(), ()) if p.state and p.text == words), None)
    return phrase.state if phrase is not None and _names_state(text, start, end) else None


def in_state(entries, state: str) -> bool:
    """Whether any of a name's readings lies in the US state ``state``."""
    return any(e.country == "USA" and e.admin1 == state for e in entries)


def phrase_matches(doc, text: str) -> list[tuple[int, int]]:
    """Spans of known place phrases, longest first at each token, not overlapping."""
    phrases = place_phrases()
    lowered = text.casefold() if len(text.casefold()) == len(text) else None
    out: list[tuple[int, int]] = []
    covered = -1
    # words of the text, as the tokeniser starts them (a regex is much cheaper than tokens)
    for word in _WORD.finditer(lowered if lowered is not None else text):
        start = word.start()
        if start < covered:
            continue
        options = phrases.get(word.group(0) if lowered is not None else word.group(0).casefold())
        if not options:
            continue
        for phrase in options:
            end = start + len(phrase.text)
            if end > len(text) or (end < len(text) and text[end].isalnum()):
                continue
            span = text[start:end]
            if phrase.after_comma and not text[:start].rstrip().endswith(","):
                continue
            if phrase.state and not _names_state(text, start, end):
                continue
            if phrase.exact_case:
                ok = span == phrase.text
            else:
                source = lowered[start:end] if lowered is not None else span.casefold()
                ok = source == phrase.text.casefold() and any(c.isupper() for c in span)
            if ok:
                out.append(trim(text, start, end))
                covered = end
                break
    return out


def add_phrases(doc, text: str, found: Found) -> None:
    """Add each known phrase outside other entities (or that is one whole), replacing the
    shorter spans it overlaps."""
    spans = found.spans
    blocking, index = SpanIndex(found.blocked), SpanIndex(spans)
    for span in phrase_matches(doc, text):
        inside_block = bool(blocking.overlapping(span))
        if inside_block and span not in found.org_exact:
            continue
        clash = [s for s in index.overlapping(span) if s in spans]
        if all(s[1] - s[0] < span[1] - span[0] for s in clash):
            for s in clash:
                del spans[s]
                index.remove(s)
            spans[span] = spans.get(span, "PHRASE")
            index.add(span)
