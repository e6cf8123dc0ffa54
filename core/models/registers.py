"""The registers of the Learning and Improvement Framework, and the learning and actions that link them.

Every register entry that belongs to an agency has `agency_id` and `restricted`: a restricted
entry is seen by partner users only when it belongs to their own agency (see
core/services/visibility.py). Learning points and actions copy their source's title, agency
and restriction (`source_*` columns) so the action tracker can filter 50,000 actions without
joining every register.

Subjects are pseudonymised ("Child A"); no table here has a column for a child's name.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, intpk, str40, str80, str200, timestamp, utcnow
from core.models.feedback import Campaign
from core.models.people import Agency

# ---------------------------------------------------------------------------------------------
# Vocabularies (stored values are these keys; labels are what people read).
# ---------------------------------------------------------------------------------------------

AGENCY_KINDS: dict[str, str] = {
    "local_authority": "Local authority children's services",
    "police": "Police",
    "health": "Health (trust, GP, ICB)",
    "education": "Schools and education",
    "probation": "Probation",
    "youth_justice": "Youth justice",
    "housing": "Housing",
    "voluntary": "Voluntary and community sector",
    "other": "Other",
}

REVIEW_KINDS: dict[str, str] = {
    "serious_incident": "Serious incident notification and rapid review",
    "lcspr": "Local child safeguarding practice review",
    "learning_review": "Learning review",
    "multi_agency_review": "Multi-agency review",
    "alternative_learning_review": "Alternative learning review",
    "single_agency_review": "Single-agency review",
}
# Before Working Together 2018 took effect, a statutory local review was a Serious Case Review.
SCR_LABEL = "Serious case review"
LCSPR_FROM = dt.date(2019, 9, 29)

REVIEW_STAGES: dict[str, str] = {
    "aware": "Incident known, notification due",
    "notified": "Notified to the national panel",
    "rapid_review": "Rapid review in progress",
    "rapid_review_sent": "Rapid review sent to the national panel",
    "decision": "Decision made",
    "commissioned": "Review commissioned",
    "fieldwork": "Fieldwork",
    "draft": "Draft report",
    "sign_off": "Partner sign-off",
    "awaiting_publication": "Awaiting publication",
    "published": "Published",
    "action_plan": "Action plan open",
    "closed": "Closed",
}

REVIEW_DECISIONS: dict[str, str] = {
    "lcspr": "Hold a local child safeguarding practice review",
    "alternative_review": "Hold another learning review",
    "no_further_review": "No further review",
}

CDR_STAGES: dict[str, str] = {
    "notification": "Notification and immediate decisions",
    "information_gathering": "Information gathering",
    "review_meeting": "Child death review meeting",
    "panel": "Child Death Overview Panel",
    "closed": "Closed",
}

# The ten categories of the national child death analysis form, in its order.
CDR_CATEGORIES: dict[str, str] = {
    "deliberately_inflicted": "Deliberately inflicted injury, abuse or neglect",
    "suicide_self_harm": "Suicide or deliberate self-inflicted harm",
    "trauma_external": "Trauma and other external factors",
    "malignancy": "Malignancy",
    "acute_medical_surgical": "Acute medical or surgical condition",
    "chronic_medical": "Chronic medical condition",
    "chromosomal_genetic_congenital": "Chromosomal, genetic and congenital anomalies",
    "perinatal_neonatal": "Perinatal or neonatal event",
    "infection": "Infection",
    "sudden_unexpected_unexplained": "Sudden unexpected, unexplained death",
}

MODIFIABLE: dict[str, str] = {
    "yes": "Modifiable factors identified",
    "no": "No modifiable factors identified",
    "insufficient": "Insufficient information",
}

MODIFIABLE_DOMAINS: dict[str, str] = {
    "mf_child": "Factors intrinsic to the child",
    "mf_family": "Social environment, including family and parenting",
    "mf_physical": "Physical environment",
    "mf_service": "Service provision",
}

AUDIT_KINDS: dict[str, str] = {
    "single_agency": "Single-agency audit",
    "multi_agency": "Multi-agency audit",
    "board_effectiveness": "Board effectiveness audit",
}

AUDIT_STATUSES: dict[str, str] = {
    "planned": "Planned",
    "in_progress": "In progress",
    "reported": "Reported",
    "closed": "Closed",
}

RAG: dict[str, str] = {"red": "Red", "amber": "Amber", "green": "Green"}

ACTION_STATUSES: dict[str, str] = {
    "red": "Red: off track",
    "amber": "Amber: at risk",
    "green": "Green: on track",
    "done": "Done",
}

SOURCE_TYPES: dict[str, str] = {
    "review": "Case review",
    "cdr": "Child death review",
    "audit": "Audit",
    "s11": "Section 11 self-assessment",
    "annual_report": "Annual report",
    "themed_work": "Strategic and themed work",
    "indicator": "Performance indicator",
    "survey": "Survey findings",
}

LEARNING_POLARITIES: dict[str, str] = {
    "development": "Development need",
    "good_practice": "Good practice",
}

INDICATOR_DIRECTIONS: dict[str, str] = {
    "higher_better": "Higher is better",
    "lower_better": "Lower is better",
    "neutral": "No preferred direction",
}

THEMED_WORK_STATUSES: dict[str, str] = {
    "planned": "Planned",
    "active": "Active",
    "under_review": "Under review",
    "closed": "Closed",
}

ANNUAL_REPORT_STATUSES: dict[str, str] = {
    "awaited": "Awaited",
    "received": "Received",
    "approved": "Approved by the agency's governance",
    "presented": "Presented to the board",
}


class RegisterEntry:
    """Columns every register entry shares: owning agency, restriction, timestamps."""

    agency_id: Mapped[Optional[int]] = mapped_column(ForeignKey("agency.id"), default=None, index=True)
    # Restricted entries are visible to partner users of the owning agency only.
    restricted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[timestamp]
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


# ---------------------------------------------------------------------------------------------
# Agencies and the codebook
# ---------------------------------------------------------------------------------------------


class AgencyContact(Base):
    """A named professional contact at a partner agency (staff, never children or families)."""

    __tablename__ = "agency_contact"

    id: Mapped[intpk]
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"), index=True)
    name: Mapped[str200]
    role_title: Mapped[str200] = mapped_column(default="")
    email: Mapped[str200] = mapped_column(default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[timestamp]

    agency: Mapped[Agency] = relationship()


class Theme(Base):
    """A theme of the learning codebook; `code` is the stable id from taxonomy.json."""

    __tablename__ = "theme"

    id: Mapped[intpk]
    code: Mapped[str80] = mapped_column(unique=True)
    label: Mapped[str200]
    description: Mapped[str] = mapped_column(Text, default="")
    indicative: Mapped[list[str]] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


learning_point_theme = Table(
    "learning_point_theme",
    Base.metadata,
    Column("learning_point_id", ForeignKey("learning_point.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("theme.id", ondelete="CASCADE"), primary_key=True, index=True),
)

indicator_theme = Table(
    "indicator_theme",
    Base.metadata,
    Column("indicator_id", ForeignKey("indicator.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("theme.id", ondelete="CASCADE"), primary_key=True, index=True),
)


# ---------------------------------------------------------------------------------------------
# Case reviews
# ---------------------------------------------------------------------------------------------


class Review(RegisterEntry, Base):
    """A case review: serious incident and rapid review, local review (LCSPR/SCR) or another review.

    The `*_due_on` and `next_due_*` columns are computed by core/services/reviews.py from the
    dates (working days with England's bank holidays) and stored so the dashboard can sort
    10,000 reviews by their next deadline with an index.
    """

    __tablename__ = "review"
    __table_args__ = (Index("ix_review_kind_stage", "kind", "stage"),)

    id: Mapped[intpk]
    reference: Mapped[str40] = mapped_column(unique=True)
    kind: Mapped[str] = mapped_column(String(40), default="serious_incident")
    subject: Mapped[str80]  # pseudonym only: "Child A", "Family B"
    summary: Mapped[str] = mapped_column(Text, default="")
    stage: Mapped[str] = mapped_column(String(30), default="aware", index=True)
    lead_reviewer: Mapped[str200] = mapped_column(default="")
    national_panel_ref: Mapped[str] = mapped_column(String(40), default="")

    aware_on: Mapped[Optional[dt.date]] = mapped_column(Date, default=None, index=True)
    notified_on: Mapped[Optional[dt.date]] = mapped_column(Date, default=None)
    rapid_review_on: Mapped[Optional[dt.date]] = mapped_column(Date, default=None)
    decision: Mapped[Optional[str]] = mapped_column(String(30), default=None)
    decision_on: Mapped[Optional[dt.date]] = mapped_column(Date, default=None)
    commissioned_on: Mapped[Optional[dt.date]] = mapped_column(Date, default=None)
    completed_on: Mapped[Optional[dt.date]] = mapped_column(Date, default=None)
    published_on: Mapped[Optional[dt.date]] = mapped_column(Date, default=None)
    closed_on: Mapped[Optional[dt.date]] = mapped_column(Date, default=None)

    # Statutory due dates, computed and stored (see the class docstring).
    notification_due_on: Mapped[Optional[dt.date]] = mapped_column(Date, default=None)
    rapid_review_due_on: Mapped[Optional[dt.date]] = mapped_column(Date, default=None)
    local_review_due_on: Mapped[Optional[dt.date]] = mapped_column(Date, default=None)
    next_due_on: Mapped[Optional[dt.date]] = mapped_column(Date, default=None, index=True)
    next_due_kind: Mapped[Optional[str]] = mapped_column(String(30), default=None)

    # Participation of the family and of practitioners (None: not recorded yet).
    family_invited: Mapped[Optional[bool]] = mapped_column(Boolean, default=None)
    family_took_part: Mapped[Optional[bool]] = mapped_column(Boolean, default=None)
    practitioners_invited: Mapped[Optional[bool]] = mapped_column(Boolean, default=None)
    practitioners_took_part: Mapped[Optional[bool]] = mapped_column(Boolean, default=None)
    participation_notes: Mapped[str] = mapped_column(Text, default="")
    participation_campaign_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("campaign.id", ondelete="SET NULL"), default=None, index=True
    )

    agency: Mapped[Optional[Agency]] = relationship()
    participation_campaign: Mapped[Optional[Campaign]] = relationship()
    stages: Mapped[list["ReviewStage"]] = relationship(
        back_populates="review", order_by="[ReviewStage.entered_on, ReviewStage.id]", cascade="all, delete-orphan"
    )


class ReviewStage(Base):
    """One step in a review's history: the stage it entered, when, and who recorded it."""

    __tablename__ = "review_stage"

    id: Mapped[intpk]
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(30))
    entered_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id"), default=None)
    recorded_at: Mapped[timestamp]

    review: Mapped[Review] = relationship(back_populates="stages")


