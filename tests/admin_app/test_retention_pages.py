"""Staff see on each survey how long its answers are kept and when today's would be deleted."""

from __future__ import annotations

import datetime as dt

from core.services.retention import apply_retention, set_period
from tests.factories import survey_by_slug


def test_the_surveys_page_says_when_each_surveys_answers_are_deleted(auth, admin_client, db, surveys, settings, clock):
    set_period(db, survey_by_slug(db, "compliments-complaints"), 18)
    db.commit()
    auth.login("staff")
    page = admin_client.get("/surveys/").get_data(as_text=True)
    assert "It has not run yet." in page
    assert "18 months after they are sent (this survey's own period): answers sent today go on 27 May 2028" in page
    assert page.count("2 years after they are sent: answers sent today go on 27 November 2028") == len(surveys) - 1

    apply_retention(db, settings.retention_years, dt.datetime(2026, 11, 27, 3, tzinfo=dt.timezone.utc))
    db.commit()
    assert "The last check ran on 27 November 2026." in admin_client.get("/surveys/").get_data(as_text=True)


def test_the_retention_commands_set_a_period_and_delete_what_expired(db, settings, surveys, database_url, tmp_path):
    from click.testing import CliRunner
    from sqlalchemy import func, select

    from admin_app.cli import main
    from core.models import Response
    from tests.feedback_app.flows import store_response

    store_response(db, settings, "compliments-complaints", {"kind": "compliment"}, today=dt.date(2020, 1, 1))
    env = {
        "LEARNING_LOOP_INSTANCE_PATH": str(settings.instance_path),
        "LEARNING_LOOP_DATABASE_URL": database_url,
        "LEARNING_LOOP_ENVIRONMENT": "testing",
    }

    def run(*args: str):
        return CliRunner().invoke(main, ["retention", *args], env=env, catch_exceptions=False)

    assert "answers are kept 3 years" in run("set", "compliments-complaints", "36").output
    assert run("set", "compliments-complaints", "0").exit_code == 1
    assert run("set", "nope", "12").exit_code == 1
    assert "answers are kept 2 years" in run("set", "compliments-complaints", "default").output
    done = run("run")
    assert done.exit_code == 0 and "receipt 1, response 1" in done.output
    db.rollback()
    assert db.scalar(select(func.count()).select_from(Response)) == 0
