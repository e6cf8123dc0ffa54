"""Demonstration data for `make run`: surveys, accounts and sealed sample responses."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from config import Settings
from core.models import Agency, Response, Survey, User
from core.passwords import hash_password
from core.receipts import ReceiptHasher
from core.sealing import load_current_public_key
from core.services.release import release_waiting
from core.services.responses import clean_free_text, submit_response
from core.services.surveys import flagged_by_choice, install_templates

DEMO_PASSWORD = "learning-loop-demo"  # noqa: S105 (published in the README for trying the demo)
DEMO_USERS = [
    ("admin@example.org", "Demo Administrator", "admin"),
    ("staff@example.org", "Demo Business Unit Officer", "staff"),
    ("board@example.org", "Demo Board Member", "board"),
]
DEMO_AGENCIES = [
    ("Children's Services", "local_authority"),
    ("Police", "police"),
    ("Acute Hospital NHS Trust", "health"),
    ("Integrated Care Board", "health"),
    ("Community Health Trust", "health"),
    ("Schools and Education", "education"),
    ("Probation Service", "probation"),
    ("Youth Justice Service", "youth_justice"),
    ("Voluntary Sector Forum", "voluntary"),
]
PRACTITIONER_WELL = [
    "Strategy meetings are now held quickly and police and health attend, which has made a real difference.",
    "The early help hub gives good advice when I am not sure whether something meets the threshold.",
    "Joint visits with the health visitor helped us see the baby's lived experience at home.",
    "Supervision with my manager gives me time to reflect on cumulative neglect.",
    "The 7-minute briefings are short enough to use in team meetings and people read them.",
    "The school DSL and the social worker share information well and the child was spoken to alone.",
    "MARAC has improved and domestic abuse notifications reach schools the next morning.",
    "Having a named lead professional means families are not asked the same questions again and again.",
]
PRACTITIONER_BARRIERS = [
    "Information from the GP does not reach us in time for child protection conferences.",
    "Caseloads are too high to see children alone as often as we should.",
    "Fathers and new partners are often not assessed; we only ever speak to mum.",
    "It is hard to get a response from the MASH and referrals bounce back without a reason.",
    "I do not feel confident to escalate when I disagree with a social care decision.",
    "Thresholds for early help are not understood the same way by schools and health.",
    "We accepted the explanation for the bruising too easily and did not ask why.",
    "Records are on different systems so no one sees the whole chronology.",
    "I rang Mrs Patel at the school on 07700 900123 and she said nothing had been shared with them.",
]
FAMILY_WELL = [
    "Our worker listened to us and explained what would happen next.",
    "The family support worker helped with the housing and the kids are settled now.",
    "The health visitor was kind and did not judge me.",
]
FAMILY_BETTER = [
    "We got the conference report the night before the meeting so I could not read it properly.",
    "We had four different social workers in a year and had to tell our story every time.",
    "Nobody asked my son what he wanted, they only talked to me.",
    "My partner was never asked to any meetings even though he lives with us.",
]


def _ensure_users(session: Session) -> list[str]:
    made = []
    for email, name, role in DEMO_USERS:
        if session.scalar(select(User).where(User.email == email)) is None:
            session.add(User(email=email, name=name, role=role, password_hash=hash_password(DEMO_PASSWORD)))
            made.append(email)
    for name, kind in DEMO_AGENCIES:
        if session.scalar(select(Agency).where(Agency.name == name)) is None:
            session.add(Agency(name=name, kind=kind))
    session.flush()
    return made


def _answers_for(
    survey: Survey, rng: random.Random, keep: tuple[str, ...]
) -> tuple[dict[str, Any], dict[str, Any], bool]:
    answers: dict[str, Any] = {}
    removed: dict[str, Any] = {}
    concern = False
    texts = {
        "working_well": PRACTITIONER_WELL,
        "gets_in_the_way": PRACTITIONER_BARRIERS,
        "went_well": FAMILY_WELL,
        "could_be_better": FAMILY_BETTER,
    }
    for q in survey.current_version.questions:
        if q.kind == "text":
            pool = texts.get(q.key)
            if pool is None or (not q.required and rng.random() < 0.4):
                answers[q.key] = ""
                continue
            cleaned = clean_free_text(rng.choice(pool), keep)
            answers[q.key] = cleaned.text
            removed[q.key] = cleaned.removed
            concern = concern or cleaned.concern is not None
        elif q.kind == "multi":
            values = [o["value"] for o in q.options]
            answers[q.key] = sorted(rng.sample(values[:-1], k=rng.randint(1, 3)), key=values.index)
        else:
            values = [o["value"] for o in q.options]
            weights = [1, 2, 3, 4, 3][: len(values)] if q.kind in {"likert", "faces"} else None
            answers[q.key] = rng.choices(values, weights=weights)[0]
    return answers, removed, concern


def load_demo(session: Session, settings: Settings, *, today: dt.date | None = None) -> list[str]:
    """Create demo surveys, users, agencies and (once) sealed sample responses."""
    summary = []
    created = install_templates(session)
    summary.append(f"Survey templates installed: {len(created)} new.")
    made = _ensure_users(session)
    summary.append(f"Demo accounts created: {', '.join(made) if made else 'none new'}.")
    summary.extend(load_register_demo(session, settings, today or dt.date.today()))
    summary.extend(load_assurance_demo(session, today or dt.date.today()))
    # Campaign responses (e.g. the demo review's participation campaign) are not the general sample.
    existing = session.scalar(select(func.count()).select_from(Response).where(Response.campaign_id.is_(None))) or 0
    if existing:
        summary.append(f"Sample responses: {existing} already present.")
        return summary
    public_key = load_current_public_key(settings.keys_dir)
    hasher = ReceiptHasher(time_cost=1, memory_kib=8 * 1024)
    rng = random.Random(20191129)  # noqa: S311 (demo data: the same sample every time, nothing secret)
    today = today or dt.date.today()
    count = 0
    for slug, n in (("practitioner-feedback", 36), ("family-feedback", 14), ("review-participation", 6)):
        survey = session.scalar(select(Survey).where(Survey.slug == slug))
        if survey is None:
            continue
        for _ in range(n):
            answers, removed, concern = _answers_for(survey, rng, settings.strip_keep)
            version = survey.current_version
            submit_response(
                session,
                version=version,
                answers=answers,
                removed=removed,
                needs_attention=concern or flagged_by_choice(version.questions, answers),
                campaign_id=None,
                public_key=public_key,
                hasher=hasher,
                today=today - dt.timedelta(days=rng.randint(0, 180)),
            )
            count += 1
    summary.append(f"Sample responses sealed: {count}.")
    # Staff see responses only once released in a batch: the demo's are released at once, so `make run` shows them.
    batch = release_waiting(session, today)
    summary.append(f"Sample responses released to staff: {batch.responses if batch else 0}.")
    summary.extend(_theme_and_propose(session, settings, today))
    return summary


def _theme_and_propose(session: Session, settings: Settings, today: dt.date) -> list[str]:
    """Theme the sample with the shipped model and draft key areas from it, as the scheduled job and staff would."""
    from core.opening import Keyring
    from core.services import findings, key_areas

    keyring = Keyring()
    keyring.unlock(settings.keys_dir, settings.key_passphrase or None)
    run = findings.run_analysis(session, keyring, findings.load_classifier(), today=today, trigger="staff")
    proposal = key_areas.propose_for_period(session, today - dt.timedelta(days=365), today)
    draft = key_areas.draft_from_proposal(session, None, proposal, title="Key areas for the last twelve months")
    return [f"Sample responses themed: {run.analysed}; key areas proposed as a draft: {len(draft.areas)}."]


# ---------------------------------------------------------------------------------------------
# Registers: the demo partnership's reviews, child deaths, audits, Section 11, reports, themed work
# and indicators, with learning and actions. Relative dates keep the demo current whenever it is loaded.

DEMO_CONTACT_ROLES = {
    "local_authority": "Head of Safeguarding and Quality Assurance",
    "police": "Detective Inspector, Public Protection Unit",
    "health": "Designated Nurse for Safeguarding Children",
    "education": "Education Safeguarding Lead",
    "probation": "Head of Public Protection",
    "youth_justice": "Youth Justice Service Manager",
    "voluntary": "Safeguarding Forum Coordinator",
}
AGENCY_KEYS = {
    "la": "Children's Services",
    "police": "Police",
    "acute": "Acute Hospital NHS Trust",
    "icb": "Integrated Care Board",
    "community": "Community Health Trust",
    "schools": "Schools and Education",
    "probation": "Probation Service",
    "yjs": "Youth Justice Service",
    "vcs": "Voluntary Sector Forum",
}


@dataclass(frozen=True)
class WorkingDaysAgo:
    days: int


@dataclass(frozen=True)
class DaysAgo:
    days: int


# Reviews, by the fields of ReviewDetails; "agency" is a key of AGENCY_KEYS.
DEMO_REVIEWS: list[dict[str, Any]] = [
    dict(
        kind="serious_incident",
        subject="Child P",
        aware_on=WorkingDaysAgo(3),
        agency="la",
        summary="Serious injury to a baby of 10 weeks.",
    ),
    dict(
        kind="serious_incident",
        subject="Child Q",
        aware_on=WorkingDaysAgo(12),
        notified_on=WorkingDaysAgo(9),
        agency="la",
    ),
    dict(
        kind="serious_incident",
        subject="Siblings R and S",
        aware_on=WorkingDaysAgo(30),
        notified_on=WorkingDaysAgo(27),
        agency="police",
        restricted=True,
    ),
    dict(
        kind="serious_incident",
        subject="Child T",
        aware_on=DaysAgo(190),
        notified_on=DaysAgo(187),
        rapid_review_on=DaysAgo(165),
        decision="lcspr",
        decision_on=DaysAgo(160),
        commissioned_on=DaysAgo(120),
        stage="fieldwork",
        agency="la",
        lead_reviewer="Independent reviewer (demo)",
        family_invited=True,
        family_took_part=True,
        practitioners_invited=True,
        practitioners_took_part=True,
    ),
    dict(
        kind="lcspr",
        subject="Child U",
        aware_on=DaysAgo(420),
        notified_on=DaysAgo(416),
        rapid_review_on=DaysAgo(395),
        decision="lcspr",
        decision_on=DaysAgo(390),
        completed_on=DaysAgo(200),
        published_on=DaysAgo(150),
        stage="action_plan",
        agency="la",
        family_invited=True,
        family_took_part=False,
        practitioners_invited=True,
        practitioners_took_part=True,
    ),
    dict(
        kind="lcspr",
        reference="SCR-2018-01",
        subject="Family V",
        aware_on=dt.date(2018, 1, 8),
        decision="lcspr",
        decision_on=dt.date(2018, 2, 20),
        completed_on=dt.date(2018, 9, 30),
        published_on=dt.date(2018, 12, 4),
        closed_on=dt.date(2020, 3, 31),
        stage="closed",
        agency="la",
    ),
    dict(
        kind="learning_review",
        subject="Young person W",
        commissioned_on=DaysAgo(60),
        stage="fieldwork",
        agency="schools",
    ),
    dict(
        kind="alternative_learning_review",
        subject="Child X",
        commissioned_on=DaysAgo(30),
        stage="commissioned",
        agency="acute",
    ),
]
CDR_CATEGORIES_SEEN = [
    "perinatal_neonatal",
    "chromosomal_genetic_congenital",
    "sudden_unexpected_unexplained",
    "acute_medical_surgical",
    "infection",
    "trauma_external",
    "malignancy",
    "chronic_medical",
    "suicide_self_harm",
    "deliberately_inflicted",
]
# Learning from reviews: (review index, title, themes, polarity, [(action, owner, due in days, status, evidence)]).
REVIEW_LEARNING: list[tuple[int, str, list[str], str, list[tuple[str, str, int, str, str]]]] = [
    (
        4,
        "Bruising in a non-mobile baby was not referred for a child protection medical",
        ["injury_non_mobile_babies", "escalation_challenge"],
        "development",
        [
            ("Relaunch the bruising protocol with GP practices and emergency departments", "acute", -20, "red", ""),
            ("Add the bruising protocol to health visitor induction", "acute", 40, "amber", ""),
            (
                "Audit referrals of bruised non-mobile babies",
                "la",
                -60,
                "done",
                "Audit of 30 referrals: 28 followed the protocol (93%, up from 61%).",
            ),
        ],
    ),
    (
        4,
        "The father was not seen or assessed",
        ["fathers_male_carers", "risk_assessment"],
        "development",
        [("Include fathers and new partners in the assessment template", "la", 25, "green", "")],
    ),
    (
        3,
        "Schools did not receive domestic abuse notifications in time",
        ["domestic_abuse", "information_sharing"],
        "development",
        [("Next-day notification of domestic abuse incidents to schools", "police", 5, "amber", "")],
    ),
    (
        5,
        "Practitioners accepted explanations without curiosity",
        ["professional_curiosity"],
        "development",
        [
            (
                "Professional curiosity briefing for all partners",
                "la",
                -900,
                "done",
                "Briefing delivered to 412 practitioners; 7-minute briefing used in team meetings.",
            )
        ],
    ),
    (
        5,
        "Strategy meetings were held quickly with police and health present",
        ["multi_agency_working"],
        "good_practice",
        [],
    ),
]


@dataclass
class _Demo:
    """What the demo loaders share: the session, today, agency ids by key, theme ids by code, a seeded rng."""

    session: Session
    today: dt.date
    agencies: dict[str, int]
    themes: dict[str, int]
    rng: random.Random

    @classmethod
    def of(cls, session: Session, today: dt.date, seed: int) -> "_Demo":
        from core.models import Theme

        by_name = {a.name: a.id for a in session.scalars(select(Agency).order_by(Agency.name))}
        first = next(iter(by_name.values()))
        agencies = {key: by_name.get(name, first) for key, name in AGENCY_KEYS.items()}
        themes = {t.code: t.id for t in session.scalars(select(Theme))}
        # Demo data only: a seeded generator makes the same demo every time, nothing secret depends on it.
        return cls(session, today, agencies, themes, random.Random(seed))  # noqa: S311

    def day(self, when: Any) -> Any:
        from core.services.deadlines import add_working_days

        if isinstance(when, WorkingDaysAgo):
            return add_working_days(self.today, -when.days)
        if isinstance(when, DaysAgo):
            return self.today - dt.timedelta(days=when.days)
        return when

    def ahead(self, days: int) -> dt.date:
        return self.today + dt.timedelta(days=days)

    def learn(self, source_type: str, entry: Any, title: str, codes: list[str], polarity: str = "development") -> Any:
        from core.services import learning

        themes = [self.themes[c] for c in codes if c in self.themes]
        details = learning.PointDetails(title=title, polarity=polarity, themes=themes)
        return learning.create_learning_point(self.session, None, source_type, entry, details)

    def act(
        self, point: Any, title: str, owner: int | None, due: int, status: str, evidence: str = "", measure: str = ""
    ) -> None:
        from core.services import actions

        details = actions.ActionDetails(
            title=title,
            owner_agency_id=owner,
            lead="Safeguarding lead",
            status=status,
            due_on=self.ahead(due),
            evidence=evidence,
            impact_measure=measure or "Multi-agency audit of 20 cases in six months' time",
            completed_on=self.today - dt.timedelta(days=3) if status == "done" else None,
        )
        actions.create_action(self.session, None, point, details, self.today)


def _ensure_contacts(session: Session) -> None:
    from core.models import AgencyContact

    for agency in session.scalars(select(Agency)):
        if session.scalar(select(AgencyContact.id).where(AgencyContact.agency_id == agency.id)) is None:
            session.add(
                AgencyContact(
                    agency_id=agency.id,
                    name=f"Safeguarding lead ({agency.name})",
                    role_title=DEMO_CONTACT_ROLES.get(agency.kind, "Safeguarding lead"),
                    email=f"safeguarding.{agency.id}@example.org",
                    is_primary=True,
                )
            )
    session.flush()


def _demo_reviews(d: _Demo, settings: Settings) -> list[Any]:
    from core.services import reviews

    made = []
    for spec in DEMO_REVIEWS:
        values = {k: d.day(v) for k, v in spec.items() if k != "agency"}
        details = reviews.ReviewDetails(agency_id=d.agencies[spec["agency"]], **values)
        made.append(reviews.create_review(d.session, None, details, d.today))
    campaign = reviews.create_participation_campaign(d.session, None, made[3], d.today)
    survey = d.session.scalar(select(Survey).where(Survey.slug == reviews.PARTICIPATION_SURVEY))
    if survey is not None and settings.keys_dir.exists():
        public_key = load_current_public_key(settings.keys_dir)
        hasher = ReceiptHasher(time_cost=1, memory_kib=8 * 1024)
        for _ in range(7):
            answers, removed, concern = _answers_for(survey, d.rng, settings.strip_keep)
            submit_response(
                d.session,
                version=survey.current_version,
                answers=answers,
                removed=removed,
                needs_attention=concern,
                campaign_id=campaign.id,
                public_key=public_key,
                hasher=hasher,
                today=d.today - dt.timedelta(days=d.rng.randint(1, 40)),
            )
    return made


def _demo_child_deaths(d: _Demo) -> list[Any]:
    from core.services import child_deaths

    cdrs = []
    for _ in range(36):
        death = d.today - dt.timedelta(days=d.rng.randint(40, 5 * 365))
        reviewed = (d.today - death).days > 200
        modifiable = d.rng.choices(["yes", "no", "insufficient"], weights=[3, 6, 1])[0] if reviewed else ""
        category = d.rng.choice(CDR_CATEGORIES_SEEN) if reviewed else ""
        expected = category in {"malignancy", "chronic_medical", "chromosomal_genetic_congenital"}
        domains = ["mf_child", "mf_family", "mf_physical", "mf_service"]
        details = child_deaths.CdrDetails(
            date_of_death=death,
            expected=expected,
            joint_agency_response=not expected,
            stage="closed" if reviewed else d.rng.choice(["information_gathering", "review_meeting"]),
            notified_on=death + dt.timedelta(days=1),
            review_meeting_on=death + dt.timedelta(days=90) if reviewed else None,
            panel_on=death + dt.timedelta(days=160) if reviewed else None,
            category=category or None,
            modifiable=modifiable or None,
            agency_id=d.agencies["acute"],
            domains=d.rng.sample(domains, k=d.rng.randint(1, 2)) if modifiable == "yes" else [],
        )
        cdrs.append(child_deaths.create_cdr(d.session, None, details))
    return cdrs


def _demo_register_learning(d: _Demo, made: list[Any], cdrs: list[Any]) -> None:
    for index, title, codes, polarity, actions in REVIEW_LEARNING:
        point = d.learn("review", made[index], title, codes, polarity)
        for action, owner, due, status, evidence in actions:
            d.act(point, action, d.agencies[owner], due, status, evidence)
    for cdr in [c for c in cdrs if c.modifiable == "yes"][:8]:
        point = d.learn(
            "cdr", cdr, "Safer sleep advice was not repeated after the birth", ["safer_sleep_sudi", "health_access"]
        )
        d.act(
            point,
            "Safer sleep advice at every health visitor contact",
            d.agencies["acute"],
            d.rng.randint(-90, 120),
            d.rng.choice(["red", "amber", "green", "done"]),
            "Safer sleep assessment in the record template.",
        )


def load_register_demo(session: Session, settings: Settings, today: dt.date) -> list[str]:
    """Demo case reviews, child death reviews, learning points and actions (once)."""
    from core.models import Review
    from core.services.themes import install_themes

    summary = [f"Themes installed: {len(install_themes(session))} new."]
    _ensure_contacts(session)
    if session.scalar(select(func.count(Review.id))):
        summary.append("Demo reviews: already present.")
        return summary
    d = _Demo.of(session, today, 2019)
    made = _demo_reviews(d, settings)
    cdrs = _demo_child_deaths(d)
    _demo_register_learning(d, made, cdrs)
    session.flush()
    summary.append(f"Demo reviews: {len(made)}; child death reviews: {len(cdrs)}; with learning and actions.")
    return summary


# Audits, by the fields of AuditDetails (dates as DaysAgo or days ahead as negative DaysAgo), with findings.
DEMO_AUDITS: list[tuple[dict[str, Any], list[tuple[str, str, str]]]] = [
    (
        dict(
            kind="multi_agency",
            title="Early help: step-down from children's social care",
            programme="Early help",
            status="reported",
            planned_on=DaysAgo(200),
            completed_on=DaysAgo(120),
            rating="requires_improvement",
            cases_audited=20,
            summary="Twenty cases stepped down in the last year, audited by five agencies.",
        ),
        [
            ("Step-down plans", "Most families had a plan, but only half named a lead professional.", "amber"),
            ("Voice of the child", "Children's views were recorded in 14 of the 20 cases.", "amber"),
            ("Information sharing", "Schools were not told of the step-down in 6 cases.", "red"),
            ("Multi-agency working", "Team around the family meetings were well attended.", "green"),
        ],
    ),
    (
        dict(
            kind="multi_agency",
            title="Leaving care: pathway plans and accommodation",
            programme="Leaving care",
            status="in_progress",
            planned_on=DaysAgo(20),
            cases_audited=15,
        ),
        [],
    ),
    (
        dict(
            kind="multi_agency",
            title="Children in care placed out of area",
            programme="Care provision",
            status="planned",
            planned_on=DaysAgo(-60),
        ),
        [],
    ),
    (
        dict(
            kind="single_agency",
            title="Domestic abuse notifications to schools",
            agency="police",
            status="reported",
            planned_on=DaysAgo(300),
            completed_on=DaysAgo(250),
            rating="good",
            cases_audited=40,
        ),
        [],
    ),
    (
        dict(
            kind="single_agency",
            title="Bruising protocol in the emergency department",
            agency="acute",
            status="reported",
            planned_on=DaysAgo(500),
            completed_on=DaysAgo(420),
            rating="inadequate",
            cases_audited=3,
            restricted=True,
            summary="A small sample: see the trust's own report.",
        ),
        [],
    ),
    (
        dict(
            kind="board_effectiveness",
            title="Reciprocal board effectiveness review",
            reciprocal_partner="Northshire Safeguarding Children Partnership",
            status="reported",
            planned_on=DaysAgo(160),
            completed_on=DaysAgo(90),
            rating="good",
            criteria="Leadership and accountability\nLearning from reviews changes practice\n"
            "The voice of children shapes priorities\nIndependent scrutiny and challenge",
        ),
        [
            ("Leadership and accountability", "Lead partners meet monthly and hold each other to account.", "green"),
            ("Learning from reviews changes practice", "Actions are tracked, but impact is rarely measured.", "amber"),
            (
                "The voice of children shapes priorities",
                "The young people's panel set two of the five priorities.",
                "green",
            ),
            ("Independent scrutiny and challenge", "Scrutiny reports go to the board; responses are slow.", "amber"),
        ],
    ),
]
# Annual reports: (title, governance body, agency key, status this year).
DEMO_REPORTS = [
    ("Corporate parenting annual report", "Corporate Parenting Board", "la", "presented"),
    ("MAPPA annual report", "MAPPA Strategic Management Board", "probation", "approved"),
    ("LADO annual report", "Local Authority Designated Officer", "la", "received"),
    ("Private fostering annual report", "Private fostering", "la", "awaited"),
    ("Child death overview panel annual report", "Child Death Overview Panel", "icb", "presented"),
    ("Youth justice plan", "Youth Justice Partnership", "yjs", "received"),
]
# Indicators: (code, name, agency key, unit, direction, target, frequency, themes, (start, slope, noise)).
DEMO_INDICATORS: list[tuple[str, str, str, str, str, Optional[float], str, list[str], tuple[float, float, float]]] = [
    ("CSC-03", "Child protection visits within timescale", "la", "%", "higher_better", 90, "monthly",
     ["voice_of_child"], (78, 0.5, 3)),
    ("CSC-07", "Re-referrals to children's social care within 12 months", "la", "%", "lower_better", 20,
     "quarterly", ["thresholds_early_help"], (26, -0.6, 1.5)),
    ("POL-01", "Domestic abuse notifications shared with schools next day", "police", "%", "higher_better", 95,
     "quarterly", ["domestic_abuse", "information_sharing"], (60, 3, 2)),
    ("POL-04", "Children missing from home more than three times", "police", "children", "lower_better", None,
     "quarterly", ["exploitation_adolescents"], (14, -1, 3)),
    ("HLT-02", "Health visitor new birth visits within 14 days", "community", "%", "higher_better", 95,
     "quarterly", ["health_access"], (88, 0.4, 2)),
    ("ACU-01", "Staff trained at safeguarding children level 3", "acute", "%", "higher_better", 85, "annual",
     ["training_procedures"], (70, 4, 2)),
    ("EDU-02", "Schools with a completed safeguarding audit", "schools", "%", "higher_better", 100, "annual",
     ["training_procedures"], (82, 3, 1)),
]  # fmt: skip


def _demo_audits(d: _Demo) -> None:
    from core.services import audits

    made = []
    for spec, findings in DEMO_AUDITS:
        values = {k: d.day(v) for k, v in spec.items() if k != "agency"}
        agency = d.agencies[spec["agency"]] if "agency" in spec else None
        audit = audits.create_audit(d.session, None, audits.AuditDetails(agency_id=agency, **values), d.today)
        for criterion, finding, rating in findings:
            audits.add_finding(d.session, None, audit, audits.FindingDetails(finding, criterion, rating))
        made.append(audit)
    point = d.learn(
        "audit",
        made[0],
        "Schools are not told when a case steps down to early help",
        ["information_sharing", "thresholds_early_help"],
    )
    d.act(
        point,
        "Add schools to the step-down notification",
        d.agencies["la"],
        30,
        "amber",
        measure="Re-audit in six months",
    )


def _demo_section11(d: _Demo) -> None:
    """Three cycles of self-assessment and moderation, every agency against every standard."""
    from core.models import Section11Assessment
    from core.services import section11

    standards = section11.list_standards(d.session, active_only=True)
    cycles = []
    for name, start in (
        ("2021 to 2023", dt.date(2021, 4, 1)),
        ("2023 to 2025", dt.date(2023, 4, 1)),
        ("2025 to 2027", dt.date(2025, 4, 1)),
    ):
        cycle_details = section11.CycleDetails(
            name=name, starts_on=start, ends_on=start.replace(year=start.year + 2), status="open", scale="score"
        )
        cycles.append(section11.create_cycle(d.session, None, cycle_details))
    for n, cycle in enumerate(cycles):
        for agency_id in sorted(set(d.agencies.values())):
            for standard in standards:
                own = min(3, max(0, d.rng.choice([1, 2, 2, 2, 3]) + (1 if n == 2 and d.rng.random() < 0.3 else 0)))
                moderated = (
                    None if n == 2 and d.rng.random() < 0.4 else max(0, own - (1 if d.rng.random() < 0.3 else 0))
                )
                details = section11.AssessmentDetails(
                    self_score=own,
                    moderated_score=moderated,
                    evidence="Policy, training records and a staff survey." if own >= 2 else "Policy in draft.",
                    focus_group_outcomes="Staff knew how to escalate and who the designated lead is."
                    if standard.code == "escalation"
                    else "",
                    challenge_notes="Evidence of impact needed." if moderated is not None and moderated < own else "",
                )
                values = section11.assessment_values(cycle, details)
                d.session.add(
                    Section11Assessment(cycle_id=cycle.id, agency_id=agency_id, standard_id=standard.id, **values)
                )
    for cycle, status in zip(cycles, ("closed", "closed", "moderation")):
        cycle.status = status
    d.session.flush()
    gap = d.session.scalar(
        select(Section11Assessment).where(
            Section11Assessment.cycle_id == cycles[2].id,
            Section11Assessment.moderated_score < Section11Assessment.self_score,
        )
    )
    if gap is not None:
        point = d.learn(
            "s11", gap, "Self-assessment rated higher than the evidence supports", ["supervision_workforce"]
        )
        d.act(
            point,
            "Bring evidence of impact to the next challenge panel",
            gap.agency_id,
            45,
            "green",
            measure="Re-audit in six months",
        )


def _demo_annual_reports(d: _Demo, year: int) -> None:
    from core.services import annual_reports

    for title, body, owner, status in DEMO_REPORTS:
        for y in (year - 1, year):
            current = status if y == year else "presented"
            approved = current in ("approved", "presented")
            corporate = body == "Corporate Parenting Board"
            details = annual_reports.ReportDetails(
                title=title,
                body=body,
                agency_id=d.agencies[owner],
                year=y,
                status=current,
                governance_body=f"{body} (own governance)" if approved else "",
                governance_approved_on=dt.date(y + 1, 6, 15) if approved else None,
                received_on=dt.date(y + 1, 7, 1) if current != "awaited" else None,
                presented_on=dt.date(y + 1, 9, 20) if current == "presented" else None,
                summary=f"The {body.lower()}'s work in {y} to {y + 1}." if current != "awaited" else "",
                findings="Placement stability improved\nToo few care leavers in education, employment or training"
                if corporate
                else "",
            )
            report = annual_reports.create_report(d.session, None, details)
            if corporate and y == year:
                point = d.learn(
                    "annual_report",
                    report,
                    "Too few care leavers in education, employment or training",
                    ["transitions_moves"],
                )
                d.act(
                    point,
                    "Ring-fenced apprenticeships for care leavers with partners",
                    d.agencies["la"],
                    120,
                    "amber",
                    measure="Re-audit in six months",
                )


def _demo_themed_work(d: _Demo) -> None:
    """Strategic and themed work, with the map of who is involved."""
    from core.services import themed_work as tw

    a = d.agencies
    domestic = tw.create_work(
        d.session,
        None,
        tw.WorkDetails(
            title="Domestic abuse strategy 2025 to 2028",
            area="Domestic abuse",
            status="active",
            agency_id=a["la"],
            started_on=dt.date(2025, 4, 1),
            review_on=d.ahead(90),
            strategy="Earlier help for children living with domestic abuse; MARAC quality; a perpetrator programme.",
            risks="MARAC referrals up 30% with no more capacity\nRepeat victims not flagged across agencies",
            needs="Perpetrator programme for fathers\nDomestic abuse training for school staff\n"
            "Specialist support for teenagers in abusive relationships",
        ),
    )
    board = tw.add_node(
        d.session, None, domestic, tw.NodeDetails(name="Domestic Abuse Partnership Board", kind="board")
    )
    marac = tw.add_node(
        d.session, None, domestic, tw.NodeDetails(name="MARAC", kind="partnership", reports_to_id=board.id)
    )
    ops = tw.add_node(
        d.session,
        None,
        domestic,
        tw.NodeDetails(name="Operation Encompass group", kind="partnership", reports_to_id=board.id),
    )
    for owner, where, role in (
        ("police", marac, "chair"), ("la", marac, "member"), ("acute", marac, "member"), ("vcs", marac, "member"),
        ("probation", marac, "member"), ("police", ops, "lead"), ("schools", ops, "member"), ("la", board, "chair"),
    ):  # fmt: skip
        tw.add_node(
            d.session,
            None,
            domestic,
            tw.NodeDetails(agency_id=a[owner], kind="organisation", role=role, reports_to_id=where.id),
        )
    point = d.learn(
        "themed_work",
        domestic,
        "Schools hear about domestic abuse incidents too late",
        ["domestic_abuse", "information_sharing"],
    )
    d.act(
        point,
        "Next-day notification to schools (Operation Encompass)",
        a["police"],
        20,
        "green",
        measure="Re-audit in six months",
    )
    exploitation = tw.create_work(
        d.session,
        None,
        tw.WorkDetails(
            title="Child exploitation",
            area="Child sexual exploitation",
            status="under_review",
            agency_id=a["police"],
            started_on=dt.date(2023, 9, 1),
            review_on=d.today - dt.timedelta(days=10),
            strategy="One multi-agency exploitation panel for sexual and criminal exploitation.",
            risks="Children missing from care placed from other areas\nOnline grooming moving to new apps",
            needs="Return home interviews within 72 hours",
        ),
    )
    mace = tw.add_node(
        d.session, None, exploitation, tw.NodeDetails(name="Multi-agency child exploitation panel", kind="partnership")
    )
    for owner, role in (
        ("police", "chair"),
        ("la", "member"),
        ("yjs", "member"),
        ("community", "member"),
        ("schools", "member"),
    ):
        tw.add_node(
            d.session,
            None,
            exploitation,
            tw.NodeDetails(agency_id=a[owner], kind="organisation", role=role, reports_to_id=mace.id),
        )
    neglect = tw.WorkDetails(
        title="Neglect strategy refresh", area="Neglect", status="planned", agency_id=a["la"], started_on=d.ahead(30)
    )
    tw.create_work(d.session, None, neglect)


def _periods(frequency: str, today: dt.date, year: int) -> list[str]:
    if frequency == "monthly":
        months = [(today.year * 12 + today.month - 2 - m) for m in range(23, -1, -1)]
        return [f"{m // 12}-{m % 12 + 1:02d}" for m in months]
    if frequency == "quarterly":
        quarter = (today.year * 4 + (today.month - 1) // 3) - 1
        return [f"{q // 4}-Q{q % 4 + 1}" for q in range(quarter - 11, quarter + 1)]
    return [f"{y}-{(y + 1) % 100:02d}" for y in range(year - 5, year + 1)]


def _demo_indicators(d: _Demo, year: int) -> None:
    """Single agency performance information, with values imported from CSV as partners send them."""
    from core.services import indicators
    from core.services.indicator_import import import_indicator_values

    lines = ["indicator,period,value"]
    for code, name, owner, unit, direction, target, frequency, codes, (start, slope, noise) in DEMO_INDICATORS:
        details = indicators.IndicatorDetails(
            code=code,
            name=name,
            agency_id=d.agencies[owner],
            unit=unit,
            direction=direction,
            target=float(target) if target is not None else None,
            frequency=frequency,
            themes=[d.themes[c] for c in codes if c in d.themes],
            counts_people=unit == "children",
        )
        indicators.create_indicator(d.session, None, details)
        for i, period in enumerate(_periods(frequency, d.today, year)):
            value = start + slope * i + d.rng.uniform(-noise, noise)
            lines.append(f"{code},{period},{max(0, round(value)) if unit == 'children' else round(value, 1)}")
    import_indicator_values(d.session, ("\n".join(lines) + "\n").encode("utf-8"), user_id=None, filename="demo.csv")


def load_assurance_demo(session: Session, today: dt.date) -> list[str]:
    """Demo audits, Section 11 cycles, annual reports, themed work and indicators (once)."""
    from core.models import Audit
    from core.services import section11

    section11.install_standards(session)
    if session.scalar(select(func.count(Audit.id))):
        return ["Demo audits, Section 11, annual reports, themed work and indicators: already present."]
    d = _Demo.of(session, today, 2004)
    year = today.year - 1 if today.month >= 4 else today.year - 2
    _demo_audits(d)
    _demo_section11(d)
    _demo_annual_reports(d, year)
    _demo_themed_work(d)
    _demo_indicators(d, year)
    session.flush()
    return [
        f"Demo audits: {len(DEMO_AUDITS)}; Section 11 cycles: 3; annual reports: {2 * len(DEMO_REPORTS)}; "
        f"themed work: 3; indicators: {len(DEMO_INDICATORS)} with values; with learning and actions."
    ]
