"""Answering a survey: start page, one page of questions at a time, check your answers, send."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from flask import Blueprint, abort, g, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from core.drafts import DraftHandle, discard_draft, new_handle, save_draft
from core.errors import AlreadySent, ByInvitationOnly, NotFound, SurveyClosed, SurveyNotOpenYet
from core.models import Campaign
from core.pairing import PAIRING_KIND, check_code, is_pairing_hash, pairing_hash
from core.services.deadlines import today_in_england
from core.services.responses import clean_free_text, submit_response
from core.services.surveys import (
    PageResult,
    SurveyView,
    VersionView,
    answer_label,
    flagged_by_choice,
    flagged_choices,
    public_surveys,
    survey_for_answering,
    survey_with_draft,
    validate_page,
)
from feedback_app import context, db, mail_links, within_limit
from feedback_app.choices import refuse_mixed_exclusive
from feedback_app.forms import honeypot_filled
from feedback_app.sent_receipts import forget_sent_page, keep_sent_page, sent_handle, sent_page

bp = Blueprint("surveys", __name__)
log = logging.getLogger("learning_loop.feedback")


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _refuse_closed(survey: SurveyView) -> None:
    """Stop here unless the survey takes answers today; someone part-way through is told nothing was sent."""
    state = survey.state_on(today_in_england(context().clock))
    unsent = " Your answers have not been sent." if request.method == "POST" else ""
    if state == "not_yet" and survey.opens_on is not None:
        raise SurveyNotOpenYet(f"This survey opens on {_day(survey.opens_on)}. Please come back then.{unsent}")
    if state == "closed" and survey.is_open and survey.closes_on is not None:
        raise SurveyClosed(
            f"This survey closed at the end of {_day(survey.closes_on)} and is no longer taking answers. "
            f"Thank you for your interest.{unsent}"
        )
    if state == "closed":
        raise SurveyClosed(
            f"This survey is closed and is no longer taking answers. Thank you for your interest.{unsent}"
        )


def _refuse_uninvited(survey: SurveyView) -> None:
    """A follow-up round counts only the people it was sent to: without this browser's invitation, no answers."""
    if not survey.is_public and survey.slug not in (session.get("invitations") or {}):
        raise ByInvitationOnly(
            "This survey is only for people who were sent an invitation by email. Open it from the link in your email."
        )


def _open_survey(slug: str) -> tuple[SurveyView, VersionView]:
    survey, version = survey_for_answering(db(), slug)
    _refuse_closed(survey)
    _refuse_uninvited(survey)
    return survey, version


def _open_with_draft(slug: str) -> tuple[SurveyView, VersionView, dict[str, Any]]:
    """The open survey and the respondent's answers so far (an empty draft if none), in one statement."""
    handle = _handle(slug)
    survey, version, data = survey_with_draft(db(), slug, handle, now=context().clock.now())
    _refuse_closed(survey)
    _refuse_uninvited(survey)
    # This browser saved answers that are gone (expired, or the survey changed): the page says so, rather than
    # silently starting again.
    g.draft_lost = handle is not None and data is None
    return survey, version, data or _empty_draft()


def _handle(slug: str) -> DraftHandle | None:
    return DraftHandle.from_cookie((session.get("drafts") or {}).get(slug))


def _remember(slug: str, handle: DraftHandle) -> None:
    drafts = dict(session.get("drafts") or {})
    drafts[slug] = handle.to_cookie()
    session["drafts"] = drafts


def _forget(slug: str) -> None:
    drafts = dict(session.get("drafts") or {})
    drafts.pop(slug, None)
    session["drafts"] = drafts


def _sent_handle(slug: str) -> DraftHandle | None:
    """Where this browser's last sent page for the survey is held: from the draft it sent, if the cookie still
    names that draft (a double click's second request), else as remembered when it was sent."""
    handle = _handle(slug)
    if handle is not None:
        return sent_handle(handle)
    return DraftHandle.from_cookie((session.get("sent") or {}).get(slug))


def _remember_sent(slug: str, handle: DraftHandle) -> None:
    _forget(slug)
    mail_links.forget(slug)
    session["sent"] = {**(session.get("sent") or {}), slug: handle.to_cookie()}


