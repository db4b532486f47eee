"""Every system check id: a test that triggers it, and a line in docs/checks.md."""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.checks import Tags, run_checks
from django.core.checks.registry import registry
from django.core.management import call_command
from django.test import override_settings

from crm_connect import checks, config_checks
from crm_connect.models import CallCenter
from crm_connect.protocols import PROTOCOLS
from tests.csp.setups import LIBRARY_SETUPS, NONCE, Setup

ROOT = Path(__file__).resolve().parent.parent
OURS = "crm_connect.middleware.CrmConnectMiddleware"
CSP_PROCESSORS = ("django.template.context_processors.csp", "csp.context_processors.nonce")


def ids(**settings: Any) -> list[str]:
    """The crm_connect check ids raised under ``settings``."""
    with override_settings(**settings):
        # Not the "models" tag: Django's JSONField check would query the database.
        messages = run_checks(tags=[Tags.security, Tags.templates, Tags.urls])
    return sorted(message.id for message in messages if message.id.startswith("crm_connect."))


def crm_connect(**values: Any) -> dict[str, Any]:
    return {"CRM_CONNECT": values}


# Cookies that reach frames on another site: W003 stays quiet under these.
CROSS_SITE_COOKIES = {
    "SESSION_COOKIE_SAMESITE": "None",
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SAMESITE": "None",
    "CSRF_COOKIE_SECURE": True,
}


def templates(
    settings: Any, *, drop: tuple[str, ...] = (), add: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    result = []
    for engine in settings.TEMPLATES:
        processors = [p for p in engine["OPTIONS"]["context_processors"] if p not in drop]
        processors += [p for p in add if p not in processors]
        result.append(
            {**engine, "OPTIONS": {**engine["OPTIONS"], "context_processors": processors}}
        )
    return result


@pytest.mark.django_db
def test_the_example_project_passes_every_check() -> None:
    call_command("check", fail_level="WARNING")
    assert ids() == []


# --- CRM_CONNECT values --------------------------------------------------------------


@pytest.mark.parametrize("value", [["CONNECTOR_URL"], "https://connector.example.com/", None, 0])
def test_e000_crm_connect_is_not_a_dict(value: Any) -> None:
    assert ids(CRM_CONNECT=value) == ["crm_connect.E000"]


@pytest.mark.django_db
def test_without_crm_connect_every_check_runs_and_none_fails(settings: Any) -> None:
    """The setting is optional (call centers can come from the admin)."""
    del settings.CRM_CONNECT
    messages = run_checks(include_deployment_checks=True, databases=["default"])
    ours = sorted(m.id for m in messages if m.id and m.id.startswith("crm_connect."))
    # W100: no directory model; deploy: W020 (Django's default, per-process cache),
    # W301 (UCP would post to '*'). The test database is SQLite in IMMEDIATE mode or
    # PostgreSQL: no W021.
    assert ours == ["crm_connect.W020", "crm_connect.W100", "crm_connect.W301"]


def cache_ids(**settings: Any) -> list[str]:
    with override_settings(**settings):
        messages = run_checks(tags=[Tags.caches], include_deployment_checks=True)
    return sorted(message.id for message in messages if message.id.startswith("crm_connect."))


LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/1",
    }
}


def test_w020_a_per_process_cache_keeps_other_workers_on_stale_call_centers() -> None:
    assert cache_ids(CACHES=LOCMEM, **crm_connect()) == ["crm_connect.W020"]
    assert cache_ids(CACHES=LOCMEM, **crm_connect(CACHE_TIMEOUT=None)) == ["crm_connect.W020"]
    # Only with --deploy: a development server runs one process.
    with override_settings(CACHES=LOCMEM):
        assert not [m for m in run_checks(tags=[Tags.caches]) if m.id == "crm_connect.W020"]


@pytest.mark.parametrize(
    "settings",
    [
        {"CACHES": REDIS},
        {"CACHES": {**REDIS, "local": LOCMEM["default"]}},  # CACHE_ALIAS is "default"
        {"CACHES": LOCMEM, "CRM_CONNECT": {"CACHE_TIMEOUT": 0}},  # no cache at all
        {"CACHES": {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}},
    ],
)
def test_a_shared_cache_or_none_raises_no_w020(settings: dict[str, Any]) -> None:
    assert cache_ids(**settings) == []


SQLITE = {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}


