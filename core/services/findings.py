"""Theming responses and reading what they add up to: opened in memory, derived data stored without text.

`analyse_responses` opens each new or re-analysable response with the private key, themes its
free text with a classifier (analysis/), and stores only ids, theme codes, polarities and scores.
`correct_theme` keeps a staff member's coding, which the next run and the next training respect.
`survey_findings` adds a survey's answers up for a period, every count suppressed under k.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Protocol, Sequence, cast

from sqlalchemy import Table, delete, func, insert, select
from sqlalchemy.orm import Session, object_session, selectinload

from analysis.ranking import likert_mention
from analysis.suppression import (
    DEFAULT_K,
    SECONDARY_LABEL,
    Count,
    SuppressedTable,
    choose_one_table,
    safe_mean,
    suppress,
    suppress_parts,
    suppress_table,
)
import analysis
from core.control_characters import has_control_characters
from core.errors import ValidationFailed
from core.models import (
    AUDIENCES,
    AnalysisRun,
    ReleaseBatch,
    Response,
    ResponseAnalysis,
    ResponseRating,
    ResponseTheme,
    Survey,
    SurveyVersion,
    Theme,
    ThemeCorrection,
    ThemeModelRecord,
)
from core.opening import CannotOpen, Keyring
from core.pairing import PAIRING_KIND
from core.sealing import context_info
from core.services.audit import record
from core.services.release import (
    join_release,
    release_day,
    released,
    released_addenda,
    released_between,
    released_response,
)
from core.services.surveys import SCALED_KINDS, load_templates
from core.services.themes import theme_labels

POLARITIES = ("development", "good_practice", "neutral")
CORRECTION_CHOICES = (*POLARITIES, "absent")
# Which answer says who a respondent is, agency type and tier of intervention, by question key.
GROUP_QUESTION = "took_part_as"
AGENCY_QUESTION = "agency_type"
TIER_QUESTION = "service"
AUDIENCE_GROUPS = {"practitioner": "practitioner", "family": "family", "child": "child"}


class ThemeMention(Protocol):
    id: str
    polarity: str
    score: float


class Tone(Protocol):
    polarity: float
    subjectivity: float


class Classified(Protocol):
    """What a classifier returns for one text (analysis.themes.TextThemes has this shape)."""

    @property
    def themes(self) -> Sequence[ThemeMention]: ...

    @property
    def sentiment(self) -> Tone: ...


class Classifier(Protocol):
    """Themes texts; `version` names the model, so a new model re-themes what an older one did."""

    version: str

    def classify(self, texts: Sequence[str]) -> Sequence[Classified]: ...


@dataclass
class AnalysisSummary:
    """What one run did: the responses themed and those the keys could not open."""

    analysed: int = 0
    unopened: int = 0


def free_text_of(version: SurveyVersion, answers: dict[str, Any], addenda: Iterable[str] = ()) -> str:
    """The respondent's free text, stripped as it was stored, joined into one text for theming."""
    parts = [str(answers.get(q.key) or "").strip() for q in version.questions if q.kind == "text"]
    parts.extend(a.strip() for a in addenda)
    return "\n".join(p for p in parts if p)


def _respondent(version: SurveyVersion, answers: dict[str, Any]) -> tuple[str, str, str]:
    group = AUDIENCE_GROUPS.get(version.survey.audience, "")
    took_part = str(answers.get(GROUP_QUESTION) or "")
    if not group and took_part in {"family", "practitioner"}:
        group = took_part
    return group, str(answers.get(AGENCY_QUESTION) or "")[:40], str(answers.get(TIER_QUESTION) or "")[:40]


def ratings_of(version: SurveyVersion, answers: dict[str, Any]) -> list[tuple[str, str, str, float]]:
    """Each answer on a rated question tied to a theme, as (question key, theme, polarity, strength); the midpoint
    of the scale is neither, so it is left out."""
    ratings = []
    for q in version.questions:
        raw = str(answers.get(q.key) or "")
        if not (q.theme and q.kind in SCALED_KINDS and raw.isdigit()):
            continue
        scale = [int(o["value"]) for o in q.options if str(o.get("value", "")).isdigit()]
        found = likert_mention(q.theme, int(raw), max(scale, default=0), source="", on=dt.date.min, respondent="")
        if found is not None:
            ratings.append((q.key, q.theme, found.polarity, round(found.strength, 3)))
    return ratings


