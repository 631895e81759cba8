"""Phone numbers and web addresses in contact text (crisis lines, the clinic's phone), as links.

A contact line may hold explicit links, written `[label](href)` with a `tel:`, `sms:` or `https:` address
(the catalogue's 988 line uses this for "text 988"), and bare phone numbers (three digits or more) and web
addresses, which become `tel:` and `https:` links. Pure text in, pieces out: the screen draws them as
Markdown links and the PDF as ReportLab `<a href>` links. No Streamlit, no ReportLab here.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

_EXPLICIT = r"\[(?P<label>[^\]\n]+)\]\((?P<href>(?:tel|sms):\+?[0-9]{2,15}|https://[^\s()<>\"]+)\)"
_WEB = r"(?<![\w@./])(?P<web>(?:https://)?(?:[a-z0-9-]+\.)+[a-z]{2,}(?:/[^\s()<>\",;]*[^\s()<>\",;.])?)"
_PHONE = r"(?<![\w+/])(?P<phone>\+?\d(?:[ \-.]?\(?\d+\)?)+)(?![\w/])"
_PIECE = re.compile(f"{_EXPLICIT}|{_WEB}|{_PHONE}")

Piece = tuple[str, str | None]
"""A piece of a contact line: its text, and the address it links to (None: plain text)."""


def phone_href(number: str, scheme: str = "tel") -> str | None:
    """'tel:+15550100' for '+1 555 0100'; None when it holds fewer than three digits."""
    digits = re.sub(r"\D", "", number)
    if len(digits) < 3:
        return None
    return f"{scheme}:{'+' if number.strip().startswith('+') else ''}{digits}"


def linked_phone(number: str) -> str:
    """A phone number as an explicit link in a contact line (plain when it is not a number)."""
    href = phone_href(number)
    label = number.replace("[", "(").replace("]", ")")
    return f"[{label}]({href})" if href else label


def pieces(text: str, bare: bool = True) -> list[Piece]:
    """The line cut into plain text and links (`bare=False`: explicit links only, for a line that holds a
    name or an address whose numbers are not phone numbers)."""
    out: list[Piece] = []
    at = 0
    for match in _PIECE.finditer(text):
        if not bare and match["label"] is None:
            continue
        if match["label"] is not None:
            found: Piece = (match["label"], match["href"])
        elif match["web"] is not None:
            web = match["web"]
            found = (web, web if web.startswith("https://") else "https://" + web)
        else:
            href = phone_href(match["phone"])
            if href is None:
                continue
            found = (match["phone"], href)
        if match.start() > at:
            out.append((text[at : match.start()], None))
        out.append(found)
        at = match.end()
    if at < len(text):
        out.append((text[at:], None))
    return out


def plain(text: str) -> str:
    """The line as it reads, without link addresses."""
    return "".join(label for label, _ in pieces(text))


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def _inert(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def as_markdown(text: str, bare: bool = True) -> str:
    """The line as Markdown: links tappable, everything else inert."""
    return "".join(f"[{_inert(label)}]({href})" if href else _inert(label) for label, href in pieces(text, bare))


def as_pdf(text: str, bare: bool = True) -> str:
    """The line as ReportLab paragraph markup: links as `<a href>`, everything else escaped."""
    return "".join(
        f'<a href="{escape(href)}" color="#0b3d91"><u>{escape(label)}</u></a>' if href else escape(label)
        for label, href in pieces(text, bare)
    )
