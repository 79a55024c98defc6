"""The ``places`` stage's weights: every number that scoring and resolving a name's
readings weigh them by, in one declared table (``Weights``) and its default (``WEIGHTS``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Weights:
    """What each piece of evidence adds to a reading's score, and the limits that decide
    when a reading stands on its own. Scores start from a reading's prior: log10 of its
    population plus 10, or a fixed value for sites, regions and countries."""

    contained_bonus: float = 10.0
    """For a reading inside its container's reading ("Alexandria, Louisiana"); a link this sure holds a chain."""
    hint_bonus: float = 6.0
    """For a division's reading of "X province", a town's of "X city"."""
    outermost_bonus: float = 3.0
    """For a division's reading of a chain's last place ("Samar" of "Basey, Samar", "X (Y)")."""
    admin1_context_bonus: float = 3.0
    """For a reading in a first-level division the article's unambiguous places name."""
    country_context_bonus: float = 1.5
    """For a reading in a country the article's unambiguous places, demonyms or groups name."""
    main_country_bonus: float = 1.0
    """Beside the country bonus, for a reading in the country the article names most."""
    dateline_bonus: float = 2.0
    """For a reading in the country of the dateline ("BAGHDAD (Reuters) -")."""
    agreement_admin1: float = 1.0
    """For a second-level division's reading, per other name of the article whose first
    reading lies in its first-level division (up to ``agreement_cap``): counties of one
    name share one prior, and "Richmond County" beside "Augusta" is Georgia's."""
    agreement_cap: int = 2
    """How many other names' first readings count at most towards ``agreement_admin1``."""
    lone_dateline_bonus: float = 3.0
    """For the most populous town of a name that an all-capitals dateline gives alone, with
    no state after it ("MIAMI — ..."): a dateline names a town by itself only when readers
    know it, so it is the big one, not a namesake the article's other names happen to favour
    ("MIAMI — ..." beside "Liberty City", a name only Texas has in the gazetteer)."""
    admin1_support: float = 2.0
    """Per other name of the article with a reading in the same first-level division."""
    support_cap: int = 3
    """How many other names' support count at most."""
    support_readings: int = 40
    """How many of a name's readings (likeliest first) count towards that support."""
    support_spread: int = 10
    """A name read in more first-level divisions than this supports each of them less: in
    all, this many divisions' worth ("Washington", with a town in most US states)."""
    alias_penalty: float = 2.0
    """A town found by another of its names (often an old or foreign one: "Philadelphia" for
    Amman) counts as one this many powers of ten smaller."""
    firm_margin: float = 2.0
    """How much likelier (in prior) a reading must be to count as certain without context."""
    city_named_division_penalty: float = 3.0
    """Taken from the prior of a division named after its city: a bare "Baghdad" is the city
    before the province."""
    unknown_place_prior: float = 1.0
    """The prior of a place the gazetteer lacks: a town of no recorded people (log10 of 10)."""
    alike_ratio: float = 0.7
    """How alike (difflib's ratio) two spellings of one name are at least."""
    trusted_town: int = 100_000
    """A town this large found by another of its names or spellings ("Patras") stands on its
    own; nor is a city this large taken for an unknown village inside a town."""
    namesake_abroad_population: int = 50_000
    """A town or district smaller than this, in a country nothing else in the article names,
    is a namesake of a place the gazetteer lacks when the rest of the article points at
    another country (``namesake_abroad_votes``); so is a town this small outside every
    first-level division the article's sure names lie in, in its main country."""
    namesake_abroad_votes: int = 2
    """How many votes the rest of the article must give one other country for that."""
    small_town: int = 10_000
    """A town smaller than this, found far from the container the text names, is a
    namesake: the text's container is likelier right than it."""
    rare_name_zipf: float = 3.0
    """A one-word name the model took for a person or an organisation is the place when
    English uses it less often than this (Zipf, ``wordfreq``) and its likeliest reading is
    a division or a city of ``trusted_town`` people ("leaving Jalandhar")."""
    common_noun_zipf: float = 4.5
    """A one-word name after "the" that English uses at least this often (Zipf,
    ``wordfreq``) is a common noun there, not a place ("the Centre", "the Capital"),
    unless a division word follows it or it names a country."""
    plain_word_zipf: float = 4.0
    """A one-word name that English uses at least this often (Zipf, ``wordfreq``: "Metro")
    is a word, not a place, where nothing in the text
    locates it (no locative preposition, no division or town word, no chain), when its
    reading is a town or district smaller than ``trusted_town`` or lies in a country that
    none of the article's other names is read in, and the name has no reading as a country,
    a first-level division or a ``famous_town``, nor one as a ``trusted_town`` beside a
    reading in the article's other names' countries."""
    famous_town: int = 500_000
    """A name that can read as a town this large anywhere is a place's name, however often
    English writes it ("Paris", "Moscow"): never taken for a plain word (``plain_word_zipf``)."""
    untagged_locative: float = 2.0
    """For a name no entity covers (``gazetteer_names``): a locative word before the name ("in X")."""
    untagged_of_place: float = 3.0
    """For a name no entity covers (``gazetteer_names``): a place noun or the people of a place before "of" ("residents of X")."""
    untagged_place_noun_after: float = 3.0
    """For a name no entity covers (``gazetteer_names``): a division or settlement word after the name ("X tehsil")."""
    untagged_people_after: float = 2.0
    """For a name no entity covers (``gazetteer_names``): people after the name ("X residents")."""
    untagged_chain: float = 2.0
    """For a name no entity covers (``gazetteer_names``): a place of the article next to it in a chain ("X of Y district", "X, Y")."""
    untagged_dateline: float = 3.0
    """For a name no entity covers (``gazetteer_names``): the first words of the text, before a colon or a dash."""
    untagged_population: float = 0.7
    """For a name no entity covers (``gazetteer_names``): per power of ten of population above a thousand."""
    untagged_article_country: float = 1.0
    """For a name no entity covers (``gazetteer_names``): a reading in a country of the article's tagged places."""
    untagged_word: float = 1.5
    """For a name no entity covers (``gazetteer_names``): per point of Zipf word frequency above ``plain_word_zipf``."""
    untagged_determiner: float = 2.0
    """For a name no entity covers (``gazetteer_names``): an article (the, a) right before the name, which a town's name seldom takes."""
    untagged_qualifier: float = 1.0
    """For a name no entity covers (``gazetteer_names``): the name qualifies the noun that a "the" before it governs ("the Haryana Roadways staff")."""
    untagged_sentence_start: float = 2.0
    """For a name no entity covers (``gazetteer_names``): a capital letter that says nothing because it opens a sentence."""
    untagged_lower_case_article: float = 1.0
    """For a name no entity covers (``gazetteer_names``): an article written in lower case, where no capital says anything."""
    untagged_threshold: float = 2.0
    """For a name no entity covers (``gazetteer_names``): what the evidence must reach."""
    untagged_plain_word_zipf: float = 2.5
    """For a name no entity covers: the Zipf word frequency above which being a word counts against it."""


#: The weights the stage scores with.
WEIGHTS = Weights()
