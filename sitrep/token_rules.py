"""Exact, faster stand-ins for the small pipeline's two rule components.

spaCy's ``attribute_ruler`` (tag map and exceptions: POS, MORPH and some LEMMA and TAG
values) and rule-based ``lemmatizer`` do no statistical work, yet they took about a fifth
of the pipeline's time on full news articles (bench/README.md): the ruler runs spaCy's
general ``Matcher`` over every token for its 179 one- and two-token patterns, and the
lemmatizer makes a Python call per token. Both depend only on a few attributes of a
token and its neighbour, so their outcome can be worked out once per distinct token
and kept:

``FastAttributeRuler``
    reads the ruler's own patterns and values (nothing is copied from the model into
    sitrep), decides which patterns hold for each distinct (tag, lower, dependency,
    space) token once, finds the two-token patterns from there, and writes the results
    with one ``Doc.from_array``. Later patterns overwrite earlier ones, as in spaCy.
``FastLemmatizer``
    asks spaCy's lemmatizer (``rule_lemmatize``) once per distinct (text, POS, MORPH)
    token, the key spaCy caches on, and keeps its own memo; lemmas already set (by the
    ruler) are kept, as spaCy does when ``overwrite`` is off.

``install(nlp)`` puts them in place of the originals (which stay loaded, disabled, as
the source of patterns and tables) and leaves the pipeline untouched when a pattern or
setting is of a kind these classes do not handle, so a new model version falls back to
spaCy's own components instead of being read wrongly. ``tests/test_token_rules.py``
and ``bench/token_rules.py`` check that every token's TAG, POS, MORPH, LEMMA and DEP
are the same as spaCy's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

#: The token attributes that the ruler's patterns may test here.
_TESTED = ("TAG", "LOWER", "DEP", "IS_SPACE")
#: The attributes the ruler may set, in the order of the arrays below.
_WRITTEN = ("TAG", "POS", "MORPH", "LEMMA", "DEP")

Predicate = Callable[[dict[str, Any]], bool]

#: The memos of distinct tokens are emptied when they reach this size, so that a long
#: run's memory stays bounded (about 20 MB each; 400 full news articles have some 24,000
#: distinct tokens for the ruler and 14,000 for the lemmatizer).
MEMO_LIMIT = 50_000


class Unsupported(ValueError):
    """A pattern or setting these classes do not reproduce exactly."""


def _condition(attr: str, value: Any) -> Callable[[Any], bool]:
    """A test of one attribute's value, as spaCy's Matcher does it."""
    if not isinstance(value, dict):
        return lambda v: v == value
    if len(value) != 1:
        raise Unsupported(f"{attr}: {value!r}")
    ((op, arg),) = value.items()
    if op == "IN":
        allowed = frozenset(arg)
        return lambda v: v in allowed
    if op == "NOT_IN":
        refused = frozenset(arg)
        return lambda v: v not in refused
    if op == "REGEX":
        pattern = re.compile(arg)
        return lambda v: bool(pattern.search(v))
    raise Unsupported(f"{attr}: {op}")


def _token_predicate(spec: dict[str, Any]) -> Predicate:
    tests = []
    for attr, value in spec.items():
        if attr not in _TESTED:
            raise Unsupported(f"token attribute {attr}")
        tests.append((attr, _condition(attr, value)))
    return lambda token: all(test(token[attr]) for attr, test in tests)


def _gate(spec: dict[str, Any]) -> tuple[str, frozenset[Any]] | None:
    """The values of one attribute that a token must have for ``spec`` to hold, when
    the spec names them (an exact value or ``IN``): LOWER first, then TAG."""
    for attr in ("LOWER", "TAG"):
        value = spec.get(attr)
        if isinstance(value, str):
            return attr, frozenset((value,))
        if isinstance(value, dict) and set(value) == {"IN"}:
            return attr, frozenset(value["IN"])
    return None


class FastAttributeRuler:
    """spaCy's ``AttributeRuler`` for patterns of single-token tests without operators."""

    def __init__(self, ruler: Any) -> None:
        from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, POS, TAG

        self.vocab = ruler.vocab
        self._tested_ids = [TAG, LOWER, DEP, IS_SPACE]
        self._written_ids = [TAG, POS, MORPH, LEMMA, DEP]
        column = dict(zip((TAG, POS, MORPH, LEMMA, DEP), range(len(_WRITTEN))))
        # Each rule: its patterns (lists of token predicates), the index of the token it
        # sets, and what it sets (column -> value), in the order spaCy applies them.
        self._rules: list[tuple[list[list[Predicate]], int, list[tuple[int, int]]]] = []
        # The token predicates to try for a token: those whose LOWER or TAG gate its
        # value passes, and those without a gate.
        self._gated: dict[str, dict[str, list[tuple[int, int, int]]]] = {"LOWER": {}, "TAG": {}}
        self._ungated: list[tuple[int, int, int]] = []
        for number, entry in enumerate(ruler.patterns):
            patterns = [[_token_predicate(spec) for spec in pattern] for pattern in entry["patterns"]]
            if any(not pattern for pattern in patterns):
                raise Unsupported("an empty pattern")
            writes = []
            for attr_id, value in ruler.attrs[number].items():
                if attr_id not in column:
                    raise Unsupported(f"sets attribute {attr_id}")
                writes.append((column[attr_id], int(value)))
            self._rules.append((patterns, int(ruler.indices[number]), writes))
            for p, pattern in enumerate(entry["patterns"]):
                for k, spec in enumerate(pattern):
                    gate = _gate(spec)
                    slot = (number, p, k)
                    if gate is None:
                        self._ungated.append(slot)
                        continue
                    for value in gate[1]:
                        self._gated[gate[0]].setdefault(value, []).append(slot)
        self._tokens: dict[tuple[int, ...], Any] = {}
        self._interned: dict[Any, Any] = {}
        self._strings = self.vocab.strings

    def _token(self, key: tuple[int, ...]) -> tuple[tuple[tuple[int, int, int], ...], tuple[tuple[int, int], ...],
                                                   frozenset[tuple[int, int, int]]]:
        """For one distinct token: what its one-token matches set ((column, rule, value),
        the highest rule winning as in spaCy), the longer patterns that start on it, and
        the (rule, pattern, position) predicates of longer patterns that hold on it. The
        parts are interned: many tokens share them."""
        found = self._tokens.get(key)
        if found is None:
            if len(self._tokens) >= MEMO_LIMIT:
                self._tokens.clear()
            tag, lower, dep, space = key
            token = {"TAG": self._strings[tag], "LOWER": self._strings[lower],
                     "DEP": self._strings[dep], "IS_SPACE": bool(space)}
            tried = (self._gated["LOWER"].get(token["LOWER"], []) + self._gated["TAG"].get(token["TAG"], [])
                     + self._ungated)
            holds = sorted({(r, p, k) for r, p, k in tried if self._rules[r][0][p][k](token)})
            effect: dict[int, tuple[int, int]] = {}
            starts = []
            for rule, p, k in holds:
                patterns, _index, writes = self._rules[rule]
                if k == 0 and len(patterns[p]) == 1:
                    for col, value in writes:
                        effect[col] = (rule, value)  # ``holds`` is sorted: later rules win
                elif k == 0:
                    starts.append((rule, p))
            parts = (tuple((col, rule, value) for col, (rule, value) in sorted(effect.items())), tuple(starts),
                     frozenset(h for h in holds if len(self._rules[h[0]][0][h[1]]) > 1))
            found = self._tokens[key] = tuple(self._interned.setdefault(part, part) for part in parts)
        return found

    def __call__(self, doc: Any) -> Any:
        import numpy

        if not len(doc):
            return doc
        tokens = [self._token(tuple(row)) for row in doc.to_array(self._tested_ids).tolist()]
        effects = [effect for effect, _starts, _holds in tokens]
        for start, (_effect, starts, _holds) in enumerate(tokens):
            for rule, p in starts:  # the longer patterns (rare): "gon na", "ai n't"
                patterns, index, writes = self._rules[rule]
                end = start + len(patterns[p])
                if end > len(tokens) or not all((rule, p, j) in tokens[start + j][2]
                                                for j in range(1, end - start)):
                    continue
                position = (start if index >= 0 else end) + index
                if not start <= position < end:
                    raise Unsupported(f"rule {rule} sets token {index} of a {end - start}-token match")
                merged = {col: (r, value) for col, r, value in effects[position]}
                for col, value in writes:
                    if merged.get(col, (-1, 0))[0] < rule:
                        merged[col] = (rule, value)
                effects[position] = tuple((col, r, value) for col, (r, value) in sorted(merged.items()))
        values = doc.to_array(self._written_ids).tolist()
        for row, effect in zip(values, effects):
            for col, _rule, value in effect:
                row[col] = value
        doc.from_array(self._written_ids, numpy.array(values, dtype=numpy.uint64))
        return doc

    def pipe(self, docs: Iterable[Any], batch_size: int = 128) -> Iterator[Any]:
        for doc in docs:
            yield self(doc)


