"""`decision-tool`: validate rules, assess an answers file, print the schema, list rules, compare rule sets.

The CLI only translates: it calls the library and turns ``UserError`` into a plain message and exit 1.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from .errors import AnswersError, Problem, RulesError, UserError
from .records.record import make_record, record_text
from .rules.catalog import Catalog, check_file_contacts, default_rules_dir
from .rules.loader import did_you_mean, load_rules, parse_yaml_text, validate_model
from .rules.overlay import OVERLAYS_DIR
from .rules.safe_yaml import load_json, read_text
from .rules.scenarios import Scenario
from .rules.schema import RuleSet
from .screening.engine import assess
from .screening.scenarios import load_catalog, scenario_answers
from .text import clip, terminal_safe
from .wording.messages import listed, say

MAX_SHOWN = 200  # problems printed; the count of the rest follows


def _catalog(path: str | None) -> Catalog:
    return load_catalog(Path(path) if path else default_rules_dir())


def cmd_validate(args: argparse.Namespace) -> int:
    target = Path(args.path) if args.path else default_rules_dir()
    if target.is_dir():
        catalog = load_catalog(target)
        print(
            say(
                "cli.validate.folder_ok",
                target=target,
                questionnaires=len(catalog.rule_sets),
                localities=len(catalog.localities),
                overlays=len(catalog.overlays),
                scenarios=len(catalog.scenarios),
            )
        )
    elif target.parent.name == OVERLAYS_DIR:  # an overlay is checked against its form and locality
        catalog = load_catalog(target.parent.parent)
        found = [
            o for k, o in catalog.overlays.items() if catalog.overlay_files[k].resolve() == target.resolve()
        ]
        if not found:
            raise UserError(say("cli.validate.not_an_overlay", target=target, folder=target.parent.parent))
        print(say("cli.validate.overlay_ok", target=target, locality=found[0].locality, form=found[0].form))
    else:
        rules = load_rules(target)
        problems = check_file_contacts(rules, target)
        if problems:
            raise RulesError(problems)
        print(
            say(
                "cli.validate.file_ok",
                target=target,
                title=rules.title,
                version=rules.version,
                questions=len(rules.questions),
            )
        )
    return 0


def _rules_for(id_or_path: str, rules_dir: str | None) -> tuple[RuleSet, Catalog | None]:
    path = Path(id_or_path)
    if path.suffix in (".yaml", ".yml") or path.is_file():
        rules = load_rules(path)
        try:
            catalog: Catalog | None = load_catalog(path.parent, check_scenarios=False)
        except RulesError:
            catalog = None
        return rules, catalog
    catalog = _catalog(rules_dir)
    return catalog.rules(id_or_path), catalog


def read_answers(path: Path) -> dict[str, Any]:
    """An answers file (YAML or JSON), read under the same limits as rules files (``safe_yaml``)."""
    text = read_text(path, error=AnswersError)
    if path.suffix == ".json":
        data = load_json(text, str(path), error=AnswersError)
    else:
        data = parse_yaml_text(text, str(path), error=AnswersError)
    if not isinstance(data, dict):
        raise AnswersError(
            [
                Problem(
                    "",
                    say("cli.answers.not_a_mapping"),
                    say("cli.answers.not_a_mapping_fix"),
                    file=str(path),
                )
            ]
        )
    return data


def cmd_assess(args: argparse.Namespace) -> int:
    rules, catalog = _rules_for(args.rules, args.rules_dir)
    answers = read_answers(Path(args.answers))
    locality = args.locality or "england"
    if isinstance(answers.get("answers"), dict):
        # A scenario file: its answers, completed as the scenario says ("everything else: no").
        scenario = validate_model(Scenario, answers, args.answers, None)
        answers = scenario_answers(scenario, rules)
        locality = args.locality or scenario.locality
    directory = None
    if catalog is not None and catalog.localities:
        if locality not in catalog.localities:
            raise UserError(
                say(
                    "cli.assess.no_locality",
                    locality=locality,
                    did_you_mean=did_you_mean(locality, catalog.localities),
                    available=listed(list(catalog.localities)),
                )
            )
        directory = catalog.directory(locality, rules.id)
        if catalog.rule_sets.get(rules.id) is rules:  # a form of the folder: the locality's settings on it
            rules = catalog.rules_for(rules.id, locality)
    result = assess(rules, answers, contacts=directory)
    if args.format == "json":
        print(json.dumps(result.to_json_dict(), indent=2, ensure_ascii=False))
    else:
        print(record_text(make_record(result, dt.datetime.now()), rules), end="")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .rules.schema_export import schemas

    print(json.dumps(schemas()[args.kind], indent=2))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from .wording.overlays import setting_phrases

    catalog = _catalog(args.rules_dir)
    for rules in catalog.rule_sets.values():
        print(
            say(
                "cli.list.questionnaire",
                id=f"{rules.id:<12}",
                version=f"{rules.version:<8}",
                audience=f"{rules.audience:<9}",
                questions=f"{len(rules.questions):>3}",
                title=rules.title,
            )
        )
    for loc in catalog.localities.values():
        settings = [
            f"{form_id}: {'; '.join(setting_phrases(catalog.rule_sets[form_id], overlay))}"
            for (form_id, lid), overlay in catalog.overlays.items()
            if lid == loc.id
        ]
        shown = " | ".join(settings) or say("overlay.none")
        print(say("cli.list.locality", id=f"{loc.id:<12}", title=loc.title, settings=shown))
    print(say("cli.list.scenarios", n=len(catalog.scenarios)))
    return 0


def cmd_consistency(args: argparse.Namespace) -> int:
    from .screening.consistency import consistency_report
    from .wording.consistency import report_text

    catalog = _catalog(args.rules_dir)
    report = consistency_report(catalog, sample=args.sample, seed=args.seed)
    titles = {lid: loc.title for lid, loc in catalog.localities.items()}
    if args.pdf:
        from .records.consistency import report_pdf

        Path(args.pdf).write_bytes(report_pdf(report, titles))
    if args.format == "csv":
        from .records.consistency import report_csv

        print(report_csv(report, titles), end="")
    else:
        print(report_text(report, titles), end="")
    differs = any(f.shift or f.cause == "actions" for form in report.forms for f in form.findings)
    return 2 if args.strict and differs else 0


def cmd_impact(args: argparse.Namespace) -> int:
    from .screening.impact import impact_report
    from .wording.impact import impact_words, render_impact

    report = impact_report(Path(args.old), Path(args.new))
    if args.format == "json":
        print(json.dumps(impact_words(report), indent=2, ensure_ascii=False))
    else:
        print(render_impact(report), end="")
    return 1 if report["failing"] else 0


def cmd_guidance(args: argparse.Namespace) -> int:
    from .wording.guidance import default_guidance_path, guidance_markdown

    text = guidance_markdown(_catalog(args.rules_dir))
    target = Path(args.output) if args.output else default_guidance_path()
    if args.check:
        current = target.read_text(encoding="utf-8") if target.is_file() else ""
        if current != text:
            print(say("cli.guidance.out_of_date", target=target), file=sys.stderr)
            return 1
        print(say("cli.guidance.matches", target=target))
        return 0
    if args.output == "-":
        print(text, end="")
        return 0
    target.write_text(text, encoding="utf-8")
    print(say("cli.guidance.wrote", target=target))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="decision-tool", description=say("cli.description"))
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser(
        "validate",
        help=say("cli.validate.help"),
        description=say("cli.validate.description"),
    )
    p.add_argument("path", nargs="?", help=say("cli.validate.path"))
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser(
        "assess",
        help=say("cli.assess.help"),
        description=say("cli.assess.description"),
    )
    p.add_argument("--rules", required=True, help=say("cli.assess.rules"))
    p.add_argument("--answers", required=True, help=say("cli.assess.answers"))
    p.add_argument("--format", choices=["json", "text"], default="text")
    p.add_argument("--locality", help=say("cli.assess.locality"))
    p.add_argument("--rules-dir", help=say("cli.rules_dir"))
    p.set_defaults(func=cmd_assess)

    p = sub.add_parser("schema", help=say("cli.schema.help"), description=say("cli.schema.description"))
    p.add_argument("--kind", choices=["rules", "contacts", "scenario", "overlay"], default="rules")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser(
        "list",
        help=say("cli.list.help"),
        description=say("cli.list.description"),
    )
    p.add_argument("--rules-dir", help=say("cli.rules_dir"))
    p.set_defaults(func=cmd_list)

    p = sub.add_parser(
        "consistency",
        help=say("cli.consistency.help"),
        description=say("cli.consistency.description"),
    )
    p.add_argument("rules_dir", nargs="?", help=say("cli.rules_dir"))
    p.add_argument("--sample", type=int, default=2000, help=say("cli.consistency.sample", default=2000))
    p.add_argument("--seed", type=int, default=17, help=say("cli.consistency.seed", default=17))
    p.add_argument("--format", choices=["text", "csv"], default="text")
    p.add_argument("--pdf", help=say("cli.consistency.pdf"))
    p.add_argument("--strict", action="store_true", help=say("cli.consistency.strict"))
    p.set_defaults(func=cmd_consistency)

    p = sub.add_parser(
        "impact",
        help=say("cli.impact.help"),
        description=say("cli.impact.description"),
    )
    p.add_argument("old", help=say("cli.impact.old"))
    p.add_argument("new", help=say("cli.impact.new"))
    p.add_argument("--format", choices=["json", "text"], default="text")
    p.set_defaults(func=cmd_impact)

    p = sub.add_parser(
        "guidance",
        help=say("cli.guidance.help"),
        description=say("cli.guidance.description"),
    )
    p.add_argument("--rules-dir", help=say("cli.rules_dir"))
    p.add_argument("--output", help=say("cli.guidance.output"))
    p.add_argument("--check", action="store_true", help=say("cli.guidance.check"))
    p.set_defaults(func=cmd_guidance)

    from .register.cli import add_commands

    add_commands(sub)
    return parser


class _TerminalSafe:
    """Everything printed goes through ``terminal_safe``: text from a rules or answers file can carry
    escape sequences that would recolour, move or retitle the terminal; they are shown, not obeyed."""

    def __init__(self, stream: TextIO):
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(terminal_safe(text))

    def flush(self) -> None:
        self.stream.flush()


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    out, err = _TerminalSafe(sys.stdout), _TerminalSafe(sys.stderr)
    try:
        with contextlib.redirect_stdout(out):  # type: ignore[type-var]
            return int(args.func(args))
    except UserError as exc:
        print(say("cli.error.title", title=exc.title), file=err)  # type: ignore[arg-type]
        for problem in exc.problems[:MAX_SHOWN]:
            print(f"  {clip(str(problem), 1000)}", file=err)  # type: ignore[arg-type]
        if len(exc.problems) > MAX_SHOWN:
            print(say("cli.error.more", n=len(exc.problems) - MAX_SHOWN), file=err)  # type: ignore[arg-type]
        return 1


if __name__ == "__main__":
    sys.exit(main())
