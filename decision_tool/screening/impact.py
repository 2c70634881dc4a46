"""What a rules change does to the scenario library, and why: the maintainer's check before publishing.

Pure decisions: why a scenario moved, what stops it passing and what to fix before publishing are
``Note``s (a code and its values); ``wording.impact`` says them, and draws the report as text or JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import RulesError
from ..rules.catalog import Catalog
from ..rules.overlay import check_overlay
from ..rules.scenarios import Scenario
from ..rules.schema import RuleSet
from .batch import Rescored, Unfit, rescore
from .scenarios import check_scenario, load_catalog, scenario_answers

# The values each note code carries; ``wording.impact`` has one sentence per code.
NOTE_VALUES: dict[str, tuple[str, ...]] = {
    "weight": ("question", "points", "was"),  # a question's points for this scenario moved
    "band": ("score", "level", "was_level", "was_score", "bands"),  # bands: (level, old Band, new Band)
    "red_flag_fires": ("id",),
    "red_flag_stops": ("id",),
    "red_flag_changed": ("id",),
    "new_questionnaire": ("rules",),  # the old rules have no such questionnaire
    "only_new_answers": ("problems",),  # (path, message) of the first answers the old rules refuse
    "questionnaire_missing": ("rules",),  # the new rules have no such questionnaire
    "scenario_problem": ("message",),  # the scenario no longer gives its expected outcome
    "version_unchanged": ("rules", "was_sha256", "sha256", "version"),  # content changed, version not
}


@dataclass(frozen=True, slots=True)
class Note:
    """One thing the report says: a code of ``NOTE_VALUES`` and the values it names."""

    code: str
    values: dict[str, Any]


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
                bands[lv.id] = (a, b)
    old_flags = {f.id: f for f in old.red_flags}
    new_flags = {f.id: f for f in new.red_flags}
    flags = {
        fid: ("added" if fid not in old_flags else "removed" if fid not in new_flags else "changed")
        for fid in old_flags.keys() | new_flags.keys()
        if old_flags.get(fid) != new_flags.get(fid)
    }
    return {"weights": weights, "bands": bands, "red_flags": flags}


def explain(old: Rescored, new: Rescored, diff: dict[str, Any]) -> list[Note]:
    """Why one scenario's outcome moved: the weights, bands and red flags that touched it."""
    why = []
    old_pts = {c.question_id: c.points for c in old.contributions}
    new_pts = {c.question_id: c.points for c in new.contributions}
    for qid in sorted(old_pts.keys() | new_pts.keys()):
        if old_pts.get(qid, 0) != new_pts.get(qid, 0):
            why.append(
                Note("weight", {"question": qid, "points": new_pts.get(qid, 0), "was": old_pts.get(qid, 0)})
            )
    if old.band_level != new.band_level:
        bands = tuple((k, a, b) for k, (a, b) in diff["bands"].items())
        why.append(
            Note(
                "band",
                {
                    "score": new.score,
                    "level": new.band_level,
                    "was_level": old.band_level,
                    "was_score": old.score,
                    "bands": bands,
                },
            )
        )
    old_f = set(old.red_flags)
    new_f = set(new.red_flags)
    why += [Note("red_flag_fires", {"id": fid}) for fid in sorted(new_f - old_f)]
    why += [Note("red_flag_stops", {"id": fid}) for fid in sorted(old_f - new_f)]
    why += [
        Note("red_flag_changed", {"id": fid})
        for fid in sorted(old_f & new_f)
        if diff["red_flags"].get(fid) == "changed"
    ]
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
                    "problems": [Note("questionnaire_missing", {"rules": sc.rules})],
                    "passes": False,
                    "changed_level": False,
                    "changed_actions": False,
                    "why": [],
                }
            )
            continue
        local = local_rules(new_sets[sc.rules], new_cat, sc.locality)
        problems = [
            Note("scenario_problem", {"message": p.message}) for p in check_scenario(sc, new_cat, rules=local)
        ]
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
                        Note("new_questionnaire", {"rules": sc.rules})
                        if before is None
                        else Note(
                            "only_new_answers",
                            {"problems": tuple((p.path, p.message) for p in before.problems[:3])},
                        )
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


def version_warnings(old: dict[str, RuleSet], new: dict[str, RuleSet]) -> list[Note]:
    """A questionnaire whose content changed but whose ``version`` did not: records could not tell them apart."""
    return [
        Note(
            "version_unchanged",
            {"rules": rid, "was_sha256": old[rid].fingerprint, "sha256": r.fingerprint, "version": r.version},
        )
        for rid, r in new.items()
        if rid in old and old[rid].fingerprint != r.fingerprint and old[rid].version == r.version
    ]
