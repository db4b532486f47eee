"""Content Security Policy, whichever library makes it.

Three setups are supported, and this module is the only place that knows them apart:

* django-csp 4 (``csp.middleware.CSPMiddleware``): ``request.csp_nonce``; a view changes
  the policy through ``response._csp_config`` / ``_csp_update`` / ``_csp_replace``.
* Django's built-in CSP (Django 6+, ``ContentSecurityPolicyMiddleware``): ``SECURE_CSP``,
  ``get_nonce(request)``; a view changes the policy through ``response._csp_config``.
* no CSP library at all.

What it offers:

* :func:`get_nonce`: the nonce to put on a ``<script>``, or None when the policy does
  not use one (a nonce nobody asked for is not rendered).
* :func:`allow_frame_src`: called while a page renders (the connector tag does), so
  that :class:`crm_connect.middleware.CrmConnectMiddleware` adds the origin to the
  page's ``frame-src``, starting from ``child-src`` or ``default-src`` when
  ``frame-src`` is absent, so that nothing the policy allowed is dropped.
* :func:`allow_connect_src`: the same for ``connect-src`` (the Skylight tag asks for the
  URL of the SDK table its script fetches), starting from ``default-src``.
* :func:`update_policies`: change directives of a response's policies (enforced and
  report-only) whether the header is written yet or not, and whichever library writes it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.functional import LazyObject

from crm_connect.render_state import recorded_state, render_state

try:  # Django >= 6.0
    from django.utils.csp import CSP

    BUILTIN_NONCE: str | None = str(CSP.NONCE)
except ImportError:  # pragma: no cover - Django 5.2
    BUILTIN_NONCE = None

DJANGO_CSP_NONCE: object | None
try:  # django-csp >= 4.0
    from csp.constants import NONCE

    DJANGO_CSP_NONCE = NONCE
except ImportError:  # pragma: no cover - django-csp not installed
    DJANGO_CSP_NONCE = None

DJANGO_CSP_MIDDLEWARE = "csp.middleware.CSPMiddleware"
BUILTIN_CSP_MIDDLEWARE = "django.middleware.csp.ContentSecurityPolicyMiddleware"
DJANGO_CSP = "django-csp"
BUILTIN = "builtin"

HEADER = "Content-Security-Policy"
HEADER_REPORT_ONLY = "Content-Security-Policy-Report-Only"

# Where a browser looks when ``frame-src`` / ``connect-src`` is absent, in order (CSP Level 3).
FRAME_SRC_FALLBACK = ("frame-src", "child-src", "default-src")
CONNECT_SRC_FALLBACK = ("connect-src", "default-src")

Directives = dict[str, list[str]]
Compute = Callable[[Mapping[str, list[str]]], Directives]


# --- which library -------------------------------------------------------------------


def csp_backend() -> str | None:
    """``"django-csp"``, ``"builtin"`` or None: the CSP middleware in ``MIDDLEWARE``.

    With both installed (system check ``crm_connect.E005``) the later one in
    ``MIDDLEWARE`` writes the header, so that one is returned.
    """
    middleware = list(settings.MIDDLEWARE)
    found = [
        (middleware.index(path), name)
        for path, name in ((DJANGO_CSP_MIDDLEWARE, DJANGO_CSP), (BUILTIN_CSP_MIDDLEWARE, BUILTIN))
        if path in middleware and (name != BUILTIN or BUILTIN_NONCE is not None)
    ]
    return max(found)[1] if found else None


def configured_policies(backend: str | None = None) -> list[Mapping[str, Any]]:
    """The policies the settings define for ``backend`` (enforced first), as raw dicts."""
    backend = backend if backend is not None else csp_backend()
    if backend == DJANGO_CSP:
        return [
            _django_csp_directives(getattr(settings, name, None))
            for name in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY")
        ]
    if backend == BUILTIN:
        return [
            dict(getattr(settings, name, None) or {})
            for name in ("SECURE_CSP", "SECURE_CSP_REPORT_ONLY")
        ]
    return [{}, {}]


def _django_csp_directives(config: Any) -> Mapping[str, Any]:
    if not config:  # django-csp sends no header at all
        return {}
    directives = dict(config.get("DIRECTIVES", {}) or {})
    directives.setdefault("default-src", ["'self'"])  # django-csp's default
    return directives


def source_list(value: Any) -> list[str]:
    """A directive's value from settings as a list of strings, nonce sentinels removed."""
    if value is None or value is False:
        return []
    if value is True:
        return []
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        value = [value]
    elif isinstance(value, (set, frozenset)):
        value = sorted(value, key=str)
    return [str(item) for item in value if not is_nonce_sentinel(item)]


