"""The OpenAPI schema's common parts: every refusal documented as a problem document.

drf-spectacular documents what each view says it returns; the refusals are the
same for every endpoint (bad input, no token, no access, nothing there, too
many requests), so this hook adds them once, as ``application/problem+json``,
so that a client generated from the schema, and schemathesis, know every
answer the API can give.
"""

from __future__ import annotations

from typing import Any

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "RFC 9457 problem details, med «detail» på norsk.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "pointer": {"type": "string"},
                    "detail": {"type": "string"},
                },
                "required": ["pointer", "detail"],
            },
        },
    },
    "required": ["type", "title", "status", "detail"],
}

PUBLIC_ERRORS = {
    "400": "Ugyldige parametre.",
    "404": "Finnes ikke.",
    "405": "Metoden er ikke tillatt.",
    "429": "For mange forespørsler; se Retry-After.",
}
TOKEN_ERRORS = {
    **PUBLIC_ERRORS,
    "401": "Ingen, ukjent, utløpt eller tilbaketrukket API-nøkkel.",
    "403": "Rollen har ikke tilgang.",
    "409": "Endret i mellomtiden.",
    "415": "Innholdet er ikke JSON.",
}


def _problem_response(description: str, code: str) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description,
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        },
    }
    if code == "429":
        response["headers"] = {
            "Retry-After": {"schema": {"type": "integer"}, "description": "Sekunder å vente."}
        }
    return response


def add_problem_responses(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: the Problem schema and the error answers."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    for methods in result.get("paths", {}).values():
        for operation in methods.values():
            secured = any(requirement for requirement in operation.get("security", []))
            errors = TOKEN_ERRORS if secured else PUBLIC_ERRORS
            responses = operation.setdefault("responses", {})
            for code, answer in responses.items():
                if code.startswith("2") and not answer.get("description"):
                    answer["description"] = "Registrert." if code == "201" else "Svaret."
            for code, description in errors.items():
                responses.setdefault(code, _problem_response(description, code))
    return result