# ---------------------------------------------------------------------------------------------
# Child death reviews
# ---------------------------------------------------------------------------------------------


class ChildDeathReview(RegisterEntry, Base):
    """A child death review, known by its reference only; never a child's name."""

    __tablename__ = "child_death_review"

    id: Mapped[intpk]
    reference: Mapped[str40] = mapped_column(unique=True)
    date_of_death: Mapped[dt.date] = mapped_column(Date, index=True)
    notified_on: Mapped[Optional[dt.date]] = mapped_column(Date, default=None)
    expected: Mapped[Optional[bool]] = mapped_column(Boolean, default=None)  # False: unexpected death
    joint_agency_response: Mapped[Optional[bool]] = mapped_column(Boolean, default=None)
    jar_on: Mapped[Optional[dt.date]] = mapped_column(Date, default=None)
    stage: Mapped[str] = mapped_column(String(30), default="notification", index=True)
    review_meeting_on: Mapped[Optional[dt.date]] = mapped_column(Date, default=None)
    panel_on: Mapped[Optional[dt.date]] = mapped_column(Date, default=None)
    category: Mapped[Optional[str]] = mapped_column(String(40), default=None, index=True)
    modifiable: Mapped[Optional[str]] = mapped_column(String(20), default=None, index=True)
    mf_child: Mapped[bool] = mapped_column(Boolean, default=False)
    mf_family: Mapped[bool] = mapped_column(Boolean, default=False)
    mf_physical: Mapped[bool] = mapped_column(Boolean, default=False)
    mf_service: Mapped[bool] = mapped_column(Boolean, default=False)
    modifiable_notes: Mapped[str] = mapped_column(Text, default="")
    learning: Mapped[str] = mapped_column(Text, default="")

    agency: Mapped[Optional[Agency]] = relationship()


