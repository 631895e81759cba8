"""The Summary: everything the review screen, the PDF and the exports show, derived once from (bank, intake).

`build_summary` is a pure function. Renderers read the Summary and never look at raw answers again:
the answers by section, the instrument scores, the safety answers, what brings the patient, and the
answers the bank flags for the provider's review, plus the clinic details the caller passes in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import cast

from pydantic import BaseModel, ConfigDict, Field

from questions import Bank, Intake, Kind, Problem, Question, Score, is_answered, score, shown_ids, tr
from questions.check import problem_with
from questions.clinic import Clinic, default_crisis_lines
from questions.intake import Answer
from questions.safety_net import SafetyGap, ScreenOutcome, safety_gaps, screen_outcomes
from questions.schema import Instrument, QuestionBase, Screen, wording_in
from questions.scoring import SafetyAlert, safety_alerts
from questions.words import DEFAULT_LANGUAGE, PSEUDO, format_date, locale_of, marked, raw, say
from summaries.reproducible import creation_date

TITLE = raw(DEFAULT_LANGUAGE, "summary.title")
"""The summary's title in English (the Summary itself carries it in its own language)."""
DISCLAIMER = raw(DEFAULT_LANGUAGE, "summary.disclaimer")
"""The disclaimer in English (the Summary itself carries it in its own language)."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Table(_Frozen):
    """A repeatable list's rows, ready to print."""

    headers: list[str]
    rows: list[list[str]]


class Item(_Frozen):
    """One answered question: the question as the patient read it and the answer in words."""

    question_id: str
    question: str
    kind: Kind
    text: str = Field(default="", description="The answer as one line or paragraph.")
    choices: list[str] = Field(default_factory=list, description="Picked options of a multiple choice.")
    table: Table | None = Field(default=None, description="The rows of a list.")
    value: Answer | None = Field(default=None, description="The answer as stored (what the FHIR export carries).")
    problem: str | None = Field(default=None, description="What is wrong with the answer; None when it is valid.")


class SectionSummary(_Frozen):
    """A section's answered questions and the shown questions left blank."""

    id: str
    title: str
    items: list[Item]
    unanswered: list[str] = Field(default_factory=list, description="Labels of shown questions left blank.")
    notes: list[str] = Field(
        default_factory=list,
        description="'PEG: asked in Spanish; translation not validated.' for each such instrument asked here.",
    )


class ReviewLine(_Frozen):
    """One answer the bank flags for the provider (`review` / `review_when`), as what the patient reported."""

    question_id: str
    section: str = Field(description="Title of the section that asks it.")
    text: str = Field(description="The bank's review text, with the flagged options picked, if any.")


class SafetyLine(_Frozen):
    """A safety answer (a self-harm item above its threshold), for the banner at the top of page 1."""

    question_id: str
    context: str = Field(
        default="", description="Where it was asked: 'PHQ-9 item 9', or the earlier question and answer it follows."
    )
    question: str = Field(description="The question as the patient read it.")
    answer: str = Field(description="The answer given, in words.")


class Concerns(_Frozen):
    """What brings the patient: the section after the one asking the patient's name (bank data, not ids)."""

    section_id: str
    section_title: str
    picked: list[str] = Field(default_factory=list, description="Labels picked in its multiple-choice question(s).")
    details: list[Item] = Field(default_factory=list, description="Its other short answers (how long, other...).")
    own_words: str = Field(default="", description="Its free-text answer(s), in the patient's own words.")
    own_words_question: str = ""

    @property
    def empty(self) -> bool:
        return not (self.picked or self.details or self.own_words)


class ClinicHeader(_Frozen):
    """The clinic details printed at the top of page 1 (all optional; none means a neutral page)."""

    name: str | None = None
    address: str | None = None
    phone: str | None = None
    logo: str | None = Field(default=None, description="Path of a PNG or JPEG logo, from the clinic settings.")

    @property
    def empty(self) -> bool:
        return not (self.name or self.address or self.phone or self.logo)


