"""Staff forms: sign-in, and one form per register (fields from admin_app/fields.py, their words from forms.json)."""

from __future__ import annotations

from typing import Any, Mapping

from wtforms import EmailField, PasswordField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from admin_app import db
from admin_app.fields import (
    TextForm,
    CheckboxField,
    CheckboxesField,
    ChoiceField,
    DateField,
    GovField,
    IntegerField,
    NumberField,
    LinesField,
    ReferenceField,
    RegisterForm,
    ScoreField,
    TextField,
    YesNoField,
    today,
)
from core.control_characters import has_control_characters
from core.models import (
    ACTION_STATUSES,
    LEARNING_POLARITIES,
    AGENCY_KINDS,
    INDICATOR_DIRECTIONS,
    THEMED_WORK_STATUSES,
    ANNUAL_REPORT_STATUSES,
    AUDIT_KINDS,
    AUDIT_STATUSES,
    CDR_CATEGORIES,
    CDR_STAGES,
    MODIFIABLE,
    MODIFIABLE_DOMAINS,
    REVIEW_DECISIONS,
    REVIEW_KINDS,
    REVIEW_STAGES,
)
from analysis.section11 import scale_for
from core.services import actions, agencies, annual_reports, audits, indicators, section11, themed_work
from core.services.actions import ActionDetails
from core.services.learning import PointDetails
from core.services.agencies import AgencyDetails, ContactDetails
from core.services.indicator_import import (
    NOTE_MAX,
    Period,
    check_period_fits,
    future_period_problem,
    parse_period,
    parse_value,
    value_problem,
)
from core.services.indicators import IndicatorDetails
from core.services.themed_work import NodeDetails, WorkDetails
from core.services.annual_reports import ReportDetails
from core.services.audits import AuditDetails, FindingDetails
from core.services.section11 import AssessmentDetails, CycleDetails, StandardDetails
from core.services.child_deaths import DATE_LABELS as CDR_DATE_PHRASES, CdrDetails, domains_of, missing_for_stage
from core.services.deadlines import review_decision_choices
from core.services.reviews import (
    ORDER_RULES,
    ReviewDetails,
    is_pseudonym,
    participation_campaigns,
)
from core.models import HANDLED_NOTE_MAX


class LoginForm(TextForm):
    email = EmailField("Email address", validators=[DataRequired("Enter your email address"), Length(max=200)])
    # No length rule here: one too long to be anyone's is a wrong password, said as such by the view (auth.login).
    password = PasswordField("Password", validators=[DataRequired("Enter your password")])

    def validate_email(self, field: EmailField) -> None:
        # The address is looked up: PostgreSQL refuses a NUL in a query (a 500, not a message).
        if has_control_characters(field.data or ""):
            raise ValidationError("Enter an email address, like name@example.org")


class UnlockForm(TextForm):
    passphrase = PasswordField("Key passphrase", validators=[DataRequired("Enter the key passphrase"), Length(max=500)])


class ConfirmForm(TextForm):
    """A form with nothing but its CSRF token, for buttons that change something."""


def _agencies() -> list[tuple[int, str]]:
    from core.services.agencies import list_agencies

    return [(a.id, a.name) for a in list_agencies(db())]


def agency_choice(blank: str = "None", **options: Any) -> ChoiceField:
    """The partner agency an entry belongs to, chosen from the agencies as they are when the form is built."""
    return ChoiceField(choices=_agencies, coerce=int, blank=blank, **options)


def long_text(*, max_length: int = 20_000, **options: Any) -> TextField:
    """A box for several lines of text: a summary, evidence, notes (up to 20,000 characters unless told)."""
    return TextField(max_length=max_length, textarea=True, **options)


def past_date(**options: Any) -> DateField:
    """The date something happened: it cannot be in the future."""
    return DateField(past=True, **options)


def status_choice(statuses: Mapping[str, str], **options: Any) -> ChoiceField:
    """An entry's status, one of `statuses` ({value: label}), which every entry has."""
    return ChoiceField("Status", phrase="the status", choices=statuses, required=True, **options)


def restricted_box(what: str) -> CheckboxField:
    """The box that hides an entry from partner users of other agencies (`what`: "this review")."""
    return CheckboxField(f"Restricted: partner users of other agencies cannot see {what}")


