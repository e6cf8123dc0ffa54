"""Staff forms: sign-in, and one form per register (fields from admin_app/fields.py)."""

from __future__ import annotations

import re

from typing import Any

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from admin_app import db
from admin_app.fields import (
    CheckboxField,
    CheckboxesField,
    ChoiceField,
    DateField,
    IntegerField,
    NumberField,
    LinesField,
    ReferenceField,
    RegisterForm,
    ScoreField,
    TextField,
    YesNoField,
)
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
from core.services.indicator_import import NOTE_MAX, Period, check_period_fits, parse_period, parse_value
from core.services.indicators import IndicatorDetails
from core.services.themed_work import NodeDetails, WorkDetails
from core.services.annual_reports import ReportDetails
from core.services.audits import AuditDetails, FindingDetails
from core.services.section11 import AssessmentDetails, CycleDetails, StandardDetails
from core.services.child_deaths import DATE_LABELS as CDR_DATE_PHRASES, CdrDetails, domains_of
from core.services.reviews import (
    ORDER_RULES,
    ReviewDetails,
    is_pseudonym,
    participation_campaigns,
)
from core.models import HANDLED_NOTE_MAX

# Control characters other than tab and line breaks: PostgreSQL refuses NUL, and none belongs in a note.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class LoginForm(FlaskForm):
    email = EmailField("Email address", validators=[DataRequired("Enter your email address"), Length(max=200)])
    password = PasswordField("Password", validators=[DataRequired("Enter your password"), Length(max=200)])


class UnlockForm(FlaskForm):
    passphrase = PasswordField("Key passphrase", validators=[DataRequired("Enter the key passphrase"), Length(max=500)])


class ConfirmForm(FlaskForm):
    """A form with nothing but its CSRF token, for buttons that change something."""


def _agencies() -> list[tuple[int, str]]:
    from core.services.agencies import list_agencies

    return [(a.id, a.name) for a in list_agencies(db())]


def agency_choice(label: str, phrase: str, blank: str = "None", **options: Any) -> ChoiceField:
    """The partner agency an entry belongs to, chosen from the agencies as they are when the form is built."""
    return ChoiceField(label, phrase=phrase, choices=_agencies, coerce=int, blank=blank, **options)


def restricted_box(what: str) -> CheckboxField:
    """The box that hides an entry from partner users of other agencies (`what`: "this review")."""
    return CheckboxField(f"Restricted: partner users of other agencies cannot see {what}")


