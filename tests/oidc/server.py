"""A real OpenID Connect provider for the single sign-on tests: panva's certified ``oidc-provider`` from
npm (pinned exactly in ``tests/oidc/package-lock.json``), run by ``tests/oidc/provider.mjs`` with Node.js
on a free 127.0.0.1 port.

Its packages live in ``tests/oidc/node_modules`` (``npm ci --prefix tests/oidc``; ``.ci/run`` does it).
Outside CI a missing Node.js or missing packages skip the tests with the reason; under CI=true they fail.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path

import pytest

from tests.browser.server import free_port, serving

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "provider.mjs"


def missing() -> str | None:
    """Why the provider cannot start here, or None."""
    if shutil.which("node") is None:
        return "Node.js is not installed (apt-get install nodejs npm): no `node` on PATH"
    if not (HERE / "node_modules" / "oidc-provider" / "package.json").exists():
        return "the test provider's packages are not installed: run `npm ci --prefix tests/oidc`"
    return None


def require() -> None:
    """Skip (or, under CI=true, fail) when the provider cannot start, like the ``browser`` fixture."""
    reason = missing()
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"single sign-on tests cannot run: {reason}")
    pytest.skip(f"single sign-on tests skipped: {reason}")


@contextlib.contextmanager
def oidc_provider(
    tmp: Path,
    *,
    client_id: str,
    client_secret: str,
    redirect_uri: str,
    accounts: Mapping[str, str],
    unverified: Collection[str] = (),
) -> Iterator[str]:
    """Start the provider; yield its issuer URL. ``accounts``: login name -> email, which the provider
    says it verified (``email_verified``) unless the login name is in ``unverified``; "" for an account
    with no email (the provider then sends none)."""
    port = free_port()
    config = tmp / "oidc-provider.json"
    config.write_text(
        json.dumps(
            {
                "client_id": client_id,
                "client_secret": client_secret,
                "redirect_uri": redirect_uri,
                "accounts": {
                    login: {"email": email, "email_verified": login not in unverified}
                    for login, email in accounts.items()
                },
            }
        ),
        encoding="utf-8",
    )
    log = tmp / "oidc-provider.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            ["node", str(SCRIPT), str(port), str(config)], cwd=HERE, stdout=out, stderr=subprocess.STDOUT
        )
    issuer = f"http://127.0.0.1:{port}"
    with serving(
        proc,
        f"{issuer}/.well-known/openid-configuration",
        30,
        lambda: f"the OpenID Connect provider did not start:\n{log.read_text()}",
    ):
        yield issuer
