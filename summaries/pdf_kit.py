"""Text for both PDFs (the summary and the paper form): the one escaping path, and right-to-left lines.

Every string that came from the patient, the bank or the clinic reaches ReportLab's markup parser through
`escape`, and nowhere else: Paragraph markup could otherwise crash the build (`<b>`), change the layout
(`<font size=80>`) or read a file from the server (`<img src=...>`). Text drawn straight onto the canvas
(the running header) goes through `clean`, the first half of `escape`.

The bundled DejaVu Sans covers Latin, Greek, Cyrillic, Hebrew and Arabic; characters it cannot show print as
U+FFFD (a visible replacement mark) instead of vanishing.

Right-to-left scripts (Hebrew, Arabic) are stored and wrapped in typing (logical) order, then each line is
put in reading (visual) order only when it is drawn; see `Paragraph`. ReportLab's own RTL support needs
`rlbidi`, which is not on PyPI, so python-bidi (the Unicode Bidirectional Algorithm) and arabic-reshaper
(Arabic letters in their joined forms, which DejaVu Sans has) do it here.

Page set-up, fonts, colours and the "Page X of Y" canvas are in summaries/doc_kit.py.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from functools import cache
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape as _xml_escape
from xml.sax.saxutils import unescape as _xml_unescape

import arabic_reshaper
from bidi import algorithm as _uba
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.platypus import Flowable
from reportlab.platypus import Paragraph as _ReportLabParagraph
from reportlab.platypus.paraparser import ParaParser

from summaries.doc_kit import font_coverage

if TYPE_CHECKING:
    from collections.abc import Callable

    from summaries.pdf_layout import Layout

__all__ = ["Paragraph", "clean", "escape", "has_rtl", "is_rtl", "one_line", "shape", "text_paragraphs", "visual_line"]

LINES_PER_PARAGRAPH = 25
"""Lines of one typed paragraph per Paragraph flowable: splitting one with thousands of <br/> is slow."""


# --- text --------------------------------------------------------------------------------------------------

_NEWLINES = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_UNSAFE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def clean(text: str) -> str:
    """Text made safe to hand to ReportLab as characters (not yet as markup).

    NFC-normalises, turns every kind of line break into '\\n' and tabs into spaces, drops control
    characters, lone surrogates and non-characters, and replaces what the bundled font cannot show
    (and anything outside the Basic Multilingual Plane, whose ToUnicode entries ReportLab writes wrongly)
    with U+FFFD, so nothing the patient typed silently disappears.
    """
    text = _NEWLINES.sub("\n", str(text)).replace("\t", " ")
    text = unicodedata.normalize("NFC", _UNSAFE.sub("", text))
    covered = font_coverage()
    if text.isascii():
        return text
    missing: dict[int, str] = {ord(ch): "\ufffd" for ch in set(text) if ord(ch) not in covered and ch != "\n"}
    return text.translate(missing) if missing else text  # each distinct character checked once


def escape(text: str) -> str:
    """The one way user or bank text enters Paragraph markup: cleaned, Arabic joined, XML-escaped, newlines
    as <br/>. Still in typing order: `Paragraph` puts right-to-left text in reading order line by line.

    Soft hyphens (U+00AD) are left out of the layout only: ReportLab tries every soft hyphen of a word at
    every line end, measuring the word up to each one (cubic: 4,000 characters of "ab" + soft hyphen took
    4 s). They are invisible unless a line breaks at one, so the words read the same; a long word still
    wraps, at the frame's edge. The saved and embedded answers keep them."""
    return _xml_escape(shape(clean(text).replace("\u00ad", ""))).replace("\n", "<br/>")


def one_line(text: str) -> str:
    """Text cleaned and on one line: every run of spaces and line breaks as one space."""
    return " ".join(clean(text).split())


# --- right-to-left text ------------------------------------------------------------------------------------

_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
_RTL_BLOCKS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_RESHAPER = arabic_reshaper.ArabicReshaper(
    configuration={
        "delete_harakat": False,  # the patient's vowel marks stay
        "ARABIC LIGATURE ALLAH": False,  # DejaVu Sans has no glyph for U+FDF2; the lam-alef ligatures it has
    }
)
_UBA_TYPES = frozenset({"L", "R", "AL", "EN", "ES", "ET", "AN", "CS", "NSM", "BN", "S", "WS", "ON"})
_EXPLICIT = frozenset({"LRE", "RLE", "LRO", "RLO", "PDF"})


