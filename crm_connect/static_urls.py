"""URLs of the app's static files, resolved once per process.

``static()`` asks the storage backend on every call (for a manifest storage: a lookup of
the hashed name). The app's own files do not change while a process runs, so each page
that renders a tag reuses the answer, until a setting changes.
"""

from __future__ import annotations

from django.templatetags.static import static

from crm_connect.settings_cache import until_settings_change


@until_settings_change(maxsize=32)
def static_url(path: str) -> str:
    return static(path)
