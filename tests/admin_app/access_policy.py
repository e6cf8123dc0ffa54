"""Who may do what in the admin app: the declared access policy that test_every_route checks the app against.

Written from the design (docs and DESIGN.md section 1), not from what the app answers: every endpoint of the
app's url_map must have an entry here, so a new page cannot be added without someone deciding who may use it.

- Anyone may open the sign-in page and the static files.
- Every signed-in role may read the registers, the dashboard, the codebook and the exports (partner users see
  only entries that are not restricted or belong to their own agency; the walk uses unrestricted entries).
- Individual child death reviews (their list, each record, their export) are for editors only; every signed-in
  role reads the deaths with modifiable factors per year (small numbers suppressed).
- Board members may also read findings and key areas (aggregates and the quotes behind a published area).
- Every signed-in role reads the impact pages and report (figures only, no answer text).
- Reading what respondents wrote (responses, their attention flags) and unlocking the keys is for the business
  unit: administrators and staff.
- Changing anything is for administrators and staff ("editors").
- The audit log is for administrators only.
"""

from __future__ import annotations

from typing import Final

ROLES: Final = ("partner", "board", "staff", "admin")
SIGNED_IN: Final = frozenset(ROLES)
FINDINGS_READERS: Final = frozenset({"board", "staff", "admin"})
EDITORS: Final = frozenset({"staff", "admin"})
TEXT_READERS: Final = EDITORS
ADMINS: Final = frozenset({"admin"})
# Not a role: the endpoint answers without signing in.
ANYONE: Final = "anyone"

Policy = dict[str, frozenset[str] | str]

