"""Section 11 comparison: the matrix, change between cycles, and self vs moderated gaps."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from analysis.section11 import (
    RAG,
    SCORE,
    Assessment,
    build_matrix,
    compare_cycles,
    moderation_gaps,
    scale_for,
    summarise_changes,
    trend_across_cycles,
)

STANDARDS = ["senior_accountability", "listening_to_children", "escalation"]


def cycle_2024() -> list[Assessment]:
    return [
        Assessment("Police", "senior_accountability", "3", "2"),
        Assessment("Police", "listening_to_children", "2", "1"),
        Assessment("Police", "escalation", "1", "1"),
        Assessment("Health", "senior_accountability", "2", "2"),
        Assessment("Health", "listening_to_children", "1", "2"),
        Assessment("Health", "escalation", "2", None),
    ]


def cycle_2026() -> list[Assessment]:
    return [
        Assessment("Police", "senior_accountability", "3", "3"),
        Assessment("Police", "listening_to_children", "2", "2"),
        Assessment("Police", "escalation", "1", "0"),
        Assessment("Health", "senior_accountability", "2", "2"),
        Assessment("Schools", "escalation", "2", "2"),
    ]


def test_seeded_standards_are_the_usual_ten_with_stable_ids_and_descriptions() -> None:
    data = json.loads((resources.files("core.data") / "section11_standards.json").read_text("utf-8"))
    standards = data["standards"]
    assert len(standards) == 10
    assert len({s["id"] for s in standards}) == 10
    assert [s["number"] for s in standards] == list(range(1, 11))
    assert all(s["title"] and len(s["description"]) > 40 for s in standards)
    titles = " ".join(s["title"].lower() for s in standards)
    for word in (
        "senior",
        "board",
        "listening",
        "whistleblowing",
        "escalation",
        "information sharing",
        "designated",
        "safer recruitment",
        "supervision",
        "allegations",
    ):
        assert word in titles


def test_scales_read_stored_values_and_refuse_unknown_ones() -> None:
    assert SCORE.level(2) == SCORE.level("2") and SCORE.level("2").label == "2 – met"  # type: ignore[union-attr]
    assert RAG.level(" Amber ").rank == 1  # type: ignore[union-attr]
    assert SCORE.level("4") is None and SCORE.level(None) is None and RAG.level("") is None
    assert scale_for("rag") is RAG
    with pytest.raises(ValueError, match="unknown Section 11 scale"):
        scale_for("stars")


def test_matrix_shows_the_moderated_rating_or_else_the_provisional_self_assessment() -> None:
    matrix = build_matrix(cycle_2024(), SCORE, standards=STANDARDS)
    police = matrix.cell("Police", "senior_accountability")
    assert police.level.key == "2" and not police.provisional  # type: ignore[union-attr]
    health = matrix.cell("Health", "escalation")
    assert health.level.key == "2" and health.provisional  # type: ignore[union-attr]
    assert matrix.cell("Schools", "escalation").level is None
    assert matrix.agencies == ("Health", "Police")
    assert [c.level.key for c in matrix.row("Police")] == ["2", "1", "1"]  # type: ignore[union-attr]


def test_matrix_keeps_the_given_orders_and_appends_others() -> None:
    items = cycle_2024() + [Assessment("Police", "whistleblowing", "2", "2")]
    matrix = build_matrix(items, SCORE, standards=STANDARDS, agencies=["Police", "Probation"])
    assert matrix.standards == (*STANDARDS, "whistleblowing")
    assert matrix.agencies == ("Police", "Probation", "Health")
    probation = next(a for a in matrix.by_agency if a.agency == "Probation")
    assert probation.assessed == 0


def test_summaries_count_standards_met_by_agency_and_by_standard() -> None:
    matrix = build_matrix(cycle_2024(), SCORE, standards=STANDARDS)
    senior = matrix.by_standard[0]
    assert (senior.assessed, senior.met, senior.mean_rank) == (2, 2, 2.0)
    assert senior.counts == {"0": 0, "1": 0, "2": 2, "3": 0}
    listening = matrix.by_standard[1]
    assert (listening.assessed, listening.met, listening.mean_rank) == (2, 1, 1.5)
    police = next(a for a in matrix.by_agency if a.agency == "Police")
    assert (police.assessed, police.met, police.moderated) == (3, 1, 3)
    assert police.not_met == ("listening_to_children", "escalation")
    health = next(a for a in matrix.by_agency if a.agency == "Health")
    assert (health.met, health.moderated) == (3, 2)


def test_gaps_list_agencies_that_rated_themselves_higher_first() -> None:
    gaps = moderation_gaps(build_matrix(cycle_2024(), SCORE, standards=STANDARDS))
    assert [(g.agency, g.standard, g.gap, g.kind) for g in gaps] == [
        ("Police", "senior_accountability", 1, "rated itself higher"),
        ("Police", "listening_to_children", 1, "rated itself higher"),
        ("Health", "listening_to_children", -1, "rated itself lower"),
    ]


def test_change_between_cycles_per_agency_and_standard() -> None:
    before = build_matrix(cycle_2024(), SCORE, standards=STANDARDS)
    after = build_matrix(cycle_2026(), SCORE, standards=STANDARDS)
    changes = {(c.agency, c.standard): c for c in compare_cycles(before, after)}
    assert changes[("Police", "senior_accountability")].direction == "improved"
    assert changes[("Police", "senior_accountability")].delta == 1
    assert changes[("Police", "escalation")].direction == "declined"
    assert changes[("Health", "senior_accountability")].direction == "no change"
    assert changes[("Health", "listening_to_children")].direction == "not rated"
    assert changes[("Schools", "escalation")].direction == "new"
    assert ("Schools", "senior_accountability") not in changes
    summary = summarise_changes(changes.values())
    assert (summary.improved, summary.declined, summary.no_change, summary.new, summary.not_rated) == (2, 1, 1, 1, 2)
    assert summary.by_agency["Police"] == {"improved": 2, "declined": 1}


def test_cycles_on_different_scales_are_compared_on_red_amber_green() -> None:
    before = build_matrix(
        [
            Assessment("Police", "escalation", moderated_rating="amber"),
            Assessment("Police", "senior_accountability", moderated_rating="green"),
        ],
        RAG,
    )
    after = build_matrix(
        [
            Assessment("Police", "escalation", moderated_rating="3"),
            Assessment("Police", "senior_accountability", moderated_rating="2"),
        ],
        SCORE,
    )
    changes = {c.standard: c for c in compare_cycles(before, after)}
    assert changes["escalation"].compared_on == "rag"
    assert changes["escalation"].direction == "improved"
    # 3 and 2 are both green: no change on the common scale.
    assert changes["senior_accountability"].direction == "no change"


def test_trend_across_cycles_counts_standards_met_per_agency() -> None:
    cycles, trends = trend_across_cycles(
        {
            "2024": build_matrix(cycle_2024(), SCORE, standards=STANDARDS),
            "2026": build_matrix(cycle_2026(), SCORE, standards=STANDARDS),
        }
    )
    assert cycles == ("2024", "2026")
    by_agency = {t.agency: t for t in trends}
    assert by_agency["Police"].met == (1, 2) and by_agency["Police"].assessed == (3, 3)
    assert by_agency["Schools"].met == (None, 1)
    assert by_agency["Health"].met == (3, 1)
