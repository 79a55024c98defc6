"""Stage ``attributions``: statements the article attributes to a source.

Needs the parsed ``doc`` and the ``quotes``; adds ``attributions``, one
``Attribution`` per attributed claim, found in the parse:

* ``according to X, CLAIM`` and ``CLAIM, according to X``: the claim is the clause
  that "according" modifies, without the "according to X" phrase;
* ``X said (that) CLAIM``, ``CLAIM, X said``, ``X claims that CLAIM``, ``the
  statement read/stated CLAIM``: a verb of ``attribution_verbs`` with a subject and a
  clausal complement; the claim is the complement without its "that";
* ``X reported/claimed/announced/confirmed N deaths``: such a verb with a direct
  object (not "responsibility" or "credit", which name an actor, nor "claimed 40
  lives", which is a death count).

``source`` is the source's whole noun phrase ("The government of the Hamas-run
region in Gaza", "news agency AFP"); a pronoun source ("he said") is the last named
speaker.

Reported speech only: a claim that is mostly quoted words (at least half of it inside
quotation marks) is direct speech and left to the ``quotes`` stage, whether that stage
keeps it as a quote or not. So ``According to X, Biden "won't think twice…"`` is no
attribution: its content is X's words, quoted, with nothing the article restates.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from ..model import Attribution
from ..nlp import lemmas_of, lowers_of, pos_of, text_of, tokens_of
from ..pipeline import Analysis, stage
from .quotes import (
    Name,
    Speakers,
    is_speech_verb,
    lexicon,
    phrase,
    quote_spans,
    subject_of,
)

#: Verbs whose direct object can be the claim ("reported 12 deaths").
_OBJECT_VERBS = frozenset({"report", "claim", "announce", "confirm", "record", "document", "estimate", "reveal"})
#: Objects that make "claim" a claim of responsibility, not a report.
_NOT_CLAIMS = frozenset({"responsibility", "credit", "victory", "life", "it", "this", "that"})


def _clause_offsets(toks: list[Any]) -> tuple[int, int] | None:
    """Offsets of a run of tokens, without leading "that"/punctuation and trailing punctuation."""
    toks = [t for t in toks if not t.is_space]
    while toks and (toks[0].is_punct or (toks[0].dep_ == "mark" and toks[0].lower_ in ("that", "as"))):
        toks = toks[1:]
    while toks and toks[-1].is_punct:
        toks = toks[:-1]
    if not toks:
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _span(doc: Any, lo: int, hi: int) -> list[Any]:
    return list(tokens_of(doc)[lo:hi + 1]) if hi >= lo else []


def _according(tok: Any) -> tuple[Any, tuple[int, int]] | None:
    """For "according": the source token and the claim offsets, if the parse has them."""
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    source = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    if source is None:
        return None
    head = tok.head if tok.head.i != tok.i else None
    sent = tok.sent
    doc = tok.doc
    if head is None:
        return None
    if tok.i < head.i:
        lo, hi = tok.right_edge.i + 1, min(head.right_edge.i, sent.end - 1)
    else:
        lo, hi = max(head.left_edge.i, sent.start), tok.left_edge.i - 1
    offsets = _clause_offsets(_span(doc, lo, hi))
    return (source, offsets) if offsets else None


def _according_source(tok: Any, source: Any, claim_start: int) -> Name:
    """The words after "according to" up to the claim or the end of the phrase.

    The parser sometimes splits a name off the phrase ("news agency | Reuters"), so
    when the phrase comes first its words run up to the comma before the claim.
    """
    start, end = phrase(source, full=True)
    if tok.idx < claim_start:
        # (tokens come in text order: stop at the claim, not at the end of the article)
        words = list(itertools.takewhile(lambda t: t.idx < claim_start, tok.doc[source.left_edge.i:]))
        cut = next((t for t in words if t.text in (",", ";", ":", "(", "—")), None)
        last = [t for t in words if cut is None or t.i < cut.i]
        if last:
            end = max(end, last[-1].idx + len(last[-1].text))
    return Name(text_of(tok.doc)[start:end], start, end)


def _said(tok: Any) -> tuple[Any, tuple[int, int]] | None:
    """For a verb of saying: its subject and the claim offsets, if the parse has them."""
    subj = subject_of(tok)
    if subj is None or subj.lower_ == "it" or subj.tag_ in ("WDT", "WP"):
        return None
    comps = [c for c in tok.children if c.dep_ == "ccomp"]
    after = [c for c in comps if c.i > tok.i]
    before = [c for c in comps if c.i < subj.i and c.right_edge.i >= subj.left_edge.i - 2]
    comp = after[0] if after and subj.i < tok.i else (before[-1] if before else (after[0] if after else None))
    if comp is None and tok.lemma_.lower() in _OBJECT_VERBS:
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        if obj is None or obj.lemma_.lower() in _NOT_CLAIMS or obj.pos_ == "PRON":
            return None
        comp = obj
    if comp is None:
        return None
    sent = tok.sent
    lo, hi = max(comp.left_edge.i, sent.start), min(comp.right_edge.i, sent.end - 1)
    # A participle of saying inside the claim starts another statement ("…, adding that …").
    for t in comp.subtree:
        if t.i > comp.i and t.dep_ in ("advcl", "conj") and t.head.i == comp.i and is_speech_verb(t):
            hi = min(hi, t.left_edge.i - 1)
    offsets = _clause_offsets(_span(tok.doc, lo, hi))
    return (subj, offsets) if offsets else None


def _quoted(start: int, end: int, quoted: Sequence[tuple[int, int]]) -> bool:
    """Whether quoted words cover at least half of [start, end)."""
    covered = sum(max(0, min(end, q_end) - max(start, q_start)) for q_start, q_end in quoted)
    return covered * 2 >= max(end - start, 1)


def _source_name(subj: Any, verb: Any, speakers: Speakers) -> Name:
    """The source's whole noun phrase; a pronoun becomes the last named speaker."""
    lex = lexicon()
    if subj.lower_ in lex.pronouns:
        resolved = speakers.resolve(subj, verb, [])
        if resolved is not None:
            return resolved
    start, end = phrase(subj, full=True)
    return Name(text_of(subj.doc)[start:end], start, end)


