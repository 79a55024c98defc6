"""Names the model cut short, read whole: "Baja" of "Baja California", "Kafr" of "Kafr
Qaddum", "Shaaf" of "Khabb wa ash Shaaf"; and the unknown name a known one only opens
("Kut e Abdollah": no Kut)."""

from __future__ import annotations

import re

from ...resources.gazetteer import Gazetteer
from ...resources.words import Words
from .spans import overlaps

#: A name's next word: a capitalised word, or a particle and a capitalised word ("Foz do
#: Iguacu", "Kut e Abdollah", "Madinat as Saleh", "Rabat-e Sangi", "Port of Spain"). "of"
#: joins only a known name: "Shaheddan Square of Kandahar" is two places.
_NAME_PARTICLES = r"(?:de|do|da|dos|das|del|della|di|du|des|e|es|as|al|el|ash|ad|an|ar|at|az|ye|i|la|le|los|las|y|wa|of)"
_NEXT_WORD = re.compile(rf"([ -]{_NAME_PARTICLES})?[ -](?=[A-Z])[\w'’]+")
#: How many words a name may run on beyond where the model ended it.
MAX_RUN_ON = 4
#: Up to MAX_RUN_ON capitalised words (each followed by up to two particles) that end right
#: before a name: "Khabb wa ash " before "Shaaf".
_PREV_WORDS = re.compile(
    rf"(?:(?<=[\s(\[,])|^)((?:[A-Z][\w'’]*[ -](?:{_NAME_PARTICLES}[ -]){{0,2}}){{1,{MAX_RUN_ON}}})$"
)


def _run_on(text: str, end: int) -> tuple[list[int], bool]:
    """Where the words after ``end`` could end a longer name, and whether they begin with a particle."""
    ends: list[int] = []
    particle = False
    pos = end
    for _ in range(MAX_RUN_ON):
        word = _NEXT_WORD.match(text, pos)
        if word is None:
            break
        particle = particle or (word.group(1) is not None and word.group(1)[1:] != "of" and not ends)
        pos = word.end()
        ends.append(pos)
    return ends, particle


def _longest_known(text: str, start: int, ends: list[int], gaz: Gazetteer, tables: Words) -> int | None:
    """The furthest of ``ends`` at which the words from ``start`` make a known name."""
    return next((e for e in reversed(ends) if _known_whole(text[start:e], gaz, tables)), None)


def known_run_on(text: str, span: tuple[int, int], gaz: Gazetteer, tables: Words) -> tuple[int, int] | None:
    """The longest known name that the words after a span make with it, if any."""
    whole = _longest_known(text, span[0], _run_on(text, span[1])[0], gaz, tables)
    return (span[0], whole) if whole is not None else None


def _known_run_back(text: str, span: tuple[int, int], gaz: Gazetteer, tables: Words) -> tuple[int, int] | None:
    """The longest known name that the capitalised words (and particles) right before a
    span make with it: "Khabb wa ash Shaaf" where the model tagged only "Shaaf"."""
    start = span[0]
    before = _PREV_WORDS.search(text, max(0, start - 80), start)
    if before is None:
        return None
    words = list(re.finditer(r"[A-Z][\w'’]*", before.group(1)))
    for word in words:  # the longest first
        begin = before.start(1) + word.start()
        if _known_whole(text[begin:span[1]], gaz, tables):
            return begin, span[1]
    return None


def _known_whole(name: str, gaz: Gazetteer, tables: Words) -> bool:
    """Is ``name`` a place the gazetteer knows by that very name (not "Edwardsville District")?"""
    last = name.rsplit(None, 1)[-1].casefold()
    if last in tables["admin_words"] | tables["city_words"] | tables["street_words"] | tables["area_nouns"]:
        return False
    return bool(gaz.candidates(name) or gaz.other_names(name))


def whole_names(text: str, spans: dict[tuple[int, int], str], gaz: Gazetteer, tables: Words) -> None:
    """Mend names the model cut short: "Baja" of "Baja California", "Santo" of "Santo
    Antonio de Jesus", "Tarn" of "Tarn Taran".

    Where the words after a place run on into a name the gazetteer knows, the longest such
    name replaces it (and the spans it covers). Where they run on through a particle ("Kut
    e Abdollah") into no known name, the place is only part of an unknown name: the whole
    is kept as a "FRAGMENT", with no reading of its own, so a container can stand for it.
    """
    for span in sorted(spans):
        if span not in spans or spans[span] == "ORG":
            continue
        back = _known_run_back(text, span, gaz, tables)
        if back is not None:
            for other in [s for s in spans if overlaps(s, back)]:
                del spans[other]
            spans[back] = "GPE"
            span = back
        start, end = span
        ends, particle = _run_on(text, end)
        if not ends:
            continue
        whole = _longest_known(text, start, ends, gaz, tables)
        if whole is None and (not particle or any(overlaps(s, (end, ends[-1])) for s in spans)):
            continue  # (no unknown name runs over another place)
        for other in [s for s in spans if overlaps(s, (start, whole or ends[-1]))]:
            del spans[other]
        spans[(start, whole or ends[-1])] = "GPE" if whole else "FRAGMENT"
