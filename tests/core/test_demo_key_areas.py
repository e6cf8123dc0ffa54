"""The demo's draft key area set is what staff publish when they try the product: its title goes to the public site."""

from __future__ import annotations

from sqlalchemy import func, select

from core.models import KeyAreaSet, ReleaseBatch, Response
from core.services.demo import load_demo
from core.services.release import waiting


def test_the_demo_key_area_set_title_does_not_say_draft_since_it_is_published_as_it_is(db, settings, clock):
    load_demo(db, settings, today=clock.now().date())

    key_area_set = db.scalar(select(KeyAreaSet))

    assert key_area_set.status == "draft"
    assert "draft" not in key_area_set.title.lower()


def test_the_demo_responses_are_released_so_staff_see_them_in_make_run(db, settings, clock):
    load_demo(db, settings, today=clock.now().date())

    assert waiting(db) == {}
    assert db.scalar(select(ReleaseBatch.responses)) == db.scalar(select(func.count()).select_from(Response))
