"""Would the same child get the same answer in every locality? The regional consistency report.

Every form in the catalog is run, through the batch path, under the shared form as published ("the
region") and under each locality's overlay, for the scenario library and a generated set of answer
profiles: every single sign, every pair of significant signs, and a seeded random sample. Where a
locality's outcome differs from the region's (level, first action or review period), the finding says by
how much and which setting causes it: a band edge, a red flag's raised minimum, a level's action list, a
review period. Codes and values only: ``wording/consistency.py`` says them in sentences.
"""

from __future__ import annotations

import itertools
import random
import statistics
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..rules.catalog import Catalog
from ..rules.schema import NOT_SURE, Question, RuleSet
from .batch import Rescored, rescore_across
from .engine import complete_answers
from .scenarios import scenario_answers

REGION = "region"  # the column for the shared form as published
DEFAULT_SAMPLE = 2_000
DEFAULT_SEED = 17

# What causes a difference, most decisive first.
RED_FLAG, BAND, FLAG_ACTIONS, ACTIONS, REVIEW = "red_flag", "band", "red_flag_actions", "actions", "review"
CAUSES = (RED_FLAG, BAND, FLAG_ACTIONS, ACTIONS, REVIEW)


@dataclass(frozen=True, slots=True)
class Profile:
    """One answer set every locality's settings are asked about (fictional: no child behind it)."""

    id: str
    kind: str  # "scenario", "single", "pair" or "random"
    label: str
    answers: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Outcome:
    level: str
    first_action: str | None
    review_days: int | None
    score: int
    band_level: str
    red_flags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Finding:
    """A locality that treats one profile differently from the region, and why."""

    profile: str
    locality: str
    cause: str  # one of CAUSES
    region: Outcome
    local: Outcome
    shift: int  # levels up (+) or down (-) from the region's level
    detail: Mapping[str, Any]  # the setting's values: band edges, the red flag, the action lists


@dataclass(frozen=True)
class FormReport:
    form: str
    title: str
    version: str
    sha256: str
    localities: tuple[str, ...]  # those with an overlay on this form, in catalog order
    overlays: Mapping[str, str]  # locality -> overlay sha256
    same_as_region: tuple[str, ...]  # localities without an overlay on this form
    levels: tuple[str, ...]
    profiles: int
    by_kind: Mapping[str, int]
    findings: tuple[Finding, ...]
    unfit: int  # profiles the form cannot score (should be none)
    profile_labels: Mapping[str, str] = field(default_factory=dict)

    @property
    def differing_profiles(self) -> int:
        return len({f.profile for f in self.findings})

    def count(self, locality: str, cause: str | None = None) -> int:
        return sum(1 for f in self.findings if f.locality == locality and (cause is None or f.cause == cause))

    def grid(self) -> list[list[int]]:
        """Localities x the region's levels: how many profiles at that regional level get another level
        or another first action there (a review period alone is not counted)."""
        rows = []
        for loc in self.localities:
            counts = Counter(
                f.region.level
                for f in self.findings
                if f.locality == loc and (f.shift or f.local.first_action != f.region.first_action)
            )
            rows.append([counts.get(lv, 0) for lv in self.levels])
        return rows

    def shifts(self, locality: str) -> Counter[int]:
        return Counter(f.shift for f in self.findings if f.locality == locality and f.shift)


@dataclass(frozen=True)
class ConsistencyReport:
    forms: tuple[FormReport, ...]
    seed: int
    sample: int


# ---------------------------------------------------------------- profiles


def _number_values(rules: RuleSet, scenario_sets: Sequence[Mapping[str, Any]]) -> dict[str, list[int]]:
    """Values for number questions: those the scenario library uses (else the question's lowest)."""
    out: dict[str, list[int]] = {}
    for q in rules.questions:
        if q.kind != "number":
            continue
        seen = sorted(
            {a[q.id] for a in scenario_sets if isinstance(a.get(q.id), int) and not isinstance(a[q.id], bool)}
        )
        out[q.id] = seen or [int(q.min) if q.min is not None else 0]
    return out


def _signs(q: Question) -> list[str]:
    """The answers to a scored choice question that add points (each is one sign)."""
    if q.kind not in ("yes_no", "single"):
        return []
    return [o.id for o in q.choices if o.weight > 0 and o.id != NOT_SURE]


