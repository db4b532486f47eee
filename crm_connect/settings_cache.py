"""Values built from settings (and their arguments) alone: built once, kept until any
setting changes.

Several things the tags render are the same for every user and request: URLs, static
URLs, translated labels, the configuration of UCP and of a call center's Skylight.
Decorate the function that builds one with :func:`until_settings_change`; Django's
``setting_changed`` signal (``override_settings`` in tests) empties every such cache.
Treat what they return as read-only: it is shared.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import _lru_cache_wrapper, lru_cache
from typing import Any, TypeVar

from django.core.signals import setting_changed
from django.dispatch import receiver

T = TypeVar("T")

_caches: list[_lru_cache_wrapper[Any]] = []


def until_settings_change(
    maxsize: int = 128,
) -> Callable[[Callable[..., T]], _lru_cache_wrapper[T]]:
    """``functools.lru_cache(maxsize)``, emptied whenever a setting changes."""

    def decorate(function: Callable[..., T]) -> _lru_cache_wrapper[T]:
        cached = lru_cache(maxsize=maxsize)(function)
        _caches.append(cached)
        return cached

    return decorate


@receiver(setting_changed)
def _forget(**kwargs: Any) -> None:
    for cached in _caches:
        cached.cache_clear()
