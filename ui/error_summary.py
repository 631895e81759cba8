"""The error summary of a refused Next, after the GOV.UK Design System's error summary (issue 15).

When Next is refused, a box titled "There is a problem" at the top of the step lists each answer with a
problem, by its label and the same reason the field shows. The page scrolls to the box and the keyboard
focus moves to it (a screen reader reads it out: it holds a `role="alert"`); each entry is a link that
scrolls to its question and moves the focus into its first control.

Streamlit has no focus or scroll API. Each question of a step is drawn inside a keyed container
(`anchor`), which Streamlit marks with the class `st-key-<key>`; the box is a small custom component
(`st.components.v2.component`, inline JavaScript: no iframe, no asset folder, nothing fetched) that finds
the question by that class. It changes nothing on the server: the links work in the page alone.
"""

from __future__ import annotations

import re

import streamlit as st

from questions import Question, tr
from questions.words import say
from ui.component_data import boxed

ANCHOR_PREFIX = "question-"


def anchor(question_id: str) -> str:
    """The key of the container a question is drawn in (the summary's links lead there)."""
    return ANCHOR_PREFIX + question_id


def css_class(key: str) -> str:
    """The class Streamlit gives an element with this key (its frontend's rule: other characters become -)."""
    return "st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key.strip())


_CSS = """
.intake-error-summary {
  border: 4px solid var(--st-red-color, #d92d20);
  border-radius: 0.5rem;
  padding: 0.75rem 1rem;
  color: var(--st-text-color, #0b0b0c);
  font-family: var(--st-font, inherit);
  scroll-margin-top: 4.5rem;
}
.intake-error-summary:focus-visible { outline: 3px solid var(--st-primary-color, #1f5f8b); outline-offset: 2px; }
.intake-error-summary h2 { font-size: 1.25rem; font-weight: 700; margin: 0 0 0.5rem 0; padding: 0; }
.intake-error-summary ul { margin: 0; padding-left: 1.25rem; }
.intake-error-summary li { margin: 0.25rem 0; }
.intake-error-summary a {
  color: var(--st-red-text-color, #a8071a);
  font-weight: 600;
  text-decoration: underline;
  cursor: pointer;
}
.intake-error-summary a:focus-visible { outline: 3px solid var(--st-primary-color, #1f5f8b); outline-offset: 1px; }
"""

# data: {title, items: [{target, text}], refusal}. The box is built from text nodes only (no HTML from data).
# A new `refusal` (a refused Next) scrolls the box into view and focuses it, once; later runs of the same
# refusal (the patient answering) only update the list, so typing never moves the page.
_JS = """
export default function ({ data: [data], parentElement }) {
  const w = window;
  const signature = JSON.stringify([data.title, data.items]);
  let box = parentElement.querySelector(".intake-error-summary");
  if (!box || box.dataset.signature !== signature) {
    if (box) box.remove();
    box = document.createElement("div");
    box.className = "intake-error-summary";
    box.dataset.signature = signature;
    box.tabIndex = -1;
    box.setAttribute("aria-labelledby", "intake-error-summary-title");
    const alert = document.createElement("div");
    alert.setAttribute("role", "alert");
    const title = document.createElement("h2");
    title.id = "intake-error-summary-title";
    title.textContent = data.title;
    const list = document.createElement("ul");
    for (const item of data.items) {
      const entry = document.createElement("li");
      const link = document.createElement("a");
      link.href = "#" + item.target;
      link.textContent = item.text;
      link.addEventListener("click", (event) => {
        event.preventDefault();  // no #fragment in the address: it would make a history entry of its own
        const field = document.querySelector("." + CSS.escape(item.target));
        if (!field) return;
        // What Tab would reach: not a widget's hidden helper (the date's own <input> is aria-hidden, -1).
        const controls = [...field.querySelectorAll('input, textarea, [role="spinbutton"], button')].filter(
          (e) => e.tabIndex >= 0 && !e.disabled && e.type !== "hidden" && !e.closest('[aria-hidden="true"]')
        );
        // The first control; in a radio group, its chosen option (where Tab would enter the group).
        let control = controls[0];
        if (control && control.type === "radio") {
          const group = controls.filter((e) => e.type === "radio" && e.name === control.name);
          control = group.find((e) => e.checked) || control;
        }
        field.style.scrollMarginTop = "4.5rem";  // below Streamlit's header bar
        if (control) control.focus({ preventScroll: true });
        field.scrollIntoView({ block: "start" });
      });
      entry.appendChild(link);
      list.appendChild(entry);
    }
    alert.append(title, list);
    box.appendChild(alert);
    parentElement.appendChild(box);
  }
  if (w.__intakeErrorSummaryShown !== data.refusal) {
    w.__intakeErrorSummaryShown = data.refusal;
    box.focus({ preventScroll: true });
    box.scrollIntoView({ block: "start" });
  }
}
"""

_component = st.components.v2.component("intake_error_summary", css=_CSS, js=_JS, isolate_styles=False)

REFUSALS = "error_summary_refusals"
"""How many times Next was refused in this session: a new number scrolls to the box again."""


def refused() -> None:
    """Count a refused Next (the next run's summary scrolls into view and takes the focus)."""
    st.session_state[REFUSALS] = int(st.session_state.get(REFUSALS, 0)) + 1


def show(questions: list[Question], problems: dict[str, str], language: str) -> None:
    """The box: each question with a problem (in step order), by its label and the reason its field shows."""
    items = [
        {
            "target": css_class(anchor(q.id)),
            "text": say(language, "error_summary.entry", label=tr(q.label, language), reason=problems[q.id]),
        }
        for q in questions
        if q.id in problems
    ]
    if not items:
        return
    data = {
        "title": say(language, "error_summary.title"),
        "items": items,
        "refusal": int(st.session_state.get(REFUSALS, 0)),
    }
    _component(key="error_summary", data=boxed(data))