def profiles_for(
    rules: RuleSet,
    scenario_sets: Sequence[tuple[str, str, Mapping[str, Any]]] = (),
    *,
    sample: int = DEFAULT_SAMPLE,
    seed: int = DEFAULT_SEED,
) -> list[Profile]:
    """The scenarios given (id, title, answers), then every single sign, every pair of significant signs
    and ``sample`` random answer sets (seeded: the same list every run)."""
    out = [Profile(sid, "scenario", title, answers) for sid, title, answers in scenario_sets]
    numbers = _number_values(rules, [a for _, _, a in scenario_sets])
    base_numbers = {qid: statistics.median_low(values) for qid, values in numbers.items()}
    base = {qid: v for qid, v in base_numbers.items() if rules.question_index[qid].required}

    def completed(extra: Mapping[str, Any]) -> dict[str, Any]:
        return complete_answers(rules, {**base, **extra})

    for q in rules.questions:
        for option in _signs(q):
            out.append(Profile(f"{q.id}={option}", "single", f"{q.id}: {option}", completed({q.id: option})))
    significant = [(q.id, _signs(q)[0]) for q in rules.questions if q.strength == "significant" and _signs(q)]
    for (qa, oa), (qb, ob) in itertools.combinations(significant, 2):
        label = f"{qa}: {oa} + {qb}: {ob}"
        out.append(Profile(f"{qa}={oa}&{qb}={ob}", "pair", label, completed({qa: oa, qb: ob})))
    rng = random.Random(seed)
    for n in range(sample):
        # From a sign or two to many: every level is reached, not only the top one.
        density = rng.choice((0.02, 0.05, 0.1, 0.2))
        answers: dict[str, Any] = {}
        for q in rules.questions:
            if q.kind == "number":
                if q.id in numbers and (q.required or rng.random() < 0.3):
                    answers[q.id] = rng.choice(numbers[q.id])
            elif q.kind in ("yes_no", "single"):
                ids = [o.id for o in q.choices]
                answers[q.id] = "no" if "no" in ids and rng.random() > density else rng.choice(ids)
            elif q.kind == "multi":
                answers[q.id] = [o.id for o in q.choices if rng.random() < density / 2]
        out.append(Profile(f"random-{n + 1}", "random", f"random profile {n + 1}", answers))
    return out


# ---------------------------------------------------------------- comparing


def _outcome(rules: RuleSet, r: Rescored) -> Outcome:
    return Outcome(
        r.level, r.first_action, rules.level(r.level).review_days, r.score, r.band_level, r.red_flags
    )


def _band(rules: RuleSet, level: str) -> tuple[int | None, int | None]:
    band = rules.level(level).band
    return (band.from_, band.to) if band else (None, None)


def explain(
    region_rules: RuleSet, local_rules: RuleSet, region: Outcome, local: Outcome
) -> tuple[str, dict[str, Any]]:
    """Which setting makes ``local`` differ from ``region`` (the same answers): a cause and its values."""
    if region.level != local.level:
        raised = [
            fid
            for fid in local.red_flags
            if _flag_min(local_rules, fid) != _flag_min(region_rules, fid)
            and local_rules.level_rank[_flag_min(local_rules, fid)] >= local_rules.level_rank[local.level]
        ]
        if raised and local.band_level == region.band_level:
            fid = raised[0]
            return RED_FLAG, {
                "red_flag": fid,
                "region_min": _flag_min(region_rules, fid),
                "local_min": _flag_min(local_rules, fid),
            }
        return BAND, {
            "score": local.score,
            "region_level": region.band_level,
            "region_band": _band(region_rules, region.band_level),
            "local_level": local.band_level,
            "local_band": _band(local_rules, local.band_level),
        }
    if region.first_action != local.first_action:
        stricter = [
            fid
            for fid in local.red_flags
            if _flag_actions(local_rules, fid) != _flag_actions(region_rules, fid)
        ]
        if stricter and local_rules.level(local.level).actions == region_rules.level(local.level).actions:
            fid = stricter[0]
            added = [a for a in _flag_actions(local_rules, fid) if a not in _flag_actions(region_rules, fid)]
            return FLAG_ACTIONS, {"red_flag": fid, "added": tuple(added)}
        return ACTIONS, {
            "level": local.level,
            "region_actions": region_rules.level(local.level).actions,
            "local_actions": local_rules.level(local.level).actions,
        }
    return REVIEW, {"level": local.level, "region_days": region.review_days, "local_days": local.review_days}


def _flag_actions(rules: RuleSet, flag_id: str) -> tuple[str, ...]:
    return next(f.actions for f in rules.red_flags if f.id == flag_id)


def _flag_min(rules: RuleSet, flag_id: str) -> str:
    return next(f.min_level for f in rules.red_flags if f.id == flag_id)


