"""Reading compose.yaml and the Dockerfile as the tests need them (issue #22)."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = ROOT / "compose.yaml"
DOCKERFILE = ROOT / "Dockerfile"
TOPOLOGY = ROOT / ".ci" / "topology"


def compose() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    return document


def compose_schema() -> dict[str, Any]:
    """The Compose Specification's JSON schema, as check-jsonschema ships it (vendored there
    from compose-spec/compose-spec, schema/compose-spec.json, and kept up to date)."""
    vendor = resources.files("check_jsonschema.builtin_schemas.vendor")
    schema: dict[str, Any] = json.loads((vendor / "compose-spec.json").read_text("utf-8"))
    return schema


def interpolated(value: str, env: dict[str, str]) -> str:
    """``value`` with Compose's ``${VAR}``, ``${VAR:-default}``, ``${VAR:?error}`` and
    ``$$`` replaced as ``docker compose`` does (the subset compose.yaml uses)."""

    def one(match: re.Match[str]) -> str:
        name, op, rest = match.group(1), match.group(2), match.group(3) or ""
        if env.get(name):
            return env[name]
        if op == ":?":
            raise KeyError(f"{name}: {rest}")
        return rest if op == ":-" else ""

    text = re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:-|:\?)((?:[^{}]|\{\})*))?\}", one, value)
    return text.replace("$$", "$")


def ini_settings(text: str) -> dict[str, str]:
    """``key = value`` lines of an ini text (sections ignored)."""
    found = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep and not line.lstrip().startswith((";", "#", "[", "*")):
            found[key.strip()] = value.strip()
    return found
