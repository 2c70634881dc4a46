"""axe-core, run inside the real page: no serious or critical violations on any page."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from .test_result_view import open_record, record_path
from .test_walkthrough import complete_pharmacy_form

AXE = Axe()


# Each chain walks on from the screen before, as a person would: one page load, one pharmacy form filled,
# for several screens. Every screen is scanned, and a violation names its screen.


def on_start(page: Page, url: str) -> None:
    expect(page.get_by_role("button", name="Start a new screening")).to_be_visible()


def to_questions(page: Page, url: str) -> None:
    page.get_by_role("button", name="Start a new screening").click()
    expect(page.get_by_text("Step 1 of")).to_be_visible()


def to_error_summary(page: Page, url: str) -> None:
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()


def to_start_in_progress(page: Page, url: str) -> None:
    to_questions(page, url)
    page.get_by_role("radiogroup", name="Is the child in immediate danger right now?").get_by_text(
        "No"
    ).click()
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    page.reload()
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Start", exact=True).click()
    expect(page.get_by_role("button", name="Continue the screening")).to_be_visible()


def to_result(page: Page, url: str) -> None:
    complete_pharmacy_form(page)
    page.get_by_text("Where the score sits against the local bands").scroll_into_view_if_needed()
    expect(page.locator("[data-testid='stPlotlyChart']").first).to_be_visible(timeout=20_000)
    # Scan the record-detail fields too: they open when asked for.
    page.get_by_role("button", name="Add details for your record").click()
    expect(page.get_by_role("textbox", name=re.compile("Completed by"))).to_be_visible()


def to_judgement_error(page: Page, url: str) -> None:
    # Open the list once the page has settled: a rerun that ends after the click closes it again.
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    outcome = page.get_by_role("combobox", name=re.compile("Outcome"))
    outcome.scroll_into_view_if_needed()
    for _ in range(3):
        outcome.click()
        page.wait_for_timeout(500)
        if page.get_by_role("option").count():
            break
    page.get_by_role("option").last.click()
    page.get_by_role("button", name="Record my judgement").click()
    expect(page.locator(".dt-error-summary")).to_be_visible()


def to_check(page: Page, url: str) -> None:
    page.get_by_role("button", name="Back to your answers").click()
    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()


def to_rules(page: Page, url: str) -> None:
    page.goto(f"{url}/rulebook")
    expect(page.get_by_role("heading", name="Rules").first).to_be_visible()


def to_rules_contacts(page: Page, url: str) -> None:
    page.get_by_role("tab", name="Contacts").click()
    expect(page.get_by_role("tabpanel", name="Contacts").get_by_role("table")).to_be_visible()


def to_training(page: Page, url: str) -> None:
    page.goto(f"{url}/workshop")
    expect(page.get_by_role("heading", name="Training").first).to_be_visible()


def to_training_presentation(page: Page, url: str) -> None:
    page.get_by_text("Presentation view").click()
    page.get_by_role("button", name="Show every answer").click()
    page.get_by_role("button", name="Reveal the outcome").click()
    expect(page.get_by_text("What guidance expects")).to_be_visible()


def to_consistency(page: Page, url: str) -> None:
    page.goto(f"{url}/consistency")
    expect(page.get_by_role("heading", name="Regional consistency").first).to_be_visible(timeout=60_000)
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=60_000)


def to_result_emergency(page: Page, url: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        open_record(page, url, record_path(Path(tmp), "threatened_in_car"))
    expect(page.get_by_role("heading", name="Immediate danger: call 999 now")).to_be_visible()


def to_result_dsl(page: Page, url: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        open_record(page, url, record_path(Path(tmp), "second_phone"))
    page.get_by_text("Which areas add to the score").scroll_into_view_if_needed()
    expect(page.locator("[data-testid='stPlotlyChart']")).to_have_count(2, timeout=20_000)


def to_accessibility(page: Page, url: str) -> None:
    page.get_by_role("link", name="Accessibility statement").click()
    expect(page.get_by_role("heading", name="Accessibility statement").first).to_be_visible()


def to_privacy(page: Page, url: str) -> None:
    page.get_by_role("link", name=re.compile("Privacy notice")).click()
    expect(page.get_by_role("heading", name="Privacy notice").first).to_be_visible()


def to_open_record(page: Page, url: str) -> None:
    page.get_by_role("link", name="Open a record you downloaded, to carry on or review it").click()
    expect(page.get_by_role("heading", name="Open a record you downloaded")).to_be_visible()


def to_earlier_records(page: Page, url: str) -> None:
    page.goto(url)
    page.get_by_role("link", name="Screen a child again, or compare with their earlier records").click()
    expect(page.get_by_role("heading", name="Screen again or compare over time")).to_be_visible()


Step = Callable[[Page, str], None]
CHAINS: dict[str, list[tuple[str, Step]]] = {
    "questions": [("start", on_start), ("questions", to_questions), ("error_summary", to_error_summary)],
    "result": [("result", to_result), ("judgement_error", to_judgement_error), ("check", to_check)],
    "rules": [("rules", to_rules), ("rules_contacts", to_rules_contacts)],
    "training": [("training", to_training), ("training_presentation", to_training_presentation)],
    "records": [("result_emergency", to_result_emergency), ("result_dsl", to_result_dsl)],
    "statements": [("accessibility", to_accessibility), ("privacy", to_privacy)],
    "start_links": [("open_record", to_open_record), ("earlier_records", to_earlier_records)],
    "consistency": [("consistency", to_consistency)],
    "start_in_progress": [("start_in_progress", to_start_in_progress)],
}


@pytest.fixture()
def watched(browser, server_url: str) -> Iterator[tuple[Page, list[str]]]:
    """A fresh page on the start page, with every address it asked for from its first load on."""
    context = browser.cold_context(viewport={"width": 768, "height": 1024}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(server_url)
    expect(page.get_by_role("button", name="Start a new screening")).to_be_visible()
    yield page, requested
    context.close()


def serious(page: Page) -> str:
    """axe's serious and critical violations on the screen as it is now, one line each ('' if none)."""
    page.wait_for_timeout(300)  # let the last rerun settle
    results = AXE.run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}" for v in bad
    )


