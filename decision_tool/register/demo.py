"""Clearly fictional demo data for workshops and benchmarks: demo organisations, cases and screenings.

Every case is ``demo=True``; organisations are called "Demo School A" and so on; screenings are the
scenario library's fictional children, scored by the real engine and saved as real records. The demo
users who "saved" them cannot sign in (no usable password). Use a separate register for workshops.

For a workshop, ``seed_demo_accounts`` adds one account per role that can sign in (``demo-admin``,
``demo-practitioner`` ...), with new random passwords shown once. Only a register with no real case
takes them, and the access policy keeps any ``demo-`` account to demo cases whatever its role.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session, sessionmaker

from ..errors import UserError
from ..records.record import EXPLOITATION_MODELS, make_record
from ..rules.catalog import Catalog, default_rules_dir
from ..screening.engine import assess
from ..screening.scenarios import load_catalog, scenario_answers
from ..wording.messages import say
from .audit import record_event
from .auth import hash_password
from .models import Case, Organisation, Screening, User, utc_now
from .policy import DEMO_ACCOUNT_PREFIX, ROLES_IN_ORDER
from .references import CODE_ALPHABET, reference_hash

DEMO_ORGANISATIONS = (
    ("DEMO-A", "Demo School A", "school"),
    ("DEMO-B", "Demo School B", "school"),
    ("DEMO-C", "Demo Pharmacy C", "pharmacy"),
    ("DEMO-D", "Demo Social Care D", "social_care"),
    ("DEMO-E", "Demo Health E", "health"),
    ("DEMO-F", "Demo Police F", "police"),
)
NO_PASSWORD = "!demo account: no sign-in"  # not an argon2 hash: verification always fails


# The demo organisation of the accounts that need one (a practitioner's or trainer's cases are its own).
DEMO_ACCOUNT_ORGANISATION = DEMO_ORGANISATIONS[0][0]
_ROLES_WITH_ORGANISATION = ("practitioner", "trainer")


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    organisation_code: str | None
    password: str  # shown once, at the terminal that made it; only its hash is stored


@dataclass(frozen=True)
class DemoSummary:
    organisations: int
    cases: int
    screenings: int


def demo_reference(n: int) -> str:
    """The local reference of demo case n: what a trainer types to find it (e.g. DEMO-00042)."""
    return f"DEMO-{n:05d}"


def _organisation_codes(count: int) -> list[tuple[str, str, str]]:
    out = list(DEMO_ORGANISATIONS[:count])
    for i in range(len(out), count):
        out.append((f"DEMO-{i + 1:03d}", f"Demo School {i + 1}", "school"))
    return out


# Models of exploitation the demo records name (fictional; "not known" as often as a practitioner might).
DEMO_MODELS = ["relationship", "peer_on_peer", "party", "online", "gang_or_group", "not_known"]


def _record_pool(catalog: Catalog) -> list[dict[str, Any]]:
    """One scored record per fictional scenario, as JSON data, to copy with new dates."""
    pool = []
    for scenario in catalog.scenarios:
        rules = catalog.rule_sets[scenario.rules]
        result = assess(rules, scenario_answers(scenario, rules), contacts=catalog.directories.get("england"))
        pool.append(json.loads(make_record(result, dt.datetime(2026, 1, 1)).model_dump_json()))
    return pool


def seed_demo(
    sessions: sessionmaker[Session],
    cases: int = 60,
    screenings_per_case: int = 3,
    seed: int = 1,
    *,
    organisations: int = 4,
    reference_key: bytes | None = None,
    catalog: Catalog | None = None,
    now: dt.datetime | None = None,
    progress: Callable[[int], None] | None = None,
) -> DemoSummary:
    """Add demo organisations, cases and screenings. With the install's key, trainers can find demo case
    n by typing ``DEMO-0000n``; without it, the references are random and cases are found by code."""
    rng = random.Random(seed)
    models_rng = random.Random(seed + 1)  # its own sequence: the rest of the demo stays as it was
    catalog = catalog or load_catalog(default_rules_dir())
    pool = _record_pool(catalog)
    now = now or utc_now()
    with sessions() as s:
        org_ids, user_ids = _demo_organisations(s, _organisation_codes(organisations), now)
        first = s.scalar(select(Case.id).order_by(Case.id.desc()).limit(1)) or 0
        used_codes = set(s.scalars(select(Case.code)))
        made_screenings = 0
        batch_cases: list[dict[str, Any]] = []
        batch_screenings: list[tuple[int, dict[str, Any]]] = []
        for i in range(cases):
            n = first + i + 1
            org = i % len(org_ids)
            created = now - dt.timedelta(days=rng.randint(0, 900), minutes=rng.randint(0, 1440))
            code = new_case_code(rng, used_codes)
            ref = reference_hash(reference_key, demo_reference(n)) if reference_key else secrets.token_hex(32)
            when = created
            rows = []
            for _ in range(screenings_per_case):
                record = dict(rng.choice(pool))
                record["created"] = when.replace(tzinfo=None).isoformat()
                review = record["assessment"]["review_days"]
                record["review_by"] = (
                    (when.date() + dt.timedelta(days=review)).isoformat() if review else None
                )
                if models_rng.random() < 0.6:  # the panel's trends by model of exploitation have data
                    models = models_rng.sample(DEMO_MODELS, models_rng.choice((1, 1, 2)))
                    record["details"] = {
                        **record["details"],
                        "exploitation_models": [m for m in EXPLOITATION_MODELS if m in models],
                    }
                a = record["assessment"]
                rows.append(
                    {
                        "saved_by": user_ids[org],
                        "saved_at": when,
                        "questionnaire_id": a["rules_version"]["id"],
                        "rules_version": a["rules_version"]["version"],
                        "rules_hash": a["rules_version"]["sha256"],
                        "level_id": a["level"],
                        "tool_level_id": a["tool_level"],
                        "score": a["score"],
                        "record_json": json.dumps(record, ensure_ascii=False, separators=(",", ":")),
                    }
                )
                last = when
                when = min(now, when + dt.timedelta(days=rng.randint(60, 120)))
            batch_cases.append(
                {
                    "code": code,
                    "reference_hash": ref,
                    "organisation_id": org_ids[org],
                    "locality_id": "england",
                    "status": "open" if rng.random() < 0.8 else "closed",
                    "closed_reason": None,
                    "created_at": created,
                    "last_activity_at": last if rows else created,
                    "demo": True,
                }
            )
            batch_screenings += [(len(batch_cases) - 1, row) for row in rows]
            if len(batch_cases) >= 500 or i == cases - 1:
                made_screenings += _flush(s, batch_cases, batch_screenings)
                batch_cases, batch_screenings = [], []
                if progress:
                    progress(i + 1)
        from .panel_demo import seed_panel_demo  # the panel's episodes and decisions on the demo cases

        panel = seed_panel_demo(s, rng, now)
        record_event(
            s,
            None,
            "seed-demo",
            "seed_demo",
            at=now,
            detail=f"{cases} demo cases, {made_screenings} screenings, {panel.episodes} missing episodes, "
            f"{panel.decisions} panel decisions",
        )
        s.commit()
        # Fresh statistics after a bulk load: without them PostgreSQL plans a case list as if the tables
        # were empty (about 50x slower until autovacuum catches up).
        s.execute(text("ANALYZE"))
        s.commit()
    return DemoSummary(len(org_ids), cases, made_screenings)


def _flush(s: Session, cases: list[dict[str, Any]], screenings: list[tuple[int, dict[str, Any]]]) -> int:
    s.execute(insert(Case), cases)
    ids = dict(s.execute(select(Case.code, Case.id).where(Case.code.in_([c["code"] for c in cases]))).all())
    rows = [{**row, "case_id": ids[cases[index]["code"]]} for index, row in screenings]
    if rows:
        s.execute(insert(Screening), rows)
    return len(rows)


def new_case_code(rng: random.Random, used: set[str]) -> str:
    """A random case code not in ``used`` (added to it), for bulk-seeded fictional cases."""
    while True:
        code = "C-" + "".join(rng.choice(CODE_ALPHABET) for _ in range(6))
        if code not in used:
            used.add(code)
            return code


def _demo_organisations(
    s: Session, wanted: list[tuple[str, str, str]], now: dt.datetime
) -> tuple[list[int], list[int]]:
    org_ids, user_ids = [], []
    for code, name, kind in wanted:
        org = s.scalars(select(Organisation).where(Organisation.code == code)).one_or_none()
        if org is None:
            org = Organisation(code=code, name=name, kind=kind)
            s.add(org)
            s.flush()
        username = f"demo.{code.lower()}"
        user = s.scalars(select(User).where(User.username == username)).one_or_none()
        if user is None:
            user = User(
                username=username,
                password_hash=NO_PASSWORD,
                role="practitioner",
                organisation_id=org.id,
                active=False,
                failed_signins=0,
                created_at=now,
            )
            s.add(user)
            s.flush()
        org_ids.append(org.id)
        user_ids.append(user.id)
    return org_ids, user_ids


def refuse_real_cases(sessions: sessionmaker[Session]) -> None:
    """Demo accounts are for a workshop's own register: refuse one that holds any real case."""
    with sessions() as s:
        real = s.scalar(select(Case.id).where(Case.demo.is_(False)).limit(1))
    if real is not None:
        raise UserError(say("register.demo.real_cases"))


