"""The action tracker across every source, and each action's page (edit, mark done with evidence)."""

from __future__ import annotations


from flask import Blueprint, render_template, request, url_for
from flask.typing import ResponseReturnValue

from admin_app import db
from admin_app.auth import current_user, editors_only
from admin_app.exports import export_links, register_export, send_export
from admin_app.learning import source_url
from admin_app import past_due
from admin_app.forms import ActionForm, DoneForm
from admin_app.registers import page_number, save, today
from core.errors import NotFound
from core.models import ACTION_STATUSES, SOURCE_TYPES, Action, labels
from core.services import actions as service
from core.services.exports import columns
from core.services.themes import active_themes
from core.services.visibility import can_see_action

bp = Blueprint("actions", __name__, url_prefix="/actions")
PER_PAGE = 50
register_export("Actions", "actions.export")


def _overdue_label(action: Action) -> str:
    return "Yes" if action.is_overdue(today()) else "No"


EXPORT_COLUMNS = columns(
    {
        "Action": "title",
        "Source": lambda a: labels(SOURCE_TYPES, a.source_type),
        "Source entry": "source_title",
        "Learning point": lambda a: a.learning_point.title if a.learning_point else "",
        "Themes": lambda a: [t.label for t in a.learning_point.themes] if a.learning_point else [],
        "Owner agency": lambda a: a.owner_agency.name if a.owner_agency else "",
        "Lead": "lead",
        "Due": "due_on",
        "Status": lambda a: labels(ACTION_STATUSES, a.status),
        "Overdue": _overdue_label,
        "Completed": "completed_on",
        "Evidence": "evidence",
        "Measure of impact": "impact_measure",
        "Description": "description",
    },
)


def _action(action_id: int) -> Action:
    action = db().get(Action, action_id)
    if action is None or not can_see_action(current_user(), action):
        raise NotFound("There is no such action.")
    return action


@bp.get("/")
def index() -> ResponseReturnValue:
    filters = service.TrackerFilters.from_args(request.args)
    result = service.tracker(db(), current_user(), filters, today(), page=page_number(), per_page=PER_PAGE)
    return render_template(
        "actions/index.html",
        result=result,
        filters=filters,
        today=today(),
        statuses=list(ACTION_STATUSES.items()),
        sources=list(SOURCE_TYPES.items()),
        agencies=[(a.id, a.name) for a in service.agency_choices(db())],
        themes=[(t.id, t.label) for t in active_themes(db())],
        source_url=source_url,
        source_labels=SOURCE_TYPES,
        status_labels=ACTION_STATUSES,
        exports=export_links("actions.export", **filters.as_args()),
    )


@bp.get("/export")
def export() -> ResponseReturnValue:
    """Every action from every register, overdue first."""
    filters = service.TrackerFilters.from_args(request.args)
    rows = service.tracker_rows(db(), current_user(), filters, today())
    return send_export("actions", EXPORT_COLUMNS, rows, title="Actions", filters=filters.as_args())


def _render(action: Action, form: ActionForm | None = None, done_form: DoneForm | None = None) -> str:
    return render_template(
        "actions/show.html",
        action=action,
        today=today(),
        source_url=source_url,
        source_labels=SOURCE_TYPES,
        status_labels=ACTION_STATUSES,
        form=form or ActionForm(formdata=None, obj=action),
        done_form=done_form
        or DoneForm(
            formdata=None,
            data={"evidence": action.evidence, "impact_measure": action.impact_measure, "completed_on": today()},
        ),
    )


@bp.get("/<int:action_id>")
def show(action_id: int) -> ResponseReturnValue:
    return _render(_action(action_id))


@bp.post("/<int:action_id>")
@editors_only
def update(action_id: int) -> ResponseReturnValue:
    action = _action(action_id)
    form = ActionForm()
    if past_due.held(form, today(), due_before=action.due_on):
        return _render(action, form=form)
    return save(
        form,
        lambda: service.update_action(db(), current_user().id, action, form.details(), today()),
        render=lambda: _render(_action(action_id), form=form),
        done=lambda changes: (
            ("Action updated." + past_due.saved_note(action, today())) if changes else "Nothing was changed.",
            url_for("actions.show", action_id=action.id),
        ),
    )


@bp.post("/<int:action_id>/done")
@editors_only
def done(action_id: int) -> ResponseReturnValue:
    action = _action(action_id)
    form = DoneForm()
    return save(
        form,
        lambda: service.complete_action(
            db(),
            current_user().id,
            action,
            **form.values(["evidence", "impact_measure", "completed_on"]),
            today=today(),
        ),
        render=lambda: _render(_action(action_id), done_form=form),
        done=lambda _changes: (
            f"Action “{action.title}” marked as done.",
            url_for("actions.show", action_id=action.id),
        ),
    )
