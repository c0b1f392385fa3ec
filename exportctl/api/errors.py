"""One JSON error body for every failure, built from the library's error codes.

Body: ``{"ok": false, "code", "message", "errors", "status"}`` plus ``error`` and ``detail``
(the same message) so that clients written for the CLI's JSON errors and for yente (which
reads ``detail``) both understand it. ``code`` is the stable code of ``docs/errors.md``.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from exportctl.errors import ExportctlError

__all__ = ["ErrorBody", "document_errors", "error_body", "install_error_handlers"]

log = logging.getLogger("exportctl.api")

# HTTP statuses the framework raises itself, and the code each gets in our body.
_HTTP_CODES = {
    400: "invalid_input",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "body_too_large",
    414: "uri_too_long",
    415: "unsupported_media_type",
    422: "invalid_input",
    429: "too_many_requests",
    503: "not_ready",
}


class ErrorBody(BaseModel):
    """The JSON body of every error response."""

    ok: bool = False
    code: str
    message: str
    error: str
    detail: str
    errors: dict[str, str]
    status: int


# Statuses any route may answer besides its own: bad input, no or a bad key, a role or rule
# (four eyes) refusing the action, no such thing, a conflict with stored state, body too
# large, validation, an unexpected failure, the index not yet loaded.
_COMMON_ERRORS = {
    "400": "Invalid input",
    "401": "No valid API key",
    "403": "Forbidden (role_required, four_eyes ...)",
    "404": "Not found",
    "409": "Conflict with stored state",
    "413": "Request body too large",
    "422": "Invalid request",
    "500": "Internal error",
    "503": "Not ready",
}


def document_errors(app: FastAPI) -> None:
    """Make ``/openapi.json`` describe the error body every route really answers with."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        from fastapi.openapi.utils import get_openapi

        schema = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["ErrorBody"] = ErrorBody.model_json_schema()
        components.pop("HTTPValidationError", None)
        components.pop("ValidationError", None)
        ref = {"$ref": "#/components/schemas/ErrorBody"}
        for path_item in schema.get("paths", {}).values():
            for operation in path_item.values():
                responses = operation.setdefault("responses", {})
                for status, description in _COMMON_ERRORS.items():
                    responses[status] = {
                        "description": description,
                        "content": {"application/json": {"schema": ref}},
                    }
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def error_body(
    status: int, code: str, message: str, errors: dict[str, str] | None = None
) -> dict[str, Any]:
    """The error JSON every route answers with."""
    return {
        "ok": False,
        "code": code,
        "message": message,
        "error": message,
        "detail": message,
        "errors": errors or {},
        "status": status,
    }


def _loc(parts: tuple[Any, ...] | list[Any]) -> str:
    out = ""
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out += ("." if out else "") + str(p)
    return out


def install_error_handlers(app: FastAPI) -> None:
    """Map library errors, validation errors and HTTP errors to the one error body."""

    @app.exception_handler(ExportctlError)
    async def _library(_request: Request, exc: ExportctlError) -> JSONResponse:
        # RFC 9110 section 11.6.1: a 401 names the scheme the client should use.
        headers = {"WWW-Authenticate": 'Bearer realm="exportctl"'} if exc.status == 401 else None
        return JSONResponse(
            error_body(exc.status, exc.code, exc.detail, exc.errors),
            status_code=exc.status,
            headers=headers,
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = {_loc(e.get("loc", ())): str(e.get("msg", "invalid")) for e in exc.errors()}
        first = next(iter(errors.items()), ("body", "invalid"))
        message = f"{first[0]}: {first[1]}"
        return JSONResponse(error_body(422, "invalid_input", message, errors), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        message = exc.detail if isinstance(exc.detail, str) else code
        return JSONResponse(
            error_body(exc.status_code, code, message),
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # Never a traceback to the client: log it under an id the client can quote.
        request_id = uuid.uuid4().hex[:12]
        log.exception("unhandled error %s on %s %s", request_id, request.method, request.url.path)
        return JSONResponse(
            error_body(500, "internal_error", f"internal error (request id {request_id})"),
            status_code=500,
        )