class ReviewForm(RegisterForm[ReviewDetails]):
    """A serious incident, rapid review or local review."""

    ORDER = ORDER_RULES

    kind = ChoiceField(choices=REVIEW_KINDS, radios=True, required=True)
    subject = TextField(required=True, max_length=80)
    reference = ReferenceField()
    summary = long_text()
    agency_id = agency_choice()
    restricted = restricted_box("this review")
    aware_on = past_date()
    notified_on = past_date()
    rapid_review_on = past_date()
    decision = ChoiceField(choices=REVIEW_DECISIONS, blank="Not decided yet")
    decision_on = past_date()
    commissioned_on = past_date()
    completed_on = past_date()
    published_on = past_date()
    closed_on = past_date()
    stage = ChoiceField(choices=REVIEW_STAGES)
    lead_reviewer = TextField()
    national_panel_ref = TextField(max_length=40)
    family_invited = YesNoField()
    family_took_part = YesNoField()
    practitioners_invited = YesNoField()
    practitioners_took_part = YesNoField()
    participation_notes = long_text(max_length=10_000, rows=3)
    participation_campaign_id = ChoiceField(
        choices=lambda: [(c.id, c.name) for c in participation_campaigns(db())], coerce=int, blank="None"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A decision is worded as it was at its date, like the review's heading.
        self.decision.choices = review_decision_choices(self.decision_on.data)

    def validate_subject(self, field: TextField) -> None:
        if field.data and not is_pseudonym(field.data):
            raise ValidationError("Enter a pseudonym like Child A or Family B, never a name")

    def validate_aware_on(self, field: DateField) -> None:
        if self.kind.data == "serious_incident" and field.data is None:
            raise ValidationError("Enter the date the local authority became aware of the incident")

    def validate_decision(self, field: ChoiceField) -> None:
        if self.decision_on.data is not None and not field.data and not self.decision_on.errors:
            raise ValidationError("Select the decision")

    def validate_decision_on(self, field: DateField) -> None:
        if self.decision.data and field.data is None:
            raise ValidationError("Enter the date of the decision")


class ReviewStageForm(RegisterForm[None]):
    """Move a review to its next stage."""

    stage = ChoiceField(choices=REVIEW_STAGES, blank="Choose the new stage", required=True)
    entered_on = past_date(required=True)
    decision = ChoiceField(choices=REVIEW_DECISIONS, blank="Not a decision")
    note = long_text(max_length=5_000, rows=2)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.decision.choices = review_decision_choices(self.entered_on.data)

    def validate_decision(self, field: ChoiceField) -> None:
        if self.stage.data == "decision" and not field.data:
            raise ValidationError("Select the decision of the rapid review")


class CdrForm(RegisterForm[CdrDetails]):
    """A child death review: dates, the joint agency response, the panel's category and modifiable factors."""

    ORDER = [
        *(
            (name, "date_of_death", f"{phrase[0].upper()}{phrase[1:]} must be on or after the date of death")
            for name, phrase in CDR_DATE_PHRASES.items()
        ),
        (
            "panel_on",
            "review_meeting_on",
            "The date of the panel review must be on or after the child death review meeting",
        ),
    ]

    reference = ReferenceField()
    date_of_death = past_date(required=True)
    notified_on = past_date(phrase=CDR_DATE_PHRASES["notified_on"])
    death_type = ChoiceField(
        choices=[
            ("expected", "Expected"),
            ("unexpected", "Unexpected: not anticipated as a significant possibility 24 hours before"),
            ("", "Not known yet"),
        ],
        radios=True,
    )
    joint_agency_response = YesNoField()
    jar_on = past_date(phrase=CDR_DATE_PHRASES["jar_on"])
    stage = ChoiceField(choices=CDR_STAGES, required=True)
    review_meeting_on = past_date(phrase=CDR_DATE_PHRASES["review_meeting_on"])
    panel_on = past_date(phrase=CDR_DATE_PHRASES["panel_on"])
    category = ChoiceField(choices=CDR_CATEGORIES, blank="Not classified yet")
    modifiable = ChoiceField(choices=[*MODIFIABLE.items(), ("", "Not reviewed yet")], radios=True)
    domains = CheckboxesField(choices=MODIFIABLE_DOMAINS)
    modifiable_notes = long_text(max_length=10_000, rows=3)
    learning = long_text()
    agency_id = agency_choice()
    restricted = restricted_box("this review")

    @classmethod
    def from_entry(cls, obj: Any) -> dict[str, Any]:
        expected = obj.expected
        return {
            "death_type": "" if expected is None else ("expected" if expected else "unexpected"),
            "domains": domains_of(obj),
        }

    def validate_joint_agency_response(self, field: YesNoField) -> None:
        if field.data and self.death_type.data == "expected":
            raise ValidationError("A joint agency response is for unexpected deaths: check the answers")
        if self.jar_on.data is not None and not field.data:
            raise ValidationError("Select yes if there was a joint agency response")

    def _needed_by_stage(self, field: GovField) -> None:
        """What the stage needs of this field (the service's rule, said beside the field)."""
        message = missing_for_stage(self.stage.data, self.data).get(field.name)
        if message and not field.errors:
            raise ValidationError(message)

    def validate_panel_on(self, field: DateField) -> None:
        self._needed_by_stage(field)

    def validate_category(self, field: ChoiceField) -> None:
        self._needed_by_stage(field)

    def validate_modifiable(self, field: ChoiceField) -> None:
        self._needed_by_stage(field)

    def validate_domains(self, field: CheckboxesField) -> None:
        if self.modifiable.data == "yes" and not field.data:
            raise ValidationError("Select the domains in which modifiable factors were found")
        if field.data and self.modifiable.data != "yes":
            raise ValidationError("Only select domains when modifiable factors were identified")

    def details(self) -> CdrDetails:
        """The typed values for the child deaths service."""
        death_type = self.death_type.data
        return self.build(CdrDetails, expected=None if not death_type else death_type == "expected")


class AuditForm(RegisterForm[AuditDetails]):
    """A single-agency, multi-agency or board effectiveness audit."""

    ORDER = [("completed_on", "planned_on", "The date the audit was completed must be on or after the planned date")]

    kind = ChoiceField(choices=AUDIT_KINDS, radios=True, required=True)
    title = TextField(required=True)
    reference = ReferenceField()
    programme = TextField(hint="For example: " + ", ".join(audits.PROGRAMMES) + ".")
    agency_id = agency_choice()
    restricted = restricted_box("this audit")
    status = status_choice(AUDIT_STATUSES)
    planned_on = DateField()
    completed_on = past_date()
    cases_audited = IntegerField(minimum=0, maximum=100_000, width="4")
    criteria = long_text(rows=5)
    reciprocal_partner = TextField()
    rating = ChoiceField(choices=audits.AUDIT_RATINGS, blank="Not rated yet")
    summary = long_text(rows=5)

    def validate_completed_on(self, field: DateField) -> None:
        if self.status.data in audits.DONE_STATUSES and field.data is None:
            raise ValidationError("Enter the date the audit was completed (it has been reported)")

    def validate_reciprocal_partner(self, field: TextField) -> None:
        if field.data and self.kind.data and self.kind.data != "board_effectiveness":
            raise ValidationError(
                "Only a board effectiveness audit can be reciprocal with another partnership: "
                "clear this field or change the kind"
            )

    def validate_rating(self, field: ChoiceField) -> None:
        if field.data and self.status.data not in audits.DONE_STATUSES:
            raise ValidationError(
                "An audit gets its overall rating when it is reported: set the status to reported, "
                "or leave the rating empty"
            )

    def validate_agency_id(self, field: ChoiceField) -> None:
        if self.kind.data == "single_agency" and field.data is None:
            raise ValidationError("Select the agency whose audit this is")


class FindingForm(RegisterForm[FindingDetails]):
    """A finding of an audit against a criterion or area."""

    criterion = TextField()
    finding = long_text(required=True, max_length=10_000)
    rating = ChoiceField(choices=audits.FINDING_RATINGS, blank="Not rated")


class CriterionFindingForm(FindingForm):
    """A finding of a board effectiveness audit: it must name one of the audit's criteria."""

    criterion = ChoiceField(required=True, blank="Select a criterion")


def finding_form(audit: Any, **kwargs: Any) -> FindingForm:
    """The finding form for this audit: a list of its criteria for a board effectiveness audit that has some."""
    criteria = audits.criteria_of(audit)
    if audit.kind == "board_effectiveness" and criteria:
        form: FindingForm = CriterionFindingForm(**kwargs)
        form.criterion.choices = [(c, c) for c in criteria]  # type: ignore[attr-defined]
        return form
    return FindingForm(**kwargs)


class StandardForm(RegisterForm[StandardDetails]):
    """A Section 11 standard (a new one is in use from the start)."""

    title = TextField(required=True)
    description = long_text(max_length=5_000)
    position = IntegerField(minimum=0, maximum=999, width="4")
    code = TextField(max_length=40)

    def validate_code(self, field: TextField) -> None:
        if field.data and not section11.CODE_PATTERN.fullmatch(field.data):
            raise ValidationError("The code can only contain lower-case letters, numbers and _")


class EditStandardForm(StandardForm):
    """A Section 11 standard already in the list: it can be taken out of use."""

    active = CheckboxField()


class CycleForm(RegisterForm[CycleDetails]):
    """A Section 11 cycle."""

    ORDER = [("ends_on", "starts_on", "The end date must be on or after the start date")]

    name = TextField(required=True, max_length=80)
    starts_on = DateField()
    ends_on = DateField()
    status = status_choice(
        section11.CYCLE_STATUSES, radios=True, hint="Assessments cannot be changed once a cycle is closed."
    )
    scale = ChoiceField(choices=section11.SCALE_LABELS, radios=True, required=True)


class AssessmentForm(RegisterForm[AssessmentDetails]):
    """An agency's rating of one standard, with its evidence."""

    evidence = long_text(rows=5)
    focus_group_outcomes = long_text()
    challenge_notes = long_text()
    restricted = restricted_box("this rating")

    def ratings(self) -> list[Any]:
        """The two rating fields, the agency's own first."""
        return []


class ScoreAssessmentForm(AssessmentForm):
    """A rating in a score cycle: 0 to 3."""

    self_score = ScoreField(minimum=0, maximum=3, required=True)
    moderated_score = ScoreField(minimum=0, maximum=3)

    def ratings(self) -> list[Any]:
        return [self.self_score, self.moderated_score]


class RagAssessmentForm(AssessmentForm):
    """A rating in a RAG cycle."""

    self_rag = ChoiceField(radios=True, required=True)
    rag = ChoiceField(radios=True)

    def ratings(self) -> list[Any]:
        return [self.self_rag, self.rag]


def assessment_form(cycle: Any, **kwargs: Any) -> AssessmentForm:
    """The rating form in the cycle's scale, its options the scale's levels."""
    levels = [(level.key, level.label) for level in scale_for(cycle.scale).levels]
    form: AssessmentForm = (ScoreAssessmentForm if cycle.scale == "score" else RagAssessmentForm)(**kwargs)
    own, moderated = form.ratings()
    own.choices = levels
    moderated.choices = [*levels, ("", "Not moderated yet")]
    return form


_GOVERNANCE_FIRST = (
    "A report must be approved by the agency's governance before it is presented to the "
    "board: the date presented must be on or after the date approved"
)


class ReportForm(RegisterForm[ReportDetails]):
    """An annual report from a strategic partner or member, approved by its own governance first."""

    ORDER = [("presented_on", "governance_approved_on", _GOVERNANCE_FIRST)]

    title = TextField(required=True)
    body = TextField(hint="For example: " + ", ".join(annual_reports.USUAL_REPORTS[:5]) + ".")
    agency_id = agency_choice()
    restricted = restricted_box("this report")
    year = IntegerField(minimum=2000, maximum=2100, required=True, width="4")
    period_label = TextField(max_length=40)
    status = status_choice(
        ANNUAL_REPORT_STATUSES,
        radios=True,
        hint="A report must be approved by the agency's own governance before it is presented to the board.",
    )
    governance_body = TextField()
    governance_approved_on = past_date()
    received_on = past_date()
    presented_on = past_date()
    summary = long_text(rows=5)
    findings = long_text(rows=5)

    def _approved(self) -> bool:
        return self.status.data in annual_reports.APPROVED

    def validate_status(self, field: ChoiceField) -> None:
        if self.presented_on.data is not None and field.data != "presented":
            raise ValidationError(
                "The report has a date it was presented to the board: set the status to presented to "
                "the board, or remove that date"
            )

    def validate_governance_body(self, field: TextField) -> None:
        if field.data:
            return
        if self._approved():
            raise ValidationError(
                "Enter the body that approved the report (such as the agency's board): a "
                "report must be approved by its own governance before it goes to the board"
            )
        if self.governance_approved_on.data is not None:
            raise ValidationError("Enter the body that approved the report")

    def validate_governance_approved_on(self, field: DateField) -> None:
        if self._approved() and field.data is None:
            raise ValidationError("Enter the date the agency's governance approved the report")

    def validate_presented_on(self, field: DateField) -> None:
        if self.status.data == "presented" and field.data is None:
            raise ValidationError("Enter the date the report was presented to the board")


class WorkForm(RegisterForm[WorkDetails]):
    """A piece of strategic or themed work."""

    ORDER = [("review_on", "started_on", "The review date must be on or after the start date")]

    title = TextField(required=True)
    area = TextField(max_length=80, hint="For example: " + ", ".join(themed_work.AREAS[:4]) + ".")
    status = status_choice(THEMED_WORK_STATUSES, radios=True)
    agency_id = agency_choice()
    restricted = restricted_box("this work")
    started_on = DateField()
    review_on = DateField()
    strategy = long_text(rows=6)
    risks = long_text()
    needs = long_text()


class NodeForm(RegisterForm[NodeDetails]):
    """An organisation, partnership or board on a work's map."""

    agency_id = agency_choice(blank="Not a partner agency")
    name = TextField()
    kind = ChoiceField(choices=themed_work.NODE_KINDS, radios=True, inline=True, required=True)
    reports_to_id = ChoiceField(coerce=int, blank="Nothing: it is at the top")
    role = TextField()

    def validate_name(self, field: TextField) -> None:
        if not field.data and self.agency_id.data is None and not self.agency_id.errors:
            raise ValidationError("Enter the name of the organisation, partnership or board, or choose an agency")


def node_form(work: Any, node: Any = None, **kwargs: Any) -> NodeForm:
    """The map form of this work: a node can sit under any other node of it."""
    form = NodeForm(obj=node, **kwargs)
    form.reports_to_id.choices = themed_work.node_choices(work, exclude=node)
    return form


def _themes() -> list[tuple[int, str]]:
    from core.services.themes import active_themes

    return [(t.id, t.label) for t in active_themes(db())]


class IndicatorForm(RegisterForm[IndicatorDetails]):
    """A performance indicator an agency reports."""

    code = TextField(required=True, max_length=40)
    name = TextField(required=True)
    description = long_text(max_length=5_000, rows=3)
    agency_id = agency_choice(blank="Select an agency")
    restricted = restricted_box("this indicator")
    unit = TextField(required=True, max_length=40)
    counts_people = CheckboxField()
    direction = ChoiceField(choices=INDICATOR_DIRECTIONS, radios=True, required=True)
    target = NumberField(width="10")
    frequency = ChoiceField(choices=indicators.INDICATOR_FREQUENCIES, radios=True, inline=True, required=True)
    themes = CheckboxesField(choices=_themes, coerce=int)

    def validate_code(self, field: TextField) -> None:
        if field.data and not indicators.CODE_PATTERN.fullmatch(field.data):
            raise ValidationError("The code can only contain letters, numbers, and - . _")

    def validate_agency_id(self, field: ChoiceField) -> None:
        if field.data is None:
            raise ValidationError("Select the agency that reports this indicator")

    def validate_target(self, field: NumberField) -> None:
        # The bounds of the values: a target of 150% could never be met (a target may be a part of a person).
        if field.data is not None:
            problem = value_problem(self.unit.data or "", bool(self.counts_people.data), field.data, whole=False)
            if problem:
                raise ValidationError(problem)

    @classmethod
    def from_entry(cls, obj: Any) -> dict[str, Any]:
        return {"themes": [t.id for t in obj.themes]}


class EditIndicatorForm(IndicatorForm):
    """An indicator already in use: it can be retired."""

    active = CheckboxField()


class IndicatorValueForm(RegisterForm[None]):
    """One value of an indicator for one period; periods and values are read as the CSV import reads them."""

    period = TextField(width="10")
    value = TextField(width="10")
    note = TextField(max_length=NOTE_MAX)

    def __init__(self, *args: Any, indicator: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.parsed: Period | None = None
        self.number: float | None = None

    def validate_period(self, field: TextField) -> None:
        period, problem = parse_period(field.data or "", monthly=self.indicator.frequency == "monthly")
        if period is None:
            raise ValidationError(problem)
        problem = check_period_fits(self.indicator, period) or future_period_problem(period, today())
        if problem:
            raise ValidationError(problem[0].upper() + problem[1:])
        self.parsed = period

    def validate_value(self, field: TextField) -> None:
        self.number, problem = parse_value(field.data or "", self.indicator.unit)
        if self.number is None:
            raise ValidationError(problem)
        problem = value_problem(self.indicator.unit, self.indicator.counts_people, self.number)
        if problem:
            self.number = None
            raise ValidationError(problem)

    def values_for_service(self) -> dict[str, Any]:
        """The typed period, value and note (after validation)."""
        return {"period": self.parsed, "value": self.number, "note": self.note.data}


class AgencyForm(RegisterForm[AgencyDetails]):
    """A partner agency."""

    name = TextField(required=True)
    kind = ChoiceField(choices=AGENCY_KINDS, radios=True, required=True)
    active = CheckboxField()


class ContactForm(RegisterForm[ContactDetails]):
    """A professional's work contact details at an agency."""

    name = TextField(required=True)
    role_title = TextField()
    email = TextField(input_type="email")
    phone = TextField(max_length=40, input_type="tel")
    is_primary = CheckboxField()
    notes = long_text(max_length=5_000, rows=2)

    def validate_email(self, field: TextField) -> None:
        if field.data and not agencies.EMAIL.fullmatch(field.data):
            raise ValidationError("Enter an email address in the correct format, like name@example.org")

    def validate_phone(self, field: TextField) -> None:
        if field.data and not agencies.PHONE.fullmatch(field.data):
            raise ValidationError("Enter a phone number, like 01632 960 001")


class PointForm(RegisterForm[PointDetails]):
    """A learning point from a register entry."""

    title = TextField(required=True)
    detail = long_text(max_length=10_000, rows=5)
    polarity = ChoiceField(choices=LEARNING_POLARITIES, radios=True, required=True)
    identified_on = past_date()  # the day it was learnt: a proposal counts the point in that day's year
    themes = CheckboxesField(choices=_themes, coerce=int)

    @classmethod
    def from_entry(cls, obj: Any) -> dict[str, Any]:
        return {"themes": [t.id for t in obj.themes]}


def _action_agencies() -> list[tuple[int, str]]:
    return [(a.id, a.name) for a in actions.agency_choices(db())]


class ActionForm(RegisterForm[ActionDetails]):
    """An action from a learning point."""

    title = TextField(required=True)
    description = long_text(max_length=10_000, rows=3)
    owner_agency_id = ChoiceField(choices=_action_agencies, coerce=int, blank="Select an agency")
    lead = TextField(required=True)
    due_on = DateField(required=True)
    status = status_choice(ACTION_STATUSES, radios=True)
    evidence = long_text(max_length=10_000, rows=3)
    impact_measure = long_text(max_length=10_000, rows=3)
    completed_on = past_date()

    def validate_owner_agency_id(self, field: ChoiceField) -> None:
        if field.data is None:
            raise ValidationError("Select the agency that owns the action")

    def validate_evidence(self, field: TextField) -> None:
        if self.status.data == "done" and not field.data:
            raise ValidationError("Enter the evidence that the action is done")

    def validate_completed_on(self, field: DateField) -> None:
        if field.data is not None and self.status.data != "done":
            raise ValidationError("Leave the date it was done empty, or set the status to done")


class DoneForm(RegisterForm[None]):
    """Mark an action done; its fields are prefixed done_ so it can sit beside the full action form."""

    evidence = long_text(max_length=10_000)
    impact_measure = long_text(max_length=10_000, rows=3)
    completed_on = past_date()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="done_", **kwargs)

    def validate_evidence(self, field: TextField) -> None:
        if not field.data:
            raise ValidationError("Enter the evidence that the action is done")


class ProposalForm(RegisterForm):
    """The calendar year to propose key areas for (the view sets the years that have answers)."""

    year = ChoiceField(coerce=int, required=True)
    title = TextField(max_length=200)


class KeyAreaForm(RegisterForm):
    """Rename a key area and say what was found and what the partnership will do."""

    title = TextField(required=True, max_length=200)
    summary = long_text(max_length=5000)
    action = long_text(max_length=5000)


class ThemeForm(RegisterForm):
    """A theme of the codebook: its name, what it covers, and phrases that signal it."""

    label = TextField(required=True, max_length=200)
    description = long_text(max_length=2000)
    indicative = LinesField(max_length=4000)
    active = CheckboxField()


class HandledForm(TextForm):
    """What was done about a response flagged as possible risk: staff-written, short, required."""

    note = TextAreaField(
        "What was done",
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        validators=[
            DataRequired("Enter what was done about this response"),
            Length(max=HANDLED_NOTE_MAX, message=f"What was done must be {HANDLED_NOTE_MAX} characters or fewer"),
        ],
    )

    def validate_note(self, field: TextAreaField) -> None:
        if has_control_characters(field.data or ""):
            raise ValidationError("What was done must not contain control characters")
