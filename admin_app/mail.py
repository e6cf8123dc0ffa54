"""Mail for staff: the outbox (what is waiting, sent, failed and why), mailing lists, invitations, dissemination."""

from __future__ import annotations

from typing import Any, Callable, Generic, Sequence, TypeVar

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from admin_app import context, db, outbox_interrupted
from admin_app.auth import current_user, editors_only
from admin_app.fields import RegisterForm
from admin_app.labels import LABELS
from admin_app.mail_forms import CampaignForm, DisseminateForm, ImportForm, InviteForm, ListForm, RemoveForm
from admin_app.registers import Done, act, page_of, save, today as today_in_england
from core.errors import ValidationFailed
from core.mail.keys import MailKey, load_mail_key
from core.models import FOLLOW_UP_STATES, LIST_AUDIENCES, OUTBOX_STATES, Campaign, MailingList
from core.services import dissemination, invitations, mailing_lists, outbox
from core.services.audit import record
from core.services.indicator_import import ImportRejected, RowError

bp = Blueprint("mail", __name__, url_prefix="/mail")


@bp.get("/outbox")
@editors_only
def outbox_page() -> ResponseReturnValue:
    return render_template(
        "mail/outbox.html",
        summary=outbox.summary(db()),
        states=OUTBOX_STATES,
        kinds=LABELS["mail_kinds"],
        uncounted=outbox.UNCOUNTED_KINDS,
        relay=context().settings.smtp_host,
        **outbox_interrupted.page_values(),
    )


@bp.post("/outbox/send")
@editors_only
def send_now() -> ResponseReturnValue:
    ctx = context()
    report = outbox.drain_with_settings(db(), ctx.settings, ctx.clock)
    record(db(), current_user().id, "mail.outbox_sent", "outbox", sent=report.sent, failed=report.failed)
    db().commit()
    flash(f"Sent {report.sent}; {report.retrying} to try again later; {report.failed} failed.")
    return redirect(url_for("mail.outbox_page"))


def mail_key() -> MailKey:
    return load_mail_key(context().settings)


F = TypeVar("F", bound=RegisterForm)
E = TypeVar("E")
Change = Callable[[E, F], Done]


class _Page(Generic[E]):
    """A mail page: GET `rule` (endpoint `endpoint`) shows what `load` finds by the rule's ids (nothing, on a page that
    lists things), drawn by `draw(about, form)`, form None when none is posted. `posted` adds its forms' posts."""

    def __init__(self, rule: str, endpoint: str, load: Callable[..., E], draw: Callable[[E, Any], str]) -> None:
        self.load, self.draw = load, draw

        def view(**ids: int) -> ResponseReturnValue:
            return draw(load(**ids), None)

        bp.add_url_rule(rule, endpoint, editors_only(view))

    def posted(self, rule: str, form: Callable[[], F]) -> Callable[[Change[E, F]], Change[E, F]]:
        """Make the decorated change the post of a form on this page (POST `rule`, endpoint the change's name),
        through `save`: if the form or the change refuses, the page is drawn again with the form as posted."""

        def add(change: Change[E, F]) -> Change[E, F]:
            def post(**ids: int) -> ResponseReturnValue:
                about, filled = self.load(**ids), form()
                return save(
                    filled, lambda: change(about, filled), render=lambda: self.draw(about, filled), done=lambda did: did
                )

            bp.add_url_rule(rule, change.__name__, editors_only(post), methods=["POST"])
            return change

        return add


def _nothing() -> None:
    """What a page that lists things is about: nothing in particular."""
    return None


def _listing(
    template: str,
    form: Callable[..., RegisterForm],
    shown: Callable[[], dict[str, Any]],
    start: dict[str, Any] | None = None,
) -> Callable[[None, Any], str]:
    """What draws a page that lists things above the form that adds one: `template` with `shown()`'s values and
    the form, as posted or empty (with `start`'s values)."""

    def draw(_: None, posted: RegisterForm | None) -> str:
        return render_template(template, form=posted or form(formdata=None, data=start), **shown())

    return draw


