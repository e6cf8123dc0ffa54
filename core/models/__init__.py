"""All models, imported here so `Base.metadata` is complete for Alembic and tests."""

from core.db import Base
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
    KEY_AREA_KINDS,
    KEY_AREA_SET_STATUSES,
    KeyArea,
    KeyAreaSet,
    ResponseAnalysis,
    ResponseTheme,
    ThemeCorrection,
)
from core.models.jobs import scheduled_job
from core.models.people import EDIT_ROLES, ROLES, Agency, AuditChainHead, AuditEvent, User
from core.models.registers import *  # noqa: F403  (names listed in registers.__all__)
from core.models import registers as _registers

__all__ = [
    *_registers.__all__,
    "AUDIENCES",
    "Agency",
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
    "User",
    "scheduled_job",
]