# ---------------------------------------------------------------------------------------------
# Audits and Section 11
# ---------------------------------------------------------------------------------------------


class Audit(RegisterEntry, Base):
    """A single-agency, multi-agency or board effectiveness audit (possibly reciprocal)."""

    __tablename__ = "audit"
    __table_args__ = (Index("ix_audit_kind_status", "kind", "status"),)

    id: Mapped[intpk]
    reference: Mapped[str40] = mapped_column(unique=True)
    title: Mapped[str200]
    kind: Mapped[str] = mapped_column(String(30))
    programme: Mapped[str200] = mapped_column(default="")  # e.g. "Early help", "Leaving care"
    status: Mapped[str] = mapped_column(String(20), default="planned")
    planned_on: Mapped[Optional[dt.date]] = mapped_column(Date, default=None)
    completed_on: Mapped[Optional[dt.date]] = mapped_column(Date, default=None)
    criteria: Mapped[str] = mapped_column(Text, default="")
    reciprocal_partner: Mapped[str200] = mapped_column(default="")  # the other partnership, if reciprocal
    rating: Mapped[Optional[str]] = mapped_column(String(30), default=None)
    summary: Mapped[str] = mapped_column(Text, default="")
    # 4B, migration 0003: how many cases (children) the audit looked at; a count of people, suppressed below k.
    cases_audited: Mapped[Optional[int]] = mapped_column(Integer, default=None)

    agency: Mapped[Optional[Agency]] = relationship()
    findings: Mapped[list["AuditFinding"]] = relationship(
        back_populates="audit", order_by="[AuditFinding.position, AuditFinding.id]", cascade="all, delete-orphan"
    )


