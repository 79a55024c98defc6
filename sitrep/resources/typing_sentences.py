"""The typing sentences: short news sentences written for sitrep, each labelled with its
ACLED event type and sub-type (or none: outside ACLED's scope) and its PLOVER type (or
none: no event), to train and test an event-typing model that transfers across styles
(issue 15). They ship in ``sitrep/data/typing/*.jsonl`` so that a model can be rebuilt
from them and a user's own coded data added to them.

One JSON object per line::

    {"id": "pro-001", "text": "...", "acled": ["Protests", "Peaceful protest"],
     "plover": "PROTEST", "style": "note"}

``style`` says how the sentence is written (``STYLES``): agency copy, local news, a
headline, an analyst's note, a quote, lower case, one long or one short sentence. Every
sentence was written for sitrep; none comes from a dataset or an article.

``load_typing_sentences()`` reads and checks them all: a bad line is a ``ResourceError``
(code L001) that names the file and the line.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources as importlib_resources
from typing import Any

from ..errors import ResourceError
from ..model import ACLED_TYPES, PLOVER_TYPES

#: How a sentence is written.
STYLES = ("wire", "local", "headline", "note", "quote", "lower", "long", "short")
#: Words a sentence may have, at least and at most.
MIN_WORDS, MAX_WORDS = 3, 120
_FIELDS = {"id", "text", "acled", "plover", "style"}


@dataclass(frozen=True)
class TypingSentence:
    """One labelled sentence. ``acled`` is (event type, sub-type) or None (outside
    ACLED's scope); ``plover`` a PLOVER type or None (no event)."""

    id: str
    text: str
    acled: tuple[str, str] | None
    plover: str | None
    style: str
    #: the file and line it was read from ("protests.jsonl:12")
    source: str = ""


def parse_sentence(record: Any, where: str) -> TypingSentence:
    """One checked ``TypingSentence`` from a parsed JSON line; ``where`` names it in errors."""
    if not isinstance(record, dict):
        raise ResourceError("L001", path=where, reason="expected a JSON object")
    unknown = set(record) - _FIELDS
    missing = _FIELDS - set(record)
    if unknown or missing:
        raise ResourceError("L001", path=where, reason=f"fields: unknown {sorted(unknown)}, missing {sorted(missing)}")
    sid, text, acled, plover, style = (record[k] for k in ("id", "text", "acled", "plover", "style"))
    if not isinstance(sid, str) or not sid.strip():
        raise ResourceError("L001", path=where, reason="id must be a non-empty string")
    if not isinstance(text, str) or not MIN_WORDS <= len(text.split()) <= MAX_WORDS:
        raise ResourceError("L001", path=where, reason=f"text must have {MIN_WORDS} to {MAX_WORDS} words")
    if text != text.strip() or "\n" in text:
        raise ResourceError("L001", path=where, reason="text must be one line without surrounding spaces")
    acled = _checked_types(acled, plover, where)
    if style not in STYLES:
        raise ResourceError("L001", path=where, reason=f"style {style!r} is not one of {', '.join(STYLES)}")
    return TypingSentence(sid.strip(), text, acled, plover, style, where)


def _checked_types(acled: Any, plover: Any, where: str) -> tuple[str, str] | None:
    """A sentence's ``acled`` [event type, sub-type] as a pair (or None), once it and
    ``plover`` are known types and an ACLED event has a PLOVER type."""
    if acled is not None:
        if (not isinstance(acled, list) or len(acled) != 2
                or acled[1] not in ACLED_TYPES.get(acled[0], ())):
            raise ResourceError("L001", path=where, reason=f"acled {acled!r} is not [event type, sub-type] or null")
        acled = (acled[0], acled[1])
    if plover is not None and plover not in PLOVER_TYPES:
        raise ResourceError("L001", path=where, reason=f"plover {plover!r} is not a PLOVER type or null")
    if acled is not None and plover is None:
        raise ResourceError("L001", path=where, reason="an ACLED event needs a PLOVER type")
    return acled


def read_sentences(lines: Iterable[str], name: str) -> list[TypingSentence]:
    """The sentences of one JSON Lines file's ``lines``; ``name`` is the file's name."""
    found = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ResourceError("L001", path=where, reason=f"not JSON ({exc.msg})") from exc
        found.append(parse_sentence(record, where))
    return found


def check_unique(sentences: Iterable[TypingSentence]) -> None:
    """Every id once, and every text once (compared in lower case, spaces collapsed)."""
    ids: dict[str, str] = {}
    texts: dict[str, str] = {}
    for s in sentences:
        if s.id in ids:
            raise ResourceError("L001", path=s.source, reason=f"id {s.id!r} is also at {ids[s.id]}")
        ids[s.id] = s.source
        key = " ".join(s.text.casefold().split())
        if key in texts:
            raise ResourceError("L001", path=s.source, reason=f"the same text is at {texts[key]}")
        texts[key] = s.source


@functools.lru_cache(maxsize=1)
def load_typing_sentences() -> tuple[TypingSentence, ...]:
    """Every packaged sentence, checked, in file and line order."""
    folder = importlib_resources.files("sitrep") / "data" / "typing"
    found: list[TypingSentence] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".jsonl"):
            where = f"sitrep/data/typing/{entry.name}"
            try:
                text = entry.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise ResourceError("L001", path=where, reason=str(exc)) from exc
            found += read_sentences(text.splitlines(), where)
    check_unique(found)
    return tuple(found)
