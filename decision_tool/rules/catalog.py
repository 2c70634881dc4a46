"""Everything under a rules folder: questionnaires, contacts and the scenario library, checked together.

Layout::

    rules/*.yaml                 one questionnaire each
    rules/contacts/national.yaml national contacts (999, 101, CEOP, NSPCC, Childline)
    rules/contacts/*.yaml        one locality each
    rules/overlays/*.yaml        one locality's settings on one shared form (``overlay.py``)
    rules/scenarios/*.yaml       fictional scenarios for tests and training
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..errors import Problem, RulesError, UserError
from .loader import ItemId, Loc, did_you_mean, load_contacts, load_rules, located
from .overlay import OVERLAYS_DIR, Overlay, check_overlay, load_overlay
from .safe_yaml import load_yaml, read_text
from .scenarios import Scenario, load_scenario
from .schema import ContactsFile, Directory, RuleSet

NATIONAL = "national"


def default_rules_dir() -> Path:
    """``$DECISION_TOOL_RULES`` if set, else the ``rules/`` folder beside the package."""
    env = os.environ.get("DECISION_TOOL_RULES")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "rules"


@dataclass(frozen=True)
class Catalog:
    root: Path
    rule_sets: dict[str, RuleSet]
    files: dict[str, Path]
    national: ContactsFile
    localities: dict[str, ContactsFile]
    scenarios: tuple[Scenario, ...] = field(default=())
    # (form id, locality id) -> that locality's overlay, its file, and the effective rule set it gives
    overlays: dict[tuple[str, str], Overlay] = field(default_factory=dict)
    overlay_files: dict[tuple[str, str], Path] = field(default_factory=dict)
    effective: dict[tuple[str, str], RuleSet] = field(default_factory=dict)

    def directory(self, locality_id: str, form_id: str | None = None) -> Directory:
        """The contacts a locality's results point to; with ``form_id``, plus its overlay's own."""
        base = Directory.combine(self.national, self.localities[locality_id])
        overlay = self.overlays.get((form_id, locality_id)) if form_id else None
        if overlay is None or not overlay.all_contacts:
            return base
        own = {c.id for c in overlay.all_contacts}
        return Directory(
            locality_id=base.locality_id,
            locality_title=base.locality_title,
            contacts=(*overlay.all_contacts, *(c for c in base.contacts if c.id not in own)),
        )

    def rules_for(self, form_id: str, locality_id: str | None) -> RuleSet:
        """The rule set a locality scores ``form_id`` with: the shared form, with its overlay if it has one."""
        if locality_id is not None and (form_id, locality_id) in self.effective:
            return self.effective[(form_id, locality_id)]
        return self.rule_sets[form_id]

    @cached_property
    def directories(self) -> dict[str, Directory]:
        return {lid: self.directory(lid) for lid in self.localities}

    def rules(self, id_or_path: str) -> RuleSet:
        if id_or_path in self.rule_sets:
            return self.rule_sets[id_or_path]
        raise UserError(
            f"no questionnaire '{id_or_path}'{did_you_mean(id_or_path, self.rule_sets)}; "
            f"available: {', '.join(self.rule_sets)}"
        )


def _collect(problems: list[Problem], load, path: Path):  # type: ignore[no-untyped-def]
    try:
        return load(path)
    except RulesError as exc:
        problems.extend(exc.problems)
        return None


ScenarioCheck = Callable[[Scenario, Catalog], list[Problem]]


def read_catalog(root: Path | str | None = None, *, check: ScenarioCheck | None = None) -> Catalog:
    """Load and cross-check a whole rules folder; every problem in every file is reported at once.

    Running the scenarios needs the engine, which sits above the rules format: ``check`` is passed in by
    ``screening.scenarios.load_catalog`` (None: scenarios are read but not run)."""
    root = Path(root) if root is not None else default_rules_dir()
    if not root.is_dir():
        raise RulesError(
            [
                Problem(
                    "",
                    "rules folder not found",
                    "pass the folder that holds the rules YAML files",
                    file=str(root),
                )
            ]
        )
    problems: list[Problem] = []
    rule_sets: dict[str, RuleSet] = {}
    files: dict[str, Path] = {}
    for path in sorted(root.glob("*.yaml")):
        rules = _collect(problems, load_rules, path)
        if rules is None:
            continue
        if rules.id in rule_sets:
            problems.append(
                Problem(
                    "id",
                    f"questionnaire id '{rules.id}' is also used by {files[rules.id].name}",
                    "give each questionnaire its own id",
                    file=str(path),
                    line=_line_of(path, "id"),
                )
            )
        rule_sets[rules.id] = rules
        files[rules.id] = path

    contacts_dir = root / "contacts"
    national = _collect(problems, load_contacts, contacts_dir / f"{NATIONAL}.yaml")
    localities: dict[str, ContactsFile] = {}
    locality_files: dict[str, Path] = {}
    for path in sorted(contacts_dir.glob("*.yaml")):
        if path.stem == NATIONAL:
            continue
        loc = _collect(problems, load_contacts, path)
        if loc is None:
            continue
        if loc.id in localities or loc.id == NATIONAL:
            other = locality_files.get(loc.id, contacts_dir / f"{NATIONAL}.yaml")
            problems.append(
                Problem(
                    "id",
                    f"locality id '{loc.id}' is also used by {other.name}",
                    "give each locality file its own id",
                    file=str(path),
                    line=_line_of(path, "id"),
                )
            )
            continue
        localities[loc.id] = loc
        locality_files[loc.id] = path
    # Fictional localities (workshops, tests) come after real ones: the first is every page's default.
    localities = dict(sorted(localities.items(), key=lambda item: all(c.fictional for c in item[1].contacts)))
    if not localities and not problems:
        problems.append(
            Problem(
                "",
                "no locality contacts file",
                "add one, e.g. rules/contacts/england.yaml",
                file=str(contacts_dir),
            )
        )

    if national is not None:
        for rules in rule_sets.values():
            problems += _contact_checks(rules, files[rules.id], national, localities)
    for rules in rule_sets.values():
        problems += _other_form_checks(rules, files[rules.id], rule_sets)

    overlays: dict[tuple[str, str], Overlay] = {}
    overlay_files: dict[tuple[str, str], Path] = {}
    effective: dict[tuple[str, str], RuleSet] = {}
    if national is not None:
        for path in sorted((root / OVERLAYS_DIR).glob("*.yaml")):
            problems += _read_overlay(
                path, rule_sets, national, localities, overlays, overlay_files, effective
            )

    if problems:
        raise RulesError(problems)
    assert national is not None
    catalog = Catalog(
        root=root,
        rule_sets=rule_sets,
        files=files,
        national=national,
        localities=localities,
        overlays=overlays,
        overlay_files=overlay_files,
        effective=effective,
    )

    scenarios: list[Scenario] = []
    for path in sorted((root / "scenarios").glob("*.yaml")):
        scenario = _collect(problems, load_scenario, path)
        if scenario is None:
            continue
        if check is not None:
            problems += check(scenario, catalog)
        scenarios.append(scenario)
    if check is not None and not scenarios and not problems:
        problems.append(
            Problem(
                "",
                "no scenarios: the Training page and 'decision-tool impact' need at least one",
                "add a fictional scenario, e.g. scenarios/01_example.yaml (see docs/maintainers.md)",
                file=str(root / "scenarios"),
            )
        )
    if problems:
        raise RulesError(problems)
    return Catalog(
        root=root,
        rule_sets=rule_sets,
        files=files,
        national=national,
        localities=localities,
        scenarios=tuple(scenarios),
        overlays=overlays,
        overlay_files=overlay_files,
        effective=effective,
    )


def _read_overlay(
    path: Path,
    rule_sets: dict[str, RuleSet],
    national: ContactsFile,
    localities: dict[str, ContactsFile],
    overlays: dict[tuple[str, str], Overlay],
    overlay_files: dict[tuple[str, str], Path],
    effective: dict[tuple[str, str], RuleSet],
) -> list[Problem]:
    """Read one overlay and check it against the form and locality it names (filling the three maps)."""
    try:
        overlay, text = load_overlay(path)
    except RulesError as exc:
        return list(exc.problems)

    def problem(key: str, message: str, fix: str) -> list[Problem]:
        return [Problem(key, message, fix, file=str(path), line=_line_of(path, key))]

    if overlay.form not in rule_sets:
        return problem(
            "form",
            f"unknown questionnaire '{overlay.form}'{did_you_mean(overlay.form, rule_sets)}",
            f"use one of: {', '.join(rule_sets)}",
        )
    if overlay.locality not in localities:
        return problem(
            "locality",
            f"unknown locality '{overlay.locality}'{did_you_mean(overlay.locality, localities)}",
            f"add contacts/{overlay.locality}.yaml, or use one of: {', '.join(localities)}",
        )
    key = (overlay.form, overlay.locality)
    if key in overlays:
        return problem(
            "locality",
            f"{overlay_files[key].name} already holds '{overlay.locality}' settings for '{overlay.form}'",
            "keep one overlay per locality and form",
        )
    known = (
        {c.id for c in national.contacts}
        | {c.id for c in localities[overlay.locality].contacts}
        | {c.id for c in overlay.all_contacts}
    )
    try:
        effective[key] = check_overlay(rule_sets[overlay.form], overlay, str(path), text, known)
    except RulesError as exc:
        return list(exc.problems)
    overlays[key] = overlay
    overlay_files[key] = path
    return []


def _line_of(path: Path, key: str) -> int | None:
    """The line of a top-level key in a file already read once (for problems found across files)."""
    with contextlib.suppress(UserError):
        where = load_yaml(read_text(path), str(path), where=True)[1]
        if where is not None and key in where.keys:
            return where.keys[key][0]
    return None


def _contact_checks(
    rules: RuleSet, file: Path, national: ContactsFile, localities: dict[str, ContactsFile]
) -> list[Problem]:
    found: list[tuple[tuple[str | int, ...], str, str]] = []
    national_ids = {c.id for c in national.contacts}
    for action in rules.actions:
        for ci, cid in enumerate(action.contacts):
            if cid in national_ids:
                continue
            missing = [lid for lid, loc in localities.items() if cid not in {c.id for c in loc.contacts}]
            if missing:
                known = national_ids | {c.id for loc in localities.values() for c in loc.contacts}
                found.append(
                    (
                        ("actions", ItemId(action.id), "contacts", ci),
                        f"contact '{cid}' is not in contacts/national.yaml nor in the locality file(s) "
                        f"{', '.join(missing)}{did_you_mean(cid, known)}",
                        "add the contact to every locality file, or correct the id",
                    )
                )
    return _located_in(found, file)


def _located_in(found: Sequence[tuple[Loc, str, str]], file: Path) -> list[Problem]:
    """Problems found in a rules file after it loaded, with their lines read from the file again."""
    if not found:
        return []
    try:
        text: str | None = read_text(file)
    except UserError:
        text = None
    return located(found, str(file), text)


def _other_form_checks(rules: RuleSet, file: Path, rule_sets: dict[str, RuleSet]) -> list[Problem]:
    """Each form this one offers to screen with is in the same folder."""
    found = [
        (
            ("also_screen", oi, "form"),
            f"there is no questionnaire '{other.form}' in this rules folder"
            f"{did_you_mean(other.form, rule_sets)}",
            "add that questionnaire, correct the id, or remove this entry",
        )
        for oi, other in enumerate(rules.also_screen)
        if other.form not in rule_sets
    ]
    return _located_in(found, file)


def check_file_contacts(rules: RuleSet, file: Path | str) -> list[Problem]:
    """For one questionnaire file checked on its own: its contact ids against the ``contacts/`` folder
    beside it (the same check a whole folder gets)."""
    file = Path(file)
    if not any(a.contacts for a in rules.actions):
        return []
    contacts_dir = file.parent / "contacts"
    if not (contacts_dir / f"{NATIONAL}.yaml").exists():
        return [
            Problem(
                "actions",
                "the contact ids cannot be checked: there is no contacts/national.yaml beside this file",
                "validate the whole rules folder, or keep the file in its rules folder",
                file=str(file),
            )
        ]
    problems: list[Problem] = []
    national = _collect(problems, load_contacts, contacts_dir / f"{NATIONAL}.yaml")
    localities: dict[str, ContactsFile] = {}
    for path in sorted(contacts_dir.glob("*.yaml")):
        if path.stem != NATIONAL:
            loc = _collect(problems, load_contacts, path)
            if loc is not None:
                localities.setdefault(loc.id, loc)
    if national is not None:
        problems += _contact_checks(rules, file, national, localities)
    return problems