class AuditFinding(Base):
    """One finding of an audit, optionally against a criterion, with its rating."""

    __tablename__ = "audit_finding"

    id: Mapped[intpk]
    audit_id: Mapped[int] = mapped_column(ForeignKey("audit.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    criterion: Mapped[str200] = mapped_column(default="")
    finding: Mapped[str] = mapped_column(Text)
    rating: Mapped[Optional[str]] = mapped_column(String(30), default=None)
    created_at: Mapped[timestamp]

    audit: Mapped[Audit] = relationship(back_populates="findings")


class Section11Standard(Base):
    """One Section 11 standard (configurable list, seeded with the usual ten)."""

    __tablename__ = "section11_standard"

    id: Mapped[intpk]
    code: Mapped[str40] = mapped_column(unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str200]
    description: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Section11Cycle(Base):
    """A round of Section 11 self-assessment (usually every two years)."""

    __tablename__ = "section11_cycle"

    id: Mapped[intpk]
    name: Mapped[str80] = mapped_column(unique=True)
    starts_on: Mapped[Optional[dt.date]] = mapped_column(Date, default=None)
    ends_on: Mapped[Optional[dt.date]] = mapped_column(Date, default=None)
    status: Mapped[str] = mapped_column(String(20), default="open")
    created_at: Mapped[timestamp]
    # 4B, migration 0003: "score" (self and moderated 0-3) or "rag" (self_rag and rag); see analysis/section11.py.
    scale: Mapped[str] = mapped_column(String(10), default="score")


class Section11Assessment(RegisterEntry, Base):
    """An agency's self-assessment against one standard in one cycle, and its moderation."""

    __tablename__ = "section11_assessment"
    __table_args__ = (
        UniqueConstraint("cycle_id", "agency_id", "standard_id"),
        CheckConstraint("self_score IS NULL OR (self_score >= 0 AND self_score <= 3)", name="self_score_range"),
        CheckConstraint(
            "moderated_score IS NULL OR (moderated_score >= 0 AND moderated_score <= 3)", name="moderated_score_range"
        ),
    )

    id: Mapped[intpk]
    cycle_id: Mapped[int] = mapped_column(ForeignKey("section11_cycle.id", ondelete="CASCADE"), index=True)
    standard_id: Mapped[int] = mapped_column(ForeignKey("section11_standard.id", ondelete="CASCADE"), index=True)
    self_score: Mapped[Optional[int]] = mapped_column(Integer, default=None)
    moderated_score: Mapped[Optional[int]] = mapped_column(Integer, default=None)
    rag: Mapped[Optional[str]] = mapped_column(String(10), default=None)
    # 4B, migration 0003: the agency's own RAG in a "rag" cycle (then `rag` is the moderated one).
    self_rag: Mapped[Optional[str]] = mapped_column(String(10), default=None)
    evidence: Mapped[str] = mapped_column(Text, default="")
    focus_group_outcomes: Mapped[str] = mapped_column(Text, default="")
    challenge_notes: Mapped[str] = mapped_column(Text, default="")

    agency: Mapped[Optional[Agency]] = relationship()
    cycle: Mapped[Section11Cycle] = relationship()
    standard: Mapped[Section11Standard] = relationship()


# ---------------------------------------------------------------------------------------------
# Annual reports and strategic / themed work
# ---------------------------------------------------------------------------------------------


class AnnualReport(RegisterEntry, Base):
    """A strategic partner's or member's annual report, approved by its own governance first."""

    __tablename__ = "annual_report"

    id: Mapped[intpk]
    title: Mapped[str200]
    body: Mapped[str200] = mapped_column(default="")  # e.g. "Corporate Parenting Board", "MAPPA SMB"
    year: Mapped[int] = mapped_column(Integer, index=True)  # the year the report period starts
    period_label: Mapped[str] = mapped_column(String(40), default="")  # e.g. "2025 to 2026"
    status: Mapped[str] = mapped_column(String(20), default="awaited")
    governance_body: Mapped[str200] = mapped_column(default="")
    governance_approved_on: Mapped[Optional[dt.date]] = mapped_column(Date, default=None)
    received_on: Mapped[Optional[dt.date]] = mapped_column(Date, default=None)
    presented_on: Mapped[Optional[dt.date]] = mapped_column(Date, default=None)  # to the board
    summary: Mapped[str] = mapped_column(Text, default="")
    findings: Mapped[str] = mapped_column(Text, default="")

    agency: Mapped[Optional[Agency]] = relationship()


class ThemedWork(RegisterEntry, Base):
    """Strategic and themed work (domestic abuse, exploitation…): strategy, status, risks, needs."""

    __tablename__ = "themed_work"

    id: Mapped[intpk]
    title: Mapped[str200]
    area: Mapped[str80] = mapped_column(default="")
    status: Mapped[str] = mapped_column(String(20), default="active", index=True)
    strategy: Mapped[str] = mapped_column(Text, default="")
    risks: Mapped[str] = mapped_column(Text, default="")
    needs: Mapped[str] = mapped_column(Text, default="")
    started_on: Mapped[Optional[dt.date]] = mapped_column(Date, default=None)
    review_on: Mapped[Optional[dt.date]] = mapped_column(Date, default=None)

    agency: Mapped[Optional[Agency]] = relationship()
    organisations: Mapped[list["ThemedWorkOrganisation"]] = relationship(
        back_populates="themed_work",
        order_by="ThemedWorkOrganisation.id",
        cascade="all, delete-orphan",
        foreign_keys="ThemedWorkOrganisation.themed_work_id",
    )


class ThemedWorkOrganisation(Base):
    """An organisation or partnership in a piece of themed work: a node of its map.

    `reports_to_id` draws the edges (this organisation reports to / sits under another node).
    """

    __tablename__ = "themed_work_organisation"

    id: Mapped[intpk]
    themed_work_id: Mapped[int] = mapped_column(ForeignKey("themed_work.id", ondelete="CASCADE"), index=True)
    agency_id: Mapped[Optional[int]] = mapped_column(ForeignKey("agency.id"), default=None)
    name: Mapped[str200]
    kind: Mapped[str] = mapped_column(String(30), default="organisation")  # organisation | partnership | board
    role: Mapped[str200] = mapped_column(default="")
    reports_to_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("themed_work_organisation.id", ondelete="SET NULL"), default=None
    )

    themed_work: Mapped[ThemedWork] = relationship(back_populates="organisations", foreign_keys=[themed_work_id])
    agency: Mapped[Optional[Agency]] = relationship()


# ---------------------------------------------------------------------------------------------
# Single agency performance information
# ---------------------------------------------------------------------------------------------


class Indicator(RegisterEntry, Base):
    """A performance indicator reported by one agency, with unit, direction and target."""

    __tablename__ = "indicator"

    id: Mapped[intpk]
    code: Mapped[str40] = mapped_column(unique=True)
    name: Mapped[str200]
    description: Mapped[str] = mapped_column(Text, default="")
    unit: Mapped[str40] = mapped_column(default="number")  # "%", "days", "rate per 10,000"…
    direction: Mapped[str] = mapped_column(String(20), default="higher_better")
    target: Mapped[Optional[float]] = mapped_column(Float, default=None)
    frequency: Mapped[str] = mapped_column(String(20), default="quarterly")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # 4B, migration 0003: values are counts of people (children, families), shown as "fewer than k" below k.
    counts_people: Mapped[bool] = mapped_column(Boolean, default=False)

    agency: Mapped[Optional[Agency]] = relationship()
    themes: Mapped[list[Theme]] = relationship(secondary=indicator_theme, order_by=Theme.position)


class IndicatorValue(Base):
    """The value of an indicator for one period ("2026-03", "2026-Q1", "2025"), unique per period."""

    __tablename__ = "indicator_value"
    __table_args__ = (
        UniqueConstraint("indicator_id", "period"),
        Index("ix_indicator_value_indicator_start", "indicator_id", "period_start"),
    )

    id: Mapped[intpk]
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(20))
    period_start: Mapped[dt.date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(20), default="manual")  # manual | csv
    entered_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id"), default=None)
    entered_at: Mapped[timestamp]

    indicator: Mapped[Indicator] = relationship()