def _forget_sent(slug: str) -> None:
    """A new draft of the survey: the page of the last send is no longer wanted (the caller commits)."""
    sent = dict(session.get("sent") or {})
    forget_sent_page(db(), DraftHandle.from_cookie(sent.pop(slug, None)))
    session["sent"] = sent


def _empty_draft() -> dict[str, Any]:
    return {"answers": {}, "removed": {}, "explanations": {}, "concerns": {}, "campaign_id": None}


@bp.get("/")
def home() -> ResponseReturnValue:
    return render_template("surveys/home.html", surveys=public_surveys(db(), today_in_england(context().clock)))


@bp.get("/s/<slug>/")
def start(slug: str) -> ResponseReturnValue:
    survey, version = _open_survey(slug)
    campaign_id = request.args.get("campaign", type=int)
    if campaign_id is not None:
        # Ids past a 32-bit integer cannot exist, and the database refuses to compare them (a 500, not a 404).
        campaign = db().get(Campaign, campaign_id) if 0 < campaign_id < 2**31 else None
        if campaign is None or campaign.survey_id != survey.id:
            raise NotFound("That link is not for this survey. Check the link you were sent.")
        session.setdefault("campaigns", {})
        session["campaigns"] = {**session.get("campaigns", {}), slug: campaign_id}
    return render_template(
        "surveys/start.html",
        survey=survey,
        version=version,
        pages=len(version.page_numbers),
        invitation_ends_on=None if survey.is_public else mail_links.ends_on(slug),
    )


def _page_or_404(version: VersionView, number: int) -> list[Any]:
    questions = version.questions_on(number)
    if not questions:
        raise NotFound("That page of the survey does not exist.")
    return questions


def _back_link(slug: str, version: VersionView, number: int, changing: bool) -> str:
    if changing:
        return url_for("surveys.check", slug=slug)
    pages = version.page_numbers
    index = pages.index(number)
    return url_for("surveys.page", slug=slug, number=pages[index - 1]) if index else url_for("surveys.start", slug=slug)


@bp.route("/s/<slug>/page/<int:number>", methods=["GET", "POST"])
def page(slug: str, number: int) -> ResponseReturnValue:
    survey, version, data = _open_with_draft(slug)
    questions = _page_or_404(version, number)
    changing = request.args.get("change") == "1"
    values: dict[str, Any] = dict(data["answers"])
    errors: dict[str, str] = {}
    if request.method == "POST":
        # The CSRF token was checked before any view ran (CSRFProtect); the answers are checked
        # by validate_page, so a form object would only build a new token nobody uses.
        if honeypot_filled(request.form):
            abort(400)
        settings = context().settings
        result = validate_page(questions, request.form.to_dict(flat=False), max_text=settings.max_text_length)
        refuse_mixed_exclusive(questions, result)
        _hash_pairing_codes(slug, questions, result, data["answers"])
        if not result.errors:
            for q in questions:
                answer = result.answers.get(q.key)
                if q.kind == "text" and answer:
                    cleaned = clean_free_text(answer, settings.strip_keep)
                    answer = cleaned.text
                    data["removed"][q.key] = cleaned.removed
                    data["explanations"][q.key] = cleaned.explanation
                    if cleaned.concern:
                        data["concerns"][q.key] = cleaned.concern.reason
                    else:
                        data["concerns"].pop(q.key, None)
                elif q.kind == "text":
                    for part in ("removed", "explanations", "concerns"):
                        data[part].pop(q.key, None)
                data["answers"][q.key] = answer
            data["campaign_id"] = (session.get("campaigns") or {}).get(slug, data.get("campaign_id"))
            handle = _handle(slug)
            if handle is None:
                within_limit("draft")  # a new draft: many from one address in an hour is a script, not people
                handle = new_handle()
                _remember(slug, handle)
                _forget_sent(slug)
            save_draft(
                db(),
                handle,
                version.id,
                data,
                now=context().clock.now(),
                lifetime_hours=settings.draft_lifetime_hours,
            )
            db().commit()
            pages = version.page_numbers
            following = [p for p in pages if p > number]
            if changing or not following:
                return redirect(url_for("surveys.check", slug=slug))
            return redirect(url_for("surveys.page", slug=slug, number=following[0]))
        errors = result.errors
        values.update(typed(questions))
    back = _back_link(slug, version, number, changing)
    return render_page(
        survey,
        version,
        number,
        values=values,
        errors=errors,
        back=back,
        changing=changing,
        draft_lost=g.draft_lost,
        draft_hours=context().settings.draft_lifetime_hours,
    )


