"""How fast the admin registers render with a large partnership's history.

Builds a fresh database (temporary SQLite by default, or --database-url for PostgreSQL),
migrated with Alembic, and bulk-inserts with Core executemany:
  10,000 case reviews, 50,000 actions (from 20,000 learning points), 200,000 indicator values
  (1,000 indicators x 200 months), plus 2,000 child death reviews, 2,000 audits, Section 11
  assessments, annual reports and themed work so every register list has rows.
Then it signs in through the admin app's test client and requests the dashboard, the action
tracker and each register list several times, printing the median (and the slowest) in ms.
The target is a median under 300 ms for each page.

    .venv/bin/python bench/admin_scale.py [--repeat 7] [--database-url postgresql+psycopg://...]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, select, text  # noqa: E402

from config import load_settings  # noqa: E402
from core import migrate  # noqa: E402
from core.db import make_engine  # noqa: E402
from core.models import (  # noqa: E402
    Action,
    Agency,
    AnnualReport,
    Audit,
    ChildDeathReview,
    Indicator,
    IndicatorValue,
    LearningPoint,
    Review,
    ReviewStage,
    Section11Assessment,
    Section11Cycle,
    Section11Standard,
    Theme,
    ThemedWork,
    User,
    learning_point_theme,
)
from core.opening import generate_keypair  # noqa: E402
from core.passwords import hash_password  # noqa: E402
from core.services.deadlines import (  # noqa: E402
    add_working_days,
    local_review_due,
    notification_due,
    rapid_review_due,
)
from core.services.themes import install_themes  # noqa: E402

PASSWORD = "benchmark password 123"
TODAY = dt.date(2026, 11, 27)
N_REVIEWS, N_POINTS, N_ACTIONS = 10_000, 20_000, 50_000
N_INDICATORS, N_MONTHS = 1_000, 200
N_CDRS, N_AUDITS, N_AGENCIES = 2_000, 2_000, 30
BATCH = 5_000


def _chunks(rows: list[dict[str, Any]], size: int = BATCH) -> Any:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _insert(conn: Any, table: Any, rows: list[dict[str, Any]]) -> None:
    for chunk in _chunks(rows):
        conn.execute(insert(table), chunk)


def _timed(label: str, work: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = work()
    print(f"  {label}: {time.perf_counter() - start:.1f} s", flush=True)
    return result


def populate(url: str) -> None:
    """Migrate and fill the database (bulk Core inserts, one transaction per table group)."""
    rng = random.Random(4)
    engine = make_engine(url)
    now = dt.datetime(2026, 11, 27, 9, tzinfo=dt.timezone.utc)
    with engine.begin() as conn:
        conn.execute(
            insert(Agency),
            [
                {
                    "name": f"Agency {n:02d}",
                    "kind": rng.choice(["local_authority", "police", "health", "education", "voluntary"]),
                    "active": True,
                }
                for n in range(N_AGENCIES)
            ],
        )
        conn.execute(
            insert(User),
            [
                {
                    "email": "bench@example.org",
                    "name": "Bench",
                    "role": "staff",
                    "password_hash": hash_password(PASSWORD),
                    "active": True,
                    "created_at": now,
                },
                {
                    "email": "partner@example.org",
                    "name": "Partner",
                    "role": "partner",
                    "password_hash": hash_password(PASSWORD),
                    "active": True,
                    "created_at": now,
                    "agency_id": None,
                },
            ],
        )
    from sqlalchemy.orm import Session

    with Session(engine) as session:
        install_themes(session)
        session.commit()
    with engine.connect() as conn:
        agency_ids = list(conn.scalars(select(Agency.id)))
        theme_ids = list(conn.scalars(select(Theme.id)))
        conn.execute(
            text("UPDATE user_account SET agency_id = :a WHERE email = 'partner@example.org'"), {"a": agency_ids[0]}
        )
        conn.commit()

    def reviews() -> list[dict[str, Any]]:
        rows = []
        kinds = ["serious_incident", "lcspr", "learning_review", "multi_agency_review", "alternative_learning_review"]
        for n in range(N_REVIEWS):
            kind = rng.choice(kinds)
            aware = TODAY - dt.timedelta(days=rng.randint(0, 3650))
            row: dict[str, Any] = {
                "reference": f"RV-{n:05d}",
                "kind": kind,
                "subject": f"Child {chr(65 + n % 26)}{n % 1000}",
                "summary": "",
                "stage": "aware",
                "lead_reviewer": "",
                "national_panel_ref": "",
                "aware_on": aware,
                "notified_on": None,
                "rapid_review_on": None,
                "decision": None,
                "decision_on": None,
                "commissioned_on": None,
                "completed_on": None,
                "published_on": None,
                "closed_on": None,
                "notification_due_on": None,
                "rapid_review_due_on": None,
                "local_review_due_on": None,
                "next_due_on": None,
                "next_due_kind": None,
                "participation_notes": "",
                "agency_id": rng.choice(agency_ids),
                "restricted": rng.random() < 0.2,
                "created_at": now,
                "updated_at": now,
            }
            if kind in ("serious_incident", "lcspr"):
                row["notification_due_on"] = notification_due(aware)
                progress = rng.random()
                if progress > 0.1:
                    row["notified_on"] = add_working_days(aware, rng.randint(1, 7))
                    row["rapid_review_due_on"] = rapid_review_due(row["notified_on"])
                    row["stage"] = "rapid_review"
                if progress > 0.3 and row["notified_on"]:
                    row["rapid_review_on"] = add_working_days(row["notified_on"], rng.randint(10, 18))
                    row["decision"], row["decision_on"] = "lcspr", row["rapid_review_on"]
                    row["local_review_due_on"] = local_review_due(row["decision_on"])
                    row["kind"], row["stage"] = "lcspr", "fieldwork"
                if progress > 0.6 and row["decision_on"]:
                    row["completed_on"] = row["decision_on"] + dt.timedelta(days=rng.randint(120, 220))
                    row["stage"] = "published"
                for due, done, key in (
                    (row["notification_due_on"], row["notified_on"], "notification"),
                    (row["rapid_review_due_on"], row["rapid_review_on"], "rapid_review"),
                    (row["local_review_due_on"], row["completed_on"], "local_review"),
                ):
                    if due is not None and done is None:
                        row["next_due_on"], row["next_due_kind"] = due, key
                        break
            else:
                row["aware_on"], row["commissioned_on"], row["stage"] = None, aware, "fieldwork"
            rows.append(row)
        return rows

    review_rows = _timed("computed 10,000 reviews' statutory dates", reviews)
    with engine.begin() as conn:
        _timed("inserted reviews", lambda: _insert(conn, Review.__table__, review_rows))
        review_ids = list(conn.scalars(select(Review.id).order_by(Review.id)))
        _insert(
            conn,
            ReviewStage.__table__,
            [
                {"review_id": i, "stage": "aware", "entered_on": TODAY, "note": "", "recorded_at": now}
                for i in review_ids
            ],
        )
        cdr_rows = [
            {
                "reference": f"CDR-{n:05d}",
                "date_of_death": TODAY - dt.timedelta(days=rng.randint(30, 3650)),
                "stage": rng.choice(["notification", "review_meeting", "closed"]),
                "category": rng.choice(["infection", "malignancy", "perinatal_neonatal", None]),
                "modifiable": rng.choice(["yes", "no", "insufficient", None]),
                "mf_child": False,
                "mf_family": True,
                "mf_physical": False,
                "mf_service": False,
                "modifiable_notes": "",
                "learning": "",
                "agency_id": rng.choice(agency_ids),
                "restricted": rng.random() < 0.2,
                "created_at": now,
                "updated_at": now,
            }
            for n in range(N_CDRS)
        ]
        _insert(conn, ChildDeathReview.__table__, cdr_rows)
        cdr_ids = list(conn.scalars(select(ChildDeathReview.id)))
        _insert(
            conn,
            Audit.__table__,
            [
                {
                    "reference": f"AU-{n:05d}",
                    "title": f"Audit {n}",
                    "kind": rng.choice(["single_agency", "multi_agency", "board_effectiveness"]),
                    "programme": "Early help",
                    "status": "reported",
                    "criteria": "",
                    "reciprocal_partner": "",
                    "summary": "",
                    "agency_id": rng.choice(agency_ids),
                    "restricted": False,
                    "created_at": now,
                    "updated_at": now,
                }
                for n in range(N_AUDITS)
            ],
        )
        _insert(
            conn,
            AnnualReport.__table__,
            [
                {
                    "title": f"Annual report {n}",
                    "body": "Corporate Parenting Board",
                    "year": 2010 + n % 16,
                    "period_label": "",
                    "status": "received",
                    "governance_body": "",
                    "summary": "",
                    "findings": "",
                    "agency_id": rng.choice(agency_ids),
                    "restricted": False,
                    "created_at": now,
                    "updated_at": now,
                }
                for n in range(300)
            ],
        )
        _insert(
            conn,
            ThemedWork.__table__,
            [
                {
                    "title": f"Themed work {n}",
                    "area": "domestic_abuse",
                    "status": "active",
                    "strategy": "",
                    "risks": "",
                    "needs": "",
                    "agency_id": rng.choice(agency_ids),
                    "restricted": False,
                    "created_at": now,
                    "updated_at": now,
                }
                for n in range(200)
            ],
        )
        conn.execute(
            insert(Section11Cycle),
            [{"name": f"{y} to {y + 2}", "status": "closed", "created_at": now} for y in (2020, 2022, 2024)],
        )
        conn.execute(
            insert(Section11Standard),
            [
                {"code": f"s{n}", "position": n, "title": f"Standard {n}", "description": "", "active": True}
                for n in range(1, 11)
            ],
        )
        cycles = list(conn.scalars(select(Section11Cycle.id)))
        standards = list(conn.scalars(select(Section11Standard.id)))
        _insert(
            conn,
            Section11Assessment.__table__,
            [
                {
                    "cycle_id": c,
                    "standard_id": s,
                    "agency_id": a,
                    "self_score": rng.randint(0, 3),
                    "moderated_score": rng.randint(0, 3),
                    "evidence": "",
                    "focus_group_outcomes": "",
                    "challenge_notes": "",
                    "restricted": False,
                    "created_at": now,
                    "updated_at": now,
                }
                for c in cycles
                for s in standards
                for a in agency_ids
            ],
        )

        sources = [("review", i, f"RV-{i:05d}") for i in review_ids] + [("cdr", i, f"CDR {i}") for i in cdr_ids]
        points = []
        for n in range(N_POINTS):
            source_type, source_id, title = sources[n % len(sources)] if n < len(sources) else rng.choice(sources)
            points.append(
                {
                    "title": f"Learning point {n}",
                    "detail": "",
                    "polarity": "development",
                    "created_at": now,
                    "updated_at": now,
                    "source_type": source_type,
                    "source_id": source_id,
                    "source_title": title,
                    "source_agency_id": rng.choice(agency_ids),
                    "source_restricted": rng.random() < 0.2,
                }
            )
        _timed("inserted 20,000 learning points", lambda: _insert(conn, LearningPoint.__table__, points))
        point_rows = conn.execute(
            select(
                LearningPoint.id,
                LearningPoint.source_type,
                LearningPoint.source_id,
                LearningPoint.source_title,
                LearningPoint.source_agency_id,
                LearningPoint.source_restricted,
            )
        ).all()
        links = {(p.id, t) for p in point_rows for t in rng.sample(theme_ids, k=rng.randint(1, 2))}
        _insert(conn, learning_point_theme, [{"learning_point_id": p, "theme_id": t} for p, t in links])
        actions = []
        for n in range(N_ACTIONS):
            p = point_rows[n % len(point_rows)]
            status = rng.choices(["red", "amber", "green", "done"], weights=[1, 2, 3, 4])[0]
            due = TODAY + dt.timedelta(days=rng.randint(-900, 400))
            actions.append(
                {
                    "learning_point_id": p.id,
                    "title": f"Action {n}",
                    "description": "",
                    "owner_agency_id": rng.choice(agency_ids),
                    "lead": "Safeguarding lead",
                    "due_on": due,
                    "status": status,
                    "evidence": "Audited" if status == "done" else "",
                    "impact_measure": "",
                    "completed_on": due if status == "done" else None,
                    "created_at": now,
                    "updated_at": now,
                    "source_type": p.source_type,
                    "source_id": p.source_id,
                    "source_title": p.source_title,
                    "source_agency_id": p.source_agency_id,
                    "source_restricted": p.source_restricted,
                }
            )
        _timed("inserted 50,000 actions", lambda: _insert(conn, Action.__table__, actions))
        _insert(
            conn,
            Indicator.__table__,
            [
                {
                    "code": f"IND-{n:04d}",
                    "name": f"Indicator {n}",
                    "description": "",
                    "unit": "%",
                    "direction": "higher_better",
                    "target": 80.0,
                    "frequency": "monthly",
                    "active": True,
                    "agency_id": agency_ids[n % len(agency_ids)],
                    "restricted": False,
                    "created_at": now,
                    "updated_at": now,
                }
                for n in range(N_INDICATORS)
            ],
        )
        indicator_ids = list(conn.scalars(select(Indicator.id)))
        months = [dt.date(2010 + m // 12, m % 12 + 1, 1) for m in range(N_MONTHS)]
        values = [
            {
                "indicator_id": i,
                "period": f"{d:%Y-%m}",
                "period_start": d,
                "value": rng.uniform(40, 100),
                "note": "",
                "source": "csv",
                "entered_at": now,
            }
            for i in indicator_ids
            for d in months
        ]
        _timed("inserted 200,000 indicator values", lambda: _insert(conn, IndicatorValue.__table__, values))
    if url.startswith("postgresql"):
        with engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
    else:
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    engine.dispose()


def measure(url: str, instance: Path, repeat: int) -> list[tuple[str, float, float]]:
    """Sign in and time each page: (path, median ms, slowest ms)."""
    from admin_app import create_app

    settings = load_settings(
        environ={}, instance_path=instance, database_url=url, testing=True, csrf_enabled=False, environment="testing"
    )
    app = create_app(settings)
    results = []
    for who in ("bench@example.org", "partner@example.org"):
        client = app.test_client()
        assert client.post("/login", data={"email": who, "password": PASSWORD}).status_code == 302
        paths = [
            "/",
            "/actions/",
            "/actions/?page=200",
            "/actions/?overdue=1",
            "/actions/?status=open&theme=3",
            "/actions/?source_type=cdr",
            "/reviews/",
            "/reviews/?page=150",
            "/reviews/?due=overdue",
            "/reviews/?kind=lcspr&stage=fieldwork",
            "/reviews/?q=RV-0999",
            "/child-deaths/",
            "/child-deaths/modifiable-factors",
            "/agencies/",
        ]
        registered = {rule.rule for rule in app.url_map.iter_rules()}
        paths += [
            p
            for p in ("/audits/", "/section11/", "/annual-reports/", "/themed-work/", "/indicators/")
            if p in registered
        ]
        for path in paths:
            first = client.get(path)
            assert first.status_code == 200, (path, first.status_code, first.get_data(as_text=True)[:500])
            times = []
            for _ in range(repeat):
                start = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200
            results.append(
                (f"{'partner ' if who.startswith('partner') else ''}{path}", statistics.median(times), max(times))
            )
    app.extensions["learning_loop_engine"].dispose()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=7, help="requests per page after one warm-up (default 7)")
    parser.add_argument("--database-url", default="", help="an EMPTY database to fill (default: temporary SQLite)")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="the database at --database-url is already filled by an earlier run: only measure",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        instance = Path(tmp) / "instance"
        generate_keypair(instance / "keys", passphrase=None)
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        print(f"Database: {url.split('@')[-1]}")
        if not args.reuse:
            _timed("migrated", lambda: migrate.upgrade(url))
            populate(url)
        results = measure(url, instance, args.repeat)
    print(f"\n{'page':60} {'median ms':>10} {'slowest ms':>11}")
    worst = 0.0
    for path, median, slowest in results:
        flag = "" if median < 300 else "  <-- over 300 ms"
        print(f"{path:60} {median:10.1f} {slowest:11.1f}{flag}")
        worst = max(worst, median)
    print(f"\nSlowest median: {worst:.1f} ms (target: under 300 ms)")
    return 0 if worst < 300 else 1


if __name__ == "__main__":
    raise SystemExit(main())
