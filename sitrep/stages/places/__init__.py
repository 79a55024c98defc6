"""Stage ``places``: every toponym in the article, resolved to a gazetteer entry.

Mentions come from spaCy's GPE/LOC/FAC entities, plus the names sitrep's data knows
(countries and their abbreviations, regions such as "northern Iraq", facilities such as
"Erbil Air Base") where the small model misses them. Demonyms ("Iraqi") are not
places: they only add country context. Names inside an organisation's name
("Rapides Parish Fire District") are not places either. The words around a name can
make it a place whatever the model tagged it: an all-capitals dateline ("MANSFIELD —"),
a list before a plural division word ("Jackson and Barrow counties": counties), a home
town ("a Gainesville woman", "Rebecca Sears, 41, of Grovetown", "Armond Budish,
D-Beachwood"). A part of a place ("Northeast Georgia", "South Philadelphia") that the
gazetteer does not know by its whole name is the place itself. A name the model cut
short ("Baja" of "Baja California") is read whole.

Each mention is resolved by scoring its candidates: the feature and population
(the prior), what the text says around it ("Alexandria, Louisiana", "Erbil
province", "the Hit district of Anbar", "Kelly in the countryside of Idleb"), the
countries and first-level divisions that the article's unambiguous places and demonyms
point at (not the nationality of armed forces), and a dateline ("BAGHDAD (Reuters) -").
A town's other names in GeoNames ("Patras" for Pátra) are read where its own names give
nothing. The same name resolves the same way throughout an article.

The package holds one module for each way of finding a name (``entities``,
``prepositions``, ``forced``, ``phrases``, ``organisations``, ``repeats``,
``whole_names``, ``persons``), ``mentions``, which assembles what they find, ``chains``
for containment chains, ``context`` for ``ArticleContext``, ``scoring`` and ``resolve``;
the word tables are in ``words`` and every weight in ``weights.Weights``.
"""

from __future__ import annotations

from ...pipeline import Analysis, stage
from .resolve import resolve_places

__all__ = ["find_places", "resolve_places"]


@stage("places", requires=("doc",), assigns=("places",))
def find_places(analysis: Analysis, resources) -> dict:
    """Needs the parsed doc; adds ``places``: every toponym mention with its resolved entry."""
    return {"places": resolve_places(analysis, resources.gazetteer, resources.lexicons,
                                     getattr(resources, "country_cues", None), resources.words)}
