"""Every gazetteer name in a text, found with one pass of an Aho-Corasick automaton.

The places stage finds most names among spaCy's entities, but the small model misses
many a town it has never seen ("Residents of Patiala ..."). ``NameAutomaton`` holds all of
a gazetteer's lookup keys (the ``normalise``d names) in a ``pyahocorasick`` automaton and
reports, for a text, the spans whose words spell one of them: the text is put into the
same form as the keys (case-folded, accents stripped, full stops dropped, spaces
collapsed) with a map back to its own offsets, and only matches that begin and end on
word boundaries count. Deciding which of those spans are places is the stage's work
(``sitrep/stages/places/gazetteer_names.py``).

Built once per gazetteer, on first use: about 1.8 s and 55 MB for the packaged GeoNames
keys (docs/dependencies.md, "pyahocorasick").
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

import ahocorasick

from .gazetteer import plain_letters

#: Keys shorter than this are not looked for: two letters name too many things.
MIN_KEY_CHARS = 3


def folded(text: str) -> tuple[str, list[int]]:
    """``text`` in the form of the gazetteer's keys, and for each of its characters the
    offset in ``text`` it comes from (with one more entry, for the end).

    The same steps as ``gazetteer.normalise``, character by character: case-folded, accents
    stripped, full stops dropped, each run of white space one space.
    """
    out: list[str] = []
    where: list[int] = []
    space = False
    for i, c in enumerate(text):
        if c.isspace():
            if not space and out:
                out.append(" ")
                where.append(i)
            space = True
            continue
        space = False
        if c == ".":
            continue
        if c.isascii():
            form = c.lower()
        else:
            form = plain_letters(c.casefold()).casefold().replace(".", "")
        for f in form:
            out.append(f)
            where.append(i)
    where.append(len(text))
    return "".join(out), where


def _boundary(s: str, i: int) -> bool:
    """Is position ``i`` of ``s`` between a word and what is not part of it?"""
    return i < 0 or i >= len(s) or not (s[i].isalnum() or s[i] in "-'")


class NameAutomaton:
    """All of a gazetteer's keys, for finding them in texts (see the module's docstring)."""

    def __init__(self, keys: Iterable[str]) -> None:
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_LENGTH)
        n = 0
        for key in keys:
            if len(key) >= MIN_KEY_CHARS:
                self._automaton.add_word(key)
                n += 1
        self.size = n
        if n:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[tuple[int, int]]:
        """Character spans of ``text`` whose words spell a key, in text order; where spans
        overlap, all are given (the caller chooses)."""
        if not self.size or not text:
            return []
        form, where = folded(text)
        found = []
        for end, length in self._automaton.iter(form):
            start = end - length + 1
            if _boundary(form, start - 1) and _boundary(form, end + 1):
                found.append((where[start], where[end] + 1))
        found.sort()
        return found


class LazyNames:
    """A ``NameAutomaton`` over ``keys()``, built the first time it is asked for (once, by
    one thread)."""

    def __init__(self, keys) -> None:
        self._keys = keys
        self._built: NameAutomaton | None = None
        self._lock = threading.Lock()

    def find(self, text: str) -> list[tuple[int, int]]:
        if self._built is None:
            with self._lock:
                if self._built is None:
                    self._built = NameAutomaton(self._keys())
        return self._built.find(text)
