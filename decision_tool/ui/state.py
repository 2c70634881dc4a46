"""Per-session state: the practitioner's draft, and where it lives.

The draft is a plain ``Draft`` held in ``st.session_state`` and, so that a reload or a pull-to-refresh
loses nothing, in this server's memory under an unguessable id carried in the page URL (``?draft=...``).
Nothing is written to disk; a draft not used for ``IDLE_MINUTES`` is dropped (see ``drafts.py``).

A draft belongs to whoever made it: with the register on, the signed-in account (``owner``); another
account never gets it back from an address, and signing out drops it from the store.

The address alone is not a key: a draft also belongs to the browser that made it. Each draft has a
second secret (``browser_key``), never in the address, which the page script keeps in a cookie of that
browser (``dt_draft_<id>``, for the browser's session only). A reload sends the cookie; a draft is given
back to a new session only with both its address and its cookie, so the address opened in another
browser, or on the same computer after the browser was closed, opens nothing.

With the register on, the draft is also kept in the register's database (sealed: ``Register.keep_draft``)
at the end of every run, so a reload that reaches another app server (the first one stopped) brings it
back; it is dropped there when discarded, at sign-out, once saved to a case, or after ``IDLE_MINUTES``.
With the register off nothing of a draft leaves the server's memory.

Streamlit drops the state of widgets that are not drawn, so answers are copied into the ``Draft`` after
every widget, and widgets are seeded from it when drawn again (after Back, a page switch or a reload).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import hmac
import html
import json
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from ..records.record import RecordDetails
from ..register import RegisterUnavailable, policy
from ..register.auth import AccessDenied, Actor
from ..rules.catalog import Catalog, default_rules_dir
from ..screening.result import Override
from ..screening.scenarios import load_catalog
from ..wording.messages import say
from . import registry
from .drafts import IDLE_MINUTES, DraftStore
from .furniture import page_heading, page_title
from .register_state import ACTOR

DRAFT = "draft"
DRAFT_PARAM = "draft"  # the URL query parameter that carries the draft's id
BROWSER_COOKIE = "dt_draft_"  # + the draft's id: the cookie that holds its browser key
KEPT = "draft_kept"  # register on: (draft id, digest, when) of what this session last kept there
KEEP_AGAIN_SECONDS = 300  # an unchanged draft is kept again this often, so its 30 idle minutes restart


@dataclass
class Draft:
    form_id: str
    locality_id: str
    answers: dict[str, Any] = field(default_factory=dict)
    # What was typed but is not an answer (a number out of range): shown again after a reload, so nothing
    # typed is lost, and refused again on Continue. Never given to the engine or put in a record.
    typed: dict[str, Any] = field(default_factory=dict)
    step: int = 0
    page: str = "pages/questions.py"  # the page it was last on: "Continue the screening" goes back there
    override: Override | None = None
    errors: list[tuple[str, str]] = field(default_factory=list)  # (question id, message) from Continue
    error_nonce: int = 0  # counts Continues that found problems: the page moves focus to each new summary
    notice: str = ""  # one-off message shown on the next page (e.g. answers dropped on re-score)
    details: RecordDetails | None = None  # role, setting, dates, reference: for the record only
    prefilled_from: str = ""  # "screen again": the earlier record the answers came from, to confirm
    copied_from: str = ""  # the other form's screening whose shared answers were copied in, to confirm
    case_code: str = ""  # register on: the case this screening is for
    corrects_id: int | None = None  # register on: the saved screening this one corrects
    id: str = ""  # the id in the page URL; empty until kept in the store
    owner: str = ""  # register on: the account that made it (see ``owner_key``); "" with the register off
    browser_key: str = ""  # held by the browser that made it, in a cookie; never in the address


def catalog() -> Catalog:
    """The rules, loaded and checked once per server: frozen, so safe to share between sessions."""
    return _catalog(str(default_rules_dir()))


@st.cache_resource(show_spinner=False)
def _catalog(rules_dir: str) -> Catalog:
    return load_catalog(rules_dir)


@st.cache_resource(show_spinner=False)
def draft_store() -> DraftStore[Draft]:
    """One store per server process, in memory only."""
    return DraftStore(idle_seconds=IDLE_MINUTES * 60)


def owner_key() -> str:
    """Whose drafts this session may have: the signed-in register account, or "" (register off or
    nobody signed in). The user id and the name together: an account removed and made again is not the
    same owner."""
    who = st.session_state.get(ACTOR)
    return f"{who.user_id}:{who.username}" if isinstance(who, Actor) else ""


def browser_cookies() -> Mapping[str, str]:
    """The cookies this session's browser sent when it connected (none in tests without a browser)."""
    try:
        return dict(st.context.cookies)
    except Exception:  # no browser connection (bare mode)
        return {}


