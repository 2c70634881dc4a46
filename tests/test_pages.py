"""The practitioner's walk-through, driven through Streamlit's AppTest by widget keys."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from decision_tool.records.record import make_record, record_json
from decision_tool.rules.conditions import evaluate
from decision_tool.screening.engine import assess
from decision_tool.ui import registry

from .conftest import ROOT

APP = str(ROOT / "streamlit_app.py")


def new_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    assert not at.exception
    return at


def texts(at: AppTest) -> str:
    """Everything a user reads on the page, in one string."""
    parts: list[str] = [html_text(e.proto.body) for e in at.html]
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "info",
        "warning",
        "error",
        "success",
    ):
        parts += [str(e.value) for e in getattr(at, kind)]
    # Markup drawn through Markdown (the outcome box, style sheets) is read as a browser shows it.
    parts = [html_text(p) if p.startswith("<") else p for p in parts]
    return unescape("\n".join(parts))


def screen(at: AppTest) -> str:
    """Which screen is drawn, by the marker the page script reads (``result-<draft>``, ``check-<draft>``):
    the result page's main heading is its outcome, so its name is not a title."""
    for e in at.html:
        found = re.search(r'data-dt-top="([^"]*)"', e.proto.body)
        if found:
            return found.group(1)
    return ""


def on_result(at: AppTest) -> bool:
    return screen(at).startswith("result-")


def html_text(body: str) -> str:
    """What a reader sees of an st.html element: no style sheet, script or tags."""
    body = re.sub(r"<(style|script)\b.*?</\1>", "", body, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", body))


class _Table(HTMLParser):
    """Reads a table drawn by ``reflowing_table``: its column headings and rows of cell text."""

    def __init__(self) -> None:
        super().__init__()
        self.heads: list[str] = []
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None
        self.hidden = 0  # inside the repeated heading shown only on a phone (aria-hidden)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("th", "td"):
            self.cell = []
        elif self.hidden or ("aria-hidden", "true") in attrs:
            self.hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self.cell is not None:
            self.rows[-1].append("".join(self.cell))
            self.cell = None
        elif self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if self.cell is not None and not self.hidden:
            self.cell.append(data)


def tables(at: AppTest) -> list[list[dict[str, str]]]:
    """Every table on the page (as a user reads it): a list of rows, each {column heading: cell text}."""
    found = []
    for element in at.html:
        if 'class="dt-table"' not in element.proto.body:
            continue
        parser = _Table()
        parser.feed(element.proto.body)
        heads, *rows = parser.rows
        found.append([dict(zip(heads, row, strict=True)) for row in rows])
    return found


def button(at: AppTest, label: str):
    """The button a user sees with this label (step buttons have a key per step)."""
    return next(b for b in at.button if b.label == label)


class Checkboxes:
    """A multiple-choice question: one tick box per option, keyed '<question key>::<option id>'."""

    def __init__(self, at: AppTest, question_key: str):
        self.boxes = {
            w.key.rsplit("::", 1)[1]: w for w in at.checkbox if w.key.startswith(question_key + "::")
        }

    @property
    def value(self) -> list[str]:
        return [option for option, box in self.boxes.items() if box.value]

    def set_value(self, chosen: list[str]) -> Checkboxes:
        for option, box in self.boxes.items():
            box.set_value(option in chosen)
        return self


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)  # Markdown escapes are not what a user sees


def start(at: AppTest, form: str, locality: str = "england") -> None:
    at.radio(key="start_form").set_value(form)
    at.radio(key="start_locality").set_value(locality)
    at.button(key="start").click().run()
    assert not at.exception


def key(form: str, qid: str) -> str:
    return f"q::{form}::{qid}"


def widget(at: AppTest, form: str, qid: str, kind: str):
    k = key(form, qid)
    return {
        "yes_no": at.radio,
        "single": at.radio,
        "multi": lambda key: Checkboxes(at, key),
        "number": at.number_input,
        "text": at.text_area,
    }[kind](key=k)


def visible_keys(at: AppTest) -> set[str]:
    found = set()
    for kind in ("radio", "number_input", "text_area"):
        found |= {w.key for w in getattr(at, kind) if w.key and w.key.startswith("q::")}
    found |= {w.key.rsplit("::", 1)[0] for w in at.checkbox if w.key and w.key.startswith("q::")}
    return found


