"""Stage ``times``: time expressions, normalised to TIMEX3 against the publication date.

Needs the article text, its publication date and the spaCy ``doc``; adds
``analysis.times``, sorted by start. The rules live in ``sitrep.timex`` (pure text);
this stage only lends them the parse: the tense of the clause (a timetable present,
"will", "would" and "planned to" look ahead), whether the expression hangs right on its
verb, whether a four-digit number is a year, and whether a word qualifies a noun.
"""

from __future__ import annotations

from typing import Any

from ..model import TimeExpression
from ..nlp import text_of, token_at
from ..pipeline import Analysis, stage
from ..resources.words import Words, words_of
from ..timex import Found, PlainContext, scan, time_words

#: Links by which a time hangs on its verb as an adverbial.
ADVERBIAL = frozenset({"pobj", "prep", "npadvmod", "tmod", "advmod", "compound", "nummod", "nmod"})


def _perfect(verb: Any) -> bool:
    """Whether ``verb`` (or the copula it completes: "had been due to") is in a perfect tense."""
    for tok in (verb, verb.head if verb.dep_ in ("acomp", "attr") else verb):
        if any(c.lemma_ == "have" and c.dep_ == "aux" for c in tok.children):
            return True
    return False


class DocContext:
    """Tense and year questions answered from the spaCy parse of the article."""

    def __init__(self, doc: Any, tables: Words) -> None:
        self.doc = doc
        self.tables = tables
        self.governors = frozenset(time_words()["future_governors"])
        self.same_past = frozenset(time_words()["same_form_past"])

    def _token(self, start: int, end: int) -> Any:
        """The token at character ``start``."""
        return token_at(self.doc, start)

    def _governor(self, start: int) -> tuple[Any, bool] | None:
        """The verb that governs the token at ``start``, and whether the expression hangs
        on it directly as an adverbial ("met on Friday", "leave Tuesday morning")."""
        tok = self._token(start, start + 1)
        if tok is None:
            return None
        direct = tok.dep_ != "poss"
        for _ in range(6):
            if tok.pos_ in ("VERB", "AUX") or tok.head.i == tok.i:
                break
            direct = direct and tok.dep_ in ADVERBIAL
            tok = tok.head
        return tok, direct

    def on_verb(self, start: int) -> bool | None:
        """Whether the expression at ``start`` hangs directly on a verb ("seized it in March")."""
        got = self._governor(start)
        return None if got is None else got[1] and got[0].pos_ in ("VERB", "AUX")

    def tense(self, start: int) -> str | None:
        """The tense of the verb that governs the token at ``start``: future, past or None."""
        got = self._governor(start)
        if got is None:
            return None
        tok, direct = got
        auxes = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
        perfect = any(c.lemma_ == "have" for c in auxes)
        if any(c.lower_ in self.tables["future_time_auxiliaries"] for c in auxes):
            return "future"
        if direct and not perfect and any(c.lower_ in self.tables["looking_ahead_modals"] for c in auxes):
            return "future"  # "would travel on Thursday": ahead of the report
        head = tok.head
        if not perfect and tok.lemma_ in self.governors and tok.tag_ in ("VBZ", "VBP"):
            return "future"  # "plans to meet on Friday", "scheduled a conference Thursday"
        if tok.dep_ == "xcomp" and not _perfect(head) and (
            head.lemma_ in self.tables["planning_verbs"] or (head.tag_ != "VBD" and (head.lemma_ in self.governors or head.lemma_ == "be"))
        ):
            return "future"  # "is expected to resume Tuesday", "planned to leave on Thursday"
        if tok.tag_ == "VBD" or any(c.tag_ == "VBD" for c in auxes) or perfect:
            return "past"
        present = tok.tag_ in ("VBZ", "VBP") or (tok.tag_ == "VBG" and any(c.lower_ in ("is", "are", "am", "'re", "'s") for c in auxes))
        if present and not auxes and tok.lemma_ in self.tables["reporting_verbs"]:
            return None  # "says Monday": a report, not a plan
        if direct and present and tok.lemma_ not in self.tables["reporting_verbs"] and tok.lower_ not in self.same_past:
            return "future"  # "meet separately Monday", "are leaving Friday": a timetable
        return None

    def modifies_noun(self, start: int) -> bool | None:
        """Whether the word at ``start`` is an adjective on a noun ("future earnings")."""
        tok = self._token(start, start + 1)
        return None if tok is None else tok.dep_ in ("amod", "compound") and tok.head.pos_ in ("NOUN", "PROPN")

    def year_ok(self, start: int, end: int) -> bool | None:
        tok = self._token(start, end)
        if tok is None:
            return None
        if tok.ent_type_ in ("MONEY", "QUANTITY", "PERCENT"):
            return False
        if self._address(tok):
            return False  # "the 1600 block of", "1822 Elm Street", "Route 1960": a street number
        if tok.i > 0 and self.doc[tok.i - 1].lower_ == "fiscal":
            return True  # "fiscal 1989 sales"
        if tok.dep_ == "nummod" and tok.head.pos_ in ("NOUN", "PROPN"):
            # "2000 troops" counts; "the 1996 bombing", "the 1992 protests" and "the
            # company's 1989 results" name a year: a count rarely follows "the" or an owner.
            prev = self.doc[tok.i - 1] if tok.i > 0 else None
            owned = prev is not None and (prev.lower_ == "the" or prev.tag_ in ("POS", "PRP$"))
            return owned or tok.head.tag_ not in ("NNS", "NNPS")
        if tok.ent_type_ == "DATE":
            return True
        return False if tok.ent_type_ == "CARDINAL" else None

    def _address(self, tok: Any) -> bool:
        """Whether a number is part of an address, by the street words ``counts`` knows
        (``number_units.address`` in ``casualty_words.yaml``): its head noun ("block",
        "street"), the street name after it, or the road word before it."""
        from .counts import units

        unit = units()
        prev = self.doc[tok.i - 1].lower_.rstrip(".") if tok.i > 0 else ""
        if unit.before.get(prev) == "address":
            return True
        if prev in self.tables["year_preps"]:
            return False  # "in 2009 Main Street ...": a year before a street, not "at 1822 Elm Street"
        if tok.dep_ == "nummod" and unit.heads.get(tok.head.lower_) == "address":
            return True
        return bool(unit.street.match(text_of(self.doc), tok.idx + len(tok.text)))


def to_expression(text: str, found: Found) -> TimeExpression:
    """The record for one found expression."""
    return TimeExpression(
        text=text[found.start:found.end], start=found.start, end=found.end, type=found.type,
        value=found.value, start_date=found.start_date, end_date=found.end_date,
        precision=found.precision, note=found.note,
    )


@stage("times", requires=("doc",), assigns=("times",))
def find_times(analysis: Analysis, resources: Any) -> dict:
    """Every time expression in the article, resolved against ``article.published``."""
    text = analysis.article.text
    ctx = DocContext(analysis.doc, words_of(resources)) if analysis.doc is not None else PlainContext()
    found = scan(text, analysis.article.published, ctx)
    return {"times": tuple(to_expression(text, f) for f in found)}
