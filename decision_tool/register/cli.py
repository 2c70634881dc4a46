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
from .auth import terminal_actor
from .models import ORGANISATION_KINDS, ROLES
from .service import Register
from .settings import PREFIX, RegisterConfigError, load_settings


def _database_url(args: argparse.Namespace) -> str:
    url = getattr(args, "database_url", None) or os.environ.get(PREFIX + "DATABASE_URL", "").strip()
    if not url:
        raise RegisterConfigError(
            "the register is off: set DECISION_TOOL_DATABASE_URL (e.g. sqlite:///var/register.db) first"
        )
    return url


def _register() -> Register:
    settings = load_settings()
    if settings is None:
        raise RegisterConfigError(
            "the register is off: set DECISION_TOOL_DATABASE_URL (e.g. sqlite:///var/register.db) first"
        )
    return Register.open(settings)


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise UserError("no terminal to type a password in: use --password-stdin to pipe it in")
    first = getpass.getpass("New password (not shown): ")
    if getpass.getpass("Type it again: ") != first:
        raise UserError("the two passwords differ; nothing was changed")
    return first


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from .db import current_revision, upgrade

    url = _database_url(args)
    upgrade(url)
    print(f"OK: register database at version {current_revision(url)}")
    return 0


def cmd_db_stamp(args: argparse.Namespace) -> int:
    from .db import stamp

    url = _database_url(args)
    stamp(url, args.version)
    print(
        f"OK: register database marked as version {args.version} (no migration was run). "
        "Run `decision-tool db upgrade` next."
    )
    return 0


def cmd_users_add(args: argparse.Namespace) -> int:
    password = None if args.single_sign_on else _password(args)
    with _register() as register:
        user = register.add_user(terminal_actor(), args.username, password, args.role, args.org)
    where = f" in {user.organisation_code}" if user.organisation_code else ""
    print(f"OK: added {user.username} ({user.role}{where})")
    return 0


def cmd_users_disable(args: argparse.Namespace) -> int:
    with _register() as register:
        register.disable_user(terminal_actor(), args.username)
    print(f"OK: {args.username} can no longer sign in (signed-in sessions stop at their next step)")
    return 0


def cmd_users_enable(args: argparse.Namespace) -> int:
    with _register() as register:
        register.enable_user(terminal_actor(), args.username)
    print(f"OK: {args.username} can sign in again")
    return 0


def cmd_users_reset(args: argparse.Namespace) -> int:
    with _register() as register:
        register.reset_password(terminal_actor(), args.username, _password(args))
    print(
        f"OK: new password set for {args.username}; any lock-out is lifted, and every session signed in before ends"
    )
    return 0


def cmd_users_role(args: argparse.Namespace) -> int:
    with _register() as register:
        user = register.change_role(terminal_actor(), args.username, args.role, args.org)
    where = f" in {user.organisation_code}" if user.organisation_code else ""
    print(f"OK: {user.username} is now {user.role}{where}; every session signed in before ends")
    return 0