LISTS = _Page(
    "/lists",
    "lists",
    _nothing,
    _listing(
        "mail/lists.html", ListForm, lambda: {"lists": mailing_lists.list_counts(db()), "audiences": LIST_AUDIENCES}
    ),
)


@LISTS.posted("/lists", ListForm)
def create_list(_: None, form: ListForm) -> Done:
    created = mailing_lists.create_list(db(), **form.values(["name", "audience", "description"]))
    record(db(), current_user().id, "mail.list_created", "mailing_list", created.id, name=created.name)
    message = f"The list “{created.name}” was created. Import the addresses of people who agreed to be emailed."
    return message, url_for("mail.show_list", list_id=created.id)


def _list(list_id: int) -> MailingList:
    return mailing_lists.get_list(db(), list_id)


def _list_page(mailing_list: MailingList, form: RegisterForm | None, skipped: Sequence[RowError] = ()) -> str:
    """A list's page with its two forms (the one posted, if any, as posted) and the rows an import skipped."""
    counts = next(c for c in mailing_lists.list_counts(db()) if c.mailing_list.id == mailing_list.id)
    return render_template(
        "mail/list.html",
        counts=counts,
        mailing_list=mailing_list,
        upload=form if isinstance(form, ImportForm) else ImportForm(formdata=None),
        removal=form if isinstance(form, RemoveForm) else RemoveForm(formdata=None),
        skipped=skipped,
    )


LIST = _Page("/lists/<int:list_id>", "show_list", _list, _list_page)


@LIST.posted("/lists/<int:list_id>/import", ImportForm)
def import_addresses(mailing_list: MailingList, form: ImportForm) -> Done:
    today = context().clock.now().date()
    try:
        result = mailing_lists.import_addresses(db(), mail_key(), mailing_list, form.file.content(), today=today)
    except ImportRejected as exc:
        # The file's field says nothing was imported; the page lists each row's problem beneath the form.
        form.problems, form.total = exc.errors, exc.total
        raise ValidationFailed({"file": exc.message}) from exc
    added, skipped = result.added, result.skipped
    counted = {"added": added, "skipped": len(skipped)}
    record(db(), current_user().id, "mail.addresses_imported", "mailing_list", mailing_list.id, **counted)
    # The rows skipped are shown at once: there may be too many to carry to another page.
    message = f"{added:,} address{'es' if added != 1 else ''} added; {len(skipped):,} skipped."
    return message, lambda: _list_page(mailing_list, None, skipped)


@LIST.posted("/lists/<int:list_id>/remove", RemoveForm)
def remove_address(mailing_list: MailingList, form: RemoveForm) -> Done:
    if not mailing_lists.remove_address(db(), mail_key(), mailing_list.id, form.values(["address"])["address"]):
        raise ValidationFailed({"address": "That address is not on this list"})
    record(db(), current_user().id, "mail.address_removed", "mailing_list", mailing_list.id)
    return "The address was deleted from the list.", url_for("mail.show_list", list_id=mailing_list.id)


CAMPAIGNS = _Page(
    "/campaigns",
    "campaigns",
    _nothing,
    _listing("mail/campaigns.html", CampaignForm, lambda: {"campaigns": invitations.campaigns(db())}),
)


@CAMPAIGNS.posted("/campaigns", CampaignForm)
def open_campaign(_: None, form: CampaignForm) -> Done:
    today = today_in_england()  # the survey's closing day is a day in England
    campaign = invitations.open_campaign(db(), **form.values(["survey_id", "name"]), today=today)
    record(db(), current_user().id, "mail.campaign_opened", "campaign", campaign.id, name=campaign.name)
    message = f"Campaign “{campaign.name}” opened. Share its link, or send it to a mailing list."
    return message, url_for("mail.show_campaign", campaign_id=campaign.id)


def _campaign(campaign_id: int) -> Campaign:
    return invitations.get_campaign(db(), campaign_id)


