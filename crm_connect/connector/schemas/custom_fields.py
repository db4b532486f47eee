"""``requestCustomFieldsValues`` / ``customFieldsDataResponse``.

The response's ``data`` is a JSON **string** (the vendor parses it) of
``{voice: {key: {customFieldInfo: {customFieldType, customFieldLabel}}}, digital: {...}}``.
The CRM's fields come from ``CRM_CONNECT["CUSTOM_FIELDS"]``, written short::

    {"voice": {"caseNumber": {"type": "STRING", "label": "Case number"}}}
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from crm_connect.schemas.base import WireModel

FieldType = Literal["STRING", "PICKLIST"]


class CustomFieldInfo(WireModel):
    custom_field_type: FieldType = Field("STRING", alias="customFieldType")
    custom_field_label: str = Field(alias="customFieldLabel", min_length=1)


class CustomField(WireModel):
    custom_field_info: CustomFieldInfo = Field(alias="customFieldInfo")


class CustomFieldsData(WireModel):
    voice: dict[str, CustomField] = Field(default_factory=dict)
    digital: dict[str, CustomField] = Field(default_factory=dict)


class CustomFieldSetting(BaseModel):
    """One field in ``CUSTOM_FIELDS``: a label and a type."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str = Field(min_length=1, max_length=200)
    type: FieldType = "STRING"


class CustomFieldsSetting(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    voice: dict[str, CustomFieldSetting | str] = Field(default_factory=dict)
    digital: dict[str, CustomFieldSetting | str] = Field(default_factory=dict)

    def to_wire(self) -> CustomFieldsData:
        def channel(fields: dict[str, CustomFieldSetting | str]) -> dict[str, CustomField]:
            out = {}
            for key, field in fields.items():
                setting = field if isinstance(field, CustomFieldSetting) else None
                label = setting.label if setting else str(field)
                kind: FieldType = setting.type if setting else "STRING"
                out[key] = CustomField(
                    custom_field_info=CustomFieldInfo(
                        custom_field_type=kind, custom_field_label=label
                    )
                )
            return out

        return CustomFieldsData(voice=channel(self.voice), digital=channel(self.digital))


def custom_fields_data(setting: dict[str, Any]) -> dict[str, Any]:
    """``CUSTOM_FIELDS`` in the wire shape, as plain JSON data (raises when invalid)."""
    return CustomFieldsSetting.model_validate(setting).to_wire().model_dump(mode="json")
