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


def _answers_for(survey: Survey, rng: random.Random, keep: tuple[str, ...]) -> tuple[dict[str, Any], dict[str, Any], bool]:
    answers: dict[str, Any] = {}
    removed: dict[str, Any] = {}
    concern = False
    texts = {
        "working_well": PRACTITIONER_WELL, "gets_in_the_way": PRACTITIONER_BARRIERS,
        "went_well": FAMILY_WELL, "could_be_better": FAMILY_BETTER,
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
                session, version=version, answers=answers, removed=removed,
                needs_attention=concern or flagged_by_choice(version.questions, answers), campaign_id=None,
                public_key=public_key, hasher=hasher, today=today - dt.timedelta(days=rng.randint(0, 180)),
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
            session.add(AgencyContact(agency_id=agency.id, name=f"Safeguarding lead ({agency.name})",
                                      role_title=DEMO_CONTACT_ROLES.get(agency.kind, "Safeguarding lead"),
                                      email=f"safeguarding.{agency.id}@example.org", is_primary=True))
    session.flush()
    if session.scalar(select(func.count(Review.id))):
        summary.append("Demo reviews: already present.")
        return summary
    themes = {t.code: t.id for t in session.scalars(select(Theme))}
    ids = [a.id for a in agencies.values()]
    la, police, health, schools = (agencies[n].id if n in agencies else ids[0] for n in (
        "Children's Services", "Police", "Acute Hospital NHS Trust", "Schools and Education"))
    rng = random.Random(2019)

    def wd(days: int) -> str:
        return add_working_days(today, -days).isoformat()

    def ago(days: int) -> str:
        return (today - dt.timedelta(days=days)).isoformat()

    made = [
        reviews.create_review(session, None, {"kind": "serious_incident", "subject": "Child P", "aware_on": wd(3),
                                              "agency_id": str(la), "summary": "Serious injury to a baby of 10 weeks."},
                              today),
        reviews.create_review(session, None, {"kind": "serious_incident", "subject": "Child Q", "aware_on": wd(12),
                                              "notified_on": wd(9), "agency_id": str(la)}, today),
        reviews.create_review(session, None, {"kind": "serious_incident", "subject": "Siblings R and S",
                                              "aware_on": wd(30), "notified_on": wd(27), "agency_id": str(police),
                                              "restricted": "yes"}, today),
        reviews.create_review(session, None, {
            "kind": "serious_incident", "subject": "Child T", "aware_on": ago(190), "notified_on": ago(187),
            "rapid_review_on": ago(165), "decision": "lcspr", "decision_on": ago(160), "commissioned_on": ago(120),
            "stage": "fieldwork", "agency_id": str(la), "lead_reviewer": "Independent reviewer (demo)",
            "family_invited": "yes", "family_took_part": "yes", "practitioners_invited": "yes",
            "practitioners_took_part": "yes"}, today),
        reviews.create_review(session, None, {
            "kind": "lcspr", "subject": "Child U", "aware_on": ago(420), "notified_on": ago(416),
            "rapid_review_on": ago(395), "decision": "lcspr", "decision_on": ago(390), "completed_on": ago(200),
            "published_on": ago(150), "stage": "action_plan", "agency_id": str(la), "family_invited": "yes",
            "family_took_part": "no", "practitioners_invited": "yes", "practitioners_took_part": "yes"}, today),
        reviews.create_review(session, None, {
            "kind": "lcspr", "reference": "SCR-2018-01", "subject": "Family V", "aware_on": "2018-01-08",
            "decision": "lcspr", "decision_on": "2018-02-20", "completed_on": "2018-09-30", "published_on": "2018-12-04",
            "closed_on": "2020-03-31", "stage": "closed", "agency_id": str(la)}, today),
        reviews.create_review(session, None, {"kind": "learning_review", "subject": "Young person W",
                                              "commissioned_on": ago(60), "stage": "fieldwork",
                                              "agency_id": str(schools)}, today),
        reviews.create_review(session, None, {"kind": "alternative_learning_review", "subject": "Child X",
                                              "commissioned_on": ago(30), "stage": "commissioned",
                                              "agency_id": str(health)}, today),
    ]
    campaign = reviews.create_participation_campaign(session, None, made[3], today)
    survey = session.scalar(select(Survey).where(Survey.slug == reviews.PARTICIPATION_SURVEY))
    if survey is not None and settings.keys_dir.exists():
        public_key = load_current_public_key(settings.keys_dir)
        hasher = ReceiptHasher(time_cost=1, memory_kib=8 * 1024)
        for _ in range(7):
            answers, removed, concern = _answers_for(survey, rng, settings.strip_keep)
            submit_response(session, version=survey.current_version, answers=answers, removed=removed,
                            needs_attention=concern, campaign_id=campaign.id, public_key=public_key, hasher=hasher,
                            today=today - dt.timedelta(days=rng.randint(1, 40)))

    cdrs = []
    categories = ["perinatal_neonatal", "chromosomal_genetic_congenital", "sudden_unexpected_unexplained",
                  "acute_medical_surgical", "infection", "trauma_external", "malignancy", "chronic_medical",
                  "suicide_self_harm", "deliberately_inflicted"]
    for n in range(36):
        death = today - dt.timedelta(days=rng.randint(40, 5 * 365))
        reviewed = (today - death).days > 200
        modifiable = rng.choices(["yes", "no", "insufficient"], weights=[3, 6, 1])[0] if reviewed else ""
        category = rng.choice(categories) if reviewed else ""
        expected = category in {"malignancy", "chronic_medical", "chromosomal_genetic_congenital"}
        data = {
            "date_of_death": death.isoformat(), "death_type": "expected" if expected else "unexpected",
            "joint_agency_response": "no" if expected else "yes",
            "stage": "closed" if reviewed else rng.choice(["information_gathering", "review_meeting"]),
            "notified_on": (death + dt.timedelta(days=1)).isoformat(),
            "review_meeting_on": (death + dt.timedelta(days=90)).isoformat() if reviewed else "",
            "panel_on": (death + dt.timedelta(days=160)).isoformat() if reviewed else "",
            "category": category, "modifiable": modifiable, "agency_id": str(health),
            "domains": rng.sample(["mf_child", "mf_family", "mf_physical", "mf_service"], k=rng.randint(1, 2))
            if modifiable == "yes" else [],
        }
        cdrs.append(child_deaths.create_cdr(session, None, data, today))

    def point(source_type: str, entry: Any, title: str, codes: list[str], polarity: str = "development") -> Any:
        return learning.create_learning_point(session, None, source_type, entry, {
            "title": title, "polarity": polarity, "themes": [str(themes[c]) for c in codes if c in themes]})

    def action(lp: Any, title: str, owner: int, due: int, status: str, evidence: str = "") -> None:
        action_service.create_action(session, None, lp, {
            "title": title, "owner_agency_id": str(owner), "lead": "Safeguarding lead", "status": status,
            "due_on": (today + dt.timedelta(days=due)).isoformat(), "evidence": evidence,
            "impact_measure": "Multi-agency audit of 20 cases in six months' time",
            "completed_on": (today - dt.timedelta(days=3)).isoformat() if status == "done" else ""}, today)

    lp = point("review", made[4], "Bruising in a non-mobile baby was not referred for a child protection medical",
               ["injury_non_mobile_babies", "escalation_challenge"])
    action(lp, "Relaunch the bruising protocol with GP practices and emergency departments", health, -20, "red")
    action(lp, "Add the bruising protocol to health visitor induction", health, 40, "amber")
    action(lp, "Audit referrals of bruised non-mobile babies", la, -60, "done",
           "Audit of 30 referrals: 28 followed the protocol (93%, up from 61%).")
    lp = point("review", made[4], "The father was not seen or assessed", ["fathers_male_carers", "risk_assessment"])
    action(lp, "Include fathers and new partners in the assessment template", la, 25, "green")
    lp = point("review", made[3], "Schools did not receive domestic abuse notifications in time",
               ["domestic_abuse", "information_sharing"])
    action(lp, "Next-day notification of domestic abuse incidents to schools", police, 5, "amber")
    lp = point("review", made[5], "Practitioners accepted explanations without curiosity",
               ["professional_curiosity"])
    action(lp, "Professional curiosity briefing for all partners", la, -900, "done",
           "Briefing delivered to 412 practitioners; 7-minute briefing used in team meetings.")
    lp = point("review", made[5], "Strategy meetings were held quickly with police and health present",
               ["multi_agency_working"], "good_practice")
    for cdr in [c for c in cdrs if c.modifiable == "yes"][:8]:
        lp = point("cdr", cdr, "Safer sleep advice was not repeated after the birth",
                   ["safer_sleep_sudi", "health_access"])
        action(lp, "Safer sleep advice at every health visitor contact", health, rng.randint(-90, 120),
               rng.choice(["red", "amber", "green", "done"]), "Safer sleep assessment in the record template.")
    session.flush()
    summary.append(f"Demo reviews: {len(made)}; child death reviews: {len(cdrs)}; with learning and actions.")
    return summary