def test_w021_sqlite_with_deferred_transactions_fails_parallel_saves() -> None:
    def deploy_ids(database: dict[str, Any]) -> list[str]:
        # The check's body, on a configuration the test process does not switch to.
        return [m.id for m in config_checks.sqlite_warnings({"default": database})]

    assert deploy_ids(SQLITE) == ["crm_connect.W021"]
    assert deploy_ids({**SQLITE, "OPTIONS": {"transaction_mode": "DEFERRED"}}) == [
        "crm_connect.W021"
    ]
    assert deploy_ids({**SQLITE, "OPTIONS": {"transaction_mode": "IMMEDIATE"}}) == []
    assert deploy_ids({"ENGINE": "django.db.backends.postgresql", "NAME": "crm"}) == []
    # A deployment check that plain `check --deploy` runs (no --database needed): the
    # suite's own database is SQLite in IMMEDIATE mode or PostgreSQL, so it stays quiet.
    messages = run_checks(tags=[Tags.compatibility], include_deployment_checks=True)
    assert not [m for m in messages if m.id == "crm_connect.W021"]
    assert config_checks.check_sqlite in registry.get_checks(include_deployment_checks=True)
    assert config_checks.check_sqlite not in registry.get_checks()


def test_e021_the_cache_alias_is_not_in_caches() -> None:
    assert cache_ids(CACHES=REDIS, **crm_connect(CACHE_ALIAS="shared")) == ["crm_connect.E021"]
    assert cache_ids(CACHES=REDIS, **crm_connect(CACHE_ALIAS="shared", CACHE_TIMEOUT=0)) == []


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("DIRECTORY_LIMIT", "500"),
        ("HANDSHAKE_TIMEOUT", [1]),
        ("CACHE_TIMEOUT", "300"),
        ("CACHE_LOCAL_TIMEOUT", "5"),
        ("PHONE_SEARCH_LIMIT", True),
        ("LOG_RETRY_DELAY", 2.5),
    ],
)
def test_e020_a_number_setting_of_another_type(key: str, value: Any) -> None:
    assert ids(**crm_connect(**{key: value})) == ["crm_connect.E020"]


@pytest.mark.parametrize("value", ["popup", "Docked", "", 1, None])
def test_e013_the_connector_mode_is_docked_or_window(value: Any) -> None:
    assert ids(**crm_connect(CONNECTOR_MODE=value)) == ["crm_connect.E013"]
    assert ids(**crm_connect(CONNECTOR_MODE="window")) == []


@pytest.mark.parametrize(
    "settings",
    [
        {"CONNECTOR_URL": "connector.example.com/app/"},
        {"CONNECTOR_URL": "/sandbox/connector/"},
        {"CONNECTOR_URL": "ftp://connector.example.com/"},
        {"CONNECTOR_URL": "https:///no-host"},
        {"CONNECTOR_URL": 42},
    ],
)
def test_e001_a_url_needs_a_scheme_and_a_host(settings: dict[str, Any]) -> None:
    assert ids(**crm_connect(**settings)) == ["crm_connect.E001"]


def test_e002_call_center_settings_must_be_sections_of_strings() -> None:
    assert ids(**crm_connect(CALL_CENTER_SETTINGS={"ReqGeneralInfo": {"x": 1}})) == [
        "crm_connect.E002"
    ]


@pytest.mark.parametrize(
    "origin",
    [
        "https://ucp.example.com/",  # event.origin never ends with a slash
        "https://ucp.example.com/agent",
        "https://ucp.example.com?tab=1",
        "https://ucp.example.com#tab",
        "https://ucp.example.com?",
        "https://user:secret@ucp.example.com",
        "ucp.example.com",
        "//ucp.example.com",
        "ws://ucp.example.com",
        "https://",
        "https://ucp.example.com:99999",
        "HTTPS://UCP.example.com",  # browsers report it lower-cased
        "https://ucp.example.com:443",  # ... and without the default port
        "*",
        "null",
        42,
        # Each would widen or break the frame-ancestors directive it is written into.
        "https://ucp.example.com *",
        "https://ucp.example.com https://evil.example",
        "https://ucp.example.com;script-src",
        "https://ucp.example.com,https://evil.example",
        "https://*.example.com",
        "https://ucp.example.com:*",
        "https://'self'",
        "https://ucp.exa mple.com",
        "https://ucp.example.com\t",
    ],
)
def test_e003_an_origin_is_exactly_scheme_host_and_port(origin: Any) -> None:
    assert ids(**CROSS_SITE_COOKIES, **crm_connect(UCP_ORIGINS=[origin])) == ["crm_connect.E003"]


