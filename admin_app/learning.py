"""Learning points and their actions, for any register entry (reviews, deaths, audits, Section 11…).

A register page shows them with `{% include "learning/_panel.html" %}` and `learning=panel(type, entry)`;
its blueprint calls `register_source_page(type, endpoint, id_arg)` once so these pages link back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from flask import Blueprint, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select
from werkzeug.routing import BuildError

from admin_app import context, db
from admin_app.auth import current_user, editors_only
from admin_app.forms import ActionForm, PointForm, ThemeForm
from admin_app.registers import act, save, today
from core.errors import NotFound
from core.models import SOURCE_TYPES, LearningPoint, Theme
from admin_app import past_due
from core.services import actions as action_service
from core.services import learning as service
from core.services.themes import ThemeDetails, save_theme, theme_figures
from core.services.visibility import ensure_visible, is_limited

bp = Blueprint("learning", __name__, url_prefix="/learning")

# source_type -> (endpoint, name of its id argument)
SOURCE_PAGES: dict[str, tuple[str, str]] = {}
# source_type -> the roles that may open its page, where not every signed-in role may
SOURCE_READERS: dict[str, tuple[str, ...]] = {}


def register_source_page(source_type: str, endpoint: str, id_arg: str, readers: tuple[str, ...] = ()) -> None:
    """Tell the learning pages where a source entry's own page is (`readers`: the only roles that may open it)."""
    SOURCE_PAGES[source_type] = (endpoint, id_arg)
    if readers:
        SOURCE_READERS[source_type] = readers


def source_url(source_type: str, source_id: int) -> Optional[str]:
    """The page of a learning point's source, if its register has one and the user may open it."""
    target = SOURCE_PAGES.get(source_type)
    if target is None:
        return None
    readers = SOURCE_READERS.get(source_type)
    if readers and current_user().role not in readers:
        return None  # a partner reads an action from survey findings, but a link to them would only say 403
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


def _render_point_form(
    form: PointForm, point: Optional[LearningPoint], source_type: str, source_id: int, title: str
) -> str:
    return render_template(
        "learning/point_form.html",
        form=form,
        point=point,
        source_label=SOURCE_TYPES.get(source_type, source_type),
        source_title=title,
        back=_back(source_type, source_id),
    )


@bp.route("/<source_type>/<int:source_id>/new", methods=["GET", "POST"])
@editors_only
def new_point(source_type: str, source_id: int) -> ResponseReturnValue:
    entry = _source(source_type, source_id)
    title = service.SOURCES[source_type].describe(entry)
    form = PointForm(data={"polarity": "development", "identified_on": today()})
    return save(
        form,
        lambda: service.create_learning_point(db(), current_user().id, source_type, entry, form.details()),
        render=lambda: _render_point_form(form, None, source_type, source_id, title),
        done=lambda _point: ("Learning point added.", _back(source_type, source_id) + "#learning"),
    )


@bp.route("/points/<int:point_id>/edit", methods=["GET", "POST"])
@editors_only
def edit_point(point_id: int) -> ResponseReturnValue:
    point = _point(point_id)
    form = PointForm(obj=point)
    return save(
        form,
        lambda: service.update_learning_point(db(), current_user().id, point, form.details()),
        render=lambda: _render_point_form(form, point, point.source_type, point.source_id, point.source_title),
        done=lambda changes: (
            "Learning point updated." if changes else "Nothing was changed.",
            _back(point.source_type, point.source_id) + "#learning",
        ),
    )


@bp.post("/points/<int:point_id>/delete")
@editors_only
def delete_point(point_id: int) -> ResponseReturnValue:
    """Delete a learning point raised in error; one with actions is refused (they are tracked and reported)."""
    point = _point(point_id)
    back = _back(point.source_type, point.source_id)
    title, source_title = point.title, point.source_title

    def page() -> str:
        """On a refusal, the point's form again, as it is stored (what was typed beside the button is not saved)."""
        form = PointForm(formdata=None, obj=point)
        return _render_point_form(form, point, point.source_type, point.source_id, source_title)

    return act(
        lambda: service.delete_learning_point(db(), current_user().id, point),
        f"Learning point “{title}” deleted.",
        back=back + "#learning",
        page=page,
    )


@bp.route("/points/<int:point_id>/actions/new", methods=["GET", "POST"])
@editors_only
def new_action(point_id: int) -> ResponseReturnValue:
    point = _point(point_id)
    form = ActionForm(data={"status": "green"})

    def render() -> str:
        return render_template(
            "learning/action_form.html", point=point, form=form, back=_back(point.source_type, point.source_id)
        )

    if past_due.held(form, today()):
        return render()
    return save(
        form,
        lambda: action_service.create_action(db(), current_user().id, point, form.details(), today()),
        render=render,
        done=lambda action: (
            f"Action “{action.title}” added.{past_due.saved_note(action, today())}",
            _back(point.source_type, point.source_id) + "#learning",
        ),
    )


@bp.get("/themes")
def themes() -> ResponseReturnValue:
    """The codebook, with how often each theme is raised in responses and register learning."""
    all_themes = list(db().scalars(select(Theme).order_by(Theme.position, Theme.id)))
    # The figures add up survey findings, which partner users do not read, and learning points from entries
    # restricted to other agencies: partners get the codebook itself, to read the themes entries are tagged with.
    figures = None if is_limited(current_user()) else theme_figures(db(), context().settings.min_cell_size)
    return render_template("learning/themes.html", themes=all_themes, figures=figures)


@bp.route("/themes/new", methods=["GET", "POST"])
@bp.route("/themes/<int:theme_id>/edit", methods=["GET", "POST"])
@editors_only
def edit_theme(theme_id: int | None = None) -> ResponseReturnValue:
    """Add a theme (an emerging one, say) or change one; codes stay stable so past coding still counts."""
    theme = db().get(Theme, theme_id) if theme_id is not None and 0 < theme_id < 2**31 else None
    if theme_id is not None and theme is None:
        raise NotFound("There is no such theme.")
    if theme is None and request.method == "POST" and request.form.get("from_topic") == "yes":
        return _theme_from_topic()
    form = ThemeForm(obj=theme, data=None if theme else {"active": True})

    def change() -> Theme:
        values = form.values(["label", "description", "indicative", "active"])
        details = ThemeDetails(
            values["label"],
            values["description"] or "",
            tuple((values["indicative"] or "").splitlines()),
            values["active"],
        )
        return save_theme(db(), current_user().id, details, theme)

    return save(
        form,
        change,
        render=lambda: render_template("learning/theme_form.html", theme=theme, form=form),
        done=lambda t: (f"Theme “{t.label}” saved.", url_for("learning.themes")),
    )


def _theme_from_topic() -> ResponseReturnValue:
    """The add-theme form filled in with an emerging topic's name and words, not yet saved.

    The emerging topics page posts them in hidden fields: words from respondents' answers must not be in an
    address, where server logs, browser history and the Referer header would keep them.
    """
    suggested = {"label": request.form.get("label", "")[:200], "indicative": request.form.get("indicative", "")[:4000]}
    form = ThemeForm(formdata=None, data={"active": True, **suggested})
    return render_template("learning/theme_form.html", theme=None, form=form)
