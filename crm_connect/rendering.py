"""HTML pieces every protocol's tags render: ``<script>`` tags with the CSP nonce, each
at most once per request, and JSON configuration blocks."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from crm_connect.csp import get_nonce
from crm_connect.render_state import render_state
from crm_connect.static_urls import static_url

CORE_SCRIPT = "crm_connect/channel.js"
#: The core's page side (one click dispatcher, the number of a ``tel:`` link, the record
#: chooser): with the protocols that act on links (UCP, Skylight), and loaded by
#: ``connector.js`` with its features; a connector-only page does without it.
PAGE_SCRIPT = "crm_connect/channel-page.js"

#: How long (ms) UCP's and Skylight's scripts wait for the connector's handshake before
#: they set themselves up anyway (a connector that is slow or absent). They start at once
#: on a page without the connector, and as soon as it has sent ``crmData``.
CONNECTOR_FIRST_WAIT = 1000

#: What ``json_script`` escapes in a JSON block: nothing in it can end the ``<script>``.
JSON_SCRIPT_ESCAPES = (("<", "\\u003C"), (">", "\\u003E"), ("&", "\\u0026"))


def script_tags(
    request: HttpRequest | None, context: Any, *paths: str, defer: bool = False
) -> SafeString:
    """``<script>`` tags for ``paths`` with the CSP nonce, each at most once per request.

    ``defer``: the scripts run after the page is parsed, in order, and never hold the
    parser (UCP's and Skylight's, so that the connector's handshake comes first). The
    core (``channel.js``) is never deferred: the connector's script needs it at once."""
    loaded: set[str] = set()
    if request is not None:
        loaded = render_state(request).scripts
    wanted = [path for path in paths if path not in loaded]
    loaded.update(wanted)
    nonce = nonce_attribute(request, context) + (" defer" if defer else "")
    # Every page with a tag renders these: plain string building over escaped values,
    # not format_html (which would escape and mark each piece again).
    return mark_safe(  # noqa: S308
        "".join(f'<script src="{escape(static_url(path))}"{nonce}></script>' for path in wanted)
    )


def nonce_attribute(request: HttpRequest | None, context: Any = None) -> SafeString:
    """`` nonce="..."`` when a CSP nonce is in use for this request, else ``""``."""
    nonce = get_nonce(request, context)
    return mark_safe(f' nonce="{escape(nonce)}"' if nonce else "")  # noqa: S308


def config_script(
    request: HttpRequest | None, context: Any, value: Any, element_id: str
) -> SafeString:
    """``value`` as a JSON ``<script>`` block (what ``json_script`` makes, in compact
    JSON), with the CSP nonce when one is in use.

    A JSON block is not run, so CSP does not need the nonce on it; it carries it anyway
    so that every ``<script>`` on a nonce-protected page has one. ``<``, ``>`` and ``&``
    are escaped as in ``json_script``, so no value can close the block.
    """
    text = json.dumps(value, cls=DjangoJSONEncoder, separators=(",", ":"))
    for character, escaped in JSON_SCRIPT_ESCAPES:
        text = text.replace(character, escaped)
    return mark_safe(  # noqa: S308
        f'<script{nonce_attribute(request, context)} id="{escape(element_id)}"'
        f' type="application/json">{text}</script>'
    )