class FastLemmatizer:
    """spaCy's rule-based ``Lemmatizer``, asked once per distinct (text, POS, MORPH)."""

    def __init__(self, lemmatizer: Any) -> None:
        if lemmatizer.mode != "rule" or lemmatizer.overwrite:
            raise Unsupported(f"lemmatizer mode {lemmatizer.mode}, overwrite {lemmatizer.overwrite}")
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        self.lemmatizer = lemmatizer
        self.vocab = lemmatizer.vocab
        self._read = [ORTH, POS, MORPH, LEMMA]
        self._lemma = [LEMMA]
        self._memo: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Any) -> Any:
        import numpy

        if not len(doc):
            return doc
        if not self.lemmatizer._validated:
            self.lemmatizer._validate_tables()
        rows = doc.to_array(self._read)
        lemmas = rows[:, 3].copy()
        memo, add = self._memo, self.vocab.strings.add
        changed = False
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma:
                continue
            key = (orth, pos, morph)
            value = memo.get(key)
            if value is None:
                if len(memo) >= MEMO_LIMIT:
                    memo.clear()
                value = memo[key] = add(self.lemmatizer.rule_lemmatize(doc[i])[0])
            lemmas[i] = value
            changed = True
        if changed:
            doc.from_array(self._lemma, numpy.ascontiguousarray(lemmas.reshape(-1, 1), dtype=numpy.uint64))
        return doc

    def pipe(self, docs: Iterable[Any], batch_size: int = 128) -> Iterator[Any]:
        for doc in docs:
            yield self(doc)


