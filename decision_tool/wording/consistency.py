"""The regional consistency report in words: one sentence per cause, one line per locality, and the
tables the page, the CSV and the PDF share (so each says the same)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..screening.consistency import ConsistencyReport, Finding, FormReport
from .messages import band_range, listed, say

CAUSE_ORDER = {"red_flag": 0, "band": 1, "red_flag_actions": 2, "actions": 3, "review": 4}
FINDING_COLUMNS = (
    "Profile",
    "Locality",
    "Region: level",
    "Locality: level",
    "Shift (levels)",
    "Region: first action",
    "Locality: first action",
    "Cause",
    "Why",
)
# The columns of a finding the page shows (the CSV and the PDF have them all).
PAGE_FINDING_COLUMNS = tuple(FINDING_COLUMNS[i] for i in (0, 1, 4, 8))


def _days(days: int | None) -> str:
    return say("consistency.no_review") if days is None else say("consistency.days", days=days)


def _band(edges: tuple[int | None, int | None]) -> str:
    low, high = edges
    return "no band" if low is None else band_range(low, high)


def cause_sentence(f: Finding, locality: str) -> str:
    """Which setting makes ``locality`` treat this profile differently, in one sentence."""
    d = f.detail
    if f.cause == "band":
        return say(
            "consistency.cause.band",
            score=d["score"],
            region_level=d["region_level"],
            region_band=_band(d["region_band"]),
            local_level=d["local_level"],
            local_band=_band(d["local_band"]),
            locality=locality,
        )
    if f.cause == "red_flag":
        return say("consistency.cause.red_flag", locality=locality, **d)
    if f.cause == "red_flag_actions":
        return say(
            "consistency.cause.red_flag_actions",
            locality=locality,
            red_flag=d["red_flag"],
            added=listed(d["added"]),
        )
    if f.cause == "actions":
        return say(
            "consistency.cause.actions",
            level=d["level"],
            locality=locality,
            local_actions=listed(d["local_actions"]),
            region_actions=listed(d["region_actions"]),
        )
    return say(
        "consistency.cause.review",
        level=d["level"],
        locality=locality,
        local_days=_days(d["local_days"]),
        region_days=_days(d["region_days"]),
    )


def heading(form: FormReport) -> str:
    return say(
        "consistency.heading", title=form.title, form=form.form, version=form.version, sha=form.sha256[:12]
    )


def summary(form: FormReport) -> str:
    kinds = listed([f"{n} {kind}" for kind, n in form.by_kind.items()])
    return say(
        "consistency.summary",
        profiles=f"{form.profiles:,}",
        kinds=kinds,
        n=len(form.localities),
        differing=f"{form.differing_profiles:,}",
    )


def locality_rows(form: FormReport, titles: Mapping[str, str]) -> list[dict[str, Any]]:
    """One row per locality with settings on the form: how often, and how, it differs from the region."""
    rows = []
    for loc in form.localities:
        mine = [f for f in form.findings if f.locality == loc]
        rows.append(
            {
                "Locality": titles.get(loc, loc),
                "Overlay sha256": form.overlays[loc][:12],
                "Different level": sum(1 for f in mine if f.shift),
                "Higher": sum(1 for f in mine if f.shift > 0),
                "Lower": sum(1 for f in mine if f.shift < 0),
                "Largest shift (levels)": max((abs(f.shift) for f in mine), default=0),
                "Different first action": sum(
                    1 for f in mine if f.local.first_action != f.region.first_action
                ),
                "Different review period": sum(1 for f in mine if f.cause == "review"),
                "Band edge": sum(1 for f in mine if f.cause == "band"),
                "Red flag made stricter": sum(1 for f in mine if f.cause in ("red_flag", "red_flag_actions")),
                "Action list": sum(1 for f in mine if f.cause == "actions"),
            }
        )
    return rows


def locality_line(form: FormReport, row: Mapping[str, Any], locality: str) -> str:
    return say(
        "consistency.locality_line",
        locality=row["Locality"],
        sha=form.overlays[locality][:12],
        level=row["Different level"],
        up=row["Higher"],
        down=row["Lower"],
        first=row["Different first action"],
        review=row["Different review period"],
    )


def ordered_findings(form: FormReport) -> list[Finding]:
    """The findings, the largest shifts first, then by cause, named profiles before random ones."""
    return sorted(
        form.findings,
        key=lambda f: (-abs(f.shift), CAUSE_ORDER[f.cause], f.profile not in form.profile_labels, f.profile),
    )


def finding_row(form: FormReport, f: Finding, titles: Mapping[str, str]) -> dict[str, Any]:
    """One finding (a profile a locality treats differently) as a table row."""
    return {
        "Profile": form.profile_labels.get(f.profile, f.profile),
        "Locality": titles.get(f.locality, f.locality),
        "Region: level": f.region.level,
        "Locality: level": f.local.level,
        "Shift (levels)": f.shift,
        "Region: first action": f.region.first_action or "",
        "Locality: first action": f.local.first_action or "",
        "Cause": f.cause,
        "Why": cause_sentence(f, titles.get(f.locality, f.locality)),
    }


def finding_rows(
    form: FormReport, titles: Mapping[str, str], limit: int | None = None
) -> list[dict[str, Any]]:
    return [finding_row(form, f, titles) for f in ordered_findings(form)[:limit]]


def report_text(report: ConsistencyReport, titles: Mapping[str, str], *, examples: int = 5) -> str:
    """The report for the terminal: per form, the versions compared, one line per locality, examples."""
    lines = []
    for form in report.forms:
        lines.append(heading(form))
        if not form.localities:
            lines.append("  " + say("consistency.no_overlays"))
            lines.append("")
            continue
        lines.append("  " + summary(form))
        for row, loc in zip(locality_rows(form, titles), form.localities, strict=True):
            lines.append("  " + locality_line(form, row, loc))
        if form.same_as_region:
            names = listed([titles.get(x, x) for x in form.same_as_region])
            lines.append("  " + say("consistency.same_as_region", localities=names))
        for row in finding_rows(form, titles, examples):
            lines.append(f"  e.g. {row['Profile']}: {row['Why']}")
        lines.append("")
    lines.append(say("consistency.not_evidence"))
    return "\n".join(lines) + "\n"
