"""Key area sets: propose from the evidence, edit, publish ("You said, we did"), and print."""

from __future__ import annotations

from typing import Any, Callable

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from markupsafe import Markup

from admin_app import context, db
from analysis.charts import Chart, Series, bar_chart
from admin_app.auth import current_user, editors_only, roles_required
from admin_app.forms import ConfirmForm, KeyAreaForm, ProposalForm
from admin_app.registers import act, save, today
from admin_app.findings import READERS
from admin_app.keys import opens_answers
from admin_app.labels import LABELS
from core.errors import ValidationFailed
from core.models import KEY_AREA_KINDS, KeyArea, KeyAreaSet
from core.presentation import opens_with, paragraphs
from core.models.registers import SOURCE_TYPES
from core.services import key_areas as service
from core.services.findings import reporting_years
from core.services.key_areas import AreaText
from core.services.listing import id_arg

bp = Blueprint("key_areas", __name__, url_prefix="/key-areas")
# An area's evidence counts mentions by kind of source: the surveys by who they are for, the registers by name.
SOURCE_LABELS = {**LABELS["evidence_sources"], **SOURCE_TYPES}


@bp.app_template_filter("source_label")
def source_label(name: str) -> str:
    """A kind of evidence source in words (an unknown one with its underscores as spaces)."""
    return SOURCE_LABELS.get(name, name.replace("_", " "))


bp.add_app_template_filter(paragraphs, "paragraphs")
bp.add_app_template_test(opens_with, "opening_with")


def _set(set_id: int) -> KeyAreaSet:
    return service.get_set(db(), set_id)


def _area(area_id: int) -> KeyArea:
    return service.get_area(db(), area_id)


def _proposal_form(**kwargs: Any) -> ProposalForm:
    """The proposal form offering the years that have answers (and this year), newest first."""
    form = ProposalForm(**kwargs)
    years = reporting_years(db(), None, today().year)
    form.year.choices = [(y, str(y)) for y in years]
    if not form.is_submitted():
        form.year.data = years[0]
    return form


@bp.get("/")
@roles_required(*READERS)
def index() -> ResponseReturnValue:
    return render_template("key_areas/index.html", sets=service.all_sets(db()), form=_proposal_form(formdata=None))


@bp.post("/propose")
@editors_only
def propose() -> ResponseReturnValue:
    form = _proposal_form()

    def change() -> KeyAreaSet:
        chosen = form.values(["year", "title"])
        proposal = service.propose_for_year(db(), chosen["year"])
        return service.draft_from_proposal(db(), current_user().id, proposal, title=chosen["title"] or "")

    return save(
        form,
        change,
        render=lambda: render_template("key_areas/index.html", sets=service.all_sets(db()), form=form),
        done=lambda s: (
            f"Proposed {len(s.areas)} areas from the evidence: edit them, then publish.",
            url_for("key_areas.show", set_id=s.id),
        ),
    )


def _with_evidence(set_id: int) -> tuple[KeyAreaSet, dict[int, dict[str, Any]]]:
    """The set and, by area, its evidence with counts below the minimum cell size suppressed."""
    key_area_set = _set(set_id)
    k = context().settings.min_cell_size
    return key_area_set, {area.id: service.shown_evidence(area, k) for area in key_area_set.areas}


@bp.get("/<int:set_id>")
@roles_required(*READERS)
def show(set_id: int) -> ResponseReturnValue:
    key_area_set, evidence = _with_evidence(set_id)
    return render_template(
        "key_areas/show.html",
        key_area_set=key_area_set,
        evidence=evidence,
        kinds=KEY_AREA_KINDS,
        form=ConfirmForm(),
        short=service.short_of_framework(key_area_set) if key_area_set.status == "draft" else [],
        both=service.in_both_lists(key_area_set),
    )


@bp.get("/<int:set_id>/report")
@roles_required(*READERS)
def report(set_id: int) -> ResponseReturnValue:
    """The set as a printable report: the areas, what we will do, and the evidence, suppressed."""
    key_area_set, evidence = _with_evidence(set_id)
    charts = {
        kind: _evidence_chart(key_area_set.of_kind(kind), evidence, label) for kind, label in KEY_AREA_KINDS.items()
    }
    return render_template(
        "key_areas/report.html",
        key_area_set=key_area_set,
        evidence=evidence,
        kinds=KEY_AREA_KINDS,
        charts=charts,
        k=context().settings.min_cell_size,
    )


def _evidence_chart(areas: list[KeyArea], evidence: dict[int, dict[str, Any]], label: str) -> Chart | None:
    """People and register findings (reviews, audits, indicators) behind each area.

    The people's counts come from shown_evidence, already suppressed, so the chart suppresses nothing more: a count
    shown exactly is a bar, "at least n" (several themes, after a merge) a bar to n marked so, anything else an
    empty outline of no height. Every area is labelled under its bars, so the chart widens with the areas.
    """
    if not areas:
        return None

    people: list[float | None] = []
    withheld: dict[int, str] = {}
    at_least: set[int] = set()
    for i, area in enumerate(areas):
        shown = str(evidence[area.id]["respondents"])
        figure = shown.removeprefix("at least ").replace(",", "")
        people.append(int(figure) if figure.isdigit() else None)
        if not figure.isdigit():
            withheld[i] = shown
        elif shown.startswith("at least "):
            at_least.add(i)

    return bar_chart(
        [f"{position}. {area.title}" for position, area in enumerate(areas, start=1)],
        [
            Series("People who raised it", people, withheld, at_least),
            Series("Review, audit and indicator findings", [evidence[a.id]["register_entries"] for a in areas]),
        ],
        title=f"The evidence behind each {label.lower()}",
        value_label="Count",  # the people's counts are already as the findings pages show them, or no bar
        chart_id=f"evidence-{label.lower().replace(' ', '-')}",
        width=max(640, 88 + 110 * len(areas)),  # about 14 characters a line for each area's name
    )


