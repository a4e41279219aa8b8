"""The API's documentation for people: the OpenAPI schema as a page of our own.

Rendered on the server from the same schema ``/api/v1/schema/`` serves, with
the site's own stylesheets and no script at all, so the strict
Content-Security-Policy stays as it is and the page reads with a screen reader
like every other page.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "post", "put", "patch", "delete")


@cache
def api_schema() -> dict[str, Any]:
    """The schema as served at /api/v1/schema/ (it changes only with the code)."""
    generator = SchemaGenerator()  # type: ignore[no-untyped-call]
    schema: dict[str, Any] = generator.get_schema(request=None, public=True)  # type: ignore[no-untyped-call]
    # Through JSON, so the page shows exactly what a client downloads.
    loaded: dict[str, Any] = json.loads(json.dumps(schema, default=str))
    return loaded


def _resolve(schema: dict[str, Any], node: Any) -> Any:
    if isinstance(node, dict) and "$ref" in node:
        name = str(node["$ref"]).rsplit("/", 1)[-1]
        return schema["components"]["schemas"].get(name, {})
    return node


def _fields(schema: dict[str, Any], node: Any) -> list[dict[str, Any]]:
    node = _resolve(schema, node)
    required = set(node.get("required", [])) if isinstance(node, dict) else set()
    out = []
    for name, prop in (node.get("properties", {}) if isinstance(node, dict) else {}).items():
        prop = _resolve(schema, prop)
        kind = prop.get("type") or ("enum" if "enum" in prop else "")
        if kind == "array":
            item = _resolve(schema, prop.get("items", {}))
            kind = f"liste av {item.get('type', 'objekt')}"
        out.append(
            {
                "name": name,
                "type": kind or "objekt",
                "format": prop.get("format", ""),
                "required": name in required,
                "enum": prop.get("enum", []),
                "description": prop.get("description", ""),
            }
        )
    return out


def operations() -> list[dict[str, Any]]:
    """Each path and method, with its parameters, body fields and answers."""
    schema = api_schema()
    out = []
    for route, methods in schema.get("paths", {}).items():
        for method in METHODS:
            operation = methods.get(method)
            if operation is None:
                continue
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
            out.append(
                {
                    "id": operation.get("operationId", ""),
                    "method": method.upper(),
                    "path": route,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "token": any(r for r in operation.get("security", [])),
                    "parameters": operation.get("parameters", []),
                    "body": _fields(schema, body.get("schema", {})) if body else [],
                    "responses": [
                        (code, answer.get("description", ""), ", ".join(answer.get("content", {})))
                        for code, answer in sorted(operation.get("responses", {}).items())
                    ],
                }
            )
    return out


def docs_view(request: HttpRequest) -> HttpResponse:
    """The documentation page: anyone may read it, as the schema."""
    schema = api_schema()
    return render(
        request,
        "api/docs.html",
        {"info": schema.get("info", {}), "operations": operations()},
    )
