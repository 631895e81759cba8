"""The non-diagnostic guard: wording the app must never show or print, in one documented list.

Each rule holds its English and its Spanish forms (the Spanish says "usted", as the app does).

The app collects and communicates; it never judges. Tests scan the bank, the app's own strings and the
text of rendered PDFs with `forbidden_phrases` and fail on any match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """One kind of forbidden wording: a name, the pattern, and why it is forbidden."""

    name: str
    pattern: re.Pattern[str]
    why: str


def _rule(name: str, pattern: str, why: str) -> Rule:
    return Rule(name, re.compile(pattern, re.IGNORECASE), why)


FORBIDDEN: tuple[Rule, ...] = (
    _rule("eligible", r"\b(in)?eligib|\b(in)?elegib", "eligibility is the provider's decision"),
    _rule("candidate", r"\bcandidat(e|es|o|a|os|as)\b", "a verdict on the patient"),
    _rule("suitable", r"\b(un)?suitab|\bapt[oa]s? para\b|\bidóne[oa]s?\b", "a verdict on the patient"),
    _rule("recommend", r"\brecommend|\brecomend|\brecomiend", "the app recommends nothing"),
    _rule(
        "you should",
        r"\byou (should|must|ought to|need to stop|need to start)\b|\busted (debe|debería|tiene que)\b|"
        r"\b(debe|debería|tiene que) (dejar|empezar|comenzar|tomar|cambiar|usar)\b",
        "advice",
    ),
    _rule(
        "you have (a condition)",
        r"(^|[.!:;]\s+|\n\s*)you have\b(?! been asked| answered| reported| told| given| chosen| picked)|"
        r"(^|[.!:;]\s+|\n\s*)usted tiene\b",
        "a statement that the patient has a condition (questions read 'Do you have ...')",
    ),
    _rule(
        "you are (a condition)",
        r"\byou are (depressed|bipolar|psychotic|manic|an? (addict|alcoholic))|"
        r"\busted (es|está) (deprimid[oa]|bipolar|psicótic[oa]|maníac[oa]|(una? )?(adict[oa]|alcohólic[oa]))",
        "a label",
    ),
    _rule(
        "diagnosis as a verdict",
        r"\b(consistent with|indicative of|meets? (the )?criteria|suggests? (a |that you have )?diagnosis|"
        r"(your|the|a likely) diagnosis is|probable (ptsd|depression|disorder)|you likely have|"
        r"compatible con|indicativ[oa] de|cumple (con )?(los )?criterios|(su|el) diagnóstico es|"
        r"(un )?probable (tept|depresión|trastorno)|probablemente tiene)\b",
        "the app makes no diagnosis",
    ),
    _rule(
        "dose advice",
        r"\b(take|use|give|increase|decrease|reduce|lower|raise|tome|tomar|use|usar|aumente|aumentar|disminuya|"
        r"reduzca|baje|suba)\b[^.\n]{0,40}\b\d+([.,]\d+)?\s?(mg|mcg|ml|mg/kg)\b",
        "doses are the prescriber's",
    ),
    _rule(
        "risk level",
        r"\b(risk (level|score|category|rating)|(low|moderate|medium|high|imminent|no|elevated)[- ]risk|"
        r"at risk (of|for) (suicide|harm)|nivel de riesgo|riesgo (alto|bajo|moderado|inminente))\b",
        "the app computes no risk level; it reports answers and published screening terms",
    ),
    _rule(
        "dose",
        r"\b(dose|dosage|dosing) (of|for|is|should|will|would|depends)\b|\b\d+(\.\d+)?\s?mg/kg\b|"
        r"\bla dosis (de (la )?ketamina|es|será|depende)\b",
        "doses are the prescriber's",
    ),
    _rule(
        "keep / start / stop taking",
        r"\b(keep|continue|start|stop|quit|avoid|hold|resume)\s+(taking|using)\b|\b(do not|don't)\s+take\b|"
        r"\bas your prescriber (told|directed|instructed)\b|"
        r"\b(siga|sigue|siga con|continúe|deje de) (tomando|usando|con ellas)\b|"
        r"\bno (tome|use)\b|\bcomo le dijo quien\b",
        "never advise taking or not taking a medicine; the app says 'ask your prescriber'",
    ),
    _rule(
        "stop / start / change a medicine",
        r"\b(stop|start|change|switch|increase|decrease|reduce|taper|skip|pause)\b\s+(taking\s+|using\s+)?"
        r"(your\s+|this\s+|that\s+|the\s+|a\s+|any\s+)?(medicines?|medications?|dose|doses|pills?|prescriptions?)\b|"
        r"\b(deje|dejar|suspenda|suspender|empiece|empezar|comience|comenzar|cambie|cambiar|aumente|aumentar|"
        r"disminuya|reduzca|salte|pause)\b\s+(de\s+)?(tomar\s+|usar\s+)?"
        r"(su\s+|sus\s+|este\s+|esta\s+|el\s+|la\s+|los\s+|las\s+|una?\s+|cualquier\s+)?"
        r"(medicinas?|medicamentos?|medicación|dosis|pastillas?|recetas?)\b",
        "never advise changing a medicine; the app says 'ask your prescriber'",
    ),
)
"""Every kind of wording the app never uses in what a patient or provider reads."""

ALLOWED_PHRASES: tuple[str, ...] = (
    "not a treatment recommendation",
    "not a diagnosis",
    "not a recommendation",
    "does not recommend",
    "ni una recomendación de tratamiento",
    "no es una recomendación",
)
"""Disclaimers that name a forbidden word to deny it; removed before scanning."""


def forbidden_phrases(text: str) -> list[str]:
    """Each forbidden phrase in `text`, as 'rule: matched words'; empty when the text is clean."""
    cleaned = text
    for phrase in ALLOWED_PHRASES:
        cleaned = re.sub(re.escape(phrase), " ", cleaned, flags=re.IGNORECASE)
    cleaned = re.sub(r"[ \t]+", " ", cleaned)
    found = []
    for rule in FORBIDDEN:
        for match in rule.pattern.finditer(cleaned):
            found.append(f"{rule.name}: {match.group(0).strip()!r}")
    return found