def is_nonce_sentinel(value: Any) -> bool:
    return (DJANGO_CSP_NONCE is not None and value is DJANGO_CSP_NONCE) or (
        BUILTIN_NONCE is not None and isinstance(value, str) and value == BUILTIN_NONCE
    )


def uses_nonce(policy: Mapping[str, Any]) -> bool:
    """True when a settings policy puts the request's nonce in some directive."""
    for value in policy.values():
        if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
            value = [value]
        if any(is_nonce_sentinel(item) for item in value):
            return True
    return False


def policy_uses_nonce() -> bool:
    return any(uses_nonce(policy) for policy in configured_policies())


# --- the nonce -----------------------------------------------------------------------


def get_nonce(request: HttpRequest | None, context: Any = None) -> str | None:
    """The CSP nonce for a ``<script>`` of this request, or None.

    Looks at the template context's ``csp_nonce`` (Django's ``csp`` context processor)
    and ``CSP_NONCE`` (django-csp's), then ``request.csp_nonce`` (django-csp) and
    Django's ``get_nonce(request)``. Both libraries make the nonce lazily; it is only
    rendered (and so generated, and so sent in the header) when it was already used
    elsewhere in this request or when the configured policy contains the nonce.
    """
    found = render_state(request).nonce if request is not None else None
    if found is not None:
        return found
    for nonce in _nonce_candidates(request, context):
        # Test for laziness first: isinstance(lazy, str) would generate the nonce.
        if isinstance(nonce, LazyObject):
            if bool(nonce) or policy_uses_nonce():
                found = str(nonce)
        elif nonce:  # a plain value: somebody computed it on purpose
            found = str(nonce)
        if found is not None:
            # One nonce per request: later tags on the page reuse it. Only a found nonce
            # is remembered; "none yet" can change when the page uses a lazy nonce later.
            if request is not None:
                render_state(request).nonce = found
            return found
    return None


def _nonce_candidates(request: HttpRequest | None, context: Any) -> Iterable[Any]:
    if context is not None:
        for key in ("csp_nonce", "CSP_NONCE"):
            try:
                value = context.get(key)
            except AttributeError:
                value = None
            if value is not None:
                yield value
    if request is None:
        return
    value = getattr(request, "csp_nonce", None)  # django-csp
    if value is not None:
        yield value
    if BUILTIN_NONCE is not None:
        from django.middleware.csp import get_nonce as django_get_nonce

        value = django_get_nonce(request)
        if value is not None:
            yield value


# --- frame-src and connect-src for what a page embeds and fetches --------------------


def allow_frame_src(request: HttpRequest | None, origin: str) -> None:
    """Ask for ``origin`` in this page's ``frame-src`` (applied by the middleware)."""
    if request is not None and origin and origin not in render_state(request).frame_src:
        render_state(request).frame_src.append(origin)


def allow_connect_src(request: HttpRequest | None, source: str) -> None:
    """Ask for ``source`` (an origin or a URL) in this page's ``connect-src``."""
    if request is not None and source and source not in render_state(request).connect_src:
        render_state(request).connect_src.append(source)


def frame_src_requested(request: HttpRequest) -> list[str]:
    return list(state.frame_src) if (state := recorded_state(request)) else []


def connect_src_requested(request: HttpRequest) -> list[str]:
    return list(state.connect_src) if (state := recorded_state(request)) else []


_NOT_FOR_FRAMES = ("'nonce-", "'sha256-", "'sha384-", "'sha512-")
_SCRIPT_KEYWORDS = {
    "'strict-dynamic'",
    "'unsafe-inline'",
    "'unsafe-eval'",
    "'unsafe-hashes'",
    "'wasm-unsafe-eval'",
    "'report-sample'",
}


def source_changes(fallback: tuple[str, ...], sources: list[str]) -> Compute:
    """A :data:`Compute` that adds ``sources`` to the directive ``fallback[0]``.

    It starts from what the browser would use without it (for ``frame-src``:
    ``child-src``, then ``default-src``). A policy that restricts none is left alone.
    """
    directive = fallback[0]

    def compute(directives: Mapping[str, list[str]]) -> Directives:
        for name in fallback:
            if name in directives:
                base = directives[name]
                break
        else:
            return {}
        values = [
            value
            for value in base
            if value.lower() != "'none'"
            and value.lower() not in _SCRIPT_KEYWORDS
            and not value.lower().startswith(_NOT_FOR_FRAMES)
        ]
        added = [source for source in sources if source not in values]
        if not added and name == directive and values == base:
            return {}
        return {directive: values + added}

    return compute


def frame_src_changes(origins: list[str]) -> Compute:
    return source_changes(FRAME_SRC_FALLBACK, origins)


