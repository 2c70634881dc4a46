"""The pharmacy's path (``/pharmacy``) as a young person beside the pharmacist could see it: every text on
every screen (tab titles, headings, hidden and collapsed parts, labels read aloud) and in every download
names nothing a young person should not read over the pharmacist's shoulder."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from decision_tool.ui import registry

from .server import streamlit_server
from .test_walkthrough import choose, download, press

# Words that name what the screening is about. "Sexual health" and "sex" stay: the consultation is about
# contraception, and the pharmacy record forms ask whether the young person was sexually abused.
FORBIDDEN = re.compile(
    r"exploit|\bCSE\b|groom|traffick|county lines|perpetrator|abuser|\bMACE\b", re.IGNORECASE
)

# Every text the page holds, shown or not: element text (not the style sheet or script) and the labels
# screen readers read out.
ALL_TEXT = """() => {
  const out = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const p = walker.currentNode.parentElement;
    if (p && !p.closest('script, style, noscript')) out.push(walker.currentNode.textContent);
  }
  for (const e of document.querySelectorAll('[aria-label], [title], [alt], [placeholder]'))
    out.push(e.getAttribute('aria-label') || '', e.getAttribute('title') || '',
             e.getAttribute('alt') || '', e.getAttribute('placeholder') || '');
  return out.join(' \\n ');
}"""

# Answers that fire the form's strongest outcomes: every red flag's reason and source is then on screen.
SIGNS = {
    "Is the young person in immediate danger right now?": "No",
    "Were they forced or pressured into sex, or have they been sexually abused?": "Yes",
    "How old is their sexual partner compared with them?": "4 or more years older",
    "Did someone else come with them and speak for them, or try to stay in the consultation?": "Yes",
    "Were alcohol or drugs involved?": "Yes",
    "Have they been given money, gifts, phones or lifts by the partner or other adults?": "Yes",
    "Have they been missing from home or care, or staying out overnight?": "Yes",
    "Have they needed emergency contraception before?": "Yes",
    "Is the young person Fraser competent?": "No, not all are met",
}


def settle(page: Page) -> None:
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    page.wait_for_timeout(400)


def screen_text(page: Page, where: str) -> tuple[str, str]:
    settle(page)
    # Open every collapsed part, so its text is read as a user who opens it would.
    for summary in page.locator("details:not([open]) > summary").all():
        summary.click()
    settle(page)
    return where, page.evaluate(ALL_TEXT)


def assert_neutral(texts: list[tuple[str, str]]) -> None:
    found = [
        (where, m.group(0), text[max(m.start() - 60, 0) : m.end() + 60])
        for where, text in texts
        for m in FORBIDDEN.finditer(text)
    ]
    assert not found, found


@pytest.fixture()
def tablet(browser):
    # One width: the words on the path do not change with it (where they sit is test_flow's, at two).
    context = browser.new_context(viewport={"width": 390, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


def walk(page: Page, start: str, tmp_path: Path) -> list[tuple[str, str]]:
    """From the consultation page to the result and its downloads, reading everything on the way."""
    page.goto(start)
    expect(page.get_by_role("heading", name="Consultation safeguarding checklist", level=1)).to_be_visible()
    texts = [screen_text(page, "consultation page")]
    page.get_by_role("button", name="Start a new screening").click()
    expect(page.get_by_text("Step 1 of 2")).to_be_visible()
    age = page.get_by_role("spinbutton", name="How old is the young person?")
    age.fill("13")
    age.press("Enter")
    expect(page.get_by_role("radiogroup", name="Is the young person Fraser competent?")).to_be_visible()
    for question, answer in SIGNS.items():
        choose(page, question, answer)
    texts.append(screen_text(page, "step 1"))
    press(page, "Continue")
    expect(page.get_by_text("Step 2 of 2")).to_be_visible()
    choose(page, "What did you decide about supply?", "Supplied with advice")
    texts.append(screen_text(page, "step 2"))
    press(page, "Continue")
    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    texts.append(screen_text(page, "check your answers"))
    page.get_by_role("button", name="Get the result").click()
    expect(page.get_by_text("Outcome: Refer today")).to_be_visible()
    texts.append(screen_text(page, "result"))
    # The icons are drawn from a font by their names: the names never reach what a screen reader reads.
    read_aloud = page.locator("body").aria_snapshot()
    assert "Outcome: Refer today" in read_aloud
    assert not re.search(r"priority_high|keyboard_arrow|arrow_drop|expand_more", read_aloud), read_aloud
    for label in ("PDF", "Markdown", "JSON (to resume later)"):
        path = download(page, label, tmp_path)
        if path.suffix == ".pdf":
            text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages)
        else:
            text = path.read_text(encoding="utf-8")
        texts.append((f"{label} download ({path.name})", text))
    # The calendar file too: it goes into a calendar that others may see (its button's label says the date).
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile(r"Review date .*\(\.ics\)")).click()
    ics = tmp_path / info.value.suggested_filename
    info.value.save_as(ics)
    texts.append((f"calendar download ({ics.name})", ics.read_text(encoding="utf-8")))
    return texts


def test_every_text_on_the_pharmacy_path_is_neutral(tablet: Page, server_url: str, tmp_path: Path):
    texts = walk(
        tablet,
        server_url + next(e.address for e in registry.PAGES if e.file == registry.PHARMACY_FILE),
        tmp_path,
    )
    assert any("Refer today" in text for _, text in texts)  # the walk reached the strongest outcome
    assert_neutral(texts)
    # Back from the result goes to the consultation page, not to Start (which names the subject).
    tablet.get_by_role("button", name="Start a new screening").click()
    expect(tablet.get_by_role("heading", name="Consultation safeguarding checklist", level=1)).to_be_visible()


def test_start_names_the_subject_so_the_scan_can_fail(browser, server_url):
    """The scan above finds the words where they are (the DSL's Start page), so its silence means something."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(server_url)
    page.get_by_role("button", name="Start a new screening").wait_for()
    assert FORBIDDEN.search(page.evaluate(ALL_TEXT))
    context.close()


def test_a_pharmacy_tablet_opens_on_the_consultation_page(browser, tmp_path: Path):
    """The operator's setting: the tool's own address opens the consultation page, and its menu does too."""
    with streamlit_server(env={registry.START_PAGE: "pharmacy"}) as (url, _proc):
        context = browser.new_context(accept_downloads=True)
        page = context.new_page()
        page.set_default_timeout(20_000)
        # The tablet's bookmark as the very first visit after the server starts: the page itself, with no
        # "Page not found" box over it (Streamlit's legacy pages/ mode is off from the first visitor on).
        page.goto(f"{url}/pharmacy")
        expect(
            page.get_by_role("heading", name="Consultation safeguarding checklist", level=1)
        ).to_be_visible()
        expect(page.get_by_role("dialog", name="Page not found")).to_have_count(0)
        page.goto(url)
        expect(
            page.get_by_role("heading", name="Consultation safeguarding checklist", level=1)
        ).to_be_visible()
        expect(page.get_by_role("link", name="Start", exact=True)).to_have_count(0)
        expect(page.get_by_role("link", name="Consultation", exact=True)).to_be_visible()
        assert_neutral([screen_text(page, "first page")])
        context.close()
