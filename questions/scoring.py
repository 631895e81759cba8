"""Scores of the bank's validated instruments (PHQ-9, GAD-7, ...), computed from the bank's data alone.

Nothing here knows an instrument by its id: items, option scores, sum or mean, published ranges,
cut-offs and safety items all come from the bank (`instruments.yaml` and the section files); their papers
and licences are listed in docs/clinical-sources.md. The sentences (questions/words, `scores`) read:
"PHQ-9 total 17 of 27. Published range 15-19: 'moderately severe' (Kroenke 2001). A screening score, not a
diagnosis." An instrument with an unanswered item has no total.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from pydantic import BaseModel, ConfigDict, Field

from questions.check import shown_ids
from questions.intake import Intake
from questions.schema import Bank, Condition, Instrument, QuestionBase, tr, wording_in
from questions.words import DEFAULT_LANGUAGE, format_number, marked, raw, say

DISCLAIMER = raw(DEFAULT_LANGUAGE, "scores.disclaimer")
"""The disclaimer after every score, in English (the FHIR Questionnaire's item text uses it)."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ScreenResult(_Frozen):
    """One published positive-screen rule and how this total compares with it."""

    at_least: float = Field(description="A total at or above this is a positive screen.")
    applies_to: str | None = Field(default=None, description="Whom the rule is for ('men'), or None for everyone.")
    applies: bool = Field(description="The answers say this is the rule for this patient (or it is for everyone).")
    met: bool | None = Field(description="The total is at or above the cut-off; None without a total.")


class Score(_Frozen):
    """One instrument's score, ready to show: the numbers and the sentence that reports them."""

    instrument_id: str
    name: str
    about: str = Field(default="", description="What its questions are about, in the patient's words; '' unset.")
    scoring: str = Field(default="sum", description="sum or mean: how the item scores make the total.")
    total: int | float | None = Field(description="Sum or mean of the items; None when any item is unanswered.")
    min_score: float
    max_score: float | None = Field(description="Highest possible total; None when the item has no upper limit.")
    decimals: int = Field(description="Decimals the total is shown with.")
    answered: int = Field(description="Items the patient answered (shown and with a valid answer).")
    items: int = Field(description="Number of scored items.")
    item_scores: dict[str, int | None] = Field(description="Each item's score; None when missing.")
    band: str | None = Field(default=None, description="Label of the published range the total is in.")
    band_low: float | None = None
    band_high: float | None = None
    screens: list[ScreenResult] = Field(default_factory=list, description="The positive-screen rules reported.")
    positive: bool | None = Field(
        default=None,
        description="Positive screen by the rule(s) that apply; None without a total, without rules, or when "
        "the rules reported disagree and the answers do not say which applies.",
    )
    citation: str
    short_citation: str
    reuse: str
    note: str | None = None
    validated: bool = Field(
        default=True,
        description="The wording asked is a published, validated version in this language (the bank's "
        "`validated_in`); False: a plain translation, which the summary says.",
    )
    text: str = Field(description="The score in words, as the review screen and the PDF print it.")
    headline: str = Field(
        default="", description="The bank's first sentence of a complete score ('PHQ-9 total 17 of 27.'); '' without."
    )

    @property
    def complete(self) -> bool:
        """Whether every item was answered, so there is a total."""
        return self.total is not None


class SafetyAlert(_Frozen):
    """A safety answer (an instrument's safety item above its threshold, or a question's `safety_when`
    value): for the crisis panel and page 1 of the PDF."""

    instrument_id: str | None = Field(description="The instrument asking it, or None for a plain question.")
    question_id: str
    question: str = Field(description="The item as the patient read it.")
    answer: str = Field(description="The answer the patient gave, in words.")
    score: int | None = Field(description="The item's score, for an instrument item.")


# --- item scores ---------------------------------------------------------------------------------------


def item_score_range(q: QuestionBase) -> tuple[float, float | None] | None:
    """Lowest and highest score of an item (highest None when unbounded), or None if it cannot be scored.

    Scored items are: a single choice with a score on every option, a scale, or a whole number (min set);
    each kind says so itself (questions/kinds/).
    """
    return q.score_range()


def item_score(q: QuestionBase, value: object) -> int | None:
    """The score of one answer to a scored item, or None when it is missing or not a valid answer."""
    return q.item_score(value)


def total_range(bank: Bank, instrument: Instrument) -> tuple[float, float | None]:
    """Lowest and highest possible total of an instrument (highest None when unbounded).

    Raises ValueError when an item cannot be scored (the loader reports it with the file and instrument).
    """
    lows: list[float] = []
    highs: list[float | None] = []
    for item in instrument.items:
        found = item_score_range(bank.question(item))
        if found is None:
            raise ValueError(f"item '{item}' cannot be scored")
        low, high = found
        if instrument.skipped_item_score is not None:
            low = min(low, instrument.skipped_item_score)
            high = None if high is None else max(high, instrument.skipped_item_score)
        lows.append(low)
        highs.append(high)
    known_highs = [h for h in highs if h is not None]
    top = sum(known_highs) if len(known_highs) == len(highs) else None
    if instrument.scoring == "mean":
        count = len(instrument.items)
        return sum(lows) / count, None if top is None else top / count
    return sum(lows), top


# --- formatting ---------------------------------------------------------------------------------------


def _number(value: float) -> str:
    return f"{value:g}"


def _total_text(total: int | float, decimals: int) -> str:
    return f"{total:.{decimals}f}" if decimals else _number(total)


def _combine(instrument: Instrument, scores: list[int]) -> int | float:
    if instrument.scoring == "sum" and instrument.decimals == 0:
        return sum(scores)
    exact = Decimal(sum(scores)) / (len(scores) if instrument.scoring == "mean" else 1)
    rounded = exact.quantize(Decimal(1).scaleb(-instrument.decimals), rounding=ROUND_HALF_UP)
    return int(rounded) if instrument.decimals == 0 else float(rounded)


def _holds(condition: Condition, answers: Mapping[str, object], shown: set[str]) -> bool:
    if condition.question not in shown:
        return False
    return condition.holds(answers.get(condition.question))


def _screens(
    instrument: Instrument,
    total: int | float | None,
    answers: Mapping[str, object],
    shown: set[str],
    language: str,
) -> list[ScreenResult]:
    """The rules to report: those that apply; all of them when the answers do not say which applies."""
    holding = [c for c in instrument.cutoffs if c.when is not None and _holds(c.when, answers, shown)]
    results = []
    for cutoff in instrument.cutoffs:
        applies = cutoff.when is None or cutoff in holding
        if cutoff.when is not None and holding and not applies:
            continue
        met = None if total is None else total >= cutoff.at_least
        whom = tr(cutoff.applies_to, language) if cutoff.applies_to else None
        results.append(ScreenResult(at_least=cutoff.at_least, applies_to=whom, applies=applies, met=met))
    return results


def _positive(screens: list[ScreenResult]) -> bool | None:
    if not screens or any(s.met is None for s in screens):
        return None
    applying = [s for s in screens if s.applies]
    if applying:
        return any(s.met for s in applying)
    outcomes = {s.met for s in screens}
    return outcomes.pop() if len(outcomes) == 1 else None


@dataclass(frozen=True)
class CutoffWords:
    """The catalogue keys of one wording of the cut-off sentences: the Score's sentence (`SCORE_CUTOFFS`) or
    the PDF's score table (summaries/pdf_glance.py). Keys are written out whole, so each can be found."""

    cutoff: str  # {at_least} {short}: the rule for everyone
    cutoff_for: str  # {at_least} {short} {whom}: a rule for some patients
    positive_answer: str
    positive_total: str
    below_answer: str
    below_total: str
    rule_at_or_above: str  # {at_least} {whom}: one rule of several, when the answers do not say which applies
    rule_below: str
    unsure_answer: str  # {short} {rules}: those rules, together
    unsure_total: str


SCORE_CUTOFFS = CutoffWords(
    cutoff="scores.cutoff",
    cutoff_for="scores.cutoff_for",
    positive_answer="scores.positive_answer",
    positive_total="scores.positive_total",
    below_answer="scores.below_answer",
    below_total="scores.below_total",
    rule_at_or_above="scores.rule_at_or_above",
    rule_below="scores.rule_below",
    unsure_answer="scores.cutoffs_unsure_answer",
    unsure_total="scores.cutoffs_unsure_total",
)


def cutoff_sentences(
    screens: list[ScreenResult], short: str, single: bool, language: str, words: CutoffWords = SCORE_CUTOFFS
) -> list[str]:
    """How a total (or a single item's answer) compares with its published cut-offs, in `words`: a sentence
    per rule that applies, or, when the answers do not say which applies, one sentence with every rule."""
    applying = [s for s in screens if s.applies]
    sentences = []
    for s in applying:
        fields = {"at_least": _number(s.at_least), "short": short}
        if s.applies_to:
            cutoff = say(language, words.cutoff_for, whom=s.applies_to, **fields)
        else:
            cutoff = say(language, words.cutoff, **fields)
        if s.met:
            verdict = say(language, words.positive_answer if single else words.positive_total)
        else:
            verdict = say(language, words.below_answer if single else words.below_total)
        sentences.append(f"{cutoff} {verdict}")
    if screens and not applying:
        everyone = say(language, "scores.everyone")
        rules = "; ".join(
            say(
                language,
                words.rule_at_or_above if s.met else words.rule_below,
                at_least=_number(s.at_least),
                whom=s.applies_to or everyone,
            )
            for s in screens
        )
        sentences.append(say(language, words.unsure_answer if single else words.unsure_total, short=short, rules=rules))
    return sentences


# --- public -------------------------------------------------------------------------------------------


def score_instrument(
    bank: Bank, instrument: Instrument, intake: Intake, shown: set[str] | None = None, language: str | None = None
) -> Score:
    """One instrument's Score for these answers (whether or not its items are shown), in `language` (default:
    the one the patient answered in). Whether its wording is validated goes by the language it was asked in."""
    answers = intake.answers
    shown = shown_ids(bank, answers) if shown is None else shown
    item_scores: dict[str, int | None] = {}
    answered = 0
    for item in instrument.items:
        if item in shown:
            value = item_score(bank.question(item), answers.get(item))
            answered += value is not None
        else:
            value = instrument.skipped_item_score
        item_scores[item] = value
    scores = [s for s in item_scores.values() if s is not None]
    total = _combine(instrument, scores) if len(scores) == len(item_scores) else None
    low, high = total_range(bank, instrument)
    band = None if total is None else next((b for b in instrument.bands if b.low <= total <= b.high), None)
    language = language or intake.language
    screens = _screens(instrument, total, answers, shown, language)
    source = instrument.source
    count = len(instrument.items)
    name = tr(instrument.name, language)
    wording = wording_in(instrument, intake.language)
    validated = wording != "not_validated"
    key = "scores.unconfirmed" if wording == "unconfirmed" else "scores.not_validated"
    unvalidated = "" if wording == "published" else say(language, key)
    note = " ".join(t for t in (tr(instrument.note, language), unvalidated) if t) or None
    band_label = tr(band.label, language) if band is not None else None
    headline = ""
    if total is None:
        text = say(language, "scores.no_total", name=name, answered=answered, items=count)
    else:
        fields = {
            "name": name,
            "total": _total_text(total, instrument.decimals),
            "max": "" if high is None else _number(high),
        }
        if instrument.total_text:
            headline = tr(instrument.total_text, language).format(**fields)
        else:
            headline = say(language, "scores.total", **fields)
        parts = [headline]
        if band is not None:
            parts.append(
                say(
                    language,
                    "scores.band",
                    low=_number(band.low),
                    high=_number(band.high),
                    label=band_label,
                    short=source.short,
                )
            )
        parts.extend(cutoff_sentences(screens, source.short, count == 1, language))
        if note:
            parts.append(note)
        parts.append(say(language, "scores.disclaimer"))
        text = " ".join(parts)
    return Score(
        instrument_id=instrument.id,
        name=name,
        about=tr(instrument.about, language),
        scoring=instrument.scoring,
        total=total,
        min_score=low,
        max_score=high,
        decimals=instrument.decimals,
        answered=answered,
        items=count,
        item_scores=item_scores,
        band=band_label,
        band_low=band.low if band else None,
        band_high=band.high if band else None,
        screens=screens,
        positive=_positive(screens),
        citation=tr(source.citation, language),
        short_citation=source.short,
        reuse=tr(source.reuse, language),
        note=note,
        validated=validated,
        text=text,
        headline=headline,
    )


def score(bank: Bank, intake: Intake, *, shown: set[str] | None = None, language: str | None = None) -> list[Score]:
    """The Score of every instrument with at least one item shown given the answers, in bank order.

    `shown`: the shown question ids when the caller has worked them out already; `language`: the language of
    the words (default: the one the patient answered in).
    """
    shown = shown_ids(bank, intake.answers) if shown is None else shown
    return [
        score_instrument(bank, instrument, intake, shown, language)
        for instrument in bank.instruments
        if any(item in shown for item in instrument.items)
    ]


def patient_words(score: Score, language: str) -> str:
    """The score as the review step tells the patient: what the answers add up to, out of what, with no
    published range, cut-off or citation (those are the provider's, on the PDF)."""
    if score.about:
        key = "review.topic_one" if score.items == 1 else "review.topic"
        topic = say(language, key, about=score.about, name=score.name)
    else:
        topic = marked(language, score.name)
    if score.total is None:
        return say(language, "review.score_none", topic=topic, answered=score.answered, items=score.items)
    total = format_number(score.total, language)
    if score.max_score is None:
        return say(language, "review.score_count", topic=topic, total=total)
    top = format_number(score.max_score, language)
    if score.scoring == "mean":
        return say(language, "review.score_mean", topic=topic, total=total, max=top)
    return say(language, "review.score_total", topic=topic, total=total, max=top)


def safety_alerts(
    bank: Bank, intake: Intake, *, shown: set[str] | None = None, language: str | None = None
) -> list[SafetyAlert]:
    """Answers to the bank's safety items above their threshold (e.g. PHQ-9 item 9 above 0), shown items only.

    `shown`: the shown question ids when the caller has worked them out already; `language`: the language of
    the words (default: the one the patient answered in).
    """
    words = language or intake.language
    answers = intake.answers
    shown = shown_ids(bank, answers) if shown is None else shown
    alerts = []
    for instrument in bank.instruments:
        for rule in instrument.safety:
            if rule.item not in shown:
                continue
            q = bank.question(rule.item)
            value = answers.get(rule.item)
            points = item_score(q, value)
            if points is None or points <= rule.above:
                continue
            option = q.option(value) if isinstance(value, str) else None
            alerts.append(
                SafetyAlert(
                    instrument_id=instrument.id,
                    question_id=q.id,
                    question=tr(q.label, words),
                    answer=tr(option.label, words) if option else _number(points),
                    score=points,
                )
            )
    for q in bank.questions():
        value = answers.get(q.id)
        if q.safety_when and q.id in shown and isinstance(value, str) and value in q.safety_when:
            option = q.option(value)
            alerts.append(
                SafetyAlert(
                    instrument_id=None,
                    question_id=q.id,
                    question=tr(q.label, words),
                    answer=tr(option.label, words) if option else value,
                    score=None,
                )
            )
    from questions.safety_net import unknown_safety

    for qid, answer in unknown_safety(bank, intake, shown, words):  # a past attempt with its timing not given counts
        q = bank.question(qid)
        alerts.append(
            SafetyAlert(instrument_id=None, question_id=qid, question=tr(q.label, words), answer=answer, score=None)
        )
    order = {q.id: n for n, q in enumerate(bank.questions())}
    return sorted(alerts, key=lambda a: order.get(a.question_id, 0))


def safety_question_ids(bank: Bank) -> set[str]:
    """Ids of every question whose answer can raise a safety alert."""
    return (
        {rule.item for i in bank.instruments for rule in i.safety}
        | {q.id for q in bank.questions() if q.safety_when}
        | {e.question for e in bank.self_harm if e.unknown_is_safety}
    )


def instrument_of(bank: Bank, question_id: str) -> Instrument | None:
    """The instrument that asks this question (as a scored or unscored item), if any."""
    return next(
        (i for i in bank.instruments if question_id in i.items or question_id in i.unscored_items),
        None,
    )
