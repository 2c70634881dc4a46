"""Sealing screenings in progress for the register: AES-GCM under a key derived (HKDF-SHA256) from the
reference key, which is never stored in the database. Each sealed draft is bound to its row and account
(the associated data), so a sealed value copied to another row or account does not open."""

from __future__ import annotations

import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_INFO = b"decision_tool drafts v1"
_NONCE = 12


def draft_key(reference_key: bytes) -> bytes:
    """The drafts' key: derived from the reference key for this one use, so neither reveals the other."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(reference_key)


def seal(key: bytes, plain: bytes, bound_to: str) -> bytes:
    nonce = secrets.token_bytes(_NONCE)
    return nonce + AESGCM(key).encrypt(nonce, plain, bound_to.encode("utf-8"))


def unseal(key: bytes, sealed: bytes, bound_to: str) -> bytes | None:
    """The plain bytes, or None when the value was altered, moved, or sealed under another key."""
    try:
        return AESGCM(key).decrypt(sealed[:_NONCE], sealed[_NONCE:], bound_to.encode("utf-8"))
    except (InvalidTag, ValueError):
        return None
