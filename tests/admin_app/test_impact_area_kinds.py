"""A theme that is both an area to improve and good practice to keep has two result sections on the impact page,
each named with its kind, so staff can tell which figures are which."""

from __future__ import annotations

import html
import re

from core.mail.keys import load_mail_key
from core.services import dissemination, mailing_lists
from tests.feedback_app.test_follow_up_area_kinds import set_with_a_theme_in_both_kinds


def test_each_result_section_names_its_area_and_its_kind(admin_client, auth, db, settings, clock):
    key = load_mail_key(settings)
    group = mailing_lists.create_list(db, name="Practitioners", audience="practitioner")
    addresses = "email\n" + "\n".join(f"p{n}@example.org" for n in range(3))
    mailing_lists.import_addresses(db, key, group, addresses.encode(), today=clock.now().date())
    published = set_with_a_theme_in_both_kinds(db, clock.now().date())
    sent = dissemination.disseminate(
        db, key, settings, set_id=published.id, list_id=group.id, follow_ups=["baseline"], user_id=None, now=clock.now()
    )
    db.commit()
    dissemination.send_follow_up(db, key, settings, sent.follow_ups[0].id, now=clock.now())
    db.commit()

    auth.login("staff")
    page = admin_client.get(f"/impact/disseminations/{sent.id}").get_data(as_text=True)
    headings = [html.unescape(h) for h in re.findall(r'<h2 class="govuk-heading-m">([^<]*)</h2>', page)]
    assert headings == [
        "Information sharing: an area to improve",
        "Escalating concerns: an area to improve",
        "Information sharing: good practice to keep",
        "Early help assessments: good practice to keep",
    ]
    assert "Follow-up rounds for Information sharing: good practice to keep" in html.unescape(page)
    report = html.unescape(admin_client.get("/impact/report").get_data(as_text=True))
    assert (
        "Information sharing: an area to improve" in report and "Information sharing: good practice to keep" in report
    )
