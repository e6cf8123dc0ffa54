"""Every public form, sent random and hostile posts with CSRF on: never a 500, a partial write or markup echoed.

See tests/fuzzing.py for what a post can hold and what every answer must show.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from tests.factories import survey_by_slug
from tests.feedback_app.flows import answer_survey, row_counts, send_survey, token_on
from tests.fuzzing import Post, check_answer, fuzz_settings, posts, request_args

HONEYPOT = "website"


@dataclass(frozen=True)
class Target:
    path: str
    names: tuple[str, ...]


def _targets(db, surveys) -> list[Target]:
    found = [
        Target("/receipt", ("code", HONEYPOT)),
        Target("/receipt/yours", ("text", HONEYPOT)),
        Target("/receipt/yours/check", (HONEYPOT,)),
        Target("/receipt/leave", ()),
    ]
    for survey in surveys:
        version = survey_by_slug(db, survey.slug).current_version
        found.append(Target(f"/s/{survey.slug}/check", (HONEYPOT,)))
        for number in version.page_numbers:
            keys = tuple(q.key for q in version.questions_on(number))
            found.append(Target(f"/s/{survey.slug}/page/{number}", (*keys, HONEYPOT)))
    return found


def test_public_forms_refuse_hostile_posts_cleanly(protected_app, surveys, db, engine):
    client, other = protected_app.test_client(), protected_app.test_client()
    own = token_on(client.get("/receipt").get_data(as_text=True))
    tokens = {"own": own, "missing": None, "forged": own[:-4] + "AAAA", "foreign": token_on(other.get("/receipt").text)}
    # A receipt in this browser's session and a survey answered up to its check page, so that the addendum pages
    # and sending are reached too, not only the first pages of each form.
    code = send_survey(client, db, "practitioner-feedback", csrf_token=own)
    assert client.post("/receipt", data={"code": code, "csrf_token": own}).status_code == 302
    answer_survey(client, db, "family-feedback", csrf_token=own)
    targets = _targets(db, surveys)

    @fuzz_settings(default_examples=120)
    @given(st.sampled_from(targets).flatmap(lambda t: posts(list(t.names)).map(lambda p: (t, p))))
    def post_one(drawn: tuple[Target, Post]) -> None:
        target, post = drawn
        before = row_counts(engine)
        answer = client.post(target.path, **request_args(post, tokens))
        check_answer(engine, before, answer, post, target.path)

    post_one()