def shape(text: str) -> str:
    """Arabic letters in the joined form their neighbours call for (initial, medial, final, isolated, lam-alef),
    still in typing order. A word whose forms the font lacks stays unjoined rather than printing boxes."""
    if text.isascii() or not _ARABIC.search(text):
        return text
    covered = font_coverage()
    shaped = _RESHAPER.reshape(text)
    if all(ord(ch) in covered or ch == "\n" for ch in shaped):
        return shaped
    words = re.split(r"(\s+)", text)
    return "".join(w if w.isspace() else _shaped_word(w, covered) for w in words)


def _shaped_word(word: str, covered: frozenset[int]) -> str:
    shaped = _RESHAPER.reshape(word)
    return shaped if all(ord(ch) in covered for ch in shaped) else word


def _bmp_classes(label: Callable[[str], str]) -> dict[str, re.Pattern[str]]:
    """For each label `label` gives ('' for none), the characters of the Basic Multilingual Plane that get it,
    as one regular-expression character class (surrogates left out)."""
    found: dict[str, list[str]] = {}
    start, kind = 0, ""
    for code in range(0x10001):
        here = label(chr(code)) if code < 0x10000 and not 0xD800 <= code <= 0xDFFF else ""
        if here != kind:
            if kind:
                found.setdefault(kind, []).append(f"\\u{start:04x}-\\u{code - 1:04x}")
            start, kind = code, here
    return {kind: re.compile("[" + "".join(ranges) + "]") for kind, ranges in found.items()}


@cache
def _rtl_pattern() -> re.Pattern[str]:
    """Characters that make a line need reordering: right-to-left letters and Arabic-Indic digits."""
    return _bmp_classes(lambda ch: "rtl" if unicodedata.bidirectional(ch) in ("R", "AL", "AN") else "")["rtl"]


def has_rtl(text: str) -> bool:
    return not text.isascii() and _rtl_pattern().search(text) is not None


def _letter_direction(ch: str) -> str:
    """'R' for a right-to-left letter, 'L' for a left-to-right one, '' for anything that is not a letter."""
    if not unicodedata.category(ch).startswith("L"):
        return ""
    kind = unicodedata.bidirectional(ch)
    return "R" if kind in ("R", "AL") else "L" if kind == "L" else ""