class ReviewForm(RegisterForm[ReviewDetails]):
    """A serious incident, rapid review or local review."""

    DETAILS = ReviewDetails
    ORDER = ORDER_RULES

    kind = ChoiceField(
        "Kind of review", phrase="the kind of review", choices=list(REVIEW_KINDS.items()), radios=True, required=True
    )
    subject = TextField(
        "Subject (pseudonym)",
        phrase="the pseudonym of the child or family, like Child A",
        required=True,
        max_length=80,
        hint="A pseudonym such as Child A, Children B and C or Family D. Never a name.",
    )
    reference = ReferenceField(hint="Leave empty to get the next reference, like RR-2026-004.")
    summary = TextField(
        "Summary of the circumstances (optional)",
        phrase="the summary",
        max_length=20_000,
        textarea=True,
        hint="Do not include names, addresses or dates of birth.",
    )
    agency_id = agency_choice("Lead agency (optional)", "the lead agency")
    restricted = restricted_box("this review")
    aware_on = DateField(
        "Date the local authority became aware of the incident",
        phrase="the date the local authority became aware",
        past=True,
        hint="The national panel must be notified within 5 working days of this date.",
    )
    notified_on = DateField(
        "Date notified to the national panel",
        phrase="the date of notification",
        past=True,
        hint="The rapid review is due 15 working days after this date.",
    )
    rapid_review_on = DateField(
        "Date the rapid review was sent to the national panel", phrase="the date the rapid review was sent", past=True
    )
    decision = ChoiceField(
        "Decision", phrase="the decision", choices=list(REVIEW_DECISIONS.items()), blank="Not decided yet"
    )
    decision_on = DateField(
        "Date of the decision",
        phrase="the date of the decision",
        past=True,
        hint="A local review is due 6 months after the decision to hold one.",
    )
    commissioned_on = DateField(
        "Date the review was commissioned", phrase="the date the review was commissioned", past=True
    )
    completed_on = DateField(
        "Date the review was completed (final report signed off)",
        phrase="the date the review was completed",
        past=True,
    )
    published_on = DateField("Date of publication", phrase="the date of publication", past=True)
    closed_on = DateField("Date closed", phrase="the date the review was closed", past=True)
    stage = ChoiceField("Stage", phrase="the stage", choices=list(REVIEW_STAGES.items()))
    lead_reviewer = TextField("Lead reviewer (optional)", phrase="the lead reviewer")
    national_panel_ref = TextField(
        "National panel reference (optional)", phrase="the national panel reference", max_length=40
    )
    family_invited = YesNoField("Was the family invited to take part?", phrase="the family were invited")
    family_took_part = YesNoField("Did the family take part?", phrase="the family took part")
    practitioners_invited = YesNoField(
        "Were practitioners invited to take part?", phrase="the practitioners were invited"
    )
    practitioners_took_part = YesNoField("Did practitioners take part?", phrase="the practitioners took part")
    participation_notes = TextField(
        "Participation notes (optional)", phrase="the participation notes", max_length=10_000, textarea=True, rows=3
    )
    participation_campaign_id = ChoiceField(
        "Participation campaign (optional)",
        phrase="a campaign of the review participation survey",
        choices=lambda: [(c.id, c.name) for c in participation_campaigns(db())],
        coerce=int,
        blank="None",
        hint="A campaign of the “Taking part in a case review” survey. You can also open one from the review page.",
    )

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

    stage = ChoiceField(
        "New stage",
        phrase="the stage",
        choices=list(REVIEW_STAGES.items()),
        blank="Choose the new stage",
        required=True,
    )
    entered_on = DateField("Date", phrase="the date", past=True, required=True)
    decision = ChoiceField(
        "Decision (at the decision stage)",
        phrase="the decision",
        choices=list(REVIEW_DECISIONS.items()),
        blank="Not a decision",
    )
    note = TextField("Note (optional)", phrase="the note", max_length=5_000, textarea=True, rows=2)

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

    reference = ReferenceField(
        hint="For example the eCDOP reference. Leave empty to get the next one, like CDR-2026-004."
    )
    date_of_death = DateField("Date of death", phrase="the date of death", past=True, required=True)
    notified_on = DateField("Date of notification (optional)", phrase=CDR_DATE_PHRASES["notified_on"], past=True)
    death_type = ChoiceField(
        "Was the death expected or unexpected?",
        phrase="whether the death was expected or unexpected",
        choices=[
            ("expected", "Expected"),
            ("unexpected", "Unexpected: not anticipated as a significant possibility 24 hours before"),
            ("", "Not known yet"),
        ],
        radios=True,
    )
    joint_agency_response = YesNoField(
        "Was there a joint agency response?", phrase="there was a joint agency response", hint="For unexpected deaths."
    )
    jar_on = DateField("Date of the joint agency response (optional)", phrase=CDR_DATE_PHRASES["jar_on"], past=True)
    stage = ChoiceField("Stage", phrase="the stage", choices=list(CDR_STAGES.items()), required=True)
    review_meeting_on = DateField(
        "Date of the child death review meeting (optional)", phrase=CDR_DATE_PHRASES["review_meeting_on"], past=True
    )
    panel_on = DateField(
        "Date of the Child Death Overview Panel review (optional)", phrase=CDR_DATE_PHRASES["panel_on"], past=True
    )
    category = ChoiceField(
        "Category of death",
        phrase="the category of death",
        choices=list(CDR_CATEGORIES.items()),
        blank="Not classified yet",
        hint="The panel decides the category.",
    )
    modifiable = ChoiceField(
        "Modifiable factors",
        phrase="whether there were modifiable factors",
        choices=[*MODIFIABLE.items(), ("", "Not reviewed yet")],
        radios=True,
        hint="Factors that may have contributed to the death and could be modified by nationally or locally "
        "achievable interventions.",
    )
    domains = CheckboxesField(
        "Domains in which modifiable factors were found", phrase="the domains", choices=list(MODIFIABLE_DOMAINS.items())
    )
    modifiable_notes = TextField(
        "Notes on modifiable factors (optional)",
        phrase="the notes on modifiable factors",
        max_length=10_000,
        textarea=True,
        rows=3,
    )
    learning = TextField(
        "Learning (optional)",
        phrase="the learning",
        max_length=20_000,
        textarea=True,
        hint="Add learning points with actions on the review page once it is saved.",
    )
    agency_id = agency_choice("Agency (optional)", "the agency")
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

    def _panel_decided(self) -> bool:
        return self.stage.data in ("panel", "closed") and self.panel_on.data is not None

    def validate_category(self, field: ChoiceField) -> None:
        if self._panel_decided() and not field.data:
            raise ValidationError("Select the category of death the panel decided")

    def validate_modifiable(self, field: ChoiceField) -> None:
        if self._panel_decided() and not field.data:
            raise ValidationError("Select whether the panel found modifiable factors")

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

    DETAILS = AuditDetails

    ORDER = [("completed_on", "planned_on", "The date the audit was completed must be on or after the planned date")]

    kind = ChoiceField(
        "Kind of audit", phrase="the kind of audit", choices=list(AUDIT_KINDS.items()), radios=True, required=True
    )
    title = TextField("Title", phrase="the title of the audit", required=True)
    reference = ReferenceField(hint="Leave empty to get the next reference, like MAA-2026-004.")
    programme = TextField(
        "Programme or theme (optional)",
        phrase="the programme or theme",
        hint="For example: " + ", ".join(audits.PROGRAMMES) + ".",
    )
    agency_id = agency_choice(
        "Agency",
        "the agency",
        hint="For a single-agency audit, the agency that carried it out. Otherwise the lead agency, if any.",
    )
    restricted = restricted_box("this audit")
    status = ChoiceField("Status", phrase="the status", choices=list(AUDIT_STATUSES.items()), required=True)
    planned_on = DateField("Planned date (optional)", phrase="the planned date")
    completed_on = DateField(
        "Date completed",
        phrase="the date the audit was completed",
        past=True,
        hint="Needed once the audit has been reported.",
    )
    cases_audited = IntegerField(
        "Number of cases audited (optional)",
        phrase="the number of cases audited",
        minimum=0,
        maximum=100_000,
        width="4",
        hint="Shown as “fewer than 5” when small, so that no child can be identified.",
    )
    criteria = TextField(
        "Criteria (optional)",
        phrase="the criteria",
        max_length=20_000,
        textarea=True,
        rows=5,
        hint="One per line. For a board effectiveness audit, each finding is recorded against one of these criteria.",
    )
    reciprocal_partner = TextField(
        "Reciprocal with (optional)",
        phrase="the other partnership",
        hint="For a board effectiveness audit carried out with another partnership: its name.",
    )
    rating = ChoiceField(
        "Overall rating",
        phrase="the overall rating",
        choices=list(audits.AUDIT_RATINGS.items()),
        blank="Not rated yet",
        hint="Given when the audit is reported.",
    )
    summary = TextField(
        "Summary (optional)",
        phrase="the summary",
        max_length=20_000,
        textarea=True,
        rows=5,
        hint="Do not include names of children or family members.",
    )

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

    DETAILS = FindingDetails

    criterion = TextField("Criterion or area (optional)", phrase="the criterion or area")
    finding = TextField(
        "Finding",
        phrase="the finding",
        required=True,
        max_length=10_000,
        textarea=True,
        hint="Do not include names of children or family members.",
    )
    rating = ChoiceField(
        "Rating (optional)", phrase="the rating", choices=list(audits.FINDING_RATINGS.items()), blank="Not rated"
    )


