"""Follow-ups: the check-in as bank data, what is carried over, and page 1 of a follow-up summary."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from outputs import extract_pages
from series import CHECK_IN, START, series_pdfs, with_totals

from questions import Bank, BankError, Intake, check, load_bank
from questions.follow_up import follow_up_from, load_follow_up
from questions.words import format_date, say
from samples.patients import typical
from summaries.attachments import attachments
from summaries.record import visits_in
from summaries.since_last import build_since_last

PHQ9 = [18, 12, 7, 14]
GAD7 = [15, 11, 6, 12]


@pytest.fixture(scope="module")
def four(bank: Bank) -> list[bytes]:
    return series_pdfs(bank, PHQ9, GAD7, v4={"preferred_name": "Jordie"})


def test_the_first_visit_never_shows_the_check_in(bank: Bank) -> None:
    follow_up = load_follow_up()
    assert follow_up.check_in_ids()
    assert not any(bank.has_question(qid) for qid in follow_up.check_in_ids())
    assert [s.id for s in follow_up.bank.sections] == [*follow_up.check_in_sections, *(s.id for s in bank.sections)]
    assert (follow_up.bank.id, follow_up.bank.version) == (bank.id, bank.version)


def test_every_check_in_question_may_be_skipped() -> None:
    follow_up = load_follow_up()
    for qid in follow_up.check_in_ids():
        assert not follow_up.bank.question(qid).required, qid
    empty = Intake(bank_id=follow_up.bank.id, bank_version=follow_up.bank.version, answers={})
    assert not [p for p in check(follow_up.bank, empty) if p.question_id in follow_up.check_in_ids()]


def test_a_follow_up_asks_the_check_in_then_the_questionnaires() -> None:
    follow_up = load_follow_up()
    steps = [follow_up.bank.sections[i].id for i in follow_up.steps()]
    assert steps[: len(follow_up.check_in_sections)] == follow_up.check_in_sections
    asked = follow_up.asked_again_ids()
    assert {"phq9_1", "phq9_9", "phq9_difficulty", "gad7_7", "pcl5_1", "peg_3"} <= asked
    from questions.scoring import safety_question_ids

    assert safety_question_ids(follow_up.bank) <= asked  # a self-harm answer is always given anew
    for q in follow_up.bank.questions():  # and so are the questions that follow from one
        if q.show_if and any(c.question in asked for c in q.show_if):
            assert q.id in asked, q.id
    for section_id in steps[len(follow_up.check_in_sections) :]:
        section = next(s for s in follow_up.bank.sections if s.id == section_id)
        assert any(q.id in asked for q in section.questions)


def test_everything_else_is_carried_over(bank: Bank, four: list[bytes]) -> None:
    follow_up = load_follow_up()
    last = visits_in(bank, four[-1])[-1].intake()
    carried = follow_up.carried_over(last)
    assert "phq9_1" in last.answers
    assert "checkin_nausea" in last.answers
    assert not set(carried.answers) & (follow_up.check_in_ids() | follow_up.asked_again_ids())
    kept = {k: v for k, v in last.answers.items() if k not in follow_up.check_in_ids() | follow_up.asked_again_ids()}
    assert carried.answers == kept
    assert carried.answers["preferred_name"] == "Jordie"


def test_page_one_says_what_changed_since_the_last_summary(bank: Bank, four: list[bytes]) -> None:
    page = " ".join(extract_pages(four[-1])[0].split())
    last = format_date(START + dt.timedelta(weeks=2), "en")
    assert say("en", "visits.pdf.heading", date=last) in page
    assert "PHQ-9 7 14 " + say("en", "visits.up", points=7) in page
    assert "GAD-7 6 12 " + say("en", "visits.up", points=6) in page
    first = format_date(START, "en")
    assert (
        say("en", "visits.since_first_percent", date=first, change=say("en", "visits.down", points=4), percent="-22")
        in page
    )
    for kind, fields in (
        ("min_change", {"points": "5"}),
        ("response", {"percent": "50"}),
        ("remission", {"below": "5"}),
    ):
        short = next(d.short for d in load_follow_up().config.definitions["phq9"] if d.kind == kind)
        assert say("en", f"visits.definition.{kind}", name="PHQ-9", short=short, **fields) in page
    assert "Löwe 2004" in page
    assert "Did you feel sick to your stomach, or throw up? Yes, and it bothered me a little" in page
    assert "The name you like to be called Jo Jordie" in page
    # the charts follow what the patient reported, on page 1 when it has room, else at the top of page 2
    first_two = " ".join(" ".join(p.split()) for p in extract_pages(four[-1])[:2])
    assert say("en", "visits.chart.title", name="PHQ-9") in first_two
    # never a verdict: no wording that says the patient responded, remitted or improved
    # (read from the section's heading on: the ASQ's published items above it say "better off")
    since = page.split(say("en", "visits.pdf.heading", date=last), 1)[1].lower()
    for verdict in ("responded", "in remission", "improved", "worse", "better"):
        assert verdict not in since


def test_a_first_visit_has_no_since_the_last_summary(bank: Bank, four: list[bytes]) -> None:
    page = extract_pages(four[0])[0]
    assert say("en", "visits.pdf.heading", date="")[:20] not in page
    assert build_since_last(load_follow_up(), visits_in(bank, four[0])) is None


def test_safety_answers_come_first_on_a_follow_up(bank: Bank) -> None:
    follow_up = load_follow_up()
    from summaries.bundle import summary_pdf

    first = with_totals(bank, typical(bank), {"phq9": 10})
    earlier = visits_in(bank, summary_pdf(bank, first, created=START))
    now = follow_up.carried_over(earlier[-1].intake())
    answers = {**now.answers, **CHECK_IN}
    now = with_totals(bank, now.model_copy(update={"answers": answers}), {"phq9": 27, "gad7": 3})
    page = " ".join(
        extract_pages(summary_pdf(follow_up.bank, now, created=START + dt.timedelta(days=7), earlier=earlier))[
            0
        ].split()
    )
    banner = page.index("SAFETY")
    assert banner < page.index(say("en", "visits.pdf.heading", date=format_date(START, "en")))


def test_a_broken_follow_up_file_names_the_file(tmp_path: Path) -> None:
    bank = load_bank()
    source = Path(__file__).resolve().parent.parent / "questions" / "bank"
    (tmp_path / "check_in.yaml").write_text((source / "check_in.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    text = (source / "follow_up.yaml").read_text(encoding="utf-8")
    (tmp_path / "follow_up.yaml").write_text(text.replace("trend: [phq9", "trend: [phq10"), encoding="utf-8")
    with pytest.raises(BankError, match=r"follow_up\.yaml: trend: 'phq10'"):
        follow_up_from(bank, tmp_path)
    (tmp_path / "follow_up.yaml").write_text(text, encoding="utf-8")
    clash = (source / "check_in.yaml").read_text(encoding="utf-8").replace("id: checkin_home_work", "id: full_name")
    (tmp_path / "check_in.yaml").write_text(clash, encoding="utf-8")
    with pytest.raises(BankError, match="full_name"):
        follow_up_from(bank, tmp_path)


def test_the_export_of_a_follow_up_holds_every_visits_dated_response_and_observations(four: list[bytes]) -> None:
    from fhir.resources.R4B.bundle import Bundle
    from fhir_check import check_response

    from summaries.fhir_visits import VISITS_RESPONSES_FILE

    files = attachments(four[-1])
    assert VISITS_RESPONSES_FILE not in attachments(four[0])  # a first visit has one response
    bundle = json.loads(files[VISITS_RESPONSES_FILE])
    Bundle.model_validate(bundle)
    responses = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "QuestionnaireResponse"]
    assert [r["authored"][:10] for r in responses] == [(START + dt.timedelta(weeks=i)).isoformat() for i in range(4)]
    questionnaire = json.loads(files["questionnaire.json"])
    for response in responses:
        assert check_response(questionnaire, response) == []
    totals = [_phq9_total(r) for r in responses]
    assert totals == PHQ9
    # each visit's PHQ-9 total is also an Observation, effective that day and derived from that visit's response
    urls = {e["resource"]["authored"]: e["fullUrl"] for e in bundle["entry"] if "authored" in e["resource"]}
    phq9 = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Observation" and e["resource"]["code"]["coding"][0]["code"] == "44261-6"
    ]
    assert [o["valueQuantity"]["value"] if "valueQuantity" in o else o["valueInteger"] for o in phq9] == PHQ9
    for observation, response in zip(phq9, responses, strict=True):
        assert observation["effectiveDateTime"] == response["authored"]
        assert observation["derivedFrom"] == [{"reference": urls[response["authored"]]}]
    today = json.loads(files["questionnaire-response.json"])
    assert today["authored"] == responses[-1]["authored"]
    assert today["item"] == responses[-1]["item"]


def _phq9_total(response: dict[str, Any]) -> int:
    def walk(items: list[dict[str, Any]]) -> Any:
        for item in items:
            if item["linkId"] == "phq9.total":
                return item["answer"][0]["valueInteger"]
            found = walk(item.get("item", []))
            if found is not None:
                return found
        return None

    return int(walk(response["item"]))


def test_every_word_of_a_follow_ups_page_one_comes_from_the_catalogue(bank: Bank) -> None:
    """In the pseudo-language, with a patient who types no letters: page 1 of a follow-up has no literal."""
    from test_words import _bank_data, _no_letters, literals

    from questions.words import PSEUDO, PSEUDO_OPEN
    from samples.patients import build, minimal
    from summaries.bundle import summary_pdf

    plan = load_follow_up()
    first = with_totals(bank, build(bank, _no_letters(minimal)), {"phq9": 12, "gad7": 9})
    earlier = visits_in(bank, summary_pdf(bank, first.model_copy(update={"language": PSEUDO}), created=START))
    now = plan.carried_over(earlier[-1].intake())
    now = now.model_copy(update={"answers": {**now.answers, **CHECK_IN, "checkin_home_work": "12 34"}})
    now = with_totals(bank, now, {"phq9": 5, "gad7": 4})
    # The PDF prints in the language it is asked for (a provider's, by default English): here the pseudo-language.
    pdf = summary_pdf(plan.bank, now, created=START + dt.timedelta(days=7), earlier=earlier, language=PSEUDO)
    page = extract_pages(pdf)[0]
    heading = say(PSEUDO, "visits.pdf.heading", date=format_date(START, PSEUDO))
    assert heading.startswith(PSEUDO_OPEN)
    assert heading in " ".join(page.split())
    assert literals(page, _bank_data(plan.bank)) == []


def test_fhir_command_on_a_follow_up_pdf_exports_every_visit(
    repo_root: Path, tmp_path: Path, four: list[bytes]
) -> None:
    import subprocess
    import sys

    source = tmp_path / "fourth.pdf"
    source.write_bytes(four[-1])
    out = tmp_path / "bundle.json"
    command = [sys.executable, "-m", "summaries", "fhir", str(source), "-o", str(out)]
    done = subprocess.run(command, cwd=repo_root, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "no longer asks" not in done.stderr  # the check-in's answers are exported, not dropped
    entries = json.loads(out.read_text(encoding="utf-8"))["entry"]
    responses = [e["resource"] for e in entries if e["resource"]["resourceType"] == "QuestionnaireResponse"]
    assert len(responses) == 4
    assert "checkin_nausea" in json.dumps(responses[0])
