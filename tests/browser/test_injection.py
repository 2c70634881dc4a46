"""Markdown, HTML and links in rules text and typed text render as text in a real browser, and nothing is
fetched from outside this machine. The rules folder is a copy where every shown text starts with
injected markup (tests/fuzz.py ``injected_rules_folder``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from decision_tool.records.record import make_record, record_json
from decision_tool.screening.engine import assess, complete_answers
from decision_tool.screening.result import Override
from decision_tool.screening.scenarios import load_catalog
from decision_tool.text import WORD_JOINER

from .. import fuzz
from .server import streamlit_server
from .test_walkthrough import open_upload, result_heading

TYPED = "Typed: ![t](https://example.invalid/typed.png) <b>bold</b> [link](https://example.invalid/l) https://example.invalid/bare www.example.invalid me@example.invalid"
# What would show if any injected text were rendered as markup rather than text.
MARKUP = """() => {
  const main = document.querySelector('[data-testid="stMain"]') || document.body;
  const found = [];
  for (const a of main.querySelectorAll('a[href]')) {
    const h = a.getAttribute('href');
    if (/example\\.invalid|^mailto:|^javascript:/i.test(h)) found.push('link ' + h);
  }
  for (const img of document.querySelectorAll('img')) {
    if (/example\\.invalid|^x$/.test(img.getAttribute('src') || '')) found.push('image ' + img.src);
  }
  for (const el of document.querySelectorAll('script, iframe, object, embed')) {
    if (/alert\\(1\\)|example\\.invalid/.test(el.textContent + (el.getAttribute('src') || ''))) found.push(el.tagName);
  }
  for (const b of main.querySelectorAll('b, strong, em, code, del, h1, h2, h3, h4')) {
    if (/^(bold|it|code|strike|heading|red)$/.test(b.textContent.trim())) found.push('markup ' + b.outerHTML);
  }
  for (const el of main.querySelectorAll('.katex, [data-testid="stIconMaterial"]')) {
    if (/x\\^2|warning/.test(el.textContent)) found.push('directive ' + el.outerHTML.slice(0, 80));
  }
  return found;
}"""


@pytest.fixture(scope="module")
def injected(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fuzz.injected_rules_folder(tmp_path_factory.mktemp("injected") / "rules")


@pytest.fixture(scope="module")
def injected_url(injected: Path, browser) -> Iterator[str]:  # browser first: skip without Chromium
    with streamlit_server(env={"DECISION_TOOL_RULES": str(injected)}) as (url, _proc):
        yield url


@pytest.fixture()
def watched(browser, injected_url: str) -> Iterator[tuple[Page, list[str], list[str]]]:
    context = browser.cold_context(viewport={"width": 1280, "height": 1000})
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    requested: list[str] = []
    dialogs: list[str] = []
    pg.on("request", lambda r: requested.append(r.url))
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.goto(injected_url)
    pg.get_by_role("button", name="Start a new screening").wait_for()
    yield pg, requested, dialogs
    context.close()


def inert(page: Page) -> None:
    page.wait_for_timeout(300)  # let the rerun settle
    found = page.evaluate(MARKUP)
    assert not found, found


def visible(page: Page) -> str:
    return page.inner_text("body").replace(WORD_JOINER, "")


def record_file(rules_dir: Path, tmp: Path) -> Path:
    catalog = load_catalog(rules_dir)
    rules = catalog.rule_sets["dsl"]
    answers = complete_answers(rules, {"age": 15, "notes": TYPED})
    result = assess(
        rules,
        answers,
        contacts=catalog.directories["england"],
        override=Override(rules.levels[-2].id, "Reason typed: " + TYPED),
    )
    path = tmp / "record.json"
    path.write_text(record_json(make_record(result, dt.datetime(2026, 11, 23, 9, 0))))
    return path


def test_injected_rules_and_typed_text_render_as_text(watched, injected, injected_url, tmp_path):
    page, requested, dialogs = watched
    inert(page)
    # A locality title carrying an image in Markdown is shown as written.
    titles = [loc.title for loc in load_catalog(injected).localities.values()]
    image_title = next(t for t in titles if t.startswith("![i](https://example.invalid/track.png) "))
    assert image_title in visible(page)

    # typed text: a record whose notes and reason carry markup, opened on the Result page
    open_upload(page)
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        str(record_file(injected, tmp_path))
    )
    expect(page.get_by_text("Record loaded")).to_be_visible()
    page.get_by_role("button", name="Open this record").click()
    expect(result_heading(page)).to_be_visible()
    inert(page)
    assert "Reason typed: " + TYPED in visible(page)

    # typed into the page itself: a new reason for the judgement
    page.get_by_label("Your reason (required to change the outcome)").fill("Now typed here: " + TYPED)
    page.get_by_role("button", name="Record my judgement").click()
    # the outcome now states the change and the reason, as typed (the form keeps the typed text too)
    expect(page.get_by_text("Your judgement. The tool's outcome")).to_contain_text("Now typed here:")
    inert(page)

    page.get_by_role("button", name="Back to your answers").click()
    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    inert(page)
    assert TYPED in visible(page)  # the notes, as typed

    for path, heading in (("/workshop", "Training"), ("/rulebook", "Rules")):
        page.goto(injected_url + path)
        expect(page.get_by_role("heading", name=heading).first).to_be_visible()
        inert(page)
    page.goto(injected_url + "/workshop")
    page.get_by_role("button", name="Jump to the result").click()
    expect(page.get_by_text("What guidance expects")).to_be_visible()
    inert(page)

    outside = [u for u in requested if urlparse(u).hostname not in ("127.0.0.1", None)]
    assert requested and not outside, outside
    assert not dialogs, dialogs  # no injected script ran


def test_questions_page_shows_injected_options_as_text(watched, injected_url):
    page, requested, _dialogs = watched
    page.get_by_role("button", name="Start a new screening").click()
    expect(page.get_by_text("Step 1 of")).to_be_visible()
    inert(page)
    shown = visible(page)
    assert "<img src=x onerror=alert(1)>" in shown or "[click](https://example.invalid/)" in shown
    # Each radio group is named by its question as shown (never the Markdown-escaped label Streamlit
    # names it with) and described by its hint, as a fieldset's legend and hint would be.
    questions = page.locator('[class*="st-key-question-"]:has([role="radiogroup"])').all()
    assert questions
    for box in questions:
        group = box.get_by_role("radiogroup")
        expect(group).to_have_accessible_name(box.locator(".dt-label").inner_text())
        if box.locator(".dt-hint").count():
            expect(group).to_have_accessible_description(box.locator(".dt-hint").inner_text())
    outside = [u for u in requested if urlparse(u).hostname not in ("127.0.0.1", None)]
    assert not outside, outside