@pytest.mark.parametrize("chain", list(CHAINS))
def test_no_serious_or_critical_accessibility_violations(
    watched: tuple[Page, list[str]], server_url: str, chain: str
):
    page, requested = watched
    for screen, step in CHAINS[chain]:
        step(page, server_url)
        report = serious(page)
        assert not report, f"{screen}:\n{report}"
    outside = [u for u in requested if urlparse(u).hostname not in ("127.0.0.1", None)]
    assert requested and not outside, f"loaded from outside this machine: {outside}"


# What the keyboard's focus looks like on each control: GOV.UK's yellow (#ffdd00) with a black edge.
FOCUS_STYLE = """() => {
  const e = document.activeElement, label = e.closest('label');
  const styled = (el) => { const s = getComputedStyle(el);
    return (s.outlineStyle !== 'none' && s.outlineColor === 'rgb(255, 221, 0)') ||
           s.boxShadow.includes('rgb(255, 221, 0)') || s.backgroundColor === 'rgb(255, 221, 0)'; };
  const edge = (el) => getComputedStyle(el).boxShadow.includes('rgb(11, 12, 12)');
  const shown = (label && label.contains(e) && e.type && ['radio', 'checkbox'].includes(e.type)) ? label : e;
  return {what: e.tagName + ' ' + (e.getAttribute('aria-label') || e.textContent || '').trim().slice(0, 40),
          yellow: styled(shown), black: edge(shown), main: !!e.closest('.stMain')};
}"""


def test_every_control_shows_the_keyboard_focus(page: Page, server_url: str):
    """Tab through Start and the first step: every control in the page says it has the focus, in
    yellow with a black edge (each at least 3:1 against the page)."""
    seen = []
    for start in (None, to_questions):
        if start:
            start(page, server_url)
            page.wait_for_timeout(500)
        page.locator("body").focus()
        for _ in range(25):
            page.keyboard.press("Tab")
            focus = page.evaluate(FOCUS_STYLE)
            if focus["main"] and not focus["what"].startswith("MAIN"):
                seen.append(focus)
    assert len(seen) > 10
    unstyled = [f["what"] for f in seen if not (f["yellow"] and f["black"])]
    assert not unstyled, unstyled


def test_each_step_has_one_h1_and_its_hints_and_errors_belong_to_the_field(page: Page, server_url: str):
    complete_pharmacy_form(page)
    page.get_by_role("button", name="Back to your answers").click()
    page.get_by_role("link", name=re.compile("Change.*sexual partner")).click()
    expect(page.get_by_text("Step 1 of 2")).to_be_visible()
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_have_text("The young person")
    # The hint is read with the answers it belongs to.
    group = page.get_by_role("radiogroup", name="How old is their sexual partner compared with them?")
    expect(group).to_have_accessible_description(re.compile("Under 16 with an adult partner"))
    # An error is read with its field, and the field says it is in error.
    age = page.get_by_role("spinbutton", name="How old is the young person?")
    age.fill("25")
    age.press("Enter")
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    page.get_by_role("button", name="Continue", exact=True).click()
    expect(page.locator(".dt-error-summary")).to_be_visible()
    expect(age).to_have_attribute("aria-invalid", "true")
    expect(age).to_have_accessible_description(re.compile("Error:"))


def test_tick_boxes_are_one_group_named_by_their_question(page: Page, server_url: str, dsl):
    step = next(i for i, s in enumerate(dsl.sections, 1) if any(q.kind == "multi" for q in s.questions))
    question = next(q for s in dsl.sections for q in s.questions if q.kind == "multi")
    to_questions(page, server_url)
    page.goto(re.sub(r"step=\d+", f"step={step}", page.url))
    group = page.get_by_role("group", name=question.text)
    expect(group).to_be_visible()
    expect(group.get_by_role("checkbox").first).to_be_visible()


def test_the_model_of_exploitation_tick_boxes_are_one_group_named_by_their_label(
    tab: Page, server_url: str, tmp_path
):
    from decision_tool.records.model import EXPLOITATION_MODELS

    open_record(tab, server_url, record_path(tmp_path, "lifts_and_parties"))
    tab.get_by_role("button", name="Add details for your record").click()
    group = tab.get_by_role("group", name=re.compile(r"^Model of exploitation, if you can tell"))
    expect(group).to_be_visible()
    expect(group.get_by_role("checkbox")).to_have_count(len(EXPLOITATION_MODELS))
