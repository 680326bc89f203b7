"""Read a policy file into a ``Policy``, or fail with the file, line and key.

The file is parsed (``tomllib``), validated into the typed models of
``schema.py``, then checked as a whole (``references.py``): ids unique,
references resolve, each service centre's calendar known to the
``holidays`` package, each clause found verbatim in its source text. Any
problem raises ``PolicyError`` before a ``Policy`` exists, so nothing ever
holds half a policy.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from warrantor.policy.errors import PolicyError, PolicyProblem
from warrantor.policy.locate import KeyLocator, PathPart
from warrantor.policy.model import Policy
from warrantor.policy.references import check_quotes, check_references, check_service_centres
from warrantor.policy.schema import PolicyFile


def load_policy(path: Path) -> Policy:
    """Load and check one policy file; raises ``PolicyError`` naming the line and key."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PolicyError(path, [PolicyProblem(None, "", f"cannot read: {error}")]) from None
    return parse_policy(utf8_text(data, path), path)


def utf8_text(data: bytes, path: Path) -> str:
    """A policy file's text; ``PolicyError`` naming the line of the first byte that is not
    UTF-8 (TOML files are UTF-8: saved in another encoding, the file can't be read)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        bad = data[error.start : error.start + 1]
        message = f"not UTF-8 text: byte {bad!r} can't be read; save the file as UTF-8"
        raise PolicyError(path, [PolicyProblem(line, "", message)]) from None


def parse_policy(text: str, path: Path) -> Policy:
    """Check a policy's text; ``path`` names it in errors and anchors its source texts."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        at = re.search(r"at line (\d+)", str(error))
        line = int(at.group(1)) if at else None
        raise PolicyError(path, [PolicyProblem(line, "", f"not valid TOML: {error}")]) from None

    locator = KeyLocator(text)
    try:
        doc = PolicyFile.model_validate(data)
    except ValidationError as error:
        problems = [_problem(e, data, locator) for e in error.errors()]
        raise PolicyError(path, _in_line_order(problems)) from None

    found = check_references(doc)
    found += check_service_centres(doc)
    sources = _read_sources(doc, path.parent)
    found += check_quotes(doc, sources)
    if found:
        problems = [
            PolicyProblem(locator.line_of(loc), _key_name(loc), message) for loc, message in found
        ]
        raise PolicyError(path, _in_line_order(problems))
    return Policy.build(doc, path)


def _read_sources(doc: PolicyFile, folder: Path) -> dict[str, str | None]:
    names = {doc.policy.source} | {c.source for c in doc.clauses if c.source}
    texts: dict[str, str | None] = {}
    for name in names:
        try:
            texts[name] = (folder / name).read_text(encoding="utf-8")
        except OSError:
            texts[name] = None
    return texts


def _in_line_order(problems: list[PolicyProblem]) -> list[PolicyProblem]:
    """By line; a required key reported missing comes after the rest (often it is misspelt)."""
    return sorted(
        problems, key=lambda p: (p.line is None, p.message.startswith("required"), p.line or 0)
    )


def _key_name(loc: Sequence[PathPart]) -> str:
    """The key a path ends in (``standard_years``), skipping list indexes."""
    names = [part for part in loc if isinstance(part, str)]
    return names[-1] if names else ""


def _problem(error: Any, data: dict[str, Any], locator: KeyLocator) -> PolicyProblem:
    """A Pydantic error as a problem at a line, naming the key and what is wrong with it."""
    loc = _data_path(tuple(error["loc"]), data)
    kind = error["type"]
    message = str(error["msg"])
    if kind == "union_tag_invalid":
        loc = (*loc, "kind")
        message = f"unknown rule kind; {message}"
    elif kind == "union_tag_not_found":
        loc = (*loc, "kind")
        message = "a rule needs a 'kind'"
    elif kind == "extra_forbidden":
        hint = _did_you_mean(loc, data)
        message = f"unknown key{hint}"
    elif kind == "missing":
        message = f"required key '{_key_name(loc)}' is missing"
        return PolicyProblem(locator.line_of(loc[:-1]), _key_name(loc), message)
    return PolicyProblem(locator.line_of(loc), _key_name(loc), message)


def _data_path(loc: tuple[PathPart, ...], data: dict[str, Any]) -> tuple[PathPart, ...]:
    """Pydantic's path with the tag of a tagged union (``"extension_offer"``) taken out."""
    path: list[PathPart] = []
    node: Any = data
    for part in loc:
        tag = isinstance(node, dict) and part not in node and node.get("kind") == part
        if tag:
            continue  # the discriminator Pydantic inserts; not a key of the file
        path.append(part)
        if isinstance(node, dict):
            node = node.get(part) if isinstance(part, str) else None
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            node = None
    return tuple(path)


def _did_you_mean(loc: tuple[PathPart, ...], data: dict[str, Any]) -> str:
    """' (did you mean 'x'?)' when the misspelt key is close to a field of its table."""
    model = _model_at(loc[:-1], data)
    if model is None or not isinstance(loc[-1], str):
        return ""
    close = difflib.get_close_matches(loc[-1], list(model.model_fields), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _model_at(loc: tuple[PathPart, ...], data: dict[str, Any]) -> type[BaseModel] | None:
    """The schema model of the table at ``loc``, following list items and rule kinds."""
    annotation: Any = PolicyFile
    node: Any = data
    for part in loc:
        if isinstance(part, int):
            node = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            continue
        model = _model_in(annotation, node)
        field = model.model_fields.get(part) if model else None
        if field is None:
            return None
        annotation = field.annotation
        node = node.get(part) if isinstance(node, dict) else None
    return _model_in(annotation, node)


def _model_in(annotation: Any, node: Any) -> type[BaseModel] | None:
    """The model an annotation holds (through lists and unions); a rule by its ``kind``."""
    found: list[type[BaseModel]] = []
    pending = [annotation]
    while pending:
        current = pending.pop()
        if isinstance(current, type) and issubclass(current, BaseModel):
            found.append(current)
        else:
            pending.extend(get_args(current))
    if len(found) == 1:
        return found[0]
    kind = node.get("kind") if isinstance(node, dict) else None
    for model in found:
        kind_field = model.model_fields.get("kind")
        if kind_field is not None and kind in get_args(kind_field.annotation):
            return model
    return None
