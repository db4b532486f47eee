"""Records, directory entries and phone search: what the CRM tells the connector about
its own data (``crmDirectory``, screen pop lookups, ``clickToDialResponse``)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from crm_connect.schemas.base import WireModel

#: A phone number as typed by someone: bounded, parsed later by ``crm_connect.phones``.
PhoneText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]


class DirectoryEntry(WireModel):
    """One ``crmDirectory`` result. Needs a phone or an e-mail."""

    id: str = Field(min_length=1)
    name: str
    phone: str = ""
    email: str = ""

    @model_validator(mode="after")
    def _reachable(self) -> DirectoryEntry:
        if not (self.phone or self.email):
            raise ValueError("a directory entry needs a phone or an e-mail")
        return self


class CrmDirectory(WireModel):
    """The ``data`` of ``crmDirectory``: ``count`` is a string, as the vendor expects."""

    count: str = Field(pattern=r"^[0-9]+$")
    results: list[DirectoryEntry]

    @model_validator(mode="after")
    def _count_matches(self) -> CrmDirectory:
        if int(self.count) != len(self.results):
            raise ValueError("count must be the number of results")
        return self

    @classmethod
    def of(cls, entries: list[DirectoryEntry]) -> CrmDirectory:
        return cls(count=str(len(entries)), results=entries)


class RecordOut(WireModel):
    """A record as the API returns it to the CRM page."""

    id: str
    name: str
    object_type: str = Field(alias="objectType")
    url: str
    phone: str = ""
    email: str = ""


class PhoneSearchQuery(BaseModel):
    """``GET /api/phone-search/?number=...&number=...``: the caller's numbers (ANI)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    number: list[PhoneText] = Field(min_length=1, max_length=10)


class PhoneSearchResult(WireModel):
    """Matches for the searched numbers, and where to create a record when there is none."""

    numbers: list[str] = Field(description="The searched numbers that parsed, in E.164.")
    results: list[RecordOut]
    create_url: str = Field("", alias="createUrl")


class RecordQuery(BaseModel):
    """``GET /api/records/<id>/?objectType=...``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    object_type: str = Field("", alias="objectType", max_length=100)