def test_e003_applies_to_every_origin_setting_in_a_list_or_alone() -> None:
    assert ids(
        **CROSS_SITE_COOKIES,
        **crm_connect(
            UCP_ORIGINS=["https://ok.example.com", "https://bad.example.com/"],
            UCP_ORIGIN="https://bad.example.com/x",  # also a key crm_connect does not read
        ),
    ) == ["crm_connect.E003", "crm_connect.E003", "crm_connect.W040"]


def test_good_origins_pass() -> None:
    origins = ["https://ucp.example.com", "https://ucp.example.com:8443", "http://localhost:8001"]
    assert ids(DEBUG=False, **CROSS_SITE_COOKIES, **crm_connect(UCP_ORIGINS=origins)) == []


@pytest.mark.parametrize(
    "settings",
    [
        {"CONNECTOR_URL": "http://connector.example.com/app/"},
        {"SKYLIGHT_URL": "http://skylight.example.com/"},
        {"UCP_ORIGINS": ["http://ucp.example.com"]},
    ],
)
def test_e004_http_outside_debug(settings: dict[str, Any]) -> None:
    raised = ids(
        DEBUG=False,
        SESSION_COOKIE_SAMESITE="None",
        SESSION_COOKIE_SECURE=True,
        CSRF_COOKIE_SAMESITE="None",
        CSRF_COOKIE_SECURE=True,
        **crm_connect(**settings),
    )
    assert raised == ["crm_connect.E004"]
    assert ids(DEBUG=True, **CROSS_SITE_COOKIES, **crm_connect(**settings)) == []


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:8001/sandbox/connector/",
        "http://app.localhost/",
        "http://127.0.0.1:8001/",
        "http://127.0.0.2/",
        "http://[::1]:8001/",
        "https://connector.example.com/",
    ],
)
def test_http_is_fine_for_local_hosts(url: str) -> None:
    assert ids(DEBUG=False, **crm_connect(CONNECTOR_URL=url)) == []


@pytest.mark.django_db
def test_e009_stored_call_centers_need_https_outside_debug(make_call_center: Any) -> None:
    make_call_center(name="Local", connector_url="http://localhost:8001/c/")
    make_call_center(
        name="Plain",
        connector_url="https://connector.example.com/",
        skylight_url="http://skylight.example.com/",
        is_default=False,
    )
    with override_settings(DEBUG=False):
        messages = run_checks(tags=[Tags.database], databases=["default"])
        assert [(m.id, m.obj) for m in messages if m.id.startswith("crm_connect.")] == [
            ("crm_connect.E009", "Plain")
        ]
        assert ids() == []  # not run without --database
    with override_settings(DEBUG=True):
        assert run_checks(tags=[Tags.database], databases=["default"]) == []
    assert CallCenter.objects.count() == 2


@override_settings(ROOT_URLCONF="tests.csp.urls_without_app")
def test_e010_the_crm_connect_urls_are_not_included() -> None:
    assert ids() == ["crm_connect.E010"]


# --- templates -----------------------------------------------------------------------


def test_w001_no_request_context_processor(settings: Any) -> None:
    assert ids(
        TEMPLATES=templates(settings, drop=("django.template.context_processors.request",))
    ) == ["crm_connect.W001"]


@pytest.mark.parametrize("setup", LIBRARY_SETUPS, ids=str)
def test_w002_a_nonce_policy_without_its_context_processor(setup: Setup, settings: Any) -> None:
    without = templates(settings, drop=CSP_PROCESSORS)
    with setup.settings({"script-src": ["'self'", NONCE]}):
        assert ids(TEMPLATES=without) == ["crm_connect.W002"]
        assert ids(TEMPLATES=templates(settings, add=CSP_PROCESSORS)) == []
    with setup.settings({"script-src": ["'self'"]}):
        assert ids(TEMPLATES=without) == []  # no nonce, no need


# --- CSP, framing, popups, cookies ---------------------------------------------------


def test_e005_both_csp_middlewares() -> None:
    from crm_connect import csp

    middleware = [*LIBRARY_SETUPS[0].middleware(), csp.BUILTIN_CSP_MIDDLEWARE]
    assert ids(MIDDLEWARE=middleware, **LIBRARY_SETUPS[0].policy_settings(None)) == [
        "crm_connect.E005"
    ]


