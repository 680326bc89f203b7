"""How a desk action becomes its POST route: the route's parameters and answer written once.

Every action on the desk (a step on an RMA, an action on an unauthorized
return) is a route taking the request, the runtime, the signed-in actor, the
key from the path (``ref``, ``parcel_id``) and a form model of only the
action's own fields; it runs one service call and is answered the same way
(``desk_panel.answer_action``). So an action is declared as a plain function of
the form, runtime, actor and key that returns what to tell the person, and
``action_route`` writes the route around it::

    @rma_step(router, "/desk/rmas/{ref}/note", NoteForm)
    def note(form: NoteForm, runtime: Runtime, actor: Actor, ref: str) -> str:
        \"\"\"What was tried or asked, kept on the RMA for the desk.\"\"\"
        add_note(runtime.uow_factory, actor, ref, form.text, runtime.clock.now())
        return "Note added."

The function stays callable as it is; the route is registered on ``router``
with the function's name and docstring.
"""

from __future__ import annotations

import inspect
import re
import typing
from collections.abc import Callable, Mapping
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Request
from fastapi import Form as FormField
from fastapi.responses import HTMLResponse, Response

from warrantor.bootstrap import Runtime
from warrantor.domain.actors import Actor
from warrantor.http.deps import RuntimeDep
from warrantor.web.access import PageActorDep
from warrantor.web.desk_panel import answer_step
from warrantor.web.form_models import FormModel
from warrantor.web.forms import Form

F = TypeVar("F", bound=FormModel)
Action = Callable[[F, Runtime, Actor, Any], str]
"""An action: ``(form, runtime, actor, key) -> what to tell the person``."""
Answer = Callable[[Request, Runtime, Actor, Any, Form, Callable[[], str]], Response]
"""How an action is answered: ``(request, runtime, actor, key, page form, action)``."""

_PATH_KEY = re.compile(r"\{(\w+)\}")


def action_route(
    router: APIRouter,
    path: str,
    form_model: type[F],
    answer: Answer,
    *,
    aliases: Mapping[str, str] | None = None,
) -> Callable[[Action[F]], Action[F]]:
    """Register the decorated action as ``POST path`` on ``router``, answered by ``answer``.

    The key is the path's last ``{name}``, typed as the action's parameter of
    that name (``ref: str``, ``parcel_id: int``). ``aliases`` maps a service's
    field names to the form's, so an error lands next to its field.
    """
    keys = _PATH_KEY.findall(path)
    if not keys:
        raise ValueError(f"{path} names no key for the action")
    key = keys[-1]

    def register(action: Action[F]) -> Action[F]:
        key_type = typing.get_type_hints(action)[key]

        def endpoint(
            request: Request, runtime: Runtime, actor: Actor, form: F, **path_values: Any
        ) -> Response:
            value = path_values[key]
            page = form.page_form(aliases)
            return answer(
                request, runtime, actor, value, page, lambda: action(form, runtime, actor, value)
            )

        endpoint.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
            [
                inspect.Parameter("request", inspect.Parameter.KEYWORD_ONLY, annotation=Request),
                inspect.Parameter("runtime", inspect.Parameter.KEYWORD_ONLY, annotation=RuntimeDep),
                inspect.Parameter("actor", inspect.Parameter.KEYWORD_ONLY, annotation=PageActorDep),
                inspect.Parameter(key, inspect.Parameter.KEYWORD_ONLY, annotation=key_type),
                inspect.Parameter(
                    "form",
                    inspect.Parameter.KEYWORD_ONLY,
                    annotation=Annotated[form_model, FormField()],
                ),
            ],
            return_annotation=Response,
        )
        endpoint.__name__ = action.__name__
        endpoint.__qualname__ = action.__qualname__
        endpoint.__doc__ = action.__doc__
        endpoint.__module__ = action.__module__
        router.post(path, response_class=HTMLResponse)(endpoint)
        return action

    return register


def rma_step(
    router: APIRouter,
    path: str,
    form_model: type[F],
    *,
    aliases: Mapping[str, str] | None = None,
) -> Callable[[Action[F]], Action[F]]:
    """``action_route`` for a step on RMA ``{ref}``, answered with its panel (``answer_step``)."""
    return action_route(router, path, form_model, answer_step, aliases=aliases)
