"""Loading an upload as a ``smartctl --json`` document, or saying why it is not one."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from warrantor.smart.errors import NotJson, NotSmartctlOutput

ENVELOPE_KEYS = ("json_format_version", "smartctl")
"""Keys every ``smartctl --json`` output has, whatever the device or options."""


def load_document(text: str | bytes) -> Mapping[str, Any]:
    """Parse ``text`` and check it is smartctl's JSON; raise ``NotJson`` / ``NotSmartctlOutput``."""
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        hint = ""
        if isinstance(text, str | bytes) and _looks_like_text_report(text):
            hint = " It looks like smartctl's text output; run smartctl with --json (-j)."
        raise NotJson(f"the SMART report is not JSON ({exc}).{hint}") from exc
    except (RecursionError, ValueError):  # nested too deep, or a number of 4,300+ digits
        raise NotSmartctlOutput(
            "the SMART report is JSON but not smartctl output: nested too deep or holding a "
            "number far too long to read"
        ) from None
    if not isinstance(document, dict):
        raise NotSmartctlOutput(
            f"the SMART report is JSON but not smartctl output: a {type(document).__name__},"
            " not an object"
        )
    missing = [key for key in ENVELOPE_KEYS if key not in document]
    if missing or not isinstance(document["smartctl"], dict):
        raise NotSmartctlOutput(
            "the SMART report is JSON but not smartctl output: no "
            + " / ".join(f"'{key}'" for key in missing or ["smartctl"])
            + " key. Upload the output of 'smartctl --json -a <device>'."
        )
    return document


def _looks_like_text_report(text: str | bytes) -> bool:
    head = text[:200] if isinstance(text, str) else text[:200].decode("utf-8", "replace")
    return head.lstrip().startswith("smartctl ")
