"""The tab's copy during a follow-up (ui/tabstore.py), at the AppTest level: what a session sends to its tab
holds the earlier visits as well as the answers, and that copy, handed back to a new, empty session (as
the page does after a server restart or a move to another replica), makes the same follow-up again:
its earlier visits, answers and step, and a summary PDF with 'since the last summary'.

AppTest runs no JavaScript, so the page's part is played here: the copy is read from the data the component
is drawn with, and handed back through the component's own trigger widget, as the page's `setTriggerValue`
does (tests/browser/test_tabstore.py runs the real page)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from journey import DownloadCapture, click, current_step, fill_section, start_app
from outputs import extract_pages
from series import series_pdfs
from streamlit.components.v2.bidi_component.main import _make_trigger_id
from streamlit.testing.v1 import AppTest

from questions import load_bank
from questions.follow_up import load_follow_up
from questions.limits import MAX_TAB_VISITS_TEXT
from questions.visits import read_series, series_file
from questions.words import format_date, say
from samples.patients import minimal
from summaries.record import visits_in
from ui.tabstore import pack, unpack
from ui.visits import EARLIER


def _tabstore(at: AppTest) -> Any:
    """The tab-copy component as drawn in this run (the page may hold other components)."""
    (component,) = [c for c in at.get("bidi_component") if c.proto.component_name == "intake_tabstore"]
    return component


def sent_to_tab(at: AppTest) -> dict[str, Any]:
    """What this run hands the page to keep in the tab."""
    return dict(json.loads(_tabstore(at).proto.json)[0])  # its data comes in a list (ui/component_data.py)


def from_tab(at: AppTest, event: str, value: Any) -> None:
    """Run again as the page does when its script calls setTriggerValue(event, value) (streamlit 1.67's ids)."""
    component = _tabstore(at)
    states = at._tree.get_widget_states()
    trigger = states.widgets.add()
    trigger.id = _make_trigger_id(component.proto.id, "events")
    trigger.json_trigger_value = json.dumps([{"event": event, "value": value}])
    at._run(states)
    assert not at.exception, at.exception


def kept_copy(sent: dict[str, Any]) -> str:
    """The copy the page hands back, from what it was sent (as the component's JavaScript reads it back)."""
    return json.dumps({"answers": sent["answers"], "step": str(sent["step"]), "visits": sent["visits"]})


@pytest.fixture(scope="module")
def two_visits() -> bytes:
    """The summary PDF of a second visit: its record holds two visits."""
    return series_pdfs(load_bank(), [16, 12], [10, 8])[-1]


def _follow_up(pdf: bytes) -> AppTest:
    """A follow-up started from this PDF, its check-in step answered, now on the next step."""
    plan = load_follow_up()
    at = start_app()
    labels = [u.label for u in at.file_uploader]
    uploader = at.file_uploader[labels.index(say("en", "visits.ui.upload"))]
    uploader.set_value(("summary.pdf", pdf, "application/pdf")).run()
    assert not at.exception, at.exception
    fill_section(at, plan.bank, plan.bank.sections[plan.steps()[0]], minimal)
    click(at, "next")
    return at


def test_a_follow_ups_copy_brings_back_its_earlier_visits(capture: DownloadCapture, two_visits: bytes) -> None:
    bank, plan = load_bank(), load_follow_up()
    at = _follow_up(two_visits)
    earlier = at.session_state[EARLIER]
    sent = sent_to_tab(at)
    assert read_series(unpack(sent["visits"]).encode()) == visits_in(bank, two_visits)
    assert json.loads(sent["answers"])["answers"] == at.session_state["answers"]
    assert len(sent["visits"]) < len(earlier) / 2, "the earlier visits are kept packed"

    again = start_app()  # the new, empty session after a restart: the tab hands back its copy
    assert sent_to_tab(again)["fresh"]
    from_tab(again, "found", kept_copy(sent))
    assert again.session_state[EARLIER] == earlier
    assert again.session_state["answers"] == at.session_state["answers"]
    assert current_step(again) == current_step(at) > 1
    assert [s.value for s in again.success] == [say("en", "tabstore.back")]
    assert sent_to_tab(again)["visits"] == sent["visits"], "the copy goes on being kept"

    review = len(plan.bank.sections) + 1  # past the first visit's last step: the follow-up's own steps count
    on_review = start_app()
    from_tab(on_review, "found", kept_copy({**sent, "step": review}))
    assert current_step(on_review) == review

    for index in plan.steps()[1:]:
        if index + 1 >= current_step(again):
            fill_section(again, plan.bank, plan.bank.sections[index], minimal)
            click(again, "next")
    assert current_step(again) == len(plan.bank.sections) + 1
    pdf = capture.bytes_of("download_pdf")
    record = visits_in(bank, pdf)
    assert record[:-1] == visits_in(bank, two_visits), "the new PDF carries both earlier visits on"
    since = say("en", "visits.pdf.heading", date=format_date(record[-2].date, "en"))
    assert since in " ".join(" ".join(page.split()) for page in extract_pages(pdf)[:2])


def test_a_broken_record_in_the_tab_brings_nothing_back(two_visits: bytes) -> None:
    """A copy whose earlier visits were changed (the chain no longer holds), or are not packed visits at all,
    loads nothing: the new session stays empty and a first visit, and the next run removes the copy."""
    at = _follow_up(two_visits)
    sent = sent_to_tab(at)
    visits = read_series(unpack(sent["visits"]).encode())
    changed = visits[0].model_copy(update={"answers": {**visits[0].answers, "full_name": "Someone Else"}})
    for packed in (pack(series_file([changed, *visits[1:]]).decode()), "bm90IHBhY2tlZA==", "%%%"):
        again = start_app()
        from_tab(again, "found", kept_copy({**sent, "visits": packed}))
        assert not again.session_state["answers"]
        assert EARLIER not in again.session_state or not again.session_state[EARLIER]
        assert not again.success
        assert sent_to_tab(again) | {"session": ""} == {
            "session": "",
            "fresh": False,
            "answers": "",
            "step": 0,
            "visits": "",
        }


def test_no_room_in_the_tab_is_said_once_and_keeps_every_answer(two_visits: bytes) -> None:
    at = _follow_up(two_visits)
    answers, earlier, step = dict(at.session_state["answers"]), at.session_state[EARLIER], current_step(at)
    from_tab(at, "full", 1)
    assert [w.value for w in at.warning] == [say("en", "tabstore.full")]
    assert (dict(at.session_state["answers"]), at.session_state[EARLIER], current_step(at)) == (answers, earlier, step)
    at.run()
    assert say("en", "tabstore.full") not in [w.value for w in at.warning], "said once"


def test_clear_sends_an_empty_copy(two_visits: bytes) -> None:
    at = _follow_up(two_visits)
    assert sent_to_tab(at)["visits"]
    click(at, "clear")
    click(at, "clear_yes")
    sent = sent_to_tab(at)
    assert (sent["answers"], sent["visits"]) == ("", "")


def test_unpack_refuses_what_pack_did_not_make() -> None:
    text = series_file([]).decode()
    assert unpack(pack(text)) == text
    too_large = pack(" " * (MAX_TAB_VISITS_TEXT + 1))  # a few kilobytes that would unpack past the limit
    assert len(too_large) < 100_000
    for odd in ("", "not base64!", "bm90IHBhY2tlZA==", pack(text)[:-8], too_large):
        with pytest.raises(ValueError, match="packed copy"):
            unpack(odd)
