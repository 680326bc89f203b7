"""Each API route documents exactly the statuses it really answers (issue #21, item 2).

Runs last (``tests/api_statuses.py`` orders it so), after every other test
has called the app: a status some test saw that its route does not document
fails any run; a documented status that no test ever saw fails a run of the
whole suite with every part present (schemathesis included), since only that
run can know. Add the status to the route's ``responses=``
(``api.responses``), or a test that makes the route answer it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from api_statuses import OBSERVED, session_was_complete
from warrantor.app import create_app
from warrantor.bootstrap import Runtime
from warrantor.policy.book import PolicyBook
from warrantor.settings import Settings


def documented_statuses(tmp_path: Path, book: PolicyBook) -> dict[tuple[str, str], set[int]]:
    runtime = Runtime(settings=Settings(data_dir=tmp_path), uow_factory=None, book=book)  # type: ignore[arg-type]
    spec = create_app(runtime).openapi()
    return {
        (method, path): {int(code) for code in operation["responses"] if code.isdigit()}
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
    }


def _listed(found: dict[tuple[str, str], list[int]]) -> str:
    return "\n".join(f"  {m.upper()} {p}: {codes}" for (m, p), codes in sorted(found.items()))


def test_every_status_seen_is_documented_and_every_documented_one_seen(
    tmp_path: Path, policy_book: PolicyBook, missing_parts: dict[str, Any]
) -> None:
    documented = documented_statuses(tmp_path, policy_book)
    seen = OBSERVED.by_operation({path for _, path in documented})

    undocumented = {
        operation: sorted(statuses - documented.get(operation, set()))
        for operation, statuses in seen.items()
        if statuses - documented.get(operation, set())
    }
    assert not undocumented, "answered but not documented (responses=):\n" + _listed(undocumented)

    if not session_was_complete(len(missing_parts)):
        pytest.skip("only a run of the whole suite, every part present, sees every status")
    unseen = {
        operation: sorted(statuses - seen.get(operation, set()))
        for operation, statuses in documented.items()
        if statuses - seen.get(operation, set())
    }
    assert not unseen, "documented but answered by no test:\n" + _listed(unseen)
