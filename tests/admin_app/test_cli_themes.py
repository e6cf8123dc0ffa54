"""`learning-loop themes classify FILE`: one JSON line out per text in; bad input named by line, exit code 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from admin_app.cli import main
from analysis.theme_input import InputError, parse_texts
from analysis.themes import POLARITIES


def classify(path: Path | str, stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(main, ["themes", "classify", str(path)], input=stdin, catch_exceptions=False)


def test_plain_lines_give_one_json_line_each_with_themes_and_sentiment(tmp_path):
    source = tmp_path / "comments.txt"
    source.write_text(
        "The GP was not told about the referral.\n\nThe health visitor explained safe sleep really well.\nThanks\n",
        encoding="utf-8",
    )
    result = classify(source)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 3  # the blank line is not a text
    for out in lines:
        assert set(out) == {"themes", "sentiment"}
        assert set(out["sentiment"]) == {"polarity", "subjectivity"}
        for mention in out["themes"]:
            assert set(mention) == {"id", "polarity", "score", "evidence"}
            assert mention["polarity"] in POLARITIES
    assert "information_sharing" in [m["id"] for m in lines[0]["themes"]]
    assert "safer_sleep_sudi" in [m["id"] for m in lines[1]["themes"]]


def test_json_lines_are_read_by_their_text_field_and_keep_their_id(tmp_path):
    source = tmp_path / "export.jsonl"
    rows = [
        {"id": 17, "text": "Nobody asked where the baby slept.", "agency": "health"},
        {"id": "b", "text": "My social worker listened to me."},
    ]
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = classify(source)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["17", "b"]
    assert set(lines[0]) == {"id", "themes", "sentiment"}


def test_standard_input_is_read_for_a_dash():
    result = classify("-", stdin="Dad was never invited to the meetings.\n".encode())
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"\n  \n", "is empty"),
        (b'{"text": "fine"}\n{"text": "broken"\n', "line 2: not valid JSON"),
        (b'{"text": "fine"}\n\n{"words": "no text field"}\n', 'line 3: expected a JSON object with a "text" string'),
        (b'{"text": "fine"}\n[1, 2]\n', "line 2: expected a JSON object"),
        (b"first line\nsecond \xff\xfe line\n", "line 2: not valid UTF-8"),
        # JSON can escape half of a character, which no program can print or read as text
        (b'{"text": "fine"}\n{"text": "half \\ud800 of one"}\n', "line 2: a \\u escape that is half of a character"),
        (b'{"id": "\\udc00", "text": "fine"}\n', "line 1: a \\u escape that is half of a character"),
        (b'{"text": "deep", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n", "line 1: not valid JSON (nested"),
        # Python reads no whole number of more than 4300 digits (a ValueError, not a JSONDecodeError)
        (b'{"text": "fine"}\n{"id": ' + b"9" * 5000 + b', "text": "long id"}\n', "line 2: not valid JSON (a number"),
        # an id is carried through as written: an object, a list, true or NaN would come out as Python's repr
        (
            b'{"text": "fine", "id": 7}\n{"id": {"a": [1]}, "text": "x"}\n',
            'line 2: an "id" must be a string or a number',
        ),
        (b'{"id": NaN, "text": "x"}\n', 'line 1: an "id" must be a string or a number'),
        (b'{"id": true, "text": "x"}\n', 'line 1: an "id" must be a string or a number'),
    ],
)
def test_bad_input_is_named_by_line_with_exit_code_2_and_nothing_printed(tmp_path, content, message):
    source = tmp_path / "bad.txt"
    source.write_bytes(content)
    result = classify(source)
    assert result.exit_code == 2
    assert message in result.stderr
    assert str(source) in result.stderr
    assert result.stdout == ""


def test_a_missing_file_is_exit_code_2(tmp_path):
    result = classify(tmp_path / "nowhere.txt")
    assert result.exit_code == 2
    assert "nowhere.txt" in result.stderr


def test_parse_texts_strips_a_byte_order_mark_and_carriage_returns():
    texts = parse_texts("\ufefffirst\r\nsecond\r\n".encode(), "x")
    assert [(t.line, t.text) for t in texts] == [(1, "first"), (2, "second")]
    with pytest.raises(InputError, match="x line 1: not valid UTF-8"):
        parse_texts(b"\xc3(", "x")


def test_classifying_needs_no_server_settings_so_a_partner_can_run_it_on_their_own_machine(tmp_path):
    source = tmp_path / "comments.txt"
    source.write_text("The GP was not told about the referral.\n", encoding="utf-8")
    # Production with no secret, database or mail key set: the server would refuse to start; the classifier need not.
    result = CliRunner().invoke(
        main,
        ["themes", "classify", str(source)],
        env={"LEARNING_LOOP_ENVIRONMENT": "production", "LEARNING_LOOP_INSTANCE_PATH": str(tmp_path / "none")},
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert "information_sharing" in result.stdout
    assert not (tmp_path / "none").exists()  # nothing made for a server that is not there
