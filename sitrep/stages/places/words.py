"""The entity labels of the ``places`` stage, and ``zipf``, how common a word is.

The words around a name that say what it is (division and town words, prepositions, the
nouns of residents, areas, streets and natural features, people's titles) are data:
``sitrep/data/words/places.yaml``, read into ``Resources.words`` and passed to the finders
as ``tables``.
"""

from __future__ import annotations

import functools

from wordfreq import zipf_frequency

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Entity labels whose words are not place names, even when a place's name is among them.
BLOCKING_LABELS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "NORP", "LANGUAGE"})
#: Entity labels the model gives place names by mistake ("Puebla" PERSON, "Aleppo" NORP,
#: "Hidalgo" ORG, "Shabunda, Sud-Kivu" WORK_OF_ART): looked at again in context.
RELABELLED = frozenset({"PERSON", "ORG", "NORP", "WORK_OF_ART", "PRODUCT", "EVENT"})
#: Entity labels whose words a found name may take over, for names no entity covers
#: (``gazetteer_names``): labels for numbers and times,
#: which the model gives to names it does not know ("in imphal last midnight").
OVERRIDABLE_LABELS = frozenset({"", "DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"})


@functools.lru_cache(maxsize=1 << 16)
def zipf(words: str) -> float:
    """How common ``words`` are in English, on the Zipf scale (``wordfreq``; 0 if unseen)."""
    return zipf_frequency(words, "en")
