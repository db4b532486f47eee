"""URLs of the app's static files, resolved once per process.

``static()`` asks the storage backend on every call (for a manifest storage: a lookup of
the hashed name). The app's own files do not change while a process runs, so each page
that renders a tag reuses the answer. Changing the static settings (tests do, with
``override_settings``) forgets it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static

STATIC_SETTINGS = frozenset({"STATIC_URL", "STORAGES", "STATICFILES_STORAGE", "DEBUG"})


@lru_cache(maxsize=32)
def static_url(path: str) -> str:
    return static(path)


@receiver(setting_changed)
def _forget_static_urls(*, setting: str, **kwargs: Any) -> None:
    if setting in STATIC_SETTINGS:
        static_url.cache_clear()
