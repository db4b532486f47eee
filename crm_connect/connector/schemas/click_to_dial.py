"""``clickToDialResponse``: the agent clicked a phone number on a CRM page.

Built in the browser (``connector.js``) from the link's ``data-*`` attributes; this model
is its definition and the tests check the browser's message against it. The shape is
the vendor's public sample (Salesforce Open CTI names): ``createCTDMessage`` in the AXP
sample CRM client's ``src/javascripts/utils/utils.js``.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from crm_connect.schemas.base import WireModel


class PageInfo(WireModel):
    """``relatedToObjects[].pageInfo``: the record, without number and e-mail."""

    record_id: str = Field(alias="recordId")
    url: str
    record_name: str = Field(alias="recordName")
    object_type: str = Field(alias="objectType")


class OnClickToDialResponse(WireModel):
    number: str = Field(min_length=1)
    object_type: str = Field(alias="objectType")
    record_id: str = Field(alias="recordId")
    record_name: str = Field(alias="recordName")
    email: str
    url: str


class ClickToDialLogDetails(WireModel):
    id: str
    name: str
    person_account: Literal[True] = Field(alias="personAccount")
    type: str


class RelatedToObject(WireModel):
    is_name: Literal[False] = Field(alias="isName")
    is_related_to: Literal[True] = Field(alias="isRelatedTo")
    page_info: PageInfo = Field(alias="pageInfo")


class ClickToDialResponse(WireModel):
    on_click_to_dial_response: OnClickToDialResponse = Field(alias="onClickToDialResponse")
    click_to_dial_log_details: ClickToDialLogDetails = Field(alias="clickToDialLogDetails")
    softphone_items: list[Any] = Field(alias="softphoneItems")
    do_not_call: bool = Field(alias="doNotCall")
    crm_emails: str = Field(alias="crmEmails", description="The record's e-mail, a string.")
    crm_phones: list[str] = Field(alias="crmPhones")
    name_objects: None = Field(alias="nameObjects")
    related_to_objects: list[RelatedToObject] = Field(alias="relatedToObjects")
    page_info: OnClickToDialResponse = Field(
        alias="pageInfo", description="The same object as onClickToDialResponse."
    )
