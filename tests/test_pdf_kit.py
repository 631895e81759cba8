"""summaries/pdf_kit.py's Paragraph gives the fragments ReportLab's own parser gives, faster.

An answer's markup (what `escape` makes: text, `&lt;` `&gt;` `&amp;`, `<br/>`) skips the parser: its
fragments are made directly. That must be exactly what the parser makes (with neighbours of the same style
joined, as every other paragraph gets), or a hostile answer would print differently from a plain one.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.platypus.paraparser import ParaParser

from summaries.pdf_kit import PLAIN_FAST, Paragraph, escape, is_rtl, joined_frags, plain_frags

STYLE = ParagraphStyle("answer", fontName="Helvetica", fontSize=10, leading=13)
PIECES = [*"ab <>&;\n\t  \u00ad\u200bשל", "&amp;", "<br/>", "&lt;b&gt;", "<b>", "&#39;"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
"""Answers made of the pieces that matter here: characters `escape` turns into entities, markup a patient
might type, line breaks, runs of spaces, soft hyphens, zero-width spaces and right-to-left letters."""


def _parsed(markup: str) -> list[dict[str, Any]]:
    """The fragments of ReportLab's parser, neighbours of the same style joined."""
    _, frags, _ = ParaParser().parse(cleanBlockQuotedText(markup), STYLE)
    return [f.__dict__ for f in joined_frags(frags)]


@given(TEXT)
@example("")
@example("a & b\nc")
@example("\n\nx\n")
@example("<b>not bold</b> &amp; &lt;")
@example("   spaces   and\ttabs   ")
def test_an_answers_fragments_are_the_parsers(text: str) -> None:
    markup = escape(text)
    fast = [f.__dict__ for f in plain_frags(cleanBlockQuotedText(markup), STYLE)]
    assert fast == _parsed(markup)
    long = escape((text + "\n") * (PLAIN_FAST // (len(markup) + 1) + 1))  # long enough for Paragraph to skip the parser
    assert len(long) >= PLAIN_FAST
    assert [f.__dict__ for f in Paragraph(long, STYLE).frags] == _parsed(long)


def test_other_markup_is_still_parsed() -> None:
    """A tag other than a line break (the bank's own `<b>`) goes through the parser: bold stays bold."""
    frags = Paragraph("<b>Bold</b> and &amp; plain<br/>next", STYLE).frags
    assert [f.fontName for f in frags if f.text] == ["Helvetica-Bold", "Helvetica", "Helvetica"]
    assert [f.__dict__ for f in frags] == _parsed("<b>Bold</b> and &amp; plain<br/>next")


def _reads_right_to_left(text: str) -> bool:
    """is_rtl's rule, one character at a time: more right-to-left letters than left-to-right ones; on a tie,
    the first letter decides; only letters count."""
    rtl = ltr = 0
    first = ""
    for ch in text:
        if unicodedata.category(ch).startswith("L"):
            kind = unicodedata.bidirectional(ch)
            if kind in ("R", "AL"):
                rtl, first = rtl + 1, first or "R"
            elif kind == "L":
                ltr, first = ltr + 1, first or "L"
    return rtl > ltr or (rtl == ltr and first == "R")


@given(st.lists(st.sampled_from([*"ab 12.", *"שלום", *"مرحبا", "\u200f", "\u0301", "\U00010900", "\U0001d400", "😀"])))
@example(["a", "ש"])
@example(["ש", "a"])
@example(["\U00010900", "a"])
@example([])
def test_is_rtl_counts_letters_as_the_rule_says(chars: list[str]) -> None:
    text = "".join(chars)
    assert is_rtl(text) == _reads_right_to_left(text)