class CriterionFindingForm(FindingForm):
    """A finding of a board effectiveness audit: it must name one of the audit's criteria."""

    criterion = ChoiceField(
        "Criterion", phrase="the criterion this finding is about", required=True, blank="Select a criterion"
    )


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

    DETAILS = StandardDetails

    title = TextField("Title", phrase="the title of the standard", required=True)
    description = TextField(
        "What the standard asks (optional)", phrase="the description", max_length=5_000, textarea=True
    )
    position = IntegerField(
        "Number (optional)",
        phrase="the position",
        minimum=0,
        maximum=999,
        width="4",
        hint="Its place in the list. Leave empty to add it at the end.",
    )
    code = TextField(
        "Code (optional)",
        phrase="the code",
        max_length=40,
        hint="A short stable id such as safer_recruitment. Made from the title if empty.",
    )

    def validate_code(self, field: TextField) -> None:
        if field.data and not section11.CODE_PATTERN.fullmatch(field.data):
            raise ValidationError("The code can only contain lower-case letters, numbers and _")


class EditStandardForm(StandardForm):
    """A Section 11 standard already in the list: it can be taken out of use."""

    active = CheckboxField("In use: agencies rate themselves against it")


class CycleForm(RegisterForm[CycleDetails]):
    """A Section 11 cycle."""

    DETAILS = CycleDetails

    ORDER = [("ends_on", "starts_on", "The end date must be on or after the start date")]

    name = TextField(
        "Name",
        phrase="the name of the cycle, like 2025 to 2027",
        required=True,
        max_length=80,
        hint="For example, 2025 to 2027.",
    )
    starts_on = DateField("Start date (optional)", phrase="the start date")
    ends_on = DateField("End date (optional)", phrase="the end date")
    status = ChoiceField(
        "Status",
        phrase="the status",
        choices=list(section11.CYCLE_STATUSES.items()),
        radios=True,
        required=True,
        hint="Assessments cannot be changed once a cycle is closed.",
    )
    scale = ChoiceField(
        "How are standards rated?",
        phrase="how standards are rated",
        choices=list(section11.SCALE_LABELS.items()),
        radios=True,
        required=True,
        hint="Scores: 0 not met, 1 partly met, 2 met, 3 met with good practice to share. "
        "It cannot change once agencies have rated.",
    )


