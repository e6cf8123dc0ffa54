"""The codebook page shows how often each theme is raised; staff add and change themes, audit-logged."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from core.models import AuditEvent, Theme
from core.services.themes import install_themes
from tests.factories import themed_responses


def test_the_codebook_shows_figures_with_small_counts_suppressed(auth, admin_client, db, surveys, settings):
    install_themes(db)
    themed_responses(db, settings.keys_dir, "neglect", "development", 6, dt.date(2026, 10, 1))
    themed_responses(db, settings.keys_dir, "neglect", "good_practice", 2, dt.date(2026, 10, 1))
    db.commit()
    auth.login("board")
    page = admin_client.get("/learning/themes").get_data(as_text=True)
    row = page[page.index(">Neglect<") :]
    row = row[: row.index("</tr>")]
    # The year's findings page shows 8 responses for the theme: a 6 here would give the hidden 2 away.
    assert ">6<" not in row and "not shown" in row
    themed_responses(db, settings.keys_dir, "neglect", "development", 9, dt.date(2025, 10, 1))
    db.commit()
    page = admin_client.get("/learning/themes").get_data(as_text=True)
    row = page[page.index(">Neglect<") :]
    assert ">at least 9<" in row[: row.index("</tr>")]


def test_staff_add_an_emerging_theme_and_change_one_with_its_code_kept(auth, admin_client, db, surveys):
    install_themes(db)
    db.commit()
    auth.login("staff")
    added = admin_client.post(
        "/learning/themes/new",
        data={"label": "Cost of living", "description": "Poverty and money worries.", "indicative": "food bank\nrent"},
    )
    assert added.status_code == 302
    theme = db.scalar(select(Theme).where(Theme.label == "Cost of living"))
    assert theme.code == "cost_of_living" and theme.indicative == ["food bank", "rent"] and not theme.active
    changed = admin_client.post(
        f"/learning/themes/{theme.id}/edit", data={"label": "Cost of living and poverty", "active": "yes"}
    )
    assert changed.status_code == 302
    db.expire_all()
    theme = db.get(Theme, theme.id)
    assert theme.code == "cost_of_living" and theme.label == "Cost of living and poverty" and theme.active
    assert [e.action for e in db.scalars(select(AuditEvent).where(AuditEvent.action == "theme.saved"))] == [
        "theme.saved"
    ] * 2


def test_a_theme_without_a_name_or_with_a_name_taken_is_refused(auth, admin_client, db, surveys):
    install_themes(db)
    db.commit()
    auth.login("staff")
    empty = admin_client.post("/learning/themes/new", data={"label": " "})
    assert empty.status_code == 400 and "Enter the name of the theme" in empty.get_data(as_text=True)
    taken = admin_client.post("/learning/themes/new", data={"label": "neglect"})
    assert taken.status_code == 400 and "There is already a theme called" in taken.get_data(as_text=True)
    assert admin_client.get("/learning/themes/99999999999/edit").status_code == 404


@pytest.mark.parametrize(
    "phrases, message",
    [
        ("food bank\na", "“a” is too common to signal a theme"),
        ("of the", "“of the” is too common to signal a theme"),
        ("rent\n" + "x" * 101, "Each phrase must be 100 characters or fewer"),
    ],
)
def test_a_phrase_that_would_signal_the_theme_in_nearly_every_answer_is_refused(
    auth, admin_client, db, surveys, phrases, message
):
    install_themes(db)
    db.commit()
    auth.login("staff")
    refused = admin_client.post("/learning/themes/new", data={"label": "Cost of living", "indicative": phrases})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400 and message in page and 'href="#indicative"' in page
    assert db.scalar(select(Theme).where(Theme.label == "Cost of living")) is None


def test_a_phrase_given_twice_is_kept_once(auth, admin_client, db, surveys):
    install_themes(db)
    db.commit()
    auth.login("staff")
    lines = "food bank\n" * 300 + "Food  Bank\nrent arrears"
    added = admin_client.post("/learning/themes/new", data={"label": "Cost of living", "indicative": lines})
    assert added.status_code == 302
    assert db.scalar(select(Theme).where(Theme.label == "Cost of living")).indicative == ["food bank", "rent arrears"]


def test_board_members_cannot_change_the_codebook(auth, admin_client, db, surveys):
    install_themes(db)
    db.commit()
    auth.login("board")
    assert admin_client.post("/learning/themes/new", data={"label": "Anything"}).status_code == 403


def test_a_themes_phrases_are_shown_one_a_line_and_an_empty_post_changes_nothing(auth, admin_client, db, surveys):
    install_themes(db)
    theme = db.scalar(select(Theme).where(Theme.code == "neglect"))
    theme.indicative = ["food bank", "rent"]
    db.commit()
    auth.login("staff")
    page = admin_client.get(f"/learning/themes/{theme.id}/edit").get_data(as_text=True)
    assert "food bank\nrent</textarea>" in page and "[&#39;food bank&#39;" not in page
    # No fields at all (not what a browser sends, but anyone can): the form holds the theme as it is, not a 500.
    answer = admin_client.post(f"/learning/themes/{theme.id}/edit", data={})
    assert answer.status_code in {302, 400}
    db.expire_all()
    assert db.get(Theme, theme.id).indicative == ["food bank", "rent"]


def test_partner_users_see_the_codebook_without_any_figures(auth, admin_client, db, surveys, settings):
    install_themes(db)
    themed_responses(db, settings.keys_dir, "neglect", "development", 7, dt.date(2026, 10, 1))
    db.commit()
    auth.login("partner")

    answer = admin_client.get("/learning/themes")
    page = answer.get_data(as_text=True)

    # Partners do not read findings (403 there), so the codebook's sums of them are not theirs either.
    assert answer.status_code == 200 and ">Neglect<" in page
    assert "Responses: development" not in page and "Learning points</th>" not in page
    row = page[page.index(">Neglect<") :]
    assert ">7<" not in row[: row.index("</tr>")]
    assert admin_client.get("/findings/").status_code == 403


def test_the_codebook_is_linked_from_the_findings_pages_and_links_back(auth, admin_client, db, surveys):
    install_themes(db)
    db.commit()
    auth.login("staff")

    findings = admin_client.get("/findings/").get_data(as_text=True)
    emerging = admin_client.get("/findings/emerging").get_data(as_text=True)
    codebook = admin_client.get("/learning/themes").get_data(as_text=True)

    assert 'href="/learning/themes"' in findings and 'href="/learning/themes"' in emerging
    assert '<a class="govuk-back-link" href="/findings/">Back to findings</a>' in codebook