@cache
def _letters() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Right-to-left letters, and left-to-right ones, of the Basic Multilingual Plane, as character classes."""
    classes = _bmp_classes(_letter_direction)
    return classes["R"], classes["L"]


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def is_rtl(text: str) -> bool:
    """Whether text reads right to left as a whole: more right-to-left letters than left-to-right ones (a
    Hebrew sentence naming 'Sertraline 50 mg' is still Hebrew); on a tie, the first letter decides. Only
    letters count: digits, punctuation and invisible direction marks do not. (Counted by regular expressions:
    a 20,000-character answer is looked at several times as its pages are laid out.)"""
    right, left = _letters()
    firsts = {kind: m.start() for kind, pattern in (("R", right), ("L", left)) if (m := pattern.search(text))}
    rtl, ltr = len(right.findall(text)), len(left.findall(text))
    for m in _ASTRAL.finditer(text):  # letters beyond the Basic Multilingual Plane, one by one
        kind = _letter_direction(m.group())
        if kind:
            rtl, ltr = rtl + (kind == "R"), ltr + (kind == "L")
            firsts[kind] = min(firsts.get(kind, m.start()), m.start())
    first = min(firsts, key=firsts.__getitem__) if firsts else ""
    return rtl > ltr or (rtl == ltr and first == "R")


def _visual_order(text: str, rtl: bool) -> list[tuple[int, str]]:
    """One line's characters in drawing order, left to right: (index in `text`, character as drawn).

    The Unicode Bidirectional Algorithm (python-bidi's reference implementation, whose steps expose each
    character) with a right-to-left or left-to-right base, brackets mirrored where they read right to
    left. Explicit embeddings and overrides (U+202A-202E) are ignored, as if absent: an invisible control
    must not make '50 mg' print as 'gm 05' in a clinical summary. Invisible characters the algorithm drops
    stay next to the character they followed. Combining marks: see `_marks_after_letters`.
    """
    storage = _uba.get_empty_storage()
    storage["base_level"] = int(rtl)
    storage["base_dir"] = "R" if rtl else "L"
    _uba.get_embedding_levels(text, storage)
    chars = storage["chars"]
    for index, char in enumerate(chars):
        char["index"] = index
        if char["type"] in _EXPLICIT:
            char["type"] = char["orig"] = "BN"
        elif char["type"] not in _UBA_TYPES:  # isolates, paragraph separators, unassigned
            char["type"] = char["orig"] = "ON"
    _uba.explicit_embed_and_overrides(storage)
    _uba.resolve_weak_types(storage)
    _uba.resolve_neutral_types(storage, False)
    _uba.resolve_implicit_levels(storage, False)
    _uba.reorder_resolved_levels(storage, False)
    _uba.apply_mirroring(storage, False)
    kept = storage["chars"]
    order: list[int] = [c["index"] for c in kept]
    drawn = {c["index"]: c["ch"] for c in kept}
    if len(order) < len(text):  # reattach what the algorithm dropped (BN: joiners, soft hyphens, controls)
        followers: dict[int, list[int]] = {}
        anchor = -1
        kept_set = set(order)
        for index in range(len(text)):
            if index in kept_set:
                anchor = index
            else:
                followers.setdefault(anchor, []).append(index)
        expanded: list[int] = followers.get(-1, [])
        for index in order:
            expanded += [index, *followers.get(index, [])]
        order = expanded
    _marks_after_letters(order, text)
    return [(i, drawn.get(i, text[i])) for i in order]


def _marks_after_letters(order: list[int], text: str) -> None:
    """Within a reversed run a letter's combining marks come before it. DejaVu Sans draws Hebrew points and
    Arabic vowel marks to the right of the pen, over the glyph drawn next, so for them that is right; a
    Latin accent (say, on a Hebrew letter) it draws to the left, over the glyph drawn before: those are put
    back after their letter, in place."""

    def mark(k: int) -> bool:
        ch = text[order[k]]
        return unicodedata.category(ch) in ("Mn", "Me") and not _RTL_BLOCKS.match(ch)

    k = 0
    while k < len(order):
        j = k
        while mark(j) and j + 1 < len(order) and order[j + 1] == order[j] - 1:
            j += 1  # marks then, at j, their letter: logically letter, mark, mark; drawn mark, mark, letter
        if j > k and not mark(j):
            order[k : j + 1] = order[k : j + 1][::-1]
        k = j + 1


def visual_line(text: str, rtl: bool | None = None) -> str:
    """One line (already shaped, already fitted) in drawing order, with a right-to-left base when `rtl` (by
    default when the line reads right to left). Left-to-right text with no right-to-left character in it
    comes back as it is."""
    if rtl is None:
        rtl = has_rtl(text) and is_rtl(text)
    if not rtl and not has_rtl(text):
        return text
    return "".join(ch for _, ch in _visual_order(text, rtl))


class Paragraph(_ReportLabParagraph):
    """ReportLab's Paragraph, printing right-to-left text in reading order.

    ReportLab wraps the text in typing order (so a long Hebrew answer breaks after the words that come
    first in it, and a split across pages keeps the right words on each page); only when a line is drawn
    are its characters put in visual order, and a paragraph that reads right to left is right-aligned.
    Paragraphs without right-to-left characters are drawn exactly as before.

    Three costs of ReportLab's own are avoided, with the same lines as a result: a long text that is only
    escaped characters and line breaks (what `escape` makes of an answer) skips the markup parser, whose every
    `&lt;` or `&amp;` becomes a fragment of its own (20,000 characters of `<b>&</b>` parsed in 0.3 s); other
    text is parsed and its neighbouring fragments in the same style joined, so it takes the fast line
    breaker (a paragraph of many fragments takes the slow per-fragment one: 6x plain text); and a wrap at
    the width of the last wrap (keep-with-next measures every flowable, then the frame wraps it again)
    keeps the lines it has.
    """

    def _setup(self, text: Any, style: Any, bulletText: Any, frags: Any, cleaner: Any) -> None:
        if frags is None and isinstance(text, str) and len(text) >= PLAIN_FAST and _PLAIN_MARKUP.fullmatch(text):
            para: Any = self
            text = cleaner(text)
            frags = plain_frags(text, style, para.caseSensitive)
        super()._setup(text, style, bulletText, frags, cleaner)
        if frags is None:
            para = self
            para.frags = joined_frags(para.frags)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        para: Any = self
        if "blPara" in para.__dict__ and para.__dict__.get("_wrapped_at") == availWidth:
            return para.width, para.height  # split() deletes blPara when it consumes the lines
        size = super().wrap(availWidth, availHeight)
        para._wrapped_at = availWidth
        return size

    def drawPara(self, debug: int = 0) -> None:
        para: Any = self  # wrap() sets blPara (the lines, in typing order); ReportLab has no type hints
        logical, style = para.blPara, para.style
        kind = getattr(logical, "kind", 0)
        lines = list(logical.lines)
        texts = [_frag_line_text(line) if kind else " ".join(line[1]) for line in lines]
        if not any(has_rtl(t) for t in texts):
            super().drawPara(debug)
            return
        rtl = is_rtl("".join(texts))
        if kind:
            visual = [_visual_frag_line(line, text, rtl) for line, text in zip(lines, texts, strict=True)]
        else:
            visual = [(line[0], visual_line(text, rtl).split(" ")) for line, text in zip(lines, texts, strict=True)]
        para.blPara = logical.clone(lines=visual)
        if rtl and style.alignment == TA_LEFT and not self.bulletText:
            para.style = copy.copy(style)
            para.style.alignment = TA_RIGHT
        try:
            super().drawPara(debug)
        finally:
            para.blPara, para.style = logical, style


PLAIN_FAST = 1_000
"""Markup at least this long skips the parser when it can; a shorter one is parsed (that costs about what
making its fragments directly costs)."""
_PLAIN_MARKUP = re.compile(r"(?:[^<&]|&(?:amp|lt|gt);|<br/>)*")
"""Markup that is only text, the three escapes `escape` writes, and line breaks."""


def plain_frags(text: str, style: Any, case_sensitive: int = 1) -> list[Any]:
    """The fragments ReportLab's parser (with neighbours joined) makes of `text`, which matches _PLAIN_MARKUP
    and is already cleaned: one per run of text, one per line break, in the style's font; without parsing."""
    parser = ParaParser()
    parser.caseSensitive = case_sensitive
    _, sample, _ = parser.parse("x<br/>x", style)  # the style's plain fragment and its line break
    if sample is None or len(sample) != 3:
        raise ValueError("the style does not give a plain fragment")
    run, line_break = sample[0], sample[1]
    frags: list[Any] = []
    for number, piece in enumerate(text.split("<br/>")):
        if number:
            frags.append(line_break.clone())
        if piece:
            frags.append(run.clone(text=_xml_unescape(piece)))
    return frags