@bp.route("/areas/<int:area_id>/edit", methods=["GET", "POST"])
@editors_only
def edit_area(area_id: int) -> ResponseReturnValue:
    area = _area(area_id)
    if request.method == "GET" and (why := service.editable(area.key_area_set)):
        flash(why, "error")  # no form to fill in only for its save to be refused
        return redirect(url_for("key_areas.show", set_id=area.set_id))
    form = KeyAreaForm(obj=area)

    def change() -> KeyArea:
        service.update_area(db(), current_user().id, area, form.build(AreaText))
        return area

    return save(
        form,
        change,
        render=lambda: render_template("key_areas/edit.html", area=area, form=form),
        done=lambda a: (f"“{a.title}” saved.", url_for("key_areas.show", set_id=a.set_id)),
    )


def _refuse(reason: str) -> Callable[[], None]:
    """A change that is refused for `reason` (for `_act`, when the request names nothing to change)."""

    def refuse() -> None:
        raise ValidationFailed({}, reason)

    return refuse


def _act(set_id: int, do: Any, message: str) -> ResponseReturnValue:
    """A one-button change on a set or its areas, shown on the set's page (a refusal too, nothing changed)."""
    return act(do, message, back=url_for("key_areas.show", set_id=set_id), page=lambda: show(set_id))


@bp.post("/areas/<int:area_id>/move")
@editors_only
def move_area(area_id: int) -> ResponseReturnValue:
    area = _area(area_id)
    direction = request.form.get("direction", "")
    return _act(
        area.set_id,
        lambda: service.move_area(db(), current_user().id, area, direction),
        f"Moved “{area.title}” {direction}.",
    )


@bp.post("/areas/<int:area_id>/merge")
@editors_only
def merge_area(area_id: int) -> ResponseReturnValue:
    area = _area(area_id)
    raw = request.form.get("into", "")
    other_id = id_arg(raw)
    other = db().get(KeyArea, other_id) if other_id else None
    if other is None:
        # As any refusal of the set's buttons: a 400 with the set's page drawn again, the reason at its top.
        return _act(area.set_id, _refuse("Choose the area to merge it into."), "")
    title = area.title
    return _act(
        area.set_id,
        lambda: service.merge_areas(db(), current_user().id, other, area),
        f"Merged “{title}” into “{other.title}”.",
    )


@bp.post("/areas/<int:area_id>/remove")
@editors_only
def remove_area(area_id: int) -> ResponseReturnValue:
    area = _area(area_id)
    title = area.title
    return _act(area.set_id, lambda: service.remove_area(db(), current_user().id, area), f"Removed “{title}”.")


def _set_change(name: str, change: Callable[[KeyAreaSet], None], message: str) -> None:
    """Add the button that makes `change` to a whole set (POST /<set_id>/<name>, endpoint `name`)."""

    def view(set_id: int) -> ResponseReturnValue:
        key_area_set = _set(set_id)
        return _act(set_id, lambda: change(key_area_set), message)

    bp.add_url_rule(f"/<int:set_id>/{name}", name, editors_only(view), methods=["POST"])


def _linked_to_areas(errors: dict[str, str]) -> dict[str, str]:
    """The reasons a set cannot be published, each one about an area (`action-<id>`) a link to where it is put
    right, as the error summary links each problem to its field."""
    linked: dict[str, str] = {}
    for key, reason in errors.items():
        area_id = id_arg(key.removeprefix("action-")) if key.startswith("action-") else None
        linked[key] = (
            Markup('<a href="{}">{}</a>').format(url_for("key_areas.edit_area", area_id=area_id), reason)
            if area_id
            else reason
        )
    return linked


@bp.post("/<int:set_id>/publish")
@editors_only
def publish(set_id: int) -> ResponseReturnValue:
    """Publish a draft; fewer than five areas of a kind is allowed, and said after publishing."""
    key_area_set = _set(set_id)
    notes: list[str] = []

    def publish_it() -> None:
        try:
            notes.extend(service.publish_set(db(), current_user().id, key_area_set, today()))
        except ValidationFailed as exc:
            raise ValidationFailed(_linked_to_areas(exc.errors), exc.message) from None

    done = _act(
        set_id,
        publish_it,
        "Published: the areas now show on the public site and to people who come back with a receipt code.",
    )
    for note in notes:
        flash(note)
    return done


_set_change(
    "withdraw",
    lambda key_area_set: service.withdraw_set(db(), current_user().id, key_area_set),
    "Withdrawn: the set no longer shows on the public site.",
)


@bp.get("/areas/<int:area_id>/quotes")
@opens_answers(*READERS)
def quotes(area_id: int) -> ResponseReturnValue:
    """Representative stripped quotes behind an area, opened now; each read is in the audit log."""
    area = _area(area_id)
    keyring = context().keyring
    k = context().settings.min_cell_size
    found = service.quotes_for_area(
        db(), keyring, area, user_id=current_user().id, k=k, classifier=context().classifiers.get(db())
    )
    db().commit()
    return render_template("key_areas/quotes.html", area=area, found=found)
