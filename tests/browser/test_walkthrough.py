"""What only a browser shows: a pharmacist completing the form by clicking, downloads, resume, and axe."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader

from decision_tool.ui import registry

PHARMACY_ANSWERS = {
    "Is the young person in immediate danger right now?": "No",
    "Were they forced or pressured into sex, or have they been sexually abused?": "No",
    "How old is their sexual partner compared with them?": "About the same age",
    "Did someone else come with them and speak for them, or try to stay in the consultation?": "No",
    "Were alcohol or drugs involved?": "No",
    "Have they been given money, gifts, phones or lifts by the partner or other adults?": "No",
    "Have they been missing from home or care, or staying out overnight?": "No",
    "Have they needed emergency contraception before?": "No",
    "Is the young person Fraser competent?": "Yes, all five Fraser criteria are met",
}


def choose(page: Page, question: str, answer: str) -> None:
    group = page.get_by_role("radiogroup", name=question)
    group.get_by_text(answer, exact=True).click()
    expect(group.get_by_role("radio", name=answer, exact=True)).to_be_checked()


def open_upload(page: Page) -> None:
    """From Start, the page where a downloaded record is opened."""
    page.get_by_role("link", name="Open a record you downloaded, to carry on or review it").click()
    expect(page.get_by_role("heading", name="Open a record you downloaded")).to_be_visible()
    expect(page.locator("[data-testid='stFileUploaderDropzoneInput']")).to_have_count(1)


def press(page: Page, name: str) -> None:
    """Click a step's button once the page has settled: each step's buttons are new, and the last step's
    stay on screen (faded, and ignored if clicked) until the new step is fully drawn."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    button = page.get_by_role("button", name=name, exact=True)
    expect(button).to_have_count(1)
    button.click()


def pharmacy_form_to_check(page: Page) -> None:
    page.get_by_text("Pharmacy EHC consultation (under-18)").click()
    page.get_by_role("button", name="Start a new screening").click()
    expect(page.get_by_text("Step 1 of 2")).to_be_visible()
    age = page.get_by_role("spinbutton", name="How old is the young person?")
    age.fill("15")
    age.press("Enter")
    # Fraser competence is asked only for under-16s: it appears once the age is in.
    expect(page.get_by_role("radiogroup", name="Is the young person Fraser competent?")).to_be_visible()
    for question, answer in PHARMACY_ANSWERS.items():
        choose(page, question, answer)
    press(page, "Continue")
    expect(page.get_by_text("Step 2 of 2")).to_be_visible()
    choose(page, "What did you decide about supply?", "Supplied with advice")
    press(page, "Continue")
    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()


def result_heading(page: Page) -> Locator:
    """The result page's main heading: its outcome, in a live region (role status)."""
    return page.get_by_role("status").get_by_role("heading", level=1)


def complete_pharmacy_form(page: Page) -> None:
    pharmacy_form_to_check(page)
    page.get_by_role("button", name="Get the result").click()
    expect(result_heading(page)).to_be_visible()


def download(page: Page, label: str, tmp_path: Path) -> Path:
    with page.expect_download() as info:
        page.get_by_role("button", name=label).click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    return target


def test_pharmacist_completes_the_form_and_keeps_a_record(page: Page, tmp_path: Path, catalog):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    complete_pharmacy_form(page)
    expect(page.get_by_text("Outcome: Low: advise and record")).to_be_visible()
    expect(page.get_by_text("A low result does not mean no action").first).to_be_visible()
    expect(page.get_by_text("Recorded separately from the safeguarding outcome")).to_be_visible()
    expect(page.get_by_text("If a child is in immediate danger, call 999.")).to_be_visible()

    pdf_path = download(page, "PDF", tmp_path)
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf_path.read_bytes())).pages).split()
    )
    assert "Outcome: Low: advise and record" in text
    assert "Fraser" in text and f"rules version {catalog.rule_sets['pharmacy'].version}" in text

    json_path = download(page, "JSON (to resume later)", tmp_path)
    record = json.loads(json_path.read_text())
    assert record["kind"] == "decision_tool.record"
    assert record["assessment"]["level"] == "low"
    assert record["assessment"]["answers"]["fraser"] == "competent"
    assert len(record["assessment"]["rules_version"]["sha256"]) == 64

    # Resume: a new visit, upload the JSON, open it, and see the same result.
    page.get_by_role("button", name="Start a new screening").click()
    expect(page.get_by_role("button", name="Start a new screening")).to_be_visible()
    open_upload(page)
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(json_path))
    expect(page.get_by_text("Record loaded")).to_be_visible()
    page.get_by_role("button", name="Open this record").click()
    expect(page.get_by_text("Outcome: Low: advise and record")).to_be_visible()

    # Everything the page loaded came from this machine: it works with no internet, and tells no one.
    outside = [u for u in requested if urlparse(u).hostname not in ("127.0.0.1", None)]
    assert requested and not outside, outside


def test_a_bad_upload_is_refused_in_the_browser(page: Page, tmp_path: Path):
    bad = tmp_path / "notes.json"
    bad.write_text('{"hello": "world"}')
    open_upload(page)
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(bad))
    expect(page.get_by_text("This file is not a record from this tool")).to_be_visible()
    expect(page.get_by_text("Traceback")).to_have_count(0)


@pytest.mark.parametrize("path", [e.address for e in registry.PAGES if e.register == "any"])
def test_a_direct_link_keeps_the_navigation_bar(tab: Page, server_url: str, path: str):
    tab.goto(server_url + path)
    menu = tab.get_by_role("navigation", name="Menu")
    expect(menu.get_by_role("link", name="Start", exact=True)).to_be_visible()
    expect(tab.get_by_text("If a child is in immediate danger, call 999.")).to_be_visible()
    expect(tab.locator('[data-testid="stSidebarNav"]')).to_have_count(0)  # no listing of pages/ files
    current = {e.address: e.title for e in registry.PAGES if e.menu}.get(path)
    if current:  # the menu marks the page you are on, for screen readers too
        expect(menu.locator('[aria-current="page"]')).to_have_text(current)


def test_the_menu_moves_within_the_app_and_keeps_the_screening(page: Page):
    page.get_by_role("button", name="Start a new screening").click()
    expect(page.get_by_text("Step 1 of")).to_be_visible()
    choose(page, "Is the child in immediate danger right now?", "No")
    expect(page.get_by_text("If a child is in immediate danger, call 999.")).to_be_visible()
    menu = page.get_by_role("navigation", name="Menu")
    menu.get_by_role("link", name="Rules", exact=True).click()
    expect(page.get_by_text("If a child is in immediate danger, call 999.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/rulebook$"))
    expect(menu.locator('[aria-current="page"]')).to_have_text("Rules")
    menu.get_by_role("link", name="Start", exact=True).click()
    # No reload happened: the same session still holds the screening, and offers to continue it.
    expect(page.get_by_role("button", name="Continue the screening")).to_be_visible()