def seed_demo_accounts(
    sessions: sessionmaker[Session], *, now: dt.datetime | None = None
) -> list[DemoAccount]:
    """One account per role that can sign in, named ``demo-<role>``, each with a new random password
    (an account already there gets a new one, is enabled and unlocked). Needs the demo organisations
    (``seed_demo`` first); refuses a register with real cases."""
    refuse_real_cases(sessions)
    now = now or utc_now()
    made = []
    with sessions() as s:
        org = s.scalars(
            select(Organisation).where(Organisation.code == DEMO_ACCOUNT_ORGANISATION)
        ).one_or_none()
        if org is None:
            raise UserError(say("register.demo.no_organisations"))
        for role in ROLES_IN_ORDER:
            username = f"{DEMO_ACCOUNT_PREFIX}{role}"
            password = secrets.token_urlsafe(12)  # 16 characters, about 96 bits
            org_id = org.id if role in _ROLES_WITH_ORGANISATION else None
            user = s.scalars(select(User).where(User.username == username)).one_or_none()
            if user is None:
                user = User(username=username, created_at=now)
                s.add(user)
            user.password_hash = hash_password(password)
            user.role = role
            user.organisation_id = org_id
            user.active = True
            user.failed_signins = 0
            user.locked_until = None
            made.append(DemoAccount(username, role, org.code if org_id else None, password))
        record_event(
            s,
            None,
            "seed-demo",
            "demo_accounts",
            at=now,
            detail="new passwords for " + ", ".join(a.username for a in made),
        )
        s.commit()
    return made
