"""sitrep/data/casualty_words.yaml is checked when it is loaded: a bad section is an error
that names the file and the section."""

from __future__ import annotations

import copy

import pytest

from sitrep.errors import ResourceError
from sitrep.numbers import casualty_words
from sitrep.resources.casualty_words import SECTIONS, check_casualty_words
from sitrep.resources.lexicons import read_data_file


def packaged() -> dict:
    return copy.deepcopy(read_data_file("casualty_words.yaml"))


def test_the_packaged_file_passes_and_is_what_the_stages_read():
    assert set(casualty_words()) == set(SECTIONS)
    assert check_casualty_words(packaged(), "casualty_words.yaml") == casualty_words()


def spoil(change) -> dict:
    data = packaged()
    change(data)
    return data


@pytest.mark.parametrize("change, where, message", [
    (lambda d: d.pop("speech_verbs"), "casualty_words.yaml", "missing ['speech_verbs']"),
    (lambda d: d.update(spare_words=["x"]), "casualty_words.yaml", "unknown sections ['spare_words']"),
    (lambda d: d["speech_verbs"].append("say"), "speech_verbs", "'say' is listed twice"),
    (lambda d: d["speaker_pronouns"].append("They"), "speaker_pronouns", "'They' is not lower-case"),
    (lambda d: d["attribution_verbs"].append("whisper"), "attribution_verbs", "['whisper'] are no speech_verbs"),
    (lambda d: d["outcomes"].update(wounded=d["outcomes"]["injured"]), "outcomes: wounded", "unknown kind"),
    (lambda d: d["outcomes"]["killed"].pop("nouns"), "outcomes: killed", "expected the lists"),
    (lambda d: d["hit_words"]["verbs"].append(7), "hit_words: verbs", "7 is not a word"),
    (lambda d: d["vague_numbers"].update(dozens=0), "vague_numbers: dozens", "positive whole number"),
    (lambda d: d.update(version=2), "version", "version 1 expected"),
])
def test_a_bad_section_is_an_error_naming_it(change, where, message):
    with pytest.raises(ResourceError) as err:
        check_casualty_words(spoil(change), "casualty_words.yaml")
    assert err.value.code == "L001"
    assert where in str(err.value) and message in str(err.value)
