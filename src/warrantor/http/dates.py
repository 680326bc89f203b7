"""``IsoDate``: the type of every date the API reads, written ``YYYY-MM-DD`` and nothing else.

When and why: Pydantic would also take a number as a date (seconds since
1970: ``86400`` is 2 January 1970) and a full timestamp, so a spreadsheet's
day number or a mistyped field became a date silently. A date in a query,
a path or a JSON body is text in ISO form; anything else is a 422 naming
the field.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

NOT_A_DATE = "must be a date written YYYY-MM-DD (not a number or a timestamp)"


def _written_as_iso_date(value: Any) -> Any:
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
        return value  # the date type checks it is a real calendar day
    raise ValueError(NOT_A_DATE)


IsoDate = Annotated[
    date,
    BeforeValidator(_written_as_iso_date),
    Field(json_schema_extra={"pattern": f"^{_ISO_DATE.pattern}$"}),
]
