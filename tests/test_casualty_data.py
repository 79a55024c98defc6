"""sitrep/data/casualty_words.yaml: the shape the quote, attribution and count stages rely on."""

from __future__ import annotations

from sitrep.numbers import casualty_words, parse_count

KINDS = ("killed", "injured", "arrested", "abducted", "displaced")
WORD_LISTS = ("life_verbs", "toll_nouns", "toll_verbs", "victim_nouns", "collective_nouns", "fatal_adverbs",
              "fatal_adjectives", "victim_of_nouns", "speech_verbs", "attribution_verbs", "document_nouns",
              "speaker_pronouns")


def _check_words(name: str, words: object) -> None:
    assert isinstance(words, list), f"{name} must be a list"
    for w in words:
        assert isinstance(w, str) and w == w.strip().lower() and w, f"{name}: {w!r} must be a lower-case word"
    assert len(words) == len(set(words)), f"{name} has duplicates"


def test_version_and_sections() -> None:
    data = casualty_words()
    assert data["version"] == 1
    assert set(data) >= {"outcomes", "vague_numbers", *WORD_LISTS}


def test_every_outcome_kind_has_its_word_lists() -> None:
    outcomes = casualty_words()["outcomes"]
    assert tuple(outcomes) == KINDS
    seen: dict[str, str] = {}
    for kind, entry in outcomes.items():
        assert set(entry) == {"verbs", "intransitive", "nouns", "adjectives"}, kind
        for part, words in entry.items():
            _check_words(f"{kind}.{part}", words)
            if part == "adjectives":
                continue
            for w in words:
                assert seen.setdefault(f"{part}:{w}", kind) == kind, f"{w!r} is both {seen[part + ':' + w]} and {kind}"


def test_word_lists() -> None:
    data = casualty_words()
    for name in WORD_LISTS:
        _check_words(name, data[name])
    assert set(data["attribution_verbs"]) <= set(data["speech_verbs"])
    # A body of people is one of the people nouns; a victim noun names a person.
    assert set(data["collective_nouns"]) <= set(data["victim_nouns"])
    assert set(data["victim_of_nouns"]) <= set(data["victim_nouns"])
    # A fatal word is not itself a casualty word of another kind ("fatally wounded" is a death).
    outcome_words = {w for entry in data["outcomes"].values() for words in entry.values() for w in words}
    assert not (set(data["fatal_adverbs"]) | set(data["fatal_adjectives"])) & outcome_words


def test_vague_numbers_are_positive_and_readable() -> None:
    vague = casualty_words()["vague_numbers"]
    assert vague["tens"] == 10 and vague["dozens"] == 12 and vague["hundreds"] == 100
    for phrase, value in vague.items():
        assert isinstance(value, int) and value > 0, phrase
        reading = parse_count(phrase)
        assert reading is not None and reading.best == value, phrase


def test_number_units_name_what_a_number_measures() -> None:
    units = casualty_words()["number_units"]
    assert set(units) == {"money", "age", "calibre", "address", "measure", "time"}
    seen: dict[str, str] = {}
    for kind, entry in units.items():
        assert set(entry) <= {"before", "after"} and entry, kind
        for side, words in entry.items():
            assert isinstance(words, list), f"{kind}.{side} must be a list"
            for w in words:
                assert isinstance(w, str) and w == w.strip().lower() and w and not w.endswith("."), (kind, w)
                assert seen.setdefault(f"{side}:{w}", kind) == kind, f"{w!r} is both {seen[side + ':' + w]} and {kind}"
    # A word for people is never a unit: "19 street vendors" stay a count.
    assert not set(casualty_words()["victim_nouns"]) & {w for e in units.values() for w in e.get("after", ())}


def test_hit_words() -> None:
    data = casualty_words()
    hit = data["hit_words"]
    assert set(hit) == {"verbs", "by_verbs", "by_means"}
    for part, words in hit.items():
        _check_words(f"hit_words.{part}", words)
    assert hit["verbs"] and hit["by_verbs"] and hit["by_means"]
    assert not set(hit["verbs"]) & set(hit["by_verbs"])
    # A hit verb is no casualty word of its own: someone shot may live or die.
    outcome_words = {w for entry in data["outcomes"].values() for words in entry.values() for w in words}
    assert not (set(hit["verbs"]) | set(hit["by_verbs"])) & outcome_words