def _pending(session: Session, model_version: str, batch: int) -> Iterator[list[Response]]:
    """Responses never analysed, or analysed by another model, a batch at a time."""
    done = select(ResponseAnalysis.response_id).where(ResponseAnalysis.model_version == model_version)
    last = ""
    while True:
        rows = list(
            session.scalars(
                select(Response)
                .where(Response.id.not_in(done), Response.id > last, released())
                .options(selectinload(Response.version).selectinload(SurveyVersion.questions))
                .options(selectinload(Response.addenda))
                .order_by(Response.id)
                .limit(batch)
            )
        )
        if not rows:
            return
        last = rows[-1].id
        yield rows


def _open(keyring: Keyring, response: Response) -> Optional[tuple[dict[str, Any], list[str]]]:
    version = response.version
    try:
        payload = keyring.open(response.key_id, response.sealed, context_info(version.survey_id, version.id))
        # Words added later count once their own batch is released, like the responses themselves.
        session = object_session(response)
        shown = released_addenda(session, list(response.addenda)) if session is not None else {}
        addenda = [
            str(keyring.open(a.key_id, a.sealed, context_info(version.survey_id, version.id, "addendum")).get("text"))
            for a in response.addenda
            if a.id in shown
        ]
    except CannotOpen:
        return None
    return dict(payload.get("answers", {})), addenda


def _staff_decided(session: Session, ids: Sequence[str]) -> dict[str, set[str]]:
    """The themes staff coded (or ruled out) on each of these responses: the model never overrides them."""
    decided: dict[str, set[str]] = defaultdict(set)
    rows = session.execute(
        select(ThemeCorrection.response_id, ThemeCorrection.theme_code).where(ThemeCorrection.response_id.in_(ids))
    )
    for response_id, code in rows:
        decided[response_id].add(code)
    return decided


# Rows a bulk INSERT sends at once: one executemany per chunk, bounded memory per statement.
STORE_CHUNK = 5_000


@dataclass(frozen=True)
class Derived:
    """What the model made of one response, ready to store: ids, codes and scores, never text."""

    response_id: str
    respondent_group: str
    agency_type: str
    tier: str
    tone_polarity: float
    tone_subjectivity: float
    themes: Sequence[tuple[str, str, float]]  # (theme code, polarity, score)
    ratings: Sequence[tuple[str, str, str, float]] = ()  # (question key, theme code, polarity, strength)


def derived_from(
    response_id: str,
    respondent: tuple[str, str, str],
    result: Classified,
    ratings: Sequence[tuple[str, str, str, float]] = (),
) -> Derived:
    """A classifier's result for one response, and its rated answers, as the rows to store."""
    group, agency_type, tier = respondent
    return Derived(
        response_id,
        group,
        agency_type,
        tier,
        result.sentiment.polarity,
        result.sentiment.subjectivity,
        [(m.id, m.polarity, m.score) for m in result.themes],
        ratings,
    )


def store_derived(session: Session, model_version: str, today: dt.date, derived: Sequence[Derived]) -> int:
    """Replace what a model derived for these responses: one DELETE per table, then chunked bulk INSERTs.

    Themes staff coded (or ruled out) on a response are left as they are. Returns the theme rows stored.
    A statement per row (the ORM's unit of work, a merge's SELECT) cost more than the theming itself.
    """
    ids = [d.response_id for d in derived]
    decided = _staff_decided(session, ids)
    # origin is compared as an expression so that no index on it can be used: SQLite, having no
    # statistics, otherwise walks every model row through the origin index instead of looking the
    # batch's ids up by primary key, and each batch costs as much as all the ones before it.
    model_made = func.coalesce(ResponseTheme.origin, "") == "model"
    session.execute(delete(ResponseTheme).where(ResponseTheme.response_id.in_(ids), model_made))
    session.execute(delete(ResponseAnalysis).where(ResponseAnalysis.response_id.in_(ids)))
    session.execute(delete(ResponseRating).where(ResponseRating.response_id.in_(ids)))
    analyses = [
        {
            "response_id": d.response_id,
            "model_version": model_version,
            "analysed_on": today,
            "respondent_group": d.respondent_group,
            "agency_type": d.agency_type,
            "tier": d.tier,
            "tone_polarity": round(float(d.tone_polarity), 3),
            "tone_subjectivity": round(float(d.tone_subjectivity), 3),
        }
        for d in derived
    ]
    themes = [
        {
            "response_id": d.response_id,
            "theme_code": code,
            "polarity": polarity,
            "score": round(float(score), 4),
            "origin": "model",
        }
        for d in derived
        for code, polarity, score in d.themes
        if code not in decided.get(d.response_id, ())
    ]
    ratings = [
        {
            "response_id": d.response_id,
            "question_key": key,
            "theme_code": code,
            "polarity": polarity,
            "strength": strength,
        }
        for d in derived
        for key, code, polarity, strength in d.ratings
    ]
    # Core INSERTs on the tables: the ORM's bulk path costs about as much again in Python per row.
    tables = (
        (ResponseAnalysis.__table__, analyses),
        (ResponseTheme.__table__, themes),
        (ResponseRating.__table__, ratings),
    )
    for table, rows in tables:
        for start in range(0, len(rows), STORE_CHUNK):
            session.execute(insert(cast(Table, table)), rows[start : start + STORE_CHUNK])
    return len(themes)


