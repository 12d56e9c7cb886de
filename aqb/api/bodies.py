"""JSON bodies read after the access check.

ninja parses a declared body before the view runs, so a stranger's malformed body would get
400 instead of 403/404 and learn that the endpoint exists for that object. The funding
endpoints therefore take the body inside the view (`read_body`) and declare its schema for
the OpenAPI document only (`documented`)."""

from __future__ import annotations

import pydantic
from ninja import Schema
from ninja.errors import ValidationError as RequestInvalid


def read_body(request, schema: type[Schema]):
    """The JSON body checked against `schema`; invalid: 422 with the German field messages
    (`aqb.api.errors`), each naming its field."""
    try:
        return schema.model_validate_json(request.body or b"{}")
    except pydantic.ValidationError as exc:
        raise RequestInvalid([{**e, "loc": ("body", *e.get("loc", ()))}
                              for e in exc.errors(include_url=False)]) from None


def _inline(schema: dict) -> dict:
    """The JSON schema with its `$defs` written in place (OpenAPI has no `$defs`)."""
    defs = schema.pop("$defs", {})

    def walk(node):
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/$defs/"):
                return walk(dict(defs[ref.rsplit("/", 1)[1]]))
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk(schema)


def documented(schema: type[Schema]) -> dict:
    """`openapi_extra` of an endpoint that reads `schema` with `read_body`."""
    return {"requestBody": {"required": True, "content": {
        "application/json": {"schema": _inline(schema.model_json_schema())}}}}
