"""A page form's fields as a Pydantic model: what one route accepts, and what each is called.

A route that takes a form declares a model of only its own fields
(``form: Annotated[ValidateForm, FormField()]``); the session's CSRF field
and anything else a page sends is ignored. Each field's ``title`` is the
label the page shows, so an error summary reads "Carrier: is required"; the
submitted text refills the fields when the page comes back with errors
(``FormModel.page_form``).
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel

from warrantor.errors import InvalidInput, Problem
from warrantor.web.forms import Form


class FormModel(BaseModel):
    """The base of a route's form: text fields default to empty, as a browser sends them."""

    @classmethod
    def labels(cls) -> dict[str, str]:
        """What the page calls each field (its ``title``, else its name)."""
        return {name: field.title or name for name, field in cls.model_fields.items()}

    def page_form(self, aliases: Mapping[str, str] | None = None) -> Form:
        """The submitted text (to refill the fields) and the labels, ready for errors.

        ``aliases`` maps a service's field names to this form's (e.g. ``file`` ->
        ``smart``).
        """
        shown = {k: v for k, v in self.model_dump().items() if isinstance(v, str)}
        return Form.of(shown, self.labels(), aliases=aliases)


def whole_number(raw: str, name: str, what: str) -> int:
    """``raw`` as a non-negative integer, or ``InvalidInput`` naming field ``name``."""
    raw = raw.strip()
    if not raw.isdigit():
        raise InvalidInput(f"invalid {name}", [Problem(what, name)])
    return int(raw)