def analyse_responses(
    session: Session,
    keyring: Keyring,
    classifier: Classifier,
    *,
    today: dt.date,
    batch: int = 500,
    progress: Callable[[AnalysisSummary], None] | None = None,
) -> AnalysisSummary:
    """Theme every response the current model has not seen; store theme codes and scores, never text."""
    summary = AnalysisSummary()
    for responses in _pending(session, classifier.version, batch):
        opened = [(r, _open(keyring, r)) for r in responses]
        readable = [(r, o) for r, o in opened if o is not None]
        summary.unopened += len(responses) - len(readable)
        texts = [free_text_of(r.version, answers, addenda) for r, (answers, addenda) in readable]
        results = classifier.classify(texts) if texts else []
        derived = [
            derived_from(
                response.id, _respondent(response.version, answers), result, ratings_of(response.version, answers)
            )
            for (response, (answers, _addenda)), result in zip(readable, results)
        ]
        store_derived(session, classifier.version, today, derived)
        summary.analysed += len(derived)
        session.flush()
        if progress is not None:
            progress(summary)
    return summary


@dataclass
class ModelClassifier:
    """The theming model behind the Classifier interface, named by a digest of its weights."""

    model: Any
    version: str

    def classify(self, texts: Sequence[str]) -> Sequence[Classified]:
        # Only ids and scores are stored, so the words that triggered each theme are not worked out.
        return self.model.predict(list(texts), evidence=False)  # type: ignore[no-any-return]

    def explain(self, text: str, theme_codes: Sequence[str]) -> dict[str, Any]:
        """What in this (opened, stripped) text each coded theme rests on, by theme code, as this model reads it:
        worked out in memory for the reader in front of it, never stored (the words would leave the seal)."""
        return {e.id: e for e in self.model.explain(text, list(theme_codes))}


LABELLED_SET = Path(analysis.__file__).resolve().parent / "data" / "themes_labelled.jsonl"


def load_classifier(session: Session | None = None) -> ModelClassifier:
    """The newest retrained model in the database if there is one, else the shipped one; loaded offline."""
    from analysis.polarity_reader import shipped_reader
    from analysis.themes import ModelFileError, ThemeModel

    stored = latest_model(session) if session is not None else None
    if stored is not None:
        try:
            model = ThemeModel.from_bytes(stored.weights, stored.document)
        except ModelFileError:
            # Retrained by an older release with other features: the shipped model until the next retrain.
            return _shipped()
        # Outside the try: a damaged reader is an error of this release, not a sign of an older retrained model.
        model.reader = shipped_reader()
        return ModelClassifier(model, read_by(stored.version, model.reader))
    return _shipped()


@functools.lru_cache(maxsize=1)
def _shipped() -> ModelClassifier:
    """The shipped model, loaded once a process: it never changes while the process runs, and loading takes
    seconds and a few hundred MB (each app, CLI command and test app would otherwise load its own)."""
    from analysis.themes import load_model

    model = load_model()
    blob, _document = model.to_bytes()
    return ModelClassifier(model, read_by("shipped-" + hashlib.sha256(blob).hexdigest()[:12], model.reader))


def read_by(model_version: str, reader: Any = None) -> str:
    """A classifier's version: its model's, the rules predict() reads the model by, and the polarity reader blended
    in, if any (a new release that reads the same weights differently must re-theme what the old one did)."""
    from analysis.themes import PREDICTION_RULES

    return f"{model_version}/{PREDICTION_RULES}" + (f"/reader-{reader.version}" if reader is not None else "")


