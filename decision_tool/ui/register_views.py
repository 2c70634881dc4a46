"""The register's pages and hooks: sign-in gate, the save box on the result page, case views, audit.

Everything goes through the ``Register`` service (it re-checks the role on every call and audits it);
its refusals are ``UserError``s shown as plain messages. Only case codes, levels, dates and user names
appear in lists; free text never does.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from ..errors import UserError
from ..panel.levels import level_name
from ..records.history import Earlier, build_timeline, latest
from ..records.record import EXPLOITATION_MODELS, Record
from ..register import Actor, CaseDetail, RegisterConfigError, RegisterUnavailable, policy, screening_save_key
from ..wording.dates import long_date, long_time
from ..wording.messages import say
from . import history_views, register_state, registry
from .furniture import page_marker
from .markup import component, escape
from .state import catalog, draft_params, forget_kept, get_draft, start_draft
from .widgets import choose_questionnaire, md, user_error

NAMES_WARNING = say("ui.register.names_warning")


def gate() -> list[Any]:
    """The pages to offer (from ``registry``): every page but the register's with the register off; only
    sign-in (and the footer's pages) until someone signs in; then the pages the actor may open."""
    try:
        settings = register_state.settings()  # refuses to start without the reference key
    except RegisterConfigError as exc:
        config_error(exc)
    if settings is None:
        return [registry.st_page(e) for e in registry.entries_for(False, None)]
    who = register_state.actor()
    if who is None:
        # Every address shows the sign-in form (no "page not found"); after signing in the same address
        # opens the page it names.
        known = [e.url_path for e in registry.PAGES if e.url_path and not e.before_sign_in]
        return [
            st.Page(sign_in_form, title=say("ui.sign_in.title"), url_path="sign-in", default=True),
            *(
                st.Page(sign_in_form, title=say("ui.sign_in.title"), url_path=path, visibility="hidden")
                for path in known
            ),
            *(registry.st_page(e) for e in registry.entries_for(True, None)),
        ]
    status_bar(who)
    allowed = registry.entries_for(True, who)
    # A page the policy does not open for this actor still has its address, so that opening it by the
    # address asks the policy too, and the refusal is audited (not Streamlit's "page not found").
    refused = [e for e in registry.PAGES if e not in allowed and not e.before_sign_in and e.action]
    return [
        *(registry.st_page(e) for e in allowed),
        *(st.Page(_refusal(e), title=e.title, url_path=e.url_path, visibility="hidden") for e in refused),
    ]


def _refusal(entry: registry.PageEntry) -> Any:
    def refuse() -> None:
        register_state.require_actor(entry.action)  # audits the refusal and stops

    refuse.__name__ = f"refuse_{entry.url_path.replace('-', '_')}"
    return refuse


def config_error(exc: RegisterConfigError) -> None:
    user_error(exc)
    st.stop()


def status_bar(who: Actor) -> None:
    name, out = st.columns([4, 1], vertical_alignment="center")
    role = say("ui.register.demo_role") if policy.creates_demo_cases(who) else who.role
    name.caption(say("ui.register.signed_in_as", username=md(who.username), role=md(role)))
    # A callback: it runs before the next run draws anything, so no page of the account shows again.
    out.button(say("ui.register.sign_out"), key="sign_out", on_click=register_state.sign_out)


def sign_in_form() -> None:
    page_marker("sign-in")  # the page script forgets this tab's screening address
    st.title(say("ui.sign_in.title"))
    notice = st.session_state.pop(register_state.SIGNED_OUT_NOTICE, None)
    if notice:
        st.info(md(notice))
    st.markdown(say("ui.sign_in.intro"))
    if register_state.sso_configured():
        single_sign_on()
    with st.form("sign_in"):
        username = st.text_input(
            say("ui.sign_in.username"), key="signin_username", max_chars=64, autocomplete="username"
        )
        password = st.text_input(
            say("ui.sign_in.password"),
            type="password",
            key="signin_password",
            max_chars=200,
            autocomplete="current-password",
        )
        submitted = st.form_submit_button(say("ui.sign_in.title"), type="primary")
    if submitted:
        try:
            # The first sign-in connects (once per server): an old schema or a changed key stops here.
            reg = register_state.register()
        except RegisterConfigError as exc:
            config_error(exc)
        except RegisterUnavailable as exc:
            user_error(exc)
            return
        try:
            who = reg.sign_in(username.strip(), password)
        except UserError as exc:
            st.error(say("ui.sign_in.refused", title=md(exc.title), problem=md(exc.problems[0].message)))
        else:
            register_state.signed_in(who)
            st.rerun()
    st.markdown(say("ui.sign_in.call_999"))


def single_sign_on() -> None:
    """Streamlit's OpenID Connect sign-in; the verified email must belong to an active register account."""
    identity = register_state.sso_identity()
    if identity is None:
        st.button(say("ui.sign_in.sso"), type="primary", key="sso_sign_in", on_click=st.login)
        st.markdown(say("ui.sign_in.or_password"))
        return
    try:
        who = register_state.register().sign_in_verified(
            identity, verified=register_state.sso_email_verified()
        )
    except UserError as exc:
        user_error(exc)
        st.button(say("ui.sign_in.other_account"), key="sso_other", on_click=st.logout)
        return
    register_state.signed_in(who)
    st.rerun()


# ---------------------------------------------------------------- cases


def find_case_form(who: Actor) -> None:
    st.subheader(say("ui.cases.find"))
    st.markdown(NAMES_WARNING)
    with st.form("find_case", clear_on_submit=True):
        reference = st.text_input(say("ui.cases.reference"), key="case_reference", max_chars=100)
        submitted = st.form_submit_button(say("ui.cases.find_button"), type="primary")
    if submitted:
        if not reference.strip():
            st.error(say("ui.cases.no_reference"))
            return
        locality = next(iter(catalog().localities))
        try:
            case = register_state.register().find_or_create_case(who, reference, locality)
        except UserError as exc:
            user_error(exc)
            return
        register_state.open_case(case.code)


def case_list(who: Actor) -> None:
    try:
        cases = register_state.register().list_cases(who)
    except UserError as exc:
        user_error(exc)
        return
    st.subheader(say("ui.cases.open_cases"))
    if not cases:
        st.markdown(say("ui.cases.none"))
        return
    levels = _level_titles()
    for case in cases:
        with st.container(border=True):
            info, action = st.columns([3, 1], vertical_alignment="center")
            latest_text = (
                say(
                    "ui.cases.latest_one" if case.screenings == 1 else "ui.cases.latest",
                    n=case.screenings,
                    level=md(levels.get(case.latest_level_id or "", case.latest_level_id or "")),
                    date=long_date(case.latest_saved_at),
                )
                if case.latest_saved_at
                else say("ui.cases.no_screenings")
            )
            info.markdown(
                f"**{md(case.code)}** · {latest_text}" + (say("ui.cases.demo") if case.demo else "")
            )
            if action.button(say("ui.cases.open"), key=f"open_{case.code}", width="stretch"):
                register_state.open_case(case.code)


def _level_titles() -> dict[str, str]:
    """Level names for lists, which do not say which form a screening used: the one scale the panel
    uses for every form (``panel/levels.py``: Low, Emerging, Moderate, High, Immediate danger), so a list
    never shows a level's id."""
    ids = {lv.id for rules in catalog().rule_sets.values() for lv in rules.levels}
    return {lid: level_name(lid) for lid in ids}


def case_page(who: Actor) -> None:
    code = register_state.case_code_asked()
    if not code:
        st.title(say("ui.case.title"))
        st.info(say("ui.case.choose"))
        st.page_link("pages/register_cases.py", label=say("ui.case.go_to_cases"))
        return
    try:
        detail = register_state.register().get_case(who, code)
    except UserError as exc:
        st.title(say("ui.case.title"))
        user_error(exc)
        st.page_link("pages/register_cases.py", label=say("ui.case.go_to_cases"))
        return
    st.query_params["case"] = detail.case.code
    st.title(say("ui.case.heading", code=detail.case.code))
    st.caption(
        say("ui.case.opened", date=long_date(detail.case.created_at), status=detail.case.status)
        + (say("ui.case.demo") if detail.case.demo else "")
    )
    earlier = _earlier(detail)
    if policy.allows(who, "save_screening"):
        last = latest(earlier)
        if last is not None:
            if st.button(say("ui.case.screen_again"), type="primary", key="case_screen_again"):
                history_views.start_from(last, case_code=detail.case.code)
        else:
            form = choose_questionnaire(catalog().rule_sets, key="case_form")
            if st.button(say("ui.case.start"), type="primary", key="case_start"):
                draft = start_draft(form, detail.case.locality_id or next(iter(catalog().localities)))
                draft.case_code = detail.case.code
                st.switch_page("pages/questions.py", query_params=draft_params(draft, step="1"))
    if earlier:
        questionnaire = earlier[-1].record.assessment.rules_version.id
        history_views.timeline(
            build_timeline(earlier, catalog().rule_sets, questionnaire), key="case_timeline"
        )
        safety_plan(earlier)
    else:
        st.markdown(say("ui.case.no_screenings"))
    if policy.allows(who, "save_screening"):
        corrections(detail)
    exports(who, detail)


def safety_plan(earlier: list[Earlier]) -> None:
    """What the saved records say about the kind of exploitation and what must change (Signs of
    Safety), newest first: free text, so on the case page only, never in the panel's lists or exports."""
    kept = [
        e
        for e in earlier
        if e.record.details.exploitation_models
        or e.record.details.danger_statement
        or e.record.details.safety_goal
    ]
    if not kept:
        return
    st.subheader(say("ui.case.safety_plan"))
    for e in reversed(kept):
        d = e.record.details
        with st.container(border=True):
            st.markdown(f"**{long_date(e.record.created)}** · {md(e.record.assessment.rules_version.title)}")
            if d.exploitation_models:
                models = md(", ".join(EXPLOITATION_MODELS[m] for m in d.exploitation_models))
                st.markdown(say("ui.case.models", models=models))
            if d.danger_statement:
                st.markdown(say("ui.case.danger_statement", text=md(d.danger_statement)))
            if d.safety_goal:
                st.markdown(say("ui.case.safety_goal", text=md(d.safety_goal)))


def _earlier(detail: CaseDetail) -> list[Earlier]:
    out = []
    for saved in detail.screenings:
        s = saved.summary
        label = say("ui.case.saved_by", username=s.saved_by)
        if s.corrects_id:  # free text, on the case page only (never in lists): escaped where it is shown
            label += say("ui.case.correcting", reason=saved.correction_reason)
        if saved.corrected_by_id:
            label += say("ui.case.corrected_later")
        out.append(Earlier(saved.record(), label, outdated=False))
    return out


def corrections(detail: CaseDetail) -> None:
    """A correction is a new entry with a reason: start one pre-filled from the screening it corrects."""
    if not detail.screenings:
        return
    with st.expander(say("ui.case.correct")):
        st.markdown(say("ui.case.correct_intro"))
        options = {s.summary.id: s for s in detail.screenings}
        chosen = st.selectbox(
            say("ui.case.correct_which"),
            list(options),
            format_func=lambda i: say(
                "ui.case.saved_at_by",
                when=long_time(options[i].summary.saved_at),
                username=options[i].summary.saved_by,
            ),
            key="correct_which",
        )
        if st.button(say("ui.case.correct_button"), key="correct_start"):
            saved = options[chosen]
            label = say("ui.case.the_screening_of", date=long_date(saved.summary.saved_at))
            item = Earlier(saved.record(), label, False)
            history_views.start_from(item, case_code=detail.case.code, corrects_id=saved.summary.id)


def exports(who: Actor, detail: CaseDetail) -> None:
    if not policy.allows(who, "export_case"):
        return
    st.subheader(say("ui.case.export"))
    st.markdown(say("ui.case.export_intro"))
    reg = register_state.register()
    code = detail.case.code
    pdf, js = st.columns(2)
    pdf.download_button(
        say("ui.case.export_pdf"),
        data=lambda: reg.export_case_pdf(who, code, catalog().rule_sets),
        file_name=f"case-{code}.pdf",
        mime="application/pdf",
        on_click="ignore",
        key="export_pdf",
        width="stretch",
    )
    js.download_button(
        say("ui.case.export_json"),
        data=lambda: _json(reg.export_case(who, code)),
        file_name=f"case-{code}.json",
        mime="application/json",
        on_click="ignore",
        key="export_json",
        width="stretch",
    )


def _json(data: dict[str, Any]) -> str:
    import json

    return json.dumps(data, indent=2, default=str)


# ---------------------------------------------------------------- the result page's save box


SAVED = "register_saved"  # {save key: (case code, saved at)}: the screenings this session saved


def can_save() -> bool:
    """The register is on and the person signed in may save a screening to a case."""
    if register_state.settings() is None:
        return False
    who = register_state.actor()
    return who is not None and policy.allows(who, "save_screening")


def save_section(record: Record) -> None:
    """On the result page, when signed in: save this screening to a case (or as a correction).

    One press, one saved screening: the save carries a key of this draft and result, so a second press,
    a rerun or another tab returns the screening already saved (the register enforces it). Once saved,
    the button gives way to a confirmation and a link that opens the case.
    """
    who = register_state.actor()
    if who is None or not can_save():
        return
    draft = get_draft()
    if draft is None:
        return
    st.subheader(say("ui.save.heading"))
    key = screening_save_key(draft.id, record) if draft.id else None
    saved_here = st.session_state.get(SAVED)
    done = saved_here.get(key) if isinstance(saved_here, dict) and key else None
    if done is not None:
        saved_confirmation(*done)
        return
    reg = register_state.register()
    code = draft.case_code
    if not code:
        st.markdown(NAMES_WARNING)
        reference = st.text_input(say("ui.cases.reference"), key="save_reference", max_chars=100)
    reason = ""
    if draft.corrects_id is not None:
        st.markdown(say("ui.save.corrects", code=md(code)))
        reason = st.text_area(say("ui.save.correction_reason"), key="correction_reason", max_chars=2000)
    label = say("ui.save.to_case", code=code) if code else say("ui.save.to_new_case")
    if st.button(label, type="primary", key="save_to_case"):
        try:
            if not code:
                if not reference.strip():
                    raise UserError(say("ui.save.no_reference"))
                code = reg.find_or_create_case(who, reference, draft.locality_id).code
            saved = reg.save_screening(
                who,
                code,
                record,
                corrects_id=draft.corrects_id,
                correction_reason=reason if draft.corrects_id is not None else None,
                save_key=key,
            )
        except UserError as exc:
            user_error(exc)
        else:
            draft.case_code = saved.case_code
            draft.corrects_id = None
            forget_kept(draft.id, saved=draft)  # saved: no longer kept as a screening in progress
            if key:
                found = st.session_state.get(SAVED)
                found = found if isinstance(found, dict) else {}
                found[key] = (saved.case_code, saved.saved_at)
                st.session_state[SAVED] = found
                st.rerun()  # drawn again with the confirmation in place of the button
            saved_confirmation(saved.case_code, saved.saved_at)


def saved_confirmation(code: str, saved_at: dt.datetime) -> None:
    body = escape(say("ui.save.case_code")) + component("strong", {"text": code})
    st.html(component("panel", {"title": say("ui.save.saved"), "body": {"html": body}}))
    st.markdown(say("ui.save.saved_on", date=long_date(saved_at), time=saved_at))
    st.page_link(
        "pages/register_case.py", label=say("ui.save.open_case", code=md(code)), query_params={"case": code}
    )


# ---------------------------------------------------------------- audit


def audit_page(who: Actor) -> None:
    st.title(say("ui.audit.title"))
    st.markdown(say("ui.audit.intro"))
    days = st.number_input(say("ui.audit.days"), min_value=1, max_value=3650, value=30, key="audit_days")
    since = register_state.now() - dt.timedelta(days=int(days))
    reg = register_state.register()
    try:
        rows = reg.audit_events(who, since)
    except UserError as exc:
        user_error(exc)
        return
    st.dataframe(
        [
            {
                say("ui.audit.column.when"): f"{r.at:%Y-%m-%d %H:%M:%S}",
                say("ui.audit.column.who"): r.username,
                say("ui.audit.column.what"): r.action,
                say("ui.audit.column.case"): r.case_code or "",
                say("ui.audit.column.detail"): r.detail,
            }
            for r in reversed(rows)
        ],
        hide_index=True,
        width="stretch",
    )
    csv, js = st.columns(2)
    csv.download_button(
        say("ui.audit.csv"),
        data=lambda: reg.export_audit(who, since, fmt="csv"),
        file_name="audit.csv",
        mime="text/csv",
        on_click="ignore",
        key="audit_csv",
        width="stretch",
    )
    js.download_button(
        say("ui.audit.json"),
        data=lambda: reg.export_audit(who, since, fmt="json"),
        file_name="audit.json",
        mime="application/json",
        on_click="ignore",
        key="audit_json",
        width="stretch",
    )