class AssessmentForm(RegisterForm[AssessmentDetails]):
    """An agency's rating of one standard, with its evidence."""

    DETAILS = AssessmentDetails

    evidence = TextField(
        "Evidence",
        phrase="the evidence",
        max_length=20_000,
        textarea=True,
        rows=5,
        hint="Policies, audits, training figures, staff survey results.",
    )
    focus_group_outcomes = TextField(
        "Outcomes of staff focus groups (optional)",
        phrase="the outcomes of staff focus groups",
        max_length=20_000,
        textarea=True,
    )
    challenge_notes = TextField(
        "Challenge panel's notes (optional)", phrase="the challenge panel's notes", max_length=20_000, textarea=True
    )
    restricted = restricted_box("this rating")

    def ratings(self) -> list[Any]:
        """The two rating fields, the agency's own first."""
        return []


class ScoreAssessmentForm(AssessmentForm):
    """A rating in a score cycle: 0 to 3."""

    self_score = ScoreField(
        "The agency's own score", phrase="the agency's own score", minimum=0, maximum=3, required=True
    )
    moderated_score = ScoreField(
        "Moderated score (after the challenge panel)", phrase="the moderated score", minimum=0, maximum=3
    )

    def ratings(self) -> list[Any]:
        return [self.self_score, self.moderated_score]


