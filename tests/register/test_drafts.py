"""Screenings in progress kept in the register (so a reload on any app server brings them back), on SQLite
and PostgreSQL: sealed, so no answer or free text is in the database in the clear; opened only by the
account that made them; dropped after 30 idle minutes (an injected clock), when dropped, and never
opened with another reference key."""

from __future__ import annotations

import secrets

import pytest
from sqlalchemy import text, update

from decision_tool.register.db import make_engine, session_factory
from decision_tool.register.models import KeptDraft
from decision_tool.register.service import Register

from .conftest import settings_for

FREE_TEXT = "Fictional: Child (14) seen getting into a car with an older 'boyfriend' at the bus station"
PLAIN = ('{"answers": {"age": 14, "concern": "' + FREE_TEXT + '"}}').encode()


def new_id() -> str:
    return secrets.token_urlsafe(16)


def test_a_kept_draft_comes_back_to_its_account_only(register, actors):
    draft = new_id()
    register.keep_draft(actors["pat.a"], draft, PLAIN)
    assert register.open_draft(actors["pat.a"], draft) == PLAIN
    # Another account, even of the same role, or an administrator, gets nothing, and cannot replace it.
    assert register.open_draft(actors["pat.b"], draft) is None
    assert register.open_draft(actors["admin.z"], draft) is None
    register.keep_draft(actors["pat.b"], draft, b"{}")
    register.drop_draft(actors["pat.b"], draft)
    assert register.open_draft(actors["pat.a"], draft) == PLAIN
    assert register.open_draft(actors["pat.a"], new_id()) is None
    assert register.open_draft(actors["pat.a"], "not an id") is None


def test_the_database_holds_no_answer_or_free_text_in_the_clear(register, actors, people_url):
    draft = new_id()
    register.keep_draft(actors["pat.a"], draft, PLAIN)
    register.keep_draft(actors["pat.a"], draft, PLAIN.replace(b"14", b"15"))  # replaced, not added
    engine = make_engine(people_url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT * FROM drafts")).all()
    engine.dispose()
    assert len(rows) == 1
    raw = b"".join(v if isinstance(v, bytes | memoryview) else str(v).encode() for v in rows[0])
    for secret in (FREE_TEXT.encode(), b"boyfriend", b"answers", b"concern", draft.encode()):
        assert secret not in raw, secret


def test_thirty_idle_minutes_drop_it_and_use_keeps_it(register, actors, clock):
    draft = new_id()
    register.keep_draft(actors["pat.a"], draft, PLAIN)
    clock.advance(minutes=29)
    assert register.open_draft(actors["pat.a"], draft) == PLAIN  # used: the 30 minutes start again
    clock.advance(minutes=29)
    assert register.open_draft(actors["pat.a"], draft) == PLAIN
    clock.advance(minutes=30, seconds=1)
    assert register.open_draft(actors["pat.a"], draft) is None
    with register._sessions() as s:
        assert s.get(KeptDraft, register_hash(draft)) is None  # gone from the database, not just hidden


def test_each_answer_kept_starts_the_thirty_minutes_again(register, actors, clock):
    """Idle means no answer given and no reload: a screening still being answered is never dropped."""
    draft = new_id()
    register.keep_draft(actors["pat.a"], draft, b"first answers")
    for _ in range(3):  # an hour and a half of answering, an answer every 29 minutes
        clock.advance(minutes=29)
        register.keep_draft(actors["pat.a"], draft, PLAIN)
    clock.advance(minutes=29)
    assert register.open_draft(actors["pat.a"], draft) == PLAIN


def register_hash(draft_id: str) -> str:
    import hashlib

    return hashlib.sha256(draft_id.encode()).hexdigest()


def test_dropped_when_saved_or_signed_out(register, actors):
    draft = new_id()
    register.keep_draft(actors["pat.a"], draft, PLAIN)
    register.drop_draft(actors["pat.a"], draft)
    assert register.open_draft(actors["pat.a"], draft) is None


def test_another_reference_key_or_a_moved_row_opens_nothing(register, actors, people_url, clock):
    first, second = new_id(), new_id()
    register.keep_draft(actors["pat.a"], first, PLAIN)
    register.keep_draft(actors["pat.a"], second, b"{}")
    with register._sessions() as s:
        sealed = s.get(KeptDraft, register_hash(first)).sealed  # type: ignore[union-attr]
        s.execute(update(KeptDraft).where(KeptDraft.id_hash == register_hash(second)).values(sealed=sealed))
        s.commit()
    assert register.open_draft(actors["pat.a"], second) is None  # sealed for another row
    engine = make_engine(people_url)
    other_key = settings_for(people_url).model_copy(update={"reference_key": b"another key, fictional" * 2})
    other = Register(session_factory(engine), other_key, clock)
    assert other.open_draft(actors["pat.a"], first) is None
    engine.dispose()
    assert register.open_draft(actors["pat.a"], first) == PLAIN


@pytest.mark.parametrize("name", ["coord.r"])
def test_a_role_that_never_screens_keeps_no_draft(register, actors, name):
    from decision_tool.register.auth import AccessDenied

    with pytest.raises(AccessDenied):
        register.keep_draft(actors[name], new_id(), PLAIN)


def test_a_draft_reads_back_as_it_was_kept():
    """What the app seals is the whole screening in progress: answers (numbers, choices, ticked boxes,
    free text), what was typed, the judgement and the record's details come back unchanged."""
    import datetime as dt

    from decision_tool.records.record import RecordDetails
    from decision_tool.screening.result import Override
    from decision_tool.ui.state import Draft, draft_from_json, draft_json

    draft = Draft(
        form_id="dsl",
        locality_id="england",
        answers={"age": 14, "missing_overnight": "yes", "online": ["gifts", "images"], "notes": FREE_TEXT},
        typed={"age_other": 140},
        step=2,
        override=Override(level="mash", reason="Fictional: the school nurse's account adds to the concern"),
        errors=[("age", "Enter a number")],
        details=RecordDetails(setting="School (fictional)", concern_date=dt.date(2026, 3, 2)),
        case_code="C-AAAAAA",
        corrects_id=7,
        id=new_id(),
        owner="1:pat.a",
        browser_key=new_id(),
    )
    assert draft_from_json(draft_json(draft)) == draft
    assert draft_from_json(b'{"form_id": "dsl"}') is None  # not a draft: nothing, and no error
    assert draft_from_json(b"not json") is None
