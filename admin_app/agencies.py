"""Partner agencies and their contacts."""

from __future__ import annotations


from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from admin_app import db
from admin_app.auth import current_user, editors_only
from admin_app.exports import export_links, register_export, send_export
from admin_app.forms import AgencyForm, ContactForm
from admin_app.registers import entry_pages, save
from core.errors import NotFound
from core.models import AGENCY_KINDS, Agency, AgencyContact, labels
from core.services import agencies as service
from core.services.exports import columns

bp = Blueprint("agencies", __name__, url_prefix="/agencies")
register_export("Agencies and contacts", "agencies.export")

EXPORT_COLUMNS = columns(
    {
        "Agency": lambda row: row[0].name,
        "Kind": lambda row: labels(AGENCY_KINDS, row[0].kind),
        "Active": lambda row: row[0].active,
        "Contact": lambda row: row[1].name if row[1] else "",
        "Role": lambda row: row[1].role_title if row[1] else "",
        "Email": lambda row: row[1].email if row[1] else "",
        "Phone": lambda row: row[1].phone if row[1] else "",
        "Primary contact": lambda row: row[1].is_primary if row[1] else "",
    },
)


@bp.get("/")
def index() -> ResponseReturnValue:
    return render_template(
        "agencies/index.html",
        agencies=service.list_agencies(db()),
        contacts=service.contacts_by_agency(db()),
        kinds=AGENCY_KINDS,
        exports=export_links("agencies.export"),
    )


@bp.get("/export")
def export() -> ResponseReturnValue:
    """Partner agencies with one row per contact."""
    contacts = service.contacts_by_agency(db())
    rows: list[tuple[Agency, AgencyContact | None]] = []
    for agency in service.list_agencies(db()):
        mine: list[AgencyContact | None] = list(contacts.get(agency.id, [])) or [None]
        rows.extend((agency, contact) for contact in mine)
    return send_export("agencies", EXPORT_COLUMNS, rows, title="Agencies")


entry_pages(
    bp,
    "agency",
    AgencyForm,
    load=lambda agency_id: service.get_agency(db(), agency_id),
    create=service.create_agency,
    update=service.update_agency,
)


def _render_show(agency: Agency, form: ContactForm | None = None) -> str:
    return render_template(
        "agencies/show.html",
        agency=agency,
        contacts=service.contacts_for(db(), agency.id),
        kinds=AGENCY_KINDS,
        form=form or ContactForm(formdata=None),
    )


@bp.get("/<int:agency_id>")
def show(agency_id: int) -> ResponseReturnValue:
    return _render_show(service.get_agency(db(), agency_id))


@bp.post("/<int:agency_id>/contacts")
@editors_only
def add_contact(agency_id: int) -> ResponseReturnValue:
    agency = service.get_agency(db(), agency_id)
    form = ContactForm()
    return save(
        form,
        lambda: service.add_contact(db(), current_user().id, agency, form.details()),
        render=lambda: _render_show(agency, form),
        done=lambda _contact: ("Contact added.", url_for("agencies.show", agency_id=agency.id)),
    )


def _contact(agency_id: int, contact_id: int) -> AgencyContact:
    contact = db().get(AgencyContact, contact_id)
    if contact is None or contact.agency_id != agency_id:
        raise NotFound("There is no such contact.")
    return contact


@bp.route("/<int:agency_id>/contacts/<int:contact_id>", methods=["GET", "POST"])
@editors_only
def edit_contact(agency_id: int, contact_id: int) -> ResponseReturnValue:
    contact = _contact(agency_id, contact_id)
    form = ContactForm(obj=contact)
    return save(
        form,
        lambda: service.update_contact(db(), current_user().id, contact, form.details()),
        render=lambda: render_template("agencies/contact_form.html", contact=contact, form=form),
        done=lambda changes: (
            "Contact updated." if changes else "Nothing was changed.",
            url_for("agencies.show", agency_id=agency_id),
        ),
    )


@bp.post("/<int:agency_id>/contacts/<int:contact_id>/delete")
@editors_only
def delete_contact(agency_id: int, contact_id: int) -> ResponseReturnValue:
    contact = _contact(agency_id, contact_id)
    service.delete_contact(db(), current_user().id, contact)
    db().commit()
    flash("Contact removed.")
    return redirect(url_for("agencies.show", agency_id=agency_id))
