"""The typing sentences (``sitrep/data/typing/*.jsonl``): the checks on load, and what the
packaged set must cover to train a typing model (issue 15)."""

from __future__ import annotations

import collections
import json

import pytest

from sitrep.errors import ResourceError
from sitrep.model import ACLED_TYPES, PLOVER_TYPES
from sitrep.resources.typing_sentences import STYLES, check_unique, load_typing_sentences, read_sentences

GOOD = {"id": "x-001", "text": "Hundreds of nurses marched in the capital over unpaid wages.",
        "acled": ["Protests", "Peaceful protest"], "plover": "PROTEST", "style": "wire"}


def lines(*records):
    return [json.dumps(r) for r in records]


def test_a_good_line_is_read_with_its_labels():
    (s,) = read_sentences(lines(GOOD), "t.jsonl")
    assert (s.id, s.acled, s.plover, s.style, s.source) == (
        "x-001", ("Protests", "Peaceful protest"), "PROTEST", "wire", "t.jsonl:1")


@pytest.mark.parametrize(("change", "message"), [
    ({"acled": ["Protests", "Armed clash"]}, "is not [event type, sub-type]"),
    ({"plover": "MARCH"}, "not a PLOVER type"),
    ({"plover": None}, "needs a PLOVER type"),
    ({"style": "tweet"}, "style 'tweet'"),
    ({"text": "Too short"}, "words"),
    ({"colour": "red"}, "unknown ['colour']"),
])
def test_a_bad_line_names_the_file_and_line(change, message):
    with pytest.raises(ResourceError) as err:
        read_sentences(["", json.dumps({**GOOD, **change})], "bad.jsonl")
    assert "bad.jsonl:2" in str(err.value) and message in str(err.value)


def test_a_line_that_is_not_json_names_the_file_and_line():
    with pytest.raises(ResourceError, match=r"bad.jsonl:1.*not JSON"):
        read_sentences(["{not json"], "bad.jsonl")


def test_an_id_or_a_text_twice_is_refused():
    twice = read_sentences(lines(GOOD, {**GOOD, "text": GOOD["text"].upper()} | {"id": "x-002"}), "t.jsonl")
    with pytest.raises(ResourceError, match="same text"):
        check_unique(twice)
    with pytest.raises(ResourceError, match="id 'x-001'"):
        check_unique(read_sentences(lines(GOOD, {**GOOD, "text": "Farmers blocked a highway over prices."}), "t.jsonl"))


# -- the packaged set ----------------------------------------------------------------------
#: PLOVER types the project gives each ACLED event type's sentences (as triggers.yaml does).
PLOVER_OF_ACLED = {
    "Battles": {"ASSAULT"},
    "Explosions/Remote violence": {"ASSAULT"},
    "Violence against civilians": {"ASSAULT"},
    "Protests": {"PROTEST"},
    "Riots": {"PROTEST", "ASSAULT"},
    "Strategic developments": {"AGREE", "COERCE", "MOBILIZE", "RETREAT", "CONCEDE"},
}
#: Sentences each label needs at least.
PER_LABEL = 40


@pytest.fixture(scope="module")
def packaged():
    return load_typing_sentences()


def test_every_acled_sub_type_and_plover_type_has_enough_sentences(packaged):
    subs = collections.Counter(s.acled for s in packaged if s.acled)
    plover = collections.Counter(s.plover for s in packaged if s.plover)
    short_subs = {(t, st): subs[(t, st)] for t, sts in ACLED_TYPES.items() for st in sts if subs[(t, st)] < PER_LABEL}
    short_plover = {p: plover[p] for p in PLOVER_TYPES if plover[p] < PER_LABEL}
    assert not short_subs and not short_plover, (short_subs, short_plover)


def test_there_are_sentences_to_abstain_on(packaged):
    # no event at all (accidents, floods, sport), and crime that ACLED does not code
    assert sum(s.plover is None for s in packaged) >= PER_LABEL
    assert sum(s.acled is None and s.plover == "ASSAULT" for s in packaged) >= PER_LABEL


def test_each_label_is_written_in_most_styles(packaged):
    styles = collections.defaultdict(set)
    for s in packaged:
        styles[(s.acled, s.plover)].add(s.style)
    few = {label: sorted(found) for label, found in styles.items() if len(found) < len(STYLES) - 2}
    assert not few, few


def test_acled_and_plover_labels_agree_as_the_lexicon_types_them(packaged):
    wrong = [s.source for s in packaged if s.acled and s.plover not in PLOVER_OF_ACLED[s.acled[0]]]
    assert not wrong, wrong[:10]


def test_lower_case_sentences_are_in_lower_case(packaged):
    wrong = [s.source for s in packaged if s.style == "lower" and s.text != s.text.lower()]
    assert not wrong, wrong[:10]


#: The second batch of files and the labels each may hold.
SECOND_BATCH = {
    "riots-2.jsonl": {(("Riots", "Violent demonstration"), "PROTEST"), (("Riots", "Mob violence"), "ASSAULT")},
    "protests-2.jsonl": {(("Protests", sub), "PROTEST") for sub in ACLED_TYPES["Protests"]},
    "outside-scope-2.jsonl": {(None, "ASSAULT"), (None, None)},
}


@pytest.mark.parametrize("name", sorted(SECOND_BATCH))
def test_the_second_batch_loads_with_its_labels_in_every_style(packaged, name):
    found = [s for s in packaged if s.source.split(":")[0].endswith("/" + name)]
    assert len(found) >= 100
    assert {(s.acled, s.plover) for s in found} == SECOND_BATCH[name]
    for label in SECOND_BATCH[name]:
        assert {s.style for s in found if (s.acled, s.plover) == label} == set(STYLES), label


#: The counter-examples for police and clashes (issue 15): armed clashes with police and
#: soldiers, attacks by police and soldiers on people who are not protesting, and crowds
#: with stones against armed men, and police at peaceful protests.
COUNTER_EXAMPLES = {
    "battles-2.jsonl": {(("Battles", "Armed clash"), "ASSAULT")},
    "civilians-2.jsonl": {(("Violence against civilians", "Attack"), "ASSAULT"),
                          (("Violence against civilians", "Abduction/forced disappearance"), "ASSAULT")},
    "contrast-2.jsonl": {(("Riots", "Violent demonstration"), "PROTEST"), (("Riots", "Mob violence"), "ASSAULT"),
                         (("Protests", "Peaceful protest"), "PROTEST")},
}


@pytest.mark.parametrize("name", sorted(COUNTER_EXAMPLES))
def test_the_counter_examples_load_with_their_labels_in_every_style(packaged, name):
    found = [s for s in packaged if s.source.split(":")[0].endswith("/" + name)]
    assert len(found) >= 100
    assert {(s.acled, s.plover) for s in found} == COUNTER_EXAMPLES[name]
    for label in COUNTER_EXAMPLES[name]:
        assert {s.style for s in found if (s.acled, s.plover) == label} == set(STYLES), label
    headlines = [s.source for s in found if s.style == "headline" and s.text.endswith(".")]
    assert not headlines, headlines
