"""The language of the screens: the patient's choice, a link's `?lang=`, or the clinic's default.

- The choice is kept in the session as `language` and set by a radio at the top of every step (the first
  screen included), labelled in both languages, each option in its own language ("English", "Español").
  Changing it redraws the same step in the other language and loses nothing: every answer widget is keyed
  by question (and option value), never by its label, and Streamlit keeps a keyed widget's value when only
  its label changes (ui/widgets.py).
- A link such as `...?lang=es` opens in that language; a value that is not a language of the app is
  ignored (the clinic's default applies). A choice is written back into the link, so reloading the tab
  keeps it. Streamlit makes that write a new history entry, so the browser's Back undoes a switch: a run
  that finds `?lang=` changed from what the session last wrote or read follows the address (no `?lang=`:
  the clinic's default).
- A file resumed with "Continue from a saved file" keeps the patient's current language, not the file's:
  answers are stored by option value, so they read the same in either language.
- The page's `<html lang>` follows the choice (screen readers pronounce by it, WCAG 3.1.1). Streamlit has
  no setting for it, so a tiny custom component (`st.components.v2`, inline JavaScript, no iframe: it runs
  in the app's own page, as ui/tabstore.py does) sets `document.documentElement.lang`, and the `lang` of
  each option of the language control (WCAG 3.1.2: "Español" is read as Spanish on an English page).
"""

from __future__ import annotations

import streamlit as st

from questions.words import languages, marked, say
from ui import history
from ui.component_data import boxed

CHOSEN = "language"
"""Session key of the language the patient chose (or the link gave)."""
CONTROL = "language_choice"
"""Widget key of the language radio (separate from CHOSEN, which other code may set after it is drawn)."""
LINK = "lang"
"""The query parameter of a link that opens in a language: `?lang=es`."""

_JS = """
export default function ({ data: [data] }) {
  const tag = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/;
  const code = data && data.lang;
  if (typeof code === "string" && tag.test(code)) {
    document.documentElement.lang = code;
  }
  // Each option of the language control is read in its own language ("Español" on an English page).
  const names = document.querySelectorAll('.st-key-@CONTROL@ [role="radiogroup"] label');
  (data.codes || []).forEach((option, index) => {
    if (names[index] && typeof option === "string" && tag.test(option)) names[index].lang = option;
  });
}
"""

_page_language = st.components.v2.component("intake_html_lang", js=_JS.replace("@CONTROL@", CONTROL))


def from_link() -> None:
    """Before anything is drawn: take `?lang=` as the choice when the patient has made none yet this session,
    and follow the address on the browser's Back or Forward (an address with no `?lang=` is the clinic's
    default). Any other run keeps the choice: its address may be a step behind (ui/history.py)."""
    code = st.query_params.get(LINK)
    valid = code if code in languages() else None
    navigated = history.navigated()
    if navigated and valid is None:
        st.session_state.pop(CHOSEN, None)
    elif valid is not None and (navigated or CHOSEN not in st.session_state):
        st.session_state[CHOSEN] = valid


def current(default: str) -> str:
    """The language of this session: the patient's choice (or the link's), else `default` (the clinic's)."""
    return str(st.session_state.get(CHOSEN) or default)


def _chosen() -> None:
    code = st.session_state.get(CONTROL)
    if code in languages():
        st.session_state[CHOSEN] = code
        st.query_params[LINK] = code


def control(language: str) -> None:
    """The language radio: 'English' / 'Español', labelled in both, at the top of the step."""
    codes = languages()
    if language in codes:
        st.session_state[CONTROL] = language  # follows the session's language (set by a link or a resume)
    else:
        st.session_state.pop(CONTROL, None)
    st.radio(
        say(language, "language.choose"),
        codes,
        index=None,
        key=CONTROL,
        format_func=lambda code: marked(language, say(code, "language.name")),
        horizontal=True,
        on_change=_chosen,
    )


def mark_page(language: str) -> None:
    """Set the page's `<html lang>` to the language of the screens (drawn at the end of the run)."""
    _page_language(key="html_lang", data=boxed({"lang": language, "codes": languages()}), height=0)
