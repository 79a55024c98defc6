"""The news-page word lists (data/reports.yaml): loaded, checked, and every cue usable."""

from __future__ import annotations

import pytest

from sitrep.errors import ResourceError
from sitrep.resources.reports import SECTIONS, ReportWords, check_report_words, report_words


def test_the_packaged_lists_load_and_are_folded():
    words = report_words()
    for name in SECTIONS:
        values = getattr(words, name)
        assert values and all(w == w.casefold().strip() and w for w in values)
    assert list(words.furniture_labels) == sorted(words.furniture_labels, key=lambda w: (-len(w), w))
    assert "related" in words.furniture_labels and "another" in words.distinct_mentions


def test_a_malformed_file_is_an_error_naming_the_section():
    good = {name: ["x"] for name in SECTIONS}
    assert check_report_words(good) is None
    assert "furniture_labels" in check_report_words({**good, "furniture_labels": []})
    assert "distinct_heads[1]" in check_report_words({**good, "distinct_heads": ["case", 3]})
    assert "unknown sections" in check_report_words({**good, "extra": ["y"]})
    with pytest.raises(ResourceError):
        ReportWords.from_data({**good, "furniture_prompts": "copyright"})
