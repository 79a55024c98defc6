"""sitrep.repair: damaged text repaired and named, well-formed text left alone, offsets carried over."""

from __future__ import annotations

import pytest

from sitrep.repair import REPAIRS, Repaired, align, repair


@pytest.mark.parametrize(
    ("damaged", "repaired", "names"),
    [
        # Windows-1252 quotes and dashes read as Latin-1: C1 controls where punctuation was
        ("He said \x93we stay\x94 \x96 then left.", "He said “we stay” – then left.", ("windows-1252",)),
        ("The mayor\x92s office", "The mayor’s office", ("windows-1252",)),
        # UTF-8 read as Windows-1252
        ("â€œWe stay,â€\x9d she said.", "“We stay,” she said.", ("mojibake",)),
        ("The cafÃ© reopened.", "The café reopened.", ("mojibake",)),
        # a pair of surrogates is its character; a lone one is the replacement character
        ("Flag \ud83c\uddf3\ud83c\uddec raised", "Flag \U0001f1f3\U0001f1ec raised", ("surrogates",)),
        ("lone \udc80 one", "lone \ufffd one", ("surrogates",)),
        # NUL, bell, escape sequences and DEL go; newline, tab, carriage return and form feed stay
        ("a\x00b\x07c\x7f\td\r\ne\x0cf", "abc\td\r\ne\x0cf", ("control characters",)),
        ("shots \x1b[31mfired\x1b[0m", "shots fired", ("control characters",)),
        # a C1 control no Windows-1252 byte stands for is dropped
        ("x\x81y", "xy", ("control characters",)),
        # a letter and its combining accent become the one character they mean
        ("Bogota\u0301", "Bogotá", ("NFC",)),
        ("\x93Bogota\u0301\x94\x00", "“Bogotá”", ("windows-1252", "control characters", "NFC")),
    ],
)
def test_damage_is_repaired_and_named(damaged, repaired, names):
    assert repair(damaged) == Repaired(repaired, names)


@pytest.mark.parametrize(
    "text",
    [
        "Plain ASCII news.\nSecond line.",
        "Curly “quotes”, ‘single’ ones — and dashes – stay.",
        "Full-width ＡＢＣ and the ligature ﬁ stay, as do 10³ and the µ sign.",
        "Line breaks stay:\r\nWindows\rold Mac\u2028and Unicode.",
        "Naïve café in São Paulo, Ærø, Kraków, Đà Nẵng.",
        "HTML &amp; entities are text &lt;here&gt;.",
        "Arabic بغداد, Cyrillic Киев, Chinese 北京 and emoji 🙂.",
        "",
    ],
)
def test_well_formed_text_is_left_alone(text):
    assert repair(text) == Repaired(text, ())


def test_repair_is_idempotent():
    damaged = "â€œCalmâ€\x9d \x93returned\x94 \ud800 \x00 Bogota\u0301"
    once = repair(damaged)
    assert repair(once.text) == Repaired(once.text, ())


def test_each_line_is_repaired_on_its_own():
    # one line of Windows-1252 quotes does not make ftfy reread a line of good Latin-1
    text = "\x93Quoted\x94 line\nâ€œMojibakeâ€\x9d line\nGood line: Ærø"
    assert repair(text) == Repaired("“Quoted” line\n“Mojibake” line\nGood line: Ærø", ("mojibake", "windows-1252"))


def test_names_are_the_documented_ones():
    assert REPAIRS == ("mojibake", "windows-1252", "surrogates", "control characters", "NFC")


def test_offsets_move_with_the_repair():
    original = "Police said â€œnoâ€\x9d.\n\x00Troops left Kaduna, cafÃ© owners said."
    fixed = repair(original).text
    assert fixed == "Police said “no”.\nTroops left Kaduna, café owners said."
    offsets = align(original, fixed)
    for word in ("Police", "Troops", "Kaduna", "owners said."):
        start = original.index(word)
        assert offsets.span(start, start + len(word)) == (fixed.index(word), fixed.index(word) + len(word))
    # a span over a repaired stretch covers what it became
    start = original.index("â€œno")
    s, e = offsets.span(start, start + len("â€œnoâ€\x9d"))
    assert fixed[s:e] == "“no”"
    # a span that starts or ends inside a repaired stretch widens to the whole of it
    s, e = offsets.span(original.index("cafÃ") + 4, original.index("cafÃ") + 5)
    assert fixed[s:e] == "é"
    assert offsets.span(0, len(original)) == (0, len(fixed))


def test_offsets_of_an_unchanged_text_are_unchanged():
    text = "No damage here.\nNone at all."
    offsets = align(text, repair(text).text)
    assert [offsets.span(i, j) for i, j in ((0, 2), (3, 9), (16, 28))] == [(0, 2), (3, 9), (16, 28)]
