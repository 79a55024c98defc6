"""Stage ``quotes``: direct quotations and who said them.

Needs the parsed ``doc``; adds ``quotes``: one ``Quote`` per quoted passage in curly
(“…”), straight ("…") or wire-style (``…'') double quotes. ``text``/``start``/``end``
cover the quoted words (without the marks and a trailing comma).

The speaker is found in the parse, then by position:

* a speech verb that governs the quoted words (``"…," said Austin``, ``Austin said:
  "…"``, ``X said the attack was "…"``), or that hangs off the quote's own root
  (``"…," he added``); ``read`` counts when its subject or object is a document
  (``"…" read the statement shared by Austin``);
* a quote that opens a sentence right after a quote with a speaker continues it
  (``"…," he said. "…"``).

Names are resolved: a pronoun ("he added") is the last named speaker before it; a
document ("the statement") is its author ("shared by Austin") or the last document's
author; a bare surname takes the longest name seen in the article that ends with it
("said Austin" -> "Lloyd Austin"). ``speaker_start``/``speaker_end`` point at the
mention whose words give the name.

Quoted words governed by a speech verb whose speaker cannot be resolved ("he said"
with no name before) are kept with no speaker. Quoted words with no speech verb are
kept only when they open a sentence and are four
words or more: short ones are scare quotes ("proportionate"), and a partial quote in
the middle of a sentence that no speech verb governs (``According to X, Biden "won't
think twice…"``) is not a quote; the attribution stage covers that sentence.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..model import Quote
from ..nlp import entities_of, lemmas_of, pos_of, text_of, tokens_of, view
from ..numbers import casualty_words
from ..pipeline import Analysis, stage

_QUOTE_RE = re.compile(
    r"“(?P<c>(?:[^“”\n]|\n(?!\s*\n))*)”"
    r"|``(?P<w>(?:[^`'\n]|'(?!')|\n(?!\s*\n))*)''"
    r"|\"(?P<s>(?:[^\"\n]|\n(?!\s*\n))*)\""
)
_MIN_UNATTRIBUTED_WORDS = 4
_NAME_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE"})


@dataclass(frozen=True)
class Name:
    """A resolved name and the mention that gives it."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Lexicon:
    """The word sets the quote and attribution stages read."""

    speech: frozenset[str]
    attribution: frozenset[str]
    documents: frozenset[str]
    pronouns: frozenset[str]


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The speech words of ``casualty_words.yaml`` as sets."""
    data = casualty_words()
    return Lexicon(
        speech=frozenset(data["speech_verbs"]),
        attribution=frozenset(data["attribution_verbs"]),
        documents=frozenset(data["document_nouns"]),
        pronouns=frozenset(data["speaker_pronouns"]),
    )


def is_document(tok: Any) -> bool:
    """Whether the token is a document noun ("statement", "communique")."""
    return tok.pos_ in ("NOUN", "PROPN") and tok.lemma_.lower() in lexicon().documents


def subject_of(verb: Any) -> Any | None:
    """The verb's subject, or the subject of the verb it is coordinated with."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child
    if verb.dep_ == "conj" and verb.head.i != verb.i:
        return subject_of(verb.head)
    return None


def is_speech_verb(tok: Any, words: frozenset[str] | None = None) -> bool:
    """Whether ``tok`` is a verb of saying; ``read`` only with a document as subject or object."""
    lemma = tok.lemma_.lower()
    if tok.pos_ not in ("VERB", "AUX") or lemma not in (words if words is not None else lexicon().speech):
        return False
    if lemma == "read":
        return any(is_document(c) for c in tok.children if c.dep_ in ("nsubj", "dobj"))
    return True


def phrase(tok: Any, *, full: bool) -> tuple[int, int]:
    """Character offsets of the noun phrase headed by ``tok``.

    ``full`` keeps the whole subtree ("The government of the Hamas-run region in
    Gaza"); otherwise only the words up to the head, without a leading determiner.
    Relative clauses and trailing punctuation are left out either way.
    """
    toks = [t for t in tok.subtree if t.i <= tok.i or full]
    if full:
        cut = next(
            (t.i for t in toks if t.i > tok.i and (t.dep_ == "relcl" or t.text in (",", ";", ":", "(", "—"))),
            None,
        )
        if cut is not None:
            toks = [t for t in toks if t.i < cut]
    else:
        toks = [t for t in toks if t.i >= tok.left_edge.i]
        while toks and toks[0].dep_ in ("det", "punct", "poss") and toks[0].i != tok.i:
            toks = toks[1:]
    toks = [t for t in toks if not t.is_space]
    while toks and toks[-1].is_punct and toks[-1].i != tok.i:
        toks.pop()
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