def cmd_users_list(args: argparse.Namespace) -> int:
    with _register() as register:
        users = register.list_users(terminal_actor())
    for u in users:
        state = "active" if u.active else "disabled"
        if u.locked_until and u.locked_until > dt.datetime.now(dt.UTC):
            state += f", locked until {u.locked_until:%H:%M} UTC"
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
    print(f"OK: added organisation {org.code} ({org.name}, {org.kind})")
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
        f"{len(found)} case(s) with no activity since before {long_date(cutoff)} "
        f"(retention {register.settings.retention_days} days):"
    )
    for case in found:
        print(
            f"  {case.code}  {case.organisation_code:<12} last activity {case.last_activity_at:%Y-%m-%d}  "
            f"{case.screenings} screening(s)"
        )
    if args.dry_run or not found:
        print("Dry run: nothing was deleted." if args.dry_run else "Nothing to delete.")
        return 0
    if not args.yes:
        if not sys.stdin.isatty():
            raise UserError("to delete these cases without a terminal, add --yes")
        if input("Type DELETE to delete them for good: ").strip() != "DELETE":
            print("Nothing was deleted.")
            return 0
    removed = register.purge(actor)
    print(f"Deleted {len(removed)} case(s) and their screenings. The audit trail keeps their codes.")
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
        f"OK: {summary.cases} fictional demo cases with {summary.screenings} screenings in "
        f"{summary.organisations} demo organisations (DEMO-A ...). Trainers find them by references like "
        f"{demo_reference(1)}; add a trainer with: decision-tool users add NAME --role trainer --org DEMO-A"
    )
    if accounts:
        print(
            "\nDEMO ACCOUNTS for this workshop (fictional cases only). The passwords are shown this once;"
            " run seed-demo --accounts again for new ones:"
        )
        width = max(len(a.username) for a in accounts)  # the passwords in one column
        for a in accounts:
            where = f" in {a.organisation_code}" if a.organisation_code else ""
            print(f"  {a.username:<{width}}  {a.password}   ({a.role}{where})")
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
    print(f"OK: wrote {out / (code + '.json')} and {out / (code + '.pdf')}")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from .backup import backup

    done = backup(_database_url(args), Path(args.file), terminal_actor())
    print(
        f"OK: backed up the register (version {done.version}) to {done.path} ({done.size:,} bytes). It holds "
        "the screenings: keep it as safe as the register. The reference key is not in it: keep the key's "
        "own backup apart."
    )
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
    print(f"OK: restored {args.file} (version {done.version}).")
    if done.sign_ins_ended:
        print(f"Ended {done.sign_ins_ended} sign-in(s) kept in the backup: everyone signs in again.")
    status = 0
    if done.version != done.head:
        print(f"Next: run `decision-tool db upgrade`: this release needs version {done.head}.")
    if done.key_matches is False:
        print(
            "But the reference key set here is not the one this register was started with: the app will "
            "refuse to start until DECISION_TOOL_REFERENCE_KEY (or _FILE) holds the original key.",
            file=sys.stderr,
        )
        status = 1
    return status


def cmd_new_key(args: argparse.Namespace) -> int:
    print(secrets.token_hex(32))
    return 0


def _date(text: str) -> dt.datetime:
    try:
        return dt.datetime.combine(dt.date.fromisoformat(text), dt.time(), tzinfo=dt.UTC)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2026-01-31, got '{text}'") from None


def cmd_audit_export(args: argparse.Namespace) -> int:
    with _register() as register:
        text = register.export_audit(terminal_actor(), args.since, fmt=args.format)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"OK: wrote {args.out}")
    else:
        sys.stdout.write(text)
    return 0


