"""Demonstration data for `make run`: surveys, accounts and sealed sample responses."""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass
from importlib import resources
from typing import Any

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
# The demo partnership: accounts, agencies, sample answers and register entries (core/data/demo.json).
DEMO: dict[str, Any] = json.loads((resources.files("core.data") / "demo.json").read_text(encoding="utf-8"))
DEMO_USERS = [(u["email"], u["name"], u["role"]) for u in DEMO["users"]]


def _ensure_users(session: Session) -> list[str]:
    made = []
    for email, name, role in DEMO_USERS:
        if session.scalar(select(User).where(User.email == email)) is None:
            session.add(User(email=email, name=name, role=role, password_hash=hash_password(DEMO_PASSWORD)))
            made.append(email)
    for agency in DEMO["agencies"]:
        if session.scalar(select(Agency).where(Agency.name == agency["name"])) is None:
            session.add(Agency(name=agency["name"], kind=agency["kind"]))
    session.flush()
    return made


def _answers_for(
    survey: Survey, rng: random.Random, keep: tuple[str, ...]
) -> tuple[dict[str, Any], dict[str, Any], bool]:
    answers: dict[str, Any] = {}
    removed: dict[str, Any] = {}
    concern = False
    for q in survey.current_version.questions:
        if q.kind == "text":
            pool = DEMO["answers"].get(q.key)
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


@dataclass
class _Sampler:
    """Seals made-up answers as a respondent's browser would submit them, with a cheap receipt hasher."""

    session: Session
    settings: Settings
    rng: random.Random

    def __post_init__(self) -> None:
        self.public_key = load_current_public_key(self.settings.keys_dir)
        self.hasher = ReceiptHasher(time_cost=1, memory_kib=8 * 1024)

    def seal(self, survey: Survey, on: dt.date, within: tuple[int, int], campaign_id: int | None = None) -> None:
        """One response to the survey's current version, submitted a random number of days (`within`) before `on`."""
        answers, removed, concern = _answers_for(survey, self.rng, self.settings.strip_keep)
        version = survey.current_version
        submit_response(
            self.session,
            version=version,
            answers=answers,
            removed=removed,
            needs_attention=concern or flagged_by_choice(version.questions, answers),
            campaign_id=campaign_id,
            public_key=self.public_key,
            hasher=self.hasher,
            today=on - dt.timedelta(days=self.rng.randint(*within)),
        )


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
    # Demo data only: a seeded generator makes the same sample every time, nothing secret depends on it.
    sampler = _Sampler(session, settings, random.Random(20191129))  # noqa: S311
    today = today or dt.date.today()
    count = 0
    for slug, n in (("practitioner-feedback", 36), ("family-feedback", 14), ("review-participation", 6)):
        survey = session.scalar(select(Survey).where(Survey.slug == slug))
        if survey is None:
            continue
        for _ in range(n):
            sampler.seal(survey, today, (0, 180))
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
    # The sample spans the last six months: the year three months back holds most of it whenever it is loaded.
    year = (today - dt.timedelta(days=90)).year
    proposal = key_areas.propose_for_year(session, year)
    draft = key_areas.draft_from_proposal(session, None, proposal, title=f"Key areas {year}")
    return [f"Sample responses themed: {run.analysed}; key areas proposed as a draft: {len(draft.areas)}."]


