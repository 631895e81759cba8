"""Follow-up visits as bank data: the check-in asked first, the questionnaires asked again, the rest carried over.

`questions/bank/follow_up.yaml` names the check-in section files (not in bank.yaml: a first visit never
shows them), the instruments asked again, the side-effect questions and the trend, and the published
definitions printed beside a change. `follow_up_bank(bank)` is the bank a follow-up is answered with: the
check-in first, then every section of the bank (same id and version, so answers move freely between them).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from questions import yamlfile
from questions.intake import Intake
from questions.loader import BANK_DIR, BankError, check_bank
from questions.schema import Bank, Section
from questions.scoring import safety_question_ids

CONFIG = "follow_up.yaml"


class Definition(BaseModel):
    """A published definition printed beside a change in a total (never applied as a verdict)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["min_change", "response", "remission"]
    points: float | None = Field(default=None, description="min_change: the published minimal important change.")
    percent: float | None = Field(default=None, description="response: the published drop from the first total.")
    below: float | None = Field(default=None, description="remission: a total below this.")
    short: str = Field(description="The short citation printed with it.")
    citation: str = Field(description="The source in full.")


class FollowUpConfig(BaseModel):
    """`follow_up.yaml`: what a follow-up asks, shows and defines."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    check_in: list[str] = Field(min_length=1, description="Section files asked only before a follow-up, first.")
    ask_again: list[str] = Field(default_factory=list, description="Instruments asked again at every follow-up.")
    side_effects: list[str] = Field(default_factory=list, description="Check-in questions listed as side effects.")
    trend: list[str] = Field(default_factory=list, description="Instruments compared and charted across visits.")
    definitions: dict[str, list[Definition]] = Field(default_factory=dict)


class FollowUp(BaseModel):
    """The follow-up bank and its settings, checked together."""

    model_config = ConfigDict(frozen=True)

    bank: Bank
    config: FollowUpConfig
    check_in_sections: list[str] = Field(description="Ids of the check-in sections.")

    def check_in_ids(self) -> set[str]:
        """Ids of every check-in question."""
        return {q.id for s in self.bank.sections if s.id in self.check_in_sections for q in s.questions}

    def asked_again_ids(self) -> set[str]:
        """Ids of every question asked afresh at a follow-up (never carried over): the items (scored or not)
        of the instruments asked again, every safety question of the bank (a self-harm answer is always
        given anew), and the questions shown only after one of those (their follow-ups)."""
        ids = {
            item
            for i in self.bank.instruments
            if i.id in self.config.ask_again
            for item in [*i.items, *i.unscored_items]
        }
        ids |= safety_question_ids(self.bank) - self.check_in_ids()
        grown = True
        while grown:
            later = {
                q.id
                for q in self.bank.questions()
                if q.id not in ids and q.show_if and any(c.question in ids for c in q.show_if)
            }
            ids |= later
            grown = bool(later)
        return ids

    def steps(self) -> list[int]:
        """Indexes (in the follow-up bank) of the sections asked at a follow-up: the check-in, then the
        sections holding the instruments asked again, in bank order."""
        asked = self.asked_again_ids()
        return [
            index
            for index, section in enumerate(self.bank.sections)
            if section.id in self.check_in_sections or any(q.id in asked for q in section.questions)
        ]

    def carried_over(self, last: Intake) -> Intake:
        """The last visit's answers for today: everything but the check-in and the questionnaires asked again."""
        dropped = self.check_in_ids() | self.asked_again_ids()
        answers = {qid: value for qid, value in last.answers.items() if qid not in dropped}
        return Intake(bank_id=self.bank.id, bank_version=self.bank.version, language=last.language, answers=answers)


def _read(path: Path) -> object:
    try:
        return yamlfile.safe_load(path.read_text(encoding="utf-8"))
    except OSError:
        raise BankError(f"{path}: cannot be read") from None
    except yaml.YAMLError as error:
        raise BankError(f"{path}: not valid YAML ({error})") from None


def _fail(path: Path, error: ValidationError) -> BankError:
    first = error.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    return BankError(f"{path}: {where + ': ' if where else ''}{first['msg']}")


def follow_up_from(bank: Bank, directory: Path) -> FollowUp:
    """The follow-up settings in `directory` checked against `bank` (BankError naming the file otherwise)."""
    path = directory / CONFIG
    try:
        config = FollowUpConfig.model_validate(_read(path))
    except ValidationError as error:
        raise _fail(path, error) from None
    sections: list[Section] = []
    files: dict[str, Path] = {s.id: path for s in bank.sections}
    for name in config.check_in:
        section_path = directory / name
        try:
            section = Section.model_validate(_read(section_path))
        except ValidationError as error:
            raise _fail(section_path, error) from None
        if section.id in files:
            raise BankError(f"{section_path}: section id '{section.id}' is used twice")
        files[section.id] = section_path
        sections.append(section)
    combined = bank.model_copy(update={"sections": [*sections, *bank.sections]})
    try:
        combined = Bank.model_validate(combined.model_dump())
    except ValidationError as error:
        raise _fail(path, error) from None
    check_bank(combined, files)
    known = {i.id for i in bank.instruments}
    for field in ("ask_again", "trend"):
        for instrument in getattr(config, field):
            if instrument not in known:
                raise BankError(f"{path}: {field}: '{instrument}' is not an instrument of the bank")
    for instrument in config.definitions:
        if instrument not in known:
            raise BankError(f"{path}: definitions: '{instrument}' is not an instrument of the bank")
    check_in_ids = {q.id for s in sections for q in s.questions}
    for qid in config.side_effects:
        if qid not in check_in_ids:
            raise BankError(f"{path}: side_effects: '{qid}' is not a check-in question")
    return FollowUp(bank=combined, config=config, check_in_sections=[s.id for s in sections])


@cache
def _cached(directory: str, bank_id: str, bank_version: str) -> FollowUp:
    from questions.loader import load_bank

    return follow_up_from(load_bank(directory), Path(directory))


def load_follow_up(directory: str | Path | None = None) -> FollowUp:
    """The follow-up bank and settings of the bundled bank (or the bank in `directory`), loaded once."""
    from questions.loader import load_bank

    folder = str(Path(directory or BANK_DIR).resolve())
    bank = load_bank(folder)
    return _cached(folder, bank.id, bank.version)
