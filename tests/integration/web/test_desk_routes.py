"""Every desk action is a route of its own, taking a form model of only its own fields.

Read from the real app's routes, so a dispatching route (one URL, a path
parameter choosing the action, every action's fields optional) fails here.
"""

from __future__ import annotations

from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel

from route_walk import app_for_routes
from warrantor.web.form_models import FormModel

FORMS = {
    "/desk/rmas/{ref}/validate": {"proof_of_purchase", "note"},
    "/desk/rmas/{ref}/issue": {"note"},
    "/desk/rmas/{ref}/event": {"event", "reason"},
    "/desk/rmas/{ref}/note": {"text"},
    "/desk/rmas/{ref}/ship": {"carrier", "tracking"},
    "/desk/rmas/{ref}/inspect": {"findings", "note", "smart"},
    "/desk/rmas/{ref}/decide": {"part_claimed", "quote_amount", "quote_currency", "note"},
    "/desk/rmas/{ref}/parts": {"part", "part_number", "quantity", "replaced", "part_note"},
    "/desk/rmas/{ref}/finish": {"note"},
    "/desk/rmas/{ref}/replace": {"new_serial", "condition", "note"},
    "/desk/rmas/{ref}/permission": {
        "finding",
        "granted_by",
        "granted_on",
        "permitted",
        "on_unit",
        "letter",
    },
    "/desk/rmas/{ref}/mail-corrected": {"address"},
    "/desk/rmas/{ref}/assign": {"assignee", "reason"},
    "/desk/rmas/{ref}/ask-documents": {"documents"},
    "/desk/receive": {
        "rma_number",
        "brand",
        "serial",
        "sender_name",
        "sender_contact",
        "carrier",
        "tracking",
        "note",
        "service_centre",
    },
    "/desk/unauthorized/{parcel_id}/cost": {"what", "amount", "currency"},
    "/desk/unauthorized/{parcel_id}/return": {"carrier", "tracking", "return_note"},
    "/desk/unauthorized/{parcel_id}/dispose": {"dispose_note"},
    "/desk/help-requests/{request_id}/resolve": {"model", "purchased_on", "country", "note"},
    "/desk/help-requests/{request_id}/reject": {"reason"},
    "/desk/accounts/{code}/transfer": {"brand", "serial", "resale_proof", "reason"},
}


def _desk_posts() -> dict[str, list[type[BaseModel] | None]]:
    """Each POST route under /desk, and the type of each body parameter it takes."""
    app = app_for_routes()
    posts: dict[str, list[type[BaseModel] | None]] = {}
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        path = context.path or ""
        if isinstance(route, APIRoute) and path.startswith("/desk") and "POST" in route.methods:
            params = route.dependant.body_params
            posts[path] = [getattr(p.field_info, "annotation", None) for p in params]
    return posts


def test_each_desk_action_has_its_own_route_and_a_form_of_only_its_own_fields() -> None:
    posts = _desk_posts()

    assert set(posts) == set(FORMS)
    for path, models in posts.items():
        assert len(models) == 1, f"{path} takes {models}, not one form model"
        model = models[0]
        assert model is not None and issubclass(model, FormModel), path
        assert set(model.model_fields) == FORMS[path], path


def test_every_form_field_has_the_label_its_page_shows() -> None:
    for path, models in _desk_posts().items():
        model = models[0]
        assert model is not None and issubclass(model, FormModel)
        unlabelled = [name for name, label in model.labels().items() if label == name]
        assert unlabelled == [], f"{path}: fields without a title: {unlabelled}"
