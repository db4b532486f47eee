"""Origins: the ``scheme://host[:port]`` part of a URL, as browsers compare them."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443}

# A host name as browsers serialize it in an origin: ASCII labels (IDNs in punycode).
# Anything else (whitespace, ';', ',', '*', quotes) is refused: origins are written into
# CSP source lists, where a space starts another source and ';' another directive.
HOST_NAME = re.compile(r"[a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.?", re.ASCII)


def origin_of(url: str) -> str:
    """Return the origin of ``url``, or ``""`` when it has no scheme and host, or a host
    that is not a plain host name or IP address (a wildcard, spaces, ``;``...).

    >>> origin_of("https://connector.example.com:443/app/?x=1")
    'https://connector.example.com'
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return ""
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return ""
    host = parts.hostname
    if ":" in host:  # IPv6 literal
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            return ""
        host = f"[{host}]"
    elif not HOST_NAME.fullmatch(host):
        return ""
    if port is not None and port != DEFAULT_PORTS[parts.scheme]:
        return f"{parts.scheme}://{host}:{port}"
    return f"{parts.scheme}://{host}"


def valid_origins(values: Iterable[Any]) -> list[str]:
    """The values that are origins, normalized, without repeats; the others dropped
    (system check ``crm_connect.E003`` reports them). What goes into a CSP header or a
    ``postMessage`` target comes from here, never from the setting as written."""
    origins: list[str] = []
    for value in values:
        origin = origin_of(value) if isinstance(value, str) else ""
        if origin and origin not in origins:
            origins.append(origin)
    return origins