def add_commands(sub: Any) -> None:
    """Add the register's commands to the `decision-tool` parser."""
    db = sub.add_parser("db", help="register database: create or upgrade its tables")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    p = db_sub.add_parser(
        "upgrade",
        help="create the register's tables or bring them up to date",
        description="Run the register's migrations on DECISION_TOOL_DATABASE_URL (back up first).",
    )
    p.add_argument("--database-url", help="instead of DECISION_TOOL_DATABASE_URL")
    p.set_defaults(func=cmd_db_upgrade)
    p = db_sub.add_parser(
        "stamp",
        help="mark the database as at a version without migrating (repairs only, with care)",
        description=(
            "Record that the register's tables are at VERSION without running any migration: only to "
            "repair a lost or wrong version stamp when you know the tables' version. Back up first."
        ),
    )
    p.add_argument("version", help="a migration version, e.g. 0002_panel")
    p.add_argument("--database-url", help="instead of DECISION_TOOL_DATABASE_URL")
    p.set_defaults(func=cmd_db_stamp)

    users = sub.add_parser("users", help="register accounts: add, disable, enable, reset, role, list")
    users_sub = users.add_subparsers(dest="users_command", required=True)
    p = users_sub.add_parser("add", help="add an account (asks for the password without showing it)")
    p.add_argument("username")
    p.add_argument("--role", choices=ROLES, required=True)
    p.add_argument("--org", help="organisation code (needed for practitioner and trainer)")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p.add_argument(
        "--single-sign-on",
        action="store_true",
        help="no password: signs in only through the identity provider (username = their email)",
    )
    p.set_defaults(func=cmd_users_add)
    p = users_sub.add_parser("disable", help="stop an account signing in (at once)")
    p.add_argument("username")
    p.set_defaults(func=cmd_users_disable)
    p = users_sub.add_parser("enable", help="let a disabled account sign in again")
    p.add_argument("username")
    p.set_defaults(func=cmd_users_enable)
    p = users_sub.add_parser("reset", help="set a new password (and lift a lock-out)")
    p.add_argument("username")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p.set_defaults(func=cmd_users_reset)
    p = users_sub.add_parser("role", help="give an account another role (ends its sessions at once)")
    p.add_argument("username")
    p.add_argument("--role", choices=ROLES, required=True)
    p.add_argument("--org", help="organisation code (practitioners and trainers)")
    p.set_defaults(func=cmd_users_role)
    p = users_sub.add_parser("list", help="list accounts, their roles and state")
    p.set_defaults(func=cmd_users_list)

    orgs = sub.add_parser("orgs", help="organisations in the register: add, list")
    orgs_sub = orgs.add_subparsers(dest="orgs_command", required=True)
    p = orgs_sub.add_parser("add", help="add an organisation")
    p.add_argument("code", help="short code, e.g. SCH-12")
    p.add_argument("name", help="e.g. 'Riverside Academy'")
    p.add_argument("--kind", choices=ORGANISATION_KINDS, required=True)
    p.add_argument("--spoc-role", help="single point of contact: role (not a name)")
    p.add_argument("--spoc-phone")
    p.add_argument("--spoc-email")
    p.set_defaults(func=cmd_orgs_add)
    p = orgs_sub.add_parser("list", help="list organisations")
    p.set_defaults(func=cmd_orgs_list)

    reg = sub.add_parser(
        "register", help="register upkeep: retention, export, backup and restore, demo data, a new key"
    )
    reg_sub = reg.add_subparsers(dest="register_command", required=True)
    p = reg_sub.add_parser(
        "purge",
        help="delete cases past the retention period",
        description="List cases with no activity for longer than DECISION_TOOL_RETENTION_DAYS; delete them "
        "unless --dry-run. The audit trail is kept.",
    )
    p.add_argument("--dry-run", action="store_true", help="only list what would be deleted")
    p.add_argument("--yes", action="store_true", help="delete without asking (for scheduled jobs)")
    p.set_defaults(func=cmd_purge)
    p = reg_sub.add_parser(
        "export",
        help="export a whole case (JSON + PDF) for a subject access request",
        description="Write CASE_CODE.json and CASE_CODE.pdf: every screening the register holds on the case.",
    )
    p.add_argument("case_code", help="e.g. C-7KQ2MX")
    p.add_argument("--out", default=".", help="folder to write into (default: here)")
    p.set_defaults(func=cmd_export_case)
    p = reg_sub.add_parser(
        "seed-demo",
        help="fill the register with fictional demo cases (workshops, benchmarks)",
        description="Add demo organisations (Demo School A ...) and fictional cases with screenings. "
        "Use a separate register for workshops.",
    )
    p.add_argument("--cases", type=int, default=60)
    p.add_argument("--screenings-per-case", type=int, default=3)
    p.add_argument("--organisations", type=int, default=4)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument(
        "--accounts",
        action="store_true",
        help="also make one demo account per role (demo-admin, demo-practitioner ...) and print their "
        "new passwords once; only in a register with no real cases",
    )
    p.set_defaults(func=cmd_seed_demo)
    p = reg_sub.add_parser(
        "backup",
        help="copy the whole register into a new file (safe while the app runs)",
        description="Copy the register at DECISION_TOOL_DATABASE_URL into FILE, which must not exist yet: "
        "SQLite through its online backup, PostgreSQL through pg_dump --format=custom. Audited. The "
        "reference key is not in the backup: keep it apart.",
    )
    p.add_argument("file", help="the backup file to make, e.g. register-2026-12-07.backup")
    p.add_argument("--database-url", help="instead of DECISION_TOOL_DATABASE_URL")
    p.set_defaults(func=cmd_backup)
    p = reg_sub.add_parser(
        "restore",
        help="restore a backup into an EMPTY database",
        description="Restore FILE (made by `register backup`) into the database at DECISION_TOOL_DATABASE_URL "
        "(or --database-url), which must be empty: a new SQLite file name, or a new PostgreSQL database. "
        "FILE is checked first; a damaged one changes nothing. Audited in the restored register.",
    )
    p.add_argument("file", help="the backup file")
    p.add_argument("--database-url", help="instead of DECISION_TOOL_DATABASE_URL")
    p.set_defaults(func=cmd_restore)
    p = reg_sub.add_parser("new-key", help="print a new random reference key (for a new register)")
    p.set_defaults(func=cmd_new_key)

    audit = sub.add_parser("audit", help="the audit trail: export")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    p = audit_sub.add_parser("export", help="write the audit trail as CSV or JSON")
    p.add_argument("--since", type=_date, help="only events on or after this date (YYYY-MM-DD)")
    p.add_argument("--format", choices=["csv", "json"], default="csv")
    p.add_argument("--out", help="file to write (default: standard output)")
    p.set_defaults(func=cmd_audit_export)
