"""Summaries of a review's participation campaign: counts, averages, small numbers suppressed."""

from __future__ import annotations

from analysis.participation import SECONDARY_LABEL, secondary_suppress, summarise

QUESTIONS = [
    {
        "key": "took_part_as",
        "kind": "single",
        "prompt": "How did you take part?",
        "options": [{"value": "family", "label": "Family"}, {"value": "practitioner", "label": "Practitioner"}],
    },
    {
        "key": "understood",
        "kind": "likert",
        "prompt": "I understood why",
        "options": [{"value": str(n), "label": str(n)} for n in range(1, 6)],
    },
    {"key": "better", "kind": "text", "prompt": "What would have made it better?"},
]


def test_fewer_than_k_respondents_show_nothing_but_fewer_than_k():
    result = summarise(QUESTIONS, [{"took_part_as": "family", "understood": "4", "better": "x"}] * 4, k=5)
    assert result.suppressed and result.respondents.label == "fewer than 5"
    scale = result.questions[1]
    assert scale.average is None and scale.answered.label == "fewer than 5"


def test_averages_are_given_from_k_answers_and_free_text_is_left_out():
    rows = [{"took_part_as": "family", "understood": "5"}] * 3 + [
        {"took_part_as": "practitioner", "understood": "2"}
    ] * 3
    result = summarise(QUESTIONS, rows, k=5)
    assert not result.suppressed and result.respondents.label == "6"
    assert [q.key for q in result.questions] == ["took_part_as", "understood"]
    assert result.questions[1].average == 3.5 and result.questions[1].scale_max == 5


def test_a_single_hidden_count_takes_the_next_smallest_with_it():
    counts = secondary_suppress({"a": 2, "b": 7, "c": 9, "d": 0}, k=5)
    assert counts["a"].label == "fewer than 5"
    assert counts["b"].suppressed and counts["b"].label == SECONDARY_LABEL
    assert counts["c"].label == "9" and counts["d"].label == "0"
    both = secondary_suppress({"a": 2, "b": 3, "c": 9}, k=5)
    assert both["c"].label == "9"


def test_unanswered_questions_and_unknown_values_do_not_break_the_summary():
    rows = [{"understood": ""}, {"understood": None}, {"understood": "n/a"}] + [{"understood": "3"}] * 5
    scale = summarise(QUESTIONS, rows, k=5).questions[1]
    assert scale.answered.label == "6" and scale.average == 3.0
