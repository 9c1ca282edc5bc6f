"""Error answers: one line saying what was wrong, never more than a bounded echo of the input.

FastAPI's own validation answer repeats every rejected value whole (a 100,000-character id
comes back in a 100 kB body); here each error names the parameter and quotes at most
``params.SHOWN`` characters. Pages under /ui get the same message as an HTML page.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from .params import BadParameter, shown

#: The longest message an error body carries.
MAX_MESSAGE = 300


def _bounded(message: str) -> str:
    message = " ".join(str(message).split())
    return message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 1] + "…"


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:3]:
        where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body"))
        reason = err.get("msg", "invalid")
        if "input" in err and err.get("type") != "missing":
            reason += f" (got {shown(err['input'])})"
        parts.append(f"{where or 'request'}: {reason}")
    return "; ".join(parts)


def answer(request: Request, status: int, message: str, headers: dict | None = None):
    """JSON ``{"detail": message}`` for the API, an HTML page for the UI."""
    message = _bounded(message)
    ui = getattr(request.app.state, "ui", None)
    if ui is not None and request.url.path.startswith("/ui"):
        return ui.error_page(request, status, message, headers)
    return JSONResponse({"detail": message}, status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        return answer(request, 422, _validation_message(exc))

    @app.exception_handler(BadParameter)
    async def bad_parameter(request: Request, exc: BadParameter):
        return answer(request, 422, str(exc))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        return answer(request, exc.status_code, str(exc.detail), getattr(exc, "headers", None))