class Speakers:
    """Who has spoken so far in a document: for pronouns, documents and surnames.

    Read-only once built: ``Speakers.of(doc)`` builds it once per document for the
    quotes and attributions stages."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self._persons = [e for e in entities_of(doc) if e.label_ == "PERSON"]
        #: (char offset, name) of named speakers and of document authors, in order.
        self.named: list[tuple[int, Name]] = []
        self.authors: list[tuple[int, Name]] = []
        lex = lexicon()
        toks, pos = tokens_of(doc), pos_of(doc)
        for i, lemma in enumerate(lemmas_of(doc)):
            if pos[i] in ("NOUN", "PROPN") and lemma in lex.documents:  # is_document
                tok = toks[i]
                author = self._author(tok)
                if author is not None:
                    self.authors.append((tok.idx, author))
            elif lemma in lex.speech and pos[i] == "VERB":
                tok = toks[i]
                subj = subject_of(tok)
                if subj is not None and subj.lower_ not in lex.pronouns and not is_document(subj):
                    if subj.ent_type_ == "PERSON" or subj.pos_ == "PROPN":
                        self.named.append((tok.idx, self.name_of(subj)))

    @classmethod
    def of(cls, doc: Any) -> Speakers:
        """The document's ``Speakers``, built on first use and kept with its views."""
        return view(doc, "speakers", cls)

    def full_name(self, name: Name, ent: Any | None) -> Name:
        """The longest PERSON name in the article that ends with a one-word name."""
        if ent is None or ent.label_ != "PERSON" or len(ent) > 1:
            return name
        last = ent[-1].lower_
        longer = [p for p in self._persons if len(p) > 1 and p[-1].lower_ == last]
        if not longer:
            return name
        best = max(longer, key=lambda p: (len(p), -p.start_char))
        return Name(best.text, best.start_char, best.end_char)

    def name_of(self, tok: Any) -> Name:
        """The name a subject token gives: its entity, else its noun phrase."""
        if tok.ent_type_ in _NAME_ENTS:
            ent = next((e for e in entities_of(self.doc) if e.start <= tok.i < e.end), None)
            if ent is not None:
                return self.full_name(Name(ent.text, ent.start_char, ent.end_char), ent)
        start, end = phrase(tok, full=False)
        return Name(text_of(self.doc)[start:end], start, end)

    def _author(self, document: Any) -> Name | None:
        """Who a document comes from: "a statement shared by X", "X's statement"."""
        for t in document.subtree:
            if t.dep_ == "poss" and t.head.i == document.i and t.pos_ == "PROPN":
                return self.name_of(t)
            if t.dep_ == "pobj" and t.head.dep_ == "agent" or (t.dep_ == "pobj" and t.head.lower_ == "by"):
                return self.name_of(t)
        return None

    def _last(self, items: Iterable[tuple[int, Name]], before: int) -> Name | None:
        found = None
        for pos, name in items:
            if pos >= before:
                break
            found = name
        return found

    def resolve(self, subj: Any, verb: Any, extra: list[tuple[int, Name]]) -> Name | None:
        """The name behind a speech verb's subject (or its document object for ``read``)."""
        lex = lexicon()
        if verb.lemma_.lower() == "read" or subj is None:
            doc_tok = next((c for c in verb.children if c.dep_ in ("nsubj", "dobj") and is_document(c)), None)
            subj = doc_tok or subj
        if subj is None:
            return None
        if is_document(subj):
            author = self._author(subj) or self._last(self.authors, subj.idx)
            if author is not None:
                return author
            start, end = phrase(subj, full=True)
            return Name(text_of(self.doc)[start:end], start, end)
        if subj.lower_ in lex.pronouns or subj.pos_ == "PRON":
            merged = sorted(self.named + extra, key=lambda p: p[0])
            return self._last(merged, subj.idx)
        return self.name_of(subj)


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of the words inside each pair of double quotes, marks excluded."""
    spans = []
    for m in _QUOTE_RE.finditer(text):
        group = "c" if m.group("c") is not None else "w" if m.group("w") is not None else "s"
        spans.append((m.start(group), m.end(group)))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


def _verb_above(tok: Any, inside: range, sent: Any) -> Any | None:
    """A speech verb outside the quoted words among the (up to four) heads above ``tok``
    within its sentence."""
    head = tok.head
    if head.i in inside or head.i == tok.i:
        return None
    for _ in range(4):
        if head.i not in inside and is_speech_verb(head):
            return head
        if head.head.i == head.i or not (sent.start <= head.head.i < sent.end):
            return None
        head = head.head
    return None


def _verb_below(tok: Any, inside: range) -> Any | None:
    """A speech verb outside the quoted words hanging off ``tok``, a root of them."""
    if tok.head.i != tok.i and tok.head.i in inside:
        return None
    return next((child for child in tok.children
                 if child.i not in inside and child.dep_ != "conj" and is_speech_verb(child)), None)


def _governing_verb(doc: Any, start: int, end: int) -> Any | None:
    """A speech verb outside the quoted words that governs them or hangs off their root."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    inside = range(span.start, span.end)
    sent = span[0].sent
    verb = next((v for v in (_verb_above(tok, inside, sent) for tok in span) if v is not None), None)
    if verb is not None:
        return verb
    return next((v for v in (_verb_below(tok, inside) for tok in span) if v is not None), None)


