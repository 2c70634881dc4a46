"""The register service on SQLite and PostgreSQL: cases by keyed reference, saved screenings, corrections,
roles checked on every method, refusals audited, injection strings kept as plain text."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import inspect, select, text

from decision_tool.errors import UserError
from decision_tool.register import AccessDenied, CaseNotFound, Register
from decision_tool.register.auth import Actor
from decision_tool.register.models import AuditEvent, Base

REFERENCE = "UPN A1234 5678"
INJECTIONS = [
    "'; DROP TABLE cases; --",
    'Robert"); DELETE FROM screenings; --',
    "' OR '1'='1",
    "<script>alert('x')</script> \\x00 %s %(name)s",
]


def audit_actions(register: Register, action: str | None = None) -> list[AuditEvent]:
    with register._sessions() as s:
        stmt = select(AuditEvent).order_by(AuditEvent.id)
        if action:
            stmt = stmt.where(AuditEvent.action == action)
        return list(s.scalars(stmt))


# ---------------------------------------------------------------- references


def test_same_reference_finds_the_same_case_in_any_spacing_or_case(register, actors):
    pat = actors["pat.a"]
    first = register.find_or_create_case(pat, REFERENCE, "england")
    again = register.find_or_create_case(pat, "upn a12345678", "england")
    found = register.find_case(pat, "  UPNA12345678 ")
    assert first.code == again.code == found.code
    assert first.code.startswith("C-") and len(first.code) == 8
    assert register.find_case(pat, "UPN A1234 5679") is None
    assert len(register.list_cases(pat)) == 1


def test_same_reference_in_two_organisations_is_two_cases(register, actors):
    a = register.find_or_create_case(actors["pat.a"], REFERENCE, "england")
    b = register.find_or_create_case(actors["pat.b"], REFERENCE, "england")
    assert a.code != b.code
    assert (a.organisation_code, b.organisation_code) == ("SCH-A", "PH-B")
    assert register.find_case(actors["pat.b"], REFERENCE).code == b.code


def test_database_holds_no_plain_reference(register, actors, people_url, make_record):
    pat = actors["pat.a"]
    case = register.find_or_create_case(pat, REFERENCE, "england")
    register.save_screening(pat, case.code, make_record())
    dumped = []
    with register._sessions() as s:
        for table in Base.metadata.sorted_tables:
            dumped += [str(tuple(row)) for row in s.execute(table.select())]
    everything = "\n".join(dumped).casefold()
    assert case.code.casefold() in everything  # the dump is real
    for form in (REFERENCE, "upna12345678", "a1234", "5678"):
        assert form.casefold() not in everything
    if people_url.startswith("sqlite"):
        raw = b"".join(p.read_bytes() for p in Path(people_url[10:]).parent.glob("register.db*"))
        assert b"A1234" not in raw and b"a12345678" not in raw.lower()


def test_a_blank_or_overlong_reference_is_refused_with_a_message(register, actors):
    with pytest.raises(UserError, match="type your own reference"):
        register.find_or_create_case(actors["pat.a"], "   ", "england")
    with pytest.raises(UserError, match="at most 100"):
        register.find_case(actors["pat.a"], "x" * 101)


# ---------------------------------------------------------------- screenings


def test_saved_screenings_come_back_whole_oldest_first(register, actors, clock, make_record):
    pat = actors["pat.a"]
    case = register.find_or_create_case(pat, REFERENCE, "england")
    first = make_record()
    register.save_screening(pat, case.code, first)
    clock.advance(days=90)
    second = make_record(
        {"age": 14, "missing_overnight": "yes", "older_partner": "yes"},
        override={"level": "high", "reason": "Police intelligence about the same adults (fictional)"},
    )
    saved = register.save_screening(pat, case.code, second)
    assert (saved.level_id, saved.tool_level_id) == ("high", second["assessment"]["tool_level"])
    detail = register.get_case(pat, case.code)
    assert [s.summary.saved_at for s in detail.screenings] == sorted(
        s.summary.saved_at for s in detail.screenings
    )
    assert detail.screenings[0].record().assessment.answers == first["assessment"]["answers"]
    assert detail.screenings[1].record().assessment.override.reason.startswith("Police intelligence")
    assert detail.screenings[1].summary.rules_hash == second["assessment"]["rules_version"]["sha256"]
    assert detail.case.latest_level_id == "high" and detail.case.screenings == 2
    assert detail.case.latest_saved_at == clock.now


def test_a_correction_is_a_new_entry_with_a_reason_and_the_original_is_kept(register, actors, make_record):
    pat = actors["pat.a"]
    case = register.find_or_create_case(pat, REFERENCE, "england")
    original = register.save_screening(pat, case.code, make_record())
    with pytest.raises(UserError, match="say why"):
        register.save_screening(pat, case.code, make_record(), corrects_id=original.id)
    other = register.find_or_create_case(pat, "another pupil 99", "england")
    other_screening = register.save_screening(pat, other.code, make_record())
    with pytest.raises(UserError, match="not one of this case"):
        register.save_screening(
            pat,
            case.code,
            make_record(),
            corrects_id=other_screening.id,
            correction_reason="wrong child chosen",
        )
    fix = register.save_screening(
        pat,
        case.code,
        make_record({"age": 15}),
        corrects_id=original.id,
        correction_reason="Age was 15, not 14",
    )
    detail = register.get_case(pat, case.code)
    kept, correction = detail.screenings
    assert kept.summary.id == original.id and kept.corrected_by_id == fix.id
    assert kept.record().assessment.answers["age"] == 14
    assert (
        correction.summary.corrects_id == original.id and correction.correction_reason == "Age was 15, not 14"
    )


def test_a_damaged_record_is_refused_and_nothing_is_saved(register, actors, make_record):
    pat = actors["pat.a"]
    case = register.find_or_create_case(pat, REFERENCE, "england")
    record = make_record()
    del record["assessment"]["score"]
    with pytest.raises(UserError, match="not a complete screening record"):
        register.save_screening(pat, case.code, record)
    assert register.get_case(pat, case.code).screenings == ()


def test_injection_strings_are_stored_and_returned_as_plain_text(register, actors, make_record):
    pat = actors["pat.a"]
    for attempt in INJECTIONS:
        case = register.find_or_create_case(pat, attempt, "england")
        assert register.find_case(pat, attempt).code == case.code
        first = register.save_screening(
            pat, case.code, make_record(override={"level": "high", "reason": attempt + " (override)"})
        )
        register.save_screening(
            pat, case.code, make_record(), corrects_id=first.id, correction_reason=attempt
        )
        detail = register.get_case(pat, case.code)
        assert detail.screenings[0].record().assessment.override.reason == attempt + " (override)"
        assert detail.screenings[1].correction_reason == attempt
    org = register.add_organisation(actors["admin.z"], "INJ-1", INJECTIONS[0], "other")
    assert org.name == INJECTIONS[0]
    assert len(register.list_cases(pat)) == len(INJECTIONS)
    with register._sessions() as s:
        assert set(inspect(s.get_bind()).get_table_names()) >= {"cases", "screenings", "audit_events"}


def test_case_lists_hold_no_free_text(register, actors, make_record):
    pat = actors["pat.a"]
    case = register.find_or_create_case(pat, REFERENCE, "england")
    register.save_screening(
        pat, case.code, make_record(override={"level": "high", "reason": "Free text here"})
    )
    for summary in register.list_cases(pat) + register.list_cases(actors["panel.p"]):
        assert "Free text" not in repr(summary)
    screening = register.get_case(pat, case.code).screenings[0]
    assert "Free text" not in repr(screening.summary)


# ---------------------------------------------------------------- roles on every method


@pytest.fixture()
def cases(register, actors, make_record) -> dict[str, str]:
    real = register.find_or_create_case(actors["pat.a"], REFERENCE, "england")
    register.save_screening(actors["pat.a"], real.code, make_record())
    demo = register.find_or_create_case(actors["trainer.t"], "DEMO-PUPIL-1", "england")
    register.save_screening(actors["trainer.t"], demo.code, make_record())
    other = register.find_or_create_case(actors["pat.b"], "PH-0042", "england")
    return {"real": real.code, "demo": demo.code, "other": other.code}


CASE_METHODS = {
    "get_case": lambda r, a, code, rec: r.get_case(a, code),
    "save_screening": lambda r, a, code, rec: r.save_screening(a, code, rec),
    "export_case": lambda r, a, code, rec: r.export_case(a, code),
    "export_case_pdf": lambda r, a, code, rec: r.export_case_pdf(a, code),
}
# Who may use each method on a case of SCH-A (real) and on a trainer's demo case in DEMO-A.
MAY = {
    ("get_case", "real"): {"pat.a", "panel.p"},
    ("save_screening", "real"): {"pat.a"},
    ("export_case", "real"): {"pat.a", "admin.z", "terminal"},
    ("export_case_pdf", "real"): {"pat.a", "admin.z", "terminal"},
    ("get_case", "demo"): {"trainer.t", "pat.demo", "panel.p"},
    ("save_screening", "demo"): {"trainer.t", "pat.demo"},
    ("export_case", "demo"): {"trainer.t", "pat.demo", "admin.z", "terminal"},
    ("export_case_pdf", "demo"): {"trainer.t", "pat.demo", "admin.z", "terminal"},
}
EVERYONE = {"pat.a", "pat.b", "panel.p", "admin.z", "trainer.t", "pat.demo", "terminal"}


def test_every_case_method_checks_the_role_and_audits_refusals(register, actors, cases, make_record):
    record = make_record()
    refused = 0
    for (method, which), allowed in MAY.items():
        for name in sorted(EVERYONE):
            call = CASE_METHODS[method]
            if name in allowed:
                call(register, actors[name], cases[which], record)
            else:
                with pytest.raises(CaseNotFound, match=f"no case {cases[which]} that you can open"):
                    call(register, actors[name], cases[which], record)
                refused += 1
    denied = audit_actions(register, "access_denied")
    assert len(denied) == refused
    assert {e.case_code for e in denied} == {cases["real"], cases["demo"]}


def test_another_organisations_case_looks_the_same_as_no_case(register, actors, cases):
    with pytest.raises(CaseNotFound) as other:
        register.get_case(actors["pat.b"], cases["real"])
    with pytest.raises(CaseNotFound) as missing:
        register.get_case(actors["pat.b"], "C-ZZZZZZ")
    assert str(other.value).replace(cases["real"], "C-ZZZZZZ") == str(missing.value)
    with pytest.raises(CaseNotFound, match="no case with that code"):
        register.get_case(actors["pat.b"], "' OR 1=1 --")


def test_who_sees_which_cases_in_lists(register, actors, cases):
    def codes(name: str) -> set[str]:
        return {c.code for c in register.list_cases(actors[name])}

    assert codes("pat.a") == {cases["real"]}
    assert codes("pat.b") == {cases["other"]}
    assert codes("trainer.t") == {cases["demo"]}
    assert codes("pat.demo") == {cases["demo"]}
    assert codes("panel.p") == set(cases.values())
    for name in ("admin.z", "terminal"):
        with pytest.raises(AccessDenied):
            register.list_cases(actors[name])


def test_a_trainer_cannot_reach_real_cases_by_reference(register, actors, cases):
    trainer = actors["trainer.t"]
    # Even in the trainer's own organisation, a real (non-demo) case stays closed to them.
    real_demo_org = register.find_or_create_case(actors["pat.demo"], "REAL-IN-DEMO-ORG", "england")
    assert real_demo_org.demo is False
    # The same answers as for a reference with no case: nothing found, then a demo case of their own.
    assert register.find_case(trainer, "REAL-IN-DEMO-ORG") is None
    assert register.find_case(trainer, "NO-SUCH-PUPIL") is None
    own = register.find_or_create_case(trainer, "REAL-IN-DEMO-ORG", "england")
    fresh = register.find_or_create_case(trainer, "NO-SUCH-PUPIL", "england")
    assert own.code != real_demo_org.code and own.demo and fresh.demo
    assert own.screenings == fresh.screenings == 0
    assert register.find_or_create_case(trainer, " real-in-demo-org ", "england").code == own.code
    assert register.find_case(trainer, "REAL-IN-DEMO-ORG").code == own.code
    # The real case is untouched, still found by its practitioner.
    assert register.find_case(actors["pat.demo"], "REAL-IN-DEMO-ORG").code == real_demo_org.code
    assert register.find_or_create_case(trainer, "DEMO-PUPIL-1", "england").code == cases["demo"]


NON_CASE_METHODS = {
    "find_or_create_case": (
        lambda r, a: r.find_or_create_case(a, f"NEW-REF-{a.username}", "england"),
        {"pat.a", "pat.b", "trainer.t", "pat.demo"},
    ),
    "find_case": (lambda r, a: r.find_case(a, REFERENCE), {"pat.a", "pat.b", "trainer.t", "pat.demo"}),
    "list_cases": (lambda r, a: r.list_cases(a), {"pat.a", "pat.b", "panel.p", "trainer.t", "pat.demo"}),
    "audit_events": (lambda r, a: r.audit_events(a), {"admin.z", "terminal"}),
    "export_audit": (lambda r, a: r.export_audit(a), {"admin.z", "terminal"}),
    "purge_candidates": (lambda r, a: r.purge_candidates(a), {"admin.z", "terminal"}),
    "purge": (lambda r, a: r.purge(a), {"admin.z", "terminal"}),
    "list_users": (lambda r, a: r.list_users(a), {"admin.z", "terminal"}),
    "list_organisations": (lambda r, a: r.list_organisations(a), {"admin.z", "terminal"}),
    "add_organisation": (
        lambda r, a: r.add_organisation(a, f"ORG-{a.username[:5].replace('.', '-')}", "Fictional", "other"),
        {"admin.z", "terminal"},
    ),
    "add_user": (
        lambda r, a: r.add_user(a, f"new.{a.username[:8]}", "a long enough password", "panel"),
        {"admin.z", "terminal"},
    ),
    "disable_user": (lambda r, a: r.disable_user(a, "pat.b"), {"admin.z", "terminal"}),
    "enable_user": (lambda r, a: r.enable_user(a, "pat.b"), {"admin.z", "terminal"}),
    "reset_password": (
        lambda r, a: r.reset_password(a, "pat.b", "another long password"),
        {"admin.z", "terminal"},
    ),
}


@pytest.mark.parametrize("method", sorted(NON_CASE_METHODS))
def test_every_other_method_checks_the_role(register, actors, method):
    call, allowed = NON_CASE_METHODS[method]
    # pat.b is disabled and re-enabled along the way: keep it out of the callers.
    refused = sorted(EVERYONE - {"pat.b"} - allowed)
    for name in sorted(EVERYONE - {"pat.b"}):
        if name in allowed:
            call(register, actors[name])
        else:
            with pytest.raises(AccessDenied):
                call(register, actors[name])
    denied = audit_actions(register, "access_denied")
    assert sorted(e.username for e in denied) == sorted(actors[name].username for name in refused)


def test_a_disabled_account_stops_at_once_and_a_forged_actor_is_refused(register, actors):
    pat = actors["pat.a"]
    register.list_cases(pat)
    register.disable_user(actors["admin.z"], "pat.a")
    with pytest.raises(AccessDenied, match="sign in again"):
        register.list_cases(pat)
    forged = Actor(actors["pat.b"].user_id, "pat.b", "panel", None)  # pat.b pretending to be panel
    with pytest.raises(AccessDenied, match="sign in again"):
        register.list_cases(forged)
    with pytest.raises(AccessDenied):
        register.list_cases(Actor(None, "someone", "admin", None))


# ---------------------------------------------------------------- export for a subject access request


def test_case_export_holds_every_screening_as_json_and_pdf(register, actors, catalog, make_record):
    pat = actors["pat.a"]
    case = register.find_or_create_case(pat, REFERENCE, "england")
    first = register.save_screening(pat, case.code, make_record())
    register.save_screening(
        pat, case.code, make_record(), corrects_id=first.id, correction_reason="Date was wrong"
    )
    data = register.export_case(actors["admin.z"], case.code)
    assert data["kind"] == "decision_tool.case_export" and data["case"]["code"] == case.code
    assert [s["id"] for s in data["screenings"]] == [first.id, first.id + 1]
    assert data["screenings"][1]["correction_reason"] == "Date was wrong"
    assert data["screenings"][0]["record"]["assessment"]["rules_version"]["id"] == "dsl"
    assert REFERENCE not in str(data)
    pdf = PdfReader(io.BytesIO(register.export_case_pdf(actors["admin.z"], case.code, catalog.rule_sets)))
    assert len(pdf.pages) >= 3
    cover = pdf.pages[0].extract_text()
    assert case.code in cover and "Screenings (2)" in cover
    # Numbered on this case, levels by name (not the register's ids, not a level's id).
    flat = " ".join(cover.split())
    assert "Screening 2:" in flat and "corrects screening 1." in flat and "corrected by screening 2" in flat
    assert re.search(r"outcome (Low|Emerging|Moderate|High|Immediate danger)\b", flat), flat
    # The form by its title, as the person chose it (not the register's id for it).
    assert f"{catalog.rule_sets['dsl'].title}, rules version" in flat and " dsl rules" not in flat
    whole = " ".join(p.extract_text() for p in pdf.pages)
    assert whole.count("Screening record: ") == 2 and "Date was wrong" in whole
    dsl = catalog.rule_sets["dsl"]
    assert dsl.question_index["missing_overnight"].text[:30] in whole.replace("\n", " ")
    exports = audit_actions(register, "export_case")
    assert [(e.username, e.case_code, e.detail) for e in exports] == [
        ("admin.z", case.code, "json"),
        ("admin.z", case.code, "pdf"),
    ]


# ---------------------------------------------------------------- audit trail


def test_every_view_save_and_export_is_audited_with_who_and_when(register, actors, clock, make_record):
    pat = actors["pat.a"]
    case = register.find_or_create_case(pat, REFERENCE, "england")
    clock.advance(minutes=5)
    register.save_screening(pat, case.code, make_record())
    register.get_case(actors["panel.p"], case.code)
    register.list_cases(pat)
    rows = register.audit_events(actors["admin.z"])
    tail = [(r.username, r.action, r.case_code) for r in rows if not r.username.startswith("terminal:")]
    assert tail == [
        ("pat.a", "create_case", case.code),
        ("pat.a", "save_screening", case.code),
        ("panel.p", "view_case", case.code),
        ("pat.a", "list_cases", None),
    ]
    assert [r.at for r in rows if r.action == "save_screening"] == [clock.now]
    csv_text = register.export_audit(actors["admin.z"])
    assert csv_text.splitlines()[0] == "id,at,user_id,username,action,case_code,detail"
    assert f"pat.a,save_screening,{case.code}" in csv_text and "view_audit" in csv_text
    assert [r.action for r in register.audit_events(actors["admin.z"], since=clock.now)][-2:] == [
        "view_audit",
        "export_audit",
    ]


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_events SET detail = 'changed'",
        "DELETE FROM audit_events",
        "UPDATE screenings SET score = 0",
    ],
)
def test_the_database_refuses_to_change_the_audit_trail_or_a_screening(
    register, actors, make_record, statement
):
    pat = actors["pat.a"]
    case = register.find_or_create_case(pat, REFERENCE, "england")
    register.save_screening(pat, case.code, make_record())
    before = [(e.id, e.detail) for e in audit_actions(register)]
    with register._sessions() as s, pytest.raises(Exception, match="append-only|never changed") as refused:
        s.execute(text(statement))
        s.commit()
    assert "sqlalchemy" in type(refused.value).__module__
    assert [(e.id, e.detail) for e in audit_actions(register)] == before
    assert register.get_case(pat, case.code).screenings[0].summary.score > 0


@pytest.mark.parametrize("people_url", ["postgresql"], indirect=True)  # SQLite has no TRUNCATE
def test_postgres_refuses_truncate_of_the_audit_trail(register):
    with register._sessions() as s, pytest.raises(Exception, match="append-only"):
        s.execute(text("TRUNCATE audit_events"))


def test_two_app_processes_saving_at_once_both_succeed_and_see_each_other(people_url, make_record):
    """Two connections pools on one database (as two `streamlit run` processes): concurrent saves all land."""
    import threading

    from decision_tool.register.db import make_engine, session_factory

    from .conftest import PASSWORD, Clock, settings_for

    engines = [make_engine(people_url) for _ in range(2)]
    registers = [Register(session_factory(e), settings_for(people_url), Clock()) for e in engines]
    pat = registers[0].sign_in("pat.a", PASSWORD)
    code = registers[0].find_or_create_case(pat, REFERENCE, "england").code
    record = make_record()
    errors: list[BaseException] = []

    def save_many(register: Register) -> None:
        try:
            for _ in range(15):
                register.save_screening(pat, code, record)
                register.list_cases(pat)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=save_many, args=(r,)) for r in registers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert registers[1].get_case(pat, code).case.screenings == 30
    assert registers[0].list_cases(pat)[0].screenings == 30
    for e in engines:
        e.dispose()


def test_saving_a_screening_writes_the_facts_the_panel_lists(register, actors, make_record):
    from decision_tool.register.panel_models import ScreeningFacts

    pat = actors["pat.a"]
    case = register.find_or_create_case(pat, "FACTS-REF-1", "england")
    saved = register.save_screening(pat, case.code, make_record())
    with register._sessions() as s:
        facts = s.get(ScreeningFacts, saved.id)
    assert facts is not None and facts.categories  # missing overnight counts in a category


def test_the_answers_of_saved_real_screenings_come_back_for_counting(register, actors, make_record):
    """What a settings change would do reads each saved screening's answers (cut out by the database),
    with its form and locality; demo cases are left out."""
    pat = actors["pat.a"]
    case = register.find_or_create_case(pat, REFERENCE, "england")
    first = make_record()
    second = make_record({"age": 15, "missing_overnight": "yes", "older_partner": "yes"})
    register.save_screening(pat, case.code, first)
    register.save_screening(pat, case.code, second)
    saved = register.saved_answers(actors["admin.z"])
    assert [(s.questionnaire_id, s.locality_id, s.answers) for s in saved] == [
        ("dsl", "england", first["assessment"]["answers"]),
        ("dsl", "england", second["assessment"]["answers"]),
    ]
    with pytest.raises(AccessDenied):
        register.saved_answers(pat)
