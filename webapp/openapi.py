"""Building blocks of the OpenAPI description (webapp/api.py assembles it from each area's OPENAPI): the one
copy of the response and reference objects every area's paths use."""

from __future__ import annotations

from typing import Any


def ref(name: str) -> dict[str, str]:
    """A reference to a schema of components/schemas."""
    return {"$ref": f"#/components/schemas/{name}"}


def response(desc: str, schema: dict[str, Any]) -> dict[str, Any]:
    """A JSON response with its description and schema."""
    return {"description": desc, "content": {"application/json": {"schema": schema}}}


def error(desc: str) -> dict[str, Any]:
    """An error response: the platform's {"error": {"code", "message"}} (schema Error)."""
    return response(desc, ref("Error"))
