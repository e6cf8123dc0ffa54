"""All models, imported here so `Base.metadata` is complete for Alembic and tests."""

from core.db import Base
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
from core.models.findings import (
    AnalysisRun,
    KEY_AREA_KINDS,
    KEY_AREA_SET_STATUSES,
    KeyArea,
    KeyAreaSet,
    ResponseAnalysis,
    ResponseTheme,
    ThemeCorrection,
    ThemeModelRecord,
)
from core.models.jobs import scheduled_job
from core.models.mail import *  # noqa: F403  (names listed in mail.__all__)
from core.models import mail as _mail
from core.models.people import EDIT_ROLES, ROLES, Agency, AuditChainHead, AuditEvent, User
from core.models.registers import *  # noqa: F403  (names listed in registers.__all__)
from core.models import registers as _registers

__all__ = [
    *_registers.__all__,
    *_mail.__all__,
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
    "QUESTION_KINDS",
    "Question",
    "ROLES",
    "Receipt",
    "Response",
    "ResponseAddendum",
    "ResponseAnalysis",
    "ResponseTheme",
    "Survey",
    "SurveyVersion",
    "ThemeCorrection",
    "ThemeModelRecord",
    "User",
    "scheduled_job",
]