class Summary(_Frozen):
    """What the patient reported, in words, grouped by section, with what page 1 shows at a glance."""

    bank_id: str
    bank_version: str
    bank_title: str
    language: str = Field(description="The language the summary is written in (its headings, questions, scores).")
    title: str = Field(default_factory=lambda data: say(data["language"], "summary.title"))
    disclaimer: str = Field(default_factory=lambda data: say(data["language"], "summary.disclaimer"))
    patient_name: str = Field(description="The name as given, or the words saying it was not given.")
    name_given: bool = Field(default=True, description="Whether the patient gave a name (patient_name is theirs).")
    date_of_birth: str
    created: dt.date
    sections: list[SectionSummary]
    intake: Intake = Field(description="The answers the summary was made from (embedded in the PDF).")
    problems: list[Problem] = Field(
        default_factory=list, description="What the patient still needs to fix (shown questions only)."
    )
    scores: list[Score] = Field(default_factory=list, description="Each shown instrument's score, in bank order.")
    safety: list[SafetyLine] = Field(default_factory=list, description="Safety answers: a banner on page 1.")
    gaps: list[SafetyGap] = Field(
        default_factory=list, description="Self-harm questions left unanswered or declined: a line each on page 1."
    )
    score_notes: dict[str, str] = Field(
        default_factory=dict,
        description="Instrument id -> a sentence for its page-1 row: the total against a published range, or "
        "why every cut-off is shown.",
    )
    screens: list[ScreenOutcome] = Field(
        default_factory=list, description="Yes / no screens (ASQ) with their published result, for page 1."
    )
    concerns: Concerns | None = Field(default=None, description="What brings the patient, for page 1.")
    review: list[ReviewLine] = Field(
        default_factory=list, description="'Answers your provider may want to review', in bank order."
    )
    clinic: ClinicHeader | None = Field(default=None, description="The clinic's header; None: a neutral page.")
    crisis_lines: list[str] = Field(
        default_factory=lambda data: default_crisis_lines(data["language"]),
        description="The crisis contacts the app showed the patient (the clinic's, else the US defaults).",
    )
    paper_size: str = Field(default="letter", description="The clinic's paper size: 'letter' or 'a4'.")
    answered_in: str = Field(
        default_factory=lambda data: data["language"],
        description="The language the patient answered in (a code; the summary's own language unless told).",
    )
    language_note: str = Field(
        default="",
        description="Page 1, when the patient answered in another language than the summary's: 'Answered in "
        "Spanish; the patient's own words are not translated.'",
    )
    translation_notes: dict[str, str] = Field(
        default_factory=dict,
        description="Instrument or screen id -> 'PEG: asked in Spanish; translation not validated.', for each one "
        "shown whose validated languages lack the one the patient answered in.",
    )


def format_answer(q: QuestionBase, value: Answer, language: str = DEFAULT_LANGUAGE, problem: str | None = None) -> Item:
    """The answer to one question in words (its kind says how), with the answer itself and its problem if any."""
    said = q.words(value, language)
    table = Table(headers=said.headers or [], rows=said.rows) if said.rows is not None else None
    return Item(
        question_id=q.id,
        question=tr(q.label, language),
        kind=q.kind,
        text=said.text,
        choices=said.choices,
        table=table,
        value=value,
        problem=problem,
    )


def review_line(
    q: Question,
    value: object,
    language: str = DEFAULT_LANGUAGE,
    bank: Bank | None = None,
    answers: Mapping[str, object] | None = None,
    shown: set[str] | None = None,
) -> str | None:
    """The 'may want to review' line for this answer, with the facts its review text names (summaries.facts),
    or None when the answer is not in `review_when`."""
    from summaries.facts import review_line as line

    # The bank's own text, unmarked (the pseudo-language reads English), so its colon, brackets and examples
    # can be found.
    plain = DEFAULT_LANGUAGE if language == PSEUDO else language
    given = answers if answers is not None else {q.id: value}
    seen = shown if shown is not None else ({q.id} if bank is None else shown_ids(bank, given))

    def find(qid: str) -> QuestionBase | None:
        if bank is not None and bank.has_question(qid):
            return bank.question(qid)
        return q if qid == q.id else None

    def words(other: QuestionBase, given_value: object) -> str:
        return format_answer(other, cast(Answer, given_value), plain).text

    text = line(find, q, value, given, seen, words, plain)
    return marked(language, text) if text is not None else None


def _safety_line(bank: Bank, alert: SafetyAlert, answers: Mapping[str, object], language: str) -> SafetyLine:
    """The alert with where it was asked: the instrument item, or the earlier answer that showed it."""
    context = ""
    instrument = next((i for i in bank.instruments if i.id == alert.instrument_id), None)
    screen = next((s for s in bank.screens if alert.question_id in [*s.items, s.acuity_item]), None)
    if instrument is not None and alert.question_id in instrument.items:
        number = instrument.items.index(alert.question_id) + 1
        context = say(language, "summary.instrument_item", name=tr(instrument.name, language), number=number)
    elif screen is not None:
        number = [*screen.items, screen.acuity_item].index(alert.question_id) + 1
        context = say(language, "safety.screen_item", name=tr(screen.name, language), number=number)
    else:
        for condition in bank.question(alert.question_id).show_if or []:
            earlier = bank.question(condition.question)
            value = answers.get(condition.question)
            if is_answered(value):
                context = f"{tr(earlier.label, language)} {earlier.words(value, language).text}"
                break
    return SafetyLine(question_id=alert.question_id, context=context, question=alert.question, answer=alert.answer)


