"""Help one tap away (issue 15, point 6): crisis contacts and the clinic's phone are links on screen and in
the PDF (tel:, sms: for the 988 text option, https: for the chat)."""

from __future__ import annotations

import io

import pytest
from journey import start_app
from pypdf import PdfReader

from questions import Bank
from questions.clinic import Clinic
from questions.contacts import as_markdown, as_pdf, linked_phone, pieces, plain
from questions.scoring import item_score
from summaries import build_summary, render_pdf
from summaries.blank import render_blank

TEL_SMS_CHAT = {"tel:988", "sms:988", "https://988lifeline.org/chat/", "tel:911"}


def _links(pdf: bytes, page: int | None = None) -> set[str]:
    reader = PdfReader(io.BytesIO(pdf))
    found = set()
    for p in reader.pages if page is None else [reader.pages[page]]:
        for annot in p.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and "/URI" in action:
                found.add(str(action["/URI"]))
    return found


@pytest.mark.parametrize(
    ("text", "links"),
    [
        ("Call Samaritans on 116 123.", [("116 123", "tel:116123")]),
        (
            "In an emergency call 112 or +44 20 7946 0000.",
            [("112", "tel:112"), ("+44 20 7946 0000", "tel:+442079460000")],
        ),
        ("Chat at example.org/help.", [("example.org/help", "https://example.org/help")]),
        ("Text [HOME to 741741](sms:741741).", [("HOME to 741741", "sms:741741")]),
        ("Veterans: call 988 and press 1.", [("988", "tel:988")]),
        ("Nothing to tap here, not even 1 or 12.", []),
        ("[a link](javascript:alert(1))", []),
    ],
)
def test_phone_numbers_and_addresses_become_links(text: str, links: list[tuple[str, str]]) -> None:
    assert [(label, href) for label, href in pieces(text) if href] == links
    assert "".join(label for label, _ in pieces(text)) == plain(text)


def test_the_clinics_phone_is_an_explicit_link_and_its_name_stays_text() -> None:
    line = Clinic(name="Clinic 2000", phone="(555) 010-0199").contact_line("en")
    assert plain(line) == "Please contact Clinic 2000 today at (555) 010-0199, or your own provider."
    assert [href for _, href in pieces(line, bare=False) if href] == ["tel:5550100199"]
    assert linked_phone("ask at the desk") == "ask at the desk"


def test_markup_is_inert_around_the_links() -> None:
    assert as_markdown("Call **911** now") == "Call \\*\\*[911](tel:911)\\*\\* now"
    assert as_pdf("<b>Call</b> 911") == '&lt;b&gt;Call&lt;/b&gt; <a href="tel:911" color="#0b3d91"><u>911</u></a>'


def _safety_answer(bank: Bank) -> dict[str, str]:
    item = next(rule.item for i in bank.instruments for rule in i.safety)
    q = bank.question(item)
    return {item: next(o.value for o in q.choices() if item_score(q, o.value) == 2)}


def _panel(at) -> str:  # type: ignore[no-untyped-def]
    panels = [e.value for e in at.error if "988" in e.value]
    assert len(panels) == 1, panels
    return str(panels[0])


def test_the_crisis_panel_links_every_contact_and_fits_the_review(bank: Bank) -> None:
    at = start_app()
    safety = _safety_answer(bank)
    at.session_state["answers"] = dict(safety)
    at.session_state["step"] = bank.sections.index(bank.section_of(next(iter(safety)))) + 1
    at.run()
    panel = _panel(at)
    for link in ("[988](tel:988)", "[988](sms:988)", "(https://988lifeline.org/chat/)", "[911](tel:911)"):
        assert link in panel, panel
    assert "keep going with these questions" in panel
    at.session_state["step"] = len(bank.sections) + 1
    at.run()
    review = _panel(at)
    assert "[988](sms:988)" in review
    assert "keep going with these questions" not in review
    assert "download your summary" in review


def test_the_pdfs_banner_and_clinic_phone_are_links(bank: Bank, make_intake) -> None:  # type: ignore[no-untyped-def]
    intake = make_intake({"full_name": "Ana Ruiz", **_safety_answer(bank)})
    clinic = Clinic(name="Lakeside Clinic", phone="+1 555 0100")
    pdf = render_pdf(build_summary(bank, intake, clinic=clinic))
    assert TEL_SMS_CHAT | {"tel:+15550100"} <= _links(pdf, 0)
    assert "Call 988 or text 988" in " ".join((PdfReader(io.BytesIO(pdf)).pages[0].extract_text() or "").split())


def test_the_paper_forms_crisis_contacts_are_links(bank: Bank) -> None:
    pdf = render_blank(bank, "letter", Clinic(name="Lakeside Clinic", phone="+1 555 0100"), language="en")
    assert TEL_SMS_CHAT | {"tel:+15550100"} <= _links(pdf)
