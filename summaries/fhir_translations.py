"""FHIR translations: a Questionnaire written in English carries every other language's text beside it.

Each `text`, `display` and `title` that reads differently in another language gets that language's text as the
core translation extension on its primitive element (R4 JSON: `_text`, `_display`, `_title`):

    "text": "Little interest or pleasure in doing things",
    "_text": {"extension": [{"url": "http://hl7.org/fhir/StructureDefinition/translation",
                             "extension": [{"url": "lang", "valueCode": "es"},
                                           {"url": "content", "valueString": "Poco interés o placer en hacer cosas"}]}]}

(hl7.org/fhir/extensions/StructureDefinition-translation.html: context string, code or markdown; `lang` a code,
`content` a string.) The resource is built once per language from the same bank, so the two trees have the
same shape; `add_translations` walks them side by side. A text that reads the same in both (a name such as
"PHQ-9", or one the bank has in English only) gets no extension.
"""

from __future__ import annotations

from typing import Any

from summaries.fhir_items import EXT

TRANSLATION = EXT + "translation"
TRANSLATED = ("text", "display", "title")
"""The primitive elements whose other-language texts are carried (item text, a coding's display, the title)."""
UNTRANSLATED = ("enableWhen",)
"""Where a coding is a condition to match, not a text to read: left as it is."""


def translation(language: str, content: str) -> dict[str, Any]:
    """The translation extension: `content` is the text in `language`."""
    return {
        "url": TRANSLATION,
        "extension": [{"url": "lang", "valueCode": language}, {"url": "content", "valueString": content}],
    }


def with_translation(element: dict[str, Any] | None, language: str, content: str) -> dict[str, Any]:
    """A primitive element's `_x` object with one more translation (a language already there is kept)."""
    out = dict(element or {})
    extensions = list(out.get("extension", []))
    langs = {e["extension"][0]["valueCode"] for e in extensions if e.get("url") == TRANSLATION}
    if language not in langs:
        extensions.append(translation(language, content))
    out["extension"] = extensions
    return out


def add_translations(base: Any, other: Any, language: str) -> None:
    """Add to `base` (the resource in its own language) the texts of `other` (the same resource in `language`)
    that read differently, in place. `_x` elements `other` has and `base` lacks are taken over as they are."""
    if isinstance(base, list) and isinstance(other, list) and len(base) == len(other):
        for mine, theirs in zip(base, other, strict=True):
            add_translations(mine, theirs, language)
        return
    if not (isinstance(base, dict) and isinstance(other, dict)):
        return
    for key, value in list(base.items()):
        if key not in other or key in UNTRANSLATED:
            continue
        twin = other[key]
        if key in TRANSLATED and isinstance(value, str) and isinstance(twin, str):
            if twin != value:
                base[f"_{key}"] = with_translation(base.get(f"_{key}"), language, twin)
        elif not key.startswith("_"):
            add_translations(value, twin, language)
    for key, twin in other.items():
        if key.startswith("_") and key.removeprefix("_") in TRANSLATED and isinstance(twin, dict):
            for extension in twin.get("extension", []):
                if extension.get("url") == TRANSLATION:
                    lang, content = (e.get("valueCode") or e.get("valueString") for e in extension["extension"])
                    base[key] = with_translation(base.get(key), str(lang), str(content))


def translated(resource: dict[str, Any], language: str) -> dict[str, Any]:
    """A copy of `resource` with its texts in `language` where it carries them (what a Spanish reader sees)."""

    def walk(node: Any) -> Any:
        if isinstance(node, list):
            return [walk(n) for n in node]
        if not isinstance(node, dict):
            return node
        out = {k: walk(v) for k, v in node.items() if not (k.startswith("_") and k[1:] in TRANSLATED)}
        for key in TRANSLATED:
            for extension in node.get(f"_{key}", {}).get("extension", []):
                parts = {e["url"]: e.get("valueCode") or e.get("valueString") for e in extension["extension"]}
                if extension.get("url") == TRANSLATION and parts.get("lang") == language:
                    out[key] = parts["content"]
        return out

    result: dict[str, Any] = walk(resource)
    result["language"] = language
    return result
