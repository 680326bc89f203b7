"""What a submitted form looks like to a page: the values typed and the errors to show.

Every portal form follows one pattern (the ``_forms.html`` macros): a summary
of the errors at the top, announced by screen readers (``role=alert``), each
linking to its field; and each message again next to its field, tied to it
by ``aria-describedby`` with the field marked ``aria-invalid``. A service's
``InvalidInput`` names fields in its problems; ``Form.fail`` files each
message under the field the page shows, or at the top when it names none.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from warrantor.errors import Ambiguous, InvalidInput, Refused, Said, WarrantorError
from warrantor.i18n.locales import N_


@dataclass(frozen=True, slots=True)
class FieldError:
    """One message, and the field it is about (``None``: the form as a whole)."""

    message: str
    field: str | None = None
    label: str | None = None


@dataclass
class Form:
    """Submitted values (to refill the fields) and errors (to show), by field name.

    ``labels`` maps field names to what the page calls them, so the summary
    reads "Serial number: ..." rather than the internal name; ``aliases`` maps
    a service's field names to the page's (e.g. ``proof_of_purchase`` ->
    ``proof``).
    """

    values: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    errors: list[FieldError] = field(default_factory=list)

    @classmethod
    def of(
        cls,
        values: Mapping[str, object],
        labels: Mapping[str, str],
        aliases: Mapping[str, str] | None = None,
    ) -> Form:
        shown = {k: "" if v is None else str(v) for k, v in values.items()}
        return cls(values=shown, labels=dict(labels), aliases=dict(aliases or {}))

    def value(self, name: str) -> str:
        return self.values.get(name, "")

    def add(self, message: str, name: str | None = None) -> None:
        """File ``message`` under field ``name`` (a service's name is mapped to the page's;
        a field the page does not show is named before the message, at the top). The message
        is translated where it is shown (a marked sentence, or an ``errors.Said``)."""
        if name is not None:
            name = self.aliases.get(name, name)
            if name not in self.labels:
                self.errors.append(FieldError(message, None, name))
                return
        label = self.labels.get(name) if name else None
        self.errors.append(FieldError(message, name, label))

    def require(self, *names: str) -> None:
        """An error for each named field left empty."""
        for name in names:
            if not self.value(name).strip():
                self.add(N_("is required"), name)

    def fail(self, error: WarrantorError) -> None:
        """File a service's error: each problem under its field, else the message at the top."""
        if isinstance(error, InvalidInput) and error.problems:
            for problem in error.problems:
                self.add(problem.message, problem.field)
            return
        message = error.message
        said = message if isinstance(message, Said) else Said(message)  # a marked word, or as is
        if isinstance(error, Ambiguous):
            message = Said(N_("%(message)s (%(choices)s)"), message=said, choices=error.choices)
        if isinstance(error, Refused) and error.clause_ids:
            message = Said(
                N_("%(message)s (clauses: %(clauses)s)"),
                message=said,
                clauses=", ".join(error.clause_ids),
            )
        self.errors.append(FieldError(message))

    @property
    def ok(self) -> bool:
        return not self.errors

    def errors_for(self, name: str) -> list[str]:
        return [e.message for e in self.errors if e.field == name]
