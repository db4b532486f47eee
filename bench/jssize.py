"""What JavaScript a page with only the connector tag downloads, and its gzip size."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

SCRIPT_SRC = re.compile(r"<script\b[^>]*\bsrc=\"([^\"]+)\"")


def script_files(html: str) -> list[Path]:
    """The static files behind every ``<script src>`` in ``html``."""
    files = []
    for src in SCRIPT_SRC.findall(html):
        prefix = "/" + settings.STATIC_URL.lstrip("/")
        assert src.startswith(prefix), f"{src} is not a static file"
        found = finders.find(src[len(prefix) :].split("?")[0])
        assert found, f"no static file behind {src}"
        files.append(Path(str(found)))
    return files


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def connector_js_bytes(html: str) -> dict[str, int]:
    """``{file name: gzip -9 bytes}`` for the scripts in ``html``."""
    return {path.name: gzip_size(path) for path in script_files(html)}