# ---------------------------------------------------------------------------------------------
# Learning points and actions (for any source)
# ---------------------------------------------------------------------------------------------


class SourceCopy:
    """What a learning point or action copies from its source register entry.

    Kept in step by core.services.learning.source_changed() whenever the source changes, so the
    tracker lists, filters and hides restricted entries without joining seven registers.
    """

    source_type: Mapped[str] = mapped_column(String(20))
    source_id: Mapped[int] = mapped_column(Integer)
    source_title: Mapped[str200] = mapped_column(default="")
    source_agency_id: Mapped[Optional[int]] = mapped_column(ForeignKey("agency.id"), default=None)
    source_restricted: Mapped[bool] = mapped_column(Boolean, default=False)


class LearningPoint(SourceCopy, Base):
    """Something learnt from a review, audit, report or indicator, tagged with codebook themes."""

    __tablename__ = "learning_point"
    __table_args__ = (Index("ix_learning_point_source", "source_type", "source_id"),)

    id: Mapped[intpk]
    title: Mapped[str200]
    detail: Mapped[str] = mapped_column(Text, default="")
    polarity: Mapped[str] = mapped_column(String(20), default="development")
    identified_on: Mapped[Optional[dt.date]] = mapped_column(Date, default=None)
    created_at: Mapped[timestamp]
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    themes: Mapped[list[Theme]] = relationship(secondary=learning_point_theme, order_by=Theme.position)
    actions: Mapped[list["Action"]] = relationship(
        back_populates="learning_point", order_by="[Action.due_on, Action.id]", cascade="all, delete-orphan"
    )