def answer_step(at: AppTest, rules, answers: dict[str, Any]) -> None:
    """Answer what is shown on this step from `answers`, else 'no' where that is offered."""
    for q in rules.questions:
        if key(rules.id, q.id) not in visible_keys(at):
            continue
        if q.id in answers:
            value = answers[q.id]
        elif q.kind == "yes_no" or (q.kind == "single" and q.option("no")):
            value = "no"
        else:
            continue
        w = widget(at, rules.id, q.id, q.kind)
        if w.value != value:
            w.set_value(value)
            at.run()  # conditional questions appear as answers change
    assert not at.exception


def complete_form(at: AppTest, rules, answers: dict[str, Any]) -> None:
    for _ in range(len(rules.sections)):
        answer_step(at, rules, answers)
        button(at, "Continue").click().run()
        assert not at.exception
        assert "There is a problem" not in texts(at)
    assert at.title[0].value == "Check your answers"


def to_result(at: AppTest) -> None:
    at.button(key="get_result").click().run()
    assert not at.exception
    assert on_result(at)


def test_start_page_explains_the_tool_and_always_shows_999():
    at = new_app()
    page = texts(at)
    assert "If a child is in immediate danger, call 999" in page
    assert "Do not enter names" in page and "Nothing is saved to disk" in page
    assert "screening aid" in page
    assert set(at.radio(key="start_form").options) == {
        "CSE screening for Designated Safeguarding Leads",
        "Criminal exploitation (county lines) screening for safeguarding leads and youth workers",
        "Pharmacy EHC consultation (under-18)",
    }
    assert at.radio(key="start_form").value == "dsl"  # the sexual exploitation form, until another is chosen


def test_full_dsl_flow_gives_the_scenario_outcome(dsl):
    at = new_app()
    start(at, "dsl", "somerset")
    assert "Step 1 of" in texts(at)
    complete_form(
        at,
        dsl,
        {
            "age": 16,
            "cars_unknown_adults": "yes",
            "given_substances": "occasionally",
            "hotspots": "yes",
            "school_absence": "yes",
        },
    )
    to_result(at)
    page = texts(at)
    assert "Outcome: High concern" in page  # cars driven by unknown adults: referred whatever the score
    assert "1. Refer to children's social care today" in page
    assert "Somerset Children's Social Care" in page and "not checked in the last 12 months" in page
    assert "Suggested review date" in page
    # The 999 line is drawn by the app's shell on every page: tests/browser/test_walkthrough.py checks it
    # on each page in the browser (AppTest keeps only the page's own elements after a page switch).


def test_full_pharmacy_flow_keeps_supply_separate(pharmacy):
    at = new_app()
    start(at, "pharmacy")
    complete_form(
        at,
        pharmacy,
        {"age": 15, "partner_age": "similar", "fraser": "competent", "supply_decision": "supplied"},
    )
    to_result(at)
    page = texts(at)
    assert "Outcome: Low: advise and record" in page
    assert "A low result does not mean no action" in page
    assert "Recorded separately from the safeguarding outcome" in page
    assert "What did you decide about supply? **Supplied with advice**" in page
    assert "Is the young person Fraser competent? **Yes, all five Fraser criteria are met**" in page


def test_immediate_danger_shows_999_at_once_on_that_step(dsl):
    at = new_app()
    start(at, "dsl")
    widget(at, "dsl", "immediate_danger", "yes_no").set_value("yes")
    at.run()
    assert "Call 999 now" in texts(at)
    assert "Step 1 of" in texts(at)  # still on the first step: the form is not finished
    at.button(key="emergency_result").click().run()
    page = texts(at)
    # One clear instruction: call 999; nothing that reads as "wait" or "find out more first".
    assert "Immediate danger: call 999 now" in page
    assert any('href="tel:999">Call 999</a>' in str(m.value) for m in at.markdown)  # a link to call
    assert "Insufficient information" not in page  # most questions are unanswered here
    assert "Find out more" not in page and "Within a week" not in page
    assert "When the child is safe" in page and "Refer to children's social care today" in page
    assert "1. Call 999 now" not in page  # the outcome already says it: not repeated as a step
    assert not at.get("plotly_chart")  # no chart for immediate danger


def test_back_and_continue_keep_answers(dsl):
    at = new_app()
    start(at, "dsl")
    answer_step(at, dsl, {"age": 14, "disclosure_withdrawn": "yes"})
    button(at, "Continue").click().run()
    widget(at, "dsl", "late_out", "yes_no").set_value("yes")
    at.run()
    button(at, "Back").click().run()
    assert widget(at, "dsl", "age", "number").value == 14
    assert widget(at, "dsl", "disclosure_withdrawn", "yes_no").value == "yes"
    button(at, "Continue").click().run()
    assert widget(at, "dsl", "late_out", "yes_no").value == "yes"


