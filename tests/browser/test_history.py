"""Screen again three months later and see what changed, with nothing stored (a real browser)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from playwright.sync_api import Page, expect

from decision_tool import load_catalog
from decision_tool.records.record import make_record, record_json
from decision_tool.screening.engine import assess, complete_answers

from ..conftest import RULES_DIR
from .test_walkthrough import press


def write_record(path: Path, answers: dict, when: dt.datetime, *, older: bool = False) -> Path:
    dsl = load_catalog(RULES_DIR).rule_sets["dsl"]
    data = json.loads(record_json(make_record(assess(dsl, complete_answers(dsl, answers)), when)))
    if older:
        data["assessment"]["rules_version"].update(sha256="0" * 64, version="0.9.0")
    path.write_text(json.dumps(data))
    return path


def test_screen_again_from_earlier_records_and_see_what_changed(page: Page, tmp_path: Path):
    march = write_record(
        tmp_path / "march.json", {"age": 15, "late_out": "yes"}, dt.datetime(2026, 3, 2), older=True
    )
    june = write_record(
        tmp_path / "june.json", {"age": 15, "late_out": "yes", "hotspots": "yes"}, dt.datetime(2026, 6, 8)
    )
    page.get_by_role("link", name="Screen a child again, or compare with their earlier records").click()
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files([str(march), str(june)])
    page.get_by_role("button", name="Screen again from the latest (8 June 2026)").click()
    expect(page.get_by_text("Pre-filled from an earlier record")).to_be_visible()
    # Danger now is never pre-filled: it is answered afresh.
    danger = page.get_by_role("radiogroup", name="Is the child in immediate danger right now?")
    expect(danger.get_by_role("radio", name="No", exact=True)).not_to_be_checked()
    danger.get_by_text("No", exact=True).click()
    steps = int(page.get_by_text("Step 1 of").inner_text().rsplit(" ", 1)[-1])
    for i in range(steps):
        expect(page.get_by_text(f"Step {i + 1} of {steps}")).to_be_visible()
        if i == 1:  # this time the child has also been missing overnight
            group = page.get_by_role(
                "radiogroup", name="Has the child been missing overnight, or missing more than once?"
            )
            group.get_by_text("Yes, in the last 6 months", exact=True).click()
            page.get_by_role(
                "radiogroup",
                name="When they came back, could they not explain where they had been, or were they drunk, drugged or dishevelled?",
            ).get_by_text("No, not in the last 12 months", exact=True).click()
            page.get_by_role(
                "radiogroup",
                name="Has an independent return home interview been offered after each missing episode?",
            ).get_by_text("Yes", exact=True).click()
        press(page, "Continue")  # once the step has settled: a click on the last step's button is ignored
    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    page.get_by_role("button", name="Get the result").click()
    expect(page.get_by_role("heading", name="Over time")).to_be_visible()
    expect(page.get_by_text("3 screenings")).to_be_visible()
    expect(page.get_by_text("Re-scored with the current rules.")).to_be_visible()
    expect(
        page.get_by_text("Has the child been missing overnight, or missing more than once? — Yes")
    ).to_be_visible()
    page.get_by_text("Level at each screening, oldest on the left").scroll_into_view_if_needed()
    timeline = page.locator("[data-testid='stPlotlyChart']").filter(has_text="Re-scored with current rules")
    expect(timeline).to_have_count(1)  # the level-over-time chart, with its legend in words
    expect(page.get_by_text("Traceback")).to_have_count(0)
