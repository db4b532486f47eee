"""The CRM Connector iframe protocol (``docs/connector.md``; the vendor's side is the AXP
sample CRM client's ``src/javascripts/integration/crm.js``)."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, field_validator

from crm_connect.schemas.base import WireModel

#: The connector's requests that ``connector-features.js`` answers. The directory's is
#: spelled ``requestGetCrmDirectory`` in the vendor's code and ``requestGetCRMDirectory``
#: in its prose: both are answered.
FEATURE_ACTIONS: tuple[str, ...] = (
    "requestGetCrmDirectory",
    "requestGetCRMDirectory",
    "requestEnableClickToDial",
    "requestNavigateToClickToDialResult",
    "requestPerformInteractionScreenPop",
    "requestSaveInteractionLog",
    "requestCustomFieldsValues",
    "requestOpenReports",
)

#: Size limits of one message type, over ``channel.js``'s defaults (``depth`` 20,
#: ``nodes`` 20,000, ``stringLength`` 262,144, ``keyLength`` 256, ``characters``
#: 1,048,576; docs/security.md). A log can carry a whole chat transcript: thousands of
#: entries of a dozen values each. A message beyond its limits is refused with an error
#: the page sees, and a log is kept for export (docs/connector-features.md). A log's text
#: stays within Django's default request size (``DATA_UPLOAD_MAX_MEMORY_SIZE``, 2.5 MB;
#: system check ``crm_connect.W010``).
MESSAGE_LIMITS: dict[str, dict[str, int]] = {
    "requestSaveInteractionLog": {
        "nodes": 200_000,
        "characters": 2_097_152,
        "stringLength": 1_048_576,
    },
}


class Envelope(BaseModel):
    """Every connector message: ``{type, action, data}``."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    type: Literal["CRMConnectMessage", "ClientAppMessage"]
    action: str = Field(min_length=1, max_length=100)
    data: Any = None


# Section and key names are identifiers in the Salesforce call center definition.
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class CallCenterSettings(RootModel[dict[str, dict[str, str]]]):
    """``callCenterSettings``: sections of string values, e.g. ``{"ReqGeneralInfo": {...}}``.

    Every value is a string, as in a Salesforce call center definition: flags are
    ``"Y"``/``"N"`` and numbers are written as strings.
    """

    root: dict[str, dict[str, str]] = Field(default_factory=dict)

    @field_validator("root")
    @classmethod
    def _names_are_identifiers(cls, value: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        for section, entries in value.items():
            if not _NAME.match(section):
                raise ValueError(f"section name {section!r} is not an identifier")
            for key in entries:
                if not _NAME.match(key):
                    raise ValueError(f"key {key!r} in section {section!r} is not an identifier")
        return value


class UserAttributes(WireModel):
    type: str = Field(description="The user's role, e.g. 'Admin' or 'User'.")


class CurrentUser(WireModel):
    """``currentUser``: shaped like a Salesforce User record."""

    attributes: UserAttributes
    name: str = Field(alias="Name")
    username: str = Field(alias="Username")
    id: str = Field(alias="Id")
    language_locale_key: str = Field(
        alias="LanguageLocaleKey", pattern=r"^[a-z]{2,3}(_[A-Za-z0-9]+)*$"
    )


class Capabilities(WireModel):
    directory_available: bool = Field(True, alias="directoryAvailable")
    name: str = Field(min_length=1, max_length=200)
    reloads_on_navigation: bool = Field(True, alias="reloadsOnNavigation")
    lightning_components_available: bool = Field(False, alias="lightningComponentsAvailable")


class CrmData(WireModel):
    """The ``data`` of the ``crmData`` message (``docs/connector.md``)."""

    call_center_settings: CallCenterSettings = Field(alias="callCenterSettings")
    current_user: CurrentUser = Field(alias="currentUser")
    capabilities: Capabilities


class CrmDataQuery(BaseModel):
    """``GET /api/crm-data/?persistent=true``: the page keeps the docked connector across
    its navigations, so ``capabilities.reloadsOnNavigation`` is false."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    persistent: bool = False


class SoftphoneSession(WireModel):
    """``GET /api/softphone-session/``: who the softphone window serves. The window
    closes when this is refused (signed out) or names another user or session."""

    user_id: str = Field(alias="userId", description="The signed-in user's primary key.")
    session: str = Field(
        description="A fingerprint of the session: another value means a new sign-in."
    )
