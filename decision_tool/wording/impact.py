"""What a rules change does to the scenario library, in words: each note of ``screening.impact`` as a
sentence, and the report as the text and the JSON that ``decision-tool impact`` prints."""

from __future__ import annotations

from typing import Any

from ..rules.schema import Band
from ..screening.impact import Note
from .messages import DEFAULT_LANGUAGE, band_range, listed, say

SHORT_SHA = 12  # a content hash in a sentence: enough of it to tell two versions apart


def _band(band: Band | None, language: str) -> str:
    return say("impact.no_band", language) if band is None else band_range(band.from_, band.to, language)


def note_text(note: Note, language: str = DEFAULT_LANGUAGE) -> str:
    values = dict(note.values)
    if note.code == "band":
        changes = listed(
            [
                say("impact.band_changed", language, level=lv, was=_band(a, language), now=_band(b, language))
                for lv, a, b in values["bands"]
            ],
            language,
        )
        values["bands"] = say("impact.bands_changed", language, changes=changes) if changes else ""
    elif note.code == "only_new_answers":
        values["problems"] = say("list.semicolon", language).join(
            say("impact.problem_at", language, path=path, message=message)
            for path, message in values["problems"]
        )
    elif note.code == "version_unchanged":
        values["was_sha256"] = values["was_sha256"][:SHORT_SHA]
        values["sha256"] = values["sha256"][:SHORT_SHA]
    return say(f"impact.note.{note.code}", language, **values)


def notes_text(notes: list[Note], language: str = DEFAULT_LANGUAGE) -> list[str]:
    return [note_text(n, language) for n in notes]


def impact_words(report: dict[str, Any], language: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
    """The report with every note in words and every band as a range: what ``--format json`` prints."""
    rows = [
        {
            **row,
            "problems": notes_text(row["problems"], language),
            "why": notes_text(row["why"], language),
        }
        for row in report["scenarios"]
    ]
    changes = {
        rid: {
            **diff,
            "bands": {lv: (_band(a, language), _band(b, language)) for lv, (a, b) in diff["bands"].items()},
        }
        for rid, diff in report["rule_changes"].items()
    }
    return {
        **report,
        "warnings": notes_text(report["warnings"], language),
        "rule_changes": changes,
        "scenarios": rows,
    }


def render_impact(report: dict[str, Any], language: str = DEFAULT_LANGUAGE) -> str:
    """The report as the text ``decision-tool impact`` prints: what moved, why, and what fails."""

    def s(key: str, **values: Any) -> str:
        return say(f"impact.{key}", language, **values)

    lines = [s("warning", warning=note_text(w, language)) for w in report.get("warnings", [])]
    for rid, info in report["new"].items():
        old = report["old"].get(rid)
        if old and old["sha256"] != info["sha256"]:
            lines.append(
                s(
                    "form_changed",
                    rules=rid,
                    was_version=old["version"],
                    was_sha256=old["sha256"][:SHORT_SHA],
                    version=info["version"],
                    sha256=info["sha256"][:SHORT_SHA],
                )
            )
    for row in report["scenarios"]:
        if not (row["changed_level"] or row["changed_actions"] or not row["passes"] or row.get("new_only")):
            continue
        named = {"id": row["id"], "title": row["title"]}
        if row.get("new_only"):
            new = row["new"]
            lines.append("\n" + s("new_scenario", **named, level=new["level"], score=new["score"]))
            lines.append("  " + s("actions", actions=listed(new["actions"], language)))
        elif "old" in row:
            old, new = row["old"], row["new"]
            moved = s(
                "moved",
                **named,
                was_level=old["level"],
                level=new["level"],
                was_score=old["score"],
                score=new["score"],
            )
            lines.append("\n" + moved)
            if row["changed_actions"]:
                was, now = listed(old["actions"], language), listed(new["actions"], language)
                lines.append("  " + s("actions_changed", was=was, now=now))
        else:
            lines.append("\n" + s("scenario", **named))
        lines += ["  " + s("why", why=note_text(n, language)) for n in row["why"]]
        lines += ["  " + s("fails", problem=note_text(n, language)) for n in row["problems"]]
    new_only = sum(1 for r in report["scenarios"] if r.get("new_only"))
    total = s(
        "total",
        total=len(report["scenarios"]),
        changed=len(report["changed"]),
        new_only=s("new_only", n=new_only) if new_only else "",
        failing=len(report["failing"]),
    )
    lines.append("\n" + total)
    return "\n".join(lines).lstrip("\n") + "\n"
