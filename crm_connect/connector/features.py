"""The browser-side configuration of the connector features (directory, click-to-dial,
screen pop, interaction logs, custom fields, notifications, reports).

Built from settings and URL names only: rendering it costs no database query.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from pydantic import ValidationError

from crm_connect.conf import conf
from crm_connect.connector.schemas.connector import FEATURE_ACTIONS, MESSAGE_LIMITS
from crm_connect.connector.schemas.custom_fields import custom_fields_data
from crm_connect.providers import reports_url
from crm_connect.rendering import PAGE_SCRIPT
from crm_connect.settings_cache import until_settings_change
from crm_connect.static_urls import static_url

logger = logging.getLogger(__name__)

#: Placeholder in ``urls.record`` that the script replaces with a record id.
RECORD_ID_PLACEHOLDER = "__id__"

#: The feature code, in the order ``connector.js`` loads it when a feature is first used:
#: its parts, then ``connector-features.js``, which puts them together and registers.
FEATURE_SCRIPTS = (
    "crm_connect/connector-calls.js",
    "crm_connect/connector-logs.js",
    "crm_connect/connector-features.js",
)


def custom_fields() -> dict[str, Any]:
    """``CUSTOM_FIELDS`` in the wire shape; ``{}`` when misconfigured (a system check,
    ``crm_connect.E103``, says why)."""
    try:
        return custom_fields_data(conf.CUSTOM_FIELDS)
    except ValidationError:
        logger.warning('CRM_CONNECT["CUSTOM_FIELDS"] is invalid; sending no custom fields')
        return {"voice": {}, "digital": {}}


def csrf_header_name() -> str:
    """The request header Django reads the CSRF token from, e.g. ``X-CSRFToken``."""
    name = str(getattr(settings, "CSRF_HEADER_NAME", "HTTP_X_CSRFTOKEN"))
    return name.removeprefix("HTTP_").replace("_", "-")


def texts() -> dict[str, str]:
    """What the agent reads on the CRM page (screen-pop dialogs, notifications)."""
    return {
        "chooserTitle": _("Several records match {number}"),
        "chooserHint": _("Choose the caller's record:"),
        "noMatchTitle": _("No record for {number}"),
        "createRecord": _("Create a contact with this number"),
        "close": _("Close"),
        "dialHint": _("Calls with the contact center"),
        "logFailedTitle": _("Interaction log not saved"),
        "logFailed": _(
            "The log of interaction {id} could not be saved. It is kept in this browser "
            "and will be sent again when a CRM page is next opened."
        ),
        "logRejected": _("The log of interaction {id} was refused: {reason}"),
        "logAbandoned": _(
            "The log of interaction {id} could not be saved and is no longer retried. "
            "It was handed to your CRM administrator."
        ),
        "logKept": _(
            "The log of interaction {id} could not be saved or handed to your CRM "
            "administrator. It is kept in this browser."
        ),
        "logTooLarge": _(
            "The log of interaction {id} is too large to be saved ({reason}). It is kept "
            "in this browser for export."
        ),
        "directoryFailed": _("The CRM directory could not be loaded."),
        "searchFailed": _("The caller's record could not be looked up."),
        "recordNotFound": _("That record is not available."),
    }


def feature_config(request: HttpRequest, context: Any = None) -> dict[str, Any]:
    """What the feature code (``connector-features.js`` and its parts) needs, for
    ``request``'s user, and where ``connector.js`` loads it from."""
    return {
        # the key of this user's web storage in the browser
        "userId": str(getattr(request.user, "pk", "") or "anonymous"),
        "csrfToken": csrf_token(request, context),
        **shared_config(),
    }


def csrf_token(request: HttpRequest, context: Any = None) -> str:
    """The request's CSRF token: the template context's when it has one (made once per
    request by Django's ``csrf`` context processor, and often used already by a form on
    the page), else a new one from ``get_token``."""
    token = None
    if context is not None:
        try:
            token = context.get("csrf_token")
        except AttributeError:
            token = None
    if token is not None:
        value = str(token)
        if value and value != "NOTPROVIDED":
            return value
    return get_token(request)


def shared_config() -> dict[str, Any]:
    """The part of :func:`feature_config` that is the same for every user and request.

    Built once per language, URLconf and script prefix rather than on every page
    (URL reversing, translations, the custom-field schema, static URLs), and again after
    any setting changes (``override_settings`` included). Treat it as read-only.
    """
    return _shared_config(get_language(), get_urlconf(), get_script_prefix())


@until_settings_change()
def _shared_config(language: str | None, urlconf: Any, script_prefix: str) -> dict[str, Any]:
    """:func:`shared_config` for the active language, URLconf and prefix (the arguments
    are the cache key; ``reverse()`` and the translations read the active ones)."""
    return {
        "crmDataUrl": reverse("crm_connect:crm-data"),
        "csrfHeader": csrf_header_name(),
        "urls": {
            "directory": reverse("crm_connect:directory"),
            "phoneSearch": reverse("crm_connect:phone-search"),
            "record": reverse("crm_connect:record", args=[RECORD_ID_PLACEHOLDER]),
            "interactionLogs": reverse("crm_connect:interaction-logs"),
            "abandonedLogs": reverse("crm_connect:abandoned-interaction-logs"),
            "reports": reports_url(),
        },
        "customFields": custom_fields(),
        "logRetry": {
            "attempts": conf.LOG_RETRY_ATTEMPTS,
            "delay": conf.LOG_RETRY_DELAY,
            "limit": conf.LOG_RETRY_LIMIT,
        },
        "screenPopKeys": conf.SCREEN_POP_KEYS,
        "texts": texts(),
        "notifications": {"severityKeys": conf.NOTIFICATION_SEVERITY_KEYS},
        "featureUrls": [static_url(path) for path in FEATURE_SCRIPTS],
        "pageUrl": static_url(PAGE_SCRIPT),
        "actions": FEATURE_ACTIONS,
        "limits": MESSAGE_LIMITS,
    }
