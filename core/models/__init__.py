"""All models, imported here so `Base.metadata` is complete for Alembic and tests."""

from core.db import Base
from core.models.accounts import RecoveryCode, SecondFactor
from core.models.attention import HANDLED_NOTE_MAX, AttentionHandling
from core.models.feedback import (
    AUDIENCES,
    QUESTION_KINDS,
    Campaign,
    Draft,
    Question,
    Receipt,
    Response,
    ResponseAddendum,
    Survey,
    SurveyVersion,
)
from core.models.builder import SurveyDraft
from core.models.survey_plan import SURVEY_PURPOSES, SurveyPlan, answering_state
from core.models.findings import (
    AnalysisRun,
    KEY_AREA_KINDS,
    KEY_AREA_SET_STATUSES,
    KeyArea,
    KeyAreaSet,
    ResponseAnalysis,
    ResponseRating,
    ResponseTheme,
    ThemeCorrection,
    ThemeModelRecord,
)
from core.models.jobs import scheduled_job
from core.models.release import AddendumRelease, ReleaseBatch, ResponseRelease
from core.models.retention import RetentionRun, SurveyRetention
from core.models.mail import *  # noqa: F403  (names listed in mail.__all__)
from core.models import mail as _mail
from core.models.outbox_claims import INTERRUPTED_DECISIONS, OutboxClaim, OutboxDecision
from core.models.people import EDIT_ROLES, ROLES, Agency, AuditChainHead, AuditEvent, User
from core.models.sessions import SignInFailures, StaffSession
from core.models.registers import *  # noqa: F403  (names listed in registers.__all__)
from core.models import registers as _registers

__all__ = [
    *_registers.__all__,
    *_mail.__all__,
    "AddendumRelease",
    "AnalysisRun",
    "AUDIENCES",
    "Agency",
    "AttentionHandling",
    "AuditChainHead",
    "AuditEvent",
    "Base",
    "Campaign",
    "Draft",
    "EDIT_ROLES",
    "KEY_AREA_KINDS",
    "KEY_AREA_SET_STATUSES",
    "KeyArea",
    "KeyAreaSet",
    "HANDLED_NOTE_MAX",
    "INTERRUPTED_DECISIONS",
    "OutboxClaim",
    "OutboxDecision",
    "QUESTION_KINDS",
    "Question",
    "ROLES",
    "SecondFactor",
    "Receipt",
    "RecoveryCode",
    "Response",
    "ResponseAddendum",
    "ReleaseBatch",
    "ResponseAnalysis",
    "ResponseRating",
    "SurveyDraft",
    "SURVEY_PURPOSES",
    "SurveyPlan",
    "answering_state",
    "ResponseRelease",
    "ResponseTheme",
    "RetentionRun",
    "Survey",
    "SurveyRetention",
    "SurveyVersion",
    "ThemeCorrection",
    "ThemeModelRecord",
    "User",
    "scheduled_job",
    "SignInFailures",
    "StaffSession",
]
