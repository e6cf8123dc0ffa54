"""Section 11 self-assessments: cycles, each agency's ratings per standard, and the comparison."""

from __future__ import annotations

from typing import Any, Optional

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from admin_app import db
from admin_app.auth import current_user, editors_only
from admin_app.exports import export_links, register_export, send_export
from admin_app.learning import panel, register_source_page
from admin_app.forms import AssessmentForm, CycleForm, EditStandardForm, StandardForm, assessment_form
from admin_app.registers import entry_pages, save, today, visible
from analysis.charts import Series, bar_chart
from analysis.section11 import scale_for
from core.errors import NotFound
from core.models import Agency, Section11Assessment, Section11Cycle, Section11Standard
from core.services import section11 as service
from core.services.agencies import get_agency, list_agencies
from core.services.exports import columns
from core.services.listing import id_arg
from core.services.visibility import can_see, ensure_visible, entry_filter, is_limited

bp = Blueprint("section11", __name__, url_prefix="/section11")
register_source_page("s11", "section11.assessment", "assessment_id")
register_export("Section 11 self-assessments", "section11.export")


def _rating(cycle: Section11Cycle, value: Any) -> str:
    level = scale_for(cycle.scale).level(value)
    return level.label if level else ""


EXPORT_COLUMNS = columns(
    {
        "Cycle": lambda a: a.cycle.name,
        "Agency": lambda a: a.agency.name if a.agency else "",
        "Standard": lambda a: f"{a.standard.position}. {a.standard.title}",
        "Self-assessment": lambda a: _rating(a.cycle, service.stored_ratings(a.cycle, a)[0]),
        "Moderated": lambda a: _rating(a.cycle, service.stored_ratings(a.cycle, a)[1]),
        # The RAG of the rating that counts (the moderated one, else the agency's own), in either scale: a RAG
        # cycle keeps the moderated RAG in `rag`, so on its own an unmoderated rating had an empty cell here.
        "RAG": lambda a: (a.rag or (a.self_rag if a.cycle.scale == "rag" else None) or "").capitalize(),
        "Restricted": "restricted",
        "Evidence": "evidence",
        "Staff focus groups": "focus_group_outcomes",
        "Challenge panel notes": "challenge_notes",
    },
)


@bp.get("/")
def index() -> ResponseReturnValue:
    cycles = service.list_cycles(db())
    cycles_shown, trends = service.trend(db(), current_user())
    return render_template(
        "section11/index.html",
        cycles=cycles,
        counts=service.cycle_counts(db(), current_user()),
        statuses=service.CYCLE_STATUSES,
        scales=service.SCALE_LABELS,
        standards=service.list_standards(db()),
        trend_cycles=cycles_shown,
        trends=trends,
        # An agency with no rating in a cycle still open has not rated yet; only a closed cycle says it did not
        # take part.
        closed_cycles={c.name for c in cycles if c.status == "closed"},
    )


entry_pages(
    bp,
    "cycle",
    CycleForm,
    nested=True,
    load=lambda cycle_id: service.get_cycle(db(), cycle_id),
    create=service.create_cycle,
    update=service.update_cycle,
    shown=lambda cycle: url_for("section11.cycle", cycle_id=cycle.id),
)


@bp.get("/cycles/<int:cycle_id>")
def cycle(cycle_id: int) -> ResponseReturnValue:
    current = service.get_cycle(db(), cycle_id)
    others = [c for c in service.list_cycles(db()) if c.id != current.id]
    wanted = request.args.get("compare", "")
    if wanted == "none":
        compared: Optional[Section11Cycle] = None
    elif (compare_id := id_arg(wanted)) is not None:
        compared = next((c for c in others if c.id == compare_id), None)
    else:
        compared = service.previous_cycle(db(), current)
    comparison = service.compare(db(), current_user(), current, compared)
    met = [s.met for s in comparison.matrix.by_standard]
    chart = (
        bar_chart(
            [f"{s.position}. {s.title}" for s in comparison.standards],
            [Series("Agencies meeting the standard", met)],
            title=f"Agencies meeting each standard, {current.name}",
            chart_id="s11-met",
        )
        if comparison.matrix.agencies
        else None
    )
    return render_template(
        "section11/cycle.html",
        cycle=current,
        comparison=comparison,
        others=others,
        scale=scale_for(current.scale),
        statuses=service.CYCLE_STATUSES,
        scales=service.SCALE_LABELS,
        chart=chart,
        compare_choices=[("none", "Do not compare")] + [(str(c.id), c.name) for c in others],
        agencies=[(a.id, a.name) for a in list_agencies(db())],
        standards_by_code={s.code: s for s in comparison.standards},
        exports=export_links("section11.export", cycle=current.id),
    )


@bp.get("/cycles/<int:cycle_id>/agency")
def choose_agency(cycle_id: int) -> ResponseReturnValue:
    """The agency picker on the cycle page (a GET form) lands here."""
    agency = id_arg(request.args.get("agency_id", ""))
    if agency is None:
        return redirect(url_for("section11.cycle", cycle_id=cycle_id))
    return redirect(url_for("section11.agency", cycle_id=cycle_id, agency_id=agency))


