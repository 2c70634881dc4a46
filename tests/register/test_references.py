"""Keyed reference hashes: the same reference in any spacing or case matches; different ones do not."""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from decision_tool.register.references import (
    CODE_ALPHABET,
    new_case_code,
    normalise_reference,
    reference_hash,
)

from .conftest import KEY

REFERENCES = st.text(alphabet=string.ascii_letters + string.digits + "-/", min_size=1, max_size=30)


@settings(max_examples=60, deadline=None)
@given(REFERENCES, st.data())
def test_spacing_and_case_do_not_change_the_hash(reference, data):
    spaced = "".join(ch.upper() if data.draw(st.booleans()) else ch.lower() for ch in reference)
    spaced = " ".join(spaced[i : i + 3] for i in range(0, len(spaced), 3))
    assert reference_hash(KEY, "  " + spaced + "\t") == reference_hash(KEY, reference)


@settings(max_examples=60, deadline=None)
@given(REFERENCES, REFERENCES)
def test_different_references_give_different_hashes(a, b):
    if normalise_reference(a) != normalise_reference(b):
        assert reference_hash(KEY, a) != reference_hash(KEY, b)


def test_the_hash_depends_on_the_key_and_hides_the_reference():
    digest = reference_hash(KEY, "UPN-A1234")
    assert len(digest) == 64 and "a1234" not in digest
    assert reference_hash(b"another key entirely, 32 chars at least", "UPN-A1234") != digest


def test_case_codes_are_short_and_unambiguous():
    codes = {new_case_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == 8 and c.startswith("C-") and set(c[2:]) <= set(CODE_ALPHABET) for c in codes)
    assert not set("01ILOU") & set(CODE_ALPHABET)