def _loads(record: ThemeModelRecord) -> bool:
    """Whether this release can load the stored model (one trained with other features cannot)."""
    from analysis.themes import ModelFileError, ThemeModel

    try:
        ThemeModel.from_bytes(record.weights, record.document)
    except ModelFileError:
        return False
    return True


def latest_model(session: Session) -> Optional[ThemeModelRecord]:
    return session.scalar(select(ThemeModelRecord).order_by(ThemeModelRecord.id.desc()).limit(1))


@dataclass
class ClassifierCache:
    """The classifier a process uses, reloaded only when a newer model has been trained (loading takes seconds)."""

    loaded: Optional[ModelClassifier] = None
    key: str = ""

    def get(self, session: Session) -> ModelClassifier:
        stored = session.scalar(select(ThemeModelRecord.version).order_by(ThemeModelRecord.id.desc()).limit(1))
        key = stored or "shipped"
        if self.loaded is None or key != self.key:
            self.loaded, self.key = load_classifier(session), key
        return self.loaded


def staff_codings(session: Session, keyring: Keyring) -> list[Any]:
    """Every response staff corrected, with its text opened in memory and its whole coding as it now stands."""
    from analysis.themes import Correction, ThemeLabel

    corrected = sorted(set(session.scalars(select(ThemeCorrection.response_id))))
    codings = []
    for response_id in corrected:
        response = session.get(Response, response_id)
        opened = _open(keyring, response) if response is not None else None
        if response is None or opened is None:
            continue
        text = free_text_of(response.version, opened[0], opened[1])
        themes = session.scalars(select(ResponseTheme).where(ResponseTheme.response_id == response_id))
        if text:
            codings.append(Correction(response_id, text, tuple(ThemeLabel(t.theme_code, t.polarity) for t in themes)))
    return codings


def retrain(
    session: Session, keyring: Keyring, *, today: dt.date, labelled: Path = LABELLED_SET
) -> Optional[ThemeModelRecord]:
    """Train a new model on the labelled set and every staff correction, and keep it (None: nothing new to learn).

    The held-out part of the labelled set is never trained on; the new model is scored on it and the
    figures are kept with it for staff to see. The texts are opened in memory only for training.
    """
    from analysis.theme_eval import score
    from analysis.themes import shipped_codebook, train
    from analysis.train import read_labelled, split

    if not keyring.keys:
        return None
    codings = staff_codings(session, keyring)
    previous = latest_model(session)
    if not codings or (previous is not None and previous.corrections == len(codings) and _loads(previous)):
        return None
    training, held_out = split(read_labelled(labelled))
    model = train(
        training,
        shipped_codebook(),
        codings,
        metadata={"trained_on": today.isoformat(), "examples": len(training), "corrections": len(codings)},
    )
    figures = score(model, held_out) if held_out else {}
    weights, document = model.to_bytes()
    saved = ThemeModelRecord(
        version="retrained-" + hashlib.sha256(weights).hexdigest()[:12],
        examples=len(training),
        corrections=len(codings),
        weights=weights,
        document=document,
        figures={k: v for k, v in figures.items() if isinstance(v, (int, float))},
    )
    session.add(saved)
    record(session, None, "themes.retrained", "theme_model", saved.version, corrections=len(codings))
    session.commit()
    return saved


def pending_count(session: Session, model_version: str) -> int:
    """Released responses the current model has not themed yet."""
    done = select(ResponseAnalysis.response_id).where(ResponseAnalysis.model_version == model_version)
    return session.scalar(select(func.count()).select_from(Response).where(Response.id.not_in(done), released())) or 0


# Answers wait for their release batch before staff (or theming) see them: said here, so that answers a campaign
# counts as sent do not read as lost.
NOTHING_NEW = (
    "Nothing new to theme: every response released to staff is themed. Answers sent since the last release batch "
    "are themed once their batch is released."
)


