"""What only a browser shows on the result and Training pages, at a phone's 390 px and a desktop's
1280 px: chart labels that never overlap, no legend, outcome colours by rank, one 999 instruction, the
calendar download, and the presentation view."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from decision_tool import load_catalog
from decision_tool.records.record import make_record, record_json
from decision_tool.screening.engine import assess
from decision_tool.screening.scenarios import scenario_answers

from .server import ROOT
from .test_walkthrough import open_upload, result_heading

CATALOG = load_catalog(ROOT / "rules")
WIDTHS = [390, 1280]


def record_path(tmp_path: Path, sid: str, locality: str = "somerset") -> Path:
    s = next(x for x in CATALOG.scenarios if x.id == sid)
    rules = CATALOG.rule_sets[s.rules]
    result = assess(rules, scenario_answers(s, rules), contacts=CATALOG.directory(locality))
    path = tmp_path / f"{sid}.json"
    path.write_text(record_json(make_record(result, dt.datetime(2026, 11, 20, 9, 0))))
    return path


def answers_path(tmp_path: Path, rules_id: str, answers: dict, name: str) -> Path:
    from decision_tool.screening.engine import complete_answers

    rules = CATALOG.rule_sets[rules_id]
    result = assess(rules, complete_answers(rules, answers), contacts=CATALOG.directory("england"))
    path = tmp_path / f"{name}.json"
    path.write_text(record_json(make_record(result, dt.datetime(2026, 11, 20, 9, 0))))
    return path


def open_record(page: Page, url: str, path: Path) -> None:
    page.goto(url)
    page.get_by_role("button", name="Start a new screening").wait_for()
    open_upload(page)
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_role("button", name="Open this record").click()
    expect(result_heading(page)).to_be_visible()


@pytest.fixture(params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def sized(request, browser):
    context = browser.new_context(viewport={"width": request.param, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    yield pg, request.param
    context.close()


def boxes(page: Page, selector: str) -> list[dict[str, float]]:
    return page.eval_on_selector_all(
        selector,
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return {x: r.x, y: r.y, w: r.width, h: r.height, text: e.textContent}; })",
    )


def overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["x"] < b["x"] + b["w"]
        and b["x"] < a["x"] + a["w"]
        and a["y"] < b["y"] + b["h"]
        and b["y"] < a["y"] + a["h"]
    )


def test_chart_labels_are_readable_with_no_legend_and_the_page_fits(sized, server_url, tmp_path):
    page, width = sized
    open_record(page, server_url, record_path(tmp_path, "second_phone"))
    # Charts below the fold are drawn when scrolled to, as a reader would.
    page.get_by_text("Which areas add to the score").scroll_into_view_if_needed()
    charts = page.locator("[data-testid='stPlotlyChart']")
    expect(charts).to_have_count(2, timeout=20_000)  # Plotly's script loads on first use
    charts.first.scroll_into_view_if_needed()
    page.wait_for_selector("[data-testid='stPlotlyChart'] g.annotation text")
    assert page.locator("[data-testid='stPlotlyChart'] g.legend").count() == 0
    for i in range(2):
        chart = boxes(page, f"[data-testid='stPlotlyChart'] >> nth={i}")[0]
        labels = boxes(page, f"[data-testid='stPlotlyChart'] >> nth={i} >> g.annotation text")
        assert labels
        for label in labels:  # every label whole, inside the chart
            assert chart["x"] - 1 <= label["x"] and label["x"] + label["w"] <= chart["x"] + chart["w"] + 1
            assert label["h"] >= (11 if width < 500 else 11)  # text a person can read
        for j, a in enumerate(labels):
            for b in labels[j + 1 :]:
                assert not overlap(a, b), (a["text"], b["text"])
    # The "Why" table and everything else fit the screen: nothing cut off or scrolling sideways.
    table = boxes(page, "[data-testid='stMarkdownContainer'] table")[0]
    assert table["x"] + table["w"] <= width
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    expect(page.get_by_text("Band colours run by level: blue: Low")).to_be_visible()


def decorative_icon(box) -> None:  # type: ignore[no-untyped-def]
    """The heading's icon is drawn (seen) and hidden from screen readers, so they read the words only."""
    icon = box.get_by_role("heading").locator(".dt-icon")
    expect(icon).to_have_count(1)
    expect(icon).to_have_attribute("aria-hidden", "true")
    shape, size = icon.bounding_box(), float(icon.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
    assert shape and 0.5 * size <= shape["width"] <= 1.5 * size  # one glyph of the icon font, not a word
    expect(box.get_by_role("img")).to_have_count(0)  # no "visibility icon" announced beside the words


def test_outcome_colours_follow_rank_on_both_forms(browser, server_url, tmp_path):
    context = browser.new_context(viewport={"width": 390, "height": 900})
    colours = {}
    records = {
        # Someone else spoke for them: "Talk to your safeguarding lead" (the middle level).
        "pharmacy_emerging": (
            answers_path(
                tmp_path,
                "pharmacy",
                {"age": 16, "third_party": "yes", "supply_decision": "supplied"},
                "pharmacy_emerging",
            ),
            "Talk to your safeguarding lead",
        ),
        "pharmacy_under_13": (record_path(tmp_path, "pharmacy_under_13", "england"), "Refer today"),
        "learning_disability": (record_path(tmp_path, "learning_disability", "england"), "Emerging concern"),
        "second_phone": (record_path(tmp_path, "second_phone", "england"), "High concern"),
    }
    for sid, (path, title) in records.items():
        page = context.new_page()
        open_record(page, server_url, path)
        box = page.locator(".dt-outcome")
        # Always words too; the icon beside them is seen, not read out (not in the heading's name).
        expect(box.get_by_role("heading", name=f"Outcome: {title}", exact=True)).to_be_visible()
        decorative_icon(box)
        page.wait_for_function(  # the page's style sheet arrives with its first elements
            "() => { const e = document.querySelector('.dt-outcome');"
            " return e && getComputedStyle(e).backgroundColor !== 'rgba(0, 0, 0, 0)'; }"
        )
        colours[sid] = box.evaluate("e => getComputedStyle(e).backgroundColor")
        page.close()
    context.close()
    # Pharmacy: "Talk to your safeguarding lead" and "Refer today" differ; "Refer today" matches the
    # DSL's "High concern"; the DSL's "Emerging concern" matches the pharmacy's middle level.
    assert colours["pharmacy_emerging"] != colours["pharmacy_under_13"], colours
    assert colours["pharmacy_under_13"] == colours["second_phone"], colours
    assert colours["pharmacy_emerging"] == colours["learning_disability"], colours


def test_immediate_danger_shows_one_instruction_and_no_chart(sized, server_url, tmp_path):
    page, width = sized
    open_record(page, server_url, record_path(tmp_path, "threatened_in_car"))
    expect(page.get_by_role("heading", name="Immediate danger: call 999 now", exact=True)).to_be_visible()
    decorative_icon(page.locator(".dt-outcome.dt-tone-emergency"))
    expect(page.locator("a[href='tel:999']")).to_be_visible()
    page.get_by_role(
        "heading", name="Keep a record"
    ).scroll_into_view_if_needed()  # past where a chart would be
    expect(page.get_by_text("Where the score sits")).to_have_count(0)
    expect(page.locator("[data-testid='stPlotlyChart']")).to_have_count(0)
    expect(page.get_by_text("Insufficient information")).to_have_count(0)
    expect(page.get_by_text("Within a week")).to_have_count(0)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width


def test_the_outcome_is_the_main_heading_and_a_change_to_it_is_announced(tab, server_url, tmp_path):
    """The outcome is the page's one h1, in a live region (role status): the page starts there (it has
    the focus), and after a judgement the same region says the new outcome, so a screen reader reads
    it out (a region replaced by a new one is not announced)."""
    import re

    open_record(tab, server_url, record_path(tmp_path, "second_phone"))
    expect(tab.locator("h1")).to_have_count(1)
    region = tab.get_by_role("status").filter(has=tab.get_by_role("heading", level=1))
    expect(region).to_have_attribute("aria-live", "polite")
    heading = region.get_by_role("heading", level=1, name="Outcome: High concern", exact=True)
    expect(heading).to_be_focused()
    region.evaluate("e => { e.dataset.seen = 'before the judgement'; }")

    tab.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    outcome = tab.get_by_role("combobox", name=re.compile("Outcome"))
    outcome.scroll_into_view_if_needed()
    for _ in range(3):  # a rerun that ends after the click closes the list again
        outcome.click()
        tab.wait_for_timeout(500)
        if tab.get_by_role("option").count():
            break
    tab.get_by_role("option", name="Low: keep watching").click()
    tab.get_by_label("Your reason (required to change the outcome)").fill(
        "Fictional: the phone was a gift from a parent, checked with the safeguarding lead"
    )
    tab.get_by_role("button", name="Record my judgement").click()
    judged = "Outcome: Low: keep watching (your judgement; the tool's outcome: High concern)"
    expect(region.get_by_role("heading", level=1, name=judged, exact=True)).to_be_visible()
    expect(tab.locator("h1")).to_have_count(1)
    expect(region).to_have_attribute("data-seen", "before the judgement")  # the same region, updated
    expect(region).to_contain_text("A red flag still stands")  # the text under it: read out with it


def test_review_date_downloads_as_a_calendar_file(tab, server_url, tmp_path):
    from icalendar import Calendar

    open_record(tab, server_url, record_path(tmp_path, "lifts_and_parties"))
    tab.get_by_role("button", name="Add details for your record").click()
    tab.get_by_label("Case or MASH reference, if you have one").fill("MASH-0000-TEST")
    tab.get_by_label("Case or MASH reference, if you have one").press("Enter")
    tab.wait_for_timeout(500)
    with tab.expect_download() as info:
        tab.get_by_role("button", name="(.ics)").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert target.suffix == ".ics"
    event = next(iter(Calendar.from_ical(target.read_text()).walk("VEVENT")))
    assert "MASH-0000-TEST" in str(event["DESCRIPTION"])
    assert event.decoded("DTSTART") > dt.date(2026, 11, 20)


# Buttons whose words run past their box (Streamlit ends such a label with "..."): text, full and shown widths.
CUT_LABELS = """() => [...document.querySelectorAll('.stMain button')].filter(b => b.offsetParent).map(b => {
  const words = b.querySelector('.stMarkdownEllipsis') || b;
  return [b.innerText, words.scrollWidth, words.clientWidth]; }).filter(([, full, shown]) => full > shown + 1)"""


def test_no_button_hides_the_end_of_its_words(sized, server_url, tmp_path):
    """The calendar button's date (four buttons in a row at 1280 px) and the other form's offer (a long
    label) were cut to "Review date 21 Dece..." and "... (county lines) to...": every label wraps instead."""
    page, width = sized
    open_record(page, server_url, record_path(tmp_path, "dsl_carrying_for_others"))
    page.get_by_role("button", name="Screen for criminal exploitation (county lines) too", exact=True).click()
    offer = page.get_by_role("button", name="Screen for criminal exploitation (county lines) too now")
    expect(offer).to_be_visible()
    expect(page.get_by_role("button", name="(.ics)")).to_be_visible()
    assert page.evaluate(CUT_LABELS) == [], width


def test_presentation_view_is_wide_and_keeps_the_outcome_for_the_trainer(sized, server_url):
    page, width = sized
    page.goto(f"{server_url}/workshop")
    page.get_by_text("Presentation view").click()
    page.get_by_role("button", name="Next scenario").click()
    expect(page.get_by_text("Scenario 2 of")).to_be_visible()
    page.get_by_role("button", name="Show every answer").click()
    expect(page.get_by_role("button", name="Reveal the outcome")).to_be_visible()
    expect(page.get_by_text("What guidance expects")).to_have_count(0)
    main = boxes(page, "[data-testid='stMainBlockContainer']")[0]
    if width >= 1280:
        assert main["w"] >= 1100  # the projector's width, not the 730 px reading column
        body = page.locator("[data-testid='stMainBlockContainer'] p").first
        assert float(body.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 22
    page.get_by_role("button", name="Reveal the outcome").click()
    expect(page.get_by_text("What guidance expects")).to_be_visible()
    summary = page.locator(".st-key-whatif_summary")
    answers = page.get_by_role("radiogroup", name="Change the answers in")
    expect(summary).to_be_visible()
    if width >= 1280:  # side by side: the summary next to the answers being changed
        s, a = summary.bounding_box(), answers.bounding_box()
        assert s and a and s["x"] > a["x"] + a["width"]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
