"""The Skylight popup protocol (CxEngage agent desktop): messages and the client config.

Skylight's bridge forwards ``{skylightController: true, module, subModule?, command,
data}`` to ``CxEngage[module][subModule][command](data)`` and sends every SDK topic back
to ``window.opener`` as ``{error, topic, response}``. See ``docs/skylight.md``.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, Field

from crm_connect.rendering import ScriptsAfterConnector
from crm_connect.schemas.base import WireModel
from crm_connect.skylight.sdk import SDK_COMMANDS

# The topic of the SDK's whole state (``dumpState``), the largest message Skylight sends.
STATE = "cxengage/state"

# The topic each SDK command's reply comes back on, by "module[.subModule].command": every
# command of the SDK (``skylight_sdk.py``, generated from its source). ``""`` means the
# command publishes nothing, so no reply comes. ``CRM_CONNECT["SKYLIGHT_REPLY_TOPICS"]``
# adds or corrects entries; a command missing here needs ``options.topic``.
REPLY_TOPICS: dict[str, str] = {key: command.topic for key, command in SDK_COMMANDS.items()}

# Skylight's ``defaultWorkMode``: what the SDK's ``::direction`` spec allows
# (cxengage-javascript-sdk ``src/cljs/cxengage_javascript_sdk/domain/specs.cljs``).
WORK_MODES = dict(SDK_COMMANDS["session.setDirection"].choices)["direction"]

# Per topic, the limits a message from Skylight is read within, over channel.js's
# defaults (``crmConnect.channel.limits``). ``dumpState`` answers with every interaction the
# SDK keeps, past ones in full (cxengage-javascript-sdk ``state.cljs``: ``:interactions
# {:pending :active :past :incoming}``); transcripts and e-mails carry whole conversations.
# A message over its limits is not read, and never silently: see docs/skylight.md.
MIB = 1024 * 1024
MESSAGE_LIMITS: dict[str, dict[str, int]] = {
    STATE: {"depth": 40, "nodes": 2_000_000, "characters": 64 * MIB, "stringLength": 8 * MIB},
    **{
        topic: {"nodes": 500_000, "characters": 16 * MIB, "stringLength": 8 * MIB}
        for topic in (
            "cxengage/interactions/messaging/transcript-received",
            "cxengage/interactions/email/transcript-received",
            "cxengage/interactions/email/details-received",
            "cxengage/interactions/messaging/history-received",
            "cxengage/interactions/smooch-messaging/history-received",
            "cxengage/reporting/get-contact-interaction-history-response",
            "cxengage/reporting/batch-response",
            "cxengage/session/config-details",
        )
    },
}

CRM_MODULES = ("zendesk", "salesforce-classic", "salesforce-lightning")
RESERVED_WINDOW_NAMES = ("_blank", "_self", "_parent", "_top", "_unfencedTop")
# Window features that make window.open return null: the page could never talk to it.
FORBIDDEN_WINDOW_FEATURES = ("noopener", "noreferrer")

ErrorLevel = Literal["error", "warn", "interaction-error", "interaction-fatal", "session-fatal"]


class SkylightPayload(WireModel):
    """A message Skylight sends: unknown extra fields are kept, not refused."""

    model_config = ConfigDict(extra="allow")


class SdkError(SkylightPayload):
    """The SDK's error object, e.g. code 1003 for bad parameters."""

    code: int
    context: str = ""
    data: Any = None
    level: ErrorLevel | str = "error"
    message: str = ""


class SkylightEvent(SkylightPayload):
    """Skylight -> CRM page: every SDK topic, and Skylight's own ``skylight/*`` topics.

    ``error`` is ``null`` on success, an :class:`SdkError` on failure, and ``true`` for
    ``skylight/target-origin-already-defined``.
    """

    error: SdkError | bool | None = None
    topic: str = Field(min_length=1)
    response: Any = None


class ControllerInit(WireModel):
    """CRM page -> Skylight, answering ``skylight/loaded``; sent to Skylight's origin."""

    skylight_controller: Literal[True] = Field(True, alias="skylightController")
    controller_init: Literal[True] = Field(True, alias="controllerInit")


class SkylightCommand(WireModel):
    """CRM page -> Skylight: run ``CxEngage[module][subModule][command](data)``."""

    skylight_controller: Literal[True] = Field(True, alias="skylightController")
    module: str = Field(min_length=1)
    sub_module: str | None = Field(None, alias="subModule", min_length=1)
    command: str = Field(min_length=1)
    data: Any = None


class DumpState(WireModel):
    """CRM page -> Skylight; answered on ``cxengage/state``."""

    skylight_controller: Literal[True] = Field(True, alias="skylightController")
    command: Literal["dumpState"] = "dumpState"


class DialData(WireModel):
    """``data`` of ``interactions.voice.dial`` as click-to-dial sends it."""

    phone_number: str = Field(alias="phoneNumber", min_length=1)
    direction: Literal["inbound", "outbound", "agent-initiated"] = "agent-initiated"
    interaction_metadata: dict[str, Any] | None = Field(None, alias="interactionMetadata")


class ScreenPop(SkylightPayload):
    """``response`` of ``cxengage/interactions/screen-pop-received``."""

    pop_type: Literal["url", "external-url", "search-pop"] | str = Field(alias="popType")
    pop_uri: str | None = Field(None, alias="popUri")
    new_window: bool | str | None = Field(None, alias="newWindow")
    size: Any = None
    search_type: Literal["fuzzy", "strict"] | str | None = Field(None, alias="searchType")
    filter: Any = None
    filter_type: Literal["and", "or"] | str | None = Field(None, alias="filterType")
    terms: list[str] | None = None


class SkylightClientConfig(WireModel):
    """What ``skylight.js`` reads from its ``json_script`` block: every key, always (the
    script keeps no defaults of its own). The settings' defaults are the settings model's
    (:data:`crm_connect.conf.DEFAULTS`), so the keys that follow a setting have none here."""

    url: str
    origin: str
    popup_url: str = Field(alias="popupUrl")
    window_name: str = Field(alias="windowName", min_length=1)
    window_features: str = Field(alias="windowFeatures")
    handshake_timeout: int = Field(alias="handshakeTimeout", gt=0)
    command_timeout: int = Field(alias="commandTimeout", gt=0)
    poll_interval: int = Field(500, alias="pollInterval", gt=0)
    share_across_tabs: bool = Field(alias="shareAcrossTabs")
    click_to_dial: bool = Field(alias="clickToDial")
    #: The SDK command table (``skylight-sdk.json``), fetched by the script when Skylight
    #: first needs it: no page carries its ~23 kB.
    sdk_url: str = Field(alias="sdkUrl", min_length=1)
    #: The cross-tab relay (``skylight-relay.js``), loaded by the script only when another
    #: tab holds, or may hold, the popup, or when this tab takes it up.
    relay_url: str = Field(alias="relayUrl", min_length=1)
    #: ``SKYLIGHT_REPLY_TOPICS``: laid over the table's reply topics.
    reply_topic_overrides: dict[str, str] = Field(alias="replyTopicOverrides")
    message_limits: dict[str, dict[str, int]] = Field(default_factory=dict, alias="messageLimits")
    screen_pop: bool = Field(alias="screenPop")
    phone_search_url: str = Field("", alias="phoneSearchUrl")
    texts: dict[str, str] = Field(default_factory=dict)
    labels: dict[str, str] = Field(default_factory=dict)
    debug: bool
    #: ``skylight.js`` and what it needs, run after the connector's answer (``channel-lazy.js``).
    load: ScriptsAfterConnector
