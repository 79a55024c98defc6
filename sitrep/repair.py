"""Repairing text as it is read: ``repair(text)`` gives the text sitrep stores and codes.

Archived and scraped news carries damage that breaks the parse and every rule after it:
UTF-8 read as Windows-1252 (mojibake: ``â€œ`` for ``“``), Windows-1252 punctuation read
as Latin-1 (the C1 controls U+0080-U+009F where ``“`` or ``—`` belonged), lone UTF-16
surrogates from a broken decoder, and NUL or other control characters. ``repair`` undoes
these with ftfy and names what it did, so ``Article.repairs`` can say so; every
evidence offset then indexes the repaired text.

ftfy is configured to touch damaged text only, never well-formed text:

* on: mojibake (``fix_encoding`` with ftfy's own safeguards), C1 controls as
  Windows-1252, surrogates (a pair becomes its character, a lone one U+FFFD), control
  characters and terminal escapes. Newlines, carriage returns, tabs and form feeds
  stay. A C1 control Windows-1252 has no character for (U+0081, U+008D, U+008F,
  U+0090, U+009D) is removed too, which ftfy leaves.
* off: curly quotes stay curly, full-width letters stay full width, ligatures stay
  ligatures and line breaks stay as written. Each is a correct character that a
  reader or a quote finder may rely on, not damage. HTML entities stay too: an article
  is text, and a literal ``&amp;`` in it is what the source wrote.
* NFC stays on (ftfy's default), not NFKC: NFC only joins a letter and its combining
  accent into the one character that means the same (canonical equivalence), so the
  text says exactly what it said. Without it ``Bogota`` + U+0301 would match neither the
  gazetteer's ``Bogotá`` nor a lexicon, which are written precomposed; NFKC would also
  rewrite meaning-bearing compatibility characters (``10³`` to ``103``).

The work is done line by line (as ``ftfy.fix_text`` does), so a line of Windows-1252
quotes does not make ftfy reread the rest of the article, and the cost stays linear.
ASCII text without control characters is returned as it is, without calling ftfy.
"""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass

import ftfy

#: Names of the repairs, in the order ``Repaired.repairs`` lists them.
REPAIRS = ("mojibake", "windows-1252", "surrogates", "control characters", "NFC")

_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=True,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_control_chars=True,
    normalization="NFC",
    explain=True,
)
#: What each of ftfy's explanation steps repaired: (action, parameter) -> name.
_STEP_NAMES = {
    ("apply", "decode_inconsistent_utf8"): "mojibake",
    ("transcode", "fix_c1_controls"): "windows-1252",
    ("apply", "fix_c1_controls"): "windows-1252",
    ("decode", "windows-1252"): "windows-1252",
    ("apply", "fix_surrogates"): "surrogates",
    ("apply", "remove_control_chars"): "control characters",
    ("apply", "remove_terminal_escapes"): "control characters",
    ("normalize", "NFC"): "NFC",
}
#: ASCII that ftfy would change: C0 controls other than tab, newline, form feed and
#: carriage return, and DEL (terminal escapes start with ESC, so they are covered).
_ASCII_DAMAGE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
#: C1 controls that no Windows-1252 byte stands for: ftfy keeps them, nothing uses them.
_UNMAPPED_C1 = re.compile("[\x81\x8d\x8f\x90\x9d]")
#: C1 controls that stand for a Windows-1252 character (``\x93`` for ``“``).
_MAPPED_C1 = re.compile("[\x80\x82-\x8c\x8e\x91-\x9c\x9e\x9f]")
#: Longest piece ftfy fixes at once (ftfy's own default), for a line without breaks.
_SEGMENT = 1_000_000
#: Rounds of repair until the text no longer changes; one is nearly always enough.
_ROUNDS = 4


@dataclass(frozen=True)
class Repaired:
    """A repaired text and the names (from ``REPAIRS``) of what was repaired in it."""

    text: str
    repairs: tuple[str, ...] = ()


