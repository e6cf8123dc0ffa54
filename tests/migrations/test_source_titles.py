"""Migration 0006: stored source titles lose the register's label that pages already show before them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import migrate
from core.db import make_engine
from core.models import Action, LearningPoint
from tests.migrations.test_migrations import fresh_url  # noqa: F401  (the fixture: an empty database per test)

OLD_TO_NEW = {
    ("cdr", "Child death review CDR-2025-001"): "CDR-2025-001",
    ("s11", "Section 11: Police, Board-level lead, 2025 to 2027"): "Police, Board-level lead, 2025 to 2027",
    ("review", "CSPR-2025-001 Child U"): "CSPR-2025-001 Child U",
}


def _titles(url: str) -> dict[tuple[str, int], str]:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            rows = {("point", p.source_id): p.source_title for p in session.scalars(select(LearningPoint))}
            rows |= {("action", a.source_id): a.source_title for a in session.scalars(select(Action))}
            return rows
    finally:
        engine.dispose()


def test_source_titles_lose_the_repeated_label_and_get_it_back_on_downgrade(fresh_url):  # noqa: F811
    migrate.upgrade(fresh_url, "0005")
    engine = make_engine(fresh_url)
    with Session(engine) as session:
        for n, (source_type, old) in enumerate(OLD_TO_NEW, start=1):
            point = LearningPoint(title="Learnt", source_type=source_type, source_id=n, source_title=old)
            session.add(point)
            session.flush()
            session.add(
                Action(learning_point_id=point.id, title="Do", source_type=source_type, source_id=n, source_title=old)
            )
        session.commit()
    engine.dispose()
    before = _titles(fresh_url)

    migrate.upgrade(fresh_url, "0006")
    after = _titles(fresh_url)
    for n, new in enumerate(OLD_TO_NEW.values(), start=1):
        assert after[("point", n)] == after[("action", n)] == new

    migrate.downgrade(fresh_url, "0005")
    assert _titles(fresh_url) == before