# endpoint -> method -> the roles allowed (or ANYONE).
POLICY: Final[dict[str, Policy]] = {
    "auth.login": {"GET": ANYONE, "POST": ANYONE},
    "static": {"GET": ANYONE},
    "auth.logout": {"POST": SIGNED_IN},
    "home.index": {"GET": SIGNED_IN},
    "exports.index": {"GET": SIGNED_IN},
    "audit.index": {"GET": ADMINS},
    "keys.unlock": {"GET": TEXT_READERS, "POST": TEXT_READERS},
    # Surveys: the list is for everyone, the answers only for the business unit.
    "surveys.index": {"GET": SIGNED_IN},
    "surveys.responses": {"GET": TEXT_READERS},
    "surveys.change_status": {"POST": EDITORS},
    "surveys.mark_handled": {"GET": EDITORS, "POST": EDITORS},
    "surveys.undo_handled": {"POST": EDITORS},
    # Findings and key areas: aggregates for the board too; coding a response is editing.
    "findings.index": {"GET": FINDINGS_READERS},
    "findings.survey": {"GET": FINDINGS_READERS},
    "findings.emerging": {"GET": FINDINGS_READERS},
    "findings.analyse": {"POST": EDITORS},
    "findings.correct": {"GET": EDITORS, "POST": EDITORS},
    "key_areas.index": {"GET": FINDINGS_READERS},
    "key_areas.show": {"GET": FINDINGS_READERS},
    "key_areas.report": {"GET": FINDINGS_READERS},
    "key_areas.quotes": {"GET": FINDINGS_READERS},
    "key_areas.propose": {"POST": EDITORS},
    "key_areas.edit_area": {"GET": EDITORS, "POST": EDITORS},
    "key_areas.move_area": {"POST": EDITORS},
    "key_areas.merge_area": {"POST": EDITORS},
    "key_areas.remove_area": {"POST": EDITORS},
    "key_areas.publish": {"POST": EDITORS},
    "key_areas.withdraw": {"POST": EDITORS},
    # Learning points, actions and the codebook.
    "learning.themes": {"GET": SIGNED_IN},
    "learning.edit_theme": {"GET": EDITORS, "POST": EDITORS},
    "learning.new_point": {"GET": EDITORS, "POST": EDITORS},
    "learning.edit_point": {"GET": EDITORS, "POST": EDITORS},
    "learning.delete_point": {"POST": EDITORS},
    "learning.new_action": {"GET": EDITORS, "POST": EDITORS},
    "actions.index": {"GET": SIGNED_IN},
    "actions.export": {"GET": SIGNED_IN},
    "actions.show": {"GET": SIGNED_IN},
    "actions.update": {"POST": EDITORS},
    "actions.done": {"POST": EDITORS},
    # Agencies and their named contacts.
    "agencies.index": {"GET": SIGNED_IN},
    "agencies.export": {"GET": SIGNED_IN},
    "agencies.show": {"GET": SIGNED_IN},
    "agencies.new": {"GET": EDITORS, "POST": EDITORS},
    "agencies.edit": {"GET": EDITORS, "POST": EDITORS},
    "agencies.add_contact": {"POST": EDITORS},
    "agencies.edit_contact": {"GET": EDITORS, "POST": EDITORS},
    "agencies.delete_contact": {"POST": EDITORS},
    # Section 11: everyone reads the ratings; only editors rate, moderate and keep the standards.
    "section11.index": {"GET": SIGNED_IN},
    "section11.export": {"GET": SIGNED_IN},
    "section11.standards": {"GET": SIGNED_IN},
    "section11.cycle": {"GET": SIGNED_IN},
    "section11.choose_agency": {"GET": SIGNED_IN},
    "section11.agency": {"GET": SIGNED_IN},
    "section11.assessment": {"GET": SIGNED_IN},
    "section11.rate": {"GET": SIGNED_IN, "POST": EDITORS},
    "section11.new_cycle": {"GET": EDITORS, "POST": EDITORS},
    "section11.edit_cycle": {"GET": EDITORS, "POST": EDITORS},
    "section11.new_standard": {"GET": EDITORS, "POST": EDITORS},
    "section11.edit_standard": {"GET": EDITORS, "POST": EDITORS},
    "section11.install": {"POST": EDITORS},
    # Indicators: the import and its template are editing.
    "indicators.index": {"GET": SIGNED_IN},
    "indicators.export": {"GET": SIGNED_IN},
    "indicators.export_values": {"GET": SIGNED_IN},
    "indicators.show": {"GET": SIGNED_IN},
    "indicators.new": {"GET": EDITORS, "POST": EDITORS},
    "indicators.edit": {"GET": EDITORS, "POST": EDITORS},
    "indicators.add_value": {"POST": EDITORS},
    "indicators.edit_value": {"GET": EDITORS, "POST": EDITORS},
    "indicators.import_values": {"GET": EDITORS, "POST": EDITORS},
    "indicators.import_template": {"GET": EDITORS},
    # Reviews.
    "reviews.index": {"GET": SIGNED_IN},
    "reviews.export": {"GET": SIGNED_IN},
    "reviews.show": {"GET": SIGNED_IN},
    "reviews.new": {"GET": EDITORS, "POST": EDITORS},
    "reviews.edit": {"GET": EDITORS, "POST": EDITORS},
    "reviews.stage": {"POST": EDITORS},
    "reviews.create_campaign": {"POST": EDITORS},
    # The other registers: the same shape (read by all, changed by editors).
    **{
        f"{register}.{endpoint}": {"GET": SIGNED_IN}
        for register in ("audits", "annual_reports", "themed_work")
        for endpoint in ("index", "export", "show")
    },
    # Individual child deaths are the business unit's only; everyone reads the suppressed counts per year.
    **{f"child_deaths.{endpoint}": {"GET": EDITORS} for endpoint in ("index", "export", "show")},
    **{
        f"{register}.{endpoint}": {"GET": EDITORS, "POST": EDITORS}
        for register in ("child_deaths", "audits", "annual_reports", "themed_work")
        for endpoint in ("new", "edit")
    },
    "child_deaths.trend": {"GET": SIGNED_IN},
    "child_deaths.export_trend": {"GET": SIGNED_IN},
    "audits.add_finding": {"POST": EDITORS},
    "audits.edit_finding": {"GET": EDITORS, "POST": EDITORS},
    "themed_work.add_node": {"POST": EDITORS},
    "themed_work.edit_node": {"GET": EDITORS, "POST": EDITORS},
    # Signing in, second step: every role has a second factor; one's own password is one's own.
    "second_factor.check": {"GET": SIGNED_IN, "POST": SIGNED_IN},
    "second_factor.set_up": {"GET": SIGNED_IN, "POST": SIGNED_IN},
    "second_factor.confirm_password": {"GET": SIGNED_IN, "POST": SIGNED_IN},
    "account.password": {"GET": SIGNED_IN, "POST": SIGNED_IN},
    # Looking after users is for administrators.
    "users.index": {"GET": ADMINS},
    "users.show": {"GET": ADMINS},
    "users.new": {"GET": ADMINS, "POST": ADMINS},
    "users.change_role": {"POST": ADMINS},
    "users.deactivate": {"POST": ADMINS},
    "users.reactivate": {"POST": ADMINS},
    "users.reset_second_factor": {"POST": ADMINS},
    "users.unlock": {"POST": ADMINS},
    # Building surveys is editing.
    **{f"survey_builder.{endpoint}": {"GET": EDITORS} for endpoint in ("index", "show", "export")},
    **{
        f"survey_builder.{endpoint}": {"POST": EDITORS}
        for endpoint in (
            "new",
            "import_file",
            "add_question",
            "move_question",
            "move_page",
            "remove_question",
            "publish",
            "discard",
            "edit_survey",
        )
    },
    "survey_builder.show": {"GET": EDITORS, "POST": EDITORS},
    "survey_builder.edit_question": {"GET": EDITORS, "POST": EDITORS},
    # Mail: lists of addresses, invitations, sending key areas out and their impact are the business unit's.
    **{
        f"mail.{endpoint}": {"GET": EDITORS}
        for endpoint in (
            "outbox_page",
            "lists",
            "show_list",
            "campaigns",
            "show_campaign",
            "disseminate_page",
        )
    },
    # What changed after the learning went out: impact reports are read by every role (DESIGN section 1), their
    # figures suppressed so that no count under k can be worked out; sending and following up stay the business unit's.
    **{f"impact.{endpoint}": {"GET": SIGNED_IN} for endpoint in ("index", "show", "report")},
    **{
        f"mail.{endpoint}": {"POST": EDITORS}
        for endpoint in (
            "send_now",
            "create_list",
            "import_addresses",
            "remove_address",
            "open_campaign",
            "invite",
            "remind",
            "disseminate",
            "cancel_follow_up",
        )
    },
    # A message whose sending was interrupted: sending it again or recording it failed is the business unit's.
    "outbox_interrupted.send_again": {"POST": EDITORS},
    "outbox_interrupted.mark_failed": {"POST": EDITORS},
}

# Pages whose answer to a permitted GET is a redirect by design, not a page: an assessment by id opens on its
# cycle's agency page, and the agency picker (a GET form) lands on the agency chosen or back on the cycle.
# The second step of signing in, once passed, goes on to the dashboard.
REDIRECTING_PAGES: Final = frozenset(
    {"section11.assessment", "section11.choose_agency", "second_factor.check", "second_factor.set_up"}
)
# Signing out sends anyone to the sign-in page.
SIGNING_OUT: Final = frozenset({"auth.logout"})


def allowed(endpoint: str, method: str, role: str) -> bool:
    """Whether the policy lets `role` (or an anonymous visitor, role "anonymous") use this endpoint and method."""
    who = POLICY[endpoint][method]
    return who == ANYONE or role in who