def run_analysis(
    session: Session, keyring: Keyring | None, classifier: Classifier, *, today: dt.date, trigger: str = "schedule"
) -> AnalysisRun:
    """Theme what changed, committing each batch so progress shows and a stopped run resumes where it was."""
    pending = pending_count(session, classifier.version)
    run = AnalysisRun(trigger=trigger, model_version=classifier.version, pending=pending)
    session.add(run)
    if keyring is None or not keyring.keys:
        run.status, run.message = "locked", "The keys that open responses are locked: unlock them to theme new answers."
    elif pending == 0:
        run.status, run.message = "done", NOTHING_NEW
    session.commit()
    if run.status != "running":
        return run

    def progress(summary: AnalysisSummary) -> None:
        run.analysed = summary.analysed
        session.commit()

    try:
        summary = analyse_responses(session, keyring, classifier, today=today, progress=progress)  # type: ignore[arg-type]
    except Exception:
        session.rollback()
        run.status, run.message = "failed", "The run stopped with an error; the next run carries on from here."
        run.finished_at = dt.datetime.now(dt.timezone.utc)
        session.commit()
        raise
    run.status, run.analysed = "done", summary.analysed
    run.message = f"{summary.unopened} could not be opened." if summary.unopened else ""
    run.finished_at = dt.datetime.now(dt.timezone.utc)
    session.commit()
    return run


def latest_run(session: Session) -> Optional[AnalysisRun]:
    return session.scalar(select(AnalysisRun).order_by(AnalysisRun.id.desc()).limit(1))


def correct_theme(
    session: Session, user_id: int | None, response_id: str, theme_code: str, polarity: str
) -> ThemeCorrection:
    """Record staff's coding of one theme of one response; it replaces the model's from now on."""
    released_response(session, response_id)
    errors: dict[str, str] = {}
    known = not has_control_characters(theme_code) and len(theme_code) <= 80
    theme = session.scalar(select(Theme).where(Theme.code == theme_code)) if known else None
    if theme is None:
        errors["theme"] = "Choose a theme from the codebook"
    if polarity not in CORRECTION_CHOICES:
        errors["polarity"] = "Choose development, good practice, neutral or not this theme"
    current = session.get(ResponseTheme, (response_id, theme_code)) if theme is not None else None
    # A theme out of use can still be taken off a response coded with it, or its polarity put right; never added.
    if theme is not None and not theme.active and current is None and polarity != "absent":
        errors["theme"] = f"“{theme.label}” is no longer in use: choose a theme in use"
    if errors:
        raise ValidationFailed(errors)
    correction = session.scalar(
        select(ThemeCorrection).where(
            ThemeCorrection.response_id == response_id, ThemeCorrection.theme_code == theme_code
        )
    )
    if correction is None:
        correction = ThemeCorrection(
            response_id=response_id,
            theme_code=theme_code,
            model_polarity=current.polarity if current is not None and current.origin == "model" else "absent",
        )
        session.add(correction)
    correction.polarity = polarity
    correction.user_id = user_id
    correction.corrected_at = dt.datetime.now(dt.timezone.utc)
    if polarity == "absent":
        if current is not None:
            session.delete(current)
    elif current is None:
        session.add(ResponseTheme(response_id=response_id, theme_code=theme_code, polarity=polarity, origin="staff"))
    else:
        current.polarity, current.origin, current.score = polarity, "staff", 1.0
    record(session, user_id, "response.theme_corrected", "response", response_id, theme=theme_code, polarity=polarity)
    session.flush()
    return correction


def cohen_kappa(pairs: Sequence[tuple[str, str]]) -> Optional[float]:
    """Agreement beyond chance between two codings of the same items (None when undefined)."""
    if not pairs:
        return None
    n = len(pairs)
    observed = sum(1 for a, b in pairs if a == b) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[c] * second[c] for c in set(first) | set(second)) / (n * n)
    if expected >= 1.0:
        return 1.0 if observed == 1.0 else None
    return round((observed - expected) / (1 - expected), 3)


def model_agreement(session: Session) -> tuple[int, Optional[float]]:
    """How often staff corrected the model, as Cohen's kappa between the model's coding and staff's."""
    pairs = [(c.model_polarity, c.polarity) for c in session.scalars(select(ThemeCorrection))]
    return len(pairs), cohen_kappa(pairs)


# Staff-coded mentions (a theme of a response) before kappa is shown: over fewer, one or two codings swing it
# from -1 to 1 (a single correction gives 0.00), which reads as a verdict on the model that it is not.
KAPPA_MIN_CODED = 20


@dataclass(frozen=True)
class ModelAgreement:
    """The model's agreement with staff coding as the findings page shows it: kappa only over enough coding."""

    coded: int
    kappa: Optional[float]
    minimum: int = KAPPA_MIN_CODED


