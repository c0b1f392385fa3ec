"""Request inputs that are either a JSON body or an uploaded file (``classify``, ``assess``).

A route taking "the content of the CLI's input file" accepts it three ways: as JSON (the
file's content as a JSON value), as a multipart upload (field ``file``), or as the raw YAML
text (``Content-Type: application/yaml``). The dependency only reads the bytes; the
``exportctl.files`` parsers validate them, as they do for the CLI's files.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from starlette.datastructures import UploadFile

from exportctl.errors import InvalidInput

__all__ = ["BodyInput", "body_input", "body_openapi"]

_YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain")


@dataclass(frozen=True)
class BodyInput:
    """What the request carried: parsed JSON (``data``) or YAML text (``text``)."""

    source: str  # names the input in error messages ("body" or "upload NAME")
    data: Any = None
    text: str | None = None


def _decode(raw: bytes, source: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(f"{source}: not UTF-8 text", code="invalid_input") from None


async def body_input(request: Request) -> BodyInput:
    """The request's input, read without parsing its meaning (a FastAPI dependency)."""
    ctype = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if ctype == "multipart/form-data":
        # the context closes the spooled upload files when the form has been read
        async with request.form() as form:
            upload = form.get("file")
            if not isinstance(upload, UploadFile):
                raise InvalidInput(
                    "the upload needs a file in the form field 'file'",
                    code="invalid_input",
                    errors={"file": "missing"},
                )
            name = upload.filename or "upload"
            return BodyInput(f"upload {name}", text=_decode(await upload.read(), name))
    raw = await request.body()
    if ctype in _YAML_TYPES:
        return BodyInput("body", text=_decode(raw, "body"))
    if not raw.strip():
        raise InvalidInput(
            "the request has no body", code="invalid_input", errors={"body": "missing"}
        )
    try:
        return BodyInput("body", data=json.loads(raw))
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
        raise InvalidInput(
            f"body: not valid JSON ({exc})", code="invalid_input", errors={"body": "not valid JSON"}
        ) from None


def body_openapi(description: str) -> dict[str, Any]:
    """The ``requestBody`` of a route reading :func:`body_input` (JSON or a file upload)."""
    return {
        "requestBody": {
            "required": True,
            "description": description,
            "content": {
                "application/json": {"schema": {"type": "object"}},
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {"file": {"type": "string", "format": "binary"}},
                        "required": ["file"],
                    }
                },
            },
        }
    }
