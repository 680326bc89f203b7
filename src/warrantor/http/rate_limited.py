"""A request over a rate limit answers 429 with ``Retry-After`` (seconds) and the usual body."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from warrantor.services.access.rate_limit import RateLimited


def install_rate_limit_handler(app: FastAPI) -> None:
    @app.exception_handler(RateLimited)
    async def _rate_limited(request: Request, error: RateLimited) -> JSONResponse:
        body = {"error": {"type": "rate_limited", "message": error.message}}
        headers = {"Retry-After": str(error.retry_after)}
        return JSONResponse(status_code=429, content=body, headers=headers)
