"""API errors and their wire shapes: Genesys `ErrorBody` everywhere, the SCIM error under `/scim/`.

`ApiError.code` always means the Genesys error code (`not.found`, `missing.permissions`, ...);
the HTTP status is `ApiError.status`. Validation failures from pydantic or FastAPI become 400
`bad.request` / `invalid.value` naming the field (never 422), and anything unexpected becomes
500 `internal.server.error` with the same body shape, so clients always get an ErrorBody.
Codes and messages follow `genesys-api.md` §3.1.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from gcx.catalog.scim import ERROR_SCHEMA
from gcx.emulator.wire import json_response

__all__ = [
    "ApiError",
    "bad_request",
    "conflict",
    "install_error_handlers",
    "invalid_value",
    "not_found",
    "version_mismatch",
]

log = logging.getLogger(__name__)

_SCIM_TYPES = {409: "uniqueness", 412: "invalidVers"}


class ApiError(Exception):
    """An error answer. `message_template` uses ``{name}`` placeholders filled from `params`."""

    def __init__(
        self,
        status: int,
        code: str,
        message_template: str,
        params: Mapping[str, str] | None = None,
        *,
        field: str | None = None,
        scim_type: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.status = status
        self.code = code
        self.template = message_template
        self.params = dict(params or {})
        self.field = field
        self.scim_type = scim_type
        self.headers = dict(headers or {})
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return self.template.format(**self.params) if self.params else self.template

    def body(self, context_id: str) -> dict[str, Any]:
        details = [{"errorCode": self.code, "fieldName": self.field}] if self.field else []
        return {
            "message": self.message,
            "code": self.code,
            "status": self.status,
            "messageWithParams": self.template,
            "messageParams": self.params,
            "contextId": context_id,
            "details": details,
            "errors": [],
        }

    def scim_body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"schemas": [ERROR_SCHEMA], "status": str(self.status), "detail": self.message}
        scim_type = self.scim_type or _SCIM_TYPES.get(self.status)
        if scim_type is None and self.status == 400:
            scim_type = "invalidValue"
        if scim_type:
            body["scimType"] = scim_type
        return body


def not_found(what: str = "resource", ident: str | None = None) -> ApiError:
    suffix = f" ({what} {ident})" if ident else ""
    return ApiError(404, "not.found", "The requested resource was not found." + suffix)


def bad_request(message: str, field: str | None = None) -> ApiError:
    return ApiError(400, "bad.request", message, field=field)


def invalid_value(field: str, value: object, allowed: Iterable[str]) -> ApiError:
    return ApiError(
        400,
        "invalid.value",
        "Value [{value}] is not valid for field type [{field}]. Allowable values are: {allowed}",
        {"value": str(value), "field": field, "allowed": ", ".join(allowed)},
        field=field,
    )


def conflict(message: str, field: str | None = None) -> ApiError:
    return ApiError(409, "general.conflict", message, field=field, scim_type="uniqueness")


def version_mismatch(kind: str, sent: object, current: object) -> ApiError:
    # The provider's IsVersionMismatch looks for this exact phrase in a 409/400 message.
    return ApiError(
        409,
        "general.conflict",
        "The version supplied [{sent}] does not match the current version [{current}] of the {kind}.",
        {"sent": str(sent), "current": str(current), "kind": kind},
        field="version",
        scim_type="invalidVers",
    )


def _field_name(loc: Sequence[Any]) -> str:
    """`("body", "grants", 0, "roleId")` -> `grants[0].roleId` (the style of our own messages)."""
    name = ""
    for part in loc:
        if part in ("body", "query", "path", "header") and not name:
            continue
        if isinstance(part, int):
            name += f"[{part}]"
        elif not str(part).startswith(("function-", "literal[", "str-enum", "union[")):
            name += f".{part}" if name else str(part)
    return name or "body"


def from_validation(errors: Sequence[Mapping[str, Any]]) -> ApiError:
    """The first pydantic/FastAPI validation error as a Genesys 400, naming the field."""
    first = errors[0]
    field = _field_name(first.get("loc", ()))
    kind = first.get("type", "")
    if kind == "json_invalid":
        return bad_request("The request could not be understood by the server due to malformed syntax.")
    if kind in ("enum", "literal_error"):
        expected = (first.get("ctx") or {}).get("expected", "")
        allowed = [v.strip(" '\"") for v in str(expected).replace(" or ", ",").split(",") if v.strip()]
        return invalid_value(field, first.get("input"), allowed)
    if kind == "missing":
        return bad_request(f"The field '{field}' is required.", field)
    return bad_request(f"Invalid value for field '{field}': {first.get('msg', 'invalid')}.", field)


def _is_scim(request: Request) -> bool:
    return request.url.path.startswith("/api/v2/scim/")


def render(request: Request, error: ApiError) -> Response:
    context_id = str(uuid.uuid4())
    if _is_scim(request):
        return json_response(
            error.scim_body(), error.status, error.headers, media_type="application/scim+json"
        )
    headers = {"ININ-Correlation-Id": context_id, **error.headers}
    return json_response(error.body(context_id), error.status, headers)


def install_error_handlers(app: FastAPI) -> None:
    async def on_api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return render(request, exc)

    async def on_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return render(request, from_validation(exc.errors()))

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if exc.status_code == 404:
            return render(request, not_found())
        if exc.status_code == 405:
            return render(
                request, ApiError(405, "method.not.allowed", "HTTP method not allowed for this resource.")
            )
        return render(request, ApiError(exc.status_code, "bad.request", str(exc.detail)))

    async def on_unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return render(
            request, ApiError(500, "internal.server.error", "The server encountered an unexpected error.")
        )

    app.add_exception_handler(ApiError, on_api_error)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(Exception, on_unexpected)
