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
from core.models.people import EDIT_ROLES, ROLES, Agency, AuditEvent, User
from core.models.registers import *  # noqa: F403  (the registers of issue 4; names listed in registers.__all__)
from core.models import registers as _registers

__all__ = [
    *_registers.__all__,
    "AUDIENCES",
    "Agency",
    "AttentionHandling",
    "AuditEvent",
    "Base",
    "Campaign",
    "Draft",
    "EDIT_ROLES",
    "HANDLED_NOTE_MAX",
    "QUESTION_KINDS",
    "Question",
    "ROLES",
    "Receipt",
    "Response",
    "ResponseAddendum",
    "Survey",
    "SurveyVersion",
    "User",
]
