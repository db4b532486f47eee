"""The vendor's call center definition as data: every section and field of the AXP sample
CRM client's ``dist/zcli.apps.config.json``, in its order, each with a label, help text,
kind and default (:class:`crm_connect.connector.definition.FieldSpec` reads the rows).

Facts only: the sample gives names and default values, nothing else. A field is a flag
when the sample's value is ``"Y"``/``"N"``, an integer when it is a count or a size in
digits, a URL when it is one; the few one-letter codes the sample sets without listing
the others (``logginSecurityLevel``, ``enableNotifications``, ...) stay free text, with the
sample's value in the help, rather than a list of choices we would have to guess.
Changing a row changes :data:`crm_connect.connector.definition.SCHEMA_VERSION`.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

Row = tuple[str, str, str, Any, Any]

FLAG, CHOICE, INTEGER, URL, TEXT = "flag", "choice", "integer", "url", "text"

#: section -> rows of (field, default, kind, label, help text or "").
# fmt: off
VENDOR_FIELDS: dict[str, list[Row]] = {
    "ReqGeneralInfo": [
        ("reqInternalName", "AvayaWorkspacesForZendesk", TEXT, _("Internal name"),
         _("The call center's internal name, without spaces.")),
        ("reqDisplayName", "Avaya Workspaces for Zendesk", TEXT, _("Display name"), ""),
        ("reqAdapterUrl", "", URL, _("Adapter URL"),
         _("The CRM client application's URL (the sample's is https://localhost:4200).")),
        ("reqSoftphoneHeight", "640", INTEGER, _("Softphone height"), _("In pixels.")),
        ("reqSoftphoneWidth", "300", INTEGER, _("Softphone width"), _("In pixels.")),
        ("activeSoftphoneHeight", "640", INTEGER, _("Softphone height while active"),
         _("In pixels.")),
        ("activeSoftphoneWidth", "300", INTEGER, _("Softphone width while active"),
         _("In pixels.")),
        ("idleSoftphoneHeight", "520", INTEGER, _("Softphone height while idle"),
         _("In pixels.")),
    ],
    "ServerConfig": [
        ("serverHostName", "", URL, _("Server host name"),
         _("The contact center server the connector talks to, e.g. "
           "https://connector.example.com. Required.")),
        ("useLocalSessionSharing", "N", FLAG, _("Share the session locally"), ""),
    ],
    "DialingOptions": [
        ("reqOutsidePrefix", "9", TEXT, _("Outside line prefix"),
         _("Digits, kept as written.")),
        ("reqLongDistPrefix", "1", TEXT, _("Long-distance prefix"),
         _("Digits, kept as written.")),
        ("reqInternationalPrefix", "011", TEXT, _("International prefix"),
         _("Digits, kept as written: 011 is a prefix, not the number 11.")),
        ("dialInternalLength", "4", INTEGER, _("Length of internal numbers"), ""),
        ("dialCountryCode", "1", INTEGER, _("Country calling code"), ""),
        ("dialLocalLength", "7", INTEGER, _("Length of local numbers"), ""),
        ("dialLongDistanceLength", "10", INTEGER, _("Length of long-distance numbers"), ""),
        ("emergencyCodes", "", TEXT, _("Emergency numbers"), ""),
    ],
    "LogOptions": [
        ("callLogEnabled", "N", FLAG, _("Call log"), ""),
        ("transactionLogCustomField1", "case_id", TEXT, _("Log custom field 1"), ""),
        ("transactionLogCustomField2", "ticket_id", TEXT, _("Log custom field 2"), ""),
        ("interactionHistorySize", "5", INTEGER, _("Interaction history size"), ""),
    ],
    "SoftphoneOptions": [
        ("language", "en_US", TEXT, _("Language"), _("A locale such as en_US.")),
        ("startWorkButtons", "US", TEXT, _("Start-work buttons"), ""),
        ("startWorkState", "NR", TEXT, _("Start-work state"), ""),
        ("autoStartWorkEnabled", "N", FLAG, _("Start work automatically"), ""),
        ("autoSignOutEnabled", "N", FLAG, _("Sign out automatically"), ""),
        ("clickToDial", "N", FLAG, _("Click to dial"), ""),
        ("clickToConsultEnabled", "Y", FLAG, _("Click to consult"), ""),
        ("manualNotReadySelectionEnabled", "Y", FLAG, _("Manual not-ready selection"), ""),
        ("manualAfterContactWorkEnabled", "Y", FLAG, _("Manual after-contact work"), ""),
        ("transferButtonEnabled", "Y", FLAG, _("Transfer button"), ""),
        ("toggleChannelsEnabled", "N", FLAG, _("Toggle channels"), ""),
        ("conferenceButtonEnabled", "Y", FLAG, _("Conference button"), ""),
        ("serverResponseTimeout", "120", INTEGER, _("Server response timeout"), ""),
        ("autoAcceptInteraction", "N", FLAG, _("Accept interactions automatically"), ""),
        ("logginSecurityLevel", "H", TEXT, _("Logging security level"),
         _("The vendor spells the field logginSecurityLevel.")),
        ("logPersistenceDuration", "0", INTEGER, _("Log persistence duration"), ""),
        ("dropIncomingInteraction", "Y", FLAG, _("Drop incoming interactions"), ""),
        ("manualOutboundInteraction", "Y", FLAG, _("Manual outbound interactions"), ""),
        ("customerJourneyButtonEnabled", "Y", FLAG, _("Customer journey button"), ""),
        ("enableNotifications", "L", TEXT, _("Notifications mode"), ""),
        ("setAgentStateToNotReadyOnRona", "Y", FLAG,
         _("Not ready after an unanswered offer (RONA)"), ""),
        ("reportsEnabled", "N", FLAG, _("Reports"), ""),
        ("advancedCustomerHistoryEnabled", "Y", FLAG, _("Advanced customer history"), ""),
        ("debounceTime", "", INTEGER, _("Debounce time"), ""),
        ("voicemailNumber", "", TEXT, _("Voicemail number"), ""),
        ("notificationsEnabled", "Y", FLAG, _("Notifications"), ""),
    ],
    "CallScreenPopOptions": [
        ("screenPopOnAni", "Y", FLAG, _("Screen pop on the caller's number (ANI)"), ""),
        ("screenPopOnDnis", "N", FLAG, _("Screen pop on the dialled number (DNIS)"), ""),
        ("screenPopOnConsultOrCompleted", "C", TEXT, _("Screen pop on consult or completed"),
         ""),
        ("internationalAnisearch", "N", FLAG, _("International number search"), ""),
        ("suppressScreenPop", "N", FLAG, _("Suppress screen pops"), ""),
        ("waitBeforePerformScreenpop", "N", FLAG, _("Wait before the screen pop"), ""),
        *((f"customParam{n}", "", TEXT, f"customParam{n}", _("A custom parameter."))
          for n in range(1, 11)),
    ],
    "ReasonCodesEnabled": [
        ("auxReasonEnabled", "N", FLAG, _("Not-ready (aux) reason codes"), ""),
        ("dispositionCodesEnabled", "N", FLAG, _("Disposition codes"), ""),
    ],
    "LabelOptions": [
        (name, "", TEXT, name, _("The softphone's text for this state or button; empty "
                                 "keeps its own."))
        for name in (
            "ready", "notReady", "goReady", "goNotReady", "afterContactWork",
            "goAfterContactWork", "afterContactWorkExtended", "startWork",
            "pendingNotReady", "pendingAfterContactWork", "dispositionCodes", "cancel",
            "activate", "activateAgent", "toStartWork", "startWorkPending", "finishWork",
            "finishWorkPending", "connected", "welcomeConnected", "signOut", "offline",
            "showOfflineAgents", "hideOfflineAgents", "forceLogout",
        )
    ],
}
# fmt: on

#: Fields a connector cannot do without (the ``required`` of their specs).
REQUIRED_FIELDS = frozenset({("ServerConfig", "serverHostName")})