def joined_frags(frags: list[Any]) -> list[Any]:
    """Parser fragments with neighbours of the same style (plain text, no line break or inline object) joined."""
    out: list[Any] = []
    run: list[Any] = []

    def flush() -> None:
        if run:
            out.append(run[0] if len(run) == 1 else run[0].clone(text="".join(f.text for f in run)))
            run.clear()

    for frag in frags:
        if not _plain(frag):
            flush()
            out.append(frag)
        elif run and not _same_style(run[0], frag):
            flush()
            run.append(frag)
        else:
            run.append(frag)
    flush()
    return out


def _plain(frag: Any) -> bool:
    return not (hasattr(frag, "cbDefn") or getattr(frag, "lineBreak", False))


def _same_style(a: Any, b: Any) -> bool:
    return {k: v for k, v in a.__dict__.items() if k != "text"} == {k: v for k, v in b.__dict__.items() if k != "text"}


def _frag_line_text(line: Any) -> str:
    """A line of styled fragments as text; an inline object (image, anchor) counts as one neutral character."""
    return "".join("\ufffc" if hasattr(f, "cbDefn") else f.text for f in line.words)


def _visual_frag_line(line: Any, text: str, rtl: bool) -> Any:
    """A line of styled fragments in drawing order: runs of one fragment's characters, each in its own style."""
    if not rtl and not has_rtl(text):
        return line
    owners: list[int] = []
    for number, frag in enumerate(line.words):
        owners += [number] * (1 if hasattr(frag, "cbDefn") else len(frag.text))
    words: list[Any] = []
    run: list[str] = []
    owner = -1
    for index, ch in [*_visual_order(text, rtl), (-1, "")]:
        here = owners[index] if index >= 0 else -2
        if here != owner and owner >= 0:
            frag = line.words[owner]
            words.append(frag if hasattr(frag, "cbDefn") else frag.clone(text="".join(run)))
            run = []
        owner = here
        run.append(ch)
    return line.clone(words=words)


# --- typed paragraphs ------------------------------------------------------------------------------------


def text_paragraphs(text: str, layout: Layout) -> list[Flowable]:
    """A free-text answer as flowing paragraphs (split at blank lines), never inside a table cell."""
    styles = layout.styles
    out: list[Flowable] = []
    paragraphs = [c for c in _PARAGRAPH_BREAK.split(clean(text).strip()) if c.strip()] or [""]
    for number, paragraph in enumerate(paragraphs):
        lines = paragraph.split("\n")
        for start in range(0, len(lines), LINES_PER_PARAGRAPH):
            style = "answer" if number == 0 else "answer_more"
            if start:
                style = "answer_cont"
            chunk = "\n".join(lines[start : start + LINES_PER_PARAGRAPH])
            out.append(Paragraph(escape(chunk), styles[style]))
    return out
