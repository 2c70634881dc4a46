"""Local references (a practitioner's own pupil or case number) are kept only as keyed hashes.

HMAC-SHA256 with the install's secret key: without the key, a stolen database cannot be matched against a
list of pupil numbers. The same reference typed again (any case, spacing) gives the same hash.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata

from ..errors import UserError

MAX_REFERENCE_CHARS = 100
# No 0/O, 1/I/L, U: codes are read aloud at panel meetings.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


class CaseReferenceError(UserError):
    title = "Check the reference"


def normalise_reference(reference: str) -> str:
    text = unicodedata.normalize("NFKC", reference or "")
    text = "".join(text.split()).casefold()
    if not text:
        raise CaseReferenceError(
            "type your own reference for this child (your system's pupil or case number)"
        )
    if len(text) > MAX_REFERENCE_CHARS:
        raise CaseReferenceError(
            f"a reference is at most {MAX_REFERENCE_CHARS} characters: use your system's pupil or case number, "
            "never a name"
        )
    return text


def reference_hash(key: bytes, reference: str) -> str:
    return hmac.new(key, normalise_reference(reference).encode("utf-8"), hashlib.sha256).hexdigest()


def new_case_code() -> str:
    return "C-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
