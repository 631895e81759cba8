"""Clinic settings: the documented example loads and documents every setting; broken files fail naming the
file and the setting; without a file everything is neutral."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from questions.clinic import US_CRISIS_LINES, Clinic, ClinicError, load_clinic, load_clinic_from

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "clinic.example.yaml"


def test_the_example_loads_with_every_setting_set() -> None:
    clinic = load_clinic_from(EXAMPLE)
    assert clinic.name
    assert clinic.address
    assert clinic.phone
    assert clinic.logo is not None
    assert clinic.logo.is_file()  # resolved against the settings file's folder
    assert clinic.logo.suffix == ".png"
    assert clinic.crisis_lines
    assert clinic.paper_size in ("letter", "a4")
    assert clinic.default_language == "en"
    assert clinic.provider_language == "en"
    assert load_clinic(EXAMPLE) == clinic


def test_the_example_documents_every_setting() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    keys = set(re.findall(r"^([a-z_]+):", text, re.MULTILINE))
    # signing needs a certificate file and a secret, so the example shows it commented out
    assert "\n# signing:\n#   pkcs12: " in text
    assert keys | {"signing"} == set(Clinic.model_fields)
    for key in keys:  # each setting has a comment just above it
        before = text[: text.index(f"\n{key}:")].rstrip().splitlines()[-1]
        assert before.startswith("#"), key


def test_no_file_means_neutral_defaults() -> None:
    clinic = Clinic()
    assert (clinic.name, clinic.address, clinic.phone, clinic.logo) == (None, None, None, None)
    assert clinic.crisis_lines == US_CRISIS_LINES
    assert clinic.paper_size == "letter"


def test_an_empty_file_means_defaults(tmp_path: Path) -> None:
    path = tmp_path / "clinic.yaml"
    path.write_text("# nothing set yet\n", encoding="utf-8")
    assert load_clinic_from(path) == Clinic()


def _broken(tmp_path: Path, text: str) -> ClinicError:
    path = tmp_path / "clinic.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ClinicError) as caught:
        load_clinic_from(path)
    assert str(path) in str(caught.value)
    return caught.value


@pytest.mark.parametrize(
    ("text", "setting"),
    [
        ("name: North Clinic\ncolour: blue\n", "colour"),
        ("paper_size: b5\n", "paper_size"),
        ("paper_size: legal\n", "paper_size"),
        ("logo: missing-logo.png\n", "logo"),
        ("crisis_lines: []\n", "crisis_lines"),
        ("name: [a, list]\n", "name"),
        ("phone: " + "5" * 41 + "\n", "phone"),
        ("default_language: fr\n", "default_language"),
        ("provider_language: Spanish\n", "provider_language"),
        ("default_language: qps\n", "default_language"),  # the tests' pseudo-language is not for clinics
        ("provider_language: [en, es]\n", "provider_language"),
    ],
)
def test_a_broken_file_names_the_file_and_the_setting(tmp_path: Path, text: str, setting: str) -> None:
    error = _broken(tmp_path, text)
    assert setting in str(error)


def test_a_missing_logo_names_the_file_it_looked_for(tmp_path: Path) -> None:
    error = _broken(tmp_path, "logo: images/logo.png\n")
    assert str(tmp_path / "images" / "logo.png") in str(error)


def test_not_yaml_or_not_a_mapping(tmp_path: Path) -> None:
    assert "YAML" in str(_broken(tmp_path, "name: [unclosed\n"))
    assert "name" in str(_broken(tmp_path, "- just\n- a list\n"))


def test_a_relative_logo_is_read_beside_the_settings_file(tmp_path: Path) -> None:
    (tmp_path / "art").mkdir()
    logo = tmp_path / "art" / "logo.png"
    logo.write_bytes((ROOT / "docs" / "example-clinic-logo.png").read_bytes())
    path = tmp_path / "clinic.yaml"
    path.write_text("logo: art/logo.png\npaper_size: a4\n", encoding="utf-8")
    clinic = load_clinic_from(path)
    assert clinic.logo == logo
    assert clinic.paper_size == "a4"


def test_the_languages_are_the_words_catalogue_s(tmp_path: Path) -> None:
    from questions.words import languages

    assert {"en", "es"} <= set(languages())
    path = tmp_path / "clinic.yaml"
    path.write_text("default_language: es\nprovider_language: es\n", encoding="utf-8")
    clinic = load_clinic_from(path)
    assert (clinic.default_language, clinic.provider_language) == ("es", "es")
    assert (Clinic().default_language, Clinic().provider_language) == ("en", "en")


def test_an_unknown_language_is_one_plain_line_naming_the_languages(tmp_path: Path) -> None:
    error = str(_broken(tmp_path, "provider_language: fr\n"))
    assert "\n" not in error
    assert "provider_language: 'fr' is not a language of this app (one of: en, es" in error


def test_crisis_lines_may_be_given_per_language(tmp_path: Path) -> None:
    from questions import load_bank
    from samples.patients import typical
    from summaries import build_summary

    path = tmp_path / "clinic.yaml"
    path.write_text(
        "default_language: en\n"
        "crisis_lines:\n"
        "  en: ['Call the North Clinic line at 555 0100.']\n"
        "  es: ['Llame a la línea de la Clínica Norte al 555 0100.']\n",
        encoding="utf-8",
    )
    clinic = load_clinic_from(path)
    assert clinic.crisis_lines_in("es") == ["Llame a la línea de la Clínica Norte al 555 0100."]
    assert clinic.crisis_lines_in("en") == ["Call the North Clinic line at 555 0100."]
    assert clinic.crisis_lines_in("qps") == ["Call the North Clinic line at 555 0100."]  # else the default language's
    bank = load_bank()
    spanish = build_summary(bank, typical(bank), clinic=clinic, language="es")
    assert spanish.crisis_lines == ["Llame a la línea de la Clínica Norte al 555 0100."]
    one_list = Clinic(crisis_lines=["Call 555 0100."])
    assert one_list.crisis_lines_in("es") == one_list.crisis_lines_in("en") == ["Call 555 0100."]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("crisis_lines:\n  fr: ['Appelez le 3114.']\n", "'fr' is not a language of this app"),
        ("crisis_lines:\n  es: []\n", "at least one crisis contact"),
        ("crisis_lines: {}\n", "at least one crisis contact"),
    ],
)
def test_crisis_lines_per_language_are_checked(tmp_path: Path, text: str, words: str) -> None:
    error = str(_broken(tmp_path, text))
    assert "crisis_lines" in error
    assert words in error
    assert "\n" not in error
