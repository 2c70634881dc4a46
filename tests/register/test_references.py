"""Keyed reference hashes: the same reference in any spacing or case matches; different ones do not."""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from decision_tool.register.references import (
    CODE_ALPHABET,
    CaseReferenceError,
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


INVISIBLE = ["\u200b", "\u2060", "\ufeff", "\u00ad", "\u200d", "\u200e"]


@settings(max_examples=60, deadline=None)
@given(REFERENCES, st.data())
def test_invisible_characters_do_not_make_another_reference(reference, data):
    at = data.draw(st.integers(min_value=0, max_value=len(reference)))
    mark = data.draw(st.sampled_from(INVISIBLE))
    assert reference_hash(KEY, reference[:at] + mark + reference[at:]) == reference_hash(KEY, reference)


@pytest.mark.parametrize(
    "typed",
    [
        "ＵＰＮ－４４７１",  # full-width, as some keyboards and forms give
        "UPN\u20134471",  # en dash
        "UPN\u22124471",  # minus sign
        "UPN\u00a0-\u00a04471",  # non-breaking spaces
        "U\u03a1\u039d-4471",  # Greek Rho and Nu
        "\u0410B\u0421-1",  # Cyrillic A and Es, for "ABC-1" below
        "upn-4471",
    ],
)
def test_look_alikes_are_the_same_reference(typed):
    plain = "ABC-1" if typed.endswith("-1") else "UPN-4471"
    assert reference_hash(KEY, typed) == reference_hash(KEY, plain)


@pytest.mark.parametrize("control", ["\x00", "\x07", "\x1b", "\x7f", "\x85"])
def test_a_control_character_is_refused_with_a_message(control):
    with pytest.raises(CaseReferenceError, match="control character"):
        reference_hash(KEY, f"UPN{control}4471")


def test_different_digits_stay_different():
    assert reference_hash(KEY, "UPN-4471") != reference_hash(KEY, "UPN-4472")
    assert reference_hash(KEY, "UPN-4471") != reference_hash(KEY, "UPN4471")  # a dash is kept