def score_notes(
    bank: Bank, intake: Intake, scores: list[Score], language: str, shown: set[str] | None = None
) -> dict[str, str]:
    """A sentence per score row where page 1 needs one: a total against a published cut-off range (PCL-5
    31-33), or, when no cut-off rule's answer holds (intersex, or not given), that answer and why each is shown."""
    answers = intake.answers
    shown = shown_ids(bank, answers) if shown is None else shown
    notes: dict[str, str] = {}
    for s in scores:
        instrument = next(i for i in bank.instruments if i.id == s.instrument_id)
        band = instrument.cutoff_range
        if band is not None and s.total is not None:
            if s.total < band.low:
                key = "glance_clinical.range_below"
            elif s.total < band.high:
                key = "glance_clinical.range_within"
            else:
                key = "glance_clinical.range_at_or_above"
            notes[s.instrument_id] = say(language, key, low=f"{band.low:g}", high=f"{band.high:g}")
        rules = [c for c in instrument.cutoffs if c.when is not None]
        if rules and s.screens and not any(r.applies for r in s.screens if r.applies_to):
            asked = bank.question(rules[0].when.question)  # type: ignore[union-attr]
            value = answers.get(asked.id) if asked.id in shown else None
            if value is not None and is_answered(value):
                given = format_answer(asked, value, language).text
                reason = say(language, "glance_clinical.reason_given", answer=given)
            else:
                reason = say(language, "glance_clinical.reason_not_given")
            whom = say(language, "glance_clinical.whom_join").join(tr(c.applies_to, language) for c in rules)
            notes[s.instrument_id] = say(language, "glance_clinical.cutoffs_reason", reason=reason, whom=whom)
    return notes


def _acute_first(bank: Bank, lines: list[SafetyLine]) -> list[SafetyLine]:
    """Safety lines in bank order, a screen's acuity answer (ASQ question 5, 'right now') first."""
    acuity = {s.acuity_item for s in bank.screens if s.acuity_item}
    return sorted(lines, key=lambda line: line.question_id not in acuity)


def _concerns(bank: Bank, sections: list[SectionSummary]) -> Concerns | None:
    """The section right after the one asking the patient's name, read as 'what brings the patient'."""
    ids = [s.id for s in bank.sections]
    about = bank.section_of(bank.name_question).id if bank.has_question(bank.name_question) else None
    if about is None or ids.index(about) + 1 >= len(ids):
        return None
    section = next(s for s in sections if s.id == ids[ids.index(about) + 1])
    picked: list[str] = []
    details: list[Item] = []
    own: list[Item] = []
    for item in section.items:
        if item.kind is Kind.MULTIPLE_CHOICE:
            picked += item.choices
        elif item.kind is Kind.LONG_TEXT:
            own.append(item)
        else:
            details.append(item)
    return Concerns(
        section_id=section.id,
        section_title=section.title,
        picked=picked,
        details=details,
        own_words="\n\n".join(i.text for i in own),
        own_words_question=own[0].question if own else "",
    )


def language_name(code: str, language: str) -> str:
    """The name of the language `code`, written in `language` (Babel's CLDR names: 'Spanish', 'inglés')."""
    from babel import Locale

    names = Locale.parse(locale_of(language)).languages
    return marked(language, names.get(code) or names.get(locale_of(code)) or code)


def _asked(bank: Bank) -> list[Instrument | Screen]:
    return [*bank.instruments, *bank.screens]


def translation_notes(bank: Bank, shown: set[str], answered_in: str, language: str) -> dict[str, str]:
    """'PEG: asked in Spanish; translation not validated.' for each instrument or screen asked (an item shown)
    whose `validated_in` lacks the language the patient answered in, and 'GAD-7: asked in Spanish; wording
    not yet checked ...' for one whose `unconfirmed_in` has it; by its id."""
    answered = DEFAULT_LANGUAGE if answered_in == PSEUDO else answered_in  # the pseudo-language is English
    notes: dict[str, str] = {}
    for asked in _asked(bank):
        items = [*asked.items, *(asked.unscored_items if isinstance(asked, Instrument) else [asked.acuity_item])]
        wording = wording_in(asked, answered)
        if wording == "published" or not shown.intersection(filter(None, items)):
            continue
        name, written = tr(asked.name, language), language_name(answered, language)
        key = "translation.unconfirmed" if wording == "unconfirmed" else "translation.not_validated"
        notes[asked.id] = say(language, key, name=name, language=written)
    return notes


