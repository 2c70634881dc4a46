"""The record as Markdown (the accessible copy) and as plain text (the CLI's output)."""

from __future__ import annotations

import re

from ..rules.schema import RuleSet
from ..text import no_controls
from .layout import record_lines
from .model import Record

# Invisible characters a reader cannot see and a screen reader may spell out: never in the accessible copy.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
# What would make text typed or written in the rules into markup, and the entity that shows the same
# character without it: an HTML tag or comment (``<b>``, ``<!--``), a link or image (``](``), a link
# definition (``]:``), and an entity (``&amp;``) that would be read as its character.
_MARKUP = re.compile(r"<(?=[A-Za-z/!?])|\](?=[(:])|&(?=#?[A-Za-z0-9]+;)")
_ENTITY = {"<": "&lt;", "]": "&#93;", "&": "&amp;"}
# A line that starts like a heading, quote, list, rule, fence or table row would change the layout.
_BLOCK_START = re.compile(
    r"^(#{1,6}(\s|$)|>|[-+*](\s|$)|\d{1,9}[.)](\s|$)|(-\s*){3,}$|(_\s*){3,}$|(\*\s*){3,}$|=+\s*$|`{3}|~{3}|\|)"
)
_NUMBERED = re.compile(r"^\d{1,3}\. ")


def plain_markdown(text: str, *, line_start: bool = False) -> str:
    """Text as itself in Markdown, readable as plain text: no backslash escapes, no invisible characters.

    Only what would become a link, an image, HTML or an entity is written as a character reference
    (``&lt;b>`` renders as ``<b>``); everything else stays exactly as typed, so the file reads the same
    raw or rendered. ``line_start``: the text begins a line, so a heading or list marker there is
    written as a reference too.
    """
    text = _INVISIBLE.sub("", no_controls(text, keep_newlines=False)).strip()
    text = _MARKUP.sub(lambda m: _ENTITY[m.group(0)], text)
    if line_start and _BLOCK_START.match(text):
        text = f"&#{ord(text[0])};{text[1:]}"
    return text


def record_markdown(record: Record, rules: RuleSet | None = None) -> str:
    """The record as Markdown: the accessible copy, which reads as plain text (``plain_markdown``).
    Text from the rules or typed by the practitioner never becomes a link, image, HTML or a heading."""
    prefix = {"h1": "# ", "h2": "\n## ", "h3": "\n### ", "li": "- ", "sub": "  - ", "p": "", "kv": "- "}
    lines = []
    for style, text in record_lines(record, rules):
        if style == "kv":
            label, value = text.split("\t", 1)
            line = f"- **{plain_markdown(label)}:** {plain_markdown(value)}"
        elif style == "li" and _NUMBERED.match(text):  # "1. Call 999 ...": a numbered list of our own
            number, rest = text.split(" ", 1)
            line = f"{number} {plain_markdown(rest, line_start=True)}"
        else:
            line = prefix[style] + plain_markdown(text, line_start=style in ("p", "li", "sub"))
        lines.append(line)
        if style == "p":
            lines.append("")
    return "\n".join(lines).strip() + "\n"


def record_text(record: Record, rules: RuleSet | None = None) -> str:
    """The record as plain text (the CLI's output): control characters removed."""
    prefix = {"h1": "", "h2": "\n", "h3": "\n", "li": "  ", "sub": "      ", "p": "", "kv": "  "}
    out = []
    for style, text in record_lines(record, rules):
        text = no_controls(text.replace("\t", ": "))
        out.append(prefix[style] + text)
        if style in ("h1", "h2"):
            out.append(prefix[style].strip() + "-" * len(text))
    return "\n".join(out).strip() + "\n"
