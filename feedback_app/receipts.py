"""Coming back with a receipt code: add to what you said, read what the partnership did."""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from core.control_characters import remove_invisible_controls
from core.drafts import DraftHandle, discard_draft, load_draft, new_handle, save_draft
from core.errors import LearningLoopError, ReceiptNotRecognised
from core.models import Receipt, Response, ResponseAddendum
from core.services.published import latest_published
from core.services.responses import add_addendum, clean_free_text, find_receipt
from feedback_app import context, db, within_limit
from feedback_app.forms import AddendumForm, PublicForm, ReceiptForm
from feedback_app.sent_receipts import forget_sent_page

bp = Blueprint("receipts", __name__, url_prefix="/receipt")
ADDENDUM_MAX = 2000
log = logging.getLogger("learning_loop.feedback")


def _current() -> tuple[Receipt, Response]:
    receipt_id = session.get("receipt")
    receipt = db().get(Receipt, receipt_id) if isinstance(receipt_id, str) else None
    response = db().get(Response, receipt.response_id) if receipt else None
    if receipt is None or response is None:
        raise ReceiptNotRecognised("Enter your receipt code again to continue.")
    return receipt, response


@bp.route("", methods=["GET", "POST"])
def enter() -> ResponseReturnValue:
    form = ReceiptForm()
    if request.method == "POST":
        if form.is_bot():
            abort(400)
        if not (form.code.data or "").strip():
            return render_template("receipts/enter.html", form=form, errors={"code": "Enter your receipt code"}), 400
        if not form.validate():
            problem = "Your receipt code is too long: it has 20 letters and numbers, like ABCD-EFGH-JKMN-PQRS-TVWX"
            return render_template("receipts/enter.html", form=form, errors={"code": problem}), 400
        within_limit("receipt")
        try:
            receipt = find_receipt(db(), form.code.data or "", context().hasher)
        except ReceiptNotRecognised as exc:
            return render_template("receipts/enter.html", form=form, errors={"code": exc.message}), 404
        if session.get("receipt") != receipt.id:
            # Words written to add to another response and not sent are that response's: they must not be offered
            # for, or added to, this one (the held draft names a survey version, not a receipt).
            discard_draft(db(), _addendum_handle())
            db().commit()
            session.pop("addendum", None)
        session["receipt"] = receipt.id
        return redirect(url_for("receipts.yours"))
    return render_template("receipts/enter.html", form=form, errors={})


def _addendum_handle() -> DraftHandle | None:
    return DraftHandle.from_cookie(session.get("addendum"))


def _held_addendum(response: Response) -> dict[str, Any] | None:
    """The words this browser has written to add but not yet sent, if any."""
    return load_draft(db(), _addendum_handle(), response.survey_version_id, now=context().clock.now())


@bp.route("/yours", methods=["GET", "POST"])
def yours() -> ResponseReturnValue:
    _receipt, response = _current()
    form = AddendumForm()
    errors: dict[str, str] = {}
    if request.method == "POST":
        if not form.validate() or form.is_bot():
            abort(400)
        # As a survey's free text: invisible controls removed, the rest shown on the check page before it is added.
        text = remove_invisible_controls(form.text.data or "").strip()
        if not text:
            errors["text"] = "Enter what you would like to add"
        elif len(text) > ADDENDUM_MAX:
            errors["text"] = f"What you add must be {ADDENDUM_MAX} characters or fewer"
        else:
            cleaned = clean_free_text(text, context().settings.strip_keep)
            handle = _addendum_handle() or new_handle()
            save_draft(
                db(),
                handle,
                response.survey_version_id,
                {
                    "text": cleaned.text,
                    "removed": cleaned.removed,
                    "explanation": cleaned.explanation,
                    "concern": cleaned.concern.reason if cleaned.concern else None,
                },
                now=context().clock.now(),
                lifetime_hours=context().settings.draft_lifetime_hours,
            )
            db().commit()
            session["addendum"] = handle.to_cookie()
            return redirect(url_for("receipts.check"))
    elif (held := _held_addendum(response)) is not None:
        # Back from the check page ("Change what you wrote"): the words are still there to change, as they will be
        # kept (the stripped text; what was taken out is never held).
        form.text.data = held["text"]
    published = latest_published(db())
    return render_template(
        "receipts/yours.html",
        response=response,
        form=form,
        errors=errors,
        key_area_set=published,
        max_length=ADDENDUM_MAX,
    ), (400 if errors else 200)


def _added_by_an_earlier_click(response: Response, handle: DraftHandle | None) -> ResponseAddendum | None:
    """The words a first click of Send added today, when a second click (sent with the cookie from before the first
    was answered, whose reply the browser dropped) finds them gone: that reply must say they were added too."""
    if handle is None or not response.addenda:
        return None
    latest = max(response.addenda, key=lambda addendum: addendum.position)
    return latest if latest.submitted_on == context().clock.now().date() else None


@bp.route("/yours/check", methods=["GET", "POST"])
def check() -> ResponseReturnValue:
    receipt, response = _current()
    handle = _addendum_handle()
    data: dict[str, Any] | None = load_draft(db(), handle, response.survey_version_id, now=context().clock.now())
    if data is None:
        added = _added_by_an_earlier_click(response, handle) if request.method == "POST" else None
        if added is not None:
            session.pop("addendum", None)
            return render_template("receipts/added.html", needs_attention=added.needs_attention, response=response)
        return redirect(url_for("receipts.yours"))
    form = PublicForm()
    if request.method == "POST":
        if not form.validate() or form.is_bot():
            abort(400)
        within_limit("submit")
        try:
            # The held words go first: of two adds at once (a double click), the second waits on their row, finds
            # it gone and adds nothing, and says the words were added, as the browser shows only its reply.
            if discard_draft(db(), handle):
                add_addendum(
                    db(),
                    receipt=receipt,
                    text=data["text"],
                    removed=data["removed"],
                    needs_attention=bool(data["concern"]),
                    public_key=context().public_key,
                    today=context().clock.now().date(),
                )
            db().commit()
        except LearningLoopError:
            raise
        except Exception as exc:  # noqa: BLE001
            # Nothing was stored: say so plainly and keep the words on the page (invariant 7).
            db().rollback()
            log.error("could not store an addendum: %s", type(exc).__name__)
            return render_template(
                "receipts/check.html", data=data, form=form, response=response, send_failed=True
            ), 503
        session.pop("addendum", None)
        return render_template("receipts/added.html", needs_attention=bool(data["concern"]), response=response)
    return render_template("receipts/check.html", data=data, form=form, response=response)


@bp.post("/leave")
def leave() -> ResponseReturnValue:
    form = PublicForm()
    if not form.validate():
        abort(400)
    session.pop("receipt", None)
    session.pop("addendum", None)
    # The receipt pages of surveys sent from this browser, held for a repeated send, go too.
    for held in (session.pop("sent", None) or {}).values():
        forget_sent_page(db(), DraftHandle.from_cookie(held))
    db().commit()
    return redirect(url_for("surveys.home"))
