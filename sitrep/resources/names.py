"""Every gazetteer name in a text, found by looking up the text's runs of words in a set.

The places stage finds most names among spaCy's entities, but the small model misses
many a town it has never seen ("Residents of Patiala ..."). ``NameSet`` holds all of a
gazetteer's lookup keys (the ``normalise``d names) in a set, with every run of words that
opens a longer key, and reports, for a text, the spans whose words spell one of them: the
text is put into the same form as the keys (case-folded, accents stripped, full stops
dropped, spaces collapsed) with a map back to its own offsets, and each character that is
no part of a word becomes a space, in keys and text alike, so that only matches that
begin and end on word boundaries count. A key with a word that names shorten, which keys
write out ("saint paul"), is held in its short form too ("st paul"), as texts write it.
From each word of the text, the run grows one
word at a time while it still opens a key. Deciding which of those spans are places is
the stage's work (``sitrep/stages/places/gazetteer_names.py``).

Built once per gazetteer, on first use: about 0.25 s for the packaged GeoNames keys, where
an Aho-Corasick automaton over the same keys took about 1 s to build (the lookups cost
about the same per article).
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterable

import numpy as np

from .gazetteer import plain_letters, shortened

#: Keys shorter than this are not looked for: two letters name too many things.
MIN_KEY_CHARS = 3


#: Runs of white space, and runs of what is neither white space nor a full stop.
_RUNS = re.compile(r"\s+|[^\s.]+")


def folded(text: str) -> tuple[str, list[int]]:
    """``text`` in the form of the gazetteer's keys, and for each of its characters the
    offset in ``text`` it comes from (with one more entry, for the end).

    The same steps as ``gazetteer.normalise``: case-folded, accents stripped, full stops
    dropped, each run of white space one space. Runs of plain ASCII are copied whole;
    only other characters are folded one by one.
    """
    quick = _folded_quickly(text)
    if quick is not None:
        return quick
    out: list[str] = []
    where: list[int] = []
    space = True  # (no space at the start)
    for run in _RUNS.finditer(text):
        chunk, start = run.group(), run.start()
        if chunk[0].isspace():
            if not space:
                out.append(" ")
                where.append(start)
                space = True
            continue
        space = False
        if chunk.isascii():
            out.append(chunk.lower())
            where.extend(range(start, run.end()))
            continue
        for i, c in enumerate(chunk, start):
            form = c.lower() if c.isascii() else _fold_char(c)
            out.append(form)
            where.extend([i] * len(form))
    where.append(len(text))
    return "".join(out), where


#: White space that ``str.isspace`` knows in ASCII, each to one space.
_SPACES = {ord(c): " " for c in "\t\n\v\f\r\x1c\x1d\x1e\x1f"}


@functools.lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    """One character as ``normalise`` folds it: "é" -> "e", "ß" -> "ss", "’" -> "'"."""
    return plain_letters(c.casefold()).casefold().replace(".", "")


def _folded_quickly(text: str) -> tuple[str, list[int]] | None:
    """``folded`` with array operations instead of a loop, for a text each of whose
    characters folds to exactly one (None otherwise: ``folded`` goes one by one)."""
    table = dict(_SPACES)
    if not text.isascii():
        for c in set(text):
            if not c.isascii():
                form = " " if c.isspace() else _fold_char(c)
                if len(form) != 1:
                    return None
                table[ord(c)] = form
    mapped = text.translate(table).lower()
    if len(mapped) != len(text):
        return None
    codes = np.frombuffer(mapped.encode("utf-32-le"), dtype=np.uint32)
    at = np.flatnonzero(codes != ord("."))
    kept = codes[at]
    space = kept == ord(" ")
    # a space after a space (or at the start) goes: each run of white space is one space
    after_space = np.concatenate(([True], space[:-1]))
    keep = ~(space & after_space)
    where = at[keep].tolist()
    where.append(len(text))
    return kept[keep].tobytes().decode("utf-32-le"), where


#: A character that is no part of a word ("-" and "'" are: "Sud-Kivu", "Cox's Bazar").
_NOT_WORD = re.compile(r"[^\w\s'-]|_")


def _spaced(form: str) -> str:
    """``form`` with a space for each character that is no part of a word: in a key so
    written ("brgy nalook kalibo") and a text so written, a key's words are the text's
    words between two spaces (or an end)."""
    return _NOT_WORD.sub(" ", form)


class NameSet:
    """All of a gazetteer's keys, for finding them in texts (see the module's docstring)."""

    def __init__(self, keys: Iterable[str]) -> None:
        #: every key, ``_spaced``
        spaced = {_spaced(key) for key in keys if len(key) >= MIN_KEY_CHARS}
        # a key with a word that names shorten, as texts also write it ("st paul")
        self._keys = frozenset(spaced | {short for key in spaced if (short := shortened(key)) is not None})
        #: every run of a key's first words that is shorter than the key ("dera", "dera ghazi")
        openings = set()
        for key in self._keys:
            space = key.find(" ")
            while space != -1:
                openings.add(key[:space])
                space = key.find(" ", space + 1)
        self._openings = frozenset(openings)
        self.size = len(self._keys)

    def find(self, text: str) -> list[tuple[int, int]]:
        """Character spans of ``text`` whose words spell a key, in text order; where spans
        overlap, all are given (the caller chooses)."""
        if not self.size or not text:
            return []
        form, where = folded(text)
        spaced = _spaced(form)
        words = spaced.split(" ")
        keys, openings = self._keys, self._openings
        found = []
        start = 0  # where ``words[i]`` starts in ``spaced`` (and ``form``)
        for i, word in enumerate(words):
            if word in keys or word in openings:
                end, j = start + len(word), i
                while True:
                    run = spaced[start:end]
                    if run in keys:
                        found.append((where[start], where[end - 1] + 1))
                    j += 1
                    if j == len(words) or run not in openings:
                        break
                    end += 1 + len(words[j])
            start += len(word) + 1
        found.sort()
        return found


class LazyNames:
    """A ``NameSet`` over ``keys()``, built the first time it is asked for (once, by
    one thread)."""

    def __init__(self, keys) -> None:
        self._keys = keys
        self._built: NameSet | None = None
        self._lock = threading.Lock()

    def find(self, text: str) -> list[tuple[int, int]]:
        if self._built is None:
            with self._lock:
                if self._built is None:
                    self._built = NameSet(self._keys())
        return self._built.find(text)