class RagAssessmentForm(AssessmentForm):
    """A rating in a RAG cycle."""

    self_rag = ChoiceField("The agency's own rating", phrase="the agency's own rating", radios=True, required=True)
    rag = ChoiceField("Moderated rating (after the challenge panel)", phrase="the moderated rating", radios=True)

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

    DETAILS = ReportDetails

    ORDER = [("presented_on", "governance_approved_on", _GOVERNANCE_FIRST)]

    title = TextField("Title", phrase="the title of the report", required=True)
    body = TextField(
        "Partnership or function it reports on (optional)",
        phrase="the partnership or function it reports on",
        hint="For example: " + ", ".join(annual_reports.USUAL_REPORTS[:5]) + ".",
    )
    agency_id = agency_choice("Agency (optional)", "the agency")
    restricted = restricted_box("this report")
    year = IntegerField(
        "Year the report period starts",
        phrase="the year the report period starts",
        minimum=2000,
        maximum=2100,
        required=True,
        width="4",
        hint="For April 2025 to March 2026, enter 2025.",
    )
    period_label = TextField(
        "Period (optional)", phrase="the period", max_length=40, hint="Shown as “2025 to 2026” if left empty."
    )
    status = ChoiceField(
        "Status",
        phrase="the status",
        choices=list(ANNUAL_REPORT_STATUSES.items()),
        radios=True,
        required=True,
        hint="A report must be approved by the agency's own governance before it is presented to the board.",
    )
    governance_body = TextField(
        "Approved by (optional until approved)",
        phrase="the body that approved it",
        hint="For example, the trust board or the council's cabinet.",
    )
    governance_approved_on = DateField(
        "Date approved (optional until approved)", phrase="the date it was approved", past=True
    )
    received_on = DateField("Date received by the partnership (optional)", phrase="the date it was received", past=True)
    presented_on = DateField(
        "Date presented to the board (optional)", phrase="the date it was presented to the board", past=True
    )
    summary = TextField("Summary (optional)", phrase="the summary", max_length=20_000, textarea=True, rows=5)
    findings = TextField(
        "Findings (optional)",
        phrase="the findings",
        max_length=20_000,
        textarea=True,
        rows=5,
        hint="One per line. Add learning points and actions from the report page.",
    )

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

    DETAILS = WorkDetails

    ORDER = [("review_on", "started_on", "The review date must be on or after the start date")]

    title = TextField("Title", phrase="the title", required=True)
    area = TextField(
        "Theme (optional)",
        phrase="the theme",
        max_length=80,
        hint="For example: " + ", ".join(themed_work.AREAS[:4]) + ".",
    )
    status = ChoiceField(
        "Status", phrase="the status", choices=list(THEMED_WORK_STATUSES.items()), radios=True, required=True
    )
    agency_id = agency_choice("Lead agency (optional)", "the lead agency")
    restricted = restricted_box("this work")
    started_on = DateField("Start date (optional)", phrase="the start date")
    review_on = DateField("Next review (optional)", phrase="the review date")
    strategy = TextField(
        "Strategy (optional)",
        phrase="the strategy",
        max_length=20_000,
        textarea=True,
        rows=6,
        hint="The strategy or plan, its priorities and how progress is measured.",
    )
    risks = TextField("Risks (optional)", phrase="the risks", max_length=20_000, textarea=True, hint="One per line.")
    needs = TextField(
        "Needs found (optional)",
        phrase="the needs",
        max_length=20_000,
        textarea=True,
        hint="One per line: gaps in services, training or information.",
    )


class NodeForm(RegisterForm[NodeDetails]):
    """An organisation, partnership or board on a work's map."""

    DETAILS = NodeDetails

    agency_id = agency_choice("A partner agency (optional)", "the agency", "Not a partner agency")
    name = TextField(
        "Name",
        phrase="the name of the organisation, partnership or board",
        hint="Leave empty to use the agency's name. To show an organisation in two partnerships, add it once under each.",
    )
    kind = ChoiceField(
        "What is it?",
        phrase="what it is",
        choices=list(themed_work.NODE_KINDS.items()),
        radios=True,
        inline=True,
        required=True,
    )
    reports_to_id = ChoiceField(
        "Member of, or reports to (optional)",
        phrase="where it sits",
        coerce=int,
        blank="Nothing: it is at the top",
    )
    role = TextField("Role (optional)", phrase="its role", hint="For example: lead, chair, member.")

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

    DETAILS = IndicatorDetails

    code = TextField(
        "Code",
        phrase="the code, like CSC-03",
        required=True,
        max_length=40,
        hint="A short code that CSV files use, like CSC-03.",
    )
    name = TextField("Name", phrase="the name of the indicator", required=True)
    description = TextField(
        "How it is measured (optional)", phrase="the description", max_length=5_000, textarea=True, rows=3
    )
    agency_id = agency_choice("Agency that reports it", "the agency", "Select an agency")
    restricted = restricted_box("this indicator")
    unit = TextField(
        "Unit",
        phrase="the unit, like %, days or children",
        required=True,
        max_length=40,
        hint="For example: %, days, children, rate per 10,000.",
    )
    counts_people = CheckboxField(
        "Its values are counts of people (children, families): show small numbers as “fewer than 5”"
    )
    direction = ChoiceField(
        "Which direction is better?",
        phrase="which direction is better",
        choices=list(INDICATOR_DIRECTIONS.items()),
        radios=True,
        required=True,
    )
    target = NumberField("Target (optional)", phrase="the target", width="10")
    frequency = ChoiceField(
        "How often is it reported?",
        phrase="how often it is reported",
        choices=list(indicators.INDICATOR_FREQUENCIES.items()),
        radios=True,
        inline=True,
        required=True,
    )
    themes = CheckboxesField("Themes it tells us about (optional)", phrase="themes", choices=_themes, coerce=int)

    def validate_code(self, field: TextField) -> None:
        if field.data and not indicators.CODE_PATTERN.fullmatch(field.data):
            raise ValidationError("The code can only contain letters, numbers, and - . _")

    def validate_agency_id(self, field: ChoiceField) -> None:
        if field.data is None:
            raise ValidationError("Select the agency that reports this indicator")

    @classmethod
    def from_entry(cls, obj: Any) -> dict[str, Any]:
        return {"themes": [t.id for t in obj.themes]}