def connect_src_changes(sources: list[str]) -> Compute:
    return source_changes(CONNECT_SRC_FALLBACK, sources)


# --- editing a response's policies ---------------------------------------------------


def parse_policy(policy: str) -> list[tuple[str, list[str]]]:
    """``"a x y; b z"`` -> ``[("a", ["x", "y"]), ("b", ["z"])]`` (names lower-cased)."""
    parsed = []
    for part in policy.split(";"):
        tokens = part.split()
        if tokens:
            parsed.append((tokens[0].lower(), tokens[1:]))
    return parsed


def directives_of(policy: str) -> Directives:
    """The directives a browser applies: the first of each name wins."""
    directives: Directives = {}
    for name, values in parse_policy(policy):
        directives.setdefault(name, values)
    return directives


def apply_to_header(policy: str, changes: Mapping[str, list[str]]) -> str:
    parts: list[str] = []
    done: set[str] = set()
    for name, values in parse_policy(policy):
        if name in changes:
            if name in done:
                continue  # a repeated directive is ignored by browsers: drop it
            values = changes[name]
            done.add(name)
        parts.append(" ".join([name, *values]))
    parts.extend(" ".join([name, *changes[name]]) for name in changes if name not in done)
    return "; ".join(parts)


def update_policies(
    request: HttpRequest | None, response: HttpResponseBase, compute: Compute
) -> None:
    """Change the response's enforced and report-only policies with ``compute``.

    ``compute`` gets the policy's directives and returns the ones to set. When the
    header is already written (a CSP middleware ran before) it is edited in place;
    otherwise the active library is told through its per-response attributes.
    """
    for report_only in (False, True):
        _update_policy(response, compute, report_only=report_only)


def _update_policy(response: HttpResponseBase, compute: Compute, *, report_only: bool) -> None:
    header = HEADER_REPORT_ONLY if report_only else HEADER
    if header in response:
        changes = compute(directives_of(response[header]))
        if changes:
            response[header] = apply_to_header(response[header], changes)
        return
    backend = csp_backend()
    if backend == DJANGO_CSP:
        _update_django_csp(response, compute, report_only=report_only)
    elif backend == BUILTIN:
        _update_builtin(response, compute, report_only=report_only)


def _update_django_csp(response: HttpResponseBase, compute: Compute, *, report_only: bool) -> None:
    from csp.utils import build_policy

    suffix = "_ro" if report_only else ""
    update = getattr(response, "_csp_update" + suffix, None)
    replace = getattr(response, "_csp_replace" + suffix, None)
    policy = build_policy(
        config=getattr(response, "_csp_config" + suffix, None),
        update=update,
        replace=replace,
        nonce=None,
        report_only=report_only,
    )
    if not policy:
        return
    changes = compute(directives_of(policy))
    if not changes:
        return
    setattr(response, "_csp_replace" + suffix, {**(replace or {}), **changes})
    if update:  # the new value is final: nothing may be appended to it
        setattr(
            response,
            "_csp_update" + suffix,
            {key: value for key, value in update.items() if key not in changes},
        )


def _update_builtin(response: HttpResponseBase, compute: Compute, *, report_only: bool) -> None:
    attribute = "_csp_ro_config" if report_only else "_csp_config"
    setting = "SECURE_CSP_REPORT_ONLY" if report_only else "SECURE_CSP"
    config = getattr(response, attribute, None)
    if config is None:
        config = getattr(settings, setting, None)
    if not config:
        return
    directives = {
        name: source_list(value)
        for name, value in config.items()
        if value is not None and value is not False
    }
    changes = compute(directives)
    if changes:
        setattr(response, attribute, {**config, **changes})


def will_send_policy(request: HttpRequest | None, response: HttpResponseBase) -> bool:
    """Whether an enforced policy will reach the browser with this response."""
    if HEADER in response:
        return True
    backend = csp_backend()
    if backend == BUILTIN:
        config = getattr(response, "_csp_config", None)
        return bool(config if config is not None else getattr(settings, "SECURE_CSP", None))
    if backend == DJANGO_CSP:
        from csp.utils import build_policy

        if getattr(response, "_csp_exempt", False):
            return False
        if settings.DEBUG and response.status_code in (404, 500):
            return False
        config = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
        prefixes = tuple(config.get("EXCLUDE_URL_PREFIXES", None) or ())
        if request is not None and prefixes and request.path_info.startswith(prefixes):
            return False
        return bool(
            build_policy(
                config=getattr(response, "_csp_config", None),
                update=getattr(response, "_csp_update", None),
                replace=getattr(response, "_csp_replace", None),
            )
        )
    return False
