"""Summaries of a review's participation campaign: counts, averages, small numbers suppressed."""

from __future__ import annotations

from analysis.participation import summarise
from analysis.suppression import SECONDARY_LABEL, suppress_table

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
    rows = [{"took_part_as": "family", "understood": "5"}] * 5 + [
        {"took_part_as": "practitioner", "understood": "2"}
    ] * 5
    result = summarise(QUESTIONS, rows, k=5)
    assert not result.suppressed and result.respondents.label == "10"
    assert [q.key for q in result.questions] == ["took_part_as", "understood"]
    assert result.questions[1].average == 3.5 and result.questions[1].scale_max == 5


def test_a_single_hidden_count_takes_the_next_smallest_with_it():
    counts = suppress_table({"a": 2, "b": 7, "c": 9, "d": 0}, [["a", "b", "c", "d"]], k=5).counts
    assert counts["a"].label == "fewer than 5"
    assert counts["b"].suppressed and counts["b"].label == SECONDARY_LABEL
    assert counts["c"].label == "9" and counts["d"].label == "0"
    both = suppress_table({"a": 2, "b": 3, "c": 9}, [["a", "b", "c"]], k=5).counts
    assert both["c"].label == "9"


def test_unanswered_questions_and_unknown_values_do_not_break_the_summary():
    rows = [{"understood": ""}, {"understood": None}, {"understood": "n/a"}] + [{"understood": "3"}] * 5
    scale = summarise(QUESTIONS, rows, k=5).questions[1]
    # "n/a" (1) reads "fewer than 5" and "3" (5) "not shown", so 5 or more: beside 6 answered they could only be 1 and
    # 5, and nothing else is left to hide, so the number answered is hidden instead.
    assert scale.answered.label == SECONDARY_LABEL
    # One "n/a" is a hidden count, so the average that would give it away is withheld.
    assert scale.average is None


def test_no_average_is_shown_beside_a_hidden_count():
    # 3 people chose 1 and 10 chose 4: with 13 answers and an average of 3.31 shown, the hidden counts
    # solve exactly (a + b = 13, a + 4b = 43), which is how a review's results once leaked them.
    rows = [{"took_part_as": "family", "understood": "1"}] * 3 + [{"took_part_as": "family", "understood": "4"}] * 10
    scale = summarise(QUESTIONS, rows, k=5).questions[1]
    assert scale.answered.label == "13"
    assert scale.average is None
    shown = {o.value: o.count for o in scale.options}
    assert shown["1"].label == "fewer than 5" and shown["4"].label == SECONDARY_LABEL


def test_the_few_who_skipped_a_question_cannot_be_worked_out_from_the_respondents_shown_beside_it():
    # Seven answered the campaign and the page says so; "answered 5" beside it would tell that two skipped.
    rows = [{"took_part_as": "family", "understood": "4"}] * 5 + [{"took_part_as": "family"}] * 2
    result = summarise(QUESTIONS, rows, k=5)
    assert result.respondents.label == "7"
    scale = result.questions[1]
    assert scale.answered.suppressed and scale.answered.label == SECONDARY_LABEL
    assert scale.average is None and all(o.count.label != "5" for o in scale.options)
    everyone = result.questions[0]  # all seven answered it: nothing hidden
    assert everyone.answered.label == "7" and [o.count.label for o in everyone.options] == ["7", "0"]
