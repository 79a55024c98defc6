"""A name's readings in the gazetteer, trying the usual variants of how it is written."""

from __future__ import annotations

import re

from ...resources.gazetteer import Gazetteer, GazetteerEntry
from ...resources.words import Words

_ARTICLE_PREFIX = re.compile(r"^(?:al|el|ar|as|an|ad|ash|at|az)[\s\-]+", re.I)


def lookup(gaz: Gazetteer, tables: Words, name: str) -> tuple[tuple[GazetteerEntry, ...], str | None, bool]:
    """Candidates for a mention's words, trying the usual variants; a hint; and whether
    they were found only under another spelling of the name."""
    found = gaz.candidates(name)
    if found:
        return found, None, False
    words = name.split()
    hint = None
    if len(words) > 1 and words[-1].casefold() in tables["admin_words"] | tables["city_words"]:
        hint = "admin" if words[-1].casefold() in tables["admin_words"] else "city"
        name = " ".join(words[:-1])
        found = gaz.candidates(name)
        if found:
            return found, hint, False
    variants = [name.replace("-", " "), name.replace("-", "")]
    bare = _ARTICLE_PREFIX.sub("", name)
    if bare != name:
        variants.append(bare)
    else:
        variants.append("al " + name)
    for variant in variants:
        found = gaz.candidates(variant)
        if found:
            return found, hint, False
    # a town's other name in GeoNames: "Patras" (Pátra), "Taizz" (Taiz)
    found = gaz.other_names(name)
    if found:
        return found, hint, True
    # the same name spelled another way: "Idleb" (Idlib), "Deir-ez-Zor" (Deir ez-Zor)
    return gaz.similar(name), hint, True