@stage("attributions", requires=("doc", "quotes"), assigns=("attributions",))
def find_attributions(analysis: Analysis, resources: object) -> dict:
    """Attributed claims; see the module docstring for the forms read."""
    doc = analysis.doc
    text = analysis.article.text
    # Direct speech is the quotes stage's, kept as a quote or not: every quoted passage
    # counts (the kept quotes are among them), not only the quotes that stage kept (a partial quote after "according to X"
    # has no speech verb, so it is no Quote, and it is no reported statement either).
    quoted = quote_spans(text)
    words = lexicon().attribution
    speakers: Speakers | None = None
    found: dict[tuple[int, int], Attribution] = {}
    toks, pos, lemmas = tokens_of(doc), pos_of(doc), lemmas_of(doc)
    for i, lower in enumerate(lowers_of(doc)):
        if lower == "according":
            tok = verb = toks[i]
            hit = _according(tok)
        elif pos[i] == "VERB" and lemmas[i] in words and is_speech_verb(toks[i], words):
            tok = verb = toks[i]
            hit = _said(tok)
        else:
            continue
        if hit is None:
            continue
        subj, (start, end) = hit
        if (start, end) in found or _quoted(start, end, quoted):
            continue
        if speakers is None:
            speakers = Speakers.of(doc)
        if lower == "according":
            name = _according_source(tok, subj, start)
        else:
            name = _source_name(subj, verb, speakers)
        found[(start, end)] = Attribution(
            source=name.text, start=start, end=end, text=text[start:end],
            source_start=name.start, source_end=name.end,
        )
    return {"attributions": tuple(sorted(found.values(), key=lambda a: (a.start, a.end)))}
