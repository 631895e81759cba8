"""Command line: `python -m summaries render ANSWERS -o OUT.pdf`, `python -m summaries fhir ANSWERS -o OUT.json`,
`python -m summaries verify FILE.pdf`.

ANSWERS is a saved-answers JSON file (or a summary PDF that carries one). Incomplete answers still make a
summary (a patient may bring a partial one); a note on stderr says what is missing. A file that is not
answers to this form is an error: exit 2 with one plain line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from pydantic import ValidationError

from questions import Bank, BankError, Intake, Problem, check, load_bank
from questions.clinic import ClinicError, load_clinic
from questions.limits import MAX_UPLOAD_BYTES
from questions.restore import RestoreError, parse_saved, restore
from questions.visits import Visit, VisitError
from questions.words import languages, say
from summaries.bundle import summary_pdf

EXIT_OK = 0
EXIT_ERROR = 2


class CliError(Exception):
    """A failure the user can act on; str(error) is the one line printed after 'error: '."""


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line on stderr like every other error."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_ERROR, f"error: {message} (see '{self.prog} --help').\n")


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2024-03-31") from None


def build_parser() -> argparse.ArgumentParser:
    """The argument parser: one subcommand per task, so more can be added beside `render`."""
    parser = _Parser(prog="python -m summaries", description="Make the patient-reported pre-visit summary.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    render = commands.add_parser(
        "render",
        help="turn a saved answers file into the summary PDF",
        description="Turn a saved answers file (JSON, or a summary PDF carrying one) into the summary PDF.",
    )
    render.add_argument("answers", metavar="ANSWERS", type=Path, help="the saved answers file")
    render.add_argument(
        "-o",
        "--output",
        metavar="OUT.pdf",
        type=Path,
        required=True,
        help="where to write the PDF ('-' for standard output)",
    )
    render.add_argument(
        "--page-size", choices=["letter", "a4"], default=None, help="paper size (default: the clinic's, else letter)"
    )
    render.add_argument(
        "--date", type=_date, default=None, metavar="YYYY-MM-DD", help="the summary's date (default: today)"
    )
    render.add_argument(
        "--strict", action="store_true", help="fail (exit 2) when a required answer is missing or an answer is invalid"
    )
    render.add_argument(
        "--language",
        choices=languages(),
        default=None,
        help="the summary's language (default: the clinic's provider_language, else en; the patient's own copy: "
        "the language they answered in)",
    )
    render.set_defaults(run=_render)
    fhir = commands.add_parser(
        "fhir",
        help="turn a saved answers file into HL7 FHIR R4 JSON",
        description="Turn a saved answers file (JSON, or a summary PDF carrying one) into HL7 FHIR R4 JSON: a "
        "Bundle (type collection, or transaction) holding the Questionnaire, the QuestionnaireResponse and its "
        "Observations, or one of the first two.",
    )
    fhir.add_argument("answers", metavar="ANSWERS", type=Path, help="the saved answers file")
    fhir.add_argument(
        "-o",
        "--output",
        metavar="OUT.json",
        type=Path,
        required=True,
        help="where to write the JSON ('-' for standard output)",
    )
    fhir.add_argument(
        "--resource",
        choices=["bundle", "transaction", "response", "questionnaire"],
        default="bundle",
        help="what to write (default: a collection Bundle with the Questionnaire, the response and its "
        "Observations; 'transaction': the same as a transaction Bundle a clinic can post to its FHIR server)",
    )
    fhir.add_argument(
        "--date", type=_date, default=None, metavar="YYYY-MM-DD", help="the response's authored date (default: now)"
    )
    fhir.set_defaults(run=_fhir)
    blank = commands.add_parser(
        "blank",
        help="make the paper form: every question, to fill in by hand",
        description="Make the paper form: every question of the bank, numbered, with boxes and lines to write on.",
    )
    blank.add_argument(
        "-o",
        "--output",
        metavar="OUT.pdf",
        type=Path,
        required=True,
        help="where to write the PDF ('-' for standard output)",
    )
    blank.add_argument(
        "--page-size", choices=["letter", "a4"], default=None, help="paper size (default: the clinic's, else letter)"
    )
    blank.add_argument(
        "--language",
        choices=languages(),
        default=None,
        help="the form's language (default: the clinic's default_language, else en)",
    )
    blank.set_defaults(run=_blank)
    verify = commands.add_parser(  # visits: summaries/record.py
        "verify",
        help="check that a summary PDF's answers match its fingerprint and its chain of visits is intact",
        description="Check a summary PDF: do the answers inside match the fingerprint printed on its pages, and is "
        "the chain of visits intact? Prints one line; exit 0 when both hold, else 2.",
    )
    verify.add_argument("pdf", metavar="FILE.pdf", type=Path, help="the summary PDF")
    verify.set_defaults(run=_verify)
    return parser


def _read(path: Path) -> bytes:
    try:
        if path.is_dir():
            raise CliError(f"{path} is a folder, not an answers file.")
        with path.open("rb") as handle:
            data = handle.read(MAX_UPLOAD_BYTES + 1)
    except FileNotFoundError:
        raise CliError(f"{path} was not found.") from None
    except OSError as error:
        raise CliError(f"{path} could not be read ({_one_line(error.strerror or str(error))}).") from None
    return data


def _is_json(data: bytes) -> bool:
    try:
        json.loads(data)
    except RecursionError:
        return True  # JSON, nested too deeply to be answers
    except ValueError:
        return False
    return True


def _load_intake(path: Path) -> Intake:
    data = _read(path)
    if not data.strip():
        raise CliError(f"{path} is empty.")
    try:
        raw = parse_saved(data)
    except RestoreError as error:
        if not data.lstrip().startswith(b"%PDF-") and not _is_json(data):
            raise CliError(f"{path} is not a JSON file.") from None
        raise CliError(f"{path}: {_one_line(str(error))}") from None
    try:
        return Intake.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "the file"
        raise CliError(
            f"{path} is not a valid answers file ({error.error_count()} problem(s); first at {where}: "
            f"{_one_line(first['msg'])})."
        ) from None


def _bank_and_answers(path: Path) -> tuple[Bank, Intake]:
    """The bank, and the answers file at `path` checked to belong to it (CliError otherwise)."""
    try:
        bank = load_bank()
    except BankError as error:
        raise CliError(f"the question bank is broken: {error}") from None
    intake = _load_intake(path)
    if intake.bank_id != bank.id:
        raise CliError(f"{path} holds answers to a different form ('{intake.bank_id}', not '{bank.id}').")
    return bank, intake


def _problems_line(problems: list[Problem]) -> str:
    """How many answers need checking, naming the first, in one line."""
    first = problems[0]
    return (
        f"{len(problems)} answer(s) are missing or need checking "
        f"(first: {first.question_id}: {_one_line(first.message)})"
    )


def _render(args: argparse.Namespace) -> int:
    bank, intake = _bank_and_answers(args.answers)
    notes = []
    unknown = sorted(qid for qid in intake.answers if not bank.has_question(qid))
    if unknown:
        notes.append(
            f"{len(unknown)} answer(s) are to questions this version of the form does not ask, and are left out: "
            + ", ".join(unknown[:5])
            + (", ..." if len(unknown) > 5 else "")
        )
    problems = check(bank, intake, today=args.date)
    if problems:
        line = _problems_line(problems)
        if args.strict:
            raise CliError(f"{args.answers}: {line}.")
        notes.append(line + "; the summary shows the answers as given")
    try:
        clinic = load_clinic()
    except ClinicError as error:
        raise CliError(f"the clinic settings are broken: {error}") from None
    bank, earlier = _record(args.answers, bank)  # visits: a summary PDF's earlier visits come along
    try:
        pdf = summary_pdf(
            bank,
            intake,
            clinic=clinic,
            created=args.date,
            page_size=args.page_size,
            earlier=earlier,
            language=args.language,
        )
    except VisitError as error:
        raise CliError(f"{args.answers}: {say('en', error.key)}") from None
    _write(args.output, pdf)
    for note in notes:
        print(f"note: {note}.", file=sys.stderr)
    return EXIT_OK


def _record(path: Path, bank: Bank) -> tuple[Bank, list[Visit]]:
    """For a summary PDF: the visits before the one it shows, and the bank to draw it with (the follow-up
    bank when it is a follow-up). A saved-answers file has no earlier visits."""
    data = _read(path)
    if not data.lstrip().startswith(b"%PDF-"):
        return bank, []
    from questions.follow_up import load_follow_up
    from summaries.record import visits_in

    try:
        earlier = visits_in(bank, data)[:-1]
    except VisitError as error:
        raise CliError(f"{path}: {say('en', error.key)}") from None
    return (load_follow_up().bank if earlier else bank), earlier


def _fhir(args: argparse.Namespace) -> int:
    from summaries.fhir import bundle, questionnaire, questionnaire_response, to_json

    bank, _ = _bank_and_answers(args.answers)
    bank, earlier = _record(args.answers, bank)  # visits: a follow-up's check-in and earlier responses
    try:
        restored = restore(bank, _read(args.answers))
    except RestoreError as error:
        raise CliError(f"{args.answers}: {_one_line(str(error))}") from None
    intake = restored.intake
    authored = dt.datetime.combine(args.date, dt.time(12), tzinfo=dt.UTC) if args.date else None
    if args.resource == "questionnaire":
        resource = questionnaire(bank)
    elif args.resource == "response":
        resource = questionnaire_response(bank, intake, authored, today=args.date)
    elif args.resource == "transaction":
        from summaries.fhir_transaction import transaction

        resource = transaction(bank, intake, authored, today=args.date)
    else:
        resource = bundle(bank, intake, authored, today=args.date)
        if earlier:
            from summaries.fhir_visits import visits_bundle

            resource["entry"] += visits_bundle(bank, earlier)["entry"]
    _write(args.output, to_json(resource))
    notes = [_one_line(n) for n in restored.not_carried_over]
    problems = check(bank, intake, today=args.date)
    if problems and args.resource != "questionnaire":
        notes.append(_problems_line(problems) + "; the response is marked in-progress")
    for note in notes:
        print(f"note: {note.rstrip('.')}.", file=sys.stderr)
    return EXIT_OK


def _blank(args: argparse.Namespace) -> int:
    from summaries.blank import render_blank

    try:
        bank = load_bank()
        clinic = load_clinic()
    except (BankError, ClinicError) as error:
        raise CliError(f"the question bank or clinic settings are broken: {error}") from None
    page_size = args.page_size or clinic.paper_size
    _write(args.output, render_blank(bank, page_size=page_size, clinic=clinic, language=args.language))
    return EXIT_OK


def _verify(args: argparse.Namespace) -> int:
    from summaries.record import verify

    verdict = verify(_read(args.pdf))
    print(verdict.line, file=sys.stdout if verdict.ok else sys.stderr)
    return EXIT_OK if verdict.ok else EXIT_ERROR


def _write(path: Path, data: bytes) -> None:
    if str(path) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        path.write_bytes(data)
    except OSError as error:
        raise CliError(f"could not write {path} ({_one_line(error.strerror or str(error))}).") from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0, or 2 after one line on stderr)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as done:  # --help, or a usage error already reported in one line
        return done.code if isinstance(done.code, int) else EXIT_ERROR
    try:
        return int(args.run(args))
    except CliError as error:
        message = _one_line(str(error))
    except KeyboardInterrupt:
        message = "stopped."
    except Exception as error:  # never a traceback: the user gets one line they can report
        message = f"could not make the summary ({type(error).__name__}: {_one_line(str(error))[:300]})."
    print(f"error: {message}", file=sys.stderr)
    return EXIT_ERROR
