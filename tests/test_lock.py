"""The lock files pin, with hashes, every package pyproject.toml asks for, at versions it allows.

`make` installs from requirements-dev.txt, so these checks are what keep an install the same on any day.
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker, default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^ ;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def pins(lock: str) -> dict[str, tuple[str, str | None, int]]:
    """name -> (version, environment marker, number of hashes) for each package in a lock file."""
    found: dict[str, tuple[str, str | None, int]] = {}
    name = None
    for line in (ROOT / lock).read_text().splitlines():
        match = PIN.match(line)
        if match:
            name = canonicalize_name(match[1])
            found[name] = (match[3], match[4], 0)
        elif name and line.strip().startswith("--hash=sha256:"):
            version, marker, hashes = found[name]
            found[name] = (version, marker, hashes + 1)
        elif line and not line.startswith((" ", "#")):
            raise AssertionError(f"{lock}: a line that is not a pin: {line!r}")
    return found


def wanted(extras: tuple[str, ...]) -> list[Requirement]:
    asked = list(PYPROJECT["dependencies"])
    for extra in extras:
        asked += PYPROJECT["optional-dependencies"][extra]
    return [Requirement(text) for text in asked]


LOCKS = {"requirements.txt": (), "requirements-dev.txt": ("test", "dev", "sso")}


@pytest.mark.parametrize("lock", LOCKS)
def test_every_requirement_is_pinned_with_hashes_at_an_allowed_version(lock):
    pinned = pins(lock)
    assert all(hashes for _, _, hashes in pinned.values()), "every pin carries --hash lines"
    for requirement in wanted(LOCKS[lock]):
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{lock} has no pin for {requirement} (run `make lock`)"
        version = pinned[name][0]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{lock} pins {name}=={version}, but pyproject.toml asks for {requirement} (run `make lock`)"
        )


def test_the_app_lock_agrees_with_the_dev_lock():
    app, dev = pins("requirements.txt"), pins("requirements-dev.txt")
    for name, (version, _, _) in app.items():
        assert dev[name][0] == version, f"{name}: {version} in requirements.txt, {dev[name][0]} in dev"


def test_this_environment_was_installed_from_the_lock():
    environment = default_environment()
    for name, (version, marker, _) in pins("requirements-dev.txt").items():
        if marker and not _marker_holds(marker, environment):
            continue
        assert metadata.version(name) == version, (
            f"{name} is {metadata.version(name)}; the lock says {version}"
        )


def _marker_holds(marker: str, environment: dict[str, str]) -> bool:
    return Marker(marker).evaluate(environment)
