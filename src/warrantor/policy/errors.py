"""The error a policy file gets when it is wrong: which file, which line, which key.

Raised by the loader before anything is returned, so a wrong file never loads
half a policy. It is an ``InvalidInput`` (a kind of ``WarrantorError``), so the
CLI's error mapping prints every problem with its line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from warrantor.errors import InvalidInput, Problem


@dataclass(frozen=True, slots=True)
class PolicyProblem:
    """One thing wrong in a policy file, located as precisely as the text allows."""

    line: int | None
    key: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line is not None else "(no line)"
        return f"{where}, '{self.key}': {self.message}"


class PolicyError(InvalidInput):
    """A policy file that does not load; ``file``, ``line``, ``key`` name the first problem."""

    def __init__(self, file: Path, problems: list[PolicyProblem]) -> None:
        if not problems:
            raise ValueError("a PolicyError needs at least one problem")
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        where = f":{first.line}" if first.line is not None else ""
        message = f"{file}{where}: '{first.key}': {first.message}{more}"
        super().__init__(
            message,
            [Problem(message=p.message, field=p.key, line=p.line) for p in problems],
        )
        self.file = file
        self.line = first.line
        self.key = first.key
        self.policy_problems = tuple(problems)