def shown_agreement(session: Session, minimum: int = KAPPA_MIN_CODED) -> ModelAgreement:
    """Cohen's kappa between the model and staff, withheld (None) until staff have coded `minimum` mentions."""
    coded, kappa = model_agreement(session)
    return ModelAgreement(coded, kappa if coded >= minimum else None, minimum)


# ---------------------------------------------------------------------------------------------
# Survey findings: distributions, themes, trends and breakdowns, every count suppressed under k


@dataclass(frozen=True)
class Distribution:
    key: str
    prompt: str
    kind: str
    answered: Count
    options: tuple[tuple[str, Count], ...]  # (label, count)
    average: Optional[float]


@dataclass(frozen=True)
class ThemeFinding:
    code: str
    label: str
    counts: dict[str, Count]  # by polarity
    total: Count


@dataclass
class SurveyFindings:
    survey: Survey
    start: dt.date
    end: dt.date
    k: int
    respondents: Count
    distributions: list[Distribution] = field(default_factory=list)
    themes: list[ThemeFinding] = field(default_factory=list)
    by_quarter: list[tuple[str, Count]] = field(default_factory=list)
    by_group: dict[str, list[tuple[str, Count]]] = field(default_factory=dict)
    unanalysed: int = 0

    @property
    def answers_hidden(self) -> bool:
        """Whether any question's number who answered, or any option's count, is withheld."""
        return any(d.answered.suppressed or any(c.suppressed for _, c in d.options) for d in self.distributions)


def _in_period(survey: Survey, start: dt.date, end: dt.date) -> Any:
    return (
        select(Response).join(SurveyVersion).where(SurveyVersion.survey_id == survey.id, released_between(start, end))
    )


# The cell of the people a question or a breakdown has no answer from: never shown as a row of the
# answers, but the respondents less those who answered (or less a breakdown's groups) is that count.
NO_ANSWER = "\x00no answer"


def _distribution(question: Any, values: list[Any], k: int, respondents: int | None = None) -> Distribution:
    """One question's answers, suppressed against the year's respondents as well as against its own answers.

    The respondents are shown exactly beside each question, so the people who did not answer it are a cell
    too: where they are 1 to k-1, "answered" is not shown exactly, and a choose-one question's options
    (which add up to it) are suppressed with that cell among them.
    """
    options = [(str(o["value"]), str(o["label"])) for o in question.options]
    tallies: dict[str, int] = {value: 0 for value, _ in options}
    answered = 0
    for value in values:
        if value in (None, "", []):
            continue
        answered += 1
        for chosen in value if isinstance(value, list) else [value]:
            tallies[str(chosen)] = tallies.get(str(chosen), 0) + 1
    skipped = max((respondents if respondents is not None else answered) - answered, 0)
    if question.kind == "multi" or respondents is None:  # a multi's options overlap: they add up to nothing known
        table: SuppressedTable[str] = suppress_table(tallies, [list(tallies)], k)
        answered_hidden = bool(table.hidden_totals) or 0 < skipped < k
    else:
        table, answered_hidden = choose_one_table(tallies, skipped, k)
    labels = dict(options)
    shown = suppress(answered, k)
    if answered_hidden and not shown.suppressed:  # the respondents less "answered" would give the skipped away
        shown = Count(answered, True, SECONDARY_LABEL)
    average = None
    if question.kind in {"likert", "faces"} and not shown.suppressed:
        scale = {float(v): n for v, n in tallies.items() if v.lstrip("-").isdigit()}
        average = safe_mean(scale, table, k)
    return Distribution(
        question.key,
        question.prompt,
        question.kind,
        shown,
        tuple((labels.get(v, v), c) for v, c in table.counts.items()),
        average,
    )


def _grouped_counts(counter: Counter[str], k: int) -> list[tuple[str, Count]]:
    return sorted(suppress_parts(dict(counter), k).items())


def reporting_year(year: int) -> tuple[dt.date, dt.date]:
    """The one kind of period findings are offered for: a whole calendar year.

    Years never overlap, so no two findings views share a respondent and no view can be subtracted
    from another to work out a count one of them hides (as nested or arbitrary date ranges allowed).
    """
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def reporting_years(session: Session, survey: Survey | None, this_year: int) -> list[int]:
    """The calendar years a survey (or, with None, any survey) has released answers in, and this year, newest first."""
    query = join_release(select(func.min(ReleaseBatch.released_on)).select_from(Response))
    if survey is not None:
        query = query.join(SurveyVersion, SurveyVersion.id == Response.survey_version_id).where(
            SurveyVersion.survey_id == survey.id
        )
    first = session.scalar(query)
    return list(range(this_year, min(first.year if first else this_year, this_year) - 1, -1))