def _hash_pairing_codes(slug: str, questions: list[Any], result: PageResult, earlier: dict[str, Any]) -> None:
    """Replace each pairing code with its keyed hash before anything is saved (the code itself is never kept).

    Left empty, a code given before is kept (the page cannot show it again), unless the person ticks to forget it.
    """
    ctx = context()
    for q in questions:
        if q.kind != PAIRING_KIND or q.key in result.errors:
            continue
        typed_code = result.answers.get(q.key) or ""
        if not typed_code:
            forget = request.form.get(f"{q.key}-forget") == "yes"
            result.answers[q.key] = "" if forget or not is_pairing_hash(earlier.get(q.key)) else earlier[q.key]
            continue
        checked = check_code(typed_code, ctx.settings.strip_keep)
        if checked.problem:
            result.errors[q.key] = checked.problem
        else:
            result.answers[q.key] = pairing_hash(ctx.pairing_secret, slug, checked.normalised)


def typed(questions: list[Any]) -> dict[str, Any]:
    """What the person typed on this page, to show it again so nothing has to be typed twice (not stored)."""
    values = {}
    for q in questions:
        submitted = request.form.getlist(q.key)
        values[q.key] = submitted if q.kind == "multi" else (submitted[0] if submitted else None)
    return values


def render_page(
    survey: SurveyView,
    version: VersionView,
    number: int,
    *,
    values: dict[str, Any],
    errors: dict[str, str],
    back: str,
    changing: bool = False,
    **extra: Any,
) -> ResponseReturnValue:
    """One page of questions, with the person's answers and any errors (a 400 when there are errors)."""
    pages = version.page_numbers
    return render_template(
        "surveys/page.html",
        survey=survey,
        version=version,
        questions=version.questions_on(number),
        values=values,
        errors=errors,
        number=number,
        position=pages.index(number) + 1,
        total=len(pages),
        title=version.page_titles.get(str(number)),
        changing=changing,
        back=back,
        **extra,
    ), (400 if errors else 200)


def _first_missing_page(version: VersionView, answers: dict[str, Any]) -> int | None:
    for q in version.questions:
        if q.key not in answers or (q.required and answers[q.key] in (None, "", [])):
            return q.page
    return None


@bp.route("/s/<slug>/check", methods=["GET", "POST"])
def check(slug: str) -> ResponseReturnValue:
    if request.method == "POST" and honeypot_filled(request.form):  # the CSRF token was checked before the view
        abort(400)
    # Before the survey's own checks: answers already sent are not refused because the survey closed or the
    # invitation was used (by this very send) since. A GET is Back from the sent page: it says the answers were
    # sent, rather than showing an empty first page that reads as if they were lost and invites sending them twice;
    # only a repeated send shows the receipt code again.
    again = _sent_again(slug, with_code=request.method == "POST")
    if again is not None:
        return again
    survey, version, data = _open_with_draft(slug)
    missing = _first_missing_page(version, data["answers"])
    if missing is not None:
        return redirect(url_for("surveys.page", slug=slug, number=missing))
    if request.method == "POST":
        within_limit("submit")
        return _send(survey, version, data)
    rows = [(q, answer_label(q, data["answers"].get(q.key))) for q in version.questions]
    return render_template("surveys/check.html", survey=survey, version=version, rows=rows, data=data)