def test_switching_pages_keeps_answers(dsl):
    at = new_app()
    start(at, "dsl")
    answer_step(at, dsl, {"age": 12})
    at.switch_page("pages/rules.py").run()
    at.switch_page("pages/questions.py").run()
    assert widget(at, "dsl", "age", "number").value == 12


def test_missing_required_answers_give_an_error_summary_and_keep_answers():
    at = new_app()
    start(at, "dsl")
    widget(at, "dsl", "age", "number").set_value(15)
    at.run()
    button(at, "Continue").click().run()
    summary = next(e.proto.body for e in at.html if "There is a problem" in e.proto.body)
    assert (
        '<a href="#q-immediate_danger">Select an answer to: Is the child in immediate danger right now?'
        in (summary)
    )
    assert "Enter a number for" not in summary  # the age was answered
    page = texts(at)
    assert "Error: Select an answer to: Is the child in immediate danger right now?" in page  # at the field
    assert widget(at, "dsl", "age", "number").value == 15
    assert "Step 1 of" in texts(at)


def test_a_conditional_question_hidden_after_answering_is_not_scored(dsl):
    at = new_app()
    start(at, "dsl")
    answer_step(at, dsl, {"age": 15})
    button(at, "Continue").click().run()
    widget(at, "dsl", "missing_overnight", "yes_no").set_value("yes")
    at.run()
    assert key("dsl", "returned_unexplained") in visible_keys(at)
    widget(at, "dsl", "returned_unexplained", "yes_no").set_value("yes")
    at.run()
    widget(at, "dsl", "missing_overnight", "yes_no").set_value("no")
    at.run()
    assert key("dsl", "returned_unexplained") not in visible_keys(at)
    complete_form_from_here(at, dsl)
    to_result(at)
    page = texts(at)
    assert "Score **0**" in page
    assert "returned" in page and "Not counted" in page


def complete_form_from_here(at: AppTest, rules) -> None:
    for _ in range(len(rules.sections)):
        if at.title and at.title[0].value == "Check your answers":
            break
        answer_step(at, rules, {})
        button(at, "Continue").click().run()


def test_override_needs_a_reason_and_is_recorded(dsl, catalog):
    at = new_app()
    start(at, "dsl")
    complete_form(at, dsl, {"age": 15})
    to_result(at)
    at.selectbox(key="override_level").set_value("medium")
    at.button[0].click()  # the form's submit button
    at.run()
    assert "There is a problem" in texts(at) and "Enter your reason for changing the outcome" in texts(at)
    at.selectbox(key="override_level").set_value("medium")
    at.text_area(key="override_reason").set_value("Sibling was exploited by the same group last year")
    next(b for b in at.button if b.label == "Record my judgement").click()
    at.run()
    page = texts(at)
    assert "Outcome: Moderate concern" in page
    shown = page.replace("\\", "")  # the Markdown's escapes, as a reader does not see them
    assert "**Your judgement.** The tool's outcome: Low: keep watching, because the score" in shown
    assert "Your decision: Moderate concern. Reason: Sibling was exploited" in shown
    draft = at.session_state["draft"]
    record = json.loads(
        record_json(
            make_record(
                assess(dsl, draft.answers, override=draft.override),
                __import__("datetime").datetime(2026, 1, 1),
            )
        )
    )
    assert record["assessment"]["tool_level"] == "low" and record["assessment"]["level"] == "medium"
    assert record["assessment"]["override"]["reason"].startswith("Sibling")


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"{broken", "not valid JSON"),
        (b'{"kind": "x"}', "not a record from this tool"),
        (b"\xff\xfe\x00", "not a text file"),
    ],
)
def test_a_bad_upload_is_refused_and_answers_are_kept(payload, message):
    at = new_app()
    start(at, "dsl")
    widget(at, "dsl", "age", "number").set_value(13)
    at.run()
    at.switch_page("pages/start.py").run()
    at.switch_page("pages/open_record.py").run()
    at.file_uploader(key="upload").upload("record.json", payload, "application/json").run()
    assert not at.exception
    error = unescape(" ".join(e.value for e in at.error))
    assert message in error and "Your current answers have not been changed" in error
    assert at.session_state["draft"].answers["age"] == 13


