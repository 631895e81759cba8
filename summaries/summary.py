"""The Summary: everything the review screen, the PDF and the exports show, derived once from (bank, intake).

`build_summary` is a pure function. Renderers read the Summary and never look at raw answers again.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from questions import Bank, Intake, Kind, Question, is_answered, shown_ids, tr

TITLE = "Patient-reported pre-visit summary"
DISCLAIMER = (
    "Not a diagnosis, not a treatment recommendation. Every answer below was reported by the patient "
    "before the visit and has not been checked by a clinician."
)


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


class SectionSummary(_Frozen):
    """A section's answered questions and the shown questions left blank."""

    id: str
    title: str
    items: list[Item]
    unanswered: list[str] = Field(default_factory=list, description="Labels of shown questions left blank.")


class Summary(_Frozen):
    """What the patient reported, in words, grouped by section."""

    title: str = TITLE
    disclaimer: str = DISCLAIMER
    bank_id: str
    bank_version: str
    bank_title: str
    language: str
    patient_name: str
    date_of_birth: str
    created: dt.date
    sections: list[SectionSummary]
    intake: Intake = Field(description="The answers the summary was made from (embedded in the PDF).")


def format_date(value: str) -> str:
    """An ISO date as '31 Mar 2024', readable the same way in every country."""
    try:
        return dt.date.fromisoformat(value).strftime("%d %b %Y").lstrip("0")
    except ValueError:
        return value


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def format_answer(q: Question, value: object, language: str = "en") -> Item:
    """The answer to one question in words."""
    item = {"question_id": q.id, "question": tr(q.label, language), "kind": q.kind}
    if q.kind in (Kind.SINGLE_CHOICE, Kind.YES_NO) and isinstance(value, str):
        option = q.option(value)
        return Item(**item, text=tr(option.label, language) if option else value)
    if q.kind is Kind.MULTIPLE_CHOICE and isinstance(value, list):
        labels = [tr(o.label, language) if (o := q.option(v)) else str(v) for v in value]
        return Item(**item, text="; ".join(labels), choices=labels)
    if q.kind is Kind.DATE and isinstance(value, str):
        return Item(**item, text=format_date(value))
    if q.kind is Kind.NUMBER:
        if isinstance(value, dict):
            unit = next((u for u in q.units if u.id == value.get("unit")), None)
            label = tr(unit.label, language) if unit else str(value.get("unit", ""))
            return Item(**item, text=f"{_number(value.get('value', ''))} {label}".strip())  # type: ignore[arg-type]
        unit_text = tr(q.unit, language)
        return Item(**item, text=f"{_number(value)} {unit_text}".strip())  # type: ignore[arg-type]
    if q.kind is Kind.SCALE and isinstance(value, int):
        anchors = "; ".join(f"{k} = {tr(v, language)}" for k, v in sorted(q.anchors.items()))
        return Item(**item, text=f"{value} of {_number(q.max or 10)}" + (f" ({anchors})" if anchors else ""))
    if q.kind is Kind.LIST and isinstance(value, list):
        rows = [[str(r.get(f.id, "")) for f in q.fields] for r in value if isinstance(r, dict) and is_answered([r])]
        table = Table(headers=[tr(f.label, language) for f in q.fields], rows=rows)
        return Item(**item, text=f"{len(rows)} listed", table=table)
    return Item(**item, text=str(value))


def build_summary(bank: Bank, intake: Intake, created: dt.date | None = None) -> Summary:
    """Derive the Summary of these answers: shown, answered questions in words, grouped by section."""
    language = intake.language
    answers = intake.answers
    shown = shown_ids(bank, answers)
    sections = []
    for section in bank.sections:
        items, unanswered = [], []
        for q in section.questions:
            if q.id not in shown:
                continue
            value = answers.get(q.id)
            if is_answered(value):
                items.append(format_answer(q, value, language))
            else:
                unanswered.append(tr(q.label, language))
        sections.append(
            SectionSummary(id=section.id, title=tr(section.title, language), items=items, unanswered=unanswered)
        )
    name = answers.get(bank.name_question)
    born = answers.get(bank.birth_date_question)
    return Summary(
        bank_id=bank.id,
        bank_version=bank.version,
        bank_title=tr(bank.title, language),
        language=language,
        patient_name=name.strip() if isinstance(name, str) and name.strip() else "Name not given",
        date_of_birth=format_date(born) if isinstance(born, str) and born else "not given",
        created=created or dt.date.today(),
        sections=sections,
        intake=intake,
    )