_TRACKER_FILTER_COLUMNS = (
    "source_type",
    "owner_agency_id",
    "source_agency_id",
    "source_restricted",
    "learning_point_id",
)


class Action(SourceCopy, Base):
    """An action that came from a learning point: owner, lead, due date, RAG status, evidence, impact."""

    __tablename__ = "action"
    __table_args__ = (
        Index("ix_action_source", "source_type", "source_id"),
        # The tracker walks these in order instead of sorting every action (core/services/actions.py):
        # covering indexes, so counts and pages with filters never read the table itself.
        Index("ix_action_status_due_cover", "status", "due_on", "id", *_TRACKER_FILTER_COLUMNS),
        Index(
            "ix_action_open_due",
            "due_on",
            "id",
            *_TRACKER_FILTER_COLUMNS,
            sqlite_where=text("status != 'done'"),
            postgresql_where=text("status != 'done'"),
        ),
    )

    id: Mapped[intpk]
    learning_point_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("learning_point.id", ondelete="CASCADE"), default=None, index=True
    )
    title: Mapped[str200]
    description: Mapped[str] = mapped_column(Text, default="")
    owner_agency_id: Mapped[Optional[int]] = mapped_column(ForeignKey("agency.id"), default=None, index=True)
    lead: Mapped[str200] = mapped_column(default="")  # a role or named professional
    due_on: Mapped[Optional[dt.date]] = mapped_column(Date, default=None, index=True)
    status: Mapped[str] = mapped_column(String(10), default="green")
    evidence: Mapped[str] = mapped_column(Text, default="")
    impact_measure: Mapped[str] = mapped_column(Text, default="")
    completed_on: Mapped[Optional[dt.date]] = mapped_column(Date, default=None)
    created_at: Mapped[timestamp]
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    learning_point: Mapped[Optional[LearningPoint]] = relationship(back_populates="actions")
    owner_agency: Mapped[Optional[Agency]] = relationship(foreign_keys=[owner_agency_id])

    def is_overdue(self, today: dt.date) -> bool:
        """Not done and past its due date."""
        return self.status != "done" and self.due_on is not None and self.due_on < today


