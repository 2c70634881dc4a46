"""The register service: every read and write goes through here, checks the actor's role, and is audited.

Pages and the CLI call ``Register`` methods; they never touch the ORM. Every public method takes the
``Actor`` first, re-checks it against the database (a disabled account stops at once), checks what the
role may do, and writes an ``AuditEvent`` in the same transaction as the work. A refusal is audited too.
Methods return plain frozen dataclasses, never ORM objects; summaries never hold free text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from pydantic import ValidationError
from pydantic_core import to_json
from sqlalchemy import Select, delete, func, select
from sqlalchemy import case as sql_case
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from ..errors import UserError
from ..records.record import Record
from ..rules.schema import RuleSet
from ..wording.messages import listed, say
from . import policy
from .audit import AuditRow, audit_csv, audit_json, audit_row, record_event
from .auth import (
    AccessDenied,
    Actor,
    SignInError,
    credential_of,
    find_user,
    hash_password,
    sign_in,
    sign_in_verified,
)
from .export import case_pdf
from .faults import UNREACHABLE, RegisterUnavailable
from .models import (
    CASE_STATUSES,
    ORGANISATION_KINDS,
    ROLES,
    AuditEvent,
    Case,
    KeptDraft,
    Organisation,
    RegisterMeta,
    Screening,
    SignInSession,
    User,
    utc_now,
)
from .panel_models import ScreeningFacts as ScreeningFactsRow
from .references import new_case_code, reference_hash
from .sealed import draft_key, seal, unseal
from .settings import RegisterConfigError, RegisterSettings
from .summaries import (
    CaseDetail,
    CaseSummary,
    OrganisationSummary,
    SavedAnswers,
    SavedScreening,
    ScreeningSummary,
    UserSummary,
)

Clock = Callable[[], dt.datetime]
CASE_CODE = re.compile(r"^C-[0-9A-Z]{6}$")
USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{2,63}$")
ORG_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")
MIN_CORRECTION_CHARS = 10
MAX_CORRECTION_CHARS = 2000
KEY_CHECK = "reference_key_check"
SAVE_KEY = re.compile(r"^[0-9a-f]{64}$")
SESSION_TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")  # secrets.token_urlsafe(32)
DRAFT_ID = re.compile(r"^[A-Za-z0-9_-]{22}$")  # secrets.token_urlsafe(16): a draft's id (ui/drafts.py)
DRAFT_IDLE = dt.timedelta(minutes=30)  # as the app servers' memory keeps them (ui/drafts.py)
SESSION_TOUCH = dt.timedelta(minutes=1)  # a kept sign-in's activity is written at most this often
SINGLE_SIGN_ON_ONLY = "!single sign-on only"  # not an argon2 hash: no password ever matches it


class CaseNotFound(AccessDenied):
    """No such case, or not one this actor may open: the same answer, so codes cannot be probed."""


def _denied(message: str | None = None) -> AccessDenied:
    return AccessDenied(message or say("register.error.denied"))


def _not_found(code: str) -> CaseNotFound:
    if CASE_CODE.match(code or ""):
        return CaseNotFound(say("register.error.no_case", code=code))
    return CaseNotFound(say("register.error.no_case_with_code"))


class Register:
    def __init__(
        self, sessions: sessionmaker[Session], settings: RegisterSettings, clock: Clock = utc_now
    ) -> None:
        self._sessions = sessions
        self.settings = settings
        self.clock = clock

    # ------------------------------------------------------------ start-up

    @classmethod
    def open(cls, settings: RegisterSettings, clock: Clock = utc_now) -> Register:
        """Connect, refuse to start on an old schema or a changed reference key."""
        from .db import check_stamp, make_engine, session_factory, state

        head = _head_revision()
        try:
            current, tables = state(settings.database_url)
        except UNREACHABLE as exc:
            raise RegisterUnavailable() from exc
        # A stamp the migrations cannot start from (unknown, or tables with none) is said as `db upgrade`
        # says it, never as "no tables yet".
        check_stamp(current, tables)
        if current is None:
            raise RegisterConfigError(say("register.error.no_tables"))
        if current != head:
            raise RegisterConfigError(say("register.error.old_version", current=current, head=head))
        register = cls(session_factory(make_engine(settings.database_url)), settings, clock)
        try:
            register.check_key()
        except (RegisterConfigError, RegisterUnavailable):
            register.close()
            raise
        return register

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the database connections (tests and the CLI; the app keeps one Register per process)."""
        bind = self._sessions.kw.get("bind")
        if bind is not None:
            bind.dispose()

    def check_key(self) -> None:
        """Remember a check value of the key on first use; refuse a different key later."""
        check = key_check_value(self.settings.reference_key)
        with self._sessions() as s:
            meta = s.get(RegisterMeta, KEY_CHECK)
            if meta is None:
                s.add(RegisterMeta(name=KEY_CHECK, value=check))
                s.commit()
            elif not hmac.compare_digest(meta.value, check):
                raise RegisterConfigError(say("register.error.key_changed"))

    # ------------------------------------------------------------ plumbing

    @contextmanager
    def unit(self, actor: Actor, action: str, case_code: str | None = None) -> Iterator[Session]:
        """One transaction: re-check the actor, do the work, commit. A refusal is audited on its own."""
        code = case_code if case_code and CASE_CODE.match(case_code) else None
        with self._sessions() as s:
            try:
                self._check_actor(s, actor)
                yield s
                s.commit()
            except AccessDenied as exc:
                s.rollback()
                detail = (
                    action if not isinstance(exc, CaseNotFound) else f"{action}: no such case for this user"
                )
                self.event(s, actor, "access_denied", case_code=code, detail=detail)
                s.commit()
                raise

    def _check_actor(self, s: Session, actor: Actor) -> None:
        if actor.is_terminal:
            if actor.role != "admin" or not actor.username.startswith("terminal:"):
                raise _denied(say("register.error.sign_in_again"))
            return
        user = s.get(User, actor.user_id)
        if (
            user is None
            or not user.active
            or user.username != actor.username
            or user.role != actor.role
            or user.organisation_id != actor.organisation_id
            or not hmac.compare_digest(credential_of(user.password_hash), actor.credential)
        ):
            raise _denied(say("register.error.account_changed"))

    def session_current(self, actor: Actor) -> bool:
        """Whether this sign-in still stands: the account is active, its role and organisation are as
        they were, and its password has not been reset since. Pages ask on every run, so a reset, a
        disable or a role change ends every session of the account at once."""
        with self._sessions() as s:
            try:
                self._check_actor(s, actor)
            except AccessDenied:
                return False
        return True

    def event(
        self, s: Session, actor: Actor, action: str, *, case_code: str | None = None, detail: str = ""
    ) -> None:
        record_event(
            s, actor.user_id, actor.username, action, at=self.clock(), case_code=case_code, detail=detail
        )

    def case_for(self, s: Session, actor: Actor, code: str, action: str) -> Case:
        case = s.scalars(select(Case).where(Case.code == code)).one_or_none() if code else None
        if case is None or not policy.allows_case(actor, action, case):
            raise _not_found(code)
        return case

    def _own_organisation(self, actor: Actor) -> int:
        if actor.organisation_id is None:
            raise _denied(say("register.error.no_organisation"))
        return actor.organisation_id

    def _summaries(self, s: Session, where: Select[Any]) -> list[CaseSummary]:
        """Case summaries for the cases `where` selects (a select of Case.id), newest activity first."""
        ids = where.subquery()
        counts = (
            select(
                Screening.case_id.label("case_id"),
                func.count(Screening.id).label("n"),
                func.max(Screening.id).label("latest_id"),
            )
            .where(Screening.case_id.in_(select(ids.c.id)))
            .group_by(Screening.case_id)
            .subquery()
        )
        # Plain columns, not ORM objects: a list of hundreds of cases builds no identity map.
        stmt = (
            select(
                Case.code,
                Organisation.code,
                Case.locality_id,
                Case.status,
                Case.created_at,
                Screening.level_id,
                Screening.saved_at,
                counts.c.n,
                Case.demo,
                Case.last_activity_at,
            )
            .join(Organisation, Organisation.id == Case.organisation_id)
            .join(ids, ids.c.id == Case.id)
            .outerjoin(counts, counts.c.case_id == Case.id)
            .outerjoin(Screening, Screening.id == counts.c.latest_id)
            .order_by(Case.last_activity_at.desc(), Case.id.desc())
        )
        return [
            CaseSummary(code, org, locality, status, created, level, saved, n or 0, bool(demo), last)
            for code, org, locality, status, created, level, saved, n, demo, last in s.execute(stmt)
        ]

    def _summary(self, s: Session, case: Case) -> CaseSummary:
        found = self._summaries(s, select(Case.id).where(Case.id == case.id))
        return found[0]

    def refuse(self, actor: Actor, action: str, case_code: str | None = None) -> None:
        """Audit a refusal decided before any service call (a page the policy does not open)."""
        code = case_code if case_code and CASE_CODE.match(case_code) else None
        with self._sessions() as s:
            self.event(s, actor, "access_denied", case_code=code, detail=f"page: {action}")
            s.commit()

    # ------------------------------------------------------------ sign-in

    def sign_in(self, username: str, password: str) -> Actor:
        """Check the password; count failures and lock after too many. Raises SignInError (neutral)."""
        with self._sessions() as s:
            try:
                actor = sign_in(
                    s,
                    username,
                    password,
                    self.clock(),
                    max_failed=self.settings.max_failed_signins,
                    lockout_minutes=self.settings.lockout_minutes,
                )
            except SignInError:
                s.commit()  # keep the failure count and the audit event
                raise
            s.commit()
            return actor

    def sign_in_verified(self, identity: str, *, via: str = "single sign-on", verified: bool = True) -> Actor:
        """Sign in an identity (email) the partnership's identity provider verified (``verified`` False:
        the provider said it has not, and the sign-in is refused)."""
        with self._sessions() as s:
            try:
                actor = sign_in_verified(s, identity, self.clock(), via=via, verified=verified)
            except SignInError:
                s.commit()
                raise
            s.commit()
            return actor

    def sign_out(self, actor: Actor, *, idle: bool = False, changed: bool = False) -> None:
        detail = "account changed" if changed else "idle timeout" if idle else ""
        with self._sessions() as s:
            self.event(s, actor, "signout", detail=detail)
            s.commit()

    # ------------------------------------------------------------ sign-in that survives a reload

    def start_session(self, actor: Actor) -> str:
        """Keep this sign-in for a reload: a new random id for the browser's cookie (only its hash is
        stored). Sign-ins idle for longer than the setting are cleared on the way."""
        token = secrets.token_urlsafe(32)
        now = self.clock()
        with self.unit(actor, "signin") as s:
            s.execute(delete(SignInSession).where(SignInSession.last_seen_at < now - self._idle()))
            s.add(
                SignInSession(
                    id_hash=_session_hash(token),
                    user_id=actor.user_id,
                    username=actor.username,
                    role=actor.role,
                    organisation_id=actor.organisation_id,
                    credential=actor.credential,
                    created_at=now,
                    last_seen_at=now,
                )
            )
        return token

    def resume_session(self, token: str) -> Actor | None:
        """The sign-in a reloaded page's cookie names, if it still stands: not ended by signing out, not
        idle for longer than the setting, and its account as it was (active, same role and organisation,
        password not reset). Anything else ends it and gives None: the page asks to sign in."""
        now = self.clock()
        with self._sessions() as s:
            row = self._live_session(s, token, now)
            if row is None:
                return None
            who = Actor(row.user_id, row.username, row.role, row.organisation_id, row.credential)
            try:
                self._check_actor(s, who)
            except AccessDenied:
                s.delete(row)
                self.event(s, who, "signout", detail="account changed")
                s.commit()
                return None
            row.last_seen_at = now
            self.event(s, who, "signin", detail="kept sign-in: page reloaded or opened again")
            s.commit()
            return who

    def session_status(self, actor: Actor, token: str) -> str:
        """Whether this tab's kept sign-in still stands, asked on every run: "current" (then marked
        active, at most once a minute), "changed" (the account was disabled, its password reset or its
        role changed: ``session_current``), "idle" (no activity in any tab for longer than the setting)
        or "ended" (signed out, in this tab or another). Anything but "current" ends it."""
        now = self.clock()
        with self._sessions() as s:
            row = s.get(SignInSession, _session_hash(token)) if SESSION_TOKEN.match(token or "") else None
            try:
                self._check_actor(s, actor)
            except AccessDenied:
                if row is not None:
                    s.delete(row)
                    s.commit()
                return "changed"
            if row is None or row.user_id != actor.user_id:
                return "ended"
            if now - row.last_seen_at > self._idle():
                s.delete(row)
                s.commit()
                return "idle"
            if now - row.last_seen_at > SESSION_TOUCH:
                row.last_seen_at = now
                s.commit()
        return "current"

    def end_session(self, token: str) -> None:
        """Forget a kept sign-in (at sign-out): its cookie then opens nothing."""
        if not SESSION_TOKEN.match(token or ""):
            return
        with self._sessions() as s:
            s.execute(delete(SignInSession).where(SignInSession.id_hash == _session_hash(token)))
            s.commit()

    # ------------------------------------------------------------ screenings in progress

    def keep_draft(self, actor: Actor, draft_id: str, plain: bytes) -> None:
        """Keep (or replace) this account's screening in progress under its id, sealed: a reload on any
        app server finds it (``open_draft``). Drafts idle for 30 minutes are dropped on the way. An id
        already kept by another account is left alone (ids are random: this is never a real clash)."""
        if not DRAFT_ID.match(draft_id or ""):
            return
        now = self.clock()
        id_hash = _session_hash(draft_id)
        sealed = seal(self._draft_key(), plain, f"{id_hash}:{actor.user_id}")
        with self.unit(actor, "keep_draft") as s:
            policy.require(actor, "keep_draft")
            s.execute(delete(KeptDraft).where(KeptDraft.updated_at < now - DRAFT_IDLE))
            row = s.get(KeptDraft, id_hash)
            if row is None:
                s.add(KeptDraft(id_hash=id_hash, user_id=actor.user_id, sealed=sealed, updated_at=now))
            elif row.user_id == actor.user_id:
                row.sealed, row.updated_at = sealed, now

    def open_draft(self, actor: Actor, draft_id: str) -> bytes | None:
        """This account's screening in progress kept under this id (and marked as used now), or None:
        unknown, idle for 30 minutes, or made by another account."""
        if not DRAFT_ID.match(draft_id or ""):
            return None
        now = self.clock()
        id_hash = _session_hash(draft_id)
        with self.unit(actor, "open_draft") as s:
            policy.require(actor, "open_draft")
            row = s.get(KeptDraft, id_hash)
            if row is None or row.user_id != actor.user_id:
                return None
            if now - row.updated_at > DRAFT_IDLE:
                s.delete(row)
                return None
            row.updated_at = now
            return unseal(self._draft_key(), row.sealed, f"{id_hash}:{actor.user_id}")

    def drop_draft(self, actor: Actor, draft_id: str) -> None:
        """Forget this account's screening in progress (saved to a case, discarded, or signed out)."""
        if not DRAFT_ID.match(draft_id or ""):
            return
        with self.unit(actor, "drop_draft") as s:
            policy.require(actor, "drop_draft")
            s.execute(
                delete(KeptDraft).where(
                    KeptDraft.id_hash == _session_hash(draft_id), KeptDraft.user_id == actor.user_id
                )
            )

    def _draft_key(self) -> bytes:
        return draft_key(self.settings.reference_key)

    def _idle(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.settings.idle_minutes)

    def _live_session(self, s: Session, token: str, now: dt.datetime) -> SignInSession | None:
        if not SESSION_TOKEN.match(token or ""):
            return None
        row = s.get(SignInSession, _session_hash(token))
        if row is not None and now - row.last_seen_at > self._idle():
            s.delete(row)
            record_event(s, row.user_id, row.username, "signout", at=now, detail="idle timeout")
            s.commit()
            return None
        return row

    # ------------------------------------------------------------ cases

    def find_or_create_case(self, actor: Actor, local_reference: str, locality_id: str | None) -> CaseSummary:
        """The case for this local reference in the actor's organisation; a new one if there is none."""
        key_hash = reference_hash(self.settings.reference_key, local_reference)
        for _attempt in range(3):
            try:
                with self.unit(actor, "find_or_create_case") as s:
                    policy.require(actor, "find_or_create_case")
                    org_id = self._own_organisation(actor)
                    case, new_hash = self._case_by_hash(s, actor, org_id, key_hash)
                    if case is not None:
                        self.event(s, actor, "find_case", case_code=case.code, detail="found by reference")
                        return self._summary(s, case)
                    now = self.clock()
                    case = Case(
                        code=self._unused_code(s),
                        reference_hash=new_hash,
                        organisation_id=org_id,
                        locality_id=locality_id,
                        status="open",
                        created_at=now,
                        last_activity_at=now,
                        demo=policy.creates_demo_cases(actor),
                    )
                    s.add(case)
                    s.flush()
                    self.event(s, actor, "create_case", case_code=case.code)
                    return self._summary(s, case)
            except IntegrityError:
                continue  # another session created it (or took the code) at the same moment: look again
        raise UserError(say("register.error.busy"))

    def _case_by_hash(self, s: Session, actor: Actor, org_id: int, key_hash: str) -> tuple[Case | None, str]:
        """The case this actor finds by this reference, and the hash a new case for it would get."""

        def by(digest: str) -> Case | None:
            return s.scalars(
                select(Case).where(Case.organisation_id == org_id, Case.reference_hash == digest)
            ).one_or_none()

        case = by(key_hash)
        if case is not None and not policy.allows_case(actor, "view_case", case):
            # A trainer typing a real reference of their organisation gets the answer for a reference
            # with no case: their own demo case, kept under a hash of its own beside the real one, so
            # nothing tells them that this child has a case.
            beside = hmac.new(
                self.settings.reference_key, b"demo case beside " + key_hash.encode(), hashlib.sha256
            ).hexdigest()
            return by(beside), beside
        return case, key_hash

    def _unused_code(self, s: Session) -> str:
        while True:
            code = new_case_code()
            if s.scalars(select(Case.id).where(Case.code == code)).first() is None:
                return code

    def find_case(self, actor: Actor, local_reference: str) -> CaseSummary | None:
        key_hash = reference_hash(self.settings.reference_key, local_reference)
        with self.unit(actor, "find_case") as s:
            policy.require(actor, "find_case")
            org_id = self._own_organisation(actor)
            case, _ = self._case_by_hash(s, actor, org_id, key_hash)
            if case is None:
                self.event(s, actor, "find_case", detail="no case for that reference")
                return None
            self.event(s, actor, "find_case", case_code=case.code, detail="found by reference")
            return self._summary(s, case)

    def get_case(self, actor: Actor, case_code: str) -> CaseDetail:
        with self.unit(actor, "view_case", case_code) as s:
            case = self.case_for(s, actor, case_code, "view_case")
            detail = self._detail(s, case)
            self.event(s, actor, "view_case", case_code=case.code)
            return detail

    def _detail(self, s: Session, case: Case) -> CaseDetail:
        rows = s.execute(
            select(Screening, User.username)
            .join(User, User.id == Screening.saved_by)
            .where(Screening.case_id == case.id)
            .order_by(Screening.saved_at, Screening.id)
        ).all()
        corrected_by = {sc.corrects_id: sc.id for sc, _ in rows if sc.corrects_id is not None}
        saved = tuple(
            SavedScreening(
                summary=_screening_summary(sc, case.code, username),
                record_json=sc.record_json,
                correction_reason=sc.correction_reason,
                corrected_by_id=corrected_by.get(sc.id),
            )
            for sc, username in rows
        )
        return CaseDetail(case=self._summary(s, case), closed_reason=case.closed_reason, screenings=saved)

    def list_cases(self, actor: Actor, *, status: str | None = "open") -> list[CaseSummary]:
        """The cases the actor may see, most recent activity first. status None: open and closed."""
        if status is not None and status not in CASE_STATUSES:
            raise UserError(say("register.error.status", statuses=listed(CASE_STATUSES)))
        with self.unit(actor, "list_cases") as s:
            where = policy.case_scope(actor, "list_cases")
            if status is not None:
                where = where.where(Case.status == status)
            found = self._summaries(s, where)
            self.event(s, actor, "list_cases", detail=f"{status or 'all'}: {len(found)} cases")
            return found

    # ------------------------------------------------------------ screenings

    def save_screening(
        self,
        actor: Actor,
        case_code: str,
        record: Record | Mapping[str, Any],
        corrects_id: int | None = None,
        correction_reason: str | None = None,
        *,
        save_key: str | None = None,
    ) -> ScreeningSummary:
        """Save a screening record on a case. Never edits: a correction is a new entry with a reason.

        With a ``save_key`` (``screening_save_key``: one per draft and result) saving is idempotent: a
        second press, a rerun or two tabs at once return the screening already saved, never a second.
        """
        parsed = _parse_record(record)
        reason = (correction_reason or "").strip() or None
        if corrects_id is None and reason:
            raise UserError(say("register.error.reason_without_correction"))
        if corrects_id is not None and (reason is None or len(reason) < MIN_CORRECTION_CHARS):
            raise UserError(say("register.error.correction_reason", chars=MIN_CORRECTION_CHARS))
        if reason is not None and len(reason) > MAX_CORRECTION_CHARS:
            raise UserError(say("register.error.reason_long", chars=MAX_CORRECTION_CHARS))
        if save_key is not None and not SAVE_KEY.match(save_key):
            raise UserError(say("register.error.save_key"))
        for _attempt in range(2):
            try:
                return self._save(actor, case_code, parsed, corrects_id, reason, save_key)
            except IntegrityError:
                # The same key saved at the same moment (another tab, a double press): the unique index
                # kept one row; the next attempt finds and returns it.
                if save_key is None:
                    raise
        raise UserError(say("register.error.busy"))

    def _save(
        self,
        actor: Actor,
        case_code: str,
        parsed: Record,
        corrects_id: int | None,
        reason: str | None,
        save_key: str | None,
    ) -> ScreeningSummary:
        with self.unit(actor, "save_screening", case_code) as s:
            case = self.case_for(s, actor, case_code, "save_screening")
            if save_key is not None:
                done = s.execute(
                    select(Screening, User.username)
                    .join(User, User.id == Screening.saved_by)
                    .where(Screening.save_key == save_key)
                ).one_or_none()
                if done is not None:
                    row, username = done
                    if row.case_id != case.id:
                        raise UserError(say("register.error.saved_elsewhere"))
                    self.event(
                        s, actor, "save_screening", case_code=case.code, detail=f"already saved: {row.id}"
                    )
                    return _screening_summary(row, case.code, username)
            if corrects_id is not None:
                earlier = s.get(Screening, corrects_id)
                if earlier is None or earlier.case_id != case.id:
                    raise UserError(say("register.error.not_this_cases_screening"))
            a = parsed.assessment
            now = self.clock()
            row = Screening(
                case_id=case.id,
                saved_by=actor.user_id,
                saved_at=now,
                questionnaire_id=a.rules_version.id,
                rules_version=a.rules_version.version,
                rules_hash=a.rules_version.sha256,
                level_id=a.level,
                tool_level_id=a.tool_level,
                score=a.score,
                record_json=parsed.model_dump_json(),
                corrects_id=corrects_id,
                correction_reason=reason,
                save_key=save_key,
            )
            s.add(row)
            case.last_activity_at = now
            s.flush()
            # The panel's list and trends read these facts; writing them now keeps its reads read-only.
            s.add(ScreeningFactsRow(screening_id=row.id, **screening_facts(parsed)))
            detail = f"screening {row.id}" + (f", correcting {corrects_id}" if corrects_id else "")
            self.event(s, actor, "save_screening", case_code=case.code, detail=detail)
            return _screening_summary(row, case.code, actor.username)

    def saved_answers(self, actor: Actor) -> list[SavedAnswers]:
        """Every saved screening of a real (not demo) case: its form, its case's locality and its answers,
        for counting what proposed settings would change. Read only; the caller shows counts alone."""
        with self.unit(actor, "view_settings_impact") as s:
            policy.require(actor, "view_settings_impact")
            rows = s.execute(
                select(
                    Screening.questionnaire_id,
                    Case.locality_id,
                    ScreeningFactsRow.answers,
                    # The whole record only where its answers were never written on their own.
                    sql_case((ScreeningFactsRow.answers.is_(None), Screening.record_json), else_=None),
                )
                .join(Case, Case.id == Screening.case_id)
                .outerjoin(ScreeningFactsRow, ScreeningFactsRow.screening_id == Screening.id)
                .where(Case.demo.is_(False))
                .order_by(Screening.id)
            ).all()
            self.event(s, actor, "view_settings_impact", detail=f"{len(rows)} screenings counted")
        out = []
        for form_id, locality_id, text, record in rows:
            if text is not None:
                answers = json.loads(text)
            else:
                answers = (json.loads(record).get("assessment") or {}).get("answers") if record else None
            out.append(SavedAnswers(form_id, locality_id, answers if isinstance(answers, dict) else {}))
        return out

    # ------------------------------------------------------------ subject access requests

    def export_case(self, actor: Actor, case_code: str) -> dict[str, Any]:
        """Everything the register holds on a case, as plain JSON data (for a subject access request)."""
        with self.unit(actor, "export_case", case_code) as s:
            case = self.case_for(s, actor, case_code, "export_case")
            detail = self._detail(s, case)
            self.event(s, actor, "export_case", case_code=case.code, detail="json")
            return _export_dict(detail, self.clock())

    def export_case_pdf(
        self, actor: Actor, case_code: str, rules: Mapping[str, RuleSet] | None = None
    ) -> bytes:
        """The case as one PDF: a cover page, then each screening as its own record (oldest first)."""
        with self.unit(actor, "export_case", case_code) as s:
            case = self.case_for(s, actor, case_code, "export_case")
            detail = self._detail(s, case)
            self.event(s, actor, "export_case", case_code=case.code, detail="pdf")
        return case_pdf(detail, rules or {}, self.clock())

    # ------------------------------------------------------------ audit

    def audit_events(
        self, actor: Actor, since: dt.datetime | None = None, *, case_code: str | None = None
    ) -> list[AuditRow]:
        with self.unit(actor, "view_audit") as s:
            policy.require(actor, "view_audit")
            rows = self._audit_rows(s, since, case_code)
            self.event(s, actor, "view_audit", case_code=case_code, detail=f"{len(rows)} events")
            return rows

    def export_audit(self, actor: Actor, since: dt.datetime | None = None, *, fmt: str = "csv") -> str:
        if fmt not in ("csv", "json"):
            raise UserError(say("register.error.audit_format"))
        with self.unit(actor, "export_audit") as s:
            policy.require(actor, "export_audit")
            rows = self._audit_rows(s, since, None)
            self.event(s, actor, "export_audit", detail=f"{fmt}: {len(rows)} events")
        return audit_csv(rows) if fmt == "csv" else audit_json(rows)

    @staticmethod
    def _audit_rows(s: Session, since: dt.datetime | None, case_code: str | None) -> list[AuditRow]:
        stmt = select(AuditEvent).order_by(AuditEvent.id)
        if since is not None:
            stmt = stmt.where(AuditEvent.at >= since)
        if case_code is not None:
            stmt = stmt.where(AuditEvent.case_code == case_code)
        return [audit_row(e) for e in s.scalars(stmt)]

    # ------------------------------------------------------------ retention

    def retention_cutoff(self, now: dt.datetime | None = None) -> dt.datetime:
        return (now or self.clock()) - dt.timedelta(days=self.settings.retention_days)

    def purge_candidates(self, actor: Actor, now: dt.datetime | None = None) -> list[CaseSummary]:
        """Cases with no activity for longer than the retention period: what `purge` would delete."""
        cutoff = self.retention_cutoff(now)
        with self.unit(actor, "purge_dry_run") as s:
            policy.require(actor, "purge_dry_run")
            found = self._summaries(s, select(Case.id).where(Case.last_activity_at < cutoff))
            self.event(s, actor, "purge_dry_run", detail=f"{len(found)} cases before {cutoff:%Y-%m-%d}")
            return found

    def purge(self, actor: Actor, now: dt.datetime | None = None) -> list[CaseSummary]:
        """Delete cases (and their screenings) past the retention period. The audit trail is kept."""
        cutoff = self.retention_cutoff(now)
        with self.unit(actor, "purge") as s:
            policy.require(actor, "purge")
            found = self._summaries(s, select(Case.id).where(Case.last_activity_at < cutoff))
            for summary in found:
                s.execute(delete(Case).where(Case.code == summary.code))
                self.event(
                    s, actor, "purge_case", case_code=summary.code, detail=f"retention {cutoff:%Y-%m-%d}"
                )
            return found

    # ------------------------------------------------------------ users and organisations

    def add_organisation(
        self,
        actor: Actor,
        code: str,
        name: str,
        kind: str,
        *,
        spoc_role: str | None = None,
        spoc_phone: str | None = None,
        spoc_email: str | None = None,
    ) -> OrganisationSummary:
        if not ORG_CODE.match(code or ""):
            raise UserError(say("register.error.organisation_code"))
        if kind not in ORGANISATION_KINDS:
            raise UserError(say("register.error.organisation_kind", kinds=listed(ORGANISATION_KINDS)))
        if not (name or "").strip():
            raise UserError(say("register.error.organisation_name"))
        with self.unit(actor, "add_organisation") as s:
            policy.require(actor, "add_organisation")
            if s.scalars(select(Organisation.id).where(Organisation.code == code)).first() is not None:
                raise UserError(say("register.error.organisation_exists", code=code))
            org = Organisation(
                code=code,
                name=name.strip()[:200],
                kind=kind,
                spoc_role=spoc_role,
                spoc_phone=spoc_phone,
                spoc_email=spoc_email,
            )
            s.add(org)
            self.event(s, actor, "add_organisation", detail=code)
            return _org_summary(org)

    def list_organisations(self, actor: Actor) -> list[OrganisationSummary]:
        with self.unit(actor, "list_organisations") as s:
            policy.require(actor, "list_organisations")
            orgs = [_org_summary(o) for o in s.scalars(select(Organisation).order_by(Organisation.code))]
            self.event(s, actor, "list_organisations", detail=f"{len(orgs)} organisations")
            return orgs

    def add_user(
        self,
        actor: Actor,
        username: str,
        password: str | None,
        role: str,
        organisation_code: str | None = None,
    ) -> UserSummary:
        """Add an account. password None: single sign-on only (no password can sign it in)."""
        if not USERNAME.match(username or ""):
            raise UserError(say("register.error.username"))
        if role not in ROLES:
            raise UserError(say("register.error.role", roles=listed(ROLES)))
        if role in ("practitioner", "trainer") and not organisation_code:
            raise UserError(say("register.error.role_needs_organisation", role=role))
        password_hash = SINGLE_SIGN_ON_ONLY if password is None else hash_password(password)
        with self.unit(actor, "add_user") as s:
            policy.require(actor, "add_user")
            org = self._org(s, organisation_code) if organisation_code else None
            same = find_user(s, username)
            if same is not None:
                raise UserError(say("register.error.user_exists", username=same.username))
            user = User(
                username=username.lower(),
                password_hash=password_hash,
                role=role,
                organisation_id=org.id if org else None,
                active=True,
                failed_signins=0,
                created_at=self.clock(),
            )
            s.add(user)
            self.event(s, actor, "add_user", detail=f"{username} as {role}")
            return UserSummary(user.username, role, org.code if org else None, True, None, user.created_at)

    def _org(self, s: Session, code: str) -> Organisation:
        org = s.scalars(select(Organisation).where(Organisation.code == code)).one_or_none()
        if org is None:
            known = ", ".join(s.scalars(select(Organisation.code).order_by(Organisation.code)).all())
            if known:
                raise UserError(say("register.error.no_organisation_known", code=code, known=known))
            raise UserError(say("register.error.no_organisation_yet", code=code))
        return org

    def _user(self, s: Session, username: str) -> User:
        user = find_user(s, username)
        if user is None:
            raise UserError(say("register.error.no_user", username=username))
        return user

    def disable_user(self, actor: Actor, username: str) -> None:
        with self.unit(actor, "disable_user") as s:
            policy.require(actor, "disable_user")
            user = self._user(s, username)
            if user.id == actor.user_id:
                raise UserError(say("register.error.disable_self"))
            user.active = False
            self.event(s, actor, "disable_user", detail=username)

    def enable_user(self, actor: Actor, username: str) -> None:
        with self.unit(actor, "enable_user") as s:
            policy.require(actor, "enable_user")
            user = self._user(s, username)
            user.active = True
            self.event(s, actor, "enable_user", detail=username)

    def reset_password(self, actor: Actor, username: str, password: str) -> None:
        """Set a new password; this also lifts a lock-out."""
        password_hash = hash_password(password)
        with self.unit(actor, "reset_password") as s:
            policy.require(actor, "reset_password")
            user = self._user(s, username)
            user.password_hash = password_hash
            user.failed_signins = 0
            user.locked_until = None
            self.event(s, actor, "reset_password", detail=username)

    def change_role(
        self, actor: Actor, username: str, role: str, organisation_code: str | None = None
    ) -> UserSummary:
        """Give an account another role (and organisation); every session of it ends at its next step."""
        if role not in ROLES:
            raise UserError(say("register.error.role", roles=listed(ROLES)))
        if role in ("practitioner", "trainer") and not organisation_code:
            raise UserError(say("register.error.role_needs_organisation", role=role))
        with self.unit(actor, "change_role") as s:
            policy.require(actor, "change_role")
            user = self._user(s, username)
            if user.id == actor.user_id:
                raise UserError(say("register.error.change_own_role"))
            org = self._org(s, organisation_code) if organisation_code else None
            before = user.role
            user.role = role
            user.organisation_id = org.id if org else None
            self.event(s, actor, "change_role", detail=f"{user.username}: {before} to {role}")
            return UserSummary(
                user.username,
                role,
                org.code if org else None,
                user.active,
                user.locked_until,
                user.created_at,
            )

    def list_users(self, actor: Actor) -> list[UserSummary]:
        with self.unit(actor, "list_users") as s:
            policy.require(actor, "list_users")
            rows = s.execute(
                select(User, Organisation.code)
                .outerjoin(Organisation, Organisation.id == User.organisation_id)
                .order_by(User.username)
            ).all()
            self.event(s, actor, "list_users", detail=f"{len(rows)} users")
            return [
                UserSummary(u.username, u.role, code, u.active, u.locked_until, u.created_at)
                for u, code in rows
            ]


