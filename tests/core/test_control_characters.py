"""One rule for control characters: single-line text holds none and no line break; several lines keep LF and tab."""

from __future__ import annotations

import pytest

from core.control_characters import (
    has_control_characters,
    multi_line_problem,
    normalise_line_breaks,
    remove_invisible_controls,
    single_line_problem,
)

# C0 (tab and line breaks apart), DEL, C1, and the bidi overrides, embeddings and isolates.
INVISIBLE = ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9b", "\u202a", "\u202e", "\u2066", "\u2069"]


@pytest.mark.parametrize("control", INVISIBLE, ids=repr)
def test_a_single_line_field_refuses_every_control_and_bidi_override(control):
    assert single_line_problem(f"Thresholds{control}", "the title") == "The title must not contain control characters"


@pytest.mark.parametrize("line_break", ["\n", "\r\n", "\r", "\u2028", "\u2029"], ids=repr)
def test_a_single_line_field_refuses_a_line_break(line_break):
    assert single_line_problem(f"Thresholds{line_break}and early help", "the title") == "The title must be on one line"


def test_a_single_line_field_refuses_a_tab_and_takes_other_scripts_and_marks():
    assert single_line_problem("Young\tcarers", "the name") == "The name must not contain control characters"
    assert single_line_problem("Jeunes aidants – été «Café» 你好 שלום", "the name") is None


@pytest.mark.parametrize("control", INVISIBLE, ids=repr)
def test_several_lines_keep_tab_and_line_feeds_and_refuse_the_other_controls(control):
    assert multi_line_problem("One\n\tTwo\r\nThree", "the summary") is None
    assert multi_line_problem(f"One\n{control}Two", "the summary") == "The summary must not contain control characters"
    assert has_control_characters(control)


def test_line_breaks_become_line_feeds():
    assert normalise_line_breaks("a\r\nb\rc\u2028d\ne") == "a\nb\nc\nd\ne"


def test_the_public_rule_removes_the_invisible_controls_and_keeps_the_words():
    assert (
        remove_invisible_controls("Bell\x07 esc\x1b[31m nul\x00\u202eevil\r\nnext\tline")
        == "Bell esc[31m nulevil\nnext\tline"
    )
