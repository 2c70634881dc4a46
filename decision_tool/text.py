"""Text from rules files and users, made inert for every place it is shown.

One module, used by the pages (through ``decision_tool/ui/widgets.py``), the records and the CLI, so the
rule is the same everywhere: **what a rules file or a user wrote is shown as text, never as markup**.

- ``md_escape``: for Markdown (Streamlit bodies, headings, captions, the Markdown record). Every
  character that could start formatting, a link, an image, HTML, LaTeX, an emoji code or a Streamlit
  directive is backslash-escaped, and bare web addresses and e-mail addresses are broken with an invisible
  WORD JOINER so GitHub-flavoured "autolinks" never turn them into links (an escape alone does not stop
  an autolink: the renderer finds them after escapes are resolved).
- ``inline_escape``: the lighter escaping for widget labels and radio options, which Streamlit renders
  as inline Markdown only; the accessible name stays readable.
- ``terminal_safe``: for the CLI; control characters (escape sequences that could recolour, move the
  cursor or retitle a terminal) become visible ``\\x1b``-style codes.
- ``clip``: the length cap for any value quoted back in a message.
- ``spreadsheet_cell``: for every CSV the tool writes (the audit trail, the panel's list and tables): a
  cell a spreadsheet would run as a formula gets a leading apostrophe.

The engine never renders: it keeps text as written. Rendering code escapes at the last step.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

WORD_JOINER = "\u2060"  # invisible, no line break: splits an address so no renderer links it
MAX_QUOTED = 80  # characters of a value quoted back in a message

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=\"'^@])")
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]$~<>|:])")
# What GFM's autolink-literal extension (and linkify) would turn into a link: a scheme with '://',
# 'www.', or an e-mail address ('x@y.z'). Broken after the scheme's ':' / after 'www' / after '@'.
_AUTOLINK = re.compile(r"(?i)(\b[a-z][a-z0-9+.\-]*:)(?=//)|(\bwww)(?=\.)|(@)(?=[\w-])|(\bmailto:|\bxmpp:)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def defuse_links(text: str) -> str:
    """Insert an invisible WORD JOINER where an autolink would start; the text reads the same."""
    return _AUTOLINK.sub(lambda m: m.group(0) + WORD_JOINER, text)


def md_escape(text: Any) -> str:
    """Text shown literally in Markdown: no formatting, links, images, HTML, LaTeX or emoji codes."""
    return _MD_SPECIAL.sub(r"\\\1", defuse_links(no_controls(str(text))))


def inline_escape(text: Any) -> str:
    """A widget label or radio option (inline Markdown): escape only what formats inline."""
    return _INLINE_SPECIAL.sub(r"\\\1", defuse_links(no_controls(str(text))))


def no_controls(text: str, *, keep_newlines: bool = True) -> str:
    """Drop control characters (and bidirectional overrides) that no screen or record should carry."""
    out = _CONTROL.sub("", text.replace("\r\n", "\n"))
    return out if keep_newlines else out.replace("\n", " ").replace("\t", " ")


def _visible_code(m: re.Match[str]) -> str:
    code = ord(m.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: Any) -> str:
    """For a terminal: control characters shown as visible codes (``\\x1b``), never acted on."""
    return _CONTROL.sub(_visible_code, str(text).replace("\r\n", "\n"))


def clip(text: Any, limit: int = MAX_QUOTED) -> str:
    """At most ``limit`` characters of ``text``, with an ellipsis and the full length when cut."""
    text = str(text)
    if len(text) <= limit:
        return text
    return f"{text[: limit - 1]}… ({len(text):,} characters)"


def quoted(value: Any, limit: int = MAX_QUOTED) -> str:
    """A value as it appears in a message: repr-like, single line, never longer than ``limit``.

    Built without ``repr`` on the whole value, so a huge nested value costs no more than its first part.
    """
    return clip(_short_repr(value, limit + 1), limit)


def _short_repr(value: Any, budget: int) -> str:
    if isinstance(value, str):
        return repr(value[:budget])
    if isinstance(value, int) and not isinstance(value, bool):
        if abs(value) >= 10**budget:
            return f"a number with more than {budget} digits"
        return str(value)
    if isinstance(value, list | tuple):
        parts, used = [], 0
        for item in value[:20]:
            part = _short_repr(item, budget - used)
            parts.append(part)
            used += len(part) + 2
            if used > budget:
                break
        return "[" + ", ".join(parts) + (", …" if len(value) > len(parts) else "") + "]"
    if isinstance(value, dict):
        return "{…}" if value else "{}"
    return repr(value)[:budget] if not isinstance(value, bytes) else f"{len(value)} bytes"


FORMULA_START = ("=", "+", "-", "@")


def spreadsheet_cell(value: object) -> str:
    """``value`` as a CSV cell that no spreadsheet runs as a formula: one that starts with = + - or @ gets
    a leading apostrophe. What comes first is judged as a spreadsheet would see it: after spaces, tabs,
    carriage returns, a byte order mark or zero-width characters, and with full-width or small forms
    (``＝``, ``﹢``) read as the plain sign."""
    text = "" if value is None else str(value)
    lead = 0
    while lead < len(text) and (text[lead].isspace() or unicodedata.category(text[lead]) == "Cf"):
        lead += 1
    first = unicodedata.normalize("NFKC", text[lead : lead + 1])
    if first.startswith(FORMULA_START) or (lead and text[:1] in "\t\r"):
        return "'" + text
    return text