def held_by_this_browser(draft: Draft) -> bool:
    """Whether this session's browser holds the draft's cookie (it made the draft)."""
    held = browser_cookies().get(BROWSER_COOKIE + draft.id, "")
    return bool(draft.browser_key) and hmac.compare_digest(held.encode(), draft.browser_key.encode())


def browser_binding() -> str:
    """Markup asking the page script to keep this session's draft key in a cookie of this browser (and,
    with the register on, the sign-in's id: ``register_state.sign_in_binding``)."""
    from .register_state import sign_in_binding

    draft = st.session_state.get(DRAFT)
    if not isinstance(draft, Draft) or not draft.id or not draft.browser_key:
        return sign_in_binding()
    value = html.escape(f"{BROWSER_COOKIE}{draft.id}={draft.browser_key}")
    return f'<span hidden data-dt-bind="{value}"></span>' + sign_in_binding()


def get_draft() -> Draft | None:
    """This session's draft; after a reload, the one named in the URL (if still kept, and this
    session's account and browser made it)."""
    wanted = st.query_params.get(DRAFT_PARAM)
    owner = owner_key()
    draft = st.session_state.get(DRAFT)
    if isinstance(draft, Draft) and draft.owner != owner:
        discard_draft()  # a draft from another account never shows, even in the same tab
        draft = None
    if isinstance(draft, Draft) and (not wanted or wanted == draft.id):
        if draft.id:
            draft_store().touch(draft.id)
        return draft
    if wanted:
        kept = draft_store().get(wanted) or _from_register(wanted)
        if kept is not None and kept.owner == owner and held_by_this_browser(kept):
            clear_widgets()
            st.session_state[DRAFT] = kept
            return kept
    return draft if isinstance(draft, Draft) else None


def draft_expired() -> bool:
    """The URL names a draft this server no longer holds (idle too long, or the server restarted)."""
    wanted = st.query_params.get(DRAFT_PARAM)
    return wanted is not None and draft_store().get(wanted) is None and _from_register(wanted) is None


def require_draft() -> Draft:
    """The draft, or a pointer to the Start page (and stop) when there is none."""
    draft = get_draft()
    if draft is None:
        page_title(say("ui.draft.none_title"))
        page_heading(say("ui.draft.none_title"), "no-draft")  # the page's one main heading
        if draft_expired():
            st.info(say("ui.draft.expired", minutes=IDLE_MINUTES))
        else:
            st.info(say("ui.draft.none"))
        st.page_link(
            registry.start_page(),
            label=say(
                "ui.draft.go_to_consultation" if registry.pharmacy_default() else "ui.draft.go_to_start"
            ),
        )
        st.stop()
    return draft


def start_draft(
    form_id: str, locality_id: str, answers: dict[str, Any] | None = None, override: Override | None = None
) -> Draft:
    discard_draft()
    draft = Draft(
        form_id=form_id,
        locality_id=locality_id,
        answers=dict(answers or {}),
        override=override,
        owner=owner_key(),
        browser_key=secrets.token_urlsafe(16),
    )
    draft.id = draft_store().add(draft)
    st.session_state[DRAFT] = draft
    return draft


def discard_draft() -> None:
    """Forget this session's draft, here and in the store."""
    clear_widgets()
    old = st.session_state.pop(DRAFT, None)
    if isinstance(old, Draft) and old.id:
        draft_store().discard(old.id)
        forget_kept(old.id)


def open_draft(draft: Draft, page: str = "pages/questions.py") -> None:
    """Go to ``page`` of ``draft`` (a question step opens at the draft's step)."""
    params = draft_params(draft, step=str(draft.step + 1)) if page.endswith("questions.py") else {}
    st.switch_page(page, query_params=params or draft_params(draft))


def draft_params(draft: Draft, **extra: str) -> dict[str, str]:
    """Query parameters for a page of this draft: its id, plus ``extra`` (e.g. the step)."""
    return {DRAFT_PARAM: draft.id, **extra}


def clear_widgets() -> None:
    """Forget answer widgets ("q::") and record-detail widgets ("rd_"), so a new draft seeds them."""
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(("q::", "rd_"))]:
        del st.session_state[key]


