"""What a rules change does to the scenario library, and why: the maintainer's check before publishing."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import RulesError
from ..rules.catalog import Catalog
from ..rules.overlay import check_overlay
from ..rules.scenarios import Scenario
from ..rules.schema import RuleSet
from .batch import Rescored, Unfit, rescore
from .scenarios import check_scenario, load_catalog, scenario_answers


def compare_rule_sets(old: RuleSet, new: RuleSet) -> dict[str, Any]:
    """Weights, bands and red flags that differ between two versions of one questionnaire."""
    weights = {}
    for q in new.questions:
        before = old.question_index.get(q.id)
        if before is None:
            continue
        old_w = {o.id: o.weight for o in before.choices}
        for o in q.choices:
            if o.id in old_w and old_w[o.id] != o.weight:
                weights[f"{q.id}={o.id}"] = (old_w[o.id], o.weight)
    bands = {}
    for lv in new.levels:
        if lv.id in old.level_rank:
            a, b = old.level(lv.id).band, lv.band
            if a != b:
                bands[lv.id] = (a.describe() if a else "none", b.describe() if b else "none")
    old_flags = {f.id: f for f in old.red_flags}
    new_flags = {f.id: f for f in new.red_flags}
    flags = {
        fid: ("added" if fid not in old_flags else "removed" if fid not in new_flags else "changed")
        for fid in old_flags.keys() | new_flags.keys()
        if old_flags.get(fid) != new_flags.get(fid)
    }
    return {"weights": weights, "bands": bands, "red_flags": flags}


def explain(old: Rescored, new: Rescored, diff: dict[str, Any]) -> list[str]:
    """Why one scenario's outcome moved: the weights, bands and red flags that touched it."""
    why = []
    old_pts = {c.question_id: c.points for c in old.contributions}
    new_pts = {c.question_id: c.points for c in new.contributions}
    for qid in sorted(old_pts.keys() | new_pts.keys()):
        if old_pts.get(qid, 0) != new_pts.get(qid, 0):
            why.append(f"weight: '{qid}' now scores {new_pts.get(qid, 0)} (was {old_pts.get(qid, 0)})")
    if old.band_level != new.band_level:
        changed = ", ".join(f"{k}: {a} -> {b}" for k, (a, b) in diff["bands"].items())
        why.append(
            f"band: score {new.score} now falls in '{new.band_level}' (was '{old.band_level}' at score {old.score})"
            + (f"; bands changed ({changed})" if changed else "")
        )
    old_f = set(old.red_flags)
    new_f = set(new.red_flags)
    for fid in sorted(new_f - old_f):
        why.append(f"red flag: '{fid}' now fires")
    for fid in sorted(old_f - new_f):
        why.append(f"red flag: '{fid}' no longer fires")
    for fid in sorted(old_f & new_f):
        if diff["red_flags"].get(fid) == "changed":
            why.append(f"red flag: '{fid}' was changed")
    return why


def _summary(a: Rescored) -> dict[str, Any]:
    return {"level": a.level, "score": a.score, "actions": list(a.actions), "red_flags": list(a.red_flags)}


def impact_report(old_dir: Path, new_dir: Path) -> dict[str, Any]:
    old_cat = load_catalog(old_dir, check_scenarios=False)
    new_cat = load_catalog(new_dir, check_scenarios=False)
    return impact_between(old_cat, new_cat, scenarios=new_cat.scenarios or old_cat.scenarios)


def local_rules(form: RuleSet, catalog: Catalog, locality: str) -> RuleSet:
    """``form`` with ``locality``'s own settings from ``catalog`` (its overlay), if it has any. For a
    form other than the catalog's own (a proposed change), the overlay is checked against it again."""
    overlay = catalog.overlays.get((form.id, locality))
    if overlay is None:
        return form
    if catalog.rule_sets.get(form.id) is form:
        return catalog.effective[(form.id, locality)]
    file = catalog.overlay_files[(form.id, locality)]
    try:
        return check_overlay(form, overlay, str(file), None)
    except RulesError as exc:  # the proposal and a locality's own band edges no longer fit together
        raise RulesError(
            [
                replace(p, message=f"{locality}'s own settings ({file.name}) on these: {p.message}")
                for p in exc.problems
            ]
        ) from None


def _rescored(
    scenarios: tuple[Scenario, ...], rule_sets: dict[str, RuleSet], catalog: Catalog
) -> dict[int, Rescored | Unfit]:
    """Every scenario whose questionnaire ``rule_sets`` has, re-scored with its locality's settings, in
    one batch per questionnaire and locality; keyed by the scenario's position."""
    out: dict[int, Rescored | Unfit] = {}
    for rid, form in rule_sets.items():
        for locality in dict.fromkeys(sc.locality for sc in scenarios if sc.rules == rid):
            rules = local_rules(form, catalog, locality)
            places = [i for i, sc in enumerate(scenarios) if sc.rules == rid and sc.locality == locality]
            results = rescore(rules, [scenario_answers(scenarios[i], rules) for i in places])
            out.update(zip(places, results, strict=True))
    return out


