"""The page registry: every page file is in it once, and who may open each page."""

import pytest

from decision_tool.register.auth import Actor
from decision_tool.ui import registry

from .conftest import ROOT


def actor(role: str) -> Actor:
    return Actor(user_id=1, username="fictional.user", role=role, organisation_id=None)


def test_every_page_file_is_registered_once():
    files = [e.file for e in registry.PAGES]
    assert sorted(files) == sorted(f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py"))


def test_addresses_are_unique():
    paths = [e.url_path for e in registry.PAGES]
    assert len(set(paths)) == len(paths)


def test_with_the_register_off_there_are_no_register_pages():
    files = {e.file for e in registry.entries_for(False, None)}
    assert "pages/start.py" in files and "pages/privacy.py" in files
    assert not {f for f in files if "register_" in f or "panel_" in f or "missing_" in f}


def test_before_sign_in_only_the_footer_pages():
    assert [e.title for e in registry.entries_for(True, None)] == [
        "Accessibility statement",
        "Privacy notice",
    ]


@pytest.mark.parametrize(
    ("role", "menu"),
    [
        ("practitioner", ["Start", "Training", "Rules", "Cases", "Missing episodes"]),
        ("panel", ["Start", "Training", "Rules", "Cases", "Panel list", "Panel trends", "Missing episodes"]),
        (
            "admin",
            ["Start", "Training", "Rules", "Regional consistency", "Audit trail", "What a change would do"],
        ),
        (
            "regional_coordinator",
            ["Start", "Training", "Rules", "Regional consistency", "What a change would do"],
        ),
    ],
)
def test_each_role_sees_its_pages_in_the_menu(role, menu):
    assert [e.title for e in registry.entries_for(True, actor(role)) if e.menu] == menu


def test_an_admin_may_not_open_a_panel_case():
    (panel_case,) = [e for e in registry.PAGES if e.file == "pages/panel_case.py"]
    assert not registry.may_open(panel_case, actor("admin"))
    assert not registry.may_open(panel_case, None)
    assert registry.may_open(panel_case, actor("panel"))
