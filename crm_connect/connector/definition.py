"""The call center definition (``callCenterSettings``): its sections, their defaults and
what is required.

Written once, as data (section -> field -> default string), from the AXP vendor's sample
CRM client, ``dist/zcli.apps.config.json``. Every value is a
string, as in a Salesforce call center definition: flags are ``"Y"``/``"N"`` and numbers
are written as strings.

The values are the sample's, but for the two that only a deployment can know, which are
empty here: ``ServerConfig.serverHostName`` (the sample names the vendor's development
host) and ``ReqGeneralInfo.reqAdapterUrl`` (the sample's ``https://localhost:4200``).
``serverHostName`` is required: system checks ``crm_connect.E011`` (the settings' call
center) and ``crm_connect.E012`` (stored call centers) report it missing.

What a call center stores is laid over these defaults: a stored ``{}`` sends every
section with its default values; a stored value wins over its default; sections and
fields the defaults do not know are sent as stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

Definition = Mapping[str, Mapping[str, str]]


def _frozen(sections: dict[str, dict[str, str]]) -> Definition:
    return MappingProxyType(
        {name: MappingProxyType(dict(fields)) for name, fields in sections.items()}
    )


#: The vendor's sections with their default values (``dist/zcli.apps.config.json``).
DEFAULTS: Definition = _frozen(
    {
        "ReqGeneralInfo": {
            "reqInternalName": "AvayaWorkspacesForZendesk",
            "reqDisplayName": "Avaya Workspaces for Zendesk",
            "reqAdapterUrl": "",
            "reqSoftphoneHeight": "640",
            "reqSoftphoneWidth": "300",
            "activeSoftphoneHeight": "640",
            "activeSoftphoneWidth": "300",
            "idleSoftphoneHeight": "520",
        },
        "ServerConfig": {
            "serverHostName": "",
            "useLocalSessionSharing": "N",
        },
        "DialingOptions": {
            "reqOutsidePrefix": "9",
            "reqLongDistPrefix": "1",
            "reqInternationalPrefix": "011",
            "dialInternalLength": "4",
            "dialCountryCode": "1",
            "dialLocalLength": "7",
            "dialLongDistanceLength": "10",
            "emergencyCodes": "",
        },
        "LogOptions": {
            "callLogEnabled": "N",
            "transactionLogCustomField1": "case_id",
            "transactionLogCustomField2": "ticket_id",
            "interactionHistorySize": "5",
        },
        "SoftphoneOptions": {
            "language": "en_US",
            "startWorkButtons": "US",
            "startWorkState": "NR",
            "autoStartWorkEnabled": "N",
            "autoSignOutEnabled": "N",
            "clickToDial": "N",
            "clickToConsultEnabled": "Y",
            "manualNotReadySelectionEnabled": "Y",
            "manualAfterContactWorkEnabled": "Y",
            "transferButtonEnabled": "Y",
            "toggleChannelsEnabled": "N",
            "conferenceButtonEnabled": "Y",
            "serverResponseTimeout": "120",
            "autoAcceptInteraction": "N",
            "logginSecurityLevel": "H",  # sic: the vendor's spelling
            "logPersistenceDuration": "0",
            "dropIncomingInteraction": "Y",
            "manualOutboundInteraction": "Y",
            "customerJourneyButtonEnabled": "Y",
            "enableNotifications": "L",
            "setAgentStateToNotReadyOnRona": "Y",
            "reportsEnabled": "N",
            "advancedCustomerHistoryEnabled": "Y",
            "debounceTime": "",
            "voicemailNumber": "",
            "notificationsEnabled": "Y",
        },
        "CallScreenPopOptions": {
            "screenPopOnAni": "Y",
            "screenPopOnDnis": "N",
            "screenPopOnConsultOrCompleted": "C",
            "internationalAnisearch": "N",
            "suppressScreenPop": "N",
            "waitBeforePerformScreenpop": "N",
            **{f"customParam{number}": "" for number in range(1, 11)},
        },
        "ReasonCodesEnabled": {
            "auxReasonEnabled": "N",
            "dispositionCodesEnabled": "N",
        },
        "LabelOptions": {
            name: ""
            for name in (
                "ready",
                "notReady",
                "goReady",
                "goNotReady",
                "afterContactWork",
                "goAfterContactWork",
                "afterContactWorkExtended",
                "startWork",
                "pendingNotReady",
                "pendingAfterContactWork",
                "dispositionCodes",
                "cancel",
                "activate",
                "activateAgent",
                "toStartWork",
                "startWorkPending",
                "finishWork",
                "finishWorkPending",
                "connected",
                "welcomeConnected",
                "signOut",
                "offline",
                "showOfflineAgents",
                "hideOfflineAgents",
                "forceLogout",
            )
        },
    }
)

#: Fields a connector cannot do without: (section, field), each a non-empty string.
REQUIRED: tuple[tuple[str, str], ...] = (("ServerConfig", "serverHostName"),)


def with_defaults(stored: Any) -> Any:
    """``stored`` laid over :data:`DEFAULTS`: a new dict, sections in the vendor's order.

    Anything but a dict of dicts comes back as it is, for validation to refuse it."""
    if stored is None:
        stored = {}
    if not isinstance(stored, Mapping) or not all(
        isinstance(fields, Mapping) for fields in stored.values()
    ):
        return stored
    merged = {name: {**fields, **stored.get(name, {})} for name, fields in DEFAULTS.items()}
    for name, fields in stored.items():
        if name not in merged:
            merged[name] = dict(fields)
    return merged


def missing_required(settings: Any) -> list[str]:
    """``Section.field`` of each required field that is empty or absent in ``settings``
    (the settings as sent, defaults included)."""
    missing = []
    for section, name in REQUIRED:
        fields = settings.get(section) if isinstance(settings, Mapping) else None
        value = fields.get(name) if isinstance(fields, Mapping) else None
        if not isinstance(value, str) or not value.strip():
            missing.append(f"{section}.{name}")
    return missing