class EditIndicatorForm(IndicatorForm):
    """An indicator already in use: it can be retired."""

    active = CheckboxField("In use (untick to retire it; its values are kept)")


class IndicatorValueForm(RegisterForm[None]):
    """One value of an indicator for one period; periods and values are read as the CSV import reads them."""

    period = TextField("Period", phrase="the period", width="10")
    value = TextField("Value", phrase="the value", width="10")
    note = TextField("Note (optional)", phrase="the note", max_length=NOTE_MAX)

    def __init__(self, *args: Any, indicator: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.parsed: Period | None = None
        self.number: float | None = None

    def validate_period(self, field: TextField) -> None:
        period, problem = parse_period(field.data or "", monthly=self.indicator.frequency == "monthly")
        if period is None:
            raise ValidationError(problem)
        problem = check_period_fits(self.indicator, period)
        if problem:
            raise ValidationError(problem[0].upper() + problem[1:])
        self.parsed = period

    def validate_value(self, field: TextField) -> None:
        self.number, problem = parse_value(field.data or "", self.indicator.unit)
        if self.number is None:
            raise ValidationError(problem)

    def values_for_service(self) -> dict[str, Any]:
        """The typed period, value and note (after validation)."""
        return {"period": self.parsed, "value": self.number, "note": self.note.data}


class AgencyForm(RegisterForm[AgencyDetails]):
    """A partner agency."""

    DETAILS = AgencyDetails

    name = TextField("Name", phrase="the name of the agency", required=True)
    kind = ChoiceField(
        "Kind of agency", phrase="the kind of agency", choices=list(AGENCY_KINDS.items()), radios=True, required=True
    )
    active = CheckboxField("Active partner")


class ContactForm(RegisterForm[ContactDetails]):
    """A professional's work contact details at an agency."""

    DETAILS = ContactDetails

    name = TextField("Name", phrase="the contact's name", required=True)
    role_title = TextField(
        "Role (optional)", phrase="their role", hint="For example, Designated Nurse for Safeguarding Children."
    )
    email = TextField("Work email (optional)", phrase="the email address", input_type="email")
    phone = TextField("Work phone (optional)", phrase="the phone number", max_length=40, input_type="tel")
    is_primary = CheckboxField("Main contact for this agency")
    notes = TextField("Notes (optional)", phrase="the notes", max_length=5_000, textarea=True, rows=2)

    def validate_email(self, field: TextField) -> None:
        if field.data and not agencies.EMAIL.fullmatch(field.data):
            raise ValidationError("Enter an email address in the correct format, like name@example.org")

    def validate_phone(self, field: TextField) -> None:
        if field.data and not agencies.PHONE.fullmatch(field.data):
            raise ValidationError("Enter a phone number, like 01632 960 001")


class PointForm(RegisterForm[PointDetails]):
    """A learning point from a register entry."""

    DETAILS = PointDetails

    title = TextField(
        "What was learnt",
        phrase="what was learnt",
        required=True,
        hint="One sentence, for example “Bruising in a non-mobile baby was not referred”.",
    )
    detail = TextField(
        "Detail (optional)",
        phrase="the detail",
        max_length=10_000,
        textarea=True,
        rows=5,
        hint="Do not include the names of children, family members or practitioners.",
    )
    polarity = ChoiceField(
        "Is this a development need or good practice?",
        phrase="whether this is a development need or good practice",
        choices=list(LEARNING_POLARITIES.items()),
        radios=True,
        required=True,
    )
    identified_on = DateField("Date identified (optional)", phrase="the date it was identified")
    themes = CheckboxesField(
        "Themes",
        phrase="themes",
        choices=_themes,
        coerce=int,
        hint="Select all the themes from the codebook that apply.",
    )

    @classmethod
    def from_entry(cls, obj: Any) -> dict[str, Any]:
        return {"themes": [t.id for t in obj.themes]}


def _action_agencies() -> list[tuple[int, str]]:
    return [(a.id, a.name) for a in actions.agency_choices(db())]


class ActionForm(RegisterForm[ActionDetails]):
    """An action from a learning point."""

    DETAILS = ActionDetails

    title = TextField(
        "Action",
        phrase="the action",
        required=True,
        hint="What will be done, for example “Refresh the escalation policy training for school DSLs”.",
    )
    description = TextField(
        "Description (optional)", phrase="the description", max_length=10_000, textarea=True, rows=3
    )
    owner_agency_id = ChoiceField(
        "Owner agency", phrase="the owner agency", choices=_action_agencies, coerce=int, blank="Select an agency"
    )
    lead = TextField(
        "Lead",
        phrase="the lead (a role or a named professional)",
        required=True,
        hint="A role or a named professional, for example “Head of Safeguarding”.",
    )
    due_on = DateField("Due date", phrase="the due date", required=True)
    status = ChoiceField(
        "Status", phrase="the status", choices=list(ACTION_STATUSES.items()), radios=True, required=True
    )
    evidence = TextField(
        "Evidence",
        phrase="the evidence",
        max_length=10_000,
        textarea=True,
        rows=3,
        hint="What shows the action is done. Needed when the status is done.",
    )
    impact_measure = TextField(
        "Measure of impact",
        phrase="how impact will be measured",
        max_length=10_000,
        textarea=True,
        rows=3,
        hint="How you will know practice changed, for example an audit, a survey or an indicator.",
    )
    completed_on = DateField("Date done (when the status is done)", phrase="the date it was done", past=True)

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

    evidence = TextField(
        "Evidence that the action is done",
        phrase="the evidence",
        max_length=10_000,
        textarea=True,
        hint="For example, the audit that showed the change, the training records, the revised policy.",
    )
    impact_measure = TextField(
        "Measure of impact", phrase="how impact will be measured", max_length=10_000, textarea=True, rows=3
    )
    completed_on = DateField("Date done", phrase="the date it was done", past=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="done_", **kwargs)

    def validate_evidence(self, field: TextField) -> None:
        if not field.data:
            raise ValidationError("Enter the evidence that the action is done")


class ProposalForm(RegisterForm):
    """The period to propose key areas for."""

    ORDER = [("end", "start", "The end of the period must be on or after its start")]

    start = DateField("Start of the period", phrase="the start of the period", past=True, required=True)
    end = DateField("End of the period", phrase="the end of the period", required=True)
    title = TextField(
        "Title (optional)", phrase="the title", max_length=200, hint="For example, Key areas 2026 to 2027"
    )


class KeyAreaForm(RegisterForm):
    """Rename a key area and say what was found and what the partnership will do."""

    title = TextField("Title", phrase="a title for the area", required=True, max_length=200)
    summary = TextField(
        "What people told us (you said)",
        phrase="what people told us",
        textarea=True,
        max_length=5000,
        hint="Plain words: this is published on the public site.",
    )
    action = TextField(
        "What we will do",
        phrase="what we will do",
        textarea=True,
        max_length=5000,
        hint="For good practice, what we will keep doing. Needed before publishing.",
    )


class ThemeForm(RegisterForm):
    """A theme of the codebook: its name, what it covers, and phrases that signal it."""

    label = TextField("Name", phrase="the name of the theme", required=True, max_length=200)
    description = TextField("What it covers", phrase="what it covers", textarea=True, max_length=2000)
    indicative = LinesField(
        "Phrases that signal it",
        phrase="the phrases",
        max_length=4000,
        hint="One on each line, as people write them, like “not told” or “took at face value”.",
    )
    active = CheckboxField("In use (staff can tag learning with it and the analysis looks for it)")


class HandledForm(FlaskForm):
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
        if _CONTROL.search(field.data or ""):
            raise ValidationError("What was done must not contain control characters")