def labels(vocabulary: dict[str, str], value: Any) -> str:
    """The label of a stored vocabulary value ('' for none)."""
    if value is None or value == "":
        return ""
    return vocabulary.get(str(value), str(value))


__all__ = [
    "ACTION_STATUSES",
    "AGENCY_KINDS",
    "ANNUAL_REPORT_STATUSES",
    "AUDIT_KINDS",
    "AUDIT_STATUSES",
    "Action",
    "AgencyContact",
    "AnnualReport",
    "Audit",
    "AuditFinding",
    "CDR_CATEGORIES",
    "CDR_STAGES",
    "ChildDeathReview",
    "INDICATOR_DIRECTIONS",
    "Indicator",
    "IndicatorValue",
    "LCSPR_FROM",
    "LEARNING_POLARITIES",
    "LearningPoint",
    "MODIFIABLE",
    "MODIFIABLE_DOMAINS",
    "RAG",
    "REVIEW_DECISIONS",
    "REVIEW_KINDS",
    "REVIEW_STAGES",
    "Review",
    "ReviewStage",
    "SCR_LABEL",
    "SOURCE_TYPES",
    "Section11Assessment",
    "Section11Cycle",
    "Section11Standard",
    "THEMED_WORK_STATUSES",
    "Theme",
    "ThemedWork",
    "ThemedWorkOrganisation",
    "indicator_theme",
    "labels",
    "learning_point_theme",
]
