"""The stages' word tables (sitrep/data/words/): the packaged files validate, bad tables are
errors that name the file and the table, and a test can swap one table."""

from __future__ import annotations

import dataclasses

import pytest

from sitrep.errors import ResourceError
from sitrep.resources import InMemoryGazetteer, Lexicons, Resources
from sitrep.resources.words import FILES, Words, words_of
from sitrep.stages.events import find_events


def test_packaged_tables_validate_and_say_what_they_decide():
    words = Words.load_packaged()
    assert {t.source.rsplit("/", 1)[1] for t in words.tables.values()} == set(FILES)
    for name in words.names:
        assert words[name], name
        assert len(words.decides(name)) > 20, name
        assert len(words.ordered(name)) == len(words[name]), f"{name} repeats a word"
        if not words.tables[name].case_kept:
            assert all(w == w.lower() for w in words[name]), name


def test_a_like_table_is_its_base_with_plus_and_minus():
    words = Words.load_packaged()
    assert words["about_preps"] == words["occasion_words"] | {"of", "for"}


def table_file(**tables):
    return {"test.yaml": {name: {"decides": "what this table decides, for the test", **spec}
                          for name, spec in tables.items()}}


@pytest.mark.parametrize("tables, message", [
    ({"a": {"words": ["in", "at", "in"]}}, "'in' is listed twice"),
    ({"a": {"words": ["In"]}}, "'In' is not lower-case"),
    ({"a": {"words": [" in"]}}, "is not a word"),
    ({"a": {"words": [3]}}, "is not a word"),
    ({"a": {"words": "in at"}}, "words must be a list"),
    ({"a": {"words": ["in"], "colour": "red"}}, "unknown keys ['colour']"),
    ({"a": {"like": "b", "plus": ["x"]}}, "like names no table: 'b'"),
    ({"a": {"words": ["in"]}, "b": {"like": "a", "plus": ["in"]}}, "plus lists ['in'], already in 'a'"),
    ({"a": {"words": ["in"]}, "b": {"like": "a", "minus": ["at"]}}, "minus lists ['at'], not in 'a'"),
    ({"a": {"like": "b"}, "b": {"like": "a"}}, "like makes a cycle"),
    ({"a": {"words": ["in"], "like": "b"}}, "either words or like"),
    ({"a": {"words": ["in"], "plus": ["at"]}}, "plus and minus go with like"),
    ({"a": {"words": ["in", "at"]}, "b": {"words": ["at"], "disjoint_from": ["a"]}}, "shares ['at'] with 'a'"),
    ({"Bad-Name": {"words": ["in"]}}, "lower_case_with_underscores"),
])
def test_a_bad_table_is_an_error_naming_file_and_table(tables, message):
    with pytest.raises(ResourceError) as err:
        Words.from_data(table_file(**tables))
    assert err.value.code == "L001"
    assert "test.yaml" in str(err.value) and message in str(err.value)


def test_a_table_must_say_what_it_decides():
    with pytest.raises(ResourceError, match="what it decides"):
        Words.from_data({"test.yaml": {"a": {"words": ["in"]}}})


def test_a_table_is_defined_once_across_files():
    one = {"a": {"decides": "what this table decides", "words": ["in"]}}
    with pytest.raises(ResourceError, match="already defined in one.yaml"):
        Words.from_data({"one.yaml": one, "two.yaml": one})


def test_case_kept_tables_keep_capitals():
    words = Words.from_data(table_file(a={"words": ["Region", "State"], "case": "kept"}))
    assert words.ordered("a") == ("Region", "State")


def test_with_table_replaces_one_table_and_its_like_tables_follow():
    words = Words.load_packaged()
    swapped = words.with_table("occasion_words", ["after", "against", "because", "about"])
    assert swapped["occasion_words"] == {"after", "against", "because", "about"}
    assert swapped["about_preps"] == {"after", "against", "because", "about", "of", "for"}
    assert swapped["occasion_preps"] == {"after", "for", "amid", "despite"}  # minus: against, because, about
    assert words["occasion_words"] != swapped["occasion_words"]  # the packaged object is unchanged
    assert swapped["trend_heads"] == words["trend_heads"]
    with pytest.raises(ResourceError, match="no such table"):
        words.with_table("no_such_table", ["x"])
    with pytest.raises(ResourceError, match="listed twice"):
        words.with_table("trend_heads", ["rise", "rise"])
    with pytest.raises(ResourceError, match="minus lists"):  # occasion_preps drops "against"
        words.with_table("occasion_words", ["after"])


def test_like_may_name_several_tables_for_their_union():
    words = Words.from_data(table_file(a={"words": ["x", "y"]}, b={"words": ["y", "z"]},
                                       c={"like": ["a", "b"], "plus": ["w"], "minus": ["x"]}))
    assert words.ordered("c") == ("y", "z", "w")
    with pytest.raises(ResourceError, match="plus lists \\['z'\\], already in 'a' \\| 'b'"):
        Words.from_data(table_file(a={"words": ["x"]}, b={"words": ["z"]}, c={"like": ["a", "b"], "plus": ["z"]}))


def test_resources_carry_the_packaged_tables_by_default():
    resources = Resources(gazetteer=InMemoryGazetteer([]), lexicons=Lexicons.load_packaged())
    assert resources.words is Words.load_packaged()
    assert words_of(resources) is resources.words
    assert words_of(None) is Words.load_packaged()  # a stage called with no resources


@pytest.mark.model
def test_swapping_a_table_changes_what_a_stage_decides(analyse):
    """A bare plural under a trend head is no event; without "increase" among the trend
    heads, "attacks have increased" reports attacks."""
    resources = Resources(gazetteer=InMemoryGazetteer([]), lexicons=Lexicons.load_packaged())
    text = "Attacks on aid workers have increased."
    assert find_events(analyse(text), resources)["events"] == ()
    heads = resources.words["trend_heads"] - {"increase"}
    swapped = dataclasses.replace(resources, words=resources.words.with_table("trend_heads", heads))
    (event,) = find_events(analyse(text), swapped)["events"]
    assert event.trigger == "Attacks"


def test_every_table_the_code_reads_exists_and_every_table_is_read():
    """A misspelt table name in a stage would be a KeyError at run time; a table no code
    reads (directly or as the base of a ``like`` table) is dead data."""
    import pathlib
    import re

    import sitrep

    words = Words.load_packaged()
    root = pathlib.Path(sitrep.__file__).parent
    read = {m.group(1) for path in root.rglob("*.py")
            for m in re.finditer(r"""tables(?:\.ordered\()?\[?\(?["']([a-z0-9_]+)["']""", path.read_text(encoding="utf-8"))}
    assert read, "no table reads found"
    assert read <= set(words.names), sorted(read - set(words.names))
    bases = {base for table in words.tables.values() for base in table.like}
    assert set(words.names) - read - bases == set()
