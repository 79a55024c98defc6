"""sitrep.train and the saved model format, on a coded CSV written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from sitrep.errors import InputError, ResourceError, StoreError
from sitrep.resources.classifier import LinearClassifier, load_classifier
from sitrep.train import CodedData, fit, parse_date, read_coded_csv, save, train

CODED = Path(__file__).parent / "fixtures" / "train" / "coded.csv"


@pytest.fixture(scope="module")
def data() -> CodedData:
    return read_coded_csv(CODED)


@pytest.fixture(scope="module")
def model(data) -> LinearClassifier:
    return fit(data, name="tiny")


def test_acled_columns_are_found_and_empty_rows_skipped(data):
    assert data.columns == {"text": "notes", "label": "event_type", "subtype": "sub_event_type", "date": "event_date"}
    assert len(data.texts) == 15 and data.skipped == 1
    assert data.labels[0] == "Protests" and data.subtypes[0] == "Peaceful protest"
    assert min(data.dates).isoformat() == "2024-02-01" and max(data.dates).isoformat() == "2024-02-15"  # the skipped row does not count


def test_named_columns_any_case_and_no_subtype(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("Sentence,Kind,When\nThe army shelled the town.,violent,09 May 2020\nA calm day.,calm,\n",
                    encoding="utf-8")
    got = read_coded_csv(path, text_column="sentence", label_column="KIND", date_column="When")
    assert got.texts == ("The army shelled the town.", "A calm day.") and got.labels == ("violent", "calm")
    assert got.subtypes is None and [d.isoformat() for d in got.dates] == ["2020-05-09"]


def test_dates_in_acled_spellings():
    assert parse_date("2020-05-09").isoformat() == "2020-05-09"
    assert parse_date("9 May 2020").isoformat() == "2020-05-09"
    assert parse_date("09-May-2020").isoformat() == "2020-05-09"
    assert parse_date("soon") is None


@pytest.mark.parametrize(
    ("content", "kwargs", "code"),
    [
        (b"", {}, "R015"),
        (b"notes,event_type\n,Battles\n", {}, "R015"),
        (b"notes,event_type\nsoldiers fought,Battles\nrebels fought,Battles\n", {}, "R015"),  # one label only
        (b"notes,event_type\n\xff\xfe bad bytes,Battles\n", {}, "R001"),
        (b"notes,event_type\nx,Battles\n", {"label_column": "kind"}, "R014"),
        (b"words,event_type\nx,Battles\n", {}, "R016"),
        (b"notes,kind\nx,Battles\n", {}, "R016"),
    ],
)
def test_bad_input_is_a_clear_error_naming_the_file(tmp_path, content, kwargs, code):
    path = tmp_path / "coded.csv"
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        fit(read_coded_csv(path, **kwargs))
    assert err.value.code == code
    assert str(path) in str(err.value)


def test_a_missing_file_is_r007(tmp_path):
    with pytest.raises(InputError) as err:
        read_coded_csv(tmp_path / "nope.csv")
    assert err.value.code == "R007" and "nope.csv" in str(err.value)


def test_the_model_learns_its_training_sentences(data, model):
    predictions = model.predict(data.texts)
    assert [p.event_type for p in predictions] == list(data.labels)
    assert [p.sub_event_type for p in predictions] == list(data.subtypes)


def test_new_sentences_get_the_nearest_type(model):
    texts = [
        "Police used tear gas and batons to disperse the protesters.",
        "A drone strike hit the militia's position.",
        "Gunmen kidnapped two travellers on the road.",
        "Nurses marched peacefully to the ministry.",
    ]
    got = [(p.event_type, p.sub_event_type) for p in model.predict(texts)]
    assert got == [
        ("Protests", "Protest with intervention"),
        ("Explosions/Remote violence", "Air/drone strike"),
        ("Violence against civilians", "Abduction/forced disappearance"),
        ("Protests", "Peaceful protest"),
    ]


def test_the_sub_type_always_belongs_to_the_type(model):
    texts = ["rebels fired mortar shells and clashed with soldiers", "a quiet day", "tear gas drone kidnapped"]
    for p in model.predict(texts):
        assert p.sub_event_type in model.children[p.event_type]


def test_save_and_load_give_the_same_scores_without_pickle(tmp_path, data, model):
    folder = save(model, tmp_path / "m")
    assert sorted(f.name for f in folder.iterdir()) == ["features.json", "meta.json", "weights.npz"]
    with np.load(folder / "weights.npz", allow_pickle=False) as npz:  # plain arrays only
        assert {"word_idf", "char_idf", "type_coef", "subtype_coef"} <= set(npz.files)
    loaded = load_classifier(folder)
    texts = list(data.texts[:5]) + ["an unseen sentence about shelling"]
    for a, b in zip(model.decision(texts), loaded.decision(texts)):
        np.testing.assert_allclose(a, b)
    assert loaded.predict(texts) == model.predict(texts)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert meta["name"] == "tiny" and meta["method"]["estimator"] == "LinearSVC"
    assert meta["labels"] == ["Battles", "Explosions/Remote violence", "Protests", "Violence against civilians"]
    assert meta["training"]["rows"] == 15 and meta["training"]["skipped_rows"] == 1
    assert meta["training"]["source"] == "coded.csv"
    assert (meta["training"]["first_date"], meta["training"]["last_date"]) == ("2024-02-01", "2024-02-15")
    assert meta["acled_labels"] is True and meta["sitrep_version"]


def test_train_names_the_model_after_its_folder(tmp_path):
    model = train(CODED, tmp_path / "my-coder")
    assert model.name == "my-coder" and load_classifier(tmp_path / "my-coder").name == "my-coder"


def test_two_labels_and_no_sub_types(tmp_path):
    path = tmp_path / "two.csv"
    rows = ["text,label"] + [f"soldiers fought rebels in town {i},fight" for i in range(4)] + [
        f"people marched calmly in city {i},march" for i in range(4)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    model = train(path, tmp_path / "m")
    assert model.type_coef.shape[0] == 1  # a binary linear model keeps one row
    got = load_classifier(tmp_path / "m").predict(["rebels fought soldiers", "crowds marched calmly"])
    assert [(p.event_type, p.sub_event_type) for p in got] == [("fight", None), ("march", None)]
    assert json.loads((tmp_path / "m" / "meta.json").read_text())["acled_labels"] is False


def test_save_will_not_overwrite_a_folder_that_is_not_a_model(tmp_path, model):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(StoreError):
        save(model, tmp_path)
    save(model, tmp_path / "m")
    save(model, tmp_path / "m")  # a model folder is replaced


@pytest.mark.parametrize("damage", ["missing", "no meta", "other format", "bad weights"])
def test_a_broken_model_folder_is_l004(tmp_path, model, damage):
    folder = tmp_path / "m"
    if damage != "missing":
        save(model, folder)
    if damage == "no meta":
        (folder / "meta.json").unlink()
    elif damage == "other format":
        (folder / "meta.json").write_text('{"format": "something else"}', encoding="utf-8")
    elif damage == "bad weights":
        (folder / "weights.npz").write_bytes(b"not an npz")
    with pytest.raises(ResourceError) as err:
        load_classifier(folder)
    assert err.value.code == "L004" and str(folder) in str(err.value)


def test_the_features_are_scikit_learns_tfidf(data, model):
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = list(data.texts) + ["Une phrase inconnue, with UNSEEN words!", ""]
    expected = sp.hstack([
        TfidfVectorizer(analyzer=b["analyzer"], ngram_range=tuple(b["ngram_range"]), sublinear_tf=True,
                        min_df=b["min_df"]).fit(data.texts).transform(texts)
        for b in model.meta["method"]["features"]
    ]).toarray()
    np.testing.assert_allclose(model.vectorise(texts).toarray(), expected, rtol=1e-5, atol=1e-6)


@pytest.mark.model
def test_train_typing_adds_a_users_rows_to_the_shipped_sentences(tmp_path):
    from click.testing import CliRunner

    from sitrep.api import model_pipeline
    from sitrep.cli import main
    from sitrep.resources.typing_model import read_model

    rows = ["notes,event_type,sub_event_type"]
    for i in range(6):
        rows.append(f'"Supporters of two parties clashed with sticks in ward {i}, injuring {i + 2} people.",Riots,Mob violence')
        rows.append(f'"A roadside bomb killed {i + 1} soldiers on patrol near village {i}.",Explosions/Remote violence,')
    rows.append('"Officials met to discuss the budget.",Not an ACLED type,')
    coded = tmp_path / "coded.csv"
    coded.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["train", "--typing", str(coded), "-o", str(tmp_path / "mine")])
    assert result.exit_code == 0, result.output
    model = read_model(tmp_path / "mine")
    training = model.meta["training"]
    assert training["rows"] == 13 and training["rows_used"] == 12 and training["shipped_sentences"] > 1000
    assert model.name == "mine"
    # a row without a sub-type takes the lexicon's when the lexicon gives the same type
    from sitrep.resources.typing_model import load_typing_model

    ied = "Explosions/Remote violence > Remote explosive/landmine/IED"
    assert training["labels"][ied] == load_typing_model().meta["training"]["labels"][ied] + 6
    pipeline = model_pipeline(tmp_path / "mine")
    assert pipeline.resources.typing_model.name == "mine"
    assert "classify" not in [s.name for s in pipeline.stages]