def repair(text: str) -> Repaired:
    """``text`` with mojibake, Windows-1252 bytes, surrogates and control characters
    repaired, and what was repaired; well-formed text comes back unchanged.

    Repairing a repaired text changes nothing, so reading the same input twice gives
    the same text (and ``Article.text_hash``).
    """
    if text.isascii() and not _ASCII_DAMAGE.search(text):
        return Repaired(text)
    names: set[str] = set()
    for _ in range(_ROUNDS):
        fixed = "".join(_fix_segment(segment, names) for segment in _segments(text))
        cleared = _UNMAPPED_C1.sub("", fixed)
        if cleared != fixed:
            names.add("control characters")
        if cleared == text:
            break
        text = cleared
    return Repaired(text, tuple(name for name in REPAIRS if name in names))


def _segments(text: str) -> list[str]:
    """The lines of ``text`` (split at newlines only) with their ends, a very long line cut into pieces."""
    out: list[str] = []
    pos = 0
    while pos < len(text):
        end = text.find("\n", pos) + 1 or len(text)
        end = min(end, pos + _SEGMENT)
        out.append(text[pos:end])
        pos = end
    return out


def _fix_segment(segment: str, names: set[str]) -> str:
    if segment.isascii() and not _ASCII_DAMAGE.search(segment):
        return segment
    fixed, steps = ftfy.fix_and_explain(segment, _CONFIG)
    if fixed == segment:
        return segment  # ftfy may list a step that changed nothing
    for action, parameter in steps or ():
        name = _STEP_NAMES.get((action, parameter))
        if name is None and action == "decode":
            name = "mojibake"  # an encoding read as another, decoded as UTF-8
        if name == "windows-1252" and not _MAPPED_C1.search(segment):
            continue  # ftfy tried its C1 fixer on controls Windows-1252 has no character for
        if name is not None:
            names.add(name)
    return fixed


class OffsetMap:
    """Offsets into a text carried over to its repaired form.

    Built by ``align``. A span that starts or ends inside a repaired stretch widens to
    the whole repaired stretch, so ``span`` never cuts a repaired character in two.
    """

    def __init__(self, blocks: list[tuple[int, int, int, int]]) -> None:
        #: (start, end) in the original and (start, end) in the repaired text of each
        #: stretch, in order; stretches of equal length that are equal map one to one.
        self._blocks = blocks
        self._starts = [b[0] for b in blocks]

    def _block(self, offset: int) -> tuple[int, int, int, int]:
        i = max(0, bisect.bisect_right(self._starts, offset) - 1)
        return self._blocks[i]

    def start(self, offset: int) -> int:
        """Where a span starting at ``offset`` in the original starts in the repaired text."""
        a0, a1, b0, b1 = self._block(offset)
        if a1 - a0 == b1 - b0:
            return b0 + min(offset - a0, b1 - b0)
        return b0

    def end(self, offset: int) -> int:
        """Where a span ending at ``offset`` in the original ends in the repaired text."""
        a0, a1, b0, b1 = self._block(max(0, offset - 1)) if offset else self._block(0)
        if a1 - a0 == b1 - b0:
            return b0 + min(offset - a0, b1 - b0)
        return b1 if offset > a0 else b0

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.start(start), self.end(end)


def align(original: str, repaired: str) -> OffsetMap:
    """How offsets into ``original`` map into ``repaired`` (``repair(original).text``).

    ``repair`` never adds or removes a newline, so the two texts are aligned line by
    line, and only a line that differs is aligned character by character.
    """
    blocks: list[tuple[int, int, int, int]] = []
    a_lines = original.split("\n")
    b_lines = repaired.split("\n")
    if len(a_lines) != len(b_lines):  # not a repair of this text: align it whole
        a_lines, b_lines = [original], [repaired]
    a = b = 0
    for a_line, b_line in zip(a_lines, b_lines):
        if a_line == b_line:
            blocks.append((a, a + len(a_line) + 1, b, b + len(b_line) + 1))
        else:
            for _tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a_line, b_line).get_opcodes():
                blocks.append((a + i1, a + i2, b + j1, b + j2))
            blocks.append((a + len(a_line), a + len(a_line) + 1, b + len(b_line), b + len(b_line) + 1))
        a += len(a_line) + 1
        b += len(b_line) + 1
    return OffsetMap(blocks or [(0, 0, 0, 0)])