def compare_form(
    region_rules: RuleSet,
    local_rules: Mapping[str, RuleSet],
    profiles: Sequence[Profile],
) -> tuple[list[Finding], int]:
    """Every profile under the region's settings and each locality's; the findings, and how many
    profiles the form could not score."""
    names = list(local_rules)
    sets = [region_rules, *local_rules.values()]
    results = rescore_across(sets, [p.answers for p in profiles])
    findings: list[Finding] = []
    unfit = 0
    rank = region_rules.level_rank
    for profile, row in zip(profiles, results, strict=True):
        region_r = row[0]
        if not isinstance(region_r, Rescored):
            unfit += 1
            continue
        region = _outcome(region_rules, region_r)
        for name, rules, r in zip(names, sets[1:], row[1:], strict=True):
            assert isinstance(r, Rescored)  # the same questions: what one scores, all score
            if (r.level, r.first_action) == (region.level, region.first_action) and (
                rules.level(r.level).review_days == region.review_days
            ):
                continue
            local = _outcome(rules, r)
            cause, detail = explain(region_rules, rules, region, local)
            findings.append(
                Finding(
                    profile.id, name, cause, region, local, rank[local.level] - rank[region.level], detail
                )
            )
    return findings, unfit


def consistency_report(
    catalog: Catalog, *, sample: int = DEFAULT_SAMPLE, seed: int = DEFAULT_SEED
) -> ConsistencyReport:
    """The report over every form in the catalog and every locality with settings on it. The forms that
    localities set differently come first (most such localities first), then by id: a meeting opens on
    the form where thresholds disagree, not on one every locality takes as published."""
    forms = []
    settled = Counter(form_id for form_id, _ in catalog.effective)
    for form_id in sorted(catalog.rule_sets, key=lambda fid: (-settled[fid], fid)):
        form = catalog.rule_sets[form_id]
        local = {
            lid: catalog.effective[(form_id, lid)]
            for lid in catalog.localities
            if (form_id, lid) in catalog.effective
        }
        scenario_sets = [
            (sc.id, sc.title, scenario_answers(sc, form)) for sc in catalog.scenarios if sc.rules == form_id
        ]
        profiles = profiles_for(form, scenario_sets, sample=sample, seed=seed)
        findings, unfit = compare_form(form, local, profiles)
        forms.append(
            FormReport(
                form=form_id,
                title=form.title,
                version=form.version,
                sha256=form.fingerprint,
                localities=tuple(local),
                overlays={lid: catalog.overlays[(form_id, lid)].fingerprint for lid in local},
                same_as_region=tuple(lid for lid in catalog.localities if lid not in local),
                levels=tuple(form.level_rank),
                profiles=len(profiles),
                by_kind=dict(Counter(p.kind for p in profiles)),
                findings=tuple(findings),
                unfit=unfit,
                profile_labels={p.id: p.label for p in profiles if p.kind != "random"},
            )
        )
    return ConsistencyReport(forms=tuple(forms), seed=seed, sample=sample)


# ---------------------------------------------------------------- what proposed settings would do


@dataclass(frozen=True, slots=True)
class ChangeCount:
    """For one locality: how many saved answer sets proposed settings would move up, down, or not."""

    locality: str | None
    higher: int
    lower: int
    same: int
    unfit: int  # answers the form can no longer score (not counted either way)

    @property
    def total(self) -> int:
        return self.higher + self.lower + self.same + self.unfit


def change_counts(
    current: Callable[[str | None], RuleSet],
    proposed: Callable[[str | None], RuleSet],
    saved: Sequence[tuple[str | None, Mapping[str, Any]]],
) -> list[ChangeCount]:
    """Each saved answer set (its locality, its answers) scored under the locality's settings now and
    under the proposed ones; the tool's level compared, counted per locality. Nothing saved is changed."""
    by_locality: dict[str | None, list[Mapping[str, Any]]] = {}
    for locality, answers in saved:
        by_locality.setdefault(locality, []).append(answers)
    out = []
    for locality, answer_sets in by_locality.items():
        now, then = current(locality), proposed(locality)
        counts: Counter[str] = Counter()
        for before, after in rescore_across([now, then], answer_sets):
            if not isinstance(before, Rescored) or not isinstance(after, Rescored):
                counts["unfit"] += 1
                continue
            shift = now.level_rank[after.level] - now.level_rank[before.level]
            counts["higher" if shift > 0 else "lower" if shift < 0 else "same"] += 1
        out.append(ChangeCount(locality, counts["higher"], counts["lower"], counts["same"], counts["unfit"]))
    return out
