"""The CSP setups every CSP test runs under, in the style of django-debug-toolbar's.

django-csp and Django's built-in middleware, each before and after
``CrmConnectMiddleware``, and no CSP at all. The built-in setups exist on every Django: on
Django 5.2, which has no built-in CSP, a test parametrized with one is skipped with
:data:`BUILTIN_CSP_SKIP`'s reason (tests/conftest.py applies each setup's ``marks``), so
the report shows what did not run. Policies are written once, neutrally, with :data:`NONCE` standing
for each library's nonce sentinel.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from importlib.util import find_spec
from typing import Any

import pytest
from csp.constants import NONCE as DJANGO_CSP_NONCE
from django.conf import settings
from django.test import override_settings

from crm_connect import csp

HAS_BUILTIN_CSP = find_spec("django.middleware.csp") is not None
BUILTIN_CSP_SKIP = pytest.mark.skipif(
    not HAS_BUILTIN_CSP, reason="Django's built-in CSP middleware is new in Django 6.0"
)
OURS = "crm_connect.middleware.CrmConnectMiddleware"
NONCE = object()  # stands for the library's nonce sentinel
Policy = Mapping[str, list[Any]]

BASE_MIDDLEWARE = [
    path
    for path in settings.MIDDLEWARE
    if path not in (csp.DJANGO_CSP_MIDDLEWARE, csp.BUILTIN_CSP_MIDDLEWARE)
]
assert OURS in BASE_MIDDLEWARE


@dataclass(frozen=True)
class Setup:
    name: str
    library: str | None  # csp.DJANGO_CSP, csp.BUILTIN or None
    order: str = ""  # "before" ours in MIDDLEWARE, or "last"

    def __str__(self) -> str:
        return self.name

    @property
    def marks(self) -> list[pytest.MarkDecorator]:
        """The marks of a test run under this setup (tests/conftest.py applies them)."""
        return [BUILTIN_CSP_SKIP] if self.library == csp.BUILTIN else []

    def middleware(self, *, with_ours: bool = True) -> list[str]:
        base = [path for path in BASE_MIDDLEWARE if with_ours or path != OURS]
        if self.library is None:
            return base
        path = (
            csp.DJANGO_CSP_MIDDLEWARE
            if self.library == csp.DJANGO_CSP
            else csp.BUILTIN_CSP_MIDDLEWARE
        )
        if self.order == "before" and OURS in base:
            base.insert(base.index(OURS), path)
        else:
            base.append(path)
        return base

    def policy_settings(
        self, policy: Policy | None = None, report_only: Policy | None = None
    ) -> dict[str, Any]:
        """Settings giving this setup's library ``policy`` (and ``report_only``)."""
        values: dict[str, Any] = {
            "SECURE_CSP": {},
            "SECURE_CSP_REPORT_ONLY": {},
            "CONTENT_SECURITY_POLICY": None,
            "CONTENT_SECURITY_POLICY_REPORT_ONLY": None,
        }
        if self.library == csp.DJANGO_CSP:
            values["CONTENT_SECURITY_POLICY"] = django_csp_config(policy)
            values["CONTENT_SECURITY_POLICY_REPORT_ONLY"] = django_csp_config(report_only)
        elif self.library == csp.BUILTIN:
            values["SECURE_CSP"] = builtin_config(policy)
            values["SECURE_CSP_REPORT_ONLY"] = builtin_config(report_only)
        return values

    def settings(
        self,
        policy: Policy | None = None,
        report_only: Policy | None = None,
        *,
        with_ours: bool = True,
        **extra: Any,
    ) -> override_settings:
        return override_settings(
            MIDDLEWARE=self.middleware(with_ours=with_ours),
            **self.policy_settings(policy, report_only),
            **extra,
        )


def django_csp_config(policy: Policy | None) -> dict[str, Any] | None:
    if not policy:
        return None
    directives: dict[str, Any] = {"default-src": None}  # else django-csp adds 'self'
    for name, values in policy.items():
        directives[name] = [DJANGO_CSP_NONCE if value is NONCE else value for value in values]
    return {"DIRECTIVES": directives}


def builtin_config(policy: Policy | None) -> dict[str, Any]:
    if not policy:
        return {}
    return {
        name: [csp.BUILTIN_NONCE if value is NONCE else value for value in values]
        for name, values in policy.items()
    }


NO_CSP = Setup("no CSP", None)
LIBRARY_SETUPS = [
    Setup("django-csp before ours", csp.DJANGO_CSP, "before"),
    Setup("django-csp last", csp.DJANGO_CSP, "last"),
    Setup("built-in CSP before ours", csp.BUILTIN, "before"),
    Setup("built-in CSP last", csp.BUILTIN, "last"),
]
SETUPS = [NO_CSP, *LIBRARY_SETUPS]
# The newest library, after ours: for a test that runs under one library setup only.
NEWEST_LAST = LIBRARY_SETUPS[-1] if HAS_BUILTIN_CSP else LIBRARY_SETUPS[1]


# --- reading responses ---------------------------------------------------------------


class ScriptCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts.append(dict(attrs))


def scripts_of(html: str) -> list[dict[str, str | None]]:
    parser = ScriptCollector()
    parser.feed(html)
    return parser.scripts


def header_nonce(policy: str) -> str | None:
    nonces = set(re.findall(r"'nonce-([^']+)'", policy))
    assert len(nonces) <= 1, policy
    return nonces.pop() if nonces else None


def directives(policy: str | None) -> dict[str, str]:
    """A policy header as {directive: "value"}, without nonces (they change per request,
    and a page that renders no script does not generate one)."""
    if policy is None:
        return {}
    return {
        name: " ".join(value for value in values if not value.startswith("'nonce-"))
        for name, values in csp.directives_of(policy).items()
    }
