"""HTML pieces every protocol's tags render: ``<script>`` tags with the CSP nonce, each
at most once per request, and JSON configuration blocks."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from crm_connect.csp import get_nonce
from crm_connect.render_state import render_state
from crm_connect.schemas.base import WireModel
from crm_connect.static_urls import static_url

CORE_SCRIPT = "crm_connect/channel.js"
#: The core's page side (one click dispatcher, the number of a ``tel:`` link, the record
#: chooser): loaded with the protocols that act on links (UCP, Skylight), and by
#: ``connector.js`` with its features; a connector-only page does without it.
PAGE_SCRIPT = "crm_connect/channel-page.js"
#: The core's loader, with UCP's and Skylight's tags (deferred, never on a connector-only
#: page): it runs the scripts their configuration blocks name after the connector's answer,
#: and holds the clicks and messages meant for them meanwhile (docs/javascript.md).
LAZY_SCRIPT = "crm_connect/channel-lazy.js"

#: How long (ms) UCP's and Skylight's scripts wait for the connector's handshake before
#: they load anyway (a connector that is slow or absent). They load at once on a page
#: without the connector, as soon as it has sent ``crmData``, and on the page's first
#: click or key press.
CONNECTOR_FIRST_WAIT = 1000

#: What ``json_script`` escapes in a JSON block: nothing in it can end the ``<script>``.
JSON_SCRIPT_ESCAPES = (("<", "\\u003C"), (">", "\\u003E"), ("&", "\\u0026"))


class ScriptsAfterConnector(WireModel):
    """A configuration block's ``load``: what ``channel-lazy.js`` runs after the connector's
    answer, and what it holds for those scripts until they have run."""

    #: The scripts' URLs, run in this order (each once per page, whichever block names it).
    scripts: list[str]
    #: ms to wait for the connector's answer: :data:`CONNECTOR_FIRST_WAIT`.
    wait: int
    #: A CSS selector: a click on a matching control before the scripts have run is
    #: dispatched again once they have (within the click's user activation).
    clicks: str = ""
    #: An origin whose messages are held until the scripts have run, for them to take
    #: (``crmConnect.channel.takeHeld(origin)``).
    hold: str = ""


def after_connector(
    paths: Sequence[str], *, clicks: str = "", hold: str = ""
) -> ScriptsAfterConnector:
    """The ``load`` of a configuration block: the static files ``paths`` (storage URLs,
    hashed with a manifest storage), run after the connector's answer."""
    return ScriptsAfterConnector(
        scripts=[static_url(path) for path in paths],
        wait=CONNECTOR_FIRST_WAIT,
        clicks=clicks,
        hold=hold,
    )


def lazy_script_tags(request: HttpRequest | None, context: Any) -> SafeString:
    """What a tag with an ``after_connector`` block renders: the core (``channel.js``, not
    deferred) and its loader (deferred), each once per request."""
    return script_tags(request, context, CORE_SCRIPT) + script_tags(
        request, context, LAZY_SCRIPT, defer=True
    )


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
    request: HttpRequest | None,
    context: Any,
    value: Any,
    element_id: str,
    *,
    load: bool = False,
) -> SafeString:
    """``value`` as a JSON ``<script>`` block (what ``json_script`` makes, in compact
    JSON), with the CSP nonce when one is in use.

    A JSON block is not run, so CSP does not need the nonce on it; it carries it anyway
    so that every ``<script>`` on a nonce-protected page has one. ``<``, ``>`` and ``&``
    are escaped as in ``json_script``, so no value can close the block. ``load``: the
    block has a ``load`` (:func:`after_connector`) for ``channel-lazy.js`` to run.
    """
    text = json.dumps(value, cls=DjangoJSONEncoder, separators=(",", ":"))
    for character, escaped in JSON_SCRIPT_ESCAPES:
        text = text.replace(character, escaped)
    marker = " data-crm-connect-load" if load else ""
    return mark_safe(  # noqa: S308
        f'<script{nonce_attribute(request, context)} id="{escape(element_id)}"'
        f' type="application/json"{marker}>{text}</script>'
    )
