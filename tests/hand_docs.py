"""spaCy ``Doc``s built by hand, so a test about a rule does not load the model.

A stage reads a ``Doc``'s words, lemmas, part-of-speech tags, dependency arcs, sentences
and entities (``sitrep.nlp``'s views); ``hand_doc`` builds one from a text and a table of
those columns, on a blank English vocabulary (``spacy.blank("en")``, no model)::

    doc = hand_doc("Gunmen killed two.", '''
        0  Gunmen  gunman  NOUN   NNS  1  nsubj  O
        1  killed  kill    VERB   VBD  1  ROOT   O
        2  two     two     NUM    CD   1  dobj   B-CARDINAL
        3  .       .       PUNCT  .    1  punct  O
    ''')

One row a token: its index, word, lemma, coarse POS, fine tag, the index of its head (a
root is its own head), the dependency label and the entity (IOB: ``B-GPE``, ``I-GPE``,
``O``). Columns are separated by white space, or by tabs when a word holds a space; a
word that is white space or holds a backslash is written escaped (``\\n``, ``\\t``,
``\\s`` for a space, ``\\\\``). Sentences follow the arcs (each root's subtree is one),
as they do in the model's parse; spaces between words are read from the text, so
``doc.text`` is the text given, character for character.

``hand_analysis(text, table, ...)`` wraps the doc in the ``Analysis`` a stage runs on.

Parses kept as data: a test module's texts and their tables are kept in a *parse book*
(``parses/<module>.tsv`` next to the module; ``ParseBook``), a file of blocks like the
table above after a ``# text = "..."`` line (JSON). ``tests/stages/conftest.py``'s
``analyse`` and ``nlp`` fixtures build each text's doc from its module's book, and a text
missing from the book fails the test, naming the book. ``pytest --record-parses`` (the
one way these files meet the model) parses the missing texts with the real model and
adds them; a block can then be edited by hand to the parse a rule needs.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitrep.model import Article
from sitrep.pipeline import Analysis

#: The columns of a table row, in order.
COLUMNS = ("i", "word", "lemma", "pos", "tag", "head", "dep", "ent")

_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}
_UNESCAPES = {"\\": "\\", "n": "\n", "t": "\t", "r": "\r", "s": " "}


class TableError(ValueError):
    """A parse table that cannot be a Doc; the message names the row."""


@functools.lru_cache(maxsize=1)
def blank_vocab() -> Any:
    """The shared vocabulary of hand-built docs: blank English (its lexical attributes,
    ``like_num``, ``is_punct``, ``is_stop``, are English's; nothing is loaded)."""
    import spacy

    return spacy.blank("en").vocab


@dataclass(frozen=True)
class Row:
    """One token of a table."""

    word: str
    lemma: str
    pos: str
    tag: str
    head: int
    dep: str
    ent: str


def escape(word: str) -> str:
    """``word`` as a table cell: white space and backslashes escaped (a word of spaces as ``\\s``)."""
    if word.strip() == "":
        return "".join("\\s" if c == " " else _ESCAPES.get(c, c) for c in word)
    return "".join(_ESCAPES.get(c, c) for c in word)


def unescape(cell: str) -> str:
    out, chars = [], iter(cell)
    for c in chars:
        if c == "\\":
            nxt = next(chars, "")
            if nxt not in _UNESCAPES:
                raise TableError(f"unknown escape \\{nxt} in {cell!r}")
            out.append(_UNESCAPES[nxt])
        else:
            out.append(c)
    return "".join(out)


def parse_table(table: str, where: str = "table") -> list[Row]:
    """The rows of ``table`` (blank lines ignored); a malformed row raises ``TableError``
    naming ``where`` and the line."""
    rows: list[Row] = []
    for number, line in enumerate(table.splitlines(), 1):
        if not line.strip():
            continue
        cells = line.strip().split("\t") if "\t" in line.strip() else line.split()
        cells = [c.strip() for c in cells if c.strip()]
        if len(cells) != len(COLUMNS):
            raise TableError(f"{where}, line {number}: {len(cells)} columns, expected {len(COLUMNS)} "
                             f"({' '.join(COLUMNS)}): {line!r}")
        index, word, lemma, pos, tag, head, dep, ent = cells
        if not (index.isdigit() and int(index) == len(rows)):
            raise TableError(f"{where}, line {number}: token index {index!r}, expected {len(rows)}")
        if not head.isdigit():
            raise TableError(f"{where}, line {number}: head {head!r} is not a token index")
        rows.append(Row(unescape(word), unescape(lemma), pos, tag, int(head), dep, ent))
    for number, row in enumerate(rows):
        if row.head >= len(rows):
            raise TableError(f"{where}, token {number}: head {row.head} past the last token {len(rows) - 1}")
    return rows


def spaces_in(text: str, words: Sequence[str], where: str = "table") -> list[bool]:
    """Whether each word is followed by one space in ``text``; the words and spaces must
    make up ``text`` exactly."""
    spaces, pos = [], 0
    for i, word in enumerate(words):
        if not text.startswith(word, pos):
            raise TableError(f"{where}, token {i}: {word!r} is not at character {pos} of the text "
                             f"({text[pos:pos + 30]!r})")
        pos += len(word)
        nxt = words[i + 1] if i + 1 < len(words) else ""
        # a space follows the word, unless it is the next token's own (a run of spaces is a token)
        follows = text.startswith(" ", pos) and (not nxt.startswith(" ") or text.startswith(nxt, pos + 1))
        spaces.append(follows)
        pos += follows
    if pos != len(text):
        raise TableError(f"{where}: the words end at character {pos}; the text goes on: {text[pos:pos + 30]!r}")
    return spaces


def hand_doc(text: str, table: str | Sequence[Row], where: str = "table") -> Any:
    """The ``Doc`` of ``text`` whose tokens are ``table``'s rows (see the module's docstring)."""
    from spacy.tokens import Doc

    rows = parse_table(table, where) if isinstance(table, str) else list(table)
    words = [r.word for r in rows]
    spaces = spaces_in(text, words, where)
    try:
        return Doc(blank_vocab(), words=words, spaces=spaces,
                   lemmas=[r.lemma for r in rows], pos=[r.pos for r in rows], tags=[r.tag for r in rows],
                   heads=[r.head for r in rows], deps=[r.dep for r in rows], ents=[r.ent for r in rows])
    except ValueError as exc:
        raise TableError(f"{where}: spaCy refuses the table: {exc}") from exc


def hand_analysis(text: str, table: str | Sequence[Row], published: str | None = "2024-03-08",
                  article_id: str = "t1", **fields: Any) -> Analysis:
    """An ``Analysis`` of ``text`` with the hand-built doc; other keyword arguments set its
    fields (``events=(...)``, ``quotes=(...)``), as the ``analyse`` fixture's do."""
    pub = dt.date.fromisoformat(published) if published else None
    return Analysis(article=Article(id=article_id, text=text, published=pub), doc=hand_doc(text, table), **fields)


def rows_of(doc: Any) -> list[Row]:
    """A parsed doc's tokens as table rows (how ``--record-parses`` writes a model's parse)."""
    return [Row(t.text, t.lemma_, t.pos_, t.tag_, t.head.i, t.dep_, f"{t.ent_iob_}-{t.ent_type_}" if t.ent_type_ else "O")
            for t in doc]


def format_table(rows: Iterable[Row]) -> str:
    """Rows as table lines, tab-separated."""
    return "\n".join("\t".join((str(i), escape(r.word), escape(r.lemma), r.pos or "_", r.tag or "_", str(r.head),
                                r.dep or "_", r.ent)) for i, r in enumerate(rows))


def same_parse(a: Any, b: Any) -> bool:
    """Whether two docs have the same tokens, columns, sentences and entities."""
    return (rows_of(a) == rows_of(b) and [s.start for s in a.sents] == [s.start for s in b.sents]
            and [(e.start, e.end, e.label_) for e in a.ents] == [(e.start, e.end, e.label_) for e in b.ents]
            and a.text == b.text)


class ParseBook:
    """A file of texts and their parse tables: ``# text = "<JSON>"`` and the table,
    blocks separated by a blank line."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tables: dict[str, tuple[str, int]] = {}
        if path.exists():
            self._read()

    def _read(self) -> None:
        text: str | None = None
        lines: list[str] = []
        start = 0
        for number, line in enumerate([*self.path.read_text(encoding="utf-8").splitlines(), ""], 1):
            if line.startswith("# text = "):
                text, lines, start = json.loads(line[len("# text = "):]), [], number
            elif line.strip():
                lines.append(line)
            elif text is not None:
                self.tables[text] = ("\n".join(lines), start)
                text = None

    def __contains__(self, text: str) -> bool:
        return text in self.tables

    def doc(self, text: str) -> Any:
        """The hand-built doc of ``text``; ``KeyError`` when the book does not hold it."""
        table, line = self.tables[text]
        return hand_doc(text, table, where=f"{self.path}, block at line {line}")

    def add(self, text: str, rows: Sequence[Row]) -> None:
        """Append ``text`` with ``rows`` to the file."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        block = f"# text = {json.dumps(text, ensure_ascii=False)}\n{format_table(rows)}\n\n"
        with self.path.open("a", encoding="utf-8") as out:
            out.write(block)
        self.tables[text] = (format_table(rows), -1)


@functools.cache
def book_for(path: str) -> ParseBook:
    """The parse book at ``path``, read once per process."""
    return ParseBook(Path(path))


def book_path(module_file: str) -> Path:
    """Where a test module's parse book lives: ``parses/<module>.tsv`` beside it."""
    module = Path(module_file)
    return module.parent / "parses" / f"{module.stem}.tsv"


if __name__ == "__main__":  # python tests/hand_docs.py "A text." prints its table from the real model
    import sys

    from sitrep.nlp import load_model

    for given in sys.argv[1:]:
        print(f"# text = {json.dumps(given, ensure_ascii=False)}")
        print(format_table(rows_of(load_model()(given))))
        print()
