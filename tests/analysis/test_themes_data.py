"""The labelled theming set (analysis/data/themes_labelled.jsonl) is well formed and big enough to train on."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from core.services.themes import codebook

ROOT = Path(__file__).resolve().parents[2]
DATASET = ROOT / "analysis" / "data" / "themes_labelled.jsonl"
SOURCE = ROOT / "tests" / "data" / "themes_labelled_source.txt"
KEYS = {"id", "text", "voice", "themes", "source"}
VOICES = {"practitioner", "parent", "young_person", "complaint", "compliment", "review_finding", "audit_finding"}
POLARITIES = {"development", "good_practice", "neutral"}
THEME_IDS = {theme["id"] for theme in codebook()["themes"]}
MIN_TEXTS = 600
MIN_PER_THEME = 20


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    lines = DATASET.read_text(encoding="utf-8").splitlines()
    parsed = []
    for number, line in enumerate(lines, 1):
        try:
            parsed.append(json.loads(line))
        except json.JSONDecodeError as error:
            pytest.fail(f"line {number} is not JSON: {error}")
    return parsed


def test_every_row_has_exactly_the_schema_keys_with_the_right_types(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        assert set(row) == KEYS, row.get("id")
        assert re.fullmatch(r"t\d{4,}", row["id"]), row["id"]  # t0001 ... t9999, t10000 ...
        assert isinstance(row["text"], str) and row["text"].strip() == row["text"] and row["text"], row["id"]
        assert isinstance(row["source"], str) and row["source"], row["id"]
        assert isinstance(row["themes"], list), row["id"]
        for theme in row["themes"]:
            assert set(theme) == {"id", "polarity"}, row["id"]


def test_voices_theme_ids_and_polarities_come_from_the_codebook(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        assert row["voice"] in VOICES, row["id"]
        for theme in row["themes"]:
            assert theme["id"] in THEME_IDS, (row["id"], theme["id"])
            assert theme["polarity"] in POLARITIES, (row["id"], theme["polarity"])


def test_a_text_names_each_theme_at_most_once_and_at_most_three_themes(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        ids = [theme["id"] for theme in row["themes"]]
        assert len(ids) == len(set(ids)), row["id"]
        assert len(ids) <= 3, row["id"]


def test_ids_are_unique_and_follow_file_order(rows: list[dict[str, Any]]) -> None:
    assert [row["id"] for row in rows] == [f"t{n:04d}" for n in range(1, len(rows) + 1)]


def test_texts_are_unique_ignoring_case_and_spacing(rows: list[dict[str, Any]]) -> None:
    normalised = Counter(" ".join(row["text"].lower().split()) for row in rows)
    assert [text for text, count in normalised.items() if count > 1] == []


def test_the_set_is_big_enough_and_every_theme_has_enough_examples(rows: list[dict[str, Any]]) -> None:
    assert len(rows) >= MIN_TEXTS
    per_theme = Counter(theme["id"] for row in rows for theme in row["themes"])
    thin = {theme: per_theme.get(theme, 0) for theme in THEME_IDS if per_theme.get(theme, 0) < MIN_PER_THEME}
    assert thin == {}


def test_the_mix_is_realistic_multi_label_off_topic_and_every_voice(rows: list[dict[str, Any]]) -> None:
    total = len(rows)
    multi = sum(1 for row in rows if len(row["themes"]) >= 2) / total
    empty = sum(1 for row in rows if not row["themes"]) / total
    assert 0.25 <= multi <= 0.5
    assert 0.02 <= empty <= 0.1
    voices = Counter(row["voice"] for row in rows)
    assert all(voices[voice] / total >= 0.04 for voice in VOICES), voices
    polarities = Counter(theme["polarity"] for row in rows for theme in row["themes"])
    assert all(polarities[polarity] / sum(polarities.values()) >= 0.05 for polarity in POLARITIES), polarities


def test_texts_carry_no_obvious_identifiers(rows: list[dict[str, Any]]) -> None:
    phone = re.compile(r"\b0\d{3,4}\s?\d{3}\s?\d{3,4}\b")
    email = re.compile(r"\S+@\S+\.\w+")
    for row in rows:
        assert not phone.search(row["text"]) and not email.search(row["text"]), row["id"]


def test_the_jsonl_is_what_the_source_file_builds(tmp_path: Path) -> None:
    # The source file is the one people edit; a hand edit to the JSONL alone would be lost on rebuild.
    script = ROOT / "bench" / "themes_labelled_build.py"
    before = DATASET.read_bytes()
    result = subprocess.run([sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, check=False)
    after = DATASET.read_bytes()
    if after != before:
        DATASET.write_bytes(before)
    assert result.returncode == 0, result.stderr
    assert after == before