def _notes_by_section(bank: Bank, notes: dict[str, str]) -> dict[str, list[str]]:
    """Each translation note under the section that asks its first item."""
    by_section: dict[str, list[str]] = {}
    for asked in _asked(bank):
        if asked.id in notes:
            by_section.setdefault(bank.section_of(asked.items[0]).id, []).append(notes[asked.id])
    return by_section


def _clinic_header(clinic: Clinic | None) -> ClinicHeader | None:
    if clinic is None:
        return None
    header = ClinicHeader(
        name=clinic.name, address=clinic.address, phone=clinic.phone, logo=str(clinic.logo) if clinic.logo else None
    )
    return None if header.empty else header


def build_summary(
    bank: Bank,
    intake: Intake,
    created: dt.date | None = None,
    clinic: Clinic | None = None,
    language: str | None = None,
    today: dt.date | None = None,
) -> Summary:
    """Derive the Summary of these answers: shown, answered questions in words, grouped by section, and
    what page 1 shows at a glance (scores, safety answers, what brings the patient, answers to review).

    `created` defaults to today (or SOURCE_DATE_EPOCH's day); `clinic` None gives a neutral summary with
    the default crisis contacts and US Letter paper. `language` is the language the summary is written in
    (default: the one the patient answered in). `today` is the day answers are checked against (dates in
    the future), by default the real today. The shown questions are worked out once, here: every output (the
    review, the PDF, the FHIR export) reads them from the Summary.
    """
    language = language or intake.language
    answers = intake.answers
    shown = shown_ids(bank, answers)
    # Scores and safety lines are worded in the summary's language; 'validated' follows the language the
    # questions were asked in (the intake's). The answers are the patient's, as given.
    notes = translation_notes(bank, shown, intake.language, language)
    # A score's note is the instrument's own: 'not validated' is said once, by the translation note (which
    # names the language), on the score's row and in its section.
    own_note = {i.id: tr(i.note, language) or None for i in bank.instruments}
    scores = [
        s.model_copy(update={"note": own_note[s.instrument_id]}) if s.instrument_id in notes else s
        for s in score(bank, intake, shown=shown, language=language)
    ]
    section_notes = _notes_by_section(bank, notes)
    sections = []
    review = []
    problems: list[Problem] = []
    for section in bank.sections:
        items, unanswered = [], []
        title = tr(section.title, language)
        for q in section.questions:
            if q.id not in shown:
                continue
            value = answers.get(q.id)
            problem = problem_with(q, value, language, today)
            if problem:
                problems.append(Problem(q.id, problem))
            if value is not None and is_answered(value):
                items.append(format_answer(q, value, language, problem))
                line = review_line(q, value, language, bank, answers, shown)
                if line:
                    review.append(ReviewLine(question_id=q.id, section=title, text=line))
            else:
                unanswered.append(tr(q.label, language))
        sections.append(
            SectionSummary(
                id=section.id,
                title=title,
                items=items,
                unanswered=unanswered,
                notes=section_notes.get(section.id, []) if items else [],
            )
        )
    name = answers.get(bank.name_question)
    name_given = isinstance(name, str) and bool(name.strip())
    born = answers.get(bank.birth_date_question)
    return Summary(
        bank_id=bank.id,
        bank_version=bank.version,
        bank_title=tr(bank.title, language),
        language=language,
        patient_name=name.strip() if isinstance(name, str) and name_given else say(language, "summary.no_name"),
        name_given=name_given,
        date_of_birth=format_date(born, language)
        if isinstance(born, str) and born
        else say(language, "summary.not_given"),
        created=created or creation_date(),
        sections=sections,
        intake=intake,
        problems=problems,
        scores=scores,
        safety=_acute_first(
            bank,
            [
                _safety_line(bank, a, answers, language)
                for a in safety_alerts(bank, intake, shown=shown, language=language)
            ],
        ),
        gaps=safety_gaps(bank, intake, shown, language),
        screens=screen_outcomes(bank, intake, shown, language),
        score_notes=score_notes(bank, intake, scores, language, shown),
        concerns=_concerns(bank, sections),
        review=review,
        clinic=_clinic_header(clinic),
        crisis_lines=clinic.crisis_lines_in(language) if clinic else default_crisis_lines(language),
        paper_size=clinic.paper_size if clinic else "letter",
        answered_in=intake.language,
        language_note=""
        if intake.language == language
        else say(language, "translation.answered_in", language=language_name(intake.language, language)),
        translation_notes=notes,
    )
