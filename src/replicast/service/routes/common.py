"""Bits the route modules share: error responses for OpenAPI and the list parameters."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path, Query

from replicast.service.schemas import ID_MAX, ErrorBody

Limit = Annotated[int, Query(ge=1, le=100, description="items per page")]
Cursor = Annotated[str | None, Query(max_length=200, description="`next_cursor` of the previous page")]
VideoId = Annotated[str, Path(max_length=ID_MAX)]
JobId = Annotated[str, Path(max_length=ID_MAX)]
BatchId = Annotated[str, Path(max_length=ID_MAX)]


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error responses a route can give (401 and 429 on every authenticated one)."""
    described = {
        400: "Malformed request",
        401: "Missing, malformed, unknown or revoked API key",
        404: "No such id for this tenant",
        409: "Not in a state for that",
        410: "The result's files are gone",
        413: "Upload over the size limit",
        429: "Over the key's request rate or job quota (see Retry-After)",
    }
    return {code: {"model": ErrorBody, "description": described[code]} for code in sorted({401, 429, *codes})}
