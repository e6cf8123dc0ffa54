"""The batch path (bulk INSERTs, the fast tone) stores exactly what the row-at-a-time path with TextBlob stored."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from sqlalchemy import delete, select
from textblob.en import sentiment as textblob_sentiment

from core.models import ResponseAnalysis, ResponseTheme
from core.opening import Keyring
from core.services import findings
from core.services.themes import install_themes
from tests.feedback_app.flows import store_response

TEXTS = (
    "The GP was not told about the referral, so information about the baby arrived too late for the conference.",
    "The social worker listened to us and the plan was really clear! We didn't feel judged :)",
    "Nobody asked my son what he wanted. The meetings were not good and we were passed around.",
    "Supervision helped me reflect on the case and challenge the decision; the strategy meeting was quick.",
    "Mum's drinking wasn't considered in the assessment and the chronology was out of date...",
    "Her phone was full of messages from older men she had met online ( ! ) and police were not told.",
    "Thank you to the team for being patient with us.",
    "The car park at the family centre is always full.",
)
TODAY = dt.date(2026, 11, 27)


def _one_row_at_a_time(session, keyring, classifier, today) -> None:
    """How responses were stored before: TextBlob's tone, an ORM object per theme and a merge per response."""
    for responses in findings._pending(session, classifier.version, 500):
        opened = [(r, findings._open(keyring, r)) for r in responses]
        readable = [(r, o) for r, o in opened if o is not None]
        texts = [findings.free_text_of(r.version, answers, addenda) for r, (answers, addenda) in readable]
        results = classifier.classify(texts)
        ids = [r.id for r, _opened in readable]
        decided = findings._staff_decided(session, ids)
        session.execute(
            delete(ResponseTheme).where(ResponseTheme.response_id.in_(ids), ResponseTheme.origin == "model")
        )
        for (response, (answers, _addenda)), result, text in zip(readable, results, texts):
            group, agency_type, tier = findings._respondent(response.version, answers)
            polarity, subjectivity = textblob_sentiment(text)
            session.merge(
                ResponseAnalysis(
                    response_id=response.id,
                    model_version=classifier.version,
                    analysed_on=today,
                    respondent_group=group,
                    agency_type=agency_type,
                    tier=tier,
                    tone_polarity=round(float(round(float(polarity), 3)), 3),
                    tone_subjectivity=round(float(round(float(subjectivity), 3)), 3),
                )
            )
            session.add_all(
                ResponseTheme(
                    response_id=response.id,
                    theme_code=m.id,
                    polarity=m.polarity,
                    score=round(float(m.score), 4),
                    origin="model",
                )
                for m in result.themes
                if m.id not in decided.get(response.id, set())
            )
        session.flush()


def _snapshot(session) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    session.expire_all()
    themes = sorted(
        (t.response_id, t.theme_code, t.polarity, t.score, t.origin) for t in session.scalars(select(ResponseTheme))
    )
    analyses = sorted(
        (
            a.response_id,
            a.model_version,
            a.analysed_on,
            a.respondent_group,
            a.agency_type,
            a.tier,
            a.tone_polarity,
            a.tone_subjectivity,
        )
        for a in session.scalars(select(ResponseAnalysis))
    )
    return themes, analyses


def _restore(session, snapshot) -> None:
    session.execute(delete(ResponseTheme))
    session.execute(delete(ResponseAnalysis))
    themes, analyses = snapshot
    session.add_all(
        ResponseTheme(response_id=r, theme_code=c, polarity=p, score=s, origin=o) for r, c, p, s, o in themes
    )
    session.add_all(
        ResponseAnalysis(
            response_id=r,
            model_version=v,
            analysed_on=on,
            respondent_group=g,
            agency_type=a,
            tier=t,
            tone_polarity=tp,
            tone_subjectivity=ts,
        )
        for r, v, on, g, a, t, tp, ts in analyses
    )
    session.commit()


def test_the_batch_path_stores_what_the_row_at_a_time_path_stored(db, settings, surveys):
    classifier, keyring = findings.load_classifier(), Keyring()
    keyring.unlock(settings.keys_dir, None)
    install_themes(db)
    ids = []
    for k, text in enumerate(TEXTS):
        agency = ("Police", "Health", "Education")[k % 3]
        answers = {"role": "Social worker", "agency_type": agency, "gets_in_the_way": text}
        ids.append(store_response(db, settings, "practitioner-feedback", answers).response_id)
    db.commit()

    summary = findings.analyse_responses(db, keyring, classifier, today=TODAY)
    db.commit()
    fast = _snapshot(db)
    _restore(db, ([], []))
    _one_row_at_a_time(db, keyring, classifier, TODAY)
    db.commit()
    assert _snapshot(db) == fast
    themes, analyses = fast
    assert summary.analysed == len(analyses) == len(TEXTS)
    per_response = [sum(1 for t in themes if t[0] == i) for i in ids]
    assert max(per_response) > 1 and min(per_response) == 0  # several themes on a text, and a text with none
    assert len({a[6] for a in analyses}) > 3  # the tones differ from text to text: they were worked out

    # Staff code one response's theme and rule one out on another; a newer model leaves both alone.
    first_theme = next(t for t in themes if t[0] == ids[0])
    ruled_out = next(t for t in themes if t[0] == ids[1])
    findings.correct_theme(db, None, ids[0], first_theme[1], "neutral")
    findings.correct_theme(db, None, ids[1], ruled_out[1], "absent")
    db.commit()
    before = _snapshot(db)
    newer = dataclasses.replace(classifier, version="retrained-test")
    findings.analyse_responses(db, keyring, newer, today=TODAY + dt.timedelta(days=1))
    db.commit()
    fast = _snapshot(db)
    _restore(db, before)
    _one_row_at_a_time(db, keyring, newer, TODAY + dt.timedelta(days=1))
    db.commit()
    assert _snapshot(db) == fast
    themes, analyses = fast
    assert (ids[0], first_theme[1], "neutral", 1.0, "staff") in themes
    assert not any(t[:2] == ruled_out[:2] for t in themes)
    assert {a[1] for a in analyses} == {"retrained-test"}
