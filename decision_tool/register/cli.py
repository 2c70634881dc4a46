"""`decision-tool db|users|orgs|register|audit ...`: the operator's commands for the register.

They run at the server's terminal with the same settings as the app (DECISION_TOOL_DATABASE_URL and the
reference key), act as the operator (audited as ``terminal:<os user>``), and only translate: the work and
the checks are in ``Register``. Passwords are read without echo, or from stdin with --password-stdin.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import secrets
import sys
from pathlib import Path
from typing import Any

from ..errors import UserError
from ..wording.dates import long_date
from ..wording.messages import say
from .auth import terminal_actor
from .models import ORGANISATION_KINDS, ROLES
from .service import Register
from .settings import PREFIX, RegisterConfigError, load_settings


def _database_url(args: argparse.Namespace) -> str:
    url = getattr(args, "database_url", None) or os.environ.get(PREFIX + "DATABASE_URL", "").strip()
    if not url:
        raise RegisterConfigError(say("cli.register_off"))
    return url


def _register() -> Register:
    settings = load_settings()
    if settings is None:
        raise RegisterConfigError(say("cli.register_off"))
    return Register.open(settings)


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise UserError(say("cli.password.no_terminal"))
    first = getpass.getpass(say("cli.password.new"))
    if getpass.getpass(say("cli.password.again")) != first:
        raise UserError(say("cli.password.differ"))
    return first


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from .db import current_revision, upgrade

    url = _database_url(args)
    upgrade(url)
    print(say("cli.db.upgraded", version=current_revision(url)))
    return 0


def cmd_db_stamp(args: argparse.Namespace) -> int:
    from .db import stamp

    url = _database_url(args)
    stamp(url, args.version)
    print(say("cli.db.stamped", version=args.version))
    return 0


def cmd_users_add(args: argparse.Namespace) -> int:
    password = None if args.single_sign_on else _password(args)
    with _register() as register:
        user = register.add_user(terminal_actor(), args.username, password, args.role, args.org)
    print(say("cli.users.added", username=user.username, role=_role_in(user.role, user.organisation_code)))
    return 0


def _role_in(role: str, organisation_code: str | None) -> str:
    """A role, and the organisation it is in when it has one: "practitioner in SCH-12"."""
    return say("cli.users.role_in", role=role, organisation=organisation_code) if organisation_code else role


def cmd_users_disable(args: argparse.Namespace) -> int:
    with _register() as register:
        register.disable_user(terminal_actor(), args.username)
    print(say("cli.users.disabled", username=args.username))
    return 0


def cmd_users_enable(args: argparse.Namespace) -> int:
    with _register() as register:
        register.enable_user(terminal_actor(), args.username)
    print(say("cli.users.enabled", username=args.username))
    return 0


def cmd_users_reset(args: argparse.Namespace) -> int:
    with _register() as register:
        register.reset_password(terminal_actor(), args.username, _password(args))
    print(say("cli.users.reset", username=args.username))
    return 0


def cmd_users_role(args: argparse.Namespace) -> int:
    with _register() as register:
        user = register.change_role(terminal_actor(), args.username, args.role, args.org)
    print(
        say(
            "cli.users.role_changed", username=user.username, role=_role_in(user.role, user.organisation_code)
        )
    )
    return 0


def cmd_users_list(args: argparse.Namespace) -> int:
    with _register() as register:
        users = register.list_users(terminal_actor())
    for u in users:
        state = say("cli.users.active" if u.active else "cli.users.inactive")
        if u.locked_until and u.locked_until > dt.datetime.now(dt.UTC):
            state += say("cli.users.locked_until", time=f"{u.locked_until:%H:%M}")
        print(f"{u.username:<24} {u.role:<13} {u.organisation_code or '-':<12} {state}")
    return 0


def cmd_orgs_add(args: argparse.Namespace) -> int:
    with _register() as register:
        org = register.add_organisation(
            terminal_actor(),
            args.code,
            args.name,
            args.kind,
            spoc_role=args.spoc_role,
            spoc_phone=args.spoc_phone,
            spoc_email=args.spoc_email,
        )
    print(say("cli.orgs.added", code=org.code, name=org.name, kind=org.kind))
    return 0


def cmd_orgs_list(args: argparse.Namespace) -> int:
    with _register() as register:
        orgs = register.list_organisations(terminal_actor())
    for org in orgs:
        print(f"{org.code:<12} {org.kind:<12} {org.name}")
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    with _register() as register:
        return _purge(register, args)


def _purge(register: Register, args: argparse.Namespace) -> int:
    actor = terminal_actor()
    found = register.purge_candidates(actor)
    cutoff = register.retention_cutoff()
    print(
        say(
            "cli.purge.found",
            n=len(found),
            before=long_date(cutoff),
            days=register.settings.retention_days,
        )
    )
    for case in found:
        print(
            say(
                "cli.purge.case",
                code=case.code,
                organisation=f"{case.organisation_code:<12}",
                last=f"{case.last_activity_at:%Y-%m-%d}",
                screenings=case.screenings,
            )
        )
    if args.dry_run or not found:
        print(say("cli.purge.dry_run" if args.dry_run else "cli.purge.nothing"))
        return 0
    if not args.yes:
        if not sys.stdin.isatty():
            raise UserError(say("cli.purge.no_terminal"))
        if input(say("cli.purge.confirm")).strip() != "DELETE":
            print(say("cli.purge.not_deleted"))
            return 0
    removed = register.purge(actor)
    print(say("cli.purge.deleted", n=len(removed)))
    return 0


def cmd_seed_demo(args: argparse.Namespace) -> int:
    from .demo import demo_reference, refuse_real_cases, seed_demo, seed_demo_accounts

    with _register() as register:
        if args.accounts:
            refuse_real_cases(register._sessions)  # before anything is added
        summary = seed_demo(
            register._sessions,
            cases=args.cases,
            screenings_per_case=args.screenings_per_case,
            seed=args.seed,
            organisations=args.organisations,
            reference_key=register.settings.reference_key,
        )
        accounts = seed_demo_accounts(register._sessions) if args.accounts else []
    print(
        say(
            "cli.seed_demo.done",
            cases=summary.cases,
            screenings=summary.screenings,
            organisations=summary.organisations,
            reference=demo_reference(1),
        )
    )
    if accounts:
        print(say("cli.seed_demo.accounts"))
        width = max(len(a.username) for a in accounts)  # one column, however long a role's name
        for a in accounts:
            print(f"  {a.username:<{width}}  {a.password}   ({_role_in(a.role, a.organisation_code)})")
    return 0


def cmd_export_case(args: argparse.Namespace) -> int:
    from ..rules.catalog import default_rules_dir
    from ..screening.scenarios import load_catalog

    actor = terminal_actor()
    with _register() as register:
        data = register.export_case(actor, args.case_code)
        rules = load_catalog(default_rules_dir()).rule_sets
        pdf = register.export_case_pdf(actor, args.case_code, rules)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    code = data["case"]["code"]
    (out / f"{code}.json").write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    (out / f"{code}.pdf").write_bytes(pdf)
    print(say("cli.export.wrote", json=out / (code + ".json"), pdf=out / (code + ".pdf")))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from .backup import backup

    done = backup(_database_url(args), Path(args.file), terminal_actor())
    print(say("cli.backup.done", version=done.version, path=done.path, size=f"{done.size:,}"))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from .backup import restore

    url = _database_url(args)
    try:  # a restore needs no key; with one set here, it says whether it is the backup's
        settings = load_settings({**os.environ, PREFIX + "DATABASE_URL": url})
    except RegisterConfigError:
        settings = None
    key = settings.reference_key if settings else None
    done = restore(url, Path(args.file), terminal_actor(), reference_key=key)
    print(say("cli.restore.done", file=args.file, version=done.version))
    if done.sign_ins_ended:
        print(say("cli.restore.sign_ins_ended", n=done.sign_ins_ended))
    status = 0
    if done.version != done.head:
        print(say("cli.restore.upgrade_next", head=done.head))
    if done.key_matches is False:
        print(say("cli.restore.other_key"), file=sys.stderr)
        status = 1
    return status


def cmd_new_key(args: argparse.Namespace) -> int:
    print(secrets.token_hex(32))
    return 0


def _date(text: str) -> dt.datetime:
    try:
        return dt.datetime.combine(dt.date.fromisoformat(text), dt.time(), tzinfo=dt.UTC)
    except ValueError:
        raise argparse.ArgumentTypeError(say("cli.audit.not_a_date", value=text)) from None


def cmd_audit_export(args: argparse.Namespace) -> int:
    with _register() as register:
        text = register.export_audit(terminal_actor(), args.since, fmt=args.format)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(say("cli.audit.wrote", file=args.out))
    else:
        sys.stdout.write(text)
    return 0


def add_commands(sub: Any) -> None:
    """Add the register's commands to the `decision-tool` parser."""
    db = sub.add_parser("db", help=say("cli.db.help"))
    db_sub = db.add_subparsers(dest="db_command", required=True)
    p = db_sub.add_parser(
        "upgrade",
        help=say("cli.db.upgrade.help"),
        description=say("cli.db.upgrade.description"),
    )
    p.add_argument("--database-url", help=say("cli.database_url"))
    p.set_defaults(func=cmd_db_upgrade)
    p = db_sub.add_parser(
        "stamp",
        help=say("cli.db.stamp.help"),
        description=(say("cli.db.stamp.description")),
    )
    p.add_argument("version", help=say("cli.db.stamp.version"))
    p.add_argument("--database-url", help=say("cli.database_url"))
    p.set_defaults(func=cmd_db_stamp)

    users = sub.add_parser("users", help=say("cli.users.help"))
    users_sub = users.add_subparsers(dest="users_command", required=True)
    p = users_sub.add_parser("add", help=say("cli.users.add.help"))
    p.add_argument("username")
    p.add_argument("--role", choices=ROLES, required=True)
    p.add_argument("--org", help=say("cli.users.add.org"))
    p.add_argument("--password-stdin", action="store_true", help=say("cli.password_stdin"))
    p.add_argument(
        "--single-sign-on",
        action="store_true",
        help=say("cli.users.add.single_sign_on"),
    )
    p.set_defaults(func=cmd_users_add)
    p = users_sub.add_parser("disable", help=say("cli.users.disable.help"))
    p.add_argument("username")
    p.set_defaults(func=cmd_users_disable)
    p = users_sub.add_parser("enable", help=say("cli.users.enable.help"))
    p.add_argument("username")
    p.set_defaults(func=cmd_users_enable)
    p = users_sub.add_parser("reset", help=say("cli.users.reset.help"))
    p.add_argument("username")
    p.add_argument("--password-stdin", action="store_true", help=say("cli.password_stdin"))
    p.set_defaults(func=cmd_users_reset)
    p = users_sub.add_parser("role", help=say("cli.users.role.help"))
    p.add_argument("username")
    p.add_argument("--role", choices=ROLES, required=True)
    p.add_argument("--org", help=say("cli.users.role.org"))
    p.set_defaults(func=cmd_users_role)
    p = users_sub.add_parser("list", help=say("cli.users.list.help"))
    p.set_defaults(func=cmd_users_list)

    orgs = sub.add_parser("orgs", help=say("cli.orgs.help"))
    orgs_sub = orgs.add_subparsers(dest="orgs_command", required=True)
    p = orgs_sub.add_parser("add", help=say("cli.orgs.add.help"))
    p.add_argument("code", help=say("cli.orgs.add.code"))
    p.add_argument("name", help=say("cli.orgs.add.name"))
    p.add_argument("--kind", choices=ORGANISATION_KINDS, required=True)
    p.add_argument("--spoc-role", help=say("cli.orgs.add.spoc_role"))
    p.add_argument("--spoc-phone")
    p.add_argument("--spoc-email")
    p.set_defaults(func=cmd_orgs_add)
    p = orgs_sub.add_parser("list", help=say("cli.orgs.list.help"))
    p.set_defaults(func=cmd_orgs_list)

    reg = sub.add_parser("register", help=say("cli.register.help"))
    reg_sub = reg.add_subparsers(dest="register_command", required=True)
    p = reg_sub.add_parser(
        "purge",
        help=say("cli.register.purge.help"),
        description=say("cli.register.purge.description"),
    )
    p.add_argument("--dry-run", action="store_true", help=say("cli.register.purge.dry_run"))
    p.add_argument("--yes", action="store_true", help=say("cli.register.purge.yes"))
    p.set_defaults(func=cmd_purge)
    p = reg_sub.add_parser(
        "export",
        help=say("cli.register.export.help"),
        description=say("cli.register.export.description"),
    )
    p.add_argument("case_code", help=say("cli.register.export.case_code"))
    p.add_argument("--out", default=".", help=say("cli.register.export.out"))
    p.set_defaults(func=cmd_export_case)
    p = reg_sub.add_parser(
        "seed-demo",
        help=say("cli.register.seed_demo.help"),
        description=say("cli.register.seed_demo.description"),
    )
    p.add_argument("--cases", type=int, default=60)
    p.add_argument("--screenings-per-case", type=int, default=3)
    p.add_argument("--organisations", type=int, default=4)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument(
        "--accounts",
        action="store_true",
        help=say("cli.register.seed_demo.accounts"),
    )
    p.set_defaults(func=cmd_seed_demo)
    p = reg_sub.add_parser(
        "backup",
        help=say("cli.register.backup.help"),
        description=say("cli.register.backup.description"),
    )
    p.add_argument("file", help=say("cli.register.backup.file"))
    p.add_argument("--database-url", help=say("cli.database_url"))
    p.set_defaults(func=cmd_backup)
    p = reg_sub.add_parser(
        "restore",
        help=say("cli.register.restore.help"),
        description=say("cli.register.restore.description"),
    )
    p.add_argument("file", help=say("cli.register.restore.file"))
    p.add_argument("--database-url", help=say("cli.database_url"))
    p.set_defaults(func=cmd_restore)
    p = reg_sub.add_parser("new-key", help=say("cli.register.new_key.help"))
    p.set_defaults(func=cmd_new_key)

    audit = sub.add_parser("audit", help=say("cli.audit.help"))
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    p = audit_sub.add_parser("export", help=say("cli.audit.export.help"))
    p.add_argument("--since", type=_date, help=say("cli.audit.export.since"))
    p.add_argument("--format", choices=["csv", "json"], default="csv")
    p.add_argument("--out", help=say("cli.audit.export.out"))
    p.set_defaults(func=cmd_audit_export)
