"""The Rules page on a 390 px phone and a 1280 px desktop: every table reads without sideways scrolling,
and stays a table (headings, rows, cells) for screen readers."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

TABS = ["Sources", "Questions", "Red flags", "Bands", "Pathways", "Contacts"]

# Each table shown, its width against the box it sits in; and the page's own width against the screen.
OVERFLOW = """() => {
  const wide = [...document.querySelectorAll('table')].filter(t => t.offsetParent)
    .filter(t => t.scrollWidth > t.parentElement.clientWidth + 1 || t.getBoundingClientRect().right > innerWidth)
    .map(t => t.innerText.slice(0, 60));
  const main = document.querySelector('[data-testid=stMain]');
  return {wide, page: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
          main: [main.scrollWidth, main.clientWidth]};
}"""


@pytest.fixture(params=[390, 1280], ids=["phone", "desktop"])
def rules_page(request, browser, server_url):
    context = browser.new_context(viewport={"width": request.param, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{server_url}/rulebook")
    expect(page.get_by_role("heading", name="Rules").first).to_be_visible()
    yield page, request.param
    context.close()


def test_every_rules_table_fits_the_screen(rules_page):
    page, width = rules_page
    for name in TABS:
        page.get_by_role("tab", name=name).click()
        panel = page.get_by_role("tabpanel", name=name)
        if name == "Questions":
            panel.locator("summary").first.click()  # a section's questions
        expect(panel.get_by_role("table").first).to_be_visible()
        found = page.evaluate(OVERFLOW)
        assert not found["wide"], (name, found)
        assert found["page"][0] <= found["page"][1] and found["main"][0] <= found["main"][1], (name, found)


def test_contacts_stay_a_table_for_screen_readers(rules_page):
    page: Page = rules_page[0]
    width = rules_page[1]
    page.get_by_role("tab", name="Contacts").click()
    table = page.get_by_role("tabpanel", name="Contacts").get_by_role("table")
    expect(table).to_have_count(1)
    for heading in ("Name", "Id", "Phone or web", "Last checked", "Status", "Source"):
        expect(table.get_by_role("columnheader", name=heading, exact=True)).to_have_count(1)
    row = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Emergency services"))
    expect(row).to_have_count(1)
    # The cell is read as "999 · 24 hours"; the heading repeated above it on a phone is for sight only.
    expect(row.get_by_role("cell", name="999 · 24 hours", exact=True)).to_have_count(1)
    label = row.locator(".dt-cell-label", has_text="Phone or web")
    if width < 640:  # stacked: each contact a block, each value under its heading
        expect(label).to_be_visible()
        name_box = row.get_by_role("rowheader").bounding_box()
        phone_box = row.get_by_role("cell", name="999 · 24 hours").bounding_box()
        assert name_box and phone_box and phone_box["y"] > name_box["y"] + name_box["height"] - 1
    else:  # side by side, one row per contact
        expect(label).to_be_hidden()
        name_box = row.get_by_role("rowheader").bounding_box()
        phone_box = row.get_by_role("cell", name="999 · 24 hours").bounding_box()
        assert name_box and phone_box and phone_box["x"] > name_box["x"] + name_box["width"] - 1
