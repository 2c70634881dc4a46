"""The walk-through as a phone (390 px) and a desktop (1280 px) user meets it: reloads, the browser's Back,
Change from Check your answers, GOV.UK errors, tick boxes, the summary list and the pharmacy's discreet mode.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Locator, Page, expect

from .test_walkthrough import PHARMACY_ANSWERS, choose, pharmacy_form_to_check, press, result_heading


@pytest.fixture()
def screen(request, browser, server_url) -> Iterator[Page]:
    """A phone (390 px) unless a test asks for both widths (``BOTH_WIDTHS``): what changes with the width
    (where errors, the summary list and the pharmacy's screen sit) is walked at both; what does not (a
    reload, the browser's Back, a triple click) once."""
    width = getattr(request, "param", 390)
    context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    pg.goto(server_url)
    pg.get_by_role("button", name="Start a new screening").wait_for()
    yield pg
    context.close()


BOTH_WIDTHS = pytest.mark.parametrize("screen", [390, 1280], ids=["phone", "desktop"], indirect=True)


def idle(page: Page) -> None:
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    page.wait_for_timeout(300)


def start_pharmacy(page: Page) -> None:
    page.get_by_text("Pharmacy EHC consultation (under-18)").click()
    page.get_by_role("button", name="Start a new screening").click()
    expect(page.get_by_text("Step 1 of 2")).to_be_visible()


def type_age(page: Page, years: str) -> Locator:
    """Type the young person's age on the pharmacy form's first step, as a user does (then Enter)."""
    age = page.get_by_role("spinbutton", name="How old is the young person?")
    age.fill(years)
    age.press("Enter")
    return age


def focused(page: Page) -> str:
    return page.evaluate(
        "() => { const e = document.activeElement; return (e.getAttribute('aria-label') || e.className "
        "|| e.tagName) + ' ' + (e.closest('[class*=st-key-question-]')?.className || ''); }"
    )


@BOTH_WIDTHS
def test_errors_follow_the_govuk_pattern(screen: Page):
    page = screen
    start_pharmacy(page)
    age = type_age(page, "25")
    idle(page)
    press(page, "Continue")
    summary = page.locator(".dt-error-summary")
    expect(summary).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: The young person – Step 1 of 2"))
    expect(summary).to_be_focused()
    # The real problem, not "answer the question": the age was given but is out of range.
    link = summary.get_by_role("link", name="Enter a number of years from 10 to 17")
    expect(link).to_be_visible()
    idle(page)
    expect(page.locator(".dt-field-error", has_text="Enter a number of years from 10 to 17")).to_be_visible()
    link.click()
    expect(age).to_be_focused()
    summary.get_by_role(
        "link", name=re.compile("Select an answer to: Is the young person in immediate")
    ).click()
    assert "immediate_danger" in focused(page)
    # Still on step 1: nothing was lost, nothing moved on.
    expect(page.get_by_text("Step 1 of 2")).to_be_visible()
    expect(age).to_have_value("25")


def test_a_reload_and_the_browser_back_button_lose_nothing(screen: Page):
    page = screen
    start_pharmacy(page)
    first_url = page.url
    type_age(page, "15")
    expect(page.get_by_role("radiogroup", name="Is the young person Fraser competent?")).to_be_visible()
    for question, answer in PHARMACY_ANSWERS.items():
        choose(page, question, answer)
    page.get_by_role("button", name="Continue").scroll_into_view_if_needed()
    press(page, "Continue")
    expect(page.get_by_text("Step 2 of 2")).to_be_visible()
    assert "step=2" in page.url and "draft=" in page.url
    # The new step starts at its top, with focus on its heading (not left at the bottom of the page).
    page.wait_for_function("() => document.querySelector('[data-testid=stMain]').scrollTop === 0")
    expect(page.get_by_role("heading", name="Supply decision (separate from safeguarding)")).to_be_focused()

    page.reload()  # or a tablet's pull-to-refresh
    expect(page.get_by_text("Step 2 of 2")).to_be_visible()
    page.go_back()  # the browser's Back: one step back, not to Start
    expect(page.get_by_text("Step 1 of 2")).to_be_visible()
    assert page.url == first_url
    expect(page.get_by_role("spinbutton", name="How old is the young person?")).to_have_value("15")
    group = page.get_by_role("radiogroup", name="Is the young person Fraser competent?")
    expect(group.get_by_role("radio", name="Yes, all five Fraser criteria are met")).to_be_checked()


def test_a_triple_click_on_continue_moves_one_step_only(screen: Page):
    page = screen
    start_pharmacy(page)
    type_age(page, "16")
    for question, answer in PHARMACY_ANSWERS.items():
        if question != "Is the young person Fraser competent?":  # asked only for under-16s
            choose(page, question, answer)
    idle(page)
    # A person's triple click: three presses on the same spot, about a fifth of a second apart.
    button = page.get_by_role("button", name="Continue")
    button.scroll_into_view_if_needed()  # a person clicks what they can see
    box = button.bounding_box()
    assert box
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for count in (1, 2, 3):
        page.mouse.down(click_count=count)
        page.mouse.up(click_count=count)
        page.wait_for_timeout(200)
    expect(page.get_by_text("Step 2 of 2")).to_be_visible()
    idle(page)
    page.wait_for_timeout(700)
    expect(page.get_by_text("Step 2 of 2")).to_be_visible()
    expect(page.get_by_text("There is a problem")).to_have_count(0)
    expect(page.get_by_role("heading", name="Check your answers")).to_have_count(0)


@BOTH_WIDTHS
def test_check_your_answers_is_a_summary_list_and_change_comes_back(screen: Page):
    page = screen
    pharmacy_form_to_check(page)
    expect(page).to_have_title(re.compile(r"^Check your answers – "))
    rows = page.locator(".dt-summary-row")
    expect(rows.first).to_be_visible()
    assert rows.count() >= 10
    # Answers in bold; a sign that is present (a "yes", or an answer that scores) is marked to stand out.
    expect(rows.filter(has_text="How old is the young person?").locator("strong")).to_have_text("15 years")
    expect(page.locator(".dt-tag")).to_have_count(0)  # this young person's answers show no signs
    expect(page.get_by_role("link", name="Back", exact=True)).to_be_visible()

    change = page.get_by_role("link", name="Change your answer to: Were alcohol or drugs involved?")
    expect(change).to_be_visible()
    page.evaluate("() => { window.stillTheSamePage = true; }")
    change.click()
    expect(page.get_by_text("Step 1 of 2")).to_be_visible()
    choose(page, "Were alcohol or drugs involved?", "Yes")
    press(page, "Continue")
    # Back on Check your answers (not step 2), with the changed answer marked.
    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    assert page.evaluate("() => window.stillTheSamePage === true")  # moved within the app: no reload
    expect(
        page.locator(".dt-summary-row", has_text="Were alcohol or drugs involved?").locator(".dt-tag")
    ).to_have_text("Yes")


@BOTH_WIDTHS
def test_the_pharmacy_path_is_discreet(screen: Page):
    page = screen
    pharmacy_form_to_check(page)
    texts = []
    for step in ("check", "result"):
        if step == "result":
            page.get_by_role("button", name="Get the result").click()
            expect(result_heading(page)).to_be_visible()
        expect(page.get_by_text("Consultation safeguarding checklist").first).to_be_visible()
        headings = page.locator("h1, h2, h3").all_inner_texts()
        texts.append(" ".join(headings) + " " + page.title())
    joined = " ".join(texts).lower()
    assert "exploitation" not in joined and "cse" not in joined.split(), joined


def test_multiple_choice_is_tick_boxes(screen: Page, dsl):
    page = screen
    step = next(i for i, s in enumerate(dsl.sections, 1) if any(q.kind == "multi" for q in s.questions))
    page.get_by_role("button", name="Start a new screening").click()  # the DSL form is the default
    expect(page.get_by_text("Step 1 of")).to_be_visible()
    page.goto(re.sub(r"step=\d+", f"step={step}", page.url))  # every step has its own address
    expect(page.get_by_text(f"Step {step} of {len(dsl.sections)}")).to_be_visible()
    expect(page.get_by_role("listbox")).to_have_count(0)  # no drop-down hiding the options
    boxes = page.get_by_role("checkbox")
    expect(boxes.nth(9)).to_be_visible()  # every option shown as a tick box (waits for the step to draw)
    for name in ("Looked after or a care leaver", "Bereavement"):
        page.get_by_text(name, exact=True).click()
        expect(page.get_by_role("checkbox", name=name)).to_be_checked()
        box = page.locator('[data-testid="stCheckbox"]', has_text=name).locator("label").bounding_box()
        assert box and box["height"] >= 44
    idle(page)
    page.reload()
    expect(page.get_by_role("checkbox", name="Bereavement")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Previous abuse")).not_to_be_checked()


def test_starting_again_asks_first(screen: Page):
    page = screen
    start_pharmacy(page)
    choose(page, "Were alcohol or drugs involved?", "Yes")
    idle(page)
    press(page, "Back")  # from step 1, Back goes to Start
    page.get_by_role("button", name="Start a new screening").click()
    expect(page.get_by_text("Starting a new screening clears the answers")).to_be_visible()
    page.get_by_role("button", name="Continue the screening").click()
    group = page.get_by_role("radiogroup", name="Were alcohol or drugs involved?")
    expect(group.get_by_role("radio", name="Yes")).to_be_checked()


def test_an_age_out_of_range_is_still_there_after_a_reload(screen: Page):
    page = screen
    start_pharmacy(page)
    age = type_age(page, "25")
    idle(page)
    page.reload()
    age = page.get_by_role("spinbutton", name="How old is the young person?")
    expect(age).to_have_value("25")  # what was typed, not an empty box
    press(page, "Continue")
    # Refused again, as before the reload, and still on step 1.
    summary = page.locator(".dt-error-summary")
    expect(summary.get_by_role("link", name="Enter a number of years from 10 to 17")).to_be_visible()
    expect(page.locator(".dt-field-error", has_text="Enter a number of years from 10 to 17")).to_be_visible()
    expect(page.get_by_text("Step 1 of 2")).to_be_visible()
    expect(age).to_have_value("25")


def test_start_offers_the_screening_in_progress_after_a_reload(browser, server_url):
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    page.goto(server_url)
    start_pharmacy(page)
    type_age(page, "16")
    for question, answer in PHARMACY_ANSWERS.items():
        if question != "Is the young person Fraser competent?":  # asked only for under-16s
            choose(page, question, answer)
    press(page, "Continue")
    expect(page.get_by_text("Step 2 of 2")).to_be_visible()
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Start", exact=True).click()
    offer = page.get_by_role("button", name="Continue the screening")
    expect(offer).to_be_visible()

    page.reload()  # or a pull-to-refresh on Start
    expect(page.get_by_text("You have a screening in progress")).to_be_visible()
    expect(page.get_by_text("You were on step 2 of 2")).to_be_visible()
    expect(offer).to_be_visible()
    expect(page.get_by_role("button", name="Start a new screening")).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390

    page.goto(server_url)  # the address typed again in the same tab: this tab's screening is still offered
    expect(offer).to_be_visible()
    offer.click()
    expect(page.get_by_text("Step 2 of 2")).to_be_visible()  # back to the step it was on
    press(page, "Back")
    expect(page.get_by_text("Step 1 of 2")).to_be_visible()
    expect(page.get_by_role("spinbutton", name="How old is the young person?")).to_have_value("16")

    other = context.new_page()  # another tab has its own screenings: nothing offered there
    other.goto(server_url)
    expect(other.get_by_role("button", name="Start a new screening")).to_be_visible()
    expect(other.get_by_text("You have a screening in progress")).to_have_count(0)
    context.close()
