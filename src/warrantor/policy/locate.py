"""Find the line of a key in a TOML text, for error messages.

``tomllib`` returns values without positions, and Pydantic reports errors by
path (``("lines", 2, "standard_years")``). This scans the text once, the way a
reader would: ``[table]`` and ``[[array]]`` headers set where we are (an array
of tables counts its entries), and each ``key = value`` line records the path
of its key. A path that names something inside a value (an item of a
multi-line list, a key of an inline table) is answered with the line of the
nearest enclosing key that was recorded.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

PathPart = str | int
Path = tuple[PathPart, ...]

_HEADER = re.compile(r"^\s*(\[\[?)\s*(?P<name>[^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(
    r"""^\s*(?P<key>(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')"""
    r"""(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*="""
)
_STRINGS = re.compile(r'"(?:\\.|[^"\\])*"|\'[^\']*\'')


def _split_dotted(name: str) -> list[str]:
    parts = re.findall(r'"[^"]*"|\'[^\']*\'|[^.\s]+', name)
    return [p[1:-1] if p[:1] in "\"'" else p for p in parts]


def _bracket_depth(value: str) -> int:
    """Net count of open brackets in a value, ignoring strings and comments."""
    bare = _STRINGS.sub('""', value).split("#", 1)[0]
    return bare.count("[") + bare.count("{") - bare.count("]") - bare.count("}")


class KeyLocator:
    """Maps key paths of one TOML text to 1-based line numbers."""

    def __init__(self, text: str) -> None:
        self._lines: dict[Path, int] = {}
        self._scan(text)

    def _resolve(self, names: list[str], counts: dict[Path, int]) -> Path:
        """A header's dotted names as a concrete path, with the index of each array entry."""
        path: Path = ()
        for name in names:
            path = (*path, name)
            if path in counts:
                path = (*path, counts[path] - 1)
        return path

    def _scan(self, text: str) -> None:
        counts: dict[Path, int] = {}
        table: Path = ()
        depth = 0
        in_multiline: str | None = None
        for number, line in enumerate(text.splitlines(), start=1):
            if in_multiline is not None:
                if line.count(in_multiline) % 2 == 1:
                    in_multiline = None
                continue
            if depth > 0:  # inside a multi-line list or table value
                depth += _bracket_depth(line)
                continue
            header = _HEADER.match(line)
            if header and not _KEY.match(line):
                names = _split_dotted(header.group("name"))
                if header.group(1) == "[[":
                    parent = self._resolve(names[:-1], counts)
                    array: Path = (*parent, names[-1])
                    counts[array] = counts.get(array, 0) + 1
                    table = (*array, counts[array] - 1)
                    self._lines.setdefault(array, number)
                else:
                    table = self._resolve(names, counts)
                self._lines[table] = number
                continue
            key = _KEY.match(line)
            if key is None:
                continue
            path = (*table, *_split_dotted(key.group("key")))
            self._lines[path] = number
            value = line[key.end() :]
            for quote in ('"""', "'''"):
                if value.count(quote) % 2 == 1:
                    in_multiline = quote
            if in_multiline is None:
                depth = max(_bracket_depth(value), 0)

    def line_of(self, path: Sequence[PathPart]) -> int | None:
        """Line of ``path``, or of the nearest enclosing path that has one; ``None`` if none."""
        probe = tuple(path)
        while probe:
            if probe in self._lines:
                return self._lines[probe]
            probe = probe[:-1]
        return None

    def has(self, path: Sequence[PathPart]) -> bool:
        """True when ``path`` itself (not an enclosing one) was found in the text."""
        return tuple(path) in self._lines
