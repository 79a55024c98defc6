"""sitrep.numbers: counts in digits and words, qualifiers, ranges and vague numbers."""

from __future__ import annotations

import pytest

from sitrep.numbers import Reading, find_counts, parse_count


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("three", (3, 3, 3)),
        ("Twelve", (12, 12, 12)),
        ("twenty-one", (21, 21, 21)),
        ("three hundred and forty two", (342, 342, 342)),
        ("17", (17, 17, 17)),
        ("1,100", (1100, 1100, 1100)),
        ("20,000", (20000, 20000, 20000)),
        ("1.2 million", (1_200_000, 1_200_000, 1_200_000)),
        ("two million", (2_000_000, 2_000_000, 2_000_000)),
        ("a dozen", (12, 12, 12)),
        ("two dozen", (24, 24, 24)),
        ("half a dozen", (6, 6, 6)),
        ("a hundred", (100, 100, 100)),
    ],
)
def test_plain_numbers(text: str, expected: tuple[int, int, int]) -> None:
    reading = parse_count(text)
    assert reading is not None
    assert (reading.low, reading.best, reading.high) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("over 1,100", (1100, 1100, None)),
        ("more than 20", (20, 20, None)),
        ("at least 12", (12, 12, None)),
        ("upwards of 40", (40, 40, None)),
        ("nearly 50", (None, 50, 50)),
        ("almost three", (None, 3, 3)),
        ("up to 10", (None, 10, 10)),
        ("as many as 9", (None, 9, 9)),
        ("about 40", (None, 40, None)),
        ("around two dozen", (None, 24, None)),
        ("some 200", (None, 200, None)),
        ("an estimated 300", (None, 300, None)),
        ("fewer than 10", (None, None, 9)),
    ],
)
def test_qualifiers(text: str, expected: tuple[int | None, int | None, int | None]) -> None:
    reading = parse_count(text)
    assert reading is not None
    assert (reading.low, reading.best, reading.high) == expected
    assert reading.qualifier is not None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("between 10 and 15", (10, 10, 15)),
        ("10 to 15", (10, 10, 15)),
        ("10-15", (10, 10, 15)),
        ("two or three", (2, 2, 3)),
        ("between five and seven", (5, 5, 7)),
    ],
)
def test_ranges_take_the_lower_end(text: str, expected: tuple[int, int, int]) -> None:
    reading = parse_count(text)
    assert reading is not None
    assert (reading.low, reading.best, reading.high) == expected


@pytest.mark.parametrize(
    ("text", "best"),
    [("tens", 10), ("dozens", 12), ("Dozens", 12), ("scores", 20), ("hundreds", 100), ("thousands", 1000),
     ("several", 2), ("a few", 2), ("a handful of", 2), ("an unknown number of", 10)],
)
def test_vague_numbers_read_low(text: str, best: int) -> None:
    reading = parse_count(text)
    assert reading is not None
    assert reading.best == best and reading.low == best and reading.high is None


@pytest.mark.parametrize("text", ["2.5", "many", "the", "", "ten percent more", "people"])
def test_not_counts(text: str) -> None:
    assert parse_count(text) is None


def test_find_counts_gives_offsets_into_the_text() -> None:
    text = "Over 1,100 people and two dozen children; a 22-year-old man; 10 to 15 others."
    found = find_counts(text)
    assert [f.text for f in found] == ["Over 1,100", "two dozen", "22", "10 to 15"]
    for f in found:
        assert text[f.start:f.end] == f.text
    assert found[0].reading == Reading(1100, 1100, None, "Over")
    assert found[3].reading.high == 15


def test_word_inside_a_word_is_not_a_number() -> None:
    assert find_counts("someone phoned; often; tone") == []


@pytest.mark.parametrize("digits", ["9" * 400, "1" + "0" * 320 + " million"])
def test_a_number_too_large_for_a_float_is_no_count(digits):
    # Seen in fuzzing: a run of hundreds of digits overflowed float -> int.
    assert parse_count(digits) is None
    assert find_counts(f"Officials said {digits} people died.") == []
