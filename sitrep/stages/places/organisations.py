"""Places named inside an organisation's or a facility's name ("Rapides Parish Fire
District", "University of Georgia", "Vancouver International Airport"): toponyms,
marked ``in_organisation``, that say nothing of where events happen."""

from __future__ import annotations

from ...nlp import entities_of
from ...resources.gazetteer import Gazetteer, normalise
from ...resources.words import Words
from .lookup import lookup
from .spans import Found, overlaps, trim

#: Population above which a town named in an organisation's name is taken for that town.
ORG_TOWN_POPULATION = 20_000


def places_in_name(ent, text: str, gaz: Gazetteer, tables: Words, place_keys: set[str]) -> list[tuple[int, int]]:
    """Character spans of the place an organisation's name opens or closes with.

    "Rapides Parish Fire District" opens with a parish, "University of Georgia" closes
    with a state. Only a name the article uses as a place elsewhere, a country, region or
    division, or a sizeable town counts: "Wells Fargo" does not name the town of Wells.
    """
    toks = [t for t in ent if not (t.i == ent.start and t.lower_ == "the")]
    heads = [toks[:k] for k in range(min(3, len(toks) - 1), 0, -1)]
    tails: list[list] = []
    ofs = [i for i, t in enumerate(toks) if t.lower_ == "of"]
    if ofs:
        tail = toks[ofs[-1] + 1:]
        if tail and tail[0].lower_ == "the":
            tail = tail[1:]
        if 0 < len(tail) <= 3:
            tails.append(tail)
    found: list[tuple[int, int]] = []
    for runs in (tails, heads):
        for run in runs:
            span = _known_run(run, text, gaz, tables, place_keys)
            if span is not None:
                if not any(overlaps(span, f) for f in found):
                    found.append(span)
                break
    return found


def _known_run(run, text: str, gaz: Gazetteer, tables: Words, place_keys: set[str]) -> tuple[int, int] | None:
    """The span of a run of capitalised words that the gazetteer knows well enough."""
    if not all(t.is_title or (t.is_upper and len(t) > 1) for t in run):
        return None
    if len(run) > 1 and (run[0].lower_ in tables["part_words"] or run[0].lower_ == "all"):
        start, end = run[0].idx, run[-1].idx + len(run[-1])
        if not gaz.candidates(text[start:end]):
            run = run[1:]  # "Northern Illinois University", "All India Students Federation": Illinois, India (but "North Carolina" whole)
    if len(run) == 1 and run[0].lower_ in tables["org_generic_words"]:
        return None
    after = run[-1].i + 1
    if after < len(run[-1].doc) and run[-1].doc[after].text in ("-", "–") and not run[-1].whitespace_:
        return None  # "Wal-Mart"
    start, end = run[0].idx, run[-1].idx + len(run[-1])
    words = text[start:end]
    entries = gaz.candidates(words)
    if not entries or gaz.demonym(words):
        return None
    top = entries[0]
    if (normalise(words) in place_keys or top.feature in ("country", "region", "admin1", "admin2")
            or top.population >= ORG_TOWN_POPULATION):
        return start, end
    return None


def add_names_in_organisations(doc, text: str, gaz: Gazetteer, tables: Words, found: Found, place_keys: set[str]) -> None:
    """Add the places that organisations' and facilities' names open or close with, as "ORG"."""
    spans = found.spans
    for ent in entities_of(doc):
        if ent.label_ == "ORG" and (ent.start_char, ent.end_char) in found.blocked:
            for span in places_in_name(ent, text, gaz, tables, place_keys):
                if not any(overlaps(span, s) for s in spans):
                    spans[span] = "ORG"
        elif ent.label_ == "FAC":
            # "Vancouver International Airport", "the Mount Pleasant Fire Department": a
            # facility the gazetteer does not know, named after a place, which is marked as
            # a name's place like an organisation's
            whole = trim(text, ent.start_char, ent.end_char)
            last = text[whole[0]:whole[1]].rsplit(None, 1)[-1].casefold()
            if (spans.get(whole) == "FAC" and last not in tables["fac_not_named_after_a_town"]
                    and not lookup(gaz, tables, text[whole[0]:whole[1]])[0]):
                # (not "Wichita Street", "Griffith Park" or "Thar Si Gone village": a street,
                # a park or a place itself is no town's)
                inner = places_in_name(ent, text, gaz, tables, place_keys)
                if inner:
                    del spans[whole]
                    spans.update((span, "ORG") for span in inner)