# ---------------------------------------------------------------------------------------------
# Registers: the demo partnership's reviews, child deaths, audits, Section 11, reports, themed work
# and indicators, with learning and actions. Relative dates keep the demo current whenever it is loaded.


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
        agencies = {key: by_name.get(name, first) for key, name in DEMO["agency_keys"].items()}
        themes = {t.code: t.id for t in session.scalars(select(Theme))}
        # Demo data only: a seeded generator makes the same demo every time, nothing secret depends on it.
        return cls(session, today, agencies, themes, random.Random(seed))  # noqa: S311

    def day(self, when: Any) -> Any:
        """A date of demo.json: an ISO date, or so many (working) days before or after today."""
        from core.services.deadlines import add_working_days

        if isinstance(when, str):
            return dt.date.fromisoformat(when)
        if not isinstance(when, dict):
            return when
        if "working_days_ago" in when:
            return add_working_days(self.today, -when["working_days_ago"])
        return self.today + dt.timedelta(days=when.get("days_ahead", 0) - when.get("days_ago", 0))

    def values(self, spec: dict[str, Any]) -> dict[str, Any]:
        """An entry of demo.json as the fields of its service's details: dates read, the agency key made an id."""
        values = {k: self.day(v) if k.endswith("_on") else v for k, v in spec.items() if k != "agency"}
        return values | ({"agency_id": self.agencies[spec["agency"]]} if "agency" in spec else {})

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

    def learn_and_act(self, source_type: str, entry: Any, spec: dict[str, Any], owner: int | None = None) -> None:
        """A learning point of demo.json with its one action (owned by the action's agency key, else `owner`)."""
        point = self.learn(source_type, entry, spec["title"], spec["themes"])
        action = spec["action"]
        owner = self.agencies[action["owner"]] if "owner" in action else owner
        self.act(point, action["title"], owner, action["due"], action["status"], measure=action["measure"])


def _ensure_contacts(session: Session) -> None:
    from core.models import AgencyContact

    for agency in session.scalars(select(Agency)):
        if session.scalar(select(AgencyContact.id).where(AgencyContact.agency_id == agency.id)) is None:
            session.add(
                AgencyContact(
                    agency_id=agency.id,
                    name=f"Safeguarding lead ({agency.name})",
                    role_title=DEMO["contact_roles"].get(agency.kind, "Safeguarding lead"),
                    email=f"safeguarding.{agency.id}@example.org",
                    is_primary=True,
                )
            )
    session.flush()


def _demo_reviews(d: _Demo, settings: Settings) -> list[Any]:
    from core.services import reviews

    made = []
    for spec in DEMO["reviews"]:
        made.append(reviews.create_review(d.session, None, reviews.ReviewDetails(**d.values(spec)), d.today))
    campaign = reviews.create_participation_campaign(d.session, None, made[3], d.today)
    survey = d.session.scalar(select(Survey).where(Survey.slug == reviews.PARTICIPATION_SURVEY))
    if survey is not None and settings.keys_dir.exists():
        sampler = _Sampler(d.session, settings, d.rng)
        for _ in range(7):
            sampler.seal(survey, d.today, (1, 40), campaign_id=campaign.id)
    return made


def _demo_child_deaths(d: _Demo) -> list[Any]:
    from core.services import child_deaths

    cdrs = []
    for _ in range(36):
        death = d.today - dt.timedelta(days=d.rng.randint(40, 5 * 365))
        reviewed = (d.today - death).days > 200
        modifiable = d.rng.choices(["yes", "no", "insufficient"], weights=[3, 6, 1])[0] if reviewed else ""
        category = d.rng.choice(DEMO["cdr_categories_seen"]) if reviewed else ""
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
    for spec in DEMO["review_learning"]:
        point = d.learn("review", made[spec["review"]], spec["title"], spec["themes"], spec["polarity"])
        for action in spec["actions"]:
            owner = d.agencies[action["owner"]]
            d.act(point, action["title"], owner, action["due"], action["status"], action["evidence"])
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


def _demo_audits(d: _Demo) -> None:
    from core.services import audits

    made = []
    for spec in DEMO["audits"]:
        audit = audits.create_audit(d.session, None, audits.AuditDetails(**d.values(spec["details"])), d.today)
        for finding in spec["findings"]:
            details = audits.FindingDetails(finding["finding"], finding["criterion"], finding["rating"])
            audits.add_finding(d.session, None, audit, details)
        made.append(audit)
    for spec, audit in zip(DEMO["audits"], made):
        if "learning" in spec:
            d.learn_and_act("audit", audit, spec["learning"])


