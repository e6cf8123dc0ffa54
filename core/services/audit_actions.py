"""What each audit log action is called in plain English: the one list of actions the code records.

`record` warns about an action missing here (an error under the tests' `filterwarnings = error`), so a new action
cannot reach the log without a name people can read. The codes stay what is stored, filtered on and linked to;
the labels are only what people are shown. Each label starts with the kind of thing acted on, so that an
alphabetical list keeps a thing's actions together.
"""

from __future__ import annotations

ACTION_LABELS: dict[str, str] = {
    # Respondents' words and the results drawn from them
    "response.read": "Response read",
    "response.quote_read": "Response quoted on a page",
    "response.theme_corrected": "Response's theme corrected",
    "response.attention_handled": "Response needing attention marked as handled",
    "response.attention_handled_undone": "Response needing attention marked as not handled",
    "findings.read": "Findings read",
    "impact.read": "Impact results read",
    "campaign.results_read": "Campaign results read",
    "themes.retrained": "Theme model retrained",
    "theme.saved": "Theme saved",
    "export": "Export downloaded",
    # Surveys
    "survey.published": "Survey published",
    "survey.status": "Survey opened or closed to new answers",
    "survey.plan_changed": "Survey schedule or purpose changed",
    "survey_draft.created": "Survey draft started",
    "survey_draft.details_changed": "Survey draft details changed",
    "survey_draft.question_added": "Survey draft question added",
    "survey_draft.question_changed": "Survey draft question changed",
    "survey_draft.question_removed": "Survey draft question removed",
    "survey_draft.question_moved": "Survey draft question moved",
    "survey_draft.page_moved": "Survey draft page moved",
    "survey_draft.plan_changed": "Survey draft schedule or purpose changed",
    "survey_draft.discarded": "Survey draft deleted",
    # Key areas
    "key_areas.drafted": "Key area set drafted",
    "key_areas.published": "Key area set published",
    "key_areas.withdrawn": "Key area set withdrawn",
    "key_area.updated": "Key area changed",
    "key_area.moved": "Key area moved",
    "key_area.merged": "Key areas merged",
    "key_area.removed": "Key area removed",
    # Registers
    "review.create": "Review added",
    "review.update": "Review changed",
    "review.stage": "Review moved to another stage",
    "cdr.create": "Child death review added",
    "cdr.update": "Child death review changed",
    "audit.create": "Audit added",
    "audit.update": "Audit changed",
    "audit.finding_create": "Audit finding added",
    "audit.finding_update": "Audit finding changed",
    "audit.finding_delete": "Audit finding deleted",
    "s11_standard.create": "Section 11 standard added",
    "s11_standard.update": "Section 11 standard changed",
    "s11_cycle.create": "Section 11 cycle added",
    "s11_cycle.update": "Section 11 cycle changed",
    "s11_assessment.create": "Section 11 assessment added",
    "s11_assessment.update": "Section 11 assessment changed",
    "annual_report.create": "Annual report added",
    "annual_report.update": "Annual report changed",
    "themed_work.create": "Themed work added",
    "themed_work.update": "Themed work changed",
    "themed_work.organisation_create": "Themed work organisation added",
    "themed_work.organisation_update": "Themed work organisation changed",
    "themed_work.organisation_delete": "Themed work organisation deleted",
    "indicator.create": "Indicator added",
    "indicator.update": "Indicator changed",
    "indicator_value.create": "Indicator value added",
    "indicator_value.update": "Indicator value changed",
    "indicator_value.delete": "Indicator value deleted",
    "indicator_values.imported": "Indicator values imported",
    "learning_point.create": "Learning point added",
    "learning_point.update": "Learning point changed",
    "learning_point.delete": "Learning point deleted",
    "action.create": "Action added",
    "action.update": "Action changed",
    "agency.create": "Agency added",
    "agency.update": "Agency changed",
    "agency_contact.create": "Agency contact added",
    "agency_contact.update": "Agency contact changed",
    "agency_contact.delete": "Agency contact deleted",
    # Mail
    "mail.list_created": "Mailing list created",
    "mail.addresses_imported": "Mailing list addresses imported",
    "mail.address_removed": "Mailing list address deleted",
    "mail.campaign_opened": "Campaign opened",
    "mail.invitations_queued": "Campaign invitations queued",
    "mail.reminders_queued": "Campaign reminders queued",
    "mail.key_areas_sent": "Key area set sent to a mailing list",
    "mail.follow_up_cancelled": "Follow-up email cancelled",
    "mail.outbox_sent": "Outbox sent",
    "mail.interrupted_sent_again": "Interrupted email sent again",
    "mail.interrupted_marked_failed": "Interrupted email marked as failed",
    # Keys
    "keys.unlocked": "Keys unlocked",
    "keys.unlock_failed": "Keys unlock failed (wrong passphrase)",
    # Users and signing in
    "user.created": "User added",
    "user.role_changed": "User's role changed",
    "user.deactivated": "User deactivated",
    "user.reactivated": "User reactivated",
    "user.unlocked": "User unlocked after repeated failed sign-ins",
    "user.password_set": "User's password set by an administrator",
    "user.password_changed": "User changed their password",
    "user.password_change_failed": "User's password change refused (current password wrong)",
    "user.password_confirmed": "User confirmed their password before a read or export",
    "user.second_factor_set_up": "User set up their authenticator app",
    "user.second_factor_reset": "User's authenticator app reset",
    "user.second_factor_passed": "User entered a correct authenticator code",
    "user.second_factor_failed": "User's authenticator code or password check failed",
    "user.recovery_code_used": "User signed in with a recovery code",
    "user.login": "User signed in",
    "user.login_failed": "User sign-in failed (wrong password)",
    "user.logout": "User signed out",
    "user.session_ended": "User's session ended",
    "user.sessions_revoked": "User's sessions ended",
}


def action_label(code: str) -> str:
    """The plain-English name of an action; for a code no longer recorded, its words ("job.ran" reads "Job ran")."""
    label = ACTION_LABELS.get(code)
    if label is not None:
        return label
    words = code.replace(".", " ").replace("_", " ").split()
    return " ".join(words).capitalize() if words else code
