"""Clinic settings: one optional YAML file (name, contact, logo, crisis contacts, paper size, language).

Without the file the app and the PDF are neutral and complete, with US crisis contacts.
The file is found at $INTAKE_CLINIC_FILE, else `clinic.yaml` beside app.py; see clinic.example.yaml.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from questions.words import DEFAULT_LANGUAGE, say

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILE = ROOT / "clinic.yaml"
ENV_VAR = "INTAKE_CLINIC_FILE"


def default_crisis_lines(language: str) -> list[str]:
    """The US crisis contacts (988 Lifeline, 911), in `language`: shown when the clinic sets none."""
    return [say(language, "crisis.line_988"), say(language, "crisis.line_911")]


US_CRISIS_LINES = default_crisis_lines(DEFAULT_LANGUAGE)
"""The default crisis contacts in English (what a clinic without its own gets)."""


class ClinicError(ValueError):
    """The clinic settings file is broken; the message names the file and the setting."""


class Clinic(BaseModel):
    """A clinic's own details and choices. Every field is optional."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str | None = Field(
        default=None, max_length=120, description="Shown on the first screen and page 1 of the PDF."
    )
    address: str | None = Field(default=None, max_length=300, description="Printed under the name on page 1.")
    phone: str | None = Field(default=None, max_length=40, description="Printed on page 1; named in the crisis panel.")
    logo: Path | None = Field(default=None, description="PNG or JPEG, relative to the settings file.")
    crisis_lines: list[str] = Field(
        default_factory=lambda: list(US_CRISIS_LINES),
        min_length=1,
        description="Crisis contacts shown in the safety panel and on the PDF banner (US defaults).",
    )
    paper_size: Literal["letter", "a4"] = Field(default="letter", description="Paper size of the PDF.")
    default_language: str = Field(
        default="en", description="Language of the questions when the patient has not chosen one."
    )
    idle_minutes: float = Field(
        default=30,
        gt=0,
        le=24 * 60,
        description="Shared computers: after this many minutes with no activity the answers are cleared "
        "(a warning with a way to keep going comes first).",
    )
    build_seconds: float = Field(
        default=60,
        gt=0,
        le=600,
        description="A summary PDF or paper form that takes longer than this to make is stopped.",
    )

    def crisis_lines_in(self, language: str) -> list[str]:
        """The crisis contacts to show: the clinic's own when it set them, else the defaults in `language`."""
        return list(self.crisis_lines) if "crisis_lines" in self.model_fields_set else default_crisis_lines(language)

    def contact_line(self, language: str = DEFAULT_LANGUAGE) -> str:
        """How to reach the clinic today, in one sentence."""
        if self.name and self.phone:
            return say(language, "crisis.contact_named", clinic=self.name, phone=self.phone)
        if self.phone:
            return say(language, "crisis.contact_phone", phone=self.phone)
        return say(language, "crisis.contact_any")


def load_clinic_from(path: Path) -> Clinic:
    """Read and check one clinic settings file."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError:
        raise ClinicError(f"{path}: cannot be read") from None
    except yaml.YAMLError as error:
        raise ClinicError(f"{path}: not valid YAML ({error})") from None
    if not isinstance(raw, dict):
        raise ClinicError(f"{path}: expected settings such as 'name: ...'")
    try:
        clinic = Clinic.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ClinicError(f"{path}: {where}: {first['msg']}") from None
    if clinic.logo is not None:
        logo = clinic.logo if clinic.logo.is_absolute() else path.parent / clinic.logo
        if not logo.is_file():
            raise ClinicError(f"{path}: logo: file {logo} not found")
        clinic = clinic.model_copy(update={"logo": logo})
    return clinic


@lru_cache(maxsize=4)
def _cached(path: str | None) -> Clinic:
    return load_clinic_from(Path(path)) if path else Clinic()


def load_clinic(path: str | Path | None = None) -> Clinic:
    """The clinic settings in force: `path`, else $INTAKE_CLINIC_FILE, else clinic.yaml if present, else defaults."""
    chosen = path or os.environ.get(ENV_VAR) or (DEFAULT_FILE if DEFAULT_FILE.is_file() else None)
    return _cached(str(chosen) if chosen else None)
