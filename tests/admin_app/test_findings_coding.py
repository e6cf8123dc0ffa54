"""Staff code a response's themes beside its stripped text; the model's agreement with them is shown once it means something."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from core.models import AuditEvent, ResponseTheme, ThemeCorrection
from core.services import findings
from core.services.themes import install_themes, theme_labels
from tests.admin_app.protected import protected_admin_app, sign_in  # noqa: F401 (the fixture)
from tests.factories import TEST_PASSWORD, make_user, survey_by_slug, themed_responses
from tests.feedback_app.flows import token_on

TEXT = "Information from health arrives late."


def _responses(db, settings, n: int = 1) -> list[str]:
    install_themes(db)
    ids = themed_responses(db, settings.keys_dir, "neglect", "development", n, dt.date(2026, 10, 1), text=TEXT)
    db.commit()
    return ids


def test_the_coding_page_shows_the_stripped_response_its_survey_and_a_way_back(
    auth, admin_client, db, surveys, settings
):
    (response_id,) = _responses(db, settings)
    user = auth.login("staff")
    survey = survey_by_slug(db, "practitioner-feedback")

    answer = admin_client.get(f"/findings/responses/{response_id}/themes")
    page = answer.get_data(as_text=True)

    assert answer.status_code == 200 and TEXT in page and survey.title in page
    assert f'class="govuk-back-link" href="/surveys/{survey.id}/responses#resp-{response_id}"' in page
    # Reading it here is a read of what the respondent wrote, logged as the responses page logs one.
    reads = list(db.scalars(select(AuditEvent).where(AuditEvent.action == "response.read")))
    assert [(e.object_id, e.user_id, e.details) for e in reads] == [(response_id, user.id, {"survey": survey.slug})]


def test_the_theme_to_code_starts_unchosen_so_a_polarity_alone_codes_nothing(auth, admin_client, db, surveys, settings):
    (response_id,) = _responses(db, settings)
    auth.login("staff")
    url = f"/findings/responses/{response_id}/themes"

    page = admin_client.get(url).get_data(as_text=True)
    select_ = page[page.index('<select class="govuk-select" id="theme"') :]

    # The first theme of the codebook was chosen for whoever only picked what the response says about it.
    assert select_.index('<option value="" selected>Choose a theme</option>') < select_.index(
        'value="information_sharing"'
    )
    answer = admin_client.post(url, data={"theme": "", "polarity": "development"})
    assert answer.status_code == 400 and "Choose a theme from the codebook" in answer.get_data(as_text=True)
    assert db.scalar(select(ThemeCorrection)) is None
    # Sent back with a theme chosen, it stays chosen, not the blank.
    kept = admin_client.post(url, data={"theme": "recording", "polarity": ""}).get_data(as_text=True)
    assert '<option value="recording" selected>' in kept and '<option value="" selected>' not in kept


def test_an_empty_coding_is_refused_with_every_error_at_once(protected_admin_app, db, surveys, settings):  # noqa: F811
    (response_id,) = _responses(db, settings)
    user = make_user(db, role="staff")
    db.commit()
    client = protected_admin_app.test_client()
    sign_in(client, db, user.email, TEST_PASSWORD)
    url = f"/findings/responses/{response_id}/themes"
    token = token_on(client.get(url).get_data(as_text=True))

    answer = client.post(url, data={"csrf_token": token})
    page = answer.get_data(as_text=True)

    assert answer.status_code == 400
    assert "Choose a theme from the codebook" in page and "Choose development, good practice" in page
    assert 'href="#theme"' in page and 'href="#polarity-development"' in page
    assert db.scalar(select(ThemeCorrection)) is None


def test_kappa_is_shown_only_once_staff_have_coded_enough_themes(auth, admin_client, db, surveys, settings):
    ids = _responses(db, settings, findings.KAPPA_MIN_CODED)
    findings.correct_theme(db, None, ids[0], "neglect", "good_practice")
    db.commit()
    auth.login("staff")

    early = admin_client.get("/findings/").get_data(as_text=True)

    # One correction gave "Cohen's kappa 0.00 over the 1 themes staff coded": a verdict from nothing.
    assert "Cohen's kappa" not in early
    assert "Not enough staff coding yet: staff have coded 1 theme" in early
    assert f"shown from {findings.KAPPA_MIN_CODED}" in early

    for response_id in ids[1:]:
        findings.correct_theme(db, None, response_id, "neglect", "development")
    db.commit()
    later = admin_client.get("/findings/").get_data(as_text=True)
    assert f"over the {findings.KAPPA_MIN_CODED} themes staff coded" in later and "Not enough" not in later


def test_the_coding_page_shows_what_each_theme_rests_on_in_the_text(auth, admin_client, db, surveys, settings):
    install_themes(db)
    text = "Supervision was cancelled three times this year. Nobody told us the police had been called to the home."
    (response_id,) = themed_responses(
        db, settings.keys_dir, "supervision_workforce", "development", 1, dt.date(2026, 10, 1), text=text
    )
    # Coded with a second theme by staff, and with one the shipped model does not know.
    findings.correct_theme(db, None, response_id, "information_sharing", "development")
    db.add(ResponseTheme(response_id=response_id, theme_code="staff_added", polarity="neutral", score=1.0))
    db.commit()
    auth.login("staff")

    page = admin_client.get(f"/findings/responses/{response_id}/themes").get_data(as_text=True)
    rows = {row.split("</td>", 1)[0]: row for row in page.split('<tr><td class="govuk-table__cell">')[1:]}

    supervision = rows[theme_labels(db)["supervision_workforce"]]
    sharing = rows[theme_labels(db)["information_sharing"]]
    # Each theme is read in its own sentence, with the words that count towards it.
    assert '<q class="ll-stripped">Supervision was cancelled three times this year.</q>' in supervision
    assert "Words that weigh most: Supervision" in supervision
    assert '<q class="ll-stripped">Nobody told us the police had been called to the home.</q>' in sharing
    assert "Not a theme the model knows" in rows["staff_added"]
