"""Key area sets: proposed from themed responses and register learning, edited, published; corrections kept."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from core.errors import ValidationFailed
from core.models import AuditEvent, KeyArea, LearningPoint, ResponseTheme, Theme, ThemeCorrection
from core.opening import Keyring
from core.services import findings, key_areas
from core.services.key_areas import AreaText
from core.services.themes import install_themes
from tests.factories import themed_responses

START, END = dt.date(2026, 1, 1), dt.date(2026, 6, 30)


def _themed(db, settings, theme: str, polarity: str, n: int, day: dt.date) -> list[str]:
    return themed_responses(db, settings.keys_dir, theme, polarity, n, day)


def _point(db, title: str, theme: str, polarity: str, day: dt.date) -> LearningPoint:
    point = LearningPoint(
        title=title, polarity=polarity, identified_on=day, source_type="review", source_id=1, source_title="Review"
    )
    point.themes = [db.scalar(select(Theme).where(Theme.code == theme))]
    db.add(point)
    db.flush()
    return point


@pytest.fixture
def codebook(db, surveys):
    install_themes(db)
    db.flush()


def test_a_proposal_ranks_themed_responses_and_register_learning_and_publishes(db, settings, codebook):
    _themed(db, settings, "information_sharing", "development", 6, dt.date(2026, 5, 1))
    _themed(db, settings, "supervision_workforce", "good_practice", 5, dt.date(2026, 3, 1))
    _point(db, "GP not told of the referral", "information_sharing", "development", dt.date(2026, 4, 1))
    _point(db, "Strategy meetings held quickly", "multi_agency_working", "good_practice", dt.date(2026, 4, 1))
    proposal = key_areas.propose_for_period(db, START, END)
    assert [a.theme for a in proposal.development] == ["information_sharing"]
    assert {a.theme for a in proposal.good_practice} == {"supervision_workforce", "multi_agency_working"}
    assert proposal.development[0].sources == {"practitioner_survey": 6, "review": 1}

    draft = key_areas.draft_from_proposal(db, None, proposal)
    assert draft.status == "draft" and draft.of_kind("development")[0].title == "Information sharing"
    with pytest.raises(ValidationFailed) as refused:
        key_areas.publish_set(db, None, draft, END)
    assert "what we will do" in str(refused.value.errors)
    for area in draft.areas:
        key_areas.update_area(db, None, area, AreaText(area.title, "What we found.", "What we will do."))
    key_areas.publish_set(db, None, draft, END)
    assert key_areas.latest_published(db) is draft and draft.published_on == END
    with pytest.raises(ValidationFailed):
        key_areas.update_area(db, None, draft.areas[0], AreaText("Changed after publishing"))
    actions = [e.action for e in db.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions[0] == "key_areas.drafted" and actions[-1] == "key_areas.published"


def test_merging_two_areas_counts_each_respondent_once_and_keeps_both_themes(db, settings, codebook):
    ids = _themed(db, settings, "information_sharing", "development", 5, dt.date(2026, 5, 1))
    for response_id in ids[:3]:
        db.add(ResponseTheme(response_id=response_id, theme_code="recording", polarity="development", score=0.8))
    db.flush()
    draft = key_areas.draft_from_proposal(db, None, key_areas.propose_for_period(db, START, END))
    keep, other = draft.of_kind("development")
    key_areas.merge_areas(db, None, keep, other)
    assert keep.evidence["respondents"] == 5
    assert set(keep.theme_codes) == {"information_sharing", "recording"} and len(draft.of_kind("development")) == 1


def test_a_merged_area_shows_its_own_share_not_one_that_gives_away_a_suppressed_count(db, settings, codebook):
    _themed(db, settings, "information_sharing", "development", 6, dt.date(2026, 5, 1))
    _themed(db, settings, "recording", "development", 3, dt.date(2026, 5, 1))
    _themed(db, settings, "neglect", "good_practice", 11, dt.date(2026, 5, 1))
    draft = key_areas.draft_from_proposal(db, None, key_areas.propose_for_period(db, START, END))
    assert draft.respondents == 20
    recording, sharing = sorted(draft.of_kind("development"), key=lambda a: a.evidence["respondents"])

    # Kept: the area whose 3 respondents were suppressed; its share of 15% would tell them.
    key_areas.merge_areas(db, None, recording, sharing)

    shown = key_areas.shown_evidence(recording, k=5)
    assert shown["respondents"] == "9" and shown["share"] == pytest.approx(9 / 20)


def test_evidence_shown_to_staff_suppresses_small_counts(db, settings, codebook):
    _themed(db, settings, "neglect", "development", 3, dt.date(2026, 5, 1))
    draft = key_areas.draft_from_proposal(db, None, key_areas.propose_for_period(db, START, END))
    shown = key_areas.shown_evidence(draft.of_kind("development")[0], k=5)
    assert shown["respondents"] == "fewer than 5" and shown["share"] is None
    assert shown["sources"] == {"practitioner_survey": "fewer than 5"}


def test_a_suppressed_survey_source_cannot_be_worked_out_from_the_respondents_shown():
    # Each respondent answered one survey: 9 respondents less the 6 practitioners would give the 3 families away.
    area = KeyArea(evidence={"respondents": 9, "sources": {"family_survey": 3, "practitioner_survey": 6, "review": 2}})

    shown = key_areas.shown_evidence(area, k=5)

    assert shown["respondents"] == "9"
    assert shown["sources"] == {
        "family_survey": "fewer than 5",
        "practitioner_survey": "not shown",
        "review": "fewer than 5",
    }


def test_quotes_are_opened_on_demand_with_the_month_only_and_each_read_is_logged(db, settings, codebook):
    ids = _themed(db, settings, "information_sharing", "development", 2, dt.date(2026, 5, 14))
    draft = key_areas.draft_from_proposal(db, None, key_areas.propose_for_period(db, START, END))
    keyring = Keyring()
    keyring.unlock(settings.keys_dir, None)
    quotes = key_areas.quotes_for_area(db, keyring, draft.of_kind("development")[0], user_id=None)
    assert quotes == [("May 2026", "Information from health arrives late.")] * 2
    reads = db.scalars(select(AuditEvent).where(AuditEvent.action == "response.quote_read")).all()
    assert sorted(e.object_id for e in reads) == sorted(ids)


def test_a_staff_correction_replaces_the_model_coding_and_is_counted_in_agreement(db, settings, codebook):
    [response_id] = _themed(db, settings, "information_sharing", "development", 1, dt.date(2026, 5, 1))
    findings.correct_theme(db, None, response_id, "information_sharing", "good_practice")
    findings.correct_theme(db, None, response_id, "neglect", "development")
    coded = {t.theme_code: (t.polarity, t.origin) for t in db.scalars(select(ResponseTheme))}
    assert coded == {"information_sharing": ("good_practice", "staff"), "neglect": ("development", "staff")}
    corrections = {c.theme_code: c.model_polarity for c in db.scalars(select(ThemeCorrection))}
    assert corrections == {"information_sharing": "development", "neglect": "absent"}
    n, kappa = findings.model_agreement(db)
    assert n == 2 and kappa is not None and kappa <= 0
    findings.correct_theme(db, None, response_id, "neglect", "absent")
    assert db.get(ResponseTheme, (response_id, "neglect")) is None
    with pytest.raises(ValidationFailed):
        findings.correct_theme(db, None, response_id, "neglect", "very bad")


def test_cohen_kappa_is_one_for_perfect_agreement_and_zero_at_chance():
    assert findings.cohen_kappa([("a", "a"), ("b", "b")]) == 1.0
    assert findings.cohen_kappa([("a", "a"), ("a", "b"), ("b", "a"), ("b", "b")]) == 0.0
    assert findings.cohen_kappa([]) is None
