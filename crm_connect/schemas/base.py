from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class WireModel(BaseModel):
    """A payload as it travels: fields use the wire's spelling when serialized.

    Python code uses snake_case names; ``model_dump()`` gives the vendor's names.
    """

    model_config = ConfigDict(
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        extra="forbid",
        frozen=True,
    )
