""" "You said, we did": the key areas the partnership published from what people told it."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from core.presentation import opens_with, paragraphs
from core.services.published import any_withdrawn, earlier_published, latest_published, published_set
from feedback_app import db

bp = Blueprint("published", __name__, url_prefix="/you-said-we-did")
bp.add_app_template_filter(paragraphs, "paragraphs")  # the receipt page shows the same areas
bp.add_app_template_test(opens_with, "opening_with")


@bp.app_template_global()
def key_areas_withdrawn() -> bool:
    """For a page with no published set to show (here and the receipt page): was one published, then withdrawn?"""
    return any_withdrawn(db())


@bp.get("/")
def index() -> ResponseReturnValue:
    current = latest_published(db())
    return render_template("published/index.html", key_area_set=current, earlier=earlier_published(db(), current))


@bp.get("/<int:set_id>")
def show(set_id: int) -> ResponseReturnValue:
    key_area_set = published_set(db(), set_id)
    return render_template("published/index.html", key_area_set=key_area_set, earlier=[])
