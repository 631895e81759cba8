"""Clinic settings: one optional YAML file (name, contact, logo, crisis contacts, paper size, languages).

Without the file the app and the PDF are neutral and complete, with US crisis contacts.
The file is found at $INTAKE_CLINIC_FILE, else `clinic.yaml` beside app.py; see clinic.example.yaml.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from questions import yamlfile
from questions.contacts import linked_phone
from questions.words import DEFAULT_LANGUAGE, languages, say

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


class Signing(BaseModel):
    """A clinic's signing certificate (visits: summaries/signing.py signs every summary PDF with it)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pkcs12: Path = Field(description="PKCS#12 file (.p12 or .pfx) with the certificate and key, relative to this file.")
    password_env: str = Field(
        min_length=1, description="Name of the environment variable that holds the PKCS#12 file's password."
    )


class Clinic(BaseModel):
    """A clinic's own details and choices. Every field is optional."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str | None = Field(
        default=None, max_length=120, description="Shown on the first screen and page 1 of the PDF."
    )
    address: str | None = Field(default=None, max_length=300, description="Printed under the name on page 1.")
    phone: str | None = Field(default=None, max_length=40, description="Printed on page 1; named in the crisis panel.")
    logo: Path | None = Field(default=None, description="PNG or JPEG, relative to the settings file.")
    crisis_lines: list[str] | dict[str, list[str]] = Field(
        default_factory=lambda: list(US_CRISIS_LINES),
        description="Crisis contacts shown in the safety panel and on the PDF banner (US defaults): one list for "
        "every language, or a list per language (`es: [...]`).",
    )
    paper_size: Literal["letter", "a4"] = Field(default="letter", description="Paper size of the PDF.")
    default_language: str = Field(
        default=DEFAULT_LANGUAGE, description="Language of the questions when the patient has not chosen one."
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
    provider_language: str = Field(
        default=DEFAULT_LANGUAGE, description="Language of the summary PDF the provider reads."
    )
    signing: Signing | None = Field(default=None, description="Sign every summary PDF with this certificate.")

    @field_validator("default_language", "provider_language")
    @classmethod
    def _a_language_of_the_app(cls, code: str) -> str:
        known = languages()
        if code not in known:
            raise PydanticCustomError(
                "language",
                "'{code}' is not a language of this app (one of: {known})",
                {"code": code, "known": ", ".join(known)},
            )
        return code

    @field_validator("crisis_lines")
    @classmethod
    def _some_lines_in_known_languages(
        cls, lines: list[str] | dict[str, list[str]]
    ) -> list[str] | dict[str, list[str]]:
        per_language = lines if isinstance(lines, dict) else {"": lines}
        known = languages()
        for code, given in per_language.items():
            if code and code not in known:
                raise PydanticCustomError(
                    "language",
                    "'{code}' is not a language of this app (one of: {known})",
                    {"code": code, "known": ", ".join(known)},
                )
            if not given:
                raise PydanticCustomError("too_short", "give at least one crisis contact")
        if not per_language:
            raise PydanticCustomError("too_short", "give at least one crisis contact")
        return lines

    def crisis_lines_in(self, language: str) -> list[str]:
        """The crisis contacts to show in `language`: the clinic's own when it set them (its list for that
        language, else for its default language, else its first list), else the defaults in `language`."""
        if "crisis_lines" not in self.model_fields_set:
            return default_crisis_lines(language)
        if isinstance(self.crisis_lines, list):
            return list(self.crisis_lines)
        by_language = self.crisis_lines
        chosen = by_language.get(language) or by_language.get(self.default_language)
        return list(chosen or next(iter(by_language.values())))

    def contact_line(self, language: str = DEFAULT_LANGUAGE) -> str:
        """How to reach the clinic today, in one sentence; the phone number as an explicit link (see
        questions.contacts: draw it with `bare=False`, the clinic's name may hold numbers)."""
        if self.name and self.phone:
            return say(language, "crisis.contact_named", clinic=self.name, phone=linked_phone(self.phone))
        if self.phone:
            return say(language, "crisis.contact_phone", phone=linked_phone(self.phone))
        return say(language, "crisis.contact_any")


def load_clinic_from(path: Path) -> Clinic:
    """Read and check one clinic settings file."""
    try:
        raw = yamlfile.safe_load(path.read_text(encoding="utf-8")) or {}
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
    if clinic.signing is not None:  # visits: the signing certificate must be there before any PDF is made
        signing = clinic.signing
        pkcs12 = signing.pkcs12 if signing.pkcs12.is_absolute() else path.parent / signing.pkcs12
        if not pkcs12.is_file():
            raise ClinicError(f"{path}: signing: pkcs12: file {pkcs12} not found")
        if not os.environ.get(signing.password_env):
            raise ClinicError(
                f"{path}: signing: password_env: the environment variable {signing.password_env} is not set"
            )
        clinic = clinic.model_copy(update={"signing": signing.model_copy(update={"pkcs12": pkcs12})})
    return clinic


@lru_cache(maxsize=4)
def _cached(path: str | None) -> Clinic:
    return load_clinic_from(Path(path)) if path else Clinic()


def load_clinic(path: str | Path | None = None) -> Clinic:
    """The clinic settings in force: `path`, else $INTAKE_CLINIC_FILE, else clinic.yaml if present, else defaults."""
    chosen = path or os.environ.get(ENV_VAR) or (DEFAULT_FILE if DEFAULT_FILE.is_file() else None)
    return _cached(str(chosen) if chosen else None)
