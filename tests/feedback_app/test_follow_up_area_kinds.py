"""A theme can be both an area to improve and good practice to keep in one published set (the demo's 2026 proposal
has two). Its follow-up then asks about each separately, and every page, question and check-page line says which
area it is about and which kind, so no two read the same."""

from __future__ import annotations

import datetime as dt
import html
import re

from core.models import KeyAreaSet
from core.services.dissemination import follow_up_survey
from tests.feedback_app.flows import answer_survey, open_invitation_link
from tests.mail_cycle import make_published_set


def set_with_a_theme_in_both_kinds(db, day: dt.date) -> KeyAreaSet:
    """Published: "Information sharing" to improve and to keep, beside one area of each kind on its own."""
    return make_published_set(
        db,
        day,
        (
            ("development", "Information sharing"),
            ("development", "Escalating concerns"),
            ("good_practice", "Information sharing"),
            ("good_practice", "Early help assessments"),
        ),
    )


# What each audience is told a good-practice area is (families are not asked about "practice").
TO_KEEP = {"practitioner": "good practice to keep", "family": "something that works well, to keep"}


def test_every_follow_up_page_and_question_names_its_area_and_its_kind(db, clock):
    published = set_with_a_theme_in_both_kinds(db, clock.now().date())
    for audience, to_keep in TO_KEEP.items():
        version = follow_up_survey(db, published, audience).current_version
        area_pages = [title for _, title in sorted(version.page_titles.items(), key=lambda p: int(p[0]))][:-1]
        assert area_pages == [
            "Information sharing: an area to improve",
            "Escalating concerns: an area to improve",
            f"Information sharing: {to_keep}",
            f"Early help assessments: {to_keep}",
        ]
        asked = [q for q in version.questions if q.key.split("_")[0] in {"aware", "changed", "confidence"}]
        assert len(asked) == 12 and len({q.prompt for q in asked}) == 12, [q.prompt for q in asked]
        for area in published.areas:
            kind = "improve" if area.kind == "development" else "keep"
            for q in (q for q in asked if q.key.endswith(f"_{area.id}")):
                assert f"“{area.title}”" in q.prompt and kind in q.prompt, q.prompt


def test_the_check_page_names_the_area_and_kind_on_every_line(feedback_app, db, clock):
    published = set_with_a_theme_in_both_kinds(db, clock.now().date())
    survey = follow_up_survey(db, published, "practitioner")
    db.commit()
    client = feedback_app.test_client()
    open_invitation_link(client, db, survey.id, clock.now().date())
    page = answer_survey(client, db, survey.slug).get_data(as_text=True)
    lines = [html.unescape(line) for line in re.findall(r'<dt class="govuk-summary-list__key">([^<]*)</dt>', page)]
    assert len(lines) == 14 and len(set(lines)) == 14, lines  # 4 areas x 3 questions, the free text, the code
    changed = [line for line in lines if "changed your practice" in line]
    assert changed == [
        "“Information sharing” (an area to improve): has it changed your practice?",
        "“Escalating concerns” (an area to improve): has it changed your practice?",
        "“Information sharing” (good practice to keep): has it changed your practice?",
        "“Early help assessments” (good practice to keep): has it changed your practice?",
    ]


def test_the_follow_up_title_fits_the_baseline_and_families(db, clock):
    # Its title is the invitation's subject. The baseline goes out the moment the key areas do, so a title asking
    # "what has changed since" read wrongly there; and families are not asked about practice.
    published = set_with_a_theme_in_both_kinds(db, clock.now().date())
    for audience in TO_KEEP:
        title = follow_up_survey(db, published, audience).title
        assert published.title in title and "changed" not in title and "practice" not in title