def _campaign_page(campaign: Campaign, form: InviteForm | None) -> str:
    settings = context().settings
    return render_template(
        "mail/campaign.html",
        campaign=campaign,
        link=invitations.campaign_link(settings, campaign),
        counts=invitations.invitation_counts(db(), campaign.id, settings.min_cell_size),
        form=form or InviteForm(formdata=None, data={"valid_days": invitations.DEFAULT_VALID_DAYS}),
    )


CAMPAIGN = _Page("/campaigns/<int:campaign_id>", "show_campaign", _campaign, _campaign_page)


@CAMPAIGN.posted("/campaigns/<int:campaign_id>/invite", InviteForm)
def invite(campaign: Campaign, form: InviteForm) -> Done:
    ctx, chosen = context(), form.values(["list_id", "valid_days"])
    mailing_list = _list(chosen["list_id"])
    sent = invitations.invite_list(
        db(), mail_key(), ctx.settings, campaign, mailing_list, now=ctx.clock.now(), valid_days=chosen["valid_days"]
    )
    details = {"list_id": mailing_list.id, "queued": sent}
    record(db(), current_user().id, "mail.invitations_queued", "campaign", campaign.id, **details)
    message = f"{sent:,} invitation{'s' if sent != 1 else ''} queued; they go out within a minute (see the outbox)."
    return message, url_for("mail.show_campaign", campaign_id=campaign.id)


@bp.post("/campaigns/<int:campaign_id>/remind")
@editors_only
def remind(campaign_id: int) -> ResponseReturnValue:
    campaign = _campaign(campaign_id)

    def do() -> None:
        ctx = context()
        invitations.remind(db(), mail_key(), ctx.settings, campaign, now=ctx.clock.now())
        record(db(), current_user().id, "mail.reminders_queued", "campaign", campaign.id)

    # How many were reminded is not said: it is how many have not answered, which the counts may suppress.
    return act(
        do,
        "Reminders queued for everyone invited who has not answered yet and whose link has not expired.",
        back=url_for("mail.show_campaign", campaign_id=campaign.id),
        page=page_of("mail.show_campaign", campaign_id=campaign.id),
    )


@bp.post("/follow-ups/<int:follow_up_id>/cancel")
@editors_only
def cancel_follow_up(follow_up_id: int) -> ResponseReturnValue:
    return act(
        lambda: dissemination.cancel_follow_up(db(), current_user().id, follow_up_id),
        "Follow-up cancelled: nobody will be sent it.",
        back=url_for("mail.disseminate_page"),
        page=page_of("mail.disseminate_page"),
    )


DISSEMINATIONS = _Page(
    "/disseminate",
    "disseminate_page",
    _nothing,
    _listing(
        "mail/disseminate.html",
        DisseminateForm,
        lambda: {"rows": dissemination.disseminations(db()), "states": FOLLOW_UP_STATES},
        # The page says a baseline goes now: the follow-ups are measured against it (Impact), so it is ticked too.
        start={"follow_ups": ["baseline", "6w", "3m"]},
    ),
)


@DISSEMINATIONS.posted("/disseminate", DisseminateForm)
def disseminate(_: None, form: DisseminateForm) -> Done:
    ctx, user_id, chosen = context(), current_user().id, form.values(["set_id", "list_id", "follow_ups", "send_again"])
    sent = dissemination.disseminate(db(), mail_key(), ctx.settings, **chosen, user_id=user_id, now=ctx.clock.now())
    follow_ups = sent.follow_ups
    details = {"list_id": sent.list_id, "follow_ups": [f.label for f in follow_ups]}
    record(db(), user_id, "mail.key_areas_sent", "key_area_set", sent.key_area_set_id, **details)

    def scheduled() -> ResponseReturnValue:
        # After the commit: a job that ran before it would find no follow-up to send.
        dissemination.schedule_jobs(current_app.extensions["learning_loop_engine"], follow_ups)
        return redirect(url_for("mail.disseminate_page"))

    people = f"{sent.queued:,} {'person' if sent.queued == 1 else 'people'}"
    rounds = {0: "no follow-up", 1: "1 follow-up"}.get(len(follow_ups), f"{len(follow_ups)} follow-ups")
    return f"The key areas are queued to {people}; {rounds} scheduled.", scheduled
