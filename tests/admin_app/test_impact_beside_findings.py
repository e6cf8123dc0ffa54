"""A follow-up survey's rounds on the impact page beside the same survey's year on the findings page (and its total
on the survey list, which every role reads): both count the same people, so a round that shares its year with
other answers of the survey would be the year less the others."""

from __future__ import annotations

import datetime as dt


from core.sealing import load_current_public_key
from core.models import Campaign, Dissemination, FollowUp
from core.opening import Keyring
from core.receipts import ReceiptHasher
from core.services.dissemination import follow_up_survey
from core.services.findings import survey_findings
from core.services.impact import dissemination_impact
from core.services.release import release_waiting
from core.services.responses import submit_response
from tests.mail_cycle import make_published_set

DAY = dt.date(2026, 3, 2)


def _round(db, settings, survey, follow_up: FollowUp, people: int, day: dt.date, confidence: str = "4") -> None:
    if follow_up.campaign_id is None:  # a round answered on a later day too keeps its campaign
        campaign = Campaign(survey_id=survey.id, name=follow_up.label, purpose="follow_up", opens_on=day)
        db.add(campaign)
        db.flush()
        follow_up.campaign_id, follow_up.state = campaign.id, "sent"
    area = survey.current_version.questions[0].key.split("_")[1]
    for _ in range(people):
        answers = {f"aware_{area}": "yes", f"changed_{area}": "yes", f"confidence_{area}": confidence}
        submit_response(
            db,
            version=survey.current_version,
            answers=answers,
            removed={},
            needs_attention=False,
            campaign_id=follow_up.campaign_id,
            public_key=load_current_public_key(settings.keys_dir),
            hasher=ReceiptHasher(settings.receipt_hash_time_cost, settings.receipt_hash_memory_kib),
            today=day,
        )
    release_waiting(db, day)
    db.commit()


def _sent(db, published, weeks: tuple[int, int]) -> Dissemination:
    sent = Dissemination(key_area_set_id=published.id, sent_on=DAY)
    start = dt.datetime(DAY.year, DAY.month, DAY.day, tzinfo=dt.timezone.utc)
    for label, week in zip(("Baseline, when sent", "After some weeks"), weeks):
        sent.follow_ups.append(FollowUp(label=label, due_at=start + dt.timedelta(weeks=week)))
    db.add(sent)
    db.flush()
    return sent


def _figures(db, settings, survey, sent, year: int):
    keyring = Keyring()
    keyring.unlock(settings.keys_dir, settings.key_passphrase or None)
    areas = dissemination_impact(db, keyring, sent, user_id=None, k=5)
    assert areas is not None
    return areas[0].rounds, survey_findings(db, keyring, survey, year=year, user_id=None, k=5)


def test_a_small_round_cannot_be_worked_out_from_the_findings_year_less_the_other_rounds(db, settings, surveys):
    published = make_published_set(db, DAY)
    survey = follow_up_survey(db, published, "practitioner")
    sent = _sent(db, published, (0, 6))
    _round(db, settings, survey, sent.follow_ups[0], 12, DAY)
    _round(db, settings, survey, sent.follow_ups[1], 3, DAY + dt.timedelta(weeks=7))

    (baseline, later), year = _figures(db, settings, survey, sent, 2026)
    assert year.respondents.label == "15" and later.respondents.label == "fewer than 5"
    # The findings page's 15 less a baseline's 12 would be the later round's 3; its answers likewise.
    assert baseline.respondents.suppressed and baseline.confidence_median is None
    assert all(c.suppressed for c in baseline.confidence.counts.values())
    assert baseline.aware_share is None and baseline.changed_share is None


def test_rounds_each_alone_in_their_year_are_shown_as_the_findings_page_shows_that_year(db, settings, surveys):
    published = make_published_set(db, DAY)
    survey = follow_up_survey(db, published, "practitioner")
    sent = _sent(db, published, (0, 52))
    _round(db, settings, survey, sent.follow_ups[0], 12, DAY)
    _round(db, settings, survey, sent.follow_ups[1], 6, dt.date(2027, 3, 8))

    (baseline, later), year = _figures(db, settings, survey, sent, 2026)
    assert (baseline.respondents.label, later.respondents.label, year.respondents.label) == ("12", "6", "12")
    assert baseline.confidence.counts["4"].label == "12" and baseline.confidence_median == 4.0