def test_a_good_upload_resumes_the_assessment(dsl, catalog):
    result = assess(
        dsl,
        {"age": 14, "disclosure": "yes"},
        contacts=catalog.directory("england"),
        override={"level": "immediate", "reason": "She said he is outside now"},
    )
    payload = record_json(make_record(result, __import__("datetime").datetime(2026, 11, 1, 9, 0))).encode()
    at = new_app()
    at.switch_page("pages/open_record.py").run()
    at.file_uploader(key="upload").upload("record.json", payload, "application/json").run()
    assert "Record loaded" in texts(at)
    at.button(key="open_record").click().run()
    page = texts(at)
    assert "Immediate danger: call 999 now" in page and "She said he is outside now" in page


def test_a_record_from_older_rules_offers_to_rescore(dsl, catalog):
    result = assess(dsl, {"age": 14, "late_out": "yes"}, contacts=catalog.directory("england"))
    data = json.loads(record_json(make_record(result, __import__("datetime").datetime(2026, 1, 1))))
    data["assessment"]["rules_version"]["sha256"] = "0" * 64
    data["assessment"]["rules_version"]["version"] = "0.9.0"
    at = new_app()
    at.switch_page("pages/open_record.py").run()
    at.file_uploader(key="upload").upload("old.json", json.dumps(data).encode(), "application/json").run()
    page = texts(at)
    assert (
        "version 0.9.0" in page
        and f"now version {dsl.version}" in page
        and "score the same answers again" in page
    )
    assert "0000" not in page and "decision_tool" not in page  # plain sentences: no hashes or ids
    at.button(key="rescore").click().run()
    assert at.title[0].value == "Check your answers"
    assert at.session_state["draft"].answers == {"age": 14, "late_out": "yes"}


# Register and panel pages exist only with the register on; tests/register/ runs them signed in.
@pytest.mark.parametrize("page", [e.file for e in registry.PAGES if e.register == "any"])
def test_every_page_runs_without_a_draft(page):
    at = new_app()
    at.switch_page(page).run()
    assert not at.exception
    assert "Traceback" not in texts(at)


def test_show_if_matches_the_engine(dsl):
    # The page and the engine must agree on what is shown: both use the same conditions.
    q = dsl.question_index["returned_unexplained"]
    assert q.show_if is not None and evaluate(q.show_if, {"missing_overnight": "not_sure"})


def test_a_broken_rules_file_is_explained_not_a_traceback(rules_copy, monkeypatch):
    root = rules_copy(("dsl.yaml", "    band: {from: 16}", "    band: {from: 18}"))
    monkeypatch.setenv("DECISION_TOOL_RULES", str(root))
    at = new_app()
    error = unescape(" ".join(e.value for e in at.error))
    assert "The rules file has a problem" in error
    assert str(root) not in error  # no server paths shown to visitors: relative to the rules folder
    assert (
        "dsl.yaml:" in error
        and "levels[high].band.from: gap between bands: no level for scores 16 to 17" in error
    )
    assert "start 'high' at 16" in error


def test_the_accessibility_statement_has_the_regulations_sections_and_claims_no_more_than_it_does():
    """The public sector accessibility regulations' model statement: compliance status, what is not
    accessible, when it was prepared and reviewed, and the enforcement procedure."""
    at = new_app()
    at.switch_page("pages/accessibility.py").run()
    assert not at.exception
    page = texts(at)
    for heading in (
        "Compliance status",
        "Non-accessible content",
        "Preparation of this accessibility statement",
        "Enforcement procedure",
    ):
        assert f"## {heading}" in page, heading
    assert "partially compliant with the Web Content Accessibility Guidelines version 2.2 AA" in page
    assert re.search(
        r"prepared on \d{1,2} [A-Z][a-z]+ \d{4}\. It was last reviewed on \d{1,2} [A-Z][a-z]+ \d{4}", page
    )
    assert "Equality Advisory and Support Service" in page
    # Tables: those the tool draws itself reflow; the framework's that can scroll sideways are listed.
    assert "can scroll sideways on a narrow screen" in page


@pytest.mark.parametrize("page", ["pages/questions.py", "pages/check.py", "pages/result.py"])
def test_a_step_opened_with_no_screening_has_one_main_heading_saying_so(page):
    """An address with no screening behind it (another browser, or after the idle time) still has one h1."""
    from .test_judgement import h1s

    at = new_app()
    at.switch_page(page).run()
    assert not at.exception
    assert h1s(at) == ["No screening in progress"]
    assert "Choose a form on the Start page first" in texts(at)