# ---------------------------------------------------------------- helpers


def screening_facts(record: Record) -> dict[str, Any]:
    """What the panel's list and trends read of a saved record (its ``screening_facts`` row, less the id):
    the categories with points, the models of exploitation ticked, the review-by date; and its answers
    (JSON, as in the record), read to count what a settings change would do."""
    return {
        "categories": " ".join(sorted(c.id for c in record.assessment.category_scores if c.points > 0)),
        "models": " ".join(record.details.exploitation_models),
        "review_by": record.review_by,
        "answers": to_json(record.assessment.answers).decode("utf-8"),
    }


def screening_save_key(draft_token: str, record: Record | Mapping[str, Any]) -> str:
    """The key of one draft's one result: the same answers, outcome and judgement saved from the same
    draft give the same key, so saving them again finds the first save. The record's time (it changes on
    every page draw) and its details are left out: the details belong to the result already saved."""
    digest = hashlib.sha256()
    digest.update(b"decision_tool save\0")
    digest.update(draft_token.encode("utf-8") + b"\0")
    assessment = _parse_record(record).model_dump(mode="json")["assessment"]
    digest.update(json.dumps(assessment, sort_keys=True).encode("utf-8"))
    return digest.hexdigest()


def _session_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def key_check_value(reference_key: bytes) -> str:
    """What the register keeps (``register_meta``) to tell whether a key is the one it started with."""
    return hmac.new(reference_key, b"decision_tool key check", hashlib.sha256).hexdigest()