def _opens_sentence(doc: Any, mark: int) -> Any | None:
    """The sentence that the quote mark at ``mark`` opens, or None."""
    span = doc.char_span(mark, mark + 1, alignment_mode="expand")
    if span is None:
        return None
    sent = span[0].sent
    first = next((t for t in sent if not t.is_space), None)
    return sent if first is not None and first.idx <= mark < first.idx + len(first.text) + 1 else None


@stage("quotes", requires=("doc",), assigns=("quotes",))
def find_quotes(analysis: Analysis, resources: object) -> dict:
    """Quotes with their speakers; see the module docstring for the rules."""
    doc = analysis.doc
    text = analysis.article.text
    spans = quote_spans(text)
    if not spans:
        return {"quotes": ()}
    speakers = Speakers.of(doc)
    quotes: list[Quote] = []
    said: list[tuple[int, Name]] = []
    prev: tuple[Quote, Any] | None = None
    for raw_start, raw_end in spans:
        start, end = _trim(text, raw_start, raw_end)
        if start >= end:
            continue
        verb = _governing_verb(doc, start, end)
        name = speakers.resolve(subject_of(verb), verb, said) if verb is not None else None
        words = doc.char_span(start, end, alignment_mode="expand")
        sent = words[-1].sent if words is not None and len(words) else None
        opened = _opens_sentence(doc, raw_start - 1)
        if name is None and prev is not None and prev[0].speaker and sent is not None:
            prev_sent = prev[1]
            if opened is not None and prev_sent is not None and (
                opened.start == prev_sent.start or _next_sentence(doc, prev_sent, opened)
            ):
                q = prev[0]
                name = Name(q.speaker, q.speaker_start, q.speaker_end)  # type: ignore[arg-type]
        if name is None and verb is None and (opened is None or len(text[start:end].split()) < _MIN_UNATTRIBUTED_WORDS):
            continue
        quote = Quote(
            text=text[start:end], start=start, end=end,
            speaker=name.text if name else None,
            speaker_start=name.start if name else None,
            speaker_end=name.end if name else None,
        )
        if name is not None and name.text.lower() not in lexicon().pronouns:
            said.append((start, name))
        quotes.append(quote)
        prev = (quote, sent)
    return {"quotes": tuple(quotes)}


def _next_sentence(doc: Any, before: Any, after: Any) -> bool:
    """Whether ``after`` is the sentence right after ``before`` (spaces between are fine)."""
    return all(t.is_space for t in doc[before.end:after.start])
