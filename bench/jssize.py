"""What JavaScript a page with only the connector tag downloads, and its gzip size: the
scripts the tag renders (downloaded at load), and the feature module ``connector.js``
loads from the URL in the tag's configuration when a feature is first used; likewise
Skylight's cross-tab relay, which ``skylight.js`` loads only when a tab needs it."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

SCRIPT_SRC = re.compile(r"<script\b[^>]*\bsrc=\"([^\"]+)\"")
CONNECTOR_CONFIG = re.compile(
    r'<script\b[^>]*\bid="crm-connect-connector-config"[^>]*>(.*?)</script>', re.S
)
SKYLIGHT_CONFIG = re.compile(
    r'<script\b[^>]*\bid="crm-connect-skylight-config"[^>]*>(.*?)</script>', re.S
)


def static_file(url: str) -> Path:
    """The static file served at ``url``."""
    prefix = "/" + settings.STATIC_URL.lstrip("/")
    assert url.startswith(prefix), f"{url} is not a static file"
    found = finders.find(url[len(prefix) :].split("?")[0])
    assert found, f"no static file behind {url}"
    return Path(str(found))


def script_files(html: str) -> list[Path]:
    """The static files behind every ``<script src>`` in ``html``: loaded with the page."""
    return [static_file(src) for src in SCRIPT_SRC.findall(html)]


def feature_files(html: str) -> list[Path]:
    """What the connector's configuration in ``html`` loads on demand: the feature module's
    files, and the core's page side (``channel-page.js``) it needs."""
    match = CONNECTOR_CONFIG.search(html)
    assert match, "no connector configuration on the page"
    config = json.loads(match.group(1))
    return [*map(static_file, config["featureUrls"]), static_file(config["pageUrl"])]


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def connector_js_bytes(html: str) -> dict[str, int]:
    """``{file name: gzip -9 bytes}`` for the scripts in ``html``."""
    return {path.name: gzip_size(path) for path in script_files(html)}


def feature_js_bytes(html: str) -> dict[str, int]:
    """``{file name: gzip -9 bytes}`` for the feature module(s) loaded on demand."""
    return {path.name: gzip_size(path) for path in feature_files(html)}


def relay_js_bytes(html: str) -> dict[str, int]:
    """``{file name: gzip -9 bytes}`` for the Skylight relay the configuration in ``html``
    points at: loaded when a tab first needs it."""
    match = SKYLIGHT_CONFIG.search(html)
    assert match, "no Skylight configuration on the page"
    path = static_file(json.loads(match.group(1))["relayUrl"])
    return {path.name: gzip_size(path)}