def install(nlp: Any) -> list[str]:
    """Use the fast stand-ins in ``nlp`` where they reproduce the original exactly; the
    names of the components replaced."""
    from spacy.language import Language

    replaced = []
    for name, make in (("attribute_ruler", FastAttributeRuler), ("lemmatizer", FastLemmatizer)):
        if name not in nlp.pipe_names:
            continue
        try:
            fast = make(nlp.get_pipe(name))
        except Unsupported:
            continue
        factory = f"sitrep_fast_{name}"
        if not Language.has_factory(factory):
            Language.factory(factory, func=_factory)
        nlp.add_pipe(factory, name=f"{name}_fast", after=name)
        nlp.get_pipe(f"{name}_fast").use(fast)
        nlp.disable_pipe(name)
        replaced.append(name)
    return replaced


class _Slot:
    """The pipeline component that spaCy holds; ``install`` puts the stand-in in it."""

    def __init__(self) -> None:
        self.component: Any = None

    def use(self, component: Any) -> None:
        self.component = component

    def __call__(self, doc: Any) -> Any:
        return self.component(doc)

    def pipe(self, docs: Iterable[Any], batch_size: int = 128) -> Iterator[Any]:
        return self.component.pipe(docs, batch_size=batch_size)


def _factory(nlp: Any, name: str) -> _Slot:
    return _Slot()
