"""The demo's Section 11 cycles run two years each, one after the other, as a partnership's rounds do."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from core.models import Section11Cycle
from core.services.demo import load_demo


def test_the_demo_section11_cycles_end_the_day_before_the_next_begins(db, settings, clock):
    load_demo(db, settings, today=clock.now().date())

    cycles = list(db.scalars(select(Section11Cycle).order_by(Section11Cycle.starts_on)))

    assert len(cycles) > 1
    for earlier, later in zip(cycles, cycles[1:]):
        assert earlier.ends_on == later.starts_on - dt.timedelta(days=1), (earlier.name, earlier.ends_on)
    assert all(c.ends_on.month == 3 and c.ends_on.day == 31 for c in cycles if c.starts_on.month == 4)
