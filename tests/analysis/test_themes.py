"""Theming: the shipped model's output, evidence, corrections, storage without pickles, offline loading."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import numpy as np
import pytest

from analysis.emerging import emerging_themes, uncovered
from analysis.theme_eval import cohen_kappa, theme_figures
from analysis.train import id_number
from analysis.themes import (
    MODEL_DIR,
    POLARITIES,
    CodebookTheme,
    Correction,
    LabelledText,
    ModelFileError,
    ThemeLabel,
    ThemeModel,
    clauses,
    is_held_out,
    load_model,
    nearest_columns,
    principal_directions,
    project,
    shipped_codebook,
    word_keys,
    train,
)

ROOT = Path(__file__).resolve().parents[2]

CODEBOOK = (
    CodebookTheme("information_sharing", ("shared information", "not told", "GP was not informed")),
    CodebookTheme("safer_sleep_sudi", ("safe sleep", "co-sleeping", "sofa")),
    CodebookTheme("online_harm", ("online", "social media", "phone")),
    CodebookTheme("recording", ("recorded", "case notes", "records")),
)

# A small labelled set in the four themes above, enough to train in a second or two.
SMALL = [
    ("information_sharing", "development", "The school was not told about the police callout to the home."),
    ("information_sharing", "development", "The GP was not informed of the referral and kept prescribing."),
    ("information_sharing", "development", "Health did not pass on what they knew to the social worker."),
    ("information_sharing", "good_practice", "Police shared information with the school the morning after."),
    ("information_sharing", "good_practice", "Everyone knew what was happening because the agencies talked."),
    ("information_sharing", "development", "Nobody let the nursery know that the family had moved."),
    ("safer_sleep_sudi", "development", "The baby was found on the sofa after co-sleeping with dad."),
    ("safer_sleep_sudi", "good_practice", "The health visitor went through safe sleep advice at every visit."),
    ("safer_sleep_sudi", "development", "Safe sleep advice was not repeated when the family circumstances changed."),
    ("safer_sleep_sudi", "good_practice", "The midwife checked where the baby would sleep and gave a leaflet."),
    ("safer_sleep_sudi", "development", "Nobody asked where the baby slept when parents had been drinking."),
    ("safer_sleep_sudi", "neutral", "The sleeping arrangements for the baby were a cot in the parents' room."),
    ("online_harm", "development", "He was groomed online through a game and nobody checked his phone."),
    ("online_harm", "good_practice", "The school ran a great session on staying safe on social media."),
    ("online_harm", "development", "Images of her were shared on social media and it was not followed up."),
    ("online_harm", "good_practice", "My daughter learnt how to block and report people online."),
    ("online_harm", "development", "Staff did not understand the apps young people use to talk to strangers."),
    ("online_harm", "neutral", "Most children in the survey had a phone by the age of eleven."),
    ("recording", "development", "The case notes were not updated for three months."),
    ("recording", "development", "Decisions at the meeting were not recorded so nobody knew what was agreed."),
    ("recording", "good_practice", "Records were clear and showed why each decision had been made."),
    ("recording", "good_practice", "The chronology in the file was kept up to date and was easy to follow."),
    ("recording", "development", "Important concerns were written in the wrong child's records."),
    ("recording", "neutral", "All contacts are recorded on the electronic system."),
]


def small_set() -> list[LabelledText]:
    return [LabelledText(f"s{i}", text, (ThemeLabel(theme, pol),)) for i, (theme, pol, text) in enumerate(SMALL)]


@pytest.fixture(scope="module")
def small_model() -> ThemeModel:
    return train(small_set(), CODEBOOK, threshold_folds=3)


@pytest.fixture(scope="module")
def shipped() -> ThemeModel:
    return load_model()


def test_each_text_gets_themes_with_polarity_score_evidence_and_a_tone(shipped):
    texts = [
        "The GP was not informed that the children had been placed on a child protection plan.",
        "The health visitor talked to us about safe sleep and where the baby should sleep, which really helped.",
        "Thank you.",
    ]
    results = shipped.predict(texts)
    assert len(results) == 3
    codebook = {t.id for t in shipped_codebook()}
    for result in results:
        out = result.as_dict()
        assert set(out) == {"themes", "sentiment"}
        assert set(out["sentiment"]) == {"polarity", "subjectivity"}
        assert -1.0 <= out["sentiment"]["polarity"] <= 1.0 and 0.0 <= out["sentiment"]["subjectivity"] <= 1.0
        for mention in out["themes"]:
            assert set(mention) == {"id", "polarity", "score", "evidence"}
            assert mention["id"] in codebook
            assert mention["polarity"] in POLARITIES
            assert 0.0 <= mention["score"] <= 1.0
        json.dumps(out)
    assert "information_sharing" in [m.id for m in results[0].themes]
    assert "safer_sleep_sudi" in [m.id for m in results[1].themes]
    assert results[1].sentiment.polarity > 0


def test_evidence_names_words_that_are_in_the_text(shipped):
    texts = [
        "The GP wasn\u2019t told about the referral, so nobody followed up the bruising on the baby.",
        "Dad was never invited to the core group and his views are not in the plan.",
        "Our social worker listened to my son and made sure his wishes and feelings were written down.",
    ]
    for text, result in zip(texts, shipped.predict(texts)):
        assert result.themes, text
        for mention in result.themes:
            assert mention.evidence, mention
            for item in mention.evidence:
                assert item in text, (item, text)


def test_an_explanation_gives_the_passage_each_theme_rests_on_and_the_same_evidence_as_predict(shipped):
    text = "Dad was never invited to the core group. The health visitor talked to us about safe sleep, which helped."
    predicted = {m.id: m for m in shipped.predict([text])[0].themes}

    # Asked for in any order, with a theme staff added that the model does not know.
    explained = shipped.explain(text, ["safer_sleep_sudi", "not_in_the_codebook", "fathers_male_carers"])

    # In the order asked, leaving out the theme the model does not know; each passage is the theme's own sentence.
    assert [e.id for e in explained] == ["safer_sleep_sudi", "fathers_male_carers"]
    assert explained[0].passage == "The health visitor talked to us about safe sleep, which helped."
    assert explained[1].passage == "Dad was never invited to the core group."
    assert [e.evidence for e in explained] == [predicted[e.id].evidence for e in explained]
    assert shipped.explain("   ", ["neglect"]) == [] and shipped.explain(text, []) == []


def test_a_theme_one_sentence_of_a_long_answer_speaks_to_is_not_averaged_away(shipped):
    sentences = {
        "fathers_male_carers": "Dad was never invited to the core group.",
        "safer_sleep_sudi": "The health visitor talked to us about safe sleep, which helped.",
        "supervision_workforce": "My supervision has been cancelled three months running.",
    }
    alone: dict[str, str] = {}
    for theme, sentence in sentences.items():
        read = {m.id: m.polarity for m in shipped.predict([sentence])[0].themes}
        assert theme in read
        alone.update(read)  # "core group" is also planning and review's, in the codebook
    answer = " ".join(sentences.values())

    [result] = shipped.predict([answer])

    # Each judged in its own sentence: the whole text's average would have kept one of the three.
    found = {m.id: m.polarity for m in result.themes}
    assert found == alone
    assert {theme: found[theme] for theme in sentences} == {
        "fathers_male_carers": "development",
        "safer_sleep_sudi": "good_practice",
        "supervision_workforce": "development",
    }


def test_in_a_longer_answer_a_theme_s_polarity_is_read_from_the_sentences_round_it(shipped):
    text = (
        "The plan never drifted; every review conference could point to what had changed for the children. "
        "Parents saw short breaks not only as time apart but as a chance for their children to build "
        "independence and self-reliance. No one ever asked me if I wanted to see my dad."
    )
    # Read with the whole answer, the last sentence's complaint made the plan a development need.
    assert shipped.polarity_of([text], ["planning_review"]) == ["good_practice"]


def test_polarity_reads_the_words_and_cues_of_the_clauses_either_side_of_the_focus_one(shipped):
    from analysis.themes import _around

    texts = [
        "Thank you.",
        "The plan was clear, but nobody reviewed it!",
        "Nobody came. It was late. We waited. Thanks school!",
    ]
    f = shipped.featuriser().features(texts)
    assert f.owner.tolist() == [0, 1, 1, 2, 2, 2, 2]
    bag, cues = _around(f, np.arange(7), f.owner)

    def same(row: int, text: int) -> bool:
        return np.allclose(bag[row].toarray(), f.texts.bag[text].toarray()) and (cues[row] == f.texts.cues[text]).all()

    # A text no longer than the window is read whole, from any of its clauses.
    assert same(0, 0) and same(1, 1) and same(2, 1)
    # In a longer one, a clause reads itself and its neighbours: "Nobody came." is not read with "Thanks school!".
    assert not any(same(row, 2) for row in range(3, 7))
    words = {shipped.featuriser().vocabulary[c] for c in bag[3].indices}
    assert {"nobody", "late"} <= words and "school" not in words


def test_evidence_starts_with_the_indicative_phrases_found(small_model):
    [result] = small_model.predict(["Mum said the GP was not informed about the move."])
    mention = next(m for m in result.themes if m.id == "information_sharing")
    assert mention.evidence[0] == "GP was not informed"


def test_a_staff_correction_changes_the_next_training_for_that_text(small_model):
    text = "The school did not hear about the move until the new term started."
    before = {m.id: m.polarity for m in small_model.predict([text])[0].themes}
    assert before == {"information_sharing": "development"}
    correction = Correction("response-41", text, (ThemeLabel("recording", "good_practice"),))
    retrained = train(small_set(), CODEBOOK, [correction], threshold_folds=3)
    after = {m.id: m.polarity for m in retrained.predict([text])[0].themes}
    assert after == {"recording": "good_practice"}
    assert retrained.metadata["corrections"] == 1


def test_a_correction_replaces_the_label_of_the_same_text_rather_than_adding_to_it():
    from analysis.themes import training_set

    rows = small_set()
    fix = Correction("staff-1", rows[0].text, (ThemeLabel("recording", "neutral"),))
    data = training_set(rows, [fix])
    assert len(data.texts) == len(rows)
    assert [labels for text, labels in zip(data.texts, data.labels) if text == rows[0].text] == [fix.themes]


def test_training_refuses_a_theme_or_polarity_outside_the_codebook():
    rows = small_set()
    with pytest.raises(ValueError, match="not a codebook theme"):
        train(rows + [LabelledText("x", "text", (ThemeLabel("astrology", "neutral"),))], CODEBOOK)
    with pytest.raises(ValueError, match="polarity"):
        train(rows + [LabelledText("x", "text", (ThemeLabel("recording", "awful"),))], CODEBOOK)


def test_the_same_training_data_gives_the_same_model_bytes(small_model):
    again = train(small_set(), CODEBOOK, threshold_folds=3)
    assert again.to_bytes()[0] == small_model.to_bytes()[0]


def test_a_saved_model_loads_to_the_same_predictions(small_model, tmp_path):
    small_model.save(tmp_path)
    loaded = load_model(tmp_path)
    texts = [text for _, _, text in SMALL[:6]]
    assert [r.as_dict() for r in loaded.predict(texts)] == [r.as_dict() for r in small_model.predict(texts)]


def test_the_nearest_labelled_texts_are_the_examples_never_the_sealed_corrections(small_model):
    fix = Correction(
        "c1", "Our records of the visits were muddled and incomplete.", (ThemeLabel("recording", "development"),)
    )
    corrected = train(small_set(), CODEBOOK, [fix], threshold_folds=3)
    assert len(corrected.neighbour_vectors) == len(small_model.neighbour_vectors) == len(SMALL)
    assert np.array_equal(corrected.neighbour_vectors, small_model.neighbour_vectors)
    # In memory, unit rows; stored, int8 steps of each row's largest value.
    assert np.allclose(np.linalg.norm(small_model.neighbour_vectors, axis=1), 1.0)
    with np.load(io.BytesIO(small_model.to_bytes()[0]), allow_pickle=False) as npz:
        assert npz["neighbour_vectors"].dtype == np.int8
        assert (np.abs(npz["neighbour_vectors"]).max(axis=1) == 127).all()


def test_polarity_neighbours_are_the_examples_mentions_never_the_sealed_corrections(small_model):
    fix = Correction(
        "c1", "Our records of the visits were muddled and incomplete.", (ThemeLabel("recording", "development"),)
    )
    corrected = train(small_set(), CODEBOOK, [fix], threshold_folds=3)
    # One row per labelled mention of the examples (one each here), with its theme and polarity.
    assert len(small_model.polarity_neighbour_vectors) == len(SMALL)
    assert np.array_equal(corrected.polarity_neighbour_vectors, small_model.polarity_neighbour_vectors)
    assert np.array_equal(corrected.polarity_neighbour_labels, small_model.polarity_neighbour_labels)
    theme_ids = [t.id for t in CODEBOOK]
    by_theme = sorted(SMALL, key=lambda row: theme_ids.index(row[0]))  # each theme's rows are one slice
    assert [theme_ids[int(j)] for j in small_model.polarity_neighbour_themes] == [t for t, _, _ in by_theme]
    assert [POLARITIES[int(k)] for k in small_model.polarity_neighbour_labels.argmax(axis=1)] == [
        p for _, p, _ in by_theme
    ]


def test_a_mentions_polarity_leans_to_the_nearest_labelled_mentions_of_its_theme(small_model, monkeypatch):
    import analysis.themes as themes

    text = "The sleeping arrangements for the baby were a cot in the parents' room."  # labelled neutral
    f = small_model.featuriser().features([text])
    sleep = np.array([[t.id for t in CODEBOOK].index("safer_sleep_sudi")])
    monkeypatch.setattr(themes, "POLARITY_NEIGHBOUR_SHARE", 0.0)
    classifier = small_model.mention_polarities(f, np.array([0]), sleep)[0]
    monkeypatch.setattr(themes, "POLARITY_NEIGHBOUR_SHARE", 1.0)
    neighbours = small_model.mention_polarities(f, np.array([0]), sleep)[0]
    # Its nearest mention of the theme is itself: the neighbours' share is mostly "neutral", whatever the
    # classifier makes of this one neutral sentence among development and good practice ones.
    assert POLARITIES[int(neighbours.argmax())] == "neutral"
    assert neighbours[POLARITIES.index("neutral")] > classifier[POLARITIES.index("neutral")]
    assert neighbours.sum() == pytest.approx(1.0)


def test_a_mentions_polarity_leans_to_the_labelled_texts_of_its_theme_nearest_in_words(monkeypatch):
    import analysis.themes as themes

    settings = [
        ("good_practice", "The youth worker checked the privacy settings on his tablet with him."),
        ("good_practice", "Mum and the nurse checked the privacy settings on the tablet together."),
        ("development", "Nobody checked the privacy settings on his tablet."),
    ]
    extra = [LabelledText(f"p{i}", text, (ThemeLabel("online_harm", pol),)) for i, (pol, text) in enumerate(settings)]
    model = train(small_set() + extra, CODEBOOK, threshold_folds=3)
    f = model.featuriser().features(["The foster carer checked the privacy settings on the tablet."])
    online = np.array([[t.id for t in CODEBOOK].index("online_harm")])
    monkeypatch.setattr(themes, "POLARITY_NEIGHBOUR_SHARE", 0.0)
    monkeypatch.setattr(themes, "WORD_NEIGHBOUR_SHARE", 0.0)
    classifier = model.mention_polarities(f, np.array([0]), online)[0]
    monkeypatch.setattr(themes, "WORD_NEIGHBOUR_SHARE", 1.0)
    words = model.mention_polarities(f, np.array([0]), online)[0]
    # "privacy settings" and "tablet" are in the two good-practice texts; in the third they follow "nobody", so
    # they are other terms there ("not_privacy"...), and that text is no neighbour: the vote is good practice.
    good = POLARITIES.index("good_practice")
    assert words[good] > 0.99 and words.sum() == pytest.approx(1.0)
    assert words[good] > classifier[good]
    # A text sharing no kept word with any labelled text of the theme keeps the classifier's reading.
    g = model.featuriser().features(["Zebra quartz."])
    monkeypatch.setattr(themes, "WORD_NEIGHBOUR_SHARE", 0.0)
    alone = model.mention_polarities(g, np.array([0]), online)[0]
    monkeypatch.setattr(themes, "WORD_NEIGHBOUR_SHARE", 1.0)
    assert np.allclose(model.mention_polarities(g, np.array([0]), online)[0], alone)


def test_reading_only_the_top_polarity_skips_the_settled_mentions_and_keeps_every_top(shipped, monkeypatch):
    # The classifier's own reading: with the polarity reader blended in, top_only reads every mention.
    monkeypatch.setattr(shipped, "reader", None)
    lines = (ROOT / "analysis/data/themes_labelled.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    sample = [r for r in rows if r["themes"]][-300:]
    texts = [r["text"] for r in sample for _ in r["themes"]]
    ids = [t.id for t in shipped.codebook]
    themes = np.array([ids.index(t["id"]) for r in sample for t in r["themes"]])
    f = shipped.featuriser().features(texts)
    every = shipped.mention_polarities(f, np.arange(len(texts)), themes)
    top = shipped.mention_polarities(f, np.arange(len(texts)), themes, top_only=True)
    assert np.array_equal(every.argmax(axis=1), top.argmax(axis=1))
    skipped = ~np.isclose(every, top).all(axis=1)
    assert 0 < skipped.sum() < len(texts)  # some mentions were settled without their word neighbours, not all


def test_word_rows_keep_the_terms_of_more_than_one_example_and_leave_out_the_common_ones():
    from analysis.themes import _word_rows

    rows = [np.array(r) for r in ([1, 2, 3], [2, 3], [3, 4], [5])]
    keys, idf, terms, starts = _word_rows(rows, max_df=0.5)
    # 1, 4 and 5 are in one example each (no neighbour to find); 3 is in three of four, more than half.
    assert keys.tolist() == [2.0]
    assert idf.tolist() == pytest.approx([np.log(5 / 3) + 1])
    assert terms.tolist() == [0.0, 0.0] and starts.tolist() == [0.0, 1.0, 2.0, 2.0, 2.0]
    # A term's key is the same in every process (not Python's salted hash) and fits a float32 exactly.
    assert word_keys(["phone", "phone", "a phone"]).tolist() == sorted(
        {zlib.crc32(b"phone") & 0xFFFFFF, zlib.crc32(b"a phone") & 0xFFFFFF}
    )


def test_words_after_a_negator_are_other_terms_to_the_clauses_end():
    from analysis.themes import negated_terms, tokens_of

    terms = negated_terms(tokens_of("We were never listened to and the plan wasn't shared"))
    assert "not_listened" in terms and "not_plan" in terms and "not_shared" in terms
    assert "listened" not in terms and "shared" not in terms
    assert "not_to" not in terms  # a stopword stays as it is
    unigrams = ["listened", "shared", "plan"]
    bigrams = ["they listened", "listened and", "and shared", "shared the", "the plan"]
    assert negated_terms(tokens_of("They listened and shared the plan")) == unigrams + bigrams


def test_word_rows_are_the_examples_never_the_sealed_corrections(small_model):
    fix = Correction(
        "c1", "Our records of the visits were muddled and incomplete.", (ThemeLabel("recording", "development"),)
    )
    corrected = train(small_set(), CODEBOOK, [fix], threshold_folds=3)
    assert len(corrected.word_starts) - 1 == len(small_model.word_starts) - 1 == len(SMALL)
    assert np.array_equal(corrected.neighbour_polarities, small_model.neighbour_polarities)
    ids = [t.id for t in CODEBOOK]
    for i, (theme, polarity, _) in enumerate(SMALL):
        row = small_model.neighbour_polarities[i]
        assert row[ids.index(theme)] == POLARITIES.index(polarity) and (np.delete(row, ids.index(theme)) == -1).all()
    # The kept terms are the examples': none that only the correction uses.
    assert np.array_equal(corrected.word_keys, small_model.word_keys)
    assert word_keys(["muddled"])[0] not in set(corrected.word_keys.astype(int).tolist())


def save_with(model: ThemeModel, folder: Path, name: str, values: np.ndarray) -> None:
    """Save the model into the folder with one of its .npz arrays replaced (pickled if it holds objects)."""
    model.save(folder)
    blob = io.BytesIO()
    with zipfile.ZipFile(folder / "themes.npz") as source, zipfile.ZipFile(blob, "w") as target:
        for member in source.namelist():
            if member == f"{name}.npy":
                array = io.BytesIO()
                np.save(array, values, allow_pickle=values.dtype == object)
                target.writestr(member, array.getvalue())
            else:
                target.writestr(member, source.read(member))
    (folder / "themes.npz").write_bytes(blob.getvalue())


def test_a_model_whose_word_rows_do_not_fit_is_refused(small_model, tmp_path):
    save_with(small_model, tmp_path, "word_terms", np.full(len(small_model.word_terms), 10**6, dtype=np.float32))
    with pytest.raises(ModelFileError, match="word rows"):
        load_model(tmp_path)


def test_a_themes_own_polarity_weights_move_that_themes_mentions_only(small_model):
    import dataclasses

    import analysis.themes as themes

    text = "The school was not told about the police callout to the home."
    ids = [t.id for t in CODEBOOK]
    sharing, records = ids.index("information_sharing"), ids.index("recording")
    before = small_model.polarity_of([text, text], ["information_sharing", "recording"])
    # Weights for "recording" alone that point along this text's focus clause, towards "neutral".
    f = small_model.featuriser().features([text])
    rows = small_model.focus_rows(f, np.array([0]), np.array([records]))
    onehot = np.eye(len(CODEBOOK), dtype=np.float32)[[records]]
    focus = themes._polarity_parts(f, rows, np.array([0]), onehot)[0][0]  # the focus clause's embedding
    z = (focus - small_model.polarity_mean[: themes.DIMENSIONS]) / small_model.polarity_scale[: themes.DIMENSIONS]
    own = small_model.polarity_theme_coef.copy()
    block = slice(records * themes.DIMENSIONS, (records + 1) * themes.DIMENSIONS)
    own[POLARITIES.index("neutral"), block] += 100.0 * z / float(z @ z)
    model = dataclasses.replace(small_model, polarity_theme_coef=own, _polarity_pools=None)
    after = model.polarity_of([text, text], ["information_sharing", "recording"])
    assert after == [before[0], "neutral"]
    assert before[1] != "neutral"
    assert small_model.polarity_theme_coef[:, sharing * themes.DIMENSIONS].any()  # trained, not left at zero


def test_a_text_like_a_labelled_one_leans_to_its_themes(small_model):
    texts = ["The baby slept on the sofa with dad after he had been drinking."]
    f = small_model.featuriser().features(texts)
    probs = small_model.theme_probs(f.texts)[0]
    assert small_model.theme_ids[int(probs.argmax())] == "safer_sleep_sudi"
    assert 0.0 <= probs.min() and probs.max() <= 1.0


def test_the_shipped_model_files_hold_plain_arrays_and_json_only():
    with np.load(MODEL_DIR / "themes.npz", allow_pickle=False) as npz:
        for name in npz.files:
            int8 = name in ("neighbour_vectors", "polarity_neighbour_vectors")
            assert npz[name].dtype == (np.int8 if int8 else np.float32), name
    doc = json.loads((MODEL_DIR / "themes.json").read_text(encoding="utf-8"))
    assert doc["metadata"]["trained_on"] and doc["metadata"]["texts"] > 0
    assert "held_out_evaluation" in doc["metadata"]


def test_a_model_file_holding_a_pickle_is_refused(small_model, tmp_path):
    save_with(small_model, tmp_path, "thresholds", np.array([object()] * 4, dtype=object))
    with pytest.raises(ModelFileError):
        load_model(tmp_path)


def test_a_missing_or_mismatched_model_is_a_clear_error(small_model, tmp_path):
    with pytest.raises(ModelFileError, match="cannot read"):
        load_model(tmp_path)
    small_model.save(tmp_path)
    doc = json.loads((tmp_path / "themes.json").read_text())
    doc["vocabulary"] = doc["vocabulary"][:-1]
    (tmp_path / "themes.json").write_text(json.dumps(doc))
    with pytest.raises(ModelFileError, match="shape"):
        load_model(tmp_path)


def test_the_model_loads_and_themes_with_the_network_unavailable(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(
        "import socket\n"
        "def _refuse(*args, **kwargs):\n"
        "    raise OSError('network unavailable in this test')\n"
        "socket.socket.connect = _refuse\n"
        "socket.socket.connect_ex = _refuse\n"
        "socket.create_connection = _refuse\n"
        "socket.getaddrinfo = _refuse\n"
    )
    home = tmp_path / "home"  # no cache of any earlier download to fall back on
    home.mkdir()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": os.pathsep.join([str(site), str(ROOT)]),
        "HOME": str(home),
        "XDG_CACHE_HOME": str(home / ".cache"),
    }
    script = (
        "import socket, json\n"
        "try:\n"
        "    socket.create_connection(('example.org', 443))\n"
        "    raise SystemExit('the network was reachable')\n"
        "except OSError:\n"
        "    pass\n"
        "from analysis.themes import load_model\n"
        "model = load_model()\n"
        "assert model.reader is not None, 'the polarity reader did not load'\n"
        "[r] = model.predict(['Dad was never asked about his drinking and nobody told the GP.'])\n"
        "print(json.dumps(r.as_dict()))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["themes"]


def test_labelled_ids_order_by_number_past_four_digits():
    ids = ["t0001", "t1742", "t9999", "t10000"]
    assert sorted(ids, key=id_number) == ids
    assert sorted(ids) != ids  # the padded text alone would put t10000 before t1742


def test_held_out_fifth_is_fixed_by_id():
    ids = [f"t{i:04d}" for i in range(1, 1001)]
    held = [i for i in ids if is_held_out(i)]
    assert 150 < len(held) < 250
    assert held == [i for i in ids if is_held_out(i)]


def test_clauses_split_sentences_and_contrasts():
    assert clauses("The plan was good, but nobody reviewed it. Dad was ignored!") == [
        "The plan was good,",
        "but nobody reviewed it.",
        "Dad was ignored!",
    ]
    assert clauses("") == [""]


def test_cohen_kappa_matches_worked_examples():
    assert cohen_kappa(["a", "b", "a", "b"], ["a", "b", "a", "b"]) == 1.0
    assert cohen_kappa(["a", "a", "b", "b"], ["a", "b", "a", "b"]) == 0.0
    # 20 items: 15 agree; both say "yes" half the time -> expected 0.5, kappa 0.5
    a = ["y"] * 10 + ["n"] * 10
    b = ["y"] * 8 + ["n"] * 2 + ["y"] * 3 + ["n"] * 7
    assert cohen_kappa(a, b) == pytest.approx((15 / 20 - 0.5) / 0.5, abs=1e-9)


def test_theme_figures_average_f1_over_themes_the_reference_uses():
    figures = theme_figures(
        [{"a": "development"}, {"b": "neutral"}, {}],
        [{"a": "development"}, {"a": "neutral"}, {"c": "neutral"}],
        ["a", "b", "c", "d"],
    )
    assert set(figures["per_theme"]) == {"a", "c"}
    assert figures["per_theme"]["a"] == {"precision": 1.0, "recall": 0.5, "f1": 0.667, "support": 2}
    assert figures["theme_macro_f1"] == pytest.approx((0.667 + 0.0) / 2, abs=1e-3)


def test_emerging_themes_find_a_recurring_topic_the_codebook_lacks():
    transport = [
        "We could not get to the appointments because there is no bus and taxi fares cost too much.",
        "The bus to the clinic only runs twice a day so we missed the appointment.",
        "Travel costs for the bus and taxi to the hospital are too much for us.",
        "No bus on Sundays, and a taxi to contact visits costs twenty pounds.",
        "Without a car the bus takes two hours to the family centre.",
    ]
    other = [
        "The food bank voucher came too late for the weekend.",
        "Our housing is damp and the landlord will not fix the mould.",
        "The housing officer never replied about the mould in the bedroom.",
        "I was given a food bank voucher and it really helped.",
        "The damp in the flat makes the baby cough, the landlord ignores it.",
        "Food bank parcels kept us going over the holidays.",
    ]
    texts = other[:3] + transport + other[3:]
    found = emerging_themes(texts, topics=3, min_size=3)
    assert found
    bus = next(t for t in found if "bus" in t.terms)
    assert set(bus.examples) <= {3, 4, 5, 6, 7}
    assert len(bus.examples) == 3
    assert emerging_themes(texts[:3]) == []


def test_uncovered_picks_texts_without_a_confident_theme(small_model):
    results = small_model.predict(["The case notes were not updated.", "The car park was full."])
    assert uncovered(results) == [1]


def test_a_theme_word_outside_the_codebook_phrases_lights_that_themes_lexicon_feature():
    from analysis.embedding import load_embedder
    from analysis.themes import Featuriser

    codebook = shipped_codebook()
    featuriser = Featuriser(codebook, (), load_embedder())
    text = "Mum is on a methadone script and had a relapse."
    pv = [t.id for t in codebook].index("parental_vulnerabilities")
    assert not featuriser.matched_phrases(text, pv)  # no indicative phrase of the codebook occurs
    f = featuriser.features([text, "The car park was full."])
    assert f.texts.lexicon[0, pv] == 1.0
    assert f.texts.lexicon[1].sum() == 0.0


def test_a_negation_turns_a_mention_into_a_development_need(shipped):
    texts = [
        "The social worker listened to us and kept us informed at every stage.",
        "The social worker never listened to us and we were not kept informed at any stage.",
        "The GP shared information with the school promptly.",
        "The GP did not share information with the school.",
    ]
    themes = ["family_engagement", "family_engagement", "information_sharing", "information_sharing"]
    assert shipped.polarity_of(texts, themes) == ["good_practice", "development", "good_practice", "development"]


def test_a_model_trained_with_other_lexicon_words_is_refused(small_model, tmp_path):
    small_model.save(tmp_path)
    doc = json.loads((tmp_path / "themes.json").read_text())
    doc["lexicon"]["recording"] = ["scribbles"]
    (tmp_path / "themes.json").write_text(json.dumps(doc))
    with pytest.raises(ModelFileError, match="lexicon"):
        load_model(tmp_path)


def test_no_word_of_a_text_read_is_kept_in_memory_after_predict(shipped):
    from analysis import tone

    shipped.predict(["Zebedee-the-caseworker never once visited us at home."])

    # The tone memo holds each text's words while a call runs: respondents' words, once answers are opened.
    assert tone._lexicon().memo == {}


@pytest.mark.parametrize("columns", [50, 3_000, 9_000, 40_000])
def test_the_nearest_columns_are_each_rows_largest_whether_sampled_or_partitioned(columns: int) -> None:
    rng = np.random.default_rng(columns)
    sims = rng.uniform(-1, 1, size=(70, columns)).astype(np.float32)
    sims[3] = 0.25  # a row of ties: any ten of them are its ten largest
    sims[5, :: columns // 7] = 0.99  # the largest few of a row outside the sampled columns too
    top = nearest_columns(sims, 10)
    assert top.shape == (70, 10)
    for row, picked in zip(sims, top):
        assert len(set(picked.tolist())) == 10
        assert np.array_equal(np.sort(row[picked]), np.sort(row)[-10:])


def test_a_row_that_compares_with_nothing_still_gets_its_nearest_columns() -> None:
    sims = np.random.default_rng(1).uniform(-1, 1, size=(4, 20_000)).astype(np.float32)
    sims[2, 100:15_000] = np.nan
    top = nearest_columns(sims, 10)
    assert top.shape == (4, 10)
    assert np.array_equal(np.sort(sims[0, top[0]]), np.sort(sims[0])[-10:])


def test_neighbours_are_compared_along_the_rows_leading_directions_when_there_are_enough_rows() -> None:
    rng = np.random.default_rng(3)
    # 500 unit rows that vary along 8 of 16 directions, and a little along the rest.
    rows = rng.normal(size=(500, 8)) @ rng.normal(size=(8, 16)) + 0.01 * rng.normal(size=(500, 16))
    rows = (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)
    projection = principal_directions(rows, 8)
    assert projection is not None and projection.shape == (16, 8)
    assert np.allclose(projection.T @ projection, np.eye(8), atol=1e-5)
    projected = project(rows, projection)
    assert np.allclose(np.linalg.norm(projected, axis=1), 1.0, atol=1e-5)
    # The cosines between rows hardly move: what they differ in lies along the kept directions.
    assert np.abs(projected @ projected.T - rows @ rows.T).max() < 0.01
    # Flipping a direction's sign changes no cosine.
    flipped = projection.copy()
    flipped[:, 0] *= -1
    again = project(rows, flipped)
    assert np.allclose(again @ again.T, projected @ projected.T, atol=1e-5)
    assert not project(np.zeros((2, 16), np.float32), projection).any()
    # Too few rows for the directions asked, or as many directions as there are: the rows as they are.
    assert principal_directions(rows[:15], 8) is None and principal_directions(rows, 16) is None
    assert project(rows, None) is rows


def test_rows_of_mostly_zeros_get_their_few_positive_columns_among_their_nearest() -> None:
    rng = np.random.default_rng(2)
    sims = np.zeros((40, 3_000), dtype=np.float32)
    for row in sims:  # words shared with a few texts only: 3 to 30 positive cosines, the rest 0
        picked = rng.choice(3_000, size=rng.integers(3, 30), replace=False)
        row[picked] = rng.uniform(0.05, 1.0, size=len(picked))
    top = nearest_columns(sims, 10)
    for row, picked in zip(sims, top):
        positive = np.flatnonzero(row > 0)
        wanted = positive[np.argsort(-row[positive])][:10]
        assert set(wanted.tolist()) <= set(picked.tolist())
        assert np.array_equal(np.sort(row[picked]), np.sort(row)[-10:])


def test_a_row_with_no_more_columns_than_asked_for_gets_them_all() -> None:
    sims = np.random.default_rng(4).uniform(-1, 1, size=(3, 6)).astype(np.float32)
    assert np.array_equal(nearest_columns(sims, 10), np.tile(np.arange(6), (3, 1)))


def test_a_predict_call_reuses_its_scratch_space_for_the_same_scores_and_drops_it_at_the_end(shipped):
    import analysis.themes as themes

    rng = np.random.default_rng(3)
    columns = rng.standard_normal((8, 300)).astype(np.float32)
    columns /= np.linalg.norm(columns, axis=0, keepdims=True)
    labels = (rng.random((300, 4)) < 0.3).astype(np.float32)
    queries = rng.standard_normal((40, 8)).astype(np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    plain = [themes.neighbour_scores(queries[:n], columns, labels) for n in (40, 7, 40)]
    themes._SCRATCH.space = np.empty(0, dtype=np.float32)  # as predict() sets it
    try:
        reused = [themes.neighbour_scores(queries[:n], columns, labels) for n in (40, 7, 40)]
    finally:
        themes._SCRATCH.space = None
    for a, b in zip(plain, reused):
        np.testing.assert_array_equal(a, b)

    shipped.predict(["The school shared the plan with the family."], evidence=False)
    assert themes._SCRATCH.space is None  # 40 MB kept past the call would be kept by every thread that themed
