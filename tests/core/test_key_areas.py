"""Key area sets: proposed from themed responses and register learning, edited, published; corrections kept."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from core.errors import ValidationFailed
from core.models import (
    Agency,
    AuditEvent,
    Indicator,
    IndicatorValue,
    KeyArea,
    KeyAreaSet,
    LearningPoint,
    ResponseAnalysis,
    ResponseRating,
    ResponseTheme,
    Theme,
    ThemeCorrection,
)
from core.opening import Keyring
from core.services import findings, key_areas
from core.services.key_areas import AreaText
from core.services.themes import install_themes
from tests.factories import themed_responses
from tests.feedback_app.flows import store_response

END = dt.date(2026, 6, 30)  # a day in the year proposed for
MAY = dt.date(2026, 5, 14)


def _themed(db, settings, theme: str, polarity: str, n: int, day: dt.date, **kw) -> list[str]:
    return themed_responses(db, settings.keys_dir, theme, polarity, n, day, **kw)


def _point(db, title: str, theme: str, polarity: str, day: dt.date, source: str = "review") -> LearningPoint:
    point = LearningPoint(
        title=title, polarity=polarity, identified_on=day, source_type=source, source_id=1, source_title=source.title()
    )
    point.themes = [db.scalar(select(Theme).where(Theme.code == theme))]
    db.add(point)
    db.flush()
    return point


@pytest.fixture
def codebook(db, surveys):
    install_themes(db)
    db.flush()


def test_a_proposal_ranks_themed_responses_and_register_learning_and_publishes(db, settings, codebook):
    _themed(db, settings, "information_sharing", "development", 6, dt.date(2026, 5, 1))
    _themed(db, settings, "supervision_workforce", "good_practice", 5, dt.date(2026, 3, 1))
    _point(db, "GP not told of the referral", "information_sharing", "development", dt.date(2026, 4, 1))
    _point(db, "Strategy meetings held quickly", "multi_agency_working", "good_practice", dt.date(2026, 4, 1))
    proposal = key_areas.propose_for_year(db, 2026)
    assert [a.theme for a in proposal.development] == ["information_sharing"]
    assert {a.theme for a in proposal.good_practice} == {"supervision_workforce", "multi_agency_working"}
    assert proposal.development[0].sources == {"practitioner_survey": 6, "review": 1}

    draft = key_areas.draft_from_proposal(db, None, proposal)
    assert draft.status == "draft" and draft.of_kind("development")[0].title == "Information sharing"
    with pytest.raises(ValidationFailed) as refused:
        key_areas.publish_set(db, None, draft, END)
    assert "what we will do" in str(refused.value.errors)
    for area in draft.areas:
        key_areas.update_area(db, None, area, AreaText(area.title, "What we found.", "What we will do."))
    key_areas.publish_set(db, None, draft, END)
    assert key_areas.latest_published(db) is draft and draft.published_on == END
    with pytest.raises(ValidationFailed):
        key_areas.update_area(db, None, draft.areas[0], AreaText("Changed after publishing"))
    actions = [e.action for e in db.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions[0] == "key_areas.drafted" and actions[-1] == "key_areas.published"


def test_neutral_mentions_are_not_read_for_a_proposal_and_rank_nothing(db, settings, codebook):
    _themed(db, settings, "information_sharing", "development", 5, dt.date(2026, 5, 1))
    _themed(db, settings, "recording", "neutral", 7, dt.date(2026, 5, 1))
    start, end = key_areas.reporting_year(2026)
    mentions = key_areas.gather_mentions(db, start, end)
    assert {(m.theme, m.polarity) for m in mentions} == {("information_sharing", "development")}
    proposal = key_areas.propose_for_year(db, 2026)
    assert [a.theme for a in proposal.development] == ["information_sharing"] and not proposal.good_practice
    # Everyone who answered is still the denominator of each area's share.
    assert proposal.respondents == 12


def test_a_learning_point_raised_from_survey_findings_does_not_count_the_survey_twice(db, settings, codebook):
    _themed(db, settings, "information_sharing", "development", 6, dt.date(2026, 5, 1))
    before = key_areas.propose_for_year(db, 2026).development[0]
    _point(
        db, "Practitioners say letters come late", "information_sharing", "development", dt.date(2026, 5, 2), "survey"
    )
    after = key_areas.propose_for_year(db, 2026).development[0]
    assert after.sources == before.sources == {"practitioner_survey": 6}
    assert (after.register_entries, after.score) == (before.register_entries, before.score)
    _point(db, "GP not told of the referral", "information_sharing", "development", dt.date(2026, 4, 1))
    reviewed = key_areas.propose_for_year(db, 2026).development[0]
    assert reviewed.sources == {"practitioner_survey": 6, "review": 1} and reviewed.score > before.score


def test_merging_two_areas_keeps_both_themes_and_shows_at_least_the_larger_count(db, settings, codebook):
    ids = _themed(db, settings, "information_sharing", "development", 5, dt.date(2026, 5, 1))
    for response_id in ids[:3]:
        db.add(ResponseTheme(response_id=response_id, theme_code="recording", polarity="development", score=0.8))
    db.flush()
    draft = key_areas.draft_from_proposal(db, None, key_areas.propose_for_year(db, 2026))
    keep, other = draft.of_kind("development")
    key_areas.merge_areas(db, None, keep, other)
    assert set(keep.theme_codes) == {"information_sharing", "recording"} and len(draft.of_kind("development")) == 1
    # One person may raise both themes: their union is not a count any findings page shows.
    assert key_areas.shown_evidence(keep, k=5)["respondents"] == "at least 5"


def test_a_merged_area_never_shows_a_union_or_share_that_gives_away_a_suppressed_count(db, settings, codebook):
    _themed(db, settings, "information_sharing", "development", 6, dt.date(2026, 5, 1))
    _themed(db, settings, "recording", "development", 3, dt.date(2026, 5, 1))
    _themed(db, settings, "neglect", "good_practice", 11, dt.date(2026, 5, 1))
    draft = key_areas.draft_from_proposal(db, None, key_areas.propose_for_year(db, 2026))
    assert draft.respondents == 20
    sharing, recording = draft.of_kind("development")
    assert recording.theme_codes == ["recording"]

    # Kept: the area whose 3 respondents were suppressed; 9 of 20 beside the 6 shown would tell them.
    key_areas.merge_areas(db, None, recording, sharing)

    shown = key_areas.shown_evidence(recording, k=5)
    assert shown["respondents"] == "at least 6" and shown["share"] is None


def test_evidence_shown_to_staff_suppresses_small_counts(db, settings, codebook):
    _themed(db, settings, "neglect", "development", 3, dt.date(2026, 5, 1))
    draft = key_areas.draft_from_proposal(db, None, key_areas.propose_for_year(db, 2026))
    shown = key_areas.shown_evidence(draft.of_kind("development")[0], k=5)
    assert shown["respondents"] == "fewer than 5" and shown["share"] is None
    assert shown["sources"] == {"practitioner_survey": "fewer than 5"}


def _tally(source: str, respondents: int, mentions: int) -> dict:
    return {"source": source, "respondents": respondents, "themes": {"neglect": {"development": mentions}}}


def test_a_suppressed_survey_count_cannot_be_worked_out_from_the_respondents_shown():
    # The families' page shows 5 answered, neglect "fewer than 5"; the practitioners' page shows 6.
    # An area total of 9 beside those pages would give the families' 3 away.
    area = KeyArea(
        kind="development",
        theme_codes=["neglect"],
        evidence={
            "register_entries": 2,
            "register_sources": {"review": 2},
            "surveys": {"1": _tally("family_survey", 5, 3), "2": _tally("practitioner_survey", 6, 6)},
        },
    )

    shown = key_areas.shown_evidence(area, k=5)

    assert shown["respondents"] == "at least 6" and shown["share"] is None
    assert shown["sources"] == {"family_survey": "fewer than 5", "practitioner_survey": "6", "review": "2"}
    assert shown["trend"] == "not shown" and shown["agencies"] == "not shown"


def test_a_survey_whose_page_is_hidden_is_a_hidden_part_even_with_no_mention():
    area = KeyArea(
        kind="development",
        theme_codes=["neglect"],
        evidence={"surveys": {"1": _tally("family_survey", 2, 0), "2": _tally("practitioner_survey", 7, 6)}},
    )

    shown = key_areas.shown_evidence(area, k=5)

    # "6" exactly would tell that neither of the two families raised it.
    assert shown["respondents"] == "at least 6"
    assert shown["sources"] == {"family_survey": "fewer than 5", "practitioner_survey": "6"}


def test_an_area_drawn_from_shown_pages_only_gives_its_count_and_share(db, settings, codebook):
    _themed(db, settings, "neglect", "development", 5, dt.date(2026, 2, 1))
    _themed(db, settings, "neglect", "development", 9, dt.date(2026, 9, 1), slug="family-feedback")
    _themed(db, settings, "recording", "good_practice", 6, dt.date(2026, 9, 1), slug="family-feedback")
    draft = key_areas.draft_from_proposal(db, None, key_areas.propose_for_year(db, 2026))

    shown = key_areas.shown_evidence(draft.of_kind("development")[0], k=5)

    assert shown["respondents"] == "14" and shown["share"] == pytest.approx(14 / 20)
    assert shown["sources"] == {"family_survey": "9", "practitioner_survey": "5"}
    assert shown["trend"] == "growing"


def test_proposals_are_for_whole_calendar_years_only(db, settings, codebook):
    _themed(db, settings, "neglect", "development", 6, dt.date(2025, 12, 31))
    _themed(db, settings, "recording", "development", 6, dt.date(2026, 1, 1))
    proposal = key_areas.propose_for_year(db, 2026)
    assert (proposal.start, proposal.end) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert [a.theme for a in proposal.development] == ["recording"]
    with pytest.raises(ValidationFailed):
        key_areas.propose_for_year(db, 99999)


def _keyring(settings) -> Keyring:
    keyring = Keyring()
    keyring.unlock(settings.keys_dir, None)
    return keyring


def _quote_reads(db) -> list[str]:
    return [e.object_id for e in db.scalars(select(AuditEvent).where(AuditEvent.action == "response.quote_read"))]


def test_quotes_are_opened_on_demand_with_the_month_only_and_each_read_is_logged(db, settings, codebook):
    texts = [f"Information from health arrives {n} days late." for n in range(2, 7)]
    ids = [i for text in texts for i in _themed(db, settings, "information_sharing", "development", 1, MAY, text=text)]
    draft = key_areas.draft_from_proposal(db, None, key_areas.propose_for_year(db, 2026))
    found = key_areas.quotes_for_area(db, _keyring(settings), draft.of_kind("development")[0], user_id=None)
    assert sorted(q[:3] for q in found.quotes) == sorted(("May 2026", text, "") for text in texts)
    assert not found.withheld and sorted(q.response_id for q in found.quotes) == sorted(ids)
    assert sorted(_quote_reads(db)) == sorted(ids)


def test_answers_written_word_for_word_alike_are_quoted_once(db, settings, codebook):
    alike = _themed(db, settings, "information_sharing", "development", 6, MAY)
    alike += _themed(
        db, settings, "information_sharing", "development", 1, MAY, text="Information  from health arrives LATE."
    )
    other = _themed(db, settings, "information_sharing", "development", 1, MAY, text="The GP was never told.")
    draft = key_areas.draft_from_proposal(db, None, key_areas.propose_for_year(db, 2026))
    found = key_areas.quotes_for_area(db, _keyring(settings), draft.of_kind("development")[0], user_id=None)
    shown = sorted(" ".join(q.text.split()).casefold() for q in found.quotes)
    assert shown == ["information from health arrives late.", "the gp was never told."]
    # Only the quotes shown are logged as read: one of the seven alike (whichever is kept) and the other.
    reads = set(_quote_reads(db))
    assert len(_quote_reads(db)) == 2 and len(reads & {*alike}) == 1 and reads & {*other} == {*other}


@pytest.mark.parametrize("k", [5, 7])
def test_an_area_whose_count_of_people_is_hidden_shows_no_quotes_and_opens_none(db, settings, codebook, k):
    _themed(db, settings, "neglect", "development", 3 if k == 5 else 6, dt.date(2026, 5, 1))
    area = key_areas.draft_from_proposal(db, None, key_areas.propose_for_year(db, 2026)).of_kind("development")[0]
    assert key_areas.shown_evidence(area, k=k)["respondents"] == f"fewer than {k}"

    found = key_areas.quotes_for_area(db, _keyring(settings), area, user_id=None, k=k)

    # However many quotes were shown (up to five), their number would be the count the page hides.
    assert found.quotes == [] and "too few people raised this area in their own words" in found.withheld
    assert f"fewer than {k}" in found.withheld and _quote_reads(db) == []


def _rated(db, ids: list[str], theme: str, polarity: str) -> None:
    """A rated answer on a question tied to `theme` for each response: evidence, and a ref, for the area."""
    for response_id in ids:
        db.add(
            ResponseRating(
                response_id=response_id, question_key="rated", theme_code=theme, polarity=polarity, strength=1
            )
        )
    db.flush()


def test_a_good_practice_area_quotes_only_answers_coded_good_practice_as_staff_last_coded_them(db, settings, codebook):
    good = [
        i
        for n in range(6)
        for i in _themed(db, settings, "supervision_workforce", "good_practice", 1, MAY, text=f"Good, week {n}.")
    ]
    # They wrote of a need, but rated a question on supervision well: their ids are in the area's evidence too.
    bad = _themed(db, settings, "supervision_workforce", "development", 5, dt.date(2026, 5, 1), text="Not confident.")
    [fixed] = _themed(db, settings, "supervision_workforce", "development", 1, dt.date(2026, 5, 1), text="Regular.")
    _rated(db, [*bad, fixed], "supervision_workforce", "good_practice")
    for response_id in bad:
        db.get(ResponseTheme, (response_id, "supervision_workforce")).score = 1.0  # the model's strongest
    findings.correct_theme(db, None, fixed, "supervision_workforce", "good_practice")
    findings.correct_theme(db, None, good[0], "supervision_workforce", "development")
    draft = key_areas.draft_from_proposal(db, None, key_areas.propose_for_year(db, 2026))
    [area] = draft.of_kind("good_practice")
    assert {*bad, fixed} <= set(area.evidence["refs"]) and key_areas.shown_evidence(area)["respondents"] == "6"

    found = key_areas.quotes_for_area(db, _keyring(settings), area, user_id=None)

    assert len(found.quotes) == 5 and ("May 2026", "Regular.", "") in [q[:3] for q in found.quotes]
    assert all(q.text == "Regular." or q.text.startswith("Good, week") for q in found.quotes)
    assert not {*bad, good[0]} & set(_quote_reads(db))


def test_an_area_nobody_raised_in_their_own_words_shows_no_quotes(db, settings, codebook):
    ids = _themed(db, settings, "information_sharing", "development", 5, dt.date(2026, 5, 1))
    _rated(db, ids, "neglect", "good_practice")
    draft = key_areas.draft_from_proposal(db, None, key_areas.propose_for_year(db, 2026))
    [area] = draft.of_kind("good_practice")
    assert area.theme_codes == ["neglect"] and key_areas.shown_evidence(area)["respondents"] == "0"
    for response_id in ids:  # coded since the set was drafted: the area still counts nobody
        findings.correct_theme(db, None, response_id, "neglect", "good_practice")

    found = key_areas.quotes_for_area(db, _keyring(settings), area, user_id=None)

    assert found.quotes == [] and "nobody raised this area in their own words" in found.withheld
    assert _quote_reads(db) == []


def test_a_merged_area_quotes_answers_of_each_of_its_themes_once(db, settings, codebook):
    ids = [
        i
        for n in range(5)
        for i in _themed(db, settings, "information_sharing", "development", 1, MAY, text=f"Sent {n} days late.")
    ]
    for response_id in ids:
        db.add(ResponseTheme(response_id=response_id, theme_code="recording", polarity="development", score=0.9))
    [other] = _themed(db, settings, "recording", "development", 1, dt.date(2026, 5, 1), text="Notes are lost.")
    db.get(ResponseTheme, (other, "recording")).score = 1.0
    draft = key_areas.draft_from_proposal(db, None, key_areas.propose_for_year(db, 2026))
    keep, merged = sorted(draft.of_kind("development"), key=lambda a: a.theme_codes[0])
    key_areas.merge_areas(db, None, keep, merged)
    assert key_areas.shown_evidence(keep)["respondents"] == "at least 6"

    found = key_areas.quotes_for_area(db, _keyring(settings), keep, user_id=None)

    reads = _quote_reads(db)
    assert len(found.quotes) == 5 and len(set(reads)) == len(reads) == 5
    assert found.quotes[0][:3] == ("May 2026", "Notes are lost.", "")  # from the theme merged in


def test_a_quote_picks_out_the_part_of_a_longer_answer_its_area_is_read_in(db, settings, codebook):
    long = (
        "The training on neglect was really useful. Information from health arrives late, but the school "
        "always shares what it knows.\nThanks for asking."
    )
    _themed(db, settings, "information_sharing", "development", 4, MAY, text="Information from health arrives late.")
    [answer] = _themed(db, settings, "information_sharing", "development", 1, MAY, text=long)
    db.get(ResponseTheme, (answer, "information_sharing")).score = 1.0  # quoted first
    [area] = key_areas.draft_from_proposal(db, None, key_areas.propose_for_year(db, 2026)).of_kind("development")

    found = key_areas.quotes_for_area(db, _keyring(settings), area, user_id=None, classifier=findings.load_classifier())

    # The sentence on sharing, cut where its contrast begins, with the whole answer kept beside it.
    assert found.quotes[0][:3] == ("May 2026", long, "Information from health arrives late, …")
    # An answer that is all about the area is quoted whole, with nothing picked out.
    assert found.quotes[1][:3] == ("May 2026", "Information from health arrives late.", "")


def test_answers_whose_part_on_the_area_is_word_for_word_alike_are_quoted_once(db, settings, codebook):
    late = "Information from health arrives late."
    texts = [f"Our team is new this year. {late}", f"{late} Thanks for the training on neglect.", late]
    texts += ["Strategy meetings are arranged without the school.", "Nobody shares the chronology."]
    for text in texts:
        _themed(db, settings, "information_sharing", "development", 1, MAY, text=text)
    [area] = key_areas.draft_from_proposal(db, None, key_areas.propose_for_year(db, 2026)).of_kind("development")

    found = key_areas.quotes_for_area(db, _keyring(settings), area, user_id=None, classifier=findings.load_classifier())

    # Three answers, one sentence on the area: shown once, whichever came first; the other answers still show.
    shown = [q.passage or q.text for q in found.quotes]
    assert shown.count(late) == 1 and len(shown) == len(set(shown)) == 3
    assert len(_quote_reads(db)) == 3  # only what is shown is logged as read


@pytest.mark.parametrize(
    ("passages", "picked"),
    [
        (["but nobody reviewed it."], "… but nobody reviewed it."),
        (["Supervision was cancelled.", "The plan was good,"], "The plan was good, …\nSupervision was cancelled."),
        (["The plan was good,", "but nobody reviewed it.", "Supervision was cancelled.", "Thanks."], ""),
        (["not in the answer"], ""),
        ([], ""),
    ],
)
def test_the_part_of_an_answer_quoted_is_marked_where_it_was_cut(passages, picked):
    text = "The plan was good, but nobody reviewed it. Supervision was cancelled.\nThanks."
    assert key_areas.passage_for(text, passages) == picked


def test_a_staff_correction_replaces_the_model_coding_and_is_counted_in_agreement(db, settings, codebook):
    [response_id] = _themed(db, settings, "information_sharing", "development", 1, dt.date(2026, 5, 1))
    findings.correct_theme(db, None, response_id, "information_sharing", "good_practice")
    findings.correct_theme(db, None, response_id, "neglect", "development")
    coded = {t.theme_code: (t.polarity, t.origin) for t in db.scalars(select(ResponseTheme))}
    assert coded == {"information_sharing": ("good_practice", "staff"), "neglect": ("development", "staff")}
    corrections = {c.theme_code: c.model_polarity for c in db.scalars(select(ThemeCorrection))}
    assert corrections == {"information_sharing": "development", "neglect": "absent"}
    n, kappa = findings.model_agreement(db)
    assert n == 2 and kappa is not None and kappa <= 0
    findings.correct_theme(db, None, response_id, "neglect", "absent")
    assert db.get(ResponseTheme, (response_id, "neglect")) is None
    with pytest.raises(ValidationFailed):
        findings.correct_theme(db, None, response_id, "neglect", "very bad")


def test_cohen_kappa_is_one_for_perfect_agreement_and_zero_at_chance():
    assert findings.cohen_kappa([("a", "a"), ("b", "b")]) == 1.0
    assert findings.cohen_kappa([("a", "a"), ("a", "b"), ("b", "a"), ("b", "b")]) == 0.0
    assert findings.cohen_kappa([]) is None


def test_rated_answers_and_indicators_missing_their_target_are_weighed_in_the_proposal(db, settings, codebook):
    keyring = Keyring()
    keyring.unlock(settings.keys_dir, None)
    for n in range(5):  # five practitioners disagree that they know how to share information, and write nothing
        answers = {"role": "Social worker", "agency_type": "Police", "conf_share": "1" if n else "2"}
        store_response(db, settings, "practitioner-feedback", answers, today=dt.date(2026, 5, 1))
    findings.run_analysis(db, keyring, findings.load_classifier(), today=dt.date(2026, 5, 2))
    theme = db.scalar(select(Theme).where(Theme.code == "neglect"))
    for code, target in (("NEG-1", 80.0), ("NEG-2", 50.0)):
        indicator = Indicator(code=code, name=code, unit="%", direction="higher_better", target=target)
        indicator.themes = [theme]
        db.add(indicator)
        db.flush()
        db.add(
            IndicatorValue(indicator_id=indicator.id, period="2026-Q1", period_start=dt.date(2026, 1, 1), value=70.0)
        )
    db.flush()

    proposal = key_areas.propose_for_year(db, 2026)

    sharing = next(a for a in proposal.development if a.theme == "information_sharing")
    assert sharing.respondents == 5 and sharing.sources == {"practitioner_survey": 5}
    # One indicator misses its target of 80 and one meets its 50: one piece of evidence each way.
    for areas in (proposal.development, proposal.good_practice):
        [neglect] = [a for a in areas if a.theme == "neglect"]
        assert neglect.sources == {"indicator": 1} and neglect.register_entries == 1
    draft = key_areas.draft_from_proposal(db, None, proposal)
    [area] = [a for a in draft.of_kind("development") if a.theme_codes == ["information_sharing"]]
    shown = key_areas.shown_evidence(area, k=5)
    assert shown["rated_questions"] == ["I know when and how to share information with other agencies"]
    assert shown["respondents"] == "0"  # nobody wrote about it: the rated answers are in the survey's findings
    # Where the evidence came from is shown, though no count of it is: the area is not left with no visible source.
    assert shown["sources"] == {"practitioner_survey": "answers to a rated question"}


def test_a_merged_area_lists_no_survey_where_neither_theme_was_raised(db, settings, codebook):
    _themed(db, settings, "information_sharing", "development", 6, dt.date(2026, 5, 1))
    _themed(db, settings, "recording", "development", 5, dt.date(2026, 5, 1))
    _themed(db, settings, "neglect", "good_practice", 5, dt.date(2026, 5, 1), slug="family-feedback")
    draft = key_areas.draft_from_proposal(db, None, key_areas.propose_for_year(db, 2026))
    keep, other = draft.of_kind("development")
    key_areas.merge_areas(db, None, keep, other)
    # The families' page shows 0 for both themes: "not shown" would suggest a hidden count where there is none.
    assert key_areas.shown_evidence(keep, k=5)["sources"] == {"practitioner_survey": "at least 6"}


def test_publishing_a_set_for_a_year_withdraws_the_one_published_for_it_before(db, settings, codebook):
    _themed(db, settings, "information_sharing", "development", 6, dt.date(2026, 5, 1))
    _themed(db, settings, "neglect", "good_practice", 5, dt.date(2026, 5, 1))
    _themed(db, settings, "recording", "development", 5, dt.date(2025, 5, 1))
    _themed(db, settings, "neglect", "good_practice", 5, dt.date(2025, 5, 1))

    def published(year: int) -> KeyAreaSet:
        draft = key_areas.draft_from_proposal(db, None, key_areas.propose_for_year(db, year))
        for area in draft.areas:
            key_areas.update_area(db, None, area, AreaText(area.title, "What we found.", "What we will do."))
        notes = key_areas.publish_set(db, None, draft, END)
        return draft, notes

    last_year, _ = published(2025)
    first, notes = published(2026)
    assert not [n for n in notes if "withdrawn" in n]  # another year's set stays
    second, notes = published(2026)
    assert first.status == "withdrawn" and second.status == "published" and last_year.status == "published"
    assert f"“{first.title}”, published for the same period, was withdrawn: this set replaces it." in notes
    assert key_areas.latest_published(db) is second
    withdrawn = db.scalars(select(AuditEvent).where(AuditEvent.action == "key_areas.withdrawn")).one()
    assert withdrawn.object_id == str(first.id) and withdrawn.details["replaced_by"] == second.id


def test_a_theme_taken_out_of_use_is_left_out_of_new_proposals(db, settings, codebook):
    _themed(db, settings, "information_sharing", "development", 6, dt.date(2026, 5, 1))
    _themed(db, settings, "recording", "development", 5, dt.date(2026, 5, 1))
    assert [a.theme for a in key_areas.propose_for_year(db, 2026).development] == ["information_sharing", "recording"]
    db.scalar(select(Theme).where(Theme.code == "information_sharing")).active = False
    db.flush()
    assert [a.theme for a in key_areas.propose_for_year(db, 2026).development] == ["recording"]


def test_an_areas_agencies_count_a_respondents_organisation_and_a_register_agency_of_that_kind_once(
    db, settings, codebook
):
    chosen = [
        "Police",
        "police",
        "Health (NHS trust, GP practice or ICB)",
        "Probation or youth justice",
        "Other",
        "",
        "The local hospice",
    ]
    ids = _themed(db, settings, "information_sharing", "development", len(chosen), MAY)
    for response_id, label in zip(ids, chosen):
        db.add(
            ResponseAnalysis(
                response_id=response_id,
                model_version="t",
                analysed_on=MAY,
                respondent_group="practitioner",
                agency_type=label,
            )
        )
    police = Agency(name="Northshire Constabulary", kind="police")
    trust = Agency(name="Northshire Community Health NHS Trust", kind="health")
    youth = Agency(name="Youth Justice Service", kind="youth_justice")
    fire = Agency(name="Fire and Rescue", kind="other")
    db.add_all([police, trust, youth, fire])
    db.flush()
    for agency in (police, trust, youth, fire):
        point = _point(db, f"Shared late ({agency.name})", "information_sharing", "development", MAY)
        point.source_agency_id = agency.id
    db.flush()
    [area] = [a for a in key_areas.propose_for_year(db, 2026).development if a.theme == "information_sharing"]
    # police, health, probation and youth justice (one kind of service), the hospice, the fire service; "Other"
    # and no answer say nothing of which agency.
    assert area.agencies == 5
