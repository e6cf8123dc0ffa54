"""Learning points and their actions, for any register entry (reviews, deaths, audits, Section 11…).

A register page shows them with `{% include "learning/_panel.html" %}` and `learning=panel(type, entry)`;
its blueprint calls `register_source_page(type, endpoint, id_arg)` once so these pages link back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.routing import BuildError

from admin_app import db
from admin_app.auth import current_user, editors_only
from admin_app import past_due
from admin_app.registers import FormData, check_csrf, submitted, today
from core.errors import NotFound, ValidationFailed
from core.models import ACTION_STATUSES, LEARNING_POLARITIES, SOURCE_TYPES, LearningPoint
from core.services import actions as action_service
from core.services import learning as service
from core.services.themes import active_themes
from core.services.visibility import ensure_visible, is_limited

bp = Blueprint("learning", __name__, url_prefix="/learning")

# source_type -> (endpoint, name of its id argument)
SOURCE_PAGES: dict[str, tuple[str, str]] = {}


def register_source_page(source_type: str, endpoint: str, id_arg: str) -> None:
    """Tell the learning pages where a source entry's own page is."""
    SOURCE_PAGES[source_type] = (endpoint, id_arg)


def source_url(source_type: str, source_id: int) -> Optional[str]:
    """The page of a learning point's source, if its register has one."""
    target = SOURCE_PAGES.get(source_type)
    if target is None:
        return None
    try:
        values: dict[str, Any] = {target[1]: source_id}
        return url_for(target[0], **values)
    except BuildError:
        return None


@dataclass
class Panel:
    """What the learning panel on a register page shows."""

    source_type: str
    source_id: int
    points: list[LearningPoint]
    can_edit: bool


def panel(source_type: str, entry: Any) -> Panel:
    """The learning points (with themes and actions) of a register entry, for its page."""
    user = current_user()
    return Panel(source_type, entry.id, service.learning_points_for(db(), source_type, entry.id), user.can_edit)


def _source(source_type: str, source_id: int) -> Any:
    if source_type not in service.SOURCES:
        raise NotFound("There is no such register.")
    return ensure_visible(current_user(), service.load_source(db(), source_type, source_id))


def _point(point_id: int) -> LearningPoint:
    point = db().get(LearningPoint, point_id)
    if point is None:
        raise NotFound("There is no such learning point.")
    user = current_user()
    if is_limited(user) and point.source_restricted and point.source_agency_id != user.agency_id:
        raise NotFound("There is no such learning point.")
    return point


def _back(source_type: str, source_id: int) -> str:
    return source_url(source_type, source_id) or url_for("actions.index")


def _themes() -> list[tuple[int, str]]:
    return [(t.id, t.label) for t in active_themes(db())]


def _point_form(
    point: Optional[LearningPoint],
    source_type: str,
    source_id: int,
    title: str,
    data: Any,
    errors: dict[str, str],
    status: int = 200,
) -> ResponseReturnValue:
    return render_template(
        "learning/point_form.html",
        point=point,
        source_type=source_type,
        source_id=source_id,
        source_label=SOURCE_TYPES.get(source_type, source_type),
        source_title=title,
        back=_back(source_type, source_id),
        data=data,
        errors=errors,
        themes=_themes(),
        polarities=list(LEARNING_POLARITIES.items()),
    ), status


@bp.route("/<source_type>/<int:source_id>/new", methods=["GET", "POST"])
@editors_only
def new_point(source_type: str, source_id: int) -> ResponseReturnValue:
    entry = _source(source_type, source_id)
    title = service.SOURCES[source_type].describe(entry)
    if request.method == "POST":
        check_csrf()
        try:
            service.create_learning_point(db(), current_user().id, source_type, entry, request.form)
        except ValidationFailed as exc:
            db().rollback()
            return _point_form(None, source_type, source_id, title, FormData.of(submitted()), exc.errors, 400)
        db().commit()
        flash("Learning point added.")
        return redirect(_back(source_type, source_id) + "#learning")
    return _point_form(
        None, source_type, source_id, title, {"polarity": "development", "identified_on": today().isoformat()}, {}
    )


@bp.route("/points/<int:point_id>/edit", methods=["GET", "POST"])
@editors_only
def edit_point(point_id: int) -> ResponseReturnValue:
    point = _point(point_id)
    if request.method == "POST":
        check_csrf()
        try:
            changes = service.update_learning_point(db(), current_user().id, point, request.form)
        except ValidationFailed as exc:
            db().rollback()
            point = _point(point_id)
            return _point_form(
                point, point.source_type, point.source_id, point.source_title, FormData.of(submitted()), exc.errors, 400
            )
        db().commit()
        flash("Learning point updated." if changes else "Nothing was changed.")
        return redirect(_back(point.source_type, point.source_id) + "#learning")
    data = {
        "title": point.title,
        "detail": point.detail,
        "polarity": point.polarity,
        "identified_on": point.identified_on.isoformat() if point.identified_on else "",
        "themes": [str(t.id) for t in point.themes],
    }
    return _point_form(point, point.source_type, point.source_id, point.source_title, data, {})


def _action_form(
    point: LearningPoint, action: Any, data: Any, errors: dict[str, str], status: int = 200
) -> ResponseReturnValue:
    return render_template(
        "learning/action_form.html",
        point=point,
        action=action,
        data=data,
        errors=errors,
        agencies=[(a.id, a.name) for a in action_service.agency_choices(db())],
        statuses=list(ACTION_STATUSES.items()),
        back=_back(point.source_type, point.source_id),
    ), status


@bp.route("/points/<int:point_id>/actions/new", methods=["GET", "POST"])
@editors_only
def new_action(point_id: int) -> ResponseReturnValue:
    point = _point(point_id)
    if request.method == "POST":
        check_csrf()
        try:
            action = action_service.create_action(db(), current_user().id, point, request.form, today())
        except ValidationFailed as exc:
            db().rollback()
            return _action_form(_point(point_id), None, FormData.of(submitted()), exc.errors, 400)
        if past_due.needs_confirmation(action, today()):
            db().rollback()
            return _action_form(_point(point_id), None, FormData.of(submitted()), {})
        db().commit()
        flash(f"Action “{action.title}” added.{past_due.saved_note(action, today())}")
        return redirect(_back(point.source_type, point.source_id) + "#learning")
    return _action_form(point, None, {"status": "green"}, {})


@bp.get("/themes")
def themes() -> ResponseReturnValue:
    """The codebook of themes learning points are tagged with."""
    return render_template("learning/themes.html", themes=active_themes(db()))
