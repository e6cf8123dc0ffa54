"""Filling the admin app's URL rules with ids of demo entries every role may see, to open every page."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.routing import Rule

from core.models import (
    Action,
    AgencyContact,
    AnnualReport,
    Audit,
    AuditFinding,
    ChildDeathReview,
    Indicator,
    IndicatorValue,
    KeyArea,
    KeyAreaSet,
    LearningPoint,
    OutboxMessage,
    Response,
    Review,
    Section11Assessment,
    Theme,
    ThemedWork,
    ThemedWorkOrganisation,
    Dissemination,
    FollowUp,
    Survey,
    User,
)
from core.services import survey_builder
from core.services.invitations import open_campaign
from core.services.mailing_lists import create_list
from tests.admin_app.mounted import PREFIX


def demo_ids(db: Session) -> dict[str, str]:
    """A value for every URL parameter of the app, from entries every role may see (nothing restricted)."""
    contact = db.scalars(select(AgencyContact).order_by(AgencyContact.id)).first()
    finding = db.scalars(select(AuditFinding).join(Audit).where(Audit.restricted.is_(False))).first()
    value = db.scalars(select(IndicatorValue).join(Indicator).where(Indicator.restricted.is_(False))).first()
    area = db.scalars(select(KeyArea).join(KeyAreaSet).where(KeyAreaSet.status == "draft")).first()
    # The demo's sample has no answer flagged as a risk: one is, so the attention pages have a response to open.
    flagged = db.scalars(select(Response).order_by(Response.id)).first()
    if flagged is not None:
        flagged.needs_attention = True
        db.commit()
    node = db.scalars(select(ThemedWorkOrganisation).join(ThemedWork).where(ThemedWork.restricted.is_(False))).first()
    assessment = db.scalars(select(Section11Assessment).where(Section11Assessment.restricted.is_(False))).first()
    review = db.scalars(select(Review).where(Review.restricted.is_(False))).first()
    first_survey = db.scalars(select(Survey).order_by(Survey.id)).first()
    draft = survey_builder.draft_for(db, None, first_survey)
    mailing_list = create_list(db, name="Walk", audience="practitioner")
    campaign = open_campaign(db, survey_id=first_survey.id, name="Walk", today=dt.date(2026, 11, 27))
    sent = Dissemination(key_area_set_id=area.set_id, list_id=mailing_list.id, sent_on=dt.date(2026, 11, 27))
    db.add(sent)
    sent.follow_ups.append(FollowUp(label="After 6 weeks", due_at=dt.datetime(2027, 1, 8, tzinfo=dt.timezone.utc)))
    # A message left "sending" with no drain at work: interrupted, so the walk can send it again or mark it failed.
    interrupted = OutboxMessage(
        kind="invitation",
        state="sending",
        attempts=1,
        next_attempt_at=dt.datetime(2026, 11, 27, tzinfo=dt.timezone.utc),
        message_id="<walk@learning-loop.invalid>",
    )
    db.add(interrupted)
    db.commit()
    found: dict[str, Any] = dict(
        agency_id=contact and contact.agency_id,
        contact_id=contact and contact.id,
        audit_id=finding and finding.audit_id,
        finding_id=finding and finding.id,
        indicator_id=value and value.indicator_id,
        value_id=value and value.id,
        set_id=area and area.set_id,
        area_id=area and area.id,
        response_id=flagged and flagged.id,
        survey_id=flagged and flagged.version.survey_id,
        work_id=node and node.themed_work_id,
        node_id=node and node.id,
        assessment_id=assessment and assessment.id,
        cycle_id=assessment and assessment.cycle_id,
        standard_id=assessment and assessment.standard_id,
        review_id=review and review.id,
        source_type="review",
        source_id=review and review.id,
        report_id=db.scalar(select(AnnualReport.id).where(AnnualReport.restricted.is_(False)).limit(1)),
        cdr_id=db.scalar(select(ChildDeathReview.id).where(ChildDeathReview.restricted.is_(False)).limit(1)),
        point_id=db.scalar(select(LearningPoint.id).where(LearningPoint.source_restricted.is_(False)).limit(1)),
        action_id=db.scalar(select(Action.id).where(Action.source_restricted.is_(False)).limit(1)),
        theme_id=db.scalar(select(Theme.id).limit(1)),
        draft_id=draft.id,
        key=draft.definition["pages"][0]["questions"][0]["key"],
        page=1,
        list_id=mailing_list.id,
        campaign_id=campaign.id,
        dissemination_id=sent.id,
        follow_up_id=sent.follow_ups[0].id,
        message_id=interrupted.id,
        # Not an administrator's: the walk deactivates it, after every other role has had its turn.
        user_id=db.scalar(select(User.id).where(User.role == "partner").limit(1)),
        filename="app.css",
    )
    missing = sorted(name for name, v in found.items() if v is None)
    assert not missing, f"the demo has no entry for {missing}"
    return {name: str(v) for name, v in found.items()}


def path_of(rule: Rule, ids: dict[str, str]) -> str:
    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        assert name in ids, f"no demo value for <{name}> in {rule.rule}: add one to demo_ids"
        return ids[name]

    return PREFIX + re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", fill, rule.rule)
