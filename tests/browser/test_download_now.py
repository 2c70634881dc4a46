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
from playwright.sync_api import Download, Page, WebSocketRoute, expect
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


def settled(page: Page) -> None:
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')


def press_download(page: Page, label: str, tmp_path: Path) -> str:
    # One press, one file: it waits for the run the press starts (up to at_press.WAIT_SECONDS on a busy
    # machine).
    with page.expect_download(timeout=(WAIT_SECONDS + 15) * 1000) as info:
        page.get_by_role("button", name=label).click()
    return file_text(info.value, tmp_path)


def file_text(download: Download, tmp_path: Path) -> str:
    target = tmp_path / download.suggested_filename
    download.save_as(target)
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


# The PDF, and the calendar file (which holds the reference but no other detail): every format with
# every detail, each pressed at once after typing, is the next test's.
@pytest.mark.parametrize("label", ["PDF", "(.ics)"], ids=["pdf", "ics"])
def test_a_reference_typed_then_downloaded_at_once_is_in_the_file(tab, server_url, tmp_path, label):
    open_details(tab, server_url, tmp_path)
    field = tab.get_by_label("Case or MASH reference, if you have one")
    field.click()
    field.press_sequentially("MASH-5678-FICT")  # typed, not committed: no Enter, no blur before the press
    text = press_download(tab, label, tmp_path)
    assert "MASH-5678-FICT" in text
    # A second change, pressed at once again, replaces it (never the value from before).
    field.click()
    field.fill("")
    field.press_sequentially("MASH-9999-FICT")
    text = press_download(tab, label, tmp_path)
    assert "MASH-9999-FICT" in text and "MASH-5678-FICT" not in text


def holds(label: str, text: str, field: str, expected: str) -> bool:
    if label.startswith("JSON"):
        return bool(json.loads(text)["details"][field] == expected)
    return expected in text


RECORDS = ["PDF", "Markdown", "JSON (to resume later)"]


def test_every_detail_typed_then_downloaded_at_once_is_in_the_file(tab, server_url, tmp_path):
    """Each field typed and a download pressed at once (the formats in turn), then every format holds
    every field."""
    open_details(tab, server_url, tmp_path)
    for i, (field, (name, typed, expected)) in enumerate(TEXT_FIELDS.items()):
        box = tab.get_by_label(name)
        box.click()
        box.press_sequentially(typed)
        label = RECORDS[i % len(RECORDS)]
        assert holds(label, press_download(tab, label, tmp_path), field, expected), (field, label)
    for label in RECORDS:
        text = press_download(tab, label, tmp_path)
        for field, (_name, _typed, expected) in TEXT_FIELDS.items():
            assert holds(label, text, field, expected), (field, label)


def test_a_date_typed_by_keyboard_then_downloaded_at_once_is_in_the_file(tab, server_url, tmp_path):
    open_details(tab, server_url, tmp_path)
    day = tab.get_by_role("spinbutton", name="day, Date of the concern")
    day.click()
    day.press_sequentially("03112026")  # day, month and year, as typed on a keyboard
    assert "3 November 2026" in press_download(tab, "PDF", tmp_path)
    assert "3 November 2026" in press_download(tab, "Markdown", tmp_path)
    assert json.loads(press_download(tab, "JSON (to resume later)", tmp_path))["details"]["concern_date"] == (
        "2026-11-03"
    )


def test_a_press_that_meets_the_page_mid_redraw_still_gives_the_file_the_screen_shows(
    browser, server_url, tmp_path
):
    """The press reaches the server while the page still shows its previous drawing (a slow network, or
    a detail typed just before): the person still gets one file, holding what the screen shows."""
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    holding = [False]
    # Each connection the page opens, with the server's answers held back on the way to it.
    connections: list[tuple[WebSocketRoute, list[str | bytes]]] = []

    def slow_network(ws: WebSocketRoute) -> None:
        server = ws.connect_to_server()
        held: list[str | bytes] = []
        connections.append((ws, held))

        def to_page(message: str | bytes) -> None:
            if holding[0]:
                held.append(message)
            else:
                ws.send(message)

        server.on_message(to_page)
        ws.on_message(server.send)

    page.route_web_socket(re.compile(r"/_stcore/stream"), slow_network)
    open_details(page, server_url, tmp_path)
    field = page.get_by_label("Case or MASH reference, if you have one")
    field.click()
    field.press_sequentially("MASH-4321-FICT")
    holding[0] = True  # from here the server's answers wait on the way to the page
    field.press("Tab")  # the reference reaches the server, which draws the page again...
    page.wait_for_timeout(3_000)  # ...while the page still shows the drawing from before it
    # The press meets a drawing the server has replaced: Streamlit answers "no file", the page presses
    # again for the person once it has settled, and the file comes within seconds of the held answers
    # arriving. The answer must reach the page even though the press's own run starts before it is sent
    # (``serve.download_answers_kept``): lost, the PDF button would stay busy and no file would come.
    pdf = page.get_by_role("button", name="PDF")
    with page.expect_download(timeout=(WAIT_SECONDS + 15) * 1000) as info:
        pdf.click()
        page.wait_for_timeout(1_000)
        for ws, held in connections:
            while held:  # in order: what arrives while these are passed on waits behind them
                ws.send(held.pop(0))
        holding[0] = False
    download = info.value
    assert "MASH-4321-FICT" in file_text(download, tmp_path)
    context.close()