def widget_key(form_id: str, question_id: str) -> str:
    return f"q::{form_id}::{question_id}"


def today() -> dt.date:
    return dt.date.today()


# ---------------------------------------------------------------- register on: drafts kept in its database


def _keeper() -> tuple[Any, Actor] | None:
    """The register and the signed-in account, when the register is on and this account keeps drafts."""
    from . import register_state

    who = st.session_state.get(ACTOR)
    if (
        register_state.settings() is None
        or not isinstance(who, Actor)
        or not policy.allows(who, "keep_draft")
    ):
        return None
    return register_state.register(), who


def keep_in_register() -> None:
    """At the end of a run: keep this session's draft in the register, if it changed (or has not been
    kept for a while), so a reload on another app server finds it. Nothing happens with the register off."""
    draft = st.session_state.get(DRAFT)
    if not isinstance(draft, Draft) or not draft.id or not draft.owner or draft.owner != owner_key():
        return
    keeper = _keeper()
    if keeper is None:
        return
    plain = draft_json(draft)
    digest = hashlib.sha256(plain).hexdigest()
    last = st.session_state.get(KEPT)
    kept_at = last[2] if isinstance(last, tuple) and last[:2] == (draft.id, digest) else None
    if kept_at == "saved" or (isinstance(kept_at, float) and time.monotonic() - kept_at < KEEP_AGAIN_SECONDS):
        return
    register, who = keeper
    with contextlib.suppress(RegisterUnavailable, AccessDenied):  # then kept in this server's memory only
        register.keep_draft(who, draft.id, plain)
        st.session_state[KEPT] = (draft.id, digest, time.monotonic())


def forget_kept(draft_id: str, *, saved: Draft | None = None) -> None:
    """Drop a draft from the register (discarded, signed out, or ``saved`` to a case: then it is not kept
    again unless it changes)."""
    keeper = _keeper()
    if keeper is None:
        return
    register, who = keeper
    with contextlib.suppress(RegisterUnavailable, AccessDenied):
        register.drop_draft(who, draft_id)
    if saved is not None:
        st.session_state[KEPT] = (draft_id, hashlib.sha256(draft_json(saved)).hexdigest(), "saved")
    else:
        st.session_state.pop(KEPT, None)


def _from_register(draft_id: str) -> Draft | None:
    """The draft kept in the register under this id for the signed-in account (then kept in this server's
    memory too), or None."""
    keeper = _keeper()
    if keeper is None:
        return None
    register, who = keeper
    try:
        plain = register.open_draft(who, draft_id)
    except (RegisterUnavailable, AccessDenied):
        return None
    draft = draft_from_json(plain) if plain is not None else None
    if draft is None or draft.id != draft_id:
        return None
    draft_store().put(draft_id, draft)
    return draft


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"__datetime__": value.isoformat()}
    if isinstance(value, dt.date):
        return {"__date__": value.isoformat()}
    if isinstance(value, tuple):
        return {"__tuple__": [_plain(v) for v in value]}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _typed(value: Any) -> Any:
    if isinstance(value, list):
        return [_typed(v) for v in value]
    if isinstance(value, dict):
        if set(value) == {"__datetime__"}:
            return dt.datetime.fromisoformat(value["__datetime__"])
        if set(value) == {"__date__"}:
            return dt.date.fromisoformat(value["__date__"])
        if set(value) == {"__tuple__"}:
            return tuple(_typed(v) for v in value["__tuple__"])
        return {k: _typed(v) for k, v in value.items()}
    return value


def draft_json(draft: Draft) -> bytes:
    """The draft as JSON (to be sealed by the register; never stored as it is)."""
    fields = {f.name: getattr(draft, f.name) for f in dataclasses.fields(draft)}
    fields["override"] = dataclasses.asdict(draft.override) if draft.override is not None else None
    fields["details"] = draft.details.model_dump(mode="json") if draft.details is not None else None
    return json.dumps(_plain(fields), sort_keys=True).encode("utf-8")


def draft_from_json(plain: bytes) -> Draft | None:
    """A draft from ``draft_json``; None if it does not read as one (an older app's draft)."""
    try:
        fields = _typed(json.loads(plain))
        override, details = fields.pop("override"), fields.pop("details")
        fields["errors"] = [tuple(e) for e in fields["errors"]]
        return Draft(
            **fields,
            override=Override(**override) if override is not None else None,
            details=RecordDetails.model_validate(details) if details is not None else None,
        )
    except (ValueError, TypeError, KeyError):
        return None