def sum_as_shown(parts: Iterable[Count]) -> Count:
    """A total over findings pages' counts that tells no more than they do: hidden parts are not added in.

    An exact total beside the parts would give a hidden one away (the total less the shown ones),
    so the total is the sum of the shown parts, "at least" that when some part is hidden.
    """
    present = list(parts)
    hidden = [p for p in present if p.suppressed]  # even a hidden zero: leaving it out would tell it is zero
    shown = sum(p.value for p in present if not p.suppressed)
    if not hidden:
        return Count(shown, False, f"{shown:,}")
    if len(hidden) == 1 and not shown:
        return hidden[0]  # the one part, as its own page shows it
    return Count(shown, True, f"at least {shown:,}" if shown else SECONDARY_LABEL)


def respondents_by_year(session: Session) -> dict[tuple[int, int], int]:
    """How many answered each survey in each calendar year, by (survey id, year)."""
    year = func.extract("year", ReleaseBatch.released_on)
    query = select(SurveyVersion.survey_id, year, func.count()).join(
        Response, Response.survey_version_id == SurveyVersion.id
    )
    rows = session.execute(join_release(query).group_by(SurveyVersion.survey_id, year))
    return {(int(survey_id), int(y)): int(n) for survey_id, y, n in rows}


def respondents_as_shown(session: Session, k: int = DEFAULT_K) -> dict[int, Count]:
    """Each survey's respondents of all time, as the sum of what its yearly findings pages show."""
    parts: dict[int, list[Count]] = defaultdict(list)
    for (survey_id, _year), n in respondents_by_year(session).items():
        parts[survey_id].append(suppress(n, k))
    return {survey_id: sum_as_shown(counts) for survey_id, counts in parts.items()}


def _quarter(day: dt.date) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def survey_findings(
    session: Session,
    keyring: Keyring,
    survey: Survey,
    *,
    year: int,
    user_id: int | None,
    k: int = DEFAULT_K,
) -> SurveyFindings:
    """A survey's answers for one calendar year added up; free text only as theme counts. The read is audit-logged."""
    start, end = reporting_year(year)
    responses = list(
        session.scalars(
            _in_period(survey, start, end).options(selectinload(Response.version).selectinload(SurveyVersion.questions))
        )
    )
    findings = SurveyFindings(survey, start, end, k, suppress(len(responses), k))
    if findings.respondents.suppressed or not responses:
        return findings
    answers_by_key: dict[str, list[Any]] = defaultdict(list)
    for response in responses:
        opened = _open(keyring, response)
        if opened is None:
            continue
        for key, value in opened[0].items():
            answers_by_key[key].append(value)
    for q in survey.current_version.questions:
        if q.kind not in {"text", PAIRING_KIND}:  # a pairing code is a hash, never a figure
            findings.distributions.append(_distribution(q, answers_by_key.get(q.key, []), k, len(responses)))
    ids = _in_period(survey, start, end).with_only_columns(Response.id).scalar_subquery()
    findings.themes = _theme_findings(session, ids, k)
    # By quarter within the year, suppressed against the year's total: the quarters are never a view of their own.
    quarters = Counter({f"{year} Q{q}": 0 for q in range(1, 5)})
    days = session.scalars(select(release_day()).select_from(Response).where(Response.id.in_(ids)))
    quarters.update(_quarter(day) for day in days)
    findings.by_quarter = _grouped_counts(quarters, k)
    findings.by_group = _breakdowns(session, ids, k, len(responses))
    analysed = session.scalar(
        select(func.count()).select_from(ResponseAnalysis).where(ResponseAnalysis.response_id.in_(ids))
    )
    findings.unanalysed = len(responses) - (analysed or 0)
    record(session, user_id, "findings.read", "survey", survey.id, responses=len(responses))
    return findings


def theme_row(counts: Counter[str], k: int) -> tuple[dict[str, Count], Count]:
    """One theme's responses by polarity and in all, as a year's findings page shows them."""
    cells = {p: counts.get(p, 0) for p in POLARITIES}
    table = suppress_table(cells, [list(cells)], k)
    shown_total = suppress(sum(cells.values()), k)
    if table.hidden_totals and not shown_total.suppressed:
        shown_total = Count(shown_total.value, True, SECONDARY_LABEL)
    return table.counts, shown_total