@pytest.mark.parametrize("setup", LIBRARY_SETUPS, ids=str)
@pytest.mark.parametrize(
    ("policy", "static_url", "blocked"),
    [
        ({"script-src": ["'none'"]}, "/static/", True),
        ({"default-src": ["'none'"]}, "/static/", True),
        ({"script-src": ["'self'", "'strict-dynamic'"]}, "/static/", True),
        (
            {"script-src-elem": ["https://other.example.com"], "script-src": ["'self'"]},
            "/static/",
            True,
        ),
        ({"script-src": ["'self'"]}, "https://cdn.example.com/static/", True),
        ({"script-src": ["'self'"]}, "/static/", False),
        ({"script-src": ["'self'", NONCE, "'strict-dynamic'"]}, "/static/", False),
        ({"script-src": ["https://cdn.example.com"]}, "https://cdn.example.com/static/", False),
        ({"script-src": ["https:"]}, "https://cdn.example.com/static/", False),
        ({"img-src": ["'self'"]}, "/static/", False),
    ],
)
def test_e006_a_policy_that_blocks_the_scripts(
    setup: Setup, policy: dict[str, Any], static_url: str, blocked: bool, settings: Any
) -> None:
    with_processors = templates(settings, add=CSP_PROCESSORS)
    with setup.settings(policy, STATIC_URL=static_url, TEMPLATES=with_processors):
        assert ids() == (["crm_connect.E006"] if blocked else [])


@pytest.mark.parametrize("setup", LIBRARY_SETUPS, ids=str)
@pytest.mark.parametrize(
    ("policy", "report_only", "restricts"),
    [
        ({"default-src": ["'self'"], "script-src": ["'self'"]}, None, True),
        ({"child-src": ["'self'"], "script-src": ["'self'"]}, None, True),
        ({"frame-src": ["'self'"], "script-src": ["'self'"]}, None, True),
        ({"script-src": ["'self'"]}, {"default-src": ["'self'"]}, True),
        ({"script-src": ["'self'"]}, None, False),
    ],
)
def test_e007_frames_restricted_without_crm_connect_middleware(
    setup: Setup, policy: dict[str, Any], report_only: Any, restricts: bool
) -> None:
    with setup.settings(policy, report_only, with_ours=False):
        raised = ids()
    assert ("crm_connect.E007" in raised) is restricts
    with setup.settings(policy, report_only):
        assert ids() == []


@pytest.mark.parametrize("setup", LIBRARY_SETUPS, ids=str)
@pytest.mark.parametrize(
    ("policy", "static_url", "blocked"),
    [
        ({"connect-src": ["'none'"], "script-src": ["'self'"]}, "/static/", True),
        ({"connect-src": ["https://api.example.com"], "script-src": ["'self'"]}, "/static/", True),
        (
            {"connect-src": ["'self'"], "script-src": ["https://cdn.example.com"]},
            "https://cdn.example.com/static/",
            True,
        ),
        ({"connect-src": ["'self'"], "script-src": ["'self'"]}, "/static/", False),
        ({"default-src": ["'self'"]}, "/static/", False),  # frames: E007 only
        ({"script-src": ["'self'"]}, "/static/", False),  # connections not restricted
        (
            {"connect-src": ["https://cdn.example.com"], "script-src": ["https://cdn.example.com"]},
            "https://cdn.example.com/static/",
            False,
        ),
    ],
)
def test_w004_connections_restricted_without_crm_connect_middleware(
    setup: Setup, policy: dict[str, Any], static_url: str, blocked: bool
) -> None:
    """A strict connect-src without the middleware: Skylight's SDK table is refused."""
    with setup.settings(policy, with_ours=False, STATIC_URL=static_url):
        raised = ids()
    assert ("crm_connect.W004" in raised) is blocked
    assert "crm_connect.E006" not in raised
    with setup.settings(policy, STATIC_URL=static_url):
        assert "crm_connect.W004" not in ids()
    with setup.settings(None, policy, with_ours=False, STATIC_URL=static_url):  # report-only
        assert ("crm_connect.W004" in ids()) is blocked