@bp.get("/cycles/<int:cycle_id>/agencies/<int:agency_id>")
def agency(cycle_id: int, agency_id: int) -> ResponseReturnValue:
    current = service.get_cycle(db(), cycle_id)
    who = get_agency(db(), agency_id)
    user = current_user()
    mine = {sid: a for sid, a in service.agency_assessments(db(), current, who).items() if can_see(user, a)}
    standards = [s for s in service.list_standards(db()) if s.active or s.id in mine]
    return render_template(
        "section11/agency.html",
        cycle=current,
        agency=who,
        standards=standards,
        assessments=mine,
        scale=scale_for(current.scale),
    )


def _assessment_page(
    current: Section11Cycle,
    who: Agency,
    standard: Section11Standard,
    assessment: Optional[Section11Assessment],
    form: AssessmentForm,
) -> str:
    return render_template(
        "section11/assessment.html",
        cycle=current,
        agency=who,
        standard=standard,
        assessment=assessment,
        form=form,
        scale=scale_for(current.scale),
        learning=panel("s11", assessment) if assessment is not None else None,
        today=today(),
    )


@bp.route("/cycles/<int:cycle_id>/agencies/<int:agency_id>/standards/<int:standard_id>", methods=["GET", "POST"])
def rate(cycle_id: int, agency_id: int, standard_id: int) -> ResponseReturnValue:
    current = service.get_cycle(db(), cycle_id)
    who = get_agency(db(), agency_id)
    standard = service.get_standard(db(), standard_id)
    assessment = service.find_assessment(db(), current, who, standard)
    if assessment is not None:
        ensure_visible(current_user(), assessment, "assessment")
    if request.method == "POST":
        return _save(current, who, standard)
    if assessment is None and is_limited(current_user()):
        # The same answer as for a rating restricted to another agency: a page saying "not rated yet" here, and a
        # 404 there, told a partner user which standards another agency had rated and restricted.
        raise NotFound("There is no such assessment.")
    form = assessment_form(current, obj=assessment)
    return _assessment_page(current, who, standard, assessment, form)


@editors_only
def _save(current: Section11Cycle, who: Agency, standard: Section11Standard) -> ResponseReturnValue:
    form = assessment_form(current)
    return save(
        form,
        lambda: service.save_assessment(db(), current_user().id, current, who, standard, form.details()),
        render=lambda: _assessment_page(
            current, who, standard, service.find_assessment(db(), current, who, standard), form
        ),
        done=lambda saved: (
            f"{who.name}: standard {standard.position} saved." if saved[1] else "Nothing was changed.",
            url_for("section11.agency", cycle_id=current.id, agency_id=who.id),
        ),
    )


@bp.get("/assessments/<int:assessment_id>")
def assessment(assessment_id: int) -> ResponseReturnValue:
    """An assessment by id (where learning points link back to)."""
    found = visible(Section11Assessment, assessment_id, "assessment")
    return redirect(
        url_for("section11.rate", cycle_id=found.cycle_id, agency_id=found.agency_id, standard_id=found.standard_id)
    )


@bp.get("/export")
def export() -> ResponseReturnValue:
    """Every agency's self-assessed and moderated rating per standard and cycle, with evidence."""
    query = (
        select(Section11Assessment)
        .where(entry_filter(Section11Assessment, current_user()))
        .options(
            selectinload(Section11Assessment.cycle),
            selectinload(Section11Assessment.agency),
            selectinload(Section11Assessment.standard),
        )
    )
    wanted = request.args.get("cycle", "")
    filters = {}
    if (cycle_id := id_arg(wanted)) is not None:
        query = query.where(Section11Assessment.cycle_id == cycle_id)
        filters["cycle"] = wanted
    rows = sorted(
        db().scalars(query), key=lambda a: (a.cycle.name, a.agency.name if a.agency else "", a.standard.position)
    )
    return send_export("section11", EXPORT_COLUMNS, rows, title="Section 11", filters=filters)


# ---------------------------------------------------------------------------------------------
# The configurable list of standards


@bp.get("/standards")
def standards() -> ResponseReturnValue:
    return render_template("section11/standards.html", standards=service.list_standards(db()))


@bp.post("/standards/install")
@editors_only
def install() -> ResponseReturnValue:
    created = service.install_standards(db(), current_user().id)
    db().commit()
    flash(
        f"{len(created)} standard{'s' if len(created) != 1 else ''} added."
        if created
        else "The usual standards are all there already."
    )
    return redirect(url_for("section11.standards"))


entry_pages(
    bp,
    "standard",
    StandardForm,
    nested=True,
    edit_form=EditStandardForm,
    load=lambda standard_id: service.get_standard(db(), standard_id),
    create=service.create_standard,
    update=service.update_standard,
    shown=lambda _standard: url_for("section11.standards"),
)
