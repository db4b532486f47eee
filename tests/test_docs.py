"""The reference pages cannot drift from the code: every setting, every template tag.

System check ids are held to docs/checks.md by tests/test_checks.py; the quickstart is
run by tests/packaging/; broken links and pages missing from the nav fail
``mkdocs build --strict`` (``make docs``, part of ``make test``).
"""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pytest

from crm_connect.conf import DEFAULTS, FIELDS, check_id
from crm_connect.templatetags.crm_connect import register

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"

SETTING_KEYS = sorted(FIELDS)
# Defaults that are not a literal: they follow a Django setting.
DERIVED_DEFAULTS = {"DEBUG": "`settings.DEBUG`"}
DJANGO_SECTION = "## Django settings the app reads"


def settings_rows() -> dict[str, list[str]]:
    """``key -> cells`` of every table row of docs/settings.md that documents a key."""
    text = (DOCS / "settings.md").read_text()
    rows = {}
    for line in text[: text.index(DJANGO_SECTION)].splitlines():
        match = re.match(r"^\| `([A-Z_]+)` \|(.*)\|$", line)
        if match:
            rows[match[1]] = [cell.strip() for cell in match[2].split(" | ")]
    return rows


def tag_sections() -> dict[str, str]:
    """``tag name -> text of its section`` in docs/template-tags.md."""
    text = (DOCS / "template-tags.md").read_text()
    parts = re.split(r"^## `(\w+)`\n", text, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_the_settings_are_found_in_conf() -> None:
    assert len(SETTING_KEYS) > 40
    assert {"CONNECTOR_URL", "UCP_ORIGINS", "SKYLIGHT_URL", "PROVIDER"} <= set(SETTING_KEYS)


@pytest.mark.parametrize("key", SETTING_KEYS)
def test_every_setting_is_documented_with_its_default(key: str) -> None:
    rows = settings_rows()
    assert key in rows, f"CRM_CONNECT[{key!r}] is not in docs/settings.md"
    documented = rows[key][0]
    if key in DERIVED_DEFAULTS:
        assert documented == DERIVED_DEFAULTS[key]
        assert FIELDS[key].default is None  # resolved when the setting is read
        return
    actual = getattr(DEFAULTS, key)
    assert documented.startswith("`"), documented
    assert documented.endswith("`"), documented
    assert ast.literal_eval(documented.strip("`")) == actual, (
        f"docs/settings.md says {key} defaults to {documented}, the model to {actual!r}"
    )


@pytest.mark.parametrize("key", SETTING_KEYS)
def test_every_setting_is_documented_with_the_models_description_and_check(key: str) -> None:
    meaning, checks = settings_rows()[key][1:3]
    assert meaning == FIELDS[key].description
    assert check_id(key).removeprefix("crm_connect.") in checks.split(", ")


def test_every_documented_setting_exists() -> None:
    assert set(settings_rows()) <= set(SETTING_KEYS)


def test_every_django_setting_the_app_reads_is_documented() -> None:
    source = "\n".join(path.read_text() for path in (ROOT / "crm_connect").rglob("*.py"))
    read = set(re.findall(r"\bsettings\.([A-Z][A-Z_]+)", source))
    read |= set(re.findall(r"getattr\(settings, \"([A-Z][A-Z_]+)\"", source))
    read -= {"CRM_CONNECT"}
    assert len(read) > 5
    text = (DOCS / "settings.md").read_text()
    django_section = text[text.index(DJANGO_SECTION) :]
    missing = {name for name in read if f"`{name}`" not in django_section}
    assert not missing, f"Django settings read by crm_connect but not documented: {missing}"


@pytest.mark.parametrize("name", sorted(register.tags))
def test_every_template_tag_has_a_section_naming_its_arguments(name: str) -> None:
    sections = tag_sections()
    assert name in sections, f"{{% {name} %}} has no section in docs/template-tags.md"
    section = sections[name]
    assert f"{{% {name}" in section, "the section shows no example of the tag"
    # simple_tag keeps the function (functools.wraps); its options are the keyword ones.
    parameters = inspect.signature(register.tags[name].__wrapped__).parameters.values()
    options = [p.name for p in parameters if p.default is not inspect.Parameter.empty]
    missing = [option for option in options if f"{option}=" not in section]
    assert not missing, f"{name}: arguments not documented: {missing}"


def test_every_documented_tag_is_registered() -> None:
    assert set(tag_sections()) <= set(register.tags)
