"""One way to turn request data into a pydantic model, and its errors into a 400.

Every ``crm_connect`` endpoint answers invalid input with HTTP 400 and DRF's usual
shape: ``{"<dotted.field.path>": ["message", ...]}``; errors about the whole body use
``"non_field_errors"``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.settings import api_settings

M = TypeVar("M", bound=BaseModel)

#: Query parameters DRF itself reads; never part of an endpoint's own query model.
RESERVED_QUERY_PARAMETERS = frozenset({api_settings.URL_FORMAT_OVERRIDE or "format"})


def field_errors(exc: PydanticValidationError) -> dict[str, list[str]]:
    """``{"a.b.0.c": ["..."]}`` from a pydantic error."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors(include_url=False):
        where = ".".join(str(part) for part in error["loc"])
        key = where or api_settings.NON_FIELD_ERRORS_KEY
        errors.setdefault(key, []).append(str(error["msg"]))
    return errors


def validate(model: type[M], data: Any) -> M:
    """``model.model_validate(data)``, raising DRF's ``ValidationError`` (400) on failure."""
    try:
        return model.model_validate(data)
    except PydanticValidationError as exc:
        raise ValidationError(field_errors(exc)) from exc


def validate_query(request: Request, model: type[M], lists: Iterable[str] = ()) -> M:
    """The query string as ``model``; parameters named in ``lists`` may repeat."""
    repeated = set(lists)
    data: dict[str, Any] = {}
    for key in request.query_params:
        if key in RESERVED_QUERY_PARAMETERS:
            continue
        values = request.query_params.getlist(key)
        data[key] = values if key in repeated else values[-1]
    return validate(model, data)