def impact_between(
    old_cat: Catalog,
    new_cat: Catalog,
    scenarios: tuple[Scenario, ...],
    new_rules: dict[str, RuleSet] | None = None,
) -> dict[str, Any]:
    """Every scenario under old and new rules. ``new_rules`` overrides the new catalog's (the sandbox)."""
    new_sets = new_rules or new_cat.rule_sets
    diffs = {
        rid: compare_rule_sets(old_cat.rule_sets[rid], r)
        for rid, r in new_sets.items()
        if rid in old_cat.rule_sets
    }
    befores = _rescored(scenarios, old_cat.rule_sets, old_cat)
    afters = _rescored(scenarios, new_sets, new_cat)
    rows = []
    for i, sc in enumerate(scenarios):
        before, after = befores.get(i), afters.get(i)
        head = {"id": sc.id, "title": sc.title, "rules": sc.rules}
        if after is None:
            rows.append(
                {
                    **head,
                    "problems": [f"questionnaire '{sc.rules}' missing from one side"],
                    "passes": False,
                    "changed_level": False,
                    "changed_actions": False,
                    "why": [],
                }
            )
            continue
        local = local_rules(new_sets[sc.rules], new_cat, sc.locality)
        problems = [p.message for p in check_scenario(sc, new_cat, rules=local)]
        if isinstance(after, Unfit):  # the new rules cannot answer it: check_scenario says why
            rows.append(
                {
                    **head,
                    "problems": problems,
                    "passes": False,
                    "changed_level": False,
                    "changed_actions": False,
                    "why": [],
                }
            )
            continue
        expected = {"level": sc.expect.level, "first_action": sc.expect.first_action}
        if before is None or isinstance(before, Unfit):
            # A scenario written for the new rules: its answers use questions or answers the old rules lack.
            rows.append(
                {
                    **head,
                    "new": _summary(after),
                    "expected": expected,
                    "new_only": True,
                    "changed_level": False,
                    "changed_actions": False,
                    "why": [
                        f"questionnaire '{sc.rules}' is new: only the new rules have it"
                        if before is None
                        else "only the new rules can answer it: "
                        + "; ".join(f"{p.path}: {p.message}" for p in before.problems[:3])
                    ],
                    "passes": not problems,
                    "problems": problems,
                }
            )
            continue
        rows.append(
            {
                **head,
                "old": _summary(before),
                "new": _summary(after),
                "expected": expected,
                "changed_level": before.level != after.level,
                "changed_actions": before.actions != after.actions,
                "why": explain(before, after, diffs[sc.rules]),
                "passes": not problems,
                "problems": problems,
            }
        )
    return {
        "warnings": version_warnings(old_cat.rule_sets, new_sets),
        "old": {rid: {"version": r.version, "sha256": r.fingerprint} for rid, r in old_cat.rule_sets.items()},
        "new": {rid: {"version": r.version, "sha256": r.fingerprint} for rid, r in new_sets.items()},
        "rule_changes": diffs,
        "scenarios": rows,
        "changed": [r["id"] for r in rows if r["changed_level"] or r["changed_actions"]],
        "failing": [r["id"] for r in rows if not r["passes"]],
    }


def version_warnings(old: dict[str, RuleSet], new: dict[str, RuleSet]) -> list[str]:
    """A questionnaire whose content changed but whose ``version`` did not: records could not tell them apart."""
    return [
        f"{rid}: the content changed ({old[rid].fingerprint[:12]} -> {r.fingerprint[:12]}) but 'version' is "
        f"still {r.version!r}: bump 'version' in the questionnaire before publishing"
        for rid, r in new.items()
        if rid in old and old[rid].fingerprint != r.fingerprint and old[rid].version == r.version
    ]


def render_impact(report: dict[str, Any]) -> str:
    lines = [f"WARNING: {w}" for w in report.get("warnings", [])]
    for rid, info in report["new"].items():
        old = report["old"].get(rid)
        if old and old["sha256"] != info["sha256"]:
            lines.append(
                f"{rid}: v{old['version']} ({old['sha256'][:12]}) -> v{info['version']} ({info['sha256'][:12]})"
            )
    for row in report["scenarios"]:
        if not (row["changed_level"] or row["changed_actions"] or not row["passes"] or row.get("new_only")):
            continue
        if row.get("new_only"):
            lines.append(
                f"\n{row['id']} ({row['title']}): new scenario, level {row['new']['level']}, score {row['new']['score']}"
            )
            lines.append(f"  actions: {', '.join(row['new']['actions'])}")
        elif "old" in row:
            lines.append(
                f"\n{row['id']} ({row['title']}): level {row['old']['level']} -> {row['new']['level']}, score {row['old']['score']} -> {row['new']['score']}"
            )
            if row["changed_actions"]:
                lines.append(
                    f"  actions: {', '.join(row['old']['actions'])} -> {', '.join(row['new']['actions'])}"
                )
        else:
            lines.append(f"\n{row['id']} ({row['title']})")
        for reason in row["why"]:
            lines.append(f"  why: {reason}")
        for problem in row["problems"]:
            lines.append(f"  FAILS: {problem}")
    total = len(report["scenarios"])
    new_only = sum(1 for r in report["scenarios"] if r.get("new_only"))
    lines.append(
        f"\n{total} scenario(s): {len(report['changed'])} changed, "
        + (f"{new_only} only answerable under the new rules, " if new_only else "")
        + f"{len(report['failing'])} failing their expected outcome."
    )
    return "\n".join(lines).lstrip("\n") + "\n"
