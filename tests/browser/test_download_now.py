"""A download holds what the page shows at the moment of the press: a detail typed and the download
pressed at once (no Enter, no click elsewhere first) is in the file, for every format and field."""

from __future__ import annotations

import html
import io
import json
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from pypdf import PdfReader

from decision_tool.text import WORD_JOINER
from decision_tool.ui.at_press import WAIT_SECONDS

from .test_result_view import open_record, record_path

# (field label, text typed, what the file holds)
TEXT_FIELDS = {
    "completed_by": ("Completed by: your role", "Head of year 9", "Head of year 9"),
    "setting": ("Setting (for example", "Fictional Academy", "Fictional Academy"),
    "consulted": ("Who was consulted", "School nurse by phone", "School nurse by phone"),
    "action_taken": ("Action taken, and when", "Called the MASH at noon", "Called the MASH at noon"),
    "reference": ("Case or MASH reference", "MASH-1234-FICT", "MASH-1234-FICT"),
    "review_owner": ("Review owner: a role", "Deputy DSL", "Deputy DSL"),
}
FORMATS = {"PDF": "pdf", "Markdown": "md", "JSON (to resume later)": "json", "(.ics)": "ics"}


def settled(page: Page) -> None:
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')


def press_download(page: Page, label: str, tmp_path: Path) -> str:
    # The file waits for the run the press starts (up to at_press.WAIT_SECONDS on a busy machine). Under
    # load a press can give no file at all (a known race between the file's request and the press's run:
    # never an old file); the person then presses again, as the page asks, and that file must be right.
    try:
        with page.expect_download(timeout=(WAIT_SECONDS + 15) * 1000) as info:
            page.get_by_role("button", name=label).click()
        info.value.path()
    except PlaywrightTimeoutError:
        with page.expect_download(timeout=(WAIT_SECONDS + 15) * 1000) as info:
            page.get_by_role("button", name=label).click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    if target.suffix == ".pdf":
        reader = PdfReader(io.BytesIO(target.read_bytes()))
        return " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    text = target.read_text(encoding="utf-8")
    if target.suffix == ".md":  # what a reader of the Markdown sees
        rendered = MarkdownIt("commonmark").render(text)
        return html.unescape(re.sub(r"<[^>]+>", "", rendered)).replace(WORD_JOINER, "")
    return text


def open_details(page: Page, url: str, tmp_path: Path) -> None:
    open_record(page, url, record_path(tmp_path, "lifts_and_parties"))
    settled(page)  # a press while the page is still drawing can be lost
    page.get_by_role("button", name="Add details for your record").click()
    expect(page.get_by_label("Case or MASH reference, if you have one")).to_be_visible()
    settled(page)


@pytest.mark.parametrize("label", list(FORMATS), ids=list(FORMATS.values()))
def test_a_reference_typed_then_downloaded_at_once_is_in_the_file(page, server_url, tmp_path, label):
    open_details(page, server_url, tmp_path)
    field = page.get_by_label("Case or MASH reference, if you have one")
    field.click()
    field.press_sequentially("MASH-5678-FICT")  # typed, not committed: no Enter, no blur before the press
    text = press_download(page, label, tmp_path)
    assert "MASH-5678-FICT" in text
    # A second change, pressed at once again, replaces it (never the value from before).
    field.click()
    field.fill("")
    field.press_sequentially("MASH-9999-FICT")
    text = press_download(page, label, tmp_path)
    assert "MASH-9999-FICT" in text and "MASH-5678-FICT" not in text


@pytest.mark.parametrize("label", ["PDF", "Markdown", "JSON (to resume later)"], ids=["pdf", "md", "json"])
def test_every_detail_typed_then_downloaded_at_once_is_in_the_file(page, server_url, tmp_path, label):
    open_details(page, server_url, tmp_path)
    for field, (name, typed, _) in TEXT_FIELDS.items():
        box = page.get_by_label(name)
        box.click()
        box.press_sequentially(typed)
        text = press_download(page, label, tmp_path)
        expected = TEXT_FIELDS[field][2]
        if label.startswith("JSON"):
            assert json.loads(text)["details"][field] == expected, field
        else:
            assert expected in text, field


@pytest.mark.parametrize("label", ["PDF", "Markdown", "JSON (to resume later)"], ids=["pdf", "md", "json"])
def test_a_date_typed_by_keyboard_then_downloaded_at_once_is_in_the_file(page, server_url, tmp_path, label):
    open_details(page, server_url, tmp_path)
    day = page.get_by_role("spinbutton", name="day, Date of the concern")
    day.click()
    day.press_sequentially("03112026")  # day, month and year, as typed on a keyboard
    text = press_download(page, label, tmp_path)
    if label.startswith("JSON"):
        assert json.loads(text)["details"]["concern_date"] == "2026-11-03"
    else:
        assert "3 November 2026" in text
