"""The settings model: every key of ``CRM_CONNECT`` with its type, default, description
(its line in docs/settings.md) and the id of the system check that reports a value the
model refuses. Read it through :data:`crm_connect.conf.conf`; take a default from
:data:`DEFAULTS` rather than writing it out again."""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticUseDefault

from crm_connect.skylight.validators import window_features_problem, window_name_problem
from crm_connect.ucp.schemas import FIELD_NAME

#: The check id of a value of the wrong type when the key has no id of its own.
WRONG_TYPE = "crm_connect.E040"
#: The check id of a key the model does not know (a typo, or a key of another version).
UNKNOWN_KEY = "crm_connect.W040"
NUMBER = "crm_connect.E020"
LOG_LIMIT = "crm_connect.E030"
SKYLIGHT_TIMEOUT = "crm_connect.E204"

ConnectorMode = Literal["docked", "window"]  # framed by each page, or in one window
CONNECTOR_MODES: tuple[ConnectorMode, ...] = get_args(ConnectorMode)


# --- how lenient each key is: what it accepts besides its type ---------------------------


def _none_is_empty(value: Any) -> Any:
    """``None`` means "not set": an empty string."""
    return "" if value is None else value


def _none_is_default(value: Any) -> Any:
    if value is None:
        raise PydanticUseDefault
    return value


def _empty_is_default(value: Any) -> Any:
    if value is None or value == "":
        raise PydanticUseDefault
    return value


