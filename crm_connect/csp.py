"""The CSP nonce, whichever library made it: Django's built-in CSP or django-csp."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def get_nonce(request: HttpRequest | None, context: Any = None) -> str | None:
    """Return the request's CSP nonce, or None when no CSP library provides one.

    Looks, in order, at the template context's ``csp_nonce`` (Django's ``csp`` context
    processor), ``request.csp_nonce`` (django-csp) and Django's ``get_nonce(request)``
    (Django 6's middleware without the context processor).
    """
    if context is not None:
        try:
            nonce = context.get("csp_nonce")
        except AttributeError:
            nonce = None
        if nonce:
            return str(nonce)
    if request is None:
        return None
    nonce = getattr(request, "csp_nonce", None)
    if nonce:
        return str(nonce)
    try:
        from django.middleware.csp import get_nonce as django_get_nonce  # Django >= 6.0
    except ImportError:  # pragma: no cover - Django 5.2
        return None
    nonce = django_get_nonce(request)
    return str(nonce) if nonce is not None else None