def _head_revision() -> str:
    from alembic.script import ScriptDirectory

    from .db import MIGRATIONS, alembic_config

    config = alembic_config("sqlite://")
    config.set_main_option("script_location", MIGRATIONS)
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


def _parse_record(record: Record | Mapping[str, Any]) -> Record:
    if isinstance(record, Record):
        return record
    try:
        return Record.model_validate(dict(record))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise UserError(say("register.error.not_a_record", where=where, problem=first["msg"])) from None


def _screening_summary(sc: Screening, case_code: str, username: str) -> ScreeningSummary:
    return ScreeningSummary(
        id=sc.id,
        case_code=case_code,
        saved_at=sc.saved_at,
        saved_by=username,
        questionnaire_id=sc.questionnaire_id,
        rules_version=sc.rules_version,
        rules_hash=sc.rules_hash,
        level_id=sc.level_id,
        tool_level_id=sc.tool_level_id,
        score=sc.score,
        corrects_id=sc.corrects_id,
    )


def _org_summary(org: Organisation) -> OrganisationSummary:
    return OrganisationSummary(org.code, org.name, org.kind, org.spoc_role, org.spoc_phone, org.spoc_email)


def _export_dict(detail: CaseDetail, now: dt.datetime) -> dict[str, Any]:
    import json

    case = detail.case
    return {
        "kind": "decision_tool.case_export",
        "format": 1,
        "exported_at": now.isoformat(),
        "note": say("register.export.note"),
        "case": {
            "code": case.code,
            "organisation": case.organisation_code,
            "locality": case.locality_id,
            "status": case.status,
            "closed_reason": detail.closed_reason,
            "created_at": case.created_at.isoformat(),
            "demo": case.demo,
        },
        "screenings": [
            {
                "id": sc.summary.id,
                "saved_at": sc.summary.saved_at.isoformat(),
                "saved_by": sc.summary.saved_by,
                "questionnaire": sc.summary.questionnaire_id,
                "rules_version": sc.summary.rules_version,
                "rules_hash": sc.summary.rules_hash,
                "level": sc.summary.level_id,
                "tool_level": sc.summary.tool_level_id,
                "score": sc.summary.score,
                "corrects": sc.summary.corrects_id,
                "correction_reason": sc.correction_reason,
                "corrected_by": sc.corrected_by_id,
                "record": json.loads(sc.record_json),
            }
            for sc in detail.screenings
        ],
    }


__all__ = [
    "AccessDenied",
    "Actor",
    "CaseDetail",
    "CaseNotFound",
    "CaseSummary",
    "OrganisationSummary",
    "Register",
    "SavedScreening",
    "ScreeningSummary",
    "UserSummary",
]