def _int_as_text(value: Any) -> Any:
    """``400`` for ``"400"`` (an iframe dimension): an int, not a bool, is fine."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _one_or_many(value: Any) -> Any:
    """A single string is a list of one; empty entries are left out."""
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, (list, tuple, set, frozenset)):
        return [item if isinstance(item, str) else str(item) for item in value if item]
    return value


def _some_keys(value: Any) -> Any:
    """Like :func:`_one_or_many`, and no key at all means the default keys."""
    value = _one_or_many(value)
    if value == []:
        raise PydanticUseDefault
    return value


def _origins(value: Any) -> Any:
    """Never refused: each entry is kept (as text) for ``crm_connect.E003`` to judge, and
    an entry that is not an origin is left out wherever origins are used; any other value
    (``None``, a number) is no origin at all."""
    if isinstance(value, (str, list, tuple, set, frozenset)):
        return _one_or_many(value)
    return []


def _at_least(minimum: int) -> AfterValidator:
    return AfterValidator(lambda value: value if value is None else max(minimum, value))


def _make_call_field(value: str) -> str:
    if not FIELD_NAME.match(value):
        raise ValueError(
            "not a usable payload field name: use letters, digits and underscores, "
            "starting with a letter or an underscore"
        )
    return value


def _window_name(value: str) -> str:
    problem = window_name_problem(value)
    if problem:
        raise ValueError(f"it cannot name the popup: {problem}")
    return value


def _window_features(value: str) -> str:
    problem = window_features_problem(value)
    if problem:
        raise ValueError(str(problem))
    return value


DIRECTORY_FIELD_DEFAULTS = {"name": "name", "phone": "phone", "email": "email"}


def _directory_fields(value: Any) -> Any:
    """Missing keys use the field of the same name; an empty value (``None``) means none."""
    if not isinstance(value, dict):
        return value
    return {**DIRECTORY_FIELD_DEFAULTS, **{str(k): str(v or "") for k, v in value.items()}}


def _text_values(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    return {str(key): str(item) for key, item in value.items()}


def setting(default: Any, description: str, check: str = WRONG_TYPE, **constraints: Any) -> Any:
    """A field of :class:`CrmConnectSettings`: ``check`` is the id of the system check
    that reports a value the field refuses."""
    return Field(
        default=default, description=description, json_schema_extra={"check": check}, **constraints
    )


Text = Annotated[str, BeforeValidator(_none_is_empty)]
Number = Annotated[int, BeforeValidator(_none_is_default)]
Milliseconds = Annotated[int, BeforeValidator(_none_is_default), Field(gt=0)]
Keys = Annotated[list[str], BeforeValidator(_one_or_many)]


class CrmConnectSettings(BaseModel):
    """Every key of the ``CRM_CONNECT`` dictionary setting, with its default.

    Strict: a number written as a string (``"500"``) or a flag written as ``"yes"`` is
    refused, not guessed. Each field's description is its line in docs/settings.md.
    """

    model_config = ConfigDict(strict=True, frozen=True, extra="ignore")

    # --- the call center defined in settings --------------------------------------------
    CONNECTOR_URL: Text = setting(
        "",
        "URL of the contact center's connector page, framed by `{% crm_connect_connector %}`. "
        "Its origin is the only one the page talks to. Empty: no call center from settings.",
        "crm_connect.E001",
    )
    CALL_CENTER_SETTINGS: dict[str, Any] = setting(
        {},
        "`crmData.callCenterSettings`: sections of string values, e.g. "
        '`{"ReqGeneralInfo": {"reqInternalName": "MyCC"}}`.',
        "crm_connect.E002",
    )
    DEFINITION_EXTRA_FIELDS: list[dict[str, Any]] = setting(
        [],
        "The CRM's own fields of the call center definition, shown in the admin after the "
        'vendor\'s: `[{"section": "MyOptions", "name": "myFlag", "kind": "flag", "default": '
        '"N", "label": "My flag"}]` ([admin](admin.md#the-definition-schema)).',
        "crm_connect.E105",
    )
    CAPABILITIES: dict[str, Any] = setting(
        {},
        "`crmData.capabilities` overrides: `directoryAvailable`, `name`, "
        "`reloadsOnNavigation`, `lightningComponentsAvailable`.",
    )
    APP_NAME: str = setting(
        "Django CRM", "`capabilities.name` when the call center does not set one."
    )

    # --- caching the call center ----------------------------------------------------------
    CACHE_TIMEOUT: Annotated[int | None, _at_least(0)] = setting(
        300,
        "Seconds a user's resolved call center stays cached. `0` disables the cache; `None` "
        "keeps entries until a change invalidates them.",
        NUMBER,
    )
    CACHE_LOCAL_TIMEOUT: Annotated[
        float, BeforeValidator(lambda value: 0.0 if value is None else value), _at_least(0)
    ] = setting(
        5.0,
        "Seconds each process reuses a call center it read from the shared cache without "
        "asking it again. An invalidation applies at once in the process that made it and "
        "within this time in the others; `0` asks the shared cache on every request "
        "([why](performance.md#caching-the-call-center)).",
        NUMBER,
    )
    CACHE_ALIAS: str = setting(
        "default",
        "The `CACHES` alias to use. Share it between processes in production "
        "([Deployment](deployment.md#a-shared-cache)).",
    )

    # --- the connector tag and script -----------------------------------------------------
    INLINE_CRM_DATA: bool = setting(
        True,
        "Embed the user's `crmData` in the page, so the handshake needs no request. `False`: "
        "the page fetches it from `GET /crm-connect/api/crm-data/`.",
    )
    IFRAME_ID: str = setting("crmConnectIframeId", "`id` of the connector's `<iframe>`.")
    IFRAME_ALLOW: str = setting(
        "camera; microphone; geolocation",
        "Its `allow` attribute: the permissions the AXP vendor calls mandatory (a softphone "
        "needs the microphone).",
    )
    IFRAME_WIDTH: Annotated[str, BeforeValidator(_int_as_text)] = setting(
        "400", "Its `width`; the tag's `width=` wins."
    )
    IFRAME_HEIGHT: Annotated[str, BeforeValidator(_int_as_text)] = setting(
        "600", "Its `height`; the tag's `height=` wins."
    )
    CONNECTOR_MODE: ConnectorMode = setting(
        "docked",
        '`"docked"`: pages frame the connector; `"window"`: one softphone window holds it '
        "for every tab ([softphone window](softphone-window.md)). A call center's own mode wins.",
        "crm_connect.E013",
    )
    HANDSHAKE_TIMEOUT: Annotated[Number, _at_least(1)] = setting(
        30000,
        "Milliseconds the page waits for the connector's first `ready` before it warns and "
        "fires `crm-connect:connector:timeout`.",
        NUMBER,
    )
    DEBUG: bool | None = setting(
        None,
        "Log every message sent, received and refused in the browser console, for every protocol.",
    )

    # --- the current user -----------------------------------------------------------------
    USER_ADAPTER: str = setting(
        "crm_connect.users.UserAdapter",
        "Dotted path of the class that turns a Django user into `currentUser` "
        "([crmData](connector.md#crmdata)).",
    )
    USERNAME_FIELD: str = setting(
        "username",
        '`currentUser.Username` from the user model\'s `USERNAME_FIELD` (`"username"`) or '
        'from `"email"`.',
    )

    # --- connector features ---------------------------------------------------------------
    PROVIDER: str = setting(
        "crm_connect.providers.ModelProvider",
        "Dotted path of the provider class: where records, phone search and record URLs come from.",
        "crm_connect.E100",
    )
    DIRECTORY_MODEL: Text = setting(
        "",
        '`"app_label.Model"` the default provider serves, e.g. `"crm.Contact"`.',
        "crm_connect.E101",
    )
    DIRECTORY_FIELDS: Annotated[dict[str, str], BeforeValidator(_directory_fields)] = setting(
        DIRECTORY_FIELD_DEFAULTS,
        "Field names on `DIRECTORY_MODEL`; a missing key uses the field of the same name, "
        '`""` means none.',
        "crm_connect.E102",
    )
    DIRECTORY_LIMIT: Annotated[Number, _at_least(1)] = setting(
        500,
        "Most entries `crmDirectory` sends (and the directory endpoint returns).",
        NUMBER,
    )
    PHONE_REGION: Annotated[str, BeforeValidator(_empty_is_default), AfterValidator(str.upper)] = (
        setting("US", "Region of numbers written without `+country`.", "crm_connect.E104")
    )
    PHONE_MATCH_DIGITS: Annotated[Number, _at_least(4)] = setting(
        7,
        "Trailing digits that narrow the phone search in the database (at least 4) when the "
        "model has no `PhoneKey` index; with one, the index's own `digits` apply "
        "([providers.md](providers.md#phone-search-at-scale)).",
        NUMBER,
    )
    PHONE_SEARCH_LIMIT: Annotated[Number, _at_least(1)] = setting(
        20, "Most records one phone search returns.", NUMBER
    )
    CREATE_URL: Text = setting(
        "",
        "URL or URL name of the page that creates a record; it gets `?phone=<E.164>`.",
    )
    REPORTS_URL: Text = setting(
        "", "URL or URL name that `requestOpenReports` opens. Empty: ignored."
    )
    CUSTOM_FIELDS: dict[str, Any] = setting(
        {},
        'Custom interaction-log fields per channel: `{"voice": {key: {"type": ..., '
        '"label": ...}}}` ([custom fields](connector-features.md#custom-fields)).',
        "crm_connect.E103",
    )
    LOG_RETRY_ATTEMPTS: Annotated[Number, _at_least(1)] = setting(
        4, "Tries of one interaction-log save before the agent is told it failed.", NUMBER
    )
    LOG_RETRY_DELAY: Annotated[Number, _at_least(0)] = setting(
        500, "Milliseconds before the first retry; doubles each time.", NUMBER
    )
    LOG_RETRY_LIMIT: int = setting(
        12,
        "Tries of one interaction log in all, over every page load; then the browser gives "
        "it up and sends it to the [abandoned logs](connector-features.md#interaction-logs) "
        "in the admin.",
        LOG_LIMIT,
        gt=0,
    )
    ABANDONED_LOG_LIMIT: int = setting(
        100,
        "Most abandoned interaction logs kept per agent; beyond, the browser keeps them and "
        "the agent is told.",
        LOG_LIMIT,
        gt=0,
    )
    SCREEN_POP_KEYS: Keys = setting(
        ["interactionId", "interaction.interactionId", "id"],
        "Fields (dotted paths) of the screen-pop data that identify the interaction; the "
        "first present wins.",
    )
    NOTIFICATION_SEVERITY_KEYS: Annotated[list[str], BeforeValidator(_some_keys)] = setting(
        ["severity"],
        "Key(s) that carry the severity in `displayErrorNotification` (the vendor's "
        "documentation spells it both `severity` and `serverity`).",
    )

    # --- UCP tabs -------------------------------------------------------------------------
    UCP_ORIGINS: Annotated[list[str], BeforeValidator(_origins)] = setting(
        [],
        "Origins (`scheme://host[:port]`) allowed to frame pages marked embeddable, and the "
        "only ones `crmConnect.ucp` posts to.",
        "crm_connect.E003",
    )
    UCP_MAKE_CALL_FIELD: Annotated[str, AfterValidator(_make_call_field)] = setting(
        "phoneNumber",
        "Payload field that carries the number in `MAKE_CALL` (the vendor has not published "
        "the payload).",
        "crm_connect.E302",
    )

    # --- Skylight -------------------------------------------------------------------------
    SKYLIGHT_URL: Text = setting(
        "",
        "Skylight page opened as a popup. Empty: Skylight off. Its origin is the only one trusted.",
        "crm_connect.E201",
    )
    SKYLIGHT_WINDOW_NAME: Annotated[str, AfterValidator(_window_name)] = setting(
        "skylight",
        "Name of the popup window; pages find an open popup again by it.",
        "crm_connect.E202",
    )
    SKYLIGHT_WINDOW_FEATURES: Annotated[str, AfterValidator(_window_features)] = setting(
        "width=400,height=800",
        "`window.open` features (never `noopener`/`noreferrer`).",
        "crm_connect.E203",
    )
    SKYLIGHT_CRM_MODULE: Text = setting(
        "",
        "Optional `crmModule` query parameter (`zendesk`, `salesforce-classic`, "
        "`salesforce-lightning`).",
    )
    SKYLIGHT_DEFAULT_WORK_MODE: Text = setting(
        "",
        "Optional `defaultWorkMode` query parameter: `inbound`, `outbound` or `agent-initiated`.",
    )
    SKYLIGHT_HANDSHAKE_TIMEOUT: Milliseconds = setting(
        20000,
        "Milliseconds from opening (or finding) the popup to a completed handshake.",
        SKYLIGHT_TIMEOUT,
    )
    SKYLIGHT_COMMAND_TIMEOUT: Milliseconds = setting(
        10000,
        "Milliseconds a command waits for its reply; `options.timeout` per call.",
        SKYLIGHT_TIMEOUT,
    )
    SKYLIGHT_SHARE_ACROSS_TABS: bool = setting(
        True,
        "Relay Skylight's events and commands to the CRM's other tabs (`BroadcastChannel`).",
    )
    SKYLIGHT_CLICK_TO_DIAL: bool = setting(
        True, "Links marked `data-skylight-dial` dial through Skylight."
    )
    SKYLIGHT_REPLY_TOPICS: Annotated[dict[str, str], BeforeValidator(_text_values)] = setting(
        {},
        'Extra or corrected reply topics, `{"module.subModule.command": "cxengage/..."}`.',
    )
    SKYLIGHT_SCREEN_POP: bool = setting(
        True,
        "Skylight's search-pop screen pops find and open the caller's record, as the "
        "connector's do (one match opens it, several a chooser, none an offer to create).",
    )


FIELDS = CrmConnectSettings.model_fields

#: Every key at its default: what other code (model fields, rendering) takes a default from.
DEFAULTS = CrmConnectSettings()


def check_id(key: str) -> str:
    """The id of the system check that reports a value of ``key`` the model refuses."""
    extra = FIELDS[key].json_schema_extra
    return str(extra["check"]) if isinstance(extra, dict) else WRONG_TYPE