def _demo_section11(d: _Demo) -> None:
    """Three cycles of self-assessment and moderation, every agency against every standard."""
    from core.models import Section11Assessment
    from core.services import section11

    standards = section11.list_standards(d.session, active_only=True)
    cycles = []
    for spec in DEMO["section11_cycles"]:
        name, start = spec["name"], dt.date.fromisoformat(spec["starts_on"])
        cycle_details = section11.CycleDetails(
            # Two years to the day before the next cycle starts: 1 April 2025 to 31 March 2027, not to 1 April.
            name=name,
            starts_on=start,
            ends_on=start.replace(year=start.year + 2) - dt.timedelta(days=1),
            status="open",
            scale="score",
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
        d.learn_and_act("s11", gap, DEMO["section11_gap_learning"], owner=gap.agency_id)


def _demo_annual_reports(d: _Demo, year: int) -> None:
    from core.services import annual_reports

    for spec in DEMO["annual_reports"]:
        title, body = spec["title"], spec["body"]
        for y in (year - 1, year):
            current = spec["status"] if y == year else "presented"
            approved = current in ("approved", "presented")
            details = annual_reports.ReportDetails(
                title=title,
                body=body,
                agency_id=d.agencies[spec["agency"]],
                year=y,
                status=current,
                governance_body=f"{body} (own governance)" if approved else "",
                governance_approved_on=dt.date(y + 1, 6, 15) if approved else None,
                received_on=dt.date(y + 1, 7, 1) if current != "awaited" else None,
                presented_on=dt.date(y + 1, 9, 20) if current == "presented" else None,
                summary=f"The {body.lower()}'s work in {y} to {y + 1}." if current != "awaited" else "",
                findings=spec.get("findings", ""),
            )
            report = annual_reports.create_report(d.session, None, details)
            if "learning" in spec and y == year:
                d.learn_and_act("annual_report", report, spec["learning"])


def _demo_themed_work(d: _Demo) -> None:
    """Strategic and themed work, with the map of who is involved: its groups, then the agencies in each."""
    from core.services import themed_work as tw

    for spec in DEMO["themed_work"]:
        work = tw.create_work(d.session, None, tw.WorkDetails(**d.values(spec["details"])))
        groups: dict[str, Any] = {}
        for group in spec["groups"]:
            above = groups[group["reports_to"]].id if "reports_to" in group else None
            details = tw.NodeDetails(name=group["name"], kind=group["kind"], reports_to_id=above)
            groups[group["key"]] = tw.add_node(d.session, None, work, details)
        for member in spec["members"]:
            agency_id, above = d.agencies[member["agency"]], groups[member["reports_to"]].id
            details = tw.NodeDetails(agency_id=agency_id, kind="organisation", role=member["role"], reports_to_id=above)
            tw.add_node(d.session, None, work, details)
        if "learning" in spec:
            d.learn_and_act("themed_work", work, spec["learning"])


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
    for spec in DEMO["indicators"]:
        code, unit, frequency, target = spec["code"], spec["unit"], spec["frequency"], spec["target"]
        details = indicators.IndicatorDetails(
            code=code,
            name=spec["name"],
            agency_id=d.agencies[spec["agency"]],
            unit=unit,
            direction=spec["direction"],
            target=float(target) if target is not None else None,
            frequency=frequency,
            themes=[d.themes[c] for c in spec["themes"] if c in d.themes],
            counts_people=unit == "children",
        )
        start, slope, noise = spec["trend"]["start"], spec["trend"]["slope"], spec["trend"]["noise"]
        indicators.create_indicator(d.session, None, details)
        for i, period in enumerate(_periods(frequency, d.today, year)):
            value = start + slope * i + d.rng.uniform(-noise, noise)
            lines.append(f"{code},{period},{max(0, round(value)) if unit == 'children' else round(value, 1)}")
    # Noon on the demo's day: its values run to the last month or quarter before that day.
    now = dt.datetime.combine(d.today, dt.time(12), tzinfo=dt.timezone.utc)
    data = ("\n".join(lines) + "\n").encode("utf-8")
    import_indicator_values(d.session, data, user_id=None, filename="demo.csv", now=now)


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
        f"Demo audits: {len(DEMO['audits'])}; Section 11 cycles: 3; annual reports: {2 * len(DEMO['annual_reports'])}; "
        f"themed work: 3; indicators: {len(DEMO['indicators'])} with values; with learning and actions."
    ]