def test_w003_host_origins_with_cookies_that_stay_home() -> None:
    origins = crm_connect(UCP_ORIGINS=["https://ucp.example.com"])
    assert ids(**origins) == ["crm_connect.W003", "crm_connect.W003"]  # session and CSRF
    assert ids(CSRF_USE_SESSIONS=True, **origins) == ["crm_connect.W003"]
    assert ids(SESSION_COOKIE_SAMESITE=False, CSRF_USE_SESSIONS=True, **origins) == [
        "crm_connect.W003"
    ]
    assert ids(**CROSS_SITE_COOKIES, **origins) == []
    assert ids() == []  # no host origins, nothing framed by other sites


def test_e008_samesite_none_without_secure() -> None:
    assert ids(
        SESSION_COOKIE_SAMESITE="None",
        SESSION_COOKIE_SECURE=False,
        CSRF_USE_SESSIONS=True,
        **crm_connect(UCP_ORIGINS=["https://ucp.example.com"]),
    ) == ["crm_connect.E008"]


# --- documentation -------------------------------------------------------------------


def _documented_by_heading() -> dict[str, set[str]]:
    """docs/checks.md's ids under each ``## heading``."""
    sections: dict[str, set[str]] = {}
    heading = ""
    for line in (ROOT / "docs" / "checks.md").read_text().splitlines():
        if line.startswith("## "):
            heading = line[3:].strip()
        match = re.match(r"^\| `(crm_connect\.[EW]\d{3})` \|", line)
        if match:
            sections.setdefault(heading, set()).add(match.group(1))
    return sections


def test_every_check_id_is_documented_and_tested() -> None:
    modules = sorted((ROOT / "crm_connect").rglob("*checks.py"))
    assert len(modules) >= 5  # the registry, configuration, pages, and one per protocol
    source = "\n".join(module.read_text() for module in modules)
    defined = set(re.findall(r'id="(crm_connect\.[EW]\d{3})"', source))
    # The settings model's ids: in its fields' metadata, and E000 where it is read.
    conf_source = "\n".join(
        (ROOT / "crm_connect" / name).read_text() for name in ("conf.py", "settings_model.py")
    )
    defined |= set(re.findall(r'"(crm_connect\.[EW]\d{3})"', conf_source))
    documented = set().union(*_documented_by_heading().values())
    tests = "\n".join(path.read_text() for path in (ROOT / "tests").rglob("test_*.py"))
    tested = {f"crm_connect.{name.upper()}" for name in re.findall(r"def test_([ew]\d{3})_", tests)}
    # Parametrized tests name the ids they expect in their cases.
    tested |= set(re.findall(r'"(crm_connect\.[EW]\d{3})"', tests)) & defined
    assert defined == documented
    assert defined <= tested
    assert defined == checks.ids_of()  # each check declares every id it returns


def test_each_subsystem_documents_its_own_ids_under_its_heading() -> None:
    sections = _documented_by_heading()
    assert set(sections) == set(checks.SUBSYSTEMS.values())
    for subsystem, heading in checks.SUBSYSTEMS.items():
        assert sections[heading] == checks.ids_of(subsystem), heading


def test_each_check_declares_the_ids_its_own_source_returns() -> None:
    for entry in checks.CHECKS:
        module = inspect.getsource(inspect.getmodule(entry.function))  # type: ignore[arg-type]
        own = re.findall(r'id="(crm_connect\.[EW]\d{3})"', module)
        assert set(own) <= checks.ids_of(entry.subsystem), entry.function.__qualname__


def test_the_registry_hands_every_check_to_django_and_nothing_else_registers() -> None:
    registered = registry.get_checks(include_deployment_checks=True)
    deploy_only = set(registered) - set(registry.get_checks())
    for entry in checks.CHECKS:
        assert entry.function in registered
        assert (entry.function in deploy_only) is entry.deploy
        assert set(entry.function.tags) == set(entry.tags)  # type: ignore[attr-defined]
    protocol_modules = {f"crm_connect.{name}.checks" for name in PROTOCOLS}
    assert protocol_modules <= set(checks.CHECK_MODULES)
    on_disk = {
        ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for path in (ROOT / "crm_connect").rglob("*checks.py")
    }
    assert on_disk == {*checks.CHECK_MODULES, "crm_connect.checks"}
    for path in (ROOT / "crm_connect").rglob("*.py"):
        assert "@register(" not in path.read_text(), path  # one registry: crm_connect/checks.py


def test_an_unknown_subsystem_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown subsystem"):
        checks.check("fax", ids=("crm_connect.E999",), tags=(Tags.security,))