def _send(survey: SurveyView, version: VersionView, data: dict[str, Any]) -> ResponseReturnValue:
    ctx = context()
    needs_attention = bool(data["concerns"]) or flagged_by_choice(version.questions, data["answers"])
    handle = _handle(survey.slug)
    session_db = db()
    invitation = mail_links.claim_for(survey.slug)
    uninvited = invitation is None and not survey.is_public
    now = ctx.clock.now()
    try:
        # The draft goes first: of two sends of one draft at once, the second waits on its row, finds it gone and
        # shows the page the first kept for it (even where the first used up the invitation).
        sent_before = handle is not None and not discard_draft(session_db, handle)
        submission = None
        held = None
        facts: dict[str, Any] = {}
        if not sent_before and not uninvited:
            submission = submit_response(
                session_db,
                version=version,
                answers=data["answers"],
                removed=data["removed"],
                needs_attention=needs_attention,
                campaign_id=data.get("campaign_id"),
                public_key=ctx.public_key,
                hasher=ctx.hasher,
                today=now.date(),
            )
            facts = _sent_facts(version, data, str(submission.receipt), submission.needs_attention)
            # In the same transaction: whoever finds the draft gone finds this page.
            held = keep_sent_page(session_db, handle or new_handle(), version.id, facts, draft_data=data, now=now)
        if submission is None:
            session_db.rollback()  # nothing was sent by this request: an uninvited draft stays
        else:
            session_db.commit()
    except Exception as exc:  # noqa: BLE001
        # Whatever failed before the commit returned (database, hashing, sealing), nothing was stored:
        # say so plainly and keep the answers on the page (invariant 7), rather than a generic 500.
        session_db.rollback()
        log.error("could not store a response: %s", type(exc).__name__)
        mail_links.release(invitation)
        rows = [(q, answer_label(q, data["answers"].get(q.key))) for q in version.questions]
        return render_template(
            "surveys/check.html", survey=survey, version=version, rows=rows, data=data, send_failed=True
        ), 503
    if sent_before:
        mail_links.release(invitation)  # claimed for answers that another request had already sent
        again = _sent_again(survey.slug)
        if again is not None:
            return again
        _forget(survey.slug)
        raise AlreadySent(
            "These answers were sent before, and one copy was kept. Their receipt code was shown when they were "
            "sent and for a short time after on this device. We cannot show it again or find it for you, because "
            "we keep it only in a form nobody can read and we do not know who you are."
        )
    if submission is None or held is None:
        ends = mail_links.ends_on(survey.slug)
        mail_links.forget(survey.slug)
        if ends is not None and ends < now.date():
            # Not "used": nothing was sent, and reloading would only say the survey is by invitation.
            raise ByInvitationOnly(
                f"Your invitation to this survey ended on {_day(ends)}, so these answers could not be sent. "
                "We are sorry."
            )
        # The invitation may have been used a moment ago by this same browser (a double click that got here
        # first): then those answers were kept, and this must not say otherwise.
        raise ByInvitationOnly(
            "This invitation has already been used or has expired, so these answers were not sent again. "
            "If you sent them a moment ago, one copy was kept: reload this page to see its receipt code. "
            "Each invitation can be used once."
        )
    # Only now, after the commit, is the receipt shown.
    _remember_sent(survey.slug, held)
    return _render_sent(survey, facts, again=False)


def _sent_facts(version: VersionView, data: dict[str, Any], receipt: str, needs_attention: bool) -> dict[str, Any]:
    """What the sent page shows, kept so that a repeated send shows the same."""
    return {
        "receipt": receipt,
        "needs_attention": needs_attention,
        # What prompted the urgent banner, so it says so: the answers chosen, the words written, or both.
        "flagged_choices": flagged_choices(version.questions, data["answers"]),
        "flagged_words": bool(data["concerns"]),
    }


def _sent_again(slug: str, *, with_code: bool = True) -> ResponseReturnValue | None:
    """The answers were sent already (a double click, a reload): the same receipt page, saying so; None if not.

    Without the code (Back to the check page) it only says they were sent and one copy was kept.
    """
    held = _sent_handle(slug)
    if held is None:
        return None
    survey, version = survey_for_answering(db(), slug)
    facts = sent_page(db(), held, version.id, now=context().clock.now())
    if facts is None:
        return None
    _remember_sent(slug, held)
    if not with_code:
        return render_template(
            "surveys/already_sent.html",
            survey=survey,
            needs_attention=facts["needs_attention"],
            flagged_choices=[tuple(pair) for pair in facts["flagged_choices"]],
            flagged_words=facts["flagged_words"],
        )
    return _render_sent(survey, facts, again=True)


def _render_sent(survey: SurveyView, facts: dict[str, Any], *, again: bool) -> ResponseReturnValue:
    return render_template(
        "surveys/sent.html",
        survey=survey,
        receipt=facts["receipt"],
        needs_attention=facts["needs_attention"],
        flagged_choices=[tuple(pair) for pair in facts["flagged_choices"]],
        flagged_words=facts["flagged_words"],
        again=again,
    )
