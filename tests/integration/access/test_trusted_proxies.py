"""Who the client is: ``X-Forwarded-For`` counts only from a trusted proxy (none by default).

The public check's limit is counted per client address, so a made-up
``X-Forwarded-For`` from anyone else must not move the count to another address.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from typer.testing import CliRunner

from warrantor.app import create_app
from warrantor.bootstrap import Runtime
from warrantor.cli import serve as serve_module
from warrantor.cli.main import app as cli
from warrantor.services.access.settings import AuthSettings
from warrantor.settings import Settings

TWO_PER_MINUTE = AuthSettings(check_rate_limit=2, check_rate_window_seconds=60)


def client_behind(runtime: Runtime, trusted: str, peer: str = "127.0.0.1") -> TestClient:
    """The app with ``trusted`` proxies, reached from ``peer``; two public checks a minute."""
    settings = runtime.settings.model_copy(update={"trusted_proxies": trusted})
    app = create_app(replace(runtime, settings=settings))
    app.state.auth_settings = TWO_PER_MINUTE
    return TestClient(app, client=(peer, 50000))


def checks(client: TestClient, *forwarded_for: str) -> list[int]:
    return [
        client.get(
            "/api/v1/units/QNAP/NOSUCH1/coverage", headers={"X-Forwarded-For": address}
        ).status_code
        for address in forwarded_for
    ]


def test_a_made_up_forwarded_for_from_a_peer_that_is_not_trusted_is_ignored(
    runtime: Runtime,
) -> None:
    with client_behind(runtime, trusted="") as loopback:
        statuses = checks(loopback, "203.0.113.1", "203.0.113.2", "203.0.113.3")

    assert statuses == [404, 404, 429]  # all three counted on the loopback peer


def test_a_peer_outside_the_trusted_networks_is_not_believed_either(runtime: Runtime) -> None:
    with client_behind(runtime, trusted="10.0.0.0/8", peer="192.0.2.7") as outsider:
        statuses = checks(outsider, "203.0.113.1", "203.0.113.2", "203.0.113.3")

    assert statuses == [404, 404, 429]


def test_a_trusted_proxy_names_the_client_each_check_is_counted_on(runtime: Runtime) -> None:
    with client_behind(runtime, trusted="127.0.0.1, ::1") as proxy:
        different = checks(proxy, "203.0.113.1", "203.0.113.2", "203.0.113.3")
        same = checks(proxy, "198.51.100.9", "198.51.100.9", "198.51.100.9")
        spoofed_by_the_client = checks(proxy, "203.0.113.50, 198.51.100.9")

    assert different == [404, 404, 404]  # three clients, one check each
    assert same == [404, 404, 429]  # one client, over its limit
    assert spoofed_by_the_client == [429]  # the proxy's own hop wins over what the client sent


def test_a_trusted_proxy_that_is_not_an_address_is_refused_naming_the_setting() -> None:
    with pytest.raises(ValidationError, match=r"WARRANTOR_TRUSTED_PROXIES: 'proxy\.example'"):
        Settings(trusted_proxies="10.0.0.1,proxy.example")


def test_warrantor_serve_turns_off_uvicorns_own_proxy_headers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: dict[str, Any] = {}
    monkeypatch.setattr(serve_module.uvicorn, "run", lambda *a, **kw: seen.update(kw))

    result = CliRunner().invoke(cli, ["serve", "--port", "8123"])

    assert result.exit_code == 0, result.output
    assert seen["proxy_headers"] is False  # uvicorn's default would trust loopback's header
