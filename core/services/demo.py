"""Demonstration data for `make run`: surveys, accounts and sealed sample responses."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from config import Settings
from core.models import Agency, Response, Survey, User
from core.passwords import hash_password
from core.receipts import ReceiptHasher
from core.sealing import load_current_public_key
from core.services.responses import clean_free_text, submit_response
from core.services.surveys import flagged_by_choice, install_templates

DEMO_PASSWORD = "learning-loop-demo"
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
    rng = random.Random(20191129)
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
    return summary


# ---------------------------------------------------------------------------------------------
# Registers (issue 4, 4A): themes, agency contacts, case reviews, child deaths, learning, actions
# ---------------------------------------------------------------------------------------------

DEMO_CONTACT_ROLES = {
    "local_authority": "Head of Safeguarding and Quality Assurance",
    "police": "Detective Inspector, Public Protection Unit",
    "health": "Designated Nurse for Safeguarding Children",
    "education": "Education Safeguarding Lead",
    "probation": "Head of Public Protection",
    "youth_justice": "Youth Justice Service Manager",
    "voluntary": "Safeguarding Forum Coordinator",
}


def load_register_demo(session: Session, settings: Settings, today: dt.date) -> list[str]:
    """Demo case reviews, child death reviews, learning points and actions (once)."""
    from core.models import AgencyContact, ChildDeathReview, Review, Theme
    from core.services import actions as action_service
    from core.services import child_deaths, learning, reviews
    from core.services.deadlines import add_working_days
    from core.services.themes import install_themes

    summary = [f"Themes installed: {len(install_themes(session))} new."]
    agencies = {a.name: a for a in session.scalars(select(Agency))}
    for agency in agencies.values():
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
    if session.scalar(select(func.count(Review.id))):
        summary.append("Demo reviews: already present.")
        return summary
    themes = {t.code: t.id for t in session.scalars(select(Theme))}
    ids = [a.id for a in agencies.values()]
    la, police, health, schools = (
        agencies[n].id if n in agencies else ids[0]
        for n in ("Children's Services", "Police", "Acute Hospital NHS Trust", "Schools and Education")
    )
    rng = random.Random(2019)

    def wd(days: int) -> str:
        return add_working_days(today, -days).isoformat()

    def ago(days: int) -> str:
        return (today - dt.timedelta(days=days)).isoformat()

    def day_wd(days: int) -> dt.date:
        return add_working_days(today, -days)

    def day_ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    made = [
        reviews.create_review(
            session,
            None,
            reviews.ReviewDetails(
                kind="serious_incident",
                subject="Child P",
                aware_on=day_wd(3),
                agency_id=la,
                summary="Serious injury to a baby of 10 weeks.",
            ),
            today,
        ),
        reviews.create_review(
            session,
            None,
            reviews.ReviewDetails(
                kind="serious_incident",
                subject="Child Q",
                aware_on=day_wd(12),
                notified_on=day_wd(9),
                agency_id=la,
            ),
            today,
        ),
        reviews.create_review(
            session,
            None,
            reviews.ReviewDetails(
                kind="serious_incident",
                subject="Siblings R and S",
                aware_on=day_wd(30),
                notified_on=day_wd(27),
                agency_id=police,
                restricted=True,
            ),
            today,
        ),
        reviews.create_review(
            session,
            None,
            reviews.ReviewDetails(
                kind="serious_incident",
                subject="Child T",
                aware_on=day_ago(190),
                notified_on=day_ago(187),
                rapid_review_on=day_ago(165),
                decision="lcspr",
                decision_on=day_ago(160),
                commissioned_on=day_ago(120),
                stage="fieldwork",
                agency_id=la,
                lead_reviewer="Independent reviewer (demo)",
                family_invited=True,
                family_took_part=True,
                practitioners_invited=True,
                practitioners_took_part=True,
            ),
            today,
        ),
        reviews.create_review(
            session,
            None,
            reviews.ReviewDetails(
                kind="lcspr",
                subject="Child U",
                aware_on=day_ago(420),
                notified_on=day_ago(416),
                rapid_review_on=day_ago(395),
                decision="lcspr",
                decision_on=day_ago(390),
                completed_on=day_ago(200),
                published_on=day_ago(150),
                stage="action_plan",
                agency_id=la,
                family_invited=True,
                family_took_part=False,
                practitioners_invited=True,
                practitioners_took_part=True,
            ),
            today,
        ),
        reviews.create_review(
            session,
            None,
            reviews.ReviewDetails(
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
                agency_id=la,
            ),
            today,
        ),
        reviews.create_review(
            session,
            None,
            reviews.ReviewDetails(
                kind="learning_review",
                subject="Young person W",
                commissioned_on=day_ago(60),
                stage="fieldwork",
                agency_id=schools,
            ),
            today,
        ),
        reviews.create_review(
            session,
            None,
            reviews.ReviewDetails(
                kind="alternative_learning_review",
                subject="Child X",
                commissioned_on=day_ago(30),
                stage="commissioned",
                agency_id=health,
            ),
            today,
        ),
    ]
    campaign = reviews.create_participation_campaign(session, None, made[3], today)
    survey = session.scalar(select(Survey).where(Survey.slug == reviews.PARTICIPATION_SURVEY))
    if survey is not None and settings.keys_dir.exists():
        public_key = load_current_public_key(settings.keys_dir)
        hasher = ReceiptHasher(time_cost=1, memory_kib=8 * 1024)
        for _ in range(7):
            answers, removed, concern = _answers_for(survey, rng, settings.strip_keep)
            submit_response(
                session,
                version=survey.current_version,
                answers=answers,
                removed=removed,
                needs_attention=concern,
                campaign_id=campaign.id,
                public_key=public_key,
                hasher=hasher,
                today=today - dt.timedelta(days=rng.randint(1, 40)),
            )

    cdrs = []
    categories = [
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
    for n in range(36):
        death = today - dt.timedelta(days=rng.randint(40, 5 * 365))
        reviewed = (today - death).days > 200
        modifiable = rng.choices(["yes", "no", "insufficient"], weights=[3, 6, 1])[0] if reviewed else ""
        category = rng.choice(categories) if reviewed else ""
        expected = category in {"malignancy", "chronic_medical", "chromosomal_genetic_congenital"}
        details = child_deaths.CdrDetails(
            date_of_death=death,
            expected=expected,
            joint_agency_response=not expected,
            stage="closed" if reviewed else rng.choice(["information_gathering", "review_meeting"]),
            notified_on=death + dt.timedelta(days=1),
            review_meeting_on=death + dt.timedelta(days=90) if reviewed else None,
            panel_on=death + dt.timedelta(days=160) if reviewed else None,
            category=category or None,
            modifiable=modifiable or None,
            agency_id=health,
            domains=rng.sample(["mf_child", "mf_family", "mf_physical", "mf_service"], k=rng.randint(1, 2))
            if modifiable == "yes"
            else [],
        )
        cdrs.append(child_deaths.create_cdr(session, None, details))

    def point(source_type: str, entry: Any, title: str, codes: list[str], polarity: str = "development") -> Any:
        return learning.create_learning_point(
            session,
            None,
            source_type,
            entry,
            learning.PointDetails(title=title, polarity=polarity, themes=[themes[c] for c in codes if c in themes]),
        )

    def action(lp: Any, title: str, owner: int, due: int, status: str, evidence: str = "") -> None:
        action_service.create_action(
            session,
            None,
            lp,
            action_service.ActionDetails(
                title=title,
                owner_agency_id=owner,
                lead="Safeguarding lead",
                status=status,
                due_on=(today + dt.timedelta(days=due)),
                evidence=evidence,
                impact_measure="Multi-agency audit of 20 cases in six months' time",
                completed_on=(today - dt.timedelta(days=3)) if status == "done" else None,
            ),
            today,
        )

    lp = point(
        "review",
        made[4],
        "Bruising in a non-mobile baby was not referred for a child protection medical",
        ["injury_non_mobile_babies", "escalation_challenge"],
    )
    action(lp, "Relaunch the bruising protocol with GP practices and emergency departments", health, -20, "red")
    action(lp, "Add the bruising protocol to health visitor induction", health, 40, "amber")
    action(
        lp,
        "Audit referrals of bruised non-mobile babies",
        la,
        -60,
        "done",
        "Audit of 30 referrals: 28 followed the protocol (93%, up from 61%).",
    )
    lp = point("review", made[4], "The father was not seen or assessed", ["fathers_male_carers", "risk_assessment"])
    action(lp, "Include fathers and new partners in the assessment template", la, 25, "green")
    lp = point(
        "review",
        made[3],
        "Schools did not receive domestic abuse notifications in time",
        ["domestic_abuse", "information_sharing"],
    )
    action(lp, "Next-day notification of domestic abuse incidents to schools", police, 5, "amber")
    lp = point("review", made[5], "Practitioners accepted explanations without curiosity", ["professional_curiosity"])
    action(
        lp,
        "Professional curiosity briefing for all partners",
        la,
        -900,
        "done",
        "Briefing delivered to 412 practitioners; 7-minute briefing used in team meetings.",
    )
    lp = point(
        "review",
        made[5],
        "Strategy meetings were held quickly with police and health present",
        ["multi_agency_working"],
        "good_practice",
    )
    for cdr in [c for c in cdrs if c.modifiable == "yes"][:8]:
        lp = point(
            "cdr", cdr, "Safer sleep advice was not repeated after the birth", ["safer_sleep_sudi", "health_access"]
        )
        action(
            lp,
            "Safer sleep advice at every health visitor contact",
            health,
            rng.randint(-90, 120),
            rng.choice(["red", "amber", "green", "done"]),
            "Safer sleep assessment in the record template.",
        )
    session.flush()
    summary.append(f"Demo reviews: {len(made)}; child death reviews: {len(cdrs)}; with learning and actions.")
    return summary


# ---------------------------------------------------------------------------------------------
# Registers (issue 4, 4B): audits, Section 11, annual reports, themed work, indicators
# ---------------------------------------------------------------------------------------------


def load_assurance_demo(session: Session, today: dt.date) -> list[str]:
    """Demo audits, Section 11 cycles, annual reports, themed work and indicators (once)."""
    from core.models import Audit, Section11Assessment, Theme
    from core.services import annual_reports, audits, indicators, section11, themed_work
    from core.services import learning
    from core.services import actions as action_service
    from core.services.indicator_import import import_indicator_values

    section11.install_standards(session)
    if session.scalar(select(func.count(Audit.id))):
        return ["Demo audits, Section 11, annual reports, themed work and indicators: already present."]
    agencies = {a.name: a for a in session.scalars(select(Agency).order_by(Agency.name))}
    ids = {name: a.id for name, a in agencies.items()}
    first = next(iter(ids.values()))
    la, police, acute, icb, community, schools, probation, yjs, vcs = (
        ids.get(n, first)
        for n in (
            "Children's Services",
            "Police",
            "Acute Hospital NHS Trust",
            "Integrated Care Board",
            "Community Health Trust",
            "Schools and Education",
            "Probation Service",
            "Youth Justice Service",
            "Voluntary Sector Forum",
        )
    )
    themes = {t.code: t.id for t in session.scalars(select(Theme))}
    rng = random.Random(2004)

    def ago(days: int) -> str:
        return (today - dt.timedelta(days=days)).isoformat()

    def day_ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    def learn(
        source_type: str,
        entry: Any,
        title: str,
        codes: list[str],
        action: str,
        owner: int | None,
        due: int,
        status: str = "amber",
        polarity: str = "development",
    ) -> None:
        point = learning.create_learning_point(
            session,
            None,
            source_type,
            entry,
            learning.PointDetails(title=title, polarity=polarity, themes=[themes[c] for c in codes if c in themes]),
        )
        if action:
            action_service.create_action(
                session,
                None,
                point,
                action_service.ActionDetails(
                    title=action,
                    owner_agency_id=owner,
                    lead="Safeguarding lead",
                    status=status,
                    due_on=(today + dt.timedelta(days=due)),
                    impact_measure="Re-audit in six months",
                ),
                today,
            )

    # Audits: the multi-agency programme, single-agency audits, a reciprocal board effectiveness audit.
    early_help = audits.create_audit(
        session,
        None,
        audits.AuditDetails(
            kind="multi_agency",
            title="Early help: step-down from children's social care",
            programme="Early help",
            status="reported",
            planned_on=day_ago(200),
            completed_on=day_ago(120),
            rating="requires_improvement",
            cases_audited=20,
            summary="Twenty cases stepped down in the last year, audited by five agencies.",
        ),
        today,
    )
    for criterion, finding, rating in (
        ("Step-down plans", "Most families had a plan, but only half named a lead professional.", "amber"),
        ("Voice of the child", "Children's views were recorded in 14 of the 20 cases.", "amber"),
        ("Information sharing", "Schools were not told of the step-down in 6 cases.", "red"),
        ("Multi-agency working", "Team around the family meetings were well attended.", "green"),
    ):
        audits.add_finding(session, None, early_help, audits.FindingDetails(finding, criterion, rating))
    learn(
        "audit",
        early_help,
        "Schools are not told when a case steps down to early help",
        ["information_sharing", "thresholds_early_help"],
        "Add schools to the step-down notification",
        la,
        30,
    )
    audits.create_audit(
        session,
        None,
        audits.AuditDetails(
            kind="multi_agency",
            title="Leaving care: pathway plans and accommodation",
            programme="Leaving care",
            status="in_progress",
            planned_on=day_ago(20),
            cases_audited=15,
        ),
        today,
    )
    audits.create_audit(
        session,
        None,
        audits.AuditDetails(
            kind="multi_agency",
            title="Children in care placed out of area",
            programme="Care provision",
            status="planned",
            planned_on=(today + dt.timedelta(days=60)),
        ),
        today,
    )
    audits.create_audit(
        session,
        None,
        audits.AuditDetails(
            kind="single_agency",
            title="Domestic abuse notifications to schools",
            agency_id=police,
            status="reported",
            planned_on=day_ago(300),
            completed_on=day_ago(250),
            rating="good",
            cases_audited=40,
        ),
        today,
    )
    audits.create_audit(
        session,
        None,
        audits.AuditDetails(
            kind="single_agency",
            title="Bruising protocol in the emergency department",
            agency_id=acute,
            status="reported",
            planned_on=day_ago(500),
            completed_on=day_ago(420),
            rating="inadequate",
            cases_audited=3,
            restricted=True,
            summary="A small sample: see the trust's own report.",
        ),
        today,
    )
    effectiveness = audits.create_audit(
        session,
        None,
        audits.AuditDetails(
            kind="board_effectiveness",
            title="Reciprocal board effectiveness review",
            reciprocal_partner="Northshire Safeguarding Children Partnership",
            status="reported",
            planned_on=day_ago(160),
            completed_on=day_ago(90),
            rating="good",
            criteria="Leadership and accountability\nLearning from reviews changes practice\n"
            "The voice of children shapes priorities\nIndependent scrutiny and challenge",
        ),
        today,
    )
    for criterion, finding, rating in (
        ("Leadership and accountability", "Lead partners meet monthly and hold each other to account.", "green"),
        ("Learning from reviews changes practice", "Actions are tracked, but impact is rarely measured.", "amber"),
        (
            "The voice of children shapes priorities",
            "The young people's panel set two of the five priorities.",
            "green",
        ),
        ("Independent scrutiny and challenge", "Scrutiny reports go to the board; responses are slow.", "amber"),
    ):
        audits.add_finding(session, None, effectiveness, audits.FindingDetails(finding, criterion, rating))

    # Section 11: three cycles of self-assessment and moderation.
    standards = section11.list_standards(session, active_only=True)
    cycles = []
    for name, start, status in (
        ("2021 to 2023", dt.date(2021, 4, 1), "closed"),
        ("2023 to 2025", dt.date(2023, 4, 1), "closed"),
        ("2025 to 2027", dt.date(2025, 4, 1), "moderation"),
    ):
        cycles.append(
            section11.create_cycle(
                session,
                None,
                section11.CycleDetails(
                    name=name, starts_on=start, ends_on=start.replace(year=start.year + 2), status="open", scale="score"
                ),
            )
        )
    # Added in one go (270 rows; one flush rather than one each).
    for n, cycle in enumerate(cycles):
        for agency in agencies.values():
            for standard in standards:
                own = min(3, max(0, rng.choice([1, 2, 2, 2, 3]) + (1 if n == 2 and rng.random() < 0.3 else 0)))
                moderated = None if n == 2 and rng.random() < 0.4 else max(0, own - (1 if rng.random() < 0.3 else 0))
                values = section11.assessment_values(
                    cycle,
                    section11.AssessmentDetails(
                        self_score=own,
                        moderated_score=moderated,
                        evidence="Policy, training records and a staff survey." if own >= 2 else "Policy in draft.",
                        focus_group_outcomes="Staff knew how to escalate and who the designated lead is."
                        if standard.code == "escalation"
                        else "",
                        challenge_notes="Evidence of impact needed."
                        if moderated is not None and moderated < own
                        else "",
                    ),
                )
                session.add(
                    Section11Assessment(cycle_id=cycle.id, agency_id=agency.id, standard_id=standard.id, **values)
                )
    for cycle, status in zip(cycles, ("closed", "closed", "moderation")):
        cycle.status = status
    session.flush()
    gap = session.scalar(
        select(Section11Assessment).where(
            Section11Assessment.cycle_id == cycles[2].id,
            Section11Assessment.moderated_score < Section11Assessment.self_score,
        )
    )
    if gap is not None:
        learn(
            "s11",
            gap,
            "Self-assessment rated higher than the evidence supports",
            ["supervision_workforce"],
            "Bring evidence of impact to the next challenge panel",
            gap.agency_id,
            45,
            "green",
        )

    # Annual reports from strategic partners and members.
    year = today.year - 1 if today.month >= 4 else today.year - 2
    for title, body, owner, status in (
        ("Corporate parenting annual report", "Corporate Parenting Board", la, "presented"),
        ("MAPPA annual report", "MAPPA Strategic Management Board", probation, "approved"),
        ("LADO annual report", "Local Authority Designated Officer", la, "received"),
        ("Private fostering annual report", "Private fostering", la, "awaited"),
        ("Child death overview panel annual report", "Child Death Overview Panel", icb, "presented"),
        ("Youth justice plan", "Youth Justice Partnership", yjs, "received"),
    ):
        for y in (year - 1, year):
            current = status if y == year else "presented"
            approved = current in ("approved", "presented")
            report = annual_reports.create_report(
                session,
                None,
                annual_reports.ReportDetails(
                    title=title,
                    body=body,
                    agency_id=owner,
                    year=y,
                    status=current,
                    governance_body=f"{body} (own governance)" if approved else "",
                    governance_approved_on=dt.date(y + 1, 6, 15) if approved else None,
                    received_on=dt.date(y + 1, 7, 1) if current != "awaited" else None,
                    presented_on=dt.date(y + 1, 9, 20) if current == "presented" else None,
                    summary=f"The {body.lower()}'s work in {y} to {y + 1}." if current != "awaited" else "",
                    findings="Placement stability improved\nToo few care leavers in education, employment or training"
                    if body == "Corporate Parenting Board"
                    else "",
                ),
            )
            if body == "Corporate Parenting Board" and y == year:
                learn(
                    "annual_report",
                    report,
                    "Too few care leavers in education, employment or training",
                    ["transitions_moves"],
                    "Ring-fenced apprenticeships for care leavers with partners",
                    la,
                    120,
                )

    # Strategic and themed work, with the map of who is involved.
    domestic = themed_work.create_work(
        session,
        None,
        themed_work.WorkDetails(
            title="Domestic abuse strategy 2025 to 2028",
            area="Domestic abuse",
            status="active",
            agency_id=la,
            started_on=dt.date(2025, 4, 1),
            review_on=(today + dt.timedelta(days=90)),
            strategy="Earlier help for children living with domestic abuse; MARAC quality; a perpetrator programme.",
            risks="MARAC referrals up 30% with no more capacity\nRepeat victims not flagged across agencies",
            needs="Perpetrator programme for fathers\nDomestic abuse training for school staff\n"
            "Specialist support for teenagers in abusive relationships",
        ),
    )
    board = themed_work.add_node(
        session, None, domestic, themed_work.NodeDetails(name="Domestic Abuse Partnership Board", kind="board")
    )
    marac = themed_work.add_node(
        session, None, domestic, themed_work.NodeDetails(name="MARAC", kind="partnership", reports_to_id=board.id)
    )
    ops = themed_work.add_node(
        session,
        None,
        domestic,
        themed_work.NodeDetails(name="Operation Encompass group", kind="partnership", reports_to_id=board.id),
    )
    for owner, where, role in (
        (police, marac, "chair"),
        (la, marac, "member"),
        (acute, marac, "member"),
        (vcs, marac, "member"),
        (probation, marac, "member"),
        (police, ops, "lead"),
        (schools, ops, "member"),
        (la, board, "chair"),
    ):
        themed_work.add_node(
            session,
            None,
            domestic,
            themed_work.NodeDetails(agency_id=owner, kind="organisation", role=role, reports_to_id=where.id),
        )
    learn(
        "themed_work",
        domestic,
        "Schools hear about domestic abuse incidents too late",
        ["domestic_abuse", "information_sharing"],
        "Next-day notification to schools (Operation Encompass)",
        police,
        20,
        "green",
    )
    exploitation = themed_work.create_work(
        session,
        None,
        themed_work.WorkDetails(
            title="Child exploitation",
            area="Child sexual exploitation",
            status="under_review",
            agency_id=police,
            started_on=dt.date(2023, 9, 1),
            review_on=day_ago(10),
            strategy="One multi-agency exploitation panel for sexual and criminal exploitation.",
            risks="Children missing from care placed from other areas\nOnline grooming moving to new apps",
            needs="Return home interviews within 72 hours",
        ),
    )
    mace = themed_work.add_node(
        session,
        None,
        exploitation,
        themed_work.NodeDetails(name="Multi-agency child exploitation panel", kind="partnership"),
    )
    for owner, role in ((police, "chair"), (la, "member"), (yjs, "member"), (community, "member"), (schools, "member")):
        themed_work.add_node(
            session,
            None,
            exploitation,
            themed_work.NodeDetails(agency_id=owner, kind="organisation", role=role, reports_to_id=mace.id),
        )
    themed_work.create_work(
        session,
        None,
        themed_work.WorkDetails(
            title="Neglect strategy refresh",
            area="Neglect",
            status="planned",
            agency_id=la,
            started_on=(today + dt.timedelta(days=30)),
        ),
    )

    # Single agency performance information, with values imported from CSV as partners send them.
    specs = [
        (
            "CSC-03",
            "Child protection visits within timescale",
            la,
            "%",
            "higher_better",
            "90",
            "monthly",
            ["voice_of_child"],
            lambda i: 78 + i * 0.5 + rng.uniform(-3, 3),
        ),
        (
            "CSC-07",
            "Re-referrals to children's social care within 12 months",
            la,
            "%",
            "lower_better",
            "20",
            "quarterly",
            ["thresholds_early_help"],
            lambda i: 26 - i * 0.6 + rng.uniform(-1.5, 1.5),
        ),
        (
            "POL-01",
            "Domestic abuse notifications shared with schools next day",
            police,
            "%",
            "higher_better",
            "95",
            "quarterly",
            ["domestic_abuse", "information_sharing"],
            lambda i: 60 + i * 3 + rng.uniform(-2, 2),
        ),
        (
            "POL-04",
            "Children missing from home more than three times",
            police,
            "children",
            "lower_better",
            "",
            "quarterly",
            ["exploitation_adolescents"],
            lambda i: max(0, round(14 - i + rng.uniform(-3, 3))),
        ),
        (
            "HLT-02",
            "Health visitor new birth visits within 14 days",
            community,
            "%",
            "higher_better",
            "95",
            "quarterly",
            ["health_access"],
            lambda i: 88 + i * 0.4 + rng.uniform(-2, 2),
        ),
        (
            "ACU-01",
            "Staff trained at safeguarding children level 3",
            acute,
            "%",
            "higher_better",
            "85",
            "annual",
            ["training_procedures"],
            lambda i: 70 + i * 4 + rng.uniform(-2, 2),
        ),
        (
            "EDU-02",
            "Schools with a completed safeguarding audit",
            schools,
            "%",
            "higher_better",
            "100",
            "annual",
            ["training_procedures"],
            lambda i: 82 + i * 3 + rng.uniform(-1, 1),
        ),
    ]
    lines = ["indicator,period,value"]
    for code, name, owner, unit, direction, target, frequency, codes, make in specs:
        indicators.create_indicator(
            session,
            None,
            indicators.IndicatorDetails(
                code=code,
                name=name,
                agency_id=owner,
                unit=unit,
                direction=direction,
                target=float(target) if target else None,
                frequency=frequency,
                themes=[themes[c] for c in codes if c in themes],
                counts_people=unit == "children",
            ),
        )
        if frequency == "monthly":
            months = [(today.year * 12 + today.month - 2 - m) for m in range(23, -1, -1)]
            periods = [f"{m // 12}-{m % 12 + 1:02d}" for m in months]
        elif frequency == "quarterly":
            quarter = (today.year * 4 + (today.month - 1) // 3) - 1
            periods = [f"{q // 4}-Q{q % 4 + 1}" for q in range(quarter - 11, quarter + 1)]
        else:
            periods = [f"{y}-{(y + 1) % 100:02d}" for y in range(year - 5, year + 1)]
        for i, period in enumerate(periods):
            lines.append(f"{code},{period},{round(make(i), 1)}")
    import_indicator_values(session, ("\n".join(lines) + "\n").encode("utf-8"), user_id=None, filename="demo.csv")
    session.flush()
    return [
        "Demo audits: 6; Section 11 cycles: 3; annual reports: 12; themed work: 3; indicators: "
        f"{len(specs)} with values; with learning and actions."
    ]
