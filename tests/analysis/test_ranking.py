"""Ranking mentions into the 5–6 key areas of each kind, with the evidence for each rank."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.ranking import Mention, likert_mention, propose

START, END = dt.date(2026, 1, 1), dt.date(2026, 6, 30)


def _said(theme: str, n: int, *, polarity: str = "development", day: dt.date, source: str = "survey", prefix: str):
    return [Mention(theme, polarity, source, day, respondent=f"{prefix}{i}", agency=f"agency{i % 4}") for i in range(n)]


def test_a_theme_raised_by_many_and_growing_outranks_one_raised_once_by_one_source():
    many = _said("information_sharing", 4, day=dt.date(2026, 2, 1), prefix="a") + _said(
        "information_sharing", 12, day=dt.date(2026, 6, 1), prefix="b"
    )
    once = [
        Mention("recording", "development", "complaint", dt.date(2026, 3, 1), respondent="c1", strength=1.0),
        Mention("recording", "development", "complaint", dt.date(2026, 3, 2), respondent="c1", strength=1.0),
    ]
    proposal = propose(many + once, START, END)
    themes = [a.theme for a in proposal.development]
    assert themes == ["information_sharing", "recording"]
    top = proposal.development[0]
    assert top.respondents == 16 and top.trend == "growing" and top.agencies == 4
    assert proposal.development[1].respondents == 1  # the same person twice is one respondent


def test_learning_that_reviews_and_practitioners_agree_on_outranks_the_same_count_from_one_source():
    day = dt.date(2026, 4, 1)
    agreed = _said("voice_of_child", 5, day=day, prefix="p") + [
        Mention("voice_of_child", "development", "review", day, ref="lp1"),
    ]
    alone = _said("neglect", 8, day=day, prefix="q")
    proposal = propose(agreed + alone, START, END)
    assert [a.theme for a in proposal.development][:2] == ["voice_of_child", "neglect"]
    assert proposal.development[0].sources == {"review": 1, "survey": 5}
    assert proposal.development[0].refs == ("lp1",)


def test_good_practice_and_development_are_ranked_apart_and_neutral_counts_for_neither():
    day = dt.date(2026, 3, 1)
    mentions = (
        _said("supervision_workforce", 6, polarity="good_practice", day=day, prefix="g")
        + _said("supervision_workforce", 3, polarity="development", day=day, prefix="d")
        + _said("recording", 9, polarity="neutral", day=day, prefix="n")
    )
    proposal = propose(mentions, START, END, respondents=40)
    assert [a.theme for a in proposal.good_practice] == ["supervision_workforce"]
    assert [a.theme for a in proposal.development] == ["supervision_workforce"]
    assert proposal.good_practice[0].share == pytest.approx(6 / 40)
    assert proposal.respondents == 40


def test_at_most_six_areas_of_each_kind_and_a_single_comment_is_not_an_area():
    day = dt.date(2026, 3, 1)
    themes = ["a", "b", "c", "d", "e", "f", "g", "h"]
    mentions = [m for i, t in enumerate(themes) for m in _said(t, 2 + i, day=day, prefix=t)]
    mentions.append(Mention("lonely", "development", "survey", day, respondent="z"))
    proposal = propose(mentions, START, END)
    assert len(proposal.development) == 6
    assert [a.theme for a in proposal.development] == ["h", "g", "f", "e", "d", "c"]
    assert "lonely" not in [a.theme for a in proposal.development]


def test_mentions_outside_the_period_are_left_out():
    mentions = _said("neglect", 5, day=dt.date(2025, 12, 31), prefix="x") + _said(
        "neglect", 2, day=dt.date(2026, 1, 1), prefix="y"
    )
    proposal = propose(mentions, START, END)
    assert proposal.development[0].respondents == 2
    with pytest.raises(ValueError):
        propose(mentions, END, START)


def test_a_likert_answer_becomes_a_mention_by_its_side_of_the_midpoint():
    day = dt.date(2026, 3, 1)
    low = likert_mention("training_procedures", 1, 5, source="survey", on=day, respondent="r")
    high = likert_mention("training_procedures", 4, 5, source="survey", on=day, respondent="r")
    assert low is not None and low.polarity == "development" and low.strength == 1.0
    assert high is not None and high.polarity == "good_practice" and high.strength == 0.5
    assert likert_mention("training_procedures", 3, 5, source="survey", on=day, respondent="r") is None
    assert likert_mention("training_procedures", 9, 5, source="survey", on=day, respondent="r") is None
