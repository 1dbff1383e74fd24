"""Schemas every app's router shares. Routers import these, never `vogter/api_root.py`."""

from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    detail: str
    field: str | None = None


def file_schema(media_type: str) -> dict[str, Any]:
    """The OpenAPI schema of a downloaded file's body: a JSON file is read as JSON (by
    clients and schema checkers alike), so it is described as an object; others are bytes."""
    if media_type.split(";")[0].strip() == "application/json":
        return {"type": "object"}
    return {"type": "string", "format": "binary"}
