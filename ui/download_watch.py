"""A look after each download click, instead of a look every few seconds.

A click on a download button does not rerun the page (a rerun would retire the file before the browser
fetches it: see tests/browser/patient.py), and the file is built on the server only when the browser fetches
it, so the app cannot draw "saved" at the click. The note under the summary's downloads (ui/review.py) is a
fragment that draws this tiny custom component (`st.components.v2`, inline JavaScript, no iframe: it runs in
the app's page, as ui/tabstore.py does) while nothing is saved yet. On any download click in the page it asks
for a few runs of its fragment (after 1, 2.5, 5, 10, 20, 40 and 65 s, so a build that takes up to the build
limit is seen), and no more once the note shows (the fragment no longer draws it). A patient who sits on the
review step costs the server no run until they click (the idle watcher's look, ui/idle.py, aside), where
the note used to look every 2 s in every open tab.
"""

from __future__ import annotations

import streamlit as st

from ui.component_data import boxed

LOOKS_MS = (1_000, 2_500, 5_000, 10_000, 20_000, 40_000, 65_000)
"""When, after a download click, the fragments that wait for a saved file look again."""

_JS = """
export default function ({ data: [data], setTriggerValue }) {
  const w = window;
  const watchers = (w.__intakeDownloadWatchers = w.__intakeDownloadWatchers || new Map());
  const id = String(data.id);
  watchers.set(id, setTriggerValue);
  if (!w.__intakeDownloadListening) {
    w.__intakeDownloadListening = true;
    document.addEventListener("click", (event) => {
      const target = event.target;
      if (!(target instanceof Element) || !target.closest('[data-testid="stDownloadButton"]')) return;
      (data.looks || []).forEach((ms) => {
        setTimeout(() => {
          for (const [key, trigger] of w.__intakeDownloadWatchers) trigger("look", key + ":" + ms + ":" + Date.now());
        }, ms);
      });
    }, true);
  }
  return () => {
    if (w.__intakeDownloadWatchers.get(id) === setTriggerValue) w.__intakeDownloadWatchers.delete(id);
  };
}
"""

_component = st.components.v2.component("intake_download_watch", js=_JS)


def _nothing() -> None:
    """The component's event callback: a look is a run of the fragment that draws it, nothing more."""


def watch(key: str) -> None:
    """Draw the watcher inside a fragment: a download click anywhere in the page reruns that fragment a few times."""
    _component(key=key, data=boxed({"id": key, "looks": list(LOOKS_MS)}), height=0, on_look_change=_nothing)
