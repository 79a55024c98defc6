"""``tests/hand_docs.py``: docs built by hand from a table, and the parse books.

None of these loads the model; the guard in ``tests/conftest.py`` would fail them if they did.
"""

from __future__ import annotations

import pytest
from hand_docs import ParseBook, Row, TableError, format_table, hand_analysis, hand_doc, parse_table, rows_of

from sitrep.nlp import entities_of, lemmas_of, sentences_of, text_of
from sitrep.stages.events import find_events

TEXT = "Gunmen killed two villagers in Zamfara. Police said."
TABLE = """
0  Gunmen     gunman    NOUN   NNS  1  nsubj  O
1  killed     kill      VERB   VBD  1  ROOT   O
2  two        two       NUM    CD   3  nummod B-CARDINAL
3  villagers  villager  NOUN   NNS  1  dobj   O
4  in         in        ADP    IN   1  prep   O
5  Zamfara    Zamfara   PROPN  NNP  4  pobj   B-GPE
6  .          .         PUNCT  .    1  punct  O
7  Police     police    NOUN   NNS  8  nsubj  O
8  said       say       VERB   VBD  8  ROOT   O
9  .          .         PUNCT  .    8  punct  O
"""


def test_a_table_makes_the_doc_a_stage_reads():
    doc = hand_doc(TEXT, TABLE)
    assert text_of(doc) == TEXT
    assert [(t.text, t.whitespace_) for t in doc][4:7] == [("in", " "), ("Zamfara", ""), (".", " ")]
    assert lemmas_of(doc)[1] == "kill" and doc[3].head.text == "killed" and doc[3].dep_ == "dobj"
    assert (doc[0].pos_, doc[0].tag_) == ("NOUN", "NNS")
    assert [(e.text, e.label_) for e in entities_of(doc)] == [("two", "CARDINAL"), ("Zamfara", "GPE")]
    # sentences follow the arcs: each root's subtree is one
    assert [s.text for s in sentences_of(doc)] == ["Gunmen killed two villagers in Zamfara.", "Police said."]
    assert doc[2].like_num and doc[6].is_punct  # English's lexical attributes, from a blank vocabulary


def test_a_stage_runs_on_a_hand_built_analysis():
    analysis = hand_analysis(TEXT, TABLE, published="2024-03-08")
    assert analysis.article.published.isoformat() == "2024-03-08"
    (event,) = find_events(analysis, _resources())["events"]
    assert event.trigger == "killed" and TEXT[event.trigger_start:event.trigger_end] == "killed"


def test_the_lemma_in_the_table_is_what_the_rule_reads():
    """A model that lemmatises differently cannot break a test whose table says the lemma
    (spaCy 3.8 reads "staged" as "stag")."""
    table = """
        0 Students students NOUN NNS 1 nsubj O
        1 staged   stage    VERB VBD 1 ROOT  O
        2 a        a        DET  DT  3 det   O
        3 protest  protest  NOUN NN  1 dobj  O
        4 .        .        PUNCT . 1 punct O
    """
    doc = hand_doc("Students staged a protest.", table)
    assert lemmas_of(doc)[1] == "stage"
    assert lemmas_of(hand_doc("Students staged a protest.", table.replace(" stage ", " stag ")))[1] == "stag"


def test_white_space_tokens_and_tabs_round_trip():
    text = "Two killed.\n\nPolice  said."
    rows = [Row("Two", "two", "NUM", "CD", 1, "nsubj", "B-CARDINAL"), Row("killed", "kill", "VERB", "VBD", 1, "ROOT", "O"),
            Row(".", ".", "PUNCT", ".", 1, "punct", "O"), Row("\n\n", "\n\n", "SPACE", "_SP", 2, "dep", "O"),
            Row("Police", "police", "NOUN", "NNS", 6, "nsubj", "O"), Row(" ", " ", "SPACE", "_SP", 4, "dep", "O"),
            Row("said", "say", "VERB", "VBD", 6, "ROOT", "O"), Row(".", ".", "PUNCT", ".", 6, "punct", "O")]
    table = format_table(rows)
    assert "\\n\\n" in table and "\\s" in table
    assert parse_table(table) == rows
    doc = hand_doc(text, table)
    assert doc.text == text and rows_of(doc) == rows


@pytest.mark.parametrize(("table", "message"), [
    ("0 Gunmen gunman NOUN NNS 0 ROOT", "line 1: 7 columns"),
    ("0 Gunmen gunman NOUN NNS 0 ROOT O\n2 killed kill VERB VBD 0 dep O", "line 2: token index '2', expected 1"),
    ("0 Gunmen gunman NOUN NNS 5 ROOT O", "token 0: head 5 past the last token 0"),
    ("0 Gunmen gunman NOUN NNS x ROOT O", "line 1: head 'x' is not a token index"),
    ("0 Gun\\q gun NOUN NN 0 ROOT O", "unknown escape \\q"),
])
def test_a_bad_table_is_refused_naming_the_line(table, message):
    with pytest.raises(TableError, match=None) as caught:
        parse_table(table, where="book.tsv")
    assert message in str(caught.value)


def test_words_that_do_not_make_the_text_are_refused():
    with pytest.raises(TableError, match="token 1: 'killed' is not at character 7"):
        hand_doc("Gunmen shot two.", "0 Gunmen gunman NOUN NNS 1 nsubj O\n1 killed kill VERB VBD 1 ROOT O")
    with pytest.raises(TableError, match="the text goes on"):
        hand_doc("Gunmen killed two.", "0 Gunmen gunman NOUN NNS 1 nsubj O\n1 killed kill VERB VBD 1 ROOT O")


def test_a_book_holds_texts_and_their_tables(tmp_path):
    book = ParseBook(tmp_path / "parses" / "test_x.tsv")
    assert TEXT not in book
    book.add(TEXT, parse_table(TABLE))
    again = ParseBook(tmp_path / "parses" / "test_x.tsv")
    assert TEXT in again and rows_of(again.doc(TEXT)) == parse_table(TABLE)
    assert again.path.read_text(encoding="utf-8").startswith('# text = "Gunmen killed two villagers in Zamfara.')
    with pytest.raises(KeyError):
        again.doc("Another text.")


def test_a_bad_block_in_a_book_names_the_file_and_line(tmp_path):
    path = tmp_path / "test_x.tsv"
    path.write_text('# text = "One."\n0\tOne\tone\tNUM\tCD\t0\tROOT\tO\n1\t.\t.\tPUNCT\t.\t0\tpunct\tO\n\n'
                    '# text = "Two."\n0\tTwo\ttwo\tNUM\tCD\t0\tROOT\n', encoding="utf-8")
    book = ParseBook(path)
    assert book.doc("One.").text == "One."
    with pytest.raises(TableError, match=r"test_x\.tsv, block at line 5, line 1: 7 columns"):
        book.doc("Two.")


def _resources():
    from sitrep.resources import InMemoryGazetteer, Resources
    from sitrep.resources.lexicons import Lexicons

    return Resources(gazetteer=InMemoryGazetteer([]), lexicons=Lexicons.load_packaged())
