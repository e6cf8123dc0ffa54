"""The polarity reader: the shipped transformer that reads a mention's polarity from its words in order."""

from __future__ import annotations

import hashlib
import json
import shutil

import numpy as np
import pytest

from analysis import polarity_reader as pr
from analysis.themes import (
    MODEL_DIR,
    POLARITIES,
    READER_SHARE,
    READER_WHOLE_SENTENCES,
    ModelFileError,
    ThemeModel,
    _passages,
    load_model,
)
from core.services import findings


@pytest.fixture(scope="module")
def reader() -> pr.PolarityReader:
    return pr.load_reader()


@pytest.fixture(scope="module")
def shipped() -> ThemeModel:
    return load_model()


def test_the_reader_gives_each_pair_probabilities_over_the_three_polarities(reader):
    probs = reader.read(
        ["information_sharing", "information_sharing", "voice_of_child"],
        [
            "The GP was never told about the child protection plan and nobody checked.",
            "The school shared its worries with the social worker the same day, which made a real difference.",
            "Children were asked about their experiences as part of the audit.",
        ],
    )
    assert probs.shape == (3, 3)
    assert np.allclose(probs.sum(axis=1), 1.0, atol=1e-4) and (probs >= 0).all()
    assert [POLARITIES[k] for k in probs.argmax(axis=1)][:2] == ["development", "good_practice"]
    assert reader.read([], []).shape == (0, 3)


def test_the_reader_reads_what_a_not_governs(reader):
    """The words are the same; the scope of the negation is not."""
    said = reader.read(
        ["information_sharing"] * 2,
        [
            "Information was shared with the school, and not a day too late.",
            "Information was not shared with the school until it was too late.",
        ],
    )
    assert POLARITIES[int(said[1].argmax())] == "development"
    assert said[0][1] > said[1][1]  # the first reads as better practice than the second


def test_a_theme_added_since_is_read_by_the_words_of_its_id(reader):
    assert reader.label("information_sharing") == "Information sharing"
    assert reader.label("housing_and_homelessness") == "housing and homelessness"
    assert reader.read(["housing_and_homelessness"], ["Nobody helped us find somewhere to live."]).shape == (1, 3)


def test_the_shipped_model_blends_the_reader_into_each_mention_at_its_share(shipped):
    assert shipped.reader is not None
    texts = [
        "The plan was reviewed on time. Dad was never invited to the core group, so his views were not heard. "
        "The health visitor talked to us about safe sleep, which helped.",
        "Thank you for listening to my son.",
    ]
    index = {t.id: j for j, t in enumerate(shipped.codebook)}
    mentions = [(0, "fathers_male_carers"), (0, "safer_sleep_sudi"), (1, "voice_of_child")]
    text_rows = np.array([m[0] for m in mentions])
    theme_rows = np.array([index[m[1]] for m in mentions])
    f = shipped.featuriser().features(texts)
    blended = shipped.mention_polarities(f, text_rows, theme_rows)
    reader, shipped.reader = shipped.reader, None
    try:
        alone = shipped.mention_polarities(f, text_rows, theme_rows)
    finally:
        shipped.reader = reader
    rows = shipped.focus_rows(f, text_rows, theme_rows)
    read = reader.read([m[1] for m in mentions], _passages(f, rows, text_rows))
    assert np.allclose(blended, (1 - READER_SHARE) * alone + READER_SHARE * read, atol=1e-6)
    # Reading only the top polarity skips no mention when the reader is on: its half could change any of them.
    assert np.array_equal(shipped.mention_polarities(f, text_rows, theme_rows, top_only=True), blended)


def test_the_reader_reads_a_short_text_whole_and_a_longer_ones_focus_sentence():
    model = load_model(reader=False)
    assert READER_WHOLE_SENTENCES == 2
    short, longer = "The plan was clear, but nobody reviewed it. Mum felt heard.", "One. Two, but three! Four. Five."
    f = model.featuriser().features([short, longer])
    # short: clauses 0-2; longer: clauses 3 ("One."), 4 ("Two,"), 5 ("but three!"), 6 ("Four."), 7 ("Five.")
    assert _passages(f, np.array([0, 2, 3, 4, 5, 6, 7]), np.array([0, 0, 1, 1, 1, 1, 1])) == [
        short,
        short,
        "One.",
        "Two, but three!",
        "Two, but three!",
        "Four.",
        "Five.",
    ]


def test_the_reader_can_be_switched_off(monkeypatch):
    assert pr.reader_wanted({}) and pr.reader_wanted({pr.SWITCH: "on"})
    for off in ("off", "OFF", "0", "false", " no "):
        assert not pr.reader_wanted({pr.SWITCH: off})
    assert load_model(reader=False).reader is None
    monkeypatch.setenv(pr.SWITCH, "off")
    pr.shipped_reader.cache_clear()
    try:
        assert load_model().reader is None
    finally:
        monkeypatch.delenv(pr.SWITCH)
        pr.shipped_reader.cache_clear()


def test_a_classifier_names_its_reader_so_a_new_reader_re_themes(reader):
    plain = findings.read_by("shipped-0123456789ab")
    with_reader = findings.read_by("shipped-0123456789ab", reader)
    assert with_reader == f"{plain}/reader-{reader.version}" and len(reader.version) == 12
    assert len(findings.read_by("retrained-0123456789ab", reader)) <= 80  # the model_version columns' width


def test_missing_damaged_or_mismatched_reader_files_are_a_clear_error(tmp_path):
    with pytest.raises(ModelFileError, match="cannot read the polarity reader"):
        pr.load_reader(tmp_path)
    for suffix in (".onnx", ".json", ".tokenizer.json"):
        shutil.copyfile(MODEL_DIR / f"{pr.READER_NAME}{suffix}", tmp_path / f"{pr.READER_NAME}{suffix}")
    onnx = tmp_path / f"{pr.READER_NAME}.onnx"
    onnx.write_bytes(onnx.read_bytes()[:1000])
    with pytest.raises(pr.ReaderFileError, match="not the ones its document names"):
        pr.load_reader(tmp_path)
    document = json.loads((tmp_path / f"{pr.READER_NAME}.json").read_text())
    document["onnx_sha256"] = hashlib.sha256(onnx.read_bytes()).hexdigest()
    (tmp_path / f"{pr.READER_NAME}.json").write_text(json.dumps(document))
    with pytest.raises(pr.ReaderFileError, match="cannot load the polarity reader"):
        pr.load_reader(tmp_path)


def test_the_shipped_reader_was_trained_on_the_labelled_set_as_it_is():
    """Retrain it (tools/train_polarity_reader.py) whenever the labelled set changes."""
    document = json.loads((MODEL_DIR / f"{pr.READER_NAME}.json").read_text(encoding="utf-8"))
    labelled = MODEL_DIR.parent / "data" / "themes_labelled.jsonl"
    assert document["trained_on"]["sha256"] == hashlib.sha256(labelled.read_bytes()).hexdigest()
    assert document["polarities"] == list(POLARITIES)
    weights = (MODEL_DIR / f"{pr.READER_NAME}.onnx").read_bytes()
    assert document["onnx_sha256"] == hashlib.sha256(weights).hexdigest()
