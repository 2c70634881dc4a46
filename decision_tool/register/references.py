"""Local references (a practitioner's own pupil or case number) are kept only as keyed hashes.

HMAC-SHA256 with the install's secret key: without the key, a stolen database cannot be matched against a
list of pupil numbers. The same reference typed again gives the same hash, however it was typed: before
hashing, a reference is put in Unicode NFKC form (full-width letters and digits become plain ones),
invisible format characters are removed (zero-width space, word joiner, byte order mark, soft hyphen,
direction marks), every space is removed (so "UPN 4471" and "UPN4471" are one), letter case does not
matter, every kind of dash counts as "-", and Cyrillic or Greek letters that look like Latin ones count as
those Latin letters. Control characters are refused with a message: they come from a bad copy and paste.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata

from ..errors import UserError
from ..wording.messages import say

MAX_REFERENCE_CHARS = 100
# No 0/O, 1/I/L, U: codes are read aloud at panel meetings.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


class CaseReferenceError(UserError):
    title = say("register.title.reference")


# Letters that look the same as Latin ones (after casefold), so a reference typed on another keyboard
# layout, or pasted from a document, finds the same case.
LOOK_ALIKES = str.maketrans(
    {
        **dict(zip("авекмнорстхуіјѕԁԛԝ", "abekmhopctxyijsdqw", strict=True)),
        **dict(zip("αβεζηικμνορτυχ", "abezhikmnoptyx", strict=True)),
        "\u2212": "-",  # minus sign
        "\u2e3a": "-",  # two-em dash
        "\u2e3b": "-",  # three-em dash
    }
)
ALLOWED_CONTROLS = "\t\n\r"  # whitespace, removed with the spaces


def normalise_reference(reference: str) -> str:
    text = unicodedata.normalize("NFKC", reference or "")
    if any(unicodedata.category(ch) == "Cc" and ch not in ALLOWED_CONTROLS for ch in text):
        raise CaseReferenceError(say("register.error.reference_control"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    text = "".join(text.split()).casefold()
    text = "".join("-" if unicodedata.category(ch) == "Pd" else ch for ch in text).translate(LOOK_ALIKES)
    if not text:
        raise CaseReferenceError(say("register.error.reference_empty"))
    if len(text) > MAX_REFERENCE_CHARS:
        raise CaseReferenceError(say("register.error.reference_long", chars=MAX_REFERENCE_CHARS))
    return text


def reference_hash(key: bytes, reference: str) -> str:
    return hmac.new(key, normalise_reference(reference).encode("utf-8"), hashlib.sha256).hexdigest()


def new_case_code() -> str:
    return "C-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
