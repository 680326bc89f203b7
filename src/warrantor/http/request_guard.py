"""Hostile input stops at the door: NUL characters and integers out of range (issue #21).

When and why: PostgreSQL can't store a NUL character in text (psycopg refuses
the statement: a 500), SQLite would store it, and nothing a person types holds
one; an integer past 64 bits fits no column (SQLite's driver raises
``OverflowError``: a 500), and an id past 32 bits no id column on
PostgreSQL. Rather than a check in every route, one dependency of the whole
app (``guard_request``) looks at what a request brings before any route
reads it, and refuses it with 422 naming the field:

- every path and query parameter, and every field of a form (not the files a
  form uploads: an import names the row and column itself);
- a JSON body: every string and member name for NUL, every number for a 64-bit
  range. The raw bytes are searched first (a NUL can only be written
  ``\\u0000`` in JSON; a number past 64 bits has at least 19 digits), so the
  usual body, with neither, is not parsed a second time;
- a parameter the route declares as an integer, for a 32-bit range (ids, page
  sizes and cursors all fit one).

The API answers the refusal as JSON (``http.errors``), a page as an error page
(``web.rendering.PageRoute``, itself a ``GuardedRoute``).

Why a route class and not a dependency of the whole app (as it first was):
FastAPI solves each dependency again on every request (each of its parameters
looked up afresh), which cost the public check, the request answered most,
about a fifteenth of its calls; as the route's own handler it runs once a
request, with the route's integer parameters worked out when the route is built.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Coroutine, Iterator
from typing import Any, get_args

from fastapi import APIRouter, Request, Response
from fastapi.routing import APIRoute
from starlette.datastructures import UploadFile

from warrantor.errors import InvalidInput, Problem

MAX_INT = 2**63 - 1
"""The largest number a column holds (a signed 64-bit integer, on both engines)."""

MAX_PARAMETER = 2**31 - 1
"""The largest integer a path, query or form parameter may be: those are ids (a 32-bit
``INTEGER`` column on PostgreSQL), page sizes and cursors."""

NUL = "\x00"
NUL_PROBLEM = "contains a NUL character (\\x00), which no text may hold"
OUT_OF_RANGE = f"is out of range: a whole number from {-MAX_INT} to {MAX_INT}"
PARAMETER_OUT_OF_RANGE = f"is out of range: a whole number from {-MAX_PARAMETER} to {MAX_PARAMETER}"
_JSON_NUL = b"\\u0000"
_LONG_NUMBER = re.compile(rb"[0-9]{19,}")


def _out_of_range(text: str) -> bool:
    """Whether ``text`` is a whole number past ``MAX_PARAMETER`` (anything else is left
    to the parameter's own validation)."""
    digits = text.strip().lstrip("+-")
    if not digits.isdigit() or len(digits) < 10:
        return False
    return len(digits) > 19 or abs(int(text)) > MAX_PARAMETER


def _refuse(problems: list[Problem]) -> None:
    if problems:
        fields = ", ".join(p.field or "request" for p in problems)
        raise InvalidInput(f"invalid request: {fields}", problems)


def _declared_integers(route: APIRoute) -> frozenset[str]:
    """The names of the path, query and form parameters the route declares as integers."""
    names: set[str] = set()
    pending = [route.dependant]
    while pending:
        current = pending.pop()
        for param in (*current.path_params, *current.query_params, *current.body_params):
            annotation = param.field_info.annotation
            if annotation is int or int in get_args(annotation):
                names.add(param.alias)
        pending.extend(current.dependencies)
    return frozenset(names)


def _json_problems(value: Any, where: str) -> Iterator[Problem]:
    """NUL in a string or member name, or an integer past 64 bits, anywhere in ``value``."""
    if isinstance(value, str):
        if NUL in value:
            yield Problem(NUL_PROBLEM, where or None)
    elif isinstance(value, bool):
        return
    elif isinstance(value, int):
        if abs(value) > MAX_INT:
            yield Problem(OUT_OF_RANGE, where or None)
    elif isinstance(value, dict):
        for key, member in value.items():
            inside = f"{where}.{key}" if where else str(key)
            if NUL in key:
                yield Problem(NUL_PROBLEM, inside.replace(NUL, "\\x00"))
            else:
                yield from _json_problems(member, inside)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _json_problems(item, f"{where}.{index}" if where else str(index))


async def _body_problems(request: Request, integers: frozenset[str]) -> list[Problem]:
    content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type == "application/json" or content_type.endswith("+json"):
        body = await request.body()
        if _JSON_NUL not in body and _LONG_NUMBER.search(body) is None:
            return []
        try:
            document = json.loads(body)
        except (ValueError, RecursionError):
            return []  # not JSON: the route's own parsing says so
        return list(_json_problems(document, ""))
    if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        problems = []
        for name, value in (await request.form()).multi_items():
            if isinstance(value, UploadFile):
                continue
            if NUL in value:
                problems.append(Problem(NUL_PROBLEM, name))
            elif name in integers and _out_of_range(value):
                problems.append(Problem(PARAMETER_OUT_OF_RANGE, name))
        return problems
    return []


async def guard_request(request: Request, integers: frozenset[str]) -> None:
    """Refuse (422, ``InvalidInput`` naming each field) NUL characters in any text the
    request brings and integers out of range (``integers``: the parameters its route
    declares as integers); see the module docstring."""
    problems = []
    for name, value in (*request.path_params.items(), *request.query_params.multi_items()):
        if NUL in str(value):
            problems.append(Problem(NUL_PROBLEM, name))
        elif name in integers and _out_of_range(str(value)):
            problems.append(Problem(PARAMETER_OUT_OF_RANGE, name))
    problems += await _body_problems(request, integers)
    _refuse(problems)


class GuardedRoute(APIRoute):
    """A route that refuses hostile input (``guard_request``) before it reads the request."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        integers = _declared_integers(self)

        async def guarded(request: Request) -> Response:
            await guard_request(request, integers)
            return await handler(request)

        return guarded


def guarded_router(**options: Any) -> APIRouter:
    """An ``APIRouter`` (``options`` as its own) whose routes are ``GuardedRoute``s: every
    router of the app is made by this (``web.rendering.page_router`` for pages)."""
    return APIRouter(route_class=GuardedRoute, **options)
