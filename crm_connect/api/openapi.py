"""OpenAPI annotations of the endpoints, for drf-spectacular (``django-crm-connect[openapi]``).

The request and response bodies are the pydantic models the views use: drf-spectacular's
pydantic extension turns them into components with pydantic's own JSON schema (which
needs ``SPECTACULAR_SETTINGS["OAS_VERSION"] = "3.1.0"``: nullable fields are
``anyOf [..., {"type": "null"}]``). Query parameters come from the views' query models.

Without drf-spectacular installed, :func:`document` leaves the views as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, RootModel

from crm_connect.api.base import QUERY_MODEL_ATTR
from crm_connect.connector.features import csrf_header_name as _csrf_header

F = TypeVar("F", bound=Callable[..., Any])

try:
    from drf_spectacular.contrib.pydantic import PydanticExtension
    from drf_spectacular.plumbing import ResolvedComponent
    from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
except ImportError:  # pragma: no cover - the optional extra is not installed
    SPECTACULAR = False
else:
    SPECTACULAR = True

    class CrmConnectModels(PydanticExtension):  # type: ignore[no-untyped-call]
        """This app's models: request bodies in pydantic's *validation* schema, which
        keeps the constraints of fields with a before-validator (e.g. an interaction id's
        length) that the serialization schema drops; named ``...Input`` so that they never
        collide with a response's component. Other apps' pydantic models are left to
        drf-spectacular's own extension."""

        priority = 1

        @classmethod
        def _matches(cls, target: Any) -> bool:
            module = str(getattr(target, "__module__", ""))
            return module.startswith("crm_connect.") and bool(super()._matches(target))

        def get_name(self, auto_schema: Any, direction: str) -> str:
            name = str(super().get_name(auto_schema, direction))  # type: ignore[no-untyped-call]
            return f"{name}Input" if direction == "request" else name

        def map_serializer(self, auto_schema: Any, direction: str) -> dict[str, Any]:
            if direction != "request":
                return dict(super().map_serializer(auto_schema, direction))  # type: ignore[no-untyped-call]
            schema = self.target.model_json_schema(
                ref_template="#/components/schemas/{model}Input", mode="validation"
            )
            for name, definition in schema.pop("$defs", {}).items():
                component = ResolvedComponent(  # type: ignore[no-untyped-call]
                    name=f"{name}Input",
                    type=ResolvedComponent.SCHEMA,
                    object=f"{name}Input",
                    schema=definition,
                )
                auto_schema.registry.register_on_missing(component)
            return dict(schema)


class FieldErrors(RootModel[dict[str, list[str]]]):
    """400: messages by dotted path into the body, or by query parameter name; errors
    about the whole body under ``non_field_errors``."""


class ErrorDetail(BaseModel):
    """403, 404: ``{"detail": "..."}``."""

    model_config = ConfigDict(extra="forbid")

    detail: str


def csrf_header_name() -> str:
    """The CSRF header as people write it (``X-CSRFToken``); another name as configured."""
    name = _csrf_header()
    return "X-CSRFToken" if name.upper() == "X-CSRFTOKEN" else name


def query_parameters(model: type[BaseModel], lists: frozenset[str] = frozenset()) -> list[Any]:
    """One query parameter per field of ``model``, by its alias, with its JSON schema;
    the fields named in ``lists`` repeat (``?number=1&number=2``)."""
    schema = model.model_json_schema(mode="validation")
    required = set(schema.get("required", []))
    parameters = []
    for name, field_schema in schema["properties"].items():
        parameter_schema = {key: value for key, value in field_schema.items() if key != "title"}
        parameters.append(
            OpenApiParameter(
                name,
                type=parameter_schema,
                location=OpenApiParameter.QUERY,
                required=name in required,
                description=str(field_schema.get("description", "")),
                explode=True if name in lists else None,
                style="form" if name in lists else None,
            )
        )
    return parameters


def document(
    *,
    summary: str,
    responses: dict[int, type[BaseModel] | None],
    request: type[BaseModel] | None = None,
    query: type[BaseModel] | None = None,
    lists: frozenset[str] = frozenset(),
    path_parameters: dict[str, str] | None = None,
    csrf: bool = False,
) -> Callable[[F], F]:
    """``extend_schema`` for a view method; every endpoint also answers 400 (invalid
    input, when it takes any) and 403 (signed out, or a missing CSRF token on writes).

    ``query`` is also what ``FeatureAPIView`` reads: a method without one refuses every
    query parameter, so the schema and the behaviour cannot disagree."""

    def mark(view: F) -> F:
        setattr(view, QUERY_MODEL_ATTR, query)
        return view

    if not SPECTACULAR:  # pragma: no cover - the optional extra is not installed
        return mark

    described: dict[int, Any] = {
        code: OpenApiResponse(model, description=_DESCRIPTIONS.get(code, ""))
        for code, model in responses.items()
    }
    # Every endpoint refuses unknown query parameters (FeatureAPIView) with a 400.
    described.setdefault(400, OpenApiResponse(FieldErrors, description=_DESCRIPTIONS[400]))
    if request is not None:
        for code in (413, 415):
            described.setdefault(
                code, OpenApiResponse(ErrorDetail, description=_DESCRIPTIONS[code])
            )
    described.setdefault(403, OpenApiResponse(ErrorDetail, description=_DESCRIPTIONS[403]))
    parameters = query_parameters(query, lists) if query is not None else []
    for name, description in (path_parameters or {}).items():
        parameters.append(
            OpenApiParameter(name, str, OpenApiParameter.PATH, description=description)
        )
    if csrf:
        parameters.append(
            OpenApiParameter(
                csrf_header_name(),
                str,
                OpenApiParameter.HEADER,
                required=True,
                description="The CSRF token (the `csrftoken` cookie's value): session "
                "authentication refuses writes without it.",
            )
        )
    decorator: Callable[[F], F] = extend_schema(
        summary=summary,
        request=request,
        responses=described,
        parameters=parameters,
        tags=["crm-connect"],
    )
    return lambda view: decorator(mark(view))


_DESCRIPTIONS = {
    200: "OK",
    201: "Created",
    400: "Invalid input: messages by field (`non_field_errors` for the whole body).",
    403: "Not signed in, or, on writes, no valid CSRF token (session authentication).",
    404: "Not found, or not visible to the caller.",
    413: "The body is larger than `DATA_UPLOAD_MAX_MEMORY_SIZE`.",
    415: "The body is not JSON (`Content-Type`).",
    409: "The interaction belongs to another agent's log; it is not changed.",
}