def _theme_findings(session: Session, ids: Any, k: int) -> list[ThemeFinding]:
    labels = theme_labels(session)
    tallies: dict[str, Counter[str]] = defaultdict(Counter)
    for code, polarity in session.execute(
        select(ResponseTheme.theme_code, ResponseTheme.polarity).where(ResponseTheme.response_id.in_(ids))
    ):
        tallies[code][polarity] += 1
    found = []
    for code, counts in tallies.items():
        shown, shown_total = theme_row(counts, k)
        found.append(ThemeFinding(code, labels.get(code, code), shown, shown_total))
    found.sort(key=lambda f: (-f.total.value, f.label))
    return found


NOT_KNOWN_LABEL = "Not known (not said, or not themed yet)"


def _breakdowns(
    session: Session, ids: Any, k: int, respondents: int | None = None
) -> dict[str, list[tuple[str, Count]]]:
    """Who answered, by group, agency type and tier; each a partition of the year's respondents when given.

    The respondents are shown beside each breakdown, so those it does not place (who did not say, or whose
    response is not themed yet) are a part of it, suppressed with the others and shown as "Not known".
    """
    rows = list(
        session.execute(
            select(ResponseAnalysis.respondent_group, ResponseAnalysis.agency_type, ResponseAnalysis.tier).where(
                ResponseAnalysis.response_id.in_(ids)
            )
        )
    )
    out = {}
    words = {"respondent group": AUDIENCES, "tier of intervention": _tier_labels()}
    for index, name in enumerate(("respondent group", "agency type", "tier of intervention")):
        counter = Counter(str(row[index]) for row in rows if row[index])
        if not counter:
            continue
        if respondents is not None:
            counter[NO_ANSWER] = max(respondents - sum(counter.values()), 0)
        parts = suppress_parts(dict(counter), k)
        unplaced = parts.pop(NO_ANSWER, None)
        out[name] = sorted((words.get(name, {}).get(v, v), c) for v, c in parts.items())
        if unplaced is not None and (unplaced.value or unplaced.suppressed):
            out[name].append((NOT_KNOWN_LABEL, unplaced))
    return out


@functools.cache
def _tier_labels() -> dict[str, str]:
    """The stored values of the installed surveys' tier question, in the words respondents chose them by."""
    return {
        str(o["value"]): str(o["label"])
        for template in load_templates()
        for page in template["pages"]
        for q in page["questions"]
        if q["key"] == TIER_QUESTION
        for o in q.get("options") or []
        if isinstance(o, dict)
    }


@dataclass(frozen=True)
class EmergingTopic:
    terms: tuple[str, ...]
    size: Count  # people whose answer it is the main topic of, suppressed under k
    quotes: tuple[tuple[str, str], ...]  # (month, stripped text), opened now and audit-logged


def emerging_topics(
    session: Session,
    keyring: Keyring,
    *,
    year: int,
    user_id: int | None,
    k: int = DEFAULT_K,
    confident: float = 0.6,
) -> list[EmergingTopic]:
    """Recurring topics in a calendar year's answers that no codebook theme covers confidently, with quotes.

    The answers are opened in memory; only the topics' top terms, sizes and a few stripped quotes leave
    this function, and each quote shown is audit-logged. Topics raised by fewer than k people are left out.
    """
    from analysis.emerging import emerging_themes

    start, end = reporting_year(year)
    covered = select(ResponseTheme.response_id).where(ResponseTheme.score >= confident)
    responses = session.execute(
        select(Response, release_day())
        .where(released_between(start, end), Response.id.not_in(covered))
        .options(selectinload(Response.version).selectinload(SurveyVersion.questions))
        .order_by(Response.id)
    )
    texts, owners = [], []
    for response, released_on in responses:
        opened = _open(keyring, response)
        text = free_text_of(response.version, opened[0], opened[1]) if opened else ""
        if text:
            texts.append(text)
            owners.append((response, released_on))
    known = [phrase for t in session.scalars(select(Theme)) for phrase in t.indicative]
    topics = []
    for topic in emerging_themes(texts, known_terms=known, min_size=k):
        quotes = []
        for index in topic.examples:
            response, released_on = owners[index]
            record(session, user_id, "response.quote_read", "response", response.id, emerging=True)
            quotes.append((f"{released_on:%B %Y}", texts[index]))
        topics.append(EmergingTopic(topic.terms, suppress(topic.size, k), tuple(quotes)))
    return topics
