"""The demo's draft key area set is what staff publish when they try the product: its title goes to the public site."""

from __future__ import annotations

from sqlalchemy import select

from core.models import KeyAreaSet
from core.services.demo import load_demo


def test_the_demo_key_area_set_title_does_not_say_draft_since_it_is_published_as_it_is(db, settings, clock):
    load_demo(db, settings, today=clock.now().date())

    key_area_set = db.scalar(select(KeyAreaSet))

    assert key_area_set.status == "draft"
    assert "draft" not in key_area_set.title.lower()