def test_a_round_answered_across_two_years_is_shown_when_neither_year_holds_a_small_count(db, settings, surveys):
    # 6 of the baseline's 12 answers released in December, 6 in January: each year's findings page shows its 6, and
    # the round's cells are those two years' cells added up, none of them from 1 to 4.
    published = make_published_set(db, DAY)
    survey = follow_up_survey(db, published, "practitioner")
    sent = _sent(db, published, (0, 52))
    _round(db, settings, survey, sent.follow_ups[0], 6, dt.date(2026, 12, 28))
    _round(db, settings, survey, sent.follow_ups[0], 6, dt.date(2027, 1, 4))
    (baseline,), year = _figures(db, settings, survey, sent, 2026)  # the later round not sent yet
    assert year.respondents.label == "6" and baseline.respondents.label == "12"
    assert baseline.confidence.counts["4"].label == "12" and baseline.confidence_median == 4.0


def test_a_round_answered_across_two_years_shows_none_of_its_figures_when_a_year_holds_a_small_count(
    db, settings, surveys
):
    # December's 6 answers: 4 say 4 and 2 say 5. The round's 12 less January's 6 would give the year's hidden cells.
    published = make_published_set(db, DAY)
    survey = follow_up_survey(db, published, "practitioner")
    sent = _sent(db, published, (0, 52))
    _round(db, settings, survey, sent.follow_ups[0], 4, dt.date(2026, 12, 28))
    _round(db, settings, survey, sent.follow_ups[0], 2, dt.date(2026, 12, 28), confidence="5")
    _round(db, settings, survey, sent.follow_ups[0], 6, dt.date(2027, 1, 4))
    (baseline,), year = _figures(db, settings, survey, sent, 2026)
    assert year.respondents.label == "6" and baseline.respondents.label == "not shown"
    assert baseline.confidence_median is None and all(c.suppressed for c in baseline.confidence.counts.values())


def test_two_rounds_in_one_year_are_shown_and_compared_when_no_part_of_the_year_is_small(db, settings, surveys):
    published = make_published_set(db, DAY)
    survey = follow_up_survey(db, published, "practitioner")
    sent = _sent(db, published, (0, 6))
    _round(db, settings, survey, sent.follow_ups[0], 12, DAY, confidence="3")
    _round(db, settings, survey, sent.follow_ups[1], 7, DAY + dt.timedelta(weeks=7), confidence="4")

    (baseline, later), year = _figures(db, settings, survey, sent, 2026)
    assert (baseline.respondents.label, later.respondents.label, year.respondents.label) == ("12", "7", "19")
    assert baseline.confidence.counts["3"].label == "12" and later.confidence.counts["4"].label == "7"
    keyring = Keyring()
    keyring.unlock(settings.keys_dir, settings.key_passphrase or None)
    areas = dissemination_impact(db, keyring, sent, user_id=None, k=5)
    assert areas and areas[0].comparison is not None


def test_a_small_third_part_of_the_year_keeps_the_rounds_withheld(db, settings, surveys):
    # 2 answers through another campaign on the same survey in the same year: the year less both rounds is them.
    published = make_published_set(db, DAY)
    survey = follow_up_survey(db, published, "practitioner")
    sent = _sent(db, published, (0, 6))
    _round(db, settings, survey, sent.follow_ups[0], 12, DAY)
    _round(db, settings, survey, sent.follow_ups[1], 7, DAY + dt.timedelta(weeks=7))
    _round(db, settings, survey, FollowUp(label="another campaign", campaign_id=None), 2, DAY + dt.timedelta(weeks=8))
    (baseline, later), year = _figures(db, settings, survey, sent, 2026)
    assert year.respondents.label == "21"
    assert baseline.respondents.label == later.respondents.label == "not shown"


def test_a_round_split_across_quarters_with_a_small_quarter_stays_withheld(db, settings, surveys):
    # The six-week round's 7: 3 released in March, 4 in April. The findings page's first quarter (12 + 3) less the
    # baseline's 12 would be the 3.
    published = make_published_set(db, DAY)
    survey = follow_up_survey(db, published, "practitioner")
    sent = _sent(db, published, (0, 3))
    _round(db, settings, survey, sent.follow_ups[0], 12, DAY)
    _round(db, settings, survey, sent.follow_ups[1], 3, dt.date(2026, 3, 30))
    _round(db, settings, survey, sent.follow_ups[1], 4, dt.date(2026, 4, 6))
    (baseline, later), year = _figures(db, settings, survey, sent, 2026)
    assert year.respondents.label == "19"
    assert baseline.respondents.label == later.respondents.label == "not shown"
